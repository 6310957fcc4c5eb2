package org.ufunc4j.bench.jmh;

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
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * First-call latency of a new ufunc on 1M float64 elements: loop generation, class definition and
 * the first (partly interpreted) pass, in a fresh JVM per measurement. Issue 5's claim: the first
 * call of a new lambda returns a correct result within 50 ms. Measured (15 forks, 2026-12-01): median
 * 48.2 ms (43.9 to 59.5), with tier 0 running the first call and the kernels generated after it.
 * Session 6 ({@code -f 8}, a slow phase of the machine): the float64 lambda 30.5 +- 29.4 ms; the
 * same lambda on an int32 array of 0..9 (tier 0 converting per element; it waited ~350 ms for
 * generation before) 39.4 +- 24.6; as a double lambda on a float32 loop (scalar kernel generated
 * on the call, SIMD after it; both on the call before) 88.6 +- 20.4. Session 7 (medians of 20-40
 * forks, side by side, docs/jmh.md): double lambda on float32 91.0 with session 6's code, 47.3
 * after one-time JVM costs (serialization, method-handle bootstraps, the Vector API's
 * initialisation) left that path; float64 30-34 and int32 input 40-47 throughout.
 *
 * <p>Run: {@code ./ufunc4j jmh 'FirstCallBenchmarks' -f 10}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class FirstCallBenchmarks {
  private NDArray x;
  private NDArray x32;
  private NDArray i32;

  @Setup(Level.Trial)
  public void setUp() {
    x = NDArray.random(DType.FLOAT64, 1, 1_000_000);
    x32 = NDArray.random(DType.FLOAT32, 1, 1_000_000);
    // values 0..9: the same kind of arguments for exp and sin as x (large ones make sin slower)
    i32 = org.ufunc4j.Ufuncs.multiply.apply(x, 10.0).astype(DType.INT32, org.ufunc4j.Casting.UNSAFE);
  }

  /** An int32 array on a float64 lambda: tier 0 converts per element (session 6). */
  @Benchmark
  public NDArray firstCallOnInt32Input() {
    Ufunc f = Ufunc.vectorize("float64(float64)", v -> Math.exp(-v * v) * Math.sin(v));
    return f.apply(i32);
  }

  /**
   * W1's form: a double lambda on a float32 loop, which rounds after every operation, so tier 0
   * cannot run it; its scalar kernel is generated on the call, the SIMD one after it.
   */
  @Benchmark
  public NDArray firstCallOfADoubleLambdaOnFloat32() {
    Ufunc f = Ufunc.vectorize("float32(float32)", v -> Math.exp(-v * v) * Math.sin(v));
    return f.apply(x32);
  }

  /** The same on the PARALLEL target (all cores; worker threads started on this call). */
  @Benchmark
  public NDArray firstParallelCallOfANewLambda() {
    Ufunc f = Ufunc.vectorize("float64(float64)", v -> Math.exp(-v * v) * Math.sin(v));
    return f.target(org.ufunc4j.Target.PARALLEL).apply(x);
  }

  @Benchmark
  public NDArray firstCallOfANewLambda() {
    Ufunc f = Ufunc.vectorize("float64(float64)", v -> Math.exp(-v * v) * Math.sin(v));
    return f.apply(x);
  }
}
