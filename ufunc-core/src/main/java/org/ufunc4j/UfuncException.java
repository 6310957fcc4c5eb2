package org.ufunc4j;

/**
 * Thrown by a ufunc call when its kernel threw, on the calling thread or on a worker. The
 * original exception is the {@linkplain #getCause() cause}. Elements written before the failure
 * keep their new values; the others are unchanged.
 */
public final class UfuncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UfuncException(String message, Throwable cause) {
    super(message, cause);
  }
}
