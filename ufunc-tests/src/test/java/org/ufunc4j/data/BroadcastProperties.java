package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.ufunc4j.Broadcast;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.ArrayArbitraries;

/** {@link Broadcast#shapes} follows NumPy's broadcasting rule, checked against a reference. */
class BroadcastProperties {

  /**
   * The reference: pad every shape with leading 1s to the longest, then per axis the lengths other
   * than 1 must all be equal; the result is that length, or 1 when all are 1. Null when the shapes
   * do not broadcast.
   */
  static long[] reference(List<long[]> shapes) {
    int nd = 0;
    for (long[] s : shapes) {
      nd = Math.max(nd, s.length);
    }
    long[] out = new long[nd];
    for (int d = 0; d < nd; d++) {
      long want = 1;
      for (long[] s : shapes) {
        int k = d - (nd - s.length);
        long len = k < 0 ? 1 : s[k];
        if (len == 1) {
          continue;
        }
        if (want != 1 && want != len) {
          return null;
        }
        want = len;
      }
      out[d] = want;
    }
    return out;
  }

  @Provide
  Arbitrary<List<long[]>> anyShapes() {
    // Unconstrained shapes: most do not broadcast, some do.
    return ArrayArbitraries.shapes(3, 3).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void agreesWithTheReferenceOnArbitraryShapes(@ForAll("anyShapes") List<long[]> shapes) {
    long[] expected = reference(shapes);
    Statistics.label("broadcasts").collect(expected != null);
    long[][] arr = shapes.toArray(long[][]::new);
    if (expected == null) {
      assertThrows(IllegalArgumentException.class, () -> Broadcast.shapes(arr));
    } else {
      assertArrayEquals(expected, Broadcast.shapes(arr));
    }
  }

  @Property(tries = 200)
  void broadcastableShapesBroadcastAndEachOperandBroadcastsToTheResult(
      @ForAll("broadcastable") List<long[]> shapes) {
    long[] result = Broadcast.shapes(shapes.toArray(long[][]::new));
    assertArrayEquals(reference(shapes), result);
    Statistics.label("operands").collect(shapes.size());
    for (long[] s : shapes) {
      // broadcastTo must accept every operand shape and give the result shape.
      NDArray a = NDArray.zeros(org.ufunc4j.DType.INT8, s).broadcastTo(result);
      assertArrayEquals(result, a.shape());
    }
  }

  @Provide
  Arbitrary<List<long[]>> broadcastable() {
    return net.jqwik.api.Arbitraries.integers().between(1, 4).flatMap(ArrayArbitraries::broadcastableShapes);
  }

  @Property(tries = 200)
  void nonBroadcastableShapesFailWithAMessageNamingShapesAndAxis(
      @ForAll("conflicting") List<long[]> shapes) {
    assertEquals(null, reference(shapes), "the generator must give conflicting shapes");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Broadcast.shapes(shapes.toArray(long[][]::new)));
    String m = e.getMessage();
    for (long[] s : shapes) {
      assertTrue(m.contains(NDArray.shapeString(s)), "message must name " + NDArray.shapeString(s) + ": " + m);
    }
    assertTrue(m.matches("(?s).*axis -\\d+.*"), "message must name the axis: " + m);
  }

  @Provide
  Arbitrary<List<long[]>> conflicting() {
    return net.jqwik.api.Arbitraries.integers().between(2, 4).flatMap(ArrayArbitraries::nonBroadcastableShapes);
  }

  @Example
  void numPyExamples() {
    assertArrayEquals(new long[] {8, 7, 6, 5}, Broadcast.shapes(new long[] {8, 1, 6, 1}, new long[] {7, 1, 5}));
    assertArrayEquals(new long[] {5, 4}, Broadcast.shapes(new long[] {5, 4}, new long[] {1}));
    assertArrayEquals(new long[] {15, 3, 5}, Broadcast.shapes(new long[] {15, 3, 5}, new long[] {15, 1, 5}));
    assertArrayEquals(new long[] {0, 3}, Broadcast.shapes(new long[] {0, 1}, new long[] {1, 3}));
    assertArrayEquals(new long[] {}, Broadcast.shapes(new long[] {}, new long[] {}));
    assertArrayEquals(new long[] {2}, Broadcast.shapes(new long[] {2}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Broadcast.shapes(new long[] {2, 1}, new long[] {8, 4, 3}));
    assertTrue(e.getMessage().contains("(2, 1) (8, 4, 3)") && e.getMessage().contains("axis -2"), e.getMessage());
    // 0 does not broadcast against 2 (only 1 does)
    assertThrows(IllegalArgumentException.class, () -> Broadcast.shapes(new long[] {0}, new long[] {2}));
  }

  @Example
  void negativeLengthsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Broadcast.shapes(new long[] {-1}, new long[] {2}));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
