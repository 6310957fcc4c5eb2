package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.internal.exec.ElementwiseExecutor;

/**
 * Flat runs longer than one kernel call ({@link ElementwiseExecutor#RUN} elements): every element
 * computed once, at the right offset, on CPU and on PARALLEL with any thread count and a forced
 * split, for views that start inside their array, broadcast scalars, float32 and float64; each
 * result is compared with the plain lambda element by element, not only CPU with PARALLEL.
 */
class LongRunsTest {
  private static final long RUN = ElementwiseExecutor.RUN;
  private static final long BLOCK = ElementwiseExecutor.BLOCK;
  private static final long[] SIZES = {RUN - 1, RUN, RUN + 1, 2 * RUN + BLOCK + 7, 3 * RUN - BLOCK, 5 * RUN + 13};

  private static double f(double x, double y) {
    return (x * 3.5 - y) * x / 7 + Math.sqrt(Math.abs(x));
  }

  @Test
  void longFlatRunsMatchTheLambdaElementByElement() {
    Ufunc g = Ufunc.vectorize(java.util.List.of("float32(float32, float32)", "float64(float64, float64)"), LongRunsTest::f);
    long before = Target.parallelThresholdNanos();
    try {
      for (boolean forceSplit : new boolean[] {false, true}) {
        Target.setParallelThresholdNanos(forceSplit ? 0 : before);
        for (long n : SIZES) {
          // a view starting 3 elements into its array: kernels see a non-zero offset
          NDArray whole = NDArray.random(DType.FLOAT64, n, n + 3);
          NDArray x = whole.slice("3:");
          NDArray y = NDArray.random(DType.FLOAT64, n + 1, n);
          double[] xs = x.toDoubleArray();
          double[] ys = y.toDoubleArray();
          NDArray x32 = x.astype(DType.FLOAT32);
          float[] xs32 = x32.toFloatArray();
          for (int threads = 1; threads <= 3; threads++) {
            String what = "n=" + n + " threads=" + threads + (forceSplit ? " (split)" : "");
            NDArray got = g.target(Target.PARALLEL).threads(threads).apply(x, y);
            NDArray gotBroadcast = g.target(Target.PARALLEL).threads(threads).apply(x, 0.25);
            NDArray got32 = g.target(Target.PARALLEL).threads(threads).apply(x32, NDArray.scalar(DType.FLOAT32, 0.5));
            double[] r = got.toDoubleArray();
            double[] rb = gotBroadcast.toDoubleArray();
            float[] r32 = got32.toFloatArray();
            for (int i = 0; i < n; i++) {
              assertEquals(f(xs[i], ys[i]), r[i], what + " at " + i);
              assertEquals(f(xs[i], 0.25), rb[i], what + " broadcast at " + i);
              float want32 = (float) ((xs32[i] * 3.5f - 0.5f) * xs32[i] / 7f + (float) Math.sqrt(Math.abs(xs32[i])));
              assertEquals(want32, r32[i], what + " float32 at " + i);
            }
          }
          // and the CPU target, into an out view that also starts inside its array
          NDArray outWhole = NDArray.zeros(DType.FLOAT64, n + 5);
          NDArray out = outWhole.slice("5:");
          g.out(out).apply(x, y);
          double[] r = out.toDoubleArray();
          for (int i = 0; i < n; i++) {
            assertEquals(f(xs[i], ys[i]), r[i], "CPU into a view, n=" + n + " at " + i);
          }
          for (int i = 0; i < 5; i++) {
            assertEquals(0.0, outWhole.getDouble(i), "element before the out view written, n=" + n);
          }
        }
      }
    } finally {
      Target.setParallelThresholdNanos(before);
    }
  }

  /**
   * Runs that are not one flat loop (a row broadcast against a matrix, every 2nd element,
   * reversed): the executor cuts each inner run into blocks and hands consecutive blocks of one
   * run to the kernel together; strided operands are packed a block at a time.
   */
  @Test
  void longInnerRunsOfBroadcastStridedAndReversedOperands() {
    Ufunc g = Ufunc.vectorize("float64(float64, float64)", LongRunsTest::f);
    long before = Target.parallelThresholdNanos();
    try {
      for (boolean forceSplit : new boolean[] {false, true}) {
        Target.setParallelThresholdNanos(forceSplit ? 0 : before);
        for (long n : new long[] {RUN + 1, 2 * RUN + BLOCK + 7}) {
          NDArray matrix = NDArray.random(DType.FLOAT64, n, 3, n);
          NDArray row = NDArray.random(DType.FLOAT64, n + 7, n);
          NDArray everyOther = NDArray.random(DType.FLOAT64, n + 9, 2 * n).slice("::2");
          NDArray reversed = NDArray.random(DType.FLOAT64, n + 11, n).flip(0);
          for (int threads = 1; threads <= 3; threads++) {
            String what = "n=" + n + " threads=" + threads + (forceSplit ? " (split)" : "");
            NDArray broadcast = g.target(Target.PARALLEL).threads(threads).apply(matrix, row);
            for (int r = 0; r < 3; r++) {
              for (long i = 0; i < n; i++) {
                assertEquals(f(matrix.getDouble(r, i), row.getDouble(i)), broadcast.getDouble(r, i), what + " broadcast row at " + r + "," + i);
              }
            }
            NDArray strided = g.target(Target.PARALLEL).threads(threads).apply(everyOther, reversed);
            for (long i = 0; i < n; i++) {
              assertEquals(f(everyOther.getDouble(i), reversed.getDouble(i)), strided.getDouble(i), what + " strided/reversed at " + i);
            }
            // a strided output as well
            NDArray outWhole = NDArray.zeros(DType.FLOAT64, 2 * n);
            g.target(Target.PARALLEL).threads(threads).out(outWhole.slice("1::2")).apply(reversed, everyOther);
            for (long i = 0; i < n; i++) {
              assertEquals(f(reversed.getDouble(i), everyOther.getDouble(i)), outWhole.getDouble(2 * i + 1), what + " strided out at " + i);
              assertEquals(0.0, outWhole.getDouble(2 * i), what + " element between strided outputs written at " + i);
            }
          }
        }
      }
    } finally {
      Target.setParallelThresholdNanos(before);
    }
  }
}
