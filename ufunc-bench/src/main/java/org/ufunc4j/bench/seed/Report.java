package org.ufunc4j.bench.seed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The runner's three outputs from one set of results: the console table, the JSON file and
 * docs/benchmarks.md (from the template resource) with its SVG chart. Every number in them comes
 * from the run that produced the {@link Result}s.
 */
public final class Report {
  /** The chart's bar families, in order, with their colours. */
  static final List<String> FAMILIES = List.of("java-loop", "ufunc4j", "numpy", "numexpr", "numba");

  private static final Map<String, String> COLOURS = Map.of(
      "java-loop", "#9e9e9e", "ufunc4j", "#d62728", "numpy", "#1f77b4", "numexpr", "#2ca02c",
      "numba", "#ff7f0e");
  private static final Map<String, String> LABELS = Map.of(
      "java-loop", "plain Java loop", "ufunc4j", "ufunc4j", "numpy", "NumPy", "numexpr", "numexpr",
      "numba", "Numba");

  /** One workload's shape and results. */
  public record Entry(Workload workload, long[] shape, List<Result> results) {
    long size() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }

    /** The floor in ms on this many threads, or NaN without a bandwidth measurement. */
    double floorMs(MemoryBandwidth.Floors f, int threads) {
      if (f == null) {
        return Double.NaN;
      }
      double bytes = (double) size() * workload.bytesPerElement();
      return bytes / (f.forKind(workload.floor(), threads) * 1e6);
    }

    Result numpy() {
      return results.stream().filter(r -> r.family().equals("numpy") && r.timed()).findFirst().orElse(null);
    }

