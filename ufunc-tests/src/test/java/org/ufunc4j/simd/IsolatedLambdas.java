package org.ufunc4j.simd;

import org.ufunc4j.Fn;

/**
 * Lambdas that {@link Float32RoundingTest} loads through a class loader of their own, so that
 * their class is in another module (another loader's unnamed module) than ufunc4j: the float
 * rewrite then has no private access to it and defines its copy in ufunc4j's package.
 */
public final class IsolatedLambdas {
  /** Public: the copy in ufunc4j's package can read it. */
  public static double open = 0.3;
  static double packagePrivate = 0.3;
  private final double scale = 0.7;

  /** Uses only public members: rewritten. */
  public static Fn.DoubleUnary publicOnly() {
    return x -> {
      double s = 0;
      for (int k = 1; k <= 6; k++) {
        s += x * open / k;
      }
      return s;
    };
  }

  /** The same with a package-private field: the copy cannot read it, so the lambda rounds once. */
  public static Fn.DoubleUnary packagePrivateField() {
    return x -> {
      double s = 0;
      for (int k = 1; k <= 6; k++) {
        s += x * packagePrivate / k;
      }
      return s;
    };
  }

  /** Uses 'this': its implementation is an instance method, which the copy could only call. */
  public Fn.DoubleUnary usingThis() {
    return x -> {
      double s = 0;
      for (int k = 1; k <= 6; k++) {
        s += x * scale / k;
      }
      return s;
    };
  }
}
