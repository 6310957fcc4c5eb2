package org.ufunc4j.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * jqwik generators for ufunc4j: dtypes, shapes, broadcasting shape tuples, element values and
 * arrays laid out in every way a kernel must handle (see {@link Layout}).
 *
 * <p>Floating values never come from jqwik's default decimal generator (two decimal digits, no
 * NaN, no subnormals): they are raw bit patterns mixed with the edge cases that break numeric code
 * (NaN with payloads, signed zeros, subnormals, {@code MIN_NORMAL}, {@code MAX_VALUE},
 * infinities, values next to integers and next to the overflow thresholds of {@code exp} and
 * {@code pow}), plus readable small multiples of 1/8 so that shrunk counterexamples stay readable.
 * Sizes are biased to the SIMD boundaries of this machine ({@link Lanes}).
 *
 * <pre>{@code
 * @Property
 * void copyKeepsElements(@ForAll("arrays") TestArray t) {
 *   ArrayArbitraries.collectStatistics(t);
 *   Comparisons.assertBitEqual(t.array(), t.array().copy());
 * }
 *
 * @Provide
 * Arbitrary<TestArray> arrays() {
 *   return ArrayArbitraries.dtypes().flatMap(d -> ArrayArbitraries.arrays(d, ArrayArbitraries.shapes(3, 5)));
 * }
 * }</pre>
 */
public final class ArrayArbitraries {
  private ArrayArbitraries() {}

  // ------------------------------------------------------------------ dtypes and shapes

  /** Every dtype. */
  public static Arbitrary<DType> dtypes() {
    return Arbitraries.of(DType.values());
  }

  /** float32 and float64. */
  public static Arbitrary<DType> floatingDtypes() {
    return Arbitraries.of(DType.FLOAT32, DType.FLOAT64);
  }

  /** int8, int16, int32 and int64. */
  public static Arbitrary<DType> integerDtypes() {
    return Arbitraries.of(DType.INT8, DType.INT16, DType.INT32, DType.INT64);
  }

  /**
   * Shapes of 0 to {@code maxDims} dimensions (0-d included), each of length 0 to {@code maxLen}.
   * Short lengths are favoured, zero-length dimensions appear regularly; shapes shrink towards
   * {@code ()}.
   */
  public static Arbitrary<long[]> shapes(int maxDims, long maxLen) {
    if (maxDims < 0 || maxLen < 0) {
      throw new IllegalArgumentException("maxDims and maxLen must be >= 0");
    }
    Arbitrary<Long> len = dimLengths(maxLen);
    return len.list().ofMinSize(0).ofMaxSize(maxDims).map(ArrayArbitraries::toLongs);
  }

  /** 1-d shapes whose length comes from {@link #sizes(DType)}. */
  public static Arbitrary<long[]> vectorShapes(DType type) {
    return sizes(type).map(n -> new long[] {n});
  }

