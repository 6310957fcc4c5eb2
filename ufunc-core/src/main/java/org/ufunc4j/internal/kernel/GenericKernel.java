package org.ufunc4j.internal.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.internal.exec.LoopKernel;

/**
 * Tier 0: an ordinary, precompiled loop that calls the lambda through its interface, so a new
 * loop can run at once while its generated kernels are built in the background ({@link
 * Loop}). Generating them costs ~130 ms on a cold JVM (lifting the lambda, loading the classfile
 * and Vector API classes); this class is loaded once and is usually compiled already.
 *
 * <p>It serves only loops whose result it computes exactly as tier A would: the lambda's parameter
 * and result types are the loop's types and every operand is stored in that type, so there is no
 * cast to get wrong. A double lambda on a float32 loop is not served (it must round after every
 * operation, which only the generated kernels do).
 */
final class GenericKernel implements LoopKernel {
  /**
   * The layouts for native segments, in a holder class so that a first call on heap arrays does
   * not initialise them: that spins about ten method-handle forms, 8-10 ms of a cold first call.
   */
  private static final class Layouts {
    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
  }

  private final Fn fn;
  private final DType type;
  private final int arity;

  private GenericKernel(Fn fn, DType type, int arity) {
    this.fn = fn;
    this.type = type;
    this.arity = arity;
  }

  /** The tier-0 kernel for this loop, or null when it cannot serve it exactly. */
  static LoopKernel of(Fn fn, FnShape shape, DType[] loopTypes, DType[] opTypes) {
    DType t = shape.result();
    if (t != DType.FLOAT64 && t != DType.FLOAT32 && t != DType.INT64 && t != DType.INT32) {
      return null;
    }
    for (DType p : shape.params()) {
      if (p != t) {
        return null;
      }
    }
    for (int k = 0; k < opTypes.length; k++) {
      if (loopTypes[k] != t || opTypes[k] != t) {
        return null;
      }
    }
    return new GenericKernel(fn, t, shape.arity());
  }

  @Override
  public void run(Object[] bases, long[] offs, long[] steps, long n) {
    switch (type) {
      case FLOAT64 -> runDouble(bases, offs, steps, n);
      case FLOAT32 -> runFloat(bases, offs, steps, n);
      case INT64 -> runLong(bases, offs, steps, n);
      default -> runInt(bases, offs, steps, n);
    }
  }

  private void runDouble(Object[] b, long[] o, long[] s, long n) {
    Object out = b[arity];
    long oo = o[arity];
    long os = s[arity];
    switch (arity) {
      case 1 -> {
        Fn.DoubleUnary f = (Fn.DoubleUnary) fn;
        for (long i = 0; i < n; i++) {
          putD(out, oo + i * os, f.applyAsDouble(getD(b[0], o[0] + i * s[0])));
        }
      }
      case 2 -> {
        Fn.DoubleBinary f = (Fn.DoubleBinary) fn;
        for (long i = 0; i < n; i++) {
          putD(out, oo + i * os, f.applyAsDouble(getD(b[0], o[0] + i * s[0]), getD(b[1], o[1] + i * s[1])));
        }
      }
      case 3 -> {
        Fn.DoubleTernary f = (Fn.DoubleTernary) fn;
        for (long i = 0; i < n; i++) {
          putD(out, oo + i * os, f.applyAsDouble(
              getD(b[0], o[0] + i * s[0]), getD(b[1], o[1] + i * s[1]), getD(b[2], o[2] + i * s[2])));
        }
      }
      default -> {
        Fn.DoubleQuaternary f = (Fn.DoubleQuaternary) fn;
        for (long i = 0; i < n; i++) {
          putD(out, oo + i * os, f.applyAsDouble(getD(b[0], o[0] + i * s[0]), getD(b[1], o[1] + i * s[1]),
              getD(b[2], o[2] + i * s[2]), getD(b[3], o[3] + i * s[3])));
        }
      }
    }
  }

