package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.simd.other.ProtectedBase;

/**
 * A double lambda on a float32 loop computes in float32, rounding after every operation, also
 * when it does not lift (loops whose exit depends on the data, calls to other methods, arrays,
 * fields): the loop runs the lambda
 * rewritten to float. Each case is compared bit for bit with the same code written over float
 * by hand, on NaN, +-0.0, infinities, subnormals and random raw bits.
 */
class Float32RoundingTest {
  private static final double SCALE = 0.1;
  /** A public class's mutable static field (not inlined by javac), which the rewritten code can read. */
  public static final class Params {
    public static double counter = 3.0;
  }

  static double hidden = 3.0; // package-private: the copy reads it as a nestmate of this class
  private static double factor = 0.37; // private and not constant, so javac does not inline it

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

  private static double privateHelper(double x) {
    double p = 1;
    for (int i = 0; i < 3; i++) {
      p = p * x * factor + 0.25;
    }
    return p;
  }

  private static float privateHelperF(float x) {
    float p = 1;
    for (int i = 0; i < 3; i++) {
      p = p * x * (float) factor + 0.25f;
    }
    return p;
  }

  static double helperOfHelpers(double x) {
    return harmonic(x, 3) - harmonic(x * 0.5, 4);
  }

  static float helperOfHelpersF(float x) {
    return harmonicF(x, 3) - harmonicF(x * 0.5f, 4);
  }

  /** Captured values: a double becomes a float (as a float variable would hold it); arrays are read. */
  static Fn.DoubleUnary captured(double a, int n, double[] w) {
    return x -> {
      double s = a;
      for (int i = 0; i < n; i++) {
        s = s * x + w[i % w.length];
      }
      return s;
    };
  }

  static Fn.FloatUnary capturedF(double a, int n, double[] w) {
    float fa = (float) a;
    return x -> {
      float s = fa;
      for (int i = 0; i < n; i++) {
        s = s * x + (float) w[i % w.length];
      }
      return s;
    };
  }

  /** A lambda using 'this' (a field and a private instance method): copied as a nestmate. */
  static final class Scaler {
    private final double k;

    Scaler(double k) {
      this.k = k;
    }

    private double bump(double v) {
      return v * 0.5; // called, not copied: computes in double, rounded where it returns
    }

    Fn.DoubleUnary fn() {
      return x -> {
        double s = 0;
        for (int i = 1; i <= 4; i++) {
          s += x * k / i + bump(x);
        }
        return s;
      };
    }

    Fn.FloatUnary byHand() {
      return x -> {
        float s = 0;
        for (int i = 1; i <= 4; i++) {
          s += x * (float) k / i + (float) bump(x);
        }
        return s;
      };
    }
  }

