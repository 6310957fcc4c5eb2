package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.ulps;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.internal.math.DoubleTranscendentals;
import org.ufunc4j.internal.math.FloatTranscendentals;
import org.ufunc4j.internal.simd.SimdSupport;

/**
 * Below 512-bit vectors the JDK has no SIMD pow (nor float64 tanh), so SIMD kernels compute pow
 * with ufunc4j's own double-double log and exp (VectorMath.pow, scalar twin
 * DoubleTranscendentals.pow; float32 in double lanes) and float64 tanh with its own polynomial and
 * exp (VectorMath.tanh, twin DoubleTranscendentals.tanh).
 * On such machines (and in the {@code defaults} execution, -XX:UseAVX=2) this test requires that:
 * every result is within 1 ulp of {@code Math.pow} ({@code (float) Math.pow} for float32) with
 * Java's special cases; results that are exact doubles (small integer powers, powers of two) are
 * exact; the vector loop gives the scalar twin's bits, so tails, strided, reversed and PARALLEL
 * calls agree bit for bit; tanh is within 1 ulp of Math.tanh and gives its twin's bits. With 512 bits (SVML's pow, whose
 * bits for a lane depend on the other lanes of its vector) or SIMD off it checks the ulp bound alone.
 */
class PowWithoutSvmlTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final boolean OWN_POW = SimdSupport.vectorBits() > 0 && SimdSupport.vectorBits() < 512;
  /**
   * ulps allowed from Math: 1 for ufunc4j's own functions (and for Math itself, SIMD off); SVML's
   * (512 bits) are within 1 ulp of the exact result as Math is, so up to 2 apart from it.
   */
  private static final long BOUND = OWN_POW || !EXPECT_SIMD ? 1 : 2;

  private static final Ufunc POW = Ufunc.vectorize("float64(float64, float64)", (x, y) -> Math.pow(x, y));
  private static final Ufunc POW32 = Ufunc.vectorize("float32(float32, float32)", (x, y) -> (float) Math.pow(x, y));

  /** Pairs of every kind: the fast range, both sides of its limits, and every special case. */
  private static double[][] inputs(int n, long seed) {
    double[] special = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, 1e-300, 1e300, Math.nextUp(1.0),
        Math.nextDown(1.0), 10.0, 1024.0, 0x1p-1022};
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int kind = i % 8;
      if (i < special.length * special.length) {
        x[i] = special[i / special.length];
        y[i] = special[i % special.length];
      } else if (kind == 0) {
        x[i] = r.nextDouble();
        y[i] = 2 * x[i]; // W5
      } else if (kind == 1) {
        x[i] = r.nextDouble(0.5, 2);
        y[i] = r.nextDouble(-60, 60);
      } else if (kind == 2) {
        x[i] = Double.longBitsToDouble(r.nextLong() >>> 1); // every positive double
        y[i] = r.nextDouble(-4, 4);
      } else if (kind == 3) {
        x[i] = Double.longBitsToDouble(r.nextLong()); // raw bits: negatives, NaN payloads, subnormals
        y[i] = Double.longBitsToDouble(r.nextLong());
      } else if (kind == 4) {
        x[i] = r.nextInt(-40, 41);
        y[i] = r.nextInt(-12, 13); // negative bases with integer exponents, exact results
      } else if (kind == 5) {
        // |y log x| on both sides of 708, where results leave the normal range
        x[i] = r.nextDouble(1.5, 3);
        y[i] = (r.nextBoolean() ? 1 : -1) * r.nextDouble(700, 760) / Math.log(x[i]);
      } else if (kind == 6) {
        x[i] = Math.nextUp(1.0) + r.nextDouble(-1e-9, 1e-9); // log x near 0, large y
        y[i] = r.nextDouble(-1e9, 1e9);
      } else {
        x[i] = -r.nextDouble(0, 10);
        y[i] = r.nextDouble(-5, 5);
      }
    }
    return new double[][] {x, y};
  }

  /**
   * The result of {@code call} once its kernels are installed: in the {@code defaults} execution a
   * new operand pattern's first call runs tier 0 (the lambda, so Math.pow) while its kernels are
   * generated in the background; explain() waits for them.
   */
  private static NDArray settled(Ufunc f, java.util.function.Supplier<NDArray> call) {
    call.get();
    f.explain();
    return call.get();
  }

  @Test
  void float64PowIsWithinOneUlpOfMathAndEqualsItsScalarTwin() {
    double[][] in = inputs(100_003, 11);
    double[] x = in[0];
    double[] y = in[1];
    NDArray a = NDArray.of(x);
    NDArray b = NDArray.of(y);
    double[] got = settled(POW, () -> POW.apply(a, b)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      double math = Math.pow(x[i], y[i]);
      assertTrue(ulps(math, got[i]) <= BOUND, "pow(" + x[i] + ", " + y[i] + "): " + got[i] + " against Math's " + math);
      boolean integers = x[i] == Math.rint(x[i]) && y[i] == Math.rint(y[i]) && y[i] >= 0 && Math.abs(math) < 0x1p52;
      if (Double.isInfinite(math) || math == 0 || Double.isNaN(math) || integers && BOUND == 1) {
        // special values, and integer powers of integers that are doubles: Java's bits
        assertEquals(Double.doubleToLongBits(math), Double.doubleToLongBits(got[i]), "pow(" + x[i] + ", " + y[i] + ")");
      }
      if (OWN_POW && EXPECT_SIMD) {
        assertEquals(Double.doubleToLongBits(DoubleTranscendentals.pow(x[i], y[i])), Double.doubleToLongBits(got[i]),
            "vector against scalar twin: pow(" + x[i] + ", " + y[i] + ")");
      }
    }
    // every path gives the contiguous call's bits: reversed, every 3rd pair, broadcast, two threads
    double[] rev = settled(POW, () -> POW.apply(a.flip(0), b.flip(0))).toDoubleArray();
    double[] third = settled(POW, () -> POW.apply(a.slice("::3"), b.slice("::3"))).toDoubleArray();
    double[] parallel = settled(POW, () -> POW.target(Target.PARALLEL).apply(a, b)).toDoubleArray();
    double[] scalarY = settled(POW, () -> POW.apply(a, 1.5)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      samePath(got[x.length - 1 - i], rev[i], Math.pow(x[x.length - 1 - i], y[x.length - 1 - i]), "reversed at " + i);
      samePath(got[i], parallel[i], Math.pow(x[i], y[i]), "PARALLEL at " + i);
      if (i < third.length) {
        samePath(got[3 * i], third[i], Math.pow(x[3 * i], y[3 * i]), "strided at " + i);
      }
      double want = OWN_POW && EXPECT_SIMD ? DoubleTranscendentals.pow(x[i], 1.5) : Math.pow(x[i], 1.5);
      assertTrue(ulps(want, scalarY[i]) <= (OWN_POW && EXPECT_SIMD ? 0 : BOUND), "pow(" + x[i] + ", 1.5): " + scalarY[i]);
    }
    if (OWN_POW && EXPECT_SIMD) {
      assertTrue(POW.explain().contains("tier B") && POW.explain().contains("pow: ufunc4j's double polynomials"), POW.explain());
    }
  }

  private static void samePath(double contiguous, double other, double math, String where) {
    // SVML's pow (512 bits) is not lane-independent: one special lane sends its whole vector down
    // a slower, correctly rounded path, so an element's bits depend on its neighbours (measured:
    // pow(nextDown(1), -1) is 1 ulp low among ordinary lanes, exact next to pow(-0, -inf)), and a
    // strided or reversed call groups other neighbours; only ufunc4j's own pow promises the bits
    if (OWN_POW && EXPECT_SIMD) {
      assertEquals(Double.doubleToLongBits(contiguous), Double.doubleToLongBits(other), where);
    } else {
      assertTrue(ulps(math, other) <= BOUND, where + ": " + other + " against Math's " + math);
    }
  }

  @Test
  void float32PowIsWithinOneUlpOfMathAndEqualsItsScalarTwin() {
    double[][] in = inputs(100_003, 12);
    NDArray a = NDArray.of(in[0]).astype(DType.FLOAT32);
    NDArray b = NDArray.of(in[1]).astype(DType.FLOAT32);
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    float[] got = settled(POW32, () -> POW32.apply(a, b)).toFloatArray();
    float[] third = settled(POW32, () -> POW32.apply(a.slice("1::3"), b.slice("1::3"))).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      float math = (float) Math.pow(x[i], y[i]);
      assertTrue(ulps(math, got[i]) <= BOUND, "pow(" + x[i] + "f, " + y[i] + "f): " + got[i] + " against " + math);
      boolean integers = x[i] == Math.rint(x[i]) && y[i] == Math.rint(y[i]) && y[i] >= 0 && Math.abs(math) < 0x1p23f;
      if (Float.isInfinite(math) || math == 0 || Float.isNaN(math) || integers && BOUND == 1) {
        assertEquals(Float.floatToIntBits(math), Float.floatToIntBits(got[i]), "pow(" + x[i] + "f, " + y[i] + "f)");
      }
      if (OWN_POW && EXPECT_SIMD) {
        assertEquals(Float.floatToIntBits(FloatTranscendentals.pow(x[i], y[i])), Float.floatToIntBits(got[i]),
            "vector against scalar twin: pow(" + x[i] + "f, " + y[i] + "f)");
        if (3 * i + 1 < x.length) {
          assertEquals(Float.floatToIntBits(got[3 * i + 1]), Float.floatToIntBits(third[i]), "strided at " + i);
        }
      }
    }
    if (OWN_POW && EXPECT_SIMD) {
      assertTrue(POW32.explain().contains("tier B") && POW32.explain().contains("pow: ufunc4j's float polynomials"), POW32.explain());
    }
  }

  @Test
  void exactPowersAreExact() {
    // integer powers that are doubles (the passes turn constant small exponents into multiplies,
    // so the exponents here are data)
    int n = 0;
    double[] x = new double[4000];
    double[] y = new double[4000];
    for (int base = 2; base <= 60 && n < x.length; base++) {
      for (int e = -30; e <= 30 && n < x.length; e++) {
        double p = Math.pow(base, e);
        if (e >= 0 && p < 0x1p53 || Long.bitCount(base) == 1) {
          x[n] = base;
          y[n++] = e;
        }
      }
    }
    NDArray xs = NDArray.of(java.util.Arrays.copyOf(x, n));
    NDArray ys = NDArray.of(java.util.Arrays.copyOf(y, n));
    double[] got = settled(POW, () -> POW.apply(xs, ys)).toDoubleArray();
    for (int i = 0; i < n; i++) {
      // ufunc4j's own pow gives exact results exactly; SVML's is held to its ulp bound
      assertEquals(Math.pow(x[i], y[i]), got[i], BOUND == 1 ? 0.0 : 2 * Math.ulp(Math.pow(x[i], y[i])), "pow(" + x[i] + ", " + y[i] + ")");
    }
  }

  @Test
  void float64TanhIsWithinOneUlpOfMathAndEqualsItsScalarTwin() {
    Ufunc tanh = Ufunc.vectorize("float64(float64)", v -> Math.tanh(v));
    double[][] in = inputs(40_011, 13);
    double[] x = in[0];
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < x.length; i += 3) {
      // both sides of the polynomial's limit (0.55) and of 22 (where tanh rounds to 1), and |x| < 30
      double edge = switch (i % 4) {
        case 0 -> 0.55;
        case 1 -> 22;
        default -> 0;
      };
      x[i] = (r.nextBoolean() ? 1 : -1) * (edge == 0 ? r.nextDouble(0, 30) : edge + r.nextDouble(-1e-3, 1e-3));
    }
    x[1] = -0.0;
    x[2] = 0.55;
    x[4] = Math.nextDown(0.55);
    NDArray t = NDArray.of(x);
    double[] got = settled(tanh, () -> tanh.apply(t)).toDoubleArray();
    double[] rev = settled(tanh, () -> tanh.apply(t.flip(0))).toDoubleArray();
    for (int i = 0; i < got.length; i++) {
      double math = Math.tanh(x[i]);
      assertTrue(ulps(math, got[i]) <= BOUND, "tanh(" + x[i] + "): " + got[i] + " against Math's " + math);
      if (math == 0 || Math.abs(math) == 1) {
        // signed zeros and +-1 bit for bit (NaN-ness is checked by ulps)
        assertEquals(Double.doubleToLongBits(math), Double.doubleToLongBits(got[i]), "tanh(" + x[i] + ")");
      }
      if (OWN_POW && EXPECT_SIMD) {
        assertEquals(Double.doubleToLongBits(DoubleTranscendentals.tanh(x[i])), Double.doubleToLongBits(got[i]), "vector against scalar twin: tanh(" + x[i] + ")");
        assertEquals(Double.doubleToLongBits(got[i]), Double.doubleToLongBits(rev[got.length - 1 - i]), "reversed at " + i);
      }
    }
    if (OWN_POW && EXPECT_SIMD) {
      assertTrue(tanh.explain().contains("tier B") && tanh.explain().contains("tanh: ufunc4j's double polynomials"), tanh.explain());
    }
  }
}
