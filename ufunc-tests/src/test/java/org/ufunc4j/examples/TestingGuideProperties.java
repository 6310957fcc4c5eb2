package org.ufunc4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.Layout;
import org.ufunc4j.testing.TestArray;

/**
 * The runnable examples of {@code docs/testing.md}: a metamorphic property ("the layout does not
 * change the result") for an elementwise function, applied to a correct implementation (passes)
 * and to a deliberately wrong one that walks the backing array and ignores strides (the same
 * check finds the bug).
 */
class TestingGuideProperties {

  /** Correct: reads every element through its index, whatever the layout. */
  static NDArray timesTwo(NDArray a) {
    NDArray out = NDArray.zeros(DType.FLOAT64, a.shape());
    long[] idx = new long[a.ndim()];
    for (long i = 0; i < a.size(); i++) {
      out.set(2 * a.getDouble(idx), idx);
      Comparisons.advance(idx, a.shape());
    }
    return out;
  }

  /** Deliberately wrong: walks the backing double[] from 0, ignoring offset and strides. */
  static NDArray timesTwoWrong(NDArray a) {
    double[] src = (double[]) a.heapArray();
    double[] out = new double[Math.toIntExact(a.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = 2 * src[i];
    }
    return NDArray.of(out).reshape(a.shape());
  }

  @Provide
  Arbitrary<TestArray> heapFloat64Arrays() {
    // The wrong version cannot even read native memory; keep to heap layouts so it fails on strides.
    Layout[] heap = {Layout.CONTIGUOUS, Layout.STRIDED, Layout.REVERSED, Layout.TRANSPOSED, Layout.BROADCAST, Layout.OFFSET};
    return ArrayArbitraries.shapes(3, 5).flatMap(s -> ArrayArbitraries.arrays(DType.FLOAT64, s, heap));
  }

  /** The property of the guide, on the correct function: the layout does not change the result. */
  @Property(tries = 200)
  void layoutDoesNotChangeTheResult(@ForAll("heapFloat64Arrays") TestArray t) {
    ArrayArbitraries.collectStatistics(t);
    NDArray expected = timesTwo(t.contiguousCopy());
    NDArray actual = timesTwo(t.array());
    Comparisons.assertBitEqual(expected, actual, t.array());
  }

  /**
   * The same check finds the bug in {@link #timesTwoWrong}: among a few hundred generated arrays,
   * one in a non-contiguous layout gives a different result. (As a {@code @Property} it would fail
   * and shrink; the guide shows that report. Here it must pass, so it searches for the
   * counterexample and asserts that there is one.)
   */
  @Example
  void theSameCheckFindsTheBugInTheWrongFunction() {
    Optional<String> found =
        heapFloat64Arrays().sampleStream().limit(500)
            .map(t -> check(t).map(m -> t + "\n  " + m))
            .flatMap(Optional::stream)
            .findFirst();
    assertTrue(found.isPresent(), "the layout property must expose the stride bug");
  }

  /** The property's check as a value: the mismatch, or the exception the wrong function threw. */
  private static Optional<String> check(TestArray t) {
    try {
      return Comparisons.firstMismatch(timesTwo(t.contiguousCopy()), timesTwoWrong(t.array()), 0, t.array());
    } catch (RuntimeException e) {
      return Optional.of("threw " + e);
    }
  }
}
