package org.ufunc4j.internal.kernel;

import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.ufunc4j.Casting;
import org.ufunc4j.internal.exec.LoopKernel;
import org.ufunc4j.internal.lift.Ir;
import org.ufunc4j.internal.lift.LiftException;
import org.ufunc4j.internal.lift.Lifter;
import org.ufunc4j.internal.simd.SimdSupport;
import org.ufunc4j.internal.simd.VectorCompiler;

/**
 * One loop of a ufunc: its signature, the scalar function, and the kernels generated for it, one
 * per combination of operand dtypes and storage kinds (so that no call site mixes them).
 */
public final class Loop {
  private final LoopSignature signature;
  private final Fn fn;
  private final FnShape shape;
  private final String ufuncName;
  // The lambda lifted to IR (null: not liftable, see liftFailure), computed on first use.
  private volatile boolean liftTried;
  private Ir.Function lifted;
  private String liftFailure;
  // Which tier each generated kernel is, for explain().
  private final List<String> tiers = new CopyOnWriteArrayList<>();
  // Copy-on-write: codes[i] -> kernels[i]; one or two entries in practice, a scan beats hashing.
  private volatile int[] codes = new int[0];
  private volatile LoopKernel[] kernels = new LoopKernel[0];

  private final boolean exact;
  // Kernels being generated on the compiler thread (see compile).
  private final AtomicInteger pending = new AtomicInteger();
  // Generation tasks waiting for the call that created their tier-0 kernel to return.
  private final List<Runnable> deferred = new ArrayList<>();
  private volatile boolean hasDeferred;

  public Loop(LoopSignature signature, Fn fn, FnShape shape, String ufuncName) {
    this(signature, fn, shape, ufuncName, false);
  }

  /**
   * @param exact bit-identical with the plain lambda: SIMD kernels compute transcendentals lane by
   *     lane with {@code Math} instead of SVML; everything else stays SIMD
   */
  public Loop(LoopSignature signature, Fn fn, FnShape shape, String ufuncName, boolean exact) {
    this.signature = signature;
    this.fn = fn;
    this.shape = shape;
    this.ufuncName = ufuncName;
    this.exact = exact;
    check();
  }

  /** The same loop (a fresh kernel cache) with the exact option set. */
  public Loop withExact(boolean e) {
    return new Loop(signature, fn, shape, ufuncName, e);
  }

  public boolean exact() {
    return exact;
  }

  private void check() {
    DType[] ins = signature.inputs();
    if (ins.length != shape.arity()) {
      throw new IllegalArgumentException(
          "signature " + signature.numbaForm() + " has " + ins.length + " arguments but the lambda ("
              + shape.describe() + ") takes " + shape.arity());
    }
    for (int i = 0; i < ins.length; i++) {
      if (!DType.canCast(ins[i], shape.params()[i], Casting.SAFE)) {
        throw new IllegalArgumentException(
            "signature " + signature.numbaForm() + ": argument " + i + " is " + ins[i] + " but the lambda ("
                + shape.describe() + ") takes " + shape.params()[i]
                + " there, which cannot hold every " + ins[i] + " value; use a lambda type that can (see Fn)");
      }
    }
  }

  public LoopSignature signature() {
    return signature;
  }

  public Fn fn() {
    return fn;
  }

  public FnShape shape() {
    return shape;
  }

