package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * Predicates ({@code bool(...)} loops) lift: comparisons, {@code && || !}, non-short-circuit
 * {@code & | ^}, {@code ?:} to booleans, early returns, {@code Double.isNaN/isInfinite/isFinite};
 * the SIMD kernel stores its mask into the boolean output. Compared with the plain lambda on NaN,
 * +-0.0, infinities and random values, contiguous, reversed, strided and broadcast.
 */
class PredicateLambdaTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final double LIMIT = 0.25;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 16, 17, 33, 1021, 4098};

  static boolean inUnit(double x) {
    return x >= 0 && x < 1;
  }

  record Case(String name, Fn fn) {}

  private static final List<Case> DOUBLES = new ArrayList<>();

  private static void p1(String name, Fn.DoublePredicate f) {
    DOUBLES.add(new Case(name, f));
  }

  private static void p2(String name, Fn.DoubleBiPredicate f) {
    DOUBLES.add(new Case(name, f));
  }

  static {
    p1("greater than captured", x -> x > LIMIT);
    p1("not greater (NaN is true)", x -> !(x > LIMIT));
    p1("in range &&", x -> x > -1 && x < 1);
    p1("outside range ||", x -> x < -1 || x > 1);
    p1("helper with &&", x -> inUnit(x) || x == -0.5);
    p1("non-short-circuit &", x -> x > 0 & x != 2);
    p1("xor", x -> x > 0 ^ x < 0.5);
    p1("isNaN", Double::isNaN);
    p1("isInfinite", Double::isInfinite);
    p1("isFinite", x -> Double.isFinite(x));
    p1("self compare", x -> x != x);
    p1("early return", x -> {
      if (x < 0) {
        return false;
      }
      return x * x > 0.5;
    });
    p1("ternary of conditions", x -> x > 0 ? x < 2 : x > -3);
    p1("always true", x -> true);
    p2("less", (a, b) -> a < b);
    p2("equal or both NaN", (a, b) -> a == b || (Double.isNaN(a) && Double.isNaN(b)));
    p2("close", (a, b) -> Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(b)));
  }

  private static double[] inputs(int n, long seed) {
    double[] r = NDArray.random(DType.FLOAT64, seed, Math.max(n, 1)).toDoubleArray();
    double[] special = {0.0, -0.0, Double.NaN, 1, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25, 2, -0.5};
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[(int) ((i + seed) % special.length)] : (r[i] - 0.4) * 5;
    }
    return out;
  }

  private static boolean plain(Fn f, double a, double b) {
    return f instanceof Fn.DoublePredicate p ? p.test(a) : ((Fn.DoubleBiPredicate) f).test(a, b);
  }

  private static boolean[] bools(NDArray r) {
    long[] v = r.astype(DType.INT64).toLongArray();
    boolean[] b = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i] != 0;
    }
    return b;
  }

  @Test
  void doublePredicatesMatchThePlainLambda() {
    for (Case k : DOUBLES) {
      boolean binary = k.fn() instanceof Fn.DoubleBiPredicate;
      for (String type : new String[] {"float64", "float32"}) {
        DType dt = DType.of(type);
        Ufunc f = Ufunc.vectorize(binary ? "bool(" + type + ", " + type + ")" : "bool(" + type + ")", k.fn());
        for (int n : SIZES) {
          double[] x = inputs(n, n + 1);
          double[] y = inputs(n, n + 5);
          NDArray ax = NDArray.of(x).astype(dt);
          NDArray ay = NDArray.of(y).astype(dt);
          double[] xs = ax.astype(DType.FLOAT64).toDoubleArray();
          double[] ys = ay.astype(DType.FLOAT64).toDoubleArray();
          boolean[] got = bools(binary ? f.apply(ax, ay) : f.apply(ax));
          for (int i = 0; i < n; i++) {
            assertEquals(plain(k.fn(), xs[i], ys[i]), got[i], k.name() + " " + type + " n=" + n + " x=" + xs[i] + " y=" + ys[i]);
          }
          if (n > 2) {
            boolean[] rev = bools(binary ? f.apply(ax.flip(0), ay.slice("0:1")) : f.apply(ax.flip(0)));
            boolean[] str = bools(binary ? f.apply(ax.slice("::2"), ay.slice("::2")) : f.apply(ax.slice("::2")));
            for (int i = 0; i < n; i++) {
              assertEquals(plain(k.fn(), xs[n - 1 - i], ys[0]), rev[i], k.name() + " reversed/broadcast i=" + i);
            }
            for (int i = 0; i < str.length; i++) {
              assertEquals(plain(k.fn(), xs[2 * i], ys[2 * i]), str[i], k.name() + " strided i=" + i);
            }
          }
        }
        String ex = f.explain();
        assertTrue(ex.contains("-> bool)"), k.name() + " did not lift:\n" + ex);
        if (EXPECT_SIMD) {
          assertTrue(ex.contains("tier B"), k.name() + ": SIMD was expected:\n" + ex);
        }
      }
    }
  }

  @Test
  void longPredicatesLift() {
    Ufunc even = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) v -> (v & 1) == 0 && v != 0);
    Ufunc between = Ufunc.vectorize("bool(int64, int64)", (Fn.LongBiPredicate) (a, b) -> a < b | a == Long.MIN_VALUE);
    long[] x = {0, 1, 2, -2, -3, Long.MIN_VALUE, Long.MAX_VALUE, 6, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18};
    long[] y = {1, 1, 3, -3, 0, Long.MIN_VALUE, 0, 7, 8, 9, 11, 11, 14, 15, 15, 0, 18, 19};
    boolean[] e = bools(even.apply(NDArray.of(x)));
    boolean[] b = bools(between.apply(NDArray.of(x), NDArray.of(y)));
    for (int i = 0; i < x.length; i++) {
      assertEquals((x[i] & 1) == 0 && x[i] != 0, e[i], "even " + x[i]);
      assertEquals(x[i] < y[i] | x[i] == Long.MIN_VALUE, b[i], "between " + x[i] + " " + y[i]);
    }
    assertTrue(even.explain().contains("IR (int64 -> bool)"), even.explain());
    assertTrue(between.explain().contains("IR (int64 -> bool)"), between.explain());
    // the remainder form of parity, and a multiple of 4 by remainder (negative values: Java's
    // remainder has the dividend's sign, so -3 % 2 is -1, not 1)
    Ufunc odd = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) v -> v % 2 == 1 || v % 4 == -1);
    boolean[] o = bools(odd.apply(NDArray.of(x)));
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i] % 2 == 1 || x[i] % 4 == -1, o[i], "odd " + x[i]);
    }
    assertTrue(odd.explain().contains("IR (int64 -> bool)"), odd.explain());
  }

  @Test
  void standardComparisonsAndClassifiersLift() {
    NDArray a = NDArray.of(inputs(1021, 3));
    NDArray b = NDArray.of(inputs(1021, 4));
    boolean[] gt = bools(Ufuncs.greater.apply(a, b));
    boolean[] nan = bools(Ufuncs.isnan.apply(a));
    boolean[] fin = bools(Ufuncs.isfinite.apply(a));
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i] > y[i], gt[i]);
      assertEquals(Double.isNaN(x[i]), nan[i]);
      assertEquals(Double.isFinite(x[i]), fin[i]);
    }
    for (Ufunc u : new Ufunc[] {Ufuncs.greater, Ufuncs.isnan, Ufuncs.isfinite}) {
      assertTrue(u.explain().contains("IR (float64 -> bool)"), u.explain());
    }
    // classifiers of integers capture their constant answer (a boolean): it lifts too
    NDArray ints = NDArray.arange(DType.INT64, -40, 60, 1);
    boolean[] nanInts = bools(Ufuncs.isnan.apply(ints));
    boolean[] finInts = bools(Ufuncs.isfinite.apply(ints.astype(DType.INT8)));
    for (int i = 0; i < nanInts.length; i++) {
      assertEquals(false, nanInts[i]);
      assertEquals(true, finInts[i]);
    }
    assertTrue(Ufuncs.isnan.explain().contains("IR (int64 -> bool)"), Ufuncs.isnan.explain());
    long[] signs = Ufuncs.sign.apply(NDArray.of(new long[] {-7, 0, 9, Long.MIN_VALUE})).toLongArray();
    assertEquals(List.of(-1L, 0L, 1L, -1L), java.util.Arrays.stream(signs).boxed().toList());
  }

  @Test
  void boolLambdasOnBoolLoopsRunAsMaskOperations() {
    List<Fn.BoolBinary> fns = List.of((p, q) -> p & q, (p, q) -> p | !q, (p, q) -> p == q, (p, q) -> p ? q : !q,
        (p, q) -> p != q && p, (p, q) -> true, (p, q) -> p ^ q);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (Fn.BoolBinary fn : fns) {
      Ufunc f = Ufunc.vectorize("bool(bool, bool)", fn);
      for (int n : new int[] {0, 1, 63, 64, 65, 129, 1021, 4098}) {
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = r.nextBoolean();
          b[i] = r.nextInt(3) == 0;
        }
        NDArray aa = NDArray.of(a);
        NDArray ab = NDArray.of(b);
        boolean[] got = bools(f.apply(aa, ab));
        boolean[] rev = bools(f.apply(aa.flip(0), true));
        boolean[] str = n > 0 ? bools(f.apply(aa.slice("::3"), ab.slice("::3"))) : new boolean[0];
        for (int i = 0; i < n; i++) {
          assertEquals(fn.test(a[i], b[i]), got[i], "n=" + n + " i=" + i);
          assertEquals(fn.test(a[n - 1 - i], true), rev[i], "reversed/broadcast n=" + n + " i=" + i);
        }
        for (int i = 0; i < str.length; i++) {
          assertEquals(fn.test(a[3 * i], b[3 * i]), str[i], "strided n=" + n + " i=" + i);
        }
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (bool -> bool)"), ex);
      if (EXPECT_SIMD) {
        assertTrue(ex.contains("tier B"), ex);
      }
    }
    boolean[] x = {true, false, true, false};
    boolean[] y = {true, true, false, false};
    assertEquals(List.of(true, false, false, false), asList(bools(Ufuncs.logical_and.apply(NDArray.of(x), NDArray.of(y)))));
    assertEquals(List.of(false, true, true, false), asList(bools(Ufuncs.logical_xor.apply(NDArray.of(x), NDArray.of(y)))));
    assertTrue(Ufuncs.logical_and.explain().contains("IR (bool -> bool)"), Ufuncs.logical_and.explain());
  }

  private static List<Boolean> asList(boolean[] b) {
    List<Boolean> l = new ArrayList<>();
    for (boolean v : b) {
      l.add(v);
    }
    return l;
  }

  @Test
  void anIntComparedInALongPredicateLifts() {
    // Long.hashCode narrows a long to int, which the int64 IR alone does not hold: it lifts
    // through floating lanes, where ints live sign-extended in the long lanes (since session 14)
    Ufunc f = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) v -> Long.hashCode(v) > 3);
    boolean[] r = bools(f.apply(NDArray.of(new long[] {15, 2, -1, 1L << 32, 0xFFFFFFFF00000004L, 0x80000000L})));
    assertEquals(List.of(true, false, false, false, false, false), asList(r));
    assertTrue(f.explain().contains("IR (int64 -> bool)"), f.explain());
  }

  @Test
  void bitCountsCompareAndLift() {
    Ufunc popular = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) v -> Long.bitCount(v) > 3);
    Ufunc aligned = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) v -> Long.numberOfTrailingZeros(v) >= 4
        && Long.numberOfLeadingZeros(v) - Long.bitCount(v) != 0);
    long[] x = {0, 1, 15, 7, -1, 16, 48, Long.MIN_VALUE, Long.MAX_VALUE, 0xF0L, 1L << 40, 3L << 60};
    boolean[] p = bools(popular.apply(NDArray.of(x)));
    boolean[] a = bools(aligned.apply(NDArray.of(x)));
    for (int i = 0; i < x.length; i++) {
      long v = x[i];
      assertEquals(Long.bitCount(v) > 3, p[i], "bitCount > 3 at " + v);
      assertEquals(Long.numberOfTrailingZeros(v) >= 4 && Long.numberOfLeadingZeros(v) - Long.bitCount(v) != 0, a[i], "aligned " + v);
    }
    assertTrue(popular.explain().contains("IR (int64 -> bool)"), popular.explain());
    assertTrue(aligned.explain().contains("IR (int64 -> bool)"), aligned.explain());
  }
}
