package org.ufunc4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Deferred definitions (the standard ufuncs are defined on first use): the definition runs once
 * even when many threads use the ufunc first at the same moment, an alias made before either is
 * used shares the original's loops, and everything reads as if defined up front.
 */
class DeferredDefinitionTest {
  @Test
  void theDefinitionRunsOnceUnderConcurrentFirstUse() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Ufunc f = Ufunc.deferred("twice", 1, () -> {
      runs.incrementAndGet();
      return Ufunc.builder("twice", 1).loop("d->d", (Fn.DoubleUnary) x -> 2 * x).identity(0).build();
    });
    assertEquals(0, runs.get(), "nothing runs before first use");
    assertEquals("twice", f.name());
    assertEquals(1, f.nin());
    assertEquals(0, runs.get(), "name and nin are known without the definition");
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    Thread[] ts = new Thread[threads];
    double[][] results = new double[threads][];
    for (int t = 0; t < threads; t++) {
      int k = t;
      ts[t] = new Thread(() -> {
        try {
          start.await();
          results[k] = f.apply(NDArray.of(new double[] {k, -0.5})).toDoubleArray();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      ts[t].start();
    }
    start.countDown();
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(1, runs.get());
    for (int t = 0; t < threads; t++) {
      assertArrayEquals(new double[] {2.0 * t, -1.0}, results[t]);
    }
    assertEquals(0.0, f.identity().getAsDouble());
  }

  @Test
  void anAliasOfAnUndefinedUfuncSharesItsLoops() {
    Ufunc original = Ufunc.deferred("orig", 2, () -> Ufunc.vectorize("float64(float64, float64)", (a, b) -> a - b));
    Ufunc alias = original.withName("alias");
    assertEquals("alias", alias.name());
    assertArrayEquals(new double[] {1.5}, alias.apply(NDArray.of(new double[] {2}), 0.5).toDoubleArray());
    assertSame(original.loops()[0], alias.loops()[0], "the alias runs the original's loop (and its kernels)");
    assertEquals(original.types(), alias.types());
  }

  @Test
  void standardAliasesWork() {
    assertEquals(Ufuncs.remainder.types(), Ufuncs.mod.types());
    assertEquals("mod", Ufuncs.mod.name());
    assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, Ufuncs.divide.apply(NDArray.arange(4), 2.0).toDoubleArray());
  }
}
