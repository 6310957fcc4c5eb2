package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * float32 sin, cos and exp run ufunc4j's own vector polynomials (VectorMath) in SIMD kernels: every
 * result is within 1 ulp of {@code (float) Math.f((double) x)} with the same NaN, infinities and
 * signed zeros. All 2^32 inputs are checked by org.ufunc4j.bench.Float32Exhaustive (outside the
 * suite: minutes); this test checks a
 * spread of every bit pattern class, the edges of the fast ranges (|x| = 6400 for sin and cos,
 * |x| = 87 for exp) with fast and slow lanes in one vector, and that strided, reversed and
 * parallel runs give the same bits as the contiguous one (the polynomials use IEEE operations
 * only, so results do not depend on thread or compilation state).
 */
class Float32TranscendentalsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  private static float[] inputs() {
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, (float) Math.PI,
        (float) (Math.PI / 2), (float) (Math.PI / 4), 6400f, -6400f, Math.nextUp(6400f), Math.nextDown(-6400f),
        87f, -87f, Math.nextUp(87f), Math.nextDown(-87f), 88.72283f, 88.72284f, -103.97208f, -103.97209f, -87.33655f,
        -87.33654f, 1e-30f, -1e-30f, 0.125f, 248.31085f, 28.274334f, -47.12389f, 4.712389f, 1e5f, 1e20f, -3e38f};
    SplittableRandom r = new SplittableRandom(42);
    int n = 300_007;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      if (i < special.length) {
        x[i] = special[i];
      } else if (i % 4 == 0) {
        x[i] = Float.intBitsToFloat(r.nextInt()); // every exponent, NaN payloads, subnormals
      } else if (i % 4 == 1) {
        x[i] = (float) r.nextDouble(-7000, 7000); // both sides of the sin/cos fast range
      } else if (i % 4 == 2) {
        x[i] = (float) r.nextDouble(-110, 95); // both sides of exp's fast range, into subnormals
      } else {
        // near multiples of pi/2, where the argument reduction cancels
        x[i] = (float) (r.nextInt(-4000, 4000) * (Math.PI / 2) + r.nextDouble(-1e-3, 1e-3));
      }
    }
    return x;
  }

  private static long ulps(float want, float got) {
    int w = Float.floatToIntBits(want);
    int g = Float.floatToIntBits(got);
    if (Float.isNaN(want) || Float.isNaN(got)) {
      return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
    }
    if ((w ^ g) < 0) {
      return w == g ? 0 : Long.MAX_VALUE; // a sign differs, +0.0 against -0.0 included
    }
    return Math.abs((long) w - g);
  }

  private static void check(Ufunc f, DoubleUnaryOperator math, float[] x) {
    float[] got = f.apply(NDArray.of(x)).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      float want = (float) math.applyAsDouble(x[i]);
      long d = ulps(want, got[i]);
      if (d > 1) {
        throw new AssertionError(f.name() + "(" + x[i] + "f): " + got[i] + " is " + d + " ulps from Math's " + want);
      }
    }
    // the same bits (NaN payloads aside) on every path: reversed, every 3rd element, two threads
    NDArray a = NDArray.of(x);
    float[] rev = f.apply(a.flip(0)).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToIntBits(got[x.length - 1 - i]), Float.floatToIntBits(rev[i]), "reversed at " + i);
    }
    float[] third = f.apply(a.slice("::3")).toFloatArray();
    for (int i = 0; i < third.length; i++) {
      assertEquals(Float.floatToIntBits(got[3 * i]), Float.floatToIntBits(third[i]), "strided at " + i);
    }
    assertArrayEquals(got, f.target(Target.PARALLEL).apply(a).toFloatArray(), "PARALLEL");
    if (EXPECT_SIMD) {
      assertTrue(f.explain().contains("tier B"), f.explain());
    }
  }

  @Test
  void sinCosExpAreWithinOneUlpOfMath() {
    float[] x = inputs();
    check(Ufuncs.sin, Math::sin, x);
    check(Ufuncs.cos, Math::cos, x);
    check(Ufuncs.exp, Math::exp, x);
  }

  @Test
  void aLambdaWithSinCosAndExpUsesThemToo() {
    // the seed's W3 expression plus an exp, on float32: the same bounds hold per function, so the
    // test compares with the lambda computed in float with Math per call, allowing a few ulps
    Ufunc w3 = Ufunc.vectorize("float32(float32)", r -> Math.sqrt(Math.sin(r * r) + Math.cos(r * r * r)) + Math.exp(-r));
    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = new float[4099];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble(0, 1);
    }
    float[] got = w3.apply(NDArray.of(x)).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      float r = x[i];
      float r2 = r * r;
      float want = (float) Math.sqrt((float) Math.sin(r2) + (float) Math.cos(r2 * r)) + (float) Math.exp(-r);
      assertTrue(ulps(want, got[i]) <= 4, "W3(" + r + "): " + got[i] + " vs " + want);
    }
    if (EXPECT_SIMD) {
      assertTrue(w3.explain().contains("tier B") && w3.explain().contains("sin/cos/exp: ufunc4j's float polynomials"), w3.explain());
    }
  }
}
