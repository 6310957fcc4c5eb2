package org.ufunc4j.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import org.ufunc4j.DType;

/**
 * A loop's type signature: input dtypes and one output dtype. Parses Numba's form {@code
 * "float64(float64, int64)"} (with aliases, {@code "f8(f8, i8)"}) and NumPy's forms {@code
 * "dd->d"} and {@code "float64,int64->float64"}. A hand-written single pass; errors name the
 * position and what was expected.
 */
public record LoopSignature(DType[] inputs, DType output) {

  public static LoopSignature parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("signature is null");
    }
    return text.contains("->") ? parseNumpy(text) : new Parser(text).numba();
  }

  /** NumPy's {@code ".types"} form, e.g. {@code "dd->d"}. */
  public String typeCodes() {
    StringBuilder sb = new StringBuilder();
    for (DType t : inputs) {
      sb.append(t.typeChar());
    }
    return sb.append("->").append(output.typeChar()).toString();
  }

  /** Numba's form, e.g. {@code "float64(float64, float64)"}. */
  public String numbaForm() {
    StringBuilder sb = new StringBuilder(output.typeName()).append('(');
    for (int i = 0; i < inputs.length; i++) {
      sb.append(i > 0 ? ", " : "").append(inputs[i].typeName());
    }
    return sb.append(')').toString();
  }

  public boolean sameTypes(LoopSignature o) {
    return output == o.output && java.util.Arrays.equals(inputs, o.inputs);
  }

  private static LoopSignature parseNumpy(String text) {
    int arrow = text.indexOf("->");
    String left = text.substring(0, arrow).strip();
    String right = text.substring(arrow + 2).strip();
    List<DType> ins = numpySide(text, left, 0);
    List<DType> outs = numpySide(text, right, arrow + 2);
    if (outs.size() != 1) {
      throw new IllegalArgumentException(
          "expected exactly one output type after '->' at position " + (arrow + 2) + " in signature \"" + text + "\"");
    }
    return new LoopSignature(ins.toArray(new DType[0]), outs.get(0));
  }

  private static List<DType> numpySide(String text, String side, int base) {
    List<DType> out = new ArrayList<>();
    if (side.isEmpty()) {
      return out;
    }
    if (side.contains(",") || DType.find(side) != null && side.length() > 1) {
      int pos = text.indexOf(side, base);
      for (String part : side.split(",", -1)) {
        String name = part.strip();
        DType t = DType.find(name);
        if (t == null) {
          throw new IllegalArgumentException(
              "expected a dtype name at position " + (pos + part.indexOf(name)) + " in signature \"" + text
                  + "\", found '" + name + "'");
        }
        out.add(t);
        pos += part.length() + 1;
      }
      return out;
    }
    int pos = text.indexOf(side, base);
    for (int i = 0; i < side.length(); i++) {
      char ch = side.charAt(i);
      DType t = Character.isWhitespace(ch) ? null : DType.find(String.valueOf(ch));
      if (t == null) {
        throw new IllegalArgumentException(
            "expected a type code (?, b, h, i, l, f, d) at position " + (pos + i) + " in signature \"" + text
                + "\", found '" + ch + "'");
      }
      out.add(t);
    }
    return out;
  }

  private static final class Parser extends org.ufunc4j.internal.index.Scanner {
    Parser(String text) {
      super(text);
    }

    LoopSignature numba() {
      skip();
      DType ret = type("the return type, e.g. float64");
      skip();
      expect('(', "'(' after the return type");
      List<DType> ins = new ArrayList<>();
      skip();
      if (peek(')')) {
        pos++;
      } else {
        while (true) {
          skip();
          ins.add(type("an argument type"));
          skip();
          if (peek(',')) {
            pos++;
            continue;
          }
          expect(')', "',' or ')'");
          break;
        }
      }
      skip();
      if (pos != text.length()) {
        throw error("end of signature");
      }
      return new LoopSignature(ins.toArray(new DType[0]), ret);
    }

    private DType type(String what) {
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw error(what);
      }
      String name = text.substring(start, pos);
      DType t = DType.find(name);
      if (t == null) {
        pos = start;
        throw new IllegalArgumentException(
            "unknown type '" + name + "' at position " + start + " in signature \"" + text
                + "\"; expected one of bool, int8, int16, int32, int64, float32, float64 (or b1, i1, i2, i4, i8, f4, f8, float, double)");
      }
      return t;
    }

    @Override
    protected IllegalArgumentException error(String expected) {
      String found = found();
      return new IllegalArgumentException(
          "bad signature: expected " + expected + " at position " + pos + " in \"" + text + "\", found " + found);
    }
  }
}
