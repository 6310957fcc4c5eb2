package org.ufunc4j.ufunc;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.ufunc4j.Broadcast;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.Layout;
import org.ufunc4j.testing.TestArray;

/**
 * Issue 8's metamorphic and differential properties for the elementwise core, over the
 * generators of {@code org.ufunc4j.testing}: any ufunc on any layout equals the same ufunc on a
 * contiguous copy; broadcasting equals an explicit broadcastTo; PARALLEL equals CPU bit for bit
 * for any thread count; an output aliasing an input equals copy-then-compute; a vectorized lambda
 * equals the plain lambda applied element by element.
 */
class ElementwiseProperties {
  private static final List<Ufunc> UNARY =
      List.of(Ufuncs.sqrt, Ufuncs.negative, Ufuncs.absolute, Ufuncs.square, Ufuncs.sin, Ufuncs.exp, Ufuncs.floor,
          Ufuncs.isnan, Ufuncs.sign, Ufuncs.logical_not);
  private static final List<Ufunc> BINARY =
      List.of(Ufuncs.add, Ufuncs.subtract, Ufuncs.multiply, Ufuncs.true_divide, Ufuncs.floor_divide, Ufuncs.remainder,
          Ufuncs.maximum, Ufuncs.fmin, Ufuncs.power, Ufuncs.greater, Ufuncs.arctan2, Ufuncs.copysign);

  /** Ufuncs whose SIMD kernels are correctly rounded (bit-exact); the others are within 1 ulp. */
  private static final java.util.Set<Ufunc> EXACT = java.util.Set.of(Ufuncs.sqrt, Ufuncs.negative, Ufuncs.absolute,
      Ufuncs.square, Ufuncs.floor, Ufuncs.isnan, Ufuncs.sign, Ufuncs.logical_not, Ufuncs.add, Ufuncs.subtract,
      Ufuncs.multiply, Ufuncs.true_divide, Ufuncs.floor_divide, Ufuncs.remainder, Ufuncs.maximum, Ufuncs.fmin,
      Ufuncs.greater, Ufuncs.copysign);

  /**
   * The accuracy policy: bit equality for exact operations; SVML and Math are each within 1 ulp of
   * the exact result, so they may differ from each other by 2.
   */
  private static long ulps(Ufunc u) {
    return EXACT.contains(u) ? 0 : 2;
  }

  private long threshold;

  @BeforeProperty
  void alwaysSplit() {
    threshold = Target.parallelThresholdNanos();
    Target.setParallelThresholdNanos(0); // make PARALLEL split even small arrays
  }

  @AfterProperty
  void restore() {
    Target.setParallelThresholdNanos(threshold);
  }

