package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * {@code static final} fields that javac does not inline (values computed when their class
 * initialises) lift as constants, read once; fields that are not final, or not numbers, do not
 * lift, and their lambdas run as written (tier A reads the field on every call).
 */
class StaticConstantsTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");

  // none of these is a compile-time constant, so each lambda below reads it with getstatic
  static final double SCALE = Math.sqrt(2.0);
  static final long BIG = (1L << 53) + Long.parseLong("1");
  static final int SHIFT = Integer.parseInt("3");
  static final boolean NEGATE = Boolean.parseBoolean("true");
  static final char LETTER = "A".charAt(0);
  static final double[] TABLE = {1.5, 2.5};
  static double mutable = 2.0;

  interface Physics {
    double G = Math.sqrt(96.2361); // an interface field: static final
  }

  /** Reached as Body.G: the JVM finds G through Body's interface. */
  static final class Body implements Physics {}

  private static final class Constants {
    private static final double LN10 = Math.log(10);
  }

  /** Applies ufuncs that read its own static final while it initialises, before that field is set. */
  static final class InitOrder {
    static final Ufunc F32 = Ufunc.vectorize("float32(float32)", x -> x * InitOrder.GAIN);
    static final Ufunc F64 = Ufunc.vectorize("float64(float64)", x -> x * InitOrder.GAIN);
    static final double FIRST32 = F32.apply(NDArray.of(new float[] {2f})).toDoubleArray()[0];
    static final double FIRST64 = F64.apply(NDArray.of(new double[] {2})).toDoubleArray()[0];
    static final String EXPLAINED = F32.explain() + F64.explain(); // waits for the compiler thread
    static final double GAIN = Math.sqrt(2.0);
  }

  private static double[] inputs(int n) {
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[n];
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e308};
    for (int i = 0; i < n; i++) {
      x[i] = i < special.length ? special[i] : i % 3 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble(-100, 100);
    }
    return x;
  }

  /** The ufunc equals the lambda bit for bit (NaN as NaN) and lifted, as tier B when SIMD is expected. */
  private static void assertLiftsAndMatches(Fn.DoubleUnary fn) {
    Ufunc f = Ufunc.vectorize("float64(float64)", fn);
    double[] x = inputs(1021);
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(fn.applyAsDouble(x[i]), got[i], 0.0, "at " + x[i] + "\n" + f.explain());
    }
    String ex = f.explain();
    assertTrue(ex.contains("IR (float64)"), ex);
    if (EXPECT_SIMD) {
      assertTrue(ex.contains("tier B"), ex);
    }
  }

  @Test
  void staticFinalNumbersLiftAsConstants() {
    assertLiftsAndMatches(x -> x * SCALE);
    assertLiftsAndMatches(x -> x + Constants.LN10); // private, in a nested class
    assertLiftsAndMatches(x -> x * Body.G); // through an interface
    assertLiftsAndMatches(x -> NEGATE ? -x : x); // a boolean constant decides the branch
    assertLiftsAndMatches(x -> x * LETTER); // a char is its code
    assertLiftsAndMatches(x -> x + (double) BIG); // a long beyond 2^53, converted once
    Ufunc f = Ufunc.vectorize("float64(float64)", x -> x * SCALE);
    f.apply(NDArray.of(new double[] {1}));
    assertTrue(f.explain().contains("1.4142135623730951"), f.explain());
  }

  @Test
  void onAFloat32LoopADoubleConstantIsAFloat() {
    // the float32 rule: the lambda computes as if written over float, its constants included
    Ufunc f = Ufunc.vectorize("float32(float32)", x -> x * SCALE + 1);
    float[] x = new float[1021];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i - 500) * 0.37f;
    }
    double[] got = f.apply(NDArray.of(x)).toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      float want = x[i] * (float) SCALE + 1f;
      assertEquals(want, (float) got[i], 0f, "at " + x[i]);
    }
    assertTrue(f.explain().contains("IR (float32)"), f.explain());
  }

  @Test
  void integerLambdasReadIntegerConstants() {
    Ufunc f = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) v -> (v << SHIFT) + BIG);
    long[] v = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123456789};
    long[] got = f.apply(NDArray.of(v)).toLongArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals((v[i] << SHIFT) + BIG, got[i], "at " + v[i]);
    }
    assertTrue(f.explain().contains("IR (int64)"), f.explain());
  }

  @Test
  void aFieldThatIsNotFinalIsReadOnEveryCall() {
    Ufunc f = Ufunc.vectorize("float64(float64)", x -> x * mutable);
    NDArray one = NDArray.of(new double[] {1, 2});
    try {
      assertEquals(2.0, f.apply(one).toDoubleArray()[0]);
      mutable = 3.0;
      assertEquals(3.0, f.apply(one).toDoubleArray()[0], "a static that is not final is not a constant");
    } finally {
      mutable = 2.0;
    }
    String ex = f.explain();
    assertTrue(ex.contains("not lifted") && ex.contains("StaticConstantsTest.mutable, which is not final"), ex);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ufunc.vectorize("float64(float64)", x -> x * mutable).strict());
    assertTrue(e.getMessage().contains("getstatic") && e.getMessage().contains("not final"), e.getMessage());
  }

  @Test
  void aUfuncAppliedInTheFieldsClassInitialiserDoesNotFreezeItsDefault() {
    // as in Java, the first calls see GAIN's default; later ones its value. Lifting then would
    // have frozen the default (the lifter refuses instead), and reading the field on the
    // compiler thread while explain() waits for it would have hung
    double first32 = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> InitOrder.FIRST32);
    assertEquals(0.0, first32);
    assertEquals(0.0, InitOrder.FIRST64);
    assertEquals(2f * (float) Math.sqrt(2.0), (float) InitOrder.F32.apply(NDArray.of(new float[] {2f})).toDoubleArray()[0], 0f);
    assertEquals(2 * Math.sqrt(2.0), InitOrder.F64.apply(NDArray.of(new double[] {2})).toDoubleArray()[0], 0.0);
    assertTrue(InitOrder.EXPLAINED.contains("not lifted"), InitOrder.EXPLAINED);
  }

  @Test
  void readingAFieldInitialisesItsDeclaringClassOnly() {
    // Java initialises the class that declares the field, not the one the code names
    Ufunc f = Ufunc.vectorize("float64(float64)", x -> x * Derived.K);
    assertEquals(6.0, f.apply(NDArray.of(new double[] {2})).toDoubleArray()[0]);
    f.explain();
    assertEquals(0, derivedInitialisations, "Derived's initialiser ran");
  }

  static int derivedInitialisations;

  static class Declaring {
    static final double K = Double.parseDouble("3");
  }

  static final class Derived extends Declaring {
    static {
      derivedInitialisations++;
    }
  }

  @Test
  void aFinalArrayIsNotAConstant() {
    Ufunc f = Ufunc.vectorize("float64(float64)", x -> x * TABLE[0]);
    assertEquals(3.0, f.apply(NDArray.of(new double[] {2})).toDoubleArray()[0]);
    assertTrue(f.explain().contains("only numbers and booleans are constants"), f.explain());
  }
}
