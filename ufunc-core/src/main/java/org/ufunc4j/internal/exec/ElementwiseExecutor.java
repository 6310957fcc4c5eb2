package org.ufunc4j.internal.exec;

import java.util.Arrays;
import org.ufunc4j.NDArray;
import org.ufunc4j.internal.ArrayBridge;
import org.ufunc4j.internal.storage.Storage;

/**
 * Runs a {@link LoopKernel} over operands that all have the loop shape (inputs already broadcast).
 *
 * <p>The plan: drop length-1 dimensions, order the rest by the first output's strides (largest
 * first, so the inner loop runs along memory), coalesce dimensions that are contiguous for every
 * operand, then cut every inner run into blocks of {@link #BLOCK} elements counted from the run's
 * start. Blocks are the unit of work on every target, so a PARALLEL call computes exactly what a
 * CPU call computes (a SIMD kernel's vector/tail split falls at the same elements).
 */
public final class ElementwiseExecutor {
  /** Elements per block: a multiple of every lane count, small enough for L1/L2-resident scratch. */
  public static final int BLOCK = 2048;

  private final LoopKernel kernel;
  private final Object[] bases;
  private final int nk; // operands passed to the kernel
  private final long[] shape; // after coalescing; at least one dimension
  private final long[][] strides; // [operand][dim], mask last when present
  private final long[] offsets;
  private final Storage mask;
  private final long inner;
  private final long blocksPerRun;
  private final long items;

  private ElementwiseExecutor(LoopKernel kernel, NDArray[] ops, NDArray maskView) {
    ArrayBridge bridge = ArrayBridge.get();
    this.kernel = kernel;
    this.nk = ops.length;
    int n = ops.length + (maskView != null ? 1 : 0);
    NDArray[] all = Arrays.copyOf(ops, n);
    if (maskView != null) {
      all[n - 1] = maskView;
    }
    this.bases = new Object[nk];
    for (int k = 0; k < nk; k++) {
      Storage s = bridge.storage(ops[k]);
      bases[k] = s.isNative() ? s.segment() : s.array();
    }
    this.mask = maskView != null ? bridge.storage(maskView) : null;
    this.offsets = new long[n];
    long[] loopShape = all[0].shape();
    long[][] st = new long[n][];
    for (int k = 0; k < n; k++) {
      st[k] = all[k].strides();
      offsets[k] = all[k].offset();
    }
    // 1. drop length-1 dims
    int nd = 0;
    int[] keep = new int[loopShape.length];
    for (int d = 0; d < loopShape.length; d++) {
      if (loopShape[d] != 1) {
        keep[nd++] = d;
      }
    }
    // 2. order by the first output's |stride|, largest first (stable)
    int outIdx = Math.min(nk - 1, Math.max(0, nk - 1));
    Integer[] order = new Integer[nd];
    for (int i = 0; i < nd; i++) {
      order[i] = keep[i];
    }
    long[] ref = st[outIdx];
    Arrays.sort(order, (a, b) -> Long.compare(Math.abs(ref[b]), Math.abs(ref[a])));
    // 3. coalesce
    long[] sh = new long[Math.max(nd, 1)];
    long[][] ss = new long[n][Math.max(nd, 1)];
    int m = 0;
    if (nd == 0) {
      sh[0] = 1;
      m = 1;
    }
    for (int i = 0; i < nd; i++) {
      int d = order[i];
      if (m > 0 && coalescible(st, d, sh[m - 1], ss, m - 1, loopShape[d])) {
        for (int k = 0; k < n; k++) {
          ss[k][m - 1] = st[k][d];
        }
        sh[m - 1] *= loopShape[d];
        continue;
      }
      sh[m] = loopShape[d];
      for (int k = 0; k < n; k++) {
        ss[k][m] = st[k][d];
      }
      m++;
    }
    this.shape = Arrays.copyOf(sh, m);
    this.strides = new long[n][];
    for (int k = 0; k < n; k++) {
      strides[k] = Arrays.copyOf(ss[k], m);
    }
    this.inner = shape[m - 1];
    this.blocksPerRun = Math.max(1, (inner + BLOCK - 1) / BLOCK);
    long outer = 1;
    for (int d = 0; d < m - 1; d++) {
      outer *= shape[d];
    }
    this.items = inner == 0 ? 0 : outer * blocksPerRun;
  }

