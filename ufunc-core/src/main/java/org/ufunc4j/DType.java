package org.ufunc4j;

import java.util.Locale;
import java.util.Map;
import java.util.HashMap;

/**
 * The element types of ufunc4j arrays, named as NumPy and Numba name them.
 *
 * <p>Each dtype has a canonical name ({@code float64}), the aliases Numba accepts in signatures
 * ({@code f8}, {@code double}), an item size in bytes and NumPy's one-character type code used in
 * {@link Ufunc#types()} ({@code 'd'}). Casting between dtypes follows NumPy's tables, see {@link
 * #canCast(DType, DType, Casting)}.
 */
public enum DType {
  BOOL("bool", 1, '?', Kind.BOOL, "b1", "bool_", "boolean"),
  INT8("int8", 1, 'b', Kind.INT, "i1", "byte"),
  INT16("int16", 2, 'h', Kind.INT, "i2", "short"),
  INT32("int32", 4, 'i', Kind.INT, "i4", "intc"),
  INT64("int64", 8, 'l', Kind.INT, "i8", "long", "int_", "intp"),
  FLOAT32("float32", 4, 'f', Kind.FLOAT, "f4", "float", "single"),
  FLOAT64("float64", 8, 'd', Kind.FLOAT, "f8", "double", "float_");

  /** NumPy's kinds, ordered as NumPy orders them for same_kind casting: b < i < f. */
  enum Kind {
    BOOL,
    INT,
    FLOAT
  }

  private final String canonical;
  private final int itemSize;
  private final char typeChar;
  private final Kind kind;
  private final String[] aliases;

  DType(String canonical, int itemSize, char typeChar, Kind kind, String... aliases) {
    this.canonical = canonical;
    this.itemSize = itemSize;
    this.typeChar = typeChar;
    this.kind = kind;
    this.aliases = aliases;
  }

  private static final Map<String, DType> BY_NAME = new HashMap<>();

  static {
    for (DType t : values()) {
      BY_NAME.put(t.canonical, t);
      for (String a : t.aliases) {
        BY_NAME.put(a, t);
      }
      BY_NAME.put(String.valueOf(t.typeChar), t);
    }
  }

  /** The canonical NumPy name, e.g. {@code "float64"}. */
  public String typeName() {
    return canonical;
  }

  /** Size of one element in bytes. */
  public int itemSize() {
    return itemSize;
  }

  /** NumPy's type character ({@code '?', 'b', 'h', 'i', 'l', 'f', 'd'}). */
  public char typeChar() {
    return typeChar;
  }

  /** True for float32 and float64. */
  public boolean isFloating() {
    return kind == Kind.FLOAT;
  }

  /** True for int8, int16, int32 and int64. */
  public boolean isInteger() {
    return kind == Kind.INT;
  }

  /** True for bool. */
  public boolean isBool() {
    return kind == Kind.BOOL;
  }

  Kind kind() {
    return kind;
  }

  /**
   * Looks a dtype up by its canonical name, a Numba/NumPy alias or its type character.
   *
   * @throws IllegalArgumentException naming the unknown type and listing the known ones
   */
  public static DType of(String name) {
    DType t = find(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown dtype '" + name + "'; known: bool, int8, int16, int32, int64, float32, float64"
              + " and the aliases b1, i1, i2, i4, i8, f4, f8, float, double");
    }
    return t;
  }

  /** Like {@link #of(String)} but returns {@code null} for an unknown name. */
  public static DType find(String name) {
    if (name == null) {
      return null;
    }
    DType t = BY_NAME.get(name);
    return t != null ? t : BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * NumPy's {@code np.can_cast(from, to, casting)} for these dtypes.
   *
   * <ul>
   *   <li>{@code NO}, {@code EQUIV}: only the same dtype (ufunc4j has native byte order only);
   *   <li>{@code SAFE}: values are preserved: bool to anything, integers to wider integers, int8 and
   *       int16 to float32, any integer to float64 (as NumPy allows for int64), float32 to float64;
   *   <li>{@code SAME_KIND}: safe casts and casts within a kind or to a higher kind (bool &lt; int
   *       &lt; float), e.g. float64 to float32 or int64 to float32, but never float to int;
   *   <li>{@code UNSAFE}: anything.
   * </ul>
   */
  public static boolean canCast(DType from, DType to, Casting casting) {
    if (from == to) {
      return true;
    }
    return switch (casting) {
      case NO, EQUIV -> false;
      case SAFE -> safe(from, to);
      case SAME_KIND -> safe(from, to) || from.kind.compareTo(to.kind) <= 0;
      case UNSAFE -> true;
    };
  }

  private static boolean safe(DType from, DType to) {
    if (from.kind == Kind.BOOL) {
      return true;
    }
    if (to.kind == Kind.BOOL) {
      return false;
    }
    if (from.kind == Kind.INT && to.kind == Kind.INT) {
      return to.itemSize >= from.itemSize;
    }
    if (from.kind == Kind.INT) {
      // to is float: float32 holds int8/int16 exactly; float64 is deemed safe for every integer (NumPy).
      return to == FLOAT64 || from.itemSize <= 2;
    }
    // from is float
    return to.kind == Kind.FLOAT && to.itemSize >= from.itemSize;
  }

  /**
   * NumPy's {@code np.result_type} of two array dtypes (the smallest dtype both cast to safely).
   */
  public static DType promote(DType a, DType b) {
    if (canCast(a, b, Casting.SAFE)) {
      return b;
    }
    if (canCast(b, a, Casting.SAFE)) {
      return a;
    }
    // Mixed int/float without a safe direction: int32/int64 with float32 -> float64.
    return FLOAT64;
  }

  @Override
  public String toString() {
    return canonical;
  }
}
