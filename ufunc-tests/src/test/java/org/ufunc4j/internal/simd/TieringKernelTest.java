package org.ufunc4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ufunc4j.internal.exec.LoopKernel;

/** Tier-up: scalar first (every fourth call warms the vector kernel), vector alone afterwards. */
class TieringKernelTest {
  @Test
  void runsScalarWhileTheVectorKernelWarmsUpThenVectorOnly() {
    int[] counts = new int[2];
    LoopKernel vector = (b, o, s, n) -> counts[0]++;
    LoopKernel scalar = (b, o, s, n) -> counts[1]++;
    TieringKernel k = new TieringKernel(vector, scalar);
    int warm = TieringKernel.WARM_CALLS;
    for (int i = 0; i < warm; i++) {
      k.run(new Object[0], new long[0], new long[0], 1);
    }
    if (warm > 0) {
      assertEquals((warm + 3) / 4, counts[0], "every fourth warm-up call runs the vector kernel");
      assertEquals(warm - (warm + 3) / 4, counts[1]);
    }
    int before = counts[1];
    for (int i = 0; i < 100; i++) {
      k.run(new Object[0], new long[0], new long[0], 1);
    }
    assertEquals(before, counts[1], "after the warm-up only the vector kernel runs");
  }
}