  private static Arbitrary<Long> dimLengths(long maxLen) {
    // Mostly short (1..4 is where broadcasting and transposition bugs live), sometimes 0, up to max.
    Arbitrary<Long> any = Arbitraries.longs().between(0, maxLen);
    if (maxLen < 1) {
      return any;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(1, Math.min(4, maxLen))),
        Tuple.of(1, Arbitraries.just(0L)),
        Tuple.of(3, any));
  }

  /**
   * {@code n} shapes that broadcast together (NumPy's rule): a result shape of up to 4 dimensions
   * of length up to 5, from which each operand drops some leading dimensions and replaces some
   * others by 1.
   */
  public static Arbitrary<List<long[]>> broadcastableShapes(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one shape, got " + n);
    }
    return shapes(4, 5).flatMap(result -> operandShapes(result, n));
  }

  private static Arbitrary<List<long[]>> operandShapes(long[] result, int n) {
    int nd = result.length;
    Arbitrary<long[]> one =
        Combinators.combine(Arbitraries.integers().between(0, nd), Arbitraries.integers().between(0, (1 << nd) - 1))
            .as(
                (drop, ones) -> {
                  long[] s = new long[nd - drop];
                  for (int i = 0; i < s.length; i++) {
                    int axis = drop + i;
                    s[i] = (ones & (1 << axis)) != 0 ? 1 : result[axis];
                  }
                  return s;
                });
    return one.list().ofSize(n);
  }

  /**
   * {@code n >= 2} shapes that do <em>not</em> broadcast together: broadcastable shapes in which
   * two operands get different lengths, neither 1, on one axis counted from the right.
   */
  public static Arbitrary<List<long[]>> nonBroadcastableShapes(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("need at least two shapes to conflict, got " + n);
    }
    Arbitrary<List<long[]>> base = broadcastableShapes(n);
    return Combinators.combine(
            base,
            Arbitraries.integers().between(0, n - 1),
            Arbitraries.integers().between(1, n - 1),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of(0L, 2L, 3L, 4L),
            Arbitraries.of(2L, 3L, 5L))
        .as(
            (shapes, i, gap, back, a, b) -> {
              int j = (i + gap) % n;
              List<long[]> out = new ArrayList<>();
              for (long[] s : shapes) {
                out.add(s.clone());
              }
              long[] si = widen(out.get(i), back);
              long[] sj = widen(out.get(j), back);
              si[si.length - back] = a;
              sj[sj.length - back] = a == b ? b + 1 : b;
              out.set(i, si);
              out.set(j, sj);
              return out;
            });
  }

  /** The shape with leading 1s added so that it has at least {@code nd} dimensions. */
  private static long[] widen(long[] s, int nd) {
    if (s.length >= nd) {
      return s;
    }
    long[] w = new long[nd];
    java.util.Arrays.fill(w, 1);
    System.arraycopy(s, 0, w, nd - s.length, s.length);
    return w;
  }

  // ------------------------------------------------------------------ sizes

  /**
   * Sizes around the SIMD boundaries of every dtype on this machine ({@code 0, 1, L-1, L, L+1,
   * 2L-1, 2L+1} for each lane count L) plus 13, 1021 and 4098, mixed with any size up to 70.
   * Shrinks towards 0.
   */
  public static Arbitrary<Long> sizes() {
    TreeSet<Long> s = fixedSizes();
    for (DType t : DType.values()) {
      addLaneSizes(s, Lanes.of(t));
    }
    return biasedSizes(s);
  }

  /** As {@link #sizes()}, around the lane count of {@code type} only. */
  public static Arbitrary<Long> sizes(DType type) {
    TreeSet<Long> s = fixedSizes();
    addLaneSizes(s, Lanes.of(type));
    return biasedSizes(s);
  }

  /** The boundary sizes {@link #sizes(DType)} favours, in increasing order. */
  public static List<Long> boundarySizes(DType type) {
    TreeSet<Long> s = fixedSizes();
    addLaneSizes(s, Lanes.of(type));
    return List.copyOf(s);
  }

  private static TreeSet<Long> fixedSizes() {
    return new TreeSet<>(List.of(0L, 1L, 13L, 1021L, 4098L));
  }

  private static void addLaneSizes(TreeSet<Long> s, long lanes) {
    for (long v : new long[] {lanes - 1, lanes, lanes + 1, 2 * lanes - 1, 2 * lanes + 1}) {
      if (v >= 0) {
        s.add(v);
      }
    }
  }

  private static Arbitrary<Long> biasedSizes(TreeSet<Long> boundaries) {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(List.copyOf(boundaries))),
        Tuple.of(1, Arbitraries.longs().between(0, 70)));
  }

  // ------------------------------------------------------------------ element values

  /** float64 values: raw bit patterns, edge cases, values near integers and near overflow. */
  public static Arbitrary<Double> doubles() {
    Arbitrary<Double> raw =
        Arbitraries.longs().withDistribution(RandomDistribution.uniform()).map(Double::longBitsToDouble);
    Arbitrary<Double> nearInt =
        Combinators.combine(Arbitraries.longs().between(-1_000_000, 1_000_000), Arbitraries.integers().between(0, 5))
            .as((k, nudge) -> nudge(k, nudge));
    Arbitrary<Double> overflow =
        Combinators.combine(Arbitraries.of(OVERFLOW_EDGES), Arbitraries.integers().between(-3, 3))
            .as(ArrayArbitraries::ulpsAway);
    // Readable values first: jqwik shrinks a choice towards the first alternative, so shrunk
    // counterexamples show 0.0 or 1.5 rather than raw-bit subnormals where the value does not matter.
    return Arbitraries.frequencyOf(
        Tuple.of(3, readable()),
        Tuple.of(4, raw),
        Tuple.of(3, Arbitraries.of(boxed(DOUBLE_EDGES))),
        Tuple.of(2, nearInt),
        Tuple.of(1, overflow));
  }

  /** float32 values, drawn as {@link #doubles()} but from float bit patterns and float edges. */
  public static Arbitrary<Float> floats() {
    Arbitrary<Float> raw =
        Arbitraries.integers().withDistribution(RandomDistribution.uniform()).map(Float::intBitsToFloat);
    Arbitrary<Float> nearInt =
        Combinators.combine(Arbitraries.longs().between(-100_000, 100_000), Arbitraries.integers().between(0, 5))
            .as((k, nudge) -> nudgeF(k, nudge));
    Arbitrary<Float> overflow =
        Combinators.combine(Arbitraries.of(FLOAT_OVERFLOW_EDGES), Arbitraries.integers().between(-3, 3))
            .as(ArrayArbitraries::ulpsAwayF);
    return Arbitraries.frequencyOf(
        Tuple.of(3, readable().map(Double::floatValue)),
        Tuple.of(4, raw),
        Tuple.of(3, Arbitraries.of(boxed(FLOAT_EDGES))),
        Tuple.of(2, nearInt),
        Tuple.of(1, overflow));
  }

  /** Multiples of 1/8 in [-100, 100]: exact in both float types, short to print. */
  private static Arbitrary<Double> readable() {
    return Arbitraries.integers().between(-800, 800).map(k -> k / 8.0);
  }

  /** int64 values over the full range, with the edges (MIN, MAX, 0, +-1, the int32 limits). */
  public static Arbitrary<Long> longs() {
    return integers(DType.INT64);
  }

  /**
   * Values of an integer dtype (as longs, within its range) or of bool (0 or 1): uniform over the
   * full range, small values, and the edges MIN, MIN+1, MAX, MAX-1, 0, 1, -1.
   */
  public static Arbitrary<Long> integers(DType type) {
    if (type == DType.BOOL) {
      return Arbitraries.of(0L, 1L);
    }
    if (!type.isInteger()) {
      throw new IllegalArgumentException("integers(" + type + "): not an integer dtype");
    }
    int bits = 8 * type.itemSize();
    long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    List<Long> edges = new ArrayList<>(List.of(min, min + 1, max, max - 1, 0L, 1L, -1L));
    if (bits == 64) {
      edges.addAll(List.of((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, 1L << 53, (1L << 53) + 1));
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform())),
        Tuple.of(3, Arbitraries.longs().between(Math.max(min, -100), Math.min(max, 100))),
        Tuple.of(2, Arbitraries.of(edges)));
  }

  /**
   * Raw element values of {@code type} as stored by {@link #fromRaw}: float64 bits, float32 bits,
   * integer values, 0/1 for bool.
   */
  static Arbitrary<Long> rawElements(DType type) {
    return switch (type) {
      case FLOAT64 -> doubles().map(Double::doubleToRawLongBits);
      case FLOAT32 -> floats().map(f -> (long) Float.floatToRawIntBits(f));
      default -> integers(type);
    };
  }

  private static final double[] DOUBLE_EDGES = {
    Double.NaN,
    Double.longBitsToDouble(0x7ff0000000000001L), // signalling NaN, payload 1
    Double.longBitsToDouble(0xfff8000000000000L), // negative quiet NaN
    Double.longBitsToDouble(0x7ff8deadbeef0001L), // quiet NaN with a payload
    0.0,
    -0.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.longBitsToDouble(0x000fffffffffffffL), // largest subnormal
    Double.MIN_NORMAL,
    -Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1.0,
    -1.0,
    0.5,
    -0.5,
    Math.nextUp(1.0),
    Math.nextDown(1.0),
    0x1p52, // above: every double is an integer
    0x1p52 - 0.5,
    0x1p53,
    0x1p53 + 2,
    0x1p63, // int64 cast limits
    -0x1p63,
    Math.nextDown(0x1p63),
    2147483647.0, // int32 cast limits
    2147483647.5,
    2147483648.0,
    -2147483648.0,
    -2147483648.5,
    -2147483649.0,
  };

  private static final Double[] OVERFLOW_EDGES = {
    709.782712893384, // exp overflows above ln(MAX_VALUE)
    -708.3964185322641, // exp result turns subnormal below ln(MIN_NORMAL)
    -745.1332191019411, // exp underflows to 0 below ln(MIN_VALUE)
    1024.0, // pow(2, x) overflow
    -1022.0,
    -1074.0,
    1.3407807929942596e154, // sqrt(MAX_VALUE): x*x overflows above
    710.4758600739439, // cosh/sinh overflow
  };

  private static final float[] FLOAT_EDGES = {
    Float.NaN,
    Float.intBitsToFloat(0x7f800001), // signalling NaN, payload 1
    Float.intBitsToFloat(0xffc00000), // negative quiet NaN
    Float.intBitsToFloat(0x7fc0beef), // quiet NaN with a payload
    0.0f,
    -0.0f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.intBitsToFloat(0x007fffff), // largest subnormal
    Float.MIN_NORMAL,
    -Float.MIN_NORMAL,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    1.0f,
    -1.0f,
    0.5f,
    -0.5f,
    Math.nextUp(1.0f),
    Math.nextDown(1.0f),
    0x1p23f,
    0x1p23f - 0.5f,
    0x1p24f,
    0x1p24f + 2,
    0x1p31f,
    -0x1p31f,
    0x1p63f,
    -0x1p63f,
  };

  private static final Float[] FLOAT_OVERFLOW_EDGES = {
    88.72284f, // ln(Float.MAX_VALUE)
    -87.33655f, // ln(Float.MIN_NORMAL)
    -103.27893f, // ln(Float.MIN_VALUE)
    128.0f,
    -126.0f,
    -149.0f,
    1.8446743e19f, // sqrt(Float.MAX_VALUE)
    89.41599f, // cosh/sinh overflow
  };

  /** k, k+0.5, k-0.5, next up, next down, k + 0.49999999999999994 (a rounding trap). */
  private static double nudge(long k, int how) {
    double x = k;
    return switch (how) {
      case 0 -> x;
      case 1 -> x + 0.5;
      case 2 -> x - 0.5;
      case 3 -> Math.nextUp(x);
      case 4 -> Math.nextDown(x);
      default -> x + 0.49999999999999994;
    };
  }

  private static float nudgeF(long k, int how) {
    float x = k;
    return switch (how) {
      case 0 -> x;
      case 1 -> x + 0.5f;
      case 2 -> x - 0.5f;
      case 3 -> Math.nextUp(x);
      case 4 -> Math.nextDown(x);
      default -> x + 0.49999997f;
    };
  }

  private static double ulpsAway(double x, int ulps) {
    double v = x;
    for (int i = 0; i < Math.abs(ulps); i++) {
      v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
    }
    return v;
  }

  private static float ulpsAwayF(float x, int ulps) {
    float v = x;
    for (int i = 0; i < Math.abs(ulps); i++) {
      v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
    }
    return v;
  }

  // ------------------------------------------------------------------ arrays

  /** Arrays of any dtype with shapes from {@link #shapes(int, long) shapes(3, 6)}, any layout. */
  public static Arbitrary<TestArray> arrays() {
    return dtypes().flatMap(t -> arrays(t, shapes(3, 6)));
  }

  /** Arrays of {@code type} with shapes drawn from {@code shapes}, in any layout. */
  public static Arbitrary<TestArray> arrays(DType type, Arbitrary<long[]> shapes) {
    return shapes.flatMap(s -> arrays(type, s));
  }

  /**
   * {@code n} arrays of {@code type} whose shapes broadcast together ({@link
   * #broadcastableShapes(int)}), each in its own random layout: the operands of a broadcasting
   * property such as "f(x, y) equals f on both inputs broadcast explicitly".
   */
  public static Arbitrary<List<TestArray>> broadcastableArrays(DType type, int n) {
    return broadcastableShapes(n)
        .flatMap(
            shapes -> {
              List<Arbitrary<TestArray>> each = new ArrayList<>();
              for (long[] s : shapes) {
                each.add(arrays(type, s));
              }
              return Combinators.combine(each).as(List::copyOf);
            });
  }

  /** 1-d arrays of {@code type} with sizes around its lane count ({@link #sizes(DType)}). */
  public static Arbitrary<TestArray> vectors(DType type) {
    return arrays(type, vectorShapes(type));
  }

  /** Arrays of {@code type} and {@code shape} in any {@link Layout}. */
  public static Arbitrary<TestArray> arrays(DType type, long[] shape) {
    return arrays(type, shape, Layout.values());
  }

  /** Arrays in a layout that accepts writes (everything but {@link Layout#BROADCAST}). */
  public static Arbitrary<TestArray> writableArrays(DType type, long[] shape) {
    List<Layout> w = new ArrayList<>();
    for (Layout l : Layout.values()) {
      if (l.isWritable()) {
        w.add(l);
      }
    }
    return arrays(type, shape, w.toArray(Layout[]::new));
  }

  /**
   * Arrays of {@code type} and {@code shape} in one of {@code layouts}. The layout's free
   * parameters (step of the last axis, which axes broadcast, the offset) are drawn too; then the
   * values of the whole buffer behind the view.
   */
  public static Arbitrary<TestArray> arrays(DType type, long[] shape, Layout... layouts) {
    if (layouts.length == 0) {
      throw new IllegalArgumentException("no layouts given");
    }
    long[] sh = shape.clone();
    int nd = sh.length;
    Arbitrary<Geometry> geometry =
        Combinators.combine(
                Arbitraries.of(layouts),
                Arbitraries.of(2, 3),
                Arbitraries.integers().between(0, nd == 0 ? 0 : (1 << nd) - 1),
                Arbitraries.of(1, 3, 5, 17))
            .as(Geometry::new)
            // Edge cases of this product (always the first layout, ...) would crowd out the others.
            .withoutEdgeCases();
    return geometry.flatMap(
        g -> {
          long baseSize = g.baseSize(sh);
          if (baseSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + NDArray.shapeString(sh) + " is too large for generated arrays");
          }
          return rawElements(type).list().ofSize((int) baseSize).map(raw -> g.build(type, sh, toLongs(raw)));
        });
  }

  /**
   * A deterministic array of {@code type} and {@code shape} in {@code layout}, with values from the
   * SplitMix64 stream of {@code seed} mapped onto the same mix of edge cases, raw bits and readable
   * values the arbitraries draw from. For JUnit parameterised tests (see {@link UfuncMatrix}).
   */
  public static TestArray build(Layout layout, DType type, long[] shape, long seed) {
    int nd = shape.length;
    long r = NDArray.splitMix64(seed, -1);
    Geometry g =
        new Geometry(layout, 2 + (int) (r & 1), nd == 0 ? 0 : (int) ((r >>> 8) % (1 << nd)), 1 + 2 * (int) ((r >>> 16) & 7));
    long n = g.baseSize(shape);
    long[] raw = new long[Math.toIntExact(n)];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = seededRaw(type, NDArray.splitMix64(seed, i));
    }
    return g.build(type, shape.clone(), raw);
  }

  private static long seededRaw(DType type, long z) {
    int kind = (int) (z & 7);
    long rest = z >>> 3;
    return switch (type) {
      case FLOAT64 ->
          Double.doubleToRawLongBits(
              kind == 0
                  ? DOUBLE_EDGES[(int) (rest % DOUBLE_EDGES.length)]
                  : kind == 1 ? Double.longBitsToDouble(z) : ((rest % 1601) - 800) / 8.0);
      case FLOAT32 ->
          Float.floatToRawIntBits(
              kind == 0
                  ? FLOAT_EDGES[(int) (rest % FLOAT_EDGES.length)]
                  : kind == 1 ? Float.intBitsToFloat((int) z) : (float) (((rest % 1601) - 800) / 8.0));
      case BOOL -> z & 1;
      default -> {
        int bits = 8 * type.itemSize();
        long wrapped = bits == 64 ? rest : (rest << (64 - bits)) >> (64 - bits);
        yield kind <= 2 ? wrapped : (rest % 201) - 100;
      }
    };
  }

  /** A layout with its drawn parameters. */
  private record Geometry(Layout layout, int lastStep, int broadcastMask, int pad) {
    long[] baseShape(long[] shape) {
      int nd = shape.length;
      return switch (layout) {
        case CONTIGUOUS, REVERSED, NATIVE -> shape.clone();
        case STRIDED -> {
          long[] b = shape.clone();
          for (int d = 0; d < nd; d++) {
            b[d] = shape[d] * (d == nd - 1 ? lastStep : 2);
          }
          yield b;
        }
        case TRANSPOSED -> {
          long[] b = new long[nd];
          for (int d = 0; d < nd; d++) {
            b[d] = shape[nd - 1 - d];
          }
          yield b;
        }
        case BROADCAST -> {
          int mask = effectiveMask(shape);
          // Axes in the mask have length 1 in the base; a leading run of them is dropped altogether.
          int lead = 0;
          while (lead < nd && (mask & (1 << lead)) != 0) {
            lead++;
          }
          long[] b = new long[nd - lead];
          for (int d = lead; d < nd; d++) {
            b[d - lead] = (mask & (1 << d)) != 0 ? 1 : shape[d];
          }
          yield b;
        }
        case OFFSET -> new long[] {pad + sizeOf(shape) + 3};
      };
    }

    /** The broadcast mask, forced to include an axis of length above 1 if there is one. */
    private int effectiveMask(long[] shape) {
      int mask = broadcastMask;
      boolean hits = false;
      int firstBig = -1;
      for (int d = 0; d < shape.length; d++) {
        if (shape[d] > 1) {
          hits |= (mask & (1 << d)) != 0;
          if (firstBig < 0) {
            firstBig = d;
          }
        }
      }
      return hits || firstBig < 0 ? mask : mask | (1 << firstBig);
    }

    long baseSize(long[] shape) {
      return sizeOf(baseShape(shape));
    }

    TestArray build(DType type, long[] shape, long[] raw) {
      long[] bs = baseShape(shape);
      NDArray base = fromRaw(type, raw, bs, layout == Layout.NATIVE);
      NDArray view =
          switch (layout) {
            case CONTIGUOUS, NATIVE -> base;
            case STRIDED -> base.slice(stridedIndex(shape.length));
            case REVERSED -> base.flip();
            case TRANSPOSED -> base.transpose();
            case BROADCAST -> base.broadcastTo(shape);
            case OFFSET -> base.slice(pad + ":" + (pad + sizeOf(shape))).reshape(shape);
          };
      return new TestArray(view, layout, bs);
    }

    private String stridedIndex(int nd) {
      StringBuilder sb = new StringBuilder();
      for (int d = 0; d < nd; d++) {
        sb.append(d > 0 ? "," : "").append("::").append(d == nd - 1 ? lastStep : 2);
      }
      return sb.toString();
    }
  }

  /**
   * A C-contiguous array of {@code shape} whose element i holds {@code raw[i]}: float64 raw bits,
   * float32 raw bits (bit-exact, NaN payloads kept), integer values, or 0/1 for bool.
   */
  static NDArray fromRaw(DType type, long[] raw, long[] shape, boolean nativeStorage) {
    int n = raw.length;
    Object heap =
        switch (type) {
          case FLOAT64 -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
              a[i] = Double.longBitsToDouble(raw[i]);
            }
            yield a;
          }
          case FLOAT32 -> {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
              a[i] = Float.intBitsToFloat((int) raw[i]);
            }
            yield a;
          }
          case INT64 -> raw.clone();
          case INT32 -> {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
              a[i] = (int) raw[i];
            }
            yield a;
          }
          case INT16 -> {
            short[] a = new short[n];
            for (int i = 0; i < n; i++) {
              a[i] = (short) raw[i];
            }
            yield a;
          }
          case INT8, BOOL -> {
            byte[] a = new byte[n];
            for (int i = 0; i < n; i++) {
              a[i] = (byte) (raw[i] != 0 && type == DType.BOOL ? 1 : raw[i]);
            }
            yield a;
          }
        };
    if (nativeStorage) {
      NDArray a = NDArray.allocateNative(type, shape);
      MemorySegment seg = a.segment();
      // Raw copies keep float NaN payloads that a (double) round trip through set() could change.
      switch (heap) {
        case double[] d -> MemorySegment.copy(d, 0, seg, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, n);
        case float[] f -> MemorySegment.copy(f, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, n);
        case long[] l -> MemorySegment.copy(l, 0, seg, ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
        case int[] i -> MemorySegment.copy(i, 0, seg, ValueLayout.JAVA_INT_UNALIGNED, 0, n);
        case short[] s -> MemorySegment.copy(s, 0, seg, ValueLayout.JAVA_SHORT_UNALIGNED, 0, n);
        case byte[] b -> MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 0, n);
        default -> throw new AssertionError(heap);
      }
      return a;
    }
    // NDArray.of(data) without a shape means 1-d, so wrap as 1-d and reshape (0-d included).
    NDArray flat =
        switch (heap) {
          case double[] d -> NDArray.of(d);
          case float[] f -> NDArray.of(f);
          case long[] l -> NDArray.of(l);
          case int[] i -> NDArray.of(i);
          case short[] s -> NDArray.of(s);
          case byte[] b -> type == DType.BOOL ? NDArray.of(toBooleans(b)) : NDArray.of(b);
          default -> throw new AssertionError(heap);
        };
    return flat.reshape(shape);
  }

  private static boolean[] toBooleans(byte[] b) {
    boolean[] r = new boolean[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[i] != 0;
    }
    return r;
  }

  // ------------------------------------------------------------------ statistics

  /**
   * Records coverage labels for jqwik's statistics report: the layout, the dtype, the storage kind
   * and {@code size % lanes} (whether the SIMD tail is empty, one short of a vector, ...).
   */
  public static void collectStatistics(TestArray t) {
    Statistics.label("layout").collect(t.layout());
    Statistics.label("dtype").collect(t.dtype());
    Statistics.label("size % lanes").collect(sizeClass(t.size(), Lanes.of(t.dtype())));
  }

  /** A readable class of {@code size} relative to the lane count, for statistics labels. */
  public static String sizeClass(long size, int lanes) {
    if (size == 0) {
      return "empty";
    }
    if (size < lanes) {
      return "below one vector (" + (size == lanes - 1 ? "L-1" : "< L-1") + ")";
    }
    long rem = size % lanes;
    return rem == 0 ? "multiple of L" : rem == 1 ? "L*k + 1" : rem == lanes - 1 ? "L*k - 1" : "other tail";
  }

  // ------------------------------------------------------------------ helpers

  static long sizeOf(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, s);
    }
    return n;
  }

  private static List<Double> boxed(double[] a) {
    List<Double> r = new ArrayList<>();
    for (double v : a) {
      r.add(v);
    }
    return r;
  }

  private static List<Float> boxed(float[] a) {
    List<Float> r = new ArrayList<>();
    for (float v : a) {
      r.add(v);
    }
    return r;
  }

  private static long[] toLongs(List<Long> l) {
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = l.get(i);
    }
    return r;
  }
}
