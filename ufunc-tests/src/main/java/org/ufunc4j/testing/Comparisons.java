package org.ufunc4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ufunc4j.Broadcast;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * The comparison rules of ufunc4j's tests, written once (see the accuracy policy in {@code
 * docs/testing.md}):
 *
 * <ul>
 *   <li><b>bit equality</b> for exact operations (integer ops, copies, casts, {@code + - * / sqrt}):
 *       every NaN equals every NaN (payloads may differ between SIMD and scalar paths), but
 *       {@code -0.0} differs from {@code 0.0};
 *   <li><b>ulp distance</b> for transcendentals: at most {@code maxUlps} units in the last place
 *       of the result's dtype; signed zeros are one ulp apart, NaN only matches NaN, an infinity
 *       only itself;
 *   <li><b>size-scaled tolerance</b> for reductions, whose summation order differs between paths:
 *       {@code |expected - actual| <= eps * n * max(1, |expected|)}.
 * </ul>
 *
 * <p>Failures throw {@link AssertionError} naming the first differing index, the expected and
 * actual values (with their bits) and the inputs at that index, so that a shrunk counterexample
 * reads as a one-element bug report.
 */
public final class Comparisons {
  private Comparisons() {}

  /** Unit roundoff of float32, {@code 2^-24}. */
  public static final double FLOAT32_EPS = 0x1p-24;

  /** Unit roundoff of float64, {@code 2^-53}. */
  public static final double FLOAT64_EPS = 0x1p-53;

  // ------------------------------------------------------------------ scalars

