package org.ufunc4j.gufunc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;

/**
 * A generalized ufunc: Numba's {@code @guvectorize} and NumPy's gufuncs for Java. The kernel
 * sees views of the operands' core dimensions, named by a layout string; the outer (loop)
 * dimensions broadcast and run on the CPU or PARALLEL target.
 *
 * <pre>{@code
 * GUfunc g = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
 *     core -> { F64Core a = core.f64(0), b = core.f64(1), c = core.f64(2);
 *               for (long j = 0; j < a.size(0); j++) c.set(Math.pow(a.get(j), b.get(j)), j); });
 * NDArray c = g.apply(a, b);                          // outputs allocated when not given
 * g.target(Target.PARALLEL).out(c).apply(a, b);
 * }</pre>
 *
 * <p>Layouts use NumPy's grammar: names, {@code ()} for scalars, frozen sizes {@code (3)},
 * optional dimensions {@code n?}, and output-only dimensions (sized by a given {@code out} or by
 * {@link #outputSize}). Type signatures use Numba's form ({@code void(f8[:,:], f8[:], f8[:])}),
 * several per gufunc, tried in order with safe casting; without any the gufunc is lazy and takes
 * the input dtypes as they come. Immutable and thread-safe.
 */
public final class GUfunc {
  /** Gives the size of an output-only dimension from the inputs' shapes (core dims last). */
  @FunctionalInterface
  public interface DimSize {
    long size(long[][] inputShapes);
  }

  private final String name;
  private final Layout layout;
  private final CoreKernel kernel;
  private final boolean lazy;
  private final String parallelOver;
  private final Map<String, DimSize> sizes;
  private volatile List<GufuncSignature> loops;

  private GUfunc(String name, Layout layout, CoreKernel kernel, List<GufuncSignature> loops, boolean lazy,
      String parallelOver, Map<String, DimSize> sizes) {
    this.name = name;
    this.layout = layout;
    this.kernel = kernel;
    this.loops = List.copyOf(loops);
    this.lazy = lazy;
    this.parallelOver = parallelOver;
    this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
  }

  /** A gufunc with one type signature, e.g. {@code "void(float64[:], float64[:], float64[:])"}. */
  public static GUfunc guvectorize(String signature, String layout, CoreKernel kernel) {
    return guvectorize(List.of(signature), layout, kernel);
  }

  /**
   * A gufunc with a loop per type signature, tried in order.
   *
   * @throws IllegalArgumentException for a malformed signature or layout (with the position), a
   *     signature whose operand count or dimensions disagree with the layout, or a dtype core views
   *     do not exist for (int8, int16)
   */
  public static GUfunc guvectorize(List<String> signatures, String layout, CoreKernel kernel) {
    if (signatures == null || signatures.isEmpty()) {
      throw new IllegalArgumentException("at least one signature is needed; use guvectorize(layout, kernel) for a lazy gufunc");
    }
    Layout l = Layout.parse(layout);
    List<GufuncSignature> ls = new ArrayList<>();
    for (String s : signatures) {
      GufuncSignature sig = GufuncSignature.parse(s);
      check(l, sig, s);
      ls.add(sig);
    }
    return new GUfunc("gufunc", l, requireKernel(kernel), ls, false, null, Map.of());
  }

  /** A lazy gufunc: each new combination of input dtypes adds a loop on first use, on every target. */
  public static GUfunc guvectorize(String layout, CoreKernel kernel) {
    return new GUfunc("gufunc", Layout.parse(layout), requireKernel(kernel), List.of(), true, null, Map.of());
  }

  private static CoreKernel requireKernel(CoreKernel k) {
    if (k == null) {
      throw new IllegalArgumentException("kernel is null");
    }
    return k;
  }

  private static void check(Layout l, GufuncSignature sig, String text) {
    int nops = l.cores().length;
    if (sig.types().length != nops) {
      throw new IllegalArgumentException(
          "signature \"" + text + "\" has " + sig.types().length + " operands but the layout " + l.text() + " has " + nops);
    }
    for (int i = 0; i < nops; i++) {
      if (sig.ndims()[i] >= 0 && sig.ndims()[i] != l.cores()[i].length) {
        throw new IllegalArgumentException(
            "signature \"" + text + "\": operand " + i + " has " + sig.ndims()[i] + " dimensions but its core in "
                + l.text() + " has " + l.cores()[i].length);
      }
      Core.newView(sig.types()[i], 0, false); // rejects dtypes without views
    }
  }

  /**
   * Declares a core dimension along which the kernel is elementwise: the result at one index of
   * {@code dim} depends only on the inputs at that index, so the kernel may be handed any slice
   * of that dimension, or several outer iterations joined along it. Two things follow:
   *
   * <ul>
   *   <li>a PARALLEL call with fewer outer iterations than threads also cuts {@code dim} into
   *       pieces: for W6's {@code (nx,ny),(nx,ny)->(nx,ny)}, {@code parallelOver("nx")} keeps both
   *       cores busy on a single 2-d array (Numba runs it on one thread);
   *   <li>when the trailing loop dimensions continue {@code dim} in memory for every operand (an
   *       operand without {@code dim} must then be broadcast along them), one kernel call covers
   *       those outer iterations: {@code (ny),(ny)->(ny)} with {@code parallelOver("ny")} over
   *       C-contiguous (nx, ny) arrays is one call with cores of nx * ny elements (cut into
   *       pieces on PARALLEL), as fast as the {@code (nx,ny)} layout. {@link Core#outerIndex()}
   *       is then the first original iteration the call covers. Calls with {@code where}, and
   *       calls whose outputs overlap each other, are never joined.
   * </ul>
   *
   * A frozen dimension such as {@code (3)}, or one that appears twice in one operand's core, is
   * refused.
   */
  public GUfunc parallelOver(String dim) {
    int d = layout.dimIndex(dim);
    if (d < 0) {
      throw new IllegalArgumentException("layout " + layout.text() + " has no dimension '" + dim + "'");
    }
    if (layout.dims().get(d).frozen() >= 0) {
      throw new IllegalArgumentException("parallelOver(\"" + dim + "\"): the dimension is frozen in layout " + layout.text()
          + "; a kernel cannot be elementwise along a fixed-size dimension");
    }
    for (int i = 0; i < layout.nops(); i++) {
      int seen = 0;
      for (int x : layout.core(i)) {
        seen += x == d ? 1 : 0;
      }
      if (seen > 1) {
        throw new IllegalArgumentException("parallelOver(\"" + dim + "\"): operand " + i + " of layout " + layout.text()
            + " has '" + dim + "' twice in its core; a kernel cannot be elementwise along it");
      }
    }
    return new GUfunc(name, layout, kernel, loops, lazy, dim, sizes);
  }

