package org.ufunc4j.ufunc;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ufunc4j.NDArray;

/** Test inputs: IEEE edge cases followed by values from raw bits and ordinary magnitudes. */
final class Values {
  private Values() {}

  static final double[] EDGE_DOUBLES = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 7.0, -7.0, 1.5, -2.5, 0.1, 10.0, 100.0,
    Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL), Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
    -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 709.78, -745.2, 1e-300, 4.9e-324 * 3,
    Math.nextUp(1.0), Math.nextDown(1.0), 0.9999999, 1e16, -1e16, Math.PI, -Math.PI / 2
  };

  static final long[] EDGE_LONGS = {
    0, 1, -1, 2, -2, 3, -3, 7, -7, 8, 63, 64, 65, 127, -128, 255, 32767, -32768, Integer.MAX_VALUE,
    Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 40), 12345678901L
  };

  /** n doubles: the edge cases first, then raw-bit and ordinary values. */
  static double[] doubles(int n, long seed) {
    double[] out = Arrays.copyOf(EDGE_DOUBLES, n);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = EDGE_DOUBLES.length; i < n; i++) {
      out[i] =
          switch (i % 4) {
            case 0 -> Double.longBitsToDouble(r.nextLong());
            case 1 -> (r.nextDouble() - 0.5) * 20;
            case 2 -> r.nextDouble();
            default -> Math.rint((r.nextDouble() - 0.5) * 200);
          };
    }
    return out;
  }

  static long[] longs(int n, long seed) {
    long[] out = Arrays.copyOf(EDGE_LONGS, n);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = EDGE_LONGS.length; i < n; i++) {
      out[i] = i % 2 == 0 ? r.nextLong() : r.nextLong(-300, 300);
    }
    return out;
  }

  /** Bit equality for doubles (NaN == NaN, -0.0 != 0.0) with a readable message. */
  static void assertSameBits(NDArray expected, NDArray actual, String what) {
    if (!expected.equals(actual)) {
      long n = expected.size();
      double[] e = expected.ravel().toDoubleArray();
      double[] a = actual.ravel().toDoubleArray();
      for (int i = 0; i < n; i++) {
        if (Double.compare(e[i], a[i]) != 0) {
          throw new AssertionError(
              what + ": element " + i + " expected " + e[i] + " but was " + a[i] + " (dtypes "
                  + expected.dtype() + "/" + actual.dtype() + ", shapes " + NDArray.shapeString(expected.shape())
                  + "/" + NDArray.shapeString(actual.shape()) + ")");
        }
      }
      throw new AssertionError(what + ": arrays differ: expected\n" + expected + "\nbut was\n" + actual);
    }
  }
}
