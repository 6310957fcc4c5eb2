package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * pow's special cases are Java's in every tier: SVML's vector pow follows C, which gives 1 for
 * pow(1, NaN) and pow(+-1, +-infinity) where {@code Math.pow} gives NaN. The kernel is called
 * often enough for C2 to compile it (until then the Vector API computes Math.pow per lane), and
 * results are compared bit for bit with Math.pow every 500 calls.
 */
class PowSpecialCasesTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double[] SPECIAL = {1, -1, 0, -0.0, NAN, INF, -INF, 2, -2, 0.5, -0.5, 3, Double.MIN_VALUE, Double.MAX_VALUE};

  @Test
  void specialCasesAreJavasOnEveryCall() {
    // every pair, repeated to 1024 elements so that the vector loop is hot
    int pairs = SPECIAL.length * SPECIAL.length;
    int n = 1024;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = SPECIAL[k % pairs / SPECIAL.length];
      y[k] = SPECIAL[k % pairs % SPECIAL.length];
    }
    NDArray a = NDArray.of(x);
    NDArray b = NDArray.of(y);
    NDArray a32 = a.astype(org.ufunc4j.DType.FLOAT32);
    NDArray b32 = b.astype(org.ufunc4j.DType.FLOAT32);
    Ufunc lambda = Ufunc.vectorize("float64(float64, float64)", (p, q) -> Math.pow(p, q) + 0.0);
    NDArray out = NDArray.zeros(org.ufunc4j.DType.FLOAT64, n);
    NDArray out2 = NDArray.zeros(org.ufunc4j.DType.FLOAT64, n);
    NDArray out32 = NDArray.zeros(org.ufunc4j.DType.FLOAT32, n);
    int calls = Boolean.getBoolean("ufunc.test.expectSimd") ? 20_000 : 500; // no SVML kernel to warm up without SIMD
    for (int call = 0; call < calls; call++) {
      Ufuncs.power.out(out).apply(a, b);
      lambda.out(out2).apply(a, b);
      Ufuncs.power.out(out32).apply(a32, b32);
      if (call % 500 != 499) {
        continue;
      }
      double[] got = out.toDoubleArray();
      double[] viaLambda = out2.toDoubleArray();
      float[] got32 = out32.toFloatArray();
      for (int k = 0; k < n; k++) {
        double want = Math.pow(x[k], y[k]);
        String what = "pow(" + x[k] + ", " + y[k] + ") on call " + call;
        check(want, got[k], what);
        check(want + 0.0, viaLambda[k], "lambda " + what);
        float want32 = (float) Math.pow((float) x[k], (float) y[k]);
        check(want32, got32[k], "float32 " + what);
      }
    }
  }

  /** Broadcast exponents (one vector for the whole loop) and exponents computed in the kernel. */
  @Test
  void broadcastAndComputedExponents() {
    double[] x = new double[1024];
    for (int k = 0; k < x.length; k++) {
      x[k] = SPECIAL[k % SPECIAL.length];
    }
    NDArray a = NDArray.of(x);
    NDArray out = NDArray.zeros(org.ufunc4j.DType.FLOAT64, x.length);
    Ufunc computed = Ufunc.vectorize("float64(float64, float64)", (p, q) -> Math.pow(p, q * 0.5));
    NDArray twice = NDArray.of(x).flip(0);
    double[] ys = twice.toDoubleArray();
    int calls = Boolean.getBoolean("ufunc.test.expectSimd") ? 20_000 : 200;
    for (double y : new double[] {NAN, INF, -INF, 0.5}) {
      for (int call = 0; call < calls / 4; call++) {
        Ufuncs.power.out(out).apply(a, y);
      }
      double[] got = out.toDoubleArray();
      for (int k = 0; k < x.length; k++) {
        check(Math.pow(x[k], y), got[k], "pow(" + x[k] + ", broadcast " + y + ")");
      }
    }
    for (int call = 0; call < calls; call++) {
      computed.out(out).apply(a, twice);
    }
    double[] got = out.toDoubleArray();
    for (int k = 0; k < x.length; k++) {
      check(Math.pow(x[k], ys[k] * 0.5), got[k], "pow(" + x[k] + ", " + ys[k] + " * 0.5)");
    }
  }

  /**
   * pow next to another SVML call: the vector loop computes four vectors per iteration behind one
   * exponent test (VectorCompiler's grouped loop), so a special exponent anywhere in a group must
   * still give Java's result in every lane of all four.
   */
  @Test
  void groupedWithAnotherSvmlCall() {
    int n = 1024;
    double[] x = new double[n];
    double[] y = new double[n];
    java.util.Random random = new java.util.Random(11);
    for (int k = 0; k < n; k++) {
      // mostly ordinary exponents, a special one in some groups only (and at varying lanes)
      x[k] = k % 5 == 0 ? 1.0 : k % 7 == 0 ? -1.0 : random.nextDouble() * 4;
      y[k] = k % 97 == 3 ? NAN : k % 89 == 5 ? INF : k % 83 == 7 ? -INF : random.nextDouble() * 3;
    }
    Ufunc twoCalls = Ufunc.vectorize("float64(float64, float64)", (p, q) -> Math.pow(p, q) + Math.tanh(0.0 * p));
    NDArray a = NDArray.of(x);
    NDArray b = NDArray.of(y);
    NDArray out = NDArray.zeros(org.ufunc4j.DType.FLOAT64, n);
    twoCalls.out(out).apply(a, b);
    if (Boolean.getBoolean("ufunc.test.expectSimd")) {
      String explain = twoCalls.explain();
      // below 512 bits pow and tanh are ufunc4j's own: no SVML call to group there
      boolean svmlPow = org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512;
      org.junit.jupiter.api.Assertions.assertTrue(svmlPow ? explain.contains("grouped") : explain.contains("pow/tanh: ufunc4j's double polynomials"), explain);
    }
    int calls = Boolean.getBoolean("ufunc.test.expectSimd") ? 20_000 : 200;
    for (int call = 0; call < calls; call++) {
      twoCalls.out(out).apply(a, b);
      if (call % 2000 != 1999 && call != calls - 1) {
        continue;
      }
      double[] got = out.toDoubleArray();
      for (int k = 0; k < n; k++) {
        double want = Math.pow(x[k], y[k]) + Math.tanh(0.0 * x[k]);
        check(want, got[k], "pow(" + x[k] + ", " + y[k] + ") + tanh(0) at " + k + " on call " + call);
      }
    }
  }

  /** Special results (NaN, infinities, zeros, +-1) bit for bit; others within SVML's 1 ulp. */
  private static void check(double want, double got, String what) {
    if (Double.isNaN(want) || Double.isInfinite(want) || want == 0 || Math.abs(want) == 1) {
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what);
    } else {
      assertEquals(want, got, Math.ulp(want), what);
    }
  }

  private static void check(float want, float got, String what) {
    if (Float.isNaN(want) || Float.isInfinite(want) || want == 0 || Math.abs(want) == 1) {
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what);
    } else {
      assertEquals(want, got, Math.ulp(want), what);
    }
  }
}
