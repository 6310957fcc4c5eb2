package org.ufunc4j;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ufunc4j.internal.ArrayBridge;
import org.ufunc4j.internal.format.ArrayFormatter;
import org.ufunc4j.internal.index.IndexItem;
import org.ufunc4j.internal.index.IndexParser;
import org.ufunc4j.internal.index.StridedCursor;
import org.ufunc4j.internal.storage.HeapStorage;
import org.ufunc4j.internal.storage.NativeStorage;
import org.ufunc4j.internal.storage.Storage;

/**
 * An n-dimensional array: a dtype, a shape, strides and an offset into a storage (a heap primitive
 * array or a native memory segment), as NumPy's ndarray.
 *
 * <p>Strides and the offset count <em>elements</em>, not bytes; strides may be zero (broadcast) or
 * negative (reversed views). Sizes and indices are {@code long} everywhere, so native arrays may
 * hold more than 2^31 elements. Views ({@link #slice}, {@link #transpose}, {@link #reshape} where
 * the strides allow, {@link #broadcastTo}, {@link #flip}, ...) share the storage; writes through
 * one view are seen by the others. Views made by {@link #broadcastTo} are read-only, as in NumPy.
 *
 * <p>Arrays are not thread-safe for concurrent writes to the same elements; ufunc4j's parallel
 * target writes disjoint elements from its workers.
 */
public final class NDArray {
  private final Storage storage;
  private final long[] shape;
  private final long[] strides;
  // Not final only for ArrayBridge.moveView (gufunc core views re-point one array per iteration);
  // every NDArray handed out by public API keeps its offset for life.
  private long offset;
  /**
   * The last {@code ufunc.out(this)} call configuration built for this array (see {@link
   * Ufunc#out}): a kernel that writes {@code f.out(view).apply(...)} for the same reused view
   * in every row gets it back instead of a new one. Racy on purpose: UfuncCall is immutable (final
   * fields), so a thread sees either null, its own or another thread's complete call.
   */
  UfuncCall outCall;
  private final long size;
  private final boolean readOnly;
  // shape and strides never change (a moved view keeps them), so neither does contiguity; every
  // ufunc call asks, once per operand
  private final boolean contiguous;

  static {
    ArrayBridge.install(
        new ArrayBridge() {
          @Override
          public Storage storage(NDArray a) {
            return a.storage;
          }

          @Override
          public NDArray view(
              Storage s, long[] shape, long[] strides, long offset, boolean readOnly) {
            return new NDArray(s, shape, strides, offset, readOnly);
          }

          @Override
          public void moveView(NDArray a, long offset) {
            a.offset = offset;
          }

          @Override
          public long[] shapeRef(NDArray a) {
            return a.shape;
          }

          @Override
          public long[] stridesRef(NDArray a) {
            return a.strides;
          }
        });
  }

