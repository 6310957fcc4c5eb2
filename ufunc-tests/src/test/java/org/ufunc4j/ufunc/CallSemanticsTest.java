package org.ufunc4j.ufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Casting;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.Ufuncs;

/** Signatures, loop selection (NumPy's rule, weak scalars), out/where/dtype/casting checks. */
class CallSemanticsTest {

  @Test
  void signaturesInNumbaAndNumpyForms() {
    Ufunc f = Ufunc.vectorize(List.of("f4(f4, f4)", "float64(float64, float64)"), (a, b) -> a + b);
    assertEquals(List.of("ff->f", "dd->d"), f.types());
    Ufunc g = Ufunc.vectorize("dd->d", (a, b) -> a - b);
    assertEquals(List.of("dd->d"), g.types());
    Ufunc h = Ufunc.vectorize("double(double)", x -> x);
    assertEquals(List.of("d->d"), h.types());
  }

  @Test
  void badSignaturesNameThePosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64(float64, float65)", (a, b) -> a));
    assertTrue(e.getMessage().contains("position 17") && e.getMessage().contains("float65"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64(float64", x -> x));
    assertTrue(e.getMessage().contains("position 15") && e.getMessage().contains("')'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64 float64", x -> x));
    assertTrue(e.getMessage().contains("position 8") && e.getMessage().contains("'('"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("float64(float64, float64)", x -> x));
    assertTrue(e.getMessage().contains("2 inputs") && e.getMessage().contains("takes 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("int64(float64)", (Fn.LongUnary) x -> x));
    assertTrue(e.getMessage().contains("argument 0 is float64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Ufunc.vectorize("dx->d", x -> x));
    assertTrue(e.getMessage().contains("position 1"), e.getMessage());
  }

  @Test
  void firstLoopToWhichInputsCastSafely() {
    Ufunc f = Ufunc.vectorize(List.of("int32(int32)", "float32(float32)", "float64(float64)"), x -> x + 0.5);
    assertEquals(DType.INT32, f.apply(NDArray.of(new short[] {1})).dtype());
    assertEquals(DType.FLOAT64, f.apply(NDArray.of(new long[] {1})).dtype(), "int64 casts safely only to float64");
    assertEquals(DType.FLOAT32, f.apply(NDArray.of(new float[] {1})).dtype());
    // the int32 loop computes the double lambda and casts back: 1 + 0.5 -> 1
    assertEquals(1, f.apply(NDArray.of(new int[] {1})).getLong(0));
  }

  @Test
  void javaScalarsAreWeak() {
    NDArray x32 = NDArray.of(new float[] {1.5f, 2.5f});
    assertEquals(DType.FLOAT32, Ufuncs.multiply.apply(x32, 2.0).dtype(), "no float64 upcast (the seed's pitfall)");
    assertEquals(DType.FLOAT32, Ufuncs.add.apply(x32, 1).dtype());
    assertEquals(DType.INT8, Ufuncs.add.apply(NDArray.of(new byte[] {1}), 3).dtype());
    assertEquals(DType.FLOAT64, Ufuncs.add.apply(NDArray.of(new byte[] {1}), 2.5).dtype(), "a float scalar lifts an int array");
    assertEquals(DType.INT64, Ufuncs.add.apply(3, 4).dtype());
    assertEquals(DType.FLOAT64, Ufuncs.add.apply(3, 4.0).dtype());
    assertEquals(DType.BOOL, Ufuncs.logical_and.apply(true, false).dtype());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.apply(NDArray.of(new byte[] {1}), 1000));
    assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("int8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.apply(NDArray.of(new byte[] {1}), "2"));
  }

  @Test
  void noMatchingLoopNamesUfuncTypesAndLoops() {
    Ufunc f = Ufunc.vectorize("float32(float32)", x -> x).withName("only_f4");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(NDArray.of(new double[] {1})));
    assertTrue(e.getMessage().contains("'only_f4'") && e.getMessage().contains("float64") && e.getMessage().contains("f->f"), e.getMessage());
  }

  @Test
  void forcedLoopsAndCasting() {
    NDArray d = NDArray.of(new double[] {1.25, 2.5});
    NDArray r = Ufuncs.add.signature("ff->f").casting(Casting.SAME_KIND).apply(d, d);
    assertEquals(DType.FLOAT32, r.dtype());
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.signature("ff->f").casting(Casting.SAFE).apply(d, d));
    assertEquals(DType.FLOAT32, Ufuncs.add.dtype(DType.FLOAT32).apply(d, d).dtype());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ufuncs.sqrt.signature("l->l").apply(d));
    assertTrue(e.getMessage().contains("l->l"), e.getMessage());
    // output casting: float64 result into an int64 out needs 'unsafe'
    NDArray outI = NDArray.zeros(DType.INT64, 2);
    e = assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.out(outI).apply(d, d));
    assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("int64") && e.getMessage().contains("same_kind"), e.getMessage());
    Ufuncs.add.out(outI).casting(Casting.UNSAFE).apply(d, d);
    assertArrayEquals(new long[] {2, 5}, outI.toLongArray());
    NDArray outF = NDArray.zeros(DType.FLOAT32, 2);
    Ufuncs.add.out(outF).apply(d, d);
    assertArrayEquals(new float[] {2.5f, 5f}, outF.toFloatArray());
  }

  @Test
  void outIsCheckedBeforeAnythingIsWritten() {
    NDArray a = NDArray.of(new double[] {1, 2, 3});
    NDArray wrong = NDArray.full(DType.FLOAT64, 7.0, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.out(wrong).apply(a, a));
    assertTrue(e.getMessage().contains("(4,)") && e.getMessage().contains("(3,)"), e.getMessage());
    assertArrayEquals(new double[] {7, 7, 7, 7}, wrong.toDoubleArray());
    NDArray ro = NDArray.zeros(DType.FLOAT64, 3).broadcastTo(2, 3);
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.out(ro).apply(a, a));
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.apply(a));
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.where(NDArray.of(new double[] {1})));
  }

  @Test
  void whereKeepsUnselectedElements() {
    NDArray a = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    NDArray mask = NDArray.of(new boolean[] {true, false, true});
    NDArray out = NDArray.full(DType.FLOAT64, -1.0, 2, 3);
    Ufuncs.square.out(out).where(mask).apply(a);
    assertArrayEquals(new double[] {1, -1, 9, 16, -1, 36}, out.toDoubleArray());
    NDArray fresh = Ufuncs.square.where(mask).apply(a);
    assertArrayEquals(new double[] {1, 0, 9, 16, 0, 36}, fresh.toDoubleArray(), "fresh outputs are zero-filled");
    // a mask with more dims broadcasts the loop
    NDArray m2 = NDArray.of(new boolean[] {true, false}, 2, 1, 1);
    assertArrayEquals(new long[] {2, 2, 3}, Ufuncs.square.where(m2).apply(a).shape());
    // large masked run, serial and parallel agree
    NDArray big = NDArray.random(DType.FLOAT64, 3, 100_000);
    NDArray bm = Ufuncs.greater.apply(big, 0.3);
    org.ufunc4j.testing.Comparisons.assertWithinUlps(Ufuncs.sin.where(bm).apply(big), Ufuncs.sin.where(bm).threads(2).apply(big), 2);
    Values.assertSameBits(Ufuncs.sqrt.where(bm).apply(big), Ufuncs.sqrt.where(bm).threads(2).apply(big), "masked parallel");
  }

  @Test
  void lazyUfuncsAddALoopPerNewTypeCombination() {
    Ufunc h = Ufunc.vectorize(x -> x * x + 1);
    assertTrue(h.isLazy());
    assertEquals(List.of(), h.types());
    assertArrayEquals(new double[] {1, 2, 5}, h.apply(NDArray.of(new long[] {0, 1, 2})).toDoubleArray());
    NDArray f = h.apply(NDArray.of(new float[] {0.5f}));
    assertEquals(DType.FLOAT32, f.dtype());
    assertEquals(List.of("l->d", "f->f"), h.types());
    h.threads(2).apply(NDArray.of(new float[] {1f}));
    assertEquals(2, h.types().size(), "no new loop for a type it has");
    Ufunc l = Ufunc.vectorize((Fn.LongBinary) (a, b) -> a * b);
    assertEquals(DType.INT64, l.apply(NDArray.of(new int[] {3}), NDArray.of(new int[] {4})).dtype());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.apply(NDArray.of(new double[] {1}), 2));
    assertTrue(e.getMessage().contains("not supported"), e.getMessage());
  }

  @Test
  void mixedAndPredicateLambdas() {
    Ufunc scale = Ufunc.vectorize("float64(float64, int64)", (Fn.DoubleLongToDouble) (x, n) -> x * n);
    assertArrayEquals(new double[] {3, 5}, scale.apply(NDArray.of(new double[] {1.5, 2.5}), NDArray.of(new long[] {2, 2})).toDoubleArray());
    Ufunc pos = Ufunc.vectorize("bool(float64)", (Fn.DoublePredicate) x -> x > 0);
    assertArrayEquals(new boolean[] {false, true, false}, pos.apply(NDArray.of(new double[] {-1, 2, Double.NaN})).toBooleanArray());
    Ufunc even = Ufunc.vectorize(List.of("bool(int64)", "bool(int32)"), (Fn.LongPredicate) x -> (x & 1) == 0);
    assertArrayEquals(new boolean[] {true, false}, even.apply(NDArray.of(new int[] {4, 7})).toBooleanArray());
    Ufunc three = Ufunc.vectorize("f8(f8,f8,f8)", (a, b, c) -> a * b + c);
    assertEquals(7.0, three.apply(2.0, 3.0, 1.0).getDouble());
    Ufunc four = Ufunc.vectorize("f8(f8,f8,f8,f8)", (a, b, c, d) -> a * b + c * d);
    assertEquals(10.0, four.apply(2.0, 3.0, 1.0, 4.0).getDouble());
    Ufunc f32 = Ufunc.vectorize("float32(float32, float32)", (Fn.FloatBinary) (a, b) -> a * b + 1f);
    assertEquals(DType.FLOAT32, f32.apply(NDArray.of(new float[] {2}), 3).dtype());
  }

  @Test
  void seedVectorizeExampleW5() {
    // Numba: @vectorize([float64(float64, float64)]) def vec_op(a, b): return np.sin(a**b)**2
    Ufunc vecOp = Ufunc.vectorize("float64(float64, float64)", (a, b) -> Math.pow(Math.sin(Math.pow(a, b)), 2));
    NDArray arr = NDArray.random(DType.FLOAT64, 4, 64, 64);
    NDArray twice = Ufuncs.multiply.apply(arr, 2.0);
    NDArray r = vecOp.apply(arr, twice);
    NDArray rp = vecOp.threads(2).apply(arr, twice);
    double[] a = arr.toDoubleArray();
    double[] got = r.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      double e = Math.pow(Math.sin(Math.pow(a[i], 2 * a[i])), 2);
      assertEquals(e, got[i], Math.ulp(e) * 4, "element " + i);
    }
    // SIMD transcendentals (SVML) may differ from run to run in the last ulps of each function
    org.ufunc4j.testing.Comparisons.assertWithinUlps(r, rp, 4);
  }

  @Test
  void outReturnsTheCallItBuiltForTheSameArrayAndNeverAnotherConfiguration() {
    NDArray a = NDArray.of(new double[] {1, 2, 3});
    NDArray b = NDArray.of(new double[] {10, 20, 30});
    NDArray o = NDArray.zeros(DType.FLOAT64, 3);
    NDArray mask = NDArray.of(new boolean[] {true, false, true});
    assertTrue(Ufuncs.add.out(o) == Ufuncs.add.out(o), "the same plain call for the same array");
    // a configured call built from it does not replace the plain one, and is not returned for it
    Ufuncs.add.out(o).where(mask).apply(a, b);
    assertArrayEquals(new double[] {11, 0, 33}, o.toDoubleArray());
    Ufuncs.add.out(o).apply(a, b);
    assertArrayEquals(new double[] {11, 22, 33}, o.toDoubleArray());
    // another ufunc on the same array gets its own call
    Ufuncs.multiply.out(o).apply(a, b);
    assertArrayEquals(new double[] {10, 40, 90}, o.toDoubleArray());
    Ufuncs.add.out(o).apply(a, b);
    assertArrayEquals(new double[] {11, 22, 33}, o.toDoubleArray());
    // a view of the array is another array: its own call, writing through the view
    NDArray tail = o.slice("1:");
    Ufuncs.subtract.out(tail).apply(NDArray.of(new double[] {5, 6}), 1.0);
    assertArrayEquals(new double[] {11, 4, 5}, o.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> Ufuncs.add.out(null));
  }

  /**
   * A configuration with {@code out} remembers its last plan for the same input objects; every
   * other call must still get the full checks and the right result: inputs alternating between
   * calls, scalars, an input that is the output (in place) or overlaps it, and a shape mismatch
   * after a planned call.
   */
  @Test
  void repeatedCallsWithOutStayRightWhateverTheInputs() {
    int n = 4099;
    NDArray out = NDArray.zeros(DType.FLOAT64, n);
    org.ufunc4j.UfuncCall sub = Ufuncs.subtract.out(out);
    NDArray[] xs = new NDArray[3];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = NDArray.random(DType.FLOAT64, k + 1, n);
    }
    NDArray y = NDArray.random(DType.FLOAT64, 9, n);
    for (int call = 0; call < 60; call++) {
      NDArray x = xs[call % 3];
      sub.apply(x, y);
      for (int i = 0; i < n; i += 97) {
        assertEquals(x.getDouble(i) - y.getDouble(i), out.getDouble(i), "call " + call + " at " + i);
      }
      sub.apply(x, 0.5);
      assertEquals(x.getDouble(n - 1) - 0.5, out.getDouble(n - 1), "scalar, call " + call);
    }
    // the output as an input, and a reversed view of it: NumPy semantics (inputs read first)
    NDArray before = out.copy();
    sub.apply(out, y);
    sub.apply(out, y);
    for (int i = 0; i < n; i += 97) {
      assertEquals(before.getDouble(i) - y.getDouble(i) - y.getDouble(i), out.getDouble(i), 1e-12, "in place at " + i);
    }
    NDArray snapshot = out.copy();
    sub.apply(xs[0], out.flip(0));
    for (int i = 0; i < n; i += 97) {
      assertEquals(xs[0].getDouble(i) - snapshot.getDouble(n - 1 - i), out.getDouble(i), "overlapping reversed input at " + i);
    }
    sub.apply(xs[1], y);
    assertThrows(IllegalArgumentException.class, () -> sub.apply(NDArray.zeros(DType.FLOAT64, n + 1), y));
  }
}
