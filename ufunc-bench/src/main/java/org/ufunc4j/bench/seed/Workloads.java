package org.ufunc4j.bench.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * The seed workloads of WORKLOADS.md that exist now (W1, W1d, W2, W2n, W3, W5, W6) with their
 * plain-Java loop variants. W4, W7 and W8 join when reductions and native functions exist.
 *
 * <p>Seeds are the ones the baselines used: W1 = W1d = 1, W2 = W2n = 2, W3 = 3, and W5 and W6
 * share the (4096, 4096) float64 array with seed 4, with {@code b = 2a} as in the tutorial (built
 * before timing, on both the Java and the Python side). Small sizes keep each array a few MiB to
 * tens of MiB so a quick run costs seconds, not minutes, on a shared 2-core machine; the
 * memory-bound W2 and W2n keep 128 MiB arrays (as the bandwidth probe's) so that caches do not
 * flatter them.
 */
public final class Workloads {
  private Workloads() {}

  /** All workloads in WORKLOADS.md order, with the java-loop variants and the ufunc4j ones. */
  public static Map<String, Workload> all() {
    Map<String, Workload> m = new LinkedHashMap<>();
    for (Workload w : List.of(w1(), w1d(), w2(), w2n(), w3(), w5(), w6())) {
      m.put(w.id(), w);
    }
    UfuncVariants.register(m);
    return m;
  }

  // ------------------------------------------------------------------ definitions

  static Workload w1() {
    // float32 result checked against a float64 reference: rho/rho_mean rounds in float32
    // (error up to ~1.2e-7 in t), exp adds its own ulp; 1e-6 is about 8 float32 ulps.
    return density("W1", "density contrast exp((rho/rho_mean - 1)^2), float32", DType.FLOAT32, 1e-6, 8, Workloads::w1Loop);
  }

  static Workload w1d() {
    return density("W1d", "density contrast in float64 (the upcast the seed warns about)", DType.FLOAT64, 1e-12, 16,
        Workloads::w1dLoop);
  }

  /** W1 and W1d: the same density contrast in float32 or float64, with its plain-loop variants. */
  private static Workload density(String id, String what, DType type, double tolerance, int bytesPerElement, Variant.Kernel loop) {
    Workload w =
        new Workload(
            id, what,
            new long[] {512, 512, 512}, new long[] {128, 128, 128}, 1, type,
            shape -> densityInputs(type, shape),
            (in, i) -> {
              double t = at(in.pristine("rho"), i) / in.scalar("rho_mean") - 1;
              return Math.exp(t * t);
            },
            tolerance, 0, false, Workload.Floor.COPY, bytesPerElement, false);
    for (int t = 1; t <= 2; t++) {
      w.add(Variant.of("java-loop T" + t, "java-loop", t, loop));
    }
    return w;
  }

  static Workload w2() {
    Workload w =
        new Workload(
            "W2", "square in place rho = rho^2, float64",
            new long[] {768, 768, 768}, new long[] {256, 256, 256}, 2, DType.FLOAT64,
            shape -> new Inputs().mutableArray("rho", NDArray.random(DType.FLOAT64, 2, shape)),
            (in, i) -> {
              double r = at(in.pristine("rho"), i);
              return r * r;
            },
            0, 0, true, Workload.Floor.IN_PLACE, 16, true); // a correctly rounded product: exact
    for (int t = 1; t <= 2; t++) {
      w.add(
          Variant.of(
              "java-loop T" + t, "java-loop", t,
              in -> {
                double[] r = in.doubles("rho");
                Parallel.run(r.length, in.threads(), (from, to) -> {
                  for (int i = from; i < to; i++) {
                    r[i] = r[i] * r[i];
                  }
                });
                return in.array("rho");
              }));
    }
    return w;
  }

  static Workload w2n() {
    Workload w =
        new Workload(
            "W2n", "square into a new array rho^2, float64",
            new long[] {768, 768, 768}, new long[] {256, 256, 256}, 2, DType.FLOAT64,
            shape -> new Inputs().array("rho", NDArray.random(DType.FLOAT64, 2, shape)),
            (in, i) -> {
              double r = at(in.pristine("rho"), i);
              return r * r;
            },
            0, 0, false, Workload.Floor.COPY, 16, true);
    for (int t = 1; t <= 2; t++) {
      w.add(
          Variant.of(
              "java-loop T" + t, "java-loop", t,
              in -> {
                double[] r = in.doubles("rho");
                double[] out = new double[r.length];
                Parallel.run(r.length, in.threads(), (from, to) -> {
                  for (int i = from; i < to; i++) {
                    out[i] = r[i] * r[i];
                  }
                });
                return NDArray.of(out, in.array("rho").shape());
              }));
    }
    return w;
  }

  static Workload w3() {
    Workload w =
        new Workload(
            "W3", "many ops (sin(rho^2) + cos(rho^3))^0.5, float32",
            new long[] {512, 512, 512}, new long[] {128, 128, 128}, 3, DType.FLOAT32,
            shape -> new Inputs().array("rho", NDArray.random(DType.FLOAT32, 3, shape)),
            (in, i) -> {
              double r = at(in.pristine("rho"), i);
              return Math.sqrt(Math.sin(r * r) + Math.cos(r * r * r));
            },
            // rho^2 and rho^3 round in float32 before sin/cos; the sum is >= cos(1) > 0.5, so no
            // cancellation: a few float32 ulps.
            2e-6, 0, false, Workload.Floor.COPY, 8, false);
    for (int t = 1; t <= 2; t++) {
      w.add(
          Variant.of(
              "java-loop T" + t, "java-loop", t,
              in -> {
                float[] r = in.floats("rho");
                float[] out = new float[r.length];
                Parallel.run(r.length, in.threads(), (from, to) -> {
                  for (int i = from; i < to; i++) {
                    float x = r[i];
                    float x2 = x * x;
                    out[i] = (float) Math.sqrt((float) Math.sin(x2) + (float) Math.cos(x2 * x));
                  }
                });
                return NDArray.of(out, in.array("rho").shape());
              }));
    }
    return w;
  }

  static Workload w5() {
    Workload w =
        new Workload(
            "W5", "vectorize sin(a^b)^2, b = 2a, float64",
            new long[] {4096, 4096}, new long[] {1024, 1024}, 4, DType.FLOAT64,
            Workloads::powInputs,
            (in, i) -> {
              double a = at(in.pristine("a"), i);
              double s = Math.sin(Math.pow(a, 2 * a));
              return s * s;
            },
            1e-12, 0, false, Workload.Floor.COPY, 24, false);
    for (int t = 1; t <= 2; t++) {
      w.add(
          Variant.of(
              "java-loop T" + t, "java-loop", t,
              in -> {
                double[] a = in.doubles("a");
                double[] b = in.doubles("b");
                double[] c = new double[a.length];
                Parallel.run(a.length, in.threads(), (from, to) -> {
                  for (int i = from; i < to; i++) {
                    double s = Math.sin(Math.pow(a[i], b[i]));
                    c[i] = s * s;
                  }
                });
                return NDArray.of(c, in.array("a").shape());
              }));
    }
    return w;
  }

  static Workload w6() {
    Workload w =
        new Workload(
            "W6", "guvectorize c = a^b, b = 2a, float64 ((nx,ny) and (ny) layouts compute the same)",
            new long[] {4096, 4096}, new long[] {1024, 1024}, 4, DType.FLOAT64,
            Workloads::powInputs,
            (in, i) -> {
              double a = at(in.pristine("a"), i);
              return Math.pow(a, 2 * a);
            },
            1e-13, 0, false, Workload.Floor.COPY, 24, false);
    for (int t = 1; t <= 2; t++) {
      w.add(
          Variant.of(
              "java-loop T" + t, "java-loop", t,
              in -> {
                double[] a = in.doubles("a");
                double[] b = in.doubles("b");
                double[] c = new double[a.length];
                Parallel.run(a.length, in.threads(), (from, to) -> {
                  for (int i = from; i < to; i++) {
                    c[i] = Math.pow(a[i], b[i]);
                  }
                });
                return NDArray.of(c, in.array("a").shape());
              }));
    }
    return w;
  }

  // ------------------------------------------------------------------ helpers

  private static NDArray w1Loop(Inputs in) throws InterruptedException {
    float[] r = in.floats("rho");
    float m = (float) in.scalar("rho_mean");
    float[] out = new float[r.length];
    Parallel.run(r.length, in.threads(), (from, to) -> {
      for (int i = from; i < to; i++) {
        float t = r[i] / m - 1f; // float32 throughout, as NumPy computes it
        out[i] = (float) Math.exp(t * t);
      }
    });
    return NDArray.of(out, in.array("rho").shape());
  }

  private static NDArray w1dLoop(Inputs in) throws InterruptedException {
    double[] r = in.doubles("rho");
    double m = in.scalar("rho_mean");
    double[] out = new double[r.length];
    Parallel.run(r.length, in.threads(), (from, to) -> {
      for (int i = from; i < to; i++) {
        double t = r[i] / m - 1;
        out[i] = Math.exp(t * t);
      }
    });
    return NDArray.of(out, in.array("rho").shape());
  }

  /**
   * rho and rho_mean = the float64 mean, rounded to the array's type (the tutorial's
   * {@code rho.mean(dtype=np.float64).astype(np.float32)}). For float32 the float64 sum is exact
   * in any order (every value is k * 2^-24 with k < 2^24, so every partial sum of up to 2^27 values
   * is an integer times 2^-24 below 2^51), hence bit-identical with NumPy's pairwise sum.
   */
  private static Inputs densityInputs(DType type, long[] shape) {
    NDArray rho = NDArray.random(type, 1, shape);
    double sum = 0;
    Object arr = rho.heapArray();
    if (arr instanceof float[] f) {
      for (float v : f) {
        sum += v;
      }
    } else {
      for (double v : (double[]) arr) {
        sum += v;
      }
    }
    double mean = sum / rho.size();
    return new Inputs().array("rho", rho).scalar("rho_mean", type == DType.FLOAT32 ? (float) mean : mean);
  }

  private static Inputs powInputs(long[] shape) {
    NDArray a = NDArray.random(DType.FLOAT64, 4, shape);
    double[] av = (double[]) a.heapArray();
    double[] bv = new double[av.length];
    for (int i = 0; i < av.length; i++) {
      bv[i] = 2 * av[i]; // exact, as NumPy's 2 * a
    }
    return new Inputs().array("a", a).array("b", NDArray.of(bv, shape));
  }

  /** Element i (C order) of a contiguous heap input, widened to double. */
  static double at(NDArray a, long i) {
    Object arr = a.heapArray();
    if (arr instanceof double[] d) {
      return d[(int) i];
    }
    if (arr instanceof float[] f) {
      return f[(int) i];
    }
    throw new IllegalStateException("inputs are heap float32/float64 arrays");
  }

  /** Names of the workloads in order, for the usage text. */
  static List<String> ids() {
    return new ArrayList<>(all().keySet());
  }
}
