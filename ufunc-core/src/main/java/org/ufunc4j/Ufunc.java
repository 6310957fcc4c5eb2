package org.ufunc4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ufunc4j.internal.kernel.FnShape;
import org.ufunc4j.internal.kernel.Loop;
import org.ufunc4j.internal.kernel.LoopSignature;

/**
 * A typed elementwise function over n-d arrays with broadcasting: Numba's {@code @vectorize} and
 * NumPy's ufunc for Java.
 *
 * <pre>{@code
 * Ufunc f = Ufunc.vectorize("float64(float64, float64)", (a, b) -> Math.sin(Math.pow(a, b)) * 2);
 * Ufunc g = Ufunc.vectorize(List.of("float32(float32)", "float64(float64)"), x -> Math.exp(x));
 * Ufunc h = Ufunc.vectorize(x -> x * x + 1);   // lazy: a loop per new input type
 * NDArray r = f.apply(x, y);                   // arrays and Java scalars, broadcasting
 * f.target(Target.PARALLEL).threads(2).out(r).where(mask).apply(x, y);
 * }</pre>
 *
 * <p>A ufunc has loops, each a type signature with the lambda that implements it. A call picks
 * the first loop, in definition order, to which every input casts safely (NumPy's rule); Java
 * scalars are "weak" as Python scalars in NumPy 2: they take the type of the array operands, so
 * {@code f.apply(float32Array, 2.0)} runs a float32 loop. A lazy ufunc (defined without
 * signatures, Numba's DUFunc) adds a loop for each new combination of input types on first use.
 *
 * <p>Ufuncs are immutable and thread-safe; the configuration methods ({@link #target}, {@link
 * #out}, ...) return a {@link UfuncCall} and leave the ufunc unchanged.
 */
public final class Ufunc {
  private final String name;
  private final int nin;
  // Not final only for deferred definitions (see deferred): set once, before `definition` is
  // cleared, and read only after resolve().
  private OptionalDouble identity;
  private Fn lazyFn;
  private FnShape lazyShape;
  private Function<DType[], DType[]> inputResolver;
  /** The exact option, for loops a lazy ufunc adds later. */
  private boolean exactLazy;
  private volatile Loop[] loops;
  /** A definition still to run (the standard ufuncs), or null once defined. */
  private volatile Supplier<Ufunc> definition;
  /** The last selection (input dtypes -> loop): repeated calls with the same types skip the search. */
  private volatile Selection lastSelection;

  private record Selection(DType[] key, Loop loop) {}

  private Ufunc(String name, int nin, List<Loop> loops, Fn lazyFn, OptionalDouble identity, Function<DType[], DType[]> inputResolver) {
    this(name, nin, loops, lazyFn, identity, inputResolver, false);
  }

  private Ufunc(String name, int nin, List<Loop> loops, Fn lazyFn, OptionalDouble identity, Function<DType[], DType[]> inputResolver,
      boolean exact) {
    this.exactLazy = exact;
    this.name = name;
    this.nin = nin;
    this.loops = loops.toArray(new Loop[0]);
    this.lazyFn = lazyFn;
    this.lazyShape = lazyFn == null ? null : FnShape.of(lazyFn);
    this.identity = identity;
    this.inputResolver = inputResolver;
  }

  /**
   * A ufunc whose loops are defined on first use: {@code Ufuncs} holds about 70 ufuncs with 270
   * lambdas, and creating them all when the class initialises cost ~100 ms (one class spun per
   * serializable lambda); deferred, a program pays only for the ufuncs it uses.
   */
  static Ufunc deferred(String name, int nin, Supplier<Ufunc> definition) {
    Ufunc u = new Ufunc(name, nin, List.of(), null, OptionalDouble.empty(), null);
    u.definition = definition;
    return u;
  }

  /** As {@link #deferred(String, int, Supplier)} with {@code definitions.apply(name)}. */
  static Ufunc deferred(String name, int nin, Function<String, Ufunc> definitions) {
    return deferred(name, nin, () -> definitions.apply(name));
  }

