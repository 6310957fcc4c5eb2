package org.ufunc4j.simd;

import java.util.SplittableRandom;

/**
 * Random Java expressions for {@link GeneratedLambdaTest}: well-typed source over the lambda's
 * parameters and one captured value, mixing everything the lifter handles (arithmetic, {@code
 * Math} functions, comparisons, {@code ?:}, {@code && ||}, casts between the four numeric types,
 * integer division and remainder by constants, shifts, bit counts) with things it does not (so
 * both tiers are compared with the lambda). Every subexpression is parenthesised, so the
 * printed source means what the tree means. Deterministic for a seed.
 */
final class LambdaSourceGenerator {
  /** What a generated lambda computes in, and with which operations. */
  enum Family {
    /** {@code (double x, double y)}: correctly rounded operations only, compared bit for bit. */
    F64("double", "Fn.DoubleBinary", "float64(float64, float64)", false, 0),
    /** As F64 with Math's transcendentals; the ufunc is {@code exact()}, so still bit for bit. */
    F64_MATH("double", "Fn.DoubleBinary", "float64(float64, float64)", true, 0),
    /**
     * One transcendental (SVML's, or ufunc4j's own polynomial) of an F64 expression, within 1
     * ulp of the lambda's {@code Math} result (the accuracy policy; 2 with SVML's 512-bit entries),
     * NaN, infinities and signed zeros included.
     */
    F64_ULP("double", "Fn.DoubleBinary", "float64(float64, float64)", false, 1),
    /** {@code (float x, float y)}, float arithmetic (a float lambda keeps Java's semantics). */
    F32("float", "Fn.FloatBinary", "float32(float32, float32)", false, 0),
    /** As F32 with {@code (float) Math.f(x)}; the ufunc is {@code exact()}. */
    F32_MATH("float", "Fn.FloatBinary", "float32(float32, float32)", true, 0),
    /** As F64_ULP for float lambdas: {@code (float) Math.f(x)} of an F32 expression. */
    F32_ULP("float", "Fn.FloatBinary", "float32(float32, float32)", false, 1),
    /** {@code (long a, long b)} on int64. */
    I64("long", "Fn.LongBinary", "int64(int64, int64)", false, 0),
    /** {@code (int a, int b)} on int32. */
    I32("int", "Fn.IntBinary", "int32(int32, int32)", false, 0),
    /** {@code (double x, long n)}: a float64 function with integer parts in long lanes. */
    MIXED("double", "Fn.DoubleLongToDouble", "float64(float64, int64)", false, 0),
    /**
     * Block lambdas of F64's operations: local variables, assignments, if/else, loops of a
     * constant trip count (unrolled) and loops that may also leave on the data.
     */
    F64_BLOCK("double", "Fn.DoubleBinary", "float64(float64, float64)", false, 0),
    /** Block lambdas of I32's operations. */
    I32_BLOCK("int", "Fn.IntBinary", "int32(int32, int32)", false, 0);

    final String type;
    final String fn;
    final String signature;
    final boolean math;
    /** 0: bit for bit; else the ulps a result may be from the lambda's. */
    final int ulps;

    Family(String type, String fn, String signature, boolean math, int ulps) {
      this.type = type;
      this.fn = fn;
      this.signature = signature;
      this.math = math;
      this.ulps = ulps;
    }

    /** True for the float lambdas. */
    boolean f32() {
      return type.equals("float");
    }

    /** The lambda's parameter list. */
    String params() {
      return switch (this) {
        case F64, F64_MATH, F64_ULP, F64_BLOCK -> "(double x, double y)";
        case F32, F32_MATH, F32_ULP -> "(float x, float y)";
        case I64 -> "(long x, long y)";
        case I32, I32_BLOCK -> "(int x, int y)";
        case MIXED -> "(double x, long y)";
      };
    }

    /** The type of the captured value {@code c}, which is the result type's. */
    String captured() {
      return type;
    }
  }

