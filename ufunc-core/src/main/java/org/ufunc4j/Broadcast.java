package org.ufunc4j;

/** NumPy's broadcasting rule for shapes. */
public final class Broadcast {
  private Broadcast() {}

  /**
   * The shape that arrays of the given shapes broadcast to: dimensions are matched from the right;
   * in each, all lengths must be equal or 1 (a missing dimension counts as 1), and the result takes
   * the length that is not 1 (a length 0 stays 0).
   *
   * @throws IllegalArgumentException naming the shapes and the axis (counted from the right, as a
   *     negative number) that does not broadcast
   */
  public static long[] shapes(long[]... shapes) {
    int nd = 0;
    for (long[] s : shapes) {
      nd = Math.max(nd, s.length);
    }
    long[] out = new long[nd];
    java.util.Arrays.fill(out, 1);
    for (int back = 1; back <= nd; back++) {
      long len = 1;
      int from = -1;
      for (int k = 0; k < shapes.length; k++) {
        long[] s = shapes[k];
        if (s.length < back) {
          continue;
        }
        long l = s[s.length - back];
        if (l < 0) {
          throw new IllegalArgumentException("negative dimension " + l + " in shape " + NDArray.shapeString(s));
        }
        if (l == 1) {
          continue;
        }
        if (len == 1) {
          len = l;
          from = k;
        } else if (l != len) {
          throw new IllegalArgumentException(
              "operands could not be broadcast together with shapes " + describe(shapes)
                  + ": axis " + (-back) + " has length " + len + " in operand " + from
                  + " but " + l + " in operand " + k);
        }
      }
      out[nd - back] = len;
    }
    return out;
  }

  private static String describe(long[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shapes.length; i++) {
      sb.append(i > 0 ? " " : "").append(NDArray.shapeString(shapes[i]));
    }
    return sb.toString();
  }
}
