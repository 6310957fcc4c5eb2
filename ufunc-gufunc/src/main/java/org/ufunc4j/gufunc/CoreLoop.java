package org.ufunc4j.gufunc;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.ufunc4j.DType;
import org.ufunc4j.internal.exec.WorkerPool;
import org.ufunc4j.internal.storage.Storage;

/**
 * Runs a gufunc kernel over the outer (loop) dimensions. Each worker binds its own {@link Core} and
 * views once and moves them from iteration to iteration, so nothing is allocated per iteration.
 *
 * <p>PARALLEL: the threads claim runs of outer iterations from a shared counter, each run about
 * 50 us of work. When there are fewer outer iterations than threads and the gufunc declared an
 * elementwise core dimension ({@code parallelOver}), each iteration is also cut along that
 * dimension into pieces claimed one at a time, so a single (nx, ny) block still keeps every core
 * busy.
 */
final class CoreLoop {
  /** One operand: its memory, its strides over the loop shape, and its core. */
  record Operand(Storage storage, DType type, long offset, long[] loopStrides, long[] coreShape, long[] coreStrides, boolean writable) {}

  private final CoreKernel kernel;
  private final RowRunner rows;
  private final Operand[] ops;
  private final int nin;
  private final long[] loopShape;
  private final long outer;
  private final Storage mask;
  private final long maskOffset;
  private final long[] maskStrides;
  /** Per operand, the core axis cut by parallelOver (-1: none); and the cut dimension's size. */
  private final int[] splitAxis;
  private final long splitSize;
  /** Outer iterations joined into each remaining one (1: none), and the split size before joining. */
  private final long joined;
  private final long rowSplit;
  private int pieces = 1;
  // set when a kernel threw on some thread: the others stop claiming items
  private volatile boolean failed;

  /** parallelOver pieces per thread when there are fewer outer iterations than threads. */
  static final int PIECES_PER_THREAD = 64;
  /** Target duration of one claim of outer iterations on the PARALLEL target. */
  private static final double CLAIM_NANOS = 50_000;

  CoreLoop(CoreKernel kernel, RowRunner rows, Operand[] ops, int nin, long[] loopShape, Storage mask, long maskOffset,
      long[] maskStrides, int[] splitAxis, long splitSize, boolean outputsDisjoint) {
    this.kernel = kernel;
    this.rows = rows;
    this.nin = nin;
    this.rowSplit = splitSize;
    // outputs that overlap each other get the per-iteration write order (NumPy leaves it undefined)
    int folded = mask == null && splitAxis != null && outputsDisjoint ? foldableLoopDims(ops, loopShape, splitAxis, splitSize) : 0;
    long join = 1;
    if (folded > 0) {
      // The kernel is elementwise along the split dimension and the trailing loop dimensions
      // continue it in memory for every operand: one kernel call covers several outer iterations
      // (W6's (ny),(ny)->(ny) over contiguous rows becomes one long row, like NumPy's coalescing
      // of an elementwise loop), and PARALLEL cuts that row into pieces.
      int keep = loopShape.length - folded;
      long joined = 1;
      for (int d = keep; d < loopShape.length; d++) {
        joined *= loopShape[d];
      }
      Operand[] merged = new Operand[ops.length];
      for (int k = 0; k < ops.length; k++) {
        Operand op = ops[k];
        long[] shape = op.coreShape().clone();
        if (splitAxis[k] >= 0) {
          shape[splitAxis[k]] *= joined;
        }
        merged[k] = new Operand(op.storage(), op.type(), op.offset(), Arrays.copyOf(op.loopStrides(), keep), shape,
            op.coreStrides(), op.writable());
      }
      ops = merged;
      loopShape = Arrays.copyOf(loopShape, keep);
      splitSize *= joined;
      join = joined;
    }
    this.joined = join;
    this.ops = ops;
    this.loopShape = loopShape;
    long n = 1;
    for (long s : loopShape) {
      n *= s;
    }
    this.outer = n;
    this.mask = mask;
    this.maskOffset = maskOffset;
    this.maskStrides = maskStrides;
    this.splitAxis = splitAxis;
    this.splitSize = splitSize;
  }

