package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * {@code x * 2^k +- c} with a constant c compiles to one {@code fma(x, +-2^k, +-c)} (for 2^-100 <=
 * |c| <= 2^100 in float32, 2^-900 <= |c| <= 2^900 in float64), which must give Java's two-step
 * result bit for bit: inputs from raw bits plus the cases where the product overflows, lands in the
 * subnormal range, or is NaN, infinite or a signed zero. Constants outside the bounds stay two
 * operations and are still right.
 */
class FusedScaledAddTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int N = 5003;

  private static float[] floats() {
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p127f,
        Math.nextDown(0x1p127f), 0x1p124f, 0x1p-143f + Float.MIN_VALUE, -0x1p125f, 0x1p-126f, 0x1.000002p-123f, 1f, -1f, 0.5f, 3f};
    SplittableRandom r = new SplittableRandom(17);
    float[] f = new float[N];
    for (int i = 0; i < N; i++) {
      f[i] = i < special.length ? special[i] : i % 3 == 0 ? r.nextFloat() : Float.intBitsToFloat(r.nextInt());
    }
    return f;
  }

  private static double[] doubles() {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p1023, Math.nextDown(0x1p1023),
        0x1p-1022, 0x1p-1052 + Double.MIN_VALUE, 0x1.0000000000001p-20, 1.0, -1.0, 0.5};
    SplittableRandom r = new SplittableRandom(18);
    double[] d = new double[N];
    for (int i = 0; i < N; i++) {
      d[i] = i < special.length ? special[i] : i % 3 == 0 ? r.nextDouble() : Double.longBitsToDouble(r.nextLong());
    }
    return d;
  }

  private static void checkFloat(Fn.FloatUnary f, boolean fused) {
    Ufunc u = Ufunc.vectorize("float32(float32)", f);
    float[] x = floats();
    float[] got = u.apply(NDArray.of(x)).toFloatArray();
    for (int i = 0; i < N; i++) {
      assertEquals(Float.floatToIntBits(f.applyAsFloat(x[i])), Float.floatToIntBits(got[i]), "x = " + x[i] + "\n" + u.explain());
    }
    assertEquals(fused, u.explain().contains("fma("), u.explain());
    if (EXPECT_SIMD) {
      assertTrue(u.explain().contains("tier B"), u.explain());
    }
  }

  private static void checkDouble(Fn.DoubleUnary f, boolean fused) {
    Ufunc u = Ufunc.vectorize("float64(float64)", f);
    double[] x = doubles();
    double[] got = u.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < N; i++) {
      assertEquals(Double.doubleToLongBits(f.applyAsDouble(x[i])), Double.doubleToLongBits(got[i]), "x = " + x[i] + "\n" + u.explain());
    }
    assertEquals(fused, u.explain().contains("fma("), u.explain());
    if (EXPECT_SIMD) {
      assertTrue(u.explain().contains("tier B"), u.explain());
    }
  }

  @Test
  void float32ScaledAddsAreFusedAndExact() {
    checkFloat(x -> x / 0.5f - 1, true); // W1's x / m - 1 with m = 0.5
    checkFloat(x -> 1 - x * 0.5f, true);
    checkFloat(x -> 3f + 4f * x, true);
    checkFloat(x -> x * 0x1p-3f + 1e-30f, true);
    checkFloat(x -> x * 8f - 1e30f, true);
    checkFloat(x -> -1e30f + x * 0x1p20f, true);
  }

  @Test
  void float32ConstantsOutsideTheBoundsStayTwoOperations() {
    checkFloat(x -> x * 2f - 3e38f, false); // overflowing x*2 minus a huge c is finite under fma
    checkFloat(x -> x * 0.5f + 1e-40f, false); // subnormal c
    checkFloat(x -> x * 0.5f + 0f, false);
    // x = 2^-143 + 2^-149: the product rounds (ties to even) onto a midpoint of c's grid, so the
    // two roundings give c and one rounding gives the next float: c must stay unfused
    checkFloat(x -> x * 0.5f + 0x1p-120f, false);
    checkFloat(x -> x * 3f + 1f, false); // 3 is not a power of two: x*3 rounds
  }

  @Test
  void float64ScaledAddsAreFusedAndExact() {
    checkDouble(x -> x * 0.5 + 1.0, true);
    checkDouble(x -> 2.0 - x * 4.0, true);
    checkDouble(x -> x * 0x1p-1000 + 1e-250, true);
    checkDouble(x -> x * 2 - 1e270, true);
    checkDouble(x -> x / 0.25 - 1, true);
  }

  @Test
  void float64ConstantsOutsideTheBoundsStayTwoOperations() {
    checkDouble(x -> x * 2 - 1.7e308, false);
    checkDouble(x -> x * 0x1p-1000 + 1e-300, false);
    checkDouble(x -> x * 0.5 + 0x1p-1000, false); // the double twin of x * 0.5f + 2^-120 above
    checkDouble(x -> x * 3 + 1, false);
    assertFalse(Ufunc.vectorize("float64(float64)", x -> x * 2 + x).explain().contains("fma("));
  }
}
