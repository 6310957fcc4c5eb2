package org.ufunc4j;

import java.util.function.Function;

import org.ufunc4j.internal.math.NumpyMath;

/**
 * NumPy's elementwise functions, with NumPy's type tables ({@link Ufunc#types()}) and semantics:
 * floored {@code floor_divide} and {@code remainder} (the sign of the divisor), integer division
 * by zero giving 0, integer overflow wrapping, NaN-propagating {@code maximum}/{@code minimum} and
 * NaN-ignoring {@code fmax}/{@code fmin}, shifts by the bit width or more giving 0 (or -1), and
 * an error for integers to negative integer powers.
 *
 * <p>Loops are tried in NumPy's order (bool, int8, int16, int32, int64, float32, float64), so an
 * int16 input of {@code sqrt} computes in float32 and an int32 one in float64, as NumPy does
 * (ufunc4j has no float16). {@code true_divide} sends integer inputs to float64. float32 loops
 * compute in float32.
 */
public final class Ufuncs {
  private Ufuncs() {}

  private static final String[] INTS = {"b", "h", "i", "l"};

  // ---------------------------------------------------------------- arithmetic

  // One function defines every standard ufunc on first use (Ufunc.deferred): one lambda for all,
  // so initialising this class creates no lambda per ufunc (~100 ms when all were created here).
  private static final Function<String, Ufunc> DEFINE = Ufuncs::define;

  public static final Ufunc add = Ufunc.deferred("add", 2, DEFINE);
  public static final Ufunc subtract = Ufunc.deferred("subtract", 2, DEFINE);
  public static final Ufunc multiply = Ufunc.deferred("multiply", 2, DEFINE);
  public static final Ufunc true_divide = Ufunc.deferred("true_divide", 2, DEFINE);
  /** Alias of {@link #true_divide}. */
  public static final Ufunc divide = true_divide.withName("divide");
  public static final Ufunc floor_divide = Ufunc.deferred("floor_divide", 2, DEFINE);
  public static final Ufunc remainder = Ufunc.deferred("remainder", 2, DEFINE);
  /** Alias of {@link #remainder}. */
  public static final Ufunc mod = remainder.withName("mod");
  public static final Ufunc fmod = Ufunc.deferred("fmod", 2, DEFINE);
  public static final Ufunc power = Ufunc.deferred("power", 2, DEFINE);
  public static final Ufunc negative = Ufunc.deferred("negative", 1, DEFINE);
  public static final Ufunc positive = Ufunc.deferred("positive", 1, DEFINE);
  public static final Ufunc absolute = Ufunc.deferred("absolute", 1, DEFINE);
  /** Alias of {@link #absolute}. */
  public static final Ufunc abs = absolute.withName("abs");
  public static final Ufunc sign = Ufunc.deferred("sign", 1, DEFINE);
  public static final Ufunc square = Ufunc.deferred("square", 1, DEFINE);
  public static final Ufunc reciprocal = Ufunc.deferred("reciprocal", 1, DEFINE);

  // ---------------------------------------------------------------- float functions

