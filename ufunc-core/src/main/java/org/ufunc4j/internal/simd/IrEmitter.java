package org.ufunc4j.internal.simd;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ufunc4j.internal.lift.Ir;
import org.ufunc4j.internal.math.DoubleTranscendentals;
import org.ufunc4j.internal.math.FloatTranscendentals;

/**
 * Emits the code of an {@link Ir.Function} into a method: as scalar {@code double}/{@code float}
 * arithmetic and {@code Math} calls, or as Vector API operations on {@code DoubleVector} /
 * {@code FloatVector} with species and operators as constants ({@code getstatic}), never as
 * parameters (pitfall P1). Each shared node is computed once into a local.
 *
 * <p>Float IR rounds after every operation: scalar transcendentals compute {@code (float)
 * Math.f((double) x)}, vector ones use the float SVML entry, except {@code sin}, {@code cos} and
 * {@code exp}: ufunc4j's own polynomials, copied into the kernel ({@link BytecodeInliner}) in
 * vector code and called as their bit-identical scalar twins in scalar code (unless {@code exact}).
 * float64 {@code sin} and {@code cos} are ufunc4j's own polynomials in the same way; the other
 * float64 transcendentals are SVML's in vector code and {@code Math}'s in scalar code. Below
 * 512-bit vectors, where the JDK has no SIMD pow, {@code pow} (both types) is ufunc4j's own too
 * and so is float64 {@code tanh} ({@link #ownPow}).
 */
final class IrEmitter {
  static final ClassDesc CD_VECTOR = ClassDesc.of("jdk.incubator.vector.Vector");
  static final ClassDesc CD_DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
  static final ClassDesc CD_FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
  static final ClassDesc CD_LV = ClassDesc.of("jdk.incubator.vector.LongVector");
  static final ClassDesc CD_IV = ClassDesc.of("jdk.incubator.vector.IntVector");
  static final ClassDesc CD_BV = ClassDesc.of("jdk.incubator.vector.ByteVector");
  static final ClassDesc CD_SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
  static final ClassDesc CD_OPS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
  static final ClassDesc CD_UNARY = CD_OPS.nested("Unary");
  static final ClassDesc CD_BINARY = CD_OPS.nested("Binary");
  private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");

  private final CodeBuilder c;
  private final Ir.Kind kind;
  private final boolean f32;
  private final boolean vector;
  private final boolean exact;
  private final int[] paramSlots;
  private final Map<Ir.Node, Integer> computed = new HashMap<>();
  private final Map<Ir.Node, Integer> uses;
  /** float64 sin and cos are ufunc4j's polynomials here (see {@link #ownDoublePolynomials}). */
  private final boolean ownDouble;
  /**
   * The emitter of the other lanes (the integer lanes of a floating function, see {@link
   * Ir.LongParam}; the floating emitter from those), or null: it emits the operands of {@link
   * Ir.Op#TO_FLOATING}, {@link Ir.Op#TO_INTEGER} and {@link Ir.CrossCondition} into the same code,
   * with its own locals for what it computed (a constant 0 is a different value in each).
   */
  private IrEmitter across;

  /**
   * @param paramSlots local slot of each parameter's value (a scalar of the IR type, or a vector)
   * @param uses how often each node is used (nodes used more than once are kept in locals)
   */
  IrEmitter(CodeBuilder c, Ir.Kind kind, boolean vector, int[] paramSlots, Map<Ir.Node, Integer> uses) {
    this(c, kind, vector, false, paramSlots, uses);
  }

  /**
   * @param exact in vector code, compute transcendentals lane by lane with {@code Math} ({@link
   *     ExactLanes}) instead of SVML, so the kernel is bit-identical with the scalar lambda
   */
  IrEmitter(CodeBuilder c, Ir.Kind kind, boolean vector, boolean exact, int[] paramSlots, Map<Ir.Node, Integer> uses) {
    this.exact = exact;
    this.c = c;
    this.kind = kind;
    this.f32 = kind == Ir.Kind.F32;
    this.vector = vector;
    this.paramSlots = paramSlots;
    this.uses = uses;
    this.ownDouble = kind == Ir.Kind.F64 && ownDoublePolynomials(uses.keySet());
  }

