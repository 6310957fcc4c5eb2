package org.ufunc4j.internal.storage;

import java.lang.foreign.MemorySegment;
import org.ufunc4j.DType;

/**
 * The memory behind arrays: a heap primitive array or a native {@link MemorySegment}, with one
 * dtype. Element accessors take element indices ({@code long}); they serve the generic paths
 * (printing, copying, casting, element get/set). Kernels never call them: they take {@link
 * #array()} or {@link #segment()} and specialise per storage kind.
 */
public abstract sealed class Storage permits HeapStorage, NativeStorage {
  private final DType dtype;

  Storage(DType dtype) {
    this.dtype = dtype;
  }

  public final DType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public abstract long length();

  /** True for native memory segments. */
  public abstract boolean isNative();

  /** True when the memory cannot be written (a read-only segment). */
  public boolean isReadOnly() {
    return false;
  }

  /** The heap primitive array ({@code double[]}, ..., {@code boolean[]}), or null when native. */
  public abstract Object array();

  /** The native segment, or null for heap storage. */
  public abstract MemorySegment segment();

  public abstract double getDouble(long i);

  public abstract long getLong(long i);

  public abstract void setDouble(long i, double v);

  public abstract void setLong(long i, long v);

  /**
   * The element as a float. float32 storage returns the stored float itself, never widened to
   * double and back (that conversion quiets signalling NaNs on x86, changing their bits).
   */
  public float getFloat(long i) {
    return (float) getDouble(i);
  }

  /** Sets the element from a float; float32 storage stores it unconverted (bits preserved). */
  public void setFloat(long i, float v) {
    setDouble(i, v);
  }

  public boolean getBoolean(long i) {
    return getLong(i) != 0;
  }

  public void setBoolean(long i, boolean v) {
    setLong(i, v ? 1 : 0);
  }

  /**
   * Copies the element {@code src[si]} (same dtype) into {@code this[di]} without conversion: the
   * bits are preserved, NaN payloads included.
   */
  public abstract void copyElement(Storage src, long si, long di);

  /** True when both storages may share memory (same heap array, or overlapping native ranges). */
  public abstract boolean mayShareMemory(Storage other);

  /** New zero-filled storage of the same kind (heap or native) and dtype. */
  public final Storage allocateLike(DType type, long n) {
    return isNative() ? NativeStorage.allocate(type, n) : HeapStorage.allocate(type, n);
  }

  /** Allocates zero-filled storage, on the heap when it fits in a Java array, else native. */
  public static Storage allocate(DType type, long n) {
    return n <= HeapStorage.MAX_LENGTH ? HeapStorage.allocate(type, n) : NativeStorage.allocate(type, n);
  }

  // ---- casts with NumPy's semantics (x86 NumPy for the undefined float -> int cases) ----

  /** float -> int64 as NumPy on x86: NaN and out-of-range give Long.MIN_VALUE. */
  public static long floatToInt64(double v) {
    if (v >= -0x1p63 && v < 0x1p63) {
      return (long) v;
    }
    return Long.MIN_VALUE;
  }

  /** float -> int32 (and narrower, after wrapping) as NumPy on x86: NaN, out of range give MIN. */
  public static int floatToInt32(double v) {
    if (v > -2147483649.0 && v < 2147483648.0) {
      return (int) v;
    }
    return Integer.MIN_VALUE;
  }

  /** Converts a double to the integer value stored for {@code type} (wrapping, NumPy-style). */
  public static long doubleToStored(DType type, double v) {
    return switch (type) {
      case BOOL -> v != 0 ? 1 : 0; // NaN is truthy, as in NumPy
      case INT8 -> (byte) floatToInt32(v);
      case INT16 -> (short) floatToInt32(v);
      case INT32 -> floatToInt32(v);
      case INT64 -> floatToInt64(v);
      default -> throw new AssertionError(type);
    };
  }

  /** Wraps a long to the value range of an integer or bool dtype. */
  public static long wrap(DType type, long v) {
    return switch (type) {
      case BOOL -> v != 0 ? 1 : 0;
      case INT8 -> (byte) v;
      case INT16 -> (short) v;
      case INT32 -> (int) v;
      default -> v;
    };
  }
}
