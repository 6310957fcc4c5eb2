package org.ufunc4j.internal.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written single-pass parser for NumPy index strings. Grammar: items separated by commas;
 * an item is an integer, a slice {@code [start]:[stop][:[step]]}, {@code ...} or {@code None} (also
 * {@code newaxis}). Whitespace is allowed anywhere between tokens. Errors name the position.
 */
public final class IndexParser extends Scanner {
  private IndexParser(String text) {
    super(text);
  }

  public static List<IndexItem> parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("index string is null");
    }
    return new IndexParser(text).items();
  }

  private List<IndexItem> items() {
    List<IndexItem> out = new ArrayList<>();
    skip();
    if (pos == text.length()) {
      return out; // "" means the whole array, as a[()] does for 0-d and a[...] in general
    }
    while (true) {
      out.add(item());
      skip();
      if (pos == text.length()) {
        return out;
      }
      expect(',', "',' between index items");
      skip();
      if (pos == text.length()) {
        return out; // a trailing comma is allowed, as in Python tuples
      }
    }
  }

  private IndexItem item() {
    int start = pos;
    if (text.startsWith("...", pos)) {
      pos += 3;
      return new IndexItem.Ellipsis(start);
    }
    if (word("None") || word("newaxis")) {
      return new IndexItem.NewAxis(start);
    }
    Long first = optionalInteger();
    skip();
    if (!peek(':')) {
      if (first == null) {
        throw error("an integer, a slice, '...' or 'None'");
      }
      return new IndexItem.Single(first, start);
    }
    pos++;
    skip();
    Long stop = optionalInteger();
    skip();
    Long step = null;
    if (peek(':')) {
      pos++;
      skip();
      step = optionalInteger();
      if (step != null && step == 0) {
        throw new IllegalArgumentException(
            "slice step cannot be zero at position " + start + " in \"" + text + "\"");
      }
    }
    return new IndexItem.Range(first, stop, step, start);
  }

  private boolean word(String w) {
    if (text.startsWith(w, pos)) {
      int end = pos + w.length();
      if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
        pos = end;
        return true;
      }
    }
    return false;
  }

  private Long optionalInteger() {
    int start = pos;
    if (peek('-') || peek('+')) {
      pos++;
      skip();
    }
    int digits = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      if (digits != start) {
        pos = digits;
        throw error("digits after the sign");
      }
      return null;
    }
    String num = text.substring(start, pos).replace(" ", "").replace("\t", "");
    try {
      return Long.parseLong(num);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("an integer that fits in 64 bits");
    }
  }

  @Override
  protected IllegalArgumentException error(String expected) {
    String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "end of string";
    return new IllegalArgumentException(
        "bad index: expected " + expected + " at position " + pos + " in \"" + text + "\", found "
            + found);
  }
}
