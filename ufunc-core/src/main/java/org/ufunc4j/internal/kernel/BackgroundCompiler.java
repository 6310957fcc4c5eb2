package org.ufunc4j.internal.kernel;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread that generates kernels while tier 0 runs ({@link Loop}). One daemon thread: code
 * generation is short and mostly serial class loading, and a second thread would only compete
 * with the caller for the machine's cores. It ends after a second without work.
 */
final class BackgroundCompiler {
  /** False with {@code -Dufunc.backgroundCompile=false}: every kernel is generated on the caller. */
  static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("ufunc.backgroundCompile", "true").trim())
      && !"off".equalsIgnoreCase(System.getProperty("ufunc.backgroundCompile", "true").trim());

  private static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(
      1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DaemonThreads());

  /** A class, not a lambda: this loads during a new ufunc's first call, which should be short. */
  private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "ufunc4j-compiler");
      t.setDaemon(true);
      return t;
    }
  }

  static {
    EXECUTOR.allowCoreThreadTimeOut(true);
  }

  private BackgroundCompiler() {}

  static void submit(Runnable task) {
    EXECUTOR.execute(task);
  }
}
