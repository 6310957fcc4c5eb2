package org.ufunc4j.internal.math;

/**
 * float64 {@code sin} and {@code cos} as polynomials in double arithmetic: the scalar twin of the
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
    if (Math.abs(x) > D_SIN_FAST_LIMIT) {
      return Math.sin(x);
    }
    // the reduction turns -0.0 into +0.0
    return x == 0 ? x : sinCos(x, 0);
  }

  public static double cos(double x) {
    if (Math.abs(x) > D_SIN_FAST_LIMIT) {
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
}
