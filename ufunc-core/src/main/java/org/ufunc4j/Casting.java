package org.ufunc4j;

/**
 * NumPy's casting rules, from strictest to loosest; see {@link DType#canCast(DType, DType,
 * Casting)}.
 */
public enum Casting {
  /** No cast at all. */
  NO,
  /** Only byte-order changes; for ufunc4j (native order only) the same as {@link #NO}. */
  EQUIV,
  /** Only casts that preserve every value. */
  SAFE,
  /** Safe casts and casts within a kind (float64 to float32, int64 to int8). */
  SAME_KIND,
  /** Any cast. */
  UNSAFE;

  /** Parses NumPy's lower-case names ({@code "same_kind"}). */
  public static Casting of(String name) {
    for (Casting c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown casting '" + name + "'; expected one of no, equiv, safe, same_kind, unsafe");
  }
}
