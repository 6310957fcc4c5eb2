package org.ufunc4j.internal.simd;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ufunc4j.internal.exec.LoopKernel;
import org.ufunc4j.internal.kernel.KernelClasses;
import org.ufunc4j.internal.lift.Ir;

/**
 * Tier B: generates a hidden class whose loop computes a lifted function with the Vector API on
 * heap arrays of the IR's type. One method per pattern of broadcast inputs (a stride-0 input is
 * broadcast once before the loop, constants too); a {@code loopBound} main loop over the preferred
 * species, whose {@code SPECIES_PREFERRED}, operators and methods are constants in the code; the
 * scalar tail, and any call with strided operands, go to the scalar kernel of the same IR (class
 * data), so tails compute with the same float32/float64 semantics.
 */
public final class VectorCompiler {
  private static final ClassDesc CD_LOOP_KERNEL = KernelClasses.CD_LOOP_KERNEL;
  private static final MethodTypeDesc MTD_RUN = KernelClasses.MTD_RUN;
  private static final AtomicLong COUNTER = new AtomicLong();

  private VectorCompiler() {}

  /**
   * @param ir the lifted function; its inputs and output are heap arrays of the IR's type
   * @param nin number of inputs
   * @param scalar the scalar kernel of the same IR and operands (tails, strided calls)
   */
  public static LoopKernel compile(Ir.Function ir, int nin, LoopKernel scalar, String name) {
    return compile(ir, nin, scalar, name, false, null);
  }

  /**
   * As above; with {@code nativeOps} every operand is a native segment (a separate class, P4).
   * {@code opTypes} (null: all of the IR's type, a bool output for predicates) are the operands'
   * stored dtypes: an input of another type is loaded with the species of its type that has the
   * IR species' lane count and converted (int64 to float64 with L2D, int32 with I2D, ...), which
   * is the loop's cast; {@link #canLoad} says which pairs are supported.
   */
  public static LoopKernel compile(Ir.Function ir, int nin, LoopKernel scalar, String name, boolean nativeOps, org.ufunc4j.DType[] opTypes) {
    return compile(ir, nin, scalar, name, nativeOps, opTypes, false);
  }

