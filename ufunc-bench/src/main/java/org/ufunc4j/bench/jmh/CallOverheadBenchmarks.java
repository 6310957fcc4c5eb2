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
import org.ufunc4j.UfuncCall;
import org.ufunc4j.Ufuncs;

/**
 * Per-call overhead of a binary ufunc on tiny arrays (issue 4: at most 150 ns on 1-element arrays;
 * a NumPy ufunc costs about 300 ns here, a Numba {@code @vectorize} 275 ns), and PARALLEL never
 * slower than CPU on small arrays (1 to 10^4 elements). Run with {@code -prof gc} to see the
 * allocation per call.
 *
 * <p>Run: {@code ./ufunc4j jmh 'CallOverheadBenchmarks' -f 3 -wi 5 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class CallOverheadBenchmarks {
  @Param({"1", "100", "10000"})
  public int n;

  private NDArray a;
  private NDArray b;
  private UfuncCall addInto;
  private UfuncCall addIntoParallel;

  @Setup(Level.Trial)
  public void setUp() {
    a = NDArray.random(DType.FLOAT64, 1, n);
    b = NDArray.random(DType.FLOAT64, 2, n);
    NDArray out = NDArray.zeros(DType.FLOAT64, n);
    addInto = Ufuncs.add.out(out);
    addIntoParallel = Ufuncs.add.target(Target.PARALLEL).out(out);
  }

  /** Binary ufunc into a preallocated output. */
  @Benchmark
  public NDArray addOut() {
    return addInto.apply(a, b);
  }

  /** Binary ufunc allocating its output, as {@code np.add(a, b)}. */
  @Benchmark
  public NDArray addAllocating() {
    return Ufuncs.add.apply(a, b);
  }

  /** PARALLEL on small arrays: must not be slower than {@link #addOut}. */
  @Benchmark
  public NDArray addOutParallel() {
    return addIntoParallel.apply(a, b);
  }
}
