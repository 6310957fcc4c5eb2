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
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncCall;
import org.ufunc4j.Ufuncs;

/**
 * Scalar-loop vs ufunc pairs for standard ufuncs and dtypes, at sizes that are not multiples of
 * any lane count. The claim: a standard ufunc with {@code out} is never slower than the plain Java
 * loop computing the same thing (within noise), and faster where the SIMD tier applies. Each
 * {@code loop} case is its own loop (no switch inside the element loop).
 *
 * <p>Run: {@code ./ufunc4j jmh 'StandardUfuncBenchmarks' -f 2 -wi 3 -i 5} (add {@code -prof gc}
 * to see that a call with {@code out} allocates almost nothing: a few small objects per call, no
 * per-element allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class StandardUfuncBenchmarks {
  @Param({"add", "multiply", "sqrt", "sin", "exp", "log", "maximum", "floor_divide"})
  public String op;

  @Param({"float64", "float32"})
  public String dtype;

  @Param({"1021", "100003"})
  public int n;

  private NDArray x;
  private NDArray y;
  private UfuncCall call;
  private boolean binary;
  private double[] xd;
  private double[] yd;
  private double[] od;
  private float[] xf;
  private float[] yf;
  private float[] of;

  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    DType t = DType.of(dtype);
    x = NDArray.random(t, 1, n);
    y = Ufuncs.add.apply(NDArray.random(t, 2, n), 0.5);
    NDArray out = NDArray.zeros(t, n);
    Ufunc u = (Ufunc) Ufuncs.class.getField(op).get(null);
    binary = u.nin() == 2;
    call = u.out(out);
    if (t == DType.FLOAT64) {
      xd = (double[]) x.heapArray();
      yd = (double[]) y.heapArray();
      od = (double[]) out.heapArray();
    } else {
      xf = (float[]) x.heapArray();
      yf = (float[]) y.heapArray();
      of = (float[]) out.heapArray();
    }
  }

  @Benchmark
  public NDArray ufunc() {
    return binary ? call.apply(x, y) : call.apply(x);
  }

  @Benchmark
  public Object loop() {
    return xd != null ? loopF64() : loopF32();
  }

  private double[] loopF64() {
    double[] a = xd;
    double[] b = yd;
    double[] o = od;
    switch (op) {
      case "add" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] + b[i]; }
      case "multiply" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] * b[i]; }
      case "sqrt" -> { for (int i = 0; i < o.length; i++) o[i] = Math.sqrt(a[i]); }
      case "sin" -> { for (int i = 0; i < o.length; i++) o[i] = Math.sin(a[i]); }
      case "exp" -> { for (int i = 0; i < o.length; i++) o[i] = Math.exp(a[i]); }
      case "log" -> { for (int i = 0; i < o.length; i++) o[i] = Math.log(a[i]); }
      case "maximum" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] >= b[i] || Double.isNaN(a[i]) ? a[i] : b[i]; }
      case "floor_divide" -> { for (int i = 0; i < o.length; i++) o[i] = Math.floor(a[i] / b[i]); }
      default -> throw new IllegalArgumentException(op);
    }
    return o;
  }

  private float[] loopF32() {
    float[] a = xf;
    float[] b = yf;
    float[] o = of;
    switch (op) {
      case "add" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] + b[i]; }
      case "multiply" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] * b[i]; }
      case "sqrt" -> { for (int i = 0; i < o.length; i++) o[i] = (float) Math.sqrt(a[i]); }
      case "sin" -> { for (int i = 0; i < o.length; i++) o[i] = (float) Math.sin(a[i]); }
      case "exp" -> { for (int i = 0; i < o.length; i++) o[i] = (float) Math.exp(a[i]); }
      case "log" -> { for (int i = 0; i < o.length; i++) o[i] = (float) Math.log(a[i]); }
      case "maximum" -> { for (int i = 0; i < o.length; i++) o[i] = a[i] >= b[i] || Float.isNaN(a[i]) ? a[i] : b[i]; }
      case "floor_divide" -> { for (int i = 0; i < o.length; i++) o[i] = (float) Math.floor(a[i] / b[i]); }
      default -> throw new IllegalArgumentException(op);
    }
    return o;
  }
}
