package org.ufunc4j.gufunc;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ufunc4j.Broadcast;
import org.ufunc4j.NDArray;

/**
 * Shape resolution of a gufunc call, with NumPy's rules: loop (outer) dimensions broadcast; a core
 * dimension name has one size across all operands (no broadcasting of core dimensions); frozen
 * sizes are checked; an optional dimension ({@code n?}) missing from an input (fewer dimensions
 * than its core) has size 1 for the kernel and is removed from the outputs, as matmul does;
 * output-only dimensions take their size from a given output or a size function; {@code axes}
 * moves each operand's core dimensions to the end.
 *
 * <p>After resolution every operand is a view whose last dimensions are its core, in layout order
 * (missing optional dimensions excluded), and {@link #loopShape} is the broadcast outer shape.
 */
final class CoreShapes {
  final long[] loopShape;
  final long[] dimSizes;
  final boolean[] missing;
  /** Inputs, transposed so that core dims come last. */
  final NDArray[] inputs;
  /** Per output, the shape to allocate (loop shape + present core dims). */
  final long[][] outputShapes;
  /** Per output, the permutation applied to a given {@code out} (null: identity / none given). */
  final int[][] outputPerms;

  private CoreShapes(long[] loopShape, long[] dimSizes, boolean[] missing, NDArray[] inputs, long[][] outputShapes, int[][] outputPerms) {
    this.loopShape = loopShape;
    this.dimSizes = dimSizes;
    this.missing = missing;
    this.inputs = inputs;
    this.outputShapes = outputShapes;
    this.outputPerms = outputPerms;
  }

  /** A size function for output-only dimensions: receives the input shapes (after axes). */
  @FunctionalInterface
  interface SizeFunction {
    long size(long[][] inputShapes);
  }

  static CoreShapes resolve(Layout layout, NDArray[] in, NDArray[] outs, List<int[]> axes, Map<String, GUfunc.DimSize> sizes) {
    int nin = layout.nin();
    int nops = layout.cores().length;
    if (axes != null && axes.size() != nops) {
      throw new IllegalArgumentException(
          "axes has " + axes.size() + " entries but the layout " + layout.text() + " has " + nops + " operands");
    }
    int nd = layout.dims().size();
    long[] size = new long[nd];
    Arrays.fill(size, -1);
    int[] sizeFrom = new int[nd];
    boolean[] missing = new boolean[nd];
    NDArray[] views = new NDArray[nops];
    long[][] leading = new long[nops][];
    int[][] perms = new int[nops][];
    // inputs first, then given outputs: missing optional dims are decided by the inputs
    for (int i = 0; i < nops; i++) {
      NDArray a = i < nin ? in[i] : outs == null ? null : outs[i - nin];
      if (a == null) {
        continue;
      }
      int[] core = layout.cores()[i];
      int optional = 0;
      for (int d : core) {
        if (layout.dims().get(d).optional()) {
          optional++;
        }
      }
      int present = core.length;
      if (a.ndim() < core.length) {
        if (i < nin && a.ndim() == core.length - optional && optional > 0) {
          for (int d : core) {
            if (layout.dims().get(d).optional()) {
              missing[d] = true;
            }
          }
        } else if (i >= nin) {
          // an output without the dims that inputs dropped
        } else {
          throw new IllegalArgumentException(
              "operand " + i + " has " + a.ndim() + " dimension" + (a.ndim() == 1 ? "" : "s") + " but its core "
                  + coreText(layout, i) + " in layout " + layout.text() + " needs " + core.length);
        }
      }
      present = 0;
      for (int d : core) {
        if (!missing[d]) {
          present++;
        }
      }
      if (a.ndim() < present) {
        throw new IllegalArgumentException(
            "operand " + i + " has " + a.ndim() + " dimensions but its core " + coreText(layout, i) + " needs " + present);
      }
      int[] perm = permutation(a.ndim(), present, axes == null ? null : axes.get(i), i);
      perms[i] = perm;
      NDArray v = perm == null ? a : a.transpose(perm);
      views[i] = v;
      long[] sh = v.shape();
      leading[i] = Arrays.copyOf(sh, sh.length - present);
      int p = sh.length - present;
      for (int d : core) {
        if (missing[d]) {
          continue;
        }
        long s = sh[p++];
        Layout.Dim dim = layout.dims().get(d);
        if (dim.frozen() >= 0 && s != dim.frozen()) {
          throw new IllegalArgumentException(
              "core dimension of operand " + i + " has size " + s + " but the layout " + layout.text() + " fixes it to "
                  + dim.frozen());
        }
        if (size[d] >= 0 && size[d] != s) {
          throw new IllegalArgumentException(
              "core dimension '" + dim.name() + "' has size " + size[d] + " in operand " + sizeFrom[d] + " but " + s
                  + " in operand " + i + " (layout " + layout.text() + ")");
        }
        if (size[d] < 0) {
          size[d] = s;
          sizeFrom[d] = i;
        }
      }
    }
    // sizes of output-only dims from size functions; missing optional dims have size 1
    long[][] inShapes = new long[nin][];
    for (int i = 0; i < nin; i++) {
      inShapes[i] = views[i].shape();
    }
    for (int d = 0; d < nd; d++) {
      Layout.Dim dim = layout.dims().get(d);
      if (missing[d]) {
        size[d] = 1;
      } else if (size[d] < 0 && dim.frozen() >= 0) {
        size[d] = dim.frozen();
      } else if (size[d] < 0) {
        GUfunc.DimSize f = sizes == null ? null : sizes.get(dim.name());
        if (f == null) {
          throw new IllegalArgumentException(
              "output dimension '" + dim.name() + "' of layout " + layout.text()
                  + " has no size: pass an out array, or define one with outputSize(\"" + dim.name() + "\", ...)");
        }
        long s = f.size(inShapes);
        if (s < 0) {
          throw new IllegalArgumentException("size function of dimension '" + dim.name() + "' gave " + s);
        }
        size[d] = s;
      }
    }
    // loop shape: broadcast of the inputs' leading dims; given outputs must match it exactly
    long[][] lead = new long[nin][];
    System.arraycopy(leading, 0, lead, 0, nin);
    long[] loopShape = Broadcast.shapes(lead);
    long[][] outShapes = new long[nops - nin][];
    int[][] outPerms = new int[nops - nin][];
    for (int o = 0; o < nops - nin; o++) {
      int i = nin + o;
      long[] core = presentSizes(layout, i, size, missing);
      long[] full = concat(loopShape, core);
      outShapes[o] = full;
      outPerms[o] = perms[i];
      if (views[i] != null && !Arrays.equals(views[i].shape(), full)) {
        throw new IllegalArgumentException(
            "output operand " + o + " has shape " + NDArray.shapeString(views[i].shape()) + " (core dims last) but the call needs "
                + NDArray.shapeString(full));
      }
    }
    NDArray[] inputs = Arrays.copyOf(views, nin);
    return new CoreShapes(loopShape, size, missing, inputs, outShapes, outPerms);
  }

