package org.ufunc4j;

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

  public static final Ufunc add =
      arith("add", (a, b) -> a | b, (a, b) -> a + b, (a, b) -> a + b, (a, b) -> a + b).identity(0).build();
  public static final Ufunc subtract =
      arith("subtract", null, (a, b) -> a - b, (a, b) -> a - b, (a, b) -> a - b)
          .inputResolver(in -> noBool("subtract", in, "the `-` operator; use bitwise_xor or logical_xor"))
          .build();
  public static final Ufunc multiply =
      arith("multiply", (a, b) -> a & b, (a, b) -> a * b, (a, b) -> a * b, (a, b) -> a * b).identity(1).build();
  public static final Ufunc true_divide =
      Ufunc.builder("true_divide", 2)
          .loop("ff->f", (Fn.FloatBinary) (a, b) -> a / b)
          .loop("dd->d", (Fn.DoubleBinary) (a, b) -> a / b)
          .inputResolver(Ufuncs::integersToDouble)
          .build();
  /** Alias of {@link #true_divide}. */
  public static final Ufunc divide = true_divide.withName("divide");
  public static final Ufunc floor_divide =
      arith("floor_divide", null, NumpyMath::floorDivide, NumpyMath::floorDivide, NumpyMath::floorDivide).build();
  public static final Ufunc remainder =
      arith("remainder", null, NumpyMath::remainder, NumpyMath::remainder, NumpyMath::remainder).build();
  /** Alias of {@link #remainder}. */
  public static final Ufunc mod = remainder.withName("mod");
  public static final Ufunc fmod =
      arith("fmod", null, NumpyMath::fmod, (a, b) -> a % b, (a, b) -> a % b).build();
  public static final Ufunc power =
      arith("power", null, NumpyMath::power, (a, b) -> (float) Math.pow(a, b), Math::pow).build();
  public static final Ufunc negative =
      unaryArith("negative", null, a -> -a, a -> -a, a -> -a)
          .inputResolver(in -> noBool("negative", in, "the `-` operator; use logical_not"))
          .build();
  public static final Ufunc positive = unaryArith("positive", null, a -> a, a -> a, a -> a).build();
  public static final Ufunc absolute = unaryArith("absolute", a -> a, Math::abs, Math::abs, Math::abs).build();
  /** Alias of {@link #absolute}. */
  public static final Ufunc abs = absolute.withName("abs");
  public static final Ufunc sign = unaryArith("sign", null, NumpyMath::sign, NumpyMath::sign, NumpyMath::sign).build();
  public static final Ufunc square = unaryArith("square", null, a -> a * a, a -> a * a, a -> a * a).build();
  public static final Ufunc reciprocal =
      unaryArith("reciprocal", null, NumpyMath::reciprocal, a -> 1 / a, a -> 1 / a).build();

  // ---------------------------------------------------------------- float functions

  public static final Ufunc sqrt = floatUnary("sqrt", Math::sqrt);
  public static final Ufunc cbrt = floatUnary("cbrt", Math::cbrt);
  public static final Ufunc exp = floatUnary("exp", Math::exp);
  public static final Ufunc exp2 = floatUnary("exp2", NumpyMath::exp2);
  public static final Ufunc expm1 = floatUnary("expm1", Math::expm1);
  public static final Ufunc log = floatUnary("log", Math::log);
  public static final Ufunc log2 = floatUnary("log2", NumpyMath::log2);
  public static final Ufunc log10 = floatUnary("log10", Math::log10);
  public static final Ufunc log1p = floatUnary("log1p", Math::log1p);
  public static final Ufunc sin = floatUnary("sin", Math::sin);
  public static final Ufunc cos = floatUnary("cos", Math::cos);
  public static final Ufunc tan = floatUnary("tan", Math::tan);
  public static final Ufunc arcsin = floatUnary("arcsin", Math::asin);
  public static final Ufunc arccos = floatUnary("arccos", Math::acos);
  public static final Ufunc arctan = floatUnary("arctan", Math::atan);
  public static final Ufunc sinh = floatUnary("sinh", Math::sinh);
  public static final Ufunc cosh = floatUnary("cosh", Math::cosh);
  public static final Ufunc tanh = floatUnary("tanh", Math::tanh);
  public static final Ufunc arcsinh = floatUnary("arcsinh", NumpyMath::asinh);
  public static final Ufunc arccosh = floatUnary("arccosh", NumpyMath::acosh);
  public static final Ufunc arctanh = floatUnary("arctanh", NumpyMath::atanh);
  public static final Ufunc degrees = floatUnary("degrees", Math::toDegrees);
  public static final Ufunc radians = floatUnary("radians", Math::toRadians);
  public static final Ufunc floor = floatUnary("floor", Math::floor);
  public static final Ufunc ceil = floatUnary("ceil", Math::ceil);
  public static final Ufunc trunc =
      floatUnary("trunc", a -> a < 0 ? Math.ceil(a) : Math.floor(a));
  public static final Ufunc rint = floatUnary("rint", Math::rint);

  public static final Ufunc arctan2 = floatBinary("arctan2", Math::atan2);
  public static final Ufunc hypot = floatBinary("hypot", Math::hypot);
  public static final Ufunc copysign =
      Ufunc.builder("copysign", 2)
          .loop("ff->f", (Fn.FloatBinary) Math::copySign)
          .loop("dd->d", (Fn.DoubleBinary) Math::copySign)
          .build();

  public static final Ufunc maximum =
      arith("maximum", (a, b) -> a | b, Math::max, NumpyMath::maximum, NumpyMath::maximum).build();
  public static final Ufunc minimum =
      arith("minimum", (a, b) -> a & b, Math::min, NumpyMath::minimum, NumpyMath::minimum).build();
  public static final Ufunc fmax =
      arith("fmax", (a, b) -> a | b, Math::max, NumpyMath::fmax, NumpyMath::fmax).build();
  public static final Ufunc fmin =
      arith("fmin", (a, b) -> a & b, Math::min, NumpyMath::fmin, NumpyMath::fmin).build();

  // ---------------------------------------------------------------- predicates

  public static final Ufunc isnan = classify("isnan", false, Double::isNaN);
  public static final Ufunc isinf = classify("isinf", false, Double::isInfinite);
  public static final Ufunc isfinite = classify("isfinite", true, Double::isFinite);
  public static final Ufunc signbit =
      Ufunc.builder("signbit", 1)
          .loop("f->?", (Fn.DoublePredicate) a -> Double.doubleToRawLongBits(a) < 0)
          .loop("d->?", (Fn.DoublePredicate) a -> Double.doubleToRawLongBits(a) < 0)
          .build();

  public static final Ufunc greater = compare("greater", (a, b) -> a & !b, (a, b) -> a > b, (a, b) -> a > b);
  public static final Ufunc greater_equal = compare("greater_equal", (a, b) -> a | !b, (a, b) -> a >= b, (a, b) -> a >= b);
  public static final Ufunc less = compare("less", (a, b) -> !a & b, (a, b) -> a < b, (a, b) -> a < b);
  public static final Ufunc less_equal = compare("less_equal", (a, b) -> !a | b, (a, b) -> a <= b, (a, b) -> a <= b);
  public static final Ufunc equal = compare("equal", (a, b) -> a == b, (a, b) -> a == b, (a, b) -> a == b);
  public static final Ufunc not_equal = compare("not_equal", (a, b) -> a != b, (a, b) -> a != b, (a, b) -> a != b);

  public static final Ufunc logical_and =
      compare("logical_and", (a, b) -> a & b, (a, b) -> a != 0 & b != 0, (a, b) -> a != 0 & b != 0).withIdentity(1);
  public static final Ufunc logical_or =
      compare("logical_or", (a, b) -> a | b, (a, b) -> a != 0 | b != 0, (a, b) -> a != 0 | b != 0).withIdentity(0);
  public static final Ufunc logical_xor =
      compare("logical_xor", (a, b) -> a ^ b, (a, b) -> a != 0 ^ b != 0, (a, b) -> a != 0 ^ b != 0).withIdentity(0);
  public static final Ufunc logical_not =
      withInts(
              Ufunc.builder("logical_not", 1).loop("?->?", (Fn.BoolUnary) a -> !a),
              "->?",
              (Fn.LongPredicate) a -> a == 0)
          .loop("f->?", (Fn.DoublePredicate) a -> a == 0)
          .loop("d->?", (Fn.DoublePredicate) a -> a == 0)
          .build();

  // ---------------------------------------------------------------- bits

  public static final Ufunc bitwise_and = bitwise("bitwise_and", (a, b) -> a & b, (a, b) -> a & b).identity(-1).build();
  public static final Ufunc bitwise_or = bitwise("bitwise_or", (a, b) -> a | b, (a, b) -> a | b).identity(0).build();
  public static final Ufunc bitwise_xor = bitwise("bitwise_xor", (a, b) -> a ^ b, (a, b) -> a ^ b).identity(0).build();
  public static final Ufunc invert =
      withInts(Ufunc.builder("invert", 1).loop("?->?", (Fn.BoolUnary) a -> !a), "", (Fn.LongUnary) a -> ~a).build();
  public static final Ufunc left_shift =
      withInts(Ufunc.builder("left_shift", 2), "", (Fn.LongBinary) NumpyMath::leftShift).build();
  public static final Ufunc right_shift =
      withInts(Ufunc.builder("right_shift", 2), "", (Fn.LongBinary) NumpyMath::rightShift).build();

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
}
