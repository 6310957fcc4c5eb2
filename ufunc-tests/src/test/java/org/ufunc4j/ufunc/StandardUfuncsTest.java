package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;

/**
 * Every standard ufunc against a scalar reference written here, over IEEE edge cases and random
 * values, at a size (1021) that leaves a tail after any lane count. Exact operations must match
 * bit for bit; NumPy-specific results are checked against values NumPy documents.
 */
class StandardUfuncsTest {
  @FunctionalInterface
  interface FloatRef {
    float apply(float x);
  }

  private static final int N = 1021;

  /** Exact (correctly rounded) functions compare bit for bit; SVML transcendentals within 1 ulp. */
  private static final java.util.Set<String> INEXACT = java.util.Set.of(
      "cbrt", "exp", "expm1", "log", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
      "sinh", "cosh", "tanh", "hypot", "arctan2", "power");

  private static void check(Ufunc u, NDArray expected, NDArray actual, String what) {
    if (INEXACT.contains(u.name())) {
      org.ufunc4j.testing.Comparisons.assertWithinUlps(expected, actual, 2); // SVML and Math: 1 ulp each from exact
    } else {
      Values.assertSameBits(expected, actual, what);
    }
  }

  private static void unaryF64(Ufunc u, DoubleUnaryOperator ref) {
    unaryF64(u, ref, x -> (float) ref.applyAsDouble(x));
  }

  /** {@code ref32} is the float32 reference (by default: the double function, rounded once). */
  private static void unaryF64(Ufunc u, DoubleUnaryOperator ref, FloatRef ref32) {
    double[] x = Values.doubles(N, 11);
    double[] expected = new double[N];
    for (int i = 0; i < N; i++) {
      expected[i] = ref.applyAsDouble(x[i]);
    }
    check(u, NDArray.of(expected), u.apply(NDArray.of(x)), u.name() + " float64");
    // float32 loop: computed in float32, rounded once from the double function (our reference)
    float[] xf = new float[N];
    float[] ef = new float[N];
    for (int i = 0; i < N; i++) {
      xf[i] = (float) x[i];
      ef[i] = ref32.apply(xf[i]);
    }
    NDArray r32 = u.apply(NDArray.of(xf));
    assertEquals(DType.FLOAT32, r32.dtype(), u.name() + " keeps float32");
    check(u, NDArray.of(ef), r32, u.name() + " float32");
  }

  private static void binaryF64(Ufunc u, DoubleBinaryOperator ref) {
    double[] x = Values.doubles(N, 21);
    double[] y = Values.doubles(N, 22);
    // pair every edge value with every other one in the first rows
    int m = Values.EDGE_DOUBLES.length;
    for (int i = 0; i < Math.min(N, m * m); i++) {
      x[i] = Values.EDGE_DOUBLES[i / m];
      y[i] = Values.EDGE_DOUBLES[i % m];
    }
    double[] expected = new double[N];
    for (int i = 0; i < N; i++) {
      expected[i] = ref.applyAsDouble(x[i], y[i]);
    }
    check(u, NDArray.of(expected), u.apply(NDArray.of(x), NDArray.of(y)), u.name() + " float64");
  }

  private static void binaryI64(Ufunc u, LongBinaryOperator ref) {
    long[] x = Values.longs(N, 31);
    long[] y = Values.longs(N, 32);
    int m = Values.EDGE_LONGS.length;
    for (int i = 0; i < Math.min(N, m * m); i++) {
      x[i] = Values.EDGE_LONGS[i / m];
      y[i] = Values.EDGE_LONGS[i % m];
    }
    long[] expected = new long[N];
    for (int i = 0; i < N; i++) {
      expected[i] = ref.applyAsLong(x[i], y[i]);
    }
    assertArrayEquals(expected, u.apply(NDArray.of(x), NDArray.of(y)).toLongArray(), u.name() + " int64");
    // int8 loop: computed exactly and wrapped, as NumPy's int8 loop
    byte[] xb = new byte[N];
    byte[] yb = new byte[N];
    long[] eb = new long[N];
    for (int i = 0; i < N; i++) {
      xb[i] = (byte) x[i];
      yb[i] = (byte) y[i];
      eb[i] = (byte) ref.applyAsLong(xb[i], yb[i]);
    }
    NDArray r8 = u.apply(NDArray.of(xb), NDArray.of(yb));
    assertEquals(DType.INT8, r8.dtype(), u.name() + " keeps int8");
    assertArrayEquals(eb, r8.toLongArray(), u.name() + " int8");
  }

