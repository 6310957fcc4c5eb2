package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Division by a power-of-two constant compiles to a multiplication by its reciprocal (the same real
 * number, so the same rounding): bit for bit equal to Java's division on subnormal, huge, NaN,
 * infinite and signed-zero inputs; constants whose reciprocal is not a normal number, and other
 * constants, stay divisions.
 */
class DivisionByPowerOfTwoTest {
  @Test
  void divisionByPowersOfTwoEqualsJavaBitForBit() {
    SplittableRandom r = new SplittableRandom(9);
    int n = 5003;
    double[] d = new double[n];
    float[] f = new float[n];
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e-310, 3.0, -7.5};
    for (int i = 0; i < n; i++) {
      d[i] = i < special.length ? special[i] : Double.longBitsToDouble(r.nextLong());
      f[i] = i < special.length ? (float) special[i] : Float.intBitsToFloat(r.nextInt());
    }
    Ufunc half = Ufunc.vectorize("float64(float64)", x -> x / 0.5);
    Ufunc tiny = Ufunc.vectorize("float64(float64)", x -> x / 0x1p-1000);
    Ufunc huge = Ufunc.vectorize("float64(float64)", x -> -x / 0x1p1023); // reciprocal subnormal: stays a division
    Ufunc three = Ufunc.vectorize("float64(float64)", x -> x / 3);
    Ufunc half32 = Ufunc.vectorize("float32(float32)", x -> x / 0.25);
    Ufunc tiny32 = Ufunc.vectorize("float32(float32)", x -> x / 0x1p-120);
    Ufunc huge32 = Ufunc.vectorize("float32(float32)", x -> x / 0x1p127);
    double[][] want = new double[4][n];
    float[][] want32 = new float[3][n];
    for (int i = 0; i < n; i++) {
      want[0][i] = d[i] / 0.5;
      want[1][i] = d[i] / 0x1p-1000;
      want[2][i] = -d[i] / 0x1p1023;
      want[3][i] = d[i] / 3;
      want32[0][i] = f[i] / 0.25f;
      want32[1][i] = f[i] / 0x1p-120f;
      want32[2][i] = f[i] / 0x1p127f;
    }
    Ufunc[] u = {half, tiny, huge, three};
    for (int k = 0; k < u.length; k++) {
      double[] got = u[k].apply(NDArray.of(d)).toDoubleArray();
      for (int i = 0; i < n; i++) {
        assertEquals(Double.doubleToLongBits(want[k][i]), Double.doubleToLongBits(got[i]), k + ": " + d[i]);
      }
    }
    Ufunc[] u32 = {half32, tiny32, huge32};
    for (int k = 0; k < u32.length; k++) {
      float[] got = u32[k].apply(NDArray.of(f)).toFloatArray();
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToIntBits(want32[k][i]), Float.floatToIntBits(got[i]), "float32 " + k + ": " + f[i]);
      }
    }
    assertTrue(half.explain().contains("(p0 * 2.0)"), half.explain());
    assertTrue(tiny32.explain().contains("(p0 * 1.329227995784916E36)"), tiny32.explain());
    assertTrue(huge.explain().contains("/"), huge.explain());
    assertTrue(huge32.explain().contains("/"), huge32.explain());
    assertTrue(three.explain().contains("(p0 / 3.0)"), three.explain());
  }
}
