package org.ufunc4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/** The comparison rules: what they accept, what they reject, and what their messages say. */
class ComparisonsTest {

  @Test
  void bitEqualityTreatsAllNaNsAsEqualButNotSignedZeros() {
    NDArray a = NDArray.of(new double[] {Double.NaN, 1.0, 0.0});
    NDArray b = NDArray.of(new double[] {Double.longBitsToDouble(0xfff8000000000001L), 1.0, 0.0});
    Comparisons.assertBitEqual(a, b);
    NDArray c = NDArray.of(new double[] {Double.NaN, 1.0, -0.0});
    AssertionError e = assertThrows(AssertionError.class, () -> Comparisons.assertBitEqual(a, c));
    assertTrue(e.getMessage().contains("index (2,)") && e.getMessage().contains("expected 0.0 (0x0)")
        && e.getMessage().contains("actual -0.0 (0x8000000000000000)"), e.getMessage());
    assertTrue(Comparisons.sameBits(Float.NaN, Float.intBitsToFloat(0x7fc00001)));
    assertFalse(Comparisons.sameBits(0.0f, -0.0f));
  }

  @Test
  void mismatchMessageNamesTheMultiIndexAndTheInputsThere() {
    NDArray x = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    NDArray y = NDArray.of(new double[] {10, 20, 30}); // broadcast along rows
    NDArray expected = NDArray.of(new double[] {11, 22, 33, 14, 25, 36}, 2, 3);
    NDArray actual = NDArray.of(new double[] {11, 22, 33, 14, 25.5, 36}, 2, 3);
    AssertionError e = assertThrows(AssertionError.class, () -> Comparisons.assertBitEqual(expected, actual, x, y));
    String m = e.getMessage();
    assertTrue(m.contains("index (1, 1)") && m.contains("flat 4 of 6"), m);
    assertTrue(m.contains("in0=5.0") && m.contains("in1=20.0"), m);
    assertTrue(m.contains("expected 25.0") && m.contains("actual 25.5"), m);
  }

  @Test
  void shapeAndDtypeDifferencesAreReported() {
    assertTrue(Comparisons.firstMismatch(NDArray.zeros(DType.FLOAT64, 2), NDArray.zeros(DType.FLOAT32, 2), 0).orElseThrow().contains("dtype"));
    assertTrue(Comparisons.firstMismatch(NDArray.zeros(DType.INT8, 2), NDArray.zeros(DType.INT8, 1, 2), 0).orElseThrow().contains("(2,)"));
    assertTrue(Comparisons.firstMismatch(NDArray.of(new long[] {1, 2}), NDArray.of(new long[] {1, 3}), 0).orElseThrow().contains("expected 2, actual 3"));
    assertTrue(Comparisons.firstMismatch(NDArray.of(new boolean[] {true}), NDArray.of(new boolean[] {false}), 0).orElseThrow().contains("expected True"));
  }

  @Test
  void ulpDistance() {
    assertEquals(0, Comparisons.ulpDistance(1.0, 1.0));
    assertEquals(1, Comparisons.ulpDistance(1.0, Math.nextUp(1.0)));
    assertEquals(1, Comparisons.ulpDistance(Math.nextDown(1.0), 1.0));
    assertEquals(1, Comparisons.ulpDistance(-0.0, 0.0));
    assertEquals(2, Comparisons.ulpDistance(-Double.MIN_VALUE, 0.0));
    assertEquals(1, Comparisons.ulpDistance(Double.MAX_VALUE, Double.POSITIVE_INFINITY));
    assertEquals(0, Comparisons.ulpDistance(Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L)));
    assertEquals(Long.MAX_VALUE, Comparisons.ulpDistance(Double.NaN, 1.0));
    assertEquals(Long.MAX_VALUE, Comparisons.ulpDistance(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertEquals(1, Comparisons.ulpDistance(1f, Math.nextUp(1f)));
    assertEquals(1, Comparisons.ulpDistance(-0f, 0f));
    assertEquals((1L << 24) - 1 + 1, Comparisons.ulpDistance(1f, 2f) + (1L << 24) - (1L << 23), "2^23 floats in [1, 2)");
  }

  @Test
  void ulpToleranceUsesTheDtypesUlp() {
    NDArray e = NDArray.of(new float[] {1f, 2f});
    NDArray a = NDArray.of(new float[] {Math.nextUp(1f), 2f});
    Comparisons.assertWithinUlps(e, a, 1);
    AssertionError err = assertThrows(AssertionError.class, () -> Comparisons.assertBitEqual(e, a));
    assertTrue(err.getMessage().contains("bit equality"), err.getMessage());
    NDArray far = NDArray.of(new float[] {Math.nextUp(Math.nextUp(1f)), 2f});
    err = assertThrows(AssertionError.class, () -> Comparisons.assertWithinUlps(e, far, 1));
    assertTrue(err.getMessage().contains("2 ulps > 1 allowed"), err.getMessage());
    // NaN never matches a number, whatever the tolerance
    assertThrows(AssertionError.class, () -> Comparisons.assertWithinUlps(NDArray.of(new double[] {Double.NaN}), NDArray.of(new double[] {0}), 1000));
  }

  @Test
  void sizeScaledToleranceForReductions() {
    double eps = Comparisons.reductionEps(DType.FLOAT32);
    assertTrue(Comparisons.closeScaled(1000.0, 1000.0 + 1000 * 100 * eps * 0.9, 100, eps));
    assertFalse(Comparisons.closeScaled(1000.0, 1000.0 + 1000 * 100 * eps * 1.1, 100, eps));
    assertTrue(Comparisons.closeScaled(Double.NaN, Double.NaN, 5, eps));
    assertFalse(Comparisons.closeScaled(Double.POSITIVE_INFINITY, Double.MAX_VALUE, 5, eps));
    AssertionError e = assertThrows(AssertionError.class, () -> Comparisons.assertCloseScaled(1.0, 2.0, 10, eps, "sum of x"));
    assertTrue(e.getMessage().contains("10 elements") && e.getMessage().contains("sum of x"), e.getMessage());
  }

  @Test
  void sizeScaledToleranceOnArrays() {
    double eps = Comparisons.reductionEps(DType.FLOAT64);
    NDArray e = NDArray.of(new double[] {1.0, 1e6});
    Comparisons.assertCloseScaled(e, NDArray.of(new double[] {1.0 + 10 * eps, 1e6 * (1 + 10 * eps)}), 100, eps);
    AssertionError err = assertThrows(AssertionError.class,
        () -> Comparisons.assertCloseScaled(e, NDArray.of(new double[] {1.0, 1e6 * (1 + 1000 * eps)}), 100, eps));
    assertTrue(err.getMessage().contains("index (1,)") && err.getMessage().contains("100 elements"), err.getMessage());
    assertThrows(AssertionError.class, () -> Comparisons.assertCloseScaled(e, NDArray.zeros(DType.FLOAT64, 3), 1, eps));
  }
}
