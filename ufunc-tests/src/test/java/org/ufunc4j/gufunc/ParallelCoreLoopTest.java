package org.ufunc4j.gufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;

/**
 * The PARALLEL outer loop with the threshold at 0 (every call goes parallel): threads claim runs
 * of outer iterations, or parallelOver pieces, from a shared counter. Every iteration and every
 * element of a split dimension must be computed exactly once, odometers must restart correctly
 * at any claim boundary, and a kernel failure must stop the other threads' claims.
 */
class ParallelCoreLoopTest {
  private long threshold;

  @BeforeEach
  void forceParallel() {
    threshold = Target.parallelThresholdNanos();
    Target.setParallelThresholdNanos(0);
  }

  @AfterEach
  void restore() {
    Target.setParallelThresholdNanos(threshold);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void everyOuterIterationRunsOnceAndClaimsRestartTheOdometer(int threads) {
    // loop shape (7, 13, 11) from broadcasting, a transposed (strided) input, a broadcast one
    AtomicIntegerArray calls = new AtomicIntegerArray(7 * 13 * 11);
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64[:], float64)", "(i),(i)->()", core -> {
      calls.incrementAndGet((int) core.outerIndex());
      F64Core a = core.f64(0);
      F64Core b = core.f64(1);
      double s = 0;
      for (long k = 0; k < a.size(0); k++) {
        s += a.get(k) * b.get(k);
      }
      core.f64(2).set(s);
    });
    NDArray a = NDArray.random(DType.FLOAT64, 3, 3, 11, 13, 7).transpose(3, 2, 1, 0); // (7, 13, 11, 3), strided
    NDArray b = NDArray.random(DType.FLOAT64, 4, 13, 1, 3); // broadcasts over 7 and 11
    double[] serial = g.apply(a, b).toDoubleArray();
    for (int i = 0; i < calls.length(); i++) {
      calls.set(i, 0);
    }
    double[] parallel = g.threads(threads).apply(a, b).toDoubleArray();
    assertArrayEquals(serial, parallel);
    for (int i = 0; i < calls.length(); i++) {
      assertEquals(1, calls.get(i), "outer iteration " + i + " with " + threads + " threads");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void parallelOverPiecesCoverTheDimensionOnceAndReuseTwoArraysPerView(int threads) {
    // 1000 rows in 64 pieces per thread: lengths 7 and 8 (threads 2: 128 pieces), 5 and 6 (3),
    // 3 and 4 (4); every piece's asArray() must have its piece's shape, and a view must not need
    // more than two arrays (one per piece length) however the pieces alternate.
    Set<NDArray> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Long> lengths = ConcurrentHashMap.newKeySet();
    AtomicInteger kernelCalls = new AtomicInteger();
    GUfunc inc = GUfunc.guvectorize("void(float64[:,:], float64[:,:])", "(nx,ny)->(nx,ny)", core -> {
      kernelCalls.incrementAndGet();
      NDArray in = core.f64(0).asArray();
      NDArray out = core.f64(1).asArray();
      assertEquals(core.f64(0).size(0), in.shape()[0]);
      assertEquals(core.f64(1).size(0), out.shape()[0]);
      lengths.add(in.shape()[0]);
      synchronized (arrays) {
        arrays.add(out);
      }
      Ufuncs.add.out(out).apply(in, 1.0);
    }).parallelOver("nx");
    NDArray x = NDArray.random(DType.FLOAT64, 5, 1000, 9);
    NDArray r = inc.threads(threads).apply(x);
    assertArrayEquals(Ufuncs.add.apply(x, 1.0).toDoubleArray(), r.toDoubleArray());
    int pieces = 64 * threads;
    assertEquals(pieces, kernelCalls.get(), "one kernel call per piece");
    long lo = 1000 / pieces;
    assertEquals(Set.of(lo, lo + 1), lengths);
    // one Walker per participating thread (at most `threads` plus the caller's timed one), two
    // arrays at most each
    assertTrue(arrays.size() <= 2 * (threads + 1), arrays.size() + " output arrays for " + threads + " threads");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void whereMasksTheSameIterationsInParallel(int threads) {
    AtomicIntegerArray calls = new AtomicIntegerArray(40 * 25);
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64)", "(n)->()", core -> {
      calls.incrementAndGet((int) core.outerIndex());
      core.f64(1).set(core.f64(0).get(0) + 1);
    });
    NDArray x = NDArray.random(DType.FLOAT64, 6, 40, 25, 2);
    NDArray mask = Ufuncs.greater.apply(NDArray.random(DType.FLOAT64, 7, 25), 0.5); // broadcasts over 40
    boolean[] m = new boolean[25];
    for (int j = 0; j < 25; j++) {
      m[j] = mask.getBoolean(j);
    }
    NDArray out = NDArray.full(DType.FLOAT64, -1.0, 40, 25);
    g.threads(threads).where(mask).out(out).apply(x);
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 25; j++) {
        int it = i * 25 + j;
        assertEquals(m[j] ? 1 : 0, calls.get(it), "calls of iteration " + it);
        assertEquals(m[j] ? x.getDouble(i, j, 0) + 1 : -1.0, out.getDouble(i, j), "element " + it);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void aFailingKernelStopsTheOtherThreadsClaims(int threads) {
    int rows = 20_000;
    long failing = rows / 4;
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean thrown = new AtomicBoolean();
    ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64)", "(n)->()", core -> {
      calls.incrementAndGet();
      long i = core.outerIndex();
      if (i == failing) {
        thrown.set(true);
        throw new IllegalStateException("row " + i);
      }
      if (i > failing && !waited.get()) {
        // later rows wait (once per thread) until the failure happened and had time to be seen,
        // so that the test does not depend on which thread runs ahead
        while (!thrown.get()) {
          Thread.onSpinWait();
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
        waited.set(true);
      }
      core.f64(1).set(core.f64(0).get(0));
    });
    UfuncException e = assertThrows(UfuncException.class, () -> g.threads(threads).apply(NDArray.zeros(DType.FLOAT64, rows, 2)));
    assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    // after the failure each thread finishes at most the claim it holds (at most 1/32 of its
    // share); without the stop the others would run all 20000 rows
    assertTrue(calls.get() < rows / 2, calls.get() + " of " + rows + " iterations ran after a failure at " + failing);
  }
}
