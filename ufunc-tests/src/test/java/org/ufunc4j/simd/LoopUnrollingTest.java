package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ufunc4j.simd.SimdAsserts.assertBits;
import static org.ufunc4j.simd.SimdAsserts.hot;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.assertLiftedToSimd;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Loops whose trip count is a constant (a counter against a constant or captured bound, also
 * with an early exit on the data) are unrolled by the lifter and run SIMD: the counter stays a
 * constant, so every turn's condition folds. Compared bit for bit with the lambda (exact
 * operations only) on NaN, infinities, signed zeros and random values, contiguous and reversed,
 * and after C2 has compiled the kernel; loops whose exit depends only on the data, or that run
 * too long, fall back with their reason.
 */
class LoopUnrollingTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 2000 : 2;

  static double horner(double x) {
    double r = 0;
    for (int k = 6; k >= 0; k--) {
      r = r * x + (k + 1) * 0.25;
    }
    return r;
  }

  private static final List<Fn.DoubleUnary> LAMBDAS = List.of(
      x -> {
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 12; k++) { // exp's Taylor series
          term *= x / k;
          sum += term;
        }
        return sum;
      },
      x -> {
        int n = 5;
        double y = x;
        while (n-- > 0) {
          y = y * y - 0.5;
        }
        return y;
      },
      x -> {
        int i = 0;
        double y = x;
        do {
          y = Math.sqrt(y * y + 1);
          i++;
        } while (i < 6);
        return y;
      },
      x -> {
        double acc = 0;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 4; j++) {
            acc += x * i - j;
          }
        }
        return acc;
      },
      x -> {
        double acc = 0;
        for (int i = 0; i < 10; i++) {
          if (i % 2 == 0) { // on the counter: folds
            acc += x;
          } else {
            acc -= 0.5;
          }
        }
        return acc;
      },
      x -> {
        double acc = x;
        for (long i = 0; i < 4; i++) { // a long counter
          acc = acc * 0.5 + i;
        }
        return acc;
      },
      LoopUnrollingTest::horner, // a helper with a loop
      x -> {
        double y = x;
        for (int i = 0; i < 20; i++) {
          if (y > 100) {
            break; // an early exit on the data: one more path per turn
          }
          y = y * 1.5 + 1;
        }
        return y;
      },
      x -> {
        double acc = 0;
        for (int i = 0; i < 4; i++) {
          if (x > i) { // a branch on the data inside: 2^4 paths
            acc += x;
          }
        }
        return acc;
      },
      x -> {
        double acc = 0;
        for (byte b = 120; b > 0; b++) { // a byte counter that ends by wrapping (found by a review)
          acc += x * b;
        }
        return acc;
      },
      x -> {
        double acc = 0;
        for (char c = 'a'; c < 'f'; c++) {
          acc = acc * x + c;
        }
        return acc;
      },
      x -> {
        double acc = 0;
        for (int i = Integer.MAX_VALUE - 3; i > 0; i++) { // ends when i wraps to MIN_VALUE
          acc += x;
        }
        return acc;
      });

  static double[] inputs(long seed, int n) {
    double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0, 0.5, 3.25, 1e300};
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < special.length ? special[i] : r.nextDouble(-5, 5);
    }
    return x;
  }

  @Test
  void constantTripCountsUnrollAndMatchJava() {
    int bound = 7; // captured: a constant too
    List<Fn.DoubleUnary> all = new java.util.ArrayList<>(LAMBDAS);
    all.add(x -> {
      double acc = 0;
      for (int i = 0; i < bound; i++) {
        acc += x * i;
      }
      return acc;
    });
    for (int c = 0; c < all.size(); c++) {
      Fn.DoubleUnary fn = all.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      for (int n : new int[] {0, 1, 7, 8, 9, 17, 1021}) {
        double[] x = inputs(c * 11L + n, n);
        NDArray ax = NDArray.of(x);
        double[] got = f.apply(ax).toDoubleArray();
        double[] rev = f.apply(ax.flip(0)).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsDouble(x[i]), got[i], "case " + c + " x=" + x[i]);
          assertBits(fn.applyAsDouble(x[n - 1 - i]), rev[i], "case " + c + " reversed x=" + x[n - 1 - i]);
        }
      }
      assertLiftedToSimd(f, "IR (float64)", "case " + c);
    }
  }

  @Test
  void integerAndFloatAndMixedLambdasUnrollToo() {
    Fn.FloatUnary poly = v -> {
      float s = 0;
      for (int i = 0; i < 4; i++) {
        s = s * v + 1f;
      }
      return s;
    };
    Fn.FloatUnary nested = v -> {
      float acc = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          acc = acc * v + (i ^ j); // int arithmetic on two counters: a constant (found by a review)
        }
      }
      return acc;
    };
    float[] nv = {0f, 1.5f, -2f, Float.NaN};
    float[] ng = Ufunc.vectorize("float32(float32)", nested).apply(NDArray.of(nv)).toFloatArray();
    for (int i = 0; i < nv.length; i++) {
      assertEquals(Float.floatToIntBits(nested.applyAsFloat(nv[i])), Float.floatToIntBits(ng[i]), "nested " + nv[i]);
    }
    assertTrue(Ufunc.vectorize("float32(float32)", nested).explain().contains("IR (float32)"));
    Fn.IntUnary hash = v -> {
      int r = 0;
      for (int i = 0; i < 4; i++) {
        r = r * 31 + v;
      }
      return r;
    };
    Fn.LongUnary longs = v -> {
      long r = 1;
      for (int i = 0; i < 5; i++) { // an int counter in long code
        r = r * v + i;
      }
      return r;
    };
    Fn.DoubleLongToDouble mixed = (x, n) -> {
      long r = n;
      for (int i = 0; i < 3; i++) {
        r = r * 31 + i; // long lanes
      }
      return x * r;
    };
    float[] fv = {0f, -0f, 1.5f, -2.25f, Float.NaN, 3e10f};
    float[] fg = Ufunc.vectorize("float32(float32)", poly).apply(NDArray.of(fv)).toFloatArray();
    int[] iv = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 12345};
    double[] ig = Ufunc.vectorize("int32(int32)", hash).apply(NDArray.of(iv)).toDoubleArray();
    long[] lv = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 987654321L};
    long[] lg = Ufunc.vectorize("int64(int64)", longs).apply(NDArray.of(lv)).toLongArray();
    double[] mg = Ufunc.vectorize("float64(float64, int64)", mixed).apply(NDArray.of(new double[] {1.5, -2, 0.5, 1, 2, 3}),
        NDArray.of(lv)).toDoubleArray();
    double[] mx = {1.5, -2, 0.5, 1, 2, 3};
    for (int i = 0; i < fv.length; i++) {
      assertEquals(Float.floatToIntBits(poly.applyAsFloat(fv[i])), Float.floatToIntBits(fg[i]), "float " + fv[i]);
      assertEquals(hash.applyAsInt(iv[i]), (int) ig[i], "int " + iv[i]);
      assertEquals(longs.applyAsLong(lv[i]), lg[i], "long " + lv[i]);
      assertBits(mixed.applyAsDouble(mx[i], lv[i]), mg[i], "mixed " + lv[i]);
    }
    assertTrue(Ufunc.vectorize("float32(float32)", poly).explain().contains("IR (float32)"));
    assertTrue(Ufunc.vectorize("int32(int32)", hash).explain().contains("IR (int32)"));
    assertTrue(Ufunc.vectorize("int64(int64)", longs).explain().contains("IR (int64)"));
    assertTrue(Ufunc.vectorize("float64(float64, int64)", mixed).explain().contains("IR (float64)"));
  }

  /** The kernels C2 compiles (the tier-B loop after thousands of calls) give the same bits. */
  @Test
  void compiledKernelsGiveTheSameBits() {
    Fn.DoubleUnary fn = LAMBDAS.get(7);
    Ufunc f = Ufunc.vectorize("float64(float64)", fn);
    double[] x = inputs(3, 1029);
    double[] got = hot(f, CALLS, NDArray.of(x));
    for (int i = 0; i < x.length; i++) {
      assertBits(fn.applyAsDouble(x[i]), got[i], "x=" + x[i]);
    }
  }

  /** Loops the lifter cannot unroll run as tier A, correctly, and say why. */
  @Test
  void loopsThatDoNotUnrollSayWhy() {
    Object[][] cases = {
      {(Fn.DoubleUnary) x -> {
        double y = Math.abs(x);
        while (y > 1) { // no counter: the exit depends on the data alone
          y *= 0.5;
        }
        return y;
      }, "in a loop"},
      {(Fn.DoubleUnary) x -> {
        double acc = 0;
        for (int i = 0; i < 100_000; i++) {
          acc += x;
        }
        return acc;
      }, "more than"}, // 10000 instructions, or 2000 operations
      {(Fn.DoubleUnary) x -> {
        double acc = 0;
        for (int i = 0; i < 900; i++) {
          acc = acc * x + i;
        }
        return acc;
      }, "more than 2000 distinct operations"},
    };
    double[] x = {0.5, 3, -7.25, 1e6, Double.NaN};
    for (Object[] c : cases) {
      Fn.DoubleUnary fn = (Fn.DoubleUnary) c[0];
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      double[] got = f.apply(NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i]), got[i], c[1] + " x=" + x[i]);
      }
      assertTrue(f.explain().contains("not lifted") && f.explain().contains((String) c[1]), f.explain());
    }
  }

  /**
   * A loop unrolled into a kernel method beyond HotSpot's 8000-byte limit would never be
   * JIT-compiled: the loop runs the lambda instead (which the JIT compiles), and says so.
   */
  @Test
  void kernelsTooLargeForTheJitRunTheLambda() {
    Fn.DoubleUnary fn = x -> {
      double acc = 0;
      for (int i = 0; i < 300; i++) {
        acc = acc * x + i;
      }
      return acc;
    };
    Ufunc f = Ufunc.vectorize("float64(float64)", fn);
    double[] x = inputs(4, 1021);
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(fn.applyAsDouble(x[i]), got[i], "x=" + x[i]);
    }
    String ex = f.explain();
    assertTrue(ex.contains("IR (float64)"), ex);
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("tier A") && ex.contains("more than the 8000 HotSpot compiles"), ex);
    }
  }

}
