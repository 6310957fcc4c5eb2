package org.ufunc4j.bench.seed;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncCall;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.gufunc.F64Core;
import org.ufunc4j.gufunc.GUfunc;

/**
 * ufunc4j's implementations of the seed workloads, written with the public API the way
 * docs/guide.md shows it. Each workload gets "ufunc4j CPU", "ufunc4j PARALLEL T1" and "ufunc4j
 * PARALLEL T2". Ufuncs are built once, outside the timed kernels. Outputs are allocated on the
 * first call and reused (as numexpr's {@code out=} and the issues' "out preallocated"); W2 writes
 * into its input; W2n allocates a new array per call, as its definition says.
 */
final class UfuncVariants {
  private UfuncVariants() {}

  // W1 / W1d: density contrast; the mean is a weak Java scalar, so float32 stays float32.
  static final Ufunc CONTRAST =
      Ufunc.vectorize(List.of("float32(float32, float32)", "float64(float64, float64)"),
          (r, m) -> {
            double t = r / m - 1;
            return Math.exp(t * t);
          });

  // W3: many ops in one pass.
  static final Ufunc MANY_OPS =
      Ufunc.vectorize(List.of("float32(float32)", "float64(float64)"),
          r -> Math.sqrt(Math.sin(r * r) + Math.cos(r * r * r)));

  // W5: the seed's @vectorize example.
  static final Ufunc VEC_OP =
      Ufunc.vectorize("float64(float64, float64)", (a, b) -> {
        double s = Math.sin(Math.pow(a, b));
        return s * s;
      });

  // W6: the seed's guvectorize example with both layouts, as a plain scalar loop over core views
  // (Numba's kernel, line for line) and as a kernel that applies a ufunc to its core views.
  static final GUfunc POW_ROWS_LOOP = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
      core -> {
        F64Core a = core.f64(0);
        F64Core b = core.f64(1);
        F64Core c = core.f64(2);
        for (long j = 0; j < a.size(0); j++) {
          c.set(Math.pow(a.get(j), b.get(j)), j);
        }
      });
  static final GUfunc POW_BLOCK_LOOP = GUfunc.guvectorize("void(float64[:,:], float64[:,:], float64[:,:])", "(nx,ny),(nx,ny)->(nx,ny)",
      core -> {
        F64Core a = core.f64(0);
        F64Core b = core.f64(1);
        F64Core c = core.f64(2);
        for (long i = 0; i < a.size(0); i++) {
          for (long j = 0; j < a.size(1); j++) {
            c.set(Math.pow(a.get(i, j), b.get(i, j)), i, j);
          }
        }
      }).parallelOver("nx");
  // The (ny) kernel that applies a ufunc, declared elementwise along ny: contiguous rows are joined
  // into one call (cut into pieces on PARALLEL); the same kernel undeclared runs one call per row.
  static final GUfunc POW_ROWS_UFUNC_PER_ROW = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
      core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()));
  static final GUfunc POW_ROWS_UFUNC = POW_ROWS_UFUNC_PER_ROW.parallelOver("ny");
  static final GUfunc POW_BLOCK_UFUNC = GUfunc.guvectorize("void(float64[:,:], float64[:,:], float64[:,:])", "(nx,ny),(nx,ny)->(nx,ny)",
      core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()))
      .parallelOver("nx");

  /** Adds the ufunc4j variants to the workloads (keys W1, W1d, W2, W2n, W3, W5, W6). */
  static void register(Map<String, Workload> byId) {
    addWithOut(byId.get("W1"), (call, in) -> call.apply(in.array("rho"), in.scalar("rho_mean")), CONTRAST, DType.FLOAT32, "rho");
    addWithOut(byId.get("W1d"), (call, in) -> call.apply(in.array("rho"), in.scalar("rho_mean")), CONTRAST, DType.FLOAT64, "rho");
    addWithOut(byId.get("W3"), (call, in) -> call.apply(in.array("rho")), MANY_OPS, DType.FLOAT32, "rho");
    addWithOut(byId.get("W5"), (call, in) -> call.apply(in.array("a"), in.array("b")), VEC_OP, DType.FLOAT64, "a");
    Workload w6 = byId.get("W6");
    String[][] gufuncs = {{"(ny) loop", "rows-loop"}, {"(nx,ny) loop", "block-loop"}, {"(ny) ufunc", "rows-ufunc"},
        {"(ny) ufunc per row", "rows-ufunc-per-row"}, {"(nx,ny) ufunc", "block-ufunc"}};
    GUfunc[] gs = {POW_ROWS_LOOP, POW_BLOCK_LOOP, POW_ROWS_UFUNC, POW_ROWS_UFUNC_PER_ROW, POW_BLOCK_UFUNC};
    for (int k = 0; k < gs.length; k++) {
      GUfunc g = gs[k];
      String label = gufuncs[k][0];
      for (Target target : new Target[] {Target.CPU, Target.PARALLEL}) {
        for (int t = 1; t <= (target == Target.CPU ? 1 : 2); t++) {
          org.ufunc4j.gufunc.GUfuncCall call = g.target(target).threads(t);
          w6.add(Variant.of(name(target, t) + " " + label, "ufunc4j", t, in -> {
            NDArray a = in.array("a");
            return call.out(outLike(DType.FLOAT64, a.shape())).apply(a, in.array("b"));
          }));
        }
      }
    }
    Workload w2 = byId.get("W2");
    Workload w2n = byId.get("W2n");
    for (Target target : new Target[] {Target.CPU, Target.PARALLEL}) {
      for (int t = 1; t <= (target == Target.CPU ? 1 : 2); t++) {
        String name = name(target, t);
        UfuncCall square = Ufuncs.square.target(target).threads(t);
        w2.add(Variant.of(name, "ufunc4j", t, in -> {
          NDArray rho = in.array("rho");
          return square.out(rho).apply(rho); // rho **= 2, in place
        }));
        w2n.add(Variant.of(name, "ufunc4j", t, in -> square.apply(in.array("rho"))));
      }
    }
  }

  // One output buffer for all variants, replaced when the dtype or shape changes: workloads run
  // one after another, so at most one full-size output is alive (per-variant buffers of 512 MiB
  // to 1 GiB each exhausted the machine's memory next to the Python process).
  private static NDArray sharedOut;

  private static synchronized NDArray outLike(DType type, long[] shape) {
    if (sharedOut == null || sharedOut.dtype() != type || !java.util.Arrays.equals(sharedOut.shape(), shape)) {
      sharedOut = null; // let the old one go before allocating the new one
      sharedOut = NDArray.zeros(type, shape);
    }
    return sharedOut;
  }

  private static String name(Target target, int threads) {
    return target == Target.CPU ? "ufunc4j CPU" : "ufunc4j PARALLEL T" + threads;
  }

  /** CPU, PARALLEL T1 and T2 variants of {@code call}, each with its own reused output. */
  private static void addWithOut(Workload w, BiFunction<UfuncCall, Inputs, NDArray> call, Ufunc u, DType type, String like) {
    for (Target target : new Target[] {Target.CPU, Target.PARALLEL}) {
      for (int t = 1; t <= (target == Target.CPU ? 1 : 2); t++) {
        UfuncCall base = u.target(target).threads(t);
        w.add(Variant.of(name(target, t), "ufunc4j", t,
            in -> call.apply(base.out(outLike(type, in.array(like).shape())), in)));
      }
    }
  }
}
