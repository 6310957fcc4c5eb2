package org.ufunc4j.gufunc;

/** What {@link CoreLoop} calls for a run of outer iterations; each copy of {@link RowLoop} implements it. */
interface RowRunner {
  /** Iteration i of the run has views at {@code base + i * step} and outer index {@code firstIndex + i * indexStep}. */
  void run(CoreKernel kernel, Core core, CoreView[] views, long[] base, long[] step, long firstIndex, long indexStep, long count);
}
