package org.ufunc4j.gufunc;

import org.ufunc4j.DType;

/**
 * What a gufunc kernel receives at each outer iteration: typed views of every operand's core
 * (inputs first, then outputs). The object and its views belong to one worker and are reused for
 * every iteration: keep no reference to them after the kernel returns.
 *
 * <pre>{@code
 * core -> {
 *   F64Core a = core.f64(0), b = core.f64(1), c = core.f64(2);
 *   for (long j = 0; j < a.size(0); j++) c.set(Math.pow(a.get(j), b.get(j)), j);
 * }
 * }</pre>
 */
public final class Core {
  private final CoreView[] views;
  private final DType[] types;
  private final int nin;
  // Typed copies of the views (null where the dtype differs): f64(i) is an array read, not a cast.
  private final F64Core[] f64;
  private final F32Core[] f32;
  private final I64Core[] i64;
  private final I32Core[] i32;
  private final BoolCore[] bool;
  long outerIndex;

  Core(CoreView[] views, DType[] types, int nin) {
    this.views = views;
    this.types = types;
    this.nin = nin;
    int n = views.length;
    f64 = new F64Core[n];
    f32 = new F32Core[n];
    i64 = new I64Core[n];
    i32 = new I32Core[n];
    bool = new BoolCore[n];
    for (int i = 0; i < n; i++) {
      switch (views[i]) {
        case F64Core v -> f64[i] = v;
        case F32Core v -> f32[i] = v;
        case I64Core v -> i64[i] = v;
        case I32Core v -> i32[i] = v;
        case BoolCore v -> bool[i] = v;
      }
    }
  }

  /** Number of inputs. */
  public int nin() {
    return nin;
  }

  /** Number of outputs. */
  public int nout() {
    return views.length - nin;
  }

  /** The position of this iteration in the (C-ordered) outer loop space. */
  public long outerIndex() {
    return outerIndex;
  }

  /** The dtype of operand {@code i}. */
  public DType dtype(int i) {
    return types[i];
  }

  /** The untyped view of operand {@code i}. */
  public CoreView view(int i) {
    return views[i];
  }

  /** Operand {@code i} as a float64 view. */
  public F64Core f64(int i) {
    F64Core v = i >= 0 && i < views.length ? f64[i] : null;
    return v != null ? v : typed(i, F64Core.class, DType.FLOAT64);
  }

  /** Operand {@code i} as a float32 view. */
  public F32Core f32(int i) {
    F32Core v = i >= 0 && i < views.length ? f32[i] : null;
    return v != null ? v : typed(i, F32Core.class, DType.FLOAT32);
  }

  /** Operand {@code i} as an int64 view. */
  public I64Core i64(int i) {
    I64Core v = i >= 0 && i < views.length ? i64[i] : null;
    return v != null ? v : typed(i, I64Core.class, DType.INT64);
  }

  /** Operand {@code i} as an int32 view. */
  public I32Core i32(int i) {
    I32Core v = i >= 0 && i < views.length ? i32[i] : null;
    return v != null ? v : typed(i, I32Core.class, DType.INT32);
  }

  /** Operand {@code i} as a bool view. */
  public BoolCore bool(int i) {
    BoolCore v = i >= 0 && i < views.length ? bool[i] : null;
    return v != null ? v : typed(i, BoolCore.class, DType.BOOL);
  }

  private <V extends CoreView> V typed(int i, Class<V> cls, DType want) {
    if (i < 0 || i >= views.length) {
      throw new IndexOutOfBoundsException("operand " + i + " of a gufunc with " + views.length + " operands");
    }
    CoreView v = views[i];
    if (!cls.isInstance(v)) {
      throw new IllegalStateException(
          "operand " + i + " has dtype " + types[i] + ", not " + want + "; use core." + accessor(types[i]) + "(" + i + ")");
    }
    return cls.cast(v);
  }

  private static String accessor(DType t) {
    return switch (t) {
      case FLOAT64 -> "f64";
      case FLOAT32 -> "f32";
      case INT64 -> "i64";
      case INT32 -> "i32";
      case BOOL -> "bool";
      default -> "view";
    };
  }

  static CoreView newView(DType t, int ndim, boolean writable) {
    return switch (t) {
      case FLOAT64 -> new F64Core(ndim, writable);
      case FLOAT32 -> new F32Core(ndim, writable);
      case INT64 -> new I64Core(ndim, writable);
      case INT32 -> new I32Core(ndim, writable);
      case BOOL -> new BoolCore(ndim, writable);
      default -> throw new IllegalArgumentException(
          "gufunc core views exist for float64, float32, int64, int32 and bool, not " + t);
    };
  }
}
