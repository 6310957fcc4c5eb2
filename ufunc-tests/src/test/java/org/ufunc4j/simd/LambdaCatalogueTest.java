package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * A catalogue of lambdas (seed kernels, NumPy/Numba documentation examples, branches, captures,
 * helpers, constants) compiled by the SIMD tier and compared with the plain lambda applied in a
 * Java loop, at sizes around the lane counts, contiguous, reversed, strided and broadcast.
 * Exact lambdas must match bit for bit; lambdas with transcendentals within 1e-13 relative to max(1, |result|) (a few
 * ulps through composed SVML functions, the documented accuracy policy). Every lambda must lift
 * (when SIMD is expected, every kernel must be tier B).
 */
public class LambdaCatalogueTest {
  private static final double M = 0.37;
  private static final double SCALE = 2.5;

  static double sq(double x) {
    return x * x;
  }

  static double poly(double x) {
    return ((0.5 * x - 1.25) * x + 3) * x - 0.125;
  }

  /** A catalogue entry: exact when it uses only correctly rounded operations. */
  public record Case(String name, boolean exact, Fn fn) {}

  /** The catalogue (also run on float32 loops by {@code Float32CatalogueTest}). */
  public static List<Case> cases() {
    return java.util.Collections.unmodifiableList(CASES);
  }

  private static final List<Case> CASES = new ArrayList<>();

  private static void u(String name, boolean exact, Fn.DoubleUnary f) {
    CASES.add(new Case(name, exact, f));
  }

  private static void b(String name, boolean exact, Fn.DoubleBinary f) {
    CASES.add(new Case(name, exact, f));
  }

  static {
    u("identity", true, x -> x);
    u("negate", true, x -> -x);
    u("square", true, x -> x * x);
    u("cube", true, x -> x * x * x);
    u("x^2 + 1", true, x -> x * x + 1);
    u("poly helper", true, LambdaCatalogueTest::poly);
    u("sq helper", true, x -> sq(x) - sq(x - 1));
    u("captured scale", true, x -> x * SCALE - M);
    u("divide by constant", true, x -> x / 3);
    u("reciprocal", true, x -> 1 / x);
    u("sqrt", true, Math::sqrt);
    u("abs", true, Math::abs);
    u("min with 0", true, x -> Math.min(x, 0));
    u("max with 0", true, x -> Math.max(x, 0.0));
    u("fma", true, x -> Math.fma(x, x, -1));
    u("pow 2 -> mul", true, x -> Math.pow(x, 2));
    u("pow 3 -> mul", false, x -> Math.pow(x, 3));
    u("pow 0", true, x -> Math.pow(x, 0));
    u("relu", true, x -> x > 0 ? x : 0);
    u("clip", true, x -> x < -1 ? -1 : (x > 1 ? 1 : x));
    u("sign by branch", true, x -> x > 0 ? 1 : (x < 0 ? -1 : 0));
    u("hinge", true, x -> Math.max(0, 1 - x));
    u("float cast constant", true, x -> x * (float) 0.1);
    u("floor", true, Math::floor);
    u("ceil", true, Math::ceil);
    u("rint", true, Math::rint);
    u("fractional part", true, x -> x - Math.floor(x));
    u("bin index", true, x -> Math.floor(x * 10) / 10);
    u("exp", false, Math::exp);
    u("expm1", false, Math::expm1);
    u("log", false, Math::log);
    u("log1p", false, Math::log1p);
    u("log10", false, Math::log10);
    u("sin", false, Math::sin);
    u("cos", false, Math::cos);
    u("tan", false, Math::tan);
    u("asin", false, Math::asin);
    u("acos", false, Math::acos);
    u("atan", false, Math::atan);
    u("sinh", false, Math::sinh);
    u("cosh", false, Math::cosh);
    u("tanh", false, Math::tanh);
    u("cbrt", false, Math::cbrt);
    u("strict sin", false, StrictMath::sin);
    u("W1 density contrast", false, x -> Math.exp(Math.pow(x / M - 1, 2)));
    u("W3 many ops", false, r -> Math.pow(Math.sin(Math.pow(r, 2)) + Math.cos(Math.pow(r, 3)), 0.5));
    u("sigmoid", false, x -> 1 / (1 + Math.exp(-x)));
    u("softplus", false, x -> Math.log1p(Math.exp(x)));
    u("gaussian", false, x -> Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    u("logistic branch", false, x -> x > 20 ? x : Math.log1p(Math.exp(x)));
    u("sinc", false, x -> x == 0 ? 1 : Math.sin(x) / x);
    // integer arithmetic (exact doubles or long lanes in float64, int lanes in float32) and an
    // unrolled loop (session 8)
    u("int parity", true, x -> (int) x % 2 == 0 ? x : -x);
    u("quantize to a byte", true, x -> ((int) (x * 256) & 0xFF) / 255.0);
    u("int product wraps", true, x -> (int) x * (int) x);
    u("Taylor loop", true, x -> {
      double term = 1;
      double sum = 1;
      for (int k = 1; k < 8; k++) {
        term *= x / k;
        sum += term;
      }
      return sum;
    });
    b("add", true, (a, c) -> a + c);
    b("a*b+1", true, (a, c) -> a * c + 1);
    b("lerp", true, (a, c) -> a + 0.25 * (c - a));
    b("max by branch", true, (a, c) -> a > c ? a : c);
    b("min", true, Math::min);
    b("hypot by sqrt", true, (a, c) -> Math.sqrt(a * a + c * c));
    b("fma2", true, (a, c) -> Math.fma(a, c, a));
    b("piecewise", true, (a, c) -> a >= c ? a - c : (c - a) * 0.5);
    b("W5 vec_op", false, (a, c) -> Math.pow(Math.sin(Math.pow(a, c)), 2));
    b("W6 pow", false, Math::pow);
    b("atan2", false, Math::atan2);
    b("hypot", false, Math::hypot);
    b("numba doc example a+b", true, (a, c) -> a + c);
    b("rel diff", false, (a, c) -> Math.abs(a - c) / Math.max(Math.abs(a), Math.abs(c)));
    b("exp weighted", false, (a, c) -> a * Math.exp(-c));
  }

  private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 13, 1021, 4098};

