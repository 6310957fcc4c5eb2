package org.ufunc4j.bench.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * Runs {@code ufunc-bench/python/seed_workloads.py} for one workload at a time (one process, while
 * the Java side idles, so the two never share the cores), then proves that Python built the same
 * inputs (raw bits at sample indices, and the scalars) and that each Python result agrees with the
 * Java reference at those indices. A Python variant that fails either check is reported untimed.
 */
public final class PythonSide {
  private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");
  private static final int SAMPLES = 64;

  private final String python;
  private final Path script;
  private final Map<String, Object> versions;
  private final Progress progress;

  private PythonSide(String python, Path script, Map<String, Object> versions, Progress progress) {
    this.python = python;
    this.script = script;
    this.versions = new java.util.LinkedHashMap<>(versions);
    this.progress = progress;
  }

  /**
   * The first interpreter (the one given, else python3, then /usr/bin/python3) that imports NumPy
   * and runs the script; null, with the reason on the progress stream, when there is none.
   */
  public static PythonSide find(String explicit, Path script, Progress progress) {
    List<String> tried = new ArrayList<>();
    for (String py : explicit != null ? List.of(explicit) : CANDIDATES) {
      try {
        Run r = exec(List.of(py, script.toString(), "--versions"), null);
        if (r.exit == 0) {
          @SuppressWarnings("unchecked")
          Map<String, Object> v = (Map<String, Object>) Json.parse(lastLine(r.stdout));
          progress.line("python: " + py + " " + v);
          if (v.get("numexpr") == null || v.get("numba") == null) {
            progress.line("python: numexpr or Numba missing, their variants are skipped"
                + " (pip install numexpr numba, or apt-get install python3-numexpr python3-numba)");
          }
          return new PythonSide(py, script, v, progress);
        }
        tried.add(py + " (" + firstLine(r.stderr) + ")");
      } catch (IOException | InterruptedException | RuntimeException e) {
        tried.add(py + " (" + e.getMessage() + ")");
      }
    }
    progress.line("python: no python with NumPy found, tried " + tried
        + "; running the Java side alone (pass --python=/path/to/python3)");
    return null;
  }

  public Map<String, Object> versions() {
    return versions;
  }

  public String python() {
    return python;
  }

