package org.ufunc4j.internal.lift;

/** The lambda cannot be compiled to SIMD code: says which instruction, in which method, at which line. */
public final class LiftException extends Exception {
  private static final long serialVersionUID = 1L;

  public LiftException(String message) {
    super(message, null, false, false);
  }
}
