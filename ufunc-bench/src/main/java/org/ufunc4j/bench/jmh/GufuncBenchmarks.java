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
import org.ufunc4j.gufunc.F64Core;
import org.ufunc4j.gufunc.GUfunc;
import org.ufunc4j.gufunc.GUfuncCall;

/**
 * Issue 6's gufunc claims, each next to its floor. Measured 2026-11-24 on the shared 2-vCPU
 * machine; medians of the 10 iterations of {@code ./ufunc4j jmh 'GufuncBenchmarks' -f 2 -wi 3 -i 5
 * -prof gc}:
 *
 * <ul>
 *   <li>Per-outer-iteration overhead, at most 15 ns per row on one thread: an inner product {@code
 *       (i),(i)->()} with i = 3 over 10^6 rows (divide by 10^6 for ns per row) took 7.66 ms, i.e.
 *       7.7 ns per row, against 2.32 ms for the same loop over a {@code double[]} (17.5 to 20 ns
 *       per row before each gufunc ran its own copy of the row loop).
 *   <li>{@code asArray()} allocates nothing per row: {@code asArrayViewsGufunc} (two views' arrays
 *       per row, 10^6 rows) allocated 3682 B per call (views bound once per call and thread), 8.39
 *       ms.
 *   <li>W6, {@code c = a^b} on 4096x4096 float64, kernels applying {@code Ufuncs.power} to their
 *       core views, threads 1 / 2. Session 6 (2026-12-02), two runs of {@code ./ufunc4j jmh
 *       'GufuncBenchmarks.w6' -f 2 -wi 3 -i 5} (the first with {@code -prof gc}) in a slow phase
 *       of the machine (the seed runner's copy bandwidth then: 35.5 / 40.3 GB/s): the power ufunc
 *       on the whole arrays (the floor) 33.7 / 17.8 and 32.6 / 19.9 ms; {@code (nx,ny)} 34.5 /
 *       19.5 (second run); {@code (ny)} declared elementwise ({@code parallelOver("ny")}, rows
 *       joined) 30.6 / 19.4 and 33.1 / 17.1; {@code (ny)} per row 39.9 / 21.8 and 30.8 / 19.6.
 *       The errors (+-2 to 7 ms) are as large as the differences; the seed runner's side-by-side
 *       medians are in docs/benchmarks.md. Allocation: 4.4 to 8 KB per call (views bound once per
 *       call and thread), nothing per row.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class GufuncBenchmarks {
  private static final int ROWS = 1_000_000;
  private static final GUfunc INNER = GUfunc.guvectorize("void(float64[:], float64[:], float64)", "(i),(i)->()", core -> {
    F64Core a = core.f64(0);
    F64Core b = core.f64(1);
    double s = 0;
    for (long k = 0; k < a.size(0); k++) {
      s += a.get(k) * b.get(k);
    }
    core.f64(2).set(s);
  });

  // goal 1 of issue 6: asArray() of every view in every row; -prof gc shows the bytes per call
  // (views bound once per call), not per row
  private static final GUfunc VIEWS = GUfunc.guvectorize("void(float64[:], float64[:], float64)", "(i),(i)->()", core -> {
    NDArray x = core.f64(0).asArray();
    NDArray y = core.f64(1).asArray();
    core.f64(2).set(x.size() + y.size());
  });

  private NDArray a;
  private NDArray b;
  private GUfuncCall into;
  private GUfuncCall views;
  private double[] ra;
  private double[] rb;
  private double[] rout;

  @Setup(Level.Trial)
  public void setUp() {
    a = NDArray.random(DType.FLOAT64, 1, ROWS, 3);
    b = NDArray.random(DType.FLOAT64, 2, ROWS, 3);
    NDArray out = NDArray.zeros(DType.FLOAT64, ROWS);
    into = INNER.out(out);
    views = VIEWS.out(out);
    ra = (double[]) a.heapArray();
    rb = (double[]) b.heapArray();
    rout = (double[]) out.heapArray();
  }

  @Benchmark
  public NDArray innerProductGufunc() {
    return into.apply(a, b);
  }

  @Benchmark
  public NDArray asArrayViewsGufunc() {
    return views.apply(a, b);
  }

  @Benchmark
  public double[] innerProductJavaLoop() {
    double[] x = ra;
    double[] y = rb;
    double[] o = rout;
    for (int r = 0; r < ROWS; r++) {
      double s = 0;
      for (int k = 0; k < 3; k++) {
        s += x[3 * r + k] * y[3 * r + k];
      }
      o[r] = s;
    }
    return o;
  }

  // W6 (c = a^b, float64 4096x4096, b = 2a) with kernels that apply a ufunc to their core views,
  // next to the plain whole-array ufunc call: the floor the gufunc can reach. POW_ROWS runs one
  // kernel call per row; POW_ROWS_JOINED declares ny elementwise, so contiguous rows join.
  private static final GUfunc POW_ROWS = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
      core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()));
  private static final GUfunc POW_ROWS_JOINED = POW_ROWS.parallelOver("ny");
  private static final GUfunc POW_BLOCK = GUfunc.guvectorize("void(float64[:,:], float64[:,:], float64[:,:])", "(nx,ny),(nx,ny)->(nx,ny)",
      core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()))
      .parallelOver("nx");

  /** W6's operands, shared by the W6 benchmarks; threads 1 and 2 (PARALLEL). */
  @State(Scope.Benchmark)
  public static class W6 {
    @Param({"1", "2"})
    public int threads;

    NDArray a;
    NDArray b;
    UfuncCall plain;
    GUfuncCall rows;
    GUfuncCall rowsJoined;
    GUfuncCall block;

    @Setup(Level.Trial)
    public void setUp() {
      a = NDArray.random(DType.FLOAT64, 4, 4096, 4096);
      b = Ufuncs.multiply.apply(a, 2.0);
      NDArray c = NDArray.zeros(DType.FLOAT64, 4096, 4096);
      plain = Ufuncs.power.target(Target.PARALLEL).threads(threads).out(c);
      rows = POW_ROWS.target(Target.PARALLEL).threads(threads).out(c);
      rowsJoined = POW_ROWS_JOINED.target(Target.PARALLEL).threads(threads).out(c);
      block = POW_BLOCK.target(Target.PARALLEL).threads(threads).out(c);
    }
  }

  @Benchmark
  public NDArray w6PowerUfunc(W6 s) {
    return s.plain.apply(s.a, s.b);
  }

  @Benchmark
  public NDArray w6RowsUfuncGufunc(W6 s) {
    return s.rows.apply(s.a, s.b);
  }

  @Benchmark
  public NDArray w6RowsJoinedUfuncGufunc(W6 s) {
    return s.rowsJoined.apply(s.a, s.b);
  }

  @Benchmark
  public NDArray w6BlockUfuncGufunc(W6 s) {
    return s.block.apply(s.a, s.b);
  }
}