  /** A subclass of another package's class, whose protected field the copy may not read. */
  static final class Sub extends ProtectedBase {
    static Fn.DoubleUnary fn() {
      return x -> {
        double s = 0;
        for (int i = 1; i <= 3; i++) {
          s += x * weight;
        }
        return s;
      };
    }
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
        for (int i = 0; i < (int) Params.counter; i++) { // a bound the lifter cannot know: not unrolled
          p = Math.sin(p) + 0.5 * p;
        }
        return p;
      }, x -> {
        float p = x;
        for (int i = 0; i < (int) Params.counter; i++) {
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
      }),
      new Case("the issue's example", x -> {
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
      new Case("package-private field", x -> {
        double s = 0;
        for (int i = 0; i < 3; i++) {
          s += x * hidden;
        }
        return s;
      }, x -> {
        float s = 0;
        for (int i = 0; i < 3; i++) {
          s += x * (float) hidden;
        }
        return s;
      }),
      new Case("private helper reading a private field", x -> privateHelper(x) - x, x -> privateHelperF(x) - x),
      new Case("helper calling helpers", x -> helperOfHelpers(x) * 3, x -> helperOfHelpersF(x) * 3),
      new Case("captured double, int and double[]", captured(0.1, 5, new double[] {1.0 / 3, -2.5, 1e-3}),
          capturedF(0.1, 5, new double[] {1.0 / 3, -2.5, 1e-3})),
      new Case("a lambda using this", new Scaler(0.3).fn(), new Scaler(0.3).byHand()),
      new Case("fma, ulp and nextUp: their float forms", x -> {
        double s = 0;
        for (int i = 0; i < 2; i++) {
          s += Math.ulp(x) + Math.fma(x, 0.1, s) - Math.nextUp(s);
        }
        return s;
      }, x -> {
        float s = 0;
        for (int i = 0; i < 2; i++) {
          s += Math.ulp(x) + Math.fma(x, 0.1f, s) - Math.nextUp(s);
        }
        return s;
      }),
      new Case("scalb, getExponent, nextAfter, signum", x -> {
        double r = x;
        for (int i = 0; i < 2; i++) {
          r = Math.scalb(r, -Math.getExponent(x)) + Math.nextAfter(r, 0.0) * StrictMath.signum(x);
        }
        return r;
      }, x -> {
        float r = x;
        for (int i = 0; i < 2; i++) {
          r = Math.scalb(r, -Math.getExponent(x)) + Math.nextAfter(r, 0.0) * StrictMath.signum(x);
        }
        return r;
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

  /**
   * Every case rounds as its float version, whether it lifts (loops with a constant trip count
   * are unrolled since session 8: float32 IR, which rounds after every operation too) or runs
   * rewritten to float; most of them (arrays, objects, fields, switch, data-dependent loops) do
   * not lift and exercise the rewrite.
   */
  @Test
  void doubleLambdasRoundLikeTheirFloatVersion() {
    float[] x = inputs(1500);
    int rewritten = 0;
    for (Case k : CASES) {
      Ufunc f = Ufunc.vectorize("float32(float32)", k.lambda());
      boolean lifts = !f.explain().contains("not lifted");
      float[] got = toFloats(f.apply(NDArray.of(x)));
      for (int i = 0; i < x.length; i++) {
        float want = k.byHand().applyAsFloat(x[i]);
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]),
            k.name() + " at x=" + x[i] + ": want " + want + " got " + got[i] + " (double-then-round "
                + (float) k.lambda().applyAsDouble(x[i]) + ")");
      }
      assertTrue(lifts || f.explain().contains("rewritten to float"), k.name() + ":\n" + f.explain());
      rewritten += lifts ? 0 : 1;
    }
    assertTrue(rewritten >= 10, rewritten + " cases exercise the rewrite");
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
  void anInaccessibleMemberKeepsRoundingOnceAndSaysWhy() {
    Fn.DoubleUnary f0 = Sub.fn();
    Ufunc f = Ufunc.vectorize("float32(float32)", f0);
    float[] x = inputs(200);
    float[] got = toFloats(f.apply(NDArray.of(x)));
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToIntBits((float) f0.applyAsDouble(x[i])), Float.floatToIntBits(got[i]), "at x=" + x[i]);
    }
    assertTrue(f.explain().contains("rounds its result once") && f.explain().contains("cannot access"), f.explain());
  }