  @Test
  void exactArithmeticFloat() {
    binaryF64(Ufuncs.add, (a, b) -> a + b);
    binaryF64(Ufuncs.subtract, (a, b) -> a - b);
    binaryF64(Ufuncs.multiply, (a, b) -> a * b);
    binaryF64(Ufuncs.true_divide, (a, b) -> a / b);
    binaryF64(Ufuncs.fmod, (a, b) -> a % b);
    binaryF64(Ufuncs.copysign, Math::copySign);
    binaryF64(Ufuncs.hypot, Math::hypot);
    binaryF64(Ufuncs.arctan2, Math::atan2);
    binaryF64(Ufuncs.power, Math::pow);
  }

  @Test
  void extremaPropagateOrIgnoreNan() {
    binaryF64(Ufuncs.maximum, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a >= b ? a : b));
    binaryF64(Ufuncs.minimum, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a <= b ? a : b));
    binaryF64(Ufuncs.fmax, (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : (a >= b ? a : b));
    binaryF64(Ufuncs.fmin, (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : (a <= b ? a : b));
  }

  @Test
  void nanPropagationKeepsThePayloadOfTheFirstNan() {
    NDArray r = Ufuncs.maximum.apply(NDArray.of(new double[] {Double.NaN, 1}), NDArray.of(new double[] {1, Double.NaN}));
    assertTrue(Double.isNaN(r.getDouble(0)) && Double.isNaN(r.getDouble(1)));
    NDArray f = Ufuncs.fmax.apply(NDArray.of(new double[] {Double.NaN, 1, Double.NaN}), NDArray.of(new double[] {1, Double.NaN, Double.NaN}));
    assertArrayEquals(new double[] {1, 1, Double.NaN}, f.toDoubleArray());
  }

  @Test
  void floatFunctions() {
    unaryF64(Ufuncs.sqrt, Math::sqrt);
    unaryF64(Ufuncs.cbrt, Math::cbrt);
    unaryF64(Ufuncs.exp, Math::exp);
    unaryF64(Ufuncs.expm1, Math::expm1);
    unaryF64(Ufuncs.log, Math::log);
    unaryF64(Ufuncs.log10, Math::log10);
    unaryF64(Ufuncs.log1p, Math::log1p);
    unaryF64(Ufuncs.sin, Math::sin);
    unaryF64(Ufuncs.cos, Math::cos);
    unaryF64(Ufuncs.tan, Math::tan);
    unaryF64(Ufuncs.arcsin, Math::asin);
    unaryF64(Ufuncs.arccos, Math::acos);
    unaryF64(Ufuncs.arctan, Math::atan);
    unaryF64(Ufuncs.sinh, Math::sinh);
    unaryF64(Ufuncs.cosh, Math::cosh);
    unaryF64(Ufuncs.tanh, Math::tanh);
    // float32 loops compute in float32 like NumPy's: x * (float) (180 / pi), one rounding per operation
    unaryF64(Ufuncs.degrees, Math::toDegrees, x -> x * (float) 57.29577951308232);
    unaryF64(Ufuncs.radians, Math::toRadians, x -> x * (float) 0.017453292519943295);
    unaryF64(Ufuncs.floor, Math::floor);
    unaryF64(Ufuncs.ceil, Math::ceil);
    unaryF64(Ufuncs.rint, Math::rint);
    unaryF64(Ufuncs.negative, a -> -a);
    unaryF64(Ufuncs.positive, a -> a);
    unaryF64(Ufuncs.absolute, Math::abs);
    unaryF64(Ufuncs.square, a -> a * a);
    unaryF64(Ufuncs.reciprocal, a -> 1 / a);
    unaryF64(Ufuncs.trunc, a -> Double.isNaN(a) || Double.isInfinite(a) ? a : (a < 0 ? -Math.floor(-a) : Math.floor(a)));
  }

  /**
   * log2 within 3 ulps of {@code Math.log(x) / Math.log(2)} (itself within about 1.5 ulps of the
   * true value) on float64, from raw bits, near 1 (where taking 1.x from the bits and adding -1
   * cancelled: 64 ulps in SIMD code, and 597 ulps of float32), subnormals and powers of two
   * (exact); float32 within 1 ulp of the rounded reference. Also after C2 compiles the kernel.
   */
  @Test
  void log2IsAccurateNearOneAndEverywhere() {
    int n = 4099;
    double[] x = new double[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(41);
    for (int i = 0; i < n; i++) {
      int kind = i % 4;
      x[i] = kind == 0 ? Math.abs(Double.longBitsToDouble(r.nextLong())) : kind == 1 ? r.nextDouble(0.5, 2)
          : kind == 2 ? 1 + r.nextDouble(-1e-6, 1e-6) : r.nextDouble(0, 1e-308);
    }
    NDArray out = NDArray.zeros(DType.FLOAT64, n);
    for (int call = 0; call < 300; call++) {
      Ufuncs.log2.out(out).apply(NDArray.of(x));
    }
    double[] got = out.toDoubleArray();
    for (int i = 0; i < n; i++) {
      double want = Math.log(x[i]) / Math.log(2);
      assertTrue(Math.abs(got[i] - want) <= 3 * Math.ulp(want), "log2(" + x[i] + "): " + got[i] + ", reference " + want);
    }
    for (int k = -1074; k <= 1023; k += 7) {
      assertEquals(k, Ufuncs.log2.apply(NDArray.of(new double[] {Math.scalb(1.0, k)})).toDoubleArray()[0], "log2(2^" + k + ")");
    }
    double[] special = Ufuncs.log2.apply(NDArray.of(new double[] {-0.0, -1e-300, Double.NEGATIVE_INFINITY})).toDoubleArray();
    assertEquals(Double.NEGATIVE_INFINITY, special[0]);
    assertTrue(Double.isNaN(special[1]) && Double.isNaN(special[2]));
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = i % 2 == 0 ? (float) x[i] : (float) (1 + r.nextDouble(-1e-3, 1e-3));
    }
    float[] gf = Ufuncs.log2.apply(NDArray.of(f)).toFloatArray();
    for (int i = 0; i < n; i++) {
      float want = (float) (Math.log(f[i]) / Math.log(2));
      assertTrue(gf[i] == want || Math.abs(gf[i] - want) <= Math.ulp(want), "float32 log2(" + f[i] + "): " + gf[i] + ", reference " + want);
    }
  }

  /**
   * float32 log2 lifts as one operation computed in double lanes (NumpyMath.log2 reads double
   * bits, which float32 IR cannot hold): its vector loop, tails and strided calls give the scalar
   * twin's bits, within 1 ulp of the double log2 rounded to float, exact on powers of two.
   */
  @Test
  void float32Log2RunsSimdWithItsTwinsBits() {
    int n = 4099;
    float[] f = new float[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(43);
    for (int i = 0; i < n; i++) {
      f[i] = i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : i % 3 == 1 ? (float) r.nextDouble(0, 4) : Math.scalb(1f, r.nextInt(-149, 128));
    }
    f[0] = 0f;
    f[1] = -0f;
    f[2] = Float.POSITIVE_INFINITY;
    f[3] = Float.NaN;
    f[4] = Float.MIN_VALUE;
    NDArray in = NDArray.of(f);
    float[] got = Ufuncs.log2.apply(in).toFloatArray();
    float[] strided = Ufuncs.log2.apply(in.slice("1::2")).toFloatArray();
    boolean simd = Boolean.getBoolean("ufunc.test.expectSimd");
    for (int i = 0; i < n; i++) {
      float want = (float) org.ufunc4j.internal.math.NumpyMath.log2(f[i]);
      if (Float.isNaN(want)) {
        assertTrue(Float.isNaN(got[i]), "log2(" + f[i] + ")");
        continue;
      }
      assertTrue(Math.abs(Float.floatToIntBits(want) - Float.floatToIntBits(got[i])) <= 1, "log2(" + f[i] + "f): " + got[i] + " against " + want);
      if (Math.getExponent(f[i]) >= -126 && f[i] == Math.scalb(1f, Math.getExponent(f[i])) || f[i] == Float.MIN_VALUE) {
        assertEquals(want, got[i], "log2 of a power of two, " + f[i]);
      }
      if (simd) {
        assertEquals(Float.floatToIntBits(org.ufunc4j.internal.math.FloatTranscendentals.log2(f[i])), Float.floatToIntBits(got[i]), "twin, log2(" + f[i] + ")");
        if (i % 2 == 1) {
          assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits(strided[i / 2]), "strided, log2(" + f[i] + ")");
        }
      }
    }
    if (simd) {
      String ex = Ufuncs.log2.explain();
      assertTrue(ex.contains("IR (float32): log2(p0)") && ex.contains("log2: ufunc4j's float polynomials"), ex);
    }
  }

  @Test
  void functionsJavaLacksMatchTheirDefinitions() {
    double[] x = {0.25, 1, 2, 8, 1024, 3, 0x1p-1030, 0, -1, Double.POSITIVE_INFINITY, Double.NaN};
    double[] r = Ufuncs.log2.apply(NDArray.of(x)).toDoubleArray();
    assertEquals(-2.0, r[0]);
    assertEquals(0.0, r[1]);
    assertEquals(1.0, r[2]);
    assertEquals(3.0, r[3]);
    assertEquals(10.0, r[4]);
    assertEquals(Math.log(3) / Math.log(2), r[5], 1e-15);
    assertEquals(-1030.0, r[6], 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, r[7]);
    assertTrue(Double.isNaN(r[8]));
    assertEquals(Double.POSITIVE_INFINITY, r[9]);
    assertArrayEquals(new double[] {0.5, 1, 1024}, Ufuncs.exp2.apply(NDArray.of(new double[] {-1, 0, 10})).toDoubleArray());
    double[] h = Values.doubles(N, 5);
    double[] sh = Ufuncs.arcsinh.apply(NDArray.of(h)).toDoubleArray();
    double[] th = Ufuncs.arctanh.apply(Ufuncs.tanh.apply(NDArray.of(h))).toDoubleArray();
    for (int i = 0; i < N; i++) {
      if (Double.isFinite(h[i]) && Math.abs(h[i]) < 700 && Math.abs(h[i]) > 1e-300) {
        assertEquals(h[i], Math.sinh(sh[i]), Math.abs(h[i]) * 1e-14, "sinh(arcsinh(x)) at " + h[i]);
      }
      if (Double.isFinite(h[i]) && Math.abs(h[i]) < 5 && Math.abs(h[i]) > 1e-300) {
        assertEquals(h[i], th[i], Math.abs(h[i]) * 1e-12, "arctanh(tanh(x)) at " + h[i]);
      }
    }
    assertEquals(-0.0, Ufuncs.arcsinh.apply(NDArray.of(new double[] {-0.0})).getDouble(0));
    double[] ac = Ufuncs.arccosh.apply(NDArray.of(new double[] {1, 2, 1e300, 0.5})).toDoubleArray();
    assertEquals(0.0, ac[0]);
    assertEquals(1.3169578969248166, ac[1], 1e-15);
    assertEquals(Math.log(1e300) + Math.log(2), ac[2], 1e-12);
    assertTrue(Double.isNaN(ac[3]));
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
        Ufuncs.arctanh.apply(NDArray.of(new double[] {1, -1})).toDoubleArray());
  }

  @Test
  void flooredDivisionFollowsNumpy() {
    // np.floor_divide([7, -7, 7, -7], [2, 2, -2, -2]) -> [3, -4, -4, 3]; np.remainder -> [1, 1, -1, -1]
    NDArray a = NDArray.of(new long[] {7, -7, 7, -7, 5, Long.MIN_VALUE});
    NDArray b = NDArray.of(new long[] {2, 2, -2, -2, 0, -1});
    assertArrayEquals(new long[] {3, -4, -4, 3, 0, Long.MIN_VALUE}, Ufuncs.floor_divide.apply(a, b).toLongArray());
    assertArrayEquals(new long[] {1, 1, -1, -1, 0, 0}, Ufuncs.remainder.apply(a, b).toLongArray());
    assertArrayEquals(new long[] {1, -1, 1, -1, 0, 0}, Ufuncs.fmod.apply(a, b).toLongArray());
    NDArray x = NDArray.of(new double[] {7, -7, 7, -7, 1, -1, 0.0, -0.0, 5, 1e308});
    NDArray y = NDArray.of(new double[] {2, 2, -2, -2, 0, 0, 3, 3, Double.POSITIVE_INFINITY, 1e-308});
    double[] fd = Ufuncs.floor_divide.apply(x, y).toDoubleArray();
    assertArrayEquals(new double[] {3, -4, -4, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 0.0},
        java.util.Arrays.copyOf(fd, 9));
    double[] rm = Ufuncs.remainder.apply(x, y).toDoubleArray();
    assertArrayEquals(new double[] {1, 1, -1, -1}, java.util.Arrays.copyOf(rm, 4));
    assertTrue(Double.isNaN(rm[4]) && Double.isNaN(rm[5]));
    assertEquals(0.0, rm[6]);
    assertEquals(0.0, rm[7]); // NumPy: remainder(-0.0, 3) -> 0.0 (sign of the divisor)
    assertEquals(5.0, rm[8]);
    // float32 loop in float32
    NDArray xf = NDArray.of(new float[] {7, -7, 7.5f});
    NDArray yf = NDArray.of(new float[] {2, 2, -2});
    assertArrayEquals(new float[] {3, -4, -4}, Ufuncs.floor_divide.apply(xf, yf).toFloatArray());
    assertArrayEquals(new float[] {1, 1, -0.5f}, Ufuncs.remainder.apply(xf, yf).toFloatArray());
  }

  @Test
  void integerArithmeticWrapsAndDividesByZeroToZero() {
    binaryI64(Ufuncs.add, (a, b) -> a + b);
    binaryI64(Ufuncs.subtract, (a, b) -> a - b);
    binaryI64(Ufuncs.multiply, (a, b) -> a * b);
    binaryI64(Ufuncs.floor_divide, (a, b) -> b == 0 ? 0 : Math.floorDiv(a, b));
    binaryI64(Ufuncs.remainder, (a, b) -> b == 0 ? 0 : Math.floorMod(a, b));
    binaryI64(Ufuncs.fmod, (a, b) -> b == 0 ? 0 : a % b);
    binaryI64(Ufuncs.maximum, Math::max);
    binaryI64(Ufuncs.minimum, Math::min);
    binaryI64(Ufuncs.bitwise_and, (a, b) -> a & b);
    binaryI64(Ufuncs.bitwise_or, (a, b) -> a | b);
    binaryI64(Ufuncs.bitwise_xor, (a, b) -> a ^ b);
    binaryI64(Ufuncs.left_shift, (a, b) -> b < 0 || b >= 64 ? 0 : a << b);
    binaryI64(Ufuncs.right_shift, (a, b) -> b < 0 || b >= 64 ? (a < 0 ? -1 : 0) : a >> b);
    assertArrayEquals(new long[] {-128, -127, 0}, Ufuncs.add.apply(NDArray.of(new byte[] {127, -128, -1}), NDArray.of(new byte[] {1, 1, 1})).toLongArray());
  }

  @Test
  void shiftsByTheBitWidthOrMore() {
    // NumPy: np.left_shift(np.int8(1), 9) == 0, np.right_shift(np.int8(-128), 9) == -1
    assertArrayEquals(new long[] {0, 0, 8}, Ufuncs.left_shift.apply(NDArray.of(new byte[] {1, 1, 1}), NDArray.of(new byte[] {9, 8, 3})).toLongArray());
    assertArrayEquals(new long[] {-1, 0, -64}, Ufuncs.right_shift.apply(NDArray.of(new byte[] {-128, 127, -128}), NDArray.of(new byte[] {9, 100, 1})).toLongArray());
    assertArrayEquals(new long[] {0, -1}, Ufuncs.left_shift.apply(NDArray.of(new long[] {5, -1}), NDArray.of(new long[] {64, 0})).toLongArray());
  }

  @Test
  void integerPowers() {
    NDArray r = Ufuncs.power.apply(NDArray.of(new long[] {2, 3, -2, 0, 2}), NDArray.of(new long[] {10, 3, 3, 0, 64}));
    assertArrayEquals(new long[] {1024, 27, -8, 1, 0}, r.toLongArray());
    UfuncException e = assertThrows(UfuncException.class, () -> Ufuncs.power.apply(NDArray.of(new long[] {2}), NDArray.of(new long[] {-1})));
    assertTrue(e.getCause() instanceof ArithmeticException);
    assertTrue(e.getCause().getMessage().contains("negative integer powers"), e.getCause().getMessage());
  }

  @Test
  void signAndAbsolute() {
    double[] s = Ufuncs.sign.apply(NDArray.of(new double[] {-3, -0.0, 0.0, 2, Double.NaN, Double.NEGATIVE_INFINITY})).toDoubleArray();
    assertArrayEquals(new double[] {-1, 0.0, 0.0, 1, Double.NaN, -1}, s);
    assertEquals(0.0, s[1]);
    assertArrayEquals(new long[] {-1, 0, 1}, Ufuncs.sign.apply(NDArray.of(new long[] {-5, 0, 9})).toLongArray());
    assertArrayEquals(new long[] {Long.MIN_VALUE, 5}, Ufuncs.absolute.apply(NDArray.of(new long[] {Long.MIN_VALUE, -5})).toLongArray());
    assertArrayEquals(new long[] {-128, 5}, Ufuncs.absolute.apply(NDArray.of(new byte[] {-128, -5})).toLongArray());
    assertEquals(0.0, Ufuncs.absolute.apply(NDArray.of(new double[] {-0.0})).getDouble(0));
    // through the vector loop (below 512 bits a sign-mask form of abs): every lane position, wrapping
    long[] edge = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Long.MIN_VALUE + 1};
    long[] x = new long[1021];
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7 == 0 ? edge[i / 7 % edge.length] : r.nextLong();
    }
    long[] got = Ufuncs.absolute.apply(NDArray.of(x)).toLongArray();
    long[] reversed = Ufuncs.absolute.apply(NDArray.of(x).flip(0)).toLongArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.abs(x[i]), got[i], "abs(" + x[i] + ")");
      assertEquals(Math.abs(x[i]), reversed[x.length - 1 - i], "reversed abs(" + x[i] + ")");
    }
  }

  @Test
  void predicatesAndComparisons() {
    double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1, Double.MIN_VALUE};
    NDArray a = NDArray.of(x);
    assertArrayEquals(new boolean[] {true, false, false, false, false, false, false}, Ufuncs.isnan.apply(a).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true, false, false, false, false}, Ufuncs.isinf.apply(a).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, false, true, true, true, true}, Ufuncs.isfinite.apply(a).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, true, false, true, false, false}, Ufuncs.signbit.apply(a).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false}, Ufuncs.isnan.apply(NDArray.of(new long[] {1, 2})).toBooleanArray());
    NDArray b = NDArray.of(new double[] {Double.NaN, 1, 1, -0.0, 0.0, 1, 0});
    assertArrayEquals(new boolean[] {false, false, false, true, true, true, false}, Ufuncs.equal.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true, true, false, false, false, true}, Ufuncs.not_equal.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, false, false, false, false, true}, Ufuncs.greater.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, true, true, true, true, false}, Ufuncs.less_equal.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, true, false, false, false, false}, Ufuncs.less.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, false, true, true, true, true}, Ufuncs.greater_equal.apply(a, b).toBooleanArray());
    // int64 compared exactly (no rounding through double)
    NDArray big = NDArray.of(new long[] {Long.MAX_VALUE});
    assertArrayEquals(new boolean[] {true}, Ufuncs.greater.apply(big, NDArray.of(new long[] {Long.MAX_VALUE - 1})).toBooleanArray());
  }

  @Test
  void logicalAndBitwise() {
    NDArray a = NDArray.of(new double[] {0, 0, 2, Double.NaN});
    NDArray b = NDArray.of(new double[] {0, -1, 0, 1});
    assertArrayEquals(new boolean[] {false, false, false, true}, Ufuncs.logical_and.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true, true}, Ufuncs.logical_or.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true, false}, Ufuncs.logical_xor.apply(a, b).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true, false, false}, Ufuncs.logical_not.apply(a).toBooleanArray());
    assertArrayEquals(new long[] {-1, -6, 0}, Ufuncs.invert.apply(NDArray.of(new long[] {0, 5, -1})).toLongArray());
    assertArrayEquals(new boolean[] {false, true}, Ufuncs.invert.apply(NDArray.of(new boolean[] {true, false})).toBooleanArray());
    NDArray t = NDArray.of(new boolean[] {true, true, false, false});
    NDArray f = NDArray.of(new boolean[] {true, false, true, false});
    assertArrayEquals(new boolean[] {true, true, true, false}, Ufuncs.add.apply(t, f).toBooleanArray());
    assertArrayEquals(new boolean[] {true, false, false, false}, Ufuncs.multiply.apply(t, f).toBooleanArray());
    assertEquals(DType.BOOL, Ufuncs.bitwise_xor.apply(t, f).dtype());
  }

  @Test
  void typeTablesFollowNumpy() {
    assertEquals(List.of("??->?", "bb->b", "hh->h", "ii->i", "ll->l", "ff->f", "dd->d"), Ufuncs.add.types());
    assertEquals(List.of("ff->f", "dd->d"), Ufuncs.true_divide.types());
    assertEquals(DType.FLOAT64, Ufuncs.true_divide.apply(NDArray.of(new byte[] {1}), NDArray.of(new byte[] {2})).dtype());
    assertEquals(DType.FLOAT32, Ufuncs.true_divide.apply(NDArray.of(new float[] {1}), NDArray.of(new byte[] {2})).dtype());
    assertEquals(DType.FLOAT32, Ufuncs.sqrt.apply(NDArray.of(new short[] {4})).dtype(), "int16 -> float32 as NumPy (no float16 here)");
    assertEquals(DType.FLOAT64, Ufuncs.sqrt.apply(NDArray.of(new int[] {4})).dtype());
    assertEquals(DType.FLOAT64, Ufuncs.add.apply(NDArray.of(new long[] {1}), NDArray.of(new float[] {1})).dtype());
    assertEquals(0.0, Ufuncs.add.identity().getAsDouble());
    assertEquals(1.0, Ufuncs.multiply.identity().getAsDouble());
    assertTrue(Ufuncs.maximum.identity().isEmpty());
    assertEquals(2, Ufuncs.add.nin());
    assertEquals(1, Ufuncs.add.nout());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ufuncs.subtract.apply(NDArray.of(new boolean[] {true}), NDArray.of(new boolean[] {false})));
    assertTrue(e.getMessage().contains("boolean subtract"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.left_shift.apply(NDArray.of(new double[] {1}), 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"float64", "float32", "int64", "int32", "int16", "int8", "bool"})
  void everyDtypeRoundTripsThroughPositive(String name) {
    DType t = DType.of(name);
    if (t.isBool()) {
      return; // positive has no bool loop in NumPy either
    }
    NDArray x = NDArray.arange(DType.FLOAT64, -50, 50, 1).astype(t);
    assertEquals(x, Ufuncs.positive.apply(x));
  }
}
