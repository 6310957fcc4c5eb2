package org.ufunc4j;

import java.util.Arrays;
import java.util.Locale;
import org.ufunc4j.internal.ArrayBridge;
import org.ufunc4j.internal.exec.ElementwiseExecutor;
import org.ufunc4j.internal.exec.LoopKernel;
import org.ufunc4j.internal.exec.WorkerPool;
import org.ufunc4j.internal.kernel.Loop;
import org.ufunc4j.internal.kernel.LoopSignature;
import org.ufunc4j.internal.storage.Storage;

/**
 * A configured call of a {@link Ufunc}: target, threads, output, mask, forced loop and casting.
 * Immutable: each setter returns a new configuration, so one can be kept and reused from many
 * threads. (Its one mutable field caches the last call's plan, an immutable value, so that a
 * repeated call with the same arrays skips the checks; see {@code Plan}.)
 *
 * <p>Every check happens before anything is written: argument count, broadcasting of the shapes,
 * loop selection, casting of inputs and output, the output's shape and writability.
 */
public final class UfuncCall {
  private final Ufunc ufunc;
  private final Target target;
  private final int threads; // 0: default
  private final NDArray out;
  private final NDArray where;
  private final DType dtype;
  private final LoopSignature signature;
  private final Casting casting;
  /**
   * The plan of this configuration's last call, when it was a serial flat run into {@code out}
   * whose inputs were arrays not sharing memory with it (see {@link Plan}). Racy on purpose: a
   * Plan is immutable, so a thread sees null or a complete one; this is the only mutable field.
   */
  private Plan plan;
  // calls that could have been planned but had other inputs than the plan: the plan is replaced
  // every 16th, so a loop alternating between inputs does not allocate a Plan per call
  private int planMisses;

  /**
   * What a call decided, for the same input arrays coming again: a gufunc kernel that calls
   * {@code f.out(c.asArray()).apply(a.asArray(), b.asArray())} passes the same NDArray objects
   * every row, moved to the row's offset. An NDArray's dtype, shape, strides and storage never
   * change, so the loop, the flatness and the overlap verdict (inputs in other storage than the
   * output) still hold; only the offsets are read again. At W6's row size the full path cost
   * about 700-850 ns per row, mostly in the memory it touches.
   */
  private record Plan(NDArray a, NDArray b, Loop loop, DType[] opTypes, boolean[] nativeOps, Object[] bases, long[] steps, long size) {}

  private UfuncCall(Ufunc ufunc, Target target, int threads, NDArray out, NDArray where, DType dtype, LoopSignature signature, Casting casting) {
    this.ufunc = ufunc;
    this.target = target;
    this.threads = threads;
    this.out = out;
    this.where = where;
    this.dtype = dtype;
    this.signature = signature;
    this.casting = casting;
  }

  static UfuncCall defaults(Ufunc u) {
    return new UfuncCall(u, Target.CPU, 0, null, null, null, null, Casting.SAME_KIND);
  }

  /** True for {@code u.out(o)} with every other setting at its default (the call Ufunc.out caches). */
  boolean isPlainOutCallOf(Ufunc u, NDArray o) {
    return ufunc == u && out == o && target == Target.CPU && threads == 0 && where == null && dtype == null
        && signature == null && casting == Casting.SAME_KIND;
  }

  /** Runs on {@code target} ({@link Target#CPU} by default). */
  public UfuncCall target(Target t) {
    if (t == null) {
      throw new IllegalArgumentException("target is null");
    }
    return new UfuncCall(ufunc, t, threads, out, where, dtype, signature, casting);
  }

  /** Uses {@code n} threads, the caller included; implies {@link Target#PARALLEL} when n > 1. */
  public UfuncCall threads(int n) {
    WorkerPool.checkThreads(n);
    return new UfuncCall(ufunc, n > 1 ? Target.PARALLEL : target, n, out, where, dtype, signature, casting);
  }

  /**
   * Writes the result into {@code o}, which must have the broadcast shape of the inputs, be
   * writable, and take the loop's output type under the casting rule. {@code o} may be one of
   * the inputs (in place) or overlap them in any way: the result is as if it did not.
   */
  public UfuncCall out(NDArray o) {
    if (o == null) {
      throw new IllegalArgumentException("out is null");
    }
    return new UfuncCall(ufunc, target, threads, o, where, dtype, signature, casting);
  }