  private static final String[] DOUBLES = {"0.0", "-0.0", "1.0", "-1.0", "0.5", "2.0", "3.0", "-2.5", "0.1", "1e-300", "1e300",
      "Double.NaN", "Double.POSITIVE_INFINITY", "Double.NEGATIVE_INFINITY", "Double.MIN_VALUE", "Double.MAX_VALUE",
      "4503599627370496.0", "9.223372036854775807E18", "2147483648.0", "-2147483649.0", "1e20", "0.49999999999999994"};
  private static final String[] FLOATS = {"0f", "-0f", "1f", "-1f", "0.5f", "2f", "3f", "-2.5f", "0.1f", "1e-40f", "3e38f",
      "Float.NaN", "Float.POSITIVE_INFINITY", "Float.NEGATIVE_INFINITY", "Float.MIN_VALUE", "Float.MAX_VALUE", "16777216f",
      "2147483648f", "1e10f", "0.49999997f"};
  private static final String[] LONGS = {"0L", "1L", "-1L", "2L", "7L", "10L", "-3L", "255L", "Long.MIN_VALUE", "Long.MAX_VALUE",
      "(1L << 40)", "-123456789L", "4294967296L", "2147483647L"};
  private static final String[] INTS = {"0", "1", "-1", "2", "7", "10", "-3", "255", "Integer.MIN_VALUE", "Integer.MAX_VALUE",
      "(1 << 20)", "-123456", "65535", "31"};
  /** Divisors: never zero, so the lambda cannot throw. */
  private static final String[] LONG_DIVISORS = {"1L", "-1L", "2L", "3L", "7L", "10L", "-5L", "16L", "1000000007L", "Long.MIN_VALUE",
      "Long.MAX_VALUE", "(1L << 33)"};
  private static final String[] INT_DIVISORS = {"1", "-1", "2", "3", "7", "10", "-5", "16", "641", "Integer.MIN_VALUE",
      "Integer.MAX_VALUE", "(1 << 17)"};
  private static final String[] TRANSCENDENTALS = {"exp", "log", "sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "cbrt",
      "expm1", "log1p", "log10", "asin", "acos"};
  private static final String[] COMPARISONS = {"<", "<=", ">", ">=", "==", "!="};

  private final SplittableRandom random;
  private final Family family;

  LambdaSourceGenerator(Family family, long seed) {
    this.family = family;
    this.random = new SplittableRandom(seed);
  }

  /** A random expression of the family's result type, at most {@code depth} operations deep. */
  String expression(int depth) {
    if (family == Family.F64_BLOCK || family == Family.I32_BLOCK) {
      return block(depth);
    }
    if (family.ulps > 0) {
      return transcendentalOf(depth - 1);
    }
    return switch (family.type) {
      case "double" -> dbl(depth);
      case "float" -> flt(depth);
      case "long" -> lng(depth);
      default -> integer(depth);
    };
  }

  /** The block family's local variables in scope (of the family's type), and the loop counter or null. */
  private final java.util.List<String> locals = new java.util.ArrayList<>();
  private String counter;

  /**
   * A block body: two or three locals, then assignments, compound assignments, if/else, early
   * returns, a loop of 1 to 6 turns over a counter, a loop that also leaves on the data (in its
   * condition, or by a break), then a return.
   */
  private String block(int d) {
    locals.clear();
    String t = family.type;
    StringBuilder b = new StringBuilder("{\n");
    int n = 2 + random.nextInt(2);
    for (int v = 0; v < n; v++) {
      b.append("      ").append(t).append(" v").append(v).append(" = ").append(any(d - 1)).append(";\n");
      locals.add("v" + v);
    }
    int statements = 2 + random.nextInt(3);
    for (int s = 0; s < statements; s++) {
      String target = locals.get(random.nextInt(locals.size()));
      switch (random.nextInt(8)) {
        case 0 -> b.append("      ").append(target).append(" = ").append(any(d - 1)).append(";\n");
        case 1 -> b.append("      ").append(target).append(' ').append(pick("+=", "-=", "*=")).append(' ').append(any(d - 2)).append(";\n");
        case 2, 3 -> b.append("      if ").append(condition(d - 2)).append(" {\n        ").append(target).append(" = ").append(any(d - 2))
            .append(";\n      } else {\n        ").append(locals.get(random.nextInt(locals.size()))).append(" = ").append(any(d - 2))
            .append(";\n      }\n");
        case 4 -> {
          counter = "i";
          b.append("      for (int i = ").append(random.nextInt(3)).append("; i < ").append(1 + random.nextInt(6)).append("; i++) {\n        ")
              .append(target).append(" = ").append(any(d - 2)).append(";\n      }\n");
          counter = null;
        }
        case 6 -> b.append("      if ").append(condition(d - 2)).append(" {\n        return ").append(any(d - 2)).append(";\n      }\n");
        case 7 -> {
          counter = "j";
          b.append("      for (int j = 0; j < ").append(2 + random.nextInt(5)).append("; j++) {\n        if ").append(condition(d - 3))
              .append(" {\n          break;\n        }\n        ").append(target).append(" = ").append(any(d - 2)).append(";\n      }\n");
          counter = null;
        }
        default -> {
          // a loop that may leave early on the data: unrolled up to its bound when the paths allow
          counter = "k";
          b.append("      for (int k = 0; k < ").append(1 + random.nextInt(4)).append(" && ").append(condition(d - 3)).append("; k++) {\n        ")
              .append(target).append(" = ").append(any(d - 2)).append(";\n      }\n");
          counter = null;
        }
      }
    }
    b.append("      return ").append(any(d - 1)).append(";\n    }");
    return b.toString();
  }

