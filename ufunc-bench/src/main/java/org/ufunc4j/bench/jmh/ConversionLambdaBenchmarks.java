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
 * Session 14's lifts through 64-bit lanes next to plain Java loops over the same arrays (4096
 * cache-resident elements, output preallocated, one thread): an int32 lambda with a long product
 * and a double scale ({@code (int) ((long) x * x >> 16) + (int) (x * 0.75)}, computed in long
 * lanes with double lanes beside them), an int64 lambda with a double square root, and a float
 * lambda with double constants ({@code (float) (0.299 * a + 0.587 * b)}, float64 IR rounded to
 * float). Before session 14 each of them ran as tier A, a loop calling the lambda. Compare each
 * ufunc with its loop in one run; add {@code -jvmArgsAppend -XX:UseAVX=2} for 256-bit vectors.
 *
 * <p>Run: {@code ./ufunc4j jmh ConversionLambda -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class ConversionLambdaBenchmarks {
  private static final int N = 4096;

  private static final Fn.IntUnary INT_WITH_LONG_AND_DOUBLE = x -> (int) ((long) x * x >> 16) + (int) (x * 0.75);
  private static final Fn.LongUnary LONG_SQRT = x -> (long) Math.sqrt((double) x) + (long) (x * 0.5);
  private static final Fn.FloatBinary LUMA = (a, b) -> (float) (0.299 * a + 0.587 * b);

  private int[] xi;
  private int[] outI;
  private long[] xl;
  private long[] outL;
  private float[] xf;
  private float[] yf;
  private float[] outF;
  private NDArray nxi;
  private NDArray nxl;
  private NDArray nxf;
  private NDArray nyf;
  private UfuncCall intInto;
  private UfuncCall longInto;
  private UfuncCall lumaInto;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(14);
    xi = new int[N];
    xl = new long[N];
    xf = new float[N];
    yf = new float[N];
    for (int i = 0; i < N; i++) {
      xi[i] = r.nextInt(-1_000_000_000, 1_000_000_000);
      xl[i] = r.nextLong(0, 1L << 40);
      xf[i] = (float) r.nextDouble();
      yf[i] = (float) r.nextDouble();
    }
    outI = new int[N];
    outL = new long[N];
    outF = new float[N];
    nxi = NDArray.of(xi);
    nxl = NDArray.of(xl);
    nxf = NDArray.of(xf);
    nyf = NDArray.of(yf);
    intInto = Ufunc.vectorize("int32(int32)", INT_WITH_LONG_AND_DOUBLE).out(NDArray.zeros(DType.INT32, N));
    longInto = Ufunc.vectorize("int64(int64)", LONG_SQRT).out(NDArray.zeros(DType.INT64, N));
    lumaInto = Ufunc.vectorize("float32(float32, float32)", LUMA).out(NDArray.zeros(DType.FLOAT32, N));
  }

  @Benchmark
  public NDArray intWithLongAndDoubleUfunc() {
    return intInto.apply(nxi);
  }

  @Benchmark
  public int[] intWithLongAndDoubleLoop() {
    for (int i = 0; i < N; i++) {
      outI[i] = INT_WITH_LONG_AND_DOUBLE.applyAsInt(xi[i]);
    }
    return outI;
  }

  @Benchmark
  public NDArray longSqrtUfunc() {
    return longInto.apply(nxl);
  }

  @Benchmark
  public long[] longSqrtLoop() {
    for (int i = 0; i < N; i++) {
      outL[i] = LONG_SQRT.applyAsLong(xl[i]);
    }
    return outL;
  }

  @Benchmark
  public NDArray lumaUfunc() {
    return lumaInto.apply(nxf, nyf);
  }

  @Benchmark
  public float[] lumaLoop() {
    for (int i = 0; i < N; i++) {
      outF[i] = LUMA.applyAsFloat(xf[i], yf[i]);
    }
    return outF;
  }
}
