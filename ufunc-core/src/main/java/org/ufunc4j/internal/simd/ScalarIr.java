package org.ufunc4j.internal.simd;

import java.lang.classfile.CodeBuilder;
import org.ufunc4j.internal.lift.Ir;

/** Entry point for emitting a lifted function as scalar code (no Vector API types involved). */
public final class ScalarIr {
  private ScalarIr() {}

  /** Emits {@code ir} with its parameters in {@code paramSlots}; leaves the result on the stack. */
  public static void emit(CodeBuilder c, Ir.Function ir, int[] paramSlots) {
    new IrEmitter(c, ir.kind(), false, paramSlots, IrEmitter.countUses(ir.result())).emit(ir.result());
  }
}