  /** Runs a deferred definition once; every reader of the loops and options calls this first. */
  private void resolve() {
    if (definition != null) {
      synchronized (this) {
        Supplier<Ufunc> d = definition;
        if (d != null) {
          Ufunc u = d.get();
          u.resolve();
          if (u.nin != nin) {
            throw new IllegalStateException("ufunc '" + name + "' defined with " + u.nin + " inputs, declared " + nin);
          }
          identity = u.identity;
          lazyFn = u.lazyFn;
          lazyShape = u.lazyShape;
          inputResolver = u.inputResolver;
          exactLazy = u.exactLazy;
          loops = u.loops;
          definition = null; // volatile write after the fields: readers that see null see them
        }
      }
    }
  }

  // ------------------------------------------------------------------ definition

  /** A ufunc with one loop, e.g. {@code vectorize("float64(float64)", x -> Math.sin(x))}. */
  public static Ufunc vectorize(String signature, Fn.DoubleUnary fn) {
    return vectorize(List.of(signature), (Fn) fn);
  }

  /** A ufunc with one loop, e.g. {@code vectorize("f8(f8, f8)", (a, b) -> a * b + 1)}. */
  public static Ufunc vectorize(String signature, Fn.DoubleBinary fn) {
    return vectorize(List.of(signature), (Fn) fn);
  }

  /** A ufunc with one loop of three arguments. */
  public static Ufunc vectorize(String signature, Fn.DoubleTernary fn) {
    return vectorize(List.of(signature), (Fn) fn);
  }

  /** A ufunc with one loop of four arguments. */
  public static Ufunc vectorize(String signature, Fn.DoubleQuaternary fn) {
    return vectorize(List.of(signature), (Fn) fn);
  }

  /**
   * A ufunc with one loop and any kernel type, e.g. {@code vectorize("int64(int64, int64)",
   * (Fn.LongBinary) (a, b) -> a + b)}.
   */
  public static Ufunc vectorize(String signature, Fn fn) {
    return vectorize(List.of(signature), fn);
  }

  /** A ufunc with a loop per signature, all served by {@code fn}, tried in this order. */
  public static Ufunc vectorize(List<String> signatures, Fn.DoubleUnary fn) {
    return vectorize(signatures, (Fn) fn);
  }

  /** A ufunc with a loop per signature, all served by {@code fn}, tried in this order. */
  public static Ufunc vectorize(List<String> signatures, Fn.DoubleBinary fn) {
    return vectorize(signatures, (Fn) fn);
  }

  /** A ufunc with a loop per signature, all served by {@code fn}, tried in this order. */
  public static Ufunc vectorize(List<String> signatures, Fn.DoubleTernary fn) {
    return vectorize(signatures, (Fn) fn);
  }

  /** A ufunc with a loop per signature, all served by {@code fn}, tried in this order. */
  public static Ufunc vectorize(List<String> signatures, Fn.DoubleQuaternary fn) {
    return vectorize(signatures, (Fn) fn);
  }

  /**
   * A ufunc with a loop per signature, all served by {@code fn}, tried in this order.
   *
   * @throws IllegalArgumentException for a malformed signature (with the position), a signature
   *     whose argument count differs from the lambda's, or an argument type the lambda's
   *     parameter cannot hold (an {@code Fn.LongUnary} for {@code float64(float64)})
   */
  public static Ufunc vectorize(List<String> signatures, Fn fn) {
    if (signatures == null || signatures.isEmpty()) {
      throw new IllegalArgumentException("at least one signature is needed; use vectorize(fn) for a lazy ufunc");
    }
    Builder b = builder(defaultName(fn), FnShape.of(fn).arity());
    for (String s : signatures) {
      b.loop(s, fn);
    }
    return b.build();
  }

  /**
   * A lazy ufunc (Numba's DUFunc): no loop yet; each call with a new combination of input dtypes
   * adds one. Inputs keep their dtypes; the output is the lambda's result type, except that a
   * double lambda called on float32 inputs only gives float32 (NumPy 2's rule for a float32 array
   * and Python floats).
   */
  public static Ufunc vectorize(Fn.DoubleUnary fn) {
    return vectorize((Fn) fn);
  }

  /** A lazy two-argument ufunc; see {@link #vectorize(Fn.DoubleUnary)}. */
  public static Ufunc vectorize(Fn.DoubleBinary fn) {
    return vectorize((Fn) fn);
  }

