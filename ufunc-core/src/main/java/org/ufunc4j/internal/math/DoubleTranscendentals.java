package org.ufunc4j.internal.math;

/**
 * float64 {@code sin}, {@code cos} and {@code pow} as polynomials in double arithmetic: the scalar twin of the
 * vector functions that SIMD kernels use ({@code internal.simd.VectorMath}), with the same
 * constants and the same sequence of IEEE operations, so a float64 element gets the same bits in a
 * SIMD main loop, in its scalar tail, in a strided call and with SIMD off.
 *
 * <p>Results are within 1 ulp of {@code Math.sin}/{@code Math.cos} (checked on 10^7 sampled
 * inputs per range and around every multiple of pi/2 below 2^20 by {@code
 * org.ufunc4j.bench.Float64SampledCheck}, docs/compiler.md) and special values are Math's. Arguments beyond {@link #D_SIN_FAST_LIMIT} (2^20) call {@code Math}.
 *
 * <p>The coefficients are our own near-minimax fits (Lawson's iteration on the relative error,
 * {@code ufunc-bench/python/fit_polynomials.py}) over [-pi/4, pi/4], rounded to double.
 *
 * <p>{@code pow} and {@code tanh} are used only where the JDK has no SIMD {@code pow} and float64
 * {@code tanh} (below 512-bit vectors: the JDK dropped SVML's AVX2 pow, and its Vector API
 * fallbacks took 18 and 28 ns per element, more than a scalar {@code Math.pow} or {@code Math.tanh});
 * see {@link #pow} and {@link #tanh}.
 */
public final class DoubleTranscendentals {
  private DoubleTranscendentals() {}

  /** 1.5 * 2^52: adding it rounds a double below 2^51 to an integer held in the low mantissa bits. */
  public static final double D_ROUND_MAGIC = 0x1.8p52;
  public static final double D_TWO_OVER_PI = 0x1.45f306dc9c883p-1;
  /*
   * pi/2 = D_PIO2_1 + D_PIO2_2 + D_PIO2_3 (to about 160 bits), each the double nearest to what the
   * previous ones leave. x - q*D_PIO2_1 is exact in one fma for every x below the limit (a multiple
   * of 2^-53 below 1 in magnitude); q*D_PIO2_2 is split exactly into a product and its fma error,
   * its subtraction is a two-sum, and the rounding errors are carried with q*D_PIO2_3 as a tail
   * that the polynomials add in first order. So x near a multiple of pi/2 keeps its relative
   * accuracy (sin(Math.PI) = 1.2246467991473532e-16 as Math gives). The subtraction of q*D_PIO2_2 is
   * a fast two-sum, exact here although |r1| may be below |t|: either |x| < 1 (then q = 0, or
   * |r1| > 0.5), or r1 is a multiple of 2^-52, a grid much coarser than ulp(t), so r - r1 and
   * t - (r - r1) are exact.
   */
  public static final double D_PIO2_1 = 0x1.921fb54442d18p+0;
  public static final double D_PIO2_2 = 0x1.1a62633145c07p-54;
  public static final double D_PIO2_3 = -0x1.f1976b7ed8fbcp-110;
  /** Above this |x| the reduction's tail loses accuracy: sin and cos call Math there. */
  public static final double D_SIN_FAST_LIMIT = 0x1p20;
  /** sin(r) = r + r^3 (SIN1 + SIN2 z + ... + SIN6 z^5), z = r^2, |r| <= pi/4: relative error 2^-57.9. */
  public static final double SIN1 = -0x1.5555555555548p-3;
  public static final double SIN2 = 0x1.111111110f7cfp-7;
  public static final double SIN3 = -0x1.a01a019bfdd7fp-13;
  public static final double SIN4 = 0x1.71de3567bf310p-19;
  public static final double SIN5 = -0x1.ae5e5a818aeb7p-26;
  public static final double SIN6 = 0x1.5d8fccf4c6b1ap-33;
  /** cos(r) = 1 - z/2 + z^2 (COS1 + COS2 z + ... + COS6 z^5): relative error 2^-64. */
  public static final double COS1 = 0x1.555555555554bp-5;
  public static final double COS2 = -0x1.6c16c16c14f90p-10;
  public static final double COS3 = 0x1.a01a019c84383p-16;
  public static final double COS4 = -0x1.27e4f7eab3ff6p-22;
  public static final double COS5 = 0x1.1ee9d7a970f83p-29;
  public static final double COS6 = -0x1.8fa4940dcb868p-37;

  public static double sin(double x) {
    if (!(Math.abs(x) <= D_SIN_FAST_LIMIT)) { // NaN too: Math gives NaN its own sign and payload
      return Math.sin(x);
    }
    // the reduction turns -0.0 into +0.0
    return x == 0 ? x : sinCos(x, 0);
  }

