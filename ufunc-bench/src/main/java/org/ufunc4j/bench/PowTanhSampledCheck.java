package org.ufunc4j.bench;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ufunc4j.internal.math.DoubleTranscendentals;
import org.ufunc4j.internal.math.FloatTranscendentals;
import org.ufunc4j.internal.simd.VectorMath;

/**
 * Checks ufunc4j's own {@code pow} and float64 {@code tanh} (the kernels' versions below 512-bit
 * vectors) on sampled inputs. pow, on pairs: the
 * vector functions ({@code VectorMath.pow} on DoubleVector and FloatVector, at the machine's
 * preferred width) must give the bits of their scalar twins ({@code DoubleTranscendentals.pow},
 * {@code FloatTranscendentals.pow}), and those must be within 1 ulp of {@code Math.pow} ({@code
 * (float) Math.pow} for float32), with Java's NaN, infinities and signed zeros. Distributions: W5's
 * {@code a^(2a)}, x in [0.5, 2] with |y| <= 50, every positive x with |y| <= 4, x in (0, 10) with
 * |y| <= 300, raw 64-bit (32-bit) patterns, and integer pairs. tanh ({@code VectorMath.tanh},
 * twin {@code DoubleTranscendentals.tanh}) the same way against {@code Math.tanh}, uniform in
 * [0, 0.55], [0.5, 0.6], [0.55, 22] and [-30, 30], and on raw bits. Run after changing either class:
 *
 * <pre>./ufunc4j mvn -q -DskipTests package &amp;&amp; ./ufunc4j java org.ufunc4j.bench.PowTanhSampledCheck [pairs per distribution]</pre>
 *
 * Exits with status 1 when a check fails. Default: 2 * 10^7 pairs per distribution (about a minute).
 */
public final class PowTanhSampledCheck {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final String[] DISTRIBUTIONS = {"a^(2a), a in [0,1)", "x in [0.5,2], |y| <= 50", "x > 0 any, |y| <= 4",
      "x in (0,10), |y| <= 300", "raw bits", "integers"};

  private PowTanhSampledCheck() {}

  public static void main(String[] args) {
    long perDistribution = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
    SplittableRandom r = new SplittableRandom(2027);
    int block = D.length() * F.length() * 256;
    double[] x = new double[block];
    double[] y = new double[block];
    double[] out = new double[block];
    float[] xf = new float[block];
    float[] yf = new float[block];
    float[] outf = new float[block];
    boolean ok = true;
    for (int d = 0; d < DISTRIBUTIONS.length; d++) {
      long[] doubleUlps = new long[3];
      long[] floatUlps = new long[3];
      long twinMismatches = 0;
      for (long done = 0; done < perDistribution; done += block) {
        for (int i = 0; i < block; i++) {
          sample(d, r, x, y, i);
          xf[i] = (float) x[i];
          yf[i] = (float) y[i];
          if (d == 4) {
            xf[i] = Float.intBitsToFloat(r.nextInt());
            yf[i] = Float.intBitsToFloat(r.nextInt());
          }
        }
        for (int i = 0; i < block; i += D.length()) {
          VectorMath.pow(DoubleVector.fromArray(D, x, i), DoubleVector.fromArray(D, y, i)).intoArray(out, i);
        }
        for (int i = 0; i < block; i += F.length()) {
          VectorMath.pow(FloatVector.fromArray(F, xf, i), FloatVector.fromArray(F, yf, i)).intoArray(outf, i);
        }
        for (int i = 0; i < block; i++) {
          double twin = DoubleTranscendentals.pow(x[i], y[i]);
          float twinf = FloatTranscendentals.pow(xf[i], yf[i]);
          if (Double.doubleToRawLongBits(twin) != Double.doubleToRawLongBits(out[i]) || Float.floatToRawIntBits(twinf) != Float.floatToRawIntBits(outf[i])) {
            twinMismatches++;
          }
          doubleUlps[(int) Math.min(2, Float64SampledCheck.ulps(Math.pow(x[i], y[i]), twin))]++;
          floatUlps[(int) Math.min(2, ulps((float) Math.pow(xf[i], yf[i]), twinf))]++;
        }
      }
      boolean pass = doubleUlps[2] == 0 && floatUlps[2] == 0 && twinMismatches == 0;
      ok &= pass;
      System.out.printf("%-26s float64: %.3f%% 1 ulp apart, %d beyond; float32: %.4f%% 1 ulp apart, %d beyond; %d vector/twin mismatches: %s%n",
          DISTRIBUTIONS[d], 100.0 * doubleUlps[1] / perDistribution, doubleUlps[2], 100.0 * floatUlps[1] / perDistribution, floatUlps[2],
          twinMismatches, pass ? "ok" : "FAILED");
    }
    double[][] tanhRanges = {{0, 0.55}, {0.5, 0.6}, {0.55, 22}, {-30, 30}, {Double.NaN, Double.NaN}};
    for (double[] range : tanhRanges) {
      long[] u = new long[3];
      long twinMismatches = 0;
      for (long done = 0; done < perDistribution; done += block) {
        for (int i = 0; i < block; i++) {
          x[i] = Double.isNaN(range[0]) ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(range[0], range[1]);
        }
        for (int i = 0; i < block; i += D.length()) {
          VectorMath.tanh(DoubleVector.fromArray(D, x, i)).intoArray(out, i);
        }
        for (int i = 0; i < block; i++) {
          double twin = DoubleTranscendentals.tanh(x[i]);
          if (Double.doubleToRawLongBits(twin) != Double.doubleToRawLongBits(out[i])) {
            twinMismatches++;
          }
          u[(int) Math.min(2, Float64SampledCheck.ulps(Math.tanh(x[i]), twin))]++;
        }
      }
      boolean pass = u[2] == 0 && twinMismatches == 0;
      ok &= pass;
      String name = Double.isNaN(range[0]) ? "raw bits" : "[" + range[0] + ", " + range[1] + "]";
      System.out.printf("tanh %-21s %.3f%% 1 ulp apart, %d beyond; %d vector/twin mismatches: %s%n", name,
          100.0 * u[1] / perDistribution, u[2], twinMismatches, pass ? "ok" : "FAILED");
    }
    System.exit(ok ? 0 : 1);
  }

  private static void sample(int distribution, SplittableRandom r, double[] x, double[] y, int i) {
    switch (distribution) {
      case 0 -> { x[i] = r.nextDouble(); y[i] = 2 * x[i]; }
      case 1 -> { x[i] = r.nextDouble(0.5, 2); y[i] = r.nextDouble(-50, 50); }
      case 2 -> { x[i] = Double.longBitsToDouble(r.nextLong() >>> 1); y[i] = r.nextDouble(-4, 4); }
      case 3 -> { x[i] = r.nextDouble(0, 10); y[i] = r.nextDouble(-300, 300); }
      case 4 -> { x[i] = Double.longBitsToDouble(r.nextLong()); y[i] = Double.longBitsToDouble(r.nextLong()); }
      default -> { x[i] = r.nextInt(-100, 101); y[i] = r.nextInt(-20, 21); }
    }
  }

  private static long ulps(float want, float got) {
    if (Float.isNaN(want) || Float.isNaN(got)) {
      return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    int w = Float.floatToIntBits(want);
    int g = Float.floatToIntBits(got);
    return (w ^ g) < 0 ? (w == g ? 0 : Long.MAX_VALUE) : Math.abs((long) w - g);
  }
}
