package org.ufunc4j.internal.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * Formats arrays as NumPy's {@code str()} does with its default print options (precision 8,
 * {@code floatmode='maxprec'}, threshold 1000, 3 edge items, line width 75):
 *
 * <ul>
 *   <li>0-d arrays print as NumPy scalars: {@code 1.0}, {@code 1e+20}, {@code True};
 *   <li>empty arrays print as {@code []};
 *   <li>floats share one format so that columns line up: positional with at most 8 fractional
 *       digits, or scientific when the largest shown magnitude reaches 1e8 (1e6 for float32), the
 *       smallest non-zero one is below 1e-4, or they span more than a factor 1e3; {@code nan}/{@code
 *       inf} right-aligned;
 *   <li>bools are padded to 5 characters ({@code [ True False]});
 *   <li>more than 1000 elements are summarised with {@code ...}; lines wrap as NumPy wraps them.
 * </ul>
 */
public final class ArrayFormatter {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int LINE_WIDTH = 75;
  private static final int PRECISION = 8;

  private ArrayFormatter() {}

  public static String format(NDArray a) {
    long[] shape = a.shape();
    if (shape.length == 0) {
      return scalarString(a);
    }
    if (a.size() == 0) {
      return "[]";
    }
    boolean summarise = a.size() > THRESHOLD;
    List<long[]> shown = new ArrayList<>();
    collect(shape, new long[shape.length], 0, summarise, shown);
    ElementFormat f = ElementFormat.of(a, shown);
    return new Renderer(a, f, shape, summarise).recurse(new long[shape.length], 0, " ", LINE_WIDTH);
  }

  // ------------------------------------------------------------------ 0-d: NumPy scalars

  /** A 0-d array prints as its scalar: Python's float repr rules with NumPy's thresholds. */
  private static String scalarString(NDArray a) {
    DType t = a.dtype();
    if (t == DType.BOOL) {
      return a.getBoolean() ? "True" : "False";
    }
    if (t.isInteger()) {
      return Long.toString(a.getLong());
    }
    double v = a.getDouble();
    if (!Double.isFinite(v)) {
      return special(v);
    }
    boolean f32 = t == DType.FLOAT32;
    double abs = Math.abs(v);
    // NumPy prints float64 scalars positionally in [1e-4, 1e16), float32 ones in [1e-4, 1e6).
    double hi = f32 ? 1e6 : 1e16;
    BigDecimal d = shortest(v, f32);
    if (abs == 0 || (abs >= 1e-4 && abs < hi)) {
      String p = plain(d, v);
      return p.contains(".") ? p : p + ".0";
    }
    Sci s = Sci.of(d, v, false); // scalars print every shortest digit
    return s.intPart + (s.frac.isEmpty() ? "" : "." + s.frac) + "e" + s.expSign + pad0(s.exp, 2);
  }

  // ------------------------------------------------------------------ digits

  /** The shortest decimal that reads back as {@code v} (as a float when {@code f32}), no trailing zeros. */
  static BigDecimal shortest(double v, boolean f32) {
    String s = f32 ? Float.toString((float) v) : Double.toString(v);
    BigDecimal d = new BigDecimal(s).stripTrailingZeros();
    if (d.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // Java always prints two significant digits ("4.9E-324"); NumPy's Dragon4 prints one digit
    // when it reads back ("5e-324"). Drop digits while the value still reads back.
    while (d.precision() > 1) {
      BigDecimal c = d.round(new MathContext(d.precision() - 1, RoundingMode.HALF_EVEN));
      boolean same = f32 ? c.floatValue() == (float) v : c.doubleValue() == v;
      if (!same) {
        break;
      }
      d = c.stripTrailingZeros();
    }
    return d;
  }

  /** Positional digits without trailing zeros; "1." style is added by callers. Keeps -0's sign. */
  private static String plain(BigDecimal d, double v) {
    String p = d.toPlainString();
    if (v == 0 && Double.doubleToRawLongBits(v) < 0 && !p.startsWith("-")) {
      p = "-" + p;
    }
    return p;
  }

  /** {@code v} positionally with at most {@link #PRECISION} fractional digits: "{int}.{frac}". */
  private static String[] positional(double v, boolean f32) {
    BigDecimal d = shortest(v, f32);
    if (d.scale() > PRECISION) {
      // Too many digits for the precision: round the exact binary value, as Dragon4 does.
      d = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros();
      if (d.signum() == 0) {
        d = BigDecimal.ZERO;
      }
    }
    String p = plain(d, v);
    int dot = p.indexOf('.');
    return dot < 0 ? new String[] {p, ""} : new String[] {p.substring(0, dot), p.substring(dot + 1)};
  }

  /** Scientific digits: sign and leading digit, fraction digits, exponent sign and magnitude. */
  private record Sci(String intPart, String frac, char expSign, int exp) {
    /** Array elements: at most {@link #PRECISION} fraction digits. */
    static Sci of(BigDecimal d, double v) {
      return of(d, v, true);
    }

    static Sci of(BigDecimal d, double v, boolean limit) {
      String sign = v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0) ? "-" : "";
      if (d.signum() == 0) {
        return new Sci(sign + "0", "", '+', 0);
      }
      BigDecimal a = d.abs();
      if (limit && a.precision() > PRECISION + 1) {
        a = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
      }
      int exp = a.precision() - a.scale() - 1;
      String digits = a.unscaledValue().toString();
      return new Sci(sign + digits.charAt(0), digits.substring(1), exp < 0 ? '-' : '+', Math.abs(exp));
    }
  }

