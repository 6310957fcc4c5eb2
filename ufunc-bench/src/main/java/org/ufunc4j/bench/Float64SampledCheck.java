package org.ufunc4j.bench;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ufunc4j.internal.math.DoubleTranscendentals;
import org.ufunc4j.internal.simd.VectorMath;

/**
 * Checks ufunc4j's float64 {@code sin} and {@code cos} on sampled inputs (2^64 are too many to
 * try): the vector functions ({@code VectorMath}) must give the bits of their scalar twins
 * ({@code DoubleTranscendentals}), and those must be within 1 ulp of {@code Math.sin} and
 * {@code Math.cos} (NaN for NaN, the sign of zeros kept). Samples: uniform in [0, pi/4], [0, 1),
 * [-10, 10], [-1000, 1000] and [-2^20, 2^20] (the fast range), raw 64-bit patterns, and the 81
 * doubles around the nearest double to k pi/2 for every |k| <= 700000, where the argument
 * reduction cancels most. Run after changing either class:
 *
 * <pre>./ufunc4j mvn -q -DskipTests package &amp;&amp; ./ufunc4j java org.ufunc4j.bench.Float64SampledCheck [samples per range]</pre>
 *
 * Exits with status 1 when a check fails. Default: 10^7 samples per range (about a minute).
 */
public final class Float64SampledCheck {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  private Float64SampledCheck() {}

  /** Counts for one function over all inputs checked. */
  private static final class Tally {
    long checked;
    long worst;
    double worstInput;
    long oneUlp;
    long twinMismatches;
  }

  public static void main(String[] args) {
    long perRange = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Tally sin = new Tally();
    Tally cos = new Tally();
    double[][] ranges = {{0, Math.PI / 4}, {0, 1}, {-10, 10}, {-1000, 1000}, {-0x1p20, 0x1p20}};
    SplittableRandom r = new SplittableRandom(2026);
    int lanes = S.length();
    double[] x = new double[lanes * 1024];
    for (double[] range : ranges) {
      for (long done = 0; done < perRange; done += x.length) {
        for (int i = 0; i < x.length; i++) {
          x[i] = r.nextDouble(range[0], range[1]);
        }
        check(x, sin, cos);
      }
    }
    for (long done = 0; done < perRange; done += x.length) {
      for (int i = 0; i < x.length; i++) {
        x[i] = Double.longBitsToDouble(r.nextLong());
      }
      check(x, sin, cos);
    }
    int fill = 0;
    for (int k = -700_000; k <= 700_000; k++) {
      long near = Double.doubleToRawLongBits(k * (Math.PI / 2));
      for (int d = -40; d <= 40; d++) {
        x[fill++] = Double.longBitsToDouble(near + d);
        if (fill == x.length) {
          check(x, sin, cos);
          fill = 0;
        }
      }
    }
    boolean ok = report("sin", sin) & report("cos", cos);
    System.exit(ok ? 0 : 1);
  }

  private static void check(double[] x, Tally sin, Tally cos) {
    check(x, VectorMath::sin, DoubleTranscendentals::sin, Math::sin, sin);
    check(x, VectorMath::cos, DoubleTranscendentals::cos, Math::cos, cos);
  }

  private static void check(double[] x, UnaryOperator<DoubleVector> vector, DoubleUnaryOperator twin, DoubleUnaryOperator math, Tally t) {
    double[] v = new double[S.length()];
    for (int i = 0; i < x.length; i += v.length) {
      vector.apply(DoubleVector.fromArray(S, x, i)).intoArray(v, 0);
      for (int j = 0; j < v.length; j++) {
        double in = x[i + j];
        double s = twin.applyAsDouble(in);
        if (Double.doubleToRawLongBits(s) != Double.doubleToRawLongBits(v[j])) {
          t.twinMismatches++;
        }
        long d = ulps(math.applyAsDouble(in), s);
        if (d > t.worst) {
          t.worst = d;
          t.worstInput = in;
        }
        if (d == 1) {
          t.oneUlp++;
        }
        t.checked++;
      }
    }
  }

  /** Distance in ulps; Long.MAX_VALUE for a NaN mismatch or a sign difference (zeros included). */
  static long ulps(double want, double got) {
    if (Double.isNaN(want) || Double.isNaN(got)) {
      return Double.isNaN(want) == Double.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    long w = Double.doubleToRawLongBits(want);
    long g = Double.doubleToRawLongBits(got);
    if ((w ^ g) < 0) {
      return w == g ? 0 : Long.MAX_VALUE;
    }
    return Math.abs(w - g);
  }

  private static boolean report(String fn, Tally t) {
    boolean ok = t.worst <= 1 && t.twinMismatches == 0;
    System.out.printf("%s: %d inputs, max %d ulp from Math (at %s), %.3f%% 1 ulp apart, %d vector/twin mismatches: %s%n",
        fn, t.checked, t.worst, t.worstInput, 100.0 * t.oneUlp / t.checked, t.twinMismatches, ok ? "ok" : "FAILED");
    return ok;
  }
}
