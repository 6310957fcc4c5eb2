package org.ufunc4j.testing;

import java.util.Arrays;
import org.ufunc4j.Broadcast;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * The metamorphic and differential checks of issue 8 for anything elementwise, written against
 * plain functions of arrays so that they serve any implementation: a {@code Ufunc} ({@code
 * xs -> f.apply(xs)}), a configured call ({@code xs -> f.target(PARALLEL).apply(xs)}), or a
 * hand-written kernel. Each check computes the same thing two ways and compares with the
 * {@link Comparisons} rules: {@code maxUlps = 0} means bit equality (NaN equal to NaN, -0.0 not
 * equal to 0.0), otherwise the ulp tolerance of transcendentals.
 *
 * <pre>{@code
 * @Property
 * void layoutDoesNotMatter(@ForAll("pairs") List<TestArray> xy) {
 *   ElementwiseChecks.assertLayoutInvariant(xs -> hypot.apply(xs), 0, xy.get(0), xy.get(1));
 * }
 * }</pre>
 */
public final class ElementwiseChecks {
  private ElementwiseChecks() {}

  /** An elementwise computation that returns a new array. */
  @FunctionalInterface
  public interface ArrayFunction {
    NDArray apply(NDArray... inputs);
  }

  /** An elementwise computation that writes into {@code out} (NumPy's {@code out=}). */
  @FunctionalInterface
  public interface ArrayFunctionInto {
    void apply(NDArray out, NDArray... inputs);
  }

  /** A scalar reference computation in double precision. */
  @FunctionalInterface
  public interface ScalarFunction {
    double apply(double... args);
  }

  /**
   * The layout does not change the result: {@code f} on the arrays as drawn (strided, reversed,
   * broadcast, offset, native, ...) equals {@code f} on C-contiguous heap copies.
   */
  public static void assertLayoutInvariant(ArrayFunction f, long maxUlps, TestArray... inputs) {
    NDArray[] drawn = arrays(inputs);
    NDArray[] plain = new NDArray[drawn.length];
    for (int k = 0; k < drawn.length; k++) {
      plain[k] = heapCopy(drawn[k]);
    }
    NDArray expected = f.apply(plain);
    NDArray actual = f.apply(drawn);
    check("layout invariance (" + describe(inputs) + ")", expected, actual, maxUlps, drawn);
  }

  /**
   * Broadcasting equals explicit broadcasting: {@code f(x, y)} equals {@code f} on the inputs each
   * {@code broadcastTo} the common shape first.
   */
  public static void assertBroadcastInvariant(ArrayFunction f, long maxUlps, TestArray... inputs) {
    NDArray[] drawn = arrays(inputs);
    long[] shape = Broadcast.shapes(shapes(drawn));
    NDArray[] explicit = new NDArray[drawn.length];
    for (int k = 0; k < drawn.length; k++) {
      explicit[k] = drawn[k].broadcastTo(shape);
    }
    NDArray expected = f.apply(explicit);
    NDArray actual = f.apply(drawn);
    check("broadcast invariance (" + describe(inputs) + ")", expected, actual, maxUlps, drawn);
  }

  /**
   * Two implementations give the same result (PARALLEL vs CPU with {@code maxUlps = 0}, SIMD vs
   * scalar within the accuracy policy, a ufunc vs a hand-written loop).
   */
  public static void assertSameResult(ArrayFunction expectedImpl, ArrayFunction actualImpl, long maxUlps, NDArray... inputs) {
    check("differential", expectedImpl.apply(inputs), actualImpl.apply(inputs), maxUlps, inputs);
  }

