package org.ufunc4j.gufunc;

import java.lang.foreign.ValueLayout;

/** A core view of a int32 operand; see {@link CoreView}. */
public final class I32Core extends CoreView {
  private int[] heap; // the typed heap array (null when native), set when bound

  I32Core(int ndim, boolean writable) {
    super(ndim, writable);
  }

  @Override
  void bind(org.ufunc4j.internal.storage.Storage s, long[] coreShape, long[] coreStrides) {
    super.bind(s, coreShape, coreStrides);
    heap = (int[]) s.array();
  }

  private int load(long e) {
    return nat ? seg.get(ValueLayout.JAVA_INT_UNALIGNED, e << 2) : heap[(int) e];
  }

  private void store(long e, int v) {
    checkWritable();
    if (nat) {
      seg.set(ValueLayout.JAVA_INT_UNALIGNED, e << 2, v);
    } else {
      heap[(int) e] = v;
    }
  }

  /** The element of a scalar core {@code ()}. */
  public int get() {
    return load(scalarIndex());
  }

  public int get(long i) {
    return load(index(i));
  }

  public int get(long i, long j) {
    return load(index(i, j));
  }

  public int get(long i, long j, long k) {
    return load(index(i, j, k));
  }

  public int get(long... idx) {
    return load(index(idx));
  }

  /** Sets the element of a scalar core {@code ()}. */
  public void set(int v) {
    store(scalarIndex(), v);
  }

  public void set(int v, long i) {
    store(index(i), v);
  }

  public void set(int v, long i, long j) {
    store(index(i, j), v);
  }

  public void set(int v, long i, long j, long k) {
    store(index(i, j, k), v);
  }

  public void set(int v, long... idx) {
    store(index(idx), v);
  }
}
