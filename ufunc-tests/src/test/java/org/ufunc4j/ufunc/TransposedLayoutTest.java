package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/**
 * Inputs transposed against the output (the executor visits column strips block-major and copies
 * a group of outer runs of such an input a memory line at a time): the result must equal the same
 * ufunc on a contiguous copy, for shapes that are not multiples of the strip (128) or the group
 * (8), reversed axes, three dimensions, integer and bool inputs, mixed with contiguous and
 * broadcast operands, on both targets.
 */
class TransposedLayoutTest {
  private static final Ufunc AXPY = Ufunc.vectorize("float64(float64, float64)", (a, b) -> a * 2 - b);

  private static void same(NDArray want, NDArray got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what);
    assertArrayEquals(want.astype(DType.FLOAT64).toDoubleArray(), got.astype(DType.FLOAT64).toDoubleArray(), what);
  }

  /**
   * For sin and exp: the strips move the SIMD kernels' scalar tails to other elements, and SVML
   * and Math may differ there by an ulp (the accuracy policy), so 2 ulps are allowed.
   */
  private static void close(NDArray want, NDArray got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what);
    double[] w = want.astype(DType.FLOAT64).toDoubleArray();
    double[] g = got.astype(DType.FLOAT64).toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      if (Math.abs(w[i] - g[i]) > 2 * Math.ulp(w[i])) {
        assertEquals(w[i], g[i], what + " at " + i);
      }
    }
  }

  @Test
  void transposedInputsGiveTheResultOfAContiguousCopy() {
    long[][] shapes = {{300, 257}, {9, 1000}, {1000, 9}, {129, 130}, {7, 3}, {1, 500}, {500, 1}};
    for (long[] sh : shapes) {
      NDArray base = NDArray.random(DType.FLOAT64, sh[0] * 31 + sh[1], sh);
      NDArray t = base.transpose(); // shape (sh[1], sh[0]), strides (1, sh[1])
      NDArray other = NDArray.random(DType.FLOAT64, 5, sh[1], sh[0]);
      for (Target target : Target.values()) {
        close(Ufuncs.sin.target(target).apply(t.copy()), Ufuncs.sin.target(target).apply(t), "sin " + java.util.Arrays.toString(sh) + " " + target);
        same(AXPY.target(target).apply(t.copy(), other), AXPY.target(target).apply(t, other), "axpy " + java.util.Arrays.toString(sh));
        same(AXPY.target(target).apply(other, t.copy()), AXPY.target(target).apply(other, t), "axpy second " + java.util.Arrays.toString(sh));
        NDArray rev = t.flip(1);
        same(AXPY.target(target).apply(rev.copy(), 0.5), AXPY.target(target).apply(rev, 0.5), "reversed " + java.util.Arrays.toString(sh));
        NDArray row = other.slice("0:1");
        same(AXPY.target(target).apply(t.copy(), row), AXPY.target(target).apply(t, row), "broadcast row");
      }
    }
  }

  @Test
  void threeDimensionsAndOtherDtypes() {
    NDArray base = NDArray.random(DType.FLOAT64, 3, 5, 140, 33);
    NDArray t = base.transpose(0, 2, 1); // (5, 33, 140): inner stride 33, next stride 1
    close(Ufuncs.exp.apply(t.copy()), Ufuncs.exp.apply(t), "3-d");
    NDArray t2 = base.transpose(2, 1, 0);
    close(Ufuncs.exp.apply(t2.copy()), Ufuncs.exp.apply(t2), "3-d reversed axes");
    NDArray ints = NDArray.arange(DType.INT32, 0, 200 * 150, 1).reshape(200, 150).transpose();
    same(Ufuncs.square.apply(ints.copy()), Ufuncs.square.apply(ints), "int32");
    NDArray longs = NDArray.arange(DType.INT64, -9000, 9000, 1).reshape(120, 150).transpose();
    Ufunc mix = Ufunc.vectorize("int64(int64)", (Fn.LongUnary) v -> v * 3 - 1);
    same(mix.apply(longs.copy()), mix.apply(longs), "int64 lambda");
    NDArray bools = Ufuncs.greater.apply(NDArray.random(DType.FLOAT64, 8, 190, 140), 0.5).transpose();
    same(Ufuncs.logical_not.apply(bools.copy()), Ufuncs.logical_not.apply(bools), "bool");
    NDArray f32 = NDArray.random(DType.FLOAT32, 9, 260, 140).transpose();
    same(Ufuncs.sqrt.apply(f32.copy()), Ufuncs.sqrt.apply(f32), "float32");
    assertEquals(DType.FLOAT32, Ufuncs.sqrt.apply(f32).dtype());
  }

  @Test
  void transposedWithAWhereMask() {
    NDArray t = NDArray.random(DType.FLOAT64, 3, 300, 257).transpose();
    NDArray mask = Ufuncs.greater.apply(NDArray.random(DType.FLOAT64, 4, 257, 300), 0.5);
    NDArray transposedMask = mask.transpose().copy().transpose();
    for (Target target : Target.values()) {
      NDArray o1 = NDArray.zeros(DType.FLOAT64, 257, 300);
      NDArray o2 = NDArray.zeros(DType.FLOAT64, 257, 300);
      NDArray o3 = NDArray.zeros(DType.FLOAT64, 257, 300);
      Ufuncs.square.target(target).out(o1).where(mask).apply(t);
      Ufuncs.square.target(target).out(o2).where(mask).apply(t.copy());
      Ufuncs.square.target(target).out(o3).where(transposedMask).apply(t);
      same(o2, o1, "where, " + target);
      same(o2, o3, "transposed where, " + target);
    }
  }

  @Test
  void transposedIntoAGivenOutput() {
    NDArray base = NDArray.random(DType.FLOAT64, 12, 512, 512);
    NDArray out = NDArray.zeros(DType.FLOAT64, 512, 512);
    Ufuncs.sin.out(out).apply(base.transpose());
    close(Ufuncs.sin.apply(base.transpose().copy()), out, "512x512 into C-ordered out");
  }
}
