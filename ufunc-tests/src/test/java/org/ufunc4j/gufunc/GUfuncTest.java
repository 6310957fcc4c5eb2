package org.ufunc4j.gufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;

/** GUfunc.guvectorize: layouts, shape resolution as NumPy, targets, out/where/axes/keepdims. */
class GUfuncTest {
  /** The seed's row kernel: c = a ** b along (ny). */
  static final GUfunc POW_ROWS = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
      core -> {
        F64Core a = core.f64(0);
        F64Core b = core.f64(1);
        F64Core c = core.f64(2);
        for (long j = 0; j < a.size(0); j++) {
          c.set(Math.pow(a.get(j), b.get(j)), j);
        }
      });

  /** The seed's block kernel: c = a ** b over (nx, ny), elementwise along nx. */
  static final GUfunc POW_BLOCK = GUfunc.guvectorize("void(float64[:,:], float64[:,:], float64[:,:])", "(nx,ny),(nx,ny)->(nx,ny)",
      core -> {
        F64Core a = core.f64(0);
        F64Core b = core.f64(1);
        F64Core c = core.f64(2);
        for (long i = 0; i < a.size(0); i++) {
          for (long j = 0; j < a.size(1); j++) {
            c.set(Math.pow(a.get(i, j), b.get(i, j)), i, j);
          }
        }
      }).parallelOver("nx");

  static final CoreKernel INNER_KERNEL = core -> {
        if (core.dtype(0) == DType.FLOAT64) {
          F64Core a = core.f64(0);
          F64Core b = core.f64(1);
          double s = 0;
          for (long k = 0; k < a.size(0); k++) {
            s += a.get(k) * b.get(k);
          }
          core.f64(2).set(s);
        } else {
          I64Core a = core.i64(0);
          I64Core b = core.i64(1);
          long s = 0;
          for (long k = 0; k < a.size(0); k++) {
            s += a.get(k) * b.get(k);
          }
          core.i64(2).set(s);
        }
      };

  static final GUfunc INNER = GUfunc.guvectorize(List.of("void(float64[:], float64[:], float64)", "void(int64[:], int64[:], int64)"),
      "(i),(i)->()", INNER_KERNEL);

  static final GUfunc MATMUL = GUfunc.guvectorize("void(float64[:,:], float64[:,:], float64[:,:])", "(m?,n),(n,p?)->(m?,p?)",
      core -> {
        F64Core a = core.f64(0);
        F64Core b = core.f64(1);
        F64Core c = core.f64(2);
        for (long i = 0; i < a.size(0); i++) {
          for (long j = 0; j < b.size(1); j++) {
            double s = 0;
            for (long k = 0; k < a.size(1); k++) {
              s += a.get(i, k) * b.get(k, j);
            }
            c.set(s, i, j);
          }
        }
      });

  /** Math.pow per element: what the scalar core loops compute, bit for bit. */
  private static NDArray powReference(NDArray a, NDArray b) {
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.pow(x[i], y[i]);
    }
    return NDArray.of(r).reshape(a.shape());
  }

  @Test
  void seedGuvectorizeBothLayoutsOnCpuAndParallel() {
    NDArray a = NDArray.random(DType.FLOAT64, 4, 64, 96);
    NDArray b = Ufuncs.multiply.apply(a, 2.0);
    NDArray expected = powReference(a, b);
    assertEquals(expected, POW_ROWS.apply(a, b));
    assertEquals(expected, POW_BLOCK.apply(a, b));
    long before = Target.parallelThresholdNanos();
    try {
      Target.setParallelThresholdNanos(0);
      assertEquals(expected, POW_ROWS.target(Target.PARALLEL).threads(2).apply(a, b));
      assertEquals(expected, POW_BLOCK.threads(2).apply(a, b), "one outer iteration split along nx");
      assertEquals(expected, POW_BLOCK.threads(3).apply(a, b));
    } finally {
      Target.setParallelThresholdNanos(before);
    }
    NDArray out = NDArray.zeros(DType.FLOAT64, 64, 96);
    assertSame(out, POW_ROWS.out(out).apply(a, b));
    assertEquals(expected, out);
  }

  @Test
  void loopDimensionsBroadcast() {
    NDArray a = NDArray.random(DType.FLOAT64, 1, 3, 1, 5);
    NDArray b = NDArray.random(DType.FLOAT64, 2, 4, 5);
    NDArray r = INNER.apply(a, b);
    assertArrayEquals(new long[] {3, 4}, r.shape());
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k = 0; k < 5; k++) {
          s += a.getDouble(i, 0, k) * b.getDouble(j, k);
        }
        assertEquals(s, r.getDouble(i, j), 1e-15);
      }
    }
    // NumPy's rule: the first loop the inputs cast to safely; int64 -> float64 is safe, so dd->d
    assertEquals(DType.FLOAT64, INNER.apply(NDArray.arange(4), NDArray.arange(4)).dtype());
    assertEquals(14.0, INNER.apply(NDArray.arange(4), NDArray.arange(4)).getDouble());
    GUfunc intFirst = GUfunc.guvectorize(List.of("void(int64[:], int64[:], int64)", "void(float64[:], float64[:], float64)"),
        "(i),(i)->()", INNER_KERNEL);
    assertEquals(DType.INT64, intFirst.apply(NDArray.arange(4), NDArray.arange(4)).dtype());
    assertEquals(14, intFirst.apply(NDArray.arange(4), NDArray.arange(4)).getLong());
    assertEquals(List.of("ll->l", "dd->d"), intFirst.types());
  }

  @Test
  void matmulOptionalDimensionsAsNumpy() {
    NDArray a = NDArray.random(DType.FLOAT64, 1, 2, 3);
    NDArray b = NDArray.random(DType.FLOAT64, 2, 3, 4);
    NDArray v = NDArray.random(DType.FLOAT64, 3, 3);
    assertArrayEquals(new long[] {2, 4}, MATMUL.apply(a, b).shape());
    assertArrayEquals(new long[] {4}, MATMUL.apply(v, b).shape(), "1-d first operand: m removed");
    assertArrayEquals(new long[] {2}, MATMUL.apply(a, v).shape(), "1-d second operand: p removed");
    assertArrayEquals(new long[] {}, MATMUL.apply(v, v).shape(), "vector . vector is 0-d");
    NDArray stack = NDArray.random(DType.FLOAT64, 4, 5, 2, 3);
    assertArrayEquals(new long[] {5, 2, 4}, MATMUL.apply(stack, b).shape());
    double dot = 0;
    for (int k = 0; k < 3; k++) {
      dot += v.getDouble(k) * v.getDouble(k);
    }
    assertEquals(dot, MATMUL.apply(v, v).getDouble(), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MATMUL.apply(a, a));
    assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
  }

  @Test
  void frozenOutputOnlyAndSizeFunctions() {
    GUfunc cross = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(3),(3)->(3)", core -> {
      F64Core a = core.f64(0);
      F64Core b = core.f64(1);
      F64Core c = core.f64(2);
      c.set(a.get(1) * b.get(2) - a.get(2) * b.get(1), 0);
      c.set(a.get(2) * b.get(0) - a.get(0) * b.get(2), 1);
      c.set(a.get(0) * b.get(1) - a.get(1) * b.get(0), 2);
    });
    NDArray r = cross.apply(NDArray.of(new double[] {1, 0, 0}), NDArray.of(new double[] {0, 1, 0}));
    assertArrayEquals(new double[] {0, 0, 1}, r.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> cross.apply(NDArray.zeros(DType.FLOAT64, 4), NDArray.zeros(DType.FLOAT64, 4)));
    // pdist-like: (n,d)->(p) with p = n(n-1)/2 from a size function
    GUfunc pdist = GUfunc.guvectorize("void(float64[:,:], float64[:])", "(n,d)->(p)", core -> {
      F64Core x = core.f64(0);
      F64Core out = core.f64(1);
      long k = 0;
      for (long i = 0; i < x.size(0); i++) {
        for (long j = i + 1; j < x.size(0); j++) {
          double s = 0;
          for (long q = 0; q < x.size(1); q++) {
            double t = x.get(i, q) - x.get(j, q);
            s += t * t;
          }
          out.set(Math.sqrt(s), k++);
        }
      }
    });
    NDArray pts = NDArray.of(new double[] {0, 0, 3, 4, 6, 8}, 3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pdist.apply(pts));
    assertTrue(e.getMessage().contains("'p'"), e.getMessage());
    GUfunc sized = pdist.outputSize("p", shapes -> {
      long n = shapes[0][shapes[0].length - 2];
      return n * (n - 1) / 2;
    });
    assertArrayEquals(new double[] {5, 10, 5}, sized.apply(pts).toDoubleArray());
    NDArray out = NDArray.zeros(DType.FLOAT64, 3);
    pdist.out(out).apply(pts); // size from the given out
    assertArrayEquals(new double[] {5, 10, 5}, out.toDoubleArray());
    // ()->(n): output-only dims sized by out
    GUfunc ramp = GUfunc.guvectorize("void(float64, float64[:])", "()->(n)", core -> {
      F64Core o = core.f64(1);
      for (long i = 0; i < o.size(0); i++) {
        o.set(core.f64(0).get() * i, i);
      }
    });
    NDArray ro = NDArray.zeros(DType.FLOAT64, 2, 4);
    ramp.out(ro).apply(NDArray.of(new double[] {1, 2}));
    assertArrayEquals(new double[] {0, 1, 2, 3, 0, 2, 4, 6}, ro.toDoubleArray());
  }

  @Test
  void cumsumAxesAxisAndKeepdims() {
    GUfunc cumsum = GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)", core -> {
      F64Core a = core.f64(0);
      F64Core c = core.f64(1);
      double s = 0;
      for (long i = 0; i < a.size(0); i++) {
        s += a.get(i);
        c.set(s, i);
      }
    });
    NDArray m = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new double[] {1, 3, 6, 4, 9, 15}, cumsum.apply(m).toDoubleArray());
    NDArray down = cumsum.axis(0).apply(m);
    assertArrayEquals(new long[] {2, 3}, down.shape());
    assertArrayEquals(new double[] {1, 2, 3, 5, 7, 9}, down.toDoubleArray(), "axis=0 runs down the columns");
    NDArray down2 = cumsum.axes(new int[] {0}, new int[] {0}).apply(m);
    assertEquals(down, down2);
    NDArray s = INNER.axis(0).apply(m, m);
    assertArrayEquals(new double[] {17, 29, 45}, s.toDoubleArray());
    NDArray kept = INNER.keepdims(true).apply(m, m);
    assertArrayEquals(new long[] {2, 1}, kept.shape());
    assertArrayEquals(new double[] {14, 77}, kept.toDoubleArray());
    assertThrows(IllegalArgumentException.class, () -> cumsum.keepdims(true));
    assertThrows(IllegalArgumentException.class, () -> MATMUL.axis(0));
  }

  @Test
  void whereSkipsOuterIterations() {
    NDArray a = NDArray.random(DType.FLOAT64, 8, 4, 3);
    NDArray out = NDArray.full(DType.FLOAT64, -1.0, 4);
    INNER.out(out).where(NDArray.of(new boolean[] {true, false, true, false})).apply(a, a);
    assertEquals(-1.0, out.getDouble(1));
    assertEquals(-1.0, out.getDouble(3));
    assertEquals(INNER.apply(a, a).getDouble(2), out.getDouble(2));
  }

  @Test
  void outOverlappingAnInputGivesCopyThenComputeResults() {
    GUfunc reverse = GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)", core -> {
      F64Core a = core.f64(0);
      F64Core c = core.f64(1);
      long n = a.size(0);
      for (long i = 0; i < n; i++) {
        c.set(a.get(n - 1 - i), i);
      }
    });
    NDArray x = NDArray.arange(DType.FLOAT64, 0, 6, 1);
    reverse.out(x).apply(x); // in place: without a copy the second half would read overwritten values
    assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0}, x.toDoubleArray());
  }

  @Test
  void kernelExceptionsAndBadInput() {
    GUfunc boom = GUfunc.guvectorize("void(float64[:], float64)", "(n)->()", core -> {
      throw new IllegalStateException("row " + core.outerIndex());
    });
    UfuncException e = assertThrows(UfuncException.class, () -> boom.threads(2).apply(NDArray.zeros(DType.FLOAT64, 1000, 8)));
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertThrows(IllegalArgumentException.class, () -> GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n", c -> {}));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> GUfunc.guvectorize("void(float64[:], float64[:])", "(n),->(n)", c -> {}));
    assertTrue(bad.getMessage().contains("position 4"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GUfunc.guvectorize("void(float64[:,:], float64[:])", "(n)->(n)", c -> {}));
    assertThrows(IllegalArgumentException.class, () -> GUfunc.guvectorize("void(int8[:], int8[:])", "(n)->(n)", c -> {}));
    assertThrows(IllegalArgumentException.class, () -> POW_ROWS.apply(NDArray.zeros(DType.FLOAT64, 3), NDArray.zeros(DType.FLOAT64, 4)));
    assertThrows(IllegalArgumentException.class, () -> INNER.apply(NDArray.of(new boolean[] {true}), 1.5));
    IllegalStateException wrongType = assertThrows(IllegalStateException.class, () -> {
      try {
        GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)", core -> core.i64(0)).apply(NDArray.zeros(DType.FLOAT64, 2));
      } catch (UfuncException u) {
        throw (IllegalStateException) u.getCause();
      }
    });
    assertTrue(wrongType.getMessage().contains("f64(0)"), wrongType.getMessage());
  }

  @Test
  void lazyGufuncsCompilePerInputType() {
    GUfunc sum = GUfunc.guvectorize("(n)->()", core -> {
      if (core.dtype(0) == DType.FLOAT32) {
        F32Core a = core.f32(0);
        float s = 0;
        for (long i = 0; i < a.size(0); i++) {
          s += a.get(i);
        }
        core.f32(1).set(s);
      } else {
        I64Core a = core.i64(0);
        long s = 0;
        for (long i = 0; i < a.size(0); i++) {
          s += a.get(i);
        }
        core.i64(1).set(s);
      }
    });
    assertEquals(6.0f, (float) sum.apply(NDArray.of(new float[] {1, 2, 3})).getDouble());
    assertEquals(10, sum.threads(2).apply(NDArray.arange(5)).getLong());
    assertEquals(List.of("f->f", "l->l"), sum.types());
  }

  @Test
  void coreViewsGiveTheirArraysForFastPaths() {
    GUfunc viaUfunc = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)",
        core -> Ufuncs.power.out(core.f64(2).asArray()).apply(core.f64(0).asArray(), core.f64(1).asArray()));
    NDArray a = NDArray.random(DType.FLOAT64, 5, 8, 33);
    NDArray b = NDArray.random(DType.FLOAT64, 6, 8, 33);
    // the power ufunc's SIMD loop (SVML) is within 1 ulp of Math.pow, not bit-identical with it
    NDArray got = viaUfunc.apply(a, b);
    NDArray want = powReference(a, b);
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 33; j++) {
        assertEquals(want.getDouble(i, j), got.getDouble(i, j), 2 * Math.ulp(want.getDouble(i, j)), "at " + i + "," + j);
      }
    }
    GUfunc raw = GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)", core -> {
      F64Core in = core.f64(0);
      F64Core out = core.f64(1);
      assertTrue(in.isContiguous() && out.isContiguous());
      System.arraycopy((double[]) in.heapArray(), (int) in.offset(), (double[]) out.heapArray(), (int) out.offset(), (int) in.size(0));
    });
    assertEquals(a, raw.apply(a));
    assertThrows(UfuncException.class, () -> GUfunc.guvectorize("void(float64[:], float64[:])", "(n)->(n)",
        core -> core.f64(0).set(1.0, 0)).apply(a));
  }
}
