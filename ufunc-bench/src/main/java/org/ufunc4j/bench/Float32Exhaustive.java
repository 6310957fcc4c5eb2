package org.ufunc4j.bench;

import java.util.concurrent.atomic.AtomicLong;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ufunc4j.internal.math.FloatTranscendentals;
import org.ufunc4j.internal.simd.VectorMath;

/**
 * Checks ufunc4j's float32 {@code sin}, {@code cos} and {@code exp} on every one of the 2^32 float
 * inputs: the vector functions ({@code VectorMath}) against {@code (float) Math.f((double) x)}
 * (at most 1 ulp apart, NaN for NaN, the same sign on zeros and infinities), and against their
 * scalar twins ({@code FloatTranscendentals}), which must give the same bits. Too slow for the test
 * suite (about 5 minutes for all three on 2 cores); run it after changing either class:
 *
 * <pre>./ufunc4j mvn -q -DskipTests package &amp;&amp; ./ufunc4j java org.ufunc4j.bench.Float32Exhaustive [sin cos exp]</pre>
 *
 * Exits with status 1 when a check fails.
 */
public final class Float32Exhaustive {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private Float32Exhaustive() {}

  public static void main(String[] args) throws InterruptedException {
    String[] fns = args.length == 0 ? new String[] {"sin", "cos", "exp"} : args;
    boolean ok = true;
    for (String fn : fns) {
      ok &= check(fn);
    }
    System.exit(ok ? 0 : 1);
  }

  private static FloatVector vector(String fn, FloatVector v) {
    return switch (fn) {
      case "sin" -> VectorMath.sin(v);
      case "cos" -> VectorMath.cos(v);
      case "exp" -> VectorMath.exp(v);
      default -> throw new IllegalArgumentException("unknown function " + fn + " (sin, cos or exp)");
    };
  }

  private static float scalar(String fn, float x) {
    return switch (fn) {
      case "sin" -> FloatTranscendentals.sin(x);
      case "cos" -> FloatTranscendentals.cos(x);
      default -> FloatTranscendentals.exp(x);
    };
  }

  private static float math(String fn, float x) {
    return (float) switch (fn) {
      case "sin" -> Math.sin(x);
      case "cos" -> Math.cos(x);
      default -> Math.exp(x);
    };
  }

  /** Distance in ulps; Long.MAX_VALUE for a NaN mismatch or a sign difference (zeros included). */
  static long ulps(float want, float got) {
    if (Float.isNaN(want) || Float.isNaN(got)) {
      return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    int w = Float.floatToRawIntBits(want);
    int g = Float.floatToRawIntBits(got);
    if ((w ^ g) < 0) {
      return Long.MAX_VALUE;
    }
    return Math.abs((long) w - g);
  }

  private static boolean check(String fn) throws InterruptedException {
    int lanes = S.length();
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicLong worst = new AtomicLong();
    AtomicLong beyondOneUlp = new AtomicLong();
    AtomicLong twinMismatches = new AtomicLong();
    AtomicLong bitEqual = new AtomicLong();
    long start = System.nanoTime();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      long first = (long) t * lanes;
      workers[t] = new Thread(() -> {
        float[] xs = new float[lanes];
        float[] ys = new float[lanes];
        long myWorst = 0;
        long equal = 0;
        for (long bits = first; bits < 1L << 32; bits += (long) threads * lanes) {
          for (int k = 0; k < lanes; k++) {
            xs[k] = Float.intBitsToFloat((int) (bits + k));
          }
          vector(fn, FloatVector.fromArray(S, xs, 0)).intoArray(ys, 0);
          for (int k = 0; k < lanes; k++) {
            long d = ulps(math(fn, xs[k]), ys[k]);
            if (d > 1 && beyondOneUlp.getAndIncrement() < 5) {
              System.out.printf("%s(%s): %s, Math gives %s%n", fn, xs[k], ys[k], math(fn, xs[k]));
            }
            if (Float.floatToIntBits(scalar(fn, xs[k])) != Float.floatToIntBits(ys[k]) && twinMismatches.getAndIncrement() < 5) {
              System.out.printf("%s(%s): vector %s, scalar twin %s%n", fn, xs[k], ys[k], scalar(fn, xs[k]));
            }
            equal += d == 0 ? 1 : 0;
            myWorst = Math.max(myWorst, d);
          }
        }
        long w = myWorst;
        worst.accumulateAndGet(w, Math::max);
        bitEqual.addAndGet(equal);
      });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    boolean ok = beyondOneUlp.get() == 0 && twinMismatches.get() == 0;
    System.out.printf("%s, all 2^32 float inputs: worst %s ulp, %d beyond 1 ulp, %.4f%% bit-equal to Math, "
        + "%d differ from the scalar twin (%.0f s): %s%n", fn, worst.get() == Long.MAX_VALUE ? "sign/NaN" : worst.get(),
        beyondOneUlp.get(), 100.0 * bitEqual.get() / (1L << 32), twinMismatches.get(), (System.nanoTime() - start) / 1e9,
        ok ? "ok" : "FAILED");
    return ok;
  }
}
