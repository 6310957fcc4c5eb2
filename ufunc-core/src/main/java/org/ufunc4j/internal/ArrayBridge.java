package org.ufunc4j.internal;

import org.ufunc4j.NDArray;
import org.ufunc4j.internal.storage.Storage;

/**
 * Gives ufunc4j's internal packages (and the gufunc module) access to the parts of {@link NDArray}
 * that are not public API: its {@link Storage} and a raw constructor. Installed by NDArray's
 * static initialiser (the JDK's "shared secrets" pattern).
 */
public abstract class ArrayBridge {
  private static volatile ArrayBridge instance;

  protected ArrayBridge() {}

  public static void install(ArrayBridge bridge) {
    if (instance != null) {
      throw new IllegalStateException("array bridge installed twice");
    }
    instance = bridge;
  }

  public static ArrayBridge get() {
    ArrayBridge b = instance;
    if (b == null) {
      try {
        Class.forName(NDArray.class.getName(), true, NDArray.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      b = instance;
    }
    return b;
  }

  public abstract Storage storage(NDArray a);

  /** The array's own shape array: callers must not modify it (saves a clone on hot paths). */
  public abstract long[] shapeRef(NDArray a);

  /** The array's own strides array: callers must not modify it. */
  public abstract long[] stridesRef(NDArray a);

  /**
   * Moves a view made by {@link #view} to another offset in the same storage: a gufunc core view's
   * {@code asArray()} re-points one NDArray per iteration instead of allocating one. Only for
   * arrays the caller created and hands out for a bounded time.
   */
  public abstract void moveView(NDArray a, long offset);

  /** Creates a view; arguments are trusted (internal callers checked them). */
  public abstract NDArray view(Storage s, long[] shape, long[] strides, long offset, boolean readOnly);
}
