package org.ufunc4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncCall;
import org.ufunc4j.Ufuncs;

/**
 * Session 8's additions next to plain Java loops, 64K cache-resident doubles, output
 * preallocated, one thread: a lambda with a loop of constant trip count (exp's Taylor series to
 * 12 terms, unrolled by the lifter), and the standard {@code log2} (now SIMD) against the plain
 * loop {@code Math.log(x) / ln 2}.
 *
 * <p>Run: {@code ./ufunc4j jmh UnrolledLoop -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class UnrolledLoopBenchmarks {
  private static final int N = 1 << 16;
  private static final Fn.DoubleUnary TAYLOR = x -> {
    double term = 1;
    double sum = 1;
    for (int k = 1; k < 12; k++) {
      term *= x / k;
      sum += term;
    }
    return sum;
  };
  private static final Ufunc TAYLOR_UFUNC = Ufunc.vectorize("float64(float64)", TAYLOR);

  private double[] x;
  private double[] out;
  private NDArray nx;
  private UfuncCall taylorInto;
  private UfuncCall log2Into;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(11);
    x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = r.nextDouble(0.01, 4);
    }
    out = new double[N];
    nx = NDArray.of(x);
    taylorInto = TAYLOR_UFUNC.out(NDArray.zeros(DType.FLOAT64, N));
    log2Into = Ufuncs.log2.out(NDArray.zeros(DType.FLOAT64, N));
  }

  @Benchmark
  public NDArray taylorUfunc() {
    return taylorInto.apply(nx);
  }

  @Benchmark
  public double[] taylorLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = TAYLOR.applyAsDouble(x[i]);
    }
    return out;
  }

  @Benchmark
  public NDArray log2Ufunc() {
    return log2Into.apply(nx);
  }

  @Benchmark
  public double[] log2Loop() {
    for (int i = 0; i < N; i++) {
      out[i] = Math.log(x[i]) / 0.6931471805599453;
    }
    return out;
  }
}
