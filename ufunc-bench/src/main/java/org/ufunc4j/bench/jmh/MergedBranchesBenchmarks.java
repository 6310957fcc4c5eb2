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

/**
 * Session 13's merged branches next to plain Java loops, 64K cache-resident doubles in [-10, 10),
 * output preallocated, one thread: a lambda of eight sequential ifs (2^8 paths, beyond the
 * lifter's 64 before: it ran as tier A, at the loop's speed) and a loop of 12 turns with an
 * if/else on the data inside (6 turns were the limit before). Random data makes the plain
 * loops' branches unpredictable; the SIMD kernels blend instead.
 *
 * <p>Run: {@code ./ufunc4j jmh MergedBranches -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MergedBranchesBenchmarks {
  private static final int N = 1 << 16;

  static double sequentialIfs(double x) {
    double v = x;
    int n = 0;
    if (v < 0) {
      v = -v;
      n++;
    }
    if (v > 8) {
      v = 8;
      n += 2;
    }
    if (v < 0.5) {
      v *= 2;
    } else {
      v -= 0.25;
    }
    if (v != v) {
      v = 0;
    }
    if (x > 3) {
      n += 4;
    }
    if (x == 0) {
      v = -0.0;
    }
    if (n > 2) {
      v = v * n;
    } else {
      v = v - n;
    }
    if (x < -5) {
      n = 7;
    }
    return v + n * 0.125;
  }

  static double branchInLoop(double x) {
    double v = x;
    for (int k = 0; k < 12; k++) {
      if (v > 1) {
        v = v * 0.5 - 0.125;
      } else {
        v = v * v + 0.75;
      }
    }
    return v;
  }

  private static final Fn.DoubleUnary SEQUENTIAL = MergedBranchesBenchmarks::sequentialIfs;
  private static final Fn.DoubleUnary IN_LOOP = MergedBranchesBenchmarks::branchInLoop;

  private double[] x;
  private double[] out;
  private NDArray nx;
  private UfuncCall sequentialInto;
  private UfuncCall inLoopInto;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(13);
    x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = r.nextDouble(-10, 10);
    }
    out = new double[N];
    nx = NDArray.of(x);
    sequentialInto = Ufunc.vectorize("float64(float64)", SEQUENTIAL).out(NDArray.zeros(DType.FLOAT64, N));
    inLoopInto = Ufunc.vectorize("float64(float64)", IN_LOOP).out(NDArray.zeros(DType.FLOAT64, N));
  }

  @Benchmark
  public NDArray sequentialIfsUfunc() {
    return sequentialInto.apply(nx);
  }

  @Benchmark
  public double[] sequentialIfsLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = sequentialIfs(x[i]);
    }
    return out;
  }

  @Benchmark
  public NDArray branchInLoopUfunc() {
    return inLoopInto.apply(nx);
  }

  @Benchmark
  public double[] branchInLoopLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = branchInLoop(x[i]);
    }
    return out;
  }
}
