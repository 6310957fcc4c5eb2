package org.ufunc4j.internal.index;

/** One item of a NumPy index expression such as {@code "1:10:2, ::-1, 3, ..., None"}. */
public sealed interface IndexItem {
  /** An integer index: removes the dimension. */
  record Single(long index, int position) implements IndexItem {}

  /** A slice {@code start:stop:step}; null parts take NumPy's defaults. */
  record Range(Long start, Long stop, Long step, int position) implements IndexItem {}

  /** {@code ...}: as many full slices as needed. */
  record Ellipsis(int position) implements IndexItem {}

  /** {@code None} (NumPy's newaxis): inserts a dimension of size 1. */
  record NewAxis(int position) implements IndexItem {}
}
