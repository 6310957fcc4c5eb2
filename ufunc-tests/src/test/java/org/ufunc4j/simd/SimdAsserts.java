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

  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  /**
   * {@code f} lifted ({@code explain()} shows {@code ir}, such as {@code "IR (float64)"}), and
   * run as tier B when the test run expects SIMD.
   */
  static void assertLiftedToSimd(Ufunc f, String ir, String what) {
    String ex = f.explain();
    assertTrue(ex.contains(ir), what + " did not lift:\n" + ex);
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("tier B"), what + ": SIMD was expected:\n" + ex);
    }
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
