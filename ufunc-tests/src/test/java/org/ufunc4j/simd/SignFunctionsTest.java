package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * {@code Math.copySign} and {@code Math.signum} in lambdas, and the standard {@code copysign} and
 * {@code signbit}, compile to SIMD (copySign as sign-bit operations) and equal Java bit for bit on
 * signed zeros, NaNs of both signs, infinities, subnormals and raw bits, in float64 and float32,
 * contiguous and reversed.
 */
class SignFunctionsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);
  private static final float NEGATIVE_NAN_F = Float.intBitsToFloat(0xffc00000);

  private static double[] doubles(long seed, int n) {
    double[] special = {0.0, -0.0, Double.NaN, NEGATIVE_NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, 1.5, -2.5, Double.MAX_VALUE, -Double.MAX_VALUE};
    SplittableRandom r = new SplittableRandom(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i < special.length ? special[(i * 7 + (int) seed) % special.length] : Double.longBitsToDouble(r.nextLong());
    }
    return d;
  }

  private static float[] floats(long seed, int n) {
    float[] special = {0f, -0f, Float.NaN, NEGATIVE_NAN_F, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1.5f, -2.5f};
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = i < special.length ? special[(i * 3 + (int) seed) % special.length] : Float.intBitsToFloat(r.nextInt());
    }
    return f;
  }

  private static void simd(Ufunc u) {
    if (EXPECT_SIMD) {
      assertTrue(u.explain().contains("tier B"), u.explain());
    }
  }

  @Test
  void copysignEqualsMathBitForBit() {
    int n = 3001;
    double[] a = doubles(1, n);
    double[] b = doubles(2, n);
    float[] fa = floats(3, n);
    float[] fb = floats(4, n);
    double[] got = Ufuncs.copysign.apply(NDArray.of(a), NDArray.of(b)).toDoubleArray();
    double[] rev = Ufuncs.copysign.apply(NDArray.of(a).flip(0), NDArray.of(b)).toDoubleArray();
    float[] gotF = Ufuncs.copysign.apply(NDArray.of(fa), NDArray.of(fb)).toFloatArray();
    for (int i = 0; i < n; i++) {
      assertEquals(Double.doubleToRawLongBits(Math.copySign(a[i], b[i])), Double.doubleToRawLongBits(got[i]), a[i] + ", " + b[i]);
      assertEquals(Double.doubleToRawLongBits(Math.copySign(a[n - 1 - i], b[i])), Double.doubleToRawLongBits(rev[i]));
      assertEquals(Float.floatToRawIntBits(Math.copySign(fa[i], fb[i])), Float.floatToRawIntBits(gotF[i]), fa[i] + ", " + fb[i]);
    }
    simd(Ufuncs.copysign);
    assertTrue(Ufuncs.copysign.explain().contains("copysign(p0, p1)"), Ufuncs.copysign.explain());
  }

  @Test
  void signbitIsTheSignBitOfEveryValue() {
    int n = 3001;
    double[] a = doubles(5, n);
    float[] f = floats(6, n);
    boolean[] got = (boolean[]) Ufuncs.signbit.apply(NDArray.of(a)).heapArray();
    boolean[] gotF = (boolean[]) Ufuncs.signbit.apply(NDArray.of(f)).heapArray();
    for (int i = 0; i < n; i++) {
      assertEquals(Double.doubleToRawLongBits(a[i]) < 0, got[i], "signbit(" + a[i] + ")");
      assertEquals(Float.floatToRawIntBits(f[i]) < 0, gotF[i], "signbit(" + f[i] + "f)");
    }
    simd(Ufuncs.signbit);
  }

  @Test
  void lambdasWithCopySignAndSignumLift() {
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", (x, y) -> Math.copySign(x * 2, y) + Math.signum(x));
    Ufunc g = Ufunc.vectorize("float32(float32)", x -> Math.signum(x) * Math.copySign(1.0, -x));
    int n = 2049;
    double[] a = doubles(7, n);
    double[] b = doubles(8, n);
    float[] c = floats(9, n);
    double[] got = f.apply(NDArray.of(a), NDArray.of(b)).toDoubleArray();
    float[] gotG = g.apply(NDArray.of(c)).toFloatArray();
    for (int i = 0; i < n; i++) {
      double want = Math.copySign(a[i] * 2, b[i]) + Math.signum(a[i]);
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i]), a[i] + ", " + b[i]);
      float wantG = Math.signum(c[i]) * Math.copySign(1f, -c[i]);
      assertEquals(Float.floatToIntBits(wantG), Float.floatToIntBits(gotG[i]), c[i] + "f");
    }
    assertTrue(f.explain().contains("copysign(") && !f.explain().contains("not lifted"), f.explain());
    assertTrue(g.explain().contains("IR (float32)"), g.explain());
    simd(f);
    simd(g);
    // StrictMath.copySign reads a NaN sign as positive: it is not the same operation, and stays scalar
    Ufunc strict = Ufunc.vectorize("float64(float64, float64)", (Fn.DoubleBinary) StrictMath::copySign);
    double[] s = strict.apply(NDArray.of(new double[] {2.0}), NDArray.of(new double[] {NEGATIVE_NAN})).toDoubleArray();
    assertEquals(StrictMath.copySign(2.0, NEGATIVE_NAN), s[0]);
    assertEquals(DType.FLOAT64, strict.apply(NDArray.of(a), NDArray.of(b)).dtype());
  }

  @Test
  void inverseHyperbolicsCompileAndStayCloseToTheScalarFunctions() {
    // NumpyMath.asinh/atanh end in Math.copySign and branch on |x|: with copySign lifted they run
    // as SIMD blends of both branches; compared with the scalar functions within 4 ulps, and exact
    // on zeros, NaN and infinities
    int n = 4001;
    double[] x = doubles(10, n);
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 12; i < n; i += 2) {
      x[i] = r.nextDouble(-40, 40) * Math.pow(10, r.nextInt(-8, 9));
    }
    double[] sh = Ufuncs.arcsinh.apply(NDArray.of(x)).toDoubleArray();
    double[] th = Ufuncs.arctanh.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < n; i++) {
      double ws = org.ufunc4j.internal.math.NumpyMath.asinh(x[i]);
      double wt = org.ufunc4j.internal.math.NumpyMath.atanh(x[i]);
      assertClose(ws, sh[i], "arcsinh(" + x[i] + ")");
      assertClose(wt, th[i], "arctanh(" + x[i] + ")");
    }
    simd(Ufuncs.arcsinh);
    simd(Ufuncs.arctanh);
  }

  private static void assertClose(double want, double got, String what) {
    if (Double.isNaN(want) || Double.isInfinite(want) || want == 0) {
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what);
    } else {
      assertEquals(want, got, 4 * Math.ulp(want), what);
    }
  }
}
