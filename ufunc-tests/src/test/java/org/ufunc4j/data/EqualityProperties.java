package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * {@code equals}/{@code hashCode} are value equality with NaN equal to NaN and -0.0 different from
 * 0.0, independent of layout and storage; {@code allClose} is NumPy's {@code allclose} (expected
 * results are NumPy's).
 */
class EqualityProperties {

  @Example
  void nanEqualsNanAndSignedZerosDiffer() {
    NDArray a = NDArray.of(new double[] {Double.NaN, 1});
    NDArray b = NDArray.of(new double[] {Double.longBitsToDouble(0x7ff8deadbeef0001L), 1});
    assertEquals(a, b, "every NaN equals every NaN");
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(NDArray.of(new double[] {0.0}), NDArray.of(new double[] {-0.0}));
    assertNotEquals(NDArray.of(new float[] {0.0f}), NDArray.of(new float[] {-0.0f}));
    assertEquals(NDArray.of(new float[] {Float.NaN}), NDArray.of(new float[] {Float.intBitsToFloat(0x7fc0beef)}));
  }

  @Example
  void dtypeAndShapeMatter() {
    assertNotEquals(NDArray.of(new long[] {1, 2}), NDArray.of(new double[] {1, 2}), "int64 vs float64");
    assertNotEquals(NDArray.of(new long[] {1, 2}), NDArray.of(new long[] {1, 2}, 1, 2), "(2,) vs (1, 2)");
    assertNotEquals(NDArray.zeros(DType.INT8, 0), NDArray.zeros(DType.INT8, 0, 1));
    assertEquals(NDArray.zeros(DType.INT8, 2, 0), NDArray.zeros(DType.INT8, 2, 0));
    assertNotEquals(NDArray.scalar(1.0), NDArray.of(new double[] {1.0}), "0-d vs (1,)");
    assertFalse(NDArray.scalar(1.0).equals("1.0"));
    assertNotEquals(NDArray.of(new boolean[] {true}), NDArray.of(new boolean[] {false}));
  }

  @Provide
  Arbitrary<TestArray> anyArrays() {
    return ArrayArbitraries.arrays();
  }

  @Property(tries = 300)
  void equalsAndHashCodeIgnoreLayoutAndStorage(@ForAll("anyArrays") TestArray t) {
    ArrayArbitraries.collectStatistics(t);
    NDArray a = t.array();
    NDArray c = a.copy();
    assertEquals(a, c, t::toString);
    assertEquals(c, a);
    assertEquals(a.hashCode(), c.hashCode(), "hashCode must agree with equals");
    NDArray nat = NDArray.allocateNative(a.dtype(), a.shape());
    nat.assign(a);
    assertEquals(a, nat, "native copy");
    assertEquals(a.hashCode(), nat.hashCode());
    Comparisons.assertBitEqual(a, nat);
    if (c.size() > 0) {
      // Change one element of the copy: now they differ.
      long[] idx = new long[c.ndim()];
      if (c.dtype().isFloating()) {
        double v = c.getDouble(idx);
        c.set(Double.isNaN(v) ? 0.0 : v == 0 ? (Double.doubleToRawLongBits(v) == 0 ? -0.0 : 0.0) : -v, idx);
      } else {
        c.set(c.getLong(idx) == 0 ? 1L : 0L, idx);
      }
      assertNotEquals(a, c, () -> "after changing element 0: " + t);
    }
  }

  @Example
  void allCloseAsNumPy() {
    assertFalse(close(new double[] {1e10, 1e-7}, new double[] {1.00001e10, 1e-8}));
    assertTrue(close(new double[] {1e10, 1e-8}, new double[] {1.00001e10, 1e-9}));
    assertFalse(close(new double[] {1.0, Double.NaN}, new double[] {1.0, Double.NaN}));
    assertTrue(NDArray.allClose(arr(1.0, Double.NaN), arr(1.0, Double.NaN), 1e-5, 1e-8, true));
    assertTrue(close(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}));
    assertFalse(close(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY}));
    assertFalse(close(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 1e308}));
    assertTrue(NDArray.allClose(arr(1.0, 2.0), NDArray.of(new double[] {1.0, 2.0, 1.0, 2.00001}, 2, 2)), "broadcasts");
    assertTrue(close(new double[] {100.0}, new double[] {100.001}));
    assertTrue(close(new double[] {0.0}, new double[] {1e-8}));
    assertFalse(close(new double[] {0.0}, new double[] {1.1e-8}));
    // Asymmetric, as NumPy: the tolerance scales with |b|.
    assertTrue(NDArray.allClose(arr(1.0), arr(2.0), 0.5, 0));
    assertFalse(NDArray.allClose(arr(2.0), arr(1.0), 0.5, 0));
    assertTrue(NDArray.allClose(NDArray.of(new long[] {1, 2}), NDArray.of(new float[] {1f, 2f})), "mixed dtypes");
    assertThrows(IllegalArgumentException.class, () -> NDArray.allClose(arr(1, 2), arr(1, 2, 3)));
  }

  private static NDArray arr(double... v) {
    return NDArray.of(v);
  }

  private static boolean close(double[] a, double[] b) {
    return NDArray.allClose(NDArray.of(a), NDArray.of(b));
  }
}
