package org.ufunc4j.internal.exec;

import java.util.Arrays;
import org.ufunc4j.internal.storage.Storage;

/**
 * Runs a {@link LoopKernel} over operands described by their strides over the loop shape (inputs
 * already broadcast: stride 0 along broadcast dimensions).
 *
 * <p>The plan: when every operand is either C-contiguous over the loop shape or a broadcast scalar
 * (the common case), the loop is one flat run. Otherwise drop length-1 dimensions, order the rest
 * by the output's strides (largest first, so the inner loop runs along memory), and coalesce
 * dimensions that are contiguous for every operand. Each inner run is cut into blocks of {@link
 * #BLOCK} elements counted from the run's start. Blocks are the unit of work on every target, so a
 * PARALLEL call computes exactly what a CPU call computes (a SIMD kernel's vector/tail split falls
 * at the same elements whatever the thread count).
 */
public final class ElementwiseExecutor {
  /** Elements per block: a multiple of every lane count, small enough for L1/L2-resident scratch. */
  public static final int BLOCK = 2048;

  /**
   * Elements per kernel call of a flat run: whole blocks, so the vector/tail split still falls
   * where block-by-block calls put it (BLOCK is a multiple of every lane count and of the grouped
   * loop's four vectors), and every element gets the same bits. One call per block cost W1 (float32
   * 512^3, two threads) about 10% in per-call setup against a hand-written loop.
   */
  public static final int RUN = 16 * BLOCK;

  /**
   * Block length when an operand is transposed against the inner loop (its inner stride is
   * larger than its stride along the next dimension, as a.T against a C-ordered output): blocks
   * are then visited block-major, all outer runs of one column strip before the next, so the
   * strided operand's cache lines (one per element of a strip) stay in L1 from one outer run to
   * the next. 128 lines = 8 KiB. A multiple of every lane count.
   */
  static final int TILE = 128;

  /**
   * Outer runs handled together when an input is transposed against the inner loop: its {@code
   * GROUP} elements of one memory line are copied at once into a per-thread tile, so each line is
   * read once. Without this, a transposed 512x512 float64 input (rows 4 KiB apart) maps every
   * element of a strip to the same L1 set and re-reads each line from L2 eight times.
   */
  static final int GROUP = 8;

  private final LoopKernel kernel;
  private final Object[] bases;
  private final int nk; // operands passed to the kernel
  private final long[] shape; // after coalescing; at least one dimension
  private final long[][] strides; // [operand][dim], mask last when present
  private final long[] offsets;
  private final Storage mask;
  private final long inner;
  private final long blockLen;
  private final boolean blockMajor;
  private final long outerRuns;
  // inputs copied tile-wise in block-major order (heap arrays whose next-outer stride is +-1)
  private final boolean[] gathered;
  private final long blocksPerRun;
  private final long items;

  private ElementwiseExecutor(
      LoopKernel kernel, long[] loopShape, Object[] bases, long[][] opStrides, long[] opOffsets, Storage mask) {
    this.kernel = kernel;
    this.bases = bases;
    this.nk = bases.length;
    this.mask = mask;
    int n = opStrides.length;
    this.offsets = opOffsets;
    long size = 1;
    for (long s : loopShape) {
      size *= s;
    }
    if (isFlat(loopShape, opStrides)) {
      this.shape = new long[] {size};
      this.strides = new long[n][1];
      for (int k = 0; k < n; k++) {
        strides[k][0] = isZero(opStrides[k]) && size > 1 ? 0 : 1;
      }
    } else {
      long[][] ss = new long[n][];
      this.shape = plan(loopShape, opStrides, nk - 1, ss);
      this.strides = ss;
    }
    int m = shape.length;
    this.inner = shape[m - 1];
    this.blockMajor = m >= 2 && inner > TILE && transposed(strides, nk, m);
    this.blockLen = blockMajor ? TILE : BLOCK;
    this.blocksPerRun = Math.max(1, (inner + blockLen - 1) / blockLen);
    long outer = 1;
    for (int d = 0; d < m - 1; d++) {
      outer *= shape[d];
    }
    this.outerRuns = outer;
    this.gathered = new boolean[nk];
    if (blockMajor && mask == null) {
      for (int k = 0; k < nk - 1; k++) {
        gathered[k] = !(bases[k] instanceof java.lang.foreign.MemorySegment)
            && Math.abs(strides[k][m - 2]) == 1 && Math.abs(strides[k][m - 1]) > 1;
      }
    }
    this.items = inner == 0 ? 0 : outer * blocksPerRun;
  }

