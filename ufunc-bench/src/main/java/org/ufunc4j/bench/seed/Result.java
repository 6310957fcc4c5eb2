package org.ufunc4j.bench.seed;

import java.util.Arrays;

/**
 * The outcome of one variant of one workload: verified or not, and the wall times of the timed
 * repetitions. A variant that failed verification has no times: it is reported, never timed.
 *
 * @param workload e.g. "W1"
 * @param variant e.g. "java-loop T2", "NumPy", "Numba parallel T2"
 * @param family java-loop, ufunc4j, numpy, numexpr or numba
 * @param threads cores the variant may use
 * @param language "java" or "python"
 * @param ok verified against the reference
 * @param error why it is not ok, or null
 * @param timesMs the timed repetitions in milliseconds (empty when not ok)
 */
public record Result(
    String workload,
    String variant,
    String family,
    int threads,
    String language,
    boolean ok,
    String error,
    double[] timesMs) {

  public double min() {
    return timesMs.length == 0 ? Double.NaN : Arrays.stream(timesMs).min().getAsDouble();
  }

  public double max() {
    return timesMs.length == 0 ? Double.NaN : Arrays.stream(timesMs).max().getAsDouble();
  }

  /** The median; for an even count the mean of the middle two. */
  public double median() {
    if (timesMs.length == 0) {
      return Double.NaN;
    }
    double[] s = timesMs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public boolean timed() {
    return ok && timesMs.length > 0;
  }
}
