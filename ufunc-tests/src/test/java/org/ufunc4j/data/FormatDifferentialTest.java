package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * {@code toString()} against NumPy's {@code str()} on 300 generated arrays (0-d to 4-d, summarised
 * ones, all dtypes, values from 1e-5 to 1e300 with NaN, infinities and signed zeros). The arrays
 * are built from the SplitMix64 stream, identically here and in {@code gen_numpy_str_cases.py},
 * which wrote NumPy's output to {@code numpy-str-cases.txt}.
 */
class FormatDifferentialTest {
  private static final double[] SCALES = {1.0, 1e-3, 1e-5, 1e3, 1e5, 1e7, 1e9, 1e17, 1e300, 3.0};
  private static final DType[] DTYPES = {DType.FLOAT64, DType.FLOAT32, DType.INT64, DType.INT8, DType.BOOL};

  static long[] shapeOf(long seed) {
    if (seed % 10 == 0) {
      return seed % 20 == 0 ? new long[] {1100} : new long[] {40, 30};
    }
    int nd = (int) (seed % 5);
    long[] s = new long[nd];
    for (int k = 0; k < nd; k++) {
      s[k] = 1 + Long.remainderUnsigned(NDArray.splitMix64(seed, 1000 + k) >>> 33, 7);
    }
    return s;
  }

  static NDArray build(long seed, DType t) {
    long[] shape = shapeOf(seed);
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    int kind = (int) ((seed / 7) % 4);
    double scale = SCALES[(int) ((seed / 3) % SCALES.length)];
    NDArray a = NDArray.zeros(t, shape);
    NDArray flat = a.reshape(n);
    for (long i = 0; i < n; i++) {
      long z = NDArray.splitMix64(seed, i);
      double u = (z >>> 11) * 0x1p-53;
      if (t == DType.BOOL) {
        flat.set(u < 0.5, i);
        continue;
      }
      if (t.isInteger()) {
        long r = t == DType.INT64 ? 2000 : 256;
        flat.set((long) Math.floor(u * r) - r / 2, i);
        continue;
      }
      double v;
      if (kind == 0) {
        v = u;
      } else if (kind == 1) {
        v = (u - 0.5) * scale;
      } else if (kind == 2) {
        v = Math.floor(u * 200) - 100;
      } else {
        int c = (int) (z & 15);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
        v = c < 5 ? specials[c] : (u - 0.5) * scale;
      }
      flat.set(v, i); // float32 rounds the double once, as np.array(..., dtype=float32)
    }
    return a;
  }

  @Test
  void strMatchesNumPyOnGeneratedArrays() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("numpy-str-cases.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> failures = new ArrayList<>();
    int cases = 0;
    String[] lines = text.split("\n", -1);
    int i = 1; // skip the comment line
    while (i < lines.length && !lines[i].isEmpty()) {
      String[] head = lines[i++].split(" ");
      long seed = Long.parseLong(head[0]);
      DType t = DType.of(head[1]);
      StringBuilder expected = new StringBuilder();
      while (!lines[i].equals("%%")) {
        expected.append(expected.length() > 0 ? "\n" : "").append(lines[i++]);
      }
      i++;
      cases++;
      NDArray a = build(seed, t);
      String got = a.toString();
      if (!got.contentEquals(expected)) {
        failures.add("seed " + seed + " " + t + NDArray.shapeString(a.shape()) + "\nNumPy:\n" + expected + "\nours:\n" + got);
      }
    }
    assertEquals(300, cases, "cases read");
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " differ; first ones:\n" + String.join("\n\n", failures.subList(0, Math.min(4, failures.size()))));
  }
}
