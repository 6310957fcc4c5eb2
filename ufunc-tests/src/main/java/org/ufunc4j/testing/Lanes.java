package org.ufunc4j.testing;

import java.lang.reflect.Method;
import org.ufunc4j.DType;

/**
 * Lane counts of the machine's preferred SIMD width, for choosing sizes around the vector
 * boundaries. Found without linking against {@code jdk.incubator.vector}, so the test-support API
 * loads on a JVM started without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>The width comes from, in order: the system property {@code ufunc.test.vectorBits} (to test
 * boundaries for another machine), a reflective call of {@code
 * jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize()}, or 512 bits.
 */
public final class Lanes {
  private static final int DEFAULT_BITS = 512;
  private static final int BITS = findBits();

  private Lanes() {}

  /** The preferred vector width in bits (e.g. 512 on AVX-512). */
  public static int vectorBits() {
    return BITS;
  }

  /** Lanes of {@code type} in one preferred vector: 8 for float64 at 512 bits, 16 for float32. */
  public static int of(DType type) {
    // bool is stored as one byte per element, so it has as many lanes as int8.
    return Math.max(1, BITS / (8 * type.itemSize()));
  }

  private static int findBits() {
    String forced = System.getProperty("ufunc.test.vectorBits");
    if (forced != null && !forced.isBlank()) {
      try {
        int b = Integer.parseInt(forced.trim());
        if (b >= 64 && Integer.bitCount(b) == 1) {
          return b;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the lookup: a bad override must not make the generators unusable
      }
    }
    try {
      Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape");
      Method preferred = shape.getMethod("preferredShape");
      Object s = preferred.invoke(null);
      return (Integer) shape.getMethod("vectorBitSize").invoke(s);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Module not in the layer (no --add-modules) or not readable: assume AVX-512, the CI machine.
      return DEFAULT_BITS;
    }
  }
}
