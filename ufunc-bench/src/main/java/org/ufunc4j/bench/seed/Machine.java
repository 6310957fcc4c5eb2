package org.ufunc4j.bench.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;

/** What the numbers were measured on: CPU, cores, memory, JDK, vector width and load. */
public final class Machine {
  private Machine() {}

  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    List<String> cpuinfo = lines("/proc/cpuinfo");
    m.put("cpu", cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(System.getProperty("os.arch")));
    String flags = cpuinfo.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
    m.put("simd flags", flags.contains(" avx512f") ? "avx512f" + (flags.contains(" avx512dq") ? " avx512dq" : "")
        : flags.contains(" avx2") ? "avx2" : "(none of avx2/avx512f seen)");
    m.put("cores (availableProcessors)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("memory", lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal")).findFirst()
        .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("?"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("jdk", Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")");
    m.put("vector width (DoubleVector.SPECIES_PREFERRED)", DoubleVector.SPECIES_PREFERRED.vectorBitSize() + " bits");
    m.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    List<String> load = lines("/proc/loadavg");
    // /proc/loadavg: the 1, 5 and 15 minute averages first (the machine may be shared).
    m.put("load average at start (1, 5, 15 min)", load.isEmpty() ? "?"
        : String.join(" ", java.util.Arrays.asList(load.get(0).split(" ")).subList(0, 3)));
    return m;
  }

  private static List<String> lines(String path) {
    try {
      return Files.readAllLines(Path.of(path));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
