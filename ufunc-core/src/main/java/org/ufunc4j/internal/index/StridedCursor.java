package org.ufunc4j.internal.index;

/**
 * Walks an n-d index space in C order and keeps, for each of several operands, the element index
 * of the current position. Used by the generic (non-kernel) paths; the step costs one add per
 * operand except when a dimension wraps.
 */
public final class StridedCursor {
  private final long[] shape;
  private final long[][] strides;
  private final long[] pos;
  private final long[] idx;
  private final int nd;
  private long remaining;

  /**
   * @param shape the index space
   * @param offsets the starting element index of each operand
   * @param strides per operand, strides in elements with {@code shape.length} entries
   */
  public StridedCursor(long[] shape, long[] offsets, long[]... strides) {
    this.shape = shape;
    this.strides = strides;
    this.nd = shape.length;
    this.pos = offsets.clone();
    this.idx = new long[nd];
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    this.remaining = n;
  }

  /** Number of positions not yet visited (including the current one). */
  public long remaining() {
    return remaining;
  }

  /** Element index of operand {@code k} at the current position. */
  public long at(int k) {
    return pos[k];
  }

  /** Moves to the next position in C order. */
  public void advance() {
    remaining--;
    for (int d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        for (int k = 0; k < pos.length; k++) {
          pos[k] += strides[k][d];
        }
        return;
      }
      idx[d] = 0;
      for (int k = 0; k < pos.length; k++) {
        pos[k] -= strides[k][d] * (shape[d] - 1);
      }
    }
  }
}
