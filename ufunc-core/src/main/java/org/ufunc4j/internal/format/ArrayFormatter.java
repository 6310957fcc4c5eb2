package org.ufunc4j.internal.format;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * Formats arrays as NumPy's {@code str()} does with its default print options: a common element
 * width, floats in positional notation with aligned decimal points (scientific when the values
 * span more than 1e3 or reach 1e16 or go below 1e-4), summarised with {@code ...} and 3 edge items
 * when there are more than 1000 elements, lines wrapped at 75 characters.
 */
public final class ArrayFormatter {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int LINE_WIDTH = 75;

  private ArrayFormatter() {}

  public static String format(NDArray a) {
    boolean summarise = a.size() > THRESHOLD;
    long[] shape = a.shape();
    List<long[]> shown = new ArrayList<>();
    collect(a, shape, new long[shape.length], 0, summarise, shown);
    ElementFormat f = ElementFormat.of(a, shown);
    if (shape.length == 0) {
      return f.format(a, new long[0]).strip();
    }
    StringBuilder sb = new StringBuilder();
    render(a, f, shape, new long[shape.length], 0, summarise, sb, "");
    return sb.toString();
  }

  private static void collect(NDArray a, long[] shape, long[] idx, int d, boolean summarise, List<long[]> out) {
    if (d == shape.length) {
      out.add(idx.clone());
      return;
    }
    for (long i : visible(shape[d], summarise)) {
      if (i < 0) {
        continue;
      }
      idx[d] = i;
      collect(a, shape, idx, d + 1, summarise, out);
    }
  }

  /** Indices shown along a dimension; -1 marks the "..." gap. */
  private static long[] visible(long n, boolean summarise) {
    if (!summarise || n <= 2 * EDGE) {
      long[] r = new long[(int) n];
      for (int i = 0; i < n; i++) {
        r[i] = i;
      }
      return r;
    }
    long[] r = new long[2 * EDGE + 1];
    for (int i = 0; i < EDGE; i++) {
      r[i] = i;
      r[EDGE + 1 + i] = n - EDGE + i;
    }
    r[EDGE] = -1;
    return r;
  }

  private static void render(NDArray a, ElementFormat f, long[] shape, long[] idx, int d, boolean summarise, StringBuilder sb, String indent) {
    sb.append('[');
    long[] vis = visible(shape[d], summarise);
    if (d == shape.length - 1) {
      int lineStart = sb.lastIndexOf("\n") + 1;
      boolean first = true;
      for (long i : vis) {
        String word = i < 0 ? "..." : f.format(a, with(idx, d, i));
        String sep = first ? "" : " ";
        int col = sb.length() - lineStart;
        if (!first && col + sep.length() + word.length() + 1 > LINE_WIDTH) {
          sb.append('\n').append(indent).append(' ');
          lineStart = sb.length() - indent.length() - 1;
          sep = "";
        }
        sb.append(sep).append(word);
        first = false;
      }
      sb.append(']');
      return;
    }
    boolean first = true;
    String blank = "\n".repeat(Math.max(1, shape.length - d - 1));
    for (long i : vis) {
      if (!first) {
        sb.append(blank).append(indent).append(' ');
      }
      if (i < 0) {
        sb.append("...");
      } else {
        idx[d] = i;
        render(a, f, shape, idx, d + 1, summarise, sb, indent + " ");
      }
      first = false;
    }
    sb.append(']');
  }

  private static long[] with(long[] idx, int d, long i) {
    idx[d] = i;
    return idx;
  }

  /** One format for all shown elements, so that columns line up. */
  private abstract static class ElementFormat {
    abstract String format(NDArray a, long[] idx);

    static ElementFormat of(NDArray a, List<long[]> shown) {
      DType t = a.dtype();
      if (t == DType.BOOL) {
        int w = 0;
        for (long[] i : shown) {
          w = Math.max(w, a.getBoolean(i) ? 4 : 5);
        }
        int width = w;
        return new ElementFormat() {
          @Override
          String format(NDArray arr, long[] idx) {
            return pad(arr.getBoolean(idx) ? "True" : "False", width);
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
            return pad(Long.toString(arr.getLong(idx)), width);
          }
        };
      }
      return FloatFormat.of(a, shown);
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  private static final class FloatFormat extends ElementFormat {
    private final boolean scientific;
    private final boolean f32;
    private final int intWidth;
    private final int fracWidth;
    private final int width;

    private FloatFormat(boolean scientific, boolean f32, int intWidth, int fracWidth, int width) {
      this.scientific = scientific;
      this.f32 = f32;
      this.intWidth = intWidth;
      this.fracWidth = fracWidth;
      this.width = width;
    }

    static FloatFormat of(NDArray a, List<long[]> shown) {
      boolean f32 = a.dtype() == DType.FLOAT32;
      double max = 0;
      double min = Double.POSITIVE_INFINITY;
      for (long[] i : shown) {
        double v = Math.abs(a.getDouble(i));
        if (Double.isFinite(v) && v != 0) {
          max = Math.max(max, v);
          min = Math.min(min, v);
        }
      }
      boolean sci = max >= 1e16 || (min < 1e-4 && min != Double.POSITIVE_INFINITY) || (min != Double.POSITIVE_INFINITY && max / min > 1e3);
      int iw = 0;
      int fw = 0;
      int w = 0;
      for (long[] i : shown) {
        double v = a.getDouble(i);
        if (!Double.isFinite(v)) {
          w = Math.max(w, special(v).length());
          continue;
        }
        if (sci) {
          w = Math.max(w, sciString(v, f32).length());
        } else {
          String p = positional(v, f32);
          int dot = p.indexOf('.');
          iw = Math.max(iw, dot);
          fw = Math.max(fw, p.length() - dot - 1);
        }
      }
      if (!sci) {
        w = Math.max(w, iw + 1 + fw);
      }
      return new FloatFormat(sci, f32, iw, fw, w);
    }

    @Override
    String format(NDArray a, long[] idx) {
      double v = a.getDouble(idx);
      if (!Double.isFinite(v)) {
        return pad(special(v), width);
      }
      if (scientific) {
        return pad(sciString(v, f32), width);
      }
      String p = positional(v, f32);
      int dot = p.indexOf('.');
      String s = " ".repeat(Math.max(0, intWidth - dot)) + p + " ".repeat(Math.max(0, fracWidth - (p.length() - dot - 1)));
      return pad(s, width);
    }

    private static String special(double v) {
      return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    /** Shortest round-trip digits, positional, with a trailing '.' for integers ("1.", "0.5"). */
    static String positional(double v, boolean f32) {
      String s = f32 ? Float.toString((float) v) : Double.toString(v);
      String p = new BigDecimal(s).toPlainString();
      if (!p.contains(".")) {
        p = p + ".";
      } else {
        p = p.replaceAll("0+$", "");
      }
      if (v == 0 && (1 / v) < 0 && !p.startsWith("-")) {
        p = "-" + p;
      }
      return p;
    }

    static String sciString(double v, boolean f32) {
      String s = f32 ? Float.toString((float) v) : Double.toString(v);
      BigDecimal bd = new BigDecimal(s).stripTrailingZeros();
      int exp = bd.precision() - bd.scale() - 1;
      String digits = bd.unscaledValue().abs().toString();
      String mant = digits.substring(0, 1) + "." + digits.substring(1);
      String sign = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
      if (v == 0) {
        return sign + "0.e+00";
      }
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
  }
}