  public static final Ufunc sqrt = Ufunc.deferred("sqrt", 1, DEFINE);
  public static final Ufunc cbrt = Ufunc.deferred("cbrt", 1, DEFINE);
  public static final Ufunc exp = Ufunc.deferred("exp", 1, DEFINE);
  public static final Ufunc exp2 = Ufunc.deferred("exp2", 1, DEFINE);
  public static final Ufunc expm1 = Ufunc.deferred("expm1", 1, DEFINE);
  public static final Ufunc log = Ufunc.deferred("log", 1, DEFINE);
  public static final Ufunc log2 = Ufunc.deferred("log2", 1, DEFINE);
  public static final Ufunc log10 = Ufunc.deferred("log10", 1, DEFINE);
  public static final Ufunc log1p = Ufunc.deferred("log1p", 1, DEFINE);
  public static final Ufunc sin = Ufunc.deferred("sin", 1, DEFINE);
  public static final Ufunc cos = Ufunc.deferred("cos", 1, DEFINE);
  public static final Ufunc tan = Ufunc.deferred("tan", 1, DEFINE);
  public static final Ufunc arcsin = Ufunc.deferred("arcsin", 1, DEFINE);
  public static final Ufunc arccos = Ufunc.deferred("arccos", 1, DEFINE);
  public static final Ufunc arctan = Ufunc.deferred("arctan", 1, DEFINE);
  public static final Ufunc sinh = Ufunc.deferred("sinh", 1, DEFINE);
  public static final Ufunc cosh = Ufunc.deferred("cosh", 1, DEFINE);
  public static final Ufunc tanh = Ufunc.deferred("tanh", 1, DEFINE);
  public static final Ufunc arcsinh = Ufunc.deferred("arcsinh", 1, DEFINE);
  public static final Ufunc arccosh = Ufunc.deferred("arccosh", 1, DEFINE);
  public static final Ufunc arctanh = Ufunc.deferred("arctanh", 1, DEFINE);
  public static final Ufunc degrees = Ufunc.deferred("degrees", 1, DEFINE);
  public static final Ufunc radians = Ufunc.deferred("radians", 1, DEFINE);
  public static final Ufunc floor = Ufunc.deferred("floor", 1, DEFINE);
  public static final Ufunc ceil = Ufunc.deferred("ceil", 1, DEFINE);
  public static final Ufunc trunc = Ufunc.deferred("trunc", 1, DEFINE);
  public static final Ufunc rint = Ufunc.deferred("rint", 1, DEFINE);

  public static final Ufunc arctan2 = Ufunc.deferred("arctan2", 2, DEFINE);
  public static final Ufunc hypot = Ufunc.deferred("hypot", 2, DEFINE);
  public static final Ufunc copysign = Ufunc.deferred("copysign", 2, DEFINE);

  public static final Ufunc maximum = Ufunc.deferred("maximum", 2, DEFINE);
  public static final Ufunc minimum = Ufunc.deferred("minimum", 2, DEFINE);
  public static final Ufunc fmax = Ufunc.deferred("fmax", 2, DEFINE);
  public static final Ufunc fmin = Ufunc.deferred("fmin", 2, DEFINE);

  // ---------------------------------------------------------------- predicates

  public static final Ufunc isnan = Ufunc.deferred("isnan", 1, DEFINE);
  public static final Ufunc isinf = Ufunc.deferred("isinf", 1, DEFINE);
  public static final Ufunc isfinite = Ufunc.deferred("isfinite", 1, DEFINE);
  public static final Ufunc signbit = Ufunc.deferred("signbit", 1, DEFINE);

  public static final Ufunc greater = Ufunc.deferred("greater", 2, DEFINE);
  public static final Ufunc greater_equal = Ufunc.deferred("greater_equal", 2, DEFINE);
  public static final Ufunc less = Ufunc.deferred("less", 2, DEFINE);
  public static final Ufunc less_equal = Ufunc.deferred("less_equal", 2, DEFINE);
  public static final Ufunc equal = Ufunc.deferred("equal", 2, DEFINE);
  public static final Ufunc not_equal = Ufunc.deferred("not_equal", 2, DEFINE);

  public static final Ufunc logical_and = Ufunc.deferred("logical_and", 2, DEFINE);
  public static final Ufunc logical_or = Ufunc.deferred("logical_or", 2, DEFINE);
  public static final Ufunc logical_xor = Ufunc.deferred("logical_xor", 2, DEFINE);
  public static final Ufunc logical_not = Ufunc.deferred("logical_not", 1, DEFINE);

  // ---------------------------------------------------------------- bits

  public static final Ufunc bitwise_and = Ufunc.deferred("bitwise_and", 2, DEFINE);
  public static final Ufunc bitwise_or = Ufunc.deferred("bitwise_or", 2, DEFINE);
  public static final Ufunc bitwise_xor = Ufunc.deferred("bitwise_xor", 2, DEFINE);
  public static final Ufunc invert = Ufunc.deferred("invert", 1, DEFINE);
  public static final Ufunc left_shift = Ufunc.deferred("left_shift", 2, DEFINE);
  public static final Ufunc right_shift = Ufunc.deferred("right_shift", 2, DEFINE);

