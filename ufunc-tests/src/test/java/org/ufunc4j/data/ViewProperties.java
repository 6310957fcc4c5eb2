package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * Views compose like index arithmetic: every view NDArray derives (slices, transposes, reshapes,
 * flips, squeezes, broadcasts) reads the elements that a stride-free reference model ({@link
 * RefView}) says it should, starting from arrays in every generated layout.
 */
class ViewProperties {

  @Provide
  Arbitrary<TestArray> distinctArrays() {
    // float64 and int64 hold every index exactly; distinct values make a wrong element visible.
    return Arbitraries.of(DType.FLOAT64, DType.INT64, DType.INT8)
        .flatMap(t -> ArrayArbitraries.arrays(t, ArrayArbitraries.shapes(4, 5)))
        .map(ViewProperties::withDistinctValues);
  }

  /** Overwrites a writable array with 0, 1, 2, ... in C order (int8 wraps, still mostly distinct). */
  static TestArray withDistinctValues(TestArray t) {
    if (t.layout().isWritable() && t.dtype() != DType.INT8) {
      t.array().assign(NDArray.arange(t.size()).reshape(t.shape()));
    }
    return t;
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 300)
  void sliceOfSliceReadsTheSameElementsAsDirectIndexing(
      @ForAll("distinctArrays") TestArray t, @ForAll("seeds") long seed) {
    ArrayArbitraries.collectStatistics(t);
    Random r = new Random(seed);
    NDArray a = t.array();
    RefView ref = RefView.identity(a.shape());
    List<RefView.Item> first = RefView.randomIndex(a.shape(), r);
    String s1 = RefView.render(first);
    NDArray v1 = a.slice(s1);
    RefView r1 = ref.index(first);
    r1.assertSameElements(a, v1, t + " [" + s1 + "]");
    List<RefView.Item> second = RefView.randomIndex(v1.shape(), r);
    String s2 = RefView.render(second);
    NDArray v2 = v1.slice(s2);
    RefView r2 = r1.index(second);
    r2.assertSameElements(a, v2, t + " [" + s1 + "][" + s2 + "]");
    Statistics.label("result ndim").collect(v2.ndim());
    Statistics.label("negative step").collect(s1.contains(":-") || s2.contains(":-"));
    // A view shares the buffer of its base.
    if (v2.size() > 0) {
      assertTrue(v2.mayShareMemory(a), "slice must be a view");
    }
  }

  /** The view operations under test, applied in random chains. */
  enum Op {
    TRANSPOSE,
    TRANSPOSE_AXES,
    SWAPAXES,
    FLIP,
    FLIP_ALL,
    SQUEEZE,
    EXPAND_DIMS,
    BROADCAST_TO,
    RESHAPE,
    RESHAPE_INFERRED,
    RAVEL
  }

