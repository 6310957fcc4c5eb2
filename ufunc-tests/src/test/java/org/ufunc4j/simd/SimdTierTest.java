package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.internal.simd.SimdSupport;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * The SIMD tier: it runs when it is expected (the surefire run with {@code
 * -Dufunc.test.expectSimd=true} fails if the Vector API path did not run), it is off when switched
 * off, and its results follow the accuracy policy against the plain lambda: bit for bit for exact
 * operations, within 1 ulp per SVML function.
 */
class SimdTierTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final double M = 0.37;

  static double helper(double x) {
    return x * x - 0.5 * x;
  }

  /** Exact operations only: SIMD must equal the plain lambda bit for bit. */
  static final Fn.DoubleBinary EXACT = (a, b) -> Math.fma(a, b, -a) / (b * b + 1) - Math.sqrt(Math.abs(a)) + Math.min(a, -b) * Math.max(b, 0.25) + helper(a);

  @Test
  void simdRunsWhenExpectedAndOnlyThen() {
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", EXACT);
    f.apply(NDArray.random(DType.FLOAT64, 1, 1000), NDArray.random(DType.FLOAT64, 2, 1000));
    String explain = f.explain();
    if (EXPECT_SIMD) {
      assertTrue(SimdSupport.isEnabled(), "SIMD was expected but is off: " + SimdSupport.disabledReason());
      assertTrue(explain.contains("tier B (SIMD"), "SIMD was expected but did not run:\n" + explain);
    } else {
      assertFalse(explain.contains("tier B"), explain);
      assertTrue(explain.contains("scalar IR"), explain);
    }
  }

  @Provide
  Arbitrary<TestArray> vectors() {
    return ArrayArbitraries.vectors(DType.FLOAT64);
  }

  @Property(tries = 200)
  void exactOperationsEqualThePlainLambdaBitForBit(@ForAll("vectors") TestArray x, @ForAll("vectors") TestArray y) {
    long n = Math.min(x.size(), y.size());
    NDArray a = x.array().slice(":" + n);
    NDArray b = y.array().slice(":" + n);
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    double[] e = new double[(int) n];
    for (int i = 0; i < n; i++) {
      e[i] = EXACT.applyAsDouble(av[i], bv[i]);
    }
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", EXACT);
    Comparisons.assertBitEqual(NDArray.of(e), f.apply(a, b), a, b);
  }

  @Property(tries = 200)
  void transcendentalsWithinOneUlpPerFunction(@ForAll("vectors") TestArray x) {
    Ufunc f = Ufunc.vectorize(List.of("float64(float64)"), v -> Math.exp(v / M - 1) + Math.sin(v));
    double[] v = x.contiguousCopy().toDoubleArray();
    double[] got = f.apply(x.array()).ravel().toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      double e1 = Math.exp(v[i] / M - 1);
      double e2 = Math.sin(v[i]);
      double e = e1 + e2;
      // each function within 1 ulp, then one correctly rounded addition
      double tol = 2 * Math.ulp(e1) + 2 * Math.ulp(e2) + Math.ulp(e); // SVML and Math each within 1 ulp of exact
      if (!(Comparisons.sameBits(e, got[i]) || Math.abs(e - got[i]) <= tol)) {
        throw new AssertionError("x=" + v[i] + " expected " + e + " got " + got[i]);
      }
    }
  }

  @Test
  void nativeSegmentsGetTheirOwnSimdKernelAndTheSameResults() {
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", EXACT);
    for (int n : new int[] {1, 7, 8, 9, 1021, 4099}) {
      NDArray h = NDArray.random(DType.FLOAT64, n, n);
      NDArray g = NDArray.random(DType.FLOAT64, n + 1, n);
      NDArray x = NDArray.allocateNative(DType.FLOAT64, n);
      NDArray y = NDArray.allocateNative(DType.FLOAT64, n);
      x.assign(h);
      y.assign(g);
      NDArray r = f.apply(x, y);
      assertTrue(n == 1 || r.isNative(), "native inputs give a native output");
      Comparisons.assertBitEqual(f.apply(h, g), r, h, g);
      Comparisons.assertBitEqual(f.apply(h, 0.5), f.apply(x, 0.5), h);
      Comparisons.assertBitEqual(f.apply(h.slice("::-2"), g.slice("::2")), f.apply(x.slice("::-2"), y.slice("::2")), h);
    }
    if (EXPECT_SIMD) {
      assertTrue(f.explain().contains("native segments"), f.explain());
    }
  }

  @Test
  void exactOptionIsBitIdenticalWithThePlainLambda() {
    Fn.DoubleBinary w5 = (a, b) -> Math.pow(Math.sin(Math.pow(a, b)), 2);
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", w5).exact();
    NDArray a = NDArray.random(DType.FLOAT64, 4, 4099);
    NDArray b = NDArray.random(DType.FLOAT64, 5, 4099);
    for (int rep = 0; rep < 30; rep++) { // also after C2 compiled everything
      double[] av = a.toDoubleArray();
      double[] bv = b.toDoubleArray();
      double[] got = f.apply(a, b).toDoubleArray();
      for (int i = 0; i < av.length; i++) {
        double e = w5.applyAsDouble(av[i], bv[i]);
        assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(got[i]), "element " + i);
      }
    }
    assertTrue(f.explain().contains("exact"), f.explain());
    if (EXPECT_SIMD) {
      // transcendentals lane by lane with Math, the rest SIMD (issue 5: "scalar transcendentals, SIMD elsewhere")
      assertTrue(f.explain().contains("tier B") && f.explain().contains("lane by lane"), f.explain());
    }
    Fn.DoubleUnary cube = x -> Math.pow(x, 3) + 1;
    Ufunc c3 = Ufunc.vectorize("float64(float64)", cube).exact();
    double[] av = a.toDoubleArray();
    double[] got3 = c3.apply(a).toDoubleArray();
    for (int i = 0; i < av.length; i++) {
      assertEquals(Double.doubleToLongBits(cube.applyAsDouble(av[i])), Double.doubleToLongBits(got3[i]), "pow(x, 3) exact at " + i);
    }
    Ufunc exactOps = Ufunc.vectorize("float64(float64, float64)", EXACT).exact();
    exactOps.apply(a, b);
    if (EXPECT_SIMD) {
      assertTrue(exactOps.explain().contains("tier B"), "exact operations keep SIMD:\n" + exactOps.explain());
    }
  }

  /**
   * StrictMath's transcendentals (fdlibm) may differ from Math's in the last bit, and exact
   * kernels call Math lane by lane: an exact ufunc of a StrictMath lambda runs the lambda (tier
   * A), with the reason in explain(). Found by GeneratedLambdaTest: {@code StrictMath.exp(x / 3)}
   * differed in 12 of 1021 elements before.
   */
  @Test
  void exactOptionKeepsStrictMathBits() {
    Fn.DoubleBinary strict = (x, y) -> y * StrictMath.exp(x / 3.0) + StrictMath.sin(y);
    Ufunc f = Ufunc.vectorize("float64(float64, float64)", strict).exact();
    NDArray a = NDArray.random(DType.FLOAT64, 6, 4099);
    NDArray b = NDArray.random(DType.FLOAT64, 7, 4099);
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    for (int i = 0; i < av.length; i++) {
      av[i] = av[i] * 1400 - 700; // exp over its whole range: fdlibm and Math's intrinsic differ in some lanes
      bv[i] = bv[i] * 200 - 100;
    }
    NDArray x = NDArray.of(av);
    NDArray y = NDArray.of(bv);
    for (int rep = 0; rep < 30; rep++) {
      double[] got = f.apply(x, y).toDoubleArray();
      for (int i = 0; i < av.length; i++) {
        assertEquals(Double.doubleToLongBits(strict.applyAsDouble(av[i], bv[i])), Double.doubleToLongBits(got[i]), "element " + i);
      }
    }
    assertTrue(f.explain().contains("StrictMath.exp in an exact ufunc"), f.explain());
    // without exact, StrictMath's functions lift as Math's (within the accuracy policy)
    Ufunc lifted = Ufunc.vectorize("float64(float64, float64)", strict);
    lifted.apply(x, y);
    assertTrue(lifted.explain().contains("IR (float64)"), lifted.explain());
  }

  @Test
  void float32LoopsRoundAfterEveryOperation() {
    Ufunc f = Ufunc.vectorize(List.of("float32(float32)"), v -> (v * 3.1 + 1) * (v - 0.7));
    NDArray x = NDArray.random(DType.FLOAT32, 9, 4099);
    float[] in = x.toFloatArray();
    float[] got = f.apply(x).toFloatArray();
    for (int i = 0; i < in.length; i++) {
      float e = (in[i] * (float) 3.1 + 1f) * (in[i] - (float) 0.7);
      assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(got[i]), "element " + i + " of " + in[i]);
    }
  }

  @Test
  void explainAndStrictNameWhatDoesNotLift() {
    Ufunc branchy = Ufunc.vectorize("float64(float64)", v -> {
      double s = v;
      while (s > 1) { // a loop whose exit depends on the data
        s *= 0.5;
      }
      return s;
    });
    branchy.apply(NDArray.zeros(DType.FLOAT64, 3));
    String ex = branchy.explain();
    assertTrue(ex.contains("not lifted") && ex.contains("line") && ex.contains("tier A"), ex);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ufunc.vectorize("float64(float64)", v -> Double.valueOf(v).hashCode() * 1.0).strict());
    assertTrue(e.getMessage().contains("Double.valueOf") && e.getMessage().contains("line"), e.getMessage());
    Ufunc ok = Ufunc.vectorize("float64(float64, float64)", EXACT).strict();
    assertTrue(ok.explain().contains("IR (float64)"), ok.explain());
  }
}
