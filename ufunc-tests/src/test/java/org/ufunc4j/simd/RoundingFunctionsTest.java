package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * floor, ceil, rint and trunc compile to exact vector operations (add and subtract 2^52, or 2^23
 * in float32, with the sign of zero restored): bit for bit equal to Math on ties, +-0.0, values
 * just below 0.5 and 2^52, huge values, NaN, infinities, subnormals and random raw bits.
 */
class RoundingFunctionsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  private static double reference(int k, double x) {
    return switch (k) {
      case 0 -> Math.floor(x);
      case 1 -> Math.ceil(x);
      case 2 -> Math.rint(x);
      default -> x < 0 ? Math.ceil(x) : Math.floor(x);
    };
  }

  @Test
  void roundingUfuncsEqualMathBitForBit() {
    double[] special = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 0x1p52,
        -0x1p52, 0x1p52 + 1, 0x1p53, -0x1p53 + 1, 4503599627370495.5, -4503599627370495.5, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e300, -1e300, 0.3, -0.3,
        -0.7, 0.7, 1 - 0x1p-53, -(1 - 0x1p-53), 0x1p23 - 0.5, -0x1p23 + 0.5, 8388608.5f, -8388607.5f};
    SplittableRandom r = new SplittableRandom(5);
    int n = 20_011;
    double[] d = new double[n];
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = i < special.length ? special[i] : i % 3 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-1e6, 1e6);
      f[i] = i < special.length ? (float) special[i] : i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) d[i];
    }
    Ufunc[] us = {Ufuncs.floor, Ufuncs.ceil, Ufuncs.rint, Ufuncs.trunc};
    for (int k = 0; k < us.length; k++) {
      double[] got = us[k].apply(NDArray.of(d)).toDoubleArray();
      double[] rev = us[k].apply(NDArray.of(d).flip(0)).toDoubleArray();
      double[] gotF = us[k].apply(NDArray.of(f)).astype(DType.FLOAT64).toDoubleArray();
      for (int i = 0; i < n; i++) {
        double w = reference(k, d[i]);
        assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(got[i]), us[k].name() + "(" + d[i] + ")");
        assertEquals(Double.doubleToLongBits(reference(k, d[n - 1 - i])), Double.doubleToLongBits(rev[i]), us[k].name() + " reversed");
        float wf = (float) reference(k, f[i]);
        assertEquals(Float.floatToIntBits(wf), Float.floatToIntBits((float) gotF[i]), us[k].name() + "(" + f[i] + "f)");
      }
      String ex = us[k].explain();
      assertTrue(ex.contains("IR (float64)") && ex.contains("IR (float32)"), ex);
      if (EXPECT_SIMD) {
        assertTrue(ex.contains("tier B"), ex);
      }
    }
  }
}
