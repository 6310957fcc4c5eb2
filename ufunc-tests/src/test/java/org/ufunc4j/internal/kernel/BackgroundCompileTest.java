package org.ufunc4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.internal.exec.LoopKernel;

/**
 * Tier 0 and background generation: a new loop's first call runs {@link GenericKernel} while its
 * kernels are generated after the call, and tier 0 computes exactly what the generated kernels
 * compute. The SIMD test execution turns background generation off ({@code
 * -Dufunc.backgroundCompile=false}, so that every call there runs generated kernels); the scalar
 * execution keeps the default, so both behaviours are checked.
 */
class BackgroundCompileTest {
  private static final DType[] D2 = {DType.FLOAT64, DType.FLOAT64};
  private static final boolean[] HEAP2 = {false, false};

  @Test
  void firstKernelIsTierZeroOnlyWhenBackgroundGenerationIsOn() {
    Fn.DoubleUnary fn = x -> x * 3 + 1;
    Loop loop = new Loop(LoopSignature.parse("float64(float64)"), fn, FnShape.of(fn), "t0");
    LoopKernel first = loop.kernel(D2, HEAP2);
    if (BackgroundCompiler.ENABLED) {
      assertInstanceOf(GenericKernel.class, first);
      loop.afterCall();
      loop.awaitCompiled();
      LoopKernel later = loop.kernel(D2, HEAP2);
      assertFalse(later instanceof GenericKernel, "the generated kernel replaces tier 0");
      assertTrue(loop.tiers().size() == 1, loop.tiers().toString());
    } else {
      assertFalse(first instanceof GenericKernel, "with -Dufunc.backgroundCompile=false kernels are generated at once");
    }
  }

