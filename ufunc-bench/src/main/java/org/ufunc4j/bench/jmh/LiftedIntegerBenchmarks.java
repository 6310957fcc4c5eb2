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
 * Integer code the SIMD compiler lifts since session 7, each ufunc next to the plain loop, 64K
 * elements (cache-resident), output preallocated, one thread: a Hamming distance {@code
 * Long.bitCount(a ^ b)} of long arrays, int arithmetic on an {@code (int)} cast inside a
 * double lambda, {@code (int) x % 2 == 0 ? x : -x}, and (session 8) long arithmetic on the long
 * parameter of a mixed lambda in long lanes, {@code n % 2 == 0 ? x * (n + 1) : -x}, and a float
 * lambda's int arithmetic in int lanes on float32, {@code ((int) (v * 256f) & 0xFF) * (1f / 255)}
 * (a loop C2 vectorises itself) and {@code (int) v % 2 == 0 ? v : -v} (one it does not).
 *
 * <p>Run: {@code ./ufunc4j jmh LiftedInteger -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class LiftedIntegerBenchmarks {
  private static final int N = 1 << 16;
  private static final Ufunc HAMMING = Ufunc.vectorize("int64(int64, int64)", (Fn.LongBinary) (a, b) -> Long.bitCount(a ^ b));
  private static final Ufunc PARITY = Ufunc.vectorize("float64(float64)", x -> (int) x % 2 == 0 ? x : -x);
  private static final Ufunc QUANTIZE32 = Ufunc.vectorize("float32(float32)",
      (Fn.FloatUnary) v -> ((int) (v * 256f) & 0xFF) * (1f / 255));
  private static final Ufunc PARITY32 = Ufunc.vectorize("float32(float32)", (Fn.FloatUnary) v -> (int) v % 2 == 0 ? v : -v);
  private static final Ufunc MIXED = Ufunc.vectorize("float64(float64, int64)",
      (Fn.DoubleLongToDouble) (x, n) -> n % 2 == 0 ? x * (n + 1) : -x);

  private long[] a;
  private long[] b;
  private long[] counts;
  private double[] x;
  private double[] out;
  private UfuncCall hammingInto;
  private UfuncCall parityInto;
  private NDArray na;
  private NDArray nb;
  private NDArray nx;
  private UfuncCall mixedInto;
  private UfuncCall quantizeInto;
  private UfuncCall parity32Into;
  private float[] v32;
  private float[] out32;
  private NDArray nv32;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    a = new long[N];
    b = new long[N];
    x = new double[N];
    for (int i = 0; i < N; i++) {
      a[i] = r.nextLong();
      b[i] = r.nextLong();
      x[i] = r.nextDouble(-1000, 1000);
    }
    counts = new long[N];
    out = new double[N];
    na = NDArray.of(a);
    nb = NDArray.of(b);
    nx = NDArray.of(x);
    hammingInto = HAMMING.out(NDArray.zeros(DType.INT64, N));
    parityInto = PARITY.out(NDArray.zeros(DType.FLOAT64, N));
    mixedInto = MIXED.out(NDArray.zeros(DType.FLOAT64, N));
    v32 = new float[N];
    for (int i = 0; i < N; i++) {
      v32[i] = (float) r.nextDouble(-2, 2);
    }
    out32 = new float[N];
    nv32 = NDArray.of(v32);
    quantizeInto = QUANTIZE32.out(NDArray.zeros(DType.FLOAT32, N));
    parity32Into = PARITY32.out(NDArray.zeros(DType.FLOAT32, N));
  }

  @Benchmark
  public NDArray hammingUfunc() {
    return hammingInto.apply(na, nb);
  }

  @Benchmark
  public long[] hammingLoop() {
    for (int i = 0; i < N; i++) {
      counts[i] = Long.bitCount(a[i] ^ b[i]);
    }
    return counts;
  }

  @Benchmark
  public NDArray parityUfunc() {
    return parityInto.apply(nx);
  }

  @Benchmark
  public double[] parityLoop() {
    for (int i = 0; i < N; i++) {
      double v = x[i];
      out[i] = (int) v % 2 == 0 ? v : -v;
    }
    return out;
  }

  @Benchmark
  public NDArray mixedUfunc() {
    return mixedInto.apply(nx, na);
  }

  @Benchmark
  public double[] mixedLoop() {
    for (int i = 0; i < N; i++) {
      double v = x[i];
      long n = a[i];
      out[i] = n % 2 == 0 ? v * (n + 1) : -v;
    }
    return out;
  }

  @Benchmark
  public NDArray quantize32Ufunc() {
    return quantizeInto.apply(nv32);
  }

  @Benchmark
  public float[] quantize32Loop() {
    for (int i = 0; i < N; i++) {
      out32[i] = ((int) (v32[i] * 256f) & 0xFF) * (1f / 255);
    }
    return out32;
  }

  @Benchmark
  public NDArray parity32Ufunc() {
    return parity32Into.apply(nv32);
  }

  @Benchmark
  public float[] parity32Loop() {
    for (int i = 0; i < N; i++) {
      float v = v32[i];
      out32[i] = (int) v % 2 == 0 ? v : -v;
    }
    return out32;
  }
}
