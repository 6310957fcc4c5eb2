package org.ufunc4j.internal.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** StrideOrder sorts as the stable comparator sort it replaced: largest |stride| first, ties kept in order. */
class StrideOrderTest {
  @Test
  void sortsByMagnitudeDescendingAndKeepsTies() {
    Integer[] dims = {0, 1, 2, 3};
    StrideOrder.byMagnitudeDescending(dims, new long[] {1, -8, 8, 0});
    assertArrayEquals(new Integer[] {1, 2, 0, 3}, dims); // -8 before 8: ties keep their order
    SplittableRandom r = new SplittableRandom(5);
    for (int round = 0; round < 500; round++) {
      int n = r.nextInt(0, 9);
      long[] strides = new long[n + 2];
      for (int i = 0; i < strides.length; i++) {
        strides[i] = r.nextInt(-4, 5) * (r.nextBoolean() ? 1 : 1024);
      }
      Integer[] got = new Integer[n];
      for (int i = 0; i < n; i++) {
        got[i] = (i * 3 + round) % strides.length; // any dims, repeats allowed
      }
      Integer[] want = got.clone();
      Arrays.sort(want, Comparator.comparingLong((Integer d) -> Math.abs(strides[d])).reversed());
      StrideOrder.byMagnitudeDescending(got, strides);
      assertArrayEquals(want, got, Arrays.toString(strides));
    }
  }
}
