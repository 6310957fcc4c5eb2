package org.ufunc4j.gufunc;

import java.lang.foreign.ValueLayout;

/** A core view of a int64 operand; see {@link CoreView}. */
public final class I64Core extends CoreView {
  private long[] heap; // the typed heap array (null when native), set when bound

  I64Core(int ndim, boolean writable) {
    super(ndim, writable);
  }

  @Override
  void bind(org.ufunc4j.internal.storage.Storage s, long[] coreShape, long[] coreStrides) {
    super.bind(s, coreShape, coreStrides);
    heap = (long[]) s.array();
  }

  private long load(long e) {
    return nat ? seg.get(ValueLayout.JAVA_LONG_UNALIGNED, e << 3) : heap[(int) e];
  }

  private void store(long e, long v) {
    checkWritable();
    if (nat) {
      seg.set(ValueLayout.JAVA_LONG_UNALIGNED, e << 3, v);
    } else {
      heap[(int) e] = v;
    }
  }

  /** The element of a scalar core {@code ()}. */
  public long get() {
    return load(scalarIndex());
  }

  public long get(long i) {
    return load(index(i));
  }

  public long get(long i, long j) {
    return load(index(i, j));
  }

  public long get(long i, long j, long k) {
    return load(index(i, j, k));
  }

  public long get(long... idx) {
    return load(index(idx));
  }

  /** Sets the element of a scalar core {@code ()}. */
  public void set(long v) {
    store(scalarIndex(), v);
  }

  public void set(long v, long i) {
    store(index(i), v);
  }

  public void set(long v, long i, long j) {
    store(index(i, j), v);
  }

  public void set(long v, long i, long j, long k) {
    store(index(i, j, k), v);
  }

  public void set(long v, long... idx) {
    store(index(idx), v);
  }
}