  /**
   * Computes only where {@code mask} (a bool array broadcast against the inputs) is true; other
   * output elements keep their values. A freshly allocated output is zero-filled there.
   */
  public UfuncCall where(NDArray mask) {
    if (mask == null) {
      throw new IllegalArgumentException("where mask is null");
    }
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException("where mask must have dtype bool, not " + mask.dtype());
    }
    return new UfuncCall(ufunc, target, threads, out, mask, dtype, signature, casting);
  }

  /** Selects the first loop whose output type is {@code t} (NumPy's {@code dtype=}). */
  public UfuncCall dtype(DType t) {
    return new UfuncCall(ufunc, target, threads, out, where, t, signature, casting);
  }

  /** Runs exactly the loop with these types, e.g. {@code "ff->f"} or {@code "float32(float32)"}. */
  public UfuncCall signature(String sig) {
    return new UfuncCall(ufunc, target, threads, out, where, dtype, LoopSignature.parse(sig), casting);
  }

  /** The casting rule for inputs of a forced loop and for the output (default same_kind). */
  public UfuncCall casting(Casting c) {
    if (c == null) {
      throw new IllegalArgumentException("casting is null");
    }
    return new UfuncCall(ufunc, target, threads, out, where, dtype, signature, c);
  }

  /**
   * Applies the ufunc. Arguments are {@link NDArray}s or Java scalars ({@code Double}, {@code
   * Float}, {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code Boolean}), which
   * are weak: they take the type of the array arguments (NumPy 2's rule for Python scalars).
   *
   * @return the output array ({@code out} when given); 0-d when every argument is a scalar
   * @throws IllegalArgumentException for a wrong argument count, shapes that do not broadcast,
   *     input types no loop takes, or an output of the wrong shape, dtype or writability
   * @throws UfuncException when the kernel threw (the original exception is the cause)
   */
  public NDArray apply(Object... args) {
    int nin = ufunc.nin();
    if (args == null || args.length != nin) {
      throw new IllegalArgumentException(
          "ufunc '" + ufunc.name() + "' takes " + nin + " argument" + (nin == 1 ? "" : "s") + ", got "
              + (args == null ? 0 : args.length));
    }
    Scratch sc = Scratch.acquire(nin);
    try {
      return run(args, sc);
    } finally {
      sc.release();
    }
  }

  /** {@link #apply(Object...)} for one argument, without a varargs array. */
  public NDArray apply(Object a) {
    return applyFixed(1, a, null);
  }

  /** {@link #apply(Object...)} for two arguments, without a varargs array. */
  public NDArray apply(Object a, Object b) {
    return applyFixed(2, a, b);
  }

  private NDArray applyFixed(int n, Object a, Object b) {
    int nin = ufunc.nin();
    if (n != nin) {
      throw new IllegalArgumentException(
          "ufunc '" + ufunc.name() + "' takes " + nin + " argument" + (nin == 1 ? "" : "s") + ", got " + n);
    }
    Plan p = plan;
    if (p != null && p.a == a && p.b == b) {
      return runPlanned(p);
    }
    Scratch sc = Scratch.acquire(nin);
    try {
      sc.args[0] = a;
      if (n > 1) {
        sc.args[1] = b;
      }
      return run(sc.args, sc);
    } finally {
      sc.release();
    }
  }

  /** Runs {@code p} again with the inputs' and the output's current offsets. */
  private NDArray runPlanned(Plan p) {
    Scratch sc = Scratch.acquire(ufunc.nin());
    long[] offs = sc.offs;
    offs[0] = p.a.offset();
    if (p.b != null) {
      offs[1] = p.b.offset();
    }
    offs[offs.length - 1] = out.offset();
    try {
      ElementwiseExecutor.runFlat(p.loop.kernel(p.opTypes, p.nativeOps), p.bases, offs, p.steps, p.size);
    } catch (Throwable t) {
      if (t instanceof Error e && !(t instanceof StackOverflowError)) {
        throw e;
      }
      throw new UfuncException("ufunc '" + ufunc.name() + "' (loop " + p.loop.signature().typeCodes() + ") failed: " + t, t);
    } finally {
      sc.release();
      p.loop.afterCall();
    }
    return out;
  }

  /**
   * Per-thread descriptor arrays of a call, so that a call with {@code out} allocates nothing in
   * steady state. A nested call on the same thread (a kernel that calls a ufunc) finds them busy
   * and uses fresh ones. References are cleared on release so no array is kept alive.
   */
  private static final class Scratch {
    // an anonymous class, not a lambda: this initialises during the first call of any ufunc
    private static final ThreadLocal<Scratch[]> PER_THREAD = new ThreadLocal<>() {
      @Override
      protected Scratch[] initialValue() {
        return new Scratch[5];
      }
    };

    final Object[] args;
    final DType[] given;
    final NDArray[] in;
    final Object[] bases;
    final DType[] opTypes;
    final boolean[] nativeOps;
    final long[] offs;
    final long[] steps;
    boolean busy;

    Scratch(int nin) {
      args = new Object[nin];
      given = new DType[nin];
      in = new NDArray[nin];
      bases = new Object[nin + 1];
      opTypes = new DType[nin + 1];
      nativeOps = new boolean[nin + 1];
      offs = new long[nin + 1];
      steps = new long[nin + 1];
    }

    static Scratch acquire(int nin) {
      Scratch[] all = PER_THREAD.get();
      Scratch s = all[nin];
      if (s == null) {
        s = all[nin] = new Scratch(nin);
      } else if (s.busy) {
        s = new Scratch(nin);
      }
      s.busy = true;
      // plain loops: Arrays.fill on these 2- and 3-element arrays was 17% of a gufunc row's
      // nested ufunc call (JFR)
      for (int i = 0; i < nin; i++) {
        s.given[i] = null;
      }
      return s;
    }

    void release() {
      for (int i = 0; i < args.length; i++) {
        args[i] = null;
        in[i] = null;
        bases[i] = null;
      }
      bases[args.length] = null;
      busy = false;
    }
  }

  private NDArray run(Object[] args, Scratch sc) {
    int nin = ufunc.nin();
    // 1. operand dtypes, with weak scalars typed against the arrays (NEP 50)
    DType[] given = sc.given;
    DType arrays = null;
    for (int i = 0; i < nin; i++) {
      if (args[i] instanceof NDArray a) {
        given[i] = a.dtype();
        arrays = arrays == null ? a.dtype() : DType.promote(arrays, a.dtype());
      } else if (args[i] == null) {
        throw new IllegalArgumentException("argument " + i + " of ufunc '" + ufunc.name() + "' is null");
      }
    }
    for (int i = 0; i < nin; i++) {
      if (given[i] == null) {
        given[i] = weakType(args[i], arrays, i);
      }
    }
    // 2. the loop
    Loop loop = chooseLoop(given);
    LoopSignature sig = loop.signature();
    // 3. operands as arrays of their own dtype (scalars become 0-d arrays of the loop type)
    NDArray[] in = sc.in;
    for (int i = 0; i < nin; i++) {
      in[i] = args[i] instanceof NDArray a ? a : scalarArray(args[i], sig.inputs()[i], i);
    }
    // 4. shapes
    ArrayBridge bridge = ArrayBridge.get();
    long[] loopShape = loopShape(in, bridge);
    NDArray result = out;
    if (result != null) {
      if (!Arrays.equals(bridge.shapeRef(result), loopShape)) {
        throw new IllegalArgumentException(
            "non-broadcastable output operand with shape " + NDArray.shapeString(result.shape())
                + " doesn't match the broadcast shape " + NDArray.shapeString(loopShape));
      }
      if (result.isReadOnly()) {
        throw new IllegalArgumentException("output array is read-only (ufunc '" + ufunc.name() + "')");
      }
      if (!DType.canCast(sig.output(), result.dtype(), casting)) {
        throw new IllegalArgumentException(
            "Cannot cast ufunc '" + ufunc.name() + "' output from " + sig.output() + " to " + result.dtype()
                + " with casting rule '" + casting.name().toLowerCase(Locale.ROOT) + "'");
      }
    } else {
      result = allocateOutput(sig.output(), loopShape, in);
    }
    // 5. overlap: copy any input (or mask) that shares memory with the output, unless identical
    if (out != null) {
      for (int i = 0; i < nin; i++) {
        if (overlaps(in[i], loopShape, result, bridge)) {
          in[i] = in[i].copy();
        }
      }
    }
    NDArray mask = where;
    if (mask != null && out != null && mask.mayShareMemory(result)) {
      mask = mask.copy();
    }
    // 6. operand descriptors, kernel, execution
    boolean parallel = target == Target.PARALLEL;
    int nThreads = parallel ? (threads > 0 ? threads : WorkerPool.defaultThreads()) : 1;
    Object[] bases = sc.bases;
    DType[] opTypes = sc.opTypes;
    boolean[] nativeOps = sc.nativeOps;
    long[] offs = sc.offs;
    long[] steps = sc.steps;
    // Fast path (most calls): each operand contiguous over the loop shape or a single element,
    // serial, no mask: one flat run, no plan.
    boolean flat = mask == null;
    for (int k = 0; k <= nin; k++) {
      NDArray a = k < nin ? in[k] : result;
      Storage st = bridge.storage(a);
      bases[k] = st.isNative() ? st.segment() : st.array();
      opTypes[k] = st.dtype();
      nativeOps[k] = st.isNative();
      offs[k] = a.offset();
      if (a.size() == 1) {
        steps[k] = 0;
      } else if (flat && a.isContiguous() && Arrays.equals(bridge.shapeRef(a), loopShape)) {
        steps[k] = 1;
      } else {
        flat = false;
      }
    }
    LoopKernel kernel = loop.kernel(opTypes, nativeOps);
    try {
      long size = result.size();
      if (flat) {
        if (size == 1) {
          java.util.Arrays.fill(steps, 1);
        }
        try {
          if (!parallel || nThreads == 1 || size < 2L * ElementwiseExecutor.BLOCK) {
            // a PARALLEL call this small always runs on the caller: its plan is serial too
            if ((!parallel || size < 2L * ElementwiseExecutor.BLOCK) && out != null && nin <= 2) {
              plan = planFor(args, in, loop, opTypes, nativeOps, bases, steps, size);
            }
            ElementwiseExecutor.runFlat(kernel, bases, offs, steps, size);
          } else {
            ElementwiseExecutor.runFlatParallel(kernel, bases, offs, steps, size, nThreads);
          }
        } catch (Throwable t) {
          if (t instanceof Error e && !(t instanceof StackOverflowError)) {
            throw e;
          }
          throw new UfuncException("ufunc '" + ufunc.name() + "' (loop " + sig.typeCodes() + ") failed: " + t, t);
        }
        return result;
      }
      int nops = nin + 1 + (mask != null ? 1 : 0);
      long[][] strides = new long[nops][];
      long[] offsets = new long[nops];
      for (int k = 0; k < nops; k++) {
        NDArray a = k < nin ? in[k] : k == nin ? result : mask;
        strides[k] = broadcastStrides(bridge.shapeRef(a), bridge.stridesRef(a), loopShape);
        offsets[k] = a.offset();
      }
      try {
        ElementwiseExecutor.execute(
            kernel, loopShape, bases, strides, offsets, mask == null ? null : bridge.storage(mask), parallel, nThreads);
      } catch (Throwable t) {
        if (t instanceof Error e && !(t instanceof StackOverflowError)) {
          throw e;
        }
        throw new UfuncException("ufunc '" + ufunc.name() + "' (loop " + sig.typeCodes() + ") failed: " + t, t);
      }
      return result;
    } finally {
      loop.afterCall(); // starts the deferred background generation of a new loop's kernels
    }
  }

  /**
   * The plan to keep after this call: a new one when repeating it with the same input objects is
   * safe (every argument an array used as given, no scalar converted, no overlap copy, in other
   * storage than the output, so that no move of a view can make an input overlap it), else the
   * current one.
   */
  private Plan planFor(Object[] args, NDArray[] in, Loop loop, DType[] opTypes, boolean[] nativeOps, Object[] bases, long[] steps, long size) {
    int nin = in.length;
    Plan p = plan;
    for (int i = 0; i < nin; i++) {
      if (args[i] != in[i] || in[i].mayShareMemory(out)) {
        return p;
      }
    }
    if (p != null && (p.a == in[0] && p.b == (nin > 1 ? in[1] : null) || ++planMisses < 16)) {
      return p;
    }
    planMisses = 0;
    return new Plan(in[0], nin > 1 ? in[1] : null, loop, opTypes.clone(), nativeOps.clone(), bases.clone(), steps.clone(), size);
  }

  /** The broadcast shape of inputs, mask and output; no allocation when all shapes are equal. */
  private long[] loopShape(NDArray[] in, ArrayBridge bridge) {
    long[] first = bridge.shapeRef(in[0]);
    boolean same = (where == null || Arrays.equals(bridge.shapeRef(where), first))
        && (out == null || Arrays.equals(bridge.shapeRef(out), first));
    for (int i = 1; same && i < in.length; i++) {
      same = Arrays.equals(bridge.shapeRef(in[i]), first);
    }
    if (same) {
      return first;
    }
    long[][] shapes = new long[in.length + (out != null ? 1 : 0) + (where != null ? 1 : 0)][];
    int s = 0;
    for (NDArray a : in) {
      shapes[s++] = bridge.shapeRef(a);
    }
    if (where != null) {
      shapes[s++] = bridge.shapeRef(where);
    }
    if (out != null) {
      shapes[s++] = bridge.shapeRef(out);
    }
    return Broadcast.shapes(shapes);
  }

  /** Strides of an array of {@code shape} broadcast to {@code loop}: 0 along stretched or new dims. */
  private static long[] broadcastStrides(long[] shape, long[] strides, long[] loop) {
    long[] out = new long[loop.length];
    int lead = loop.length - shape.length;
    for (int d = 0; d < shape.length; d++) {
      out[lead + d] = shape[d] == loop[lead + d] ? strides[d] : 0;
    }
    return out;
  }

  private Loop chooseLoop(DType[] given) {
    if (signature != null) {
      if (signature.inputs().length != ufunc.nin()) {
        throw new IllegalArgumentException(
            "signature " + signature.typeCodes() + " has " + signature.inputs().length + " inputs; ufunc '"
                + ufunc.name() + "' takes " + ufunc.nin());
      }
      Loop l = ufunc.exactLoop(signature);
      if (l == null) {
        throw new IllegalArgumentException(
            "No loop matching the specified signature " + signature.typeCodes() + " was found for ufunc '"
                + ufunc.name() + "'; loops: " + ufunc.types());
      }
      checkInputCasts(given, l);
      return l;
    }
    if (dtype != null) {
      DType[] in = ufunc.resolveInputs(given);
      for (Loop l : ufunc.loops()) {
        if (l.signature().output() == dtype && Ufunc.accepts(l.signature(), in, casting)) {
          return l;
        }
      }
      if (ufunc.isLazy()) {
        Loop l = ufunc.exactLoop(new LoopSignature(in.clone(), dtype));
        if (l != null) {
          return l;
        }
      }
      throw new IllegalArgumentException(
          "ufunc '" + ufunc.name() + "' has no loop with output " + dtype + " for inputs " + describe(given)
              + " under casting '" + casting.name().toLowerCase(Locale.ROOT) + "'; loops: " + ufunc.types());
    }
    Loop l = ufunc.select(given);
    if (l == null) {
      throw new IllegalArgumentException(
          "ufunc '" + ufunc.name() + "' not supported for the input types " + describe(given)
              + ": no loop takes them with safe casting; loops: " + ufunc.types());
    }
    return l;
  }

  private void checkInputCasts(DType[] given, Loop l) {
    for (int i = 0; i < given.length; i++) {
      if (!DType.canCast(given[i], l.signature().inputs()[i], casting)) {
        throw new IllegalArgumentException(
            "Cannot cast ufunc '" + ufunc.name() + "' input " + i + " from " + given[i] + " to "
                + l.signature().inputs()[i] + " with casting rule '" + casting.name().toLowerCase(Locale.ROOT) + "'");
      }
    }
  }

  private static String describe(DType[] ts) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < ts.length; i++) {
      sb.append(i > 0 ? ", " : "").append(ts[i]);
    }
    return sb.append(')').toString();
  }

  /** NEP 50: a Java scalar takes the arrays' type when its kind is not higher, else its default. */
  private static DType weakType(Object v, DType arrays, int i) {
    DType own;
    if (v instanceof Boolean) {
      own = DType.BOOL;
    } else if (v instanceof Double || v instanceof Float) {
      own = DType.FLOAT64;
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      own = DType.INT64;
    } else {
      throw new IllegalArgumentException(
          "argument " + i + " is a " + v.getClass().getName() + "; expected an NDArray or a Java number or boolean");
    }
    if (arrays == null) {
      return own;
    }
    return kindRank(own) <= kindRank(arrays) ? arrays : own;
  }

  private static int kindRank(DType t) {
    return t.isBool() ? 0 : t.isInteger() ? 1 : 2;
  }

  private NDArray scalarArray(Object v, DType type, int i) {
    if (v instanceof Boolean b) {
      NDArray a = NDArray.zeros(type);
      a.set(b, new long[0]);
      return a;
    }
    Number n = (Number) v;
    NDArray a = NDArray.zeros(type);
    if (v instanceof Double || v instanceof Float) {
      a.set(n.doubleValue(), new long[0]);
      return a;
    }
    long x = n.longValue();
    if (type.isInteger() && Storage.wrap(type, x) != x) {
      throw new IllegalArgumentException(
          "Java integer " + x + " (argument " + i + ") is out of bounds for " + type + " in ufunc '" + ufunc.name() + "'");
    }
    a.set(x, new long[0]);
    return a;
  }

  /**
   * NumPy's order 'K': follow the memory order of the first input that has the loop shape. The
   * output lives in native memory when every input of more than one element does (so the SIMD
   * kernel for native segments applies), else on the heap.
   */
  private static NDArray allocateOutput(DType type, long[] loopShape, NDArray[] in) {
    boolean allNative = false;
    for (NDArray a : in) {
      if (a.size() > 1) {
        if (!a.isNative()) {
          allNative = false;
          break;
        }
        allNative = true;
      }
    }
    if (allNative) {
      return NDArray.allocateNative(type, loopShape);
    }
    int nd = loopShape.length;
    for (NDArray a : in) {
      if (a.ndim() != nd || !Arrays.equals(a.shape(), loopShape) || a.isContiguous() || nd < 2) {
        continue;
      }
      long[] st = a.strides();
      Integer[] order = new Integer[nd];
      for (int d = 0; d < nd; d++) {
        order[d] = d;
      }
      org.ufunc4j.internal.index.StrideOrder.byMagnitudeDescending(order, st);
      long[] permShape = new long[nd];
      int[] inverse = new int[nd];
      for (int d = 0; d < nd; d++) {
        permShape[d] = loopShape[order[d]];
        inverse[order[d]] = d;
      }
      return NDArray.zeros(type, permShape).transpose(inverse);
    }
    return NDArray.zeros(type, loopShape);
  }

  /** True when {@code input} (broadcast to the loop) shares memory with {@code output} and is not the same view. */
  private static boolean overlaps(NDArray input, long[] loopShape, NDArray output, ArrayBridge bridge) {
    if (!input.mayShareMemory(output)) {
      return false;
    }
    Storage si = bridge.storage(input);
    Storage so = bridge.storage(output);
    long[] bi = broadcastStrides(bridge.shapeRef(input), bridge.stridesRef(input), loopShape);
    long[] bo = bridge.stridesRef(output);
    if (si == so && input.offset() == output.offset() && Arrays.equals(bi, bo)) {
      return false; // exact in place: each element is read before it is written at the same position
    }
    if (si != so) {
      return true; // distinct native segments over one address range: be safe
    }
    long[] ri = extent(input);
    long[] ro = extent(output);
    return ri[0] <= ro[1] && ro[0] <= ri[1];
  }

  /** The smallest and largest element index a view touches. */
  private static long[] extent(NDArray a) {
    long lo = a.offset();
    long hi = a.offset();
    long[] sh = a.shape();
    long[] st = a.strides();
    for (int d = 0; d < sh.length; d++) {
      long span = (sh[d] - 1) * st[d];
      if (span < 0) {
        lo += span;
      } else {
        hi += span;
      }
    }
    return new long[] {lo, hi};
  }
}
