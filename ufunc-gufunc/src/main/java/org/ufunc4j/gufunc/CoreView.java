package org.ufunc4j.gufunc;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.ufunc4j.NDArray;
import org.ufunc4j.internal.ArrayBridge;
import org.ufunc4j.internal.storage.Storage;

/**
 * A gufunc kernel's view of one operand's core dimensions at the current outer iteration: its
 * sizes, strides (in elements), and where it starts in the backing heap array or native segment.
 * One view object per operand and worker is reused for every outer iteration, so a kernel that
 * reads and writes through views allocates nothing.
 *
 * <p>Typed subclasses ({@link F64Core}, {@link F32Core}, {@link I64Core}, {@link I32Core}, {@link
 * BoolCore}) add {@code get}/{@code set} with one, two or three indices (no varargs array), a
 * varargs form for more, and the 0-d form for scalar cores {@code ()}. Indices are checked against
 * the core sizes. Views of inputs are read-only; views of outputs are writable.
 *
 * <p>The fast path for kernels that use the Vector API or {@code System.arraycopy}: {@link
 * #heapArray()} or {@link #segment()}, {@link #offset()} and {@link #stride(int)}.
 */
public abstract sealed class CoreView permits F64Core, F32Core, I64Core, I32Core, BoolCore {
  final int ndim;
  final long[] shape;
  final long[] strides;
  final boolean writable;
  Storage storage;
  // Copies of the storage's kind, array and segment, read on every element access.
  boolean nat;
  Object arr;
  MemorySegment seg;
  long offset;
  // Sizes and strides of the first three core dims as fields: get/set read no arrays.
  long l0, l1, l2, s0, s1, s2;

  CoreView(int ndim, boolean writable) {
    this.ndim = ndim;
    this.shape = new long[ndim];
    this.strides = new long[ndim];
    this.writable = writable;
  }

  /** Binds the view to an operand for a call: its storage, core sizes and strides. */
  void bind(Storage s, long[] coreShape, long[] coreStrides) {
    this.storage = s;
    this.nat = s.isNative();
    this.arr = s.array();
    this.seg = s.segment();
    System.arraycopy(coreShape, 0, shape, 0, ndim);
    System.arraycopy(coreStrides, 0, strides, 0, ndim);
    array = null; // another storage or strides: asArray()'s arrays are stale
    spare = null;
    cacheDims();
  }

  /** Refreshes the cached sizes and strides after {@link #shape} or {@link #strides} changed. */
  final void cacheDims() {
    shapeChanged = true; // a parallelOver piece or a new binding: asArray() checks its array's shape
    l0 = ndim > 0 ? shape[0] : 1;
    l1 = ndim > 1 ? shape[1] : 1;
    l2 = ndim > 2 ? shape[2] : 1;
    s0 = ndim > 0 ? strides[0] : 0;
    s1 = ndim > 1 ? strides[1] : 0;
    s2 = ndim > 2 ? strides[2] : 0;
  }

  /** Number of core dimensions (0 for a scalar core {@code ()}). */
  public final int ndim() {
    return ndim;
  }

  /** Size of core dimension {@code dim}. */
  public final long size(int dim) {
    return dim == 0 && ndim > 0 ? l0 : shape[dim];
  }

  /** Number of elements of the core (1 for a scalar core). */
  public final long size() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** Stride of core dimension {@code dim}, in elements (may be 0 or negative). */
  public final long stride(int dim) {
    return strides[dim];
  }

  /** Index of element (0, ..., 0) in the backing array or segment, in elements. */
  public final long offset() {
    return offset;
  }

  /** True when the core's elements are adjacent in C order. */
  public final boolean isContiguous() {
    long expect = 1;
    for (int d = ndim - 1; d >= 0; d--) {
      if (shape[d] != 1 && strides[d] != expect) {
        return false;
      }
      expect *= shape[d];
    }
    return true;
  }

  /** True for output views. */
  public final boolean isWritable() {
    return writable;
  }

  /** The backing heap array ({@code double[]} for {@link F64Core}, ...), or null when native. */
  public final Object heapArray() {
    return storage.array();
  }

  /** The backing native segment (element i at byte i * itemSize), or null for heap storage. */
  public final MemorySegment segment() {
    return storage.segment();
  }

  /**
   * The current core as an {@link NDArray} view sharing memory (no copy), e.g. to apply a ufunc to
   * it: {@code Ufuncs.power.out(c.asArray()).apply(a.asArray(), b.asArray())}. Input views give
   * read-only arrays. The array is valid during this kernel call only: the view reuses one NDArray
   * (two under {@code parallelOver}, one per piece length) and moves it to the next iteration's
   * core, so nothing is allocated per iteration; copy it ({@code asArray().copy()}) to keep the
   * values.
   */
  public final NDArray asArray() {
    NDArray a = array;
    if (shapeChanged) {
      a = arrayOfShape();
    }
    BRIDGE.moveView(a, offset);
    return a;
  }

  /**
   * asArray()'s array after the core's shape changed. parallelOver cuts a dimension into pieces of
   * at most two lengths ({@code n / pieces} rounded down or up), so two arrays, swapped as the
   * length alternates, cover every piece without allocating in steady state.
   */
  private NDArray arrayOfShape() {
    NDArray a = array;
    if (a == null || !Arrays.equals(BRIDGE.shapeRef(a), shape)) {
      NDArray b = spare;
      if (b != null && Arrays.equals(BRIDGE.shapeRef(b), shape)) {
        spare = a;
        a = b;
      } else {
        spare = a;
        a = BRIDGE.view(storage, shape.clone(), strides.clone(), offset, !writable);
      }
      array = a;
    }
    shapeChanged = false;
    return a;
  }

  private static final ArrayBridge BRIDGE = ArrayBridge.get();
  // asArray()'s current array and the one of the other parallelOver piece length (or null); set
  // when cacheDims() ran since the last asArray()
  private NDArray array;
  private NDArray spare;
  private boolean shapeChanged = true;

  final long index(long i) {
    if (ndim != 1) {
      return index(new long[] {i});
    }
    return offset + java.util.Objects.checkIndex(i, l0) * s0;
  }

  final long index(long i, long j) {
    if (ndim != 2) {
      return index(new long[] {i, j});
    }
    return offset + java.util.Objects.checkIndex(i, l0) * s0 + java.util.Objects.checkIndex(j, l1) * s1;
  }

  final long index(long i, long j, long k) {
    if (ndim != 3) {
      return index(new long[] {i, j, k});
    }
    return offset + java.util.Objects.checkIndex(i, l0) * s0 + java.util.Objects.checkIndex(j, l1) * s1
        + java.util.Objects.checkIndex(k, l2) * s2;
  }

  final long index(long[] idx) {
    if (idx.length != ndim) {
      throw new IllegalArgumentException(
          "core view has " + ndim + " dimensions, got " + idx.length + " indices");
    }
    long e = offset;
    for (int d = 0; d < ndim; d++) {
      e += java.util.Objects.checkIndex(idx[d], shape[d]) * strides[d];
    }
    return e;
  }

  final long scalarIndex() {
    if (ndim != 0) {
      throw new IllegalArgumentException("core view has " + ndim + " dimensions; give indices");
    }
    return offset;
  }

  final void checkWritable() {
    if (!writable) {
      throw new IllegalStateException("input core views are read-only; write to an output");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + NDArray.shapeString(shape) + " at " + offset;
  }
}