  /** A lazy three-argument ufunc; see {@link #vectorize(Fn.DoubleUnary)}. */
  public static Ufunc vectorize(Fn.DoubleTernary fn) {
    return vectorize((Fn) fn);
  }

  /** A lazy four-argument ufunc; see {@link #vectorize(Fn.DoubleUnary)}. */
  public static Ufunc vectorize(Fn.DoubleQuaternary fn) {
    return vectorize((Fn) fn);
  }

  /** A lazy ufunc of any kernel type; see {@link #vectorize(Fn.DoubleUnary)}. */
  public static Ufunc vectorize(Fn fn) {
    FnShape shape = FnShape.of(fn);
    return new Ufunc(defaultName(fn), shape.arity(), List.of(), fn, OptionalDouble.empty(), null);
  }

  private static String defaultName(Fn fn) {
    return "ufunc";
  }

  /** Starts a ufunc with loops that may each have their own lambda (NumPy's type tables). */
  public static Builder builder(String name, int nin) {
    return new Builder(name, nin);
  }

  /** Builds a ufunc loop by loop. */
  public static final class Builder {
    private final String name;
    private final int nin;
    private final List<Loop> loops = new ArrayList<>();
    private OptionalDouble identity = OptionalDouble.empty();
    private Function<DType[], DType[]> inputResolver;

    private Builder(String name, int nin) {
      if (nin < 1 || nin > 4) {
        throw new IllegalArgumentException("a ufunc takes 1 to 4 inputs, not " + nin);
      }
      this.name = name;
      this.nin = nin;
    }

    /** Adds a loop; {@code signature} in Numba's ({@code "f8(f8, f8)"}) or NumPy's ({@code "dd->d"}) form. */
    public Builder loop(String signature, Fn fn) {
      LoopSignature sig = LoopSignature.parse(signature);
      if (sig.inputs().length != nin) {
        throw new IllegalArgumentException(
            "signature \"" + signature + "\" has " + sig.inputs().length + " inputs; ufunc '" + name + "' takes " + nin);
      }
      for (Loop l : loops) {
        if (l.signature().sameTypes(sig)) {
          throw new IllegalArgumentException("ufunc '" + name + "' already has a loop " + sig.typeCodes());
        }
      }
      loops.add(new Loop(sig, fn, FnShape.of(fn), name));
      return this;
    }

    /** The value {@code x} with {@code f(identity, x) == x}, for reductions. */
    public Builder identity(double identity) {
      this.identity = OptionalDouble.of(identity);
      return this;
    }

    /** Maps input dtypes before loop selection (e.g. true_divide sends integers to float64). */
    Builder inputResolver(Function<DType[], DType[]> resolver) {
      this.inputResolver = resolver;
      return this;
    }

    public Ufunc build() {
      if (loops.isEmpty()) {
        throw new IllegalArgumentException("ufunc '" + name + "' has no loop");
      }
      return new Ufunc(name, nin, loops, null, identity, inputResolver);
    }
  }

  // ------------------------------------------------------------------ properties

  public String name() {
    return name;
  }

  /** The same ufunc (sharing its loops and compiled kernels) under another name. */
  public Ufunc withName(String newName) {
    if (definition != null) {
      // stay deferred (Ufuncs' aliases): resolving this one now would define it at class init
      return deferred(newName, nin, () -> {
        resolve(); // define this one first, so the alias shares its loops and kernels
        return withName(newName);
      });
    }
    return new Ufunc(newName, nin, Arrays.asList(loops), lazyFn, identity, inputResolver, exactLazy);
  }

  /**
   * The same ufunc with the {@code exact} option: results bit-identical with the plain Java lambda
   * on every tier. Loops whose lifted function uses transcendentals ({@code sin}, {@code exp},
   * {@code pow}, ...) run as scalar code calling {@code Math}; loops of exact operations keep their
   * SIMD kernels. (Without it, SIMD transcendentals are within about 1 ulp of {@code Math}.)
   */
  public Ufunc exact() {
    resolve();
    List<Loop> ls = new ArrayList<>();
    for (Loop l : loops) {
      ls.add(l.withExact(true));
    }
    return new Ufunc(name, nin, ls, lazyFn, identity, inputResolver, true);
  }

