package org.ufunc4j.internal.storage;

import java.lang.foreign.MemorySegment;
import org.ufunc4j.DType;

/** Storage in a Java primitive array; one final subclass per element type. */
public abstract sealed class HeapStorage extends Storage {
  /** Largest array length the JVM reliably allocates. */
  public static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

  HeapStorage(DType dtype) {
    super(dtype);
  }

  @Override
  public final boolean isNative() {
    return false;
  }

  @Override
  public final MemorySegment segment() {
    return null;
  }

  @Override
  public final boolean mayShareMemory(Storage other) {
    // A native storage may wrap a heap segment over this very array: let it decide.
    return other instanceof NativeStorage ? other.mayShareMemory(this) : other.array() == array();
  }

  @Override
  public final void copyElement(Storage src, long si, long di) {
    if (src instanceof HeapStorage) {
      System.arraycopy(src.array(), (int) si, array(), (int) di, 1);
    } else if (dtype() == DType.FLOAT32) {
      setFloat(di, src.getFloat(si)); // not via double: keeps signalling NaN bits
    } else if (dtype().isFloating()) {
      setDouble(di, src.getDouble(si));
    } else {
      setLong(di, src.getLong(si));
    }
  }

  public static HeapStorage allocate(DType type, long n) {
    if (n < 0 || n > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "heap array of " + n + " elements is too large; use NDArray.allocateNative");
    }
    int len = (int) n;
    return switch (type) {
      case FLOAT64 -> new F64(new double[len]);
      case FLOAT32 -> new F32(new float[len]);
      case INT64 -> new I64(new long[len]);
      case INT32 -> new I32(new int[len]);
      case INT16 -> new I16(new short[len]);
      case INT8 -> new I8(new byte[len]);
      case BOOL -> new Bool(new boolean[len]);
    };
  }

  /** Wraps a primitive array without copying; the dtype follows from the array's type. */
  public static HeapStorage wrap(Object array) {
    return switch (array) {
      case double[] a -> new F64(a);
      case float[] a -> new F32(a);
      case long[] a -> new I64(a);
      case int[] a -> new I32(a);
      case short[] a -> new I16(a);
      case byte[] a -> new I8(a);
      case boolean[] a -> new Bool(a);
      case null -> throw new IllegalArgumentException("data array is null");
      default -> throw new IllegalArgumentException(
          "not a primitive array of a supported type: " + array.getClass().getSimpleName());
    };
  }

  public static final class F64 extends HeapStorage {
    public final double[] a;

    F64(double[] a) {
      super(DType.FLOAT64);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return floatToInt64(a[(int) i]); }
    @Override public void setDouble(long i, double v) { a[(int) i] = v; }
    @Override public void setLong(long i, long v) { a[(int) i] = v; }
    @Override public boolean getBoolean(long i) { return a[(int) i] != 0; }
  }

  public static final class F32 extends HeapStorage {
    public final float[] a;

    F32(float[] a) {
      super(DType.FLOAT32);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return floatToInt64(a[(int) i]); }
    @Override public void setDouble(long i, double v) { a[(int) i] = (float) v; }
    @Override public void setLong(long i, long v) { a[(int) i] = v; }
    @Override public boolean getBoolean(long i) { return a[(int) i] != 0; }
    @Override public float getFloat(long i) { return a[(int) i]; }
    @Override public void setFloat(long i, float v) { a[(int) i] = v; }
  }

  public static final class I64 extends HeapStorage {
    public final long[] a;

    I64(long[] a) {
      super(DType.INT64);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return a[(int) i]; }
    @Override public void setDouble(long i, double v) { a[(int) i] = floatToInt64(v); }
    @Override public void setLong(long i, long v) { a[(int) i] = v; }
  }

  public static final class I32 extends HeapStorage {
    public final int[] a;

    I32(int[] a) {
      super(DType.INT32);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return a[(int) i]; }
    @Override public void setDouble(long i, double v) { a[(int) i] = floatToInt32(v); }
    @Override public void setLong(long i, long v) { a[(int) i] = (int) v; }
  }

  public static final class I16 extends HeapStorage {
    public final short[] a;

    I16(short[] a) {
      super(DType.INT16);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return a[(int) i]; }
    @Override public void setDouble(long i, double v) { a[(int) i] = (short) floatToInt32(v); }
    @Override public void setLong(long i, long v) { a[(int) i] = (short) v; }
  }

  public static final class I8 extends HeapStorage {
    public final byte[] a;

    I8(byte[] a) {
      super(DType.INT8);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i]; }
    @Override public long getLong(long i) { return a[(int) i]; }
    @Override public void setDouble(long i, double v) { a[(int) i] = (byte) floatToInt32(v); }
    @Override public void setLong(long i, long v) { a[(int) i] = (byte) v; }
  }

  public static final class Bool extends HeapStorage {
    public final boolean[] a;

    Bool(boolean[] a) {
      super(DType.BOOL);
      this.a = a;
    }

    @Override public long length() { return a.length; }
    @Override public Object array() { return a; }
    @Override public double getDouble(long i) { return a[(int) i] ? 1 : 0; }
    @Override public long getLong(long i) { return a[(int) i] ? 1 : 0; }
    @Override public void setDouble(long i, double v) { a[(int) i] = v != 0; }
    @Override public void setLong(long i, long v) { a[(int) i] = v != 0; }
    @Override public boolean getBoolean(long i) { return a[(int) i]; }
    @Override public void setBoolean(long i, boolean v) { a[(int) i] = v; }
  }
}
