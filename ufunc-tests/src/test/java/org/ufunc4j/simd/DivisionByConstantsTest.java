package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Integer division and remainder by constants that are not powers of two: in int lanes (int32
 * lambdas, the int lanes of float32 ones) they lift as a multiply by a magic number (no SIMD
 * integer division on x86) and give Java's quotients and remainders (truncated toward zero, the
 * remainder with the dividend's sign) for divisors of every size and sign, on inputs at the
 * extremes and at random, in vector loops, tails and strided calls. In long lanes they lift with
 * 512-bit vectors (AVX-512's 64-bit multiply); below, the multiply-high costs more than the
 * scalar division, so those lambdas run as tier A, saying why, and are checked the same way.
 */
class DivisionByConstantsTest {
  private static final int N = 1021;

  private static long[] longs(long seed) {
    long[] edge = {0, 1, -1, 2, -2, 3, -3, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32, -(1L << 32), 999_999_999_999L, -1_000_000_000_007L};
    SplittableRandom r = new SplittableRandom(seed);
    long[] x = new long[N];
    for (int i = 0; i < N; i++) {
      x[i] = i < edge.length ? edge[i] : switch (i % 3) {
        case 0 -> r.nextLong();
        case 1 -> r.nextLong(-100_000, 100_000);
        default -> r.nextLong() >> r.nextInt(64);
      };
    }
    return x;
  }

  private static int[] ints(long seed) {
    long[] l = longs(seed);
    int[] x = new int[N];
    for (int i = 0; i < N; i++) {
      x[i] = i < 17 ? new int[] {0, 1, -1, 2, -2, 3, -3, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
          Integer.MIN_VALUE + 1, 65535, -65536, 1 << 16, 999_999_999, -1_000_000_007, 7}[i] : (int) l[i];
    }
    return x;
  }

  @Test
  void int64QuotientsAndRemaindersAreJavas() {
    boolean lifts = org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512;
    long[] x = longs(1);
    NDArray in = NDArray.of(x);
    // every divisor is a constant in its own lambda
    java.util.List<Fn.LongUnary> fns = java.util.List.of(
        a -> a / 3, a -> a % 3, a -> a / -3, a -> a % -3, a -> a / 5, a -> a / 6, a -> a % 7, a -> a / 7,
        a -> a / 10, a -> a % 10, a -> a / 100, a -> a / -1000, a -> a % 641, a -> a / 12345678901L,
        a -> a / Long.MAX_VALUE, a -> a % Long.MAX_VALUE, a -> a / (Long.MIN_VALUE + 1), a -> a / 0x7fffffffL,
        a -> a / 3_000_000_000L, a -> Math.floorMod(a, 7L), a -> Math.floorDiv(a, -10L), a -> a / 3 + a % 5 * 2);
    for (int c = 0; c < fns.size(); c++) {
      Fn.LongUnary fn = fns.get(c);
      Ufunc f = Ufunc.vectorize("int64(int64)", fn);
      long[] got = f.apply(in).toLongArray();
      long[] strided = f.apply(in.slice("1::3")).toLongArray();
      for (int i = 0; i < N; i++) {
        assertEquals(fn.applyAsLong(x[i]), got[i], "case " + c + " x=" + x[i]);
        if (i < strided.length) {
          assertEquals(fn.applyAsLong(x[3 * i + 1]), strided[i], "case " + c + " strided x=" + x[3 * i + 1]);
        }
      }
      if (lifts) {
        // hot: C2's code for the 64-bit magic numbers, not the Vector API's Java fallback
        NDArray out = NDArray.zeros(DType.INT64, N);
        for (int k = 0; k < (EXPECT_SIMD ? 1500 : 2); k++) {
          f.out(out).apply(in);
        }
        long[] hot = out.toLongArray();
        for (int i = 0; i < N; i++) {
          assertEquals(fn.applyAsLong(x[i]), hot[i], "case " + c + " hot x=" + x[i]);
        }
        SimdAsserts.assertLiftedToSimd(f, "IR (int64)", "int64 case " + c);
      } else {
        assertTrue(f.explain().contains("not lifted") && f.explain().contains("in long lanes"), "int64 case " + c + ":\n" + f.explain());
      }
    }
  }

  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  @Test
  void int32QuotientsAndRemaindersLiftAndAreJavas() {
    int[] x = ints(2);
    NDArray in = NDArray.of(x);
    java.util.List<Fn.IntUnary> fns = java.util.List.of(
        a -> a / 3, a -> a % 3, a -> a / -3, a -> a % -7, a -> a / 7, a -> a / 10, a -> a % 10, a -> a / 1000,
        a -> a / 641, a -> a / Integer.MAX_VALUE, a -> a % Integer.MAX_VALUE, a -> a / (Integer.MIN_VALUE + 1),
        a -> a / 65537, a -> a / -6, a -> Math.floorMod(a, 7), a -> a / 3 * 3 + a % 3);
    for (int c = 0; c < fns.size(); c++) {
      Fn.IntUnary fn = fns.get(c);
      Ufunc f = Ufunc.vectorize("int32(int32)", fn);
      int[] got = f.apply(in).toIntArray();
      for (int i = 0; i < N; i++) {
        assertEquals(fn.applyAsInt(x[i]), got[i], "case " + c + " x=" + x[i]);
      }
      assertTrue(f.explain().contains("IR ("), "int32 case " + c + " did not lift:\n" + f.explain());
      SimdAsserts.assertSimdWhereTheMachineHasIt(f.explain(), "int32 case " + c);
    }
  }

  /**
   * Division and remainder by the minimum value (whose absolute value overflows, so neither the
   * shifts nor the magic multiply apply): only the minimum value divides itself, so a select.
   * Found by GeneratedLambdaTest, where it was the most frequent reason int lambdas did not lift.
   */
  @Test
  void divisionByTheMinimumValueLifts() {
    int[] x = ints(5);
    NDArray in = NDArray.of(x);
    java.util.List<Fn.IntUnary> ints = java.util.List.of(a -> a / Integer.MIN_VALUE, a -> a % Integer.MIN_VALUE,
        a -> (a + 1) / Integer.MIN_VALUE - a % Integer.MIN_VALUE);
    for (int c = 0; c < ints.size(); c++) {
      Fn.IntUnary fn = ints.get(c);
      Ufunc f = Ufunc.vectorize("int32(int32)", fn);
      int[] got = f.apply(in).toIntArray();
      int[] reversed = f.apply(in.flip(0)).toIntArray();
      for (int i = 0; i < N; i++) {
        assertEquals(fn.applyAsInt(x[i]), got[i], "int case " + c + " x=" + x[i]);
        assertEquals(fn.applyAsInt(x[N - 1 - i]), reversed[i], "int case " + c + " reversed x=" + x[N - 1 - i]);
      }
      assertTrue(f.explain().contains("IR ("), "int32 case " + c + " did not lift:\n" + f.explain());
      SimdAsserts.assertSimdWhereTheMachineHasIt(f.explain(), "int32 MIN_VALUE case " + c);
    }
    long[] y = longs(6);
    java.util.List<Fn.LongUnary> longs = java.util.List.of(a -> a / Long.MIN_VALUE, a -> a % Long.MIN_VALUE);
    for (int c = 0; c < longs.size(); c++) {
      Fn.LongUnary fn = longs.get(c);
      Ufunc f = Ufunc.vectorize("int64(int64)", fn);
      long[] got = f.apply(NDArray.of(y)).toLongArray();
      for (int i = 0; i < N; i++) {
        assertEquals(fn.applyAsLong(y[i]), got[i], "long case " + c + " x=" + y[i]);
      }
      assertTrue(f.explain().contains("IR ("), "int64 case " + c + " did not lift:\n" + f.explain());
      SimdAsserts.assertSimdWhereTheMachineHasIt(f.explain(), "int64 MIN_VALUE case " + c);
    }
  }

  @Test
  void longLanesOfFloat64LambdasLiftWith512BitsAndIntLanesOfFloat32OnesLift() {
    long[] n = longs(3);
    double[] x = new double[N];
    float[] xf = new float[N];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < N; i++) {
      x[i] = r.nextDouble(-10, 10);
      xf[i] = i < 8 ? new float[] {0f, -0f, 2.147483647E9f, -2.147483648E9f, 1e10f, -1e10f, Float.NaN, 7.9f}[i]
          : (float) r.nextDouble(-1e6, 1e6);
    }
    Fn.DoubleLongToDouble mixed = (v, k) -> v * (k / 3) + (double) (k % 10);
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", mixed);
    double[] got = f.apply(NDArray.of(x), NDArray.of(n)).toDoubleArray();
    for (int i = 0; i < N; i++) {
      assertEquals(Double.doubleToRawLongBits(mixed.applyAsDouble(x[i], n[i])), Double.doubleToRawLongBits(got[i]), "x=" + x[i] + " n=" + n[i]);
    }
    if (org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512) {
      SimdAsserts.assertLiftedToSimd(f, "IR (float64)", "long lanes divided by 3 and 10");
    } else {
      assertTrue(f.explain().contains("not lifted") && f.explain().contains("in long lanes"), f.explain());
    }
    Fn.FloatUnary intLanes = v -> (int) v % 3 == 1 ? (float) ((int) v / 7) : v;
    Ufunc g = Ufunc.vectorize("float32(float32)", intLanes);
    float[] gotF = g.apply(NDArray.of(xf)).toFloatArray();
    for (int i = 0; i < N; i++) {
      assertEquals(Float.floatToRawIntBits(intLanes.applyAsFloat(xf[i])), Float.floatToRawIntBits(gotF[i]), "x=" + xf[i]);
    }
    assertTrue(g.explain().contains("IR (float32)"), g.explain());
    SimdAsserts.assertSimdWhereTheMachineHasIt(g.explain(), "int lanes");
  }

  @Test
  void int8InputsOfAnInt64Lambda() {
    // loaded as bytes, widened to long lanes
    Fn.LongUnary fn = a -> a / 3 - a % 7;
    byte[] b = new byte[300];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i - 128);
    }
    long[] got = Ufunc.vectorize("int64(int64)", fn).apply(NDArray.of(b)).astype(DType.INT64).toLongArray();
    for (int i = 0; i < b.length; i++) {
      assertEquals(fn.applyAsLong(b[i]), got[i], "x=" + b[i]);
    }
  }
}
