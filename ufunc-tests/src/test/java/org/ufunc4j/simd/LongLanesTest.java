package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ufunc4j.simd.SimdAsserts.assertBits;
import static org.ufunc4j.simd.SimdAsserts.hot;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Long arithmetic inside float64 lambdas (on a long parameter, or on {@code (long) x}) computes
 * in long lanes: Java's wrapping long arithmetic, shifts with masked counts, division by powers
 * of two, comparisons choosing doubles, helpers returning long or int, and int arithmetic on
 * {@code (int) n} (the low 32 bits of a long lane, wrapping as Java's int), bit counts, byte,
 * short and char casts. Compared bit for bit with
 * the plain lambda (every operation here is exact) at the long range's edges, on contiguous,
 * reversed, strided and broadcast operands, int32 arrays for the long parameter, and after C2
 * has compiled the kernel. Conversions between long and double lanes need 512-bit vectors
 * (AVX-512DQ has them); at 256 bits such kernels are the scalar one of the same IR, and say so.
 */
class LongLanesTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 2000 : 2;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 16, 17, 33, 1021, 4098};

  private static final long[] SPECIAL_LONGS = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, (1L << 53) + 1,
      -(1L << 60) - 3, 1L << 62, Integer.MAX_VALUE, Integer.MIN_VALUE, (long) Integer.MAX_VALUE + 1, 15, -16, 255, 4, -7};

  private static final double[] SPECIAL_DOUBLES = {Double.NaN, 0.0, -0.0, 0.5, -0.5, 2.7, -2.7, 255.5, -128.7, 65535.9, -2147483649.0,
      2147483647.0, -2147483648.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 1e300, -1e300, 9.3e18, -9.3e18, 9.223372036854775e18, 4.5e15, Double.MIN_VALUE, 1e-310};

  static long[] longs(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(3);
      out[i] = i < SPECIAL_LONGS.length ? SPECIAL_LONGS[i]
          : kind == 0 ? SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)]
          : kind == 1 ? r.nextLong()
          : r.nextLong(-100_000, 100_000);
    }
    return out;
  }

  static double[] doubles(long seed, int n) {
    return CastLiftingTest.inputs(seed, n, SPECIAL_DOUBLES, 20);
  }

  static long step(long n) {
    return n < 0 ? -n * 2 : n + 1;
  }

  static int bucket(long n) {
    return (int) (n & 15);
  }

  private static final List<Fn.DoubleLongToDouble> MIXED = List.of(
      (x, n) -> x * (n + 1), // wraps at Long.MAX_VALUE
      (x, n) -> n % 2 == 0 ? x : -x,
      (x, n) -> (double) ((n * 3) >> 1) + x,
      (x, n) -> Math.abs(n - 5) * x, // abs(MIN_VALUE) stays negative
      (x, n) -> x + (n << 40),
      (x, n) -> x * (n >>> 60),
      (x, n) -> (n & 0xFF) * x,
      (x, n) -> (n ^ (n >> 63)) + x,
      (x, n) -> (n | 1) * x,
      (x, n) -> Math.floorMod(n, 4) + x, // the JDK's floorMod(long, int), inlined
      (x, n) -> (n > 0 ? x : 0.0) + (double) (int) n, // (int) n: the low 32 bits
      (x, n) -> x * (n << (int) (n & 3)), // a variable shift count
      (x, n) -> Math.max(n, -7L) + Math.min(n, 7L) * x,
      (x, n) -> (double) ((long) x * n), // (long) x saturates, NaN is 0
      (x, n) -> (long) x == n ? 1.0 : 0.0,
      (x, n) -> n / 8 + x,
      (x, n) -> n % -16 - x,
      (x, n) -> x + step(n), // a helper returning long, with a branch
      (x, n) -> x * bucket(n), // a helper returning int
      (x, n) -> -n * x,
      (x, n) -> (double) (n * n) - x, // a wrapping product
      (x, n) -> n >= 0 && n < 1000 ? Math.sqrt(x) + n : x * 0.5,
      (x, n) -> (n < 0) == (x < 0) ? n * 0.25 : x,
      (x, n) -> {
        long m = n;
        m += m >> 2; // through a local
        m -= 3;
        return m * x;
      },
      // ints in long lanes: (int) n is its low 32 bits, int arithmetic wraps at 32 bits
      (x, n) -> x * ((int) n + 1),
      (x, n) -> (int) n * (int) n + x,
      (x, n) -> ((int) n >> 3) + ((int) n >>> 28) + x,
      (x, n) -> (int) n % 8 == 3 ? x : -x,
      (x, n) -> (int) n / -4 + (int) n % 16 + x,
      (x, n) -> (byte) n + (short) n * x + (char) n,
      (x, n) -> Integer.bitCount((int) n) + Long.numberOfLeadingZeros(n) + Integer.numberOfTrailingZeros((int) n) * x
          + Integer.numberOfLeadingZeros((int) n) - Long.bitCount(n) + Long.numberOfTrailingZeros(n),
      (x, n) -> Math.abs((int) n) + Math.min((int) n, 5) * x - Math.max((int) n, -5),
      (x, n) -> ((int) x | (int) n) ^ 0x55,
      (x, n) -> (int) n < (int) x ? 1.0 : 2.0,
      (x, n) -> (float) (int) n + x,
      (x, n) -> ((int) n << (int) (n >>> 59)) * x,
      (x, n) -> -(int) n + x);

  private static final List<Fn.DoubleUnary> CASTS = List.of(
      x -> (double) ((long) x + 1), // Long.MAX_VALUE + 1 wraps for x >= 2^63
      x -> (double) ((long) (x * 1000) / 16),
      x -> (long) x * 3 > 10 ? x : -x,
      x -> (double) Math.abs((long) x) - x,
      // narrowing casts and counts of (int) x: the int in long lanes
      x -> (byte) (int) x,
      x -> (short) (int) (x * 100) + x,
      x -> (char) (int) x,
      x -> Integer.bitCount((int) x) + Integer.numberOfLeadingZeros((int) (x * 3)) - Integer.numberOfTrailingZeros((int) x),
      x -> (int) x + 1 == Integer.MIN_VALUE ? 1.0 : 0.0, // Integer.MIN_VALUE as a constant
      x -> Math.min((int) x, Integer.MIN_VALUE) + (Integer.MIN_VALUE & (int) x),
      x -> {
        int k = (int) x;
        k += 3; // iinc
        k++;
        k -= 100000;
        return k * 0.5;
      });

  @Test
  void mixedLambdasMatchTheirJavaOnEveryLayout() {
    for (int c = 0; c < MIXED.size(); c++) {
      Fn.DoubleLongToDouble fn = MIXED.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
      for (int n : SIZES) {
        double[] x = doubles(31L * c + n, n);
        long[] k = longs(17L * c + n, n);
        NDArray ax = NDArray.of(x);
        NDArray ak = NDArray.of(k);
        double[] got = f.apply(ax, ak).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsDouble(x[i], k[i]), got[i], "case " + c + " x=" + x[i] + " n=" + k[i]);
        }
        if (n < 2) {
          continue;
        }
        double[] rev = f.apply(ax.flip(0), ak.slice("::-1")).toDoubleArray();
        double[] str = f.apply(ax.slice("::2"), ak.slice("::2")).toDoubleArray();
        double[] scalarX = f.apply(2.5, ak).toDoubleArray();
        double[] oneN = f.apply(ax, NDArray.of(new long[] {k[1]})).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsDouble(x[n - 1 - i], k[n - 1 - i]), rev[i], "case " + c + " reversed i=" + i);
          assertBits(fn.applyAsDouble(2.5, k[i]), scalarX[i], "case " + c + " broadcast x, n=" + k[i]);
          assertBits(fn.applyAsDouble(x[i], k[1]), oneN[i], "case " + c + " broadcast n=" + k[1] + ", x=" + x[i]);
        }
        for (int i = 0; i < str.length; i++) {
          assertBits(fn.applyAsDouble(x[2 * i], k[2 * i]), str[i], "case " + c + " strided i=" + i);
        }
      }
      assertLongLanes(f, "case " + c);
    }
  }

  @Test
  void int32ArraysFeedTheLongParameterSignExtended() {
    Fn.DoubleLongToDouble fn = (x, n) -> x * (n * 65537 + 1) + (n >>> 40);
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
    int n = 1021;
    double[] x = doubles(5, n);
    int[] k = new int[n];
    SplittableRandom r = new SplittableRandom(6);
    for (int i = 0; i < n; i++) {
      k[i] = i < 4 ? new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0}[i] : r.nextInt();
    }
    double[] got = f.apply(NDArray.of(x), NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < n; i++) {
      assertBits(fn.applyAsDouble(x[i], k[i]), got[i], "n=" + k[i]);
    }
    assertLongLanes(f, "int32 input");
  }

  @Test
  void longArithmeticOnCastsMatchesJava() {
    for (int c = 0; c < CASTS.size(); c++) {
      Fn.DoubleUnary fn = CASTS.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      for (int n : SIZES) {
        double[] x = doubles(7L * c + n, n);
        double[] got = f.apply(NDArray.of(x)).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsDouble(x[i]), got[i], "cast case " + c + " x=" + x[i]);
        }
      }
      assertLongLanes(f, "cast case " + c);
    }
  }

  /**
   * {@code (byte)}, {@code (short)} and {@code (char)} of an int constant (captured, so javac
   * cannot fold the cast) wrap as Java's casts do (they were dropped: found by a review).
   */
  @Test
  void narrowingCastsOfIntConstantsWrap() {
    int b200 = 200;
    int b40k = 40000;
    int m1 = -1;
    List<Fn.DoubleUnary> fns = List.of(
        x -> (byte) b200 * x,
        x -> (short) b40k + x,
        x -> (char) m1 + x,
        x -> {
          double acc = 0;
          for (int i = -2; i < 2; i++) {
            acc = acc * x + (char) i; // on a folded loop counter
          }
          return acc;
        });
    double[] x = doubles(8, 257);
    for (int c = 0; c < fns.size(); c++) {
      Fn.DoubleUnary fn = fns.get(c);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      double[] got = f.apply(NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i]), got[i], "case " + c + " x=" + x[i]);
      }
      assertTrue(f.explain().contains("IR (float64)"), f.explain());
    }
  }

  /** The kernels C2 compiles (the tier-B loop after thousands of calls) give the same bits. */
  @Test
  void compiledKernelsGiveTheSameBits() {
    Fn.DoubleLongToDouble fn = (x, n) -> n % 2 == 0 ? x * (n + 1) : (double) ((long) x ^ n) - x;
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
    int n = 1029;
    double[] x = doubles(11, n);
    long[] k = longs(12, n);
    double[] got = hot(f, CALLS, NDArray.of(x), NDArray.of(k));
    for (int i = 0; i < n; i++) {
      assertBits(fn.applyAsDouble(x[i], k[i]), got[i], "x=" + x[i] + " n=" + k[i]);
    }
    assertLongLanes(f, "compiled");
    // strict mode accepts it: nothing falls back
    assertEquals(fn.applyAsDouble(1.5, 7), f.strict().apply(NDArray.of(new double[] {1.5}), NDArray.of(new long[] {7})).getDouble(0));
  }

  /** What long lanes do not cover falls back with its reason, and is still right. */
  @Test
  void whatLongLanesDoNotCoverFallsBackWithItsReason() {
    Object[][] cases = {
      {(Fn.DoubleLongToDouble) (x, n) -> x * (n / (n | 1)), "division by a variable"},
      {(Fn.DoubleLongToDouble) (x, n) -> x * (float) (n + 1), "to float"},
    };
    double[] x = doubles(3, 64);
    long[] k = longs(4, 64);
    for (Object[] c : cases) {
      Fn.DoubleLongToDouble fn = (Fn.DoubleLongToDouble) c[0];
      Ufunc f = Ufunc.vectorize("float64(float64, int64)", fn);
      double[] got = f.apply(NDArray.of(x), NDArray.of(k)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i], k[i]), got[i], c[1] + " x=" + x[i] + " n=" + k[i]);
      }
      assertTrue(f.explain().contains("not lifted") && f.explain().contains((String) c[1]), f.explain());
    }
    // a long divides by any constant with 512-bit vectors (AVX-512's 64-bit multiply), not below
    Fn.DoubleLongToDouble longByThree = (v, n) -> v * (n / 3);
    Ufunc lt = Ufunc.vectorize("float64(float64, int64)", longByThree);
    double[] lthirds = lt.apply(NDArray.of(x), NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(longByThree.applyAsDouble(x[i], k[i]), lthirds[i], "long by 3 x=" + x[i] + " n=" + k[i]);
    }
    if (org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512) {
      assertLongLanes(lt, "long division by 3 in long lanes");
    } else {
      assertTrue(lt.explain().contains("not lifted") && lt.explain().contains("not a power of two"), lt.explain());
    }
    // an int from a long divides by any constant (the 32-bit magic number in long lanes)
    Fn.DoubleLongToDouble byThree = (v, n) -> v * ((int) n / 3) + (int) n % -7;
    Ufunc three = Ufunc.vectorize("float64(float64, int64)", byThree);
    double[] thirds = three.apply(NDArray.of(x), NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(byThree.applyAsDouble(x[i], k[i]), thirds[i], "int by 3 and -7 x=" + x[i] + " n=" + k[i]);
    }
    assertLongLanes(three, "int division by 3 in long lanes");
    // division by the minimum value lifts (a select: only it divides itself)
    Fn.DoubleLongToDouble byMin = (v, n) -> v * (n / Long.MIN_VALUE) + (n % Long.MIN_VALUE) * 0.5;
    Ufunc f = Ufunc.vectorize("float64(float64, int64)", byMin);
    double[] got = f.apply(NDArray.of(x), NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertBits(byMin.applyAsDouble(x[i], k[i]), got[i], "by MIN_VALUE x=" + x[i] + " n=" + k[i]);
    }
    assertLongLanes(f, "division by MIN_VALUE");
  }

  /** Lifted, and SIMD where the machine has 512-bit vectors; the scalar kernel of the IR below, saying why. */
  private static void assertLongLanes(Ufunc f, String what) {
    String ex = f.explain();
    assertTrue(ex.contains("IR (float64)"), what + " did not lift:\n" + ex);
    SimdAsserts.assertSimdWhereTheMachineHasIt(ex, what);
  }

}
