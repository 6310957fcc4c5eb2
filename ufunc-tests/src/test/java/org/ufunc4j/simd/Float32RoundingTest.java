package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * A double lambda on a float32 loop computes in float32, rounding after every operation, also
 * when it does not lift (loops, calls to other methods, arrays, fields): the loop runs the lambda
 * rewritten to float. Each case is compared bit for bit with the same code written over float
 * by hand, on NaN, +-0.0, infinities, subnormals and random raw bits.
 */
class Float32RoundingTest {
  private static final double SCALE = 0.1;
  /** A public class's mutable static field (not inlined by javac), which the rewritten code can read. */
  public static final class Params {
    public static double counter = 3.0;
  }

  static double hidden = 3.0; // package-private: the rewritten code (in ufunc4j's package) cannot read it

  static double harmonic(double x, int n) {
    double s = 0;
    for (int k = 1; k <= n; k++) {
      s += x / k;
    }
    return s;
  }

  static float harmonicF(float x, int n) {
    float s = 0;
    for (int k = 1; k <= n; k++) {
      s += x / k;
    }
    return s;
  }

  record Case(String name, Fn.DoubleUnary lambda, Fn.FloatUnary byHand) {}

  private static final List<Case> CASES = List.of(
      new Case("loop", x -> {
        double s = 0;
        for (int k = 1; k <= 10; k++) {
          s += x / k;
        }
        return s;
      }, x -> {
        float s = 0;
        for (int k = 1; k <= 10; k++) {
          s += x / k;
        }
        return s;
      }),
      new Case("helper with a loop", x -> harmonic(x, 7) * SCALE, x -> harmonicF(x, 7) * (float) SCALE),
      new Case("Math inside a loop", x -> {
        double p = x;
        for (int i = 0; i < 3; i++) {
          p = Math.sin(p) + 0.5 * p;
        }
        return p;
      }, x -> {
        float p = x;
        for (int i = 0; i < 3; i++) {
          p = (float) Math.sin(p) + 0.5f * p;
        }
        return p;
      }),
      new Case("object call", x -> x * String.valueOf(x).length(), x -> x * String.valueOf((double) x).length()),
      new Case("local double array", x -> {
        double[] t = {x, x * x, 1.5};
        return t[0] + t[1] * t[2];
      }, x -> {
        float[] t = {x, x * x, 1.5f};
        return t[0] + t[1] * t[2];
      }),
      new Case("static field", x -> x * Params.counter + 1, x -> x * (float) Params.counter + 1),
      new Case("while with a compare", x -> {
        double v = Math.abs(x);
        int n = 0;
        while (v > 1 && n < 60) {
          v *= 0.3;
          n++;
        }
        return v + n;
      }, x -> {
        float v = Math.abs(x);
        int n = 0;
        while (v > 1 && n < 60) {
          v *= 0.3f;
          n++;
        }
        return v + n;
      }),
      new Case("switch, try/catch, for-each over an array", x -> {
        int k = (int) x;
        switch (k) {
          case 0:
            return x * 2.1;
          case 5: {
            double s = 0;
            for (double t : new double[] {x, x / 3, 0.1}) {
              s += t;
            }
            return s;
          }
          default:
            try {
              if (x > 100) {
                throw new IllegalStateException("big");
              }
              return Math.sqrt(Math.abs(x)) / 7.7;
            } catch (IllegalStateException e) {
              return -x * 0.3;
            }
        }
      }, x -> {
        int k = (int) x;
        switch (k) {
          case 0:
            return x * 2.1f;
          case 5: {
            float s = 0;
            for (float t : new float[] {x, x / 3, 0.1f}) {
              s += t;
            }
            return s;
          }
          default:
            try {
              if (x > 100) {
                throw new IllegalStateException("big");
              }
              return (float) Math.sqrt(Math.abs(x)) / 7.7f;
            } catch (IllegalStateException e) {
              return -x * 0.3f;
            }
        }
      }),
      new Case("compound assignment on an array element", x -> {
        double[] a = new double[2];
        a[1] += x * 3;
        a[1] -= a[1] * 0.25;
        return a[1];
      }, x -> {
        float[] a = new float[2];
        a[1] += x * 3;
        a[1] -= a[1] * 0.25f;
        return a[1];
      }));

