package org.ufunc4j.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The PARALLEL target's persistent pool. A job is a range of items split into chunks; the calling
 * thread works on its own job and the daemon workers join it, so a job always completes even when
 * every worker is busy (a kernel that calls a ufunc cannot deadlock).
 *
 * <p>Why not an executor: every JDK executor measured 10-35 us per dispatch on this kind of VM; a
 * worker that yields for a few microseconds before parking costs about 1 us back-to-back
 * (DESIGN.md). {@code Thread.onSpinWait} starves the other vCPU on 2-vCPU hosts, {@code yield}
 * does not.
 */
public final class WorkerPool {
  /** A body runs items {@code [start, end)}; it may throw anything. */
  @FunctionalInterface
  public interface RangeBody {
    void run(long start, long end) throws Throwable;
  }

  private static final long SPIN_NANOS = 50_000;
  private static final int MAX_THREADS = 512;

  private static volatile int defaultThreads =
      Integer.getInteger("ufunc.threads", Runtime.getRuntime().availableProcessors());
  /** Chunks per thread of a job; {@code -Dufunc.parallel.chunksPerThread}, for measuring the split. */
  private static final int CHUNKS_PER_THREAD = Math.max(1, Integer.getInteger("ufunc.parallel.chunksPerThread", 4));
  private static volatile long thresholdNanos = Long.getLong("ufunc.parallel.thresholdNanos", 50_000L);

  private static final ConcurrentLinkedQueue<Job> QUEUE = new ConcurrentLinkedQueue<>();
  private static final List<Thread> WORKERS = new ArrayList<>();
  private static volatile Thread[] workerSnapshot = new Thread[0];

  private WorkerPool() {}

  public static int defaultThreads() {
    return defaultThreads;
  }

  public static void setDefaultThreads(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("thread count must be in [1, " + MAX_THREADS + "], got " + threads);
    }
    defaultThreads = threads;
  }

  public static long thresholdNanos() {
    return thresholdNanos;
  }

  public static void setThresholdNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("threshold must be >= 0 ns, got " + nanos);
    }
    thresholdNanos = nanos;
  }

  /** Checks a per-call thread count. */
  public static int checkThreads(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("thread count must be in [1, " + MAX_THREADS + "], got " + threads);
    }
    return threads;
  }

  /**
   * Runs items {@code [0, items)} on up to {@code threads} threads, the caller included, and
   * returns when all are done. The first throwable of any thread is rethrown (others are added as
   * suppressed); remaining chunks are skipped after a failure.
   */
  public static void run(long items, int threads, RangeBody body) throws Throwable {
    if (items <= 0) {
      return;
    }
    if (threads <= 1 || items == 1) {
      body.run(0, items);
      return;
    }
    ensureWorkers(threads - 1);
    // Four chunks per thread balance a slower (shared) vCPU without many dispatches.
    long chunks = Math.min(items, (long) threads * CHUNKS_PER_THREAD);
    long grain = (items + chunks - 1) / chunks;
    Job job = new Job(body, items, grain, threads, Thread.currentThread());
    QUEUE.add(job);
    for (Thread w : workerSnapshot) {
      LockSupport.unpark(w);
    }
    job.participants.incrementAndGet();
    job.work();
    job.awaitDone();
    QUEUE.remove(job);
    if (job.error != null) {
      throw job.error;
    }
  }

  private static synchronized void ensureWorkers(int n) {
    while (WORKERS.size() < n) {
      Thread t = new Thread(new WorkerLoop(), "ufunc4j-worker-" + WORKERS.size());
      t.setDaemon(true);
      WORKERS.add(t);
      workerSnapshot = WORKERS.toArray(new Thread[0]);
      t.start();
    }
  }

  /** A worker's body; a class, not a method reference, which would bootstrap on the first PARALLEL call. */
  private static final class WorkerLoop implements Runnable {
    @Override
    public void run() {
      workerLoop();
    }
  }

  private static void workerLoop() {
    long idleSince = System.nanoTime();
    while (true) {
      Job j = QUEUE.peek();
      if (j == null) {
        if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.yield();
        } else {
          LockSupport.park(WorkerPool.class);
          idleSince = System.nanoTime();
        }
        continue;
      }
      if (j.exhausted() || j.participants.incrementAndGet() > j.maxParticipants) {
        QUEUE.remove(j); // nothing left to claim, or full: the threads in it finish it
        continue;
      }
      j.work();
      idleSince = System.nanoTime();
    }
  }

  private static final class Job {
    final RangeBody body;
    final long items;
    final long grain;
    final int maxParticipants;
    final Thread caller;
    final AtomicLong next = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicInteger participants = new AtomicInteger();
    volatile Throwable error;

    Job(RangeBody body, long items, long grain, int maxParticipants, Thread caller) {
      this.body = body;
      this.items = items;
      this.grain = grain;
      this.maxParticipants = maxParticipants;
      this.caller = caller;
    }

    boolean exhausted() {
      return next.get() >= items;
    }

    void work() {
      while (true) {
        long s = next.getAndAdd(grain);
        if (s >= items) {
          return;
        }
        long e = Math.min(items, s + grain);
        try {
          if (error == null) {
            body.run(s, e);
          }
        } catch (Throwable t) {
          fail(t);
        } finally {
          if (done.addAndGet(e - s) == items) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    private synchronized void fail(Throwable t) {
      if (error == null) {
        error = t; // chunks claimed after this are counted but skipped
      } else if (error != t) {
        error.addSuppressed(t);
      }
    }

    void awaitDone() {
      long start = System.nanoTime();
      while (done.get() < items) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.yield();
        } else {
          LockSupport.parkNanos(this, 200_000);
        }
      }
    }
  }
}