  /**
   * {@code f} agrees with a scalar reference applied element by element after broadcasting; the
   * reference's double result is cast to {@code outType} as {@code NDArray.set(double, ...)}
   * casts. (Through doubles: for int64 beyond 2^53 compare with {@link #assertSameResult}.)
   */
  public static void assertMatchesScalar(ArrayFunction f, ScalarFunction reference, DType outType, long maxUlps, NDArray... inputs) {
    long[] shape = Broadcast.shapes(shapes(inputs));
    NDArray[] b = new NDArray[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      b[k] = inputs[k].broadcastTo(shape);
    }
    NDArray expected = NDArray.zeros(outType, shape);
    long[] idx = new long[shape.length];
    double[] args = new double[inputs.length];
    for (long i = 0; i < expected.size(); i++) {
      for (int k = 0; k < b.length; k++) {
        args[k] = b[k].getDouble(idx);
      }
      expected.set(reference.apply(args), idx);
      Comparisons.advance(idx, shape);
    }
    check("scalar reference", expected, f.apply(inputs), maxUlps, inputs);
  }

  /**
   * Writing into an output that is input {@code k} itself equals computing into a fresh output
   * (NumPy's {@code f(x, y, out=x)}). Input {@code k} must be writable and already have the
   * result's shape and dtype; the check skips (returns false) otherwise, so that properties can
   * label or count skipped cases.
   *
   * @return true if the check ran
   */
  public static boolean assertAliasingInvariant(ArrayFunctionInto f, int k, DType outType, long maxUlps, TestArray... inputs) {
    return aliased(f, k, outType, maxUlps, false, inputs);
  }

  /**
   * Writing into an output that overlaps input {@code k} in reverse order (the input flipped along
   * every axis: the same memory, read and written in opposite directions) equals computing into a
   * fresh output. An implementation that does not detect the overlap and copy first reads elements
   * it already overwrote. Same preconditions and return value as {@link #assertAliasingInvariant}.
   */
  public static boolean assertOverlapInvariant(ArrayFunctionInto f, int k, DType outType, long maxUlps, TestArray... inputs) {
    return aliased(f, k, outType, maxUlps, true, inputs);
  }

  private static boolean aliased(ArrayFunctionInto f, int k, DType outType, long maxUlps, boolean flipped, TestArray... inputs) {
    NDArray[] drawn = arrays(inputs);
    long[] shape = Broadcast.shapes(shapes(drawn));
    NDArray target = drawn[k];
    if (target.isReadOnly() || target.dtype() != outType || !Arrays.equals(target.shape(), shape)) {
      return false;
    }
    NDArray[] before = new NDArray[drawn.length];
    for (int j = 0; j < drawn.length; j++) {
      before[j] = heapCopy(drawn[j]);
    }
    NDArray expected = NDArray.zeros(outType, shape);
    f.apply(expected, before);
    // The flipped output is the same memory as input k, walked backwards: writing out[i] clobbers
    // the element of input k that index n-1-i still has to read.
    NDArray out = flipped ? target.flip() : target;
    f.apply(out, drawn);
    check((flipped ? "reversed-overlap" : "aliasing") + " of output with input " + k + " (" + describe(inputs) + ")",
        expected, out, maxUlps, before);
    return true;
  }

  // ------------------------------------------------------------------ helpers

  private static void check(String what, NDArray expected, NDArray actual, long maxUlps, NDArray... inputs) {
    Comparisons.firstMismatch(expected, actual, maxUlps, inputs)
        .ifPresent(m -> {
          throw new AssertionError(what + ": " + m);
        });
  }

  /** A C-contiguous heap copy (the plainest layout there is), whatever the source's storage. */
  private static NDArray heapCopy(NDArray a) {
    NDArray c = NDArray.zeros(a.dtype(), a.shape());
    c.assign(a);
    return c;
  }

  private static NDArray[] arrays(TestArray[] inputs) {
    NDArray[] r = new NDArray[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      r[k] = inputs[k].array();
    }
    return r;
  }

  private static long[][] shapes(NDArray[] arrays) {
    long[][] s = new long[arrays.length][];
    for (int k = 0; k < arrays.length; k++) {
      s[k] = arrays[k].shape();
    }
    return s;
  }

  private static String describe(TestArray[] inputs) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < inputs.length; k++) {
      TestArray t = inputs[k];
      sb.append(k > 0 ? ", " : "").append("in").append(k).append(' ').append(t.layout()).append(' ')
          .append(t.dtype()).append(NDArray.shapeString(t.shape()));
    }
    return sb.toString();
  }
}
