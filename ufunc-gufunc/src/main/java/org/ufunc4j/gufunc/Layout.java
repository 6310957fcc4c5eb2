package org.ufunc4j.gufunc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed gufunc layout (NumPy calls it the gufunc signature), such as {@code "(m?,n),(n,p?)->(m?,p?)"}: NumPy's grammar with names,
 * {@code ()} for scalar cores, frozen sizes {@code (3)}, optional dimensions {@code n?}, and
 * whitespace anywhere. Immutable. Errors give the position in the string and what was expected.
 *
 * @param text the layout as written
 * @param nin number of input operands
 * @param cores per operand (inputs then outputs), the indices into {@code dims} of its core dims
 * @param dims the distinct dimensions, in order of first appearance
 */
public record Layout(String text, int nin, int[][] cores, List<Dim> dims) {

  /**
   * A distinct core dimension: its name (for a frozen size, the size as text), the fixed size or
   * -1, and whether it is optional ({@code n?}).
   */
  public record Dim(String name, long frozen, boolean optional) {}

  /** Parses a layout; see {@link #parse(String)}. */
  public Layout {
    int[][] copy = new int[cores.length][];
    for (int i = 0; i < cores.length; i++) {
      copy[i] = cores[i].clone();
    }
    cores = copy;
    dims = List.copyOf(dims);
  }

  /** Per operand (inputs then outputs), the indices into {@link #dims()} of its core dimensions (a copy). */
  @Override
  public int[][] cores() {
    int[][] copy = new int[cores.length][];
    for (int i = 0; i < cores.length; i++) {
      copy[i] = cores[i].clone();
    }
    return copy;
  }

  /** Number of operands. */
  public int nops() {
    return cores.length;
  }

  /** The core dimension indices of operand {@code i} (a copy). */
  public int[] core(int i) {
    return cores[i].clone();
  }

  /** Number of outputs. */
  public int nout() {
    return cores.length - nin;
  }

  /** True for {@code (),()->()}: no operand has core dimensions. */
  public boolean isElementwise() {
    for (int[] c : cores) {
      if (c.length > 0) {
        return false;
      }
    }
    return true;
  }

  /** Index of the dimension called {@code name}, or -1. */
  public int dimIndex(String name) {
    for (int i = 0; i < dims.size(); i++) {
      if (dims.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** True when dimension {@code d} appears in no input (its size must come from elsewhere). */
  public boolean outputOnly(int d) {
    for (int i = 0; i < nin; i++) {
      for (int x : cores[i]) {
        if (x == d) {
          return false;
        }
      }
    }
    return true;
  }

  /** The canonical text, e.g. {@code (m?,n),(n,p?)->(m?,p?)}. */
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cores.length; i++) {
      if (i == nin) {
        sb.append("->");
      } else if (i > 0) {
        sb.append(',');
      }
      sb.append('(');
      for (int j = 0; j < cores[i].length; j++) {
        Dim d = dims.get(cores[i][j]);
        sb.append(j > 0 ? "," : "").append(d.name()).append(d.optional() ? "?" : "");
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /** Layouts are equal when their canonical forms are (whitespace does not matter). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l && l.canonical().equals(canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return canonical();
  }

  /**
   * Parses NumPy's layout grammar: operands separated by commas, inputs and outputs by {@code ->};
   * each operand a parenthesised, comma-separated list of dimension names or fixed sizes, a name
   * optionally followed by {@code ?}; whitespace anywhere.
   *
   * @throws LayoutSyntaxException with the position and what was expected
   */
  public static Layout parse(String text) {
    if (text == null) {
      throw new LayoutSyntaxException("layout is null", "", 0);
    }
    return new Parser(text).parse();
  }

  /** Hand-written single pass (NumPy's parser is too); no regular expressions. */
  private static final class Parser extends org.ufunc4j.internal.index.Scanner {
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<Dim> dims = new ArrayList<>();

    Parser(String text) {
      super(text);
    }

    Layout parse() {
      List<int[]> cores = new ArrayList<>();
      operands(cores);
      skip();
      if (!text.startsWith("->", pos)) {
        throw error("'->' or ','");
      }
      pos += 2;
      int nin = cores.size();
      operands(cores);
      skip();
      if (pos != text.length()) {
        throw error("',' or the end of the layout");
      }
      return new Layout(text, nin, cores.toArray(new int[0][]), List.copyOf(dims));
    }

    private void operands(List<int[]> out) {
      while (true) {
        skip();
        out.add(core());
        skip();
        if (peek(',')) {
          pos++;
          continue;
        }
        return;
      }
    }

    private int[] core() {
      expect('(', "'(' starting a core, e.g. (n) or ()");
      List<Integer> ids = new ArrayList<>();
      skip();
      if (peek(')')) {
        pos++;
        return new int[0];
      }
      while (true) {
        skip();
        ids.add(dim());
        skip();
        if (peek(',')) {
          pos++;
          skip();
          if (peek(')')) {
            throw error("a dimension name or size after ','");
          }
          continue;
        }
        expect(')', "',' or ')'");
        break;
      }
      int[] r = new int[ids.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = ids.get(i);
      }
      return r;
    }

    private int dim() {
      int start = pos;
      String name;
      long frozen = -1;
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        name = text.substring(start, pos);
        try {
          frozen = Long.parseLong(name);
        } catch (NumberFormatException e) {
          pos = start;
          throw error("a dimension size that fits in 64 bits");
        }
      } else if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
          pos++;
        }
        name = text.substring(start, pos);
      } else {
        throw error("a dimension name or size");
      }
      skip();
      boolean optional = false;
      if (peek('?')) {
        optional = true;
        pos++;
      }
      Integer known = index.get(name);
      if (known != null) {
        Dim d = dims.get(known);
        if (d.optional() != optional) {
          throw new LayoutSyntaxException(
              "dimension '" + name + "' is optional ('?') in one place but not in another, at position " + start
                  + " in layout \"" + text + "\"", text, start);
        }
        return known;
      }
      index.put(name, dims.size());
      dims.add(new Dim(name, frozen, optional));
      return dims.size() - 1;
    }

    @Override
    protected LayoutSyntaxException error(String expected) {
      String found = found();
      return new LayoutSyntaxException(
          "bad layout: expected " + expected + " at position " + pos + " in \"" + text + "\", found " + found, text, pos);
    }
  }
}