  /**
   * True when float64 {@code sin} and {@code cos} among {@code nodes} (one function's) compute
   * with ufunc4j's polynomials: when the function calls no other transcendental. Next to an SVML
   * call in the same loop the inlined polynomials ran slower than SVML's own sin (3.0 against 2.7
   * ns per element for {@code sin(pow(a, b))^2}; C2 keeps their constants out of registers across
   * the call), so such functions call SVML for every transcendental, grouped (see {@link
   * #svmlCalls}).
   */
  static boolean ownDoublePolynomials(java.util.Collection<Ir.Node> nodes) {
    for (Ir.Node n : nodes) {
      if (n instanceof Ir.Apply a && !a.op().exact() && !ownDoubleFunction(a.op())) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when this function computes {@code op} with ufunc4j's own polynomials (VectorMath in
   * vector code, the scalar twins in scalar code): the one rule both kinds of code follow.
   */
  private boolean ownPolynomial(Ir.Op op) {
    // pow and tanh below 512 bits are ours next to SVML calls too: the JDK has no SIMD ones there
    return !exact && (f32 ? ownFloatFunction(op) : withoutSvml(op) || ownDouble && ownDoubleFunction(op));
  }

  /** True when vector code for {@code op} calls an SVML stub (a transcendental we do not compute). */
  private boolean callsSvml(Ir.Op op) {
    return !op.exact() && !exact && !ownPolynomial(op);
  }


  /**
   * Gives this floating emitter the integer lanes of its function (long lanes of float64, int
   * lanes of float32): {@code longSlots} hold parameter k's long value where the function uses
   * {@link Ir.LongParam}(k), {@code laneUses} are {@link #countUses(Ir.Node, boolean)} across.
   */
  IrEmitter withIntegerLanes(int[] longSlots, Map<Ir.Node, Integer> laneUses) {
    across = new IrEmitter(c, Ir.otherLanes(kind), vector, exact, longSlots, laneUses);
    across.across = this;
    return this;
  }

  private IrEmitter across() {
    if (across == null) {
      throw new IllegalStateException("a lane conversion in " + kind.dtypeName() + " code without integer lanes");
    }
    return across;
  }

  /** An emitter that emits nothing, to answer questions about {@code ir} for explain(). */
  static IrEmitter inspector(Ir.Function ir, boolean exact) {
    return new IrEmitter(null, ir.kind(), true, exact, new int[ir.params()], countUses(ir.result()));
  }

  /** The operations of this function that ufunc4j's own polynomials compute (sin, cos, exp order). */
  List<Ir.Op> ownPolynomialOps() {
    List<Ir.Op> ops = new java.util.ArrayList<>();
    for (Ir.Op op : new Ir.Op[] {Ir.Op.SIN, Ir.Op.COS, Ir.Op.EXP, Ir.Op.POW, Ir.Op.TANH, Ir.Op.LOG2}) {
      if (kind.floating() && ownPolynomial(op) && uses.keySet().stream().anyMatch(n -> n instanceof Ir.Apply a && a.op() == op)) {
        ops.add(op);
      }
    }
    return ops;
  }

  /** The nodes under {@code root} whose vector code calls SVML, each after the ones it uses. */
  List<Ir.Node> svmlCalls(Ir.Node root) {
    java.util.LinkedHashSet<Ir.Node> out = new java.util.LinkedHashSet<>();
    collectSvmlCalls(root, new java.util.HashSet<>(), out);
    return List.copyOf(out);
  }

  private void collectSvmlCalls(Ir.Node n, java.util.Set<Ir.Node> seen, java.util.Set<Ir.Node> out) {
    if (!seen.add(n)) {
      return;
    }
    for (Ir.Node x : Ir.operands(n)) {
      collectSvmlCalls(x, seen, out);
    }
    if (n instanceof Ir.Apply a && callsSvml(a.op())) {
      out.add(n);
    }
  }

  /** Computes {@code n} now into a local, so that a later {@link #emit} of it loads the local. */
  void precompute(Ir.Node n) {
    if (computed.containsKey(n)) {
      return;
    }
    emit(n);
    if (!computed.containsKey(n)) {
      int s = c.allocateLocal(vector ? TypeKind.REFERENCE : scalarKind());
      store(s);
      computed.put(n, s);
    } else if (!vector && scalarKind().slotSize() == 2) {
      c.pop2(); // emit stored it in a local and left a copy
    } else {
      c.pop();
    }
  }

  /**
   * Precomputes {@code pow} for every emitter of a group (one vector each, see VectorCompiler's
   * grouped loop) behind one exponent test: SVML's pow on all of them when every exponent lane is
   * finite, else VectorMath.pow (Java's special cases) on each. A test and branch per vector in
   * the group measured 15-20% slower for sin(pow(a, b))^2.
   */
  static void precomputePowGroup(IrEmitter[] group, Ir.Apply pow) {
    if (group.length != 4) {
      throw new IllegalArgumentException("a pow group is four vectors, not " + group.length);
    }
    CodeBuilder c = group[0].c;
    ClassDesc v = group[0].vectorType();
    for (IrEmitter g : group) {
      g.precompute(pow.args().get(0));
      g.precompute(pow.args().get(1));
    }
    for (IrEmitter g : group) {
      g.emit(pow.args().get(1));
    }
    BytecodeInliner.inline(c, "allFinite", MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_boolean, v, v, v, v));
    int[] results = new int[group.length];
    for (int u = 0; u < group.length; u++) {
      results[u] = c.allocateLocal(TypeKind.REFERENCE);
    }
    Label someNonFinite = c.newLabel();
    Label done = c.newLabel();
    c.ifeq(someNonFinite);
    powEach(group, pow, "powSvmlFinite", results);
    c.goto_(done);
    c.labelBinding(someNonFinite);
    powEach(group, pow, "powSvml", results);
    c.labelBinding(done);
    for (int u = 0; u < group.length; u++) {
      group[u].computed.put(pow, results[u]);
    }
  }

