package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * float lambdas that compute with doubles ({@code (float) (x * Math.PI)}, {@code x * 0.1}) lift as
 * float64 functions on float32 loops, each float operation rounded to float: compared bit for bit
 * with the plain lambda (Java's float semantics) on raw bits, NaN, +-0, subnormals, infinities
 * and the float range's edges, at sizes around the lane counts, contiguous, reversed with a
 * broadcast operand, strided, from native memory, and once C2 has compiled the kernel. Lambdas
 * with transcendentals use {@code exact()}: a double within 1 ulp of Math can round to another
 * float.
 */
class FloatLambdaDoublesTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 1500 : 2;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 33, 1021, 4098};
  private static final double SCALE = 1.0 / 3;

  record Case(String name, Fn fn, boolean exact) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static void f1(String name, Fn.FloatUnary f) {
    CASES.add(new Case(name, f, false));
  }

  private static void f1Exact(String name, Fn.FloatUnary f) {
    CASES.add(new Case(name, f, true));
  }

  private static void f2(String name, Fn.FloatBinary f) {
    CASES.add(new Case(name, f, false));
  }

  static float lerp(float a, float b, double t) {
    return (float) (a + (b - a) * t);
  }

  static {
    f1("times pi", x -> (float) (x * Math.PI));
    f1("times a tenth, plus one", x -> (float) (x * 0.1) + 1f);
    f1("captured third", x -> (float) (x * SCALE) - x);
    f1("float ops around a double sqrt", x -> x * 2f + (float) Math.sqrt(x * 0.5));
    f1("double chain rounded once", x -> (float) (x * 0.1 + x * 0.2 - 0.3));
    f1("double comparison", x -> x * 0.1 > 1.0 ? x : -x);
    f1("float division and a double constant", x -> x / 3f + (float) (x / 7.0));
    f1("int cast of a double product", x -> (float) (int) (x * 0.7) + 0.5f);
    f1("Math.abs and max of floats", x -> Math.max(Math.abs(x), (float) (x * -0.9)));
    f1Exact("exp of a tenth", x -> (float) Math.exp(x * 0.1));
    f1Exact("log1p, then float arithmetic", x -> (float) Math.log1p(Math.abs(x) * 0.01) * 3f);
    f2("lerp helper with a double t", (a, b) -> lerp(a, b, 0.3));
    f2("hypot-like in double", (a, b) -> (float) Math.sqrt((double) a * a + (double) b * b));
    f2("weighted", (a, b) -> (float) (0.299 * a + 0.587 * b));
  }

  private static float[] inputs(int n, long seed) {
    float[] special = {0f, -0f, 1f, -1f, 0.1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 16777217f, 3e38f, 1e-38f, 0.33333334f, 2.5f};
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-20, 40)));
    }
    return out;
  }

  private static float plain(Fn f, float a, float b) {
    return f instanceof Fn.FloatUnary u ? u.applyAsFloat(a) : ((Fn.FloatBinary) f).applyAsFloat(a, b);
  }

  /**
   * Equal bits, any NaN equal to any NaN: a signalling NaN input comes out quiet where Java's
   * float negation would keep it signalling (the float-to-double widening quiets it, as every
   * float arithmetic operation does in Java too).
   */
  private static void assertBits(float want, float got, String what) {
    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": want " + want + ", got " + got);
  }

  @Test
  void floatLambdasWithDoublesMatchThePlainLambdaBitForBit() {
    assertTrue(CASES.size() >= 14);
    for (Case k : CASES) {
      boolean binary = k.fn() instanceof Fn.FloatBinary;
      Ufunc f = Ufunc.vectorize(binary ? "float32(float32, float32)" : "float32(float32)", k.fn());
      if (k.exact()) {
        f = f.exact();
      }
      for (int n : SIZES) {
        float[] x = inputs(n, n + 1);
        float[] y = inputs(n, n + 2);
        NDArray ax = NDArray.of(x);
        NDArray ay = NDArray.of(y);
        NDArray got = binary ? f.apply(ax, ay) : f.apply(ax);
        assertEquals(DType.FLOAT32, got.dtype());
        float[] g = got.toFloatArray();
        for (int i = 0; i < n; i++) {
          assertBits(plain(k.fn(), x[i], y[i]), g[i], k.name() + " n=" + n + " x=" + x[i] + " y=" + y[i]);
        }
        if (n > 2) {
          float[] rev = (binary ? f.apply(ax.flip(0), 0.75f) : f.apply(ax.flip(0))).toFloatArray();
          float[] str = (binary ? f.apply(ax.slice("::2"), ay.slice("::2")) : f.apply(ax.slice("::2"))).toFloatArray();
          for (int i = 0; i < n; i++) {
            assertBits(plain(k.fn(), x[n - 1 - i], 0.75f), rev[i], k.name() + " reversed/broadcast n=" + n + " i=" + i);
          }
          for (int i = 0; i < str.length; i++) {
            assertBits(plain(k.fn(), x[2 * i], y[2 * i]), str[i], k.name() + " strided n=" + n + " i=" + i);
          }
          NDArray nx = NDArray.allocateNative(DType.FLOAT32, n);
          NDArray ny = NDArray.allocateNative(DType.FLOAT32, n);
          org.ufunc4j.Ufuncs.positive.out(nx).apply(ax);
          org.ufunc4j.Ufuncs.positive.out(ny).apply(ay);
          float[] nat = (binary ? f.apply(nx, ny) : f.apply(nx)).toFloatArray();
          for (int i = 0; i < n; i++) {
            assertBits(plain(k.fn(), x[i], y[i]), nat[i], k.name() + " native n=" + n + " i=" + i);
          }
        }
      }
      NDArray ax = NDArray.of(inputs(4098, 99));
      NDArray ay = NDArray.of(inputs(4098, 98));
      NDArray out = NDArray.zeros(DType.FLOAT32, 4098);
      for (int c = 0; c < CALLS; c++) {
        if (binary) {
          f.out(out).apply(ax, ay);
        } else {
          f.out(out).apply(ax);
        }
      }
      float[] x = ax.toFloatArray();
      float[] y = ay.toFloatArray();
      float[] g = out.toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(plain(k.fn(), x[i], y[i]), g[i], k.name() + " hot, x=" + x[i] + " y=" + y[i]);
      }
      String ex = f.explain();
      // (one double operation of float values rounded to float lifts in float IR already)
      assertTrue(ex.contains("IR (float64)") || ex.contains("IR (float32)"), k.name() + " did not lift:\n" + ex);
      SimdAsserts.assertSimdWhereTheMachineHasIt(ex, k.name());
    }
  }

  @Test
  void inputsTheLoopRoundsToFloatKeepThatRounding() {
    // int32 and float64 arrays on the float32 loop (a forced signature): the loop rounds them to
    // float before the lambda sees them, which the float64 kernel's direct loads would skip
    Fn.FloatUnary fn = x -> (float) (x * 0.1);
    Ufunc f = Ufunc.vectorize("float32(float32)", fn);
    int[] ints = {16777217, 2147483647, -16777219, 123456789, 7, 0, -1, Integer.MIN_VALUE, 33554435};
    double[] doubles = {0.1, 1e-50, 3.0000001, 1e39, -0.0, Double.NaN, 16777217.0, 0.30000001192092896};
    float[] gotInts = f.signature("f->f").casting(org.ufunc4j.Casting.UNSAFE).apply(NDArray.of(ints)).toFloatArray();
    float[] gotDoubles = f.signature("f->f").casting(org.ufunc4j.Casting.SAME_KIND).apply(NDArray.of(doubles)).toFloatArray();
    for (int i = 0; i < ints.length; i++) {
      assertBits(fn.applyAsFloat((float) ints[i]), gotInts[i], "int32 input " + ints[i]);
    }
    for (int i = 0; i < doubles.length; i++) {
      assertBits(fn.applyAsFloat((float) doubles[i]), gotDoubles[i], "float64 input " + doubles[i]);
    }
    String ex = f.explain();
    assertTrue(ex.contains("without the loop's rounding to float32"), ex);
    // int16 inputs are exact floats: they take the float64 kernel
    short[] shorts = {-32768, 32767, 0, 12345, -7};
    float[] gotShorts = f.signature("f->f").apply(NDArray.of(shorts)).toFloatArray();
    for (int i = 0; i < shorts.length; i++) {
      assertBits(fn.applyAsFloat(shorts[i]), gotShorts[i], "int16 input " + shorts[i]);
    }
  }

  @Test
  void aDoubleFmaRoundedToFloatLiftsAndALongToFloatDoesNot() {
    // Java rounds Math.fma of doubles to double, then the cast to float: float64 IR does the same
    Fn.FloatUnary fma = x -> (float) Math.fma(x, 0.1, 1.0);
    // l2f rounds once from the long, which the long's double cannot
    Fn.FloatUnary longToFloat = x -> x + (long) x * 3L;
    // a float's bits need int lanes, which float64 IR does not have
    Fn.FloatUnary bits = x -> (float) (Float.floatToRawIntBits(x) * 0.1);
    float[] v = {1f, 3e38f, -0f, Float.NaN, 1.1f, 16777217f, -2.5e9f, 7e18f};
    for (Fn.FloatUnary fn : new Fn.FloatUnary[] {fma, longToFloat, bits}) {
      Ufunc f = Ufunc.vectorize("float32(float32)", fn);
      float[] got = f.apply(NDArray.of(v)).toFloatArray();
      for (int i = 0; i < v.length; i++) {
        assertBits(fn.applyAsFloat(v[i]), got[i], "x=" + v[i]);
      }
      String ex = f.explain();
      assertTrue(fn == fma ? ex.contains("IR (float64)") : fn == bits ? ex.contains("a float's bits") && ex.contains("tier A")
          : ex.contains("to float") && ex.contains("tier A"), ex);
    }
  }
}
