package org.ufunc4j.gufunc;

/** A malformed gufunc layout string: names the position and what was expected there. */
public final class LayoutSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int position;
  private final String layout;

  LayoutSyntaxException(String message, String layout, int position) {
    super(message);
    this.layout = layout;
    this.position = position;
  }

  /** The index in the layout string where the problem was found (0 to its length). */
  public int position() {
    return position;
  }

  /** The layout string as given. */
  public String layout() {
    return layout;
  }
}
