package org.ufunc4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of the cast round trips in {@link VectorMath} equal Java's casts bit for
 * bit on every vector size this machine has: the conversion-based ones generated code uses at
 * 512 bits, and the double-only ones it uses below (x86 without AVX-512DQ), so the latter are
 * checked here even though this machine would not pick them.
 */
class VectorCastsTest {
  private static final double[] EDGES = {Double.NaN, -Double.NaN, 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
      -0.49999999999999994, 2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0, 0x1p52 - 0.5,
      -(0x1p52 - 0.5), 0x1p52, 0x1p52 + 1, 0x1p53 + 2, 0x1p62, 0x1p63, -0x1p63, 0x1.0000000000001p63, -0x1.0000000000001p63,
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      4503599627370495.5, -4503599627370495.5, 1e-300, 0.9999999999999999, -0.9999999999999999};

  @Test
  void castRoundTripsEqualJavaOnEveryVectorSize() {
    assumeTrue(SimdSupport.isEnabled(), "SIMD is off");
    double[] x = new double[4096];
    SplittableRandom r = new SplittableRandom(17);
    for (int i = 0; i < x.length; i++) {
      x[i] = i < EDGES.length ? EDGES[i]
          : i % 3 == 0 ? Double.longBitsToDouble(r.nextLong())
          : (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(70));
    }
    for (VectorSpecies<Double> s : new VectorSpecies[] {DoubleVector.SPECIES_128, DoubleVector.SPECIES_256, DoubleVector.SPECIES_PREFERRED}) {
      if (s.vectorBitSize() > DoubleVector.SPECIES_PREFERRED.vectorBitSize()) {
        continue;
      }
      check(s, x, VectorMath::truncLong, v -> (double) (long) v, "truncLong");
      check(s, x, VectorMath::truncLongByDoubles, v -> (double) (long) v, "truncLongByDoubles");
      check(s, x, VectorMath::truncInt, v -> (double) (int) v, "truncInt");
      check(s, x, VectorMath::truncIntByDoubles, v -> (double) (int) v, "truncIntByDoubles");
      check(s, x, VectorMath::roundFloat, v -> (double) (float) v, "roundFloat");
    }
  }

  /**
   * The long<->double lane conversions kernels use below 512 bits (x86 without AVX-512DQ) are
   * Java's l2d (correctly rounded) and d2l (toward zero, NaN 0, saturated), at every size.
   */
  @Test
  void longDoubleConversionsEqualJavaOnEveryVectorSize() {
    assumeTrue(SimdSupport.isEnabled(), "SIMD is off");
    int n = 4096;
    double[] x = new double[n];
    long[] l = new long[n];
    long[] longEdges = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, (1L << 53) + 1,
        -(1L << 53) - 1, (1L << 53) + 3, 0xffffffffL, 0x100000000L, -0x100000000L, -0xffffffffL, (1L << 62) + 511, (1L << 62) + 513,
        0x7ffffffffffffdffL, 0x7ffffffffffffe00L, 0x7ffffffffffffe01L};
    SplittableRandom r = new SplittableRandom(18);
    for (int i = 0; i < n; i++) {
      x[i] = i < EDGES.length ? EDGES[i]
          : i % 3 == 0 ? Double.longBitsToDouble(r.nextLong())
          : (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(70));
      l[i] = i < longEdges.length ? longEdges[i] : r.nextLong() >> r.nextInt(64);
    }
    for (VectorSpecies<Double> s : new VectorSpecies[] {DoubleVector.SPECIES_128, DoubleVector.SPECIES_256, DoubleVector.SPECIES_PREFERRED}) {
      if (s.vectorBitSize() > DoubleVector.SPECIES_PREFERRED.vectorBitSize()) {
        continue;
      }
      VectorSpecies<Long> ls = LongVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(s.vectorBitSize()));
      for (int i = 0; i < n; i += s.length()) {
        double[] d = VectorMath.longsToDoubles(LongVector.fromArray(ls, l, i)).toArray();
        long[] back = VectorMath.doublesToLongs(DoubleVector.fromArray(s, x, i)).toArray();
        for (int j = 0; j < s.length(); j++) {
          assertEquals(Double.doubleToLongBits((double) l[i + j]), Double.doubleToLongBits(d[j]),
              "longsToDoubles at " + s.vectorBitSize() + " bits, n = " + l[i + j]);
          assertEquals((long) x[i + j], back[j], "doublesToLongs at " + s.vectorBitSize() + " bits, x = " + x[i + j]);
        }
      }
      // whole vectors in the int range take doublesToLongs' d2i path; one lane at 2^31 or NaN the split
      double[] ints = {0.0, -0.0, 0.5, -0.5, 2147483647.0, 2147483647.9999998, -2147483647.9999998, -2147483647.0, 1e-300,
          -1.5, 123456789.75, -987654321.25, 2147483648.0, -2147483648.0, Double.NaN, 3.0};
      for (int i = 0; i + s.length() <= ints.length; i++) {
        long[] back = VectorMath.doublesToLongs(DoubleVector.fromArray(s, ints, i)).toArray();
        for (int j = 0; j < s.length(); j++) {
          assertEquals((long) ints[i + j], back[j], "doublesToLongs at " + s.vectorBitSize() + " bits, x = " + ints[i + j]);
        }
      }
    }
  }

  private static void check(VectorSpecies<Double> s, double[] x, UnaryOperator<DoubleVector> f, DoubleUnaryOperator java, String name) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i += s.length()) {
      f.apply(DoubleVector.fromArray(s, x, i)).intoArray(out, i);
    }
    for (int i = 0; i < x.length; i++) {
      double want = java.applyAsDouble(x[i]);
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(out[i]),
          name + " at " + s.vectorBitSize() + " bits, x = " + x[i] + ": want " + want + ", got " + out[i]);
    }
  }
}
