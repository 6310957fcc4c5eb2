package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.testing.Comparisons;

/**
 * Conditionals lift as compare + blend: a catalogue of lambdas with ?:, if/else, early returns
 * and NaN-sensitive comparisons must equal the plain lambda bit for bit, at sizes around the
 * lane counts, with the IR edge values (NaN, -0.0, infinities, subnormals) in the inputs.
 */
class BranchLiftingTest {
  /** false, but not a compile-time constant: javac keeps the code it guards, with getstatic. */
  static final boolean TRACE = Boolean.parseBoolean("false");

  static double clamp(double x, double lo, double hi) {
    if (x < lo) {
      return lo;
    }
    if (x > hi) {
      return hi;
    }
    return x;
  }

  static final Map<String, Fn.DoubleUnary> UNARY = new LinkedHashMap<>();
  static final Map<String, Fn.DoubleBinary> BINARY = new LinkedHashMap<>();

  static {
    // conditions on constants lift only the path taken: Math.clamp's checks of its bounds (the
    // other path throws), a static final flag guarding code that does not lift
    UNARY.put("Math.clamp", x -> Math.clamp(x, -1.0, 2.5));
    UNARY.put("flag off", x -> {
      if (TRACE) {
        System.out.println(x);
      }
      return TRACE ? x : x * 3;
    });
    UNARY.put("relu", x -> x > 0 ? x : 0);
    UNARY.put("relu >=", x -> x >= 0 ? x : 0.0);
    UNARY.put("leaky", x -> x < 0 ? 0.01 * x : x);
    UNARY.put("not greater", x -> !(x > 1) ? -x : x * 2);
    UNARY.put("clamp helper", x -> clamp(x, -1, 1));
    UNARY.put("abs by branch", x -> {
      if (x < 0) {
        return -x;
      }
      return x;
    });
    UNARY.put("nested", x -> x > 0 ? (x > 10 ? 10 : x) : (x < -10 ? -10 : -x));
    UNARY.put("equality", x -> x == 0.5 ? 1 : (x != x ? -1 : 0));
    UNARY.put("le / ge", x -> x <= 0.25 ? x * x : (x >= 0.75 ? Math.sqrt(x) : x + 1));
    UNARY.put("locals", x -> {
      double y = x * 3;
      double z;
      if (y > 1) {
        z = y - 1;
      } else {
        z = 1 - y;
      }
      return z * z;
    });
    // sequential branches: each way of an if meets the other again, so the states merge there
    // (before, every way ran to the return: 2^8 paths here, beyond the limit of 64)
    UNARY.put("eight sequential ifs", x -> {
      double v = x;
      int n = 0;
      if (v < 0) { v = -v; n++; }
      if (v > 8) { v = 8; n += 2; }
      if (v < 0.5) { v *= 2; } else { v -= 0.25; }
      if (v != v) { v = 0; }
      if (x > 3) { n += 4; }
      if (x == 0) { v = -0.0; }
      if (n > 2) { v = v * n; } else { v = v - n; }
      if (x < -5) { n = 7; }
      return v + n * 0.125;
    });
    UNARY.put("ternaries in a chain", x -> {
      double a = x > 1 ? x - 1 : x + 1;
      double b = a < 0 ? -a : a * 0.5;
      double c = b > 2 ? Math.sqrt(b) : b * b;
      double d = c == c ? c : 0; // NaN
      double e = x < -1 ? d * 3 : d;
      double f = e > 10 ? 10 : e;
      double g = f < 0.1 ? 0.1 : f;
      return a + (x > 0 && g > 1 || x < -3 ? g : -g);
    });
    UNARY.put("merge, then an early return", x -> {
      double v = x;
      for (int k = 0; k < 7; k++) { // unrolled; each turn's branch merges
        if (v > 1) {
          v = v * 0.5;
        } else {
          v = v + 0.75;
        }
      }
      if (x < -100) {
        return x; // this way returns before any join: the ways run to their returns
      }
      int m = x > 0 ? 3 : 5; // int constants per way: merged as a Select of them
      return v * m;
    });
    BINARY.put("max by branch", (a, b) -> a > b ? a : b);
    BINARY.put("select by sign", (a, b) -> b < 0 ? a - b : a + b);
    BINARY.put("piecewise", (a, b) -> {
      if (a > b) {
        return a * b;
      } else if (a == b) {
        return 0;
      }
      return b / 2;
    });
  }

  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 13, 1021, 4098};

  private static double[] values(int n, long seed) {
    double[] edge = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, 0.5, 1, -1, 10, -10, 0.25, 0.75};
    double[] r = NDArray.random(DType.FLOAT64, seed, Math.max(n, 1)).toDoubleArray();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < edge.length && seed % 2 == 0 ? edge[i] : (r[i] - 0.5) * 30;
    }
    return out;
  }

  @Test
  void unaryConditionalsEqualThePlainLambda() {
    for (Map.Entry<String, Fn.DoubleUnary> e : UNARY.entrySet()) {
      Ufunc f = Ufunc.vectorize(List.of("float64(float64)"), e.getValue());
      for (int n : SIZES) {
        double[] x = values(n, n * 2L);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
          want[i] = e.getValue().applyAsDouble(x[i]);
        }
        Comparisons.assertBitEqual(NDArray.of(want), f.apply(NDArray.of(x)), NDArray.of(x));
        // strided and reversed operands take the scalar IR kernel
        NDArray rev = NDArray.of(x).flip(0);
        double[] wantRev = new double[n];
        for (int i = 0; i < n; i++) {
          wantRev[i] = want[n - 1 - i];
        }
        Comparisons.assertBitEqual(NDArray.of(wantRev), f.apply(rev), rev);
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (float64)"), e.getKey() + ": " + ex);
      assertFalse(ex.contains("not lifted"), e.getKey() + ": " + ex);
    }
  }

  @Test
  void binaryConditionalsEqualThePlainLambda() {
    for (Map.Entry<String, Fn.DoubleBinary> e : BINARY.entrySet()) {
      Ufunc f = Ufunc.vectorize(List.of("float64(float64, float64)"), e.getValue());
      for (int n : SIZES) {
        double[] x = values(n, n * 2L);
        double[] y = values(n, n * 2L + 1);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
          want[i] = e.getValue().applyAsDouble(x[i], y[i]);
        }
        Comparisons.assertBitEqual(NDArray.of(want), f.apply(NDArray.of(x), NDArray.of(y)), NDArray.of(x), NDArray.of(y));
        // a broadcast scalar operand
        double[] want2 = new double[n];
        for (int i = 0; i < n; i++) {
          want2[i] = e.getValue().applyAsDouble(x[i], 0.5);
        }
        Comparisons.assertBitEqual(NDArray.of(want2), f.apply(NDArray.of(x), 0.5), NDArray.of(x));
      }
      assertTrue(f.explain().contains("IR (float64)"), e.getKey() + ": " + f.explain());
    }
  }

  /**
   * The lambdas whose ways merge at their joins lift, and stay small: eight sequential ifs give
   * one Select per variable and if, not 2^8 paths (which exceeded the limit of 64 before).
   */
  @Test
  void sequentialBranchesMergeAtTheirJoins() {
    for (String name : List.of("eight sequential ifs", "ternaries in a chain", "merge, then an early return")) {
      Ufunc f = Ufunc.vectorize("float64(float64)", UNARY.get(name));
      f.apply(NDArray.of(new double[] {1, -2, 9}));
      String ex = f.explain();
      assertTrue(ex.contains("IR (float64)") && !ex.contains("not lifted"), name + ": " + ex);
      SimdAsserts.assertSimdWhereTheMachineHasIt(ex, name);
    }
  }

  @Test
  void float32ConditionalsRoundInFloat() {
    Ufunc f = Ufunc.vectorize(List.of("float32(float32)"), x -> x > 0.3 ? x * 1.1 : x / 3);
    NDArray x = NDArray.random(DType.FLOAT32, 5, 1000);
    float[] in = x.toFloatArray();
    float[] want = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      want[i] = in[i] > (float) 0.3 ? in[i] * (float) 1.1 : in[i] / 3f;
    }
    Comparisons.assertBitEqual(NDArray.of(want), f.apply(x), x);
  }
}