  /** The sizes of the present core dims of operand i, in layout order. */
  static long[] presentSizes(Layout layout, int i, long[] size, boolean[] missing) {
    int[] core = layout.cores()[i];
    long[] out = new long[core.length];
    int n = 0;
    for (int d : core) {
      if (!missing[d]) {
        out[n++] = size[d];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** NumPy's axes: the given axes (negative allowed) become the last ones, in order. */
  static int[] permutation(int ndim, int present, int[] ax, int operand) {
    if (ax == null) {
      return null;
    }
    if (ax.length != present) {
      throw new IllegalArgumentException(
          "axes entry of operand " + operand + " has " + ax.length + " axes but the operand has " + present + " core dimensions");
    }
    boolean[] isCore = new boolean[ndim];
    int[] norm = new int[ax.length];
    for (int j = 0; j < ax.length; j++) {
      int a = ax[j] < 0 ? ax[j] + ndim : ax[j];
      if (a < 0 || a >= ndim || isCore[a]) {
        throw new IllegalArgumentException(
            "axes entry " + Arrays.toString(ax) + " of operand " + operand + " is out of range or repeated for " + ndim + " dimensions");
      }
      isCore[a] = true;
      norm[j] = a;
    }
    int[] perm = new int[ndim];
    int p = 0;
    for (int d = 0; d < ndim; d++) {
      if (!isCore[d]) {
        perm[p++] = d;
      }
    }
    for (int a : norm) {
      perm[p++] = a;
    }
    return perm;
  }

  private static String coreText(Layout layout, int i) {
    StringBuilder sb = new StringBuilder("(");
    int[] core = layout.cores()[i];
    for (int j = 0; j < core.length; j++) {
      Layout.Dim d = layout.dims().get(core[j]);
      sb.append(j > 0 ? "," : "").append(d.name()).append(d.optional() ? "?" : "");
    }
    return sb.append(')').toString();
  }

  static long[] concat(long[] a, long[] b) {
    long[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