  /**
   * How many trailing loop dimensions can be folded into the elementwise (split) core dimension:
   * for each, every operand with that core axis must continue it exactly (loop stride = core
   * stride * core size so far), and every operand without it must not move along the loop
   * dimension (stride 0). A split axis of stride 0 folds only loop dimensions of stride 0, which
   * keeps it one repeated element. Empty loop spaces fold nothing.
   */
  static int foldableLoopDims(Operand[] ops, long[] loopShape, int[] splitAxis, long splitSize) {
    for (long s : loopShape) {
      if (s == 0) {
        return 0;
      }
    }
    int folded = 0;
    long size = splitSize;
    for (int d = loopShape.length - 1; d >= 0; d--) {
      if (loopShape[d] == 1) {
        folded++; // a length-1 dimension's stride is arbitrary (expandDims, slicing): it joins
        continue;
      }
      for (int k = 0; k < ops.length; k++) {
        Operand op = ops[k];
        int ax = splitAxis[k];
        long want = ax >= 0 ? op.coreStrides()[ax] * size : 0;
        if (op.loopStrides()[d] != want) {
          return folded;
        }
      }
      size *= loopShape[d];
      folded++;
    }
    return folded;
  }

  void run(boolean parallel, int threads) throws Throwable {
    if (outer == 0) {
      return;
    }
    for (Operand op : ops) {
      for (long s : op.coreShape()) {
        if (s == 0 && op.writable()) {
          return; // an empty output core: nothing to compute (NumPy still calls nothing)
        }
      }
    }
    if (!parallel || threads <= 1) {
      new Walker().run(0, outer);
      return;
    }
    if (outer < threads && splitAxis != null && splitSize > 1) {
      // Many small pieces: the caller runs the first one alone (to time it), and the threads claim
      // the rest one by one, so neither the timed piece nor the last claims leave a thread idle
      // for long. W6 (nx,ny) T2, medians of about 10 runs: 16 pieces per thread in the pool's
      // chunks of 4, 20.4 ms (up to 23.5); 64 claimed one by one, 20.0 ms; floor T1 / 2 = 18.5.
      pieces = (int) Math.min(splitSize, (long) threads * PIECES_PER_THREAD);
    } else if (joined > 1 && outer < (long) threads * PIECES_PER_THREAD) {
      // joined iterations are big: a few of them (2 for 2 threads, 3, ...) would leave the
      // caller's timed first one running alone, so they are cut into pieces too
      pieces = (int) Math.min(splitSize, ((long) threads * PIECES_PER_THREAD + outer - 1) / outer);
    }
    long items = outer * pieces;
    Walker first = new Walker();
    if (items == 1) {
      first.run(0, 1);
      return;
    }
    long t0 = System.nanoTime();
    first.run(0, 1);
    double perItem = Math.max(1, System.nanoTime() - t0);
    if (perItem * (items - 1) < WorkerPool.thresholdNanos()) {
      first.run(1, items);
      return;
    }
    long grain = pieces > 1 ? 1 : grain(items - 1, threads, perItem);
    AtomicLong next = new AtomicLong(1);
    // Self-scheduling: each thread that joins the pool's job binds its views once, then claims
    // runs of `grain` items from the shared counter until none are left. The pool's own chunks (4
    // per thread) are too coarse for a balanced end on a shared 2-vCPU machine.
    WorkerPool.run(threads, threads, (s, e) -> {
      Walker w = new Walker();
      long i;
      while (!failed && (i = next.getAndAdd(grain)) < items) {
        try {
          w.run(i, Math.min(items, i + grain));
        } catch (Throwable t) {
          failed = true; // the other threads stop claiming; the pool rethrows t
          throw t;
        }
      }
    });
  }

  /**
   * Items per claim when every item is one outer iteration: about {@link #CLAIM_NANOS} of work by
   * the timed first item, but at least 1/256 and at most 1/32 of a thread's share, so that a cold
   * (slow) first item does not make claims tiny and a cheap kernel does not fight over the counter.
   */
  static long grain(long items, int threads, double perItemNanos) {
    long byTime = (long) Math.ceil(CLAIM_NANOS / perItemNanos);
    long min = Math.max(1, items / ((long) threads * 256));
    long max = Math.max(1, items / ((long) threads * 32));
    return Math.max(min, Math.min(max, byTime));
  }

  /**
   * One thread's state: its views and {@link Core}, bound once, moved to any run of items. Item i is
   * piece {@code i % pieces} of outer iteration {@code i / pieces}.
   */
  private final class Walker {
    private final CoreView[] views;
    private final Core core;
    private final long[] idx = new long[loopShape.length];
    private final long[] base = new long[ops.length];
    private final long[] step = new long[ops.length];