  private static String special(double v) {
    return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  }

  private static String pad0(int n, int width) {
    String s = Integer.toString(n);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  private static String padRight(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  // ------------------------------------------------------------------ which elements show

  private static void collect(long[] shape, long[] idx, int d, boolean summarise, List<long[]> out) {
    if (d == shape.length) {
      out.add(idx.clone());
      return;
    }
    long n = shape[d];
    boolean cut = summarise && n > 2 * EDGE;
    for (long i = 0; i < n; i++) {
      if (cut && i == EDGE) {
        i = n - EDGE; // skip the middle
      }
      idx[d] = i;
      collect(shape, idx, d + 1, summarise, out);
    }
  }

  // ------------------------------------------------------------------ layout (NumPy's _formatArray)

  private static final class Renderer {
    private final NDArray a;
    private final ElementFormat f;
    private final long[] shape;
    private final boolean summarise;

    Renderer(NDArray a, ElementFormat f, long[] shape, boolean summarise) {
      this.a = a;
      this.f = f;
      this.shape = shape;
      this.summarise = summarise;
    }

    /** NumPy's recurser: the text of the sub-array at {@code idx[0..depth)}. */
    String recurse(long[] idx, int depth, String hanging, int width) {
      if (depth == shape.length) {
        return f.format(a, idx);
      }
      String nextHanging = hanging + " ";
      int nextWidth = width - 1; // room for the closing ']'
      long n = shape[depth];
      boolean cut = summarise && n > 2 * EDGE;
      long leading = cut ? EDGE : 0;
      long trailing = cut ? EDGE : n;
      int axesLeft = shape.length - depth;
      StringBuilder s = new StringBuilder();
      if (axesLeft == 1) {
        int elemWidth = width - 1;
        StringBuilder line = new StringBuilder(hanging);
        for (long i = 0; i < leading; i++) {
          idx[depth] = i;
          extend(s, line, recurse(idx, depth + 1, nextHanging, nextWidth), elemWidth, hanging);
          line.append(' ');
        }
        if (cut) {
          extend(s, line, "...", elemWidth, hanging);
          line.append(' ');
        }
        for (long i = trailing; i > 1; i--) {
          idx[depth] = n - i;
          extend(s, line, recurse(idx, depth + 1, nextHanging, nextWidth), elemWidth, hanging);
          line.append(' ');
        }
        idx[depth] = n - 1;
        extend(s, line, recurse(idx, depth + 1, nextHanging, nextWidth), elemWidth, hanging);
        s.append(line);
      } else {
        String lineSep = "\n".repeat(axesLeft - 1);
        for (long i = 0; i < leading; i++) {
          idx[depth] = i;
          s.append(hanging).append(recurse(idx, depth + 1, nextHanging, nextWidth)).append(lineSep);
        }
        if (cut) {
          s.append(hanging).append("...").append(lineSep);
        }
        for (long i = trailing; i > 1; i--) {
          idx[depth] = n - i;
          s.append(hanging).append(recurse(idx, depth + 1, nextHanging, nextWidth)).append(lineSep);
        }
        idx[depth] = n - 1;
        s.append(hanging).append(recurse(idx, depth + 1, nextHanging, nextWidth));
      }
      return "[" + s.substring(hanging.length()) + "]";
    }

    /** NumPy's _extendLine: wrap before {@code word} if the line would get too long. */
    private static void extend(StringBuilder s, StringBuilder line, String word, int width, String prefix) {
      boolean wrap = line.length() + word.length() > width && line.length() > prefix.length();
      if (wrap) {
        s.append(line.toString().stripTrailing()).append('\n');
        line.setLength(0);
        line.append(prefix);
      }
      line.append(word);
    }
  }

  // ------------------------------------------------------------------ element formats

  /** One format for all shown elements, so that columns line up. */
  private abstract static class ElementFormat {
    abstract String format(NDArray a, long[] idx);

    static ElementFormat of(NDArray a, List<long[]> shown) {
      DType t = a.dtype();
      if (t == DType.BOOL) {
        // NumPy pads True to the width of False in every non-0-d array.
        return new ElementFormat() {
          @Override
          String format(NDArray arr, long[] idx) {
            return arr.getBoolean(idx) ? " True" : "False";
          }
        };
      }
      if (t.isInteger()) {
        int w = 0;
        for (long[] i : shown) {
          w = Math.max(w, Long.toString(a.getLong(i)).length());
        }
        int width = w;
        return new ElementFormat() {
          @Override
          String format(NDArray arr, long[] idx) {
            return padLeft(Long.toString(arr.getLong(idx)), width);
          }
        };
      }
      return FloatFormat.of(a, shown);
    }
  }

  /** NumPy's FloatingFormat with unique digits and {@code maxprec} precision 8. */
  private static final class FloatFormat extends ElementFormat {
    private final boolean scientific;
    private final boolean f32;
    private final int padLeft;
    private final int padRight;
    private final int precision; // scientific: fraction digits of every mantissa
    private final int expDigits;

    private FloatFormat(boolean scientific, boolean f32, int padLeft, int padRight, int precision, int expDigits) {
      this.scientific = scientific;
      this.f32 = f32;
      this.padLeft = padLeft;
      this.padRight = padRight;
      this.precision = precision;
      this.expDigits = expDigits;
    }

    static FloatFormat of(NDArray a, List<long[]> shown) {
      boolean f32 = a.dtype() == DType.FLOAT32;
      double max = 0;
      double min = Double.POSITIVE_INFINITY;
      boolean anyFinite = false;
      boolean anyNonFinite = false;
      boolean negInf = false;
      for (long[] i : shown) {
        double v = a.getDouble(i);
        if (!Double.isFinite(v)) {
          anyNonFinite = true;
          negInf |= v == Double.NEGATIVE_INFINITY;
          continue;
        }
        anyFinite = true;
        double abs = Math.abs(v);
        if (abs != 0) {
          max = Math.max(max, abs);
          min = Math.min(min, abs);
        }
      }
      // NumPy 2.2+: the cutoff is 10^min(8, finfo(dtype).precision): 1e8 for float64, 1e6 for float32.
      double cutoff = f32 ? 1e6 : 1e8;
      boolean sci = min != Double.POSITIVE_INFINITY && (max >= cutoff || min < 1e-4 || max / min > 1e3);
      int padLeft = 0;
      int padRight = 0;
      int precision = 0;
      int expDigits = 2;
      if (anyFinite) {
        for (long[] i : shown) {
          double v = a.getDouble(i);
          if (!Double.isFinite(v)) {
            continue;
          }
          if (sci) {
            Sci s = Sci.of(shortest(v, f32), v);
            padLeft = Math.max(padLeft, s.intPart.length());
            precision = Math.max(precision, s.frac.length());
            expDigits = Math.max(expDigits, Integer.toString(s.exp).length());
          } else {
            String[] p = positional(v, f32);
            padLeft = Math.max(padLeft, p[0].length());
            padRight = Math.max(padRight, p[1].length());
          }
        }
        if (sci) {
          padRight = expDigits + 2 + precision;
        }
      }
      if (anyNonFinite) {
        // nan and inf are right-aligned in the common width; NumPy widens the integer part for them.
        int offset = padRight + 1;
        padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
      }
      return new FloatFormat(sci, f32, padLeft, padRight, precision, expDigits);
    }

    @Override
    String format(NDArray a, long[] idx) {
      double v = a.getDouble(idx);
      if (!Double.isFinite(v)) {
        return padLeft(special(v), padLeft + padRight + 1);
      }
      if (scientific) {
        Sci s = Sci.of(shortest(v, f32), v);
        String frac = s.frac;
        if (frac.length() < precision && v != 0) {
          // NumPy (Dragon4 with min_digits) fills up with the true digits of the binary value, not
          // zeros: float32 3.944779e16 prints as 3.9447789e+16 next to an 8-digit neighbour.
          BigDecimal exact = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
          String digits = exact.unscaledValue().toString();
          int exp = exact.precision() - exact.scale() - 1;
          if (exp == s.exp * (s.expSign == '-' ? -1 : 1)) {
            frac = digits.substring(1) + "0".repeat(Math.max(0, precision + 1 - digits.length()));
          }
        }
        frac = frac + "0".repeat(precision - frac.length());
        return padLeft(s.intPart, padLeft) + "." + frac + "e" + s.expSign + pad0(s.exp, expDigits);
      }
      String[] p = positional(v, f32);
      return padLeft(p[0], padLeft) + "." + padRight(p[1], padRight);
    }
  }
}
