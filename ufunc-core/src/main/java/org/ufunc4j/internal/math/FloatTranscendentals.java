package org.ufunc4j.internal.math;

/**
 * float32 {@code sin}, {@code cos} and {@code exp} as polynomials in float arithmetic, and {@code
 * pow} in double arithmetic: the scalar
 * twin of the vector functions that SIMD kernels use ({@code internal.simd.VectorMath}), with the
 * same constants and the same sequence of IEEE operations, so a float32 element gets the same bits
 * in a SIMD main loop, in its scalar tail, in a strided call and with SIMD off.
 *
 * <p>Every result is within 1 ulp of {@code (float) Math.f((double) x)} (all 2^32 inputs checked,
 * docs/compiler.md) and special values are Math's. Arguments outside the fast ranges ({@code |x| >
 * 6400} for sin and cos, {@code |x| > 87} for exp) are handled separately: sin and cos call
 * {@code Math}, exp scales by 2^n in two steps.
 *
 * <p>The coefficients are our own near-minimax fits (Lawson's iteration on the relative error,
 * rounded to float) over [-pi/4, pi/4] and [-ln2/2, ln2/2].
 */
public final class FloatTranscendentals {
  private FloatTranscendentals() {}

  /** 1.5 * 2^23: adding it rounds a float below 2^22 to an integer held in the low mantissa bits. */
  public static final float ROUND_MAGIC = 12582912f;
  public static final int ROUND_MAGIC_BITS = 0x4b400000;

  public static final float TWO_OVER_PI = 0.63661977236758134f;
  /*
   * pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + PIO2_4; the first three have at most 12 significant bits, so
   * q * PIO2_i is exact for |q| < 4096, which |x| <= 6400 guarantees. x - q*PIO2_1 - q*PIO2_2 is
   * then exact (a multiple of 2^-24 below 1); subtracting q*PIO2_3 rounds unless it cancels, and
   * its rounding error is recovered (two-sum) and carried with q*PIO2_4 as a tail that the
   * polynomials add in first order. Without the tail, 2 ulps errors appear from |x| ~ 220 on.
   */
  public static final float PIO2_1 = 1.5703125f;
  public static final float PIO2_2 = 4.837512969970703e-4f;
  public static final float PIO2_3 = 7.549533620476723e-8f;
  public static final float PIO2_4 = 2.5633440682570896e-12f;
  public static final float SIN_FAST_LIMIT = 6400f;
  /** sin(r) = r + r^3 (S1 + S2 z + S3 z^2), z = r^2, |r| <= pi/4. */
  public static final float S1 = -0.16666655242443085f;
  public static final float S2 = 0.00833216030150652f;
  public static final float S3 = -1.9515282474458218e-4f;
  /** cos(r) = 1 - z/2 + z^2 (C1 + C2 z + C3 z^2). */
  public static final float C1 = 0.04166664555668831f;
  public static final float C2 = -0.0013887316454201937f;
  public static final float C3 = 2.44331567955669e-5f;

  public static final float LOG2E = 1.4426950216293335f;
  /** ln 2 = LN2_1 + LN2_2, LN2_1 with 12 significant bits (n * LN2_1 exact for |n| <= 150). */
  public static final float LN2_1 = 0.693115234375f;
  public static final float LN2_2 = 3.194618329871446e-5f;
  /** Below this |x|, 2^n for exp is a normal float and one multiply scales. */
  public static final float EXP_FAST_LIMIT = 87f;
  /** exp(r) = 1 + r + r^2 (E0 + E1 r + E2 r^2 + E3 r^3 + E4 r^4), |r| <= ln2/2. */
  public static final float E0 = 0.4999999403953552f;
  public static final float E1 = 0.1666652113199234f;
  public static final float E2 = 0.04166838899254799f;
  public static final float E3 = 0.008368710055947304f;
  public static final float E4 = 0.001381461275741458f;

