package org.ufunc4j.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncCall;

/**
 * Issue 5's cache-resident claims for the SIMD compiler, each ufunc next to the plain Java loop
 * that computes the same values, output preallocated, one thread:
 *
 * <ul>
 *   <li>float32 {@code exp((x/m - 1)^2)} (W1's kernel): at least 20x the plain loop;
 *   <li>float64 {@code sin}: at least 5x the plain loop (ufunc4j's own polynomial);
 *   <li>W5's kernel {@code sin(a^b)^2} (float64, two SVML calls per element): the ufunc, whose loop
 *       groups the calls four vectors at a time, next to the same kernel written by hand one
 *       vector at a time and to the plain loop.
 * </ul>
 *
 * <p>4096 elements: 16 KiB of float32 or 32 KiB of float64 per array, resident in L1/L2, so the
 * comparison is of the kernels, not of memory. The loops are written as a Java programmer would:
 * the float32 one in float arithmetic with {@code (float) Math.exp}, as the ufunc computes.
 *
 * <p>Run: {@code ./ufunc4j jmh SimdClaims -f 3 -wi 5 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class SimdClaimsBenchmarks {
  private static final float M = 0.5f;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final Ufunc CONTRAST =
      Ufunc.vectorize(List.of("float32(float32)"), x -> {
        double t = x / M - 1;
        return Math.exp(t * t);
      });
  private static final Ufunc SIN = Ufunc.vectorize("float64(float64)", Math::sin);
  private static final Ufunc W5 = Ufunc.vectorize("float64(float64, float64)", (a, b) -> {
    double s = Math.sin(Math.pow(a, b));
    return s * s;
  });
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  @Param({"4096"})
  public int n;

  private NDArray x32;
  private NDArray x64;
  private float[] rx32;
  private float[] rout32;
  private double[] rx64;
  private double[] rout64;
  private UfuncCall contrastInto;
  private UfuncCall sinInto;
  private NDArray b64;
  private double[] rb64;
  private UfuncCall w5Into;

  @Setup(Level.Trial)
  public void setUp() {
    x32 = NDArray.random(DType.FLOAT32, 1, n);
    x64 = NDArray.random(DType.FLOAT64, 2, n);
    NDArray out32 = NDArray.zeros(DType.FLOAT32, n);
    NDArray out64 = NDArray.zeros(DType.FLOAT64, n);
    rx32 = (float[]) x32.heapArray();
    rout32 = (float[]) out32.heapArray();
    rx64 = (double[]) x64.heapArray();
    rout64 = (double[]) out64.heapArray();
    contrastInto = CONTRAST.out(out32);
    sinInto = SIN.out(out64);
    b64 = org.ufunc4j.Ufuncs.multiply.apply(x64, 2.0);
    rb64 = (double[]) b64.heapArray();
    w5Into = W5.out(out64);
    // the ufunc must compute what the loop computes (within the SVML accuracy policy)
    contrastInto.apply(x32);
    float[] want = contrastLoop();
    for (int i = 0; i < n; i++) {
      if (Math.abs(want[i] - rout32[i]) > 2 * Math.ulp(want[i])) {
        throw new IllegalStateException("contrast differs at " + i + ": " + want[i] + " vs " + rout32[i]);
      }
    }
  }

  @Benchmark
  public NDArray contrastFloat32Ufunc() {
    return contrastInto.apply(x32);
  }

  @Benchmark
  public float[] contrastFloat32Loop() {
    return contrastLoop();
  }

  private float[] contrastLoop() {
    float[] x = rx32;
    float[] o = rout32;
    for (int i = 0; i < x.length; i++) {
      float t = x[i] / M - 1;
      o[i] = (float) Math.exp(t * t);
    }
    return o;
  }

  /** The same kernel written by hand with the Vector API: what the ufunc's generated code should match. */
  @Benchmark
  public float[] contrastFloat32HandVector() {
    float[] x = rx32;
    float[] o = rout32;
    int i = 0;
    int bound = F.loopBound(x.length);
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector m = FloatVector.broadcast(F, M);
    for (; i < bound; i += F.length()) {
      FloatVector t = FloatVector.fromArray(F, x, i).div(m).sub(one);
      t.mul(t).lanewise(VectorOperators.EXP).intoArray(o, i);
    }
    for (; i < x.length; i++) {
      float t = x[i] / M - 1;
      o[i] = (float) Math.exp(t * t);
    }
    return o;
  }

  @Benchmark
  public NDArray sinFloat64Ufunc() {
    return sinInto.apply(x64);
  }

  @Benchmark
  public double[] sinFloat64Loop() {
    double[] x = rx64;
    double[] o = rout64;
    for (int i = 0; i < x.length; i++) {
      o[i] = Math.sin(x[i]);
    }
    return o;
  }

  /** float64 sin by hand with the Vector API (SVML's sin): what ufunc4j's own polynomial replaces. */
  @Benchmark
  public double[] sinFloat64HandVector() {
    double[] x = rx64;
    double[] o = rout64;
    int i = 0;
    for (int bound = D.loopBound(x.length); i < bound; i += D.length()) {
      DoubleVector.fromArray(D, x, i).lanewise(VectorOperators.SIN).intoArray(o, i);
    }
    for (; i < x.length; i++) {
      o[i] = Math.sin(x[i]);
    }
    return o;
  }

  @Benchmark
  public NDArray w5Ufunc() {
    return w5Into.apply(x64, b64);
  }

  /** W5's kernel by hand with the Vector API, one vector per iteration: pow, then sin (SVML). */
  @Benchmark
  public double[] w5HandVector() {
    double[] a = rx64;
    double[] b = rb64;
    double[] o = rout64;
    int i = 0;
    for (int bound = D.loopBound(a.length); i < bound; i += D.length()) {
      DoubleVector s = DoubleVector.fromArray(D, a, i).lanewise(VectorOperators.POW, DoubleVector.fromArray(D, b, i))
          .lanewise(VectorOperators.SIN);
      s.mul(s).intoArray(o, i);
    }
    for (; i < a.length; i++) {
      double s = Math.sin(Math.pow(a[i], b[i]));
      o[i] = s * s;
    }
    return o;
  }

  @Benchmark
  public double[] w5Loop() {
    double[] a = rx64;
    double[] b = rb64;
    double[] o = rout64;
    for (int i = 0; i < a.length; i++) {
      double s = Math.sin(Math.pow(a[i], b[i]));
      o[i] = s * s;
    }
    return o;
  }
}
