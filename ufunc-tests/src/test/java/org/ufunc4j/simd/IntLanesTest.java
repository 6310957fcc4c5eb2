package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ufunc4j.simd.SimdAsserts.assertBits;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Int arithmetic inside float32 lambdas ({@code (int) x % 2}, {@code (int) (x * 256) & 0xFF},
 * {@code (int) x * (int) x}) computes in int lanes: an {@code IntVector} has a {@code
 * FloatVector}'s lane count, and x86 converts between them at every width (f2i, i2f), so these
 * run SIMD at 256 bits too. Float lambdas are compared bit for bit with Java at the int range's
 * edges, NaN, infinities, 2^24 + 1 and raw bits, contiguous, reversed, strided, and after C2
 * has compiled the kernel; double lambdas (the float32 rule: every value rounded to float) where
 * only the final conversion rounds, with Java's {@code (float) lambda(x)}.
 */
class IntLanesTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 2000 : 2;
  private static final int[] SIZES = {0, 1, 7, 8, 15, 16, 17, 31, 33, 1021, 4098};
  private static final float[] SPECIAL = {Float.NaN, 0f, -0f, 0.5f, -0.5f, 2.5f, -2.5f, 3f, 7.99f, 2147483647f, 2.1474836E9f,
      -2.1474836E9f, -2147483648f, 3e9f, -3e9f, 1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 16777217f, 16777216f,
      -16777218f, Float.MIN_VALUE, 255.9f, 128f, -129f};

  static float[] floats(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(4);
      x[i] = i < SPECIAL.length ? SPECIAL[i]
          : kind == 0 ? SPECIAL[r.nextInt(SPECIAL.length)]
          : kind == 1 ? Float.intBitsToFloat(r.nextInt())
          : (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(11)));
    }
    return x;
  }

  static int quantize(float v) {
    return (int) (v * 16f) >> 2;
  }

  private static final int BIG = 16777219; // not a float value

  private static final List<Fn.FloatUnary> FLOAT_LAMBDAS = List.of(
      v -> (int) v % 2 == 0 ? v : -v,
      v -> (float) ((int) v * 3 + 1), // wraps as Java's int
      v -> (float) ((int) v * (int) v),
      v -> (float) ((int) v | 1),
      v -> (int) v > 3 ? 1f : 0f,
      v -> (float) (byte) (int) v + v,
      v -> (float) (Integer.bitCount((int) v) + Math.abs((int) v)),
      v -> (float) ((int) v + 16777217), // an int constant that is not a float value stays exact
      v -> (float) (((int) v >> 3) + ((int) v >>> 28) + (int) v / 4 + (int) v % -8),
      v -> (float) ((int) (v * 256f) & 0xFF),
      v -> (float) ((int) v << (int) (v * 7f)), // a variable shift count, masked to 5 bits
      v -> (float) Math.min((int) v, 7) + Math.max((int) v, -7),
      v -> (float) (char) (int) v,
      v -> (float) (short) (int) v,
      v -> (float) -(int) v,
      v -> (float) Integer.numberOfLeadingZeros((int) v) + Integer.numberOfTrailingZeros((int) v),
      v -> ((int) v & 1) == 0 && (int) v > 0 ? v * 2f : v,
      v -> (float) quantize(v), // a helper returning int
      v -> (float) ((int) v ^ BIG),
      v -> (int) v == (int) (v * 0.5f) ? 0f : v,
      v -> {
        int k = (int) v;
        k += 16777217; // iinc with an int that is not a float value
        k--;
        return (float) (k << 2);
      });

  private static final List<Fn.DoubleUnary> DOUBLE_LAMBDAS = List.of(
      x -> (int) x % 2 == 0 ? x : -x,
      x -> (int) x * (int) x,
      x -> (int) x + 16777217,
      x -> ((int) x & 0xFF) - ((int) x >> 4));

  @Test
  void floatLambdasMatchJavaOnEveryLayout() {
    for (int c = 0; c < FLOAT_LAMBDAS.size(); c++) {
      Fn.FloatUnary fn = FLOAT_LAMBDAS.get(c);
      Ufunc f = Ufunc.vectorize("float32(float32)", fn);
      for (int n : SIZES) {
        float[] x = floats(13L * c + n, n);
        NDArray ax = NDArray.of(x);
        float[] got = f.apply(ax).toFloatArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsFloat(x[i]), got[i], "case " + c + " x=" + x[i]);
        }
        if (n < 2) {
          continue;
        }
        float[] rev = f.apply(ax.flip(0)).toFloatArray();
        float[] str = f.apply(ax.slice("1::3")).toFloatArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsFloat(x[n - 1 - i]), rev[i], "case " + c + " reversed i=" + i);
        }
        for (int i = 0; i < str.length; i++) {
          assertBits(fn.applyAsFloat(x[1 + 3 * i]), str[i], "case " + c + " strided i=" + i);
        }
      }
      assertIntLanes(f, "case " + c);
    }
  }

  @Test
  void doubleLambdasOnFloat32LoopsRoundOnlyAtTheEnd() {
    for (int c = 0; c < DOUBLE_LAMBDAS.size(); c++) {
      Fn.DoubleUnary fn = DOUBLE_LAMBDAS.get(c);
      Ufunc f = Ufunc.vectorize("float32(float32)", fn);
      float[] x = floats(5L * c, 1021);
      float[] got = f.apply(NDArray.of(x)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertBits((float) fn.applyAsDouble(x[i]), got[i], "double case " + c + " x=" + x[i]);
      }
      assertIntLanes(f, "double case " + c);
    }
  }

  /** The kernels C2 compiles (the tier-B loop after thousands of calls) give the same bits. */
  @Test
  void compiledKernelsGiveTheSameBits() {
    Fn.FloatUnary fn = v -> (int) v % 3 == 1 || ((int) v & 6) == 2 ? (float) ((int) v * (int) v >> 1) : v;
    Ufunc f = Ufunc.vectorize("float32(float32)", fn);
    float[] x = floats(21, 1029);
    NDArray in = NDArray.of(x);
    NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
    for (int call = 0; call < CALLS; call++) {
      f.out(out).apply(in);
    }
    float[] got = out.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(fn.applyAsFloat(x[i]), got[i], "x=" + x[i]);
    }
    // % 3 is not a power of two: a multiply by a magic number in the int lanes
    assertIntLanes(f, "% 3");
    Fn.FloatUnary lifted = v -> (int) v % 4 == 1 || ((int) v & 6) == 2 ? (float) ((int) v * (int) v >> 1) : v;
    Ufunc g = Ufunc.vectorize("float32(float32)", lifted);
    for (int call = 0; call < CALLS; call++) {
      g.out(out).apply(in);
    }
    got = out.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(lifted.applyAsFloat(x[i]), got[i], "x=" + x[i]);
    }
    assertIntLanes(g, "compiled");
  }

  /** float32 loops have int lanes, not long ones: long arithmetic there falls back, with its reason. */
  @Test
  void longArithmeticInFloat32LoopsFallsBack() {
    Fn.FloatUnary fn = v -> (float) ((long) v * 3);
    Ufunc f = Ufunc.vectorize("float32(float32)", fn);
    float[] x = floats(3, 64);
    float[] got = f.apply(NDArray.of(x)).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(fn.applyAsFloat(x[i]), got[i], "x=" + x[i]);
    }
    // float32 loops have int lanes only; the float64 route has long lanes, but l2f rounds once
    // from the long, which its double cannot
    assertTrue(f.explain().contains("not lifted") && f.explain().contains("converts a long value to float"), f.explain());
  }

  private static void assertIntLanes(Ufunc f, String what) {
    String ex = f.explain();
    assertTrue(ex.contains("IR (float32)") && ex.contains("(int)"), what + " did not lift in int lanes:\n" + ex);
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("tier B"), what + ": SIMD was expected:\n" + ex);
    }
  }

}
