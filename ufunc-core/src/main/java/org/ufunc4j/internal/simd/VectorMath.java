package org.ufunc4j.internal.simd;

import static org.ufunc4j.internal.math.DoubleTranscendentals.*;
import static org.ufunc4j.internal.math.FloatTranscendentals.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Functions the Vector API lacks, computes slower, or computes with other special cases, for
 * generated kernels: {@code copySign} (bit operations); {@code powSvml} (SVML's, with Java's special
 * cases) and, below 512-bit vectors where the JDK has no SIMD pow, {@code pow} (ufunc4j's own
 * double-double log and exp); float32 {@code sin}, {@code cos} and {@code exp}, and float64 {@code sin} and {@code
 * cos}, written with plain Vector API arithmetic instead of the JDK's SVML stubs: on this machine
 * the float32 ones take 0.37 and 0.21 ns per element where SVML takes 0.55 and 0.29, float64 sin
 * 3.35 against 3.47 us for 4096 elements in JMH, 0.68-0.79 against 0.90-1.05 ns per element in a
 * probe with other array placements (512-bit lanes, cache-resident).
 *
 * <p>Accuracy of the float32 functions: every result is within 1 ulp of {@code (float) Math.f((double) x)} - checked on all
 * 2^32 float inputs by {@code org.ufunc4j.bench.Float32Exhaustive} in ufunc-bench - and NaN, infinities and ±0.0
 * give what {@code Math} gives. Lanes outside the fast range ({@code |x| > 6400} for sin and cos,
 * {@code |x| > 87} for exp) take a slower path, so the fast path needs no clamping (Java's
 * {@code min}/{@code max} cost as much as the whole polynomial). The results depend only on IEEE
 * operations, so they are the same interpreted and compiled, on every thread.
 *
 * <p>The constants, the argument reduction and the order of operations are those of {@link
 * org.ufunc4j.internal.math.FloatTranscendentals}, the scalar twin that tails, strided calls and
 * SIMD-off kernels use, so an element gets the same bits on every path. The float64 functions
 * have theirs in {@link org.ufunc4j.internal.math.DoubleTranscendentals} (within 1 ulp of {@code
 * Math}, checked on 1.7 * 10^8 sampled inputs by {@code org.ufunc4j.bench.Float64SampledCheck}).
 *
 * <p>Only generated code calls this class: it references the Vector API, which must not load when
 * SIMD is off. Every method is small enough for C2 to inline into the kernel loop, so no vector is
 * boxed on the fast path.
 */
public final class VectorMath {
  private VectorMath() {}