  /**
   * As above; with {@code exact}, transcendentals are computed lane by lane with {@code Math}
   * (the {@code exact} option: bit-identical with the lambda, SIMD for everything else).
   */
  public static LoopKernel compile(
      Ir.Function ir, int nin, LoopKernel scalar, String name, boolean nativeOps, org.ufunc4j.DType[] opTypes, boolean exact) {
    if (opTypes == null) {
      opTypes = new org.ufunc4j.DType[nin + 1];
      java.util.Arrays.fill(opTypes, dtype(ir.kind()));
      if (ir.predicate()) {
        opTypes[nin] = org.ufunc4j.DType.BOOL;
      }
    }
    final org.ufunc4j.DType[] ops = opTypes.clone();
    // float64 IR of a float lambda ends in round_float, and its float32 store's d2f rounds to
    // the same float (d2f(f2d(d2f(x))) is d2f(x)): the store alone is enough
    final Ir.Function body = ir.kind() == Ir.Kind.F64 && !ir.predicate() && ops[nin] == org.ufunc4j.DType.FLOAT32
        && ir.result() instanceof Ir.Apply a && a.op() == Ir.Op.ROUND_FLOAT ? new Ir.Function(a.args().get(0), ir.params(), ir.kind()) : ir;
    if (!SimdSupport.isEnabled()) {
      throw new IllegalStateException("SIMD is off: " + SimdSupport.disabledReason());
    }
    ClassDesc self = ClassDesc.of(VectorCompiler.class.getPackageName() + ".TierB_" + name.replaceAll("[^A-Za-z0-9_]", "_") + "_" + COUNTER.incrementAndGet());
    DynamicConstantDesc<?> fallback = DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA, ConstantDescs.DEFAULT_NAME, CD_LOOP_KERNEL);
    int variants = 1 << nin;
    byte[] bytes = KernelClasses.build(self, cb -> {
      KernelClasses.emitDispatch(cb, self, nin, "vector",
          c -> c.ldc(fallback).aload(1).aload(2).aload(3).lload(4).invokeinterface(CD_LOOP_KERNEL, "run", MTD_RUN));
      for (int m = 0; m < variants; m++) {
        int hoist = m;
        cb.withMethodBody("vector" + m, MTD_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
            c -> vectorLoop(c, body, nin, hoist, fallback, nativeOps, ops, exact));
      }
    });
    KernelClasses.requireCompilable(bytes); // vector kernels are the large ones, and mostly built on the compiler thread
    LoopKernel vector = KernelClasses.define(MethodHandles.lookup(), bytes, scalar, name);
    return new TieringKernel(new PackingKernel(vector, scalar, ops, nativeOps), scalar);
  }

  /**
   * The operations of {@code ir} that ufunc4j's own polynomials compute (VectorMath and its
   * scalar twins) instead of SVML, for explain(): float32 sin, cos and exp; float64 sin and cos
   * when {@code ir} calls no other transcendental; float32 and float64 pow and float64 tanh below 512 bits.
   */
  public static List<Ir.Op> ownPolynomialOps(Ir.Function ir) {
    return IrEmitter.inspector(ir, false).ownPolynomialOps();
  }

  /**
   * How many SVML calls per element the vector loop of {@code ir} groups ({@link #GROUP} vectors
   * per iteration, each call for all of them before the next), or 0 when it does not group; for
   * explain().
   */
  public static int groupedSvmlCalls(Ir.Function ir, boolean exact) {
    int n = IrEmitter.inspector(ir, exact).svmlCalls(ir.result()).size();
    return n > 1 ? n : 0;
  }

  static org.ufunc4j.DType dtype(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> org.ufunc4j.DType.FLOAT64;
      case F32 -> org.ufunc4j.DType.FLOAT32;
      case I64 -> org.ufunc4j.DType.INT64;
      case I32 -> org.ufunc4j.DType.INT32;
      case BOOL -> org.ufunc4j.DType.BOOL;
    };
  }

  /**
   * True when an input stored as {@code from} can feed SIMD code computing in {@code kind}: the
   * same type, or a widening conversion whose source species has the same lane count as the
   * IR's preferred species (int64, int32 and float32 to float64, int32 to float32; the source
   * shape must exist, i.e. be at least 64 bits).
   */
  public static boolean canLoad(org.ufunc4j.DType from, Ir.Kind kind) {
    return from == dtype(kind) || widens(from, kind) && !tooNarrowToWiden(from, kind);
  }

  /**
   * {@code from} is a type SIMD code widens into {@code kind}'s lanes at load, but not at this
   * machine's vector width: the loaded vector would be shorter than 64 bits, the Vector API's
   * smallest (int8 into 256-bit long lanes would need a 32-bit byte vector).
   */
  public static boolean tooNarrowToWiden(org.ufunc4j.DType from, Ir.Kind kind) {
    int lanes = SimdSupport.vectorBits() / (kind.bytes() * 8);
    return widens(from, kind) && lanes * from.itemSize() * 8 < 64;
  }

  private static boolean widens(org.ufunc4j.DType from, Ir.Kind kind) {
    return switch (kind) {
      case F64 -> from == org.ufunc4j.DType.INT64 || from == org.ufunc4j.DType.INT32 || from == org.ufunc4j.DType.FLOAT32;
      case F32 -> from == org.ufunc4j.DType.INT32;
      case I64 -> from == org.ufunc4j.DType.INT32 || from == org.ufunc4j.DType.INT16 || from == org.ufunc4j.DType.INT8;
      default -> false;
    };
  }

  /**
   * True when SIMD code computing in {@code kind} can store its result into an output of type
   * {@code to}: the same type, int64 IR narrowed to int32/int16/int8 (Java's wrapping casts,
   * which are NumPy's), with the same lane-count rule as {@link #canLoad}, or float64 IR into
   * float32 (d2f).
   */
  public static boolean canStore(org.ufunc4j.DType to, Ir.Kind kind) {
    // float64 IR of a float lambda (its results are float values, so d2f is exact) into float32
    return to == dtype(kind) || kind == Ir.Kind.I64 && canLoad(to, kind) || kind == Ir.Kind.F64 && to == org.ufunc4j.DType.FLOAT32;
  }

  private static String elementVector(org.ufunc4j.DType t) {
    return switch (t) {
      case INT16 -> "jdk.incubator.vector.ShortVector";
      case INT8 -> "jdk.incubator.vector.ByteVector";
      case FLOAT64 -> "jdk.incubator.vector.DoubleVector";
      case FLOAT32 -> "jdk.incubator.vector.FloatVector";
      case INT64 -> "jdk.incubator.vector.LongVector";
      case INT32 -> "jdk.incubator.vector.IntVector";
      default -> throw new IllegalArgumentException("no vector type for " + t);
    };
  }

  private static ClassDesc elementType(org.ufunc4j.DType t) {
    return switch (t) {
      case FLOAT64 -> ConstantDescs.CD_double;
      case FLOAT32 -> ConstantDescs.CD_float;
      case INT64 -> CD_long;
      case INT32 -> CD_int;
      case INT16 -> ConstantDescs.CD_short;
      case INT8 -> ConstantDescs.CD_byte;
      case BOOL -> ConstantDescs.CD_boolean;
      default -> throw new IllegalArgumentException("no SIMD element type for " + t);
    };
  }

  private static String conversion(org.ufunc4j.DType from, org.ufunc4j.DType to) {
    return letter(from) + "2" + letter(to);
  }

  /** The Vector API's name of the conversion from {@code from} to the type {@code to} computes in (L2D, F2I, ...). */
  static String conversion(org.ufunc4j.DType from, Ir.Kind to) {
    return letter(from) + "2" + letter(dtype(to));
  }

  private static String letter(org.ufunc4j.DType t) {
    return switch (t) {
      case FLOAT64 -> "D";
      case FLOAT32 -> "F";
      case INT64 -> "L";
      case INT32 -> "I";
      case INT16 -> "S";
      case INT8 -> "B";
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  private static final ClassDesc CD_SEGMENT = ClassDesc.of("java.lang.foreign.MemorySegment");
  private static final ClassDesc CD_BYTE_ORDER = ClassDesc.of("java.nio.ByteOrder");
  private static final ClassDesc CD_VALUE_LAYOUT = ClassDesc.of("java.lang.foreign.ValueLayout");

  /** Vectors per iteration of the grouped loop (see vectorLoop). */
  public static final int GROUP = 4;

  /** Emits the loads of the inputs and the store of the result at {@code i} plus a constant. */
  private record Body(
      CodeBuilder c, Ir.Function ir, int nin, int hoist, boolean nat, org.ufunc4j.DType[] ops, int[] base, int[] off,
      int order, int i, int lanes, ClassDesc v, int shift) {

    /**
     * Loads each input that is not broadcast, at element i + delta, into its slot (new locals),
     * and, where the function reads it as a long ({@link Ir.LongParam}), its long value into
     * {@code longSlots} (null: none).
     */
    void loadInputs(int[] slots, int[] longSlots, int delta) {
      for (int k = 0; k < nin; k++) {
        if ((hoist & (1 << k)) != 0) {
          continue;
        }
        if (ir.kind() == Ir.Kind.BOOL) {
          // a bool input is a mask: VectorMask.fromArray(species, boolean[], i)
          slots[k] = c.allocateLocal(TypeKind.REFERENCE);
          c.getstatic(v, "SPECIES_PREFERRED", IrEmitter.CD_SPECIES);
          index(k, delta);
          c.invokestatic(IrEmitter.CD_MASK, "fromArray",
              MethodTypeDesc.of(IrEmitter.CD_MASK, IrEmitter.CD_SPECIES, ConstantDescs.CD_boolean.arrayType(), CD_int));
          c.astore(slots[k]);
          continue;
        }
        slots[k] = c.allocateLocal(TypeKind.REFERENCE);
        load(k, delta, dtype(ir.kind()));
        c.astore(slots[k]);
        if (longSlots != null && Ir.usesLongParam(ir.result(), k)) {
          if (!canLoad(ops[k], Ir.Kind.I64)) {
            throw new IllegalStateException("input " + k + " is stored as " + ops[k] + ", which long lanes do not load");
          }
          longSlots[k] = c.allocateLocal(TypeKind.REFERENCE);
          load(k, delta, org.ufunc4j.DType.INT64);
          c.astore(longSlots[k]);
        }
      }
    }

    /**
     * Pushes input k's vector at element i + delta as a vector of {@code to} with the IR
     * species' lane count: loaded with its own type's species of that lane count and converted
     * (convertShape, Java's widening conversions) when it is stored in another type.
     */
    private void load(int k, int delta, org.ufunc4j.DType to) {
      org.ufunc4j.DType t = ops[k];
      boolean converted = t != to;
      ClassDesc target = ClassDesc.of(elementVector(to));
      // the input's own vector class, with the IR species' lane count
      ClassDesc ov = converted ? ClassDesc.of(elementVector(t)) : target;
      if (converted) {
        c.getstatic(ov, "SPECIES_" + lanes * t.itemSize() * 8, IrEmitter.CD_SPECIES);
      } else {
        c.getstatic(target, "SPECIES_PREFERRED", IrEmitter.CD_SPECIES);
      }
      int tshift = Integer.numberOfTrailingZeros(t.itemSize());
      index(k, delta);
      if (nat) {
        c.i2l().loadConstant(tshift).lshl().aload(order)
            .invokestatic(ov, "fromMemorySegment", MethodTypeDesc.of(ov, IrEmitter.CD_SPECIES, CD_SEGMENT, CD_long, CD_BYTE_ORDER));
      } else {
        c.invokestatic(ov, "fromArray", MethodTypeDesc.of(ov, IrEmitter.CD_SPECIES, elementType(t).arrayType(), CD_int));
      }
      if (converted && t == org.ufunc4j.DType.INT64 && to == org.ufunc4j.DType.FLOAT64 && SimdSupport.vectorBits() < 512) {
        // no vector long-to-double conversion without AVX-512DQ (its fallback was 8x slower than a plain loop)
        BytecodeInliner.inline(c, "longsToDoubles", MethodTypeDesc.of(target, ov));
      } else if (converted) {
        // convertShape(X2Y, SPECIES_PREFERRED, 0): same lane count, wider lanes
        ClassDesc conv = IrEmitter.CD_OPS.nested("Conversion");
        c.getstatic(IrEmitter.CD_OPS, conversion(t, to), conv);
        c.getstatic(target, "SPECIES_PREFERRED", IrEmitter.CD_SPECIES);
        c.iconst_0();
        c.invokevirtual(ov, "convertShape", MethodTypeDesc.of(IrEmitter.CD_VECTOR, conv, IrEmitter.CD_SPECIES, CD_int));
        c.checkcast(target);
      }
    }

    /** Stack: base[k], off[k] + i + delta. */
    private void index(int k, int delta) {
      c.aload(base[k]).iload(off[k]).iload(i).iadd();
      if (delta != 0) {
        c.loadConstant(delta).iadd();
      }
    }

    /** Stores the result on the stack (a vector of the IR's type) at element i + delta of the output. */
    void storeResult(int delta) {
      Ir.Kind kind = ir.kind();
      ClassDesc vt = v;
      ClassDesc arr = IrEmitter.scalarType(kind).arrayType();
      int sh = shift;
      org.ufunc4j.DType outType = ops[nin];
      if (!ir.predicate() && outType != dtype(kind)) {
        // narrow to the output's type (int64 IR into int32/int16/int8: Java's wrapping casts)
        ClassDesc conv = IrEmitter.CD_OPS.nested("Conversion");
        ClassDesc nv = ClassDesc.of(elementVector(outType));
        c.getstatic(IrEmitter.CD_OPS, conversion(dtype(kind), outType), conv);
        c.getstatic(nv, "SPECIES_" + lanes * outType.itemSize() * 8, IrEmitter.CD_SPECIES);
        c.iconst_0();
        c.invokevirtual(vt, "convertShape", MethodTypeDesc.of(IrEmitter.CD_VECTOR, conv, IrEmitter.CD_SPECIES, CD_int));
        c.checkcast(nv);
        vt = nv;
        arr = elementType(outType).arrayType();
        sh = Integer.numberOfTrailingZeros(outType.itemSize());
      }
      index(nin, delta);
      if (nat) {
        c.i2l().loadConstant(sh).lshl().aload(order)
            .invokevirtual(vt, "intoMemorySegment", MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_long, CD_BYTE_ORDER));
      } else if (ir.predicate()) {
        // the result is a VectorMask: its lanes go to the boolean[] output
        c.invokevirtual(IrEmitter.CD_MASK, "intoArray", MethodTypeDesc.of(CD_void, ConstantDescs.CD_boolean.arrayType(), CD_int));
      } else {
        c.invokevirtual(vt, "intoArray", MethodTypeDesc.of(CD_void, arr, CD_int));
      }
    }
  }

  /**
   * Pushes the first element of a broadcast (stride-0) operand stored as {@code t}, converted to
   * {@code to} as the loop casts it (Java's widening conversions).
   */
  private static void loadScalar(CodeBuilder c, int base, int off, org.ufunc4j.DType t, boolean nat, TypeKind to) {
    if (nat) {
      String[] names = switch (t) {
        case FLOAT64 -> new String[] {"OfDouble", "JAVA_DOUBLE_UNALIGNED"};
        case FLOAT32 -> new String[] {"OfFloat", "JAVA_FLOAT_UNALIGNED"};
        case INT64 -> new String[] {"OfLong", "JAVA_LONG_UNALIGNED"};
        case INT16 -> new String[] {"OfShort", "JAVA_SHORT_UNALIGNED"};
        case INT8 -> new String[] {"OfByte", "JAVA_BYTE"};
        default -> new String[] {"OfInt", "JAVA_INT_UNALIGNED"};
      };
      ClassDesc layout = CD_VALUE_LAYOUT.nested(names[0]);
      c.aload(base).getstatic(CD_VALUE_LAYOUT, names[1], layout);
      c.iload(off).i2l().loadConstant(Integer.numberOfTrailingZeros(t.itemSize())).lshl();
      c.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(elementType(t), layout, CD_long));
    } else {
      c.aload(base).iload(off).arrayLoad(TypeKind.from(elementType(t)));
    }
    TypeKind from = TypeKind.from(elementType(t));
    if (from == TypeKind.BYTE || from == TypeKind.SHORT || from == TypeKind.BOOLEAN) {
      from = TypeKind.INT; // baload/saload leave an int
    }
    if (from != to) {
      c.conversion(from, to);
    }
  }

  private static void vectorLoop(
      CodeBuilder c, Ir.Function ir, int nin, int hoist, DynamicConstantDesc<?> fallback, boolean nat, org.ufunc4j.DType[] ops,
      boolean exact) {
    Ir.Kind kind = ir.kind();
    int shift = kind.bytes() == 4 ? 2 : 3;
    int lanes = SimdSupport.vectorBits() / (kind.bytes() * 8);
    int nops = nin + 1;
    int[] base = new int[nops];
    int[] off = new int[nops];
    for (int k = 0; k < nops; k++) {
      base[k] = c.allocateLocal(TypeKind.REFERENCE);
      ClassDesc baseType = nat ? CD_SEGMENT : elementType(ops[k]).arrayType();
      c.aload(1).loadConstant(k).aaload().checkcast(baseType).astore(base[k]);
      off[k] = c.allocateLocal(TypeKind.INT);
      c.aload(2).loadConstant(k).laload().l2i().istore(off[k]);
    }
    int order = c.allocateLocal(TypeKind.REFERENCE);
    if (nat) {
      c.invokestatic(CD_BYTE_ORDER, "nativeOrder", MethodTypeDesc.of(CD_BYTE_ORDER)).astore(order);
    }
    int len = c.allocateLocal(TypeKind.INT);
    c.lload(4).l2i().istore(len);
    Map<Ir.Node, Integer> uses = IrEmitter.countUses(ir.result());
    int[] paramSlots = new int[nin];
    IrEmitter e = new IrEmitter(c, kind, true, exact, paramSlots, uses);
    // long lanes (Ir.LongParam): integer inputs read as longs, besides their double values
    boolean longLanes = Ir.usesIntegerLanes(ir.result());
    int[] longSlots = longLanes ? new int[nin] : null;
    Map<Ir.Node, Integer> longUses = longLanes ? IrEmitter.countUses(ir.result(), true) : null;
    if (longLanes) {
      e.withIntegerLanes(longSlots, longUses);
    }
    // broadcast inputs and constants, once
    for (int k = 0; k < nin; k++) {
      paramSlots[k] = c.allocateLocal(TypeKind.REFERENCE);
      if ((hoist & (1 << k)) != 0) {
        loadScalar(c, base[k], off[k], ops[k], nat, IrEmitter.scalarKind(kind));
        e.broadcastTop();
        c.astore(paramSlots[k]);
        if (longLanes && Ir.usesLongParam(ir.result(), k)) {
          if (!canLoad(ops[k], Ir.Kind.I64)) {
            throw new IllegalStateException("input " + k + " is stored as " + ops[k] + ", which long lanes do not load");
          }
          loadScalar(c, base[k], off[k], ops[k], nat, TypeKind.LONG);
          int value = c.allocateLocal(TypeKind.LONG);
          c.lstore(value);
          c.getstatic(IrEmitter.CD_LV, "SPECIES_PREFERRED", IrEmitter.CD_SPECIES).lload(value);
          c.invokestatic(IrEmitter.CD_LV, "broadcast", MethodTypeDesc.of(IrEmitter.CD_LV, IrEmitter.CD_SPECIES, CD_long));
          longSlots[k] = c.allocateLocal(TypeKind.REFERENCE);
          c.astore(longSlots[k]);
        }
      }
    }
    e.hoistConstants(ir.result());
    ClassDesc v = e.vectorType();
    int bound = c.allocateLocal(TypeKind.INT);
    e.species();
    c.iload(len).invokeinterface(IrEmitter.CD_SPECIES, "loopBound", MethodTypeDesc.of(CD_int, CD_int)).istore(bound);
    int step = c.allocateLocal(TypeKind.INT);
    e.species();
    c.invokeinterface(IrEmitter.CD_SPECIES, "length", MethodTypeDesc.of(CD_int)).istore(step);
    int i = c.allocateLocal(TypeKind.INT);
    c.iconst_0().istore(i);
    Body body = new Body(c, ir, nin, hoist, nat, ops, base, off, order, i, lanes, v, shift);
    List<Ir.Node> calls = e.svmlCalls(ir.result());
    if (calls.size() > 1) {
      // Several SVML calls per element: the loop computes GROUP vectors per iteration, each
      // call for all of them before the next call (pow, pow, pow, pow, then sin x4). Measured
      // for sin(pow(a, b))^2: 2.1 instead of 2.7 ns per element (one call after the other
      // thrashes the stubs' tables and constants; two at a time gave 2.65).
      int groupBound = c.allocateLocal(TypeKind.INT);
      c.iload(len).loadConstant(-GROUP * lanes).iand().istore(groupBound);
      Label groupTop = c.newLabel();
      Label groupEnd = c.newLabel();
      c.labelBinding(groupTop);
      c.iload(i).iload(groupBound).if_icmpge(groupEnd);
      IrEmitter[] group = new IrEmitter[GROUP];
      for (int u = 0; u < GROUP; u++) {
        int[] slots = paramSlots.clone();
        int[] longs = longLanes ? longSlots.clone() : null;
        body.loadInputs(slots, longs, u * lanes);
        group[u] = new IrEmitter(c, kind, true, exact, slots, uses);
        if (longLanes) {
          group[u].withIntegerLanes(longs, longUses);
        }
        group[u].useHoistedConstants(e);
      }
      for (Ir.Node call : calls) {
        if (call instanceof Ir.Apply a && a.op() == Ir.Op.POW) {
          IrEmitter.precomputePowGroup(group, a);
          continue;
        }
        for (IrEmitter g : group) {
          g.precompute(call);
        }
      }
      for (int u = 0; u < GROUP; u++) {
        group[u].emit(ir.result());
        body.storeResult(u * lanes);
      }
      c.iload(i).loadConstant(GROUP * lanes).iadd().istore(i);
      c.goto_(groupTop);
      c.labelBinding(groupEnd);
    }
    Label top = c.newLabel();
    Label end = c.newLabel();
    c.labelBinding(top);
    c.iload(i).iload(bound).if_icmpge(end);
    body.loadInputs(paramSlots, longSlots, 0);
    // a fresh emitter per iteration body would re-emit; one emission is the body
    IrEmitter iteration = new IrEmitter(c, kind, true, exact, paramSlots, uses);
    if (longLanes) {
      iteration.withIntegerLanes(longSlots, longUses);
    }
    iteration.emitBodyWithHoisted(ir.result(), e);
    body.storeResult(0);
    c.iload(i).iload(step).iadd().istore(i);
    c.goto_(top);
    c.labelBinding(end);
    // scalar tail with the same semantics: the scalar kernel on the remaining elements
    Label done = c.newLabel();
    c.iload(bound).iload(len).if_icmpge(done);
    // the offsets move to the tail in place and back after it: the caller's array is its own
    // (per call or per thread), and a copy would be an allocation on every call with a tail
    for (int sign = 1; sign >= -1; sign -= 2) {
      if (sign < 0) {
        c.ldc(fallback).aload(1).aload(2).aload(3).iload(len).iload(bound).isub().i2l()
            .invokeinterface(CD_LOOP_KERNEL, "run", MTD_RUN);
      }
      for (int k = 0; k < nops; k++) {
        c.aload(2).loadConstant(k);
        c.aload(2).loadConstant(k).laload();
        c.iload(bound).i2l();
        c.aload(3).loadConstant(k).laload().lmul();
        if (sign > 0) {
          c.ladd();
        } else {
          c.lsub();
        }
        c.lastore();
      }
    }
    c.labelBinding(done);
    c.return_();
  }
}
