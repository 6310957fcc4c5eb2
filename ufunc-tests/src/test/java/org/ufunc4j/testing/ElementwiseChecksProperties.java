package org.ufunc4j.testing;

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
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * The checks of {@link ElementwiseChecks} pass for a correct elementwise function and catch the
 * classic bugs: ignoring strides, ignoring broadcasting, and writing into an overlapping output
 * without copying first.
 */
class ElementwiseChecksProperties {

  /** Correct reference add: broadcasting, reads through indices, copies inputs that overlap out. */
  static void addInto(NDArray out, NDArray... in) {
    long[] shape = out.shape();
    NDArray x = in[0].mayShareMemory(out) ? in[0].copy() : in[0];
    NDArray y = in[1].mayShareMemory(out) ? in[1].copy() : in[1];
    x = x.broadcastTo(shape);
    y = y.broadcastTo(shape);
    long[] idx = new long[shape.length];
    for (long i = 0; i < out.size(); i++) {
      out.set(x.getDouble(idx) + y.getDouble(idx), idx);
      Comparisons.advance(idx, shape);
    }
  }

  static NDArray add(NDArray... in) {
    NDArray out = NDArray.zeros(DType.FLOAT64, Broadcast.shapes(in[0].shape(), in[1].shape()));
    addInto(out, in);
    return out;
  }

  /** Wrong: does not copy an input that overlaps the output. */
  static void addIntoNoOverlapCheck(NDArray out, NDArray... in) {
    long[] shape = out.shape();
    NDArray x = in[0].broadcastTo(shape);
    NDArray y = in[1].broadcastTo(shape);
    long[] idx = new long[shape.length];
    for (long i = 0; i < out.size(); i++) {
      out.set(x.getDouble(idx) + y.getDouble(idx), idx);
      Comparisons.advance(idx, shape);
    }
  }

  /** Wrong: treats every input as contiguous (reads its buffer from the start). */
  static NDArray addIgnoringStrides(NDArray... in) {
    NDArray out = NDArray.zeros(DType.FLOAT64, Broadcast.shapes(in[0].shape(), in[1].shape()));
    NDArray flatOut = out.reshape(out.size());
    for (long i = 0; i < out.size(); i++) {
      double a = in[0].isNative() || in[0].heapArray() == null ? 0 : ((double[]) in[0].heapArray())[(int) Math.min(i, ((double[]) in[0].heapArray()).length - 1)];
      double b = in[1].heapArray() == null ? 0 : ((double[]) in[1].heapArray())[(int) Math.min(i, ((double[]) in[1].heapArray()).length - 1)];
      flatOut.set(a + b, i);
    }
    return out;
  }

  @Provide
  Arbitrary<List<TestArray>> pairs() {
    return ArrayArbitraries.broadcastableArrays(DType.FLOAT64, 2);
  }

  @Property(tries = 150)
  void aCorrectFunctionPassesEveryCheck(@ForAll("pairs") List<TestArray> xy) {
    TestArray x = xy.get(0);
    TestArray y = xy.get(1);
    ArrayArbitraries.collectStatistics(x);
    ElementwiseChecks.assertLayoutInvariant(ElementwiseChecksProperties::add, 0, x, y);
    ElementwiseChecks.assertBroadcastInvariant(ElementwiseChecksProperties::add, 0, x, y);
    ElementwiseChecks.assertMatchesScalar(ElementwiseChecksProperties::add, a -> a[0] + a[1], DType.FLOAT64, 0, x.array(), y.array());
    ElementwiseChecks.assertSameResult(ElementwiseChecksProperties::add, ElementwiseChecksProperties::add, 0, x.array(), y.array());
    boolean ran = ElementwiseChecks.assertAliasingInvariant(ElementwiseChecksProperties::addInto, 0, DType.FLOAT64, 0, x, y);
    ran |= ElementwiseChecks.assertOverlapInvariant(ElementwiseChecksProperties::addInto, 0, DType.FLOAT64, 0, x, y);
    Statistics.label("aliasing checked").collect(ran);
  }

  @Example
  void theOverlapCheckCatchesAMissingCopy() {
    TestArray x = ArrayArbitraries.build(Layout.CONTIGUOUS, DType.FLOAT64, new long[] {5}, 1);
    x.array().assign(NDArray.of(new double[] {1, 2, 3, 4, 5}));
    TestArray y = ArrayArbitraries.build(Layout.CONTIGUOUS, DType.FLOAT64, new long[] {5}, 2);
    y.array().fill(0.0);
    AssertionError e = assertThrows(AssertionError.class,
        () -> ElementwiseChecks.assertOverlapInvariant(ElementwiseChecksProperties::addIntoNoOverlapCheck, 0, DType.FLOAT64, 0, x, y));
    assertTrue(e.getMessage().contains("reversed-overlap of output with input 0"), e.getMessage());
    // The plain aliasing case (out is x itself) is harmless for an elementwise loop.
    TestArray x2 = ArrayArbitraries.build(Layout.STRIDED, DType.FLOAT64, new long[] {5}, 3);
    assertTrue(ElementwiseChecks.assertAliasingInvariant(ElementwiseChecksProperties::addIntoNoOverlapCheck, 0, DType.FLOAT64, 0, x2, y));
  }

  @Example
  void theLayoutCheckCatchesIgnoredStrides() {
    TestArray x = ArrayArbitraries.build(Layout.REVERSED, DType.FLOAT64, new long[] {4}, 5);
    x.array().assign(NDArray.of(new double[] {1, 2, 3, 4}));
    TestArray y = ArrayArbitraries.build(Layout.CONTIGUOUS, DType.FLOAT64, new long[] {4}, 6);
    AssertionError e = assertThrows(AssertionError.class,
        () -> ElementwiseChecks.assertLayoutInvariant(ElementwiseChecksProperties::addIgnoringStrides, 0, x, y));
    assertTrue(e.getMessage().contains("layout invariance (in0 REVERSED float64(4,)"), e.getMessage());
  }

  @Example
  void theScalarCheckReportsTheInputs() {
    NDArray x = NDArray.of(new double[] {1, 2, 3});
    NDArray y = NDArray.of(new double[] {10});
    AssertionError e = assertThrows(AssertionError.class,
        () -> ElementwiseChecks.assertMatchesScalar(ElementwiseChecksProperties::add, a -> a[0] * a[1], DType.FLOAT64, 0, x, y));
    assertTrue(e.getMessage().contains("in0=1.0") && e.getMessage().contains("in1=10.0"), e.getMessage());
  }
}