  /** The kernel for operands of these stored dtypes and storage kinds (inputs, then output). */
  public LoopKernel kernel(DType[] opTypes, boolean[] nativeOps) {
    int code = 0;
    for (int k = 0; k < opTypes.length; k++) {
      code = code << 4 | opTypes[k].ordinal() << 1 | (nativeOps[k] ? 1 : 0);
    }
    int[] cs = codes;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == code) {
        return kernels[i];
      }
    }
    return compile(code, opTypes, nativeOps);
  }

  /**
   * Picks the tier: the SIMD kernel when the lambda lifts, the loop computes in one floating type
   * and every operand is a heap array of it; the scalar kernel of the lifted IR when it lifts
   * (float32 loops then round after every operation, as the SIMD kernel does); else tier A, which
   * calls the lambda itself.
   */
  private LoopKernel generate(DType[] loopTypes, DType[] opTypes, boolean[] nativeOps, LoopKernel scalarBuilt) {
    String name = ufuncName + "_" + signature.typeCodes();
    Ir.Function ir = lift();
    if (ir != null && !seesTheLoopsCasts(ir, loopTypes, opTypes)) {
      return tierA(loopTypes, opTypes, nativeOps, name, "; its lifted float64 kernel would read these inputs without the loop's"
          + " rounding to float32");
    }
    if (ir != null) {
      LoopKernel scalar;
      try {
        scalar = scalarBuilt != null ? scalarBuilt : scalarOfIr(ir, loopTypes, opTypes, nativeOps);
      } catch (IllegalStateException | StackOverflowError e) {
        // (not caught by name: the verifier would load the class on every first call)
        if (e instanceof IllegalStateException && !(e instanceof KernelClasses.TooLargeForJit)) {
          throw e;
        }
        return tooLarge(e, opTypes, nativeOps, loopTypes, name);
      }
      DType t = dtypeOf(ir.kind());
      // SIMD needs one element type and one storage kind (heap or native) for all operands; a
      // predicate stores its mask into a heap boolean[]
      // inputs may be stored in a type the SIMD code converts at load (int64 into float64, ...)
      boolean uniform = true;
      int out = opTypes.length - 1;
      for (int k = 0; k < opTypes.length; k++) {
        boolean simd = SimdSupport.isEnabled();
        boolean fits = k == out
            ? ir.predicate() ? opTypes[k] == DType.BOOL : simd && VectorCompiler.canStore(opTypes[k], ir.kind())
            : simd && VectorCompiler.canLoad(opTypes[k], ir.kind());
        uniform &= fits && nativeOps[k] == nativeOps[0];
      }
      uniform &= !(ir.predicate() && nativeOps[0]);
      if (uniform && SimdSupport.isEnabled()) {
        try {
          LoopKernel v;
          try {
            v = VectorCompiler.compile(ir, opTypes.length - 1, scalar, name, nativeOps[0], opTypes, exact);
          } catch (IllegalStateException | StackOverflowError e) {
            if (e instanceof IllegalStateException && !(e instanceof KernelClasses.TooLargeForJit)) {
              throw e;
            }
            return tooLarge(e, opTypes, nativeOps, loopTypes, name);
          }
          tiers.add(describeOps(opTypes, nativeOps) + ": tier B (SIMD, " + SimdSupport.vectorBits() + "-bit "
              + vectorName(ir.kind()) + (exact && !Ir.allExact(ir.result())
                  ? ", exact: transcendentals lane by lane with Math" : ownPolynomials(ir) + groupedCalls(ir))
              + (nativeOps[0] ? ", native segments" : "") + ")");
          return v;
        } catch (RuntimeException e) {
          tiers.add(describeOps(opTypes, nativeOps) + ": scalar IR (SIMD generation failed: " + e.getMessage() + ")");
          return scalar;
        }
      }
      DType narrow = null;
      for (DType op : opTypes) {
        if (SimdSupport.isEnabled() && VectorCompiler.tooNarrowToWiden(op, ir.kind())) {
          narrow = op;
        }
      }
      tiers.add(describeOps(opTypes, nativeOps) + ": scalar IR"
          + (!SimdSupport.isEnabled() ? " (SIMD off: " + SimdSupport.disabledReason() + ")"
              : narrow != null ? " (" + narrow.typeName() + " operands widened to " + t + " lanes need wider vectors than this machine's "
                  + SimdSupport.vectorBits() + " bits)"
              : " (operands are not all " + t + ", or types SIMD code converts at load, in one storage kind)"));
      return scalar;
    }
    return tierA(loopTypes, opTypes, nativeOps, name, "");
  }

  /**
   * False when a float lambda lifted as float64 IR (a float32 loop whose lambda computes with
   * doubles) would read an input stored in a type the loop rounds on its way to float32 (int32,
   * int64, float64 under a forced signature): its kernels convert inputs to double directly,
   * which skips that rounding. Every other kind of IR converts inputs as its loop casts them.
   */
  private static boolean seesTheLoopsCasts(Ir.Function ir, DType[] loopTypes, DType[] opTypes) {
    if (ir.kind() != Ir.Kind.F64) {
      return true;
    }
    for (int k = 0; k < opTypes.length - 1; k++) {
      DType t = opTypes[k];
      boolean exactInFloat = t == DType.FLOAT32 || t == DType.INT16 || t == DType.INT8 || t == DType.BOOL;
      if (loopTypes[k] == DType.FLOAT32 && !exactInFloat) {
        return false;
      }
    }
    return true;
  }

  /** Tier A: the lambda called per element (a double lambda on a float32 loop rewritten to float). */
  private LoopKernel tierA(DType[] loopTypes, DType[] opTypes, boolean[] nativeOps, String name, String why) {
    String ops = describeOps(opTypes, nativeOps);
    if (computesInFloat32(loopTypes)) {
      // a double lambda on a float32 loop rounds after every operation: run it rewritten to float
      Float32Rewrite.Result r = Float32Rewrite.of(fn, shape);
      if (r.fn() != null) {
        tiers.add(ops + ": tier A, float32 arithmetic (the double lambda rewritten to float)" + why);
        return TierACompiler.compile(r.fn(), r.shape(), loopTypes, opTypes, nativeOps, name);
      }
      tiers.add(ops + ": tier A (calls the double lambda and rounds its result once: " + r.failure() + ")" + why);
      return TierACompiler.compile(fn, shape, loopTypes, opTypes, nativeOps, name);
    }
    tiers.add(ops + ": tier A (calls the lambda)" + why);
    return TierACompiler.compile(fn, shape, loopTypes, opTypes, nativeOps, name);
  }

  /**
   * Tier A for a lifted function whose generated kernel would be too large for the JIT (or too
   * deep to generate): the lambda as written, which the JIT compiles as it compiles any method.
   */
  private LoopKernel tooLarge(Throwable e, DType[] opTypes, boolean[] nativeOps, DType[] loopTypes, String name) {
    String why = e instanceof KernelClasses.TooLargeForJit t ? t.getMessage() : "generating it overflowed the stack";
    return tierA(loopTypes, opTypes, nativeOps, name, "; its lifted kernel is too large: " + why);
  }

  /** The scalar kernel of the lifted IR: the SIMD kernel's tails and strided runs, or the loop's kernel without SIMD. */
  private LoopKernel scalarOfIr(Ir.Function ir, DType[] loopTypes, DType[] opTypes, boolean[] nativeOps) {
    return TierACompiler.compile(fn, shape, ir, exact, loopTypes, opTypes, nativeOps, ufuncName + "_" + signature.typeCodes());
  }

  /** Says when the vector loop groups SVML calls (several per element), for explain(). */
  private String groupedCalls(Ir.Function ir) {
    int n = VectorCompiler.groupedSvmlCalls(ir, exact);
    return n == 0 ? "" : ", " + n + " SVML calls grouped " + VectorCompiler.GROUP + " vectors at a time";
  }

  /** The functions of {@code ir} computed by ufunc4j's polynomials (not SVML), for explain(). */
  private static String ownPolynomials(Ir.Function ir) {
    java.util.List<String> names = VectorCompiler.ownPolynomialOps(ir).stream()
        .map(op -> op.name().toLowerCase(java.util.Locale.ROOT)).toList();
    String type = ir.kind() == Ir.Kind.F32 ? "float" : "double";
    return names.isEmpty() ? "" : ", " + String.join("/", names) + ": ufunc4j's " + type + " polynomials";
  }

  /**
   * True for a double lambda on a loop computing in float32 (output float32, inputs that cast
   * safely to float32): the lambda must then round after every operation.
   */
  private boolean computesInFloat32(DType[] loopTypes) {
    if (loopTypes[loopTypes.length - 1] != DType.FLOAT32 || shape.result() != DType.FLOAT64) {
      return false;
    }
    for (int k = 0; k < loopTypes.length - 1; k++) {
      if (!DType.canCast(loopTypes[k], DType.FLOAT32, Casting.SAFE) || shape.params()[k] != DType.FLOAT64) {
        return false;
      }
    }
    return true;
  }

  /** True for a lambda over booleans (Fn.BoolUnary, BoolBinary). */
  private boolean boolLambda() {
    for (DType p : shape.params()) {
      if (p != DType.BOOL) {
        return false;
      }
    }
    return true;
  }

  /** True for a lambda over longs (Fn.LongUnary, LongBinary, LongPredicate, ...). */
  private boolean longLambda() {
    for (DType p : shape.params()) {
      if (p != DType.INT64) {
        return false;
      }
    }
    return shape.result() == DType.INT64 || shape.result() == DType.BOOL;
  }

  /** The dtype an IR kind computes in. */
  static DType dtypeOf(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> DType.FLOAT64;
      case F32 -> DType.FLOAT32;
      case I64 -> DType.INT64;
      case I32 -> DType.INT32;
      case BOOL -> DType.BOOL;
    };
  }

  private static String vectorName(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> "DoubleVector";
      case F32 -> "FloatVector";
      case I64 -> "LongVector";
      case I32 -> "IntVector";
      case BOOL -> "VectorMask of ByteVector";
    };
  }

  private static String describeOps(DType[] opTypes, boolean[] nativeOps) {
    StringBuilder sb = new StringBuilder("operands ");
    for (int k = 0; k < opTypes.length; k++) {
      sb.append(k > 0 ? "," : "").append(opTypes[k].typeChar()).append(nativeOps[k] ? "(native)" : "");
    }
    return sb.toString();
  }

  /** The lifted IR, or null (with {@link #liftFailure()} saying why). Lifting runs once. */
  public synchronized Ir.Function lift() {
    if (!liftTried) {
      liftTried = true;
      DType[] ins = signature.inputs();
      // a bool loop (a predicate) computes in its inputs' type (the widest) and stores a condition
      boolean predicate = signature.output() == DType.BOOL && shape.result() == DType.BOOL;
      DType out = signature.output();
      if (predicate) {
        out = ins[0];
        for (DType t : ins) {
          out = DType.promote(out, t);
        }
      }
      Ir.Kind kind = switch (out) {
        case FLOAT64 -> Ir.Kind.F64;
        case FLOAT32 -> Ir.Kind.F32;
        case INT64 -> Ir.Kind.I64;
        case INT32 -> Ir.Kind.I32;
        case BOOL -> predicate && boolLambda() ? Ir.Kind.BOOL : null;
        default -> null;
      };
      if (!out.isFloating() && out != DType.BOOL && longLambda()) {
        // a long lambda on an int32/int16/int8 loop computes in long and is narrowed at the end,
        // as the loop casts its result (NumPy's standard integer loops are written this way)
        kind = Ir.Kind.I64;
        out = DType.INT64;
      }
      // inputs of other types are cast to the IR's type as the loop casts them (int64 -> float64, ...)
      boolean uniform = kind != null;
      for (DType t : ins) {
        uniform &= DType.canCast(t, out, Casting.SAFE);
      }
      if (!uniform) {
        liftFailure = "the loop " + signature.typeCodes() + " does not compute in float64, float32, int64 or int32 with inputs"
            + " that cast safely to it" + (predicate ? " (and a bool result)" : "");
      } else {
        try {
          lifted = Lifter.lift(fn, kind, exact);
        } catch (LiftException e) {
          liftFailure = e.getMessage();
        } catch (RuntimeException | LinkageError e) {
          liftFailure = "lifting failed: " + e;
        } catch (StackOverflowError e) {
          liftFailure = "the lifted function is nested too deeply for this thread's stack";
        }
      }
    }
    return lifted;
  }

  /** Why the lambda did not lift (null when it did or was not tried). */
  public synchronized String liftFailure() {
    return liftFailure;
  }

  /** One line per generated kernel: operands and tier. */
  public List<String> tiers() {
    return List.copyOf(tiers);
  }

  /**
   * Builds the kernel for a new operand combination. With background compilation on (the
   * default; {@code -Dufunc.backgroundCompile=false} turns it off), a loop that {@link
   * GenericKernel} serves exactly gets that tier-0 kernel at once, and its generated kernels are
   * built on the compiler thread and swapped in when ready: a new ufunc's first call does not wait
   * ~130 ms for code generation on a cold JVM. A loop that lifts but that tier 0 cannot serve (a
   * double lambda on a float32 loop) gets only its scalar kernel here and its SIMD kernel on the
   * compiler thread; other loops are generated here, on the caller.
   */
  private synchronized LoopKernel compile(int code, DType[] opTypes, boolean[] nativeOps) {
    int[] cs = codes;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == code) {
        return kernels[i];
      }
    }
    DType[] loopTypes = new DType[opTypes.length];
    System.arraycopy(signature.inputs(), 0, loopTypes, 0, opTypes.length - 1);
    loopTypes[opTypes.length - 1] = signature.output();
    DType[] ops = opTypes.clone();
    boolean[] nats = nativeOps.clone();
    LoopKernel quick = BackgroundCompiler.ENABLED ? GenericKernel.of(fn, shape, loopTypes, ops) : null;
    LoopKernel scalar = null;
    if (quick == null && BackgroundCompiler.ENABLED && lift() != null) {
      // Tier 0 cannot serve this loop (a double lambda on float32 must round after every
      // operation): build only its scalar kernel now, and the SIMD one around it in the
      // background. The W1 lambda's first call on 1M float32 elements on a cold JVM: 517-648 ms
      // with both built here, 76-90 ms with the scalar one alone (probes; an interpreter of the
      // IR instead measured no faster: its loops wait as long for the JIT as generation takes).
      // A lambda that does not lift has only its tier-A kernel, built below. Whether SIMD is on
      // is not asked here: finding out initialises the Vector API and the management beans
      // (~40 ms cold), which the background generation does.
      quick = scalar = scalarOfIr(lift(), loopTypes, ops, nats);
    }
    if (quick != null) {
      pending.incrementAndGet();
      install(code, quick);
      deferred.add(new DeferredGeneration(code, loopTypes, ops, nats, scalar));
      hasDeferred = true;
      return quick;
    }
    LoopKernel k = generate(loopTypes, ops, nats, null);
    install(code, k);
    return k;
  }

  /**
   * Generates one loop's kernels on the compiler thread and swaps them in. A class rather than a
   * lambda: a first call should not pay for bootstrapping one (about a millisecond cold).
   */
  private final class DeferredGeneration implements Runnable {
    private final int code;
    private final DType[] loopTypes;
    private final DType[] ops;
    private final boolean[] nats;
    /** The scalar kernel of the IR already built for the first call (reused by the SIMD one), or null. */
    private final LoopKernel scalar;

    DeferredGeneration(int code, DType[] loopTypes, DType[] ops, boolean[] nats, LoopKernel scalar) {
      this.code = code;
      this.loopTypes = loopTypes;
      this.ops = ops;
      this.nats = nats;
      this.scalar = scalar;
    }

    @Override
    public void run() {
      try {
        LoopKernel k;
        try {
          k = generate(loopTypes, ops, nats, scalar);
        } catch (RuntimeException | LinkageError e) {
          // the first call's kernel is correct, only slower: keep it, and say why in explain()
          tiers.add(describeOps(ops, nats) + ": " + (scalar != null ? "scalar IR" : "tier 0") + " (generation failed: " + e + ")");
          return;
        }
        install(code, k);
      } finally {
        synchronized (Loop.this) {
          pending.decrementAndGet();
          Loop.this.notifyAll();
        }
      }
    }
  }

  /** Adds or replaces the kernel for {@code code} (copy-on-write, readers never lock). */
  private synchronized void install(int code, LoopKernel k) {
    int[] cs = codes;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == code) {
        LoopKernel[] ks = kernels.clone();
        ks[i] = k;
        kernels = ks;
        return;
      }
    }
    LoopKernel[] ks = Arrays.copyOf(kernels, cs.length + 1);
    ks[cs.length] = k;
    int[] ncs = Arrays.copyOf(cs, cs.length + 1);
    ncs[cs.length] = code;
    kernels = ks; // kernels first: a reader that sees the new code must see the kernel
    codes = ncs;
  }

  /**
   * Called when a call of this loop returns: hands the generation of kernels that tier 0 stands in
   * for to the compiler thread. Deferred to this point because the machine may have only two
   * cores: generating while the first call runs made that call ~20 ms slower (measured on 1M
   * elements), and a call fetches its kernel once, so it could not have used the new one anyway.
   */
  public void afterCall() {
    if (hasDeferred) {
      startDeferred();
    }
  }

  private synchronized void startDeferred() {
    hasDeferred = false;
    for (Runnable r : deferred) {
      BackgroundCompiler.submit(r);
    }
    deferred.clear();
  }

  /**
   * Waits until the kernels being generated in the background are installed (explain() and tests
   * use it; calls never need to).
   */
  public synchronized void awaitCompiled() {
    afterCall();
    boolean interrupted = false;
    while (pending.get() > 0) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
