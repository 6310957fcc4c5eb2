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
 * The kernels session 12 changed for machines without AVX-512 (where the JDK has no SIMD pow or
 * float64 tanh, no 64-bit vector abs and no long/double vector conversions), each next to the
 * plain Java loop: float64 and float32 {@code pow}, float64 {@code tanh}, a float64 lambda on an
 * int64 array, long lanes of a mixed lambda, and int division by constants. 64K elements
 * (cache-resident), output preallocated, one thread. On a 512-bit machine the same benchmarks
 * measure the SVML and AVX-512 paths instead.
 *
 * <p>Run: {@code ./ufunc4j jmh Below512 -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class Below512Benchmarks {
  private static final int N = 1 << 16;
  private static final Ufunc POW = Ufunc.vectorize("float64(float64, float64)", (a, b) -> Math.pow(a, b));
  private static final Ufunc POW32 = Ufunc.vectorize("float32(float32, float32)", (Fn.FloatBinary) (a, b) -> (float) Math.pow(a, b));
  private static final Ufunc TANH = Ufunc.vectorize("float64(float64)", v -> Math.tanh(v));
  private static final Ufunc AFFINE = Ufunc.vectorize("float64(float64)", v -> v * 2 + 1);
  private static final Ufunc MIXED = Ufunc.vectorize("float64(float64, int64)",
      (Fn.DoubleLongToDouble) (x, n) -> n % 2 == 0 ? x * (n + 1) : -x);
  private static final Ufunc DIGITS = Ufunc.vectorize("int32(int32)", (Fn.IntUnary) a -> a / 10 + a % 7);

  private double[] x;
  private double[] y;
  private float[] xf;
  private float[] yf;
  private long[] n;
  private int[] k;
  private double[] out;
  private float[] outf;
  private int[] outk;
  private UfuncCall powInto;
  private UfuncCall pow32Into;
  private UfuncCall tanhInto;
  private UfuncCall affineInto;
  private UfuncCall mixedInto;
  private UfuncCall digitsInto;
  private NDArray nx;
  private NDArray ny;
  private NDArray nxf;
  private NDArray nyf;
  private NDArray nn;
  private NDArray nk;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(12);
    x = new double[N];
    y = new double[N];
    xf = new float[N];
    yf = new float[N];
    n = new long[N];
    k = new int[N];
    for (int i = 0; i < N; i++) {
      x[i] = r.nextDouble();
      y[i] = 2 * x[i]; // W5's a^(2a)
      xf[i] = (float) x[i];
      yf[i] = (float) y[i];
      n[i] = r.nextLong() >> r.nextInt(64);
      k[i] = r.nextInt();
    }
    out = new double[N];
    outf = new float[N];
    outk = new int[N];
    nx = NDArray.of(x);
    ny = NDArray.of(y);
    nxf = NDArray.of(xf);
    nyf = NDArray.of(yf);
    nn = NDArray.of(n);
    nk = NDArray.of(k);
    powInto = POW.call().out(NDArray.zeros(DType.FLOAT64, N));
    pow32Into = POW32.call().out(NDArray.zeros(DType.FLOAT32, N));
    tanhInto = TANH.call().out(NDArray.zeros(DType.FLOAT64, N));
    affineInto = AFFINE.call().out(NDArray.zeros(DType.FLOAT64, N));
    mixedInto = MIXED.call().out(NDArray.zeros(DType.FLOAT64, N));
    digitsInto = DIGITS.call().out(NDArray.zeros(DType.INT32, N));
  }

  @Benchmark
  public NDArray powUfunc() {
    return powInto.apply(nx, ny);
  }

  @Benchmark
  public double[] powLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = Math.pow(x[i], y[i]);
    }
    return out;
  }

  @Benchmark
  public NDArray pow32Ufunc() {
    return pow32Into.apply(nxf, nyf);
  }

  @Benchmark
  public float[] pow32Loop() {
    for (int i = 0; i < N; i++) {
      outf[i] = (float) Math.pow(xf[i], yf[i]);
    }
    return outf;
  }

  @Benchmark
  public NDArray tanhUfunc() {
    return tanhInto.apply(nx);
  }

  @Benchmark
  public double[] tanhLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = Math.tanh(x[i]);
    }
    return out;
  }

  /** A float64 lambda on an int64 array: the long-to-double conversion at load. */
  @Benchmark
  public NDArray int64InputUfunc() {
    return affineInto.apply(nn);
  }

  @Benchmark
  public double[] int64InputLoop() {
    for (int i = 0; i < N; i++) {
      out[i] = n[i] * 2.0 + 1;
    }
    return out;
  }

  @Benchmark
  public NDArray mixedLongLanesUfunc() {
    return mixedInto.apply(nx, nn);
  }

  @Benchmark
  public double[] mixedLongLanesLoop() {
    for (int i = 0; i < N; i++) {
      long m = n[i];
      out[i] = m % 2 == 0 ? x[i] * (m + 1) : -x[i];
    }
    return out;
  }

  @Benchmark
  public NDArray intDivisionUfunc() {
    return digitsInto.apply(nk);
  }

  @Benchmark
  public int[] intDivisionLoop() {
    for (int i = 0; i < N; i++) {
      outk[i] = k[i] / 10 + k[i] % 7;
    }
    return outk;
  }
}