  /** True when a kernel operand walks memory across the inner loop (see {@link #TILE}). */
  private static boolean transposed(long[][] strides, int nk, int m) {
    for (int k = 0; k < nk; k++) {
      long in = Math.abs(strides[k][m - 1]);
      long next = Math.abs(strides[k][m - 2]);
      if (in > 1 && next < in) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZero(long[] st) {
    for (long s : st) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }

  /** True when each operand is C-contiguous over the shape or has only zero strides. */
  private static boolean isFlat(long[] shape, long[][] strides) {
    for (long[] st : strides) {
      if (isZero(st)) {
        continue;
      }
      long expect = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (shape[d] != 1 && st[d] != expect) {
          return false;
        }
        expect *= shape[d];
      }
    }
    return true;
  }

  /** Drops length-1 dims, orders by the output's |stride|, coalesces; fills {@code out} strides. */
  private static long[] plan(long[] loopShape, long[][] st, int outIdx, long[][] out) {
    int n = st.length;
    int nd = 0;
    Integer[] order = new Integer[loopShape.length];
    for (int d = 0; d < loopShape.length; d++) {
      if (loopShape[d] != 1) {
        order[nd++] = d;
      }
    }
    order = Arrays.copyOf(order, nd);
    long[] ref = st[outIdx];
    org.ufunc4j.internal.index.StrideOrder.byMagnitudeDescending(order, ref);
    long[] sh = new long[Math.max(nd, 1)];
    long[][] ss = new long[n][Math.max(nd, 1)];
    int m = 0;
    if (nd == 0) {
      sh[0] = 1;
      m = 1;
    }
    for (int i = 0; i < nd; i++) {
      int d = order[i];
      long len = loopShape[d];
      boolean merge = m > 0;
      for (int k = 0; merge && k < n; k++) {
        merge = ss[k][m - 1] == st[k][d] * len;
      }
      if (merge) {
        for (int k = 0; k < n; k++) {
          ss[k][m - 1] = st[k][d];
        }
        sh[m - 1] *= len;
        continue;
      }
      sh[m] = len;
      for (int k = 0; k < n; k++) {
        ss[k][m] = st[k][d];
      }
      m++;
    }
    for (int k = 0; k < n; k++) {
      out[k] = Arrays.copyOf(ss[k], m);
    }
    return Arrays.copyOf(sh, m);
  }

  /**
   * Runs the kernel over the loop shape.
   *
   * @param bases per kernel operand (inputs, then outputs), the heap array or segment
   * @param strides per operand, strides in elements over {@code loopShape}; a mask, when present,
   *     is one more entry after the kernel operands
   * @param offsets per operand (mask included), the element index of position (0, ..., 0)
   * @param mask bool storage of the {@code where} mask, or null
   */
  public static void execute(
      LoopKernel kernel, long[] loopShape, Object[] bases, long[][] strides, long[] offsets, Storage mask,
      boolean parallel, int threads) throws Throwable {
    for (long s : loopShape) {
      if (s == 0) {
        return;
      }
    }
    ElementwiseExecutor ex = new ElementwiseExecutor(kernel, loopShape, bases, strides, offsets, mask);
    if (ex.items == 0) {
      return;
    }
    long total = ex.items / ex.blocksPerRun * ex.inner;
    if (!parallel || threads <= 1 || total < 2L * BLOCK || ex.items == 1) {
      ex.runItems(0, ex.items);
      return;
    }
    // Calibrate: time the first block on the caller, then split the rest only if it pays.
    long t0 = System.nanoTime();
    ex.runItems(0, 1);
    long firstLen = Math.min(ex.blockLen, ex.inner);
    double perElement = (double) (System.nanoTime() - t0) / firstLen;
    if (perElement * (total - firstLen) < WorkerPool.thresholdNanos()) {
      ex.runItems(1, ex.items);
      return;
    }
    WorkerPool.run(ex.items - 1, threads, new ItemsAfterTheFirst(ex));
  }

  // Work for the pool as classes, not lambdas: a lambda bootstraps a hidden class on its first
  // use, which a new ufunc's first PARALLEL call on a cold JVM would wait for.

  /** Items {@code [s + 1, e + 1)} of an executor whose item 0 the caller ran (and timed). */
  private record ItemsAfterTheFirst(ElementwiseExecutor ex) implements WorkerPool.RangeBody {
    @Override
    public void run(long s, long e) {
      ex.runItems(s + 1, e + 1);
    }
  }

  /** Blocks {@code [s + 1, e + 1)} of a flat run whose block 0 the caller ran, RUN / BLOCK of them per kernel call. */
  private record FlatBlocks(LoopKernel kernel, Object[] bases, long[] base, long[] steps, long size) implements WorkerPool.RangeBody {
    @Override
    public void run(long s, long e) {
      int nk = base.length;
      long[] o = new long[nk];
      long end = Math.min(size, (e + 1) * BLOCK);
      for (long start = (s + 1) * BLOCK; start < end; start += RUN) {
        for (int k = 0; k < nk; k++) {
          o[k] = base[k] + start * steps[k];
        }
        kernel.run(bases, o, steps, Math.min(RUN, end - start));
      }
    }
  }

  /**
   * Runs a flat loop of {@code size} elements on the calling thread, {@link #RUN} elements per kernel call. {@code offs}
   * is advanced in place; steps are 0 or 1.
   */
  public static void runFlat(LoopKernel kernel, Object[] bases, long[] offs, long[] steps, long size) {
    runInPieces(kernel, bases, offs, steps, size, RUN);
  }

  /**
   * Runs {@code n} elements as kernel calls of {@code piece} elements (the last shorter), starting
   * at multiples of {@code piece}; {@code offs} is advanced in place. Also how kernels that work a
   * block at a time (packing, tier-up counting) cut a longer call.
   */
  public static void runInPieces(LoopKernel kernel, Object[] bases, long[] offs, long[] steps, long n, long piece) {
    if (n <= piece) {
      if (n > 0) {
        kernel.run(bases, offs, steps, n);
      }
      return;
    }
    for (long start = 0; start < n; start += piece) {
      kernel.run(bases, offs, steps, Math.min(piece, n - start));
      for (int k = 0; k < offs.length; k++) {
        offs[k] += piece * steps[k];
      }
    }
  }

  /**
   * A flat loop on the PARALLEL target: the caller times the first block; when the rest would take
   * less than the threshold it finishes alone, else the remaining blocks go to the pool. Blocks
   * start at multiples of {@link #BLOCK} as on the CPU target. {@code offs} may be advanced.
   */
  public static void runFlatParallel(LoopKernel kernel, Object[] bases, long[] offs, long[] steps, long size, int threads)
      throws Throwable {
    int nk = offs.length;
    long firstLen = Math.min(BLOCK, size);
    long t0 = System.nanoTime();
    kernel.run(bases, offs, steps, firstLen);
    double perElement = (double) (System.nanoTime() - t0) / firstLen;
    if (size == firstLen) {
      return;
    }
    if (perElement * (size - firstLen) < WorkerPool.thresholdNanos()) {
      for (int k = 0; k < nk; k++) {
        offs[k] += BLOCK * steps[k];
      }
      runFlat(kernel, bases, offs, steps, size - BLOCK);
      return;
    }
    long[] base = offs.clone();
    long blocks = (size + BLOCK - 1) / BLOCK;
    WorkerPool.run(blocks - 1, threads, new FlatBlocks(kernel, bases, base, steps, size));
  }

  /** Runs items {@code [s, e)}: item i is block {@code i % blocksPerRun} of outer run {@code i / blocksPerRun}. */
  void runItems(long s, long e) {
    int n = offsets.length;
    int last = shape.length - 1;
    long[] offs = new long[nk];
    long[] steps = new long[nk];
    for (int k = 0; k < nk; k++) {
      steps[k] = strides[k][last];
    }
    if (blockMajor) {
      runBlockMajor(s, e, offs, steps);
      return;
    }
    // without a mask, consecutive blocks of one inner run go to the kernel together (see RUN)
    long blocksPerCall = mask == null ? RUN / blockLen : 1;
    if (last == 0 && mask == null) {
      // one flat run: no odometer
      for (long i = s; i < e; i += blocksPerCall) {
        long start = i * blockLen;
        long len = Math.min(Math.min(blocksPerCall, e - i) * blockLen, inner - start);
        for (int k = 0; k < nk; k++) {
          offs[k] = offsets[k] + start * steps[k];
        }
        kernel.run(bases, offs, steps, len);
      }
      return;
    }
    long[] idx = new long[last + 1];
    long[] base = new long[n];
    long run = s / blocksPerRun;
    long blk = s % blocksPerRun;
    for (int d = last - 1; d >= 0; d--) {
      idx[d] = run % shape[d];
      run /= shape[d];
    }
    for (int k = 0; k < n; k++) {
      long o = offsets[k];
      for (int d = 0; d < last; d++) {
        o += idx[d] * strides[k][d];
      }
      base[k] = o;
    }
    for (long i = s; i < e; ) {
      long start = blk * blockLen;
      long blocks = Math.min(blocksPerCall, Math.min(blocksPerRun - blk, e - i));
      long len = Math.min(blocks * blockLen, inner - start);
      for (int k = 0; k < nk; k++) {
        offs[k] = base[k] + start * steps[k];
      }
      if (mask == null) {
        kernel.run(bases, offs, steps, len);
      } else {
        runMasked(offs, steps, len, base[n - 1] + start * strides[n - 1][last], strides[n - 1][last]);
      }
      i += blocks;
      blk += blocks;
      if (blk == blocksPerRun) {
        blk = 0;
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

  /** Items in block-major order: item i is block {@code i / outerRuns} of outer run {@code i % outerRuns}. */
  private void runBlockMajor(long s, long e, long[] offs, long[] steps) {
    int n = offsets.length;
    int last = shape.length - 1;
    long[] base = new long[n];
    Object[] tiles = null;
    Object[] tileBases = null;
    long[] unit = null;
    for (int k = 0; k < nk; k++) {
      if (gathered[k]) {
        if (tiles == null) {
          tiles = new Object[nk];
          tileBases = bases.clone();
          unit = steps.clone();
        }
        tiles[k] = java.lang.reflect.Array.newInstance(bases[k].getClass().getComponentType(), GROUP * TILE);
        tileBases[k] = tiles[k];
        unit[k] = 1;
      }
    }
    long i = s;
    while (i < e) {
      long blk = i / outerRuns;
      long run = i % outerRuns;
      long dimLen = shape[last - 1];
      long pos = run % dimLen; // index along the dimension where gathered inputs are contiguous
      for (int k = 0; k < n; k++) {
        base[k] = offsets[k];
      }
      for (int d = last - 1; d >= 0; d--) {
        long x = run % shape[d];
        run /= shape[d];
        for (int k = 0; k < n; k++) {
          base[k] += x * strides[k][d];
        }
      }
      long start = blk * blockLen;
      int len = (int) Math.min(blockLen, inner - start);
      long group = tiles == null ? 1 : Math.min(Math.min(GROUP, dimLen - pos), e - i);
      if (group > 1) {
        // copy GROUP outer runs of each gathered input, a memory line at a time, then run them
        for (int k = 0; k < nk; k++) {
          if (gathered[k]) {
            gatherTile(bases[k], base[k] + start * steps[k], steps[k], strides[k][last - 1], tiles[k], len, (int) group);
          }
        }
        for (int g = 0; g < group; g++) {
          for (int k = 0; k < nk; k++) {
            offs[k] = gathered[k] ? (long) g * TILE : base[k] + g * strides[k][last - 1] + start * steps[k];
          }
          kernel.run(tileBases, offs, unit, len);
        }
        i += group;
        continue;
      }
      for (int k = 0; k < nk; k++) {
        offs[k] = base[k] + start * steps[k];
      }
      if (mask == null) {
        kernel.run(bases, offs, steps, len);
      } else {
        runMasked(offs, steps, len, base[n - 1] + start * strides[n - 1][last], strides[n - 1][last]);
      }
      i++;
    }
  }

  /**
   * tile[g * TILE + t] = src[p + t * inner + g * outer] for t < len, g < group: for each t the
   * group's elements are adjacent in memory (outer = +-1), so each source line is read once.
   */
  private static void gatherTile(Object src, long p, long inner, long outer, Object tile, int len, int group) {
    int p0 = (int) p;
    int si = (int) inner;
    int so = (int) outer;
    // instanceof, not a pattern switch: it would bootstrap a method handle on its first use
    if (src instanceof double[] a) {
      double[] t = (double[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof float[] a) {
      float[] t = (float[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof long[] a) {
      long[] t = (long[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof int[] a) {
      int[] t = (int[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof short[] a) {
      short[] t = (short[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof byte[] a) {
      byte[] t = (byte[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else if (src instanceof boolean[] a) {
      boolean[] t = (boolean[]) tile;
      for (int x = 0, q = p0; x < len; x++, q += si) {
        for (int g = 0; g < group; g++) {
          t[g * TILE + x] = a[q + g * so];
        }
      }
    } else {
      throw new IllegalArgumentException("no tile copy for " + src.getClass());
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
