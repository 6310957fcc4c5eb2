package org.ufunc4j.bench.seed;

import java.io.PrintStream;

/**
 * The progress line on stderr. On a terminal it rewrites one line in place ({@code \r}); when
 * stderr is a file or pipe (CI, {@code 2> log}) each step is its own line so the log stays
 * readable. stdout is kept for the result table.
 */
public final class Progress {
  private final PrintStream err = System.err;
  // Console.isTerminal (JDK 22+): System.console() alone is non-null even when redirected.
  private final boolean terminal = System.console() != null && System.console().isTerminal();
  private final long start = System.nanoTime();
  private int lastLength;

  /** A transient step (rewritten on a terminal). */
  public synchronized void show(String msg) {
    String s = stamp() + msg;
    if (terminal) {
      err.print("\r" + s + " ".repeat(Math.max(0, lastLength - s.length())));
      lastLength = s.length();
    } else {
      err.println(s);
    }
    err.flush();
  }

  /** A step worth keeping on screen (a finished variant, a warning). */
  public synchronized void line(String msg) {
    String s = stamp() + msg;
    if (terminal) {
      err.print("\r" + s + " ".repeat(Math.max(0, lastLength - s.length())) + "\n");
      lastLength = 0;
    } else {
      err.println(s);
    }
    err.flush();
  }

  private String stamp() {
    long s = (System.nanoTime() - start) / 1_000_000_000L;
    return String.format("[%3d:%02d] ", s / 60, s % 60);
  }
}
