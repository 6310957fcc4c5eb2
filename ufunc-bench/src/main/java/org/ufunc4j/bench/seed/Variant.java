package org.ufunc4j.bench.seed;

import org.ufunc4j.NDArray;

/**
 * One way to compute a workload: a plain Java loop, or (later) ufunc4j on the CPU or PARALLEL
 * target. {@code family} groups variants for the ratios and the chart ("java-loop", "ufunc4j");
 * {@code threads} is the number of cores it is allowed (1 or 2).
 *
 * @param name shown in the table, e.g. "ufunc4j PARALLEL T2"
 * @param family "java-loop" or "ufunc4j" (the Python side reports "numpy", "numexpr", "numba")
 * @param threads the cores the variant uses
 * @param kernel computes the result; it must return the output array (for W2, the input it wrote)
 */
public record Variant(String name, String family, int threads, Kernel kernel) {

  /** The computation under test. Everything it does is timed, including allocating the output. */
  @FunctionalInterface
  public interface Kernel {
    NDArray run(Inputs in) throws Exception;
  }

  public static Variant of(String name, String family, int threads, Kernel kernel) {
    return new Variant(name, family, threads, kernel);
  }
}