    Walker() {
      int n = ops.length;
      views = new CoreView[n];
      DType[] types = new DType[n];
      for (int k = 0; k < n; k++) {
        Operand op = ops[k];
        types[k] = op.type();
        views[k] = Core.newView(op.type(), op.coreShape().length, op.writable());
        views[k].bind(op.storage(), op.coreShape(), op.coreStrides());
      }
      core = new Core(views, types, nin);
    }

    /** Runs items {@code [s, e)}. */
    void run(long s, long e) {
      int n = ops.length;
      CoreView[] views = this.views;
      Core core = this.core;
      int nd = loopShape.length;
      long[] idx = this.idx;
      long first = s / pieces;
      long r = first;
      for (int d = nd - 1; d >= 0; d--) {
        idx[d] = r % loopShape[d];
        r /= loopShape[d];
      }
      long[] base = this.base;
      long maskPos = maskOffset;
      for (int k = 0; k < n; k++) {
        long o = ops[k].offset();
        for (int d = 0; d < nd; d++) {
          o += idx[d] * ops[k].loopStrides()[d];
        }
        base[k] = o;
      }
      if (mask != null) {
        for (int d = 0; d < nd; d++) {
          maskPos += idx[d] * maskStrides[d];
        }
      }
      if (pieces == 1) {
        // The common case: one kernel call per outer iteration. The innermost loop dimension is
        // walked with hoisted strides; the full odometer moves only when it wraps.
        int last = nd - 1;
        long[] step = this.step;
        long innerLen = nd == 0 ? 1 : loopShape[last];
        for (int k = 0; k < n; k++) {
          step[k] = nd == 0 ? 0 : ops[k].loopStrides()[last];
        }
        long maskStep = mask != null && nd > 0 ? maskStrides[last] : 0;
        long it = s;
        while (it < e) {
          long j = nd == 0 ? 0 : idx[last];
          long stop = Math.min(e, it + (innerLen - j));
          if (mask == null) {
            // the gufunc's own row loop: the kernel call there is monomorphic and inlined
            rows.run(kernel, core, views, base, step, it * joined, joined, stop - it);
            for (int k = 0; k < n; k++) {
              base[k] += step[k] * (stop - it);
            }
            it = stop;
          }
          for (; it < stop; it++) {
            if (mask == null || mask.getBoolean(maskPos)) {
              core.outerIndex = it * joined;
              for (int k = 0; k < n; k++) {
                views[k].offset = base[k];
              }
              kernel.run(core);
            }
            for (int k = 0; k < n; k++) {
              base[k] += step[k];
            }
            maskPos += maskStep;
          }
          if (it < e) {
            // undo the step past the end of the row, then move the odometer
            for (int k = 0; k < n; k++) {
              base[k] -= step[k];
            }
            maskPos -= maskStep;
            if (nd > 0) {
              idx[last] = innerLen - 1;
            }
            maskPos = advance(idx, base, maskPos, nd);
          }
        }
        return;
      }
      long piece = s % pieces;
      for (long i = s; i < e; i++) {
        if (mask == null || mask.getBoolean(maskPos)) {
          long lo = piece * splitSize / pieces;
          long hi = (piece + 1) * splitSize / pieces;
          // the first original outer iteration in this piece (joined iterations are rowSplit long)
          core.outerIndex = (i / pieces) * joined + lo / rowSplit;
          for (int k = 0; k < n; k++) {
            int ax = splitAxis[k];
            views[k].offset = base[k] + (ax >= 0 ? lo * ops[k].coreStrides()[ax] : 0);
            if (ax >= 0) {
              views[k].shape[ax] = hi - lo;
              views[k].cacheDims();
            }
          }
          kernel.run(core);
        }
        if (++piece == pieces) {
          piece = 0;
          maskPos = advance(idx, base, maskPos, nd);
        }
      }
    }
  }

  /** Moves the outer odometer one step; returns the new mask position. */
  private long advance(long[] idx, long[] base, long maskPos, int nd) {
    int n = ops.length;
    for (int d = nd - 1; d >= 0; d--) {
      if (++idx[d] < loopShape[d]) {
        for (int k = 0; k < n; k++) {
          base[k] += ops[k].loopStrides()[d];
        }
        return mask != null ? maskPos + maskStrides[d] : maskPos;
      }
      idx[d] = 0;
      for (int k = 0; k < n; k++) {
        base[k] -= ops[k].loopStrides()[d] * (loopShape[d] - 1);
      }
      if (mask != null) {
        maskPos -= maskStrides[d] * (loopShape[d] - 1);
      }
    }
    return maskPos;
  }
}
