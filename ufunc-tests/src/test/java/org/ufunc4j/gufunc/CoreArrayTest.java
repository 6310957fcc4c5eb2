package org.ufunc4j.gufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufuncs;

/**
 * {@code CoreView.asArray()}: one NDArray per view and worker, moved to each iteration's core (no
 * allocation per iteration), correct under parallelOver pieces and on both targets, and usable
 * as a ufunc's operands and output inside a kernel.
 */
class CoreArrayTest {
  @Test
  void asArrayReusesOneArrayPerViewAndFollowsTheIteration() {
    List<NDArray> seen = new ArrayList<>();
    List<Double> firsts = new ArrayList<>();
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)", core -> {
      NDArray a = core.f64(0).asArray();
      seen.add(a);
      firsts.add(a.astype(DType.FLOAT64).toDoubleArray()[0]);
      core.f64(1).set(a.toDoubleArray()[1], 0);
    });
    NDArray x = NDArray.arange(DType.FLOAT64, 0, 12, 1).reshape(4, 3);
    NDArray r = g.apply(x);
    assertEquals(4, seen.size());
    for (NDArray a : seen) {
      assertSame(seen.get(0), a, "one array for every iteration of a worker");
    }
    assertEquals(List.of(0.0, 3.0, 6.0, 9.0), firsts, "the array moves with the iteration");
    assertEquals(1.0, r.toDoubleArray()[0]);
    assertEquals(10.0, r.toDoubleArray()[9]);
  }

  @Test
  void aKernelApplyingAUfuncToItsViewsMatchesTheWholeArrayUfunc() {
    GUfunc pow = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
        core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()));
    GUfunc powBlock = GUfunc.guvectorize(List.of("void(float64[:,:], float64[:,:], float64[:,:])"), "(nx,ny),(nx,ny)->(nx,ny)",
        core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()))
        .parallelOver("nx");
    NDArray a = NDArray.random(DType.FLOAT64, 3, 301, 257);
    NDArray b = Ufuncs.multiply.apply(a, 2.0);
    double[] want = Ufuncs.power.apply(a, b).toDoubleArray();
    for (Target t : Target.values()) {
      assertWithinUlps(want, pow.target(t).apply(a, b).toDoubleArray(), "(ny) " + t);
      assertWithinUlps(want, powBlock.target(t).threads(2).apply(a, b).toDoubleArray(), "(nx,ny) " + t);
    }
  }

  /**
   * Rows of 257 put other elements into the scalar tail (Math.pow) than the whole array does, and
   * SVML's pow may differ from Math.pow by an ulp: equal within 2 ulps, and equal in most places.
   * At 512 bits that is SVML's pow against the Vector API's Java fallback (Math.pow per lane) where
   * one call's kernel is compiled by C2 and the other's not yet: they differed in 5.4% of these
   * elements in a full test run, hence 80%, which a kernel computing wrong elements within 2 ulps
   * (a shifted row of a smooth function) would still miss.
   */
  private static void assertWithinUlps(double[] want, double[] got, String what) {
    int same = 0;
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 2 * Math.ulp(want[i]), what + " at " + i);
      same += Double.compare(want[i], got[i]) == 0 ? 1 : 0;
    }
    assertTrue(same > want.length * 0.8, what + ": only " + same + " of " + want.length + " equal");
  }

  @Test
  void asArrayAllocatesNothingPerIteration() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
      return; // allocation counting is a HotSpot feature
    }
    double[] sink = new double[1];
    GUfunc g = GUfunc.guvectorize("void(float64[:], float64)", "(n)->()", core -> {
      NDArray a = core.f64(0).asArray();
      sink[0] += a.size();
      core.f64(1).set(sink[0]);
    });
    int rows = 100_000;
    NDArray x = NDArray.random(DType.FLOAT64, 1, rows, 4);
    GUfuncCall call = g.out(NDArray.zeros(DType.FLOAT64, rows));
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      long before = sun.getThreadAllocatedBytes(Thread.currentThread().threadId());
      call.apply(x);
      best = Math.min(best, sun.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before);
    }
    assertTrue(best < 16 * 1024, "a call over " + rows + " rows allocated " + best + " bytes (per-iteration allocation would be MBs)");
  }

  /** Bytes the current thread allocates while {@code r} runs (best of 20), or -1 without HotSpot's counter. */
  private static long allocatedBytes(Runnable r) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
      return -1;
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      long before = sun.getThreadAllocatedBytes(Thread.currentThread().threadId());
      r.run();
      best = Math.min(best, sun.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before);
    }
    return best;
  }

  // one call configuration per out array: asArray() gives a worker the same output array in every
  // row, so the configuration need not be rebuilt per row
  private static NDArray lastOut;
  private static org.ufunc4j.UfuncCall lastCall;

  @Test
  void aUfuncAppliedToCoreViewArraysAllocatesNothingPerRow() {
    GUfunc hoisted = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(n),(n)->(n)", core -> {
      NDArray o = core.f64(2).asArray();
      if (o != lastOut) {
        lastOut = o;
        lastCall = Ufuncs.add.out(o);
      }
      lastCall.apply(core.f64(0).asArray(), core.f64(1).asArray());
    });
    long[] newCalls = {0};
    org.ufunc4j.UfuncCall[] previous = {null};
    GUfunc perRow = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(n),(n)->(n)", core -> {
      org.ufunc4j.UfuncCall c = Ufuncs.add.out(core.f64(2).asArray());
      if (c != previous[0]) {
        previous[0] = c;
        newCalls[0]++;
      }
      c.apply(core.f64(0).asArray(), core.f64(1).asArray());
    });
    int rows = 50_000;
    // rows of 3, fewer than a 256- or 512-bit vector's lanes: the SIMD kernel runs its scalar
    // tail, so the count measures ufunc4j's call path alone. With 5 (a vector and a tail at 256
    // bits) a CI run once counted 192 bytes per row, three boxed DoubleVectors' worth: the kernel
    // ran without C2's Vector API intrinsics for a while, which is the JIT's state, not ours.
    NDArray x = NDArray.random(DType.FLOAT64, 1, rows, 3);
    NDArray y = NDArray.random(DType.FLOAT64, 2, rows, 3);
    NDArray out = NDArray.zeros(DType.FLOAT64, rows, 3);
    GUfuncCall h = hoisted.out(out);
    GUfuncCall p = perRow.out(out);
    long hb = allocatedBytes(() -> h.apply(x, y));
    if (hb < 0) {
      return; // allocation counting is a HotSpot feature
    }
    assertArrayEquals(Ufuncs.add.apply(x, y).toDoubleArray(), out.toDoubleArray());
    assertTrue(hb < 16 * 1024, "views plus a hoisted ufunc call over " + rows + " rows allocated " + hb + " bytes");
    // the natural form: Ufunc.out(view) returns the call it built for the same reused view last time
    long pb = allocatedBytes(() -> p.apply(x, y));
    // 20 gufunc calls of 50,000 rows each: at most one new call configuration per gufunc call
    assertTrue(newCalls[0] <= 20, "out(view) built " + newCalls[0] + " call configurations in 20 gufunc calls");
    assertTrue(pb < 16 * 1024, "out(...) per row over " + rows + " rows allocated " + pb + " bytes (48 per row before), with "
        + newCalls[0] + " call configurations built in 20 gufunc calls");
    assertArrayEquals(Ufuncs.add.apply(x, y).toDoubleArray(), out.toDoubleArray());
  }
}
