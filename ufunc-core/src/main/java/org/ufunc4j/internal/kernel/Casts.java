package org.ufunc4j.internal.kernel;

/** Conversions that generated kernels call (C2 inlines them); NumPy's truthiness is "non-zero". */
public final class Casts {
  private Casts() {}

  public static int boolOf(int v) {
    return v != 0 ? 1 : 0;
  }

  public static int boolOf(long v) {
    return v != 0 ? 1 : 0;
  }

  public static int boolOf(float v) {
    return v != 0 ? 1 : 0; // NaN != 0 is true: NaN is truthy, as in NumPy
  }

  public static int boolOf(double v) {
    return v != 0 ? 1 : 0;
  }
}
