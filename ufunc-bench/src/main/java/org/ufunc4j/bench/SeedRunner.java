package org.ufunc4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ufunc4j.bench.seed.Harness;
import org.ufunc4j.bench.seed.Inputs;
import org.ufunc4j.bench.seed.MemoryBandwidth;
import org.ufunc4j.bench.seed.Progress;
import org.ufunc4j.bench.seed.PythonSide;
import org.ufunc4j.bench.seed.Report;
import org.ufunc4j.bench.seed.Result;
import org.ufunc4j.bench.seed.Workload;
import org.ufunc4j.bench.seed.Workloads;
import org.ufunc4j.bench.seed.Machine;

/**
 * The seed-workload runner: times the workloads of WORKLOADS.md in plain Java, in ufunc4j (when
 * its variants are registered in {@code UfuncVariants}) and, with {@code --python}, in NumPy,
 * numexpr and Numba on bit-identical inputs, next to this machine's memory bandwidth; prints a
 * table, writes {@code ufunc-bench/results/seed-*.json} and regenerates {@code docs/benchmarks.md}
 * with {@code docs/benchmarks.svg}.
 *
 * <p>Run: {@code ./ufunc4j bench [--size small] [--python[=/path/to/python3]]}; see {@code --help}.
 */
public final class SeedRunner {
  private SeedRunner() {}