  /**
   * True for the block families, which leave out what never lifts (floating %, division by a
   * variable, long arithmetic in int lambdas): a block has many expressions, and one such
   * operation anywhere sends the whole lambda to tier A.
   */
  private boolean block() {
    return family == Family.F64_BLOCK || family == Family.I32_BLOCK;
  }

  /** A condition of the family's type. */
  private String condition(int d) {
    return family.type.equals("int") ? boolI(d) : bool(d);
  }

  /** One transcendental at the root, of exact operations below it. */
  private String transcendentalOf(int d) {
    String t = switch (random.nextInt(8)) {
      case 0 -> "Math.pow(" + any(d) + ", " + (chance(30) ? pick("2.5", "-1.5", "0.75", "10.0", "-3.25") : any(d)) + ")";
      case 1 -> "Math." + pick("atan2", "hypot") + "(" + any(d) + ", " + any(d) + ")";
      default -> "Math." + pick(TRANSCENDENTALS) + "(" + any(d) + ")";
    };
    return family.f32() ? "((float) " + t + ")" : t;
  }

  /** An expression of the family's type. */
  private String any(int d) {
    return family.f32() ? flt(d) : family.type.equals("int") ? integer(d) : dbl(d);
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  // ------------------------------------------------------------------ double

  private String dbl(int d) {
    if (d <= 0 || chance(15)) {
      int k = random.nextInt(10);
      if (family == Family.MIXED && k == 0) {
        return "((double) y)";
      }
      if (!locals.isEmpty() && family.type.equals("double") && chance(40)) {
        return locals.get(random.nextInt(locals.size()));
      }
      if (counter != null && chance(20)) {
        return "((double) " + counter + ")";
      }
      // in the integer families, (double) keeps / and % floating (an integer one could divide by zero)
      String cast = family.type.equals("long") || family.type.equals("int") ? "(double) " : "";
      return k < 3 ? "(" + cast + "x)" : k < 5 && family != Family.MIXED ? "(" + cast + "y)" : k < 6 ? "(" + cast + "c)" : pick(DOUBLES);
    }
    int k = random.nextInt(family.math ? 30 : 24);
    return switch (k) {
      case 0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12 -> floatingOperation(k, d, this::dbl, this::bool, "0.25");
      case 7 -> "Math.sqrt(" + dbl(d - 1) + ")";
      case 10 -> "Math." + pick("floor", "ceil", "rint", "signum") + "(" + dbl(d - 1) + ")";
      case 13 -> "((double) (long) " + dbl(d - 1) + ")";
      case 14 -> "((double) (int) " + dbl(d - 1) + ")";
      case 15 -> "((double) (float) " + dbl(d - 1) + ")";
      case 16 -> "((double) " + lng(d - 1) + ")";
      case 17 -> "((double) " + integer(d - 1) + ")";
      case 18 -> "((double) Math.round(" + dbl(d - 1) + "))";
      case 19 -> block() ? "(" + dbl(d - 1) + " * " + dbl(d - 1) + ")" : "(" + dbl(d - 1) + " % " + dbl(d - 1) + ")";
      case 20 -> "(" + dbl(d - 1) + " * " + dbl(d - 1) + " + " + dbl(d - 1) + ")";
      case 21 -> "Double.longBitsToDouble(" + lng(d - 1) + ")";
      case 22 -> "((double) Double.doubleToRawLongBits(" + notNaN(dbl(d - 1), "0.25") + "))";
      case 23 -> "(" + dbl(d - 1) + " / " + pick("2.0", "3.0", "0.1", "-8.0", "1e-310") + ")";
      case 24, 25, 26 -> "Math." + pick(TRANSCENDENTALS) + "(" + dbl(d - 1) + ")";
      case 27 -> "Math.pow(" + dbl(d - 1) + ", " + (chance(50) ? pick("2.0", "3.0", "-1.0", "0.5", "-2.0", "4.0") : dbl(d - 1)) + ")";
      case 28 -> "Math." + pick("atan2", "hypot") + "(" + dbl(d - 1) + ", " + dbl(d - 1) + ")";
      default -> "StrictMath." + pick(TRANSCENDENTALS) + "(" + dbl(d - 1) + ")";
    };
  }

  /**
   * {@code e}, or {@code instead} where it is NaN: for the operands whose NaN bits would show in
   * the result (copySign's sign, raw bits). Java leaves a computed NaN's sign and payload open
   * (x86 makes 0.0/0.0 negative, Math.fma's Java code returns the canonical NaN where the
   * instruction keeps the operand's), so the lambda itself gives other bits interpreted and
   * compiled there.
   */
  private static String notNaN(String e, String instead) {
    return "((" + e + ") != (" + e + ") ? " + instead + " : (" + e + "))";
  }

  // ------------------------------------------------------------------ float

  private String flt(int d) {
    if (d <= 0 || chance(15)) {
      int k = random.nextInt(10);
      return k < 3 ? "x" : k < 5 ? "y" : k < 6 ? "c" : pick(FLOATS);
    }
    int k = random.nextInt(family.math ? 24 : 20);
    return switch (k) {
      case 0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12 -> floatingOperation(k, d, this::flt, this::boolF, "0.25f");
      case 7 -> "((float) Math.sqrt(" + flt(d - 1) + "))";
      case 10 -> "((float) Math." + pick("floor", "ceil", "rint") + "(" + flt(d - 1) + "))";
      case 13 -> "((float) (int) " + flt(d - 1) + ")";
      case 14 -> "((float) (long) " + flt(d - 1) + ")";
      case 15 -> "((float) Math.round(" + flt(d - 1) + "))";
      case 16 -> "Math.signum(" + flt(d - 1) + ")";
      case 17 -> "Float.intBitsToFloat(Float.floatToRawIntBits(" + notNaN(flt(d - 1), "0.25f") + ") " + pick("^", "&", "|") + " " + pick(INTS) + ")";
      case 18 -> "(" + flt(d - 1) + " % " + flt(d - 1) + ")";
      case 19 -> "((float) ((double) " + flt(d - 1) + " * " + pick("0.1", "3.0", "1e-3") + "))";
      case 20, 21 -> "((float) Math." + pick(TRANSCENDENTALS) + "(" + flt(d - 1) + "))";
      case 22 -> "((float) Math.pow(" + flt(d - 1) + ", " + (chance(50) ? pick("2.0", "3.0", "0.5", "-1.0") : flt(d - 1)) + "))";
      default -> "((float) Math.atan2(" + flt(d - 1) + ", " + flt(d - 1) + "))";
    };
  }

  /** A condition in a float lambda. */
  private String boolF(int d) {
    if (d <= 0 || chance(60)) {
      return comparison(d, this::flt);
    }
    return chance(25) ? "(((int) " + flt(d - 1) + ") " + pick(COMPARISONS) + " " + pick(INTS) + ")" : logic(d, this::boolF);
  }

  // ------------------------------------------------------------------ conditions

  private String bool(int d) {
    if (d <= 0 || chance(50)) {
      return comparison(d, this::dbl);
    }
    return switch (random.nextInt(4)) {
      case 0 -> comparison(d, this::lng);
      case 1 -> comparison(d, this::integer);
      case 2 -> "(" + bool(d - 1) + " ^ " + bool(d - 1) + ")";
      default -> logic(d, this::bool);
    };
  }

  /** {@code a op b} of two operands of one type. */
  private String comparison(int d, java.util.function.IntFunction<String> operand) {
    return "(" + operand.apply(d - 1) + " " + pick(COMPARISONS) + " " + operand.apply(d - 1) + ")";
  }

  /** {@code !c}, {@code c && c} or {@code c || c} of conditions of one kind. */
  private String logic(int d, java.util.function.IntFunction<String> condition) {
    return switch (random.nextInt(3)) {
      case 0 -> "(!" + condition.apply(d - 1) + ")";
      case 1 -> "(" + condition.apply(d - 1) + " && " + condition.apply(d - 1) + ")";
      default -> "(" + condition.apply(d - 1) + " || " + condition.apply(d - 1) + ")";
    };
  }

  /**
   * Operations doubles and floats share, {@code k} from 0 to 12 but 7 and 10: arithmetic,
   * negation, abs, min/max, fma, copySign (its sign not NaN, see {@link #notNaN}, which then is
   * {@code quarter}) and {@code ?:}, over {@code sub} with conditions from {@code cond}.
   */
  private String floatingOperation(int k, int d, java.util.function.IntFunction<String> sub, java.util.function.IntFunction<String> cond,
      String quarter) {
    return switch (k) {
      case 0, 1, 2, 3 -> "(" + sub.apply(d - 1) + " " + pick("+", "-", "*", "/") + " " + sub.apply(d - 1) + ")";
      case 4 -> "(- " + sub.apply(d - 1) + ")";
      case 5 -> "Math.abs(" + sub.apply(d - 1) + ")";
      case 6 -> "Math." + pick("min", "max") + "(" + sub.apply(d - 1) + ", " + sub.apply(d - 1) + ")";
      case 8 -> "Math.fma(" + sub.apply(d - 1) + ", " + sub.apply(d - 1) + ", " + sub.apply(d - 1) + ")";
      case 9 -> "Math.copySign(" + sub.apply(d - 1) + ", " + notNaN(sub.apply(d - 1), quarter) + ")";
      default -> "(" + cond.apply(d - 1) + " ? " + sub.apply(d - 1) + " : " + sub.apply(d - 1) + ")";
    };
  }

  /**
   * Operations ints and longs share, {@code k} from 0 to 9: arithmetic, division and remainder by
   * a constant, bitwise operations, shifts, abs, min/max, negation and complement, over {@code sub}.
   */
  private String integerOperation(int k, int d, java.util.function.IntFunction<String> sub, String[] divisors) {
    return switch (k) {
      case 0, 1, 2 -> "(" + sub.apply(d - 1) + " " + pick("+", "-", "*") + " " + sub.apply(d - 1) + ")";
      case 3 -> "(" + sub.apply(d - 1) + " " + pick("/", "%") + " " + pick(divisors) + ")";
      case 4 -> "(" + sub.apply(d - 1) + " " + pick("&", "|", "^") + " " + sub.apply(d - 1) + ")";
      case 5 -> "(" + sub.apply(d - 1) + " " + pick("<<", ">>", ">>>") + " " + (chance(50) ? pick(INTS) : integer(d - 1)) + ")";
      case 6 -> "Math.abs(" + sub.apply(d - 1) + ")";
      case 7 -> "Math." + pick("min", "max") + "(" + sub.apply(d - 1) + ", " + sub.apply(d - 1) + ")";
      case 8 -> "(- " + sub.apply(d - 1) + ")";
      default -> "(~" + sub.apply(d - 1) + ")";
    };
  }

  // ------------------------------------------------------------------ integers

  /** A long: in integer families over the parameters, in floating ones from casts of doubles. */
  private String lng(int d) {
    boolean own = family.type.equals("long") || family == Family.MIXED;
    if (d <= 0 || chance(15)) {
      if (family.type.equals("long")) {
        int k = random.nextInt(10);
        return k < 3 ? "x" : k < 5 ? "y" : k < 6 ? "c" : pick(LONGS);
      }
      if (family == Family.MIXED && chance(60)) {
        return "y";
      }
      if (family.type.equals("int")) {
        return chance(60) ? "((long) " + (chance(50) ? "x" : "y") + ")" : pick(LONGS);
      }
      if (family.f32()) {
        return chance(70) ? "((long) " + flt(d - 1) + ")" : pick(LONGS);
      }
      return chance(70) ? "((long) " + dbl(d - 1) + ")" : pick(LONGS);
    }
    int k = random.nextInt(16);
    if (k <= 9) {
      return integerOperation(k, d, this::lng, LONG_DIVISORS);
    }
    return switch (k) {
      case 10 -> "((long) Long." + pick("bitCount", "numberOfLeadingZeros", "numberOfTrailingZeros") + "(" + lng(d - 1) + "))";
      case 11 -> own ? "(" + boolL(d - 1) + " ? " + lng(d - 1) + " : " + lng(d - 1) + ")" : "((long) " + integer(d - 1) + ")";
      case 12 -> "((long) " + integer(d - 1) + ")";
      case 13 -> family.type.equals("long") ? "(" + lng(d - 1) + " / (" + lng(d - 1) + " | 1L))" : "((long) " + dbl(d - 1) + ")";
      case 14 -> family.type.equals("long") ? "((long) ((double) " + lng(d - 1) + " * 0.5))" : "Math.round(" + dbl(d - 1) + ")";
      default -> "(" + lng(d - 1) + " * " + pick(LONGS) + ")";
    };
  }

  /** A condition on longs (the integer families' branches). */
  private String boolL(int d) {
    if (family.type.equals("int")) {
      return boolI(d);
    }
    return d <= 0 || chance(60) ? comparison(d, this::lng) : logic(d, this::boolL);
  }

  /** An int: in int32 lambdas over the parameters, elsewhere from casts. */
  private String integer(int d) {
    if (d <= 0 || chance(15)) {
      if (counter != null && chance(25)) {
        return counter;
      }
      if (!locals.isEmpty() && family.type.equals("int") && chance(40)) {
        return locals.get(random.nextInt(locals.size()));
      }
      if (family.type.equals("int")) {
        int k = random.nextInt(10);
        return k < 3 ? "x" : k < 5 ? "y" : k < 6 ? "c" : pick(INTS);
      }
      if (family.type.equals("long") || family == Family.MIXED) {
        return chance(60) ? "((int) " + lng(d - 1) + ")" : pick(INTS);
      }
      if (family.f32()) {
        return chance(70) ? "((int) " + flt(d - 1) + ")" : pick(INTS);
      }
      return chance(70) ? "((int) " + dbl(d - 1) + ")" : pick(INTS);
    }
    int k = random.nextInt(15);
    if (k <= 8 || k == 14) {
      return integerOperation(k == 14 ? 9 : k, d, this::integer, INT_DIVISORS);
    }
    return switch (k) {
      case 9 -> "Integer." + pick("bitCount", "numberOfLeadingZeros", "numberOfTrailingZeros") + "(" + integer(d - 1) + ")";
      case 10 -> family.type.equals("int") ? "(" + boolI(d - 1) + " ? " + integer(d - 1) + " : " + integer(d - 1) + ")"
          : "((int) " + lng(d - 1) + ")";
      case 11 -> family.type.equals("int") && !block() ? "(" + integer(d - 1) + " / (" + integer(d - 1) + " | 1))" : "(~" + integer(d - 1) + ")";
      case 12 -> family.f32() ? "Math.round(" + flt(d - 1) + ")" : "(~" + integer(d - 1) + ")";
      default -> family == Family.I32_BLOCK ? "(" + integer(d - 1) + " >>> " + pick(INTS) + ")" : "((int) " + lng(d - 1) + ")";
    };
  }

  /** A condition on ints. */
  private String boolI(int d) {
    return d <= 0 || chance(60) ? comparison(d, this::integer) : logic(d, this::boolI);
  }
}
