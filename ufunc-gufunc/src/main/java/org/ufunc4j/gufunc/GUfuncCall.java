package org.ufunc4j.gufunc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ufunc4j.Casting;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.UfuncException;
import org.ufunc4j.internal.ArrayBridge;
import org.ufunc4j.internal.exec.WorkerPool;
import org.ufunc4j.internal.storage.Storage;

/**
 * A configured call of a {@link GUfunc}: target, threads, outputs, {@code where}, and NumPy's
 * {@code axes}, {@code axis} and {@code keepdims}. Immutable. Every check (types, shapes, core
 * sizes, outputs) happens before anything is written.
 */
public final class GUfuncCall {
  private final GUfunc g;
  private final Target target;
  private final int threads;
  private final NDArray[] outs;
  private final NDArray where;
  private final List<int[]> axes;
  private final Integer axis;
  private final boolean keepdims;

  private GUfuncCall(GUfunc g, Target target, int threads, NDArray[] outs, NDArray where, List<int[]> axes, Integer axis, boolean keepdims) {
    this.g = g;
    this.target = target;
    this.threads = threads;
    this.outs = outs;
    this.where = where;
    this.axes = axes;
    this.axis = axis;
    this.keepdims = keepdims;
  }

  static GUfuncCall defaults(GUfunc g) {
    return new GUfuncCall(g, Target.CPU, 0, null, null, null, null, false);
  }

  public GUfuncCall target(Target t) {
    if (t == null) {
      throw new IllegalArgumentException("target is null");
    }
    return new GUfuncCall(g, t, threads, outs, where, axes, axis, keepdims);
  }

  /** Uses {@code n} threads, the caller included; implies PARALLEL when n > 1. */
  public GUfuncCall threads(int n) {
    WorkerPool.checkThreads(n);
    return new GUfuncCall(g, n > 1 ? Target.PARALLEL : target, n, outs, where, axes, axis, keepdims);
  }

  /** Writes into these outputs (one per output of the layout). */
  public GUfuncCall out(NDArray... o) {
    if (o == null || o.length != g.nout()) {
      throw new IllegalArgumentException("gufunc '" + g.name() + "' has " + g.nout() + " output(s); got " + (o == null ? 0 : o.length));
    }
    for (NDArray a : o) {
      if (a == null) {
        throw new IllegalArgumentException("an out array is null");
      }
    }
    return new GUfuncCall(g, target, threads, o.clone(), where, axes, axis, keepdims);
  }

  /** Runs the kernel only for outer iterations where {@code mask} (broadcast to the loop shape) is true. */
  public GUfuncCall where(NDArray mask) {
    if (mask == null || mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException("where mask must be a bool array");
    }
    return new GUfuncCall(g, target, threads, outs, mask, axes, axis, keepdims);
  }

  /** NumPy's {@code axes}: per operand, the axes holding its core dimensions (negative allowed). */
  public GUfuncCall axes(int[]... ax) {
    if (ax == null || ax.length != g.nin() + g.nout()) {
      throw new IllegalArgumentException("axes needs one entry per operand (" + (g.nin() + g.nout()) + ")");
    }
    List<int[]> l = new ArrayList<>();
    for (int[] a : ax) {
      l.add(a == null ? new int[0] : a.clone());
    }
    return new GUfuncCall(g, target, threads, outs, where, l, null, keepdims);
  }

  /** NumPy's {@code axis}: for layouts whose operands have one core dimension (or none). */
  public GUfuncCall axis(int ax) {
    for (int[] c : g.layout().cores()) {
      if (c.length > 1) {
        throw new IllegalArgumentException("axis works for layouts with at most one core dimension per operand, not " + g.layout());
      }
    }
    return new GUfuncCall(g, target, threads, outs, where, null, ax, keepdims);
  }

  /**
   * NumPy's {@code keepdims}: outputs without core dimensions keep the inputs' core axes with
   * length 1. Needs every input to have the same number of core dimensions and outputs to have none.
   */
  public GUfuncCall keepdims(boolean keep) {
    Layout l = g.layout();
    if (keep) {
      for (int i = 0; i < l.cores().length; i++) {
        int n = l.cores()[i].length;
        if (i < l.nin() ? n != l.cores()[0].length : n != 0) {
          throw new IllegalArgumentException("keepdims needs inputs with equal core dimensions and outputs without any, not " + g.layout());
        }
      }
    }
    return new GUfuncCall(g, target, threads, outs, where, axes, axis, keep);
  }

  /** Applies and returns the first output. */
  public NDArray apply(Object... args) {
    return applyAll(args)[0];
  }

