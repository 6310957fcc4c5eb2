package org.ufunc4j.gufunc;

import java.lang.foreign.ValueLayout;

/** A core view of a float64 operand; see {@link CoreView}. */
public final class F64Core extends CoreView {
  private double[] heap; // the typed heap array (null when native), set when bound

  F64Core(int ndim, boolean writable) {
    super(ndim, writable);
  }

  @Override
  void bind(org.ufunc4j.internal.storage.Storage s, long[] coreShape, long[] coreStrides) {
    super.bind(s, coreShape, coreStrides);
    heap = (double[]) s.array();
  }

  private double load(long e) {
    return nat ? seg.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, e << 3) : heap[(int) e];
  }

  private void store(long e, double v) {
    checkWritable();
    if (nat) {
      seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, e << 3, v);
    } else {
      heap[(int) e] = v;
    }
  }

  /** The element of a scalar core {@code ()}. */
  public double get() {
    return load(scalarIndex());
  }

  public double get(long i) {
    return load(index(i));
  }

  public double get(long i, long j) {
    return load(index(i, j));
  }

  public double get(long i, long j, long k) {
    return load(index(i, j, k));
  }

  public double get(long... idx) {
    return load(index(idx));
  }

  /** Sets the element of a scalar core {@code ()}. */
  public void set(double v) {
    store(scalarIndex(), v);
  }

  public void set(double v, long i) {
    store(index(i), v);
  }

  public void set(double v, long i, long j) {
    store(index(i, j), v);
  }

  public void set(double v, long i, long j, long k) {
    store(index(i, j, k), v);
  }

  public void set(double v, long... idx) {
    store(index(idx), v);
  }
}
