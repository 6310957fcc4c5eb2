package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;

/**
 * How vectorize finds what a function object takes and returns: from the one Fn interface it
 * implements, directly, through a superclass or through an interface of its own; two such
 * interfaces, or none, is an error that names them.
 */
class KernelShapeTest {
  /** A user's interface extending a kernel interface. */
  interface Scaled extends Fn.DoubleUnary {}

  static class Base implements Fn.DoubleBinary {
    @Override
    public double applyAsDouble(double a, double b) {
      return a * b;
    }
  }

  static final class Derived extends Base {}

  static final class Both implements Fn.DoubleUnary, Fn.LongUnary {
    @Override
    public double applyAsDouble(double x) {
      return x;
    }

    @Override
    public long applyAsLong(long x) {
      return x;
    }
  }

  static final class Neither implements Fn {}

  @Test
  void shapesComeFromTheImplementedInterface() {
    Scaled twice = x -> 2 * x;
    assertEquals(6.0, Ufunc.vectorize("float64(float64)", twice).apply(NDArray.scalar(DType.FLOAT64, 3)).getDouble());
    assertEquals(12.0, Ufunc.vectorize("float64(float64, float64)", new Derived())
        .apply(NDArray.scalar(DType.FLOAT64, 3), NDArray.scalar(DType.FLOAT64, 4)).getDouble());
  }

  @Test
  void twoKernelInterfacesOrNoneAreErrors() {
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64(float64)", new Both()));
    assertTrue(two.getMessage().contains("two kernel interfaces") && two.getMessage().contains("DoubleUnary")
        && two.getMessage().contains("LongUnary"), two.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64(float64)", new Neither()));
    assertTrue(none.getMessage().contains("none of its functional interfaces"), none.getMessage());
  }
}
