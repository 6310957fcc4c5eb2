package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * The broadcasting engine: any layout gives what a contiguous copy gives, broadcasting equals an
 * explicit broadcastTo, outputs follow the inputs' memory order, and overlapping in/out arrays
 * give the result that copy-then-compute gives.
 */
class BroadcastingAndLayoutTest {
  private static final Ufunc F = Ufunc.vectorize("float64(float64, float64)", (a, b) -> a * b - a / 3);

  /** Element-by-element reference over the broadcast shape, via getDouble. */
  private static NDArray reference(NDArray a, NDArray b) {
    long[] shape = org.ufunc4j.Broadcast.shapes(a.shape(), b.shape());
    NDArray x = a.broadcastTo(shape).copy();
    NDArray y = b.broadcastTo(shape).copy();
    double[] xs = x.toDoubleArray();
    double[] ys = y.toDoubleArray();
    double[] r = new double[xs.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = xs[i] * ys[i] - xs[i] / 3;
    }
    return NDArray.of(r, shape);
  }

  @Test
  void scalarsZeroDimsAndEmptyArrays() {
    NDArray r = F.apply(2.0, 3.0);
    assertEquals(0, r.ndim());
    assertEquals(2.0 * 3 - 2.0 / 3, r.getDouble());
    NDArray e = F.apply(NDArray.zeros(DType.FLOAT64, 0, 3), NDArray.ones(DType.FLOAT64, 3));
    assertArrayEquals(new long[] {0, 3}, e.shape());
    NDArray e2 = F.apply(NDArray.zeros(DType.FLOAT64, 4, 0), 1.0);
    assertArrayEquals(new long[] {4, 0}, e2.shape());
    // (3,1) with (0,) broadcasts to (3,0)
    assertArrayEquals(new long[] {3, 0}, F.apply(NDArray.zeros(DType.FLOAT64, 3, 1), NDArray.zeros(DType.FLOAT64, 0)).shape());
  }

  @Test
  void thirtyTwoDimensions() {
    long[] shape = new long[32];
    Arrays.fill(shape, 1);
    shape[0] = 2;
    shape[31] = 3;
    shape[15] = 2;
    NDArray a = NDArray.random(DType.FLOAT64, 1, shape);
    long[] bShape = new long[] {2, 1};
    NDArray b = NDArray.random(DType.FLOAT64, 2, bShape);
    NDArray r = F.apply(a, b);
    Values.assertSameBits(reference(a, b), r, "32-d");
  }

