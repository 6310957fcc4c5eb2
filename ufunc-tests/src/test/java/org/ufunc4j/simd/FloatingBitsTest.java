package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ufunc4j.simd.SimdAsserts.hot;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * A floating value's bits in the integer lanes of the same width: {@code
 * Double.doubleToRawLongBits}, {@code doubleToLongBits} (NaN's canonical bits), {@code
 * longBitsToDouble} and their {@code Float} twins lift as reinterpretations, so bit-level
 * lambdas (sign bit, exponent, mantissa, {@code Math.getExponent}, {@code Math.nextUp}, the fast
 * inverse square root's seed) run SIMD. Compared by raw bits with Java (NaN payloads, signalling
 * NaNs, subnormals, signed zeros, infinities, raw bits), contiguous, reversed, strided and after
 * C2 has compiled the kernel.
 */
class FloatingBitsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 2000 : 2;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 1021};

  private static final double[] SPECIAL = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000123L), // a signalling NaN
      Double.longBitsToDouble(0xfff8000000000456L), -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.5, 1e-310, 0x1p-1022 - 0x1p-1074};

  private static final float[] SPECIAL32 = {Float.NaN, Float.intBitsToFloat(0x7f800123), Float.intBitsToFloat(0xffc00456), -0f, 0f,
      Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f,
      -1.5f, 1e-40f};

  private static final List<Fn.DoubleUnary> DOUBLES = List.of(
      x -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0x7fffffffffffffffL), // |x| by its bits
      x -> Double.doubleToRawLongBits(x) < 0 ? 1.0 : 0.0, // the sign bit (-0.0 and negative NaNs too)
      x -> Math.getExponent(x), // the JDK's own bytecode, inlined
      x -> Double.longBitsToDouble((Double.doubleToRawLongBits(x) & 0x800fffffffffffffL) | 0x3ff0000000000000L),
      x -> (double) (Double.doubleToLongBits(x) >>> 52), // canonical NaN
      x -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) + 1),
      Math::nextUp,
      x -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ Long.MIN_VALUE) * 0.5);

  private static final List<Fn.FloatUnary> FLOATS = List.of(
      v -> Float.intBitsToFloat(Float.floatToRawIntBits(v) ^ 0x80000000),
      v -> Math.getExponent(v),
      v -> Float.intBitsToFloat(0x5f3759df - (Float.floatToRawIntBits(v) >> 1)), // the inverse square root's seed
      v -> (float) (Float.floatToIntBits(v) & 0xFF),
      v -> Float.floatToRawIntBits(v) == Float.floatToRawIntBits(-0f) ? 1f : v);

  static double[] doubles(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < SPECIAL.length ? SPECIAL[i] : i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-1e6, 1e6);
    }
    return x;
  }

  static float[] floats(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < SPECIAL32.length ? SPECIAL32[i] : i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-1e6, 1e6);
    }
    return x;
  }

  @Test
  void float64BitsMatchJava() {
    for (int c = 0; c < DOUBLES.size(); c++) {
      Fn.DoubleUnary fn = DOUBLES.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      for (int n : SIZES) {
        double[] x = doubles(c * 7L + n, n);
        NDArray ax = NDArray.of(x);
        double[] got = f.apply(ax).toDoubleArray();
        double[] rev = n > 1 ? f.apply(ax.flip(0)).toDoubleArray() : got;
        double[] str = n > 1 ? f.apply(ax.slice("::2")).toDoubleArray() : got;
        for (int i = 0; i < n; i++) {
          assertRawBits(fn.applyAsDouble(x[i]), got[i], "case " + c + " x=" + bits(x[i]));
          if (n > 1) {
            assertRawBits(fn.applyAsDouble(x[n - 1 - i]), rev[i], "case " + c + " reversed, x=" + bits(x[n - 1 - i]));
          }
        }
        for (int i = 0; n > 1 && i < str.length; i++) {
          assertRawBits(fn.applyAsDouble(x[2 * i]), str[i], "case " + c + " strided, x=" + bits(x[2 * i]));
        }
      }
      assertLifted(f, "case " + c, "doubleToRawLongBits");
    }
  }

  @Test
  void float32BitsMatchJava() {
    for (int c = 0; c < FLOATS.size(); c++) {
      Fn.FloatUnary fn = FLOATS.get(c);
      Ufunc f = Ufunc.vectorize("float32(float32)", fn);
      for (int n : SIZES) {
        float[] x = floats(c * 5L + n, n);
        float[] got = f.apply(NDArray.of(x)).toFloatArray();
        for (int i = 0; i < n; i++) {
          float want = fn.applyAsFloat(x[i]);
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i]),
              "case " + c + " x=0x" + Integer.toHexString(Float.floatToRawIntBits(x[i])) + ": want " + want + ", got " + got[i]);
        }
      }
      assertLifted(f, "float case " + c, "floatToRawIntBits");
    }
  }

  /**
   * NaN constants keep their payload and sign (a class file's double constant does not: the
   * kernels load them through their bits; found by a review), folded ones too.
   */
  @Test
  void nanConstantsKeepTheirBits() {
    int one = 1;
    List<Fn.DoubleUnary> fns = List.of(
        x -> Double.longBitsToDouble(0x7ff0000000000001L),
        x -> x > 0 ? Double.longBitsToDouble(0xfff8000000000abcL) : x,
        x -> x + Math.sqrt(-one), // folded: the sign of x86's NaN
        x -> x * Double.longBitsToDouble(0x7ff4000000000000L));
    double[] x = doubles(6, 64);
    for (int c = 0; c < fns.size(); c++) {
      Fn.DoubleUnary fn = fns.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      double[] got = hot(f, CALLS / 10 + 1, NDArray.of(x));
      for (int i = 0; i < x.length; i++) {
        if (c >= 2 && x[i] != x[i]) {
          continue; // which of two NaN operands survives is the hardware's (and the JIT's operand order)
        }
        assertRawBits(fn.applyAsDouble(x[i]), got[i], "case " + c + " x=" + bits(x[i]));
      }
    }
    Fn.FloatUnary quiet = v -> v > 0 ? Float.intBitsToFloat(0x7fc00123) : v;
    float[] got = Ufunc.vectorize("float32(float32)", quiet).apply(NDArray.of(new float[] {1f, -1f})).toFloatArray();
    assertEquals(0x7fc00123, Float.floatToRawIntBits(got[0]));
    // float32 signalling NaN constants keep their bits (widening one to double would set the quiet bit)
    float captured = Float.intBitsToFloat(0xff800005);
    List<Fn.FloatUnary> floats = List.of(
        v -> Float.intBitsToFloat(0x7fa00001),
        v -> v > 0 ? Float.intBitsToFloat(0xff800005) : v,
        v -> v < 0 ? captured : Float.intBitsToFloat(0x7f800001));
    float[] xf = new float[1021];
    for (int i = 0; i < xf.length; i++) {
      xf[i] = i % 5 == 0 ? -i : i * 0.5f;
    }
    for (int c = 0; c < floats.size(); c++) {
      Fn.FloatUnary fn = floats.get(c);
      Ufunc f = Ufunc.vectorize("float32(float32)", fn);
      NDArray in = NDArray.of(xf);
      NDArray out = f.apply(in);
      for (int call = 0; call < CALLS / 10; call++) {
        f.out(out).apply(in);
      }
      float[] g = out.toFloatArray();
      for (int i = 0; i < xf.length; i++) {
        assertEquals(Integer.toHexString(Float.floatToRawIntBits(fn.applyAsFloat(xf[i]))), Integer.toHexString(Float.floatToRawIntBits(g[i])),
            "float32 case " + c + " x=" + xf[i]);
      }
      assertLifted(f, "float32 case " + c, "IR (float32)");
    }
  }

  /** The kernels C2 compiles give the same bits, NaN payloads included. */
  @Test
  void compiledKernelsKeepTheBits() {
    Fn.DoubleUnary fn = x -> Double.doubleToRawLongBits(x) < 0 ? Double.longBitsToDouble(Double.doubleToRawLongBits(x) - 1) : Math.nextUp(x);
    Ufunc f = Ufunc.vectorize("float64(float64)", fn);
    double[] x = doubles(9, 1029);
    double[] got = hot(f, CALLS, NDArray.of(x));
    for (int i = 0; i < x.length; i++) {
      assertRawBits(fn.applyAsDouble(x[i]), got[i], "x=" + bits(x[i]));
    }
    assertLifted(f, "compiled", "doubleToRawLongBits");
  }

  private static void assertLifted(Ufunc f, String what, String shows) {
    String ex = f.explain();
    assertTrue(ex.contains(shows), what + " did not lift:\n" + ex);
    SimdAsserts.assertSimdWhereTheMachineHasIt(ex, what);
  }

  private static String bits(double v) {
    return v + " (0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
  }

  private static void assertRawBits(double want, double got, String what) {
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what + ": want " + bits(want) + ", got " + bits(got));
  }
}