  private static boolean supports(Ufunc u, DType... types) {
    try {
      NDArray[] args = new NDArray[types.length];
      for (int i = 0; i < types.length; i++) {
        args[i] = NDArray.zeros(types[i], 1);
      }
      u.apply((Object[]) args);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<Object[]> unaryCases() {
    return Combinators.combine(Arbitraries.of(UNARY), ArrayArbitraries.dtypes(), ArrayArbitraries.shapes(3, 9))
        .as((u, t, s) -> new Object[] {u, t, s})
        .filter(c -> supports((Ufunc) c[0], (DType) c[1]))
        .flatMap(c -> ArrayArbitraries.arrays((DType) c[1], (long[]) c[2]).map(a -> new Object[] {c[0], a}));
  }

  @Property(tries = 300)
  void anyUnaryUfuncOnAnyLayoutEqualsItOnAContiguousCopy(@ForAll("unaryCases") Object[] c) {
    Ufunc u = (Ufunc) c[0];
    TestArray a = (TestArray) c[1];
    Statistics.label("layout").collect(a.layout());
    Statistics.label("dtype").collect(a.dtype());
    NDArray expected = u.apply(a.contiguousCopy());
    Comparisons.assertWithinUlps(expected, u.apply(a.array()), ulps(u), a.array());
    Comparisons.assertWithinUlps(expected, u.threads(3).apply(a.array()), ulps(u), a.array());
  }

  @Provide
  Arbitrary<Object[]> binaryCases() {
    return Combinators.combine(Arbitraries.of(BINARY), ArrayArbitraries.floatingDtypes(), ArrayArbitraries.dtypes(),
            ArrayArbitraries.broadcastableShapes(2))
        .as((u, t1, t2, shapes) -> new Object[] {u, t1, t2, shapes})
        .filter(c -> supports((Ufunc) c[0], (DType) c[1], (DType) c[2]))
        .flatMap(c -> {
          @SuppressWarnings("unchecked")
          List<long[]> shapes = (List<long[]>) c[3];
          return Combinators.combine(
                  ArrayArbitraries.arrays((DType) c[1], shapes.get(0)),
                  ArrayArbitraries.arrays((DType) c[2], shapes.get(1)))
              .as((x, y) -> new Object[] {c[0], x, y});
        });
  }

  @Property(tries = 300)
  void broadcastingEqualsExplicitBroadcastToOnContiguousCopies(@ForAll("binaryCases") Object[] c) {
    Ufunc u = (Ufunc) c[0];
    TestArray x = (TestArray) c[1];
    TestArray y = (TestArray) c[2];
    Statistics.label("layouts").collect(x.layout() + "/" + y.layout());
    long[] shape = Broadcast.shapes(x.shape(), y.shape());
    NDArray expected = u.apply(x.contiguousCopy().broadcastTo(shape).copy(), y.contiguousCopy().broadcastTo(shape).copy());
    Comparisons.assertWithinUlps(expected, u.apply(x.array(), y.array()), ulps(u), x.array(), y.array());
  }

  @Property(tries = 200)
  void parallelEqualsCpuBitForBitForAnyThreadCount(
      @ForAll("binaryCases") Object[] c, @ForAll("threadCounts") int threads) {
    Ufunc u = (Ufunc) c[0];
    NDArray x = ((TestArray) c[1]).array();
    NDArray y = ((TestArray) c[2]).array();
    // Bit for bit for exact operations. SVML transcendentals may differ by 1 ulp between calls
    // (the Vector API's interpreted fallback computes Math.f per lane, C2 code calls SVML).
    Comparisons.assertWithinUlps(u.apply(x, y), u.target(Target.PARALLEL).threads(threads).apply(x, y), ulps(u), x, y);
  }

  @Provide
  Arbitrary<Integer> threadCounts() {
    return Arbitraries.integers().between(1, 5);
  }

  @Provide
  Arbitrary<TestArray> writableDoubles() {
    return ArrayArbitraries.shapes(3, 9).flatMap(s -> ArrayArbitraries.writableArrays(DType.FLOAT64, s));
  }

  @Property(tries = 200)
  void outAliasingAnInputEqualsCopyThenCompute(@ForAll("writableDoubles") TestArray t, @ForAll boolean reversedOther) {
    NDArray a = t.array();
    NDArray other = reversedOther && a.ndim() > 0 ? a.flip(0) : a; // a second view of the same memory
    NDArray expected = Ufuncs.arctan2.apply(a.copy(), other.copy());
    Ufuncs.arctan2.out(a).apply(a, other);
    Comparisons.assertWithinUlps(expected, a, 2);
  }

  @Provide
  Arbitrary<TestArray> vectorsF64() {
    return ArrayArbitraries.vectors(DType.FLOAT64);
  }

  @Provide
  Arbitrary<TestArray> vectorsF32() {
    return ArrayArbitraries.vectors(DType.FLOAT32);
  }

  private static final Ufunc DENSITY = Ufunc.vectorize(List.of("float32(float32)", "float64(float64)"),
      x -> Math.exp((x / 0.37 - 1) * (x / 0.37 - 1)));

  @Property(tries = 200)
  void vectorizedLambdaEqualsThePlainLambdaFloat64(@ForAll("vectorsF64") TestArray t) {
    Statistics.label("size % lanes").collect(ArrayArbitraries.sizeClass(t.size(), org.ufunc4j.testing.Lanes.of(DType.FLOAT64)));
    double[] x = t.contiguousCopy().toDoubleArray();
    double[] e = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      e[i] = Math.exp((x[i] / 0.37 - 1) * (x[i] / 0.37 - 1));
    }
    // the accuracy policy for transcendentals (SIMD kernels use SVML): each function within 1 ulp
    // of exact, so within a few ulps of the Math composition here
    Comparisons.assertWithinUlps(NDArray.of(e), DENSITY.apply(t.array()).ravel(), 4, t.array());
  }

  @Property(tries = 100)
  void vectorizedLambdaOnFloat32StaysFloat32(@ForAll("vectorsF32") TestArray t) {
    NDArray r = DENSITY.apply(t.array());
    if (r.dtype() != DType.FLOAT32) {
      throw new AssertionError("float32 input must select the float32 loop, got " + r.dtype());
    }
    float[] x = t.contiguousCopy().toFloatArray();
    float[] got = r.ravel().toFloatArray();
    for (int i = 0; i < x.length; i++) {
      // Numba's float32 semantics: every operation rounds to float32 (the constant too)
      float q = x[i] / (float) 0.37 - 1f;
      float e = (float) Math.exp(q * q);
      // tier A rounds the double-evaluated value once; tier B and the scalar IR compute in float:
      // both are within a few float32 ulps of this per-operation reference for moderate values
      if (Comparisons.ulpDistance(e, got[i]) > 2 && Float.isFinite(e) && Math.abs(q) < 4) {
        throw new AssertionError("element " + i + " x=" + x[i] + " expected ~" + e + " got " + got[i]);
      }
    }
  }

  @Property(tries = 50)
  void noLayoutIsLeftOut(@ForAll("unaryCases") Object[] c) {
    // keeps the statistics of layouts visible in the report: every layout appears
    Statistics.label("layouts seen").collect(((TestArray) c[1]).layout());
    Layout l = ((TestArray) c[1]).layout();
    if (l == null) {
      throw new AssertionError("a generated array must record its layout");
    }
  }
}