  public static float sin(float x) {
    if (!(Math.abs(x) <= SIN_FAST_LIMIT)) { // NaN too: Math gives NaN its own sign and payload
      return (float) Math.sin(x);
    }
    // the reduction turns -0.0 into +0.0
    return x == 0 ? x : sinCos(x, 0);
  }

  public static float cos(float x) {
    if (!(Math.abs(x) <= SIN_FAST_LIMIT)) { // NaN too: Math gives NaN its own sign and payload
      return (float) Math.cos(x);
    }
    return sinCos(x, 1);
  }

  /** sin(x + quadrantShift * pi/2) for |x| <= 6400 (NaN gives NaN); see the constants. */
  private static float sinCos(float x, int quadrantShift) {
    float shifted = Math.fma(x, TWO_OVER_PI, ROUND_MAGIC);
    int quadrant = Float.floatToRawIntBits(shifted) + quadrantShift;
    float q = shifted - ROUND_MAGIC;
    float r1 = Math.fma(q, -PIO2_2, Math.fma(q, -PIO2_1, x));
    float a3 = q * PIO2_3;
    float r = r1 - a3;
    float back = r - r1;
    float err = (r1 - (r - back)) - (a3 + back);
    float tail = Math.fma(q, -PIO2_4, err);
    float z = r * r;
    float result;
    if ((quadrant & 1) == 0) {
      result = Math.fma(r * z, Math.fma(Math.fma(z, S3, S2), z, S1), tail) + r;
    } else {
      float w = z * Math.fma(Math.fma(Math.fma(z, C3, C2), z, C1), z, -0.5f);
      result = Math.fma(-r, tail, w) + 1f;
    }
    return (quadrant & 2) == 0 ? result : -result;
  }

  public static float exp(float x) {
    if (Math.abs(x) > EXP_FAST_LIMIT) {
      return expWide(x);
    }
    float shifted = Math.fma(x, LOG2E, ROUND_MAGIC);
    int n = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
    return expReduced(x, shifted - ROUND_MAGIC) * Float.intBitsToFloat((n + 127) << 23);
  }

  /** exp(x - n ln2) for |x - n ln2| <= ln2/2. */
  private static float expReduced(float x, float n) {
    float r = Math.fma(n, -LN2_2, Math.fma(n, -LN2_1, x));
    float e = Math.fma(Math.fma(Math.fma(Math.fma(r, E4, E3), r, E2), r, E1), r, E0);
    return Math.fma(r * r, e, r) + 1f;
  }

  /**
   * exp beyond +-87: clamped to [-104, 89], where results are already 0 or infinite (NaN stays
   * NaN), and scaled in two steps: the first product is exact, the second rounds once into the
   * subnormal or infinite range.
   */
  private static float expWide(float x0) {
    float x = Math.min(Math.max(x0, -104f), 89f);
    float shifted = Math.fma(x, LOG2E, ROUND_MAGIC);
    int n = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
    int half = n >> 1;
    return expReduced(x, shifted - ROUND_MAGIC) * Float.intBitsToFloat((half + 127) << 23)
        * Float.intBitsToFloat((n - half + 127) << 23);
  }

  /** log(m) = 2s + s^3 (POWF_LOG1 + ... + POWF_LOG5 z^4), s = (m-1)/(m+1), z = s^2: relative error 2^-45. */
  public static final double POWF_LOG1 = 0x1.555555561d84fp-1;
  public static final double POWF_LOG2 = 0x1.999996ab3e2acp-2;
  public static final double POWF_LOG3 = 0x1.249411223282ap-2;
  public static final double POWF_LOG4 = 0x1.c62b563c77efdp-3;
  public static final double POWF_LOG5 = 0x1.9111eca629724p-3;
  /** exp(r) = 1 + r + r^2 (POWF_EXP1 + ... + POWF_EXP7 r^6), |r| <= ln2/2: relative error 2^-39.7. */
  public static final double POWF_EXP1 = 0x1.000000005df09p-1;
  public static final double POWF_EXP2 = 0x1.5555557dd3ad7p-3;
  public static final double POWF_EXP3 = 0x1.5555541e4bda7p-5;
  public static final double POWF_EXP4 = 0x1.1110a25eb55ccp-7;
  public static final double POWF_EXP5 = 0x1.6c18d337ec5dfp-10;
  public static final double POWF_EXP6 = 0x1.a18560e69e4c6p-13;
  public static final double POWF_EXP7 = 0x1.9e892f44a0199p-16;