  @Test
  void shapesThatDoNotBroadcastAreRejectedWithTheShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> F.apply(NDArray.zeros(DType.FLOAT64, 2, 3), NDArray.zeros(DType.FLOAT64, 4, 3)));
    assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 3)"), e.getMessage());
  }

  @Test
  void transposedInputsGiveTransposedOutputs() {
    NDArray a = NDArray.random(DType.FLOAT64, 3, 64, 48).transpose();
    NDArray b = NDArray.random(DType.FLOAT64, 4, 64, 48).transpose();
    NDArray r = F.apply(a, b);
    Values.assertSameBits(reference(a, b), r, "transposed");
    assertArrayEquals(a.strides(), r.strides(), "order 'K': the output follows the inputs' memory order");
  }

  @Test
  void nativeAndHeapOperandsMix() {
    NDArray a = NDArray.allocateNative(DType.FLOAT64, 5000);
    a.assign(NDArray.random(DType.FLOAT64, 5, 5000));
    NDArray b = NDArray.random(DType.FLOAT32, 6, 5000);
    NDArray out = NDArray.allocateNative(DType.FLOAT64, 5000);
    F.out(out).apply(a, b);
    Values.assertSameBits(reference(a, b.astype(DType.FLOAT64)), out, "native out");
    // native operand with a broadcast scalar (the hoisted-scalar loop variant), and a strided native view
    Values.assertSameBits(reference(a, NDArray.scalar(0.75)), F.apply(a, 0.75), "native with scalar");
    Values.assertSameBits(reference(NDArray.scalar(-2.0), a), F.apply(-2.0, a), "scalar with native");
    NDArray nv = a.slice("::-3");
    Values.assertSameBits(reference(nv, nv.copy()), F.apply(nv, nv.copy()), "reversed strided native");
    NDArray i8 = NDArray.allocateNative(DType.INT8, 300);
    i8.assign(NDArray.arange(300).astype(DType.INT8));
    NDArray s = Ufuncs.add.apply(i8, NDArray.of(new byte[] {1}));
    assertEquals(DType.INT8, s.dtype());
    assertEquals((byte) 128, s.getLong(127));
  }

  @Provide
  Arbitrary<int[]> layouts() {
    // rows, cols, row step, col step (negative: reversed), transpose flag
    return Combinators.combine(
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 40),
            Arbitraries.of(1, 2, 3, -1, -2),
            Arbitraries.of(1, 2, -1, -3),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 2))
        .as((r, c, rs, cs, t, bc) -> new int[] {r, c, rs, cs, t, bc});
  }

  private static NDArray view(int[] l, long seed) {
    int r = l[0];
    int c = l[1];
    NDArray base = NDArray.random(DType.FLOAT64, seed, (long) r * Math.abs(l[2]) + 1, (long) c * Math.abs(l[3]) + 1);
    String rs = l[2] > 0 ? "0:" + (r * l[2]) + ":" + l[2] : (r * -l[2]) + "::" + l[2];
    String cs = l[3] > 0 ? "0:" + (c * l[3]) + ":" + l[3] : (c * -l[3]) + "::" + l[3];
    NDArray v = base.slice(rs + "," + cs).slice(":" + r + ", :" + c);
    return l[4] == 1 ? v.transpose() : v;
  }

  @Property(tries = 150)
  void anyLayoutEqualsContiguousCopy(@ForAll("layouts") int[] la, @ForAll("layouts") int[] lb) {
    NDArray a = view(la, 7);
    NDArray b = view(lb, 8);
    long[] sa = a.shape();
    // make b broadcastable: use its first row, a column, or a scalar, depending on the flag
    NDArray bb = switch (lb[5]) {
      case 0 -> b.size() > 0 && sa.length == 2 && sa[1] > 0 && b.ndim() == 2 && b.shape()[0] > 0 && b.shape()[1] >= sa[1]
          ? b.slice("0:1, :" + sa[1]) : NDArray.scalar(1.25);
      case 1 -> b.size() > 0 && sa.length == 2 && b.shape()[0] >= sa[0] && b.shape()[1] > 0 ? b.slice(":" + sa[0] + ", 0:1") : NDArray.scalar(-3.5);
      default -> NDArray.scalar(b.size() > 0 ? b.getDouble(0, 0) : 2.0);
    };
    NDArray r = F.apply(a, bb);
    Values.assertSameBits(reference(a.copy(), bb.copy()), r, "layout " + Arrays.toString(la) + " with " + Arrays.toString(lb));
    // PARALLEL gives the same bits
    Values.assertSameBits(r, F.threads(2).apply(a, bb), "parallel");
  }

  @Test
  void exactInPlaceWritesIntoTheInput() {
    NDArray a = NDArray.random(DType.FLOAT64, 9, 100, 7);
    NDArray expected = reference(a, NDArray.scalar(2.0));
    NDArray r = F.out(a).apply(a, 2.0);
    assertSame(a, r);
    Values.assertSameBits(expected, a, "in place");
  }

  @Test
  void shiftedAndReversedViewsOfOneBufferGiveCopyThenComputeResults() {
    for (String[] pair : new String[][] {
        {"1:", ":-1"}, {":-1", "1:"}, {"::-1", ":"}, {":", "::-1"}, {"2:", ":-2"}, {"::2", ":500"}, {":500", "::2"}}) {
      NDArray buf = NDArray.random(DType.FLOAT64, 10, 1000);
      NDArray out = buf.slice(pair[0]);
      NDArray in = buf.slice(pair[1]);
      NDArray expected = reference(in.copy(), in.copy().flip(0));
      NDArray inCopyRev = in.flip(0);
      F.out(out).apply(in, inCopyRev);
      Values.assertSameBits(expected, out, "out " + pair[0] + " in " + pair[1]);
    }
  }

  @Test
  void disjointHalvesOfOneBufferNeedNoCopyAndStayCorrect() {
    NDArray buf = NDArray.random(DType.FLOAT64, 12, 2, 512);
    NDArray lo = buf.slice("0");
    NDArray hi = buf.slice("1");
    NDArray expected = reference(lo.copy(), lo.copy());
    F.out(hi).apply(lo, lo);
    Values.assertSameBits(expected, hi, "disjoint halves");
    assertFalse(Double.isNaN(lo.getDouble(0)));
  }

  @Test
  void stridedOutputsAndBroadcastInputs() {
    NDArray out = NDArray.zeros(DType.FLOAT64, 6, 10).slice(":, ::2");
    NDArray col = NDArray.arange(DType.FLOAT64, 0, 6, 1).reshape(6, 1);
    NDArray row = NDArray.arange(DType.FLOAT64, 0, 5, 1);
    F.out(out).apply(col, row);
    Values.assertSameBits(reference(col, row), out, "strided out");
  }
}