  private static float[] inputs(int n) {
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -1e-40f, 1f, 3.3f, 1e30f};
    SplittableRandom r = new SplittableRandom(7);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-50, 50);
    }
    return out;
  }

  @Test
  void nonLiftableDoubleLambdasRoundLikeTheirFloatVersion() {
    float[] x = inputs(1500);
    for (Case k : CASES) {
      Ufunc f = Ufunc.vectorize("float32(float32)", k.lambda());
      String ex = f.explain();
      assertTrue(ex.contains("not lifted"), k.name() + " lifted, so this test would not exercise the rewrite:\n" + ex);
      float[] got = toFloats(f.apply(NDArray.of(x)));
      for (int i = 0; i < x.length; i++) {
        float want = k.byHand().applyAsFloat(x[i]);
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]),
            k.name() + " at x=" + x[i] + ": want " + want + " got " + got[i] + " (double-then-round "
                + (float) k.lambda().applyAsDouble(x[i]) + ")");
      }
      assertTrue(f.explain().contains("rewritten to float"), k.name() + ":\n" + f.explain());
    }
  }

  @Test
  void theRewriteDiffersFromRoundingOnce() {
    // per-operation float rounding gives other bits than double-then-round on many inputs
    Case loop = CASES.get(0);
    float[] x = inputs(1500);
    int differ = 0;
    for (float v : x) {
      float perOp = loop.byHand().applyAsFloat(v);
      float once = (float) loop.lambda().applyAsDouble(v);
      differ += Float.floatToIntBits(perOp) != Float.floatToIntBits(once) ? 1 : 0;
    }
    assertTrue(differ > 100, "the test inputs must tell the two apart: " + differ);
  }

  @Test
  void anInaccessibleFieldKeepsRoundingOnceAndSaysWhy() {
    Fn.DoubleUnary f0 = x -> x * hidden + 1;
    Ufunc f = Ufunc.vectorize("float32(float32)", f0);
    float[] got = toFloats(f.apply(NDArray.of(new float[] {-3923735.5f, 0.1f})));
    assertEquals((float) f0.applyAsDouble(-3923735.5f), got[0]);
    assertEquals((float) f0.applyAsDouble(0.1f), got[1]);
    assertTrue(f.explain().contains("rounds its result once") && f.explain().contains("cannot access"), f.explain());
  }

  @Test
  void aLambdaTheRewriteCannotHandleRoundsOnceAndSaysWhy() {
    Fn.DoubleUnary concat = x -> ("" + x).length() * x; // invokedynamic string concatenation
    Ufunc f = Ufunc.vectorize("float32(float32)", concat);
    float[] got = toFloats(f.apply(NDArray.of(new float[] {2.5f, -1f})));
    assertEquals((float) concat.applyAsDouble(2.5f), got[0]);
    assertEquals((float) concat.applyAsDouble(-1f), got[1]);
    assertTrue(f.explain().contains("rounds its result once") && f.explain().contains("invokedynamic"), f.explain());
  }

  @Test
  void fourArgumentLambdasAreRewrittenToo() {
    Fn.DoubleQuaternary dq = (a, b, c, d) -> {
      double s = a;
      for (int i = 0; i < 4; i++) {
        s = s * b + c / d;
      }
      return s;
    };
    Fn.FloatQuaternary fq = (a, b, c, d) -> {
      float s = a;
      for (int i = 0; i < 4; i++) {
        s = s * b + c / d;
      }
      return s;
    };
    Ufunc f = Ufunc.vectorize("float32(float32, float32, float32, float32)", dq);
    float[] x = inputs(600);
    float[] y = new float[x.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[(i * 7 + 3) % x.length];
    }
    float[] got = toFloats(f.apply(NDArray.of(x), NDArray.of(y), 0.3f, NDArray.of(x).flip(0)));
    for (int i = 0; i < x.length; i++) {
      float want = fq.applyAsFloat(x[i], y[i], 0.3f, x[x.length - 1 - i]);
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]), "at " + i);
    }
    assertTrue(f.explain().contains("rewritten to float"), f.explain());
  }

  @Test
  void float64LoopsOfTheSameLambdaStayInDouble() {
    Case loop = CASES.get(0);
    Ufunc f = Ufunc.vectorize(List.of("float32(float32)", "float64(float64)"), loop.lambda());
    double[] x = {1.0 / 3, -7.25, 1e300};
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(loop.lambda().applyAsDouble(x[i]), got[i]);
    }
  }

  private static float[] toFloats(NDArray a) {
    double[] d = a.astype(DType.FLOAT64).toDoubleArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
