package org.ufunc4j.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.ufunc4j.internal.lift.Ir;

/**
 * Transcendental functions of a vector computed lane by lane with {@code Math}, for SIMD kernels
 * of ufuncs with the {@code exact} option: the rest of the function stays SIMD and every lane is
 * bit-identical with the scalar lambda. Only generated code calls this class (it references the
 * Vector API, which must not load when SIMD is off); the operation is a constant at each call
 * site, so C2 folds the switch after inlining.
 */
public final class ExactLanes {
  private static final Ir.Op[] OPS = Ir.Op.values(); // values() copies the array on every call

  private ExactLanes() {}

  /** {@code op} applied to every lane, as {@code Math.op(lane)}. */
  public static DoubleVector unary(DoubleVector v, int op) {
    Ir.Op o = OPS[op];
    DoubleVector r = v;
    for (int i = 0; i < v.length(); i++) {
      r = r.withLane(i, unary(o, v.lane(i)));
    }
    return r;
  }

  /** {@code op} applied to every pair of lanes. */
  public static DoubleVector binary(DoubleVector a, DoubleVector b, int op) {
    Ir.Op o = OPS[op];
    DoubleVector r = a;
    for (int i = 0; i < a.length(); i++) {
      r = r.withLane(i, binary(o, a.lane(i), b.lane(i)));
    }
    return r;
  }

  /** As {@link #unary(DoubleVector, int)} for float32: {@code (float) Math.op((double) lane)}. */
  public static FloatVector unary(FloatVector v, int op) {
    Ir.Op o = OPS[op];
    FloatVector r = v;
    for (int i = 0; i < v.length(); i++) {
      r = r.withLane(i, (float) unary(o, v.lane(i)));
    }
    return r;
  }

  /** As {@link #binary(DoubleVector, DoubleVector, int)} for float32. */
  public static FloatVector binary(FloatVector a, FloatVector b, int op) {
    Ir.Op o = OPS[op];
    FloatVector r = a;
    for (int i = 0; i < a.length(); i++) {
      r = r.withLane(i, (float) binary(o, a.lane(i), b.lane(i)));
    }
    return r;
  }

  private static double unary(Ir.Op op, double x) {
    return switch (op) {
      case EXP -> Math.exp(x);
      case EXPM1 -> Math.expm1(x);
      case LOG -> Math.log(x);
      case LOG1P -> Math.log1p(x);
      case LOG10 -> Math.log10(x);
      case LOG2 -> org.ufunc4j.internal.math.NumpyMath.log2(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case ASIN -> Math.asin(x);
      case ACOS -> Math.acos(x);
      case ATAN -> Math.atan(x);
      case SINH -> Math.sinh(x);
      case COSH -> Math.cosh(x);
      case TANH -> Math.tanh(x);
      case CBRT -> Math.cbrt(x);
      default -> throw new IllegalArgumentException(op + " is not a unary transcendental");
    };
  }

  private static double binary(Ir.Op op, double a, double b) {
    return switch (op) {
      case POW -> Math.pow(a, b);
      case ATAN2 -> Math.atan2(a, b);
      case HYPOT -> Math.hypot(a, b);
      default -> throw new IllegalArgumentException(op + " is not a binary transcendental");
    };
  }
}
