package org.ufunc4j.bench.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ufunc4j.NDArray;

/**
 * Runs the Java variants of a workload: one verified call first (no timing without a correct
 * result; it is also the first warm-up), then {@code warmup} untimed calls and {@code repeats}
 * timed ones. In-place workloads get their input restored before every call, untimed.
 */
public final class Harness {
  private final int warmup;
  private final int repeats;
  private final Progress progress;

  public Harness(int warmup, int repeats, Progress progress) {
    this.warmup = warmup;
    this.repeats = repeats;
    this.progress = progress;
  }

  public List<Result> run(Workload w, Inputs in) {
    List<Result> out = new ArrayList<>();
    for (Variant v : w.variants()) {
      out.add(run(w, in, v));
    }
    return out;
  }

  private Result run(Workload w, Inputs in, Variant v) {
    in.threads(v.threads());
    String label = w.id() + " " + v.name();
    try {
      progress.show(label + ": verifying");
      in.restore();
      NDArray r = v.kernel().run(in);
      String error = check(w, in, r);
      r = null; // drop the first result before timing: W2n's output is GiBs at full size
      if (error != null) {
        progress.line(label + ": WRONG RESULT, not timed: " + error);
        return new Result(w.id(), v.name(), v.family(), v.threads(), "java", false, error, new double[0]);
      }
      double[] times = new double[repeats];
      for (int k = 0; k < warmup + repeats; k++) {
        in.restore();
        long t0 = System.nanoTime();
        NDArray res = v.kernel().run(in);
        long t1 = System.nanoTime();
        if (res == null) {
          throw new IllegalStateException("variant returned null");
        }
        double ms = (t1 - t0) / 1e6;
        boolean warm = k < warmup;
        if (!warm) {
          times[k - warmup] = ms;
        }
        progress.show(String.format("%s: %s %d/%d %.2f ms", label, warm ? "warm-up" : "rep",
            warm ? k + 1 : k - warmup + 1, warm ? warmup : repeats, ms));
      }
      Result res = new Result(w.id(), v.name(), v.family(), v.threads(), "java", true, null, times);
      progress.line(String.format("%s: median %.2f ms (min %.2f, max %.2f)", label, res.median(),
          res.min(), res.max()));
      return res;
    } catch (Exception | OutOfMemoryError e) {
      progress.line(label + ": FAILED " + e);
      return new Result(w.id(), v.name(), v.family(), v.threads(), "java", false, String.valueOf(e),
          new double[0]);
    } finally {
      in.threads(1);
    }
  }

  /**
   * Null when {@code r} has the workload's dtype and shape and every element is within tolerance
   * of the reference; otherwise the first problem, with index, value and expected value.
   */
  static String check(Workload w, Inputs in, NDArray r) {
    if (r == null) {
      return "variant returned null";
    }
    if (r.dtype() != w.resultType()) {
      return "dtype " + r.dtype() + ", expected " + w.resultType();
    }
    NDArray first = in.array(in.arrayNames().iterator().next());
    if (w.inPlace() && !r.mayShareMemory(first)) {
      // W2 is about writing into rho: a correct result in a new array is a different workload.
      return "the result is not written into the input (an in-place workload)";
    }
    long[] shape = first.shape();
    if (!Arrays.equals(r.shape(), shape)) {
      return "shape " + NDArray.shapeString(r.shape()) + ", expected " + NDArray.shapeString(shape);
    }
    // Read through the backing array when the layout allows; otherwise a contiguous copy.
    NDArray flat = r.heapArray() != null && r.isContiguous() && r.offset() == 0 ? r : r.copy();
    Object arr = flat.heapArray();
    long n = r.size();
    for (long i = 0; i < n; i++) {
      double got = arr instanceof double[] d ? d[(int) i] : arr instanceof float[] f ? f[(int) i]
          : flat.ravel().getDouble(i);
      double want = w.reference().at(in, i);
      if (!close(got, want, w.rtol(), w.atol())) {
        return String.format("element %d is %s, reference %s (rtol %.1e, atol %.1e)", i, got, want,
            w.rtol(), w.atol());
      }
    }
    return null;
  }

  static boolean close(double got, double want, double rtol, double atol) {
    return Math.abs(got - want) <= atol + rtol * Math.abs(want); // false for NaN
  }
}
