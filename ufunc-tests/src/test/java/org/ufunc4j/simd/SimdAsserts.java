package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/** Assertions and helpers the SIMD compiler's tests share. */
final class SimdAsserts {
  private SimdAsserts() {}

  /** The same double, NaN as any NaN ({@code doubleToLongBits}), -0.0 apart from 0.0. */
  static void assertBits(double want, double got, String what) {
    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": want " + want + ", got " + got);
  }

  /** The same float, NaN as any NaN, -0.0 apart from 0.0. */
  static void assertBits(float want, float got, String what) {
    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": want " + want + ", got " + got);
  }

  /**
   * The distance in ulps between two doubles: 0 for two NaNs, the maximum for a NaN against a
   * number or for a sign difference (+0.0 against -0.0 included).
   */
  static long ulps(double want, double got) {
    if (Double.isNaN(want) || Double.isNaN(got)) {
      return Double.isNaN(want) == Double.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    long w = Double.doubleToLongBits(want);
    long g = Double.doubleToLongBits(got);
    return (w ^ g) < 0 ? (w == g ? 0 : Long.MAX_VALUE) : Math.abs(w - g);
  }

  /** As {@link #ulps(double, double)} for floats. */
  static long ulps(float want, float got) {
    if (Float.isNaN(want) || Float.isNaN(got)) {
      return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    int w = Float.floatToIntBits(want);
    int g = Float.floatToIntBits(got);
    return (w ^ g) < 0 ? (w == g ? 0 : Long.MAX_VALUE) : Math.abs((long) w - g);
  }

  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  /**
   * {@code f} lifted ({@code explain()} shows {@code ir}, such as {@code "IR (float64)"}), and
   * run as tier B when the test run expects SIMD.
   */
  static void assertLiftedToSimd(Ufunc f, String ir, String what) {
    String ex = f.explain();
    assertTrue(ex.contains(ir), what + " did not lift:\n" + ex);
    assertSimdWhereTheMachineHasIt(ex, what);
  }

  /**
   * Kernels that SIMD code can only build with 512-bit vectors say so in {@code explain()}: narrow
   * integer loads widened to long lanes (a 256-bit long vector would need a 32-bit byte vector,
   * which the Vector API does not have). Long lanes converted to or from double run SIMD at every
   * width since session 12 (double-arithmetic conversions below AVX-512DQ).
   */
  private static final String[] REASONS_BELOW_512_BITS = {
    "lanes need wider vectors than this machine's"
  };

  /**
   * When the test run expects SIMD: {@code explain()} output {@code ex} shows tier B; on a machine
   * with less than 512-bit vectors, scalar IR kernels are also accepted where they name a reason
   * of those vectors. Tests must fail on a 512-bit machine that does not run SIMD, and not on a
   * 256-bit one that cannot.
   */
  static void assertSimdWhereTheMachineHasIt(String ex, String what) {
    if (!EXPECT_SIMD || ex.contains("tier B")) {
      return;
    }
    if (!ex.contains("512-bit vectors")) {
      for (String reason : REASONS_BELOW_512_BITS) {
        if (ex.contains(reason)) {
          return;
        }
      }
    }
    throw new AssertionError(what + ": SIMD was expected:\n" + ex);
  }

  /**
   * {@code f} applied {@code calls} times into one float64 output (so that C2 compiles the kernel
   * it runs), its last result.
   */
  static double[] hot(Ufunc f, int calls, NDArray... in) {
    NDArray out = NDArray.zeros(DType.FLOAT64, in[0].shape());
    CastLiftingTest.hot(f, calls, out, in);
    return out.toDoubleArray();
  }
}
