package org.ufunc4j.internal.simd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Copies the bytecode of {@link VectorMath}'s functions into generated kernels at their call
 * sites, instead of calling them. Whether C2 inlines a call to a method of 50-300 bytes depends on
 * its profile at compile time, and a call it does not inline boxes every vector argument and
 * result: measured 4.1 ns per element instead of 0.25 for a float32 {@code exp} kernel, in some
 * JVM runs and not in others. Copied code has no call left but the Vector API's own methods, which
 * C2 always inlines ({@code @ForceInline}), so the polynomials are compiled into the loop in every
 * run. Calls to {@code VectorMath} methods in {@link #COLD} (the slow paths for arguments out of
 * the fast range) stay calls; others are copied in turn.
 *
 * <p>The copied methods must be static, without exception handlers, and return only with the
 * result alone on the operand stack (what javac produces for VectorMath).
 */
final class BytecodeInliner {
  private static final String OWNER = VectorMath.class.getName().replace('.', '/');
  /** VectorMath methods that stay calls: rarely taken paths, where a boxed vector costs nothing measurable. */
  static final Set<String> COLD = Set.of("withMathLanes", "javaPowCases", "expWide", "withMathPowLanes", "withNumpyLog2Lanes");
  private static final ClassModel MODEL = parse();

  private BytecodeInliner() {}

  private static ClassModel parse() {
    try (InputStream in = VectorMath.class.getResourceAsStream("VectorMath.class")) {
      if (in == null) {
        throw new IllegalStateException("VectorMath.class is not readable as a resource");
      }
      return ClassFile.of().parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Emits the body of {@code VectorMath.name} with its arguments taken from the operand stack and
   * its result left there, as the call would.
   */
  static void inline(CodeBuilder c, String name, MethodTypeDesc type) {
    MethodModel m = MODEL.methods().stream()
        .filter(x -> x.methodName().equalsString(name) && x.methodTypeSymbol().equals(type))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("VectorMath has no " + name + type.displayDescriptor()));
    CodeModel code = m.code().orElseThrow();
    int maxLocals = ((CodeAttribute) code).maxLocals();
    int base = c.allocateLocal(TypeKind.REFERENCE);
    for (int i = 1; i < maxLocals; i++) {
      if (c.allocateLocal(TypeKind.REFERENCE) != base + i) {
        throw new IllegalStateException("non-contiguous locals while inlining " + name);
      }
    }
    // arguments: the last is on top of the stack
    int[] slots = new int[type.parameterCount()];
    int slot = 0;
    for (int p = 0; p < slots.length; p++) {
      slots[p] = slot;
      slot += TypeKind.from(type.parameterType(p)).slotSize();
    }
    for (int p = slots.length - 1; p >= 0; p--) {
      c.storeLocal(TypeKind.from(type.parameterType(p)), base + slots[p]);
    }
    Label end = c.newLabel();
    Map<Label, Label> labels = new HashMap<>();
    for (CodeElement e : code) {
      switch (e) {
        case LabelTarget t -> c.labelBinding(labels.computeIfAbsent(t.label(), l -> c.newLabel()));
        case LoadInstruction i -> c.loadLocal(i.typeKind(), base + i.slot());
        case StoreInstruction i -> c.storeLocal(i.typeKind(), base + i.slot());
        case IncrementInstruction i -> c.iinc(base + i.slot(), i.constant());
        case BranchInstruction i -> c.branch(i.opcode(), labels.computeIfAbsent(i.target(), l -> c.newLabel()));
        case ReturnInstruction r -> c.goto_(end);
        case TableSwitchInstruction s -> throw new IllegalStateException("switch in " + name);
        case LookupSwitchInstruction s -> throw new IllegalStateException("switch in " + name);
        case InvokeInstruction i when i.owner().asInternalName().equals(OWNER) && !COLD.contains(i.name().stringValue()) ->
            inline(c, i.name().stringValue(), i.typeSymbol());
        case Instruction i -> c.with(i);
        default -> { } // line numbers, local variable names, stack maps: recomputed or not needed
      }
    }
    c.labelBinding(end);
  }
}
