package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.ufunc4j.Casting;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * {@link NDArray#astype} converts as NumPy 2 does on x86 (the expected values below are NumPy's
 * output): floats truncate toward zero; NaN, infinities and out-of-range values become the minimum
 * for int64 and int32, and int16/int8 take the low bits of that int32 result (so 0); narrowing
 * integer casts wrap; int64 to float32 rounds once, directly; anything to bool is "non-zero".
 */
class AstypeProperties {
  private static final double[] SPECIAL = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e20, -1e20, 3e9, 40000.0, 300.0,
    -129.7, 1.7, -1.7, 2.5, -0.5
  };

  @Example
  void floatToIntegerAsNumPy() {
    NDArray x = NDArray.of(SPECIAL.clone());
    long min64 = Long.MIN_VALUE;
    assertArrayEquals(
        new long[] {min64, min64, min64, min64, min64, 3000000000L, 40000, 300, -129, 1, -1, 2, 0},
        x.astype(DType.INT64).toLongArray());
    int min32 = Integer.MIN_VALUE;
    assertArrayEquals(
        new int[] {min32, min32, min32, min32, min32, min32, 40000, 300, -129, 1, -1, 2, 0},
        x.astype(DType.INT32).toIntArray());
    assertArrayEquals(
        new long[] {0, 0, 0, 0, 0, 0, -25536, 300, -129, 1, -1, 2, 0}, x.astype(DType.INT16).toLongArray());
    assertArrayEquals(
        new long[] {0, 0, 0, 0, 0, 0, 64, 44, 127, 1, -1, 2, 0}, x.astype(DType.INT8).toLongArray());
    // Limits: 2^31 and -2^31-0.5 do not fit int32; 2^63 does not fit int64.
    assertEquals(min32, NDArray.of(new double[] {0x1p31}).astype(DType.INT32).getLong(0));
    assertEquals(min32, NDArray.of(new double[] {-0x1p31 - 0.5}).astype(DType.INT32).getLong(0));
    assertEquals(-2147483648L, NDArray.of(new double[] {-2147483648.9}).astype(DType.INT32).getLong(0));
    assertEquals(min64, NDArray.of(new double[] {0x1p63}).astype(DType.INT64).getLong(0));
    assertEquals(Long.MAX_VALUE - 1023, NDArray.of(new double[] {Math.nextDown(0x1p63)}).astype(DType.INT64).getLong(0));
  }

  @Example
  void narrowingIntegerCastsWrap() {
    NDArray a = NDArray.of(new long[] {300, -129, 70000, (1L << 40) + 5});
    assertArrayEquals(new long[] {44, 127, 112, 5}, a.astype(DType.INT8).toLongArray());
    assertArrayEquals(new long[] {4464, 25536}, NDArray.of(new long[] {70000, -40000}).astype(DType.INT16).toLongArray());
    assertArrayEquals(
        new int[] {5, Integer.MAX_VALUE},
        NDArray.of(new long[] {(1L << 40) + 5, -(1L << 31) - 1}).astype(DType.INT32).toIntArray());
  }

  @Example
  void int64ToFloat32RoundsOnceDirectly() {
    // 2^60 + 2^36 + 1: via double it would round to 2^60 + 2^36, a float32 tie that rounds to
    // even (2^60); rounded directly it is just above the tie and goes up to 2^60 + 2^37 (NumPy).
    long v = (1L << 60) + (1L << 36) + 1;
    assertEquals((float) v, (float) NDArray.of(new long[] {v}).astype(DType.FLOAT32).getDouble(0));
    assertEquals(0x1p60f + 0x1p37f, (float) NDArray.of(new long[] {v}).astype(DType.FLOAT32).getDouble(0));
    assertEquals(0x1p60f + 0x1p37f, (float) NDArray.of(new long[] {v}).reshape(1, 1).transpose().astype(DType.FLOAT32).getDouble(0, 0));
    NDArray nat = NDArray.allocateNative(DType.INT64, 1);
    nat.set(v, 0);
    assertEquals(0x1p60f + 0x1p37f, (float) nat.astype(DType.FLOAT32).getDouble(0), "native storage too");
  }

  @Example
  void boolConversions() {
    boolean[] fromFloat = NDArray.of(new double[] {0.0, -0.0, Double.NaN, 0.5, -2.0}).astype(DType.BOOL).toBooleanArray();
    assertArrayEquals(new boolean[] {false, false, true, true, true}, fromFloat);
    assertArrayEquals(new boolean[] {false, true, true}, NDArray.of(new long[] {0, 3, -1}).astype(DType.BOOL).toBooleanArray());
    assertArrayEquals(new float[] {1f, 0f}, NDArray.of(new boolean[] {true, false}).astype(DType.FLOAT32).toFloatArray());
    assertArrayEquals(new long[] {1, 0}, NDArray.of(new boolean[] {true, false}).astype(DType.INT8).toLongArray());
    // 256 wraps to 0 in int8 but is still "true" as a bool
    assertTrue(NDArray.of(new long[] {256}).astype(DType.BOOL).getBoolean(0));
  }

  @Example
  void castingRuleIsEnforcedAndNamed() {
    NDArray f = NDArray.of(new double[] {1.5});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.astype(DType.INT32, Casting.SAME_KIND));
    assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("int32") && e.getMessage().contains("same_kind"), e.getMessage());
    assertEquals(DType.FLOAT32, f.astype(DType.FLOAT32, Casting.SAME_KIND).dtype());
    assertThrows(IllegalArgumentException.class, () -> f.astype(DType.FLOAT32, Casting.SAFE));
  }

  /** The expected element after a cast, computed independently of the library's storage code. */
  static String castReference(DType from, DType to, NDArray a, long[] idx) {
    if (to == DType.BOOL) {
      return String.valueOf(from.isFloating() ? a.getDouble(idx) != 0 : a.getLong(idx) != 0);
    }
    if (to.isFloating()) {
      double d;
      if (from.isFloating()) {
        d = a.getDouble(idx);
      } else if (to == DType.FLOAT32) {
        return bits(to, (float) a.getLong(idx)); // directly, one rounding
      } else {
        d = (double) a.getLong(idx);
      }
      return bits(to, to == DType.FLOAT32 ? (float) d : d);
    }
    long v;
    if (from.isFloating()) {
      double d = a.getDouble(idx);
      boolean wide = to == DType.INT64;
      double lo = wide ? -0x1p63 : -0x1p31;
      double hi = wide ? 0x1p63 : 0x1p31;
      // in range after truncation toward zero
      double t = d < 0 ? Math.ceil(d) : Math.floor(d);
      v = t >= lo && t < hi ? (long) t : wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
    } else {
      v = a.getLong(idx);
    }
    int bits = 8 * to.itemSize();
    return String.valueOf(bits == 64 ? v : (v << (64 - bits)) >> (64 - bits));
  }

  private static String bits(DType t, double v) {
    return t == DType.FLOAT32
        ? Float.isNaN((float) v) ? "NaN" : Integer.toHexString(Float.floatToRawIntBits((float) v))
        : Double.isNaN(v) ? "NaN" : Long.toHexString(Double.doubleToRawLongBits(v));
  }

  private static String actual(DType to, NDArray r, long[] idx) {
    if (to == DType.BOOL) {
      return String.valueOf(r.getBoolean(idx));
    }
    return to.isFloating() ? bits(to, r.getDouble(idx)) : String.valueOf(r.getLong(idx));
  }

  @Provide
  Arbitrary<TestArray> anyArrays() {
    return ArrayArbitraries.arrays();
  }

  @Provide
  Arbitrary<TestArray> laneBoundaryVectors() {
    return ArrayArbitraries.dtypes().flatMap(ArrayArbitraries::vectors);
  }

  /** The same on 1-d arrays of the sizes around the SIMD lane counts (0, L-1, L, L+1, ..., 4098). */
  @Property(tries = 60)
  void astypeOnLaneBoundarySizes(@ForAll("laneBoundaryVectors") TestArray t, @ForAll DType to) {
    astypeConvertsEveryElementInEveryLayout(t, to);
  }

  @Property(tries = 400)
  void astypeConvertsEveryElementInEveryLayout(@ForAll("anyArrays") TestArray t, @ForAll DType to) {
    ArrayArbitraries.collectStatistics(t);
    Statistics.label("cast").collect(t.dtype() + "->" + to);
    NDArray a = t.array();
    NDArray r = a.astype(to);
    assertEquals(to, r.dtype());
    assertArrayEquals(a.shape(), r.shape());
    assertTrue(r.isContiguous(), "astype gives a C-contiguous array");
    assertFalse(r.isReadOnly(), "even from a read-only view");
    assertEquals(a.isNative(), r.isNative(), "keeps the storage kind");
    long[] idx = new long[a.ndim()];
    for (long i = 0; i < a.size(); i++) {
      String e = castReference(t.dtype(), to, a, idx);
      String g = actual(to, r, idx);
      assertEquals(e, g, () -> "element " + Arrays.toString(idx) + " of " + t);
      Comparisons.advance(idx, a.shape());
    }
    // copy() is astype to the same dtype: bit-exact
    Comparisons.assertBitEqual(a, a.copy(), a);
    if (t.dtype() == DType.FLOAT32) {
      // Even NaN payloads: signalling NaNs must not be quietened by a trip through double.
      NDArray c = a.copy();
      NDArray n = NDArray.allocateNative(DType.FLOAT32, a.shape());
      n.assign(a);
      long[] j = new long[a.ndim()];
      for (long i = 0; i < a.size(); i++) {
        int bits = rawFloatBits(a, j);
        assertEquals(bits, rawFloatBits(c, j), () -> "copy() bits at " + Arrays.toString(j) + " of " + t);
        assertEquals(bits, rawFloatBits(n, j), () -> "assign() bits at " + Arrays.toString(j) + " of " + t);
        Comparisons.advance(j, a.shape());
      }
    }
  }

  /** The stored bits of a float32 element, read from the buffer itself (never widened to double). */
  static int rawFloatBits(NDArray a, long[] idx) {
    long e = a.offset();
    long[] st = a.strides();
    for (int d = 0; d < idx.length; d++) {
      e += idx[d] * st[d];
    }
    return a.isNative()
        ? Float.floatToRawIntBits(a.segment().get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, e * 4))
        : Float.floatToRawIntBits(((float[]) a.heapArray())[Math.toIntExact(e)]);
  }

  @Example
  void copiesKeepSignallingNaNBits() {
    float snan = Float.intBitsToFloat(0x7f800001);
    NDArray x = NDArray.of(new float[] {snan, 1f, snan});
    assertEquals(0x7f800001, rawFloatBits(x.slice("::-1").copy(), new long[] {0}), "strided copy");
    assertEquals(0x7f800001, Float.floatToRawIntBits(x.slice("::2").toFloatArray()[1]), "toFloatArray");
    NDArray n = NDArray.allocateNative(DType.FLOAT32, 3);
    n.assign(x);
    assertEquals(0x7f800001, rawFloatBits(n, new long[] {2}), "heap to native assign");
    assertEquals(0x7f800001, rawFloatBits(n.slice("::-1").copy(), new long[] {0}), "native strided copy");
  }
}
