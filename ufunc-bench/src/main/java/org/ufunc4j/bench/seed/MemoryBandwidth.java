package org.ufunc4j.bench.seed;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This machine's memory bandwidth, measured in Java the STREAM way, on 1 and 2 threads: copy
 * {@code b[i] = a[i]} and in-place {@code a[i] = a[i] * a[i]} count 16 bytes per element (one read,
 * one write, as STREAM counts them), read-only sum counts 8. Arrays are far larger than any cache
 * (512 MiB each at full size, 128 MiB for {@code --size small}); the best of the repetitions is
 * the floor, as STREAM reports it. The in-place array holds 1.0 so that squaring it again and
 * again neither underflows nor reaches subnormals, which some CPUs multiply slowly.
 */
public final class MemoryBandwidth {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  /** GB/s (10^9 bytes) per kind, index 0 = 1 thread, 1 = 2 threads. */
  public record Floors(double[] copy, double[] inPlace, double[] read, long elements, int repeats) {
    /** The bandwidth in GB/s that bounds a workload of this kind on this many threads. */
    public double forKind(Workload.Floor kind, int threads) {
      int t = Math.min(2, Math.max(1, threads)) - 1;
      return kind == Workload.Floor.IN_PLACE ? inPlace[t] : copy[t];
    }
  }

  private MemoryBandwidth() {}

  public static Floors measure(long elements, int repeats, Progress progress) throws InterruptedException {
    int n = Math.toIntExact(elements);
    double[] a = new double[n];
    double[] b = new double[n];
    Arrays.fill(a, 1.0);
    Arrays.fill(b, 1.0); // touch both before timing: first touch of fresh memory is not bandwidth
    double[] copy = new double[2];
    double[] inPlace = new double[2];
    double[] read = new double[2];
    double[] sink = new double[2];
    for (int t = 1; t <= 2; t++) {
      int threads = t;
      progress.show("bandwidth T" + t + ": copy");
      copy[t - 1] = best(16.0 * n, repeats, () -> Parallel.run(n, threads, (from, to) -> copy(a, b, from, to)));
      progress.show("bandwidth T" + t + ": in-place a = a*a");
      inPlace[t - 1] = best(16.0 * n, repeats, () -> Parallel.run(n, threads, (from, to) -> square(a, from, to)));
      progress.show("bandwidth T" + t + ": read-only sum");
      read[t - 1] = best(8.0 * n, repeats, () -> Parallel.run(n, threads, (from, to) -> {
        double s = sum(a, from, to);
        synchronized (sink) {
          sink[0] += s;
        }
      }));
    }
    // Every element is 1.0, so the sums are exact: 2 thread counts x (2 untimed + repeats) passes.
    if (sink[0] != (double) n * 2 * (repeats + 2)) {
      throw new IllegalStateException("bandwidth probe computed a wrong sum: " + sink[0]);
    }
    progress.line(String.format(
        "bandwidth (GB/s, T1/T2): copy %.1f/%.1f, in-place %.1f/%.1f, read %.1f/%.1f",
        copy[0], copy[1], inPlace[0], inPlace[1], read[0], read[1]));
    return new Floors(copy, inPlace, read, elements, repeats);
  }

  private interface Body {
    void run() throws InterruptedException;
  }

  /** Best-of GB/s after two untimed passes (JIT and page mapping). */
  private static double best(double bytes, int repeats, Body body) throws InterruptedException {
    body.run();
    body.run();
    long bestNs = Long.MAX_VALUE;
    for (int k = 0; k < repeats; k++) {
      long t0 = System.nanoTime();
      body.run();
      bestNs = Math.min(bestNs, System.nanoTime() - t0);
    }
    return bytes / bestNs; // bytes per ns = GB/s
  }

  // Plain loops: C2 vectorises copy and square by itself, as it would in a user's code.
  private static void copy(double[] a, double[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      b[i] = a[i];
    }
  }

  private static void square(double[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = a[i] * a[i];
    }
  }

  /**
   * A sum must be vectorised by hand: C2 keeps a scalar loop's additions in order, one add per
   * FP latency, far below the bus. Four accumulators hide the add latency.
   */
  private static double sum(double[] a, int from, int to) {
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = DoubleVector.zero(S);
    DoubleVector s2 = DoubleVector.zero(S);
    DoubleVector s3 = DoubleVector.zero(S);
    int l = S.length();
    int i = from;
    int bound = from + (to - from) / (4 * l) * (4 * l);
    for (; i < bound; i += 4 * l) {
      s0 = s0.add(DoubleVector.fromArray(S, a, i));
      s1 = s1.add(DoubleVector.fromArray(S, a, i + l));
      s2 = s2.add(DoubleVector.fromArray(S, a, i + 2 * l));
      s3 = s3.add(DoubleVector.fromArray(S, a, i + 3 * l));
    }
    double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      s += a[i];
    }
    return s;
  }
}
