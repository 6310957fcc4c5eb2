package org.ufunc4j.internal.kernel;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;
import org.ufunc4j.internal.exec.LoopKernel;

/**
 * What every generated kernel class shares, whichever tier generates it: the class shell, the
 * {@code run} method that dispatches on the stride pattern, and definition as a hidden class with
 * class data.
 *
 * <p>{@code run} only dispatches: each loop variant is its own method (measured faster than
 * several loops in one method). Variant {@code m} handles calls where every operand is contiguous
 * except the inputs whose bit is set in {@code m}, which are broadcast (stride 0); any other
 * stride goes to the fallback.
 */
public final class KernelClasses {
  public static final ClassDesc CD_LOOP_KERNEL = ClassDesc.of(LoopKernel.class.getName());
  public static final MethodTypeDesc MTD_RUN =
      MethodTypeDesc.of(CD_void, CD_Object.arrayType(), CD_long.arrayType(), CD_long.arrayType(), CD_long);

  private KernelClasses() {}

  /** Builds a final class implementing {@link LoopKernel} with a public no-argument constructor. */
  public static byte[] build(ClassDesc self, Consumer<ClassBuilder> members) {
    ClassLoader loader = KernelClasses.class.getClassLoader();
    ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
        ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(loader))));
    byte[] bytes = cf.build(self, new Shell(members));
    TierACompiler.dump(self, bytes);
    return bytes;
  }

  /**
   * Throws {@link TooLargeForJit} when a method of the class {@code bytes} is beyond what the JIT
   * compiles. A question for kernels of large lifted functions: it parses the class, which a new
   * ufunc's first call should not wait for when its kernel is small.
   */
  public static void requireCompilable(byte[] bytes) {
    int largest = largestMethod(ClassFile.of(), bytes);
    if (largest > HUGE_METHOD) {
      throw TooLargeForJit.of(largest);
    }
  }

  /**
   * HotSpot's {@code HugeMethodLimit}: a method of more bytecode bytes is never JIT-compiled
   * ({@code DontCompileHugeMethods}), so a kernel that large would run interpreted, slower than
   * the lambda itself (a lambda with a loop of 300 turns unrolled: 30 ms against 1 ms for 100).
   */
  static final int HUGE_METHOD = 8000;

  /** The largest method's bytecode length in a class file. */
  private static int largestMethod(ClassFile cf, byte[] bytes) {
    int largest = 0;
    for (java.lang.classfile.MethodModel m : cf.parse(bytes).methods()) {
      java.util.Optional<java.lang.classfile.CodeModel> code = m.code();
      if (code.isPresent() && code.get() instanceof java.lang.classfile.attribute.CodeAttribute a) {
        largest = Math.max(largest, a.codeLength());
      }
    }
    return largest;
  }

  /** A generated kernel whose method would be too large for the JIT: the loop runs the lambda instead. */
  public static final class TooLargeForJit extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private TooLargeForJit(int bytes) {
      super("a kernel method of " + bytes + " bytes of bytecode, more than the " + HUGE_METHOD + " HotSpot compiles");
    }

    /** Typed as its superclass, so that verifying the code that throws it does not load this class. */
    static IllegalStateException of(int bytes) {
      return new TooLargeForJit(bytes);
    }
  }

  // The builders' consumers are classes, not lambdas: each lambda bootstraps a hidden class on its
  // first use, which a new ufunc's first call on a cold JVM may wait for (see TierACompiler).

  /** The class: flags, the interface, a no-argument constructor, then {@code members}. */
  private record Shell(Consumer<ClassBuilder> members) implements Consumer<ClassBuilder> {
    @Override
    public void accept(ClassBuilder cb) {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
      cb.withInterfaceSymbols(CD_LOOP_KERNEL);
      cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC, new Constructor());
      members.accept(cb);
    }
  }

  /** {@code super(); return;} */
  private static final class Constructor implements Consumer<CodeBuilder> {
    @Override
    public void accept(CodeBuilder c) {
      c.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_();
    }
  }

  /**
   * Emits {@code run}: returns at once for n <= 0; calls {@code variantPrefix + m} for the
   * contiguous/broadcast pattern m; otherwise runs {@code fallback} (which must return).
   */
  public static void emitDispatch(ClassBuilder cb, ClassDesc self, int nin, String variantPrefix, Consumer<CodeBuilder> fallback) {
    cb.withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, new Dispatch(self, nin, variantPrefix, fallback));
  }

  /** The code of {@code run} (see {@link #emitDispatch}). */
  private record Dispatch(ClassDesc self, int nin, String variantPrefix, Consumer<CodeBuilder> fallback) implements Consumer<CodeBuilder> {
    @Override
    public void accept(CodeBuilder c) {
      Label other = c.newLabel();
      Label done = c.newLabel();
      c.lload(4).lconst_0().lcmp().ifle(done);
      c.aload(3).loadConstant(nin).laload().lconst_1().lcmp().ifne(other);
      int mask = c.allocateLocal(TypeKind.INT);
      c.iconst_0().istore(mask);
      for (int k = 0; k < nin; k++) {
        Label notZero = c.newLabel();
        Label next = c.newLabel();
        c.aload(3).loadConstant(k).laload().lconst_0().lcmp().ifne(notZero);
        c.iload(mask).loadConstant(1 << k).ior().istore(mask);
        c.goto_(next);
        c.labelBinding(notZero);
        c.aload(3).loadConstant(k).laload().lconst_1().lcmp().ifne(other);
        c.labelBinding(next);
      }
      for (int m = 0; m < 1 << nin; m++) {
        Label skip = c.newLabel();
        c.iload(mask).loadConstant(m).if_icmpne(skip);
        c.aload(0).aload(1).aload(2).aload(3).lload(4).invokevirtual(self, variantPrefix + m, MTD_RUN).return_();
        c.labelBinding(skip);
      }
      c.labelBinding(other);
      fallback.accept(c);
      c.labelBinding(done);
      c.return_();
    }
  }

  /** Defines {@code bytes} as a hidden class next to {@code lookup} with {@code classData}, and instantiates it. */
  public static LoopKernel define(MethodHandles.Lookup lookup, byte[] bytes, Object classData, String what) {
    try {
      MethodHandles.Lookup l = lookup.defineHiddenClassWithClassData(bytes, classData, true);
      return (LoopKernel) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
    } catch (Throwable t) {
      throw new IllegalStateException("could not generate the loop class for " + what + ": " + t, t);
    }
  }
}
