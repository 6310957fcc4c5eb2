package org.ufunc4j.bench.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ufunc4j.NDArray;

/**
 * The inputs of one workload: named arrays built from the SplitMix64 stream and named scalars
 * (e.g. W1's {@code rho_mean}). Variants read them; a variant of an in-place workload (W2) writes
 * into its array, so the harness restores it from a pristine copy before every call, outside the
 * timed region: repeated squaring would otherwise drive the values to zero and time a different
 * computation.
 */
public final class Inputs {
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final Map<String, NDArray> pristine = new LinkedHashMap<>();
  private final Map<String, Double> scalars = new LinkedHashMap<>();
  private int threads = 1;

  /** Adds an array that variants only read. */
  public Inputs array(String name, NDArray a) {
    arrays.put(name, a);
    pristine.put(name, a);
    return this;
  }

  /** Adds an array that variants overwrite: a pristine copy is kept to restore it. */
  public Inputs mutableArray(String name, NDArray a) {
    arrays.put(name, a);
    pristine.put(name, a.copy());
    return this;
  }

  public Inputs scalar(String name, double v) {
    scalars.put(name, v);
    return this;
  }

  /** The array a variant works on (for W2 the one it squares in place). */
  public NDArray array(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no input array " + name + " (have " + arrays.keySet() + ")");
    }
    return a;
  }

  /** The array as built, before any variant wrote into it: references read this one. */
  public NDArray pristine(String name) {
    return pristine.get(name);
  }

  /** The backing {@code double[]} of a float64 heap input, for the plain-loop variants. */
  public double[] doubles(String name) {
    return (double[]) array(name).heapArray();
  }

  /** The backing {@code float[]} of a float32 heap input. */
  public float[] floats(String name) {
    return (float[]) array(name).heapArray();
  }

  public double scalar(String name) {
    Double v = scalars.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no input scalar " + name + " (have " + scalars.keySet() + ")");
    }
    return v;
  }

  /** The thread count of the variant being run (the harness sets it from {@link Variant#threads}). */
  public int threads() {
    return threads;
  }

  void threads(int t) {
    threads = t;
  }

  public Set<String> arrayNames() {
    return Collections.unmodifiableSet(arrays.keySet());
  }

  public Map<String, Double> scalars() {
    return Collections.unmodifiableMap(scalars);
  }

  /** Restores every mutable array from its pristine copy (untimed). */
  void restore() {
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      NDArray p = pristine.get(e.getKey());
      if (p != e.getValue()) {
        Object src = p.heapArray();
        Object dst = e.getValue().heapArray();
        if (src != null && dst != null) {
          System.arraycopy(src, 0, dst, 0, java.lang.reflect.Array.getLength(src));
        } else {
          e.getValue().assign(p);
        }
      }
    }
  }
}
