package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufunc4j.simd.SimdAsserts.assertBits;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * Casts to an integer type and straight back ({@code (double) (long) x}, {@code (int) (x * 255) /
 * 255.0}, {@code x - (long) x}) and {@code (double) (float) x} in a float64 loop compile to SIMD
 * and equal the plain lambda bit for bit: NaN to 0, saturation at the int and long ranges,
 * -0.0 to 0.0, values around 2^31, 2^53, 2^63 and float's 2^24, raw bits. Each kernel is called
 * until C2 has compiled it (the Vector API's interpreted conversions are Java's casts per lane
 * and would hide a difference of the compiled ones), on sizes around the lane count, contiguous,
 * reversed and strided. Integer arithmetic on the cast value still falls back, with its reason.
 */
class CastLiftingTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int CALLS = EXPECT_SIMD ? 4000 : 2;
  private static final double[] SPECIAL = {Double.NaN, -Double.NaN, 0.0, -0.0, 0.5, -0.5, 0.9999999999999999, -1.5, 2.5,
      2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0, 1e10, -1e10,
      16777216.0, 16777217.0, 9007199254740992.0, 9007199254740993.0 * 1.0000000000000002, 0x1p62, 0x1p63, -0x1p63,
      0x1p63 * 1.0000000000000002, 1e19, -1e19, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
      -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.4028235e38, 3.5e38, 1.4e-45, 254.99999, 255.5,
      // Math.round's edges: below a half by one ulp (x + 0.5 would round up), negative halves
      0.49999999999999994, -0.49999999999999994, -2.5, -3.5, 0x1p52 + 1, -(0x1p52 + 1), 0x1p52 - 0.5, 8388608.5f, 0.49999997f};

  private static double[] inputs(long seed, int n) {
    return inputs(seed, n, SPECIAL, 22);
  }

  /**
   * {@code special} first, then a random mix of special values, raw bits and values up to
   * 10^(decades - 1) in magnitude (shared with the other cast tests).
   */
  static double[] inputs(long seed, int n, double[] special, int decades) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(4);
      x[i] = i < special.length ? special[i]
          : kind == 0 ? special[r.nextInt(special.length)]
          : kind == 1 ? Double.longBitsToDouble(r.nextLong())
          : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(decades));
    }
    return x;
  }

  private static final List<Fn.DoubleUnary> FLOAT64 = List.of(
      x -> (double) (long) x,
      x -> (double) (int) x,
      x -> x - (long) x, // the fractional part
      x -> (int) (x * 255) / 255.0, // quantisation
      x -> (long) (int) x + 0.25,
      x -> {
        int k = (int) x; // through a local
        return k * 0.5 + x;
      },
      x -> (double) (float) x,
      x -> (float) x * 2.0,
      x -> (double) (float) (long) x,
      x -> (float) (int) x - x,
      x -> x > 0 ? (double) (long) (x + 0.5) : -(double) (long) (0.5 - x), // round half away from zero
      x -> Math.round(x), // half up, saturated, NaN to 0
      x -> Math.round(x * 255) / 255.0,
      x -> (double) Math.round((float) x), // the float overload, through (float) x
      x -> (double) (int) (long) x, // the low 32 bits of the saturated long (GeneratedLambdaTest found it did not lift)
      x -> (int) (long) (x * 1e9) * 0.5 + ((int) (long) x >> 3));

  private static final List<Fn.FloatUnary> FLOAT32 = List.of(
      x -> (float) (long) x,
      x -> (float) (int) x,
      x -> x - (int) x,
      x -> (int) (x * 255f) / 255f,
      x -> (long) x * 0.5f,
      x -> Math.round(x), // the float overload: an int
      x -> Math.round(x * 255f) / 255f);

  @Test
  void float64CastsEqualTheLambdaBitForBit() {
    for (int k = 0; k < FLOAT64.size(); k++) {
      Fn.DoubleUnary f = FLOAT64.get(k);
      Ufunc u = Ufunc.vectorize("float64(float64)", f);
      double[] x = inputs(k, 1029);
      NDArray in = NDArray.of(x);
      NDArray out = NDArray.zeros(DType.FLOAT64, x.length);
      hot(u, CALLS, out, in);
      for (int i = 0; i < x.length; i++) {
        assertBits(f.applyAsDouble(x[i]), out.getDouble(i), "lambda " + k + " at x = " + x[i]);
      }
      for (int n : new int[] {0, 1, 7, 8, 9, 15, 17, 1021}) {
        NDArray part = NDArray.of(java.util.Arrays.copyOf(x, n));
        for (NDArray a : new NDArray[] {part, part.flip(0), NDArray.of(x).slice("::3").slice(":" + Math.min(n, 343))}) {
          NDArray r = u.apply(a);
          for (int i = 0; i < a.size(); i++) {
            assertBits(f.applyAsDouble(a.getDouble(i)), r.getDouble(i), "lambda " + k + " n " + n + " at " + i);
          }
        }
      }
      if (EXPECT_SIMD) {
        assertTrue(u.explain().contains("tier B"), u.explain());
      }
    }
  }

  @Test
  void float32CastsEqualTheLambdaBitForBit() {
    for (int k = 0; k < FLOAT32.size(); k++) {
      Fn.FloatUnary f = FLOAT32.get(k);
      Ufunc u = Ufunc.vectorize("float32(float32)", f);
      float[] x = floatInputs(100 + k, 1029);
      NDArray in = NDArray.of(x);
      NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
      hot(u, CALLS, out, in);
      float[] got = out.toFloatArray();
      float[] rev = u.apply(in.flip(0)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(bits(f.applyAsFloat(x[i])), bits(got[i]), "lambda " + k + " at x = " + x[i]);
        assertEquals(bits(f.applyAsFloat(x[x.length - 1 - i])), bits(rev[i]), "lambda " + k + " reversed at " + i);
      }
      if (EXPECT_SIMD) {
        assertTrue(u.explain().contains("tier B"), u.explain());
      }
    }
  }

  @Test
  void aDoubleLambdaOnAFloat32LoopTruncatesAsTheFloatLambdaDoes() {
    // on float32 loops a double lambda computes in float (docs/compiler.md); truncation is exact there
    Ufunc u = Ufunc.vectorize("float32(float32)", (Fn.DoubleUnary) x -> x - (long) x + (int) x);
    float[] x = floatInputs(7, 1029);
    NDArray in = NDArray.of(x);
    NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
    hot(u, CALLS, out, in);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      float want = (v - (float) (long) v) + (float) (int) v;
      assertEquals(bits(want), bits(out.toFloatArray()[i]), "x = " + v);
    }
  }

  @Test
  void longArithmeticOnTheCastLiftsInFloat64LoopsAndFallsBackInFloat32() {
    Ufunc u = Ufunc.vectorize("float64(float64)", (Fn.DoubleUnary) x -> (double) ((long) x * 3));
    assertEquals(6.0, u.apply(NDArray.of(new double[] {2.7})).getDouble(0));
    assertTrue(u.explain().contains("IR (float64): (double) ((long) p0 * 3)"), u.explain());
    Ufunc compared = Ufunc.vectorize("float64(float64)", (Fn.DoubleUnary) x -> (long) x > 2 ? 1.0 : 0.0);
    assertEquals(1.0, compared.apply(NDArray.of(new double[] {3.5})).getDouble(0));
    assertEquals(0.0, compared.apply(NDArray.of(new double[] {Double.NaN})).getDouble(0));
    assertTrue(compared.explain().contains("IR (float64)"), compared.explain());
    // float32 loops have no long lanes (a long vector has half a float vector's lanes)
    Ufunc f32 = Ufunc.vectorize("float32(float32)", (Fn.DoubleUnary) x -> (double) ((long) x * 3));
    assertEquals(6.0, f32.apply(NDArray.of(new float[] {2.7f})).getDouble(0));
    assertTrue(f32.explain().contains("instruction lmul") && f32.explain().contains("integer arithmetic"), f32.explain());
    // float arithmetic in a float64 loop rounds to float as Java does (since session 14)
    Fn.DoubleUnary floatSum = x -> (double) ((float) x + 1f);
    Ufunc strict = Ufunc.vectorize("float64(float64)", floatSum).strict();
    double[] v = {1, 0.1, 16777216.0, 3.4028235e38, -0.0, 1e-46};
    double[] got = strict.apply(NDArray.of(v)).toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      assertBits(floatSum.applyAsDouble(v[i]), got[i], "(float) x + 1f at " + v[i]);
    }
    assertTrue(strict.explain().contains("IR (float64): round_float((round_float(p0) + 1.0))"), strict.explain());
  }

  /**
   * Float values inside float64 loops round as Java rounds them (a float product of a cast
   * constant lifts), or the lambda falls back (a long parameter cast to float); and captured doubles on a
   * float32 loop are floats (the float32 rule), also under a cast to long.
   */
  @Test
  void floatValuesInFloat64LoopsAndCapturedConstantsRoundAsJava() {
    double c = Double.parseDouble("0.1");
    Fn.DoubleUnary floatProduct = x -> x + (float) c * 3f;
    Ufunc u = Ufunc.vectorize("float64(float64)", floatProduct);
    assertBits(floatProduct.applyAsDouble(1.0), u.apply(NDArray.of(new double[] {1.0})).getDouble(0), "(float) c * 3f");
    assertTrue(u.explain().contains("IR (float64)"), u.explain()); // (float) c * 3f: a float constant

    Fn.DoubleLongToDouble widened = (x, n) -> x + (float) n;
    Ufunc w = Ufunc.vectorize("float64(float64, int64)", widened);
    NDArray got = w.apply(NDArray.of(new double[] {0.0, 0.5}), NDArray.of(new long[] {16777217L, 3L}));
    assertBits(widened.applyAsDouble(0.0, 16777217L), got.getDouble(0), "(float) 16777217L");
    assertBits(widened.applyAsDouble(0.5, 3L), got.getDouble(1), "(float) 3L");

    float tenth = Float.parseFloat("0.1");
    Fn.DoubleUnary floatFma = v -> v + Math.fma(tenth, tenth, tenth); // rounds to float once
    Ufunc ff = Ufunc.vectorize("float64(float64)", floatFma);
    NDArray zeros = NDArray.zeros(DType.FLOAT64, 40);
    NDArray fo = NDArray.zeros(DType.FLOAT64, 40);
    hot(ff, CALLS, fo, zeros);
    assertBits(floatFma.applyAsDouble(0.0), fo.getDouble(39), "Math.fma of floats");
    assertTrue(ff.explain().contains("fma of floats"), ff.explain());

    // a long beyond 2^53 cast to float rounds once in Java; through double it would round twice
    long big = (1L << 62) + (1L << 38) + 1;
    Fn.DoubleUnary bigFloat = v -> v + (float) big;
    Ufunc bf = Ufunc.vectorize("float64(float64)", bigFloat);
    assertBits(bigFloat.applyAsDouble(0.0), bf.apply(NDArray.of(new double[] {0.0})).getDouble(0), "(float) 2^62 + 2^38 + 1");
    Fn.DoubleUnary bigLiteral = v -> v + (float) 4611686293305294849L;
    assertBits(bigLiteral.applyAsDouble(0.0), Ufunc.vectorize("float64(float64)", bigLiteral).apply(NDArray.of(new double[] {0.0}))
        .getDouble(0), "(float) of a long literal");
    Ufunc bf32 = Ufunc.vectorize("float32(float32)", (Fn.DoubleUnary) v -> v + big);
    assertEquals(bits((float) big), bits(bf32.apply(NDArray.of(new float[] {0f})).toFloatArray()[0]), "a captured long on float32");

    double nearOne = Double.parseDouble("0.99999999"); // (float) nearOne == 1.0f
    Ufunc f32 = Ufunc.vectorize("float32(float32)", (Fn.DoubleUnary) x -> x + (long) nearOne);
    float[] x = new float[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.25f;
    }
    NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
    hot(f32, CALLS, out, NDArray.of(x));
    for (int i = 0; i < x.length; i++) {
      assertEquals(bits(x[i] + (float) (long) (float) nearOne), bits(out.toFloatArray()[i]), "captured double as float, x = " + x[i]);
    }
  }

  /**
   * A float lambda keeps Java's semantics: float arithmetic and one double operation rounded
   * straight back to float (which equals the float operation) lift in float32 IR; double
   * constants that are not floats ({@code x * 0.1}) and chains of double operations ({@code
   * (float) (x * 3.0 + 1.0)}, rounded once by Java) lift as float64 IR, rounded to float where
   * Java rounds (since session 14; before, they ran as tier A). (The float32 rule that rounds
   * every operation is for double lambdas.) Checked after the kernels are compiled, on values
   * where float arithmetic would differ in about one case in five.
   */
  @Test
  void floatLambdasWithDoubleArithmeticKeepJavaSemantics() {
    double tenth = Double.parseDouble("0.1");
    List<Fn.FloatUnary> lambdas = List.of(
        x -> (float) (x * 0.1),
        x -> (float) (x * tenth),
        x -> x > 0.1 ? 1f : 0f,
        x -> x * 0.5f + 0.25f, // float arithmetic: lifts
        x -> (float) (x * 3.0), // one double operation rounded straight back: the float one, lifts
        x -> (float) (x * 3.0 + 1.0), // a chain rounds once in Java, twice in float: float64 IR
        x -> (float) ((double) x * x * x)); // the same with float operands only
    String[] ir = {"float64", "float64", "float64", "float32", "float32", "float64", "float64"};
    float[] x = new float[4099];
    SplittableRandom r = new SplittableRandom(77);
    for (int i = 0; i < x.length; i++) {
      x[i] = i == 0 ? 0.1f : (float) r.nextDouble(0, 1000);
    }
    for (int k = 0; k < lambdas.size(); k++) {
      Fn.FloatUnary f = lambdas.get(k);
      Ufunc u = Ufunc.vectorize("float32(float32)", f);
      NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
      hot(u, Math.max(2, CALLS / 8), out, NDArray.of(x));
      float[] got = out.toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(bits(f.applyAsFloat(x[i])), bits(got[i]), "lambda " + k + " at x = " + x[i]);
      }
      assertTrue(u.explain().contains("IR (" + ir[k] + ")"), u.explain());
    }
  }

  /**
   * In a float lambda the double results of Math functions are doubles in Java: compared,
   * combined or truncated before Java rounds them to float they lift as float64 IR (since
   * session 14; the second review's cases, each at an input where float arithmetic gives another
   * answer); rounded straight to float they lift in float32 IR.
   */
  @Test
  void doubleMathResultsInFloatLambdasKeepJavaSemantics() {
    long big = 16777217L;
    Object[][] cases = {
        {(Fn.FloatUnary) x -> Math.sqrt(x) > 1 ? 1f : 0f, 0x1.000002p0f, "float64"},
        {(Fn.FloatUnary) x -> x < Math.sqrt(2) ? 1f : 0f, 0x1.6a09e6p0f, "float64"},
        {(Fn.FloatUnary) x -> (float) (int) Math.sqrt(x), 16785408f, "float64"},
        {(Fn.FloatUnary) x -> (float) Math.floor(Math.sqrt(x)), 16785408f, "float64"},
        {(Fn.FloatUnary) x -> (float) (Math.exp(x) - 1.0), 1e-5f, "float64"},
        {(Fn.FloatUnary) x -> x < (double) big ? 1f : 0f, 16777216f, "float64"},
        {(Fn.FloatUnary) x -> (float) ((double) (int) x - 2147483520f), 3e9f, "float64"},
        {(Fn.FloatUnary) x -> (float) Math.sqrt(x), 2f, "float32"}, // rounded straight back: exact
        {(Fn.FloatUnary) x -> (float) (double) (int) x, 3e9f, "float32"}};
    for (int k = 0; k < cases.length; k++) {
      Fn.FloatUnary f = (Fn.FloatUnary) cases[k][0];
      float at = (float) cases[k][1];
      Ufunc u = Ufunc.vectorize("float32(float32)", f);
      float[] x = new float[64];
      java.util.Arrays.fill(x, at);
      NDArray out = NDArray.zeros(DType.FLOAT32, x.length);
      hot(u, Math.max(2, CALLS / 8), out, NDArray.of(x));
      assertEquals(bits(f.applyAsFloat(at)), bits(out.toFloatArray()[63]), "case " + k + " at " + at + ": " + u.explain());
      assertTrue(u.explain().contains("IR (" + cases[k][2] + ")"), "case " + k + ": " + u.explain());
    }
    Fn.FloatBinary fma = (x, y) -> (float) Math.fma(x, y, 1.0); // a double fma rounds twice
    Ufunc uf = Ufunc.vectorize("float32(float32, float32)", fma);
    float fx = 0x1.64af3cp-13f;
    float fy = 0x1.6f7924p-12f;
    NDArray fo = NDArray.zeros(DType.FLOAT32, 64);
    float[] xs = new float[64];
    float[] ys = new float[64];
    java.util.Arrays.fill(xs, fx);
    java.util.Arrays.fill(ys, fy);
    hot(uf, Math.max(2, CALLS / 8), fo, NDArray.of(xs), NDArray.of(ys));
    assertEquals(bits(fma.applyAsFloat(fx, fy)), bits(fo.toFloatArray()[63]), uf.explain());
  }

  /** Calls {@code u} into {@code out} {@code calls} times, so that C2 compiles its kernel; returns out. */
  static NDArray hot(Ufunc u, int calls, NDArray out, NDArray... in) {
    for (int call = 0; call < calls; call++) {
      if (in.length == 1) {
        u.out(out).apply(in[0]);
      } else {
        u.out(out).apply(in[0], in[1]);
      }
    }
    return out;
  }

  /** {@link #inputs} rounded to float. */
  private static float[] floatInputs(long seed, int n) {
    double[] d = inputs(seed, n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) d[i];
    }
    return x;
  }

  // NaN payloads are not Java semantics (Double.doubleToRawLongBits may see any NaN): NaN is one value

  private static int bits(float v) {
    return Float.floatToIntBits(v);
  }
}