  /** The same ufunc with an identity (used by reductions). */
  public Ufunc withIdentity(double value) {
    resolve();
    return new Ufunc(name, nin, Arrays.asList(loops), lazyFn, OptionalDouble.of(value), inputResolver, exactLazy);
  }

  public int nin() {
    return nin;
  }

  public int nout() {
    return 1;
  }

  /** The loops as NumPy lists them, e.g. {@code ["ff->f", "dd->d"]}. */
  public List<String> types() {
    resolve();
    List<String> out = new ArrayList<>();
    for (Loop l : loops) {
      out.add(l.signature().typeCodes());
    }
    return out;
  }

  /** The identity, when the ufunc has one ({@code add}: 0, {@code multiply}: 1). */
  public OptionalDouble identity() {
    resolve();
    return identity;
  }

  /** True for a lazy ufunc, which adds loops as new input types arrive. */
  public boolean isLazy() {
    resolve();
    return lazyFn != null;
  }

  @Override
  public String toString() {
    return "<ufunc '" + name + "' " + types() + ">";
  }

  /**
   * Says, per loop, whether the lambda lifted to the SIMD compiler's IR (and the IR after its
   * passes), or why not (instruction, method, line), and which tier each kernel generated so far
   * runs: tier B (SIMD, with the species), scalar IR, or tier A (the lambda called per element).
   */
  public String explain() {
    resolve();
    StringBuilder sb = new StringBuilder("ufunc '").append(name).append("'");
    sb.append(org.ufunc4j.internal.simd.SimdSupport.isEnabled()
        ? " (SIMD on: " + org.ufunc4j.internal.simd.SimdSupport.vectorBits() + "-bit vectors)"
        : " (SIMD off: " + org.ufunc4j.internal.simd.SimdSupport.disabledReason() + ")");
    if (loops.length == 0) {
      sb.append("\n  no loop yet (lazy: loops are added per input types)");
    }
    for (Loop l : loops) {
      l.awaitCompiled(); // report the kernels that calls will run, not tier 0
      sb.append("\n  loop ").append(l.signature().typeCodes()).append(" = ").append(l.signature().numbaForm())
          .append(l.exact() ? " (exact: bit-identical with the lambda)" : "");
      org.ufunc4j.internal.lift.Ir.Function ir = l.lift();
      if (ir != null) {
        sb.append("\n    IR (").append(ir.kind().dtypeName()).append(ir.predicate() ? " -> bool" : "").append("): ").append(ir.describe());
      } else {
        sb.append("\n    not lifted: ").append(l.liftFailure().replace("\n", "\n      "));
      }
      List<String> tiers = l.tiers();
      if (tiers.isEmpty()) {
        sb.append("\n    no kernel generated yet (generated on the first call per operand dtypes and storage)");
      }
      for (String t : tiers) {
        sb.append("\n    kernel for ").append(t);
      }
    }
    return sb.toString();
  }

  /**
   * Checks that every loop's lambda compiles to SIMD code (Numba's {@code nopython=True}), and
   * returns this ufunc; otherwise throws, naming the instruction, method and source line that
   * could not be lifted. Only loops computing in one floating type are SIMD candidates.
   *
   * @throws IllegalArgumentException when a loop's lambda does not lift
   */
  public Ufunc strict() {
    resolve();
    for (Loop l : loops) {
      if (l.lift() == null) {
        throw new IllegalArgumentException(
            "ufunc '" + name + "' loop " + l.signature().numbaForm() + " cannot be compiled in strict mode: " + l.liftFailure());
      }
    }
    return this;
  }

  // ------------------------------------------------------------------ calls

  /** Applies the ufunc on the CPU target; arguments are NDArrays or Java numbers and booleans. */
  public NDArray apply(Object... args) {
    return call().apply(args);
  }

  /** {@link #apply(Object...)} with one argument (no varargs array). */
  public NDArray apply(Object a) {
    return call().apply(a);
  }

  /** {@link #apply(Object...)} with two arguments (no varargs array). */
  public NDArray apply(Object a, Object b) {
    return call().apply(a, b);
  }