  private void runFloat(Object[] b, long[] o, long[] s, long n) {
    Object out = b[arity];
    long oo = o[arity];
    long os = s[arity];
    switch (arity) {
      case 1 -> {
        Fn.FloatUnary f = (Fn.FloatUnary) fn;
        for (long i = 0; i < n; i++) {
          putF(out, oo + i * os, f.applyAsFloat(getF(b[0], o[0] + i * s[0])));
        }
      }
      case 2 -> {
        Fn.FloatBinary f = (Fn.FloatBinary) fn;
        for (long i = 0; i < n; i++) {
          putF(out, oo + i * os, f.applyAsFloat(getF(b[0], o[0] + i * s[0]), getF(b[1], o[1] + i * s[1])));
        }
      }
      case 4 -> {
        Fn.FloatQuaternary f = (Fn.FloatQuaternary) fn;
        for (long i = 0; i < n; i++) {
          putF(out, oo + i * os, f.applyAsFloat(getF(b[0], o[0] + i * s[0]), getF(b[1], o[1] + i * s[1]),
              getF(b[2], o[2] + i * s[2]), getF(b[3], o[3] + i * s[3])));
        }
      }
      default -> {
        Fn.FloatTernary f = (Fn.FloatTernary) fn;
        for (long i = 0; i < n; i++) {
          putF(out, oo + i * os, f.applyAsFloat(
              getF(b[0], o[0] + i * s[0]), getF(b[1], o[1] + i * s[1]), getF(b[2], o[2] + i * s[2])));
        }
      }
    }
  }

  private void runLong(Object[] b, long[] o, long[] s, long n) {
    Object out = b[arity];
    long oo = o[arity];
    long os = s[arity];
    if (arity == 1) {
      Fn.LongUnary f = (Fn.LongUnary) fn;
      for (long i = 0; i < n; i++) {
        putJ(out, oo + i * os, f.applyAsLong(getJ(b[0], o[0] + i * s[0])));
      }
    } else {
      Fn.LongBinary f = (Fn.LongBinary) fn;
      for (long i = 0; i < n; i++) {
        putJ(out, oo + i * os, f.applyAsLong(getJ(b[0], o[0] + i * s[0]), getJ(b[1], o[1] + i * s[1])));
      }
    }
  }

  private void runInt(Object[] b, long[] o, long[] s, long n) {
    Object out = b[arity];
    long oo = o[arity];
    long os = s[arity];
    if (arity == 1) {
      Fn.IntUnary f = (Fn.IntUnary) fn;
      for (long i = 0; i < n; i++) {
        putI(out, oo + i * os, f.applyAsInt(getI(b[0], o[0] + i * s[0])));
      }
    } else {
      Fn.IntBinary f = (Fn.IntBinary) fn;
      for (long i = 0; i < n; i++) {
        putI(out, oo + i * os, f.applyAsInt(getI(b[0], o[0] + i * s[0]), getI(b[1], o[1] + i * s[1])));
      }
    }
  }

  // Heap arrays hold at most 2^31 - 1 elements, so an index into one fits an int.
  private static double getD(Object base, long i) {
    return base instanceof double[] a ? a[(int) i] : ((MemorySegment) base).getAtIndex(Layouts.D, i);
  }

  private static void putD(Object base, long i, double v) {
    if (base instanceof double[] a) {
      a[(int) i] = v;
    } else {
      ((MemorySegment) base).setAtIndex(Layouts.D, i, v);
    }
  }

  private static float getF(Object base, long i) {
    return base instanceof float[] a ? a[(int) i] : ((MemorySegment) base).getAtIndex(Layouts.F, i);
  }

  private static void putF(Object base, long i, float v) {
    if (base instanceof float[] a) {
      a[(int) i] = v;
    } else {
      ((MemorySegment) base).setAtIndex(Layouts.F, i, v);
    }
  }

  private static long getJ(Object base, long i) {
    return base instanceof long[] a ? a[(int) i] : ((MemorySegment) base).getAtIndex(Layouts.J, i);
  }

  private static void putJ(Object base, long i, long v) {
    if (base instanceof long[] a) {
      a[(int) i] = v;
    } else {
      ((MemorySegment) base).setAtIndex(Layouts.J, i, v);
    }
  }

  private static int getI(Object base, long i) {
    return base instanceof int[] a ? a[(int) i] : ((MemorySegment) base).getAtIndex(Layouts.I, i);
  }

  private static void putI(Object base, long i, int v) {
    if (base instanceof int[] a) {
      a[(int) i] = v;
    } else {
      ((MemorySegment) base).setAtIndex(Layouts.I, i, v);
    }
  }
}
