package org.ufunc4j.internal.kernel;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;

/**
 * What a {@link Fn} lambda takes and returns: its interface, method, and the Java primitive
 * types of its parameters and result, written as the dtypes that hold them exactly (double =
 * float64, float = float32, long = int64, int = int32, boolean = bool).
 */
public record FnShape(Class<?> iface, String method, DType[] params, DType result) {
  private static final Map<Class<?>, FnShape> SHAPES = new LinkedHashMap<>();

  private static final DType D = DType.FLOAT64;
  private static final DType F = DType.FLOAT32;
  private static final DType J = DType.INT64;
  private static final DType I = DType.INT32;
  private static final DType Z = DType.BOOL;

  static {
    put(Fn.DoubleUnary.class, "applyAsDouble", D, D);
    put(Fn.DoubleBinary.class, "applyAsDouble", D, D, D);
    put(Fn.DoubleTernary.class, "applyAsDouble", D, D, D, D);
    put(Fn.DoubleQuaternary.class, "applyAsDouble", D, D, D, D, D);
    put(Fn.FloatUnary.class, "applyAsFloat", F, F);
    put(Fn.FloatBinary.class, "applyAsFloat", F, F, F);
    put(Fn.FloatTernary.class, "applyAsFloat", F, F, F, F);
    put(Fn.FloatQuaternary.class, "applyAsFloat", F, F, F, F, F);
    put(Fn.LongUnary.class, "applyAsLong", J, J);
    put(Fn.LongBinary.class, "applyAsLong", J, J, J);
    put(Fn.IntUnary.class, "applyAsInt", I, I);
    put(Fn.IntBinary.class, "applyAsInt", I, I, I);
    put(Fn.DoublePredicate.class, "test", Z, D);
    put(Fn.DoubleBiPredicate.class, "test", Z, D, D);
    put(Fn.LongPredicate.class, "test", Z, J);
    put(Fn.LongBiPredicate.class, "test", Z, J, J);
    put(Fn.BoolUnary.class, "test", Z, Z);
    put(Fn.BoolBinary.class, "test", Z, Z, Z);
    put(Fn.DoubleLongToDouble.class, "applyAsDouble", D, D, J);
    put(Fn.LongToDouble.class, "applyAsDouble", D, J);
    put(Fn.DoubleToLong.class, "applyAsLong", J, D);
  }

  private static void put(Class<?> iface, String method, DType result, DType... params) {
    SHAPES.put(iface, new FnShape(iface, method, params, result));
  }

  /** The shape of a function object, from the ufunc4j interface it implements. */
  public static FnShape of(Fn fn) {
    if (fn == null) {
      throw new IllegalArgumentException("kernel function is null");
    }
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c = fn.getClass(); c != null; c = c.getSuperclass()) {
      todo.addAll(java.util.List.of(c.getInterfaces()));
    }
    FnShape found = null;
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      FnShape s = SHAPES.get(c);
      if (s != null) {
        if (found != null && found != s) {
          throw new IllegalArgumentException(
              fn.getClass().getName() + " implements two kernel interfaces, " + found.iface.getSimpleName()
                  + " and " + s.iface.getSimpleName() + "; implement one");
        }
        found = s;
      }
      todo.addAll(java.util.List.of(c.getInterfaces()));
    }
    if (found == null) {
      throw new IllegalArgumentException(
          fn.getClass().getName() + " implements Fn but none of its functional interfaces (Fn.DoubleBinary, ...)");
    }
    return found;
  }

  public int arity() {
    return params.length;
  }

  /** The JVM descriptor of the interface method. */
  public MethodTypeDesc descriptor() {
    ClassDesc[] ps = new ClassDesc[params.length];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = primitive(params[i]);
    }
    return MethodTypeDesc.of(primitive(result), ps);
  }

  static ClassDesc primitive(DType t) {
    return switch (t) {
      case FLOAT64 -> java.lang.constant.ConstantDescs.CD_double;
      case FLOAT32 -> java.lang.constant.ConstantDescs.CD_float;
      case INT64 -> java.lang.constant.ConstantDescs.CD_long;
      case INT32 -> java.lang.constant.ConstantDescs.CD_int;
      case BOOL -> java.lang.constant.ConstantDescs.CD_boolean;
      default -> throw new AssertionError(t);
    };
  }

  /** A readable form such as {@code (double, long) -> double}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(iface.getSimpleName()).append(" (");
    for (int i = 0; i < params.length; i++) {
      sb.append(i > 0 ? ", " : "").append(primitive(params[i]).displayName());
    }
    return sb.append(") -> ").append(primitive(result).displayName()).toString();
  }
}
