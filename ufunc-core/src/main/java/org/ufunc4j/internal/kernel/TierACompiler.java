package org.ufunc4j.internal.kernel;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.internal.exec.LoopKernel;
import org.ufunc4j.internal.storage.Storage;

/**
 * Tier A: generates, with {@code java.lang.classfile}, one hidden class per (function, loop types,
 * operand dtypes, storage kinds) whose {@code run} method is the inner loop. The function object is
 * a class-data constant of the hidden class, so the call in the loop is monomorphic and C2 inlines
 * the lambda (and auto-vectorises simple arithmetic). Casts between an operand's dtype, the loop's
 * dtype and the lambda's parameter type are emitted inline with NumPy's semantics.
 *
 * <p>Two loops per class: a contiguous one (all steps 1; an {@code int} induction variable when all
 * operands are heap arrays, the shape C2 vectorises) and a general strided one.
 */
public final class TierACompiler {
  private static final ClassDesc CD_SEGMENT = ClassDesc.of(MemorySegment.class.getName());
  private static final ClassDesc CD_VALUE_LAYOUT = ClassDesc.of(ValueLayout.class.getName());
  private static final ClassDesc CD_STORAGE = ClassDesc.of(Storage.class.getName());
  private static final ClassDesc CD_CASTS = ClassDesc.of(Casts.class.getName());
  private static final MethodTypeDesc MTD_RUN = KernelClasses.MTD_RUN;
  private static final AtomicLong COUNTER = new AtomicLong();

  private TierACompiler() {}

  /**
   * @param fn the lambda
   * @param shape its shape
   * @param loopTypes the loop's dtypes, inputs then the output
   * @param opTypes the operands' stored dtypes, inputs then the output
   * @param nativeOps per operand, true for native storage
   * @param name a readable name for the generated class
   */
  /**
   * IR nodes beyond which a scalar kernel's size is checked against the JIT's limit (scalar code
   * takes well under 15 bytes per node, so smaller functions cannot reach 8000 bytes).
   */
  private static final int LARGE_IR = 400;

  public static LoopKernel compile(Fn fn, FnShape shape, DType[] loopTypes, DType[] opTypes, boolean[] nativeOps, String name) {
    return compile(fn, shape, null, false, loopTypes, opTypes, nativeOps, name);
  }

