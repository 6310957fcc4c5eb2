package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * Every bad input throws {@link IllegalArgumentException} or {@link IndexOutOfBoundsException}
 * whose message names the problem, and nothing is half-built: a failed operation leaves its
 * operands unchanged.
 */
class BadInputTest {

  /** Asserts the exception type and that the message contains every fragment. */
  private static <T extends Throwable> T fails(Class<T> type, Executable e, String... fragments) {
    T t = assertThrows(type, e);
    String m = String.valueOf(t.getMessage());
    for (String f : fragments) {
      assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
    }
    return t;
  }

  @Test
  void dataLengthMustMatchTheShape() {
    fails(IllegalArgumentException.class, () -> NDArray.of(new double[5], 2, 3), "length 5", "(2, 3)");
    fails(IllegalArgumentException.class, () -> NDArray.of(new long[6], 4), "length 6", "(4,)");
    fails(IllegalArgumentException.class, () -> NDArray.of((double[]) null), "null");
  }

  @Test
  void negativeAndOverflowingDimensions() {
    fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT64, 2, -1), "negative dimension -1", "axis 1");
    fails(IllegalArgumentException.class, () -> NDArray.allocateNative(DType.INT8, -3), "negative dimension -3");
    fails(IllegalArgumentException.class, () -> NDArray.full(DType.INT32, 1.0, -2), "negative");
    fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT64, Long.MAX_VALUE, 4), "2^63");
    fails(IllegalArgumentException.class, () -> NDArray.arange(6).reshape(-2, -3), "negative dimension -2");
  }

  @Test
  void indexOutOfRangeNamesIndexAxisAndSize() {
    NDArray a = NDArray.arange(6).reshape(2, 3);
    fails(IndexOutOfBoundsException.class, () -> a.getDouble(0, 3), "index 3", "axis 1", "size 3");
    fails(IndexOutOfBoundsException.class, () -> a.getLong(-3, 0), "index -3", "axis 0", "size 2");
    fails(IndexOutOfBoundsException.class, () -> a.set(9L, 2, 0), "index 2");
    fails(IllegalArgumentException.class, () -> a.getDouble(1), "1 entries", "2 dimensions");
    fails(IllegalArgumentException.class, () -> a.getDouble(0, 0, 0), "3 entries");
    assertEquals(NDArray.arange(6).reshape(2, 3), a, "nothing written");
    fails(IndexOutOfBoundsException.class, () -> NDArray.zeros(DType.INT8, 0).getLong(0), "index 0", "size 0");
  }

  @Test
  void sliceSyntaxErrorsGiveThePosition() {
    NDArray a = NDArray.arange(24).reshape(2, 3, 4);
    fails(IllegalArgumentException.class, () -> a.slice("1:2:x"), "position 4", "\"1:2:x\"");
    fails(IllegalArgumentException.class, () -> a.slice("0,,1"), "position 2");
    fails(IllegalArgumentException.class, () -> a.slice("1 2"), "position 2");
    fails(IllegalArgumentException.class, () -> a.slice("-"), "position 1");
    fails(IllegalArgumentException.class, () -> a.slice("::0"), "step cannot be zero", "position 0");
    fails(IllegalArgumentException.class, () -> a.slice("..., 1, ..."), "single ellipsis", "position 8");
    fails(IllegalArgumentException.class, () -> a.slice("99999999999999999999"), "64 bits", "position 0");
    fails(IllegalArgumentException.class, () -> a.slice("Nonesuch"), "position 0");
    fails(IllegalArgumentException.class, () -> a.slice(null), "null");
  }

  @Test
  void tooManyIndicesAndIntegerIndexOutOfRange() {
    NDArray a = NDArray.arange(6).reshape(2, 3);
    fails(IllegalArgumentException.class, () -> a.slice("0, 0, 0"), "too many indices", "2-dimensional", "3 were indexed");
    fails(IllegalArgumentException.class, () -> a.slice("..., 0, 0, 0"), "too many indices");
    fails(IndexOutOfBoundsException.class, () -> a.slice(":, 3"), "index 3", "axis 1", "size 3", "position 3");
    fails(IndexOutOfBoundsException.class, () -> a.slice("-3"), "index -3", "axis 0");
    fails(IllegalArgumentException.class, () -> NDArray.scalar(1.0).slice("0"), "too many indices", "0-dimensional");
  }

  @Test
  void reshapeThatCannotHoldTheElements() {
    NDArray a = NDArray.arange(10);
    fails(IllegalArgumentException.class, () -> a.reshape(3, 4), "cannot reshape array of size 10 into shape (3, 4)");
    fails(IllegalArgumentException.class, () -> a.reshape(3, -1), "size 10", "(3, -1)");
    fails(IllegalArgumentException.class, () -> a.reshape(-1, -1), "one unknown dimension");
    fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.INT8, 0).reshape(0, -1), "size 0");
    assertEquals(NDArray.arange(10), a);
  }

  @Test
  void writesToReadOnlyViewsAreRejectedAndWriteNothing() {
    NDArray base = NDArray.arange(3);
    NDArray b = base.broadcastTo(4, 3);
    assertTrue(b.isReadOnly(), "broadcastTo gives a read-only view");
    fails(IllegalArgumentException.class, () -> b.set(5L, 0, 0), "read-only");
    fails(IllegalArgumentException.class, () -> b.set(5.0, 0, 0), "read-only");
    fails(IllegalArgumentException.class, () -> b.set(true, 0, 0), "read-only");
    fails(IllegalArgumentException.class, () -> b.fill(1.0), "read-only");
    fails(IllegalArgumentException.class, () -> b.fill(1L), "read-only");
    fails(IllegalArgumentException.class, () -> b.assign(NDArray.zeros(DType.INT64, 3)), "read-only");
    fails(IllegalArgumentException.class, () -> b.slice("1:").set(1L, 0, 0), "read-only");
    fails(IllegalArgumentException.class, () -> b.transpose().set(1L, 0, 0), "read-only");
    fails(IllegalArgumentException.class, () -> base.asReadOnly().set(1L, 0), "read-only");
    // NumPy: broadcast_to is read-only even when the shape does not change.
    fails(IllegalArgumentException.class, () -> base.broadcastTo(3).set(1L, 0), "read-only");
    assertEquals(NDArray.arange(3), base, "nothing written");
    // The base itself stays writable; the view reads the change.
    base.set(7L, 1);
    assertEquals(7L, b.getLong(3, 1));
  }

  @Test
  void badAxes() {
    NDArray a = NDArray.zeros(DType.FLOAT32, 2, 3, 1);
    fails(IllegalArgumentException.class, () -> a.transpose(0, 0, 1), "repeated axis 0");
    fails(IllegalArgumentException.class, () -> a.transpose(0, 1), "don't match", "3 dimensions");
    fails(IllegalArgumentException.class, () -> a.transpose(0, 1, 3), "axis 3 is out of bounds", "dimension 3");
    fails(IllegalArgumentException.class, () -> a.swapaxes(0, -4), "axis -4");
    fails(IllegalArgumentException.class, () -> a.flip(3), "axis 3");
    fails(IllegalArgumentException.class, () -> a.squeeze(0), "axis 0 has size 2");
    fails(IllegalArgumentException.class, () -> a.squeeze(5), "axis 5");
    fails(IllegalArgumentException.class, () -> a.expandDims(4), "axis 4", "dimension 4");
    fails(IllegalArgumentException.class, () -> a.shape(3), "axis 3");
    assertEquals(3, a.expandDims(-4).shape(0) + a.expandDims(3).ndim() - 2, "-ndim-1 and ndim are valid");
  }

  @Test
  void broadcastToShapesThatDoNotFit() {
    NDArray a = NDArray.zeros(DType.FLOAT64, 3);
    fails(IllegalArgumentException.class, () -> a.broadcastTo(4), "(3,)", "(4,)");
    fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT64, 2, 3).broadcastTo(3), "fewer dimensions");
    fails(IllegalArgumentException.class, () -> a.broadcastTo(2, -3), "negative");
  }

  @Test
  void assignWithIncompatibleShapeWritesNothing() {
    NDArray dst = NDArray.arange(6).reshape(2, 3);
    fails(IllegalArgumentException.class, () -> dst.assign(NDArray.zeros(DType.INT64, 2)), "(2,)", "(2, 3)");
    fails(IllegalArgumentException.class, () -> dst.assign(NDArray.zeros(DType.INT64, 4, 2, 3)), "fewer dimensions");
    assertEquals(NDArray.arange(6).reshape(2, 3), dst);
  }

  @Test
  void arangeLinspaceRandomAndWrapValidateArguments() {
    fails(IllegalArgumentException.class, () -> NDArray.arange(0, 5, 0), "step");
    fails(IllegalArgumentException.class, () -> NDArray.linspace(0, 1, -1), "-1");
    fails(IllegalArgumentException.class, () -> NDArray.random(DType.BOOL, 1, 2), "bool");
    fails(IllegalArgumentException.class, () -> NDArray.wrap(null, DType.INT8, 2), "null");
    fails(IllegalArgumentException.class, () -> DType.of("float128"), "float128");
  }

  @Test
  void sizesBeyondWhatCanExistAreRejectedAsIllegalArguments() {
    // NumPy: "Maximum allowed size exceeded" / "array is too big"
    fails(IllegalArgumentException.class, () -> NDArray.arange(Long.MIN_VALUE, Long.MAX_VALUE, 1), "arange");
    fails(IllegalArgumentException.class, () -> NDArray.zeros(DType.FLOAT64, 1L << 62), "too large");
    fails(IllegalArgumentException.class, () -> NDArray.allocateNative(DType.INT64, Long.MAX_VALUE / 2), "too large");
  }
}
