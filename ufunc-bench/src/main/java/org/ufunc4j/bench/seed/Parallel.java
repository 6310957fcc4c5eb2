package org.ufunc4j.bench.seed;

/**
 * The plain-Java way to use two cores: split the index range into equal contiguous parts, run
 * all but the last on fresh platform threads and the last on the caller, then join. A fresh thread
 * costs tens of microseconds, nothing next to workloads of tens of milliseconds; this is the
 * baseline a Java programmer writes without a library, so it deliberately has no pool.
 */
public final class Parallel {
  private Parallel() {}

  /** A loop body over the index range [from, to). Java arrays are int-indexed; the workloads fit. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  public static void run(long n, int threads, Range body) throws InterruptedException {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("plain Java arrays hold at most 2^31-1 elements: " + n);
    }
    int len = (int) n;
    if (threads <= 1 || len < 2) {
      body.run(0, len);
      return;
    }
    Thread[] workers = new Thread[threads - 1];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads - 1; t++) {
      int from = (int) ((long) len * t / threads);
      int to = (int) ((long) len * (t + 1) / threads);
      workers[t] =
          Thread.ofPlatform()
              .daemon()
              .uncaughtExceptionHandler((th, e) -> {
                synchronized (failure) {
                  failure[0] = e;
                }
              })
              .start(() -> body.run(from, to));
    }
    body.run((int) ((long) len * (threads - 1) / threads), len);
    for (Thread w : workers) {
      w.join();
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("a worker failed", failure[0]);
      }
    }
  }
}
