package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * long and int lambdas lift to integer IR and run as LongVector / IntVector code: compared bit for
 * bit with the plain lambda (Java's wrapping arithmetic, shift counts masked, Math.abs of MIN_VALUE)
 * at sizes around the lane counts, contiguous, reversed, strided and broadcast, on inputs that
 * include 0, -1, MIN_VALUE, MAX_VALUE and random bits.
 */
class IntegerLambdaTest {
  private static final long MASK = 0xFF00FF;
  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 33, 1021, 4098};

  static long collatzStep(long n) {
    return (n & 1) == 0 ? n >> 1 : 3 * n + 1;
  }

  static int clampInt(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  record LongCase(String name, Fn fn) {}

  record IntCase(String name, Fn fn) {}

  private static final List<LongCase> LONGS = new ArrayList<>();
  private static final List<IntCase> INTS = new ArrayList<>();

  private static void l1(String name, Fn.LongUnary f) {
    LONGS.add(new LongCase(name, f));
  }

  private static void l2(String name, Fn.LongBinary f) {
    LONGS.add(new LongCase(name, f));
  }

  private static void i1(String name, Fn.IntUnary f) {
    INTS.add(new IntCase(name, f));
  }

  private static void i2(String name, Fn.IntBinary f) {
    INTS.add(new IntCase(name, f));
  }

  static {
    l1("negate", a -> -a);
    l1("square wraps", a -> a * a);
    l1("abs", Math::abs);
    l1("shift left by 3", a -> a << 3);
    l1("arithmetic shift", a -> a >> 5);
    l1("logical shift", a -> a >>> 60);
    l1("mask captured", a -> a & MASK);
    l1("collatz helper", IntegerLambdaTest::collatzStep);
    l1("parity branch", a -> (a & 1) == 0 ? 0 : 1);
    l1("sign", a -> a > 0 ? 1 : a < 0 ? -1 : 0);
    l1("hash mix", a -> (a ^ (a >>> 33)) * 0xff51afd7ed558ccdL);
    l1("min max clamp", a -> Math.max(-1000, Math.min(a, 1000)));
    l1("Math.clamp (its bound checks on constants)", a -> Math.clamp(a, -1000L, 1000L));
    // division by constant powers of two, 1 and -1 lift as shifts (Java's truncation toward zero)
    l1("divide by 8", a -> a / 8);
    l1("remainder by 8", a -> a % 8);
    l1("divide by -4", a -> a / -4);
    l1("remainder by -4", a -> a % -4);
    l1("divide by 2^62", a -> a / (1L << 62));
    l1("divide by -1 wraps MIN", a -> a / -1);
    l1("remainder by 1 and -1", a -> a % 1 + a % -1 + a / 1);
    l1("collatz with %", a -> a % 2 == 0 ? a / 2 : 3 * a + 1);
    l1("floorMod and floorDiv (NumPy's rounding) inlined", a -> Math.floorMod(a, 8L) + Math.floorDiv(a, 4L));
    // bit counts (the Vector API's BIT_COUNT, LEADING_ZEROS_COUNT, TRAILING_ZEROS_COUNT)
    l1("popcount", a -> Long.bitCount(a));
    l1("leading and trailing zeros", a -> Long.numberOfLeadingZeros(a) * 100L + Long.numberOfTrailingZeros(a));
    l1("counts added and compared", a -> Long.bitCount(a) + Long.numberOfTrailingZeros(a) - 7 > 20 ? a : ~a);
    l2("hamming distance", (a, b) -> Long.bitCount(a ^ b));
    l2("add", (a, b) -> a + b);
    l2("a*31+b", (a, b) -> a * 31 + b);
    l2("variable shift", (a, b) -> a << b);
    l2("xor or", (a, b) -> (a ^ b) | (a & 7));
    l2("max by branch", (a, b) -> a >= b ? a : b);
    l2("min", Math::min);
    i1("negate", a -> -a);
    i1("square wraps", a -> a * a);
    i1("abs", Math::abs);
    i1("relu", a -> a > 0 ? a : 0);
    i1("clamp helper", a -> clampInt(a, -7, 300));
    i1("unsigned shift", a -> a >>> 28);
    i1("bit twiddle", a -> (a & 0x0F0F) | ((a << 4) ^ 0x5A));
    i1("divide by 16", a -> a / 16);
    i1("remainder by 16", a -> a % 16);
    i1("remainder by -2", a -> a % -2);
    i1("floorMod inlined", a -> Math.floorMod(a, 16));
    i1("int popcount", Integer::bitCount);
    i1("int parity of the count", a -> Integer.bitCount(a) & 1);
    i1("int zeros", a -> Integer.numberOfLeadingZeros(a) - Integer.numberOfTrailingZeros(a));
    i2("int hamming", (a, b) -> Integer.bitCount(a ^ b) + Integer.numberOfTrailingZeros(b));
    i1("divide by 2^30 and -1", a -> a / (1 << 30) + a / -1);
    i2("add", (a, b) -> a + b);
    i2("variable shift", (a, b) -> a >> b);
    i2("select", (a, b) -> a != b ? a - b : 42);
    i2("max", Math::max);
  }

  private static long[] longInputs(int n, long seed) {
    long[] special = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 63, 64, -64, 2};
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : i % 3 == 0 ? r.nextLong() : r.nextLong(-5000, 5000);
    }
    return out;
  }

  private static long plainLong(Fn f, long a, long b) {
    return f instanceof Fn.LongUnary u ? u.applyAsLong(a) : ((Fn.LongBinary) f).applyAsLong(a, b);
  }

  private static int plainInt(Fn f, int a, int b) {
    return f instanceof Fn.IntUnary u ? u.applyAsInt(a) : ((Fn.IntBinary) f).applyAsInt(a, b);
  }

  private static void assertLifted(Ufunc f, String name, String ir) {
    String ex = f.explain();
    assertTrue(ex.contains("IR (" + ir + ")"), name + " did not lift:\n" + ex);
    SimdAsserts.assertSimdWhereTheMachineHasIt(ex, name);
  }

  @Test
  void longLambdasMatchThePlainLambdaOnEveryLayout() {
    assertTrue(LONGS.size() >= 26);
    for (LongCase k : LONGS) {
      boolean binary = k.fn() instanceof Fn.LongBinary;
      Ufunc f = Ufunc.vectorize(binary ? "int64(int64, int64)" : "int64(int64)", k.fn());
      for (int n : SIZES) {
        long[] x = longInputs(n, n + 1);
        long[] y = longInputs(n, n + 2);
        NDArray ax = NDArray.of(x);
        long[] got = (binary ? f.apply(ax, NDArray.of(y)) : f.apply(ax)).toLongArray();
        for (int i = 0; i < n; i++) {
          assertEquals(plainLong(k.fn(), x[i], y[i]), got[i], k.name() + " n=" + n + " i=" + i + " x=" + x[i] + " y=" + y[i]);
        }
        if (n > 2) {
          long[] rev = (binary ? f.apply(ax.flip(0), 5L) : f.apply(ax.flip(0))).toLongArray();
          long[] str = (binary ? f.apply(ax.slice("::2"), ax.slice("::2")) : f.apply(ax.slice("::2"))).toLongArray();
          for (int i = 0; i < n; i++) {
            assertEquals(plainLong(k.fn(), x[n - 1 - i], 5L), rev[i], k.name() + " reversed/broadcast n=" + n + " i=" + i);
          }
          for (int i = 0; i < str.length; i++) {
            assertEquals(plainLong(k.fn(), x[2 * i], x[2 * i]), str[i], k.name() + " strided n=" + n + " i=" + i);
          }
        }
      }
      assertLifted(f, k.name(), "int64");
    }
  }

  @Test
  void intLambdasMatchThePlainLambdaOnEveryLayout() {
    for (IntCase k : INTS) {
      boolean binary = k.fn() instanceof Fn.IntBinary;
      Ufunc f = Ufunc.vectorize(binary ? "int32(int32, int32)" : "int32(int32)", k.fn());
      for (int n : SIZES) {
        long[] lx = longInputs(n, n + 7);
        long[] ly = longInputs(n, n + 8);
        int[] x = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
          x[i] = (int) (lx[i] ^ (lx[i] >>> 32));
          y[i] = i % 2 == 0 ? (int) ly[i] : (int) (ly[i] & 63);
        }
        NDArray ax = NDArray.of(x);
        NDArray ay = NDArray.of(y);
        long[] got = (binary ? f.apply(ax, ay) : f.apply(ax)).toLongArray();
        long[] str = (binary ? f.apply(ax.slice("::-3"), ay.slice("::-3")) : f.apply(ax.slice("::-3"))).toLongArray();
        for (int i = 0; i < n; i++) {
          assertEquals(plainInt(k.fn(), x[i], y[i]), got[i], k.name() + " n=" + n + " i=" + i + " x=" + x[i] + " y=" + y[i]);
        }
        for (int i = 0; i < str.length; i++) {
          int j = n - 1 - 3 * i;
          assertEquals(plainInt(k.fn(), x[j], y[j]), str[i], k.name() + " strided n=" + n + " i=" + i);
        }
      }
      assertLifted(f, k.name(), "int32");
    }
  }

  @Test
  void longLambdasOnNarrowIntegerLoopsComputeInLongAndWrap() {
    Fn.LongBinary fn = (a, b) -> a * 31 + (b << 3) - (a ^ b);
    String[] types = {"int8", "int16", "int32"};
    for (String t : types) {
      DType dt = DType.of(t);
      Ufunc f = Ufunc.vectorize(t + "(" + t + ", " + t + ")", fn);
      for (int n : SIZES) {
        long[] x = longInputs(n, n + 21);
        long[] y = longInputs(n, n + 22);
        NDArray ax = NDArray.of(x).astype(dt, org.ufunc4j.Casting.UNSAFE);
        NDArray ay = NDArray.of(y).astype(dt, org.ufunc4j.Casting.UNSAFE);
        long[] xs = ax.astype(DType.INT64).toLongArray();
        long[] ys = ay.astype(DType.INT64).toLongArray();
        NDArray nx = NDArray.allocateNative(dt, n);
        NDArray ny = NDArray.allocateNative(dt, n);
        org.ufunc4j.Ufuncs.positive.out(nx).apply(ax);
        org.ufunc4j.Ufuncs.positive.out(ny).apply(ay);
        NDArray[] results = {f.apply(ax, ay), f.apply(nx, ny), f.apply(ax, ay.flip(0).flip(0))};
        for (NDArray r : results) {
          assertEquals(dt, r.dtype());
          long[] got = r.astype(DType.INT64).toLongArray();
          for (int i = 0; i < n; i++) {
            long want = fn.applyAsLong(xs[i], ys[i]);
            long wrapped = switch (t) {
              case "int8" -> (byte) want;
              case "int16" -> (short) want;
              default -> (int) want;
            };
            assertEquals(wrapped, got[i], t + " n=" + n + " x=" + xs[i] + " y=" + ys[i]);
          }
        }
        if (n > 2) {
          long[] str = f.apply(ax.slice("::2"), 5L).astype(DType.INT64).toLongArray();
          for (int i = 0; i < str.length; i++) {
            long want = fn.applyAsLong(xs[2 * i], 5);
            assertEquals(t.equals("int8") ? (byte) want : t.equals("int16") ? (short) want : (int) want, str[i], t + " strided i=" + i);
          }
        }
      }
      assertLifted(f, t, "int64");
    }
  }

  @Test
  void longDivisionByOtherConstantsIsNotLiftedAndByZeroStillThrows() {
    // in long lanes the magic number's multiply-high costs more than the scalar division
    // (int lanes lift it: DivisionByConstantsTest)
    Ufunc three = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) a -> a / 3 + a % 3);
    long[] v = {7, -7, Long.MIN_VALUE, Long.MAX_VALUE, 0};
    long[] got = three.apply(NDArray.of(v)).toLongArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals(v[i] / 3 + v[i] % 3, got[i]);
    }
    assertTrue(org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512 ? three.explain().contains("IR (int64)")
        : three.explain().contains("not a power of two"), three.explain());
    Ufunc minDivisor = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) a -> a / Long.MIN_VALUE);
    assertArrayEquals(new long[] {0, 1, 0}, minDivisor.apply(NDArray.of(new long[] {5, Long.MIN_VALUE, -1})).toLongArray());
    // the minimum value lifts as a select (DivisionByConstantsTest.divisionByTheMinimumValueLifts)
    assertTrue(minDivisor.explain().contains("IR (int64)"), minDivisor.explain());
    Ufunc zero = Ufunc.vectorize("int32(int32)", (Fn.IntUnary) a -> a / 0);
    assertTrue(zero.explain().contains("divides by zero"), zero.explain());
    assertThrows(RuntimeException.class, () -> zero.apply(NDArray.of(new int[] {1})));
  }

  @Test
  void integerDivisionIsNotLiftedAndStillThrowsOnZero() {
    Ufunc f = Ufunc.vectorize("int64(int64, int64)", (Fn.LongBinary) (a, b) -> a / b);
    assertTrue(f.explain().contains("integer division by a variable"), f.explain());
    long[] ok = f.apply(NDArray.of(new long[] {7, -7, Long.MIN_VALUE}), NDArray.of(new long[] {2, 2, -1})).toLongArray();
    assertArrayEquals(new long[] {3, -3, Long.MIN_VALUE}, ok);
    assertThrows(RuntimeException.class, () -> f.apply(NDArray.of(new long[] {1}), NDArray.of(new long[] {0})));
  }

  @Test
  void floatingValuesInIntegerLambdasLiftThroughFloatingLanes() {
    // more in IntegerLambdaConversionsTest
    Ufunc f = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) a -> (long) (a * 0.5));
    assertTrue(f.explain().contains("IR (int64): (long) ((double) p0 * 0.5)"), f.explain());
    assertArrayEquals(new long[] {-2, 0, 3}, f.apply(NDArray.of(new long[] {-5, 1, 7})).toLongArray());
  }

  @Test
  void standardIntegerUfuncsLift() {
    NDArray a = NDArray.of(longInputs(1021, 3));
    NDArray b = NDArray.of(longInputs(1021, 4));
    long[] sum = Ufuncs.add.apply(a, b).toLongArray();
    long[] xs = a.toLongArray();
    long[] ys = b.toLongArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i] + ys[i], sum[i]);
    }
    assertTrue(Ufuncs.add.explain().contains("IR (int64)"), Ufuncs.add.explain());
  }
}