  /** Sizes the output-only dimension {@code dim} from the input shapes, e.g. pdist's {@code n(n-1)/2}. */
  public GUfunc outputSize(String dim, DimSize size) {
    int d = layout.dimIndex(dim);
    if (d < 0 || !layout.outputOnly(d)) {
      throw new IllegalArgumentException("'" + dim + "' is not an output-only dimension of layout " + layout.text());
    }
    Map<String, DimSize> m = new LinkedHashMap<>(sizes);
    m.put(dim, size);
    return new GUfunc(name, layout, kernel, loops, lazy, parallelOver, m);
  }

  /** The same gufunc under another name (used in error messages). */
  public GUfunc withName(String newName) {
    return new GUfunc(newName, layout, kernel, loops, lazy, parallelOver, sizes);
  }

  public String name() {
    return name;
  }

  /** The parsed layout; its {@code toString()} is the canonical form, e.g. {@code (m?,n),(n,p?)->(m?,p?)}. */
  public Layout layout() {
    return layout;
  }

  public int nin() {
    return layout.nin();
  }

  public int nout() {
    return layout.nout();
  }

  public boolean isLazy() {
    return lazy;
  }

  /** The loops as NumPy lists them, e.g. {@code ["dd->d"]}. */
  public List<String> types() {
    List<String> out = new ArrayList<>();
    for (GufuncSignature s : loops) {
      out.add(s.typeCodes(layout.nin()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "<gufunc '" + name + "' " + layout() + " " + types() + ">";
  }

  /** Applies on the CPU target and returns the first output. */
  public NDArray apply(Object... args) {
    return call().apply(args);
  }

  /** Applies on the CPU target and returns every output. */
  public NDArray[] applyAll(Object... args) {
    return call().applyAll(args);
  }

  public GUfuncCall call() {
    return GUfuncCall.defaults(this);
  }

  public GUfuncCall target(Target t) {
    return call().target(t);
  }

  public GUfuncCall threads(int n) {
    return call().threads(n);
  }

  public GUfuncCall out(NDArray... outs) {
    return call().out(outs);
  }

  public GUfuncCall where(NDArray mask) {
    return call().where(mask);
  }

  public GUfuncCall axes(int[]... axes) {
    return call().axes(axes);
  }

  public GUfuncCall axis(int axis) {
    return call().axis(axis);
  }

  public GUfuncCall keepdims(boolean keep) {
    return call().keepdims(keep);
  }

  // ---------------------------------------------------------------- internal

  // this gufunc's own copy of the row loop (a monomorphic kernel call), made on first use
  private volatile RowRunner rowLoop;

  RowRunner rowLoop() {
    RowRunner r = rowLoop;
    if (r == null) {
      r = RowLoop.newCopy();
      rowLoop = r;
    }
    return r;
  }

  CoreKernel kernel() {
    return kernel;
  }

  String parallelOverDim() {
    return parallelOver;
  }

  Map<String, DimSize> sizes() {
    return sizes;
  }

  /** The first loop whose inputs the given dtypes cast to safely; lazy gufuncs add one. */
  GufuncSignature select(DType[] in, DType[] outTypes) {
    for (GufuncSignature s : loops) {
      boolean ok = true;
      for (int i = 0; i < in.length && ok; i++) {
        ok = DType.canCast(in[i], s.types()[i], org.ufunc4j.Casting.SAFE);
      }
      if (ok) {
        return s;
      }
    }
    if (!lazy) {
      return null;
    }
    synchronized (this) {
      DType[] types = new DType[layout.cores().length];
      DType common = null;
      for (int i = 0; i < in.length; i++) {
        types[i] = viewType(in[i]);
        common = common == null ? types[i] : DType.promote(common, types[i]);
      }
      for (int o = 0; o < layout.nout(); o++) {
        types[in.length + o] = outTypes != null && outTypes[o] != null ? viewType(outTypes[o]) : common;
      }
      int[] nd = new int[types.length];
      for (int i = 0; i < nd.length; i++) {
        nd[i] = layout.cores()[i].length;
      }
      GufuncSignature s = new GufuncSignature(types, nd);
      for (GufuncSignature have : loops) {
        if (Arrays.equals(have.types(), types)) {
          return have;
        }
      }
      List<GufuncSignature> ls = new ArrayList<>(loops);
      ls.add(s);
      loops = List.copyOf(ls);
      return s;
    }
  }

  /** The dtype a lazy loop uses for an input: the dtype itself when views exist for it. */
  private static DType viewType(DType t) {
    return switch (t) {
      case INT8, INT16 -> DType.INT32;
      default -> t;
    };
  }
}