  /** Bit equality of doubles except that all NaNs are equal: {@code -0.0 != 0.0}. */
  public static boolean sameBits(double a, double b) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }

  /** Bit equality of floats except that all NaNs are equal: {@code -0.0f != 0.0f}. */
  public static boolean sameBits(float a, float b) {
    return Float.floatToIntBits(a) == Float.floatToIntBits(b);
  }

  /**
   * Distance in float64 ulps: the number of doubles between {@code a} and {@code b} plus one, 0
   * when they are equal (or both NaN); {@code Long.MAX_VALUE} when exactly one is NaN. {@code -0.0}
   * and {@code 0.0} are one ulp apart.
   */
  public static long ulpDistance(double a, double b) {
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    if (na || nb) {
      return na && nb ? 0 : Long.MAX_VALUE;
    }
    long oa = ordinal(Double.doubleToRawLongBits(a));
    long ob = ordinal(Double.doubleToRawLongBits(b));
    long d = oa - ob;
    // Opposite extremes overflow a long: saturate.
    if (((oa ^ ob) & (oa ^ d)) < 0) {
      return Long.MAX_VALUE;
    }
    return Math.abs(d);
  }

  /** Distance in float32 ulps, as {@link #ulpDistance(double, double)}. */
  public static long ulpDistance(float a, float b) {
    boolean na = Float.isNaN(a);
    boolean nb = Float.isNaN(b);
    if (na || nb) {
      return na && nb ? 0 : Long.MAX_VALUE;
    }
    long oa = ordinal32(Float.floatToRawIntBits(a));
    long ob = ordinal32(Float.floatToRawIntBits(b));
    return Math.abs(oa - ob);
  }

  /** Maps bits to a line on which neighbouring doubles differ by one; -0.0 is at -1, 0.0 at 0. */
  private static long ordinal(long bits) {
    return bits >= 0 ? bits : -(bits & Long.MAX_VALUE) - 1;
  }

  private static long ordinal32(int bits) {
    return bits >= 0 ? bits : -(long) (bits & Integer.MAX_VALUE) - 1;
  }

  /**
   * True when {@code actual} is within the reduction tolerance of {@code expected}: {@code
   * |expected - actual| <= eps * max(n, 1) * max(1, |expected|)}; NaN matches NaN, infinities must
   * be equal.
   */
  public static boolean closeScaled(double expected, double actual, long n, double eps) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      return expected == actual;
    }
    double tol = eps * Math.max(n, 1) * Math.max(1, Math.abs(expected));
    return Math.abs(expected - actual) <= tol;
  }

  /** The default per-element tolerance for reductions over {@code type}: its unit roundoff * 4. */
  public static double reductionEps(DType type) {
    return 4 * (type == DType.FLOAT32 ? FLOAT32_EPS : FLOAT64_EPS);
  }

  /**
   * Asserts the reduction tolerance ({@link #closeScaled}); the message gives both values, the
   * difference, the tolerance and {@code what} (e.g. the reduced array).
   */
  public static void assertCloseScaled(double expected, double actual, long n, double eps, Object what) {
    if (!closeScaled(expected, actual, n, eps)) {
      double tol = eps * Math.max(n, 1) * Math.max(1, Math.abs(expected));
      throw new AssertionError(
          "reduction of " + n + " elements differs beyond the size-scaled tolerance: expected "
              + expected + ", actual " + actual + ", |difference| " + Math.abs(expected - actual)
              + " > " + tol + " (eps " + eps + " per element) for " + what);
    }
  }

  // ------------------------------------------------------------------ arrays

  /**
   * Asserts the reduction tolerance ({@link #closeScaled}) element by element, for reductions
   * along an axis: each element of {@code expected} summarised {@code n} input elements.
   */
  public static void assertCloseScaled(NDArray expected, NDArray actual, long n, double eps, NDArray... inputs) {
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      throw new AssertionError(
          "shape differs: expected " + NDArray.shapeString(expected.shape()) + ", actual "
              + NDArray.shapeString(actual.shape()));
    }
    long[] shape = expected.shape();
    long[] idx = new long[shape.length];
    for (long flat = 0; flat < expected.size(); flat++) {
      double e = expected.getDouble(idx);
      double a = actual.getDouble(idx);
      if (!closeScaled(e, a, n, eps)) {
        double tol = eps * Math.max(n, 1) * Math.max(1, Math.abs(e));
        throw new AssertionError(
            "reductions differ at index " + indexString(idx) + ": expected " + e + ", actual " + a
                + ", |difference| " + Math.abs(e - a) + " > " + tol + " (" + n + " elements, eps "
                + eps + ")" + inputsAt(shape, idx, inputs));
      }
      advance(idx, shape);
    }
  }

  /**
   * Asserts that both arrays have the same dtype and shape and bit-identical elements (NaN equals
   * NaN, -0.0 differs from 0.0).
   *
   * @param inputs the operands that produced {@code actual}; their values at the first differing
   *     index (after broadcasting) are shown in the failure message
   */
  public static void assertBitEqual(NDArray expected, NDArray actual, NDArray... inputs) {
    firstMismatch(expected, actual, 0, inputs).ifPresent(m -> {
      throw new AssertionError(m);
    });
  }

  /**
   * Asserts that both arrays have the same dtype and shape and that every element of {@code
   * actual} is within {@code maxUlps} ulps (of the dtype) of {@code expected}; integer and bool
   * elements must be equal.
   */
  public static void assertWithinUlps(NDArray expected, NDArray actual, long maxUlps, NDArray... inputs) {
    firstMismatch(expected, actual, maxUlps, inputs).ifPresent(m -> {
      throw new AssertionError(m);
    });
  }

  /**
   * The description of the first element at which {@code actual} is more than {@code maxUlps}
   * ulps away from {@code expected} (0: bit equality), or of a dtype or shape difference; empty
   * when they match.
   */
  public static Optional<String> firstMismatch(NDArray expected, NDArray actual, long maxUlps, NDArray... inputs) {
    if (expected.dtype() != actual.dtype()) {
      return Optional.of("dtype differs: expected " + expected.dtype() + ", actual " + actual.dtype());
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      return Optional.of(
          "shape differs: expected " + NDArray.shapeString(expected.shape()) + ", actual "
              + NDArray.shapeString(actual.shape()));
    }
    DType t = expected.dtype();
    long[] shape = expected.shape();
    long[] idx = new long[shape.length];
    long n = expected.size();
    for (long flat = 0; flat < n; flat++) {
      String diff = compareAt(t, expected, actual, idx, maxUlps);
      if (diff != null) {
        return Optional.of(
            "arrays differ at index " + indexString(idx) + " (flat " + flat + " of " + n + "): "
                + diff + inputsAt(shape, idx, inputs) + "; shape " + NDArray.shapeString(shape)
                + ", dtype " + t);
      }
      advance(idx, shape);
    }
    return Optional.empty();
  }

  private static String compareAt(DType t, NDArray e, NDArray a, long[] idx, long maxUlps) {
    if (t.isFloating()) {
      double x = e.getDouble(idx);
      double y = a.getDouble(idx);
      long ulps = t == DType.FLOAT32 ? ulpDistance((float) x, (float) y) : ulpDistance(x, y);
      boolean ok = maxUlps == 0 ? (t == DType.FLOAT32 ? sameBits((float) x, (float) y) : sameBits(x, y)) : ulps <= maxUlps;
      if (ok) {
        return null;
      }
      return "expected " + show(t, x) + ", actual " + show(t, y)
          + (maxUlps == 0 ? " (bit equality required)" : " (" + (ulps == Long.MAX_VALUE ? "NaN vs number" : ulps + " ulps") + " > " + maxUlps + " allowed)");
    }
    if (t == DType.BOOL) {
      boolean x = e.getBoolean(idx);
      boolean y = a.getBoolean(idx);
      return x == y ? null : "expected " + (x ? "True" : "False") + ", actual " + (y ? "True" : "False");
    }
    long x = e.getLong(idx);
    long y = a.getLong(idx);
    return x == y ? null : "expected " + x + ", actual " + y;
  }

  /** A value with its bits, e.g. {@code -0.0 (0x8000000000000000)}. */
  public static String show(DType t, double v) {
    if (t == DType.FLOAT32) {
      float f = (float) v;
      return f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    }
    if (t == DType.FLOAT64) {
      return v + " (0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
    }
    return Long.toString((long) v);
  }

  private static String inputsAt(long[] shape, long[] idx, NDArray[] inputs) {
    if (inputs == null || inputs.length == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < inputs.length; k++) {
      NDArray in = inputs[k];
      String v;
      try {
        long[] b = Broadcast.shapes(in.shape(), shape);
        if (!Arrays.equals(b, shape)) {
          throw new IllegalArgumentException("input has more elements than the result");
        }
        long[] i = new long[in.ndim()];
        for (int d = 0; d < i.length; d++) {
          long len = in.shape(d);
          i[d] = len == 1 ? 0 : idx[idx.length - i.length + d];
        }
        v = in.dtype().isFloating() ? show(in.dtype(), in.getDouble(i)) : in.dtype().isBool() ? String.valueOf(in.getBoolean(i)) : String.valueOf(in.getLong(i));
      } catch (IllegalArgumentException e) {
        v = "(shape " + NDArray.shapeString(in.shape()) + ", not broadcast to the result)";
      }
      parts.add("in" + k + "=" + v);
    }
    return "; inputs there: " + String.join(", ", parts);
  }

  /** NumPy's way of writing an index: {@code (1, 2)}, {@code (3,)}, {@code ()}. */
  public static String indexString(long[] idx) {
    return NDArray.shapeString(idx);
  }

  /** Moves a C-order multi-index to the next element (no-op past the end). */
  public static void advance(long[] idx, long[] shape) {
    for (int d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        return;
      }
      idx[d] = 0;
    }
  }
}