  private static double[] inputs(int n, long seed) {
    double[] r = NDArray.random(DType.FLOAT64, seed, Math.max(n, 1)).toDoubleArray();
    double[] special = {0.0, -0.0, 1, -1, 0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, 2};
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : (r[i] - 0.3) * 4;
    }
    return out;
  }

  private static double plain(Fn f, double a, double c) {
    return f instanceof Fn.DoubleUnary u ? u.applyAsDouble(a) : ((Fn.DoubleBinary) f).applyAsDouble(a, c);
  }

  private static void check(Case k, double want, double got, String where) {
    boolean ok = Double.compare(want, got) == 0
        || (!k.exact() && Math.abs(want - got) <= 1e-13 * Math.max(Math.abs(want), 1.0)) // sums of O(1) terms cancel
        || (!k.exact() && Double.isNaN(want) && Double.isNaN(got));
    if (!ok) {
      throw new AssertionError(k.name() + " " + where + ": expected " + want + " got " + got);
    }
  }

  @Test
  void everyCatalogueLambdaLiftsAndMatchesThePlainLambda() {
    assertTrue(CASES.size() >= 60, "catalogue size " + CASES.size());
    for (Case k : CASES) {
      boolean binary = k.fn() instanceof Fn.DoubleBinary;
      Ufunc f = binary ? Ufunc.vectorize("float64(float64, float64)", k.fn()) : Ufunc.vectorize("float64(float64)", k.fn());
      for (int n : SIZES) {
        double[] x = inputs(n, n + 3);
        double[] y = inputs(n, n + 4);
        NDArray r = binary ? f.apply(NDArray.of(x), NDArray.of(y)) : f.apply(NDArray.of(x));
        double[] got = r.toDoubleArray();
        for (int i = 0; i < n; i++) {
          check(k, plain(k.fn(), x[i], y[i]), got[i], "n=" + n + " i=" + i + " x=" + x[i] + (binary ? " y=" + y[i] : ""));
        }
        if (n > 2) {
          NDArray rx = NDArray.of(x).flip(0);
          NDArray sx = NDArray.of(x).slice("::2");
          double[] rev = (binary ? f.apply(rx, 0.75) : f.apply(rx)).toDoubleArray();
          double[] str = (binary ? f.apply(sx, sx) : f.apply(sx)).toDoubleArray();
          for (int i = 0; i < n; i++) {
            check(k, plain(k.fn(), x[n - 1 - i], 0.75), rev[i], "reversed n=" + n + " i=" + i);
          }
          for (int i = 0; i < str.length; i++) {
            check(k, plain(k.fn(), x[2 * i], x[2 * i]), str[i], "strided n=" + n + " i=" + i);
          }
        }
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (float64)"), k.name() + " did not lift:\n" + ex);
      SimdAsserts.assertSimdWhereTheMachineHasIt(ex, k.name());
    }
  }
}
