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
 * and result types are the loop's types, the output is stored in that type, and each input is
 * stored in that type or in one that converts to it by a single Java conversion (an int32, int16,
 * int8 or bool array on a float64 loop, an int64 array there by {@code l2d}, narrower integers on
 * int64, int32 and float32 loops), as tier A and tier B convert it. A double lambda on a float32
 * loop is not served (it must round after every operation, which only the generated kernels do),
 * nor an int64 or int32 input of a float32 loop (Java's {@code l2f} and the generated code's
 * conversion could round differently).
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
    static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;
  }

  private final Fn fn;
  private final DType type;
  private final int arity;
  /** The inputs' storage types when some differ from the loop's (converted per element), else null. */
  private final DType[] stored;

  private GenericKernel(Fn fn, DType type, int arity, DType[] stored) {
    this.fn = fn;
    this.type = type;
    this.arity = arity;
    this.stored = stored;
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
    int out = opTypes.length - 1;
    boolean converts = false;
    for (int k = 0; k < opTypes.length; k++) {
      if (loopTypes[k] != t || (k == out ? opTypes[k] != t : !convertsOnce(opTypes[k], t))) {
        return null;
      }
      converts |= opTypes[k] != t;
    }
    return new GenericKernel(fn, t, shape.arity(), converts ? java.util.Arrays.copyOf(opTypes, out) : null);
  }

  /** True when {@code from} converts to {@code to} by one Java conversion, as the generated kernels convert it. */
  static boolean convertsOnce(DType from, DType to) {
    if (from == to) {
      return true;
    }
    boolean narrowInteger = from == DType.BOOL || from == DType.INT8 || from == DType.INT16;
    return switch (to) {
      case FLOAT64 -> narrowInteger || from == DType.INT32 || from == DType.INT64 || from == DType.FLOAT32;
      case INT64 -> narrowInteger || from == DType.INT32;
      case FLOAT32, INT32 -> narrowInteger;
      default -> false;
    };
  }

  @Override
  public void run(Object[] bases, long[] offs, long[] steps, long n) {
    if (stored != null) {
      runConverting(bases, offs, steps, n);
      return;
    }
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

  /** The loop over inputs stored in other types: each element read and converted on its own. */
  private void runConverting(Object[] b, long[] o, long[] s, long n) {
    Object out = b[arity];
    long oo = o[arity];
    long os = s[arity];
    for (long i = 0; i < n; i++) {
      long at = oo + i * os;
      switch (type) {
        case FLOAT64 -> putD(out, at, callD(b, o, s, i));
        case FLOAT32 -> putF(out, at, callF(b, o, s, i));
        case INT64 -> putJ(out, at, callJ(b, o, s, i));
        default -> putI(out, at, (int) callJ(b, o, s, i));
      }
    }
  }

  private double callD(Object[] b, long[] o, long[] s, long i) {
    double a0 = argD(b, o, s, 0, i);
    return switch (arity) {
      case 1 -> ((Fn.DoubleUnary) fn).applyAsDouble(a0);
      case 2 -> ((Fn.DoubleBinary) fn).applyAsDouble(a0, argD(b, o, s, 1, i));
      case 3 -> ((Fn.DoubleTernary) fn).applyAsDouble(a0, argD(b, o, s, 1, i), argD(b, o, s, 2, i));
      default -> ((Fn.DoubleQuaternary) fn).applyAsDouble(a0, argD(b, o, s, 1, i), argD(b, o, s, 2, i), argD(b, o, s, 3, i));
    };
  }

  private float callF(Object[] b, long[] o, long[] s, long i) {
    float a0 = argF(b, o, s, 0, i);
    return switch (arity) {
      case 1 -> ((Fn.FloatUnary) fn).applyAsFloat(a0);
      case 2 -> ((Fn.FloatBinary) fn).applyAsFloat(a0, argF(b, o, s, 1, i));
      case 4 -> ((Fn.FloatQuaternary) fn).applyAsFloat(a0, argF(b, o, s, 1, i), argF(b, o, s, 2, i), argF(b, o, s, 3, i));
      default -> ((Fn.FloatTernary) fn).applyAsFloat(a0, argF(b, o, s, 1, i), argF(b, o, s, 2, i));
    };
  }

  /** An int64 or int32 loop's call; int32 values come back as longs (the caller narrows, exactly). */
  private long callJ(Object[] b, long[] o, long[] s, long i) {
    long a0 = integerAt(b[0], stored[0], o[0] + i * s[0]);
    if (type == DType.INT64) {
      return arity == 1 ? ((Fn.LongUnary) fn).applyAsLong(a0)
          : ((Fn.LongBinary) fn).applyAsLong(a0, integerAt(b[1], stored[1], o[1] + i * s[1]));
    }
    return arity == 1 ? ((Fn.IntUnary) fn).applyAsInt((int) a0)
        : ((Fn.IntBinary) fn).applyAsInt((int) a0, (int) integerAt(b[1], stored[1], o[1] + i * s[1]));
  }

  private double argD(Object[] b, long[] o, long[] s, int k, long i) {
    long at = o[k] + i * s[k];
    return switch (stored[k]) {
      case FLOAT64 -> getD(b[k], at);
      case FLOAT32 -> getF(b[k], at);
      default -> (double) integerAt(b[k], stored[k], at); // l2d for int64, exact for the others
    };
  }

  private float argF(Object[] b, long[] o, long[] s, int k, long i) {
    long at = o[k] + i * s[k];
    return stored[k] == DType.FLOAT32 ? getF(b[k], at) : (float) integerAt(b[k], stored[k], at); // int16 and narrower: exact
  }

  /** An integer or bool element as a long (bool: 1 or 0; native bools are bytes, non-zero is true). */
  private static long integerAt(Object base, DType t, long i) {
    return switch (t) {
      case INT64 -> getJ(base, i);
      case INT32 -> getI(base, i);
      case INT16 -> base instanceof short[] a ? a[(int) i] : ((MemorySegment) base).getAtIndex(Layouts.S, i);
      case INT8 -> base instanceof byte[] a ? a[(int) i] : ((MemorySegment) base).get(Layouts.B, i);
      case BOOL -> (base instanceof boolean[] a ? a[(int) i] : ((MemorySegment) base).get(Layouts.B, i) != 0) ? 1 : 0;
      default -> throw new IllegalStateException(t + " is not an integer type");
    };
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
