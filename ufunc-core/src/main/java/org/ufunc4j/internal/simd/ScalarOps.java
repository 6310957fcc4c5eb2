package org.ufunc4j.internal.simd;

/**
 * Scalar comparisons and selection for code generated from the IR: calls to these small static
 * methods keep the generated code free of branches (C2 inlines them, often into conditional
 * moves). Java's semantics: comparisons with NaN are false, except {@code ne}.
 */
public final class ScalarOps {
  private ScalarOps() {}

  public static boolean eq(double a, double b) { return a == b; }
  public static boolean ne(double a, double b) { return a != b; }
  public static boolean lt(double a, double b) { return a < b; }
  public static boolean le(double a, double b) { return a <= b; }
  public static boolean gt(double a, double b) { return a > b; }
  public static boolean ge(double a, double b) { return a >= b; }
  public static boolean eq(float a, float b) { return a == b; }
  public static boolean ne(float a, float b) { return a != b; }
  public static boolean lt(float a, float b) { return a < b; }
  public static boolean le(float a, float b) { return a <= b; }
  public static boolean gt(float a, float b) { return a > b; }
  public static boolean ge(float a, float b) { return a >= b; }

  public static boolean eq(long a, long b) { return a == b; }
  public static boolean ne(long a, long b) { return a != b; }
  public static boolean lt(long a, long b) { return a < b; }
  public static boolean le(long a, long b) { return a <= b; }
  public static boolean gt(long a, long b) { return a > b; }
  public static boolean ge(long a, long b) { return a >= b; }
  public static boolean eq(int a, int b) { return a == b; }
  public static boolean ne(int a, int b) { return a != b; }
  public static boolean lt(int a, int b) { return a < b; }
  public static boolean le(int a, int b) { return a <= b; }
  public static boolean gt(int a, int b) { return a > b; }
  public static boolean ge(int a, int b) { return a >= b; }

  public static long select(boolean c, long t, long f) {
    return c ? t : f;
  }

  public static int select(boolean c, int t, int f) {
    return c ? t : f;
  }

  public static double select(boolean c, double t, double f) {
    return c ? t : f;
  }

  public static float select(boolean c, float t, float f) {
    return c ? t : f;
  }
}
