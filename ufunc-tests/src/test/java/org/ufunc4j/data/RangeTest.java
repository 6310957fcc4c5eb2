package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * {@code arange} and {@code linspace} give NumPy's values bit for bit; the expected values are
 * NumPy 2.4's output written in hex (Python's {@code float.hex()}).
 */
class RangeTest {

  private static void assertValues(String[] hex, NDArray a) {
    assertEquals(DType.FLOAT64, a.dtype());
    assertArrayEquals(new long[] {hex.length}, a.shape(), "length");
    for (int i = 0; i < hex.length; i++) {
      double e = Double.parseDouble(hex[i]);
      double g = a.getDouble(i);
      assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(g),
          "element " + i + ": NumPy " + hex[i] + " = " + e + ", ours " + Double.toHexString(g) + " = " + g);
    }
  }

  @Test
  void floatArangeAsNumPy() {
    // NumPy fills start, start+step, then start + i*((start+step) - start): 1.2000000000000002 here.
    assertValues(
        new String[] {"0x1.0000000000000p+0", "0x1.199999999999ap+0", "0x1.3333333333334p+0", "0x1.4cccccccccccep+0"},
        NDArray.arange(1, 1.3, 0.1));
    assertValues(
        new String[] {
          "0x0.0p+0", "0x1.999999999999ap-4", "0x1.999999999999ap-3", "0x1.3333333333334p-2", "0x1.999999999999ap-2",
          "0x1.0000000000000p-1", "0x1.3333333333334p-1", "0x1.6666666666667p-1", "0x1.999999999999ap-1", "0x1.ccccccccccccdp-1"
        },
        NDArray.arange(0.0, 1.0, 0.1));
    assertValues(
        new String[] {"0x1.0000000000000p+0", "0x1.8000000000000p-1", "0x1.0000000000000p-1", "0x1.0000000000000p-2"},
        NDArray.arange(1.0, 0.0, -0.25));
    // ceil(0.3 / 0.1) = ceil(2.9999999999999996) = 3 elements
    assertValues(new String[] {"0x0.0p+0", "0x1.999999999999ap-4", "0x1.999999999999ap-3"}, NDArray.arange(0.0, 0.3, 0.1));
    assertValues(
        new String[] {"-0x1.c000000000000p+1", "-0x1.0000000000000p+1", "-0x1.0000000000000p-1", "0x1.0000000000000p+0", "0x1.4000000000000p+1"},
        NDArray.arange(-3.5, 3.0, 1.5));
    assertValues(
        new String[] {"0x1.0000000000000p-1", "0x1.3333333333333p+0", "0x1.e666666666666p+0", "0x1.4ccccccccccccp+1", "0x1.a666666666666p+1"},
        NDArray.arange(0.5, 3.7, 0.7));
    assertValues(new String[] {}, NDArray.arange(1.0, 0.0, 0.5));
  }

  @Test
  void integerArangeAsNumPy() {
    assertArrayEquals(new long[] {0, 3, 6, 9}, NDArray.arange(0, 10, 3).toLongArray());
    assertArrayEquals(new long[] {10, 7, 4, 1}, NDArray.arange(10, 0, -3).toLongArray());
    assertArrayEquals(new long[] {}, NDArray.arange(5, 5, 1).toLongArray());
    assertArrayEquals(new long[] {}, NDArray.arange(5, 0, 1).toLongArray());
    assertArrayEquals(new long[] {0, 1, 2}, NDArray.arange(3).toLongArray());
    assertEquals(DType.INT64, NDArray.arange(3).dtype());
    assertArrayEquals(new long[] {0}, NDArray.arange(0).shape());
  }

  @Test
  void integerArangeNearTheLimitsAsNumPy() {
    long max = Long.MAX_VALUE;
    long min = Long.MIN_VALUE;
    assertArrayEquals(new long[] {max - 3, max - 2}, NDArray.arange(max - 3, max - 1, 1).toLongArray());
    assertArrayEquals(new long[] {min, min + 2}, NDArray.arange(min, min + 3, 2).toLongArray());
    // Exact count: 5 + MIN is still above the stop MIN. (NumPy gives only [5] here: it divides
    // (stop - start) / step in float64, where 1 + 2^-63 rounds to 1.)
    assertArrayEquals(new long[] {5, 5 + min}, NDArray.arange(5, min, min).toLongArray());
    assertArrayEquals(
        new long[] {min + 1, min + 1 + (1L << 62), 1, 1 + (1L << 62)}, NDArray.arange(min + 1, max, 1L << 62).toLongArray());
    // stop - start overflows a long here: NumPy says "Maximum allowed size exceeded".
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.arange(min, max, 1));
    assertTrue(e.getMessage().contains("2^63"), e.getMessage());
  }

  @Test
  void arangeRejectsZeroStepAndInfiniteLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.arange(0, 10, 0));
    assertTrue(e.getMessage().contains("step"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NDArray.arange(0.0, 1.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> NDArray.arange(0.0, 1.0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> NDArray.arange(0.0, Double.POSITIVE_INFINITY, 1.0));
  }

  @Test
  void linspaceAsNumPy() {
    assertValues(
        new String[] {"0x0.0p+0", "0x1.0000000000000p-2", "0x1.0000000000000p-1", "0x1.8000000000000p-1", "0x1.0000000000000p+0"},
        NDArray.linspace(0, 1, 5));
    assertValues(new String[] {}, NDArray.linspace(0, 1, 0));
    assertValues(new String[] {"0x0.0p+0"}, NDArray.linspace(0, 1, 1));
    assertValues(
        new String[] {"0x0.0p+0", "0x1.999999999999ap-3", "0x1.999999999999ap-2", "0x1.3333333333334p-1", "0x1.999999999999ap-1"},
        NDArray.linspace(0, 1, 5, false, DType.FLOAT64));
    assertValues(new String[] {"0x1.0000000000000p+0", "0x1.0000000000000p-1", "0x0.0p+0"}, NDArray.linspace(1, 0, 3));
    assertValues(
        new String[] {
          "0x1.999999999999ap-4", "0x1.999999999999ap-3", "0x1.3333333333333p-2", "0x1.999999999999ap-2",
          "0x1.0000000000000p-1", "0x1.3333333333333p-1", "0x1.6666666666666p-1"
        },
        NDArray.linspace(0.1, 0.7, 7));
    assertValues(
        new String[] {
          "-0x1.0000000000000p+0", "-0x1.5555555555556p-1", "-0x1.5555555555556p-2", "0x0.0p+0",
          "0x1.5555555555554p-2", "0x1.5555555555554p-1", "0x1.0000000000000p+0"
        },
        NDArray.linspace(-1, 1, 7));
    assertValues(new String[] {"0x1.0000000000000p+1", "0x1.0000000000000p+1", "0x1.0000000000000p+1"}, NDArray.linspace(2, 2, 3));
    assertValues(new String[] {"0x0.0p+0", "0x1.0000000000000p-1"}, NDArray.linspace(0, 1, 2, false, DType.FLOAT64));
    assertValues(new String[] {"0x0.0p+0", "0x0.00000000003f4p-1022", "0x0.00000000007e8p-1022"}, NDArray.linspace(0, 1e-320, 3));
    assertValues(new String[] {"0x0.0p+0"}, NDArray.linspace(0, 1, 1, false, DType.FLOAT64));
    NDArray l = NDArray.linspace(0, 1, 100);
    assertEquals(Double.parseDouble("0x1.5555555555556p-2"), l.getDouble(33));
    assertEquals(Double.parseDouble("0x1.5555555555556p-1"), l.getDouble(66));
    assertEquals(1.0, l.getDouble(99), "endpoint is exactly stop");
  }

  @Test
  void linspaceIntoIntegersTruncatesAsNumPy() {
    NDArray a = NDArray.linspace(0, 10, 4, true, DType.INT64);
    assertEquals(DType.INT64, a.dtype());
    assertArrayEquals(new long[] {0, 3, 6, 10}, a.toLongArray());
  }

  @Test
  void linspaceRejectsNegativeNum() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.linspace(0, 1, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