  // ---------------------------------------------------------------- table builders

  /** Adds "bb->b", "hh->h", "ii->i", "ll->l" (or with the given output suffix such as "->?"). */
  private static Ufunc.Builder withInts(Ufunc.Builder b, String outSuffix, Fn fn) {
    int nin = fn instanceof Fn.LongBinary || fn instanceof Fn.LongBiPredicate ? 2 : 1;
    for (String c : INTS) {
      String ins = c.repeat(nin);
      b.loop(ins + (outSuffix.isEmpty() ? "->" + c : outSuffix), fn);
    }
    return b;
  }

  private static Ufunc.Builder arith(String name, Fn.BoolBinary bool, Fn.LongBinary ints, Fn.FloatBinary f, Fn.DoubleBinary d) {
    Ufunc.Builder b = Ufunc.builder(name, 2);
    if (bool != null) {
      b.loop("??->?", bool);
    }
    withInts(b, "", ints);
    return b.loop("ff->f", f).loop("dd->d", d);
  }

  private static Ufunc.Builder unaryArith(String name, Fn.BoolUnary bool, Fn.LongUnary ints, Fn.FloatUnary f, Fn.DoubleUnary d) {
    Ufunc.Builder b = Ufunc.builder(name, 1);
    if (bool != null) {
      b.loop("?->?", bool);
    }
    withInts(b, "", ints);
    return b.loop("f->f", f).loop("d->d", d);
  }

  // The double function serves the float32 loop too: the loop computes in float32 (rounding the
  // double function's result), and it lifts to SIMD code with float vectors.
  private static Ufunc floatUnary(String name, Fn.DoubleUnary d) {
    return Ufunc.builder(name, 1).loop("f->f", d).loop("d->d", d).build();
  }

  private static Ufunc floatBinary(String name, Fn.DoubleBinary d) {
    return Ufunc.builder(name, 2).loop("ff->f", d).loop("dd->d", d).build();
  }

  private static Ufunc classify(String name, boolean forIntegers, Fn.DoublePredicate d) {
    return withInts(
            Ufunc.builder(name, 1).loop("?->?", (Fn.BoolUnary) a -> forIntegers), "->?", (Fn.LongPredicate) a -> forIntegers)
        .loop("f->?", d)
        .loop("d->?", d)
        .build();
  }

  private static Ufunc compare(String name, Fn.BoolBinary bool, Fn.LongBiPredicate ints, Fn.DoubleBiPredicate d) {
    return withInts(Ufunc.builder(name, 2).loop("??->?", bool), "->?", ints)
        .loop("ff->?", d)
        .loop("dd->?", d)
        .build();
  }

  private static Ufunc.Builder bitwise(String name, Fn.BoolBinary bool, Fn.LongBinary ints) {
    return withInts(Ufunc.builder(name, 2).loop("??->?", bool), "", ints);
  }

  private static DType[] integersToDouble(DType[] in) {
    for (DType t : in) {
      if (t.isFloating()) {
        return in;
      }
    }
    DType[] out = in.clone();
    java.util.Arrays.fill(out, DType.FLOAT64);
    return out;
  }

  private static DType[] noBool(String name, DType[] in, String instead) {
    for (DType t : in) {
      if (!t.isBool()) {
        return in;
      }
    }
    throw new IllegalArgumentException("numpy boolean " + name + ", " + instead + ", is not supported");
  }

