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
 * long and int lambdas that convert to floating or between int and long ({@code (long)
 * Math.sqrt(x)}, {@code (int) ((long) a * b >>> 32)}, {@code (int) (x * 0.5)}) lift as int64
 * functions with floating lanes: compared bit for bit with the plain lambda on inputs with 0, +-1,
 * the int and long extremes and random bits (so NaN, infinite and out-of-range doubles reach
 * Java's saturating casts), at sizes around the lane counts, contiguous, reversed with a broadcast
 * operand and strided, and once C2 has compiled the kernel. Lambdas with transcendentals use
 * {@code exact()}: a result within 1 ulp of Math can truncate to another integer.
 */
class IntegerLambdaConversionsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 1500 : 2;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 33, 1021, 4098};
  private static final double SCALE = 0.001;

  record Case(String name, Fn fn, boolean exact) {}

  private static final List<Case> LONGS = new ArrayList<>();
  private static final List<Case> INTS = new ArrayList<>();

  private static void l1(String name, Fn.LongUnary f) {
    LONGS.add(new Case(name, f, false));
  }

  private static void l1Exact(String name, Fn.LongUnary f) {
    LONGS.add(new Case(name, f, true));
  }

  private static void l2(String name, Fn.LongBinary f) {
    LONGS.add(new Case(name, f, false));
  }

  private static void l2Exact(String name, Fn.LongBinary f) {
    LONGS.add(new Case(name, f, true));
  }

  private static void i1(String name, Fn.IntUnary f) {
    INTS.add(new Case(name, f, false));
  }

  private static void i1Exact(String name, Fn.IntUnary f) {
    INTS.add(new Case(name, f, true));
  }

  private static void i2(String name, Fn.IntBinary f) {
    INTS.add(new Case(name, f, false));
  }

  static long isqrt(long x) {
    return x <= 0 ? 0 : (long) Math.sqrt((double) x);
  }

  static {
    l1("integer square root of a double", x -> (long) Math.sqrt((double) x));
    l1("scaled by a double", x -> (long) (x * 0.5));
    l1("scaled by a captured double, rounded", x -> Math.round(x * SCALE));
    l1("double comparison choosing longs", x -> (double) x > 1e18 ? x : -x);
    l1("helper with a branch", IntegerLambdaConversionsTest::isqrt);
    l1("abs of the low int", x -> x + Math.abs((int) x));
    l1("Long.hashCode compared", v -> Long.hashCode(v) > 3 ? v : -v);
    l1("product of the two ints", x -> (long) (int) x * (long) (int) (x >>> 32));
    l1("double bits", x -> Double.doubleToRawLongBits((double) x) ^ x);
    l1("floor of a quotient", x -> (long) Math.floor(x / 3.0));
    l1Exact("digits by log10", x -> (long) Math.floor(Math.log10(Math.abs((double) x) + 1)));
    l2("double quotient saturates", (a, b) -> (long) ((double) a / (double) b));
    l2Exact("hypot", (a, b) -> (long) Math.hypot((double) a, (double) b));
    l2("min of a double and a long", (a, b) -> Math.min((long) (a * 1.5), b));
    i1("square in long, shifted", x -> (int) ((long) x * x >> 16));
    i1("half by a double", x -> (int) ((double) x * 0.5));
    i1("Math.round of a quarter", x -> (int) Math.round(x * 0.25));
    i1("sqrt of the magnitude", x -> (int) Math.sqrt(Math.abs((double) x)));
    i1("three quarters, truncated toward zero", x -> (int) (x * 0.75));
    i1("float scale", x -> (int) (x * 0.75f));
    i1("Math.round of a float product (saturates)", x -> Math.round(x * 1000f));
    i1("float quotient plus the int", x -> (int) ((float) x / 3f) + x);
    i1("float branch", x -> x > 100 ? (int) (x * 1.5f) : x);
    i1("widened sum cannot wrap", x -> (int) (((long) x + x) >> 1));
    i1("saturating triple", x -> (int) Math.max(Integer.MIN_VALUE, Math.min((long) x * 3, Integer.MAX_VALUE)));
    i1Exact("natural log or -1", x -> x > 0 ? (int) Math.log((double) x) : -1);
    i2("multiply-high", (a, b) -> (int) (((long) a * b) >>> 32));
    i2("double average", (a, b) -> (int) (((double) a + b) / 2));
    i2("bitwise on a widened product", (a, b) -> (int) ((long) a * 3) | b);
    i2("and, xor with a double half", (a, b) -> (a & b) ^ (int) (a * 0.5));
    i2("long product compared", (a, b) -> (long) a * b > 1_000_000L ? a : b);
  }

  private static long[] longInputs(int n, long seed) {
    long[] special = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 1L << 53, (1L << 53) + 1,
        -(1L << 62), 999_999, 1000};
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : i % 3 == 0 ? r.nextLong() : i % 3 == 1 ? r.nextLong(-5000, 5000) : r.nextLong(-1L << 40, 1L << 40);
    }
    return out;
  }

  private static long plain(Fn f, long a, long b) {
    if (f instanceof Fn.LongUnary u) {
      return u.applyAsLong(a);
    }
    if (f instanceof Fn.LongBinary u) {
      return u.applyAsLong(a, b);
    }
    return f instanceof Fn.IntUnary u ? u.applyAsInt((int) a) : ((Fn.IntBinary) f).applyAsInt((int) a, (int) b);
  }

  private static void check(Case k, boolean ints) {
    boolean binary = k.fn() instanceof Fn.LongBinary || k.fn() instanceof Fn.IntBinary;
    String t = ints ? "int32" : "int64";
    Ufunc f = Ufunc.vectorize(t + "(" + t + (binary ? ", " + t : "") + ")", k.fn());
    if (k.exact()) {
      f = f.exact();
    }
    DType dt = ints ? DType.INT32 : DType.INT64;
    for (int n : SIZES) {
      NDArray ax = array(longInputs(n, n + 1), ints);
      NDArray ay = array(longInputs(n, n + 2), ints);
      long[] x = ax.astype(DType.INT64).toLongArray();
      long[] y = ay.astype(DType.INT64).toLongArray();
      NDArray got = binary ? f.apply(ax, ay) : f.apply(ax);
      assertEquals(dt, got.dtype(), k.name());
      long[] g = got.astype(DType.INT64).toLongArray();
      for (int i = 0; i < n; i++) {
        assertEquals(plain(k.fn(), x[i], y[i]), g[i], k.name() + " n=" + n + " x=" + x[i] + " y=" + y[i]);
      }
      if (n > 2) {
        long[] rev = (binary ? f.apply(ax.flip(0), 7) : f.apply(ax.flip(0))).astype(DType.INT64).toLongArray();
        long[] str = (binary ? f.apply(ax.slice("::2"), ay.slice("::2")) : f.apply(ax.slice("::2"))).astype(DType.INT64).toLongArray();
        for (int i = 0; i < n; i++) {
          assertEquals(plain(k.fn(), x[n - 1 - i], 7), rev[i], k.name() + " reversed/broadcast n=" + n + " i=" + i);
        }
        for (int i = 0; i < str.length; i++) {
          assertEquals(plain(k.fn(), x[2 * i], y[2 * i]), str[i], k.name() + " strided n=" + n + " i=" + i);
        }
      }
    }
    // hot: the kernel C2 compiles (the Vector API's intrinsics, not its Java fallback)
    NDArray ax = array(longInputs(4098, 99), ints);
    NDArray ay = array(longInputs(4098, 98), ints);
    NDArray out = NDArray.zeros(dt, 4098);
    for (int c = 0; c < CALLS; c++) {
      if (binary) {
        f.out(out).apply(ax, ay);
      } else {
        f.out(out).apply(ax);
      }
    }
    long[] x = ax.astype(DType.INT64).toLongArray();
    long[] y = ay.astype(DType.INT64).toLongArray();
    long[] g = out.astype(DType.INT64).toLongArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(plain(k.fn(), x[i], y[i]), g[i], k.name() + " hot, x=" + x[i] + " y=" + y[i]);
    }
    String ex = f.explain();
    assertTrue(ex.contains("IR (int64)"), k.name() + " did not lift:\n" + ex);
    SimdAsserts.assertSimdWhereTheMachineHasIt(ex, k.name());
  }

  private static NDArray array(long[] v, boolean ints) {
    if (!ints) {
      return NDArray.of(v);
    }
    int[] w = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      w[i] = (int) (v[i] ^ (v[i] >>> 32));
    }
    return NDArray.of(w);
  }

  @Test
  void longLambdasWithDoublesOrIntsMatchThePlainLambda() {
    assertTrue(LONGS.size() >= 12);
    for (Case k : LONGS) {
      check(k, false);
    }
  }

  @Test
  void intLambdasWithLongsOrDoublesMatchThePlainLambda() {
    assertTrue(INTS.size() >= 10);
    for (Case k : INTS) {
      check(k, true);
    }
  }

  @Test
  void intDivisionByConstantsLiftsInLongLanes() {
    // the int lambda converts to long, so its ints live in long lanes, where / and % by a
    // constant use the 32-bit magic number with an exact 64-bit product
    int[] divisors = {3, -3, 5, 6, 7, -7, 10, 12, 25, 641, 1_000_000_007, Integer.MAX_VALUE, -Integer.MAX_VALUE, Integer.MIN_VALUE, 1, -1, 1024};
    for (int d : divisors) {
      Fn.IntUnary fn = x -> (int) ((long) x >> 1) / d + x % d;
      check(new Case("int / and % by " + d, fn, false), true);
    }
    // in a float64 lambda, an int from a long cast divides in long lanes too
    for (int d : new int[] {7, -10, 641}) {
      Ufunc f = Ufunc.vectorize("float64(float64)", x -> (double) ((int) (long) x / d));
      double[] v = {0, 1e10, -1e10, 6.9, -7.1, 2147483647.0, -2147483648.0, 3e9, -3e9, Double.NaN, 1e19, 123456.7};
      double[] got = f.apply(NDArray.of(v)).toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        assertEquals((double) ((int) (long) v[i] / d), got[i], "x=" + v[i] + " d=" + d);
      }
      assertTrue(f.explain().contains("IR (float64)"), f.explain());
    }
  }

  @Test
  void longPredicatesWithDoublesLift() {
    List<Fn.LongPredicate> ps = List.of(
        n -> Math.sqrt((double) n) == Math.floor(Math.sqrt((double) n)), // a perfect square (as doubles see it)
        n -> (double) n * 0.5 > 3 && n % 2 == 0,
        n -> (int) n > 0,
        n -> (double) n != (double) (n + 1)); // false where l2d rounds n and n + 1 alike
    long[] x = longInputs(4099, 5);
    for (int i = 0; i < 40; i++) {
      x[20 + i] = (long) i * i - 3;
    }
    NDArray in = NDArray.of(x);
    for (Fn.LongPredicate p : ps) {
      Ufunc f = Ufunc.vectorize("bool(int64)", p);
      NDArray out = NDArray.zeros(DType.BOOL, x.length);
      for (int c = 0; c < CALLS; c++) {
        f.out(out).apply(in);
      }
      boolean[] hot = out.toBooleanArray();
      boolean[] rev = f.apply(in.flip(0)).toBooleanArray();
      boolean[] str = f.apply(in.slice("::3")).toBooleanArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(p.test(x[i]), hot[i], "x=" + x[i]);
        assertEquals(p.test(x[x.length - 1 - i]), rev[i], "reversed x=" + x[x.length - 1 - i]);
        if (i < str.length) {
          assertEquals(p.test(x[3 * i]), str[i], "strided x=" + x[3 * i]);
        }
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (int64 -> bool)"), ex);
      SimdAsserts.assertSimdWhereTheMachineHasIt(ex, "long predicate");
    }
  }

  @Test
  void aLongConstantNarrowedToIntIsAnIntConstant() {
    Ufunc f = Ufunc.vectorize("float64(float64)", x -> (double) Long.numberOfLeadingZeros((long) x) + (int) 123456789012L);
    double[] v = {0, 1.5, -3e18, 7e9, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300};
    double[] got = f.apply(NDArray.of(v)).toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals((double) Long.numberOfLeadingZeros((long) v[i]) + (int) 123456789012L, got[i], "x=" + v[i]);
    }
    assertTrue(f.explain().contains("IR (float64)"), f.explain());
  }

  @Test
  void aLambdaThatFailsBothWaysGivesTheWiderReason() {
    // (double) x lifts through floating lanes; the division by a variable does not
    Fn.LongUnary fn = x -> (long) Math.sqrt((double) x) / (x | 1);
    Ufunc f = Ufunc.vectorize("int64(int64)", fn);
    long[] v = {49, 50, -3, Long.MAX_VALUE};
    long[] got = f.apply(NDArray.of(v)).toLongArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals(fn.applyAsLong(v[i]), got[i]);
    }
    String ex = f.explain();
    assertTrue(ex.contains("division by a variable") && ex.contains("tier A"), ex);
  }
}
