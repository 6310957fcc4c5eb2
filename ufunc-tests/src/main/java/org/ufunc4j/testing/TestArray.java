package org.ufunc4j.testing;

import java.util.Arrays;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * An array drawn by {@link ArrayArbitraries}, with the layout it was built in and the shape of the
 * buffer behind it. Its {@link #toString()} shows everything needed to rebuild a counterexample:
 * layout, dtype, shape, strides, offset, storage kind and the values.
 *
 * @param array the array (a view into {@code base} for the non-contiguous layouts)
 * @param layout how the elements lie in memory
 * @param baseShape the shape of the buffer the view was taken from
 */
public record TestArray(NDArray array, Layout layout, long[] baseShape) {

  /** The array's dtype. */
  public DType dtype() {
    return array.dtype();
  }

  /** The array's shape. */
  public long[] shape() {
    return array.shape();
  }

  /** Number of elements. */
  public long size() {
    return array.size();
  }

  /** A C-contiguous heap (or native, for {@link Layout#NATIVE}) copy with the same elements. */
  public NDArray contiguousCopy() {
    return array.copy();
  }

  @Override
  public String toString() {
    return layout + " " + array.dtype() + NDArray.shapeString(array.shape()) + " strides="
        + Arrays.toString(array.strides()) + " offset=" + array.offset() + " base="
        + NDArray.shapeString(baseShape) + (array.isNative() ? " native" : " heap")
        + (array.isReadOnly() ? " read-only" : "") + " values=" + valuesString();
  }

  private String valuesString() {
    String s = array.toString();
    // Keep shrink reports on one line: counterexamples are usually tiny.
    return array.ndim() > 1 ? s.replace("\n", "") : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestArray t && t.layout == layout && Arrays.equals(t.baseShape, baseShape)
        && t.array.equals(array) && Arrays.equals(t.array.strides(), array.strides());
  }

  @Override
  public int hashCode() {
    return layout.hashCode() * 31 + array.hashCode();
  }
}
