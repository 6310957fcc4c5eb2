package org.ufunc4j.gufunc;

import java.util.ArrayList;
import java.util.List;
import org.ufunc4j.DType;

/**
 * A gufunc loop's types: one dtype per operand (inputs then outputs) and, when written, the number
 * of dimensions of each ({@code float64[:, :]} has 2, {@code float64} has 0; -1 when not given).
 * Numba's forms {@code "void(float64[:], float64[:], float64[:])"} and {@code "(f8[:], f8[:])"},
 * and NumPy's {@code "dd->d"}. Errors name the position.
 */
record GufuncSignature(DType[] types, int[] ndims) {

  static GufuncSignature parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("gufunc signature is null");
    }
    if (text.contains("->")) {
      List<DType> ts = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (Character.isWhitespace(ch) || ch == '-' || ch == '>' || ch == ',') {
          continue;
        }
        DType t = DType.find(String.valueOf(ch));
        if (t == null) {
          throw new IllegalArgumentException(
              "expected a type code (?, b, h, i, l, f, d) at position " + i + " in gufunc signature \"" + text + "\"");
        }
        ts.add(t);
      }
      int[] nd = new int[ts.size()];
      java.util.Arrays.fill(nd, -1);
      return new GufuncSignature(ts.toArray(new DType[0]), nd);
    }
    return new Parser(text).parse();
  }

  String describe() {
    StringBuilder sb = new StringBuilder("void(");
    for (int i = 0; i < types.length; i++) {
      sb.append(i > 0 ? ", " : "").append(types[i].typeName());
      if (ndims[i] > 0) {
        sb.append('[').append(":, ".repeat(ndims[i] - 1)).append(":]");
      }
    }
    return sb.append(')').toString();
  }

  String typeCodes(int nin) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < types.length; i++) {
      if (i == nin) {
        sb.append("->");
      }
      sb.append(types[i].typeChar());
    }
    return sb.toString();
  }

  private static final class Parser extends org.ufunc4j.internal.index.Scanner {
    Parser(String text) {
      super(text);
    }

    GufuncSignature parse() {
      skip();
      if (text.startsWith("void", pos)) {
        pos += 4;
        skip();
      }
      expect('(', "'(' (a gufunc signature looks like void(float64[:], float64[:]))");
      List<DType> ts = new ArrayList<>();
      List<Integer> nds = new ArrayList<>();
      skip();
      while (!peek(')')) {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
          pos++;
        }
        if (start == pos) {
          throw error("a type such as float64[:]");
        }
        String name = text.substring(start, pos);
        DType t = DType.find(name);
        if (t == null) {
          pos = start;
          throw new IllegalArgumentException(
              "unknown type '" + name + "' at position " + start + " in gufunc signature \"" + text + "\"");
        }
        skip();
        int nd = 0;
        if (peek('[')) {
          pos++;
          while (true) {
            skip();
            expect(':', "':' in the dimensions (e.g. [:, :])");
            nd++;
            skip();
            if (peek(',')) {
              pos++;
              continue;
            }
            expect(']', "',' or ']'");
            break;
          }
        }
        ts.add(t);
        nds.add(nd);
        skip();
        if (peek(',')) {
          pos++;
          skip();
          continue;
        }
        if (!peek(')')) {
          throw error("',' or ')'");
        }
      }
      pos++;
      skip();
      if (pos != text.length()) {
        throw error("the end of the signature");
      }
      int[] nd = new int[nds.size()];
      for (int i = 0; i < nd.length; i++) {
        nd[i] = nds.get(i);
      }
      return new GufuncSignature(ts.toArray(new DType[0]), nd);
    }

    @Override
    protected IllegalArgumentException error(String expected) {
      String found = found();
      return new IllegalArgumentException(
          "bad gufunc signature: expected " + expected + " at position " + pos + " in \"" + text + "\", found " + found);
    }
  }
}
