package org.ufunc4j;

import org.ufunc4j.internal.exec.WorkerPool;

/**
 * Where a ufunc's loops run, as Numba's {@code target=} option.
 *
 * <p>{@link #CPU} runs on the calling thread. {@link #PARALLEL} splits the loop space into blocks
 * and runs them on a persistent pool of daemon workers in which the calling thread also works.
 * Work that would take less than {@link #parallelThresholdNanos()} on one thread runs serially, so
 * PARALLEL is never slower than CPU on small arrays. Results are the same on both targets, bit for
 * bit: blocks are split at the same places whatever the thread count.
 */
public enum Target {
  CPU,
  PARALLEL;

  /** Threads a PARALLEL call uses when the call does not say (default: available processors). */
  public static int defaultThreads() {
    return WorkerPool.defaultThreads();
  }

  /** Sets the default thread count of PARALLEL calls (at least 1). */
  public static void setDefaultThreads(int threads) {
    WorkerPool.setDefaultThreads(threads);
  }

  /**
   * Estimated serial time below which PARALLEL calls run on the calling thread alone (default 50
   * microseconds; system property {@code ufunc.parallel.thresholdNanos}). The estimate is measured
   * on each call from the first block the caller runs.
   */
  public static long parallelThresholdNanos() {
    return WorkerPool.thresholdNanos();
  }

  /** Sets the serial-work threshold of PARALLEL calls, in nanoseconds (0: always split). */
  public static void setParallelThresholdNanos(long nanos) {
    WorkerPool.setThresholdNanos(nanos);
  }
}