  @Property(tries = 300)
  void viewOperationsPreserveElements(
      @ForAll("distinctArrays") TestArray t,
      @ForAll("opChains") List<Op> ops,
      @ForAll("seeds") long seed) {
    ArrayArbitraries.collectStatistics(t);
    Random r = new Random(seed);
    NDArray a = t.array();
    NDArray v = a;
    RefView ref = RefView.identity(a.shape());
    List<String> done = new ArrayList<>();
    for (Op op : ops) {
      int nd = v.ndim();
      String step;
      switch (op) {
        case TRANSPOSE -> {
          int[] axes = new int[nd];
          for (int i = 0; i < nd; i++) {
            axes[i] = nd - 1 - i;
          }
          v = v.transpose();
          ref = ref.transpose(axes);
          step = "transpose()";
        }
        case TRANSPOSE_AXES -> {
          int[] axes = permutation(nd, r);
          int[] given = axes.clone();
          for (int i = 0; i < nd; i++) {
            if (r.nextBoolean()) {
              given[i] -= nd; // negative axes count from the end
            }
          }
          v = v.transpose(given);
          ref = ref.transpose(axes);
          step = "transpose" + java.util.Arrays.toString(given);
        }
        case SWAPAXES -> {
          if (nd == 0) {
            continue;
          }
          int x = r.nextInt(nd);
          int y = r.nextInt(nd);
          int[] axes = new int[nd];
          for (int i = 0; i < nd; i++) {
            axes[i] = i;
          }
          axes[x] = y;
          axes[y] = x;
          v = v.swapaxes(x, y - (r.nextBoolean() ? nd : 0));
          ref = ref.transpose(axes);
          step = "swapaxes(" + x + "," + y + ")";
        }
        case FLIP -> {
          if (nd == 0) {
            continue;
          }
          int x = r.nextInt(nd);
          v = v.flip(x);
          ref = ref.flip(x);
          step = "flip(" + x + ")";
        }
        case FLIP_ALL -> {
          v = v.flip();
          for (int x = 0; x < nd; x++) {
            ref = ref.flip(x);
          }
          step = "flip()";
        }
        case SQUEEZE -> {
          v = v.squeeze();
          ref = ref.squeeze();
          step = "squeeze()";
        }
        case EXPAND_DIMS -> {
          int x = r.nextInt(nd + 1);
          v = v.expandDims(r.nextBoolean() ? x : x - nd - 1);
          ref = ref.expandDims(x);
          step = "expandDims(" + x + ")";
        }
        case BROADCAST_TO -> {
          long[] sh = v.shape();
          long[] ns = new long[sh.length + r.nextInt(2)];
          int lead = ns.length - sh.length;
          for (int d = 0; d < ns.length; d++) {
            long old = d < lead ? 1 : sh[d - lead];
            ns[d] = old == 1 ? r.nextInt(4) : old; // 1 broadcasts to 0..3
          }
          v = v.broadcastTo(ns);
          ref = ref.broadcastTo(ns);
          step = "broadcastTo" + NDArray.shapeString(ns);
        }
        case RESHAPE, RESHAPE_INFERRED -> {
          long[] ns = randomFactorisation(v.size(), r);
          long[] given = ns.clone();
          if (op == Op.RESHAPE_INFERRED && ns.length > 0 && v.size() > 0) {
            given[r.nextInt(ns.length)] = -1;
          }
          v = v.reshape(given);
          ref = ref.reshape(ns);
          step = "reshape" + NDArray.shapeString(given);
        }
        case RAVEL -> {
          v = v.ravel();
          ref = ref.reshape(new long[] {ref.size()});
          step = "ravel()";
        }
        default -> throw new AssertionError(op);
      }
      done.add(step);
      Statistics.label("op").collect(op);
      ref.assertSameElements(a, v, t + " after " + String.join(".", done));
    }
  }

  @Provide
  Arbitrary<List<Op>> opChains() {
    return Arbitraries.of(Op.values()).list().ofMinSize(1).ofMaxSize(4);
  }

