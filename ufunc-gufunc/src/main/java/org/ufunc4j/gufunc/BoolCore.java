package org.ufunc4j.gufunc;

import java.lang.foreign.ValueLayout;

/** A core view of a bool operand; see {@link CoreView}. */
public final class BoolCore extends CoreView {
  private boolean[] heap; // the typed heap array (null when native), set when bound

  BoolCore(int ndim, boolean writable) {
    super(ndim, writable);
  }

  @Override
  void bind(org.ufunc4j.internal.storage.Storage s, long[] coreShape, long[] coreStrides) {
    super.bind(s, coreShape, coreStrides);
    heap = (boolean[]) s.array();
  }

  private boolean load(long e) {
    return nat ? seg.get(ValueLayout.JAVA_BYTE, e) != 0 : heap[(int) e];
  }

  private void store(long e, boolean v) {
    checkWritable();
    if (nat) {
      seg.set(ValueLayout.JAVA_BYTE, e, (byte) (v ? 1 : 0));
    } else {
      heap[(int) e] = v;
    }
  }

  /** The element of a scalar core {@code ()}. */
  public boolean get() {
    return load(scalarIndex());
  }

  public boolean get(long i) {
    return load(index(i));
  }

  public boolean get(long i, long j) {
    return load(index(i, j));
  }

  public boolean get(long i, long j, long k) {
    return load(index(i, j, k));
  }

  public boolean get(long... idx) {
    return load(index(idx));
  }

  /** Sets the element of a scalar core {@code ()}. */
  public void set(boolean v) {
    store(scalarIndex(), v);
  }

  public void set(boolean v, long i) {
    store(index(i), v);
  }

  public void set(boolean v, long i, long j) {
    store(index(i, j), v);
  }

  public void set(boolean v, long i, long j, long k) {
    store(index(i, j, k), v);
  }

  public void set(boolean v, long... idx) {
    store(index(idx), v);
  }
}
