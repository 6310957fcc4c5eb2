package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * {@code x % y} on floating values lifts when it is exact, for a constant y = +-2^k: compared bit
 * for bit with Java's {@code %} (NaN as NaN) on signed zeros, infinities, NaN, subnormals, values
 * around 2^53 (2^24 in float32) times y where x becomes a multiple of y, and raw bits, at sizes
 * around the lane counts, contiguous and reversed.
 */
class FloatingRemainderTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int[] SIZES = {1, 7, 8, 9, 17, 1021};
  /** Calls until C2 has compiled the kernel (before that the Vector API computes lane by lane). */
  private static final int CALLS = EXPECT_SIMD ? 3000 : 2;

  private static double[] doubles(int n, long seed, double y) {
    double m = Math.abs(y);
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, m, -m, 0.999 * m, -1.5 * m, 0x1p53 * m, -0x1p53 * m,
        0x1p52 * m + m / 2, -0x1p52 * m - m / 2, 0x1p53 * m + 2 * m, Math.nextDown(0x1p53 * m), 3.75, -3.75, 1e300, -1e-300};
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < special.length ? special[i] : i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-100, 100) * m;
    }
    return x;
  }

  private static void assertSameBits(double want, double got, String where) {
    assertTrue(Double.doubleToLongBits(want) == Double.doubleToLongBits(got), where + ": expected " + want + " got " + got);
  }

  private static void check64(String name, double y, Fn.DoubleUnary fn) {
    Ufunc f = Ufunc.vectorize("float64(float64)", fn);
    for (int n : SIZES) {
      double[] x = doubles(n, n + 11, y);
      NDArray a = NDArray.of(x);
      double[] got = f.apply(a).toDoubleArray();
      double[] rev = f.apply(a.flip(0)).toDoubleArray();
      for (int i = 0; i < n; i++) {
        assertSameBits(fn.applyAsDouble(x[i]), got[i], name + " x=" + x[i]);
        assertSameBits(fn.applyAsDouble(x[n - 1 - i]), rev[i], name + " reversed x=" + x[n - 1 - i]);
      }
    }
    double[] x = doubles(1021, 99, y);
    double[] hot = CastLiftingTest.hot(f, CALLS, org.ufunc4j.NDArray.zeros(org.ufunc4j.DType.FLOAT64, x.length), NDArray.of(x))
        .toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertSameBits(fn.applyAsDouble(x[i]), hot[i], name + " compiled, x=" + x[i]);
    }
    String ex = f.explain();
    assertTrue(ex.contains("IR (float64)"), name + ":\n" + ex);
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("tier B"), name + ":\n" + ex);
    }
  }

  @Test
  void remaindersByPowersOfTwoAreJavasOnFloat64() {
    double period = 4.0;
    check64("x % 1.0", 1.0, x -> x % 1.0);
    check64("x % 2.0", 2.0, x -> x % 2.0);
    check64("x % -0.5", 0.5, x -> x % -0.5);
    check64("x % 2^-20", 0x1p-20, x -> x % 0x1p-20);
    check64("x % 2^1000", 0x1p1000, x -> x % 0x1p1000);
    check64("x % 2^1023 (2^53 y overflows)", 0x1p1023, x -> x % 0x1p1023);
    check64("x % 2^-1022 (smallest normal)", 0x1p-1022, x -> x % 0x1p-1022);
    check64("captured period", period, x -> x % period + 1);
  }

  @Test
  void remaindersByPowersOfTwoAreFloatsOnFloat32() {
    Ufunc dl = Ufunc.vectorize("float32(float32)", x -> x % 0.25);
    Ufunc fl = Ufunc.vectorize("float32(float32)", (Fn.FloatUnary) x -> x % 8f);
    for (int n : SIZES) {
      double[] d = doubles(n, n + 5, 8);
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) d[i];
      }
      double[] a = dl.apply(NDArray.of(x)).toDoubleArray();
      double[] b = fl.apply(NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToIntBits(x[i] % 0.25f), Float.floatToIntBits((float) a[i]), "x % 0.25 at " + x[i]);
        assertEquals(Float.floatToIntBits(x[i] % 8f), Float.floatToIntBits((float) b[i]), "x % 8f at " + x[i]);
      }
    }
    double[] d = doubles(1021, 98, 8);
    float[] x = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      x[i] = (float) d[i];
    }
    double[] hot = CastLiftingTest.hot(dl, CALLS, org.ufunc4j.NDArray.zeros(org.ufunc4j.DType.FLOAT32, x.length), NDArray.of(x))
        .toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToIntBits(x[i] % 0.25f), Float.floatToIntBits((float) hot[i]), "compiled x % 0.25 at " + x[i]);
    }
    assertTrue(dl.explain().contains("IR (float32)"), dl.explain());
    assertTrue(fl.explain().contains("IR (float32)"), fl.explain());
  }

  @Test
  void otherDivisorsRunAsWrittenAndSayWhy() {
    Fn.DoubleUnary three = x -> x % 3.0;
    Ufunc f = Ufunc.vectorize("float64(float64)", three);
    double[] x = doubles(64, 3, 3);
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertSameBits(three.applyAsDouble(x[i]), got[i], "x % 3 at " + x[i]);
    }
    assertTrue(f.explain().contains("not a constant power of two"), f.explain());
    Ufunc g = Ufunc.vectorize("float64(float64, float64)", (a, b) -> a % b);
    assertEquals(1.5, g.apply(NDArray.of(new double[] {7.5}), NDArray.of(new double[] {3})).toDoubleArray()[0]);
    assertTrue(g.explain().contains("not lifted"), g.explain());
  }
}