  @Test
  void tierZeroEqualsTheGeneratedKernelOnEveryLayout() {
    Fn.DoubleBinary fn = (a, b) -> a * b - a / (b + 0.5);
    Loop loop = new Loop(LoopSignature.parse("float64(float64, float64)"), fn, FnShape.of(fn), "t0eq");
    DType[] types = {DType.FLOAT64, DType.FLOAT64, DType.FLOAT64};
    LoopKernel tier0 = GenericKernel.of(fn, FnShape.of(fn), types, types);
    assertNotNull(tier0);
    LoopKernel generated = TierACompiler.compile(fn, FnShape.of(fn), types, types, new boolean[3], "gen");
    double[] a = new double[1001];
    double[] b = new double[1001];
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < a.length; i++) {
      a[i] = Double.longBitsToDouble(r.nextLong());
      b[i] = i % 7 == 0 ? -0.0 : i % 11 == 0 ? Double.NaN : r.nextDouble() * 10 - 5;
    }
    long[][] stepSets = {{1, 1, 1}, {0, 1, 1}, {2, -1, 1}, {3, 0, 2}};
    for (long[] steps : stepSets) {
      long n = 300;
      long[] offs = {steps[0] < 0 ? 999 : 1, steps[1] < 0 ? 999 : 2, 0};
      double[] o0 = new double[1001];
      double[] o1 = new double[1001];
      tier0.run(new Object[] {a, b, o0}, offs, steps, n);
      generated.run(new Object[] {a, b, o1}, offs, steps, n);
      assertArrayEquals(o1, o0, "steps " + java.util.Arrays.toString(steps));
    }
    assertNull(loop.liftFailure(), "not lifted yet: lifting happens with generation");
  }

  @Test
  void tierZeroReadsAndWritesNativeSegments() {
    Fn.LongBinary fn = (a, b) -> a * 31 + b;
    DType[] types = {DType.INT64, DType.INT64, DType.INT64};
    LoopKernel tier0 = GenericKernel.of(fn, FnShape.of(fn), types, types);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(8 * 10);
      long[] b = new long[10];
      long[] out = new long[10];
      for (int i = 0; i < 10; i++) {
        s.setAtIndex(ValueLayout.JAVA_LONG, i, i - 5);
        b[i] = Long.MAX_VALUE - i;
      }
      tier0.run(new Object[] {s, b, out}, new long[] {0, 0, 0}, new long[] {1, 1, 1}, 10);
      for (int i = 0; i < 10; i++) {
        assertEquals((i - 5) * 31L + (Long.MAX_VALUE - i), out[i], "wraps as Java does");
      }
    }
  }

  @Test
  void loopsThatNeedOutputCastsOrPerOperationRoundingGetNoTierZero() {
    Fn.DoubleUnary fn = x -> x * 0.1 + 1;
    DType[] f32 = {DType.FLOAT32, DType.FLOAT32};
    assertNull(GenericKernel.of(fn, FnShape.of(fn), f32, f32), "a double lambda on float32 rounds per operation");
    DType[] loop = {DType.FLOAT64, DType.FLOAT64};
    assertNotNull(GenericKernel.of(fn, FnShape.of(fn), loop, new DType[] {DType.INT32, DType.FLOAT64}), "an int32 input converts exactly");
    assertNull(GenericKernel.of(fn, FnShape.of(fn), loop, new DType[] {DType.FLOAT64, DType.FLOAT32}), "a float32 output rounds");
    Fn.FloatUnary ff = x -> x * 0.1f;
    assertNull(GenericKernel.of(ff, FnShape.of(ff), f32, new DType[] {DType.INT32, DType.FLOAT32}), "int32 to float32 rounds");
    assertNotNull(GenericKernel.of(ff, FnShape.of(ff), f32, new DType[] {DType.INT16, DType.FLOAT32}));
  }

  /**
   * Tier 0 on inputs stored in other types (converted per element) gives the generated tier-A
   * kernel's bits: every input type each loop type accepts, heap and native, strided, reversed
   * and broadcast (step 0), with the range edges of each type among the values.
   */
  @Test
  void tierZeroConvertsInputsAsTheGeneratedKernelDoes() {
    Object[][] loops = {
        {DType.FLOAT64, (Fn.DoubleBinary) (a, b) -> a * 0.75 - b / 3},
        {DType.FLOAT32, (Fn.FloatBinary) (a, b) -> a * 0.75f - b / 3},
        {DType.INT64, (Fn.LongBinary) (a, b) -> a * 31 - b},
        {DType.INT32, (Fn.IntBinary) (a, b) -> a * 31 - b}};
    DType[] all = {DType.BOOL, DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64};
    int n = 301;
    for (Object[] l : loops) {
      DType t = (DType) l[0];
      Fn fn = (Fn) l[1];
      DType[] loopTypes = {t, t, t};
      for (DType in : all) {
        if (!GenericKernel.convertsOnce(in, t)) {
          continue;
        }
        DType[] ops = {in, t, t};
        LoopKernel tier0 = GenericKernel.of(fn, FnShape.of(fn), loopTypes, ops);
        assertNotNull(tier0, in + " on " + t);
        LoopKernel generated = TierACompiler.compile(fn, FnShape.of(fn), loopTypes, ops, new boolean[3], "conv");
        // raw longs (with each type's range edges) narrowed by wrapping: every bit pattern of
        // the narrow types, bools from any non-zero value, l2d/l2f rounding for the wide ones
        long[] raw = new long[n];
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Short.MIN_VALUE,
            Short.MAX_VALUE, Byte.MIN_VALUE, Byte.MAX_VALUE, (1L << 53) + 1, 255, 256, 65535};
        java.util.SplittableRandom r = new java.util.SplittableRandom(in.ordinal() * 7L + t.ordinal());
        for (int i = 0; i < n; i++) {
          raw[i] = i < edges.length ? edges[i] : r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(-70000, 70000);
        }
        NDArray a = NDArray.of(raw).astype(in, org.ufunc4j.Casting.UNSAFE);
        NDArray b = Ufuncs.multiply.apply(Ufuncs.subtract.apply(NDArray.random(DType.FLOAT64, 4, n), 0.5), 1e6)
            .astype(t, org.ufunc4j.Casting.UNSAFE);
        Object aBase = a.heapArray();
        Object bBase = b.heapArray();
        long[][] stepSets = {{1, 1, 1}, {-1, 1, 1}, {0, 2, 1}, {3, 0, 2}};
        for (long[] steps : stepSets) {
          long count = 100;
          long[] offs = {steps[0] < 0 ? n - 1 : 0, 1, 0};
          NDArray o0 = NDArray.zeros(t, n);
          NDArray o1 = NDArray.zeros(t, n);
          tier0.run(new Object[] {aBase, bBase, o0.heapArray()}, offs, steps, count);
          generated.run(new Object[] {aBase, bBase, o1.heapArray()}, offs, steps, count);
          assertEquals(o1, o0, in + " on " + t + ", steps " + java.util.Arrays.toString(steps));
        }
        try (Arena arena = Arena.ofConfined()) {
          NDArray na = NDArray.allocateNative(arena, in, n);
          na.assign(a);
          NDArray o0 = NDArray.zeros(t, n);
          NDArray o1 = NDArray.zeros(t, n);
          boolean[] nat = {true, false, false};
          LoopKernel genNative = TierACompiler.compile(fn, FnShape.of(fn), loopTypes, ops, nat, "convn");
          MemorySegment seg = na.segment();
          tier0.run(new Object[] {seg, bBase, o0.heapArray()}, new long[] {0, 0, 0}, new long[] {1, 1, 1}, n);
          genNative.run(new Object[] {seg, bBase, o1.heapArray()}, new long[] {0, 0, 0}, new long[] {1, 1, 1}, n);
          assertEquals(o1, o0, in + " native on " + t);
        }
      }
    }
  }

  /**
   * A double lambda on a float32 loop (which tier 0 cannot serve: it rounds after every
   * operation) gets its scalar kernel at once and, with SIMD and background generation on (the
   * {@code defaults} test execution), its SIMD kernel later; both round as float code does.
   */
  @Test
  void aDoubleLambdaOnFloat32GetsItsScalarKernelFirstAndSimdLater() {
    Fn.DoubleBinary fn = (r, m) -> {
      double t = r / m - 1;
      return t * t + Math.sqrt(r);
    };
    Loop loop = new Loop(LoopSignature.parse("float32(float32, float32)"), fn, FnShape.of(fn), "f32first");
    DType[] f3 = {DType.FLOAT32, DType.FLOAT32, DType.FLOAT32};
    boolean[] heap = new boolean[3];
    int n = 1000;
    float[] a = new float[n];
    float[] b = new float[n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      a[i] = i % 13 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(0, 100);
      b[i] = i % 17 == 0 ? -0.0f : (float) r.nextDouble(-3, 3);
    }
    float[] want = new float[n];
    for (int i = 0; i < n; i++) {
      float t = a[i] / b[i] - 1f;
      want[i] = t * t + (float) Math.sqrt(a[i]);
    }
    LoopKernel first = loop.kernel(f3, heap);
    assertFalse(first instanceof GenericKernel, "tier 0 calls the double lambda and would round once");
    float[] out = new float[n];
    first.run(new Object[] {a, b, out}, new long[3], new long[] {1, 1, 1}, n);
    assertArrayEquals(want, out, "the first kernel rounds after every operation");
    loop.afterCall();
    loop.awaitCompiled();
    LoopKernel later = loop.kernel(f3, heap);
    if (BackgroundCompiler.ENABLED && org.ufunc4j.internal.simd.SimdSupport.isEnabled()) {
      assertFalse(first == later, "the SIMD kernel replaces the scalar one");
      assertTrue(loop.tiers().toString().contains("tier B"), loop.tiers().toString());
    } else if (BackgroundCompiler.ENABLED) {
      // SIMD off: the first call did not ask (that initialises the Vector API); the background
      // generation found out, and keeps the scalar kernel built for the first call
      assertTrue(first == later, "the scalar kernel stays");
      assertTrue(loop.tiers().toString().contains("scalar IR (SIMD off"), loop.tiers().toString());
    }
    float[] out2 = new float[n];
    later.run(new Object[] {a, b, out2}, new long[3], new long[] {1, 1, 1}, n);
    assertArrayEquals(want, out2, "the later kernel too");
  }

  @Test
  void aFirstCallOnAnInt32ArrayRunsTierZeroAndGivesTheLaterBits() {
    NDArray x = Ufuncs.subtract.apply(NDArray.arange(5001), 2500).astype(DType.INT32);
    Ufunc f = Ufunc.vectorize("float64(float64)", v -> v * v * 0.5 - v / 3);
    double[] first = f.apply(x).toDoubleArray();
    if (BackgroundCompiler.ENABLED) {
      // the first call ran before generation: explain() (which waits for it) shows the swap
      double[] later = f.apply(x).toDoubleArray();
      assertArrayEquals(first, later);
    }
    f.explain();
    assertArrayEquals(first, f.apply(x).toDoubleArray());
    assertFalse(f.explain().contains("tier 0"), f.explain());
    for (int i = 0; i < first.length; i++) {
      double v = i - 2500;
      assertEquals(v * v * 0.5 - v / 3, first[i], "element " + i);
    }
  }

  @Test
  void aNewUfuncGivesTheSameBitsOnItsFirstAndLaterCalls() {
    NDArray x = NDArray.random(DType.FLOAT64, 11, 4099);
    Ufunc f = Ufunc.vectorize("float64(float64)", v -> v * v * 0.5 - v / 3);
    double[] first = f.apply(x).toDoubleArray();
    f.explain(); // waits for background generation
    double[] later = f.apply(x).toDoubleArray();
    assertArrayEquals(first, later);
    assertFalse(f.explain().contains("tier 0"), f.explain());
  }

  @Test
  void anExceptionInTierZeroReachesTheCaller() {
    Ufunc f = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) v -> 10 / v);
    NDArray x = NDArray.arange(DType.INT64, -3, 4, 1);
    UfuncException e = assertThrows(UfuncException.class, () -> f.apply(x));
    assertInstanceOf(ArithmeticException.class, e.getCause());
    NDArray y = NDArray.arange(DType.INT64, 1, 4, 1);
    assertArrayEquals(new long[] {10, 5, 3}, f.apply(y).toLongArray());
  }
}