  /** The definitions of the standard ufuncs, run by {@link Ufunc#deferred} on first use. */
  private static Ufunc define(String name) {
    return switch (name) {
      case "add" -> arith("add", (a, b) -> a | b, (a, b) -> a + b, (a, b) -> a + b, (a, b) -> a + b).identity(0).build();
      case "subtract" -> arith("subtract", null, (a, b) -> a - b, (a, b) -> a - b, (a, b) -> a - b)
          .inputResolver(in -> noBool("subtract", in, "the `-` operator; use bitwise_xor or logical_xor"))
          .build();
      case "multiply" -> arith("multiply", (a, b) -> a & b, (a, b) -> a * b, (a, b) -> a * b, (a, b) -> a * b).identity(1).build();
      case "true_divide" -> Ufunc.builder("true_divide", 2)
          .loop("ff->f", (Fn.FloatBinary) (a, b) -> a / b)
          .loop("dd->d", (Fn.DoubleBinary) (a, b) -> a / b)
          .inputResolver(Ufuncs::integersToDouble)
          .build();
      case "floor_divide" -> arith("floor_divide", null, NumpyMath::floorDivide, NumpyMath::floorDivide, NumpyMath::floorDivide).build();
      case "remainder" -> arith("remainder", null, NumpyMath::remainder, NumpyMath::remainder, NumpyMath::remainder).build();
      case "fmod" -> arith("fmod", null, NumpyMath::fmod, (a, b) -> a % b, (a, b) -> a % b).build();
      case "power" -> arith("power", null, NumpyMath::power, (a, b) -> (float) Math.pow(a, b), Math::pow).build();
      case "negative" -> unaryArith("negative", null, a -> -a, a -> -a, a -> -a)
          .inputResolver(in -> noBool("negative", in, "the `-` operator; use logical_not"))
          .build();
      case "positive" -> unaryArith("positive", null, a -> a, a -> a, a -> a).build();
      case "absolute" -> unaryArith("absolute", a -> a, Math::abs, Math::abs, Math::abs).build();
      case "sign" -> unaryArith("sign", null, NumpyMath::sign, NumpyMath::sign, NumpyMath::sign).build();
      case "square" -> unaryArith("square", null, a -> a * a, a -> a * a, a -> a * a).build();
      case "reciprocal" -> unaryArith("reciprocal", null, NumpyMath::reciprocal, a -> 1 / a, a -> 1 / a).build();
      case "sqrt" -> floatUnary("sqrt", Math::sqrt);
      case "cbrt" -> floatUnary("cbrt", Math::cbrt);
      case "exp" -> floatUnary("exp", Math::exp);
      case "exp2" -> floatUnary("exp2", NumpyMath::exp2);
      case "expm1" -> floatUnary("expm1", Math::expm1);
      case "log" -> floatUnary("log", Math::log);
      case "log2" -> floatUnary("log2", NumpyMath::log2);
      case "log10" -> floatUnary("log10", Math::log10);
      case "log1p" -> floatUnary("log1p", Math::log1p);
      case "sin" -> floatUnary("sin", Math::sin);
      case "cos" -> floatUnary("cos", Math::cos);
      case "tan" -> floatUnary("tan", Math::tan);
      case "arcsin" -> floatUnary("arcsin", Math::asin);
      case "arccos" -> floatUnary("arccos", Math::acos);
      case "arctan" -> floatUnary("arctan", Math::atan);
      case "sinh" -> floatUnary("sinh", Math::sinh);
      case "cosh" -> floatUnary("cosh", Math::cosh);
      case "tanh" -> floatUnary("tanh", Math::tanh);
      case "arcsinh" -> floatUnary("arcsinh", NumpyMath::asinh);
      case "arccosh" -> floatUnary("arccosh", NumpyMath::acosh);
      case "arctanh" -> floatUnary("arctanh", NumpyMath::atanh);
      case "degrees" -> floatUnary("degrees", Math::toDegrees);
      case "radians" -> floatUnary("radians", Math::toRadians);
      case "floor" -> floatUnary("floor", Math::floor);
      case "ceil" -> floatUnary("ceil", Math::ceil);
      case "trunc" -> floatUnary("trunc", a -> a < 0 ? Math.ceil(a) : Math.floor(a));
      case "rint" -> floatUnary("rint", Math::rint);
      case "arctan2" -> floatBinary("arctan2", Math::atan2);
      case "hypot" -> floatBinary("hypot", Math::hypot);
      case "copysign" -> Ufunc.builder("copysign", 2)
          .loop("ff->f", (Fn.FloatBinary) Math::copySign)
          .loop("dd->d", (Fn.DoubleBinary) Math::copySign)
          .build();
      case "maximum" -> arith("maximum", (a, b) -> a | b, Math::max, NumpyMath::maximum, NumpyMath::maximum).build();
      case "minimum" -> arith("minimum", (a, b) -> a & b, Math::min, NumpyMath::minimum, NumpyMath::minimum).build();
      case "fmax" -> arith("fmax", (a, b) -> a | b, Math::max, NumpyMath::fmax, NumpyMath::fmax).build();
      case "fmin" -> arith("fmin", (a, b) -> a & b, Math::min, NumpyMath::fmin, NumpyMath::fmin).build();
      case "isnan" -> classify("isnan", false, Double::isNaN);
      case "isinf" -> classify("isinf", false, Double::isInfinite);
      case "isfinite" -> classify("isfinite", true, Double::isFinite);
      case "signbit" -> Ufunc.builder("signbit", 1)
          // the sign bit, read as Math.copySign reads it (NaN's too), in a form that compiles to SIMD
          .loop("f->?", (Fn.DoublePredicate) a -> Math.copySign(1.0, a) < 0)
          .loop("d->?", (Fn.DoublePredicate) a -> Math.copySign(1.0, a) < 0)
          .build();
      case "greater" -> compare("greater", (a, b) -> a & !b, (a, b) -> a > b, (a, b) -> a > b);
      case "greater_equal" -> compare("greater_equal", (a, b) -> a | !b, (a, b) -> a >= b, (a, b) -> a >= b);
      case "less" -> compare("less", (a, b) -> !a & b, (a, b) -> a < b, (a, b) -> a < b);
      case "less_equal" -> compare("less_equal", (a, b) -> !a | b, (a, b) -> a <= b, (a, b) -> a <= b);
      case "equal" -> compare("equal", (a, b) -> a == b, (a, b) -> a == b, (a, b) -> a == b);
      case "not_equal" -> compare("not_equal", (a, b) -> a != b, (a, b) -> a != b, (a, b) -> a != b);
      case "logical_and" -> compare("logical_and", (a, b) -> a & b, (a, b) -> a != 0 & b != 0, (a, b) -> a != 0 & b != 0).withIdentity(1);
      case "logical_or" -> compare("logical_or", (a, b) -> a | b, (a, b) -> a != 0 | b != 0, (a, b) -> a != 0 | b != 0).withIdentity(0);
      case "logical_xor" -> compare("logical_xor", (a, b) -> a ^ b, (a, b) -> a != 0 ^ b != 0, (a, b) -> a != 0 ^ b != 0).withIdentity(0);
      case "logical_not" -> withInts(
              Ufunc.builder("logical_not", 1).loop("?->?", (Fn.BoolUnary) a -> !a),
              "->?",
              (Fn.LongPredicate) a -> a == 0)
          .loop("f->?", (Fn.DoublePredicate) a -> a == 0)
          .loop("d->?", (Fn.DoublePredicate) a -> a == 0)
          .build();
      case "bitwise_and" -> bitwise("bitwise_and", (a, b) -> a & b, (a, b) -> a & b).identity(-1).build();
      case "bitwise_or" -> bitwise("bitwise_or", (a, b) -> a | b, (a, b) -> a | b).identity(0).build();
      case "bitwise_xor" -> bitwise("bitwise_xor", (a, b) -> a ^ b, (a, b) -> a ^ b).identity(0).build();
      case "invert" -> withInts(Ufunc.builder("invert", 1).loop("?->?", (Fn.BoolUnary) a -> !a), "", (Fn.LongUnary) a -> ~a).build();
      case "left_shift" -> withInts(Ufunc.builder("left_shift", 2), "", (Fn.LongBinary) NumpyMath::leftShift).build();
      case "right_shift" -> withInts(Ufunc.builder("right_shift", 2), "", (Fn.LongBinary) NumpyMath::rightShift).build();
      default -> throw new IllegalArgumentException("no standard ufunc '" + name + "'");
    };
  }
}