  private NDArray(Storage storage, long[] shape, long[] strides, long offset, boolean readOnly) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.size = sizeOf(shape);
    this.readOnly = readOnly || storage.isReadOnly();
    this.contiguous = cOrdered(shape, strides);
  }

  private static NDArray contiguous(Storage storage, long[] shape) {
    return new NDArray(storage, shape, cStrides(shape), 0, false);
  }

  // ------------------------------------------------------------------ factories

  /** Wraps {@code data} (no copy) as a float64 array; without a shape, as a 1-d array. */
  public static NDArray of(double[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as a float32 array; without a shape, as a 1-d array. */
  public static NDArray of(float[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as an int64 array; without a shape, as a 1-d array. */
  public static NDArray of(long[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as an int32 array; without a shape, as a 1-d array. */
  public static NDArray of(int[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as an int16 array; without a shape, as a 1-d array. */
  public static NDArray of(short[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as an int8 array; without a shape, as a 1-d array. */
  public static NDArray of(byte[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  /** Wraps {@code data} (no copy) as a bool array; without a shape, as a 1-d array. */
  public static NDArray of(boolean[] data, long... shape) {
    return wrapArray(data, data == null ? 0 : data.length, shape);
  }

  private static NDArray wrapArray(Object data, int length, long[] shape) {
    Storage s = HeapStorage.wrap(data);
    long[] sh = shape == null || shape.length == 0 ? new long[] {length} : checkShape(shape);
    if (sizeOf(sh) != length) {
      throw new IllegalArgumentException(
          "data of length " + length + " does not match shape " + shapeString(sh) + " of size "
              + sizeOf(sh));
    }
    return contiguous(s, sh);
  }

  /** A 0-d float64 array holding {@code value}. */
  public static NDArray scalar(double value) {
    // Not of(data, new long[0]): of() reads an empty shape as "1-d", which gave shape (1,).
    return full(DType.FLOAT64, value);
  }

  /** A 0-d array of {@code type} holding {@code value} cast as {@link #astype} casts. */
  public static NDArray scalar(DType type, double value) {
    return full(type, value);
  }

  /** A zero-filled array (heap storage when it fits in a Java array, else native). */
  public static NDArray zeros(DType type, long... shape) {
    long[] sh = checkShape(shape);
    return contiguous(Storage.allocate(type, sizeOf(sh)), sh);
  }

  /**
   * An array whose contents the caller overwrites. ufunc4j zero-fills it anyway (the JVM does for
   * heap arrays), so it equals {@link #zeros}.
   */
  public static NDArray empty(DType type, long... shape) {
    return zeros(type, shape);
  }

  /** An array of ones. */
  public static NDArray ones(DType type, long... shape) {
    return full(type, 1L, shape);
  }

  /** An array filled with {@code value}, cast to {@code type} as {@link #astype} casts. */
  public static NDArray full(DType type, double value, long... shape) {
    NDArray a = zeros(type, shape);
    a.fill(value);
    return a;
  }

  /** An array filled with {@code value}, wrapped to {@code type} (exact for int64). */
  public static NDArray full(DType type, long value, long... shape) {
    NDArray a = zeros(type, shape);
    a.fill(value);
    return a;
  }

  /** int64 values {@code 0, 1, ..., stop-1} (NumPy's {@code arange(stop)}). */
  public static NDArray arange(long stop) {
    return arange(0, stop, 1);
  }

  /** int64 values {@code start, start+step, ...} below {@code stop} (above, for negative step). */
  public static NDArray arange(long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("arange step must not be zero");
    }
    // stop - start can overflow a long (arange(MIN, MAX) silently gave an empty array): count
    // in unsigned arithmetic, where the distance between two longs always fits.
    long n;
    if (step > 0 ? stop <= start : stop >= start) {
      n = 0;
    } else {
      long distance = step > 0 ? stop - start : start - stop; // unsigned, in (0, 2^64)
      long stride = step > 0 ? step : -step; // unsigned: -MIN_VALUE is 2^63
      n = Long.divideUnsigned(distance - 1, stride) + 1;
      if (n <= 0) {
        throw new IllegalArgumentException(
            "arange(" + start + ", " + stop + ", " + step + ") has more than 2^63 - 1 elements");
      }
    }
    NDArray a = zeros(DType.INT64, n);
    for (long i = 0; i < n; i++) {
      a.storage.setLong(i, start + i * step);
    }
    return a;
  }

  /** float64 values {@code start + i*step} for {@code i < ceil((stop-start)/step)}. */
  public static NDArray arange(double start, double stop, double step) {
    return arange(DType.FLOAT64, start, stop, step);
  }

  /** As {@link #arange(double, double, double)}, computed in float64, then cast to {@code type}. */
  public static NDArray arange(DType type, double start, double stop, double step) {
    if (step == 0 || Double.isNaN(step)) {
      throw new IllegalArgumentException("arange step must be non-zero and not NaN, got " + step);
    }
    double len = Math.ceil((stop - start) / step);
    if (Double.isNaN(len) || Double.isInfinite(len)) {
      throw new IllegalArgumentException(
          "arange(" + start + ", " + stop + ", " + step + ") has no finite length");
    }
    long n = (long) Math.max(len, 0);
    NDArray a = zeros(type, n);
    // NumPy stores start and start+step, then fills start + i*delta with the rounded difference
    // delta = (start+step) - start, not step: arange(1, 1.3, 0.1)[2] is 1.2000000000000002.
    double second = start + step;
    double delta = second - start;
    for (long i = 0; i < n; i++) {
      a.storage.setDouble(i, i == 0 ? start : i == 1 ? second : start + i * delta);
    }
    return a;
  }

  /** {@code num} evenly spaced float64 values from {@code start} to {@code stop} inclusive. */
  public static NDArray linspace(double start, double stop, long num) {
    return linspace(start, stop, num, true, DType.FLOAT64);
  }

  /**
   * {@code num} evenly spaced values, as NumPy's {@code linspace}: {@code start + i*step} with
   * {@code step = (stop-start)/(endpoint ? num-1 : num)}; with {@code endpoint} the last value is
   * exactly {@code stop}. Computed in float64, then cast to {@code type}.
   */
  public static NDArray linspace(double start, double stop, long num, boolean endpoint, DType type) {
    if (num < 0) {
      throw new IllegalArgumentException("linspace num must be non-negative, got " + num);
    }
    long div = endpoint ? num - 1 : num;
    double delta = stop - start;
    double step = div > 0 ? delta / div : Double.NaN;
    NDArray a = zeros(type, num);
    for (long i = 0; i < num; i++) {
      double v = div > 0 ? (step == 0 ? (double) i / div * delta : i * step) + start : start;
      a.storage.setDouble(i, v);
    }
    if (endpoint && num > 1) {
      a.storage.setDouble(num - 1, stop);
    }
    return a;
  }

  /**
   * Uniform values in [0, 1) from the SplitMix64 stream, so that any language builds bit-identical
   * inputs. Element {@code i} (C order, from 0) of the stream with seed {@code s} is {@code z = s +
   * (i+1) * 0x9E3779B97F4A7C15 (mod 2^64); z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z
   * >>> 27)) * 0x94D049BB133111EB; z ^= z >>> 31}; then float64 {@code (z >>> 11) * 2^-53} or
   * float32 {@code (z >>> 40) * 2^-24}, both exact.
   *
   * @throws IllegalArgumentException for a dtype other than float32 and float64
   */
  public static NDArray random(DType type, long seed, long... shape) {
    if (!type.isFloating()) {
      throw new IllegalArgumentException(
          "random draws uniform [0, 1) values and needs float32 or float64, not " + type);
    }
    NDArray a = zeros(type, shape);
    Object arr = a.storage.array();
    if (arr instanceof double[] d) {
      for (int i = 0; i < d.length; i++) {
        d[i] = (splitMix64(seed, i) >>> 11) * 0x1.0p-53;
      }
    } else if (arr instanceof float[] f) {
      for (int i = 0; i < f.length; i++) {
        f[i] = (splitMix64(seed, i) >>> 40) * 0x1.0p-24f;
      }
    } else {
      for (long i = 0; i < a.size; i++) {
        long z = splitMix64(seed, i);
        a.storage.setDouble(i, type == DType.FLOAT64 ? (z >>> 11) * 0x1.0p-53 : (z >>> 40) * 0x1.0p-24f);
      }
    }
    return a;
  }

  /** Element {@code i} of the SplitMix64 stream with seed {@code seed} (see {@link #random}). */
  public static long splitMix64(long seed, long i) {
    long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A zero-filled array in native memory, 64-byte aligned, freed by the garbage collector. */
  public static NDArray allocateNative(DType type, long... shape) {
    long[] sh = checkShape(shape);
    return contiguous(NativeStorage.allocate(type, sizeOf(sh)), sh);
  }

  /** A zero-filled array in native memory from {@code arena} (64-byte aligned). */
  public static NDArray allocateNative(Arena arena, DType type, long... shape) {
    long[] sh = checkShape(shape);
    return contiguous(NativeStorage.allocate(arena, type, sizeOf(sh)), sh);
  }

  /**
   * Wraps a memory segment (native or heap, e.g. a memory-mapped file) as a C-contiguous array of
   * {@code type}, elements in native byte order. A read-only segment gives a read-only array.
   */
  public static NDArray wrap(MemorySegment segment, DType type, long... shape) {
    if (segment == null) {
      throw new IllegalArgumentException("segment is null");
    }
    long[] sh = checkShape(shape);
    long n = sizeOf(sh);
    long bytes = Math.multiplyExact(n, (long) type.itemSize());
    if (segment.byteSize() < bytes) {
      throw new IllegalArgumentException(
          "segment of " + segment.byteSize() + " bytes is too small for " + type + " shape "
              + shapeString(sh) + " (" + bytes + " bytes)");
    }
    return contiguous(new NativeStorage(segment.asSlice(0, bytes), type, n), sh);
  }

  // ------------------------------------------------------------------ properties

  public DType dtype() {
    return storage.dtype();
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** The length of dimension {@code axis} (negative counts from the end). */
  public long shape(int axis) {
    return shape[normAxis(axis, shape.length)];
  }

  /** A copy of the strides, in elements. */
  public long[] strides() {
    return strides.clone();
  }

  /** The index of element {@code [0, ..., 0]} in the storage, in elements. */
  public long offset() {
    return offset;
  }

  public int ndim() {
    return shape.length;
  }

  /** Number of elements (the product of the shape). */
  public long size() {
    return size;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** True when the storage is a native memory segment. */
  public boolean isNative() {
    return storage.isNative();
  }

  /** The backing heap primitive array ({@code double[]}, ...), or null for native storage. */
  public Object heapArray() {
    return storage.array();
  }

  /** The backing native segment, or null for heap storage. Element i is at byte i * itemSize. */
  public MemorySegment segment() {
    return storage.segment();
  }

  /** True when the elements lie in C order without gaps (strides of size-1 dims are ignored). */
  public boolean isContiguous() {
    return contiguous;
  }

  private static boolean cOrdered(long[] shape, long[] strides) {
    long expect = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 0) {
        return true;
      }
      if (shape[d] != 1 && strides[d] != expect) {
        return false;
      }
      expect *= shape[d];
    }
    return true;
  }

  /** True when this array and {@code other} may share memory (NumPy's may_share_memory). */
  public boolean mayShareMemory(NDArray other) {
    return storage.mayShareMemory(other.storage);
  }

  // ------------------------------------------------------------------ elements

  /** The element at {@code index} as a double (negative indices count from the end). */
  public double getDouble(long... index) {
    return storage.getDouble(elementIndex(index));
  }

  /** The element at {@code index} as a long (floats truncate as {@link #astype} does). */
  public long getLong(long... index) {
    return storage.getLong(elementIndex(index));
  }

  /** The element at {@code index} as a boolean (non-zero is true). */
  public boolean getBoolean(long... index) {
    return storage.getBoolean(elementIndex(index));
  }

  /** Sets the element at {@code index}, cast to the dtype as {@link #astype} casts. */
  public void set(double value, long... index) {
    long e = elementIndex(index);
    checkWritable();
    storage.setDouble(e, value);
  }

  /** Sets the element at {@code index}, exact for int64 and wrapped for narrower integers. */
  public void set(long value, long... index) {
    long e = elementIndex(index);
    checkWritable();
    storage.setLong(e, value);
  }

  /** Sets the element at {@code index}. */
  public void set(boolean value, long... index) {
    long e = elementIndex(index);
    checkWritable();
    storage.setBoolean(e, value);
  }

  /** Sets every element to {@code value} (cast as {@link #astype} casts). */
  public void fill(double value) {
    checkWritable();
    forEach(e -> storage.setDouble(e, value));
  }

  /** Sets every element to {@code value} (wrapped to the dtype). */
  public void fill(long value) {
    checkWritable();
    forEach(e -> storage.setLong(e, value));
  }

  /** Copies {@code src} into this array, broadcasting it and casting unsafely (NumPy's copyto). */
  public void assign(NDArray src) {
    checkWritable();
    NDArray s = src.broadcastTo(shape);
    if (s.mayShareMemory(this)) {
      s = s.copy();
    }
    StridedCursor c = new StridedCursor(shape, new long[] {offset, s.offset}, strides, s.strides);
    boolean floating = s.dtype().isFloating();
    boolean same = s.dtype() == dtype();
    for (long i = 0; i < size; i++) {
      if (same) {
        storage.copyElement(s.storage, c.at(1), c.at(0)); // bit-exact, like NumPy's copyto
      } else if (floating) {
        storage.setDouble(c.at(0), s.storage.getDouble(c.at(1)));
      } else {
        storage.setLong(c.at(0), s.storage.getLong(c.at(1)));
      }
      c.advance();
    }
  }

  private interface ElementVisitor {
    void visit(long elementIndex);
  }

  private void forEach(ElementVisitor v) {
    if (isContiguous()) {
      for (long i = 0; i < size; i++) {
        v.visit(offset + i);
      }
      return;
    }
    StridedCursor c = new StridedCursor(shape, new long[] {offset}, strides);
    for (long i = 0; i < size; i++) {
      v.visit(c.at(0));
      c.advance();
    }
  }

  private long elementIndex(long[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " has " + index.length + " entries but the array has "
              + shape.length + " dimensions " + shapeString(shape));
    }
    long e = offset;
    for (int d = 0; d < index.length; d++) {
      long i = index[d];
      if (i < -shape[d] || i >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + i + " is out of bounds for axis " + d + " with size " + shape[d]);
      }
      if (i < 0) {
        i += shape[d];
      }
      e += i * strides[d];
    }
    return e;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalArgumentException(
          "assignment destination is read-only (" + (storage.isReadOnly() ? "read-only segment" : "a read-only view, e.g. from broadcastTo") + ")");
    }
  }

  // ------------------------------------------------------------------ copies

  /** A C-ordered copy as a new {@code double[]} (the array must fit in a Java array). */
  public double[] toDoubleArray() {
    double[] out = new double[heapLength()];
    copyInto(HeapStorage.wrap(out));
    return out;
  }

  /** A C-ordered copy as a new {@code float[]}, cast as {@link #astype} casts. */
  public float[] toFloatArray() {
    float[] out = new float[heapLength()];
    copyInto(HeapStorage.wrap(out));
    return out;
  }

  /** A C-ordered copy as a new {@code long[]}, cast as {@link #astype} casts. */
  public long[] toLongArray() {
    long[] out = new long[heapLength()];
    copyInto(HeapStorage.wrap(out));
    return out;
  }

  /** A C-ordered copy as a new {@code int[]}, cast as {@link #astype} casts. */
  public int[] toIntArray() {
    int[] out = new int[heapLength()];
    copyInto(HeapStorage.wrap(out));
    return out;
  }

  /** A C-ordered copy as a new {@code boolean[]} (non-zero is true). */
  public boolean[] toBooleanArray() {
    boolean[] out = new boolean[heapLength()];
    copyInto(HeapStorage.wrap(out));
    return out;
  }

  private int heapLength() {
    if (size > HeapStorage.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "array of " + size + " elements does not fit in a Java array");
    }
    return (int) size;
  }

  /** A C-contiguous, writable copy with the same dtype and storage kind (heap or native). */
  public NDArray copy() {
    return astype(dtype(), Casting.UNSAFE);
  }

  /** A C-contiguous copy converted to {@code type} with NumPy's default {@code unsafe} casting. */
  public NDArray astype(DType type) {
    return astype(type, Casting.UNSAFE);
  }

  /**
   * A C-contiguous copy converted to {@code type}. Float to integer casts truncate toward zero;
   * NaN and out-of-range values give the type's minimum for int64 and int32 (as NumPy on x86),
   * narrower integers wrap; integer casts wrap; anything to bool is "non-zero".
   *
   * @throws IllegalArgumentException when {@code casting} does not allow the cast
   */
  public NDArray astype(DType type, Casting casting) {
    if (!DType.canCast(dtype(), type, casting)) {
      throw new IllegalArgumentException(
          "Cannot cast array data from " + dtype() + " to " + type + " according to the rule '"
              + casting.name().toLowerCase(java.util.Locale.ROOT) + "'");
    }
    Storage dst =
        storage.isNative() || size > HeapStorage.MAX_LENGTH
            ? NativeStorage.allocate(type, size)
            : HeapStorage.allocate(type, size);
    copyInto(dst);
    return contiguous(dst, shape.clone());
  }

  /** Copies the elements in C order into {@code dst} (from index 0), converting the dtype. */
  private void copyInto(Storage dst) {
    if (isContiguous() && dst.dtype() == dtype()) {
      bulkCopy(dst);
      return;
    }
    boolean floating = dtype().isFloating();
    boolean same = dst.dtype() == dtype();
    long[] i = {0};
    forEach(
        e -> {
          if (same) {
            dst.copyElement(storage, e, i[0]++); // bit-exact: float32 NaN payloads survive copy()
          } else if (floating) {
            dst.setDouble(i[0]++, storage.getDouble(e));
          } else {
            dst.setLong(i[0]++, storage.getLong(e));
          }
        });
  }

  private void bulkCopy(Storage dst) {
    if (size == 0) {
      return;
    }
    Object src = storage.array();
    Object out = dst.array();
    if (src != null && out != null) {
      System.arraycopy(src, (int) offset, out, 0, (int) size);
    } else if (src == null && out == null) {
      int item = dtype().itemSize();
      MemorySegment.copy(storage.segment(), offset * item, dst.segment(), 0, size * item);
    } else {
      for (long i = 0; i < size; i++) {
        dst.copyElement(storage, offset + i, i);
      }
    }
  }

  // ------------------------------------------------------------------ views

  /**
   * A view selected by a NumPy index string: {@code "1:10:2, ::-1, 3, ..., None"}. Integers
   * select (and remove) a dimension, slices keep it, {@code ...} stands for the remaining
   * dimensions, {@code None} inserts a dimension of length 1.
   *
   * @throws IllegalArgumentException for a syntax error (with its position) or too many indices
   * @throws IndexOutOfBoundsException for an integer index out of range
   */
  public NDArray slice(String index) {
    List<IndexItem> items = IndexParser.parse(index);
    int consumed = 0;
    int ellipses = 0;
    for (IndexItem it : items) {
      if (it instanceof IndexItem.Single || it instanceof IndexItem.Range) {
        consumed++;
      } else if (it instanceof IndexItem.Ellipsis e) {
        if (++ellipses > 1) {
          throw new IllegalArgumentException(
              "an index can only have a single ellipsis ('...'), second at position "
                  + e.position() + " in \"" + index + "\"");
        }
      }
    }
    if (consumed > shape.length) {
      throw new IllegalArgumentException(
          "too many indices for array: array is " + shape.length + "-dimensional, but " + consumed
              + " were indexed in \"" + index + "\"");
    }
    List<Long> newShape = new ArrayList<>();
    List<Long> newStrides = new ArrayList<>();
    long off = offset;
    int d = 0;
    for (IndexItem it : items) {
      switch (it) {
        case IndexItem.Ellipsis e -> {
          int take = shape.length - consumed;
          for (int k = 0; k < take; k++, d++) {
            newShape.add(shape[d]);
            newStrides.add(strides[d]);
          }
        }
        case IndexItem.NewAxis n -> {
          newShape.add(1L);
          newStrides.add(0L);
        }
        case IndexItem.Single s -> {
          long i = s.index();
          if (i < -shape[d] || i >= shape[d]) {
            throw new IndexOutOfBoundsException(
                "index " + i + " is out of bounds for axis " + d + " with size " + shape[d]
                    + " (at position " + s.position() + " in \"" + index + "\")");
          }
          off += (i < 0 ? i + shape[d] : i) * strides[d];
          d++;
        }
        case IndexItem.Range r -> {
          long[] sl = sliceIndices(r.start(), r.stop(), r.step(), shape[d]);
          if (sl[3] > 0) {
            off += sl[0] * strides[d];
          }
          newShape.add(sl[3]);
          newStrides.add(strides[d] * sl[2]);
          d++;
        }
      }
    }
    for (; d < shape.length; d++) {
      newShape.add(shape[d]);
      newStrides.add(strides[d]);
    }
    return new NDArray(storage, toLongs(newShape), toLongs(newStrides), off, readOnly);
  }

  /** Python's slice.indices(n) plus the length: {start, stop, step, length}. */
  private static long[] sliceIndices(Long start, Long stop, Long stepOrNull, long n) {
    long step = stepOrNull == null ? 1 : stepOrNull;
    long lo;
    long hi;
    if (step > 0) {
      lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
      hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
      // (hi - lo - 1) / step + 1, not (hi - lo + step - 1) / step: that overflows for huge steps.
      long len = hi > lo ? (hi - lo - 1) / step + 1 : 0;
      return new long[] {lo, hi, step, len};
    }
    lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
    hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
    // x / step with step < 0 is -(x / |step|) truncated, and cannot overflow even for MIN_VALUE.
    long len = lo > hi ? 1 - (lo - hi - 1) / step : 0;
    return new long[] {lo, hi, step, len};
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Reverses the order of the dimensions (NumPy's {@code .T}). */
  public NDArray transpose() {
    int[] axes = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = axes.length - 1 - i;
    }
    return transpose(axes);
  }

  /** Permutes the dimensions: dimension {@code i} of the result is {@code axes[i]} of this. */
  public NDArray transpose(int... axes) {
    if (axes.length == 0 && shape.length != 0) {
      return transpose();
    }
    if (axes.length != shape.length) {
      throw new IllegalArgumentException(
          "axes " + Arrays.toString(axes) + " don't match an array of " + shape.length
              + " dimensions");
    }
    boolean[] seen = new boolean[shape.length];
    long[] ns = new long[shape.length];
    long[] nt = new long[shape.length];
    for (int i = 0; i < axes.length; i++) {
      int a = normAxis(axes[i], shape.length);
      if (seen[a]) {
        throw new IllegalArgumentException("repeated axis " + axes[i] + " in transpose " + Arrays.toString(axes));
      }
      seen[a] = true;
      ns[i] = shape[a];
      nt[i] = strides[a];
    }
    return new NDArray(storage, ns, nt, offset, readOnly);
  }

  /** Exchanges two dimensions. */
  public NDArray swapaxes(int axis1, int axis2) {
    int a = normAxis(axis1, shape.length);
    int b = normAxis(axis2, shape.length);
    int[] axes = new int[shape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    axes[a] = b;
    axes[b] = a;
    return transpose(axes);
  }

  /** Reverses the order of elements along {@code axis} (a view). */
  public NDArray flip(int axis) {
    int a = normAxis(axis, shape.length);
    long[] nt = strides.clone();
    long off = offset;
    if (shape[a] > 0) {
      off += (shape[a] - 1) * strides[a];
    }
    nt[a] = -strides[a];
    return new NDArray(storage, shape.clone(), nt, off, readOnly);
  }

  /** Reverses the order of elements along every axis (a view). */
  public NDArray flip() {
    NDArray r = this;
    for (int a = 0; a < shape.length; a++) {
      r = r.flip(a);
    }
    return r;
  }

  /** Removes every dimension of length 1. */
  public NDArray squeeze() {
    List<Long> ns = new ArrayList<>();
    List<Long> nt = new ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1) {
        ns.add(shape[d]);
        nt.add(strides[d]);
      }
    }
    return new NDArray(storage, toLongs(ns), toLongs(nt), offset, readOnly);
  }

  /** Removes the given dimensions, each of which must have length 1. */
  public NDArray squeeze(int... axes) {
    boolean[] drop = new boolean[shape.length];
    for (int axis : axes) {
      int a = normAxis(axis, shape.length);
      if (shape[a] != 1) {
        throw new IllegalArgumentException(
            "cannot select an axis to squeeze out which has size not equal to one: axis " + axis
                + " has size " + shape[a]);
      }
      drop[a] = true;
    }
    List<Long> ns = new ArrayList<>();
    List<Long> nt = new ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      if (!drop[d]) {
        ns.add(shape[d]);
        nt.add(strides[d]);
      }
    }
    return new NDArray(storage, toLongs(ns), toLongs(nt), offset, readOnly);
  }

  /** Inserts a dimension of length 1 at {@code axis} (from {@code -ndim-1} to {@code ndim}). */
  public NDArray expandDims(int axis) {
    int nd = shape.length + 1;
    int a = normAxis(axis, nd);
    long[] ns = new long[nd];
    long[] nt = new long[nd];
    for (int d = 0, s = 0; d < nd; d++) {
      if (d == a) {
        ns[d] = 1;
        nt[d] = 0;
      } else {
        ns[d] = shape[s];
        nt[d] = strides[s++];
      }
    }
    return new NDArray(storage, ns, nt, offset, readOnly);
  }

  /**
   * The same elements in a new shape; one entry may be -1 (inferred). A view when the strides
   * allow it (always for contiguous arrays), else a C-ordered copy, as NumPy's reshape.
   *
   * @throws IllegalArgumentException when the sizes differ
   */
  public NDArray reshape(long... newShape) {
    long[] ns = inferShape(newShape);
    long[] nt = reshapeStrides(ns);
    if (nt != null) {
      return new NDArray(storage, ns, nt, offset, readOnly);
    }
    NDArray c = copy();
    return new NDArray(c.storage, ns, cStrides(ns), 0, false);
  }

  /** A 1-d view of the elements in C order when possible, else a 1-d copy. */
  public NDArray ravel() {
    return reshape(size);
  }

  private long[] inferShape(long[] newShape) {
    long[] ns = newShape.clone();
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < ns.length; i++) {
      if (ns[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("can only specify one unknown dimension in " + shapeString(newShape));
        }
        unknown = i;
      } else if (ns[i] < 0) {
        throw new IllegalArgumentException("negative dimension " + ns[i] + " in shape " + shapeString(newShape));
      } else {
        known = Math.multiplyExact(known, ns[i]);
      }
    }
    if (unknown >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape array of size " + size + " into shape " + shapeString(newShape));
      }
      ns[unknown] = size / known;
    } else if (known != size) {
      throw new IllegalArgumentException(
          "cannot reshape array of size " + size + " into shape " + shapeString(newShape));
    }
    return ns;
  }

  /** New strides that read the same elements in the new shape, or null when a copy is needed. */
  private long[] reshapeStrides(long[] ns) {
    if (size == 0 || isContiguous()) {
      long[] nt = cStrides(ns);
      return nt;
    }
    // Drop length-1 dims of the old shape: their strides are irrelevant.
    int oldNd = 0;
    long[] os = new long[shape.length];
    long[] ot = new long[shape.length];
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1) {
        os[oldNd] = shape[d];
        ot[oldNd++] = strides[d];
      }
    }
    long[] nt = new long[ns.length];
    int oi = 0;
    int ni = 0;
    while (ni < ns.length && oi < oldNd) {
      long np = ns[ni];
      long op = os[oi];
      int nj = ni + 1;
      int oj = oi + 1;
      while (np != op) {
        if (np < op) {
          np *= ns[nj++];
        } else {
          op *= os[oj++];
        }
      }
      // The old dims of this group must be laid out as one C-ordered block.
      for (int k = oi; k < oj - 1; k++) {
        if (ot[k] != ot[k + 1] * os[k + 1]) {
          return null;
        }
      }
      nt[nj - 1] = ot[oj - 1];
      for (int k = nj - 1; k > ni; k--) {
        nt[k - 1] = nt[k] * ns[k];
      }
      ni = nj;
      oi = oj;
    }
    for (; ni < ns.length; ni++) {
      nt[ni] = 1; // trailing length-1 dims
    }
    return nt;
  }

  /**
   * A read-only view with {@code newShape}, NumPy's broadcast_to: dimensions are matched from the
   * right; each must equal the new length or be 1 (then repeated with stride 0).
   *
   * @throws IllegalArgumentException when the shapes do not broadcast
   */
  public NDArray broadcastTo(long... newShape) {
    long[] ns = checkShape(newShape);
    if (ns.length < shape.length) {
      throw new IllegalArgumentException(
          "cannot broadcast an array of shape " + shapeString(shape) + " to fewer dimensions "
              + shapeString(ns));
    }
    long[] nt = new long[ns.length];
    int lead = ns.length - shape.length;
    for (int d = 0; d < shape.length; d++) {
      long have = shape[d];
      long want = ns[lead + d];
      if (have == want) {
        nt[lead + d] = strides[d];
      } else if (have == 1) {
        nt[lead + d] = 0;
      } else {
        throw new IllegalArgumentException(
            "operands could not be broadcast: shape " + shapeString(shape) + " to "
                + shapeString(ns) + " (dimension " + d + " has length " + have + ", wanted "
                + want + ")");
      }
    }
    // Always read-only, as documented and as NumPy's broadcast_to (even to the same shape).
    return new NDArray(storage, ns, nt, offset, true);
  }

  /** A read-only view of this array. */
  public NDArray asReadOnly() {
    return new NDArray(storage, shape, strides, offset, true);
  }

  // ------------------------------------------------------------------ comparison and printing

  /**
   * Value equality: same shape, same dtype, and equal elements, floats compared with {@link
   * Double#compare} semantics (NaN equals NaN, -0.0 differs from 0.0).
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NDArray b) || b.dtype() != dtype() || !Arrays.equals(shape, b.shape)) {
      return false;
    }
    StridedCursor c = new StridedCursor(shape, new long[] {offset, b.offset}, strides, b.strides);
    boolean floating = dtype().isFloating();
    for (long i = 0; i < size; i++) {
      boolean same =
          floating
              ? Double.compare(storage.getDouble(c.at(0)), b.storage.getDouble(c.at(1))) == 0
              : storage.getLong(c.at(0)) == b.storage.getLong(c.at(1));
      if (!same) {
        return false;
      }
      c.advance();
    }
    return true;
  }

  @Override
  public int hashCode() {
    int[] h = {dtype().hashCode() * 31 + Arrays.hashCode(shape)};
    boolean floating = dtype().isFloating();
    forEach(e -> h[0] = h[0] * 31 + (floating ? Double.hashCode(storage.getDouble(e)) : Long.hashCode(storage.getLong(e))));
    return h[0];
  }

  /**
   * NumPy's {@code allclose}: after broadcasting, {@code |a - b| <= atol + rtol * |b|} for every
   * element; infinities must match exactly; NaN is never close.
   */
  public static boolean allClose(NDArray a, NDArray b, double rtol, double atol) {
    return allClose(a, b, rtol, atol, false);
  }

  /** As {@link #allClose(NDArray, NDArray, double, double)}, with NaN close to NaN if asked. */
  public static boolean allClose(NDArray a, NDArray b, double rtol, double atol, boolean equalNan) {
    long[] sh = Broadcast.shapes(a.shape, b.shape);
    NDArray x = a.broadcastTo(sh);
    NDArray y = b.broadcastTo(sh);
    StridedCursor c = new StridedCursor(sh, new long[] {x.offset, y.offset}, x.strides, y.strides);
    long n = sizeOf(sh);
    for (long i = 0; i < n; i++) {
      double u = x.storage.getDouble(c.at(0));
      double v = y.storage.getDouble(c.at(1));
      c.advance();
      if (Double.isNaN(u) || Double.isNaN(v)) {
        if (equalNan && Double.isNaN(u) && Double.isNaN(v)) {
          continue;
        }
        return false;
      }
      if (Double.isInfinite(u) || Double.isInfinite(v)) {
        if (u != v) {
          return false;
        }
        continue;
      }
      if (!(Math.abs(u - v) <= atol + rtol * Math.abs(v))) {
        return false;
      }
    }
    return true;
  }

  /** NumPy's {@code allclose} with its defaults {@code rtol = 1e-5}, {@code atol = 1e-8}. */
  public static boolean allClose(NDArray a, NDArray b) {
    return allClose(a, b, 1e-5, 1e-8);
  }

  /** Prints like NumPy's {@code str(a)}, summarised with {@code ...} beyond 1000 elements. */
  @Override
  public String toString() {
    return ArrayFormatter.format(this);
  }

  // ------------------------------------------------------------------ helpers

  static long sizeOf(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, s);
    }
    return n;
  }

  static long[] cStrides(long[] shape) {
    long[] st = new long[shape.length];
    long s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = s;
      s *= Math.max(shape[d], 1);
    }
    return st;
  }

  private static long[] checkShape(long[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException("shape is null");
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0) {
        throw new IllegalArgumentException(
            "negative dimension " + shape[d] + " at axis " + d + " of shape " + shapeString(shape));
      }
    }
    try {
      sizeOf(shape);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("shape " + shapeString(shape) + " has more than 2^63 elements");
    }
    return shape.clone();
  }

  static int normAxis(int axis, int nd) {
    if (axis < -nd || axis >= nd) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of bounds for array of dimension " + nd);
    }
    return axis < 0 ? axis + nd : axis;
  }

  private static long[] toLongs(List<Long> l) {
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = l.get(i);
    }
    return r;
  }

  /** NumPy's way of writing a shape: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
  public static String shapeString(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(')').toString();
  }
}
