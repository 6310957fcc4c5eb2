package org.ufunc4j.internal.math;

/**
 * Scalar functions with NumPy's semantics where they differ from Java's operators or {@link
 * Math}: floored division and modulo, integer division by zero (0, as NumPy returns), integer
 * powers, shifts by the bit width or more, NaN-propagating {@code maximum}, and the functions
 * {@code Math} lacks (log2, exp2, the inverse hyperbolics).
 */
public final class NumpyMath {
  private NumpyMath() {}

  private static final double LN2 = 0.6931471805599453;

  // ---------------------------------------------------------------- division

  /** NumPy's float floor_divide: {@code floor(a / b)} computed from fmod, exact at the edges. */
  public static double floorDivide(double a, double b) {
    if (b == 0) {
      return a / b;
    }
    double mod = a % b;
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
      div -= 1.0;
    }
    if (div == 0) {
      return Math.copySign(0.0, a / b);
    }
    double floordiv = Math.floor(div);
    if (div - floordiv > 0.5) {
      floordiv += 1.0;
    }
    return floordiv;
  }

  /** float32 floor_divide, computed in float as NumPy's float loop does. */
  public static float floorDivide(float a, float b) {
    if (b == 0) {
      return a / b;
    }
    float mod = a % b;
    float div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
      div -= 1.0f;
    }
    if (div == 0) {
      return Math.copySign(0.0f, a / b);
    }
    float floordiv = (float) Math.floor(div);
    if (div - floordiv > 0.5f) {
      floordiv += 1.0f;
    }
    return floordiv;
  }

  /** NumPy's float remainder: the result has the sign of the divisor (Python's {@code %}). */
  public static double remainder(double a, double b) {
    if (b == 0) {
      return a % b; // NaN
    }
    double mod = a % b;
    if (mod != 0) {
      if ((b < 0) != (mod < 0)) {
        mod += b;
      }
    } else {
      mod = Math.copySign(0.0, b);
    }
    return mod;
  }

  /** float32 remainder. */
  public static float remainder(float a, float b) {
    if (b == 0) {
      return a % b;
    }
    float mod = a % b;
    if (mod != 0) {
      if ((b < 0) != (mod < 0)) {
        mod += b;
      }
    } else {
      mod = Math.copySign(0.0f, b);
    }
    return mod;
  }

  /** Integer floor_divide; division by zero gives 0 (NumPy, with a warning there). */
  public static long floorDivide(long a, long b) {
    return b == 0 ? 0 : Math.floorDiv(a, b);
  }

  /** Integer remainder with the sign of the divisor; by zero gives 0. */
  public static long remainder(long a, long b) {
    return b == 0 ? 0 : Math.floorMod(a, b);
  }

  /** Integer fmod (C's truncating {@code %}); by zero gives 0. */
  public static long fmod(long a, long b) {
    return b == 0 ? 0 : a % b;
  }

  // ---------------------------------------------------------------- powers and signs

  /**
   * Integer power by repeated squaring, wrapping on overflow.
   *
   * @throws ArithmeticException for a negative exponent (NumPy: "Integers to negative integer
   *     powers are not allowed.")
   */
  public static long power(long base, long exp) {
    if (exp < 0) {
      throw new ArithmeticException("Integers to negative integer powers are not allowed (" + base + " ** " + exp + ")");
    }
    long result = 1;
    long b = base;
    long e = exp;
    while (e != 0) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
      e >>>= 1;
    }
    return result;
  }

  /** NumPy's sign: 1, -1, 0 for zeros of either sign, NaN for NaN. */
  public static double sign(double x) {
    return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
  }

  public static float sign(float x) {
    return x > 0 ? 1.0f : x < 0 ? -1.0f : x == 0 ? 0.0f : x;
  }

  public static long sign(long x) {
    return x > 0 ? 1 : x < 0 ? -1 : 0; // as a branch, not Long.signum's bit trick, so that it lifts
  }

  /** Integer reciprocal as NumPy computes it: {@code 1.0 / x} cast back (0 gives the minimum). */
  public static long reciprocal(long x) {
    return org.ufunc4j.internal.storage.Storage.floatToInt64(1.0 / x);
  }

  // ---------------------------------------------------------------- extrema

  /** NaN-propagating maximum; on ties (including -0.0 vs 0.0) the first argument. */
  public static double maximum(double a, double b) {
    return (a >= b || Double.isNaN(a)) ? a : b;
  }

  /** NaN-propagating minimum; on ties the first argument. */
  public static double minimum(double a, double b) {
    return (a <= b || Double.isNaN(a)) ? a : b;
  }

  /** Maximum ignoring NaN (NaN only when both are NaN). */
  public static double fmax(double a, double b) {
    return (a >= b || Double.isNaN(b)) ? a : b;
  }

  /** Minimum ignoring NaN. */
  public static double fmin(double a, double b) {
    return (a <= b || Double.isNaN(b)) ? a : b;
  }

  public static float maximum(float a, float b) {
    return (a >= b || Float.isNaN(a)) ? a : b;
  }

  public static float minimum(float a, float b) {
    return (a <= b || Float.isNaN(a)) ? a : b;
  }

  public static float fmax(float a, float b) {
    return (a >= b || Float.isNaN(b)) ? a : b;
  }

  public static float fmin(float a, float b) {
    return (a <= b || Float.isNaN(b)) ? a : b;
  }

  // ---------------------------------------------------------------- shifts

  /** {@code a << b}; shifts by a negative count or by 64 or more give 0 (NumPy). */
  public static long leftShift(long a, long b) {
    return b < 0 || b >= 64 ? 0 : a << b;
  }

  /** Arithmetic {@code a >> b}; by a negative count or 64 or more: 0, or -1 for negative a. */
  public static long rightShift(long a, long b) {
    return b < 0 || b >= 64 ? (a < 0 ? -1 : 0) : a >> b;
  }

  // ---------------------------------------------------------------- functions Math lacks

  /**
   * Base-2 logarithm; exact for powers of two. x is 2^e m with m taken from its bits into
   * [sqrt(1/2), sqrt(2)], so that log(m) is small and adding it to e cancels nothing (with m in
   * [1, 2), x just below 1 gave -1 + a value near 1, and a 1-ulp difference of log(m) grew to 64
   * ulps of the result). Written without branches before the last line (subnormals are scaled
   * by 2^54 through their bits, m's range chosen by a sign bit), so that its lifted SIMD form
   * calls log once per element: the SIMD compiler computes both sides of every branch.
   */
  public static double log2(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long subnormal = ((bits >>> 52) - 1) >>> 63; // 1 for an exponent field of 0 (and +0.0), else 0
    double scaled = x * Double.longBitsToDouble((0x3ffL + 54 * subnormal) << 52); // exact: 2^54 or 1
    long b = Double.doubleToRawLongBits(scaled);
    long fraction = b & 0x000f_ffff_ffff_ffffL;
    long above = (0x6_a09e_667f_3bcdL - fraction) >>> 63; // 1 where 1.fraction > sqrt(2)
    long e = ((b >>> 52) & 0x7ff) - 1023 - 54 * subnormal + above;
    double m = Double.longBitsToDouble(fraction | (0x3ffL - above) << 52); // 1.fraction, or half of it
    double r = e + Math.log(m) / LN2; // log(1) is 0: powers of two are exact
    return x > 0 && x < Double.POSITIVE_INFINITY ? r : x == 0 ? Double.NEGATIVE_INFINITY : x == Double.POSITIVE_INFINITY ? x : Double.NaN;
  }

  /** {@code 2^x}. */
  public static double exp2(double x) {
    return Math.pow(2.0, x);
  }

  /** Inverse hyperbolic sine, accurate near zero and for large |x|. */
  public static double asinh(double x) {
    double a = Math.abs(x);
    double r;
    if (a > 0x1p28) {
      r = Math.log(a) + LN2;
    } else if (a > 2) {
      r = Math.log(2 * a + 1 / (Math.sqrt(x * x + 1) + a));
    } else {
      double t = x * x;
      r = Math.log1p(a + t / (1 + Math.sqrt(1 + t)));
    }
    return Math.copySign(r, x);
  }

  /** Inverse hyperbolic cosine; NaN below 1. */
  public static double acosh(double x) {
    if (x < 1) {
      return Double.NaN;
    }
    if (x > 0x1p28) {
      return Math.log(x) + LN2;
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /** Inverse hyperbolic tangent; ±inf at ±1, NaN beyond. */
  public static double atanh(double x) {
    double a = Math.abs(x);
    double r;
    if (a < 0.5) {
      double t = a + a;
      r = 0.5 * Math.log1p(t + t * a / (1 - a));
    } else {
      r = 0.5 * Math.log1p((a + a) / (1 - a));
    }
    return Math.copySign(r, x);
  }
}