  /**
   * As {@link #compile(Fn, FnShape, DType[], DType[], boolean[], String)}; with {@code ir} (a lifted
   * lambda, computing in float32 when {@code ir.f32()}), the loops compute the IR inline as scalar
   * code instead of calling the lambda: a double lambda on a float32 loop then rounds to float32
   * after every operation, as the SIMD tier does. {@code exact}: the IR's transcendentals call
   * {@code Math} (see {@code ScalarIr.emit}).
   */
  public static LoopKernel compile(
      Fn fn, FnShape shape, org.ufunc4j.internal.lift.Ir.Function ir, boolean exact, DType[] loopTypes, DType[] opTypes, boolean[] nativeOps, String name) {
    int nops = opTypes.length;
    int nin = nops - 1;
    ClassDesc self =
        ClassDesc.of(TierACompiler.class.getPackageName() + (ir != null ? ".ScalarIr_" : ".TierA_") + sanitize(name) + "_" + COUNTER.incrementAndGet());
    ClassDesc fnDesc = ClassDesc.of(shape.iface().getName());
    DynamicConstantDesc<?> fnConst =
        DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA, ConstantDescs.DEFAULT_NAME, fnDesc);
    boolean allHeap = true;
    for (boolean b : nativeOps) {
      allHeap &= !b;
    }
    Members members = new Members(self, shape, ir, exact, fnDesc, fnConst, loopTypes, opTypes, nativeOps, nin, allHeap);
    byte[] bytes = KernelClasses.build(self, members);
    if (ir != null && org.ufunc4j.internal.simd.ScalarIr.size(ir) > LARGE_IR) {
      KernelClasses.requireCompilable(bytes);
    }
    return KernelClasses.define(MethodHandles.lookup(), bytes, shape.iface().cast(fn), name);
  }

  /**
   * The kernel class's methods: {@code run} dispatching on the stride pattern, one {@code
   * contiguous<m>} per pattern of broadcast inputs, and {@code strided}. Classes rather than
   * lambdas for the classfile API's builders: each lambda bootstraps a hidden class on its first
   * use, which a new ufunc's first call on a cold JVM would wait for (its scalar kernel may be
   * generated on that call).
   */
  private record Members(ClassDesc self, FnShape shape, org.ufunc4j.internal.lift.Ir.Function ir, boolean exact,
      ClassDesc fnDesc, DynamicConstantDesc<?> fnConst, DType[] loopTypes, DType[] opTypes, boolean[] nativeOps,
      int nin, boolean intLoop) implements Consumer<ClassBuilder> {
    @Override
    public void accept(ClassBuilder cb) {
      KernelClasses.emitDispatch(cb, self, nin, "contiguous", new LoopBody(this, LoopBody.CALL_STRIDED));
      for (int m = 0; m < 1 << nin; m++) {
        cb.withMethodBody("contiguous" + m, MTD_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, new LoopBody(this, m));
      }
      cb.withMethodBody("strided", MTD_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, new LoopBody(this, LoopBody.STRIDED));
    }
  }

  /** One method's code: variant {@code m} (>= 0), the strided loop, or the dispatch's call of it. */
  private record LoopBody(Members k, int variant) implements Consumer<CodeBuilder> {
    static final int STRIDED = -1;
    static final int CALL_STRIDED = -2;

    @Override
    public void accept(CodeBuilder c) {
      if (variant == CALL_STRIDED) {
        c.aload(0).aload(1).aload(2).aload(3).lload(4).invokevirtual(k.self(), "strided", MTD_RUN);
        return;
      }
      Gen g = new Gen(c, k.shape(), k.ir(), k.exact(), k.fnDesc(), k.fnConst(), k.loopTypes(), k.opTypes(), k.nativeOps(), k.nin());
      g.loadBases();
      if (variant == STRIDED) {
        g.stridedLoop(false, 0);
      } else if (k.intLoop()) {
        g.contiguousIntLoop(variant);
      } else {
        g.stridedLoop(true, variant);
      }
    }
  }

  /** With {@code -Dufunc.dumpClasses=DIR}, writes each generated class there (for javap). */
  public static void dump(ClassDesc cls, byte[] bytes) {
    String dir = System.getProperty("ufunc.dumpClasses");
    if (dir == null) {
      return;
    }
    try {
      java.nio.file.Path p = java.nio.file.Path.of(dir, cls.displayName() + ".class");
      java.nio.file.Files.createDirectories(p.getParent());
      java.nio.file.Files.write(p, bytes);
    } catch (java.io.IOException e) {
      System.getLogger("org.ufunc4j").log(System.Logger.Level.WARNING, "could not dump " + cls.displayName() + ": " + e);
    }
  }

  private static String sanitize(String s) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      sb.append(Character.isJavaIdentifierPart(ch) ? ch : '_');
    }
    return sb.length() > 40 ? sb.substring(0, 40) : sb.toString();
  }

  /** Emits the loops of one kernel. */
  private static final class Gen {
    final CodeBuilder c;
    final FnShape shape;
    final org.ufunc4j.internal.lift.Ir.Function ir;
    final boolean exact;
    final DType[] paramTypes; // what the computation takes: the lambda's parameters, or the IR type
    final DType resultType;
    final ClassDesc fnDesc;
    final DynamicConstantDesc<?> fnConst;
    final DType[] loopTypes;
    final DType[] opTypes;
    final boolean[] nativeOps;
    final int nin;
    final int nops;
    final int[] baseSlot;

    Gen(CodeBuilder c, FnShape shape, org.ufunc4j.internal.lift.Ir.Function ir, boolean exact, ClassDesc fnDesc, DynamicConstantDesc<?> fnConst,
        DType[] loopTypes, DType[] opTypes, boolean[] nativeOps, int nin) {
      this.c = c;
      this.shape = shape;
      this.ir = ir;
      this.exact = exact;
      if (ir != null) {
        DType t = Loop.dtypeOf(ir.kind());
        this.paramTypes = new DType[nin];
        java.util.Arrays.fill(paramTypes, t);
        this.resultType = ir.predicate() ? DType.BOOL : t;
      } else {
        this.paramTypes = shape.params();
        this.resultType = shape.result();
      }
      this.fnDesc = fnDesc;
      this.fnConst = fnConst;
      this.loopTypes = loopTypes;
      this.opTypes = opTypes;
      this.nativeOps = nativeOps;
      this.nin = nin;
      this.nops = opTypes.length;
      this.baseSlot = new int[nops];
    }

    void loadBases() {
      for (int k = 0; k < nops; k++) {
        baseSlot[k] = c.allocateLocal(TypeKind.REFERENCE);
        c.aload(1).loadConstant(k).aaload().checkcast(nativeOps[k] ? CD_SEGMENT : arrayDesc(opTypes[k])).astore(baseSlot[k]);
      }
    }

    /** All steps are 1 and all operands on the heap: {@code for (int i = 0; i < n; i++)}. */
    void contiguousIntLoop(int hoist) {
      int[] off = new int[nops];
      for (int k = 0; k < nops; k++) {
        off[k] = c.allocateLocal(TypeKind.INT);
        c.aload(2).loadConstant(k).laload().l2i().istore(off[k]);
      }
      intOffsets = off;
      int[] hoisted = hoistInputs(hoist);
      int len = c.allocateLocal(TypeKind.INT);
      c.lload(4).l2i().istore(len);
      int i = c.allocateLocal(TypeKind.INT);
      c.iconst_0().istore(i);
      Label top = c.newLabel();
      Label end = c.newLabel();
      c.labelBinding(top);
      c.iload(i).iload(len).if_icmpge(end);
      int out = nops - 1;
      c.aload(baseSlot[out]).iload(off[out]).iload(i).iadd();
      intIndex = i;
      callFn(hoisted);
      arrayStore(opTypes[out]);
      c.iinc(i, 1).goto_(top);
      c.labelBinding(end);
      c.return_();
    }

    /**
     * The general loop: per operand a long element index advanced by its step. With {@code
     * contiguous}, steps are known to be 1.
     */
    void stridedLoop(boolean contiguous, int hoist) {
      int[] idx = new int[nops];
      int[] step = new int[nops];
      for (int k = 0; k < nops; k++) {
        idx[k] = c.allocateLocal(TypeKind.LONG);
        c.aload(2).loadConstant(k).laload().lstore(idx[k]);
        step[k] = c.allocateLocal(TypeKind.LONG);
        c.aload(3).loadConstant(k).laload().lstore(step[k]);
      }
      longIndices = idx;
      int[] hoisted = hoistInputs(hoist);
      int i = c.allocateLocal(TypeKind.LONG);
      c.lconst_0().lstore(i);
      Label top = c.newLabel();
      Label end = c.newLabel();
      c.labelBinding(top);
      c.lload(i).lload(4).lcmp().ifge(end);
      int out = nops - 1;
      if (nativeOps[out]) {
        c.aload(baseSlot[out]);
        c.getstatic(CD_VALUE_LAYOUT, layoutField(opTypes[out]), layoutDesc(opTypes[out]));
        c.lload(idx[out]).loadConstant(shift(opTypes[out])).lshl();
      } else {
        c.aload(baseSlot[out]).lload(idx[out]).l2i();
      }
      callFn(hoisted);
      if (nativeOps[out]) {
        segmentStore(opTypes[out]);
      } else {
        arrayStore(opTypes[out]);
      }
      for (int k = 0; k < nops; k++) {
        if (hoisted[k] >= 0) {
          continue;
        }
        c.lload(idx[k]);
        if (contiguous) {
          c.lconst_1();
        } else {
          c.lload(step[k]);
        }
        c.ladd().lstore(idx[k]);
      }
      c.lload(i).lconst_1().ladd().lstore(i);
      c.goto_(top);
      c.labelBinding(end);
      c.return_();
    }

    // Where loadElement finds input k's current element: in the int loop at base[offset + index]
    // (at base[offset] before the loop, while hoisting), in the strided loop at its long index.
    private int[] intOffsets;
    private int intIndex = -1;
    private int[] longIndices;

    /** Pushes input k's current element, in its stored type. */
    private void loadElement(int k) {
      if (longIndices != null) {
        load(k, longIndices[k]);
        return;
      }
      c.aload(baseSlot[k]).iload(intOffsets[k]);
      if (intIndex >= 0) {
        c.iload(intIndex).iadd();
      }
      arrayLoad(opTypes[k]);
    }

    private void load(int k, int idxSlot) {
      if (nativeOps[k]) {
        c.aload(baseSlot[k]);
        c.getstatic(CD_VALUE_LAYOUT, layoutField(opTypes[k]), layoutDesc(opTypes[k]));
        c.lload(idxSlot).loadConstant(shift(opTypes[k])).lshl();
        c.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(segmentValue(opTypes[k]), layoutDesc(opTypes[k]), CD_long));
        if (opTypes[k] == DType.BOOL) {
          c.invokestatic(CD_CASTS, "boolOf", MethodTypeDesc.of(CD_int, CD_int));
        }
      } else {
        c.aload(baseSlot[k]).lload(idxSlot).l2i();
        arrayLoad(opTypes[k]);
      }
    }

    /**
     * Loads each input whose bit is set in {@code hoist} once, converted to the lambda's parameter
     * type, into a local; returns the local slot per operand (-1 when not hoisted).
     */
    private int[] hoistInputs(int hoist) {
      int[] slots = new int[nops];
      java.util.Arrays.fill(slots, -1);
      hoistedLongs = new int[nops];
      java.util.Arrays.fill(hoistedLongs, -1);
      for (int k = 0; k < nin; k++) {
        if ((hoist & (1 << k)) != 0) {
          loadElement(k);
          emitCast(c, opTypes[k], loopTypes[k]);
          emitCast(c, loopTypes[k], paramTypes[k]);
          TypeKind kind = stackKind(paramTypes[k]);
          slots[k] = c.allocateLocal(kind);
          c.storeLocal(kind, slots[k]);
          if (usesLongValue(k)) {
            hoistedLongs[k] = loadLongValue(k);
          }
        }
      }
      return slots;
    }

    /** The long-lane slots of the inputs {@link #hoistInputs} hoisted (-1 for the others). */
    private int[] hoistedLongs;

    /** True when the lifted function reads input k's value as a long (its long lanes, {@code Ir.LongParam}). */
    private boolean usesLongValue(int k) {
      return ir != null && org.ufunc4j.internal.lift.Ir.usesLongParam(ir.result(), k);
    }

    /** Loads input k's current element as the loop's integer type, widened to long, into a new local. */
    private int loadLongValue(int k) {
      loadElement(k);
      emitCast(c, opTypes[k], loopTypes[k]);
      emitCast(c, loopTypes[k], DType.INT64);
      int slot = c.allocateLocal(TypeKind.LONG);
      c.lstore(slot);
      return slot;
    }

    /** Pushes the function, the converted inputs (current elements or hoisted locals), calls, converts the result. */
    private void callFn(int[] hoisted) {
      if (ir != null) {
        // inputs into locals of the IR type, then the IR inline
        int[] slots = new int[nin];
        int[] longSlots = org.ufunc4j.internal.lift.Ir.usesIntegerLanes(ir.result()) ? new int[nin] : null;
        for (int k = 0; k < nin; k++) {
          if (longSlots != null && usesLongValue(k)) {
            longSlots[k] = hoisted[k] >= 0 ? hoistedLongs[k] : loadLongValue(k);
          }
          if (hoisted[k] >= 0) {
            slots[k] = hoisted[k];
            continue;
          }
          loadElement(k);
          emitCast(c, opTypes[k], loopTypes[k]);
          emitCast(c, loopTypes[k], paramTypes[k]);
          TypeKind kind = stackKind(paramTypes[k]);
          slots[k] = c.allocateLocal(kind);
          c.storeLocal(kind, slots[k]);
        }
        org.ufunc4j.internal.simd.ScalarIr.emit(c, ir, slots, longSlots, exact);
      } else {
        c.ldc(fnConst);
        for (int k = 0; k < nin; k++) {
          if (hoisted[k] >= 0) {
            c.loadLocal(stackKind(paramTypes[k]), hoisted[k]);
            continue;
          }
          loadElement(k);
          emitCast(c, opTypes[k], loopTypes[k]);
          emitCast(c, loopTypes[k], paramTypes[k]);
        }
        c.invokeinterface(fnDesc, shape.method(), shape.descriptor());
      }
      emitCast(c, resultType, loopTypes[nin]);
      emitCast(c, loopTypes[nin], opTypes[nin]);
    }

    private void arrayLoad(DType t) {
      switch (t) {
        case FLOAT64 -> c.daload();
        case FLOAT32 -> c.faload();
        case INT64 -> c.laload();
        case INT32 -> c.iaload();
        case INT16 -> c.saload();
        case INT8, BOOL -> c.baload();
      }
    }

    private void arrayStore(DType t) {
      switch (t) {
        case FLOAT64 -> c.dastore();
        case FLOAT32 -> c.fastore();
        case INT64 -> c.lastore();
        case INT32 -> c.iastore();
        case INT16 -> c.sastore();
        case INT8, BOOL -> c.bastore();
      }
    }

    private void segmentStore(DType t) {
      ClassDesc v = segmentValue(t);
      if (t == DType.INT8 || t == DType.BOOL) {
        c.i2b();
      } else if (t == DType.INT16) {
        c.i2s();
      }
      c.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, layoutDesc(t), CD_long, v));
    }
  }

  static ClassDesc arrayDesc(DType t) {
    return switch (t) {
      case FLOAT64 -> CD_double.arrayType();
      case FLOAT32 -> CD_float.arrayType();
      case INT64 -> CD_long.arrayType();
      case INT32 -> CD_int.arrayType();
      case INT16 -> ConstantDescs.CD_short.arrayType();
      case INT8 -> ConstantDescs.CD_byte.arrayType();
      case BOOL -> ConstantDescs.CD_boolean.arrayType();
    };
  }

  static String layoutField(DType t) {
    return switch (t) {
      case FLOAT64 -> "JAVA_DOUBLE_UNALIGNED";
      case FLOAT32 -> "JAVA_FLOAT_UNALIGNED";
      case INT64 -> "JAVA_LONG_UNALIGNED";
      case INT32 -> "JAVA_INT_UNALIGNED";
      case INT16 -> "JAVA_SHORT_UNALIGNED";
      case INT8, BOOL -> "JAVA_BYTE";
    };
  }

  static ClassDesc layoutDesc(DType t) {
    String n =
        switch (t) {
          case FLOAT64 -> "OfDouble";
          case FLOAT32 -> "OfFloat";
          case INT64 -> "OfLong";
          case INT32 -> "OfInt";
          case INT16 -> "OfShort";
          case INT8, BOOL -> "OfByte";
        };
    return CD_VALUE_LAYOUT.nested(n);
  }

  static ClassDesc segmentValue(DType t) {
    return switch (t) {
      case FLOAT64 -> CD_double;
      case FLOAT32 -> CD_float;
      case INT64 -> CD_long;
      case INT32 -> CD_int;
      case INT16 -> ConstantDescs.CD_short;
      case INT8, BOOL -> ConstantDescs.CD_byte;
    };
  }

  static int shift(DType t) {
    return Integer.numberOfTrailingZeros(t.itemSize());
  }

  /**
   * Converts the value on the stack from {@code from} to {@code to} with NumPy's semantics: to
   * bool is "non-zero"; float to integer truncates, NaN and out-of-range give the minimum (x86);
   * integer narrowing wraps; to float rounds to nearest.
   */
  static void emitCast(CodeBuilder c, DType from, DType to) {
    if (from == to) {
      return;
    }
    TypeKind fk = stackKind(from);
    if (to == DType.BOOL) {
      c.invokestatic(CD_CASTS, "boolOf", MethodTypeDesc.of(CD_int, primitiveOf(fk)));
      return;
    }
    if (to.isFloating()) {
      boolean d = to == DType.FLOAT64;
      switch (fk) {
        case INT -> {
          if (d) c.i2d(); else c.i2f();
        }
        case LONG -> {
          if (d) c.l2d(); else c.l2f();
        }
        case FLOAT -> {
          if (d) c.f2d();
        }
        case DOUBLE -> {
          if (!d) c.d2f();
        }
        default -> throw new AssertionError(fk);
      }
      return;
    }
    // to an integer type
    if (fk == TypeKind.FLOAT || fk == TypeKind.DOUBLE) {
      if (fk == TypeKind.FLOAT) {
        c.f2d();
      }
      if (to == DType.INT64) {
        c.invokestatic(CD_STORAGE, "floatToInt64", MethodTypeDesc.of(CD_long, CD_double));
        return;
      }
      c.invokestatic(CD_STORAGE, "floatToInt32", MethodTypeDesc.of(CD_int, CD_double));
    } else if (fk == TypeKind.LONG) {
      if (to == DType.INT64) {
        return;
      }
      c.l2i();
    } else if (to == DType.INT64) {
      c.i2l();
      return;
    }
    if (to == DType.INT8 && from != DType.BOOL) {
      c.i2b();
    } else if (to == DType.INT16 && from != DType.BOOL && from != DType.INT8) {
      c.i2s();
    }
  }

  static TypeKind stackKind(DType t) {
    return switch (t) {
      case FLOAT64 -> TypeKind.DOUBLE;
      case FLOAT32 -> TypeKind.FLOAT;
      case INT64 -> TypeKind.LONG;
      default -> TypeKind.INT;
    };
  }

  private static ClassDesc primitiveOf(TypeKind k) {
    return switch (k) {
      case INT -> CD_int;
      case LONG -> CD_long;
      case FLOAT -> CD_float;
      case DOUBLE -> CD_double;
      default -> throw new AssertionError(k);
    };
  }
}