  private static int[] permutation(int n, Random r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int x = p[i];
      p[i] = p[j];
      p[j] = x;
    }
    return p;
  }

  /** A random shape of 0..4 dims whose product is {@code size}. */
  private static long[] randomFactorisation(long size, Random r) {
    List<Long> dims = new ArrayList<>();
    long rest = size;
    int nd = r.nextInt(4);
    for (int i = 0; i < nd && rest > 0; i++) {
      List<Long> divisors = new ArrayList<>();
      for (long k = 1; k <= rest; k++) {
        if (rest % k == 0) {
          divisors.add(k);
        }
      }
      long k = divisors.get(r.nextInt(divisors.size()));
      dims.add(k);
      rest /= k;
    }
    if (rest != 1 || size == 0 || dims.isEmpty()) {
      dims.add(rest);
    }
    if (size == 0 && r.nextBoolean()) {
      dims.add(0, 2L); // (2, 0) also holds zero elements
    }
    long[] out = dims.stream().mapToLong(Long::longValue).toArray();
    if (r.nextInt(3) == 0) {
      // shuffle so that the big factor is not always last
      for (int i = out.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        long x = out[i];
        out[i] = out[j];
        out[j] = x;
      }
    }
    return out;
  }

  @Example
  void writesThroughAViewAreSeenByTheBase() {
    NDArray a = NDArray.arange(12).reshape(3, 4);
    NDArray v = a.slice("1:, ::-2");
    v.set(100L, 0, 0);
    assertEquals(100L, a.getLong(1, 3));
    NDArray t = a.transpose();
    t.set(-5L, 3, 2);
    assertEquals(-5L, a.getLong(2, 3));
    assertTrue(a.reshape(2, 6).mayShareMemory(a), "reshape of a contiguous array is a view");
  }

  @Example
  void reshapeOfANonContiguousViewThatCannotBeAViewCopies() {
    NDArray a = NDArray.arange(12).reshape(3, 4);
    NDArray t = a.transpose(); // (4, 3), Fortran order
    NDArray r = t.reshape(12);
    assertEquals(java.util.Arrays.toString(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}), java.util.Arrays.toString(r.toLongArray()));
    r.set(99L, 0);
    assertEquals(0L, a.getLong(0, 0), "a copy must not write back");
    assertFalse(r.isReadOnly());
  }

  @Example
  void slicesWithHugeStepsAsNumPy() {
    // NumPy: a[::2**63-1] == [0], a[::-2**63] == [4], a[1::-(2**63-1)] == [1], a[-1:-6:-(2**62)] == [4]
    NDArray a = NDArray.arange(5);
    assertEquals(java.util.List.of(0L), toList(a.slice("::9223372036854775807")));
    assertEquals(java.util.List.of(4L), toList(a.slice("::-9223372036854775808")));
    assertEquals(java.util.List.of(1L), toList(a.slice("1::-9223372036854775807")));
    assertEquals(java.util.List.of(4L), toList(a.slice("-1:-6:-4611686018427387904")));
    assertEquals(java.util.List.of(), toList(a.slice("9223372036854775807:")));
    assertEquals(java.util.List.of(0L, 1L, 2L, 3L, 4L), toList(a.slice("-9223372036854775808:9223372036854775807")));
  }

  private static java.util.List<Long> toList(NDArray a) {
    return java.util.Arrays.stream(a.toLongArray()).boxed().toList();
  }

  /**
   * Brute force: the storage offsets of {@code a}'s elements in C order. A reshape can be a view
   * iff these offsets are affine in the new multi-index.
   */
  static long[] cOrderOffsets(NDArray a) {
    long n = a.size();
    long[] out = new long[Math.toIntExact(n)];
    long[] idx = new long[a.ndim()];
    long[] st = a.strides();
    for (int i = 0; i < n; i++) {
      long e = a.offset();
      for (int d = 0; d < idx.length; d++) {
        e += idx[d] * st[d];
      }
      out[i] = e;
      Comparisons.advance(idx, a.shape());
    }
    return out;
  }

  /** True when some strides make an array of {@code shape} visit {@code offsets} in C order. */
  static boolean viewPossible(long[] offsets, long[] shape) {
    int nd = shape.length;
    long[] st = new long[nd];
    long unit = 1;
    for (int d = nd - 1; d >= 0; d--) {
      // stride of d: the offset step when index d goes 0 -> 1 (flat index += unit)
      st[d] = shape[d] > 1 ? offsets[(int) unit] - offsets[0] : 0;
      unit *= shape[d];
    }
    long[] idx = new long[nd];
    for (long off : offsets) {
      long e = offsets[0];
      for (int d = 0; d < nd; d++) {
        e += idx[d] * st[d];
      }
      if (e != off) {
        return false;
      }
      Comparisons.advance(idx, shape);
    }
    return true;
  }

  @Property(tries = 300)
  void reshapeIsAViewWheneverStridesAllowIt(
      @ForAll("distinctArrays") TestArray t, @ForAll("seeds") long seed) {
    NDArray a = t.array();
    Random r = new Random(seed);
    // Start from a view that is often non-contiguous: a random slice of the generated array.
    NDArray v = a.slice(RefView.render(RefView.randomIndex(a.shape(), r)));
    if (v.size() == 0) {
      return;
    }
    long[] ns = randomFactorisation(v.size(), r);
    boolean possible = viewPossible(cOrderOffsets(v), ns);
    NDArray reshaped = v.reshape(ns);
    Statistics.label("view possible").collect(possible);
    Statistics.label("source contiguous").collect(v.isContiguous());
    assertEquals(possible, reshaped.mayShareMemory(v),
        () -> "reshape" + NDArray.shapeString(ns) + " of " + NDArray.shapeString(v.shape()) + " strides "
            + java.util.Arrays.toString(v.strides()) + ": view possible = " + possible);
    if (possible) {
      assertEquals(v.isReadOnly(), reshaped.isReadOnly(), "a view keeps the read-only flag");
    } else {
      assertFalse(reshaped.isReadOnly(), "a copy is writable");
    }
  }

  @Provide
  Arbitrary<String> indexJunk() {
    return Arbitraries.strings().withChars("0123456789-+:,. Nonewaxis\t").ofMaxLength(14);
  }

  @Property(tries = 500)
  void anyIndexStringEitherWorksOrThrowsANamedError(@ForAll("indexJunk") String index) {
    NDArray a = NDArray.arange(60).reshape(3, 4, 5);
    try {
      NDArray v = a.slice(index);
      Statistics.label("outcome").collect("view");
      assertTrue(v.size() <= 60);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      Statistics.label("outcome").collect(e.getClass().getSimpleName());
      String m = e.getMessage();
      assertTrue(m != null && m.contains("\"" + index + "\""), "the message quotes the index: " + m);
    }
  }
}
