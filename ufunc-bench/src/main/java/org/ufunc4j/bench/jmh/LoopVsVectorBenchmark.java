package org.ufunc4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
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

/**
 * Plain Java loop vs hand-written Vector API loop, on {@code double[]}, for the two kinds of
 * elementwise work a ufunc does: cheap arithmetic ({@code a*b+1}) and a transcendental
 * ({@code sin}). These are the pairs the ufunc benchmarks will be held against: a ufunc4j kernel
 * should match the vector column, and never lose to the loop column.
 *
 * <p>Claims checked:
 *
 * <ul>
 *   <li>{@code a*b+1}: C2 auto-vectorises the plain loop, so loop and Vector API run at the same
 *       speed when memory-bound (1_000_003); DESIGN.md claims the same for cache-resident sizes.
 *       A quick run here (1 fork, 2x1 s, shared 2-vCPU machine) did not confirm the latter: at
 *       1021 the loop took 0.30 us and the vector kernel 0.15 us (at 1_000_003: 523 vs 520 us).
 *   <li>{@code sin}: the Vector API (SVML on x86) is several times faster than a scalar
 *       {@code Math.sin} loop (DESIGN.md measured ~7x in double); the loop cannot vectorise it.
 *       Quick run: 11.0 vs 1.2 ns per element, 9x.
 *   <li>Neither allocates: {@code -prof gc} shows ~0 B/op (allocation would mean boxed vectors);
 *       quick run: at most 77 B/op on a million-element call, i.e. JMH's own noise, not per element.
 * </ul>
 *
 * <p>Sizes are not multiples of any lane count, so the scalar tails run. Each trial first checks
 * that both kernels agree (exactly for {@code a*b+1}, within 1 ulp of {@code Math.sin}).
 *
 * <p>Run: {@code ./ufunc4j jmh LoopVsVector -prof gc} (3 forks; add {@code -f 1 -wi 3 -i 3} for a
 * quick look on a shared machine).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LoopVsVectorBenchmark {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  @Param({"1021", "1000003"})
  public int size;

  private double[] a;
  private double[] b;
  private double[] out;

  @Setup(Level.Trial)
  public void setup() {
    // Inputs from the project's SplitMix64 stream: the same values any other harness would use.
    a = ((double[]) NDArray.random(DType.FLOAT64, 11, size).heapArray()).clone();
    b = ((double[]) NDArray.random(DType.FLOAT64, 12, size).heapArray()).clone();
    out = new double[size];
    double[] ref = new double[size];
    fmaLoop(a, b, ref);
    fmaVector(a, b, out);
    for (int i = 0; i < size; i++) {
      if (Double.compare(ref[i], out[i]) != 0) { // mul then add, no FMA, on both paths: bit-exact
        throw new IllegalStateException("a*b+1 differs at " + i + ": " + ref[i] + " vs " + out[i]);
      }
    }
    sinLoop(a, ref);
    sinVector(a, out);
    for (int i = 0; i < size; i++) {
      if (Math.abs(ref[i] - out[i]) > Math.ulp(ref[i])) {
        throw new IllegalStateException("sin differs by more than 1 ulp at " + i + ": " + ref[i] + " vs " + out[i]);
      }
    }
  }

  @Benchmark
  public double[] fmaLoop() {
    fmaLoop(a, b, out);
    return out;
  }

  @Benchmark
  public double[] fmaVector() {
    fmaVector(a, b, out);
    return out;
  }

  @Benchmark
  public double[] sinLoop() {
    sinLoop(a, out);
    return out;
  }

  @Benchmark
  public double[] sinVector() {
    sinVector(a, out);
    return out;
  }

  static void fmaLoop(double[] a, double[] b, double[] c) {
    for (int i = 0; i < c.length; i++) {
      c[i] = a[i] * b[i] + 1;
    }
  }

  static void fmaVector(double[] a, double[] b, double[] c) {
    int i = 0;
    int bound = S.loopBound(c.length);
    for (; i < bound; i += S.length()) {
      DoubleVector va = DoubleVector.fromArray(S, a, i);
      DoubleVector vb = DoubleVector.fromArray(S, b, i);
      va.mul(vb).add(1.0).intoArray(c, i);
    }
    for (; i < c.length; i++) { // scalar tail, not a masked one (STYLE.md P3)
      c[i] = a[i] * b[i] + 1;
    }
  }

  static void sinLoop(double[] a, double[] c) {
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.sin(a[i]);
    }
  }

  static void sinVector(double[] a, double[] c) {
    int i = 0;
    int bound = S.loopBound(c.length);
    for (; i < bound; i += S.length()) {
      DoubleVector.fromArray(S, a, i).lanewise(VectorOperators.SIN).intoArray(c, i);
    }
    for (; i < c.length; i++) {
      c[i] = Math.sin(a[i]);
    }
  }
}
