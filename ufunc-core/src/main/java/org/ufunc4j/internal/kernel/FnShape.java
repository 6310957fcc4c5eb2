package org.ufunc4j.internal.kernel;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;

/**
 * What a {@link Fn} lambda takes and returns: its interface, method, and the Java primitive
 * types of its parameters and result, written as the dtypes that hold them exactly (double =
 * float64, float = float32, long = int64, int = int32, boolean = bool).
 */
public record FnShape(Class<?> iface, String method, DType[] params, DType result) {
  /**
   * The interfaces by binary name, so that finding a lambda's shape loads no interface it does not
   * implement (class literals of all 21 would load them during a new ufunc's first call).
   */
  private static final Map<String, Spec> SPECS = new HashMap<>();
  // String.concat, not +: an invokedynamic concatenation would bootstrap during the first vectorize
  private static final String PREFIX = Fn.class.getName().concat("$");

  private static final DType D = DType.FLOAT64;
  private static final DType F = DType.FLOAT32;
  private static final DType J = DType.INT64;
  private static final DType I = DType.INT32;
  private static final DType Z = DType.BOOL;

  /** An interface's method name, parameter dtypes and result dtype. */
  private record Spec(String method, DType[] params, DType result) {}

  static {
    put("DoubleUnary", "applyAsDouble", D, D);
    put("DoubleBinary", "applyAsDouble", D, D, D);
    put("DoubleTernary", "applyAsDouble", D, D, D, D);
    put("DoubleQuaternary", "applyAsDouble", D, D, D, D, D);
    put("FloatUnary", "applyAsFloat", F, F);
    put("FloatBinary", "applyAsFloat", F, F, F);
    put("FloatTernary", "applyAsFloat", F, F, F, F);
    put("FloatQuaternary", "applyAsFloat", F, F, F, F, F);
    put("LongUnary", "applyAsLong", J, J);
    put("LongBinary", "applyAsLong", J, J, J);
    put("IntUnary", "applyAsInt", I, I);
    put("IntBinary", "applyAsInt", I, I, I);
    put("DoublePredicate", "test", Z, D);
    put("DoubleBiPredicate", "test", Z, D, D);
    put("LongPredicate", "test", Z, J);
    put("LongBiPredicate", "test", Z, J, J);
    put("BoolUnary", "test", Z, Z);
    put("BoolBinary", "test", Z, Z, Z);
    put("DoubleLongToDouble", "applyAsDouble", D, D, J);
    put("LongToDouble", "applyAsDouble", D, J);
    put("DoubleToLong", "applyAsLong", J, D);
  }

  private static void put(String simpleName, String method, DType result, DType... params) {
    SPECS.put(PREFIX.concat(simpleName), new Spec(method, params, result));
  }

  /** The shape of a function object, from the ufunc4j interface it implements. */
  public static FnShape of(Fn fn) {
    if (fn == null) {
      throw new IllegalArgumentException("kernel function is null");
    }
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c = fn.getClass(); c != null; c = c.getSuperclass()) {
      addInterfaces(todo, c);
    }
    Class<?> found = null;
    Spec spec = null;
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      // a kernel interface is Fn's own nested one, from ufunc4j's class loader
      Spec s = SPECS.get(c.getName());
      if (s != null && c.getClassLoader() == Fn.class.getClassLoader()) {
        if (found != null && found != c) {
          throw new IllegalArgumentException(
              fn.getClass().getName() + " implements two kernel interfaces, " + found.getSimpleName()
                  + " and " + c.getSimpleName() + "; implement one");
        }
        found = c;
        spec = s;
      }
      addInterfaces(todo, c);
    }
    if (found == null) {
      throw new IllegalArgumentException(
          fn.getClass().getName() + " implements Fn but none of its functional interfaces (Fn.DoubleBinary, ...)");
    }
    return new FnShape(found, spec.method(), spec.params().clone(), spec.result());
  }

  /** A plain loop: ArrayDeque.addAll would bootstrap a lambda on a new ufunc's first call. */
  private static void addInterfaces(Deque<Class<?>> todo, Class<?> c) {
    for (Class<?> i : c.getInterfaces()) {
      todo.add(i);
    }
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
