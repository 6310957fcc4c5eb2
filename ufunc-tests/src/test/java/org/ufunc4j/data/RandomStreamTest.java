package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * {@link NDArray#random} reproduces the SplitMix64 stream of WORKLOADS.md exactly. The reference
 * here is computed independently with BigInteger arithmetic mod 2^64 straight from the formula, and
 * a few values are pinned as literals (computed with Python's integers).
 */
class RandomStreamTest {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger GAMMA = new BigInteger("9E3779B97F4A7C15", 16);
  private static final BigInteger M1 = new BigInteger("BF58476D1CE4E5B9", 16);
  private static final BigInteger M2 = new BigInteger("94D049BB133111EB", 16);

  /** Element i of the stream, as an unsigned 64-bit integer, from the formula. */
  static BigInteger splitMix(long seed, long i) {
    BigInteger z = unsigned(seed).add(BigInteger.valueOf(i + 1).multiply(GAMMA)).mod(MOD);
    z = z.xor(z.shiftRight(30)).multiply(M1).mod(MOD);
    z = z.xor(z.shiftRight(27)).multiply(M2).mod(MOD);
    return z.xor(z.shiftRight(31));
  }

  private static BigInteger unsigned(long v) {
    return BigInteger.valueOf(v).mod(MOD);
  }

  static double f64(long seed, long i) {
    // (z >>> 11) * 2^-53: the top 53 bits as an exact fraction
    return splitMix(seed, i).shiftRight(11).doubleValue() / 0x1p53;
  }

  static float f32(long seed, long i) {
    return (float) (splitMix(seed, i).shiftRight(40).doubleValue() / 0x1p24);
  }

  @Test
  void pinnedValuesOfTheStream() {
    // Python: z = (s + (i+1)*0x9E3779B97F4A7C15) % 2**64; ... (see WORKLOADS.md), seed 0 and 1.
    assertEquals(new BigInteger("16294208416658607535"), splitMix(0, 0));
    assertEquals(new BigInteger("7960286522194355700"), splitMix(0, 1));
    assertEquals(new BigInteger("10451216379200822465"), splitMix(1, 0));
    assertEquals(splitMix(0, 0).longValue(), NDArray.splitMix64(0, 0));
    assertEquals(splitMix(1, 0).longValue(), NDArray.splitMix64(1, 0));
  }

  @Test
  void float64StreamMatchesTheFormula() {
    for (long seed : new long[] {0, 1, 4, 7, -1, Long.MIN_VALUE, 0x123456789abcdefL}) {
      NDArray a = NDArray.random(DType.FLOAT64, seed, 37);
      for (int i = 0; i < 37; i++) {
        double v = a.getDouble(i);
        assertEquals(Double.doubleToRawLongBits(f64(seed, i)), Double.doubleToRawLongBits(v), "seed " + seed + " element " + i);
        assertTrue(v >= 0 && v < 1);
      }
    }
  }

  @Test
  void float32StreamMatchesTheFormula() {
    for (long seed : new long[] {0, 1, 3, -1, Long.MAX_VALUE}) {
      NDArray a = NDArray.random(DType.FLOAT32, seed, 37);
      for (int i = 0; i < 37; i++) {
        float v = (float) a.getDouble(i);
        assertEquals(Float.floatToRawIntBits(f32(seed, i)), Float.floatToRawIntBits(v), "seed " + seed + " element " + i);
        assertTrue(v >= 0 && v < 1);
      }
    }
  }

  @Test
  void pinnedFloatValues() {
    // Python: (z >> 11) * 2**-53 and (z >> 40) * 2**-24 for seed 0, element 0 and seed 1, element 0.
    assertEquals(0.8833108082136426, NDArray.random(DType.FLOAT64, 0, 1).getDouble(0));
    assertEquals(0.5665615f, (float) NDArray.random(DType.FLOAT32, 1, 1).getDouble(0));
  }

  @Test
  void elementsFollowCOrderForAnyShapeAndStorage() {
    NDArray a = NDArray.random(DType.FLOAT64, 4, 3, 5);
    NDArray flat = NDArray.random(DType.FLOAT64, 4, 15);
    assertArrayEquals(flat.toDoubleArray(), a.toDoubleArray());
    assertEquals(f64(4, 7), a.getDouble(1, 2));
  }

  @Test
  void onlyFloatingDtypes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.random(DType.INT32, 1, 3));
    assertTrue(e.getMessage().contains("int32"), e.getMessage());
  }
}