  /** Dimension d (length len) can merge into the previous one if it continues it for all operands. */
  private static boolean coalescible(long[][] st, int d, long prevLen, long[][] ss, int prev, long len) {
    for (int k = 0; k < st.length; k++) {
      if (ss[k][prev] != st[k][d] * len) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs the kernel. {@code ops} are the kernel's operands with the loop shape (inputs, then
   * outputs); {@code mask} (nullable) is a bool array with the loop shape: only where it is true
   * are outputs written.
   */
  public static void execute(LoopKernel kernel, NDArray[] ops, NDArray mask, boolean parallel, int threads)
      throws Throwable {
    for (NDArray op : ops) {
      if (op.size() == 0) {
        return;
      }
    }
    ElementwiseExecutor ex = new ElementwiseExecutor(kernel, ops, mask);
    if (ex.items == 0) {
      return;
    }
    long total = ex.items / ex.blocksPerRun * ex.inner;
    if (!parallel || threads <= 1 || total < 2L * BLOCK) {
      ex.runItems(0, ex.items);
      return;
    }
    // Calibrate: time the first block on the caller, then split the rest only if it pays.
    long t0 = System.nanoTime();
    ex.runItems(0, 1);
    long firstLen = Math.min(BLOCK, ex.inner);
    double perElement = (double) (System.nanoTime() - t0) / firstLen;
    if (perElement * (total - firstLen) < WorkerPool.thresholdNanos() || ex.items == 1) {
      if (ex.items > 1) {
        ex.runItems(1, ex.items);
      } else {
        return;
      }
      return;
    }
    WorkerPool.run(ex.items - 1, threads, (s, e) -> ex.runItems(s + 1, e + 1));
  }

  /** Runs items {@code [s, e)}: item i is block {@code i % blocksPerRun} of outer run {@code i / blocksPerRun}. */
  void runItems(long s, long e) {
    int n = offsets.length;
    int nd = shape.length;
    int last = nd - 1;
    long[] idx = new long[nd];
    long[] base = new long[n];
    long run = s / blocksPerRun;
    long blk = s % blocksPerRun;
    // multi-index of the outer run
    long r = run;
    for (int d = last - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r /= shape[d];
    }
    for (int k = 0; k < n; k++) {
      long o = offsets[k];
      for (int d = 0; d < last; d++) {
        o += idx[d] * strides[k][d];
      }
      base[k] = o;
    }
    long[] offs = new long[nk];
    long[] steps = new long[nk];
    for (int k = 0; k < nk; k++) {
      steps[k] = strides[k][last];
    }
    for (long i = s; i < e; i++) {
      long start = blk * BLOCK;
      long len = Math.min(BLOCK, inner - start);
      for (int k = 0; k < nk; k++) {
        offs[k] = base[k] + start * steps[k];
      }
      if (mask == null) {
        kernel.run(bases, offs, steps, len);
      } else {
        runMasked(offs, steps, len, base[n - 1] + start * strides[n - 1][last], strides[n - 1][last]);
      }
      if (++blk == blocksPerRun) {
        blk = 0;
        // advance the outer odometer
        for (int d = last - 1; d >= 0; d--) {
          if (++idx[d] < shape[d]) {
            for (int k = 0; k < n; k++) {
              base[k] += strides[k][d];
            }
            break;
          }
          idx[d] = 0;
          for (int k = 0; k < n; k++) {
            base[k] -= strides[k][d] * (shape[d] - 1);
          }
        }
      }
    }
  }

  /** Calls the kernel on each run of consecutive selected elements of one block. */
  private void runMasked(long[] offs, long[] steps, long len, long mOff, long mStep) {
    long[] sub = new long[nk];
    long i = 0;
    while (i < len) {
      while (i < len && !mask.getBoolean(mOff + i * mStep)) {
        i++;
      }
      long a = i;
      while (i < len && mask.getBoolean(mOff + i * mStep)) {
        i++;
      }
      if (i > a) {
        for (int k = 0; k < nk; k++) {
          sub[k] = offs[k] + a * steps[k];
        }
        kernel.run(bases, sub, steps, i - a);
      }
    }
  }
}