  private volatile UfuncCall defaults;

  /** A call configuration with default settings (one shared immutable instance). */
  public UfuncCall call() {
    UfuncCall c = defaults;
    if (c == null) {
      c = UfuncCall.defaults(this);
      defaults = c;
    }
    return c;
  }

  /** A call on {@code target}. */
  public UfuncCall target(Target target) {
    return call().target(target);
  }

  /** A PARALLEL call on {@code threads} threads. */
  public UfuncCall threads(int threads) {
    return call().threads(threads);
  }

  /**
   * A call writing into {@code out}. Calling it again with the same array (a core view's reused
   * {@code asArray()} in a gufunc kernel, a buffer in a loop) returns the same immutable call
   * configuration instead of allocating one: the array remembers the last one built for it.
   */
  public UfuncCall out(NDArray out) {
    UfuncCall c = out == null ? null : out.outCall;
    if (c != null && c.isPlainOutCallOf(this, out)) {
      return c;
    }
    c = call().out(out);
    out.outCall = c;
    return c;
  }

  /** A call writing only where {@code mask} is true. */
  public UfuncCall where(NDArray mask) {
    return call().where(mask);
  }

  /** A call whose output has {@code dtype} (NumPy's {@code dtype=}). */
  public UfuncCall dtype(DType dtype) {
    return call().dtype(dtype);
  }

  /** A call that runs exactly the loop with this signature (NumPy's {@code signature=}). */
  public UfuncCall signature(String signature) {
    return call().signature(signature);
  }

  /** A call with this casting rule (default {@code same_kind}). */
  public UfuncCall casting(Casting casting) {
    return call().casting(casting);
  }

  // ------------------------------------------------------------------ loop selection (internal)

  Loop[] loops() {
    resolve();
    return loops;
  }

  DType[] resolveInputs(DType[] in) {
    resolve();
    return inputResolver == null ? in : inputResolver.apply(in);
  }

  /** The first loop to which every input casts safely, or (lazy ufuncs) a new loop, or null. */
  Loop select(DType[] inputTypes) {
    resolve();
    Selection last = lastSelection;
    if (last != null && Arrays.equals(last.key, inputTypes)) {
      return last.loop;
    }
    Loop l = search(inputTypes);
    if (l != null) {
      lastSelection = new Selection(inputTypes.clone(), l);
    }
    return l;
  }

  private Loop search(DType[] inputTypes) {
    DType[] in = resolveInputs(inputTypes);
    for (Loop l : loops) {
      if (accepts(l.signature(), in, Casting.SAFE)) {
        return l;
      }
    }
    if (lazyFn != null) {
      return addLazyLoop(in);
    }
    return null;
  }

  static boolean accepts(LoopSignature s, DType[] in, Casting casting) {
    for (int i = 0; i < in.length; i++) {
      if (!DType.canCast(in[i], s.inputs()[i], casting)) {
        return false;
      }
    }
    return true;
  }

  /** Finds or adds the lazy loop with exactly these types. */
  Loop exactLoop(LoopSignature sig) {
    resolve();
    for (Loop l : loops) {
      if (l.signature().sameTypes(sig)) {
        return l;
      }
    }
    if (lazyFn != null) {
      return addLoop(sig);
    }
    return null;
  }

  private Loop addLazyLoop(DType[] in) {
    DType out = lazyShape.result();
    if (out.isFloating()) {
      boolean allF32 = true;
      for (DType t : in) {
        allF32 &= t == DType.FLOAT32;
      }
      out = allF32 ? DType.FLOAT32 : out;
    }
    try {
      return addLoop(new LoopSignature(in.clone(), out));
    } catch (IllegalArgumentException e) {
      return null; // the lambda cannot take these types: reported as "not supported"
    }
  }

  private synchronized Loop addLoop(LoopSignature sig) {
    for (Loop l : loops) {
      if (l.signature().sameTypes(sig)) {
        return l;
      }
    }
    Loop l = new Loop(sig, lazyFn, lazyShape, name, exactLazy);
    Loop[] ls = Arrays.copyOf(loops, loops.length + 1);
    ls[loops.length] = l;
    loops = ls;
    return l;
  }
}
