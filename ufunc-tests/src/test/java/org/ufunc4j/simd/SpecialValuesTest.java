package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * NaN, infinities, signed zeros and exact results follow Java's {@code Math} in every
 * transcendental ufunc, on float64 and float32, also once C2 has compiled the SIMD kernel (until
 * then the Vector API computes each lane with Math, which would hide a difference: SVML's special
 * cases are C's, see PowSpecialCasesTest). Each ufunc runs on special inputs repeated to 1024
 * elements until its kernel is hot; special results (NaN, infinite, zero, +-1, and log10 of powers
 * of ten, which Java defines as exact) must have Math's bits, the others be within 2 ulps.
 */
class SpecialValuesTest {
  private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      1, -1, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
      10, 100, 1000, 1e22, 1e-5, 0.5, -0.5, 2, 710, -746, 89, -104, 1e-300, Math.PI, -Math.PI / 2};
  private static final int N = 1024;
  /** With SIMD off there is no SVML kernel to warm up: two calls. */
  private static final int CALLS = Boolean.getBoolean("ufunc.test.expectSimd") ? 6000 : 2;

  private static NDArray inputs(DType t, int shift) {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = SPECIAL[(i + shift * (i / SPECIAL.length)) % SPECIAL.length];
    }
    return NDArray.of(x).astype(t);
  }

  @Test
  void unaryTranscendentals() {
    check(Ufuncs.exp, Math::exp);
    check(Ufuncs.expm1, Math::expm1);
    check(Ufuncs.log, Math::log);
    check(Ufuncs.log1p, Math::log1p);
    check(Ufuncs.log10, Math::log10);
    check(Ufuncs.sin, Math::sin);
    check(Ufuncs.cos, Math::cos);
    check(Ufuncs.tan, Math::tan);
    check(Ufuncs.arcsin, Math::asin);
    check(Ufuncs.arccos, Math::acos);
    check(Ufuncs.arctan, Math::atan);
    check(Ufuncs.sinh, Math::sinh);
    check(Ufuncs.cosh, Math::cosh);
    check(Ufuncs.tanh, Math::tanh);
    check(Ufuncs.cbrt, Math::cbrt);
  }

  /**
   * NaN payloads and signs: Java's sin and cos (and float32 exp, and pow and tanh where they are
   * ufunc4j's own, below 512 bits) return the input NaN quieted, sign and payload kept. ufunc4j's
   * polynomials flipped the sign of some NaN lanes (the quadrant's sign flip), so NaN lanes take
   * Math's path. Every third element is a NaN (so NaNs fall at every lane position of the vector
   * loop and in the tail); those are checked bit for bit, the others elsewhere.
   */
  @Test
  void nanPayloadsAndSignsAreJavasInOwnPolynomials() {
    long[] nans = {0x7ff8000000000123L, 0xfff8000000000456L, 0x7ff0000000000001L, 0xfff0000000000abcL, 0x7ff8000000000000L};
    int[] nansF = {0x7fc00123, 0xffc00456, 0x7f800001, 0xff800abc, 0x7fc00000};
    int n = 1021;
    double[] x = new double[n];
    float[] xf = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 3 == 0 ? Double.longBitsToDouble(nans[i / 3 % nans.length]) : i * 0.37 - 100;
      xf[i] = i % 3 == 0 ? Float.intBitsToFloat(nansF[i / 3 % nansF.length]) : (float) (i * 0.37 - 100);
    }
    boolean ownPowTanh = org.ufunc4j.internal.simd.SimdSupport.vectorBits() > 0 && org.ufunc4j.internal.simd.SimdSupport.vectorBits() < 512;
    java.util.Map<Ufunc, DoubleUnaryOperator> f64 = new java.util.LinkedHashMap<>();
    f64.put(Ufuncs.sin, Math::sin);
    f64.put(Ufuncs.cos, Math::cos);
    if (ownPowTanh || !Boolean.getBoolean("ufunc.test.expectSimd")) {
      f64.put(Ufuncs.tanh, Math::tanh);
      f64.put(Ufunc.vectorize("float64(float64)", v -> Math.pow(v, 2.5)), v -> Math.pow(v, 2.5));
    }
    for (var e : f64.entrySet()) {
      double[] got = hot(e.getKey(), NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < n; i += 3) {
        assertEquals(Long.toHexString(Double.doubleToRawLongBits(e.getValue().applyAsDouble(x[i]))), Long.toHexString(Double.doubleToRawLongBits(got[i])),
            e.getKey().name() + "(" + Long.toHexString(Double.doubleToRawLongBits(x[i])) + ") at " + i);
      }
    }
    java.util.Map<Ufunc, DoubleUnaryOperator> f32 = new java.util.LinkedHashMap<>();
    f32.put(Ufuncs.sin, Math::sin);
    f32.put(Ufuncs.cos, Math::cos);
    f32.put(Ufuncs.exp, Math::exp);
    for (var e : f32.entrySet()) {
      float[] got = hot(e.getKey(), NDArray.of(xf)).toFloatArray();
      for (int i = 0; i < n; i += 3) {
        float want = (float) e.getValue().applyAsDouble(xf[i]);
        assertEquals(Integer.toHexString(Float.floatToRawIntBits(want)), Integer.toHexString(Float.floatToRawIntBits(got[i])),
            e.getKey().name() + "(" + Integer.toHexString(Float.floatToRawIntBits(xf[i])) + "f) at " + i);
      }
    }
  }

  /** {@code f} applied often enough for C2 to compile its kernel; the last result. */
  private static NDArray hot(Ufunc f, NDArray in) {
    NDArray out = f.apply(in);
    for (int call = 1; call < CALLS / 4; call++) {
      f.out(out).apply(in);
    }
    return out;
  }

  @Test
  void binaryTranscendentals() {
    check(Ufuncs.arctan2, Math::atan2);
    check(Ufuncs.hypot, Math::hypot);
  }

  private static void check(Ufunc f, DoubleUnaryOperator math) {
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      NDArray a = inputs(t, 0);
      NDArray out = NDArray.zeros(t, N);
      for (int call = 1; call <= CALLS; call++) {
        f.out(out).apply(a);
        if (call % (CALLS / 2) == 0) {
          for (int i = 0; i < N; i++) {
            double x = a.getDouble(i);
            double want = t == DType.FLOAT32 ? (float) math.applyAsDouble((float) x) : math.applyAsDouble(x);
            compare(f.name() + "(" + x + ") " + t + " call " + call, want, out.getDouble(i), t, f == Ufuncs.log10);
          }
        }
      }
    }
  }

  private static void check(Ufunc f, DoubleBinaryOperator math) {
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      NDArray a = inputs(t, 0);
      NDArray b = inputs(t, 7);
      NDArray out = NDArray.zeros(t, N);
      for (int call = 1; call <= CALLS; call++) {
        f.out(out).apply(a, b);
        if (call % (CALLS / 2) == 0) {
          for (int i = 0; i < N; i++) {
            double x = a.getDouble(i);
            double y = b.getDouble(i);
            double want = t == DType.FLOAT32 ? (float) math.applyAsDouble((float) x, (float) y) : math.applyAsDouble(x, y);
            compare(f.name() + "(" + x + ", " + y + ") " + t + " call " + call, want, out.getDouble(i), t, false);
          }
        }
      }
    }
  }

  private static void compare(String what, double want, double got, DType t, boolean integersExact) {
    boolean special = Double.isNaN(want) || Double.isInfinite(want) || want == 0 || Math.abs(want) == 1
        || integersExact && want == Math.rint(want);
    if (special) {
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": " + got + " vs Math's " + want);
    } else {
      double ulp = t == DType.FLOAT32 ? Math.ulp((float) want) : Math.ulp(want);
      assertEquals(want, got, 2 * ulp, what);
    }
  }
}