  /** Runs the Python variants of {@code w} on the inputs {@code in} built for {@code shape}. */
  public List<Result> run(Workload w, Inputs in, long[] shape, int warmup, int repeats) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    long[] idx = sampleIndices(n);
    StringJoiner sj = new StringJoiner(",");
    for (long i : idx) {
      sj.add(Long.toString(i));
    }
    StringJoiner sh = new StringJoiner(",");
    for (long s : shape) {
      sh.add(Long.toString(s));
    }
    // Python checks its variants against NumPy with at least the Java tolerance (and 1e-12 for
    // exact Java workloads: NumPy's own a*a is exact too, but numexpr's pow path may not be).
    double rtol = Math.max(w.rtol(), 1e-12);
    List<String> cmd = List.of(python, script.toString(), "--workload", w.id(), "--shape", sh.toString(),
        "--seed", Long.toString(w.seed()), "--warmup", Integer.toString(warmup), "--repeats",
        Integer.toString(repeats), "--sample", sj.toString(), "--rtol", Double.toString(rtol),
        "--atol", Double.toString(w.atol()));
    List<Result> out = new ArrayList<>();
    Map<String, Object> json;
    try {
      Run r = exec(cmd, progress);
      if (r.exit != 0) {
        progress.line("python " + w.id() + ": exit " + r.exit + ": " + lastLine(r.stderr));
        return out;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = (Map<String, Object>) Json.parse(lastLine(r.stdout));
      json = parsed;
    } catch (IOException | InterruptedException | RuntimeException e) {
      progress.line("python " + w.id() + ": " + e);
      return out;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> v0 = (Map<String, Object>) json.get("versions");
    if (v0 != null && v0.get("numba threading layer") != null) {
      versions.put("numba threading layer", v0.get("numba threading layer")); // known after a parallel call
    }
    String inputError = checkInputs(in, json, idx);
    if (inputError != null) {
      progress.line("python " + w.id() + ": INPUTS DIFFER, Python results not used: " + inputError);
    } else {
      progress.line("python " + w.id() + ": inputs bit-identical at " + idx.length + " sampled indices"
          + (a32(in) || in.scalars().isEmpty() ? "" : " (float64 scalars within 1e-12)"));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> variants = (List<Map<String, Object>>) json.get("variants");
    for (Map<String, Object> v : variants) {
      String name = (String) v.get("name");
      String family = (String) v.get("family");
      int threads = ((Double) v.get("threads")).intValue();
      boolean ok = Boolean.TRUE.equals(v.get("ok"));
      String error = (String) v.get("error");
      if (ok && inputError != null) {
        ok = false;
        error = "inputs differ from Java's: " + inputError;
      }
      if (ok) {
        error = checkSamples(w, in, v, idx);
        ok = error == null;
      }
      double[] times = new double[0];
      if (ok) {
        @SuppressWarnings("unchecked")
        List<Object> t = (List<Object>) v.get("times_ms");
        times = t.stream().mapToDouble(x -> (Double) x).toArray();
      } else {
        progress.line("python " + w.id() + " " + name + ": not timed: " + error);
      }
      out.add(new Result(w.id(), name, family, threads, "python", ok, error, times));
    }
    return out;
  }

  /** 0, n-1 and indices drawn from the SplitMix64 stream (seed 7919): reproducible, spread out. */
  static long[] sampleIndices(long n) {
    int k = (int) Math.min(n, SAMPLES);
    long[] idx = new long[k];
    for (int j = 0; j < k; j++) {
      idx[j] = j == 0 ? 0 : j == 1 ? n - 1 : Long.remainderUnsigned(NDArray.splitMix64(7919, j), n);
    }
    return idx;
  }

  private static String checkInputs(Inputs in, Map<String, Object> json, long[] idx) {
    @SuppressWarnings("unchecked")
    Map<String, Object> arrays = (Map<String, Object>) json.get("inputs");
    for (Map.Entry<String, Object> e : arrays.entrySet()) {
      NDArray a = in.pristine(e.getKey());
      @SuppressWarnings("unchecked")
      List<Object> bits = (List<Object>) e.getValue();
      for (int j = 0; j < idx.length; j++) {
        double v = Workloads.at(a, idx[j]);
        String mine = a.dtype() == DType.FLOAT32
            ? Integer.toHexString(Float.floatToRawIntBits((float) v))
            : Long.toHexString(Double.doubleToRawLongBits(v));
        if (!mine.equals(bits.get(j))) {
          return e.getKey() + "[" + idx[j] + "] has bits " + bits.get(j) + ", Java " + mine;
        }
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> scalars = (Map<String, Object>) json.get("scalars");
    for (Map.Entry<String, Object> e : scalars.entrySet()) {
      double py = parseHex((String) e.getValue());
      double java = in.scalar(e.getKey());
      // W1's float32 mean is exact in any summation order and must match bit for bit. W1d's
      // float64 mean depends on the order of 2^27 additions (NumPy sums pairwise, Java in order):
      // measured 6e-14 apart at the small size, so 1e-12 relative is allowed for float64 scalars.
      boolean exact = a32(in);
      if (!(py == java || (!exact && Math.abs(py - java) <= 1e-12 * Math.abs(java)))) {
        return e.getKey() + " is " + py + " in Python, " + java + " in Java";
      }
    }
    return null;
  }

  /** True when the workload's arrays are float32: then its scalars are exact and must match bits. */
  private static boolean a32(Inputs in) {
    return in.arrayNames().stream().allMatch(n -> in.pristine(n).dtype() == DType.FLOAT32);
  }

  private static String checkSamples(Workload w, Inputs in, Map<String, Object> v, long[] idx) {
    @SuppressWarnings("unchecked")
    List<Object> samples = (List<Object>) v.get("samples");
    String dtype = (String) v.get("dtype");
    if (!w.resultType().toString().equalsIgnoreCase(dtype) && !w.resultType().name().equalsIgnoreCase(dtype)) {
      return "dtype " + dtype + ", expected " + w.resultType();
    }
    for (int j = 0; j < idx.length; j++) {
      double got = parseHex((String) samples.get(j));
      double want = w.reference().at(in, idx[j]);
      // Python's transcendentals are not Java's: allow the workload tolerance, at least 1e-12.
      if (!Harness.close(got, want, Math.max(w.rtol(), 1e-12), w.atol())) {
        return String.format("element %d is %s, Java reference %s", idx[j], got, want);
      }
    }
    return null;
  }

  /** Python's float.hex(): "0x1.8p+0", "inf", "-inf", "nan". */
  static double parseHex(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  private record Run(int exit, String stdout, String stderr) {}

  /**
   * Runs a command; its stderr lines go to the progress stream as they come. OPENBLAS_CORETYPE and
   * OPENBLAS_L2_SIZE are removed from its environment: they are set on some hosts for old OpenBLAS
   * builds and slow a current NumPy down.
   */
  private static Run exec(List<String> cmd, Progress progress) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("OPENBLAS_L2_SIZE");
    pb.environment().put("NUMBA_NUM_THREADS", "2");
    pb.environment().put("NUMEXPR_MAX_THREADS", "2");
    pb.environment().put("PYTHONUNBUFFERED", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    StringBuilder err = new StringBuilder();
    Thread errReader = Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (err) {
            err.append(line).append('\n');
          }
          if (progress != null) {
            progress.show(line);
          }
        }
      } catch (IOException ignored) {
        // the process ended; what was read is kept
      }
    });
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.HOURS)) {
      p.destroyForcibly();
    }
    errReader.join();
    synchronized (err) {
      return new Run(p.exitValue(), stdout, err.toString());
    }
  }

  private static String lastLine(String s) {
    String t = s.strip();
    int k = t.lastIndexOf('\n');
    return k < 0 ? t : t.substring(k + 1);
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int k = t.indexOf('\n');
    return k < 0 ? t : t.substring(0, k);
  }
}