  private static final String USAGE = """
      usage: ./ufunc4j bench [options]
        --size full|small   WORKLOADS.md sizes (default) or a quick look (1/16..1/64 of the elements)
        --only W1,W2,...    run only these workloads (%s)
        --warmup N          untimed calls after the verified one (default 3)
        --repeats N         timed calls; min/median/max are over these (default 5 full, 7 small)
        --python[=PATH]     also run the Python side (NumPy, numexpr, Numba) one process at a time;
                            PATH defaults to the first of python3, /usr/bin/python3 with NumPy
        --no-bandwidth      skip the memory-bandwidth probe (no x-floor column)
        --no-docs           do not rewrite docs/benchmarks.md and docs/benchmarks.svg
        --note TEXT         a line for the docs page, e.g. "shared machine: 3 builds running"
      """;

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (UsageException e) {
      System.err.println("seed runner: " + e.getMessage());
      System.exit(2);
    }
  }

  /** A bad command line: reported in one line with the usage, no stack trace. */
  private static final class UsageException extends IllegalArgumentException {
    UsageException(String msg) {
      super(msg);
    }
  }

  private static void run(String[] args) throws Exception {
    boolean small = false;
    boolean python = false;
    String pythonPath = null;
    boolean bandwidth = true;
    boolean docs = true;
    String note = null;
    Integer warmup = null;
    Integer repeats = null;
    List<String> only = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--size" -> {
          String v = value(args, ++i, a);
          if (!v.equals("small") && !v.equals("full")) {
            throw usage("--size takes small or full, not " + v);
          }
          small = v.equals("small");
        }
        case "--only" -> only = Arrays.asList(value(args, ++i, a).split(","));
        case "--warmup" -> warmup = count(value(args, ++i, a), a);
        case "--repeats" -> repeats = count(value(args, ++i, a), a);
        case "--python" -> python = true;
        case "--no-bandwidth" -> bandwidth = false;
        case "--no-docs" -> docs = false;
        case "--note" -> note = value(args, ++i, a);
        case "--help", "-h" -> {
          System.out.print(USAGE.formatted(String.join(", ", Workloads.all().keySet())));
          return;
        }
        default -> {
          if (a.startsWith("--python=")) {
            python = true;
            pythonPath = a.substring("--python=".length());
          } else if (a.startsWith("--size=")) {
            small = a.endsWith("=small");
          } else {
            throw usage("unknown option " + a);
          }
        }
      }
    }
    int w = warmup != null ? warmup : 3; // DESIGN.md: vector kernels reach steady state after ~4 calls
    int r = repeats != null ? repeats : small ? 7 : 5;
    if (r < 1) {
      throw usage("--repeats must be at least 1");
    }
    Map<String, Workload> all = Workloads.all();
    List<String> ids = only != null ? only : new ArrayList<>(all.keySet());
    for (String id : ids) {
      if (!all.containsKey(id)) {
        throw usage("unknown workload " + id + " (have " + String.join(", ", all.keySet())
            + "; W4, W7 and W8 join with reductions and native functions)");
      }
    }
    String command = "./ufunc4j bench" + (args.length == 0 ? "" : " " + String.join(" ", quoted(args)));
    Path root = repoRoot();
    Progress progress = new Progress();
    String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Map<String, String> machine = Machine.describe();
    progress.line("seed workloads, " + (small ? "small" : "full") + " size, warm-up " + w + ", repeats " + r
        + ", on " + machine.get("cpu") + " (" + machine.get("cores (availableProcessors)") + " cores)");

    PythonSide py = null;
    String pythonAbsent = "not requested (pass --python)";
    if (python) {
      py = PythonSide.find(pythonPath, root.resolve("ufunc-bench/python/seed_workloads.py"), progress);
      if (py == null) {
        pythonAbsent = "no python3 with NumPy found" + (pythonPath != null ? " at " + pythonPath : "");
      }
    }

    MemoryBandwidth.Floors floors = null;
    if (bandwidth) {
      floors = MemoryBandwidth.measure(small ? 1L << 24 : 1L << 26, 10, progress);
    }

    Harness harness = new Harness(w, r, progress);
    List<Report.Entry> entries = new ArrayList<>();
    for (String id : ids) {
      Workload wl = all.get(id);
      long[] shape = wl.shape(small);
      progress.show(id + ": building inputs " + Arrays.toString(shape) + " seed " + wl.seed());
      Inputs in = wl.buildInputs(shape);
      List<Result> results = new ArrayList<>(harness.run(wl, in));
      if (py != null) {
        System.gc(); // give the Java side's garbage back before Python allocates its own copies
        results.addAll(py.run(wl, in, shape, w, r));
      }
      entries.add(new Report.Entry(wl, shape, results));
      in = null;
      System.gc();
    }

    Report report = new Report(command, small, note, machine, py == null ? null : py.versions(),
        pythonAbsent, floors, entries, date);
    System.out.print(report.console());
    String stamp = date.replace(":", "").replace("-", "");
    Path json = root.resolve("ufunc-bench/results/seed-" + (small ? "small-" : "full-") + stamp + ".json");
    Report.write(json, report.json());
    Report.write(root.resolve("ufunc-bench/results/latest.json"), report.json());
    System.out.println("JSON: " + json);
    if (docs) {
      Report.write(root.resolve("docs/benchmarks.svg"), report.svg());
      Report.write(root.resolve("docs/benchmarks.md"), report.markdown("benchmarks.svg",
          root.relativize(json).toString()));
      System.out.println("docs: " + root.resolve("docs/benchmarks.md") + " and benchmarks.svg");
    }
  }

  /** The repository: benchmarks.jar sits in ufunc-bench/target; fall back to the working directory. */
  private static Path repoRoot() {
    try {
      Path p = Path.of(SeedRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path q = p; q != null; q = q.getParent()) {
        if (Files.isDirectory(q.resolve("ufunc-bench/python"))) {
          return q;
        }
      }
    } catch (Exception ignored) {
      // fall through: an unusual class loader
    }
    return Path.of("").toAbsolutePath();
  }

  private static List<String> quoted(String[] args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      out.add(a.matches("[A-Za-z0-9_./=,:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return out;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw usage(option + " needs a value");
    }
    return args[i];
  }

  private static int count(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw usage(option + " takes a count, not " + v);
  }

  private static UsageException usage(String msg) {
    System.err.print(USAGE.formatted(String.join(", ", Workloads.all().keySet())));
    return new UsageException(msg);
  }
}
