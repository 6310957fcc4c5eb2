package org.ufunc4j.gufunc;

import java.lang.foreign.ValueLayout;

/** A core view of a float32 operand; see {@link CoreView}. */
public final class F32Core extends CoreView {
  private float[] heap; // the typed heap array (null when native), set when bound

  F32Core(int ndim, boolean writable) {
    super(ndim, writable);
  }

  @Override
  void bind(org.ufunc4j.internal.storage.Storage s, long[] coreShape, long[] coreStrides) {
    super.bind(s, coreShape, coreStrides);
    heap = (float[]) s.array();
  }

  private float load(long e) {
    return nat ? seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, e << 2) : heap[(int) e];
  }

  private void store(long e, float v) {
    checkWritable();
    if (nat) {
      seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, e << 2, v);
    } else {
      heap[(int) e] = v;
    }
  }

  /** The element of a scalar core {@code ()}. */
  public float get() {
    return load(scalarIndex());
  }

  public float get(long i) {
    return load(index(i));
  }

  public float get(long i, long j) {
    return load(index(i, j));
  }

  public float get(long i, long j, long k) {
    return load(index(i, j, k));
  }

  public float get(long... idx) {
    return load(index(idx));
  }

  /** Sets the element of a scalar core {@code ()}. */
  public void set(float v) {
    store(scalarIndex(), v);
  }

  public void set(float v, long i) {
    store(index(i), v);
  }

  public void set(float v, long i, long j) {
    store(index(i, j), v);
  }

  public void set(float v, long i, long j, long k) {
    store(index(i, j, k), v);
  }

  public void set(float v, long... idx) {
    store(index(idx), v);
  }
}