  /**
   * {@code (float) Math.pow(x, y)} within 1 ulp, computed in double as exp(y log x) with plain
   * double polynomials (a relative error near 2^-39 before the rounding to float), for machines
   * where the JDK has no SIMD pow (see DoubleTranscendentals.pow, whose reduction it shares).
   * x not a positive normal float, and |y log x| beyond 708, call {@code Math.pow}.
   */
  public static float pow(float x, float y) {
    return (float) powInDouble(x, y);
  }

  /** The double whose rounding is {@link #pow}: Math.pow's result for elements off the fast path. */
  public static double powInDouble(double x, double y) {
    if (!(x >= Float.MIN_NORMAL && x <= Float.MAX_VALUE)) {
      return (float) Math.pow(x, y);
    }
    double log = Math.fma(DoubleTranscendentals.reducedExponent(x), LN2_DOUBLE, logOfReduced(DoubleTranscendentals.reducedMantissa(x)));
    double t = y * log;
    if (!(Math.abs(t) <= DoubleTranscendentals.POW_EXP_LIMIT)) {
      return (float) Math.pow(x, y);
    }
    double shifted = Math.fma(t, DoubleTranscendentals.POW_INV_LN2, DoubleTranscendentals.D_ROUND_MAGIC);
    double n = shifted - DoubleTranscendentals.D_ROUND_MAGIC;
    double r = Math.fma(-n, DoubleTranscendentals.POW_LN2_LO, Math.fma(-n, DoubleTranscendentals.POW_LN2_HI, t));
    double e = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, POWF_EXP7, POWF_EXP6), r, POWF_EXP5), r, POWF_EXP4), r,
        POWF_EXP3), r, POWF_EXP2), r, POWF_EXP1);
    double p = 1 + Math.fma(r * r, e, r);
    return p * DoubleTranscendentals.twoToThe(shifted);
  }

  /** ln 2 as a double. */
  public static final double LN2_DOUBLE = 0x1.62e42fefa39efp-1;

  /** 1 / ln 2 as a double. */
  public static final double INV_LN2_DOUBLE = 0x1.71547652b82fep0;

  /**
   * NumPy's {@code log2} of a float, computed in double and rounded once: x = 2^k m with m in
   * [sqrt(2)/2, sqrt(2)), k + log(m) / ln 2 with pow's float log polynomial (a relative error near
   * 2^-45), exact for powers of two; zeros, negatives, infinities and NaN give NumpyMath.log2's
   * results. The scalar twin of VectorMath.log2 (float lanes widened to double lanes).
   */
  public static float log2(float x) {
    return (float) log2InDouble(x);
  }

  /** The double whose rounding is {@link #log2}. */
  public static double log2InDouble(double x) {
    if (!(x > 0 && x <= Float.MAX_VALUE)) {
      return (float) NumpyMath.log2(x);
    }
    return Math.fma(logOfReduced(DoubleTranscendentals.reducedMantissa(x)), INV_LN2_DOUBLE, DoubleTranscendentals.reducedExponent(x));
  }

  /** log(m) for m in [sqrt(2)/2, sqrt(2)): 2s + s^3 q(s^2), s = (m-1)/(m+1). */
  private static double logOfReduced(double m) {
    double s = (m - 1) / (m + 1);
    double z = s * s;
    double q = Math.fma(Math.fma(Math.fma(Math.fma(z, POWF_LOG5, POWF_LOG4), z, POWF_LOG3), z, POWF_LOG2), z, POWF_LOG1);
    return Math.fma(s * z, q, 2 * s);
  }
}
