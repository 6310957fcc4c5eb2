package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.assertBits;
import static org.ufunc4j.simd.SimdAsserts.assertLiftedToSimd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * int (and long) arithmetic on {@code (int)} casts and constants inside float64 lambdas lifts,
 * held as exact doubles: compared bit for bit with the plain lambda at the int range's edges (where
 * Java's int arithmetic wraps), halves, NaN, infinities and raw bits, contiguous, reversed and
 * after C2 has compiled the kernel. What a double cannot hold exactly (products of two ints,
 * {@code | ^}, other masks, variable shifts) computes in long lanes, as long arithmetic does
 * ({@code LongLanesTest}); in float32 loops ints compute in int lanes ({@code IntLanesTest}).
 */
class IntegerInFloatingLambdaTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 3000 : 2;

  private static final double[] SPECIAL = {Double.NaN, 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.0, -3.0, 7.99, -7.99,
      2147483647.0, 2147483647.9, 2147483648.0, -2147483648.0, -2147483648.9, -2147483649.0, 1e10, -1e10, 715827882.7,
      -715827883.4, 1073741824.0, -1073741825.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300};

  private static double[] inputs(long seed, int n) {
    return CastLiftingTest.inputs(seed, n, SPECIAL, 11);
  }

  private static final List<Fn.DoubleUnary> UNARY = List.of(
      x -> (int) x % 2 == 0 ? x : -x, // parity of the int part
      x -> (int) (x * 10) % 10 / 10.0, // a decimal digit
      x -> {
        int k = (int) x; // through a local
        return k * 3 + 1; // wraps beyond the int range, as Java's int does
      },
      x -> (int) x + Integer.MAX_VALUE, // wraps on add
      x -> (int) x - 7 * (int) (x / 2),
      x -> (long) (int) x * 1000L + 5, // long arithmetic on an int
      x -> (int) x / 4 + (int) x % 3,
      x -> -(int) x / -1, // MIN_VALUE / -1 wraps to MIN_VALUE
      x -> (int) x > 3 ? 1.0 : 0.0,
      x -> ((int) x - 5) % 7 == -3 ? x * 2 : x,
      x -> (int) x >= -2 && (int) x < 2 ? 0.25 : -x,
      x -> (int) x / 3000000 + (int) x % 3000001, // any constant divisor: |a| < 2^53 keeps the quotient exact
      // zeros: the double arithmetic may make -0.0 where Java's int is a plain 0
      x -> (double) -(int) x,
      x -> (double) ((int) x * -3),
      x -> (double) ((int) x * 0),
      x -> 1.0 / -(int) x,
      x -> Math.copySign(1.0, (double) (-(int) x % 4)),
      // masks 2^k - 1 and shifts by constants
      x -> (int) x & 1,
      x -> ((int) (x * 256) & 0xFF) / 255.0, // a byte of a scaled value
      x -> (long) (int) x & 0xFFFFL,
      x -> (int) x >> 3,
      x -> (int) x >>> 28, // negative ints: the unsigned 32 bits
      x -> (int) x >>> 0,
      x -> (int) x << 24, // the low byte moved up, wrapping as Java's int
      x -> (int) x << 33, // the count masked to 1
      x -> (long) (int) x << 20,
      x -> (long) (int) x >> 5,
      // Math on ints: abs of MIN_VALUE is MIN_VALUE, as in Java
      x -> Math.abs((int) x),
      x -> Math.max((int) x, -5) + Math.min((int) x, 7) * 0.5,
      x -> Math.abs((long) (int) x - 3));

  private static final List<Fn.DoubleBinary> BINARY = List.of(
      (x, y) -> (int) x < (int) y ? x : y,
      (x, y) -> (int) x - (int) y + 0.5,
      (x, y) -> (double) ((int) x % 5 + (int) y / 3));

  @Test
  void unaryLambdasEqualJava() {
    for (int k = 0; k < UNARY.size(); k++) {
      Fn.DoubleUnary fn = UNARY.get(k);
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      for (int n : new int[] {1, 7, 8, 9, 33, 1021}) {
        double[] x = inputs(k * 31L + n, n);
        NDArray a = NDArray.of(x);
        double[] got = f.apply(a).toDoubleArray();
        double[] rev = f.apply(a.flip(0)).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertBits(fn.applyAsDouble(x[i]), got[i], "lambda " + k + " x=" + x[i]);
          assertBits(fn.applyAsDouble(x[n - 1 - i]), rev[i], "lambda " + k + " reversed x=" + x[n - 1 - i]);
        }
      }
      double[] x = inputs(k, 1029);
      double[] hot = CastLiftingTest.hot(f, CALLS, NDArray.zeros(DType.FLOAT64, x.length), NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i]), hot[i], "lambda " + k + " compiled, x=" + x[i]);
      }
      assertLiftedToSimd(f, "IR (float64)", "lambda " + k);
    }
  }

  @Test
  void binaryLambdasEqualJava() {
    for (int k = 0; k < BINARY.size(); k++) {
      Fn.DoubleBinary fn = BINARY.get(k);
      Ufunc f = Ufunc.vectorize("float64(float64, float64)", fn);
      double[] x = inputs(100 + k, 1029);
      double[] y = inputs(200 + k, 1029);
      double[] hot = CastLiftingTest.hot(f, CALLS, NDArray.zeros(DType.FLOAT64, x.length), NDArray.of(x), NDArray.of(y)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i], y[i]), hot[i], "binary " + k + " x=" + x[i] + " y=" + y[i]);
      }
      assertLiftedToSimd(f, "IR (float64)", "binary " + k);
    }
  }

  /**
   * Each int wrap nests floor and rint, which use their operand several times: a chain of them
   * is a DAG with exponentially many paths, which the lifter, the passes and the code generator
   * must visit once per node (this one took 11.5 s with three wraps before they did; five would
   * take hours).
   */
  @Test
  void chainsOfIntWrapsLiftQuickly() {
    Fn.DoubleUnary fn = x -> {
      int k = (int) x;
      k += 3;
      k++;
      k -= 100000;
      k *= 7;
      k += Integer.MAX_VALUE;
      return k * 0.5;
    };
    double[] x = inputs(5, 1021);
    double[] got = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
        () -> Ufunc.vectorize("float64(float64)", fn).apply(NDArray.of(x)).toDoubleArray());
    for (int i = 0; i < x.length; i++) {
      assertBits(fn.applyAsDouble(x[i]), got[i], "x=" + x[i]);
    }
  }

  @Test
  void whatADoubleCannotHoldExactlyComputesInLongLanes() {
    Fn.DoubleUnary[] cases = {
      x -> (int) x * (int) x, // may reach 2^62: wraps as Java's int product
      x -> (int) x & 6, // not a 2^k - 1 mask
      x -> (int) x | 1,
      x -> (int) x ^ ((int) x >> 31),
      x -> (int) x << (int) (x * 7), // a variable count
    };
    double[] x = inputs(7, 1029);
    for (Fn.DoubleUnary fn : cases) {
      Ufunc f = Ufunc.vectorize("float64(float64)", fn);
      double[] got = f.apply(NDArray.of(x)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertBits(fn.applyAsDouble(x[i]), got[i], "x=" + x[i]);
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (float64)") && ex.contains("(long)"), ex); // lifted, with long lanes
    }
    // float32 loops hold integers exactly only up to 2^24: their ints compute in int lanes (IntLanesTest)
    Ufunc f32 = Ufunc.vectorize("float32(float32)", v -> (int) v % 2 == 0 ? v : -v);
    float[] xf = {3f, 4f, -5f, 16777217f};
    double[] got = f32.apply(NDArray.of(xf)).toDoubleArray();
    for (int i = 0; i < xf.length; i++) {
      float v = xf[i];
      assertTrue((float) got[i] == ((int) v % 2 == 0 ? v : -v), "float32 at " + v);
    }
    assertTrue(f32.explain().contains("IR (float32): t0 = (int) p0"), f32.explain());
  }
}
