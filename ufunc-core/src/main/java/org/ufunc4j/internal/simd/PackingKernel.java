package org.ufunc4j.internal.simd;

import org.ufunc4j.internal.exec.LoopKernel;

/**
 * Runs a SIMD kernel on strided operands by packing them: inputs with a stride other than 0 or 1
 * are copied into per-thread scratch arrays, a strided output is computed into scratch and copied
 * out. A scalar strided load costs about as much as a packed copy, and the vector loop then runs
 * at full speed (DESIGN.md measured packing at ~0.3 ns per element; gather was slower than scalar).
 * Strided runs are packed {@code ElementwiseExecutor.BLOCK} elements at a time, so scratch stays
 * small; contiguous and broadcast operands go to the vector kernel as they are, however long.
 */
final class PackingKernel implements LoopKernel {
  private static final int SCRATCH = org.ufunc4j.internal.exec.ElementwiseExecutor.BLOCK;

  private final LoopKernel vector;
  private final LoopKernel scalar;
  private final int nops;
  private final ThreadLocal<Scratch> scratch;

  /** Per-thread buffers: packed operands and the operand descriptors passed to the vector kernel. */
  private static final class Scratch {
    final Object[] arrays;
    final Object[] bases;
    final long[] offs;
    final long[] steps;

    Scratch(org.ufunc4j.DType[] types) {
      int nops = types.length;
      arrays = new Object[nops];
      for (int k = 0; k < nops; k++) {
        arrays[k] = switch (types[k]) {
          case FLOAT64 -> new double[SCRATCH];
          case FLOAT32 -> new float[SCRATCH];
          case INT64 -> new long[SCRATCH];
          case INT32 -> new int[SCRATCH];
          case INT16 -> new short[SCRATCH];
          case INT8 -> new byte[SCRATCH];
          case BOOL -> new boolean[SCRATCH];
          default -> throw new IllegalArgumentException("no SIMD kernel packs " + types[k]);
        };
      }
      bases = new Object[nops];
      offs = new long[nops];
      steps = new long[nops];
    }
  }

  private final boolean nativeOps;

  /** @param types each operand's stored dtype (inputs, then the output): scratch arrays of those types */
  PackingKernel(LoopKernel vector, LoopKernel scalar, org.ufunc4j.DType[] types, boolean nativeOps) {
    int nops = types.length;
    this.nativeOps = nativeOps;
    this.vector = vector;
    this.scalar = scalar;
    this.nops = nops;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(types.clone()));
  }

  @Override
  public void run(Object[] bases, long[] offs, long[] steps, long n) {
    if (n < 2) {
      scalar.run(bases, offs, steps, n);
      return;
    }
    boolean packed = false;
    for (int k = 0; k < nops; k++) {
      packed |= steps[k] != 0 && steps[k] != 1;
    }
    if (!packed) {
      vector.run(bases, offs, steps, n);
      return;
    }
    if (n > SCRATCH) {
      // strided runs come block by block; a longer one is packed a block at a time all the same
      org.ufunc4j.internal.exec.ElementwiseExecutor.runInPieces(this, bases, offs.clone(), steps, n, SCRATCH);
      return;
    }
    if (nativeOps) {
      scalar.run(bases, offs, steps, n); // strided native operands: the scalar kernel reads them in place
      return;
    }
    Scratch sc = scratch.get();
    Object[] s = sc.arrays;
    Object[] b = sc.bases;
    long[] o = sc.offs;
    long[] st = sc.steps;
    System.arraycopy(bases, 0, b, 0, nops);
    System.arraycopy(offs, 0, o, 0, nops);
    System.arraycopy(steps, 0, st, 0, nops);
    int len = (int) n;
    int out = nops - 1;
    for (int k = 0; k < nops; k++) {
      if (steps[k] == 0 || steps[k] == 1) {
        continue;
      }
      if (k < out) {
        pack(bases[k], offs[k], steps[k], s[k], len);
      }
      b[k] = s[k];
      o[k] = 0;
      st[k] = 1;
    }
    vector.run(b, o, st, n);
    if (steps[out] != 0 && steps[out] != 1) {
      unpack(s[out], bases[out], offs[out], steps[out], len);
    }
  }

  private static void pack(Object src, long off, long step, Object dst, int len) {
    copy(src, (int) off, (int) step, dst, 0, 1, len);
  }

  private static void unpack(Object src, Object dst, long off, long step, int len) {
    copy(src, 0, 1, dst, (int) off, (int) step, len);
  }

  /** dst[d0 + i*ds] = src[s0 + i*ss] for i < len, on primitive arrays of one type. */
  private static void copy(Object src, int s0, int ss, Object dst, int d0, int ds, int len) {
    switch (src) {
      case double[] a -> {
        double[] d = (double[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case float[] a -> {
        float[] d = (float[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case long[] a -> {
        long[] d = (long[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case int[] a -> {
        int[] d = (int[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case short[] a -> {
        short[] d = (short[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case byte[] a -> {
        byte[] d = (byte[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      case boolean[] a -> {
        boolean[] d = (boolean[]) dst;
        for (int i = 0, j = s0, k = d0; i < len; i++, j += ss, k += ds) {
          d[k] = a[j];
        }
      }
      default -> throw new IllegalArgumentException("cannot pack " + src.getClass());
    }
  }
}
