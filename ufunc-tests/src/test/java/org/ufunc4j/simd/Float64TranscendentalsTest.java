package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.ulps;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.internal.math.DoubleTranscendentals;

/**
 * float64 sin and cos run ufunc4j's own vector polynomials (VectorMath) in SIMD kernels that call
 * no other transcendental: every result is within 1 ulp of {@code Math.sin}/{@code Math.cos}, with
 * Math's NaN, infinities and signed zeros, and bit-identical with the scalar twin
 * (DoubleTranscendentals) that tails, strided calls and SIMD-off kernels use. Inputs: every bit
 * pattern class, both sides of the fast range (|x| = 2^20), and the doubles nearest to multiples
 * of pi/2 (where the argument reduction cancels) with their neighbours. Kernels with several SVML
 * calls compute four vectors per iteration; they are checked at sizes around that group.
 */
class Float64TranscendentalsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  /**
   * Below 512 bits pow is ufunc4j's own (no SVML pow there): W5's kernel then calls no SVML at
   * all, computes sin and pow with the polynomials, and gives its scalar twin's bits. A pow 1 ulp
   * from Math's can move sin(pow)^2 by tens of ulps, so W5 is compared with the twin there.
   */
  private static final boolean OWN_POW = EXPECT_SIMD && org.ufunc4j.internal.simd.SimdSupport.vectorBits() < 512;

  private static double w5Reference(double x, double y) {
    double s = OWN_POW ? DoubleTranscendentals.sin(DoubleTranscendentals.pow(x, y)) : Math.sin(Math.pow(x, y));
    return s * s;
  }

  private static double[] inputs() {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, Math.PI, -Math.PI,
        Math.PI / 2, Math.PI / 4, 0x1p20, -0x1p20, Math.nextUp(0x1p20), Math.nextDown(-0x1p20), 1e-300, -1e-300,
        1e-8, 6.283185307179586, 1e22, -3e300, 0.7853981633974483, 0.7853981633974484};
    SplittableRandom r = new SplittableRandom(42);
    int n = 200_003;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      if (i < special.length) {
        x[i] = special[i];
      } else if (i % 4 == 0) {
        x[i] = Double.longBitsToDouble(r.nextLong()); // every exponent, NaN payloads, subnormals
      } else if (i % 4 == 1) {
        x[i] = r.nextDouble(-1.2e6, 1.2e6); // both sides of the fast range
      } else if (i % 4 == 2) {
        x[i] = r.nextDouble(-8, 8);
      } else {
        // the double nearest to k pi/2 and its neighbours: the reduction cancels most there
        double near = r.nextInt(-600_000, 600_000) * (Math.PI / 2);
        long bits = Double.doubleToRawLongBits(near) + r.nextInt(-3, 4);
        x[i] = Double.longBitsToDouble(bits);
      }
    }
    return x;
  }

  private static void check(Ufunc f, DoubleUnaryOperator math, DoubleUnaryOperator twin, double[] x) {
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      long d = ulps(math.applyAsDouble(x[i]), got[i]);
      if (d > 1) {
        throw new AssertionError(f.name() + "(" + x[i] + "): " + got[i] + " is " + d + " ulps from Math's " + math.applyAsDouble(x[i]));
      }
      if (EXPECT_SIMD) {
        // the vector loop and its scalar twin compute with the same IEEE operations
        assertEquals(Double.doubleToLongBits(twin.applyAsDouble(x[i])), Double.doubleToLongBits(got[i]), f.name() + "(" + x[i] + ")");
      }
    }
    // the same bits on every path: reversed, every 3rd element, two threads (with SIMD off the
    // first calls may run tier 0, which calls Math: there every path is within 1 ulp of Math)
    NDArray a = NDArray.of(x);
    double[] rev = f.apply(a.flip(0)).toDoubleArray();
    double[] third = f.apply(a.slice("::3")).toDoubleArray();
    double[] parallel = f.target(Target.PARALLEL).apply(a).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      samePath(got[x.length - 1 - i], rev[i], math.applyAsDouble(x[x.length - 1 - i]), "reversed at " + i);
      samePath(got[i], parallel[i], math.applyAsDouble(x[i]), "PARALLEL at " + i);
      if (i < third.length) {
        samePath(got[3 * i], third[i], math.applyAsDouble(x[3 * i]), "strided at " + i);
      }
    }
    if (EXPECT_SIMD) {
      assertTrue(f.explain().contains("tier B") && f.explain().contains("ufunc4j's double polynomials"), f.explain());
    }
  }

  private static void samePath(double contiguous, double other, double math, String where) {
    if (EXPECT_SIMD) {
      assertEquals(Double.doubleToLongBits(contiguous), Double.doubleToLongBits(other), where);
    } else {
      assertTrue(ulps(math, other) <= 1, where + ": " + other + " vs Math's " + math);
    }
  }

  @Test
  void sinAndCosAreWithinOneUlpOfMathAndEqualTheirScalarTwin() {
    double[] x = inputs();
    check(Ufuncs.sin, Math::sin, DoubleTranscendentals::sin, x);
    check(Ufuncs.cos, Math::cos, DoubleTranscendentals::cos, x);
    Ufunc both = Ufunc.vectorize("float64(float64)", v -> Math.sin(v) * Math.cos(v));
    double[] got = both.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      double math = Math.sin(x[i]) * Math.cos(x[i]);
      assertTrue(ulps(math, got[i]) <= 3, "sin*cos(" + x[i] + "): " + got[i] + " vs " + math);
      if (EXPECT_SIMD) {
        double twin = DoubleTranscendentals.sin(x[i]) * DoubleTranscendentals.cos(x[i]);
        assertEquals(Double.doubleToLongBits(twin), Double.doubleToLongBits(got[i]), "sin*cos(" + x[i] + ")");
      }
    }
  }

  @Test
  void aKernelWithAnotherTranscendentalCallsSvmlForSinToo() {
    // W5: next to pow's SVML call the inlined polynomials were slower than SVML's sin
    Ufunc w5 = Ufunc.vectorize("float64(float64, float64)", (a, b) -> {
      double s = Math.sin(Math.pow(a, b));
      return s * s;
    });
    NDArray a = NDArray.random(DType.FLOAT64, 4, 100);
    w5.apply(a, a);
    if (OWN_POW) {
      assertTrue(w5.explain().contains("sin/pow: ufunc4j's double polynomials") && !w5.explain().contains("SVML"), w5.explain());
      return;
    }
    assertFalse(w5.explain().contains("polynomials"), w5.explain());
    if (EXPECT_SIMD) {
      assertTrue(w5.explain().contains("2 SVML calls grouped"), w5.explain());
    }
  }

  /** Sizes around the grouped loop (4 vectors of 8 lanes here) and its single-vector remainder. */
  private static final int[] SIZES = {0, 1, 7, 8, 9, 31, 32, 33, 39, 40, 63, 64, 65, 95, 97, 1021, 4099};

  @Test
  void groupedSvmlCallsMatchThePlainLambdaAtEverySize() {
    Ufunc w5 = Ufunc.vectorize("float64(float64, float64)", (a, b) -> {
      double s = Math.sin(Math.pow(a, b));
      return s * s;
    });
    Ufunc three = Ufunc.vectorize("float64(float64, float64)", (a, b) -> Math.log1p(Math.exp(-a)) + Math.atan2(b, a) * Math.tan(b) - a * b);
    SplittableRandom r = new SplittableRandom(5);
    for (int n : SIZES) {
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = i % 17 == 3 ? Double.NaN : i % 19 == 5 ? -0.0 : r.nextDouble(0, 3);
        b[i] = i % 23 == 7 ? Double.POSITIVE_INFINITY : r.nextDouble(-2, 2);
      }
      compare(w5, a, b, Float64TranscendentalsTest::w5Reference);
      compare(three, a, b, (x, y) -> Math.log1p(Math.exp(-x)) + Math.atan2(y, x) * Math.tan(y) - x * y);
    }
  }

  @Test
  void groupedSvmlCallsWithBroadcastConvertedAndFloat32Operands() {
    Ufunc w5 = Ufunc.vectorize("float64(float64, float64)", (a, b) -> {
      double s = Math.sin(Math.pow(a, b));
      return s * s;
    });
    SplittableRandom r = new SplittableRandom(9);
    int n = 1003;
    double[] a = new double[n];
    int[] k = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble(0, 2);
      k[i] = r.nextInt(-3, 4);
    }
    // a broadcast exponent (hoisted before the loop), and int32 exponents converted at load
    double[] got = w5.apply(NDArray.of(a), 1.5).toDoubleArray();
    double[] conv = w5.apply(NDArray.of(a), NDArray.of(k)).toDoubleArray();
    for (int i = 0; i < n; i++) {
      double s = w5Reference(a[i], 1.5);
      assertTrue(ulps(s, got[i]) <= 4, "broadcast at " + i + ": " + got[i] + " vs " + s);
      double t = w5Reference(a[i], k[i]);
      assertTrue(ulps(t, conv[i]) <= 4, "int32 at " + i + ": " + conv[i] + " vs " + t);
    }
    // native segments: a separate kernel class with the same grouped loop
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.MemorySegment as = arena.allocate(8L * n, 8);
      java.lang.foreign.MemorySegment bs = arena.allocate(8L * n, 8);
      java.lang.foreign.MemorySegment os = arena.allocate(8L * n, 8);
      for (int i = 0; i < n; i++) {
        as.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, a[i]);
        bs.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, k[i] * 0.5);
      }
      NDArray out = NDArray.wrap(os, DType.FLOAT64, n);
      w5.out(out).apply(NDArray.wrap(as, DType.FLOAT64, n), NDArray.wrap(bs, DType.FLOAT64, n));
      for (int i = 0; i < n; i++) {
        double s = w5Reference(a[i], k[i] * 0.5);
        double g = os.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i);
        assertTrue(ulps(s, g) <= 4, "native at " + i + ": " + g + " vs " + s);
      }
      if (OWN_POW) {
        assertTrue(w5.explain().contains("native segments"), w5.explain());
      } else if (EXPECT_SIMD) {
        assertTrue(w5.explain().contains("native segments, 2 SVML calls grouped") || w5.explain().contains("2 SVML calls grouped 4 vectors at a time, native"),
            w5.explain());
      }
    }
    // float32: two SVML float calls (log and tan) plus our own sin
    Ufunc f32 = Ufunc.vectorize("float32(float32)", x -> Math.log(x + 1) * Math.tan(x) + Math.sin(x));
    float[] xs = new float[n];
    for (int i = 0; i < n; i++) {
      xs[i] = (float) r.nextDouble(0, 1.5);
    }
    float[] g32 = f32.apply(NDArray.of(xs)).toFloatArray();
    for (int i = 0; i < n; i++) {
      float x = xs[i];
      float want = (float) Math.log(x + 1f) * (float) Math.tan(x) + (float) Math.sin(x);
      assertTrue(Math.abs(want - g32[i]) <= 8 * Math.ulp(want), "float32 at " + i + ": " + g32[i] + " vs " + want);
    }
  }

  @Test
  void aPredicateWithTwoSvmlCallsIsGroupedToo() {
    // the grouped loop stores masks as the single-vector loop does
    Ufunc p = Ufunc.vectorize("bool(float64)", (org.ufunc4j.Fn.DoublePredicate) x -> Math.exp(-x) > Math.atan(x));
    SplittableRandom r = new SplittableRandom(12);
    for (int n : SIZES) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = i % 11 == 4 ? Double.NaN : r.nextDouble(-1, 3);
      }
      boolean[] got = (boolean[]) p.apply(NDArray.of(x)).heapArray();
      for (int i = 0; i < n; i++) {
        double e = Math.exp(-x[i]);
        double t = Math.atan(x[i]);
        // within an ulp of each other the SVML and Math results may order differently
        if (Math.abs(e - t) > 4 * Math.ulp(e)) {
          assertEquals(e > t, got[i], "n=" + n + " at " + i + " (" + x[i] + ")");
        }
      }
    }
    if (EXPECT_SIMD) {
      assertTrue(p.explain().contains("2 SVML calls grouped"), p.explain());
    }
  }

  private static void compare(Ufunc f, double[] a, double[] b, java.util.function.DoubleBinaryOperator lambda) {
    NDArray x = NDArray.of(a);
    NDArray y = NDArray.of(b);
    double[] got = f.apply(x, y).toDoubleArray();
    double[] parallel = f.target(Target.PARALLEL).apply(x, y).toDoubleArray();
    double[] reversed = f.apply(x.flip(0), y.flip(0)).toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      double want = lambda.applyAsDouble(a[i], b[i]);
      // SVML is within 1 ulp of the exact result, as Math is: a few ulps after the arithmetic
      boolean close = Double.isNaN(want) ? Double.isNaN(got[i])
          : want == got[i] || Math.abs(want - got[i]) <= 4 * Math.ulp(want) + 1e-300;
      assertTrue(close, f.name() + " n=" + a.length + " at " + i + " (" + a[i] + ", " + b[i] + "): " + got[i] + " vs " + want);
      assertTrue(Double.isNaN(want) ? Double.isNaN(parallel[i]) : Math.abs(parallel[i] - got[i]) <= 4 * Math.ulp(want) + 1e-300,
          "PARALLEL at " + i);
      double rev = reversed[a.length - 1 - i];
      assertTrue(Double.isNaN(want) ? Double.isNaN(rev) : Math.abs(rev - got[i]) <= 4 * Math.ulp(want) + 1e-300, "reversed at " + i);
    }
  }
}