  /**
   * Applies and returns every output. Arguments are NDArrays or Java scalars (weak: they take the
   * arrays' type).
   *
   * @throws IllegalArgumentException for wrong argument counts, dtypes no loop takes, shapes that
   *     do not broadcast, core sizes that disagree, or outputs of the wrong shape or dtype
   * @throws UfuncException when the kernel threw, on any thread (the original is the cause)
   */
  public NDArray[] applyAll(Object... args) {
    Layout layout = g.layout();
    int nin = layout.nin();
    int nout = layout.nout();
    if (args == null || args.length != nin) {
      throw new IllegalArgumentException("gufunc '" + g.name() + "' takes " + nin + " input(s), got " + (args == null ? 0 : args.length));
    }
    // 1. inputs as arrays; weak scalars take the arrays' type
    DType common = null;
    for (Object a : args) {
      if (a instanceof NDArray x) {
        common = common == null ? x.dtype() : DType.promote(common, x.dtype());
      } else if (a == null) {
        throw new IllegalArgumentException("a gufunc argument is null");
      }
    }
    DType[] given = new DType[nin];
    NDArray[] in = new NDArray[nin];
    for (int i = 0; i < nin; i++) {
      in[i] = asArray(args[i], common, i);
      given[i] = in[i].dtype();
    }
    DType[] outTypes = null;
    if (outs != null) {
      outTypes = new DType[nout];
      for (int o = 0; o < nout; o++) {
        outTypes[o] = outs[o].dtype();
      }
    }
    GufuncSignature loop = g.select(given, outTypes);
    if (loop == null) {
      throw new IllegalArgumentException(
          "gufunc '" + g.name() + "' not supported for the input types " + Arrays.toString(given) + "; loops: " + g.types());
    }
    for (int i = 0; i < nin; i++) {
      if (in[i].dtype() != loop.types()[i]) {
        in[i] = in[i].astype(loop.types()[i], Casting.SAFE);
      }
    }
    // 2. axes (from axis), keepdims on given outputs
    List<int[]> ax = axes;
    if (axis != null) {
      ax = new ArrayList<>();
      for (int[] c : layout.cores()) {
        ax.add(c.length == 1 ? new int[] {axis} : new int[0]);
      }
    }
    NDArray[] givenOuts = outs == null ? null : outs.clone();
    int[] keptAxes = null;
    if (keepdims) {
      keptAxes = ax != null ? ax.get(0) : defaultCoreAxes(in[0].ndim(), layout.cores()[0].length);
      if (givenOuts != null) {
        for (int o = 0; o < nout; o++) {
          givenOuts[o] = givenOuts[o].squeeze(normalize(keptAxes, givenOuts[o].ndim()));
        }
      }
    }
    List<int[]> resolveAxes = ax;
    if (keepdims && ax != null) {
      resolveAxes = new ArrayList<>(ax.subList(0, nin));
      for (int o = 0; o < nout; o++) {
        resolveAxes.add(new int[0]);
      }
    }
    // 3. shapes
    CoreShapes shapes = CoreShapes.resolve(layout, in, givenOuts, resolveAxes, g.sizes());
    // 4. outputs (core dims last); temporaries where a given out has another dtype
    NDArray[] work = new NDArray[nout];
    NDArray[] results = new NDArray[nout];
    for (int o = 0; o < nout; o++) {
      DType t = loop.types()[nin + o];
      if (givenOuts != null) {
        NDArray out = givenOuts[o];
        if (out.isReadOnly()) {
          throw new IllegalArgumentException("output " + o + " of gufunc '" + g.name() + "' is read-only");
        }
        if (!DType.canCast(t, out.dtype(), Casting.SAME_KIND)) {
          throw new IllegalArgumentException(
              "Cannot cast gufunc '" + g.name() + "' output " + o + " from " + t + " to " + out.dtype() + " with casting rule 'same_kind'");
        }
        int[] perm = shapes.outputPerms[o];
        NDArray v = perm == null ? out : out.transpose(perm);
        work[o] = out.dtype() == t ? v : NDArray.zeros(t, shapes.outputShapes[o]);
        results[o] = outs[o];
      } else {
        work[o] = NDArray.zeros(t, shapes.outputShapes[o]);
        int[] perm = ax == null || keepdims ? null
            : CoreShapes.permutation(shapes.outputShapes[o].length, layout.cores()[nin + o].length - missingCount(layout, nin + o, shapes.missing), ax.get(nin + o), nin + o);
        NDArray r = perm == null ? work[o] : work[o].transpose(inverse(perm));
        if (keepdims) {
          for (int a : normalize(keptAxes, r.ndim() + keptAxes.length)) {
            r = r.expandDims(a);
          }
        }
        results[o] = r;
      }
    }
    // 5. inputs that share memory with an output are copied first (a core kernel reads whole rows)
    for (int i = 0; i < nin; i++) {
      for (NDArray w : work) {
        if (shapes.inputs[i].mayShareMemory(w)) {
          shapes.inputs[i] = shapes.inputs[i].copy();
          break;
        }
      }
    }
    // 6. operands, mask, parallelOver, run
    ArrayBridge bridge = ArrayBridge.get();
    long[] loopShape = shapes.loopShape;
    CoreLoop.Operand[] ops = new CoreLoop.Operand[nin + nout];
    for (int k = 0; k < nin + nout; k++) {
      NDArray a = k < nin ? shapes.inputs[k] : work[k - nin];
      ops[k] = operand(bridge, a, layout, k, shapes, loopShape, k >= nin);
    }
    Storage maskStorage = null;
    long maskOffset = 0;
    long[] maskStrides = null;
    if (where != null) {
      NDArray m = where.broadcastTo(loopShape);
      maskStorage = bridge.storage(m);
      maskOffset = m.offset();
      maskStrides = m.strides();
    }
    int[] split = null;
    long splitSize = 0;
    if (g.parallelOverDim() != null) {
      int d = layout.dimIndex(g.parallelOverDim());
      split = new int[nin + nout];
      for (int k = 0; k < split.length; k++) {
        split[k] = -1;
        int[] core = layout.cores()[k];
        for (int j = 0; j < core.length; j++) {
          if (core[j] == d) {
            split[k] = j;
          }
        }
      }
      splitSize = shapes.dimSizes[d];
    }
    boolean outputsDisjoint = true;
    for (int i = 0; i < work.length; i++) {
      for (int j = i + 1; j < work.length; j++) {
        outputsDisjoint &= !work[i].mayShareMemory(work[j]);
      }
    }
    CoreLoop loopRun = new CoreLoop(g.kernel(), g.rowLoop(), ops, nin, loopShape, maskStorage, maskOffset, maskStrides, split, splitSize,
        outputsDisjoint);
    boolean parallel = target == Target.PARALLEL;
    int n = parallel ? (threads > 0 ? threads : WorkerPool.defaultThreads()) : 1;
    try {
      loopRun.run(parallel, n);
    } catch (Throwable t) {
      if (t instanceof Error e && !(t instanceof StackOverflowError)) {
        throw e;
      }
      throw new UfuncException("gufunc '" + g.name() + "' kernel failed: " + t, t);
    }
    // 7. temporaries into the given outputs
    if (givenOuts != null) {
      for (int o = 0; o < nout; o++) {
        if (givenOuts[o].dtype() != work[o].dtype()) {
          int[] perm = shapes.outputPerms[o];
          NDArray v = perm == null ? givenOuts[o] : givenOuts[o].transpose(perm);
          v.assign(work[o]);
        }
      }
    }
    return results;
  }

