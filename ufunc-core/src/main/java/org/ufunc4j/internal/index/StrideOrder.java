package org.ufunc4j.internal.index;

/** Orders dimensions by the size of their strides, the order in which loops walk memory. */
public final class StrideOrder {
  private StrideOrder() {}

  /**
   * Sorts {@code dims} (indices into {@code strides}) so that the largest |stride| comes first;
   * equal ones keep their order. An insertion sort, not {@code Arrays.sort} with a comparator
   * lambda: a handful of dimensions, and a lambda would bootstrap a hidden class on a new ufunc's
   * first call.
   */
  public static void byMagnitudeDescending(Integer[] dims, long[] strides) {
    for (int i = 1; i < dims.length; i++) {
      Integer d = dims[i];
      long m = Math.abs(strides[d]);
      int j = i - 1;
      while (j >= 0 && Math.abs(strides[dims[j]]) < m) {
        dims[j + 1] = dims[j];
        j--;
      }
      dims[j + 1] = d;
    }
  }
}