  /** {@code Math.copySign(magnitude, sign)} per lane: bit operations, exact (NaN signs included). */
  public static DoubleVector copySign(DoubleVector magnitude, DoubleVector sign) {
    return magnitude.reinterpretAsLongs().and(Long.MAX_VALUE)
        .or(sign.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** {@code Math.copySign(magnitude, sign)} per float lane. */
  public static FloatVector copySign(FloatVector magnitude, FloatVector sign) {
    return magnitude.reinterpretAsInts().and(Integer.MAX_VALUE)
        .or(sign.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats();
  }

  /**
   * {@code Math.abs} per long lane from the sign mask, wrapping as Java does (Long.MIN_VALUE stays
   * itself): x86 has no 64-bit vector abs below AVX-512, and the Vector API's fallback took 3.3 ns
   * per element against 0.24 for this (256-bit, AVX2-only EPYC).
   */
  public static LongVector absBySign(LongVector x) {
    LongVector sign = x.lanewise(VectorOperators.ASHR, 63);
    return x.lanewise(VectorOperators.XOR, sign).sub(sign);
  }

  /**
   * {@code (double) (long) x} per lane: the Vector API's conversions are Java's casts (toward
   * zero, NaN to 0, saturated), and a double and a long lane have the same width.
   */
  public static DoubleVector truncLong(DoubleVector x) {
    return (DoubleVector) x.convert(VectorOperators.D2L, 0).convert(VectorOperators.L2D, 0);
  }

  /**
   * {@code (double) (int) x} per lane: Java's cast to long, clamped to the int range as longs
   * (cheap integer min/max; the double ones must order NaN and -0.0 and took twice the time).
   */
  public static DoubleVector truncInt(DoubleVector x) {
    return (DoubleVector) ((LongVector) x.convert(VectorOperators.D2L, 0)).max(Integer.MIN_VALUE).min(Integer.MAX_VALUE)
        .convert(VectorOperators.L2D, 0);
  }

  /**
   * {@code (double) (long) x} per lane with double operations only, for vector sizes below 512
   * bits: x86 without AVX-512DQ has no vector double-to-long conversion, and the Vector API's
   * fallback for it ran 13x slower than the plain Java loop (-XX:UseAVX=2, 16K elements). Below
   * 2^52 in magnitude: round to an integer by adding and subtracting 2^52, step back where that
   * rounded up; above, x is an integer already, clamped to 2^63. The sign comes back by negation
   * plus 0.0 (so -0.5 gives 0.0, as Java's cast); NaN gives 0.
   */
  public static DoubleVector truncLongByDoubles(DoubleVector x) {
    DoubleVector a = x.abs();
    DoubleVector r = a.add(0x1p52).sub(0x1p52);
    r = r.sub(1.0, r.compare(VectorOperators.GT, a));
    DoubleVector big = a.blend(0x1p63, a.compare(VectorOperators.GT, 0x1p63));
    DoubleVector t = r.blend(big, a.compare(VectorOperators.GE, 0x1p52));
    t = t.blend(t.neg().add(0.0), x.compare(VectorOperators.LT, 0.0));
    return t.blend(0.0, x.compare(VectorOperators.NE, x));
  }

  /**
   * {@code (double) n} per long lane (Java's l2d, correctly rounded) without the vector
   * long-to-double conversion, which x86 has only with AVX-512DQ (below, the Vector API's
   * fallback made a float64 kernel on an int64 input 8x slower than the plain loop): the high
   * and low 32-bit halves are exact doubles (through the 1.5 * 2^52 and 2^52 tricks), and
   * hi * 2^32 + lo rounds once.
   */
  public static DoubleVector longsToDoubles(LongVector n) {
    DoubleVector hi = n.lanewise(VectorOperators.ASHR, 32).add(D_ROUND_MAGIC_BITS).reinterpretAsDoubles().sub(D_ROUND_MAGIC);
    DoubleVector lo = n.and(0xffffffffL).or(TWO_52_BITS).reinterpretAsDoubles().sub(0x1p52);
    return hi.lanewise(VectorOperators.FMA, 0x1p32, lo);
  }

  /** The bits of 2^52: or-ed with an integer below 2^52, the double 2^52 + that integer. */
  public static final long TWO_52_BITS = 0x4330000000000000L;

  /**
   * {@code (long) (int) x} per double lane: d2i into int lanes of half the width (Java's d2i:
   * toward zero, NaN 0, saturated at the int range), which x86 has at every width, and i2l back.
   */
  public static LongVector intsToLongs(DoubleVector x) {
    return (LongVector) ((IntVector) x.convert(VectorOperators.D2I, 0)).convert(VectorOperators.I2L, 0);
  }

  /**
   * {@code (long) x} per double lane (Java's d2l: toward zero, NaN 0, saturated) without the
   * vector conversion (AVX-512DQ only): {@link #truncLongByDoubles} gives the integer as a
   * double, which splits exactly into floor(t / 2^32) and t - that * 2^32, each converted through
   * its bits; t = 2^63 (every x from 2^63 up, where the high half is 2^31) is Long.MAX_VALUE.
   */
  public static LongVector doublesToLongs(DoubleVector x) {
    if (x.abs().compare(VectorOperators.LT, 0x1p31).allTrue()) {
      // every lane in the int range (the usual data): 0.16 ns per element at 256 bits against
      // 0.93 for the split below (a throwaway probe)
      return intsToLongs(x);
    }
    DoubleVector t = truncLongByDoubles(x);
    DoubleVector scaled = t.mul(0x1p-32);
    DoubleVector hi = scaled.add(D_ROUND_MAGIC).sub(D_ROUND_MAGIC);
    hi = hi.sub(1.0, hi.compare(VectorOperators.GT, scaled));
    DoubleVector lo = t.sub(hi.mul(0x1p32));
    LongVector hiBits = hi.add(D_ROUND_MAGIC).reinterpretAsLongs().sub(D_ROUND_MAGIC_BITS);
    LongVector loBits = lo.add(0x1p52).reinterpretAsLongs().sub(TWO_52_BITS);
    LongVector v = hiBits.lanewise(VectorOperators.LSHL, 32).add(loBits);
    return v.blend(Long.MAX_VALUE, hiBits.compare(VectorOperators.GE, 1L << 31));
  }

  /** {@code (double) (int) x} per lane with double operations only: truncLongByDoubles clamped to the int range. */
  public static DoubleVector truncIntByDoubles(DoubleVector x) {
    DoubleVector t = truncLongByDoubles(x);
    t = t.blend(2147483647.0, t.compare(VectorOperators.GT, 2147483647.0));
    return t.blend(-2147483648.0, t.compare(VectorOperators.LT, -2147483648.0));
  }

  /** {@code (float) (int) x} per float lane (an int lane has a float's width). */
  public static FloatVector truncInt(FloatVector x) {
    return (FloatVector) x.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
  }

  /**
   * {@code (float) (long) x} per float lane without long lanes (half as many per vector): below
   * 2^31 in magnitude it is {@code (float) (int) x}; above, a float is already an integer, so it
   * is x clamped to the long range (+-2^63, which (float) Long.MAX_VALUE rounds to). NaN compares
   * false and takes the int path, which gives 0 as Java does.
   */
  public static FloatVector truncLong(FloatVector x) {
    FloatVector small = (FloatVector) x.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
    FloatVector big = x.max(-0x1p63f).min(0x1p63f);
    return small.blend(big, x.abs().compare(VectorOperators.GE, 0x1p31f));
  }

  /**
   * {@code (double) (float) x} per lane: to float lanes (the low half of a vector of the same
   * width) and back.
   */
  public static DoubleVector roundFloat(DoubleVector x) {
    return (DoubleVector) x.convert(VectorOperators.D2F, 0).convert(VectorOperators.F2D, 0);
  }

  /**
   * {@code Math.pow} per lane with ufunc4j's own double-double log and exp (the scalar twin, its
   * method and its accuracy: {@code DoubleTranscendentals.pow}), for machines where the JDK has no
   * SIMD pow (below 512 bits). Lanes outside its fast range (x not a positive normal double, |y
   * log x| beyond 708) get {@code Math.pow}'s result in a cold call.
   */
  public static DoubleVector pow(DoubleVector x, DoubleVector y) {
    VectorSpecies<Double> sp = x.species();
    DoubleVector m = reducedMantissa(x);
    DoubleVector k = reducedExponent(x);
    DoubleVector one = DoubleVector.broadcast(sp, 1.0);
    DoubleVector f = m.sub(one);
    DoubleVector dHi = m.add(one);
    DoubleVector bb = dHi.sub(m);
    DoubleVector dLo = m.sub(dHi.sub(bb)).add(one.sub(bb));
    DoubleVector inv = one.div(dHi);
    DoubleVector sHi = f.mul(inv);
    DoubleVector sHiNeg = sHi.neg();
    DoubleVector sLo = sHiNeg.fma(dLo, sHiNeg.fma(dHi, f)).mul(inv);
    DoubleVector zHi = sHi.mul(sHi);
    DoubleVector zLo = sHi.fma(sHi, zHi.neg());
    DoubleVector s3Hi = zHi.mul(sHi);
    DoubleVector s3Lo = zHi.fma(sHi, s3Hi.neg()).add(zLo.fma(sHi, zHi.mul(3.0).mul(sLo)));
    DoubleVector cHi = s3Hi.mul(POW_TWO_THIRDS_HI);
    DoubleVector cLo = s3Hi.lanewise(VectorOperators.FMA, POW_TWO_THIRDS_HI, cHi.neg())
        .add(s3Hi.lanewise(VectorOperators.FMA, POW_TWO_THIRDS_LO, s3Lo.mul(POW_TWO_THIRDS_HI)));
    DoubleVector poly = zHi.fma(LOG7, LOG6).fma(zHi, DoubleVector.broadcast(sp, LOG5)).fma(zHi, DoubleVector.broadcast(sp, LOG4))
        .fma(zHi, DoubleVector.broadcast(sp, LOG3)).fma(zHi, DoubleVector.broadcast(sp, LOG2)).fma(zHi, DoubleVector.broadcast(sp, LOG1));
    DoubleVector a = k.mul(POW_LN2_HI);
    DoubleVector b = sHi.mul(2.0);
    DoubleVector s1 = a.add(b);
    DoubleVector e1 = b.sub(s1.sub(a));
    DoubleVector s2 = s1.add(cHi);
    DoubleVector e2 = cHi.sub(s2.sub(s1));
    DoubleVector lo = e1.add(e2).add(cLo.add(sLo.mul(2.0))).add(k.lanewise(VectorOperators.FMA, POW_LN2_LO, s3Hi.mul(zHi).mul(poly)));
    DoubleVector lHi = s2.add(lo);
    DoubleVector lLo = lo.sub(lHi.sub(s2));
    DoubleVector tHi = y.mul(lHi);
    DoubleVector tLo = y.fma(lLo, y.fma(lHi, tHi.neg()));
    DoubleVector shifted = tHi.fma(POW_INV_LN2, D_ROUND_MAGIC);
    DoubleVector nNeg = DoubleVector.broadcast(sp, D_ROUND_MAGIC).sub(shifted);
    DoubleVector rHi = nNeg.lanewise(VectorOperators.FMA, POW_LN2_HI, tHi);
    DoubleVector rLo = nNeg.lanewise(VectorOperators.FMA, POW_LN2_LO, tLo);
    DoubleVector r = rHi.add(rLo);
    DoubleVector rl = rLo.sub(r.sub(rHi));
    DoubleVector e = expTail(r);
    DoubleVector rest = r.mul(r).fma(e, r.fma(rl, rl));
    DoubleVector onePlusR = one.add(r);
    DoubleVector e3 = one.sub(onePlusR).add(r);
    DoubleVector p = onePlusR.add(e3.add(rest));
    DoubleVector scale = twoToThe(shifted);
    DoubleVector result = p.mul(scale);
    VectorMask<Double> fast = x.compare(VectorOperators.GE, Double.MIN_NORMAL).and(x.compare(VectorOperators.LE, Double.MAX_VALUE))
        .and(tHi.abs().compare(VectorOperators.LE, POW_EXP_LIMIT));
    return fast.allTrue() ? result : withMathPowLanes(x, y, result, fast, false);
  }

  /**
   * float64 {@code Math.tanh} per lane for machines without a SIMD one (below 512 bits): both of
   * the scalar twin's paths ({@code DoubleTranscendentals.tanh}) computed and blended by |x|.
   */
  public static DoubleVector tanh(DoubleVector x) {
    VectorSpecies<Double> sp = x.species();
    DoubleVector a = x.abs();
    DoubleVector z = a.mul(a);
    DoubleVector p = z.fma(TANH11, TANH10).fma(z, DoubleVector.broadcast(sp, TANH9)).fma(z, DoubleVector.broadcast(sp, TANH8))
        .fma(z, DoubleVector.broadcast(sp, TANH7)).fma(z, DoubleVector.broadcast(sp, TANH6)).fma(z, DoubleVector.broadcast(sp, TANH5))
        .fma(z, DoubleVector.broadcast(sp, TANH4)).fma(z, DoubleVector.broadcast(sp, TANH3)).fma(z, DoubleVector.broadcast(sp, TANH2))
        .fma(z, DoubleVector.broadcast(sp, TANH1));
    DoubleVector small = a.mul(z).fma(p, a);
    DoubleVector t = tanhLarge(a).blend(small, a.compare(VectorOperators.LT, TANH_SMALL))
        .blend(1.0, a.compare(VectorOperators.GE, TANH_ONE));
    return copySign(t, x);
  }

  /** 1 - 2/(exp(2a) + 1) per lane, as DoubleTranscendentals.tanhLarge. */
  static DoubleVector tanhLarge(DoubleVector a) {
    VectorSpecies<Double> sp = a.species();
    DoubleVector one = DoubleVector.broadcast(sp, 1.0);
    DoubleVector two = DoubleVector.broadcast(sp, 2.0);
    DoubleVector t = a.mul(2.0);
    DoubleVector shifted = t.fma(POW_INV_LN2, D_ROUND_MAGIC);
    DoubleVector nNeg = DoubleVector.broadcast(sp, D_ROUND_MAGIC).sub(shifted);
    DoubleVector rHi = nNeg.lanewise(VectorOperators.FMA, POW_LN2_HI, t);
    DoubleVector rLo = nNeg.mul(POW_LN2_LO);
    DoubleVector r = rHi.add(rLo);
    DoubleVector rl = rLo.sub(r.sub(rHi));
    DoubleVector e = expTail(r);
    DoubleVector rest = r.mul(r).fma(e, r.fma(rl, rl));
    DoubleVector onePlusR = one.add(r);
    DoubleVector oneLo = one.sub(onePlusR).add(r).add(rest);
    DoubleVector eHi = onePlusR.add(oneLo);
    DoubleVector eLo = oneLo.sub(eHi.sub(onePlusR));
    DoubleVector scale = twoToThe(shifted);
    eHi = eHi.mul(scale);
    eLo = eLo.mul(scale);
    DoubleVector uHi = eHi.add(one);
    DoubleVector uLo = one.sub(uHi.sub(eHi)).add(eLo);
    DoubleVector qHi = two.div(uHi);
    DoubleVector qHiNeg = qHi.neg();
    DoubleVector qLo = qHiNeg.fma(uLo, qHiNeg.fma(uHi, two)).mul(qHi.mul(0.5));
    DoubleVector s = one.sub(qHi);
    DoubleVector sLo = one.sub(s).sub(qHi);
    return s.add(sLo.sub(qLo));
  }

  /**
   * {@code (float) Math.pow} per float lane for machines without a SIMD pow: each half of the
   * lanes widened to double lanes (a vector of the same width), {@link #powInDouble} there (the
   * scalar twin is FloatTranscendentals.pow), and rounded back.
   */
  public static FloatVector pow(FloatVector x, FloatVector y) {
    // convert keeps the vector's width, so no species is looked up (a non-constant one is slow)
    DoubleVector low = powInDouble((DoubleVector) x.convert(VectorOperators.F2D, 0), (DoubleVector) y.convert(VectorOperators.F2D, 0));
    DoubleVector high = powInDouble((DoubleVector) x.convert(VectorOperators.F2D, 1), (DoubleVector) y.convert(VectorOperators.F2D, 1));
    return narrowHalves(low, high);
  }

  /** FloatTranscendentals.powInDouble per double lane (x and y hold float values). */
  public static DoubleVector powInDouble(DoubleVector x, DoubleVector y) {
    VectorSpecies<Double> sp = x.species();
    DoubleVector m = reducedMantissa(x);
    DoubleVector k = reducedExponent(x);
    DoubleVector log = k.lanewise(VectorOperators.FMA, LN2_DOUBLE, logOfReduced(m));
    DoubleVector t = y.mul(log);
    DoubleVector shifted = t.fma(POW_INV_LN2, D_ROUND_MAGIC);
    DoubleVector nNeg = DoubleVector.broadcast(sp, D_ROUND_MAGIC).sub(shifted);
    DoubleVector r = nNeg.lanewise(VectorOperators.FMA, POW_LN2_LO, nNeg.lanewise(VectorOperators.FMA, POW_LN2_HI, t));
    DoubleVector e = r.fma(POWF_EXP7, POWF_EXP6).fma(r, DoubleVector.broadcast(sp, POWF_EXP5)).fma(r, DoubleVector.broadcast(sp, POWF_EXP4))
        .fma(r, DoubleVector.broadcast(sp, POWF_EXP3)).fma(r, DoubleVector.broadcast(sp, POWF_EXP2)).fma(r, DoubleVector.broadcast(sp, POWF_EXP1));
    DoubleVector p = r.mul(r).fma(e, r).add(1.0);
    DoubleVector scale = twoToThe(shifted);
    DoubleVector result = p.mul(scale);
    VectorMask<Double> fast = x.compare(VectorOperators.GE, (double) Float.MIN_NORMAL).and(x.compare(VectorOperators.LE, (double) Float.MAX_VALUE))
        .and(t.abs().compare(VectorOperators.LE, POW_EXP_LIMIT));
    return fast.allTrue() ? result : withMathPowLanes(x, y, result, fast, true);
  }

  /** m of x = 2^k m per lane, as DoubleTranscendentals.reducedMantissa. */
  static DoubleVector reducedMantissa(DoubleVector x) {
    LongVector ix = x.reinterpretAsLongs();
    // a logical shift: AVX2 has no 64-bit arithmetic one
    LongVector kb = ix.add(POW_M_OFFSET).lanewise(VectorOperators.LSHR, 52);
    return ix.sub(kb.lanewise(VectorOperators.LSHL, 52)).add(POW_ONE_BITS).reinterpretAsDoubles();
  }

  /**
   * k of x = 2^k m per lane, as DoubleTranscendentals.reducedExponent, without a long conversion
   * (none below AVX-512DQ): exact. Its shift repeats reducedMantissa's, which C2 computes once.
   */
  static DoubleVector reducedExponent(DoubleVector x) {
    LongVector kb = x.reinterpretAsLongs().add(POW_M_OFFSET).lanewise(VectorOperators.LSHR, 52);
    return kb.add(D_ROUND_MAGIC_BITS - 1023).reinterpretAsDoubles().sub(D_ROUND_MAGIC);
  }

  /** The EXP polynomial per lane, as DoubleTranscendentals.expTail. */
  static DoubleVector expTail(DoubleVector r) {
    VectorSpecies<Double> sp = r.species();
    return r.fma(EXP10, EXP9).fma(r, DoubleVector.broadcast(sp, EXP8)).fma(r, DoubleVector.broadcast(sp, EXP7))
        .fma(r, DoubleVector.broadcast(sp, EXP6)).fma(r, DoubleVector.broadcast(sp, EXP5)).fma(r, DoubleVector.broadcast(sp, EXP4))
        .fma(r, DoubleVector.broadcast(sp, EXP3)).fma(r, DoubleVector.broadcast(sp, EXP2)).fma(r, DoubleVector.broadcast(sp, EXP1));
  }

  /** 2^n per lane for the n that {@code shifted} holds, as DoubleTranscendentals.twoToThe. */
  static DoubleVector twoToThe(DoubleVector shifted) {
    return shifted.reinterpretAsLongs().add(1023 - D_ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
  }

  /**
   * The float vector of two double vectors' lanes (the halves a float function widened): each
   * narrowed half fills its lanes and leaves +0.0 (bits 0) in the others.
   */
  static FloatVector narrowHalves(DoubleVector low, DoubleVector high) {
    IntVector lowBits = low.convert(VectorOperators.D2F, 0).reinterpretAsInts();
    IntVector highBits = high.convert(VectorOperators.D2F, -1).reinterpretAsInts();
    return lowBits.or(highBits).reinterpretAsFloats();
  }

  /** log(m) per lane for m in [sqrt(2)/2, sqrt(2)), as FloatTranscendentals.logOfReduced. */
  static DoubleVector logOfReduced(DoubleVector m) {
    VectorSpecies<Double> sp = m.species();
    DoubleVector s = m.sub(1.0).div(m.add(1.0));
    DoubleVector z = s.mul(s);
    DoubleVector q = z.fma(POWF_LOG5, POWF_LOG4).fma(z, DoubleVector.broadcast(sp, POWF_LOG3))
        .fma(z, DoubleVector.broadcast(sp, POWF_LOG2)).fma(z, DoubleVector.broadcast(sp, POWF_LOG1));
    return s.mul(z).fma(q, s.mul(2.0));
  }

  /**
   * NumPy's log2 per float lane (FloatTranscendentals.log2 is the twin): each half widened to
   * double lanes, k + log(m) / ln 2 there, rounded back once. Non-positive, infinite and NaN lanes
   * get NumpyMath.log2's results in a cold call.
   */
  public static FloatVector log2(FloatVector x) {
    DoubleVector low = log2InDouble((DoubleVector) x.convert(VectorOperators.F2D, 0));
    DoubleVector high = log2InDouble((DoubleVector) x.convert(VectorOperators.F2D, 1));
    return narrowHalves(low, high);
  }

  /** FloatTranscendentals.log2InDouble per double lane (x holds float values). */
  public static DoubleVector log2InDouble(DoubleVector x) {
    DoubleVector m = reducedMantissa(x);
    DoubleVector k = reducedExponent(x);
    DoubleVector r = logOfReduced(m).lanewise(VectorOperators.FMA, INV_LN2_DOUBLE, k);
    VectorMask<Double> fast = x.compare(VectorOperators.GT, 0.0).and(x.compare(VectorOperators.LE, (double) Float.MAX_VALUE));
    return fast.allTrue() ? r : withNumpyLog2Lanes(x, r, fast);
  }

  /** {@code fast} with the lanes not in {@code fastLanes} replaced by {@code (float) NumpyMath.log2(x)}. */
  static DoubleVector withNumpyLog2Lanes(DoubleVector x, DoubleVector fast, VectorMask<Double> fastLanes) {
    double[] xs = x.toArray();
    double[] out = fast.toArray();
    for (int i = 0; i < xs.length; i++) {
      if (!fastLanes.laneIsSet(i)) {
        out[i] = (float) org.ufunc4j.internal.math.NumpyMath.log2(xs[i]);
      }
    }
    return DoubleVector.fromArray(x.species(), out, 0);
  }

  /**
   * {@code fast} with the lanes not in {@code fastLanes} replaced by {@code Math.pow(x, y)},
   * rounded to float when {@code toFloat} (the lanes of a float32 pow widened to double).
   */
  static DoubleVector withMathPowLanes(DoubleVector x, DoubleVector y, DoubleVector fast, VectorMask<Double> fastLanes, boolean toFloat) {
    double[] xs = x.toArray();
    double[] ys = y.toArray();
    double[] out = fast.toArray();
    for (int i = 0; i < xs.length; i++) {
      if (!fastLanes.laneIsSet(i)) {
        double p = Math.pow(xs[i], ys[i]);
        out[i] = toFloat ? (float) p : p;
      }
    }
    return DoubleVector.fromArray(x.species(), out, 0);
  }

  /**
   * {@code Math.pow} per lane with SVML's {@code pow}, whose special cases are C's: it gives 1 for
   * pow(1, NaN) and pow(+-1, +-infinity), where Java gives NaN; every other special case (zeros,
   * infinities, negative bases, NaN bases) agrees. Both need y NaN or infinite, so the fast path
   * costs one class test of y and a branch before the call; the other path is a cold call. Testing
   * before the call and choosing after it kept x and y live across the SVML call (7-15% slower for
   * a pow loop); masks and a blend inline after the call made pow 25% slower.
   */
  public static DoubleVector powSvml(DoubleVector x, DoubleVector y) {
    if (y.test(VectorOperators.IS_FINITE).allTrue()) {
      return x.lanewise(VectorOperators.POW, y);
    }
    return javaPowCases(x, y);
  }

  /**
   * True when every lane of four exponent vectors is finite: the one test a loop that computes
   * four vectors per iteration makes before calling SVML's pow on all four ({@link #powSvmlFinite}).
   */
  public static boolean allFinite(DoubleVector a, DoubleVector b, DoubleVector c, DoubleVector d) {
    return a.test(VectorOperators.IS_FINITE).and(b.test(VectorOperators.IS_FINITE))
        .and(c.test(VectorOperators.IS_FINITE)).and(d.test(VectorOperators.IS_FINITE)).allTrue();
  }

  /** SVML's pow, right as Java's when every lane of {@code y} is finite. */
  public static DoubleVector powSvmlFinite(DoubleVector x, DoubleVector y) {
    return x.lanewise(VectorOperators.POW, y);
  }

  /** SVML's pow with NaN where Java's pow is NaN and C's is 1 (cold: y has a non-finite lane). */
  static DoubleVector javaPowCases(DoubleVector x, DoubleVector y) {
    VectorMask<Double> javaNaN = y.test(VectorOperators.IS_NAN)
        .or(x.abs().compare(VectorOperators.EQ, 1.0).and(y.test(VectorOperators.IS_INFINITE)));
    return x.lanewise(VectorOperators.POW, y).blend(Double.NaN, javaNaN);
  }

  /** {@code (float) Math.pow} per lane with SVML's float {@code pow}: as the float64 version. */
  public static FloatVector powSvml(FloatVector x, FloatVector y) {
    if (y.test(VectorOperators.IS_FINITE).allTrue()) {
      return x.lanewise(VectorOperators.POW, y);
    }
    return javaPowCases(x, y);
  }

  /** True when every lane of four float exponent vectors is finite. */
  public static boolean allFinite(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
    return a.test(VectorOperators.IS_FINITE).and(b.test(VectorOperators.IS_FINITE))
        .and(c.test(VectorOperators.IS_FINITE)).and(d.test(VectorOperators.IS_FINITE)).allTrue();
  }

  /** SVML's float pow, right as Java's when every lane of {@code y} is finite. */
  public static FloatVector powSvmlFinite(FloatVector x, FloatVector y) {
    return x.lanewise(VectorOperators.POW, y);
  }

  /** SVML's float pow with NaN where Java's pow is NaN and C's is 1 (cold). */
  static FloatVector javaPowCases(FloatVector x, FloatVector y) {
    VectorMask<Float> javaNaN = y.test(VectorOperators.IS_NAN)
        .or(x.abs().compare(VectorOperators.EQ, 1f).and(y.test(VectorOperators.IS_INFINITE)));
    return x.lanewise(VectorOperators.POW, y).blend(Float.NaN, javaNaN);
  }

  /** {@code sin} of every lane. */
  public static FloatVector sin(FloatVector x) {
    FloatVector r = sinCos(x, 0);
    // the reduction turns -0.0 into +0.0; sin(-0.0) is -0.0
    r = r.blend(x, x.compare(VectorOperators.EQ, 0f));
    // NaN lanes take Math's path too: the quadrant's sign flip would change a NaN's sign bit
    VectorMask<Float> fast = x.abs().compare(VectorOperators.LE, SIN_FAST_LIMIT);
    return fast.allTrue() ? r : withMathLanes(x, r, fast.not(), false);
  }

  /** {@code cos} of every lane. */
  public static FloatVector cos(FloatVector x) {
    FloatVector r = sinCos(x, 1);
    // NaN lanes take Math's path too: the quadrant's sign flip would change a NaN's sign bit
    VectorMask<Float> fast = x.abs().compare(VectorOperators.LE, SIN_FAST_LIMIT);
    return fast.allTrue() ? r : withMathLanes(x, r, fast.not(), true);
  }

  /**
   * sin(x + quadrantShift * pi/2) for |x| <= 6400: x = q pi/2 + r with |r| <= pi/4, then the sin
   * or cos polynomial of r by the quadrant q, negated in quadrants 2 and 3 (both polynomials are
   * computed and blended: cheaper than masking).
   */
  private static FloatVector sinCos(FloatVector x, int quadrantShift) {
    VectorSpecies<Float> s = x.species();
    FloatVector shifted = x.fma(TWO_OVER_PI, ROUND_MAGIC);
    IntVector quadrant = shifted.reinterpretAsInts().add(quadrantShift);
    FloatVector q = shifted.sub(ROUND_MAGIC);
    // exact steps, then a rounding step whose error is carried as a tail (FloatTranscendentals)
    FloatVector r1 = q.lanewise(VectorOperators.FMA, -PIO2_2, q.lanewise(VectorOperators.FMA, -PIO2_1, x));
    FloatVector a3 = q.mul(PIO2_3);
    FloatVector r = r1.sub(a3);
    FloatVector back = r.sub(r1);
    FloatVector err = r1.sub(r.sub(back)).sub(a3.add(back));
    FloatVector tail = q.lanewise(VectorOperators.FMA, -PIO2_4, err);
    FloatVector z = r.mul(r);
    // sin(r + tail) ~ r + (r^3 P(z) + tail)
    FloatVector sinPoly = r.mul(z).fma(z.fma(S3, S2).fma(z, FloatVector.broadcast(s, S1)), tail).add(r);
    // cos(r + tail) ~ 1 + (z (-1/2 + z Q(z)) - r tail)
    FloatVector w = z.mul(z.fma(C3, C2).fma(z, FloatVector.broadcast(s, C1)).fma(z, FloatVector.broadcast(s, -0.5f)));
    FloatVector cosPoly = r.neg().fma(tail, w).add(1f);
    VectorMask<Float> odd = quadrant.and(1).compare(VectorOperators.NE, 0).cast(s);
    IntVector signBit = quadrant.and(2).lanewise(VectorOperators.LSHL, 30);
    return sinPoly.blend(cosPoly, odd).reinterpretAsInts().lanewise(VectorOperators.XOR, signBit).reinterpretAsFloats();
  }

  /** float64 {@code sin} of every lane (DoubleTranscendentals is the scalar twin). */
  public static DoubleVector sin(DoubleVector x) {
    DoubleVector r = sinCos(x, 0);
    // the reduction turns -0.0 into +0.0; sin(-0.0) is -0.0
    r = r.blend(x, x.compare(VectorOperators.EQ, 0.0));
    // NaN lanes take Math's path too: the quadrant's sign flip would change a NaN's sign bit
    VectorMask<Double> fast = x.abs().compare(VectorOperators.LE, D_SIN_FAST_LIMIT);
    return fast.allTrue() ? r : withMathLanes(x, r, fast.not(), false);
  }

  /** float64 {@code cos} of every lane. */
  public static DoubleVector cos(DoubleVector x) {
    DoubleVector r = sinCos(x, 1);
    // NaN lanes take Math's path too: the quadrant's sign flip would change a NaN's sign bit
    VectorMask<Double> fast = x.abs().compare(VectorOperators.LE, D_SIN_FAST_LIMIT);
    return fast.allTrue() ? r : withMathLanes(x, r, fast.not(), true);
  }

  /**
   * sin(x + quadrantShift * pi/2) for |x| <= 2^20: x = q pi/2 + r + tail with |r| <= pi/4 (pi/2
   * in three parts, the rounding errors carried in the tail), then the sin or cos polynomial by
   * the quadrant, negated in quadrants 2 and 3; both polynomials are computed and blended.
   */
  private static DoubleVector sinCos(DoubleVector x, long quadrantShift) {
    VectorSpecies<Double> s = x.species();
    DoubleVector shifted = x.fma(D_TWO_OVER_PI, D_ROUND_MAGIC);
    LongVector quadrant = shifted.reinterpretAsLongs().add(quadrantShift);
    DoubleVector q = shifted.sub(D_ROUND_MAGIC);
    DoubleVector r1 = q.lanewise(VectorOperators.FMA, -D_PIO2_1, x);
    DoubleVector t = q.mul(D_PIO2_2);
    DoubleVector tLowNeg = q.lanewise(VectorOperators.FMA, -D_PIO2_2, t);
    DoubleVector r = r1.sub(t);
    DoubleVector err = r1.sub(r).sub(t);
    DoubleVector tail = q.lanewise(VectorOperators.FMA, -D_PIO2_3, err.add(tLowNeg));
    DoubleVector z = r.mul(r);
    DoubleVector halfZNeg = z.mul(-0.5);
    DoubleVector sz = z.fma(SIN6, SIN5).fma(z, DoubleVector.broadcast(s, SIN4)).fma(z, DoubleVector.broadcast(s, SIN3))
        .fma(z, DoubleVector.broadcast(s, SIN2)).fma(z, DoubleVector.broadcast(s, SIN1));
    DoubleVector sinPoly = r.mul(z).fma(sz, tail.fma(halfZNeg, tail)).add(r);
    DoubleVector rNeg = r.neg();
    DoubleVector zLowNeg = rNeg.fma(r, z);
    DoubleVector one = DoubleVector.broadcast(s, 1.0);
    DoubleVector hi = one.add(halfZNeg);
    DoubleVector lo = zLowNeg.lanewise(VectorOperators.FMA, 0.5, one.sub(hi).add(halfZNeg));
    DoubleVector cz = z.fma(COS6, COS5).fma(z, DoubleVector.broadcast(s, COS4)).fma(z, DoubleVector.broadcast(s, COS3))
        .fma(z, DoubleVector.broadcast(s, COS2)).fma(z, DoubleVector.broadcast(s, COS1));
    DoubleVector cosPoly = hi.add(z.mul(z).fma(cz, rNeg.fma(tail, lo)));
    VectorMask<Double> odd = quadrant.and(1L).compare(VectorOperators.NE, 0L).cast(s);
    LongVector signBit = quadrant.and(2L).lanewise(VectorOperators.LSHL, 62);
    return sinPoly.blend(cosPoly, odd).reinterpretAsLongs().lanewise(VectorOperators.XOR, signBit).reinterpretAsDoubles();
  }

  /** {@code exp} of every lane. */
  public static FloatVector exp(FloatVector x) {
    if (x.abs().compare(VectorOperators.GT, EXP_FAST_LIMIT).anyTrue()) {
      return expWide(x);
    }
    FloatVector shifted = x.fma(LOG2E, ROUND_MAGIC);
    IntVector n = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
    FloatVector p = expReduced(x, shifted.sub(ROUND_MAGIC));
    // |n| <= 126: 2^n is a normal float, one multiply rounds once (also into subnormals)
    return p.mul(n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
  }

  /** exp(x - n ln2) for |x - n ln2| <= ln2/2. */
  private static FloatVector expReduced(FloatVector x, FloatVector n) {
    VectorSpecies<Float> s = x.species();
    FloatVector r = n.lanewise(VectorOperators.FMA, -LN2_2, n.lanewise(VectorOperators.FMA, -LN2_1, x));
    FloatVector e = r.fma(E4, E3).fma(r, FloatVector.broadcast(s, E2)).fma(r, FloatVector.broadcast(s, E1))
        .fma(r, FloatVector.broadcast(s, E0));
    return r.mul(r).fma(e, r).add(1f);
  }

  /**
   * exp when some lane is beyond +-87: clamped to [-104, 89] (where results are 0 or infinite
   * already; NaN stays NaN) and scaled by 2^n in two steps, so that the first product is exact and
   * the second rounds once into the subnormal or infinite range. Lanes within +-87 get the bits
   * of the fast path.
   */
  static FloatVector expWide(FloatVector x0) {
    FloatVector x = x0.max(-104f).min(89f);
    FloatVector shifted = x.fma(LOG2E, ROUND_MAGIC);
    IntVector n = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
    FloatVector p = expReduced(x, shifted.sub(ROUND_MAGIC));
    IntVector half = n.lanewise(VectorOperators.ASHR, 1);
    FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector scale2 = n.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale1).mul(scale2);
  }

  /** {@code fast} with the lanes of {@code wide} replaced by {@code Math.sin/cos(x)}. */
  static DoubleVector withMathLanes(DoubleVector x, DoubleVector fast, VectorMask<Double> wide, boolean cos) {
    double[] in = x.toArray();
    double[] out = fast.toArray();
    for (int i = 0; i < in.length; i++) {
      if (wide.laneIsSet(i)) {
        out[i] = cos ? Math.cos(in[i]) : Math.sin(in[i]);
      }
    }
    return DoubleVector.fromArray(x.species(), out, 0);
  }

  /** {@code fast} with the lanes of {@code wide} replaced by {@code (float) Math.sin/cos(x)}. */
  static FloatVector withMathLanes(FloatVector x, FloatVector fast, VectorMask<Float> wide, boolean cos) {
    float[] in = x.toArray();
    float[] out = fast.toArray();
    for (int i = 0; i < in.length; i++) {
      if (wide.laneIsSet(i)) {
        out[i] = (float) (cos ? Math.cos(in[i]) : Math.sin(in[i]));
      }
    }
    return FloatVector.fromArray(x.species(), out, 0);
  }
}
