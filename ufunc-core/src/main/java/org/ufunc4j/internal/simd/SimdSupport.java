package org.ufunc4j.internal.simd;

/**
 * Decides once whether the SIMD tier may run, with Lucene's gates: not disabled with {@code
 * -Dufunc.simd=off}; the {@code jdk.incubator.vector} module present (in the boot layer, or
 * readable from ufunc4j's module); C2 available (not {@code -Xint}, not {@code
 * -XX:TieredStopAtLevel} below 4: without C2 the Vector API runs as slow Java emulation); a
 * preferred vector shape of at least 128 bits. When a gate fails, one line is logged saying what
 * to change. No class of this package touches Vector API types, so it loads without the module.
 */
public final class SimdSupport {
  private static final String REASON;
  private static final int BITS;

  static {
    String reason = null;
    int bits = 0;
    String prop = System.getProperty("ufunc.simd", "auto");
    if (prop.equalsIgnoreCase("off") || prop.equalsIgnoreCase("false")) {
      reason = "disabled by -Dufunc.simd=" + prop;
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason = "the jdk.incubator.vector module is not loaded: add --add-modules=jdk.incubator.vector to the java command";
    } else if (!c2Available()) {
      reason = "the C2 compiler is off (-Xint or -XX:TieredStopAtLevel < 4): the Vector API would run as slow emulation";
    } else {
      try {
        Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape");
        Object preferred = shape.getMethod("preferredShape").invoke(null);
        bits = (int) shape.getMethod("vectorBitSize").invoke(preferred);
        Module vector = shape.getModule();
        Module self = SimdSupport.class.getModule();
        if (self.isNamed() && !self.canRead(vector)) {
          self.addReads(vector);
        }
        if (bits < 128) {
          reason = "the preferred vector size is " + bits + " bits (at least 128 are needed)";
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        reason = "the Vector API could not be queried: " + e;
      }
    }
    REASON = reason;
    BITS = reason == null ? bits : 0;
    if (reason != null && !(prop.equalsIgnoreCase("off") || prop.equalsIgnoreCase("false"))) {
      // the logger only now: System.getLogger starts java.util.logging (~8 ms cold)
      System.getLogger("org.ufunc4j").log(System.Logger.Level.WARNING, "ufunc4j runs scalar loops only: " + reason);
    }
  }

  private SimdSupport() {}

  private static boolean c2Available() {
    java.util.List<String> args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String a : args) {
      if (a.equals("-Xint") || a.matches("-XX:TieredStopAtLevel=[0-3]") || a.equals("-XX:-UseCompiler")) {
        return false;
      }
    }
    return !System.getProperty("java.vm.info", "").contains("interpreted mode");
  }

  /** True when SIMD kernels may be generated and run. */
  public static boolean isEnabled() {
    return REASON == null;
  }

  /** Why SIMD is off, or null when it is on. */
  public static String disabledReason() {
    return REASON;
  }

  /** The preferred vector size in bits (0 when SIMD is off). */
  public static int vectorBits() {
    return BITS;
  }
}