  public static double cos(double x) {
    if (!(Math.abs(x) <= D_SIN_FAST_LIMIT)) { // NaN too: Math gives NaN its own sign and payload
      return Math.cos(x);
    }
    return sinCos(x, 1);
  }

  /** sin(x + quadrantShift * pi/2) for |x| <= 2^20 (NaN gives NaN); see the constants. */
  private static double sinCos(double x, long quadrantShift) {
    double shifted = Math.fma(x, D_TWO_OVER_PI, D_ROUND_MAGIC);
    long quadrant = Double.doubleToRawLongBits(shifted) + quadrantShift;
    double q = shifted - D_ROUND_MAGIC;
    double r1 = Math.fma(q, -D_PIO2_1, x);
    double t = q * D_PIO2_2;
    double tLowNeg = Math.fma(q, -D_PIO2_2, t);
    // r + err = r1 - t exactly (see the constants)
    double r = r1 - t;
    double err = (r1 - r) - t;
    double tail = Math.fma(q, -D_PIO2_3, err + tLowNeg);
    double z = r * r;
    double halfZNeg = -0.5 * z;
    double result;
    if ((quadrant & 1) == 0) {
      // sin(r + tail) ~ r + (r^3 S(z) + tail (1 - z/2))
      double s = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, SIN6, SIN5), z, SIN4), z, SIN3), z, SIN2), z, SIN1);
      result = Math.fma(r * z, s, Math.fma(tail, halfZNeg, tail)) + r;
    } else {
      // cos(r + tail) ~ hi + (lo + z^2 C(z) - r tail), hi + lo = 1 - r^2/2 to twice the precision
      double rNeg = -r;
      double zLowNeg = Math.fma(rNeg, r, z);
      double hi = 1 + halfZNeg;
      double lo = Math.fma(0.5, zLowNeg, (1 - hi) + halfZNeg);
      double cz = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, COS6, COS5), z, COS4), z, COS3), z, COS2), z, COS1);
      result = hi + Math.fma(z * z, cz, Math.fma(rNeg, tail, lo));
    }
    return (quadrant & 2) == 0 ? result : -result;
  }

  /**
   * Bits of 1.0 less those of sqrt(2)/2: added to a positive normal double's bits, the exponent
   * field becomes k + 1023 for x = 2^k m with m in [sqrt(2)/2, sqrt(2)).
   */
  public static final long POW_M_OFFSET = 0x3ff0000000000000L - 0x3fe6a09e667f3bcdL;
  public static final long POW_ONE_BITS = 0x3ff0000000000000L;
  /** ln 2 to 42 bits (its products with exponents below 2^11 are exact) and the rest. */
  public static final double POW_LN2_HI = 0x1.62e42fefa38p-1;
  public static final double POW_LN2_LO = 0x1.ef35793c7673p-45;
  public static final double POW_INV_LN2 = 0x1.71547652b82fep0;
  /** 2/3 as a double and the rest. */
  public static final double POW_TWO_THIRDS_HI = 0x1.5555555555555p-1;
  public static final double POW_TWO_THIRDS_LO = 0x1.5555555555555p-55;
  /** Beyond this |y ln x| the result is not a normal double: those elements call Math.pow. */
  public static final double POW_EXP_LIMIT = 708;
  /** log(m) = 2s + (2/3) s^3 + s^5 (LOG1 + LOG2 z + ... + LOG7 z^6), s = (m-1)/(m+1), z = s^2: relative error 2^-66.3. */
  public static final double LOG1 = 0x1.9999999999b2fp-2;
  public static final double LOG2 = 0x1.2492492457fc0p-2;
  public static final double LOG3 = 0x1.c71c722d3265bp-3;
  public static final double LOG4 = 0x1.745ce9f4a7942p-3;
  public static final double LOG5 = 0x1.3b1ee903adbfap-3;
  public static final double LOG6 = 0x1.0f802e3c7c4e0p-3;
  public static final double LOG7 = 0x1.0e40401504addp-3;
  /** exp(r) = 1 + r + r^2 (EXP1 + EXP2 r + ... + EXP10 r^9), |r| <= ln2/2: relative error 2^-57.9. */
  public static final double EXP1 = 0x1.000000000000ap-1;
  public static final double EXP2 = 0x1.55555555554fap-3;
  public static final double EXP3 = 0x1.555555555087bp-5;
  public static final double EXP4 = 0x1.1111111127be7p-7;
  public static final double EXP5 = 0x1.6c16c1842a428p-10;
  public static final double EXP6 = 0x1.a01a012a57af1p-13;
  public static final double EXP7 = 0x1.a0199a0bf0ec9p-16;
  public static final double EXP8 = 0x1.71df25516f2f0p-19;
  public static final double EXP9 = 0x1.28ad732fc117ep-22;
  public static final double EXP10 = 0x1.ad7f71389e84ep-26;

  /**
   * {@code Math.pow(x, y)} within 1 ulp, as exp(y log x) with log x carried in two doubles: x =
   * 2^k m with m in [sqrt(2)/2, sqrt(2)), log m = 2 atanh(s) for s = (m-1)/(m+1) (s, s^3 and the
   * 2/3 term in double-double, the rest of the series in double), y log x as a double-double t,
   * then exp(t) = 2^n exp(r) with r = t - n ln2. Elements the fast path does not cover call
   * {@code Math.pow}: x not a positive normal double (zeros, negatives, subnormals, infinities,
   * NaN) and |t| beyond {@link #POW_EXP_LIMIT} (results that overflow or are subnormal, infinite
   * or NaN y). So every special case is Java's.
   */
  public static double pow(double x, double y) {
    if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
      return Math.pow(x, y);
    }
    double m = reducedMantissa(x);
    double k = reducedExponent(x);
    double f = m - 1;
    // m + 1 = dHi + dLo exactly (two-sum)
    double dHi = m + 1;
    double bb = dHi - m;
    double dLo = (m - (dHi - bb)) + (1 - bb);
    // s = f / (dHi + dLo) = sHi + sLo
    double inv = 1 / dHi;
    double sHi = f * inv;
    double sLo = Math.fma(-sHi, dLo, Math.fma(-sHi, dHi, f)) * inv;
    double zHi = sHi * sHi;
    double zLo = Math.fma(sHi, sHi, -zHi);
    double s3Hi = zHi * sHi;
    double s3Lo = Math.fma(zHi, sHi, -s3Hi) + Math.fma(zLo, sHi, 3 * zHi * sLo);
    double cHi = s3Hi * POW_TWO_THIRDS_HI;
    double cLo = Math.fma(s3Hi, POW_TWO_THIRDS_HI, -cHi) + Math.fma(s3Hi, POW_TWO_THIRDS_LO, s3Lo * POW_TWO_THIRDS_HI);
    double poly = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(zHi, LOG7, LOG6), zHi, LOG5), zHi, LOG4), zHi, LOG3),
        zHi, LOG2), zHi, LOG1);
    // log x = k ln2 + 2s + (2/3) s^3 + s^5 poly: the large parts summed exactly (fast two-sums:
    // k ln2 is 0 or at least ln2, 2|s| <= 0.35, (2/3)|s^3| <= 0.004), the small ones in lo
    double a = k * POW_LN2_HI;
    double b = 2 * sHi;
    double s1 = a + b;
    double e1 = b - (s1 - a);
    double s2 = s1 + cHi;
    double e2 = cHi - (s2 - s1);
    double lo = ((e1 + e2) + (cLo + 2 * sLo)) + Math.fma(k, POW_LN2_LO, s3Hi * zHi * poly);
    double lHi = s2 + lo;
    double lLo = lo - (lHi - s2);
    // t = y log x
    double tHi = y * lHi;
    double tLo = Math.fma(y, lLo, Math.fma(y, lHi, -tHi));
    if (!(Math.abs(tHi) <= POW_EXP_LIMIT)) {
      return Math.pow(x, y);
    }
    double shifted = Math.fma(tHi, POW_INV_LN2, D_ROUND_MAGIC);
    double n = shifted - D_ROUND_MAGIC;
    double rHi = Math.fma(-n, POW_LN2_HI, tHi);
    double rLo = Math.fma(-n, POW_LN2_LO, tLo);
    double r = rHi + rLo;
    double rl = rLo - (r - rHi);
    double e = expTail(r);
    // exp(r + rl) = 1 + r + (r^2 e + rl (1 + r)), 1 + r summed exactly
    double rest = Math.fma(r * r, e, Math.fma(r, rl, rl));
    double one = 1 + r;
    double e3 = (1 - one) + r;
    double p = one + (e3 + rest);
    return p * twoToThe(shifted);
  }

  /** m of x = 2^k m with m in [sqrt(2)/2, sqrt(2)), for a positive normal x (the reduction of pow, tanh and log2). */
  public static double reducedMantissa(double x) {
    long ix = Double.doubleToRawLongBits(x);
    long kb = (ix + POW_M_OFFSET) >>> 52;
    return Double.longBitsToDouble(ix - (kb << 52) + POW_ONE_BITS);
  }

  /** k of x = 2^k m, as {@link #reducedMantissa} takes m. */
  public static double reducedExponent(double x) {
    return (double) (((Double.doubleToRawLongBits(x) + POW_M_OFFSET) >>> 52) - 1023);
  }

  /** (exp(r) - 1 - r) / r^2 for |r| <= ln2/2: the EXP polynomial. */
  public static double expTail(double r) {
    return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, EXP10, EXP9), r, EXP8), r, EXP7),
        r, EXP6), r, EXP5), r, EXP4), r, EXP3), r, EXP2), r, EXP1);
  }

  /** 2^n for the integer n that {@code shifted} (n + D_ROUND_MAGIC) holds, |n| <= 1022. */
  public static double twoToThe(double shifted) {
    return Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) - D_ROUND_MAGIC_BITS + 1023) << 52);
  }

  /** The bits of {@link #D_ROUND_MAGIC}: subtracted from a shifted value's bits, they leave the integer. */
  public static final long D_ROUND_MAGIC_BITS = 0x4338000000000000L;

  /** tanh(x) = x + x^3 (TANH1 + TANH2 z + ... + TANH11 z^10), z = x^2, |x| < 0.55: relative error 2^-60.6. */
  public static final double TANH1 = -0x1.555555555554fp-2;
  public static final double TANH2 = 0x1.111111111079ep-3;
  public static final double TANH3 = -0x1.ba1ba1b97d879p-5;
  public static final double TANH4 = 0x1.664f48597060cp-6;
  public static final double TANH5 = -0x1.226e2f1472f4bp-7;
  public static final double TANH6 = 0x1.d6d29b95b942bp-9;
  public static final double TANH7 = -0x1.7d8fd39f34bd1p-10;
  public static final double TANH8 = 0x1.3483ae21c0094p-11;
  public static final double TANH9 = -0x1.e96fc1b8873dfp-13;
  public static final double TANH10 = 0x1.5d744edefe908p-14;
  public static final double TANH11 = -0x1.4710effc5efafp-16;
  /** Below this |x| tanh is the polynomial; from it on 1 - 2/(exp(2|x|) + 1) (the quotient at most 1/2). */
  public static final double TANH_SMALL = 0.55;
  /** From this |x| on tanh(x) rounds to +-1. */
  public static final double TANH_ONE = 22;

  /**
   * {@code Math.tanh(x)} within 1 ulp: for |x| < 0.55 an odd polynomial; up to 22, 1 - 2/(E + 1)
   * with E = exp(2|x|) from pow's exp polynomial, carried with E + 1, the quotient and the
   * difference as double-doubles so that only the last addition rounds; beyond, +-1. The sign is
   * x's (so -0.0 gives -0.0); NaN gives NaN.
   */
  public static double tanh(double x) {
    double a = Math.abs(x);
    double t;
    if (a < TANH_SMALL) {
      double z = a * a;
      double p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(z, TANH11, TANH10), z, TANH9),
          z, TANH8), z, TANH7), z, TANH6), z, TANH5), z, TANH4), z, TANH3), z, TANH2), z, TANH1);
      t = Math.fma(a * z, p, a);
    } else if (a >= TANH_ONE) {
      t = 1;
    } else {
      t = tanhLarge(a);
    }
    return Math.copySign(t, x);
  }

  /** 1 - 2/(exp(2a) + 1) for 0.55 <= a < 22 (NaN for NaN). */
  private static double tanhLarge(double a) {
    double t = 2 * a;
    double shifted = Math.fma(t, POW_INV_LN2, D_ROUND_MAGIC);
    double n = shifted - D_ROUND_MAGIC;
    double rHi = Math.fma(-n, POW_LN2_HI, t);
    double rLo = -n * POW_LN2_LO;
    // r + rl = rHi + rLo with rl below half an ulp of r (exp(r + rl) ~ exp(r) (1 + rl) needs rl small)
    double r = rHi + rLo;
    double rl = rLo - (r - rHi);
    double e = expTail(r);
    // exp(r + rl) = 1 + r + (r^2 e + rl (1 + r)), 1 + r summed exactly
    double rest = Math.fma(r * r, e, Math.fma(r, rl, rl));
    double one = 1 + r;
    double oneLo = ((1 - one) + r) + rest;
    // normalised (rest is not small next to ulp(1 + r)): the quotient below corrects to first order only
    double eHi = one + oneLo;
    double eLo = oneLo - (eHi - one);
    double scale = twoToThe(shifted);
    eHi *= scale;
    eLo *= scale;
    // u = E + 1 (E >= 3), q = 2/u, 1 - q: double-doubles, fast two-sums
    double uHi = eHi + 1;
    double uLo = (1 - (uHi - eHi)) + eLo;
    double qHi = 2 / uHi;
    double qLo = Math.fma(-qHi, uLo, Math.fma(-qHi, uHi, 2)) * (0.5 * qHi);
    double s = 1 - qHi;
    double sLo = (1 - s) - qHi;
    return s + (sLo - qLo);
  }
}
