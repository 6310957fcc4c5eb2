package org.ufunc4j.gufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.testing.ArrayArbitraries;
import org.ufunc4j.testing.Comparisons;
import org.ufunc4j.testing.TestArray;

/**
 * A gufunc declared elementwise along a core dimension ({@code parallelOver}) joins trailing outer
 * iterations into one kernel call when every operand continues that dimension in memory, and
 * only then. Each case records the core sizes the kernel saw, so a join where memory does not
 * allow it (or a missing join where it does) fails, and compares the result with the plain
 * per-row computation.
 */
final class ElementwiseFoldTest {
  private final List<Long> sizes = new CopyOnWriteArrayList<>();
  private final List<Long> outerIndices = new CopyOnWriteArrayList<>();

  /** c = a * b + 1 along ny, written as a scalar loop over the core views. */
  private GUfunc rows() {
    return GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)", core -> {
      F64Core a = core.f64(0);
      F64Core b = core.f64(1);
      F64Core c = core.f64(2);
      sizes.add(a.size(0));
      outerIndices.add(core.outerIndex());
      for (long j = 0; j < a.size(0); j++) {
        c.set(a.get(j) * b.get(j) + 1, j);
      }
    }).parallelOver("ny");
  }

  /** The rows gufunc on a, b gives the elementwise bits, with kernel calls of these core sizes. */
  private void assertRowsGufunc(NDArray a, NDArray b, List<Long> callSizes) {
    assertRowsGufunc(a, b, callSizes, "kernel calls");
  }

  private void assertRowsGufunc(NDArray a, NDArray b, List<Long> callSizes, String what) {
    NDArray c = rows().apply(a, b);
    assertArrayEquals(reference(a, b), c.toDoubleArray());
    assertEquals(callSizes, sizes, what);
  }

  private static double[] reference(NDArray a, NDArray b) {
    return Ufuncs.add.apply(Ufuncs.multiply.apply(a, b), 1.0).toDoubleArray();
  }

  @Test
  void contiguousRowsBecomeOneCall() {
    NDArray a = NDArray.random(DType.FLOAT64, 1, 37, 53);
    NDArray b = NDArray.random(DType.FLOAT64, 2, 37, 53);
    assertRowsGufunc(a, b, List.of(37L * 53), "one call over all rows");
    assertEquals(List.of(0L), outerIndices);
  }

  @Test
  void threeLoopDimensionsFoldIntoOneCallAndAGivenOutIsWritten() {
    NDArray a = NDArray.random(DType.FLOAT64, 3, 4, 6, 11);
    NDArray b = NDArray.random(DType.FLOAT64, 4, 4, 6, 11);
    NDArray out = NDArray.full(DType.FLOAT64, -7.0, 4, 6, 11);
    rows().out(out).apply(a, b);
    assertArrayEquals(reference(a, b), out.toDoubleArray());
    assertEquals(List.of(4L * 6 * 11), sizes);
  }

  @Test
  void aSlicedMiddleDimensionFoldsOnlyTheRowsThatTouch() {
    // rows 2..6 of each of 4 blocks: consecutive within a block, a gap between blocks
    NDArray a = NDArray.random(DType.FLOAT64, 5, 4, 10, 9).slice(":, 2:7, :");
    NDArray b = NDArray.random(DType.FLOAT64, 6, 4, 5, 9);
    assertRowsGufunc(a, b, List.of(45L, 45L, 45L, 45L), "one call per block of 5 rows");
    assertEquals(List.of(0L, 5L, 10L, 15L), outerIndices, "each call's first original outer iteration");
  }

  @Test
  void lengthOneLoopDimensionsJoinWhateverTheirStride() {
    // expandDims gives the new axis stride 0; a length-1 axis is no step in memory at all
    NDArray a = NDArray.random(DType.FLOAT64, 22, 6, 10).expandDims(1); // (6, 1, 10)
    NDArray b = NDArray.random(DType.FLOAT64, 23, 6, 1, 10);
    assertRowsGufunc(a, b, List.of(60L));
  }

  @Test
  void piecesOfJoinedIterationsReportTheirFirstOuterIteration() {
    NDArray a = NDArray.random(DType.FLOAT64, 24, 256, 8);
    NDArray b = NDArray.random(DType.FLOAT64, 25, 256, 8);
    List<long[]> seen = new CopyOnWriteArrayList<>();
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)", core -> {
      seen.add(new long[] {core.outerIndex(), core.f64(0).size(0)});
      F64Core x = core.f64(0);
      for (long j = 0; j < x.size(0); j++) {
        core.f64(2).set(x.get(j) * core.f64(1).get(j) + 1, j);
      }
    }).parallelOver("ny");
    NDArray c = g.target(Target.PARALLEL).threads(2).apply(a, b);
    assertArrayEquals(reference(a, b), c.toDoubleArray());
    // 128 pieces of 16 elements (2 rows each): outer index = first element / 8
    assertEquals(128, seen.size());
    for (long[] p : seen) {
      assertEquals(16L, p[1]);
      assertEquals(0L, p[0] % 2, "a piece starts at an even row: " + p[0]);
    }
    assertEquals(java.util.stream.LongStream.range(0, 128).map(i -> 2 * i).boxed().toList(),
        seen.stream().map(p -> p[0]).sorted().toList());
  }

  @Test
  void aFewJoinedIterationsAreStillCutForEveryThread() {
    // b broadcasts over the leading dimension: the join stops there, leaving 2 big iterations;
    // on 2 threads they are cut into pieces (64 per thread) rather than run one by the caller
    // alone and one by the pool
    NDArray a = NDArray.random(DType.FLOAT64, 26, 2, 50, 40);
    NDArray b = NDArray.random(DType.FLOAT64, 27, 50, 40);
    NDArray c = rows().target(Target.PARALLEL).threads(2).apply(a, b);
    assertArrayEquals(reference(a, b), c.toDoubleArray());
    assertEquals(128, sizes.size(), "pieces of both joined iterations");
    assertEquals(4000L, sizes.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void overlappingOutputsKeepTheRowOrder() {
    // two outputs that overlap: per row, the second output's writes land after the first's;
    // joining would reorder them across rows, so these calls are not joined
    List<Long> calls = new CopyOnWriteArrayList<>();
    GUfunc twice = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(n)->(n),(n)", core -> {
      calls.add(core.f64(0).size(0));
      for (long j = 0; j < core.f64(0).size(0); j++) {
        core.f64(1).set(1.0, j);
      }
      for (long j = 0; j < core.f64(0).size(0); j++) {
        core.f64(2).set(2.0, j);
      }
    }).parallelOver("n");
    // two contiguous (4, 6) outputs one element apart in one buffer: each could join on its own
    NDArray z = NDArray.zeros(DType.FLOAT64, 25);
    NDArray first = z.slice("0:24").reshape(4, 6);
    NDArray second = z.slice("1:25").reshape(4, 6);
    twice.out(first, second).apply(NDArray.random(DType.FLOAT64, 28, 4, 6));
    assertEquals(4, calls.size(), "one call per row");
    for (int k = 0; k < 25; k++) {
      // per row: row i of the first output, then row i of the second; row i + 1 of the first
      // then overwrites the second's last element of row i (z[6(i+1)])
      double want = k == 0 || (k % 6 == 0 && k < 24) ? 1.0 : 2.0;
      assertEquals(want, z.getDouble(k), "element " + k);
    }
  }

  @Test
  void everySecondColumnIsStillOneStrideAndJoins() {
    // (8, 24)[:, ::2] has strides (24, 2): element (i, j) at 2 * (12 i + j), one stride-2 row
    NDArray a = NDArray.random(DType.FLOAT64, 20, 8, 24).slice(":, ::2");
    NDArray b = NDArray.random(DType.FLOAT64, 21, 8, 12);
    assertRowsGufunc(a, b, List.of(96L));
  }

  @Test
  void gappedTransposedAndReversedRowsAreNotJoined() {
    NDArray b = NDArray.random(DType.FLOAT64, 7, 8, 12);
    NDArray[] inputs = {
      NDArray.random(DType.FLOAT64, 8, 8, 20).slice(":, :12"), // rows with a gap between them
      NDArray.random(DType.FLOAT64, 9, 12, 8).transpose(), // columns as rows
      NDArray.random(DType.FLOAT64, 10, 8, 12).flip(1), // each row reversed
      NDArray.random(DType.FLOAT64, 11, 8, 12).flip(0), // rows in reverse order
    };
    for (NDArray a : inputs) {
      sizes.clear();
      NDArray c = rows().apply(a, b);
      assertArrayEquals(reference(a, b), c.toDoubleArray());
      assertEquals(8, sizes.size(), "one call per row for " + a);
      assertTrue(sizes.stream().allMatch(s -> s == 12L), sizes.toString());
    }
  }

  @Test
  void aBroadcastRowIsNotJoinedButABroadcastScalarIs() {
    NDArray a = NDArray.random(DType.FLOAT64, 12, 6, 10);
    NDArray row = NDArray.random(DType.FLOAT64, 13, 10); // the same row for all 6: not elementwise-joinable
    NDArray c = rows().apply(a, row);
    assertArrayEquals(reference(a, row), c.toDoubleArray());
    assertEquals(6, sizes.size());

    List<Long> scaleSizes = new CopyOnWriteArrayList<>();
    GUfunc scale = GUfunc.guvectorize("void(float64[:], float64, float64[:])", "(n),()->(n)", core -> {
      F64Core x = core.f64(0);
      double s = core.f64(1).get();
      scaleSizes.add(x.size(0));
      for (long j = 0; j < x.size(0); j++) {
        core.f64(2).set(x.get(j) * s, j);
      }
    }).parallelOver("n");
    double[] want = Ufuncs.multiply.apply(a, 3.0).toDoubleArray();
    assertArrayEquals(want, scale.apply(a, 3.0).toDoubleArray());
    assertEquals(List.of(60L), scaleSizes, "a scalar broadcast over rows joins them");

    scaleSizes.clear();
    NDArray perRow = NDArray.random(DType.FLOAT64, 14, 6);
    NDArray got = scale.apply(a, perRow);
    assertArrayEquals(Ufuncs.multiply.apply(a, perRow.reshape(6, 1)).toDoubleArray(), got.toDoubleArray());
    assertEquals(6, scaleSizes.size(), "a scalar that changes per row keeps the rows apart");
  }

  @Test
  void whereKeepsTheRowsApart() {
    NDArray a = NDArray.random(DType.FLOAT64, 15, 5, 7);
    NDArray b = NDArray.random(DType.FLOAT64, 16, 5, 7);
    NDArray mask = NDArray.of(new boolean[] {true, false, true, true, false}, 5);
    NDArray out = NDArray.full(DType.FLOAT64, -1.0, 5, 7);
    rows().where(mask).out(out).apply(a, b);
    double[] want = reference(a, b);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 7; j++) {
        assertEquals(mask.getBoolean(i) ? want[i * 7 + j] : -1.0, out.getDouble(i, j), "element " + i + "," + j);
      }
    }
    assertEquals(List.of(7L, 7L, 7L), sizes);
  }

  @Test
  void parallelCutsTheJoinedRowIntoPiecesAndMatchesCpu() {
    NDArray a = NDArray.random(DType.FLOAT64, 17, 300, 41);
    NDArray b = NDArray.random(DType.FLOAT64, 18, 300, 41);
    double[] want = reference(a, b);
    for (int threads : new int[] {2, 3}) {
      sizes.clear();
      NDArray c = rows().target(Target.PARALLEL).threads(threads).apply(a, b);
      assertArrayEquals(want, c.toDoubleArray(), threads + " threads");
      assertEquals(64L * threads, sizes.size(), "pieces of the joined row");
      assertEquals(300L * 41, sizes.stream().mapToLong(Long::longValue).sum(), "the pieces cover every element once");
    }
  }

  @Test
  void aUfuncKernelOverJoinedRowsEqualsTheWholeArrayUfunc() {
    GUfunc pow = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
        core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()))
        .parallelOver("ny");
    NDArray a = NDArray.random(DType.FLOAT64, 19, 129, 257);
    NDArray b = Ufuncs.multiply.apply(a, 2.0);
    double[] want = Ufuncs.power.apply(a, b).toDoubleArray();
    for (Target t : Target.values()) {
      // one long row: the same kernel calls, block for block, as the whole-array ufunc on CPU
      double[] got = pow.target(t).threads(2).apply(a, b).toDoubleArray();
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 2 * Math.ulp(want[i]), t + " at " + i);
      }
    }
  }

  @Provide
  Arbitrary<List<TestArray>> operandPairs() {
    // two operands of one shape (1 to 3 dims), each in its own layout: contiguous, strided,
    // reversed, transposed, broadcast, offset or native, with NaN, -0.0, infinities among the values
    return ArrayArbitraries.shapes(3, 6).filter(s -> s.length > 0).flatMap(s ->
        Combinators.combine(ArrayArbitraries.arrays(DType.FLOAT64, s), ArrayArbitraries.arrays(DType.FLOAT64, s)).as(List::of));
  }

  /**
   * Whatever the layouts, the declared gufunc (which joins rows where memory allows) gives the
   * bits of the elementwise computation, on CPU and on PARALLEL with 2 and 3 threads, and its
   * kernel sees every element exactly once.
   */
  @Property(tries = 300)
  void joinedOrNotTheResultIsTheElementwiseOne(@ForAll("operandPairs") List<TestArray> ops) {
    NDArray a = ops.get(0).array();
    NDArray b = ops.get(1).array();
    NDArray want = Ufuncs.add.apply(Ufuncs.multiply.apply(ops.get(0).contiguousCopy(), ops.get(1).contiguousCopy()), 1.0);
    GUfunc g = rows();
    for (int threads : new int[] {1, 2, 3}) {
      sizes.clear();
      NDArray got = g.target(threads == 1 ? Target.CPU : Target.PARALLEL).threads(threads).apply(a, b);
      Comparisons.assertBitEqual(want, got, a, b);
      assertEquals(a.size(), sizes.stream().mapToLong(Long::longValue).sum(), "elements the kernel saw, " + threads + " threads");
    }
  }

  @Test
  void frozenOrRepeatedDimensionsCannotBeDeclaredElementwise() {
    GUfunc cross = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(3),(3)->(3)", core -> {});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cross.parallelOver("3"));
    assertTrue(e.getMessage().contains("frozen"), e.getMessage());
    GUfunc diag = GUfunc.guvectorize("void(float64[:,:], float64[:])", "(n,n)->(n)", core -> {});
    e = assertThrows(IllegalArgumentException.class, () -> diag.parallelOver("n"));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
