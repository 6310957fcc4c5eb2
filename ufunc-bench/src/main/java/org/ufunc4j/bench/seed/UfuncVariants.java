package org.ufunc4j.bench.seed;

import java.util.Map;

/**
 * The one place where ufunc4j's own implementations of the workloads plug into the runner.
 *
 * <p>Each workload gets variants named "ufunc4j CPU", "ufunc4j PARALLEL T1" and "ufunc4j
 * PARALLEL T2" (family "ufunc4j"), written with the public API the way the guide shows it. A
 * variant receives the {@link Inputs} (the same NDArrays the java-loop variants use) and returns
 * the result array; the harness verifies it against the workload's reference before timing it,
 * so a wrong or upcast (float64 instead of float32) result is reported, never timed. Example, once
 * {@code Ufunc} exists (build the ufunc once, outside the kernel, so only calls are timed):
 *
 * <pre>{@code
 * Ufunc contrast = Ufunc.vectorize("float32(float32, float32)",
 *     (r, m) -> Math.exp((r / m - 1) * (r / m - 1)));
 * Workload w1 = byId.get("W1");
 * w1.add(Variant.of("ufunc4j CPU", "ufunc4j", 1,
 *     in -> contrast.apply(in.array("rho"), NDArray.scalar(DType.FLOAT32, in.scalar("rho_mean")))));
 * for (int t = 1; t <= 2; t++) {
 *   int threads = t;
 *   w1.add(Variant.of("ufunc4j PARALLEL T" + t, "ufunc4j", t,
 *       in -> contrast.target(Target.PARALLEL).threads(threads)
 *           .apply(in.array("rho"), NDArray.scalar(DType.FLOAT32, in.scalar("rho_mean")))));
 * }
 * // W2 writes into its input: return the array written, e.g.
 * //   in -> Ufuncs.square.out(in.array("rho")).apply(in.array("rho"))
 * // W6 with GUfunc, both layouts: "(nx,ny),(nx,ny)->(nx,ny)" and "(ny),(ny)->(ny)" on a and b.
 * }</pre>
 */
final class UfuncVariants {
  private UfuncVariants() {}

  /** Adds the ufunc4j variants to the workloads (keys W1, W1d, W2, W2n, W3, W5, W6). */
  static void register(Map<String, Workload> byId) {
    // The ufunc4j API (Ufunc, Ufuncs, GUfunc) is not merged yet: the lead adds the variants here.
  }
}
