package org.ufunc4j.internal.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ufunc4j.DType;

/**
 * Storage in a native {@link MemorySegment}; element {@code i} sits at byte {@code i * itemSize}
 * in native byte order. Unaligned layouts are used so that any wrapped segment works.
 */
public final class NativeStorage extends Storage {
  /** Alignment of segments ufunc4j allocates: one cache line, the widest vector (AVX-512). */
  public static final long ALIGNMENT = 64;

  private final MemorySegment seg;
  private final long length;
  private final int shift;

  public NativeStorage(MemorySegment seg, DType dtype, long length) {
    super(dtype);
    this.seg = seg;
    this.length = length;
    this.shift = Long.numberOfTrailingZeros(dtype.itemSize());
  }

  /** Zero-filled, 64-byte aligned, freed by the garbage collector ({@link Arena#ofAuto()}). */
  public static NativeStorage allocate(DType type, long n) {
    return allocate(Arena.ofAuto(), type, n);
  }

  public static NativeStorage allocate(Arena arena, DType type, long n) {
    long bytes;
    try {
      bytes = Math.multiplyExact(Math.max(n, 0), (long) type.itemSize());
    } catch (ArithmeticException e) {
      // An ArithmeticException would not say what was wrong with the caller's shape.
      throw new IllegalArgumentException(
          "array of " + n + " " + type + " elements is too large: more than 2^63 bytes", e);
    }
    MemorySegment s = arena.allocate(Math.max(bytes, 1), ALIGNMENT);
    return new NativeStorage(s.asSlice(0, bytes), type, n);
  }

  @Override public long length() { return length; }
  @Override public boolean isNative() { return true; }
  @Override public boolean isReadOnly() { return seg.isReadOnly(); }
  @Override public Object array() { return null; }
  @Override public MemorySegment segment() { return seg; }

  @Override
  public double getDouble(long i) {
    long o = i << shift;
    return switch (dtype()) {
      case FLOAT64 -> seg.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, o);
      case FLOAT32 -> seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, o);
      default -> getLong(i);
    };
  }

  @Override
  public long getLong(long i) {
    long o = i << shift;
    return switch (dtype()) {
      case FLOAT64 -> floatToInt64(seg.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, o));
      case FLOAT32 -> floatToInt64(seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, o));
      case INT64 -> seg.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
      case INT32 -> seg.get(ValueLayout.JAVA_INT_UNALIGNED, o);
      case INT16 -> seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, o);
      case INT8 -> seg.get(ValueLayout.JAVA_BYTE, o);
      case BOOL -> seg.get(ValueLayout.JAVA_BYTE, o) != 0 ? 1 : 0;
    };
  }

  @Override
  public boolean getBoolean(long i) {
    return dtype().isFloating() ? getDouble(i) != 0 : getLong(i) != 0;
  }

  @Override
  public void setDouble(long i, double v) {
    long o = i << shift;
    switch (dtype()) {
      case FLOAT64 -> seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, o, v);
      case FLOAT32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, o, (float) v);
      default -> setLong(i, doubleToStored(dtype(), v));
    }
  }

  @Override
  public void setLong(long i, long v) {
    long o = i << shift;
    switch (dtype()) {
      case FLOAT64 -> seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, o, (double) v);
      case FLOAT32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, o, (float) v);
      case INT64 -> seg.set(ValueLayout.JAVA_LONG_UNALIGNED, o, v);
      case INT32 -> seg.set(ValueLayout.JAVA_INT_UNALIGNED, o, (int) v);
      case INT16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED, o, (short) v);
      case INT8 -> seg.set(ValueLayout.JAVA_BYTE, o, (byte) v);
      case BOOL -> seg.set(ValueLayout.JAVA_BYTE, o, (byte) (v != 0 ? 1 : 0));
    }
  }

  @Override
  public float getFloat(long i) {
    return dtype() == DType.FLOAT32 ? seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i << shift) : (float) getDouble(i);
  }

  @Override
  public void setFloat(long i, float v) {
    if (dtype() == DType.FLOAT32) {
      seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i << shift, v);
    } else {
      setDouble(i, v);
    }
  }

  @Override
  public void copyElement(Storage src, long si, long di) {
    if (dtype() == DType.FLOAT32) {
      setFloat(di, src.getFloat(si)); // not via double: keeps signalling NaN bits
    } else if (dtype().isFloating()) {
      setDouble(di, src.getDouble(si));
    } else {
      setLong(di, src.getLong(si));
    }
  }

  @Override
  public boolean mayShareMemory(Storage other) {
    if (other instanceof HeapStorage h) {
      // Only a heap segment over h's very array (MemorySegment.ofArray) can overlap it; a read-only
      // heap segment hides its array, so assume it might.
      return !seg.isNative() && seg.heapBase().map(b -> b == h.array()).orElse(true);
    }
    NativeStorage o = (NativeStorage) other; // Storage is sealed: heap or native
    if (seg.isNative() != o.seg.isNative()) {
      return false;
    }
    if (!seg.isNative()) {
      Object a = seg.heapBase().orElse(null);
      Object b = o.seg.heapBase().orElse(null);
      if (a == null || b == null) {
        return true;
      }
      if (a != b) {
        return false;
      }
      // The same array: address() is the byte offset into it, so the range check below works.
    }
    long a0 = seg.address();
    long a1 = a0 + seg.byteSize();
    long b0 = o.seg.address();
    long b1 = b0 + o.seg.byteSize();
    return a0 < b1 && b0 < a1;
  }
}