  /** Emits VectorMath's {@code method} (a pow) on each emitter's arguments, into {@code results}. */
  private static void powEach(IrEmitter[] group, Ir.Apply pow, String method, int[] results) {
    ClassDesc v = group[0].vectorType();
    for (int u = 0; u < group.length; u++) {
      group[u].emit(pow.args().get(0));
      group[u].emit(pow.args().get(1));
      BytecodeInliner.inline(group[u].c, method, MethodTypeDesc.of(v, v, v));
      group[u].c.astore(results[u]);
    }
  }

  /** How often each node in the root's lanes is referenced (the root once). */
  static Map<Ir.Node, Integer> countUses(Ir.Node root) {
    return countUses(root, false);
  }

  /**
   * How often each node is referenced in the root's lanes, or ({@code across}) in the other
   * lanes: the integer lanes of a floating function (see {@link Ir.LongParam}).
   */
  static Map<Ir.Node, Integer> countUses(Ir.Node root, boolean across) {
    List<Map<Ir.Node, Integer>> m = List.of(new HashMap<>(), new HashMap<>());
    count(root, 0, m);
    return m.get(across ? 1 : 0);
  }

  private static void count(Ir.Node n, int lanes, List<Map<Ir.Node, Integer>> m) {
    Integer k = m.get(lanes).get(n);
    m.get(lanes).put(n, k == null ? 1 : k + 1);
    if (k != null) {
      return;
    }
    int inner = Ir.crossesLanes(n) ? 1 - lanes : lanes;
    for (Ir.Node x : Ir.operands(n)) {
      count(x, inner, m);
    }
  }

  ClassDesc vectorType() {
    return vectorType(kind);
  }

