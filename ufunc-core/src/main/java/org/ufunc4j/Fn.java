package org.ufunc4j;

import java.io.Serializable;

/**
 * The scalar kernels that {@link Ufunc#vectorize} turns into ufuncs: plain Java lambdas, typed by
 * one of the functional interfaces nested here.
 *
 * <p>Every interface extends {@link Serializable}, so a lambda written at the call site can be
 * inspected by ufunc4j's compiler (nothing is ever serialized to disk). {@code Fn} itself has no
 * method: it marks the family.
 *
 * <p>Which interface serves which signature:
 *
 * <table>
 *   <caption>lambda types</caption>
 *   <tr><th>interface</th><th>lambda</th><th>serves loops such as</th></tr>
 *   <tr><td>{@link DoubleUnary} .. {@link DoubleQuaternary}</td><td>{@code (a, b) -> a * b}</td>
 *       <td>any numeric signature; computes in double (implicitly typed lambdas pick these)</td></tr>
 *   <tr><td>{@link FloatUnary} .. {@link FloatQuaternary}</td><td>{@code (FloatBinary) (a, b) -> a * b}</td>
 *       <td>{@code float32(...)}: exact float32 arithmetic</td></tr>
 *   <tr><td>{@link LongUnary}, {@link LongBinary}</td><td>{@code (LongBinary) (a, b) -> a + b}</td>
 *       <td>integer signatures; exact 64-bit arithmetic, narrower results wrap</td></tr>
 *   <tr><td>{@link IntUnary}, {@link IntBinary}</td><td>{@code (IntBinary) (a, b) -> a ^ b}</td>
 *       <td>int32 and narrower signatures</td></tr>
 *   <tr><td>{@link DoublePredicate}, {@link DoubleBiPredicate}</td><td>{@code (DoublePredicate) x -> x > 0}</td>
 *       <td>{@code bool(float64)}, {@code bool(float64, float64)}</td></tr>
 *   <tr><td>{@link LongPredicate}, {@link LongBiPredicate}</td><td>{@code (LongPredicate) x -> (x & 1) == 0}</td>
 *       <td>{@code bool(int64)}, {@code bool(int64, int64)}</td></tr>
 *   <tr><td>{@link BoolUnary}, {@link BoolBinary}</td><td>{@code (BoolBinary) (a, b) -> a ^ b}</td>
 *       <td>{@code bool(bool, bool)}</td></tr>
 *   <tr><td>{@link DoubleLongToDouble}, {@link LongToDouble}, {@link DoubleToLong}</td>
 *       <td>{@code (DoubleLongToDouble) (x, n) -> x * n}</td>
 *       <td>mixed signatures such as {@code float64(float64, int64)}</td></tr>
 * </table>
 *
 * <p>A double lambda on a float32 loop computes in float32, rounding after every operation: it
 * computes as the same lambda with every {@code double} replaced by {@code float}, literals
 * included ({@code x * 0.1} multiplies by {@code 0.1f}, and captured doubles are rounded to
 * float; Numba, unlike this, computes float64 literals in double). {@code Math} functions compute
 * {@code (float) Math.f((double) x)}, or their float overload where there is one ({@code fma}
 * rounds once). Lambdas the SIMD compiler lifts run as float32 vector code; the others (loops,
 * calls, arrays, fields, {@code this}) run rewritten to float, code outside the lambda's class
 * being called in double with its result rounded. A few still compute in double and round once:
 * string concatenation and other {@code invokedynamic}, {@code super} calls, protected members of
 * another package's superclass, and, when the lambda's class is in a named module or another
 * class loader than ufunc4j, members that are not public and lambdas using {@code this}.
 * {@code Ufunc.explain()} says which applies; docs/compiler.md has the details.
 *
 * <p>Only the double interfaces can be passed as implicitly typed lambdas (Java cannot choose
 * between interfaces of the same arity for {@code (a, b) -> ...}); give the others a cast, as
 * shown.
 */
public interface Fn extends Serializable {

  /** {@code double -> double}. */
  @FunctionalInterface
  interface DoubleUnary extends Fn, java.util.function.DoubleUnaryOperator {}

  /** {@code (double, double) -> double}. */
  @FunctionalInterface
  interface DoubleBinary extends Fn, java.util.function.DoubleBinaryOperator {}

  /** {@code (double, double, double) -> double}. */
  @FunctionalInterface
  interface DoubleTernary extends Fn {
    double applyAsDouble(double a, double b, double c);
  }

  /** {@code (double, double, double, double) -> double}. */
  @FunctionalInterface
  interface DoubleQuaternary extends Fn {
    double applyAsDouble(double a, double b, double c, double d);
  }

  /** {@code float -> float}. */
  @FunctionalInterface
  interface FloatUnary extends Fn {
    float applyAsFloat(float a);
  }

  /** {@code (float, float) -> float}. */
  @FunctionalInterface
  interface FloatBinary extends Fn {
    float applyAsFloat(float a, float b);
  }

  /** {@code (float, float, float) -> float}. */
  @FunctionalInterface
  interface FloatTernary extends Fn {
    float applyAsFloat(float a, float b, float c);
  }

  /** {@code (float, float, float, float) -> float}. */
  @FunctionalInterface
  interface FloatQuaternary extends Fn {
    float applyAsFloat(float a, float b, float c, float d);
  }

  /** {@code long -> long}. */
  @FunctionalInterface
  interface LongUnary extends Fn, java.util.function.LongUnaryOperator {}

  /** {@code (long, long) -> long}. */
  @FunctionalInterface
  interface LongBinary extends Fn, java.util.function.LongBinaryOperator {}

  /** {@code int -> int}. */
  @FunctionalInterface
  interface IntUnary extends Fn, java.util.function.IntUnaryOperator {}

  /** {@code (int, int) -> int}. */
  @FunctionalInterface
  interface IntBinary extends Fn, java.util.function.IntBinaryOperator {}

  /** {@code double -> boolean}. */
  @FunctionalInterface
  interface DoublePredicate extends Fn, java.util.function.DoublePredicate {}

  /** {@code (double, double) -> boolean}. */
  @FunctionalInterface
  interface DoubleBiPredicate extends Fn {
    boolean test(double a, double b);
  }

  /** {@code long -> boolean}. */
  @FunctionalInterface
  interface LongPredicate extends Fn, java.util.function.LongPredicate {}

  /** {@code (long, long) -> boolean}. */
  @FunctionalInterface
  interface LongBiPredicate extends Fn {
    boolean test(long a, long b);
  }

  /** {@code boolean -> boolean}. */
  @FunctionalInterface
  interface BoolUnary extends Fn {
    boolean test(boolean a);
  }

  /** {@code (boolean, boolean) -> boolean}. */
  @FunctionalInterface
  interface BoolBinary extends Fn {
    boolean test(boolean a, boolean b);
  }

  /** {@code (double, long) -> double}, e.g. {@code float64(float64, int64)}. */
  @FunctionalInterface
  interface DoubleLongToDouble extends Fn {
    double applyAsDouble(double a, long b);
  }

  /** {@code long -> double}, e.g. {@code float64(int64)}. */
  @FunctionalInterface
  interface LongToDouble extends Fn, java.util.function.LongToDoubleFunction {}

  /** {@code double -> long}, e.g. {@code int64(float64)}. */
  @FunctionalInterface
  interface DoubleToLong extends Fn, java.util.function.DoubleToLongFunction {}
}
