package org.ufunc4j.internal.simd;

import java.lang.classfile.CodeBuilder;
import org.ufunc4j.internal.lift.Ir;

/** Entry point for emitting a lifted function as scalar code (no Vector API types involved). */
public final class ScalarIr {
  private ScalarIr() {}

  /**
   * Emits {@code ir} with its parameters in {@code paramSlots}; leaves the result on the stack.
   *
   * @param exact transcendentals call {@code Math} (the {@code exact} option); otherwise float32
   *     sin, cos and exp use the scalar twins of the SIMD kernels' polynomials, so that tails,
   *     strided calls and SIMD-off runs give the same bits as the vector loop
   */
  /** The number of distinct nodes of {@code ir}, in both lanes: a measure of its kernels' size. */
  public static int size(Ir.Function ir) {
    return IrEmitter.countUses(ir.result()).size() + IrEmitter.countUses(ir.result(), true).size();
  }

  public static void emit(CodeBuilder c, Ir.Function ir, int[] paramSlots, boolean exact) {
    emit(c, ir, paramSlots, null, exact);
  }

  /**
   * As above, for a function with integer lanes ({@link Ir#usesIntegerLanes}): {@code longSlots[k]}
   * holds parameter k's value as a long where the function uses {@link Ir.LongParam}(k).
   */
  public static void emit(CodeBuilder c, Ir.Function ir, int[] paramSlots, int[] longSlots, boolean exact) {
    IrEmitter e = new IrEmitter(c, ir.kind(), false, exact, paramSlots, IrEmitter.countUses(ir.result()));
    if (longSlots != null) {
      e.withIntegerLanes(longSlots, IrEmitter.countUses(ir.result(), true));
    }
    e.emit(ir.result());
  }
}
