package org.ufunc4j.internal.simd;

import org.ufunc4j.internal.exec.ElementwiseExecutor;
import org.ufunc4j.internal.exec.LoopKernel;

/**
 * Tier-up for a new SIMD kernel. Until C2 has compiled it, Vector API code runs interpreted or in
 * C1, far slower than scalar code (DESIGN.md measured a fresh vector kernel's first pass over 1M
 * elements at 7x the scalar time). So the first {@link #WARM_CALLS} calls run the scalar kernel of
 * the same function, except every fourth, which runs (and so warms up) the vector kernel; after
 * that the vector kernel runs alone. Exact operations give the same bits on both kernels;
 * transcendentals are within the accuracy policy either way.
 */
final class TieringKernel implements LoopKernel {
  /** Calls (blocks of up to 2048 elements) before the vector kernel runs alone. */
  static final int WARM_CALLS = Integer.getInteger("ufunc.tierUpCalls", 1024);

  private final LoopKernel vector;
  private final LoopKernel scalar;
  // Racy on purpose: a lost increment only delays the switch by a call.
  private int calls;
  private boolean warm;

  TieringKernel(LoopKernel vector, LoopKernel scalar) {
    this.vector = vector;
    this.scalar = scalar;
    this.warm = WARM_CALLS <= 0;
  }

  @Override
  public void run(Object[] bases, long[] offs, long[] steps, long n) {
    if (warm) {
      vector.run(bases, offs, steps, n);
      return;
    }
    if (n > ElementwiseExecutor.BLOCK) {
      // warm-up counts blocks (flat runs pass up to ElementwiseExecutor.RUN elements per call)
      ElementwiseExecutor.runInPieces(this, bases, offs.clone(), steps, n, ElementwiseExecutor.BLOCK);
      return;
    }
    int c = calls++;
    if (c >= WARM_CALLS) {
      warm = true;
      vector.run(bases, offs, steps, n);
    } else if ((c & 3) == 0) {
      vector.run(bases, offs, steps, n);
    } else {
      scalar.run(bases, offs, steps, n);
    }
  }
}
