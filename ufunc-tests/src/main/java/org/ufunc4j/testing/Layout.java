package org.ufunc4j.testing;

/**
 * The ways an array's elements can lie in memory that a kernel or a loop plan must handle. Each
 * {@link TestArray} records the layout it was built with, so that shrunk counterexamples and
 * statistics labels show it.
 */
public enum Layout {
  /** C-contiguous heap array starting at element 0. */
  CONTIGUOUS,
  /** A view taking every 2nd element of each axis (every 2nd or 3rd on the last axis). */
  STRIDED,
  /** Every axis reversed: negative strides, offset at the far end. */
  REVERSED,
  /**
   * The transpose of a C-contiguous array of the reversed shape (Fortran order). Arrays with fewer
   * than two dimensions cannot be transposed and are laid out as {@link #CONTIGUOUS}.
   */
  TRANSPOSED,
  /**
   * A read-only {@code broadcastTo} view: at least one axis of length above 1 has stride 0 (when
   * the shape has such an axis), leading axes may be missing from the base.
   */
  BROADCAST,
  /** A contiguous view that starts at an odd offset inside a larger heap buffer (unaligned). */
  OFFSET,
  /** C-contiguous native memory ({@code NDArray.allocateNative}). */
  NATIVE;

  /** True when arrays in this layout accept writes (every layout except {@link #BROADCAST}). */
  public boolean isWritable() {
    return this != BROADCAST;
  }
}