    /** The fastest timed variant of a family, or null. */
    Result best(String family) {
      return results.stream().filter(r -> r.family().equals(family) && r.timed())
          .min((a, b) -> Double.compare(a.median(), b.median())).orElse(null);
    }
  }

  private final String command;
  private final boolean small;
  private final String note;
  private final Map<String, String> machine;
  private final Map<String, Object> python;
  private final String pythonAbsent;
  private final MemoryBandwidth.Floors floors;
  private final List<Entry> entries;
  private final String date;

  public Report(String command, boolean small, String note, Map<String, String> machine,
      Map<String, Object> python, String pythonAbsent, MemoryBandwidth.Floors floors,
      List<Entry> entries, String date) {
    this.command = command;
    this.small = small;
    this.note = note;
    this.machine = machine;
    this.python = python;
    this.pythonAbsent = pythonAbsent;
    this.floors = floors;
    this.entries = entries;
    this.date = date;
  }

  // ------------------------------------------------------------------ console

  public String console() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%nseed workloads, %s size, medians of the timed repetitions (ms)%n",
        small ? "SMALL" : "full"));
    String fmt = "%-4s %-28s %-6s %2s %10s %10s %10s %9s %9s  %s%n";
    b.append(String.format(fmt, "id", "variant", "lang", "T", "min", "median", "max", "vsNumPy", "xFloor", "status"));
    for (Entry e : entries) {
      Result np = e.numpy();
      for (Result r : e.results()) {
        b.append(String.format(fmt, e.workload().id(), r.variant(), r.language(), r.threads(),
            ms(r.min()), ms(r.median()), ms(r.max()), ratio(np, r), floor(e, r),
            r.timed() ? "ok" : "NOT TIMED: " + r.error()));
      }
    }
    if (floors != null) {
      b.append(String.format("%nmemory bandwidth (GB/s, best of %d, %d MiB arrays): copy %.1f / %.1f,"
          + " in-place %.1f / %.1f, read %.1f / %.1f (T1 / T2)%n", floors.repeats(),
          floors.elements() * 8 >> 20, floors.copy()[0], floors.copy()[1], floors.inPlace()[0],
          floors.inPlace()[1], floors.read()[0], floors.read()[1]));
      b.append("vsNumPy = NumPy median / this median (above 1: faster than NumPy);"
          + " xFloor = median / bandwidth floor at the same thread count.\n");
    }
    if (python == null) {
      b.append("Python side not run: ").append(pythonAbsent).append('\n');
    }
    return b.toString();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : v >= 100 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ratio(Result numpy, Result r) {
    if (numpy == null || !r.timed()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fx", numpy.median() / r.median());
  }

  private String floor(Entry e, Result r) {
    double f = e.floorMs(floors, r.threads());
    if (Double.isNaN(f) || !r.timed()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", r.median() / f);
  }

  // ------------------------------------------------------------------ JSON

  public String json() {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"command\": ").append(Json.quote(command)).append(",\n");
    b.append("  \"date\": ").append(Json.quote(date)).append(",\n");
    b.append("  \"size\": ").append(Json.quote(small ? "small" : "full")).append(",\n");
    b.append("  \"note\": ").append(Json.quote(note)).append(",\n");
    b.append("  \"machine\": {");
    StringJoiner mj = new StringJoiner(", ");
    machine.forEach((k, v) -> mj.add(Json.quote(k) + ": " + Json.quote(v)));
    b.append(mj).append("},\n");
    b.append("  \"python\": ");
    if (python == null) {
      b.append("{\"absent\": ").append(Json.quote(pythonAbsent)).append("},\n");
    } else {
      StringJoiner pj = new StringJoiner(", ");
      python.forEach((k, v) -> pj.add(Json.quote(k) + ": " + Json.quote(v == null ? null : String.valueOf(v))));
      b.append('{').append(pj).append("},\n");
    }
    b.append("  \"bandwidth_gbps\": ");
    if (floors == null) {
      b.append("null,\n");
    } else {
      b.append(String.format(Locale.ROOT, "{\"copy\": [%s, %s], \"in_place\": [%s, %s], \"read\": [%s, %s],"
          + " \"array_mib\": %d, \"repeats\": %d},%n", Json.num(floors.copy()[0]), Json.num(floors.copy()[1]),
          Json.num(floors.inPlace()[0]), Json.num(floors.inPlace()[1]), Json.num(floors.read()[0]),
          Json.num(floors.read()[1]), floors.elements() * 8 >> 20, floors.repeats()));
    }
    b.append("  \"workloads\": [\n");
    StringJoiner wj = new StringJoiner(",\n");
    for (Entry e : entries) {
      StringBuilder w = new StringBuilder();
      w.append("    {\"id\": ").append(Json.quote(e.workload().id()));
      w.append(", \"description\": ").append(Json.quote(e.workload().description()));
      StringJoiner sh = new StringJoiner(", ", "[", "]");
      for (long s : e.shape()) {
        sh.add(Long.toString(s));
      }
      w.append(", \"shape\": ").append(sh);
      w.append(", \"rtol\": ").append(Json.num(e.workload().rtol()));
      w.append(", \"memory_bound\": ").append(e.workload().memoryBound());
      w.append(", \"floor_ms\": [").append(Json.num(e.floorMs(floors, 1))).append(", ")
          .append(Json.num(e.floorMs(floors, 2))).append("]");
      w.append(", \"results\": [\n");
      StringJoiner rj = new StringJoiner(",\n");
      for (Result r : e.results()) {
        StringJoiner tj = new StringJoiner(", ", "[", "]");
        for (double t : r.timesMs()) {
          tj.add(Json.num(t));
        }
        rj.add(String.format("      {\"variant\": %s, \"family\": %s, \"language\": %s, \"threads\": %d,"
            + " \"ok\": %s, \"error\": %s, \"min_ms\": %s, \"median_ms\": %s, \"max_ms\": %s, \"times_ms\": %s}",
            Json.quote(r.variant()), Json.quote(r.family()), Json.quote(r.language()), r.threads(), r.ok(),
            Json.quote(r.error()), Json.num(r.min()), Json.num(r.median()), Json.num(r.max()), tj));
      }
      w.append(rj).append("\n    ]}");
      wj.add(w);
    }
    b.append(wj).append("\n  ]\n}\n");
    return b.toString();
  }

  // ------------------------------------------------------------------ docs/benchmarks.md

  public String markdown(String svgName, String jsonName) throws IOException {
    String t;
    try (InputStream in = Report.class.getResourceAsStream("benchmarks.md.template")) {
      if (in == null) {
        throw new IOException("template benchmarks.md.template missing from the jar");
      }
      t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder kind = new StringBuilder();
    if (small) {
      kind.append("> **This is a `--size small` run**: arrays hold 1/16 to 1/64 of the elements of the WORKLOADS.md sizes, so the\n"
          + "> absolute times are not comparable with the baselines; the ratios measured side by side are what\n"
          + "> it shows.\n");
    }
    if (note != null && !note.isBlank()) {
      kind.append(kind.isEmpty() ? "" : ">\n").append("> ").append(note.strip()).append('\n');
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("KIND", kind.toString());
    vars.put("DATE", date);
    vars.put("COMMAND", command);
    vars.put("MACHINE", machineTable());
    vars.put("BANDWIDTH", bandwidthTable());
    vars.put("TABLE", resultTable());
    vars.put("RATIOS", ratioTable());
    vars.put("CHART", svgName);
    vars.put("JSON", jsonName);
    for (Map.Entry<String, String> v : vars.entrySet()) {
      t = t.replace("{{" + v.getKey() + "}}", v.getValue());
    }
    return t;
  }

  private String machineTable() {
    StringBuilder b = new StringBuilder("| what | value |\n|---|---|\n");
    machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    if (python == null) {
      b.append("| python | not run: ").append(pythonAbsent).append(" |\n");
    } else {
      python.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v == null ? "not installed" : v)
          .append(" |\n"));
    }
    return b.toString();
  }

  private String bandwidthTable() {
    if (floors == null) {
      return "(not measured in this run: `--no-bandwidth`)\n";
    }
    return String.format(Locale.ROOT, "| kind | T1 GB/s | T2 GB/s |%n|---|---|---|%n"
        + "| copy `b[i] = a[i]` (16 B/element) | %.1f | %.1f |%n"
        + "| in-place `a[i] = a[i]*a[i]` (16 B/element) | %.1f | %.1f |%n"
        + "| read-only sum (8 B/element) | %.1f | %.1f |%n%n"
        + "Best of %d passes over %d MiB arrays, in Java (plain loops; the sum with the Vector API).%n",
        floors.copy()[0], floors.copy()[1], floors.inPlace()[0], floors.inPlace()[1], floors.read()[0],
        floors.read()[1], floors.repeats(), floors.elements() * 8 >> 20);
  }

  private String resultTable() {
    StringBuilder b = new StringBuilder(
        "| id | shape | variant | T | min ms | median ms | max ms | vs NumPy | x floor |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (Entry e : entries) {
      Result np = e.numpy();
      for (Result r : e.results()) {
        b.append(String.format("| %s | %s | %s | %d | %s | %s | %s | %s | %s |%n", e.workload().id(),
            shapeString(e.shape()), r.timed() ? r.variant() : r.variant() + " (not timed: " + r.error() + ")",
            r.threads(), ms(r.min()), r.timed() ? "**" + ms(r.median()) + "**" : "-", ms(r.max()),
            ratio(np, r), floor(e, r)));
      }
    }
    return b.toString();
  }

  private String ratioTable() {
    StringBuilder b = new StringBuilder("| id | what | NumPy ms |");
    List<String> others = List.of("java-loop", "ufunc4j", "numexpr", "numba");
    for (String f : others) {
      b.append(" best ").append(LABELS.get(f)).append(" |");
    }
    b.append(" floor T1 / T2 ms |\n|---|---|---|---|---|---|---|---|\n");
    for (Entry e : entries) {
      Result np = e.numpy();
      b.append("| ").append(e.workload().id()).append(" | ").append(e.workload().description()).append(" | ")
          .append(np == null ? "-" : ms(np.median())).append(" |");
      for (String f : others) {
        Result r = e.best(f);
        b.append(' ').append(r == null ? "-" : ms(r.median()) + " (" + r.variant() + ", " + ratio(np, r) + ")")
            .append(" |");
      }
      b.append(' ').append(ms(e.floorMs(floors, 1))).append(" / ").append(ms(e.floorMs(floors, 2)))
          .append(e.workload().memoryBound() ? " (memory-bound)" : "").append(" |\n");
    }
    return b.toString();
  }

  private static String shapeString(long[] shape) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (long s : shape) {
      j.add(Long.toString(s));
    }
    return j.toString();
  }

  // ------------------------------------------------------------------ SVG

  /**
   * Horizontal bars, one group per workload, one bar per family (its fastest variant's median),
   * on a log-scale time axis: the workloads span three decades, and equal ratios get equal lengths.
   */
  public String svg() {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    int bars = 0;
    for (Entry e : entries) {
      for (String f : FAMILIES) {
        Result r = e.best(f);
        if (r != null) {
          lo = Math.min(lo, r.median());
          hi = Math.max(hi, r.median());
          bars++;
        }
      }
    }
    int left = 70;
    int right = 150;
    int width = 860;
    int plotW = width - left - right;
    int barH = 13;
    int gap = 3;
    int groupGap = 14;
    int top = 58;
    int height = top + bars * (barH + gap) + entries.size() * groupGap + 40;
    StringBuilder s = new StringBuilder();
    s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
        + " font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
    s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    s.append(String.format("<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">Seed workloads%s:"
        + " fastest variant per library, median ms (log scale, shorter is faster)</text>%n", left,
        small ? " (SMALL size)" : ""));
    int lx = left;
    for (String f : FAMILIES) {
      boolean present = entries.stream().anyMatch(e -> e.best(f) != null);
      String label = LABELS.get(f) + (present ? "" : " (no results in this run)");
      s.append(String.format("<rect x=\"%d\" y=\"26\" width=\"11\" height=\"11\" fill=\"%s\"%s/>"
          + "<text x=\"%d\" y=\"35\"%s>%s</text>%n", lx, COLOURS.get(f), present ? "" : " opacity=\"0.3\"",
          lx + 15, present ? "" : " fill=\"#888\"", label));
      lx += 30 + 7 * label.length();
    }
    if (bars == 0) {
      s.append(String.format("<text x=\"%d\" y=\"%d\">no timed results</text>%n", left, top + 20));
      return s.append("</svg>\n").toString();
    }
    double dlo = Math.floor(Math.log10(lo));
    double dhi = Math.ceil(Math.log10(hi));
    if (dhi <= dlo) {
      dhi = dlo + 1;
    }
    double span = dhi - dlo;
    int plotBottom = height - 30;
    for (int d = (int) dlo; d <= (int) dhi; d++) {
      double x = left + (d - dlo) / span * plotW;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, top - 6, x, plotBottom, x,
          plotBottom + 14, decade(d)));
    }
    s.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">ms</text>%n", left + plotW / 2,
        plotBottom + 27));
    int y = top;
    for (Entry e : entries) {
      int groupTop = y;
      List<String> present = new ArrayList<>();
      for (String f : FAMILIES) {
        Result r = e.best(f);
        if (r == null) {
          continue;
        }
        present.add(f);
        double w = Math.max(1, (Math.log10(r.median()) - dlo) / span * plotW);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
            + "<title>%s %s: %s ms</title></rect>%n", left, y, w, barH, COLOURS.get(f), e.workload().id(),
            esc(r.variant()), ms(r.median())));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s ms (%s)</text>%n", left + w + 4,
            y + barH - 3, ms(r.median()), esc(r.variant())));
        y += barH + gap;
      }
      if (!present.isEmpty()) {
        s.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%s</text>%n",
            left - 8, (groupTop + y) / 2 + 4, e.workload().id()));
      }
      y += groupGap;
    }
    return s.append("</svg>\n").toString();
  }

  private static String decade(int d) {
    double v = Math.pow(10, d);
    return d >= 0 ? String.format("%d", (long) v) : String.format(Locale.ROOT, "%s", v);
  }

  private static String esc(String v) {
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Writes {@code text} to {@code path}, creating its directory. */
  public static void write(Path path, String text) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }
}
