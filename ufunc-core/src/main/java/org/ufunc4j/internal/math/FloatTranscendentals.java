package org.ufunc4j.internal.math;

/**
 * float32 {@code sin}, {@code cos} and {@code exp} as polynomials in float arithmetic: the scalar
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
    if (Math.abs(x) > SIN_FAST_LIMIT) {
      return (float) Math.sin(x);
    }
    // the reduction turns -0.0 into +0.0
    return x == 0 ? x : sinCos(x, 0);
  }

  public static float cos(float x) {
    if (Math.abs(x) > SIN_FAST_LIMIT) {
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
}
