package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.assertLiftedToSimd;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * Mixed-type loops: integer (and float32) inputs of a floating loop are converted as the loop
 * casts them (Java's widening conversions), in SIMD code at load time, and mixed lambdas such as
 * {@code (double x, long n) -> x * n} lift (their long arithmetic in long lanes, LongLanesTest).
 * Compared bit for bit with the plain lambda (exact operations only), contiguous, reversed,
 * strided and broadcast.
 */
class MixedTypeLambdaTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int[] SIZES = {0, 1, 7, 8, 9, 16, 17, 33, 1021, 4098};

  private static long[] longs(int n, long seed) {
    long[] special = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -(1L << 60) - 3};
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : i % 4 == 0 ? r.nextLong() : r.nextLong(-100_000, 100_000);
    }
    return out;
  }

  private static double[] doubles(int n, long seed) {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, -1.5, 1e-310};
    SplittableRandom r = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : r.nextDouble(-10, 10);
    }
    return out;
  }

  @Test
  void doubleTimesLongLambdaLifts() {
    Fn.DoubleLongToDouble fn = (x, n) -> x * n + 0.5;
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
    for (int n : SIZES) {
      double[] x = doubles(n, n);
      long[] k = longs(n, n + 1);
      NDArray ax = NDArray.of(x);
      NDArray ak = NDArray.of(k);
      double[] got = f.apply(ax, ak).toDoubleArray();
      for (int i = 0; i < n; i++) {
        assertEquals(fn.applyAsDouble(x[i], k[i]), got[i], "n=" + n + " x=" + x[i] + " k=" + k[i]);
      }
      if (n > 2) {
        double[] rev = f.apply(ax.flip(0), ak.slice("::-1")).toDoubleArray();
        double[] str = f.apply(ax.slice("::2"), ak.slice("::2")).toDoubleArray();
        double[] bc = f.apply(2.5, ak).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertEquals(fn.applyAsDouble(x[n - 1 - i], k[n - 1 - i]), rev[i], "reversed i=" + i);
          assertEquals(fn.applyAsDouble(2.5, k[i]), bc[i], "broadcast i=" + i);
        }
        for (int i = 0; i < str.length; i++) {
          assertEquals(fn.applyAsDouble(x[2 * i], k[2 * i]), str[i], "strided i=" + i);
        }
      }
    }
    assertLiftedToSimd(f, "IR (float", "x * n + 0.5");
  }

  @Test
  void integerInputsOfAFloatingLoopConvertAtLoad() {
    Ufunc half = Ufunc.vectorize("float64(float64)", x -> x * 0.5 - 3);
    Ufunc halfF = Ufunc.vectorize("float32(float32)", x -> x * 0.5 - 3);
    for (int n : SIZES) {
      long[] k = longs(n, n + 9);
      int[] ints = new int[n];
      float[] floats = new float[n];
      for (int i = 0; i < n; i++) {
        ints[i] = (int) k[i];
        floats[i] = (float) doubles(n, n)[i];
      }
      double[] fromLong = half.apply(NDArray.of(k)).toDoubleArray();
      double[] fromInt = half.apply(NDArray.of(ints)).toDoubleArray();
      double[] fromFloat = half.apply(NDArray.of(floats)).toDoubleArray();
      double[] f32FromInt = halfF.signature("f->f").apply(NDArray.of(ints).astype(DType.FLOAT32)).toDoubleArray();
      for (int i = 0; i < n; i++) {
        assertEquals((double) k[i] * 0.5 - 3, fromLong[i], "int64 " + k[i]);
        assertEquals((double) ints[i] * 0.5 - 3, fromInt[i], "int32 " + ints[i]);
        assertEquals((double) floats[i] * 0.5 - 3, fromFloat[i], "float32 " + floats[i]);
        assertEquals((float) ((float) ints[i] * 0.5f - 3f), (float) f32FromInt[i], "float32 loop " + ints[i]);
      }
    }
    assertLiftedToSimd(half, "IR (float", "x * 0.5 - 3 on int64/int32/float32 inputs");
    String ex = half.explain();
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("operands l,d: tier B") && ex.contains("operands i,d: tier B") && ex.contains("operands f,d: tier B"), ex);
    }
  }

  @Test
  void standardUfuncsOnIntegerArraysRunSimd() {
    long[] k = longs(1021, 5);
    double[] got = Ufuncs.multiply.apply(NDArray.of(k), 0.25).toDoubleArray();
    for (int i = 0; i < k.length; i++) {
      assertEquals((double) k[i] * 0.25, got[i]);
    }
  }

  @Test
  void longArithmeticInAFloatingLambdaLiftsInLongLanes() {
    Fn.DoubleLongToDouble fn = (x, n) -> x * (n + 1);
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
    double[] got = f.apply(NDArray.of(new double[] {1.5, -2}), NDArray.of(new long[] {Long.MAX_VALUE, 3})).toDoubleArray();
    assertEquals(1.5 * (double) Long.MIN_VALUE, got[0]); // n + 1 wraps, as Java's long does
    assertEquals(-8.0, got[1]);
    assertTrue(f.explain().contains("IR (float64): (p0 * (double) (p1 + 1))"), f.explain()); // more in LongLanesTest
  }

  @Test
  void longToDoubleLambdaLifts() {
    Fn.LongToDouble fn = n -> n * 1.5 + Math.abs((double) n);
    Ufunc f = Ufunc.vectorize("float64(int64)", fn);
    long[] k = longs(4098, 11);
    double[] got = f.apply(NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < k.length; i++) {
      assertEquals(fn.applyAsDouble(k[i]), got[i], "n=" + k[i]);
    }
    assertLiftedToSimd(f, "IR (float", "n * 1.5 + abs(n)");
  }
}
