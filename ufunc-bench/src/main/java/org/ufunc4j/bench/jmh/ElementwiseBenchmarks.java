package org.ufunc4j.bench.jmh;

import java.util.concurrent.TimeUnit;
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
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncCall;
import org.ufunc4j.Ufuncs;

/**
 * Issue 4's claims for {@code Ufunc.vectorize} (tier A loops, the broadcasting engine, targets),
 * each next to the plain Java loop it is compared with.
 *
 * <ul>
 *   <li>{@code mulAdd*}: tier A on contiguous float64 {@code (a, b) -> a * b + 1} over 1M elements
 *       is within 1.2x of a plain for-loop over {@code double[]}.
 *   <li>{@code sin*}: PARALLEL on 2 threads gives at least 1.8x the CPU throughput on 8M float64.
 * </ul>
 *
 * <p>Run: {@code ./ufunc4j jmh 'ElementwiseBenchmarks' -f 3 -wi 5 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBenchmarks {
  private static final Ufunc MUL_ADD = Ufunc.vectorize("float64(float64, float64)", (a, b) -> a * b + 1);

  @Param({"1000003"})
  public int n;

  private NDArray a;
  private NDArray b;
  private NDArray out;
  private double[] ra;
  private double[] rb;
  private double[] rout;
  private UfuncCall mulAddInto;

  @Setup(Level.Trial)
  public void setUp() {
    a = NDArray.random(DType.FLOAT64, 1, n);
    b = NDArray.random(DType.FLOAT64, 2, n);
    out = NDArray.zeros(DType.FLOAT64, n);
    ra = (double[]) a.heapArray();
    rb = (double[]) b.heapArray();
    rout = (double[]) out.heapArray();
    mulAddInto = MUL_ADD.out(out);
  }

  /** The ufunc, output preallocated. */
  @Benchmark
  public NDArray mulAddUfunc() {
    return mulAddInto.apply(a, b);
  }

  /** The plain Java loop it is compared with. */
  @Benchmark
  public double[] mulAddJavaLoop() {
    double[] x = ra;
    double[] y = rb;
    double[] z = rout;
    for (int i = 0; i < z.length; i++) {
      z[i] = x[i] * y[i] + 1;
    }
    return z;
  }

  /** Per-call overhead and PARALLEL scaling on compute-bound work. */
  @State(Scope.Thread)
  public static class SinState {
    @Param({"8000000"})
    public int n;

    NDArray x;
    NDArray out;
    double[] rx;
    double[] rout;

    @Setup(Level.Trial)
    public void setUp() {
      x = NDArray.random(DType.FLOAT64, 3, n);
      out = NDArray.zeros(DType.FLOAT64, n);
      rx = (double[]) x.heapArray();
      rout = (double[]) out.heapArray();
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public NDArray sinCpu(SinState s) {
    return Ufuncs.sin.out(s.out).apply(s.x);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public NDArray sinParallel2(SinState s) {
    return Ufuncs.sin.target(Target.PARALLEL).threads(2).out(s.out).apply(s.x);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double[] sinJavaLoop(SinState s) {
    double[] x = s.rx;
    double[] z = s.rout;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.sin(x[i]);
    }
    return z;
  }
}