  /** Loads IsolatedLambdas (and its nested classes) itself: another loader, another unnamed module. */
  private static final class Isolating extends ClassLoader {
    Isolating() {
      super(Float32RoundingTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(IsolatedLambdas.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] b = in.readAllBytes();
            c = defineClass(name, b, 0, b.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }

  @Test
  void withoutPrivateAccessTheCopyUsesOnlyPublicMembers() throws ReflectiveOperationException {
    Class<?> c = Class.forName(IsolatedLambdas.class.getName(), true, new Isolating());
    assertNotSame(IsolatedLambdas.class, c);
    assertNotEquals(c.getModule(), Ufunc.class.getModule());
    float[] x = inputs(400);

    // public members only: rewritten, defined in ufunc4j's package
    Fn.DoubleUnary open = (Fn.DoubleUnary) c.getMethod("publicOnly").invoke(null);
    Ufunc f = Ufunc.vectorize("float32(float32)", open);
    float[] got = toFloats(f.apply(NDArray.of(x)));
    for (int i = 0; i < x.length; i++) {
      float s = 0;
      for (int k = 1; k <= 6; k++) {
        s += x[i] * (float) IsolatedLambdas.open / k;
      }
      assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(got[i]), "at x=" + x[i]);
    }
    assertTrue(f.explain().contains("rewritten to float"), f.explain());

    // a package-private field, and 'this': round once, and say why
    Fn.DoubleUnary pkg = (Fn.DoubleUnary) c.getMethod("packagePrivateField").invoke(null);
    Fn.DoubleUnary self = (Fn.DoubleUnary) c.getMethod("usingThis").invoke(c.getConstructor().newInstance());
    List<String> why = new java.util.ArrayList<>();
    for (Fn.DoubleUnary g : List.of(pkg, self)) {
      Ufunc u = Ufunc.vectorize("float32(float32)", g);
      float[] r = toFloats(u.apply(NDArray.of(x)));
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToIntBits((float) g.applyAsDouble(x[i])), Float.floatToIntBits(r[i]), "at x=" + x[i]);
      }
      assertTrue(u.explain().contains("rounds its result once"), u.explain());
      why.add(u.explain());
    }
    assertTrue(why.get(0).contains("cannot access"), why.get(0));
    assertTrue(why.get(1).contains("'this'"), why.get(1));
  }

  @Test
  void fmaRoundsOnceLiftedAndRewritten() {
    // the exact a*b+c lies just above a tie between two floats; in double it lands on the tie
    float a = Math.nextUp(1f);
    float b = Math.nextDown(1f);
    float c = 0x1.000002p-47f;
    float want = Math.fma(a, b, c);
    assertNotEquals(want, (float) Math.fma((double) a, (double) b, (double) c), "the inputs must tell the two apart");
    Fn.DoubleTernary lifts = (p, q, r) -> Math.fma(p, q, r);
    Fn.DoubleTernary loops = (p, q, r) -> {
      double s = 0;
      for (int i = 0; i < 1; i++) {
        s = Math.fma(p, q, r);
      }
      return s;
    };
    float[] av = new float[37];
    float[] bv = new float[37];
    float[] cv = new float[37];
    java.util.Arrays.fill(av, a);
    java.util.Arrays.fill(bv, b);
    java.util.Arrays.fill(cv, c);
    for (Fn.DoubleTernary fn : List.of(lifts, loops)) {
      Ufunc f = Ufunc.vectorize("float32(float32, float32, float32)", fn);
      float[] got = toFloats(f.apply(NDArray.of(av), NDArray.of(bv), NDArray.of(cv)));
      for (float g : got) {
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(g), f.explain());
      }
      // and with a constant operand, which the lifter folds
      Ufunc k = Ufunc.vectorize("float32(float32)", (Fn.DoubleUnary) x -> Math.fma(0x1.000002p0, 0x1.fffffep-1, 0x1.000002p-47) + x);
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(toFloats(k.apply(NDArray.of(new float[] {0f})))[0]), k.explain());
    }
    assertFalse(Ufunc.vectorize("float32(float32, float32, float32)", lifts).explain().contains("not lifted"));
  }

  @Test
  void narrowIntegerInputsCastToTheFloat32Loop() {
    Case loop = CASES.stream().filter(c -> c.name().equals("Math inside a loop")).findFirst().orElseThrow();
    short[] v = {0, 1, -1, 3, 7, Short.MAX_VALUE, Short.MIN_VALUE, 12345};
    Ufunc f = Ufunc.vectorize("float32(float32)", loop.lambda());
    float[] got = toFloats(f.apply(NDArray.of(v)));
    for (int i = 0; i < v.length; i++) {
      assertEquals(Float.floatToIntBits(loop.byHand().applyAsFloat(v[i])), Float.floatToIntBits(got[i]), "at " + v[i]);
    }
    assertTrue(f.explain().contains("float32 arithmetic (the double lambda rewritten to float)"), f.explain());
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
      for (int i = 0; i <= (int) Params.counter; i++) { // a bound the lifter cannot know: not unrolled
        s = s * b + c / d;
      }
      return s;
    };
    Fn.FloatQuaternary fq = (a, b, c, d) -> {
      float s = a;
      for (int i = 0; i <= (int) Params.counter; i++) {
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
