package org.ufunc4j.internal.exec;

/**
 * The inner-loop contract (NumPy's): one call processes {@code n} elements of a 1-d run. Operand
 * {@code k} (inputs first, then outputs) lives in {@code bases[k]} (a heap primitive array or a
 * {@link java.lang.foreign.MemorySegment}) starting at element {@code offs[k]} with element stride
 * {@code steps[k]} (0 for a broadcast operand, 1 for a contiguous one, anything else otherwise).
 * Implementations are generated per (function, loop types, operand dtypes, storage kinds), so that
 * the element loop is monomorphic.
 */
public interface LoopKernel {
  void run(Object[] bases, long[] offs, long[] steps, long n);
}