  private static CoreLoop.Operand operand(ArrayBridge bridge, NDArray a, Layout layout, int k, CoreShapes shapes, long[] loopShape, boolean writable) {
    int[] core = layout.cores()[k];
    int present = core.length - missingCount(layout, k, shapes.missing);
    long[] sh = a.shape();
    long[] st = a.strides();
    int lead = sh.length - present;
    long[] loopStrides = new long[loopShape.length];
    int shift = loopShape.length - lead;
    for (int d = 0; d < lead; d++) {
      loopStrides[shift + d] = sh[d] == loopShape[shift + d] ? st[d] : 0;
    }
    long[] coreShape = new long[core.length];
    long[] coreStrides = new long[core.length];
    int p = lead;
    for (int j = 0; j < core.length; j++) {
      if (shapes.missing[core[j]]) {
        coreShape[j] = 1;
        coreStrides[j] = 0;
      } else {
        coreShape[j] = sh[p];
        coreStrides[j] = st[p];
        p++;
      }
    }
    Storage s = bridge.storage(a);
    return new CoreLoop.Operand(s, a.dtype(), a.offset(), loopStrides, coreShape, coreStrides, writable);
  }

  private static int missingCount(Layout layout, int k, boolean[] missing) {
    int m = 0;
    for (int d : layout.cores()[k]) {
      if (missing[d]) {
        m++;
      }
    }
    return m;
  }

  private static int[] defaultCoreAxes(int ndim, int k) {
    int[] r = new int[k];
    for (int j = 0; j < k; j++) {
      r[j] = ndim - k + j;
    }
    return r;
  }

  private static int[] normalize(int[] ax, int ndim) {
    int[] r = new int[ax.length];
    for (int j = 0; j < ax.length; j++) {
      r[j] = ax[j] < 0 ? ax[j] + ndim : ax[j];
    }
    Arrays.sort(r);
    return r;
  }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  private NDArray asArray(Object v, DType common, int i) {
    if (v instanceof NDArray a) {
      return a;
    }
    DType own;
    if (v instanceof Boolean) {
      own = DType.BOOL;
    } else if (v instanceof Double || v instanceof Float) {
      own = DType.FLOAT64;
    } else if (v instanceof Number) {
      own = DType.INT64;
    } else {
      throw new IllegalArgumentException("argument " + i + " is a " + v.getClass().getName() + "; expected an NDArray or a number");
    }
    DType t = common == null ? own : (rank(own) <= rank(common) ? common : own);
    if (v instanceof Boolean b) {
      NDArray a = NDArray.zeros(t);
      a.set(b, new long[0]);
      return a;
    }
    return v instanceof Double || v instanceof Float ? NDArray.full(t, ((Number) v).doubleValue()) : NDArray.full(t, ((Number) v).longValue());
  }

  private static int rank(DType t) {
    return t.isBool() ? 0 : t.isInteger() ? 1 : 2;
  }
}
