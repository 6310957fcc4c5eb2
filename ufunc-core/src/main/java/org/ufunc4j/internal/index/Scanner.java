package org.ufunc4j.internal.index;

/**
 * The cursor that ufunc4j's hand-written parsers share (index strings, loop signatures, gufunc
 * layouts and signatures): a position in a string, whitespace skipping, one-character look-ahead,
 * and errors that name the position. Subclasses say what an error is ({@link #error(String)}).
 */
public abstract class Scanner {
  protected final String text;
  protected int pos;

  protected Scanner(String text) {
    this.text = text;
  }

  /** True when the next character is {@code c}. */
  protected final boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  /** True when the whole text has been read. */
  protected final boolean atEnd() {
    return pos >= text.length();
  }

  /** Consumes {@code c} or throws {@code error(what)}. */
  protected final void expect(char c, String what) {
    if (!peek(c)) {
      throw error(what);
    }
    pos++;
  }

  /** Skips whitespace. */
  protected final void skip() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  /** Reads an identifier ({@code [A-Za-z_][A-Za-z0-9_]*}) and returns it, or "" when there is none. */
  protected final String identifier() {
    int start = pos;
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
    }
    return text.substring(start, pos);
  }

  /** What the character at the position is, for messages: {@code 'x'} or "the end". */
  protected final String found() {
    return pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
  }

  /** The exception for "expected {@code expected} at the current position". */
  protected abstract RuntimeException error(String expected);
}
