package org.ufunc4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.simd.LambdaCatalogueTest;

/**
 * The lambda catalogue on float32 loops: the SIMD kernel (the lifted IR in float32) against an
 * independent reference, the same double lambda rewritten to float by {@link Float32Rewrite} and
 * called element by element. Exact lambdas must agree bit for bit; lambdas with transcendentals
 * within 5e-5 of max(1, |result|), the float64 catalogue's allowance in float32 ulps (SVML's float
 * functions against {@code (float) Math.f}, and pow(x, 3) as x*x*x, composed). Inputs are
 * NaN, +-0, subnormals and infinities plus random raw bits (exact lambdas) or values in [-2, 2]
 * (the others), at sizes around the 16 float lanes,
 * contiguous, reversed, strided and broadcast.
 */
class Float32CatalogueTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int[] SIZES = {0, 1, 15, 16, 17, 31, 33, 13, 1021, 4098};

  /**
   * Raw bits (any float) for exact lambdas; for lambdas with transcendentals, values in [-2, 2]
   * besides the special ones: at huge arguments a one-ulp difference before a periodic function
   * (x*x*x for pow(x, 3), SVML against Math) changes the result entirely, in any implementation.
   */
  private static float[] inputs(int n, long seed, boolean rawBits) {
    float[] special = {0f, -0f, 1f, -1f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f, 2f};
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i < special.length ? special[i] : rawBits && i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-2, 2);
    }
    return out;
  }

  private static float apply(Fn f, float a, float b) {
    return f instanceof Fn.FloatUnary u ? u.applyAsFloat(a) : ((Fn.FloatBinary) f).applyAsFloat(a, b);
  }

  private static void check(LambdaCatalogueTest.Case k, float want, float got, String where) {
    boolean ok = Float.floatToIntBits(want) == Float.floatToIntBits(got)
        || (!k.exact() && Float.isNaN(want) && Float.isNaN(got))
        // the float64 catalogue's allowance scaled to float: ~450 ulps of max(1, |result|), for
        // sums of O(1) transcendental terms that cancel (W3: sin(r^2) + cos(r^3) near 0)
        || (!k.exact() && Math.abs(want - got) <= 5e-5f * Math.max(1f, Math.abs(want)));
    if (!ok) {
      throw new AssertionError(k.name() + " float32 " + where + ": expected " + want + " got " + got);
    }
  }

  private static float[] floats(NDArray a) {
    double[] d = a.astype(DType.FLOAT64).toDoubleArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void theCatalogueOnFloat32MatchesTheLambdaRewrittenToFloat() {
    int checked = 0;
    for (LambdaCatalogueTest.Case k : LambdaCatalogueTest.cases()) {
      boolean binary = k.fn() instanceof Fn.DoubleBinary;
      Float32Rewrite.Result ref = Float32Rewrite.of(k.fn(), FnShape.of(k.fn()));
      assertNotNull(ref.fn(), k.name() + ": " + ref.failure());
      Ufunc f = Ufunc.vectorize(binary ? "float32(float32, float32)" : "float32(float32)", k.fn());
      for (int n : SIZES) {
        float[] x = inputs(n, n + 3, k.exact());
        float[] y = inputs(n, n + 4, k.exact());
        NDArray ax = NDArray.of(x);
        float[] got = floats(binary ? f.apply(ax, NDArray.of(y)) : f.apply(ax));
        for (int i = 0; i < n; i++) {
          check(k, apply(ref.fn(), x[i], y[i]), got[i], "n=" + n + " x=" + x[i] + (binary ? " y=" + y[i] : ""));
        }
        if (n > 2) {
          float[] rev = floats(binary ? f.apply(ax.flip(0), 0.75f) : f.apply(ax.flip(0)));
          float[] str = floats(binary ? f.apply(ax.slice("::2"), ax.slice("::2")) : f.apply(ax.slice("::2")));
          for (int i = 0; i < n; i++) {
            check(k, apply(ref.fn(), x[n - 1 - i], 0.75f), rev[i], "reversed/broadcast i=" + i);
          }
          for (int i = 0; i < str.length; i++) {
            check(k, apply(ref.fn(), x[2 * i], x[2 * i]), str[i], "strided i=" + i);
          }
        }
      }
      String ex = f.explain();
      assertTrue(ex.contains("IR (float32)"), k.name() + " did not lift on float32:\n" + ex);
      if (EXPECT_SIMD) {
        assertTrue(ex.contains("tier B"), k.name() + ": SIMD was expected:\n" + ex);
      }
      checked++;
    }
    assertTrue(checked >= 60, "catalogue size " + checked);
  }
}
