package org.ufunc4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * docs/testing.md's example: testing your own ufunc against a reference with the generators. A
 * hand-written ReLU is meant to equal NumPy's {@code maximum(x, 0)}; the generators' NaN and -0.0
 * values expose the naive version, and the corrected one passes.
 */
class ReluBugExampleTest {
  /** The naive ReLU: NaN becomes 0 and -0.0 becomes 0.0, unlike maximum(x, 0). */
  static final Ufunc NAIVE_RELU = Ufunc.vectorize("float64(float64)", x -> x > 0 ? x : 0);

  /** The corrected ReLU: NaN and -0.0 pass through, as maximum(x, 0) does. */
  static final Ufunc RELU = Ufunc.vectorize("float64(float64)", x -> x >= 0 || Double.isNaN(x) ? x : 0.0);

  @Provide
  Arbitrary<TestArray> doubles() {
    return ArrayArbitraries.shapes(2, 40).flatMap(s -> ArrayArbitraries.arrays(DType.FLOAT64, s));
  }

  @Property(tries = 300)
  void reluEqualsMaximumWithZero(@ForAll("doubles") TestArray x) {
    NDArray expected = Ufuncs.maximum.apply(x.array(), 0.0);
    Comparisons.assertBitEqual(expected, RELU.apply(x.array()), x.array());
  }

  @Test
  void theGeneratorsFindTheNaiveVersionsBug() {
    Optional<String> found =
        doubles().sampleStream().limit(300)
            .map(x -> Comparisons.firstMismatch(Ufuncs.maximum.apply(x.array(), 0.0), NAIVE_RELU.apply(x.array()), 0, x.array()))
            .flatMap(Optional::stream)
            .findFirst();
    assertTrue(found.isPresent(), "300 generated arrays should expose the NaN/-0.0 bug");
    assertTrue(found.get().contains("NaN") || found.get().contains("-0.0") || found.get().contains("0x8000000000000000")
        || found.get().contains("nan"), found.get());
  }
}