  static ClassDesc vectorType(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> CD_DV;
      case F32 -> CD_FV;
      case I64 -> CD_LV;
      case I32 -> CD_IV;
      case BOOL -> CD_BV; // masks of the byte species: the most lanes
    };
  }

  TypeKind scalarKind() {
    return scalarKind(kind);
  }

  static TypeKind scalarKind(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> TypeKind.DOUBLE;
      case F32 -> TypeKind.FLOAT;
      case I64 -> TypeKind.LONG;
      case I32, BOOL -> TypeKind.INT;
    };
  }

  /** The Java primitive type of the IR's values. */
  static ClassDesc scalarType(Ir.Kind kind) {
    return switch (kind) {
      case F64 -> CD_double;
      case F32 -> CD_float;
      case I64 -> java.lang.constant.ConstantDescs.CD_long;
      case I32, BOOL -> java.lang.constant.ConstantDescs.CD_int;
    };
  }

  /** Loads the species constant. */
  void species() {
    c.getstatic(vectorType(), "SPECIES_PREFERRED", CD_SPECIES);
  }

  /** Emits code leaving the value of {@code n} on the stack. */
  void emit(Ir.Node n) {
    boolean cond = Ir.isCondition(n);
    Integer slot = computed.get(n);
    if (slot != null) {
      load(slot, cond);
      return;
    }
    // instanceof, not a pattern switch: see Ir.operands
    if (n instanceof Ir.Param p) {
      load(paramSlots[p.index()], false);
    } else if (n instanceof Ir.BoolParam p) {
      load(paramSlots[p.index()], true);
    } else if (n instanceof Ir.Const k) {
      constant(k);
    } else if (n instanceof Ir.Apply a) {
      apply(a);
    } else if (n instanceof Ir.Compare x) {
      compare(x);
    } else if (n instanceof Ir.Not x) {
      emit(x.cond());
      if (vector) {
        c.invokevirtual(CD_MASK, "not", MethodTypeDesc.of(CD_MASK));
      } else {
        c.iconst_1().ixor();
      }
    } else if (n instanceof Ir.Logic x) {
      emit(x.a());
      emit(x.b());
      if (vector) {
        c.invokevirtual(CD_MASK, x.op().name().toLowerCase(java.util.Locale.ROOT), MethodTypeDesc.of(CD_MASK, CD_MASK));
      } else {
        switch (x.op()) {
          case AND -> c.iand();
          case OR -> c.ior();
          case XOR -> c.ixor();
        }
      }
    } else if (n instanceof Ir.Select x) {
      select(x);
    } else if (n instanceof Ir.LongParam p) {
      // (integer lanes last: an instanceof loads its class, and most functions have none)
      load(paramSlots[p.index()], false);
    } else {
      across().emit(((Ir.CrossCondition) n).cond());
      if (vector) {
        species(); // the same lane count: a mask of this emitter's species
        c.invokevirtual(CD_MASK, "cast", MethodTypeDesc.of(CD_MASK, CD_SPECIES));
      }
    }
    if (!(n instanceof Ir.Param) && !(n instanceof Ir.Const) && !(across != null && n instanceof Ir.LongParam) && !(n instanceof Ir.Const) && uses.getOrDefault(n, 0) > 1) {
      TypeKind kind = vector ? TypeKind.REFERENCE : cond ? TypeKind.INT : scalarKind();
      int s = c.allocateLocal(kind);
      if (kind.slotSize() == 2) {
        c.dup2();
      } else {
        c.dup();
      }
      c.storeLocal(kind, s);
      computed.put(n, s);
    }
  }

  static final ClassDesc CD_MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
  static final ClassDesc CD_COMPARISON = CD_OPS.nested("Comparison");
  private static final ClassDesc CD_SCALAR_OPS = ClassDesc.of(ScalarOps.class.getName());

  private void compare(Ir.Compare x) {
    if (kind == Ir.Kind.BOOL) {
      // bool IR compares only constants (its encoding of true and false): fold it
      if (!(x.a() instanceof Ir.Const a) || !(x.b() instanceof Ir.Const b)) {
        throw new IllegalStateException("bool IR compares values: " + x);
      }
      boolean r = switch (x.op()) {
        case EQ -> a.bits() == b.bits();
        case NE -> a.bits() != b.bits();
        case LT -> a.bits() < b.bits();
        case LE -> a.bits() <= b.bits();
        case GT -> a.bits() > b.bits();
        case GE -> a.bits() >= b.bits();
      };
      if (vector) {
        species();
        c.loadConstant(r ? 1 : 0);
        c.invokeinterface(CD_SPECIES, "maskAll", MethodTypeDesc.of(CD_MASK, java.lang.constant.ConstantDescs.CD_boolean));
      } else {
        c.loadConstant(r ? 1 : 0);
      }
      return;
    }
    if (vector) {
      emit(x.a());
      c.getstatic(CD_OPS, x.op().name(), CD_COMPARISON);
      emit(x.b());
      c.invokevirtual(vectorType(), "compare", MethodTypeDesc.of(CD_MASK, CD_COMPARISON, CD_VECTOR));
    } else {
      emit(x.a());
      emit(x.b());
      ClassDesc t = scalarType(kind);
      c.invokestatic(CD_SCALAR_OPS, x.op().name().toLowerCase(java.util.Locale.ROOT), MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_boolean, t, t));
    }
  }

  private void select(Ir.Select x) {
    if (vector) {
      // ifFalse.blend(ifTrue, cond): lanes of ifTrue where cond is set
      emit(x.ifFalse());
      emit(x.ifTrue());
      emit(x.cond());
      c.invokevirtual(vectorType(), "blend", MethodTypeDesc.of(vectorType(), CD_VECTOR, CD_MASK));
    } else {
      emit(x.cond());
      emit(x.ifTrue());
      emit(x.ifFalse());
      ClassDesc t = scalarType(kind);
      c.invokestatic(CD_SCALAR_OPS, "select", MethodTypeDesc.of(t, java.lang.constant.ConstantDescs.CD_boolean, t, t));
    }
  }

  /**
   * Emits the loop body for {@code root}, reusing the hoisted constants of {@code hoisted} (the
   * emitter that ran before the loop).
   */
  void emitBodyWithHoisted(Ir.Node root, IrEmitter hoisted) {
    useHoistedConstants(hoisted);
    emit(root);
  }

  /** Loads constants from the locals that {@code hoisted} broadcast them into before the loop. */
  void useHoistedConstants(IrEmitter hoisted) {
    for (Map.Entry<Ir.Node, Integer> en : hoisted.computed.entrySet()) {
      if (en.getKey() instanceof Ir.Const) {
        computed.put(en.getKey(), en.getValue());
      }
    }
    if (across != null && hoisted.across != null) {
      for (Map.Entry<Ir.Node, Integer> en : hoisted.across.computed.entrySet()) {
        if (en.getKey() instanceof Ir.Const) {
          across.computed.put(en.getKey(), en.getValue());
        }
      }
    }
  }

  /** Emits constants as hoisted broadcast vectors into locals (call before the loop, vector mode). */
  void hoistConstants(Ir.Node root) {
    hoistOwnConstants();
    if (across != null) {
      across.hoistOwnConstants(); // the integer lanes' constants (its uses are its own lanes')
    }
  }

  private void hoistOwnConstants() {
    for (Ir.Node n : uses.keySet()) {
      if (n instanceof Ir.Const k && vector && kind != Ir.Kind.BOOL) {
        constant(k);
        int s = c.allocateLocal(TypeKind.REFERENCE);
        store(s);
        computed.put(n, s);
      }
    }
  }

  private void constant(Ir.Const k) {
    double v = k.value();
    switch (kind) {
      // a NaN through its bits: a class file's double and float constants do not keep a NaN's
      // payload and sign (Double.longBitsToDouble(0x7ff0000000000001L) came out canonical)
      case F64 -> {
        if (v != v) {
          c.loadConstant(Double.doubleToRawLongBits(v)).invokestatic(ClassDesc.of("java.lang.Double"), "longBitsToDouble",
              MethodTypeDesc.of(CD_double, java.lang.constant.ConstantDescs.CD_long));
        } else {
          c.loadConstant(v);
        }
      }
      case F32 -> {
        if (v != v) {
          c.loadConstant(k.floatBits()).invokestatic(ClassDesc.of("java.lang.Float"), "intBitsToFloat",
              MethodTypeDesc.of(CD_float, java.lang.constant.ConstantDescs.CD_int));
        } else {
          c.loadConstant((float) v);
        }
      }
      case I64 -> c.loadConstant(k.bits());
      case I32, BOOL -> c.loadConstant((int) k.bits());
    }
    if (vector) {
      broadcastTop();
    }
  }

  /** Turns the scalar on top of the stack into a vector of the preferred species. */
  void broadcastTop() {
    // stack: value -> species, value (swap across a category-2 value needs a local)
    TypeKind k = scalarKind();
    int tmp = c.allocateLocal(k);
    c.storeLocal(k, tmp);
    species();
    c.loadLocal(k, tmp);
    if (kind == Ir.Kind.BOOL) {
      // a broadcast bool input is a mask with every lane set or clear
      c.invokeinterface(CD_SPECIES, "maskAll", MethodTypeDesc.of(CD_MASK, java.lang.constant.ConstantDescs.CD_boolean));
      return;
    }
    c.invokestatic(vectorType(), "broadcast", MethodTypeDesc.of(vectorType(), CD_SPECIES, scalarType(kind)));
  }

  private void load(int slot, boolean cond) {
    if (vector) {
      c.aload(slot);
    } else {
      c.loadLocal(cond ? TypeKind.INT : scalarKind(), slot);
    }
  }

  private void store(int slot) {
    if (vector) {
      c.astore(slot);
    } else {
      c.storeLocal(scalarKind(), slot);
    }
  }

  private void dup() {
    if (!vector && scalarKind().slotSize() == 2) {
      c.dup2();
    } else {
      c.dup();
    }
  }

  private void apply(Ir.Apply a) {
    List<Ir.Node> args = a.args();
    if (a.op() == Ir.Op.TO_FLOATING || a.op() == Ir.Op.TO_INTEGER) {
      laneConversion(args.get(0));
      return;
    }
    if (a.op() == Ir.Op.BITS_OF || a.op() == Ir.Op.FROM_BITS) {
      reinterpretation(args.get(0));
      return;
    }
    for (Ir.Node x : args) {
      emit(x);
    }
    if (vector) {
      vectorOp(a.op());
    } else {
      scalarOp(a.op());
    }
  }

  /**
   * Java's conversion of {@code x}, a value of the other lanes, to this emitter's type (l2d,
   * d2l, i2f, f2i): in vector code the Vector API conversion at the same shape (the same lane
   * count); its d2l and f2i are Java's (toward zero, NaN 0, saturated). x86 has the long/double
   * ones only with AVX-512DQ: below 512 bits VectorMath's longsToDoubles and doublesToLongs.
   */
  private void laneConversion(Ir.Node x) {
    if (vector && kind == Ir.Kind.I64 && across().kind == Ir.Kind.F64 && x instanceof Ir.Apply t && t.op() == Ir.Op.TRUNC_INT) {
      // (long) (int) d: d2i and i2l (VectorMath.intsToLongs). Below AVX-512DQ the general d2l
      // (doublesToLongs) took 0.85 ns per element at 256 bits against 0.16 for these two; at 512
      // bits they replace truncInt's d2l, clamp and l2d followed by another d2l
      across.emit(t.args().get(0));
      BytecodeInliner.inline(c, "intsToLongs", MethodTypeDesc.of(vectorType(), across.vectorType()));
      return;
    }
    across().emit(x);
    if (!vector) {
      c.conversion(across.scalarKind(), scalarKind());
      return;
    }
    ClassDesc from = across.vectorType();
    if (SimdSupport.vectorBits() < 512 && (across.kind == Ir.Kind.I64 && kind == Ir.Kind.F64 || across.kind == Ir.Kind.F64 && kind == Ir.Kind.I64)) {
      // no vector long<->double conversion without AVX-512DQ: VectorMath's exact forms
      BytecodeInliner.inline(c, kind == Ir.Kind.F64 ? "longsToDoubles" : "doublesToLongs", MethodTypeDesc.of(vectorType(), from));
      return;
    }
    c.getstatic(CD_OPS, VectorCompiler.conversion(VectorCompiler.dtype(across.kind), kind), CD_OPS.nested("Conversion"));
    c.iconst_0();
    c.invokevirtual(from, "convert", MethodTypeDesc.of(CD_VECTOR, CD_OPS.nested("Conversion"), java.lang.constant.ConstantDescs.CD_int));
    c.checkcast(vectorType());
  }

  /**
   * The bits of {@code x}, a value of the other lanes, as this emitter's type: {@code
   * reinterpretAsLongs()} and the like in vector code (no instruction at all), {@code
   * Double.doubleToRawLongBits} and the like in scalar code.
   */
  private void reinterpretation(Ir.Node x) {
    across().emit(x);
    if (vector) {
      String name = switch (kind) {
        case F64 -> "reinterpretAsDoubles";
        case F32 -> "reinterpretAsFloats";
        case I64 -> "reinterpretAsLongs";
        case I32 -> "reinterpretAsInts";
        case BOOL -> throw new IllegalStateException("bits of bool lanes");
      };
      c.invokevirtual(across.vectorType(), name, MethodTypeDesc.of(vectorType()));
      return;
    }
    ClassDesc from = scalarType(across.kind);
    ClassDesc to = scalarType(kind);
    String name = switch (kind) {
      case F64 -> "longBitsToDouble";
      case F32 -> "intBitsToFloat";
      case I64 -> "doubleToRawLongBits";
      case I32 -> "floatToRawIntBits";
      case BOOL -> throw new IllegalStateException("bits of bool lanes");
    };
    boolean doubles = kind == Ir.Kind.F64 || kind == Ir.Kind.I64;
    c.invokestatic(ClassDesc.of(doubles ? "java.lang.Double" : "java.lang.Float"), name, MethodTypeDesc.of(to, from));
  }

  private void scalarOp(Ir.Op op) {
    if (!kind.floating()) {
      integerScalarOp(op);
      return;
    }
    ClassDesc t = f32 ? CD_float : CD_double;
    switch (op) {
      case ADD -> { if (f32) c.fadd(); else c.dadd(); }
      case SUB -> { if (f32) c.fsub(); else c.dsub(); }
      case MUL -> { if (f32) c.fmul(); else c.dmul(); }
      case DIV -> { if (f32) c.fdiv(); else c.ddiv(); }
      case NEG -> { if (f32) c.fneg(); else c.dneg(); }
      case ABS -> c.invokestatic(CD_MATH, "abs", MethodTypeDesc.of(t, t));
      case MIN -> c.invokestatic(CD_MATH, "min", MethodTypeDesc.of(t, t, t));
      case MAX -> c.invokestatic(CD_MATH, "max", MethodTypeDesc.of(t, t, t));
      case FMA -> c.invokestatic(CD_MATH, "fma", MethodTypeDesc.of(t, t, t, t));
      case COPYSIGN -> c.invokestatic(CD_MATH, "copySign", MethodTypeDesc.of(t, t, t));
      // Java's casts themselves: the scalar twin of VectorMath's truncLong/truncInt/roundFloat
      case TRUNC_LONG -> { if (f32) c.f2l().l2f(); else c.d2l().l2d(); }
      case TRUNC_INT -> { if (f32) c.f2i().i2f(); else c.d2i().i2d(); }
      case ROUND_FLOAT -> c.d2f().f2d();
      case SIN, COS, EXP, POW, TANH, LOG2 -> {
        if (ownPolynomial(op)) {
          // the scalar twin of the vector polynomials: tails and strided calls give the same bits
          c.invokestatic(f32 ? CD_FLOAT_TRANSCENDENTALS : CD_DOUBLE_TRANSCENDENTALS, op.name().toLowerCase(java.util.Locale.ROOT),
              op.arity == 1 ? MethodTypeDesc.of(t, t) : MethodTypeDesc.of(t, t, t));
        } else {
          mathCall(op);
        }
      }
      default -> mathCall(op);
    }
  }

  /** float32 functions computed by ufunc4j's own polynomials: VectorMath, FloatTranscendentals. */
  private static boolean ownFloatFunction(Ir.Op op) {
    return op == Ir.Op.SIN || op == Ir.Op.COS || op == Ir.Op.EXP || op == Ir.Op.LOG2 || (op == Ir.Op.POW && ownPow());
  }

  /**
   * float64 functions computed by ufunc4j's own polynomials: VectorMath, DoubleTranscendentals.
   * {@code pow} only where the JDK has no SIMD pow ({@link #ownPow}).
   */
  static boolean ownDoubleFunction(Ir.Op op) {
    return op == Ir.Op.SIN || op == Ir.Op.COS || withoutSvml(op);
  }

  /** float64 operations without a SIMD version in the JDK on this machine, so always ours: pow and tanh below 512 bits. */
  private static boolean withoutSvml(Ir.Op op) {
    return (op == Ir.Op.POW || op == Ir.Op.TANH) && ownPow();
  }

  /**
   * True when {@code pow} (and float64 {@code tanh}) are ufunc4j's own: SIMD on with vectors under
   * 512 bits. The JDK removed SVML's AVX2 pow (JDK-8262498) and has no AVX2 float64 tanh, so below
   * AVX-512 the Vector API runs them lane by lane in Java (18 ns per float64 pow, 17 per float32
   * one, 28 per tanh, measured on an AVX2-only EPYC: slower than Math.pow and Math.tanh loops).
   * With SIMD off every kernel calls Math, as the lambda does.
   */
  static boolean ownPow() {
    int bits = SimdSupport.vectorBits();
    return bits > 0 && bits < 512;
  }

  private static final ClassDesc CD_FLOAT_TRANSCENDENTALS = ClassDesc.of(FloatTranscendentals.class.getName());
  private static final ClassDesc CD_DOUBLE_TRANSCENDENTALS = ClassDesc.of(DoubleTranscendentals.class.getName());

  /** Calls the Math function of {@code op} (float IR widens, calls, rounds to float32). */
  private void mathCall(Ir.Op op) {
    if (op == Ir.Op.LOG2) {
      // NumPy's log2, which Math lacks (only float32 IR has the op)
      ClassDesc numpy = ClassDesc.of(org.ufunc4j.internal.math.NumpyMath.class.getName());
      if (f32) {
        c.f2d();
      }
      c.invokestatic(numpy, "log2", MethodTypeDesc.of(CD_double, CD_double));
      if (f32) {
        c.d2f();
      }
      return;
    }
    String name = mathName(op);
    if (!f32) {
      MethodTypeDesc d = op.arity == 1 ? MethodTypeDesc.of(CD_double, CD_double) : MethodTypeDesc.of(CD_double, CD_double, CD_double);
      c.invokestatic(CD_MATH, name, d);
    } else if (op.arity == 1) {
      c.f2d().invokestatic(CD_MATH, name, MethodTypeDesc.of(CD_double, CD_double)).d2f();
    } else {
      int b = c.allocateLocal(TypeKind.FLOAT);
      c.fstore(b).f2d().fload(b).f2d();
      c.invokestatic(CD_MATH, name, MethodTypeDesc.of(CD_double, CD_double, CD_double)).d2f();
    }
  }

  private void integerScalarOp(Ir.Op op) {
    boolean l = kind == Ir.Kind.I64;
    ClassDesc t = scalarType(kind);
    if (l && (op == Ir.Op.SHL || op == Ir.Op.SHR || op == Ir.Op.USHR)) {
      c.l2i(); // the count is a long in the IR, an int for the JVM's long shifts (same low bits)
    }
    switch (op) {
      case ADD -> { if (l) c.ladd(); else c.iadd(); }
      case SUB -> { if (l) c.lsub(); else c.isub(); }
      case MUL -> { if (l) c.lmul(); else c.imul(); }
      case NEG -> { if (l) c.lneg(); else c.ineg(); }
      case AND -> { if (l) c.land(); else c.iand(); }
      case OR -> { if (l) c.lor(); else c.ior(); }
      case XOR -> { if (l) c.lxor(); else c.ixor(); }
      case SHL -> { if (l) c.lshl(); else c.ishl(); }
      case SHR -> { if (l) c.lshr(); else c.ishr(); }
      case USHR -> { if (l) c.lushr(); else c.iushr(); }
      case BIT_COUNT, LEADING_ZEROS_COUNT, TRAILING_ZEROS_COUNT -> {
        String name = op == Ir.Op.BIT_COUNT ? "bitCount" : op == Ir.Op.LEADING_ZEROS_COUNT ? "numberOfLeadingZeros" : "numberOfTrailingZeros";
        c.invokestatic(ClassDesc.of(l ? "java.lang.Long" : "java.lang.Integer"), name, MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_int, t));
        if (l) {
          c.i2l(); // a count, in the IR's long
        }
      }
      case ABS -> c.invokestatic(CD_MATH, "abs", MethodTypeDesc.of(t, t));
      case MIN -> c.invokestatic(CD_MATH, "min", MethodTypeDesc.of(t, t, t));
      case MAX -> c.invokestatic(CD_MATH, "max", MethodTypeDesc.of(t, t, t));
      default -> throw new IllegalStateException(op + " in integer IR");
    }
  }

  private static String mathName(Ir.Op op) {
    return switch (op) {
      case SQRT -> "sqrt";
      case EXP -> "exp";
      case EXPM1 -> "expm1";
      case LOG -> "log";
      case LOG1P -> "log1p";
      case LOG10 -> "log10";
      case SIN -> "sin";
      case COS -> "cos";
      case TAN -> "tan";
      case ASIN -> "asin";
      case ACOS -> "acos";
      case ATAN -> "atan";
      case SINH -> "sinh";
      case COSH -> "cosh";
      case TANH -> "tanh";
      case CBRT -> "cbrt";
      case POW -> "pow";
      case ATAN2 -> "atan2";
      case HYPOT -> "hypot";
      default -> throw new AssertionError(op);
    };
  }

  private static final ClassDesc CD_EXACT_LANES = ClassDesc.of(ExactLanes.class.getName());

  private void vectorOp(Ir.Op op) {
    ClassDesc v = vectorType();
    if (exact && !op.exact()) {
      c.loadConstant(op.ordinal());
      MethodTypeDesc d = op.arity == 1
          ? MethodTypeDesc.of(v, v, java.lang.constant.ConstantDescs.CD_int)
          : MethodTypeDesc.of(v, v, v, java.lang.constant.ConstantDescs.CD_int);
      c.invokestatic(CD_EXACT_LANES, op.arity == 1 ? "unary" : "binary", d);
      return;
    }
    if (ownPolynomial(op)) {
      // our own polynomials (VectorMath), copied in: faster than SVML's and deterministic
      BytecodeInliner.inline(c, op.name().toLowerCase(java.util.Locale.ROOT),
          op.arity == 1 ? MethodTypeDesc.of(v, v) : MethodTypeDesc.of(v, v, v));
      return;
    }
    MethodTypeDesc bin = MethodTypeDesc.of(v, CD_VECTOR);
    switch (op) {
      case ADD -> c.invokevirtual(v, "add", bin);
      case SUB -> c.invokevirtual(v, "sub", bin);
      case MUL -> c.invokevirtual(v, "mul", bin);
      case DIV -> c.invokevirtual(v, "div", bin);
      case MIN -> c.invokevirtual(v, "min", bin);
      case MAX -> c.invokevirtual(v, "max", bin);
      case NEG -> c.invokevirtual(v, "neg", MethodTypeDesc.of(v));
      // x86 has a 64-bit vector abs only with AVX-512: below, the sign-mask form from VectorMath
      case ABS -> {
        if (kind == Ir.Kind.I64 && SimdSupport.vectorBits() < 512) {
          BytecodeInliner.inline(c, "absBySign", MethodTypeDesc.of(v, v));
        } else {
          c.invokevirtual(v, "abs", MethodTypeDesc.of(v));
        }
      }
      case SQRT -> c.invokevirtual(v, "sqrt", MethodTypeDesc.of(v));
      case FMA -> c.invokevirtual(v, "fma", MethodTypeDesc.of(v, CD_VECTOR, CD_VECTOR));
      // sign-bit arithmetic the Vector API has no operator for, copied in from VectorMath
      case COPYSIGN -> BytecodeInliner.inline(c, "copySign", MethodTypeDesc.of(v, v, v));
      // casts to an integer type and back, and (double) (float) x, copied in from VectorMath
      // below 512 bits (x86 without AVX-512DQ) doubles avoid the vector long conversion
      case TRUNC_LONG -> BytecodeInliner.inline(c, !f32 && SimdSupport.vectorBits() < 512 ? "truncLongByDoubles" : "truncLong",
          MethodTypeDesc.of(v, v));
      case TRUNC_INT -> BytecodeInliner.inline(c, !f32 && SimdSupport.vectorBits() < 512 ? "truncIntByDoubles" : "truncInt",
          MethodTypeDesc.of(v, v));
      case ROUND_FLOAT -> BytecodeInliner.inline(c, "roundFloat", MethodTypeDesc.of(v, v));
      // SVML's pow with Java's special cases (pow(1, NaN) is NaN), copied in from VectorMath
      case POW -> BytecodeInliner.inline(c, "powSvml", MethodTypeDesc.of(v, v, v));
      case ATAN2, HYPOT, AND, OR, XOR, SHL, SHR, USHR -> {
        // stack: a, b -> a.lanewise(OP, b)
        int b = c.allocateLocal(TypeKind.REFERENCE);
        c.astore(b);
        // AND, OR and XOR are declared as VectorOperators.Associative (a Binary)
        boolean associative = op == Ir.Op.AND || op == Ir.Op.OR || op == Ir.Op.XOR;
        c.getstatic(CD_OPS, vectorOperator(op), associative ? CD_OPS.nested("Associative") : CD_BINARY);
        c.aload(b);
        c.invokevirtual(v, "lanewise", MethodTypeDesc.of(v, CD_BINARY, CD_VECTOR));
      }
      default -> {
        c.getstatic(CD_OPS, op.name(), CD_UNARY);
        c.invokevirtual(v, "lanewise", MethodTypeDesc.of(v, CD_UNARY));
      }
    }
  }

  /** The {@code VectorOperators} constant of an operation (Java's shift names differ). */
  private static String vectorOperator(Ir.Op op) {
    return switch (op) {
      case SHL -> "LSHL";
      case SHR -> "ASHR";
      case USHR -> "LSHR";
      default -> op.name();
    };
  }
}
