package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;

/** CPU and PARALLEL targets: equal results, exceptions from workers, concurrency, nesting. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetsTest {

  @Test
  void parallelEqualsCpuBitForBitForAnyThreadCount() {
    NDArray x = NDArray.random(DType.FLOAT64, 1, 3, 70_001);
    // exact operations: bit for bit
    Ufunc poly = Ufunc.vectorize("float64(float64)", v -> (v * 3.5 - 1.25) * v / 7 + Math.sqrt(v));
    NDArray cpu = poly.apply(x);
    for (int t = 1; t <= 5; t++) {
      Values.assertSameBits(cpu, poly.threads(t).apply(x), "threads " + t);
    }
    // SVML transcendentals: within 1 ulp (the interpreted Vector API computes Math.sin per lane)
    NDArray sinCpu = Ufuncs.sin.apply(x);
    for (int t = 1; t <= 3; t++) {
      org.ufunc4j.testing.Comparisons.assertWithinUlps(sinCpu, Ufuncs.sin.threads(t).apply(x), 2);
    }
    long before = Target.parallelThresholdNanos();
    try {
      Target.setParallelThresholdNanos(0); // always split, even tiny work
      for (int n : new int[] {1, 7, 2047, 2048, 4097, 10_000}) {
        NDArray s = NDArray.random(DType.FLOAT32, n, n);
        org.ufunc4j.testing.Comparisons.assertWithinUlps(Ufuncs.exp.apply(s), Ufuncs.exp.target(Target.PARALLEL).threads(3).apply(s), 2);
        Values.assertSameBits(Ufuncs.sqrt.apply(s), Ufuncs.sqrt.target(Target.PARALLEL).threads(3).apply(s), "sqrt n=" + n);
      }
    } finally {
      Target.setParallelThresholdNanos(before);
    }
  }

  @Test
  void kernelExceptionsReachTheCallerFromAnyThreadAndThePoolKeepsWorking() {
    Ufunc boom = Ufunc.vectorize("float64(float64)", x -> {
      if (x > 0.999) {
        throw new IllegalStateException("bad element " + x);
      }
      return x;
    });
    NDArray x = NDArray.random(DType.FLOAT64, 2, 400_000);
    long before = Target.parallelThresholdNanos();
    try {
      Target.setParallelThresholdNanos(0);
      for (int i = 0; i < 5; i++) {
        UfuncException e = assertThrows(UfuncException.class, () -> boom.threads(2).apply(x));
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("bad element"));
      }
      UfuncException e = assertThrows(UfuncException.class, () -> boom.apply(x));
      assertTrue(e.getCause() instanceof IllegalStateException);
      NDArray ok = Ufuncs.sqrt.threads(2).apply(x);
      assertEquals(Math.sqrt(x.getDouble(123)), ok.getDouble(123));
    } finally {
      Target.setParallelThresholdNanos(before);
    }
  }

  @Test
  void manyApplicationThreadsCallAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      NDArray x = NDArray.random(DType.FLOAT64, 3, 50_000);
      NDArray expected = Ufuncs.multiply.apply(x, x);
      List<Future<NDArray>> fs = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        boolean par = i % 2 == 0;
        fs.add(pool.submit(() -> par ? Ufuncs.multiply.threads(2).apply(x, x) : Ufuncs.multiply.apply(x, x)));
      }
      for (Future<NDArray> f : fs) {
        Values.assertSameBits(expected, f.get(60, TimeUnit.SECONDS), "concurrent caller");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKernelThatCallsAParallelUfuncDoesNotDeadlock() {
    NDArray small = NDArray.random(DType.FLOAT64, 5, 10_000);
    Ufunc nested = Ufunc.vectorize("float64(float64)", v -> v + Ufuncs.sin.threads(2).apply(small).getDouble(0) * 0);
    long before = Target.parallelThresholdNanos();
    try {
      Target.setParallelThresholdNanos(0);
      NDArray x = NDArray.random(DType.FLOAT64, 6, 6000);
      NDArray r = nested.threads(2).apply(x);
      Values.assertSameBits(x, r, "nested");
    } finally {
      Target.setParallelThresholdNanos(before);
    }
  }

  @Test
  void aCallWithOutAllocatesNothingInSteadyState() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
      return; // allocation counting is a HotSpot feature
    }
    // 1000 elements fill whole vectors; 1003 and 5 also run the SIMD kernel's scalar tail
    for (int n : new int[] {1000, 1003, 5}) {
      NDArray a = NDArray.random(DType.FLOAT64, 1, n);
      NDArray b = NDArray.random(DType.FLOAT64, 2, n);
      org.ufunc4j.UfuncCall add = Ufuncs.add.out(NDArray.zeros(DType.FLOAT64, n));
      // Until C2 has compiled the SIMD kernel, the Vector API boxes vectors (allocation that is the
      // JIT's, not ours): measure rounds until one is clean, within a time budget.
      long perCall = Long.MAX_VALUE;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (perCall >= 16 && System.nanoTime() < deadline) {
        long before = sun.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
          add.apply(a, b);
        }
        perCall = (sun.getCurrentThreadAllocatedBytes() - before) / 10_000;
      }
      assertTrue(perCall < 16, "bytes allocated per call with out, n = " + n + ": " + perCall);
    }
  }

  @Test
  void threadSettingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.sin.threads(0));
    assertThrows(IllegalArgumentException.class, () -> Target.setDefaultThreads(0));
    assertThrows(IllegalArgumentException.class, () -> Target.setParallelThresholdNanos(-1));
    int d = Target.defaultThreads();
    Target.setDefaultThreads(3);
    assertEquals(3, Target.defaultThreads());
    Target.setDefaultThreads(d);
    NDArray out = NDArray.zeros(DType.FLOAT64, 10);
    assertSame(out, Ufuncs.sin.target(Target.PARALLEL).out(out).apply(NDArray.ones(DType.FLOAT64, 10)));
    assertEquals(Math.sin(1), out.getDouble(9));
  }
}
