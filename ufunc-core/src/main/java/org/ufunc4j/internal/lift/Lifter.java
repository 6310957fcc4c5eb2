package org.ufunc4j.internal.lift;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.PseudoInstruction;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lifts a lambda's bytecode into the typed {@link Ir}: recovers the implementation method through
 * {@link SerializedLambda} (the lambda class's own {@code writeReplace}, or an {@code
 * ObjectOutputStream} whose {@code replaceObject} captures it, which works across named modules), reads the method with {@code java.lang.classfile}, and
 * executes it symbolically. Straight-line floating-point code lifts: arithmetic, local variables,
 * captured numeric values (as constants), numeric constants, {@code Math}/{@code StrictMath}
 * functions the Vector API has, conversions between double and float, and calls to static methods
 * of the user's class that themselves lift (inlined). Anything else (branches, loops, fields,
 * objects, integer arithmetic on variables, other calls) throws a {@link LiftException} naming the
 * instruction, the method and the source line.
 */
public final class Lifter {
  private static final int MAX_INLINE_DEPTH = 8;
  private static final Map<String, Ir.Op> MATH = new HashMap<>();

  static {
    for (String m : new String[] {"", "Strict"}) {
      String owner = "java/lang/" + m + "Math";
      put(owner, "sqrt", Ir.Op.SQRT);
      put(owner, "abs", Ir.Op.ABS);
      put(owner, "min", Ir.Op.MIN);
      put(owner, "max", Ir.Op.MAX);
      put(owner, "fma", Ir.Op.FMA);
      put(owner, "exp", Ir.Op.EXP);
      put(owner, "expm1", Ir.Op.EXPM1);
      put(owner, "log", Ir.Op.LOG);
      put(owner, "log1p", Ir.Op.LOG1P);
      put(owner, "log10", Ir.Op.LOG10);
      put(owner, "sin", Ir.Op.SIN);
      put(owner, "cos", Ir.Op.COS);
      put(owner, "tan", Ir.Op.TAN);
      put(owner, "asin", Ir.Op.ASIN);
      put(owner, "acos", Ir.Op.ACOS);
      put(owner, "atan", Ir.Op.ATAN);
      put(owner, "sinh", Ir.Op.SINH);
      put(owner, "cosh", Ir.Op.COSH);
      put(owner, "tanh", Ir.Op.TANH);
      put(owner, "cbrt", Ir.Op.CBRT);
      put(owner, "pow", Ir.Op.POW);
      put(owner, "atan2", Ir.Op.ATAN2);
      put(owner, "hypot", Ir.Op.HYPOT);
    }
    // Math's only: StrictMath.copySign reads every NaN sign argument as positive
    put("java/lang/Math", "copySign", Ir.Op.COPYSIGN);
  }

  private static final String NUMPY_MATH = "org/ufunc4j/internal/math/NumpyMath";

  private static void put(String owner, String name, Ir.Op op) {
    MATH.put(owner + "." + name, op);
  }

  private static final Map<Object, Object> CACHE = new ConcurrentHashMap<>();

  private Lifter() {}

  /**
   * Lifts {@code fn} for a loop computing in float32 ({@code f32}) or float64.
   *
   * @throws LiftException saying why it does not lift
   */
  public static Ir.Function lift(Object fn, boolean f32) throws LiftException {
    return lift(fn, f32, false);
  }

  /** As {@link #lift(Object, boolean)}; {@code exact} keeps rewrites bit-identical with Math. */
  public static Ir.Function lift(Object fn, boolean f32, boolean exact) throws LiftException {
    return lift(fn, f32 ? Ir.Kind.F32 : Ir.Kind.F64, exact);
  }

  /**
   * Lifts {@code fn} for a loop computing in {@code kind}: a double or float lambda for float
   * kinds, a long lambda for int64, an int lambda for int32.
   */
  public static Ir.Function lift(Object fn, Ir.Kind kind, boolean exact) throws LiftException {
    SerializedLambda sl = recover(fn); // once: it costs milliseconds on a cold JVM
    try {
      return liftIn(fn, sl, kind, exact, Route.DIRECT);
    } catch (LiftException direct) {
      Route wider = kind == Ir.Kind.I64 || kind == Ir.Kind.I32 ? Route.INTEGER_THROUGH_FLOATING
          : kind == Ir.Kind.F32 && isFloatLambda(sl) ? Route.FLOAT_IN_DOUBLE : null;
      if (wider == null) {
        throw direct;
      }
      // Only when the direct lifting failed: the wider route computes in 64-bit lanes, half as
      // many as an int32 or float32 loop's own.
      try {
        return liftIn(fn, sl, kind, exact, wider);
      } catch (LiftException widerFailed) {
        // a refusal for the types says less than why the wider lifting failed
        String m = direct.getMessage();
        boolean typeReason = m.contains(CONVERTS_INTEGER) || m.contains(FLOATING_IN_INTEGER) || m.contains(MIXES_INT_AND_LONG)
            || m.contains(NARROWED_LONG_USE) || m.contains(IN_A_FLOAT_LAMBDA) || m.contains(INTEGER_ON_VARIABLES);
        throw typeReason ? widerFailed : direct;
      }
    }
  }

  /**
   * How a lambda is lifted. {@code DIRECT}: in the loop's kind. {@code INTEGER_THROUGH_FLOATING}:
   * an integer lambda that converts to floating or between int and long ({@code (long)
   * Math.sqrt(x)}, {@code (int) ((long) a * b >> 16)}); integer IR has one type, so it is lifted as
   * a float64 lambda's integer helper, whose long lanes hold longs and ints and whose floating
   * lanes doubles (the same lane count), and the result is rooted in the long lanes ({@link
   * #rootedInIntegerLanes}). {@code FLOAT_IN_DOUBLE}: a float lambda that computes with doubles
   * ({@code (float) (x * Math.PI)}, {@code x * 0.1}): float IR cannot hold a double that is not a
   * float value, so it is lifted as a float64 function of the float inputs, each float operation
   * rounded to float as Java rounds it ({@code + - * /} of floats computed in double and rounded
   * once give the float result: double has more than twice float's precision), and the loop
   * stores the float-valued result to float32.
   */
  private enum Route {
    DIRECT, INTEGER_THROUGH_FLOATING, FLOAT_IN_DOUBLE
  }

  /** True for a lambda with a float parameter or result (Fn.FloatUnary, ...). */
  private static boolean isFloatLambda(SerializedLambda sl) {
    MethodTypeDesc d = MethodTypeDesc.ofDescriptor(sl.getImplMethodSignature());
    boolean f = d.returnType().equals(java.lang.constant.ConstantDescs.CD_float);
    for (int i = 0; i < d.parameterCount(); i++) {
      f |= d.parameterType(i).equals(java.lang.constant.ConstantDescs.CD_float);
    }
    return f;
  }

  /** The reason integer IR gives for a conversion of a variable (see {@link #lift(Object, Ir.Kind, boolean)}). */
  private static final String CONVERTS_INTEGER = "converts an integer variable between int, long and floating types";
  private static final String FLOATING_IN_INTEGER = "is floating arithmetic in an integer lambda";
  private static final String MIXES_INT_AND_LONG = "mixes int and long arithmetic";
  private static final String NARROWED_LONG_USE = "uses a long narrowed to int other than as a shift count";
  /** Float IR's reason for long arithmetic (float32 loops have int lanes only). */
  private static final String INTEGER_ON_VARIABLES = "is integer arithmetic on variables";
  /** The end of the float IR's reasons for a double inside a float lambda. */
  private static final String IN_A_FLOAT_LAMBDA = "in a float lambda";

  /** Lifts {@code fn} (recovered as {@code sl}) for a loop computing in {@code loopKind}, by {@code route}. */
  private static Ir.Function liftIn(Object fn, SerializedLambda sl, Ir.Kind loopKind, boolean exact, Route route) throws LiftException {
    boolean throughFloating = route == Route.INTEGER_THROUGH_FLOATING;
    Ir.Kind kind = route == Route.DIRECT ? loopKind : Ir.Kind.F64;
    if (sl.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic) {
      throw new LiftException(
          "the lambda's implementation " + sl.getImplClass().replace('/', '.') + "." + sl.getImplMethodName()
              + " is not a static method (it uses 'this' or is a constructor/instance method reference)");
    }
    MethodTypeDesc desc = MethodTypeDesc.ofDescriptor(sl.getImplMethodSignature());
    int captured = sl.getCapturedArgCount();
    int params = desc.parameterCount() - captured;
    boolean predicate = desc.returnType().equals(java.lang.constant.ConstantDescs.CD_boolean);
    if (throughFloating && !predicate && !desc.returnType().equals(java.lang.constant.ConstantDescs.CD_long)
        && !desc.returnType().equals(java.lang.constant.ConstantDescs.CD_int)) {
      throw new LiftException("an integer lambda returning " + desc.returnType().displayName() + " does not lift through floating lanes");
    }
    // A float lambda (float parameters or result) keeps Java's semantics exactly: its double
    // arithmetic and double constants that are not float values do not lift (float IR would
    // round them to float). The float32 rule of docs/compiler.md is for double lambdas.
    boolean floatLambda = kind == Ir.Kind.F32 && desc.returnType().equals(java.lang.constant.ConstantDescs.CD_float);
    for (int i = 0; i < params; i++) {
      floatLambda |= kind == Ir.Kind.F32 && desc.parameterType(captured + i).equals(java.lang.constant.ConstantDescs.CD_float);
    }
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < captured; i++) {
      Object v = sl.getCapturedArg(i);
      Pending kept = floatLambda ? floatLambdaConstant(v, "captured value " + i) : null;
      args.add(kept != null ? kept : constant(v, "captured value " + i, kind));
    }
    for (int i = 0; i < params; i++) {
      ClassDesc p = desc.parameterType(captured + i);
      if (kind.floating() && (p.equals(java.lang.constant.ConstantDescs.CD_long) || p.equals(java.lang.constant.ConstantDescs.CD_int))) {
        args.add(new IntegerParam(i)); // a mixed lambda such as (double x, long n): lifts if n is only converted
        continue;
      }
      if (!paramFits(p, kind)) {
        throw new LiftException("parameter " + i + " has type " + p.displayName() + "; a " + kind.dtypeName()
            + " loop lifts " + (kind.floating() ? "double and float" : kind == Ir.Kind.I64 ? "long" : "int") + " parameters");
      }
      args.add(kind == Ir.Kind.BOOL ? new Ir.BoolParam(i) : new Ir.Param(i));
    }
    Builder b = new Builder(kind, floatLambda, exact, throughFloating);
    ClassLoader loader = fn.getClass().getClassLoader();
    Ir.Node result;
    try {
      Ir.Node first;
      try {
        first = b.call(loader, sl.getImplClass(), sl.getImplMethodName(), desc, args, 0);
      } catch (LiftException | RuntimeException merging) {
        if (merging instanceof RuntimeException r && !(r instanceof TooManyNodes)) {
          throw r;
        }
        first = null;
      }
      if (first != null) {
        result = first;
      } else {
        // merged branches hold Selects where each path held a constant (an int 3 or 5, used in
        // int arithmetic that needs constants), and a loop on the data nests merges until a
        // limit: the paths kept apart lift the former and give the latter's reason, so try that
        b = new Builder(kind, floatLambda, exact, throughFloating);
        b.mergeBranches = false;
        result = b.call(loader, sl.getImplClass(), sl.getImplMethodName(), desc, args, 0);
      }
    } catch (RuntimeException e) {
      if (!(e instanceof TooManyNodes)) {
        throw e;
      }
      throw new LiftException("the lambda computes more than " + MAX_NODES + " distinct operations (a long unrolled loop?): its"
          + " kernel would be too large to compile; it runs as written");
    }
    if (throughFloating) {
      // a predicate's condition is the float64 function's (in its floating lanes): under the
      // int64 root it crosses back into the long lanes' mask
      Ir.Node root = predicate ? new Ir.CrossCondition(b.toCondition(result, sl.getImplClass().replace('/', '.') + "."
          + sl.getImplMethodName())) : result;
      Ir.Node rooted = rootedInIntegerLanes(root, true, new HashMap<>(), new HashMap<>());
      return new Ir.Function(Passes.simplify(rooted, Ir.Kind.I64, exact), params, Ir.Kind.I64, predicate);
    }
    if (predicate) {
      result = b.toCondition(result, sl.getImplClass().replace('/', '.') + "." + sl.getImplMethodName());
    }
    return new Ir.Function(Passes.simplify(result, kind, exact), params, kind, predicate);
  }

  /**
   * The long-lane result {@code n} of a float64 function (an integer lambda lifted as a float64
   * helper) as the root of an int64 function: the lanes swap roles. Under an int64 root the
   * integer lanes are the function's own, so a long parameter ({@link Ir.LongParam}) is its plain
   * {@link Ir.Param}; the floating lanes are the other ones, where a parameter's double value (a
   * float64 Param) is its long converted, {@code TO_FLOATING(Param)} (the loop loads int32 inputs
   * widened to long, so for them that is Java's i2d). Every other node keeps its meaning: which
   * lanes a node is in follows from the path from the root (see {@link Ir.LongParam}), the same
   * in both functions once the root is integer.
   */
  private static Ir.Node rootedInIntegerLanes(Ir.Node n, boolean integer, Map<Ir.Node, Ir.Node> integerDone, Map<Ir.Node, Ir.Node> floatingDone) {
    Map<Ir.Node, Ir.Node> done = integer ? integerDone : floatingDone;
    Ir.Node known = done.get(n);
    if (known != null) {
      return known;
    }
    Ir.Node r;
    if (n instanceof Ir.LongParam lp) {
      if (!integer) {
        throw new IllegalStateException("a long parameter in floating lanes");
      }
      r = new Ir.Param(lp.index());
    } else if (n instanceof Ir.Param p) {
      if (integer) {
        throw new IllegalStateException("a floating parameter in integer lanes");
      }
      r = new Ir.Apply(Ir.Op.TO_FLOATING, List.of(new Ir.Param(p.index())));
    } else if (n instanceof Ir.Apply a) {
      boolean inner = a.op().crossesLanes() != integer; // a conversion's operand is in the other lanes
      List<Ir.Node> args = new ArrayList<>();
      for (Ir.Node x : a.args()) {
        args.add(rootedInIntegerLanes(x, inner, integerDone, floatingDone));
      }
      r = new Ir.Apply(a.op(), args);
    } else if (n instanceof Ir.Compare x) {
      r = new Ir.Compare(x.op(), rootedInIntegerLanes(x.a(), integer, integerDone, floatingDone),
          rootedInIntegerLanes(x.b(), integer, integerDone, floatingDone));
    } else if (n instanceof Ir.Not x) {
      r = new Ir.Not(rootedInIntegerLanes(x.cond(), integer, integerDone, floatingDone));
    } else if (n instanceof Ir.Logic x) {
      r = new Ir.Logic(x.op(), rootedInIntegerLanes(x.a(), integer, integerDone, floatingDone),
          rootedInIntegerLanes(x.b(), integer, integerDone, floatingDone));
    } else if (n instanceof Ir.Select x) {
      r = new Ir.Select(rootedInIntegerLanes(x.cond(), integer, integerDone, floatingDone),
          rootedInIntegerLanes(x.ifTrue(), integer, integerDone, floatingDone),
          rootedInIntegerLanes(x.ifFalse(), integer, integerDone, floatingDone));
    } else if (n instanceof Ir.CrossCondition x) {
      r = new Ir.CrossCondition(rootedInIntegerLanes(x.cond(), !integer, integerDone, floatingDone));
    } else {
      r = n; // a constant (its bits and value serve either lanes)
    }
    done.put(n, r);
    return r;
  }

  /**
   * A float lambda's constant that float IR cannot hold as it is (a double that is not a float
   * value fails when used; an int beyond 2^24 stays exact until converted, so that i2f rounds
   * once and i2d is checked), or null for the ordinary constant.
   */
  private static Pending floatLambdaConstant(Object v, String what) {
    if (v instanceof Double d && !isFloatValue(d)) {
      return new Foreign(d, what + " (a double that is not a float value, in a float lambda)");
    }
    if (v instanceof Integer n && !isFloatValue(n.intValue())) {
      return new LongConst(n);
    }
    return null;
  }

  /** True when {@code d} is exactly a float (NaN and infinities included). */
  private static boolean isFloatValue(double d) {
    return Double.compare((double) (float) d, d) == 0 || Double.isNaN(d);
  }

  private static boolean paramFits(ClassDesc p, Ir.Kind kind) {
    return switch (kind) {
      case F64, F32 -> p.equals(java.lang.constant.ConstantDescs.CD_double) || p.equals(java.lang.constant.ConstantDescs.CD_float);
      case I64 -> p.equals(java.lang.constant.ConstantDescs.CD_long);
      case I32 -> p.equals(java.lang.constant.ConstantDescs.CD_int);
      case BOOL -> p.equals(java.lang.constant.ConstantDescs.CD_boolean);
    };
  }

  /**
   * A value of the other family than the IR's (a floating constant in integer IR): not a node,
   * but it may still be converted to one (a constant cast), so it fails only when used.
   */
  private record Foreign(double value, String what) implements Pending {}

  /**
   * {@code (int) x} of a long node in int64 IR: usable only as a shift count, where Java masks it
   * to its low 6 bits, which the narrowing keeps (so {@code a << b} lifts as a shift by b).
   */
  private record NarrowedLong(Ir.Node value) implements Pending {}

  /**
   * A long or int parameter of a lambda lifted in floating IR (Fn.DoubleLongToDouble, ...): the
   * kernel loads that input converted to the IR's type, so its conversion ({@code l2d},
   * {@code i2d}, ...) is the parameter itself; any other use does not lift.
   */
  private record IntegerParam(int index) implements Pending {}

  /**
   * {@code (long) x} or {@code (int) x} of a floating node: lifts only when converted back to
   * floating ({@code (double) (long) x}, the truncation idioms of quantisation and fractional
   * parts), as {@link Ir.Op#TRUNC_LONG} or {@link Ir.Op#TRUNC_INT}; integer arithmetic on it
   * does not (the IR has one type).
   */
  private record Truncated(Ir.Node value, boolean toLong) implements Pending {}

  /**
   * A long constant (a literal or a captured long) in floating IR, kept exact until it is
   * converted: {@code (float) L} rounds once, as Java does, not through double.
   */
  private record LongConst(long value) implements Pending {}

  /**
   * A double operation's result in a float lambda: exact as the float operation only when
   * rounded straight back to float ({@code d2f}); any other use does not lift.
   */
  private record DoubleResult(Ir.Node value) implements Pending {}

  /** {@code (float) x} of a node in float64 IR: lifts only when widened right back, as ROUND_FLOAT. */
  private record RoundedToFloat(Ir.Node value) implements Pending {}

  /**
   * An int value in int64 IR whose magnitude stays below {@code bound} (< 2^31): the count of
   * {@code Long.bitCount}, {@code numberOfLeadingZeros} or {@code numberOfTrailingZeros}, or sums
   * and differences of such counts and int constants. Held as a long node, which equals the int
   * as long as no int arithmetic could wrap; usable widened to long, compared, added.
   */
  private record SmallInt(Ir.Node value, long bound) implements Pending {}

  /**
   * An int or long value in float64 IR, held exactly as an integer-valued double: {@code (int) x}
   * of a floating value, int constants, and int or long arithmetic on them while every value in
   * [lo, hi] is below 2^53 (so the double operations are exact). Java's int wrapping is applied
   * where the bounds leave the int range. Usable converted back to floating, compared, and in
   * further integer arithmetic.
   */
  private record IntegerValued(Ir.Node value, double lo, double hi, boolean isInt) implements Pending {}

  /**
   * A value on the symbolic stack that is not (yet) an IR node: it may still become one through a
   * conversion, and fails with its own reason when used otherwise ({@code Builder.value}). Locals
   * keep it as it is.
   */
  private sealed interface Pending permits Foreign, NarrowedLong, IntegerParam, Truncated, LongConst, DoubleResult, RoundedToFloat, SmallInt, IntegerValued,
      IntegerLanes {}

  /**
   * An integer value of a floating lambda computed in its integer lanes ({@link Ir.LongParam}):
   * in a float64 lambda a long (long arithmetic on an integer parameter or on {@code (long) x},
   * with Java's wrapping; narrowed to int it becomes a {@link NarrowedLong}), in a float32 lambda
   * an int (int arithmetic on {@code (int) x}). Usable in further integer arithmetic, compared,
   * converted to floating ({@link Ir.Op#TO_FLOATING}), returned by a helper.
   */
  private record IntegerLanes(Ir.Node value) implements Pending {}

  /**
   * The lambda's {@link SerializedLambda}, captured without serializing anything: by calling the
   * lambda class's own {@code writeReplace} when its package is open to ufunc4j (the class path,
   * or an {@code opens}), else through {@link #recoverBySerialization}, which works across named
   * modules. The direct call takes 2-3 ms on a cold JVM, the serialization machinery ~30 ms
   * (measured here), and a new ufunc's first call may have to wait for it.
   */
  public static SerializedLambda recover(Object fn) throws LiftException {
    if (!(fn instanceof Serializable)) {
      throw new LiftException("the function is not Serializable, so its code cannot be read (write it as a lambda)");
    }
    Class<?> c = fn.getClass();
    if (c.isSynthetic() && c.isHidden()) {
      try {
        java.lang.reflect.Method m = c.getDeclaredMethod("writeReplace");
        if (m.trySetAccessible() && m.invoke(fn) instanceof SerializedLambda s) {
          return s;
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // not a lambda's writeReplace, or not accessible: serialization decides
      }
    }
    return recoverBySerialization(fn);
  }

  /**
   * {@link #recover} through an {@code ObjectOutputStream} whose {@code replaceObject} stops at the
   * lambda: the path for lambdas whose package is not open to ufunc4j (public for its test).
   */
  public static SerializedLambda recoverBySerialization(Object fn) throws LiftException {
    final class Found extends IOException {
      private static final long serialVersionUID = 1L;
      final transient SerializedLambda lambda;

      Found(SerializedLambda lambda) {
        super(null, null);
        this.lambda = lambda;
      }
    }
    final class Capture extends ObjectOutputStream {
      Capture() throws IOException {
        super(OutputStream.nullOutputStream());
        enableReplaceObject(true);
      }

      @Override
      protected Object replaceObject(Object obj) throws IOException {
        if (obj instanceof SerializedLambda s) {
          throw new Found(s); // stop: captured values need not be serializable
        }
        return obj;
      }
    }
    try (Capture out = new Capture()) {
      out.writeObject(fn);
    } catch (Found f) {
      return f.lambda;
    } catch (IOException | RuntimeException e) {
      throw new LiftException("the function's code cannot be recovered: " + e);
    }
    throw new LiftException(fn.getClass().getName() + " is a class, not a lambda: its code is not lifted");
  }

  private static Object constant(Object v, String what, Ir.Kind kind) throws LiftException {
    if (v instanceof Boolean z) {
      // a captured boolean is the 0/1 javac uses for booleans
      return kind.floating() ? new Ir.Const(z ? 1.0 : 0.0) : Ir.Const.integer(z ? 1 : 0);
    }
    // instanceof, not pattern switches: each bootstraps a method handle on its first use, part of
    // a new ufunc's first call on a cold JVM
    if (v == null) {
      throw new LiftException(what + " is null");
    }
    if (!(v instanceof Number num) || !(v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte || v instanceof Double || v instanceof Float)) {
      throw new LiftException(what + " is a " + v.getClass().getName() + ", not a number");
    }
    boolean floatingValue = v instanceof Double || v instanceof Float;
    if (!kind.floating()) {
      return floatingValue
          ? new Foreign(num.doubleValue(), what + " (a " + (v instanceof Double ? "double" : "float") + " in an integer lambda)")
          : Ir.Const.integer(num.longValue());
    }
    // float IR: constants are floats (the rule of docs/compiler.md, and what the kernels load);
    // a long converts to float once, not through double
    if (v instanceof Long l) {
      return new LongConst(l);
    }
    boolean f32 = kind == Ir.Kind.F32;
    if (f32 && v instanceof Integer i && !isFloatValue(i.intValue())) {
      return new LongConst(i); // exact for int arithmetic in int lanes; (float) of it rounds once
    }
    return v instanceof Double d ? new Ir.Const(f32 ? (float) d.doubleValue() : d)
        : v instanceof Integer i ? new Ir.Const(f32 ? (float) i.intValue() : i)
        : f32 && v instanceof Float f ? Ir.Const.float32Bits(Float.floatToRawIntBits(f)) // a NaN's payload kept
        : new Ir.Const(num.doubleValue()); // float, short, byte: exact in either type
  }

  /**
   * The most distinct IR nodes a lambda may lift to, per lane type: more (a loop unrolled a few
   * hundred times) would make a kernel method beyond what the JIT compiles, and IR deep enough to
   * overflow the stack of the passes' and the emitter's recursion.
   */
  private static final int MAX_NODES = 2000;

  /** Thrown from deep inside the builder when a lambda lifts to more than {@link #MAX_NODES} nodes. */
  private static final class TooManyNodes extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private TooManyNodes() {
      super(null, null, false, false); // no stack trace: a control-flow signal
    }

    /**
     * The signal, typed as a RuntimeException: code that throws or catches this class by name
     * would load it when verified, on every new ufunc's first call.
     */
    static RuntimeException signal() {
      return new TooManyNodes();
    }
  }

  /** The symbolic state where the two ways of a branch meet again (see {@code Builder.run}). */
  private record Arrival(Map<Integer, Object> locals, Deque<Object> stack, int line) {}

  /** A way of a branch that cannot merge at the join (it returns first, or branches beyond it). */
  private static final class NoJoin extends RuntimeException {
    static final NoJoin SIGNAL = new NoJoin();

    private NoJoin() {
      super(null, null, false, false); // no stack trace: a control-flow signal
    }
  }

  /** Symbolic execution of one method, with inlining of static helpers. */
  private static final class Builder {
    /**
     * Merge the ways of branches where they meet (false: every way runs to its return, the form
     * that lifts some lambdas the merged one does not: see {@code lift}).
     */
    boolean mergeBranches = true;
    final Ir.Kind kind;
    final boolean f32;
    /** The ufunc's exact option: no rewrite that changes bits against the plain lambda. */
    final boolean exact;
    final Map<Ir.Node, Ir.Node> shared = new HashMap<>();

    /** A float lambda on a float32 loop: double operations must not be rounded to float. */
    final boolean floatLambda;

    /**
     * The lambda itself returns its integer result in long lanes, as an integer helper does
     * (an integer lambda lifted through floating lanes, see {@code lift}).
     */
    final boolean integerRoot;

    Builder(Ir.Kind kind, boolean floatLambda) {
      this(kind, floatLambda, false, false);
    }

    Builder(Ir.Kind kind, boolean floatLambda, boolean exact, boolean integerRoot) {
      this.kind = kind;
      this.f32 = kind == Ir.Kind.F32;
      this.floatLambda = floatLambda;
      this.exact = exact;
      this.integerRoot = integerRoot;
    }

    /**
     * Float values in float64 IR ({@code (float)} casts, float parameters of a float lambda,
     * float constants) are float-valued doubles: float operations on them compute in double and
     * round to float as Java rounds ({@code Route.FLOAT_IN_DOUBLE}).
     */
    private boolean roundsFloats() {
      return kind == Ir.Kind.F64;
    }

    Ir.Node node(Ir.Node n) {
      if (n instanceof Ir.Select s) {
        // a choice on constants (the lifter's own expansions of floor, wraps and the like on a
        // folded loop counter): the branch it takes
        Boolean known = Ir.constantTruth(s.cond(), kind);
        if (known != null) {
          return known ? s.ifTrue() : s.ifFalse();
        }
      }
      Ir.Node known = shared.putIfAbsent(n, n); // not computeIfAbsent: a lambda bootstraps on first use
      if (known == null && shared.size() > MAX_NODES) {
        throw TooManyNodes.signal();
      }
      return known != null ? known : n;
    }

    Ir.Node apply(Ir.Op op, Ir.Node... args) {
      List<Ir.Node> a = List.of(args);
      Ir.Const folded = Passes.fold(op, a, kind);
      return node(folded != null ? folded : new Ir.Apply(op, a));
    }

    Ir.Node call(ClassLoader loader, String owner, String name, MethodTypeDesc desc, List<Object> args, int depth)
        throws LiftException {
      if (kind.floating() && (owner.equals("java/lang/Double") || owner.equals("java/lang/Float")) && args.size() == 1
          && args.get(0) instanceof Ir.Node x) {
        Ir.Node inf = node(new Ir.Const(Double.POSITIVE_INFINITY));
        switch (name) {
          case "isNaN" -> {
            return cmp(Ir.Cmp.NE, x, x);
          }
          case "isInfinite" -> {
            return cmp(Ir.Cmp.EQ, apply(Ir.Op.ABS, x), inf);
          }
          case "isFinite" -> {
            return cmp(Ir.Cmp.LT, apply(Ir.Op.ABS, x), inf); // false for NaN too
          }
          default -> { }
        }
      }
      if (kind.floating() && (owner.equals("java/lang/Math") || owner.equals("java/lang/StrictMath")) && args.size() == 1
          && args.get(0) instanceof Ir.Node x && onlyFloating(desc)) {
        switch (name) {
          case "rint" -> {
            return rint(x);
          }
          case "floor" -> {
            return floor(x);
          }
          case "ceil" -> {
            Ir.Node r = rint(x);
            return signedZero(node(new Ir.Select(cmp(Ir.Cmp.LT, r, x), apply(Ir.Op.ADD, r, one()), r)), x);
          }
          case "signum" -> {
            // 1 or -1 by the sign; zeros (with their sign) and NaN as they are
            Ir.Node zero = node(new Ir.Const(0.0));
            Ir.Node minusOne = node(new Ir.Const(-1.0));
            return node(new Ir.Select(cmp(Ir.Cmp.GT, x, zero), one(),
                node(new Ir.Select(cmp(Ir.Cmp.LT, x, zero), minusOne, x))));
          }
          default -> { }
        }
      }
      Ir.Op math = MATH.get(owner + "." + name);
      if (math == null && f32 && !exact && owner.equals(NUMPY_MATH) && name.equals("log2")) {
        // NumPy's log2 (a double helper on the bits, which float IR cannot hold) on a float32
        // loop: one operation, computed in double lanes and rounded once (VectorMath.log2)
        math = Ir.Op.LOG2;
      }
      if (math != null && (kind.floating() ? onlyFloating(desc) : onlyIntegerOf(desc, kind, math))) {
        if (floatLambda && math == Ir.Op.FMA && desc.returnType().equals(java.lang.constant.ConstantDescs.CD_double)) {
          // a double fma rounded to float rounds twice; the float fma of float IR rounds once
          throw new LiftException(owner.replace('/', '.') + ".fma of doubles inside a float lambda rounds twice (to double, then float)");
        }
        if (!f32 && math == Ir.Op.FMA && desc.returnType().equals(java.lang.constant.ConstantDescs.CD_float)) {
          // Math.fma of floats rounds to float once, which a double fma does not
          throw new LiftException(owner.replace('/', '.') + ".fma of floats rounds to float inside a float64 loop");
        }
        if (args.size() != math.arity) {
          throw new LiftException("unexpected arity of " + owner.replace('/', '.') + "." + name);
        }
        if (exact && !math.exact() && owner.equals("java/lang/StrictMath")) {
          // exact kernels call Math's transcendentals lane by lane; StrictMath's (fdlibm's) may
          // differ from those in the last bit, and exact promises the lambda's bits
          throw new LiftException("StrictMath." + name + " in an exact ufunc: exact kernels compute transcendentals with Math, whose"
              + " results may differ from StrictMath's in the last bit");
        }
        Ir.Node[] a = new Ir.Node[args.size()];
        for (int i = 0; i < a.length; i++) {
          if (!(args.get(i) instanceof Ir.Node n)) {
            throw new LiftException(owner.replace('/', '.') + "." + name + " is given "
                + (args.get(i) instanceof Foreign f ? f.what() : "an integer value (its floating overload lifts)"));
          }
          a[i] = n;
        }
        return apply(math, a);
      }
      if (depth > MAX_INLINE_DEPTH) {
        throw new LiftException("calls nested deeper than " + MAX_INLINE_DEPTH + " at " + owner.replace('/', '.') + "." + name);
      }
      MethodModel m = findMethod(loader, owner, name, desc);
      if ((m.flags().flagsMask() & ClassFile.ACC_STATIC) == 0) {
        throw new LiftException(owner.replace('/', '.') + "." + name + " is not static");
      }
      if (!isFloating(desc) && !(kind == Ir.Kind.BOOL && onlyBooleans(desc)) && !constantBooleans(desc, args)) {
        throw new LiftException("calls " + owner.replace('/', '.') + "." + name + desc.descriptorString()
            + ", which takes objects or booleans or returns objects (only static methods of numbers are inlined)");
      }
      if (m.code().isEmpty()) {
        throw new LiftException(owner.replace('/', '.') + "." + name + " has no code");
      }
      CodeModel code = m.code().get();
      return run(loader, owner, name, desc, code, args, depth);
    }

    /** Math.abs/min/max on the integer IR's own type (the only Math functions integer IR lifts). */
    private static boolean onlyIntegerOf(MethodTypeDesc d, Ir.Kind kind, Ir.Op op) {
      if (op != Ir.Op.ABS && op != Ir.Op.MIN && op != Ir.Op.MAX) {
        return false;
      }
      ClassDesc t = kind == Ir.Kind.I64 ? java.lang.constant.ConstantDescs.CD_long : java.lang.constant.ConstantDescs.CD_int;
      for (int i = 0; i < d.parameterCount(); i++) {
        if (!d.parameterType(i).equals(t)) {
          return false;
        }
      }
      return d.returnType().equals(t);
    }

    /**
     * Numeric parameters and boolean ones given constants (a lambda capturing a boolean, such as
     * {@code x -> flag}): those booleans are plain 0/1 values.
     */
    private static boolean constantBooleans(MethodTypeDesc d, List<Object> args) {
      for (int i = 0; i < d.parameterCount(); i++) {
        ClassDesc p = d.parameterType(i);
        boolean ok = p.equals(java.lang.constant.ConstantDescs.CD_boolean) ? args.get(i) instanceof Ir.Const : floating(p);
        if (!ok) {
          return false;
        }
      }
      return floating(d.returnType()) || d.returnType().equals(java.lang.constant.ConstantDescs.CD_boolean);
    }

    /** A method of booleans only (bool IR inlines those: its values are conditions). */
    private static boolean onlyBooleans(MethodTypeDesc d) {
      for (int i = 0; i < d.parameterCount(); i++) {
        if (!d.parameterType(i).equals(java.lang.constant.ConstantDescs.CD_boolean)) {
          return false;
        }
      }
      return d.returnType().equals(java.lang.constant.ConstantDescs.CD_boolean);
    }

    private static boolean onlyFloating(MethodTypeDesc d) {
      for (int i = 0; i < d.parameterCount(); i++) {
        ClassDesc c = d.parameterType(i);
        if (!c.equals(java.lang.constant.ConstantDescs.CD_double) && !c.equals(java.lang.constant.ConstantDescs.CD_float)) {
          return false;
        }
      }
      return true;
    }

    private static boolean isFloating(MethodTypeDesc d) {
      for (int i = 0; i < d.parameterCount(); i++) {
        if (!floating(d.parameterType(i))) {
          return false;
        }
      }
      // a boolean result (a predicate, or a helper such as inRange) flows on as a 0/1 or condition
      return floating(d.returnType()) || d.returnType().equals(java.lang.constant.ConstantDescs.CD_boolean);
    }

    private static boolean floating(ClassDesc c) {
      return c.equals(java.lang.constant.ConstantDescs.CD_double) || c.equals(java.lang.constant.ConstantDescs.CD_float)
          || c.equals(java.lang.constant.ConstantDescs.CD_int) || c.equals(java.lang.constant.ConstantDescs.CD_long);
    }

    private Ir.Node run(ClassLoader loader, String owner, String name, MethodTypeDesc desc, CodeModel code, List<Object> args, int depth)
        throws LiftException {
      Map<Integer, Object> locals = new HashMap<>();
      int slot = 0;
      for (int i = 0; i < args.size(); i++) {
        locals.put(slot, args.get(i));
        ClassDesc t = desc.parameterType(i);
        slot += t.equals(java.lang.constant.ConstantDescs.CD_double) || t.equals(java.lang.constant.ConstantDescs.CD_long) ? 2 : 1;
      }
      List<CodeElement> elems = code.elementList();
      Map<java.lang.classfile.Label, Integer> labels = new HashMap<>();
      for (int i = 0; i < elems.size(); i++) {
        if (elems.get(i) instanceof java.lang.classfile.instruction.LabelTarget lt) {
          labels.put(lt.label(), i);
        }
      }
      Method m = new Method(loader, owner.replace('/', '.') + "." + name, elems, labels, depth,
          desc.returnType().equals(java.lang.constant.ConstantDescs.CD_boolean),
          (depth > 0 || integerRoot) && (exactIntegers() && (desc.returnType().equals(java.lang.constant.ConstantDescs.CD_long)
              || desc.returnType().equals(java.lang.constant.ConstantDescs.CD_int))
              || kind == Ir.Kind.F32 && desc.returnType().equals(java.lang.constant.ConstantDescs.CD_int)));
      return exec(m, 0, -1, locals, new ArrayDeque<>());
    }

    /** The method being lifted, and how many paths its branches have opened so far. */
    private static final class Method {
      final ClassLoader loader;
      final String where;
      final List<CodeElement> elems;
      final Map<java.lang.classfile.Label, Integer> labels;
      final int depth;
      final boolean returnsBoolean;
      /**
       * A helper of a floating lambda that returns an integer: it returns integer lanes (in a
       * float64 lambda a long, or an int in the low 32 bits of its long lane; in a float32 one
       * an int).
       */
      final boolean returnsInteger;
      int paths;
      /** The type of every store to each local slot, or null where stores disagree ({@code slotType}); built on first use. */
      Map<Integer, TypeKind> slotTypes;
      /** Instructions executed so far, over all paths: the bound on unrolling loops. */
      int steps;
      /** True once a backward jump was taken (a loop is being unrolled), for the reasons given. */
      boolean looped;

      Method(ClassLoader loader, String where, List<CodeElement> elems, Map<java.lang.classfile.Label, Integer> labels, int depth,
          boolean returnsBoolean, boolean returnsInteger) {
        this.returnsInteger = returnsInteger;
        this.loader = loader;
        this.where = where;
        this.elems = elems;
        this.labels = labels;
        this.depth = depth;
        this.returnsBoolean = returnsBoolean;
      }
    }

    /** A floating comparison's result ({@code dcmpl}/{@code dcmpg}), waiting for its branch. */
    private record CmpValue(boolean nanIsGreater, Ir.Node a, Ir.Node b, boolean integerLanes) {
      CmpValue(boolean nanIsGreater, Ir.Node a, Ir.Node b) {
        this(nanIsGreater, a, b, false);
      }
    }

    private static final int MAX_PATHS = 64;

    /**
     * The most instructions one method may execute while it is lifted, over all its paths: a
     * loop with a constant trip count is unrolled (its condition is a comparison of constants at
     * every turn), up to this many steps.
     */
    private static final int MAX_STEPS = 10_000;

    /**
     * Executes from instruction {@code pc} to a return. A conditional branch lifts both ways (no
     * side effects exist in lifted code, so computing both is safe): where both ways meet again
     * (an if/else, an if without else, a {@code ?:}) their locals and stack merge there into
     * Selects and execution goes on once ({@link #merged}); otherwise each way runs to its return
     * and the results become a Select. A backward jump is a loop: unrolled while its condition is
     * on constants.
     */
    private Ir.Node exec(Method m, int pc, int line, Map<Integer, Object> locals, Deque<Object> stack) throws LiftException {
      return (Ir.Node) run(m, pc, line, locals, stack, -1);
    }

    /**
     * {@link #exec}, or with {@code stopAt >= 0} up to the element {@code stopAt} (a join point):
     * then the state there ({@link Arrival}), and {@link NoJoin} for a path that returns first or
     * branches in a way that cannot merge before it.
     */
    private Object run(Method m, int pc, int line, Map<Integer, Object> locals, Deque<Object> stack, int stopAt) throws LiftException {
      String where = m.where;
      for (int i = pc; i < m.elems.size(); i++) {
        if (i == stopAt) {
          return new Arrival(locals, stack, line);
        }
        CodeElement e = m.elems.get(i);
        if (e instanceof LineNumber ln) {
          line = ln.line();
          continue;
        }
        if (e instanceof PseudoInstruction) {
          continue;
        }
        if (!(e instanceof Instruction ins)) {
          continue;
        }
        if (roundsFloats() && stack.peek() instanceof RoundedToFloat r) {
          // float64 IR: (float) d is a float value like any other, rounded now
          stack.pop();
          stack.push(apply(Ir.Op.ROUND_FLOAT, r.value()));
        }
        if (++m.steps > MAX_STEPS) {
          throw fail(ins, where, line, "runs more than " + MAX_STEPS + " instructions (a loop unrolled that far; loops with a"
              + " small constant trip count are lifted)");
        }
        try {
          // instanceof, not a pattern switch: each pattern switch bootstraps a method handle on its
          // first use, part of a new ufunc's first call on a cold JVM
          if (ins instanceof LoadInstruction l) {
            Object v = locals.get(l.slot());
            if (v == null) {
              throw fail(ins, where, line, "reads a local variable that is not a lifted number");
            }
            stack.push(v);
          } else if (ins instanceof StoreInstruction s) {
            if (s.typeKind() == TypeKind.REFERENCE) {
              throw fail(ins, where, line, "stores an object");
            }
            Object v = stack.pop();
            locals.put(s.slot(), v instanceof Pending ? v : value(v, ins, where, line));
          } else if (ins instanceof ConstantInstruction c) {
            Object v = c.constantValue();
            if (!(v instanceof Number)) {
              throw fail(ins, where, line, "loads a non-numeric constant");
            }
            stack.push(constantValue(v));
          } else if (ins instanceof OperatorInstruction o) {
            operator(o, stack, ins, where, line);
          } else if (ins instanceof java.lang.classfile.instruction.IncrementInstruction inc) {
            // iinc (i += k on an int local): iload, the constant, iadd, istore
            Object v = locals.get(inc.slot());
            if (v == null) {
              throw fail(ins, where, line, "increments a local variable that is not a lifted number");
            }
            stack.push(v);
            stack.push(constantValue(inc.constant()));
            operator(OperatorInstruction.of(java.lang.classfile.Opcode.IADD), stack, ins, where, line);
            Object r = stack.pop();
            locals.put(inc.slot(), r instanceof Pending ? r : value(r, ins, where, line));
          } else if (ins instanceof ConvertInstruction cv && !kind.floating()) {
            stack.push(integerConvert(cv, stack.pop(), ins, where, line));
          } else if (ins instanceof ConvertInstruction cv && stack.peek() instanceof IntegerParam ip
              && (cv.toType() == TypeKind.DOUBLE || cv.toType() == TypeKind.FLOAT)) {
            stack.pop();
            Ir.Node p = node(new Ir.Param(ip.index()));
            if (cv.toType() == TypeKind.FLOAT && !f32) {
              // (float) n in float64 IR rounds: exact through double for an int, not for a long
              if (cv.fromType() == TypeKind.LONG) {
                throw fail(ins, where, line, "converts a long parameter to float inside a float64 loop");
              }
              stack.push(new RoundedToFloat(p));
            } else {
              stack.push(p);
            }
          } else if (ins instanceof ConvertInstruction cv && exactIntegers() && stack.peek() instanceof IntegerParam ip
              && cv.fromType() == TypeKind.INT && cv.toType() == TypeKind.LONG) {
            // (long) n of an int parameter: the kernel loads it widened to long, exactly that
            stack.pop();
            stack.push(new IntegerLanes(lanes().node(new Ir.LongParam(ip.index()))));
          } else if (ins instanceof ConvertInstruction cv && exactIntegers() && isIntegerMarker(stack.peek())
              && (cv.toType() == TypeKind.BYTE || cv.toType() == TypeKind.SHORT || cv.toType() == TypeKind.CHAR)) {
            // (byte) (int) x and the like: the int in long lanes, narrowed there
            stack.push(laneLifting().longLanesConvert(cv, new NarrowedLong(laneLifting().longLaneValue(stack.pop(), ins, where, line)), ins, where, line));
          } else if (ins instanceof ConvertInstruction cv && stack.peek() instanceof Pending && (stack.peek() instanceof IntegerLanes
              || stack.peek() instanceof NarrowedLong
              || exactIntegers() && stack.peek() instanceof IntegerParam && cv.toType() == TypeKind.INT
              || kind == Ir.Kind.F32 && stack.peek() instanceof Truncated t && !t.toLong() && cv.fromType() == TypeKind.INT
                  && cv.toType() != TypeKind.FLOAT && cv.toType() != TypeKind.DOUBLE && cv.toType() != TypeKind.LONG)) {
            stack.push(laneLifting().longLanesConvert(cv, stack.pop(), ins, where, line));
          } else if (ins instanceof ConvertInstruction cv) {
            TypeKind from = cv.fromType();
            TypeKind to = cv.toType();
            boolean toFloating = to == TypeKind.DOUBLE || to == TypeKind.FLOAT;
            Object top = stack.pop();
            if (top instanceof IntegerValued iv) {
              // + 0.0: the double arithmetic may leave -0.0 where the integer is a plain 0
              // (-(int) x at x = 0.5); adding +0.0 makes it +0.0 and changes nothing else
              Ir.Node exact = apply(Ir.Op.ADD, iv.value(), node(new Ir.Const(0.0)));
              if (to == TypeKind.DOUBLE || to == TypeKind.FLOAT && f32) {
                stack.push(exact); // exact: every value is below 2^53
              } else if (to == TypeKind.FLOAT) {
                stack.push(new RoundedToFloat(exact)); // i2f/l2f rounds once, as ROUND_FLOAT does
              } else if (to == TypeKind.LONG) {
                stack.push(new IntegerValued(iv.value(), iv.lo(), iv.hi(), false));
              } else if (to == TypeKind.INT && iv.lo() >= Integer.MIN_VALUE && iv.hi() <= Integer.MAX_VALUE) {
                stack.push(new IntegerValued(iv.value(), iv.lo(), iv.hi(), true));
              } else {
                throw fail(ins, where, line, "narrows an integer value that may not fit");
              }
            } else if (top instanceof Truncated t) {
              if (toFloating) {
                Ir.Node back = apply(t.toLong() ? Ir.Op.TRUNC_LONG : Ir.Op.TRUNC_INT, t.value());
                // (float) (long) x in float64 IR rounds to float: exact as a double, then once;
                // in a float lambda (double) (int) x may not be a float value (2147483647)
                stack.push(to == TypeKind.FLOAT && !f32 ? new RoundedToFloat(back)
                    : floatLambda && to == TypeKind.DOUBLE && !t.toLong() ? new DoubleResult(back) : back);
              } else if (to == TypeKind.LONG) {
                stack.push(t); // (long) (int) x: the same value
              } else if (exactIntegers() && t.toLong()) {
                // (int) (long) x: the low 32 bits of Java's d2l, an int in long lanes
                stack.push(new NarrowedLong(laneLifting().longLaneValue(t, ins, where, line)));
              } else {
                throw fail(ins, where, line, "narrows a long cast of a floating value to int");
              }
            } else if (top instanceof DoubleResult dr && to == TypeKind.FLOAT) {
              stack.push(dr.value());
            } else if (top instanceof LongConst lc && to == TypeKind.INT) {
              stack.push(constantValue((int) lc.value())); // (int) L: an int constant, as a literal would be
            } else if (top instanceof LongConst lc && toFloating) {
              // in float IR every double is a float, so (double) L is (float) L there too; a
              // float lambda's (double) L must be exactly that float
              Ir.Node k = node(new Ir.Const(f32 || to == TypeKind.FLOAT ? (float) lc.value() : (double) lc.value()));
              if (floatLambda && to == TypeKind.DOUBLE && (double) (float) lc.value() != (double) lc.value()) {
                stack.push(new Foreign((double) lc.value(), "(double) of an integer constant that is not a float value, in a float lambda"));
              } else {
                stack.push(to == TypeKind.FLOAT && !f32 ? new RoundedToFloat(k) : k);
              }
            } else if (top instanceof RoundedToFloat r) {
              if (to != TypeKind.DOUBLE) {
                throw fail(ins, where, line, "converts a float-rounded value other than back to double");
              }
              stack.push(apply(Ir.Op.ROUND_FLOAT, r.value()));
            } else {
              stack.push(floatingConvert(value(top, ins, where, line), from, to, ins, where, line));
            }
          } else if (ins instanceof java.lang.classfile.instruction.BranchInstruction br) {
            Integer target = m.labels.get(br.target());
            if (target == null) {
              throw fail(ins, where, line, "jumps to a label the lifter does not find");
            }
            // a backward jump is a loop: unrolled while its condition is on constants (a counter)
            if (br.opcode() == java.lang.classfile.Opcode.GOTO || br.opcode() == java.lang.classfile.Opcode.GOTO_W) {
              m.looped |= target <= i;
              i = target - 1;
              continue;
            }
            Ir.Node fallCond;
            Object top = stack.pop();
            // the lanes the condition is computed in: the integer lanes for a comparison of
            // integers there (longs of a float64 lambda, ints of a float32 one), else the IR's
            boolean condInIntegerLanes = top instanceof CmpValue c && c.integerLanes();
            if (top instanceof CmpValue cv) {
              fallCond = fallThroughCondition(cv, br.opcode(), ins, where, line);
            } else if (isIntCompare(br.opcode()) && top instanceof Ir.Const b && stack.peek() instanceof Ir.Const a) {
              // two int constants (a loop counter and its bound): the comparison folds
              stack.pop();
              fallCond = fallThroughCondition(new CmpValue(false, a, b), zeroForm(br.opcode()), ins, where, line);
            } else if (top instanceof Ir.Const c && isZeroBranch(br.opcode())) {
              // an int constant against zero (while (n-- > 0), a boolean constant)
              Ir.Node zero = node(kind.floating() ? new Ir.Const(0.0) : Ir.Const.integer(0));
              fallCond = fallThroughCondition(new CmpValue(false, c, zero), br.opcode(), ins, where, line);
            } else if (kind == Ir.Kind.F32 && isIntCompare(br.opcode()) && (isIntLane32(top) || isIntLane32(stack.peek()))) {
              // ints of a float32 lambda, compared in int lanes
              Ir.Node b = laneLifting().intLaneValue32(top, ins, where, line);
              Ir.Node a = laneLifting().intLaneValue32(stack.pop(), ins, where, line);
              fallCond = fallThroughCondition(new CmpValue(false, a, b, true), zeroForm(br.opcode()), ins, where, line);
              condInIntegerLanes = true;
            } else if (kind == Ir.Kind.F32 && isIntLane32(top) && !isIntCompare(br.opcode())) {
              Ir.Node zero = lanes().node(Ir.Const.integer(0));
              fallCond = fallThroughCondition(new CmpValue(false, laneLifting().intLaneValue32(top, ins, where, line), zero, true), br.opcode(), ins, where,
                  line);
              condInIntegerLanes = true;
            } else if (exactIntegers() && isIntCompare(br.opcode()) && (top instanceof NarrowedLong || stack.peek() instanceof NarrowedLong
                || top instanceof IntegerParam || stack.peek() instanceof IntegerParam)) {
              // ints in long lanes, compared sign-extended (an int parameter is loaded so)
              Ir.Node b = laneLifting().longLaneValue(top, ins, where, line);
              Ir.Node a = laneLifting().longLaneValue(stack.pop(), ins, where, line);
              fallCond = fallThroughCondition(new CmpValue(false, a, b, true), zeroForm(br.opcode()), ins, where, line);
              condInIntegerLanes = true;
            } else if (exactIntegers() && (top instanceof NarrowedLong || top instanceof IntegerParam) && !isIntCompare(br.opcode())) {
              // ifeq/iflt/...: an int in long lanes (or an int parameter) compared with zero
              Ir.Node zero = lanes().node(Ir.Const.integer(0));
              fallCond = fallThroughCondition(new CmpValue(false, laneLifting().longLaneValue(top, ins, where, line), zero, true), br.opcode(), ins,
                  where, line);
              condInIntegerLanes = true;
            } else if (exactIntegers() && isIntCompare(br.opcode()) && (isIntegerMarker(top) || isIntegerMarker(stack.peek()))) {
              // ints of a float64 lambda, compared as the exact doubles that hold them
              Ir.Node b = integerValued(top, ins, where, line).value();
              Ir.Node a = integerValued(stack.pop(), ins, where, line).value();
              fallCond = fallThroughCondition(new CmpValue(false, a, b), zeroForm(br.opcode()), ins, where, line);
            } else if (exactIntegers() && isIntegerMarker(top)) {
              fallCond = fallThroughCondition(new CmpValue(false, integerValued(top, ins, where, line).value(), node(new Ir.Const(0.0))),
                  br.opcode(), ins, where, line);
            } else if (kind == Ir.Kind.I64 && isIntCompare(br.opcode()) && (top instanceof SmallInt || stack.peek() instanceof SmallInt)) {
              // ints in long code: counts, compared as the longs that hold them
              Ir.Node b = smallInt(top, ins, where, line).value();
              Ir.Node a = smallInt(stack.pop(), ins, where, line).value();
              fallCond = fallThroughCondition(new CmpValue(false, a, b), zeroForm(br.opcode()), ins, where, line);
            } else if (kind == Ir.Kind.I64 && top instanceof SmallInt si) {
              // ifeq/iflt/...: a count compared with zero
              fallCond = fallThroughCondition(new CmpValue(false, si.value(), node(Ir.Const.integer(0))), br.opcode(), ins, where, line);
            } else if (kind != Ir.Kind.I32 && top instanceof Ir.Node n
                && (br.opcode() == java.lang.classfile.Opcode.IFEQ || br.opcode() == java.lang.classfile.Opcode.IFNE)) {
              // a boolean: a condition, or 0/1 from an earlier branch; ifeq jumps when it is false
              Ir.Node cond = toCondition(n, where + (line >= 0 ? " (line " + line + ")" : ""));
              fallCond = br.opcode() == java.lang.classfile.Opcode.IFEQ ? cond : not(cond);
            } else if ((kind == Ir.Kind.BOOL || kind.floating() && top instanceof Ir.Node && stack.peek() instanceof Ir.Node)
                && (br.opcode() == java.lang.classfile.Opcode.IF_ICMPEQ || br.opcode() == java.lang.classfile.Opcode.IF_ICMPNE)) {
              // two booleans (in floating IR the only int nodes are booleans: ints are
              // IntegerValued): if_icmpeq jumps when they are equal, so it falls through on a ^ b
              String at = where + (line >= 0 ? " (line " + line + ")" : "");
              Ir.Node b = toCondition(value(top, ins, where, line), at);
              Ir.Node a = toCondition(value(stack.pop(), ins, where, line), at);
              Ir.Node differ = node(new Ir.Logic(Ir.LogicOp.XOR, a, b));
              fallCond = br.opcode() == java.lang.classfile.Opcode.IF_ICMPEQ ? differ : not(differ);
            } else if (kind == Ir.Kind.I32 && isIntCompare(br.opcode())) {
              Ir.Node b = value(top, ins, where, line);
              Ir.Node a = value(stack.pop(), ins, where, line);
              fallCond = fallThroughCondition(new CmpValue(false, a, b), zeroForm(br.opcode()), ins, where, line);
            } else if (kind == Ir.Kind.I32) {
              // ifeq/iflt/...: an int compared with zero
              fallCond = fallThroughCondition(new CmpValue(false, value(top, ins, where, line), node(Ir.Const.integer(0))), br.opcode(), ins, where, line);
            } else {
              throw fail(ins, where, line, "branches on an integer or boolean value");
            }
            Boolean known = Ir.constantTruth(fallCond, condInIntegerLanes ? Ir.otherLanes(kind) : kind);
            if (known != null) {
              // a condition on constants (a static final flag, Math.clamp's checks of its
              // bounds): only the path taken is lifted, so the other may hold what does not lift
              if (!known) {
                i = target - 1;
              }
              continue;
            }
            if (target <= i) {
              throw fail(ins, where, line, "loops while a condition on the data holds (loops with a constant trip count are"
                  + " unrolled; SIMD lanes cannot leave a loop one by one)");
            }
            if (mergeBranches && kind != Ir.Kind.BOOL) {
              int join = joinOf(m, target);
              if (stopAt < 0 || join <= stopAt) {
                try {
                  Arrival fall = (Arrival) run(m, i + 1, line, new HashMap<>(locals), new ArrayDeque<>(stack), join);
                  Arrival jump = (Arrival) run(m, target, line, new HashMap<>(locals), new ArrayDeque<>(stack), join);
                  Ir.Node inMain = condInIntegerLanes ? node(new Ir.CrossCondition(fallCond)) : fallCond;
                  Ir.Node inOther = condInIntegerLanes ? fallCond : node(new Ir.CrossCondition(fallCond));
                  if (merged(m, target, inMain, inOther, fall, jump, locals, stack)) {
                    i = join - 1;
                    continue;
                  }
                } catch (NoJoin noJoin) {
                  // a way returns, or branches where the ways cannot merge: each way to its return
                }
              }
              if (stopAt >= 0) {
                throw NoJoin.SIGNAL;
              }
            }
            if (++m.paths > MAX_PATHS) {
              throw fail(ins, where, line, "opens more than " + MAX_PATHS + " paths" + (m.looped
                  ? " (in a loop: its exit depends on the data; loops with a constant trip count are unrolled, also with"
                      + " branches and early exits on the data inside)" : ""));
            }
            Ir.Node fall = exec(m, i + 1, line, new HashMap<>(locals), new ArrayDeque<>(stack));
            Ir.Node jump = exec(m, target, line, new HashMap<>(locals), new ArrayDeque<>(stack));
            // the paths return values in the method's lanes (integer lanes for a helper returning an integer)
            if (condInIntegerLanes != m.returnsInteger) {
              fallCond = node(new Ir.CrossCondition(fallCond));
            }
            return node(new Ir.Select(fallCond, fall, jump));
          } else if (ins instanceof FieldInstruction f && f.opcode() == java.lang.classfile.Opcode.GETSTATIC) {
            stack.push(staticConstant(m.loader, f, ins, where, line));
          } else if (ins instanceof InvokeInstruction inv) {
            if (inv.opcode() != java.lang.classfile.Opcode.INVOKESTATIC) {
              throw fail(ins, where, line, "calls " + inv.owner().asInternalName().replace('/', '.') + "." + inv.name().stringValue()
                  + " on an object (" + inv.opcode().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            MethodTypeDesc d = inv.typeSymbol();
            if (kind.floating() && isMathRound(inv.owner().asInternalName(), inv.name().stringValue(), d)) {
              // Math.round: a long (an int for a float) of a floating value, usable converted back
              // to floating, as (long) x is
              boolean toLong = d.returnType().equals(java.lang.constant.ConstantDescs.CD_long);
              Object arg = stack.pop();
              // Math.round((float) x) in a float64 loop: the float value as a double; floor, the
              // fraction and the comparison are exact on it, so the result is the float overload's
              Ir.Node v = arg instanceof RoundedToFloat r && !toLong ? apply(Ir.Op.ROUND_FLOAT, r.value()) : value(arg, ins, where, line);
              stack.push(new Truncated(roundHalfUp(v), toLong));
              continue;
            }
            String owner = inv.owner().asInternalName();
            boolean boxes = owner.equals("java/lang/Double") || owner.equals("java/lang/Float");
            Object bits = kind.floating() && boxes ? laneLifting().bitsFunction(owner, inv.name().stringValue(), d, stack, ins, where, line)
                : null;
            if (bits != null) {
              stack.push(bits);
              continue;
            }
            boolean intResult = d.returnType().equals(java.lang.constant.ConstantDescs.CD_int);
            if (kind == Ir.Kind.F32 && intResult && (integerMath(inv.owner().asInternalName(), inv.name().stringValue(), d)
                || inv.owner().asInternalName().equals("java/lang/Integer") && d.descriptorString().equals("(I)I"))
                && (isIntLane32(stack.peek()) || d.parameterCount() == 2 && isIntLane32(second(stack)))) {
              Ir.Node r = laneLifting().intFunction32(inv.name().stringValue(), d, stack, ins, where, line);
              if (r != null) {
                stack.push(new IntegerLanes(r));
                continue;
              }
            }
            if (exactIntegers() && integerMath(inv.owner().asInternalName(), inv.name().stringValue(), d)
                && (intResult ? stack.peek() instanceof NarrowedLong || d.parameterCount() == 2 && second(stack) instanceof NarrowedLong
                    : isLongLanesMarker(stack.peek()) || d.parameterCount() == 2 && isLongLanesMarker(second(stack)))) {
              // Math.abs/min/max of longs, or of ints sign-extended, in long lanes (abs of
              // MIN_VALUE stays MIN_VALUE, as Java's: the int's 2^31 has MIN_VALUE's low bits)
              Ir.Node[] a = new Ir.Node[d.parameterCount()];
              for (int k = a.length - 1; k >= 0; k--) {
                a[k] = laneLifting().longLaneValue(stack.pop(), ins, where, line);
              }
              String fname = inv.name().stringValue();
              Ir.Op op = fname.equals("abs") ? Ir.Op.ABS : fname.equals("min") ? Ir.Op.MIN : Ir.Op.MAX;
              Ir.Node r = lanes().apply(op, a);
              stack.push(intResult ? new NarrowedLong(r) : new IntegerLanes(r));
              continue;
            }
            boolean counts = owner.equals("java/lang/Long") || owner.equals("java/lang/Integer");
            Ir.Node counted = exactIntegers() && counts
                ? laneLifting().countInLongLanes(owner, inv.name().stringValue(), d, stack, ins, where, line) : null;
            if (counted != null) {
              stack.push(new NarrowedLong(counted));
              continue;
            }
            if (exactIntegers() && integerMath(inv.owner().asInternalName(), inv.name().stringValue(), d)
                && isIntegerMarker(stack.peek()) | (d.parameterCount() == 2 && isIntegerMarker(second(stack)))) {
              stack.push(integerMathCall(inv.name().stringValue(), d, stack, ins, where, line));
              continue;
            }
            Ir.Op count = countFunction(inv.owner().asInternalName(), inv.name().stringValue(), d);
            if (count != null) {
              Ir.Node r = apply(count, value(stack.pop(), ins, where, line));
              stack.push(kind == Ir.Kind.I64 ? new SmallInt(r, 65) : r);
              continue;
            }
            List<Object> a = new ArrayList<>();
            for (int k = 0; k < d.parameterCount(); k++) {
              Object v = stack.pop();
              // integer values go to a helper as they are: it may compute on them (in long lanes)
              // (Pending first: an instanceof loads its class, and most arguments are plain nodes)
              a.add(0, v instanceof Pending && (v instanceof Foreign || v instanceof IntegerParam || v instanceof IntegerLanes
                  || v instanceof Truncated || v instanceof IntegerValued || v instanceof LongConst || v instanceof NarrowedLong)
                  ? v : value(v, ins, where, line));
            }
            try {
              Ir.Node r = call(m.loader, inv.owner().asInternalName(), inv.name().stringValue(), d, a, m.depth + 1);
              if (exactIntegers() && d.returnType().equals(java.lang.constant.ConstantDescs.CD_long)) {
                stack.push(new IntegerLanes(r)); // a helper returning long returned its long lanes
                continue;
              }
              if (exactIntegers() && d.returnType().equals(java.lang.constant.ConstantDescs.CD_int)) {
                stack.push(new NarrowedLong(r)); // an int helper: the int in the low bits of a long lane
                continue;
              }
              if (kind == Ir.Kind.F32 && d.returnType().equals(java.lang.constant.ConstantDescs.CD_int)) {
                stack.push(new IntegerLanes(r)); // an int helper of a float32 lambda: its int lanes
                continue;
              }
              stack.push(floatLambda && roundsInDouble(inv.owner().asInternalName(), inv.name().stringValue(), d) ? new DoubleResult(r) : r);
            } catch (LiftException inner) {
              throw new LiftException(inner.getMessage() + "\n  called from " + where + (line >= 0 ? " (line " + line + ")" : ""));
            }
          } else if (stopAt >= 0 && ins instanceof ReturnInstruction) {
            throw NoJoin.SIGNAL; // this way returns before the join
          } else if (ins instanceof ReturnInstruction r && m.returnsInteger) {
            if (r.typeKind() != TypeKind.LONG && r.typeKind() != TypeKind.INT) {
              throw fail(ins, where, line, "returns a " + r.typeKind().name().toLowerCase(java.util.Locale.ROOT) + " from a method returning an integer");
            }
            Object v = stack.pop();
            if (kind == Ir.Kind.F32) {
              return laneLifting().intLaneValue32(v, ins, where, line);
            }
            // an int as the long that holds it: a NarrowedLong's low bits, or the exact value
            return v instanceof NarrowedLong nl ? nl.value() : laneLifting().longLaneValue(v, ins, where, line);
          } else if (ins instanceof ReturnInstruction r) {
            boolean fits = m.returnsBoolean ? r.typeKind() == TypeKind.INT || r.typeKind() == TypeKind.BOOLEAN : switch (kind) {
              case F64, F32 -> r.typeKind() == TypeKind.DOUBLE || r.typeKind() == TypeKind.FLOAT;
              case I64 -> r.typeKind() == TypeKind.LONG;
              case I32 -> r.typeKind() == TypeKind.INT;
              case BOOL -> r.typeKind() == TypeKind.INT || r.typeKind() == TypeKind.BOOLEAN;
            };
            if (!fits) {
              throw fail(ins, where, line, "returns a " + r.typeKind().name().toLowerCase(java.util.Locale.ROOT)
                  + " value where the " + kind.dtypeName() + " loop needs its own type");
            }
            return value(stack.pop(), ins, where, line);
          } else {
            throw fail(ins, where, line, describe(ins));
          }
        } catch (java.util.NoSuchElementException empty) {
          throw fail(ins, where, line, "uses a value the lifter did not track");
        }
      }
      throw new LiftException(where + " ends without a return the lifter understands");
    }

    /**
     * Where the two ways of a forward branch to {@code target} meet again, as javac compiles
     * if/else and {@code ?:} ({@code if (!c) goto ELSE; ...; goto END; ELSE: ...; END:}): the
     * target of a forward goto just before {@code target}, else {@code target} itself (an if
     * without else, whose then-part falls into it). A way that does not get there (a return, a
     * break) makes the merge fail, and the ways run to their returns as before.
     */
    private static int joinOf(Method m, int target) {
      for (int k = target - 1; k >= 0; k--) {
        if (m.elems.get(k) instanceof Instruction ins) {
          if (ins instanceof java.lang.classfile.instruction.BranchInstruction br
              && (br.opcode() == java.lang.classfile.Opcode.GOTO || br.opcode() == java.lang.classfile.Opcode.GOTO_W)) {
            Integer end = m.labels.get(br.target());
            if (end != null && end > target) {
              return end;
            }
          }
          return target;
        }
      }
      return target;
    }

    /**
     * Merges the states of the two ways of a branch at their join into {@code locals} and {@code
     * stack}: equal values stay, different ones become a Select on {@code cond} (the fall-through
     * way's condition; {@code condOther} is the same in the other lanes, for integer-lane values),
     * conditions an and/or of it. False, changing nothing, when some value is of a kind that does
     * not merge (then the ways run to their returns). A local set in one way only is not read
     * after the join (javac's scopes) and is dropped.
     */
    private boolean merged(Method m, int target, Ir.Node cond, Ir.Node condOther, Arrival fall, Arrival jump, Map<Integer, Object> locals,
        Deque<Object> stack) {
      if (fall.stack().size() != jump.stack().size()) {
        return false;
      }
      Map<Integer, Object> mergedLocals = new HashMap<>();
      for (Map.Entry<Integer, Object> e : fall.locals().entrySet()) {
        Object other = jump.locals().get(e.getKey());
        if (other == null) {
          continue;
        }
        Object v = mergedValue(cond, condOther, e.getValue(), other, e.getValue().equals(other) ? null : slotType(m, e.getKey()));
        if (v == null) {
          return false;
        }
        mergedLocals.put(e.getKey(), v);
      }
      Deque<Object> mergedStack = new ArrayDeque<>();
      java.util.Iterator<Object> b = jump.stack().iterator();
      boolean top = true;
      for (Object a : fall.stack()) {
        // a ?: leaves its value on top: typed by the instruction before the fall way's goto
        Object v = mergedValue(cond, condOther, a, b.next(), top ? pushedBefore(m, target) : null);
        top = false;
        if (v == null) {
          return false;
        }
        mergedStack.addLast(v); // iteration runs from the top, so the order is kept
      }
      locals.clear();
      locals.putAll(mergedLocals);
      stack.clear();
      stack.addAll(mergedStack);
      return true;
    }

    /**
     * {@code cond ? a : b} for two values of the symbolic state, or null when they do not merge.
     * {@code type} is the values' bytecode type where known: two ints of float64 IR (int constants
     * are plain constants there) merge into an integer value, usable in further int arithmetic.
     */
    private Object mergedValue(Ir.Node cond, Ir.Node condOther, Object a, Object b, TypeKind type) {
      if (a.equals(b)) {
        return a;
      }
      if (type == TypeKind.INT && exactIntegers() && intOrNull(a) != null && intOrNull(b) != null) {
        IntegerValued x = intOrNull(a);
        IntegerValued y = intOrNull(b);
        return new IntegerValued(node(new Ir.Select(cond, x.value(), y.value())), Math.min(x.lo(), y.lo()), Math.max(x.hi(), y.hi()), true);
      }
      if (a instanceof Ir.Node x && b instanceof Ir.Node y) {
        boolean cx = Ir.isCondition(x);
        if (cx != Ir.isCondition(y)) {
          return null;
        }
        return cx
            ? node(new Ir.Logic(Ir.LogicOp.OR, node(new Ir.Logic(Ir.LogicOp.AND, cond, x)), node(new Ir.Logic(Ir.LogicOp.AND, not(cond), y))))
            : node(new Ir.Select(cond, x, y));
      }
      if (a instanceof IntegerValued x && b instanceof IntegerValued y && x.isInt() == y.isInt()) {
        return new IntegerValued(node(new Ir.Select(cond, x.value(), y.value())), Math.min(x.lo(), y.lo()), Math.max(x.hi(), y.hi()), x.isInt());
      }
      if (a instanceof RoundedToFloat x && b instanceof RoundedToFloat y) {
        Ir.Node chosen = node(new Ir.Select(cond, x.value(), y.value()));
        // float64 IR rounds (float) casts where they are (see roundsFloats), also below the top of the stack
        return roundsFloats() ? apply(Ir.Op.ROUND_FLOAT, chosen) : new RoundedToFloat(chosen);
      }
      if (a instanceof IntegerLanes x && b instanceof IntegerLanes y) {
        return new IntegerLanes(lanes().node(new Ir.Select(condOther, x.value(), y.value())));
      }
      if (a instanceof NarrowedLong x && b instanceof NarrowedLong y) {
        return new NarrowedLong(lanes().node(new Ir.Select(condOther, x.value(), y.value())));
      }
      return null;
    }

    /** An int of float64 IR as an integer value: an int constant, or an int integer value; else null. */
    private static IntegerValued intOrNull(Object v) {
      if (v instanceof IntegerValued iv) {
        return iv.isInt() ? iv : null;
      }
      if (v instanceof Ir.Const c && c.value() == Math.rint(c.value()) && c.value() >= Integer.MIN_VALUE && c.value() <= Integer.MAX_VALUE
          && !(c.value() == 0 && Double.doubleToRawLongBits(c.value()) != 0)) {
        return new IntegerValued(c, c.value(), c.value(), true);
      }
      return null;
    }

    /** The type every store to local {@code slot} of the method has, or null (none, or several). */
    private static TypeKind slotType(Method m, int slot) {
      if (m.slotTypes == null) {
        // one pass over the method for all merges (an unrolled loop merges at every turn)
        m.slotTypes = new HashMap<>();
        for (CodeElement e : m.elems) {
          int at = e instanceof StoreInstruction s ? s.slot()
              : e instanceof java.lang.classfile.instruction.IncrementInstruction inc ? inc.slot() : -1;
          if (at >= 0) {
            TypeKind t = e instanceof StoreInstruction s ? s.typeKind() : TypeKind.INT;
            // a slot stored with two types (javac reuses slots across scopes) has none; no
            // lambda here: its bootstrap would add to a new ufunc's first call on a cold JVM
            TypeKind before = m.slotTypes.putIfAbsent(at, t);
            if (before != null && before != t) {
              m.slotTypes.put(at, TypeKind.VOID);
            }
          }
        }
      }
      TypeKind type = m.slotTypes.get(slot);
      return type == TypeKind.VOID ? null : type;
    }

    /**
     * The type of the value the instruction before the goto that ends a branch's fall-through way
     * (just before {@code target}) pushes: a {@code ?:}'s value. Null when unknown.
     */
    private static TypeKind pushedBefore(Method m, int target) {
      int k = target - 1;
      while (k >= 0 && !(m.elems.get(k) instanceof Instruction)) {
        k--;
      }
      k--; // the goto itself
      while (k >= 0 && !(m.elems.get(k) instanceof Instruction)) {
        k--;
      }
      if (k < 0) {
        return null;
      }
      Instruction ins = (Instruction) m.elems.get(k);
      if (ins instanceof ConstantInstruction c) {
        return c.typeKind();
      } else if (ins instanceof LoadInstruction l) {
        return l.typeKind();
      } else if (ins instanceof OperatorInstruction o) {
        return o.typeKind();
      } else if (ins instanceof ConvertInstruction c) {
        return c.toType();
      }
      return null;
    }

    /** A numeric constant of the bytecode ({@code ldc}, {@code iconst}, an {@code iinc} amount) on the symbolic stack. */
    private Object constantValue(Object v) {
      Number num = (Number) v;
      Pending kept = floatLambda ? floatLambdaConstant(v, "a constant") : null;
      if (kept != null) {
        return kept;
      } else if (kind.floating()) {
        // an int that is not a float value stays exact for int arithmetic in int lanes
        boolean exactInt = v instanceof Integer n && f32 && !isFloatValue(n.intValue());
        return v instanceof Long l ? new LongConst(l) : exactInt ? new LongConst((Integer) v) : node(new Ir.Const(round(num.doubleValue())));
      } else if (v instanceof Double || v instanceof Float) {
        return new Foreign(num.doubleValue(), "a floating constant in an integer lambda");
      }
      return node(Ir.Const.integer(num.longValue()));
    }

    /** An arithmetic, logic, shift or comparison instruction, by the IR's kind and its operands. */
    private void operator(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
      if (kind.floating() && o.typeKind() == TypeKind.INT && intConstants(o, stack)) {
        // int arithmetic on constants (loop counters, i ^ j of two of them): Java's int result;
        // booleans are 0/1 ints, so & | ^ on them fold alike
        boolean unary = o.opcode() == java.lang.classfile.Opcode.INEG;
        int b = (int) ((Ir.Const) stack.pop()).value();
        int a = unary ? 0 : (int) ((Ir.Const) stack.pop()).value();
        stack.push(constantValue(intResult(o.opcode(), a, b, ins, where, line)));
        return;
      }
      if (!kind.floating()) {
        integerOperator(o, stack, ins, where, line);
      } else if (exactIntegers() && inLongLanes(o, stack)) {
        laneLifting().longOperator(o, stack, ins, where, line);
      } else {
        TypeKind k = o.typeKind();
        floatingOperator(o, k == TypeKind.DOUBLE || k == TypeKind.FLOAT, stack, ins, where, line);
      }
    }

    /**
     * The condition under which execution falls through a branch on {@code cv}. {@code dcmpl}
     * gives -1 for NaN, {@code dcmpg} +1, so e.g. {@code a > b} compiles to dcmpl; ifle, and falls
     * through exactly when a > b (false for NaN).
     */
    private Ir.Node fallThroughCondition(CmpValue cv, java.lang.classfile.Opcode op, Instruction ins, String where, int line)
        throws LiftException {
      Ir.Node a = cv.a();
      Ir.Node b = cv.b();
      boolean g = cv.nanIsGreater();
      return switch (op) {
        case IFLE -> g ? not(cmp(Ir.Cmp.LE, a, b)) : cmp(Ir.Cmp.GT, a, b);
        case IFLT -> g ? not(cmp(Ir.Cmp.LT, a, b)) : cmp(Ir.Cmp.GE, a, b);
        case IFGE -> g ? cmp(Ir.Cmp.LT, a, b) : not(cmp(Ir.Cmp.GE, a, b));
        case IFGT -> g ? cmp(Ir.Cmp.LE, a, b) : not(cmp(Ir.Cmp.GT, a, b));
        case IFEQ -> cmp(Ir.Cmp.NE, a, b);
        case IFNE -> cmp(Ir.Cmp.EQ, a, b);
        default -> throw fail(ins, where, line, "is a branch the lifter does not know");
      };
    }

    private Ir.Node cmp(Ir.Cmp op, Ir.Node a, Ir.Node b) {
      return node(new Ir.Compare(op, a, b));
    }

    private Ir.Node not(Ir.Node c) {
      return node(new Ir.Not(c));
    }

    private static Ir.Node value(Object o, Instruction ins, String where, int line) throws LiftException {
      if (o instanceof Ir.Node n) {
        return n;
      }
      if (o instanceof Foreign f) {
        throw fail(ins, where, line, "uses " + f.what());
      }
      if (o instanceof IntegerParam ip) {
        throw fail(ins, where, line, "uses integer parameter " + ip.index() + " other than by converting it to floating (integer "
            + "arithmetic in a floating lambda is not lifted)");
      }
      if (o instanceof NarrowedLong) {
        throw fail(ins, where, line, NARROWED_LONG_USE);
      }
      if (o instanceof Truncated t) {
        throw fail(ins, where, line, "uses (" + (t.toLong() ? "long" : "int") + ") of a floating value other than by converting it "
            + "back to floating (integer arithmetic in a floating lambda is not lifted)");
      }
      if (o instanceof DoubleResult) {
        throw fail(ins, where, line, "uses a double result inside a float lambda other than by rounding it to float "
            + "(Java rounds a chain of double operations once; float code would round each)");
      }
      if (o instanceof LongConst) {
        throw fail(ins, where, line, "uses a long constant other than by converting it to floating");
      }
      if (o instanceof RoundedToFloat) {
        throw fail(ins, where, line, "computes in float inside a float64 loop (only (double) (float) x lifts)");
      }
      if (o instanceof IntegerValued) {
        throw fail(ins, where, line, "uses an integer value as a floating one without converting it");
      }
      if (o instanceof IntegerLanes) {
        throw fail(ins, where, line, "uses an integer value as a floating one without converting it");
      }
      if (o instanceof SmallInt) {
        throw fail(ins, where, line, "uses the int result of a bit count other than by widening it to long, comparing or"
            + " adding it");
      }
      throw fail(ins, where, line, "uses a comparison result as a number");
    }

    /**
     * The value of a {@code static final} primitive field that javac did not inline (one computed
     * when its class initialises, {@code static final double SCALE = Math.sqrt(2)}), as a
     * constant: such a field never changes once its class is initialised, which reading it here
     * does, as the lambda's first call would. It becomes a constant as a captured value does (on a
     * float32 loop a double is rounded to float, the rule of docs/compiler.md). Fields that are not
     * final, or not numbers or booleans, do not lift.
     */
    private Object staticConstant(ClassLoader loader, FieldInstruction f, Instruction ins, String where, int line) throws LiftException {
      String owner = f.owner().asInternalName().replace('/', '.');
      String name = f.name().stringValue();
      String what = "static final field " + owner + "." + name;
      java.lang.reflect.Field field;
      try {
        // not initialised here: Java initialises the field's declaring class, not the class
        // the instruction names (reading the field below does that)
        field = staticField(Class.forName(owner, false, loader), name);
      } catch (ClassNotFoundException | LinkageError e) {
        throw fail(ins, where, line, "reads static field " + owner + "." + name + ", whose class cannot be loaded: " + e);
      }
      if (field == null) {
        throw fail(ins, where, line, "reads static field " + owner + "." + name + ", which was not found");
      }
      int mods = field.getModifiers();
      if (!java.lang.reflect.Modifier.isFinal(mods)) {
        throw fail(ins, where, line, "reads static field " + owner + "." + name + ", which is not final (its value may change between calls)");
      }
      if (!field.getType().isPrimitive()) {
        throw fail(ins, where, line, "reads " + what + " of type " + field.getType().getName() + " (only numbers and booleans are constants)");
      }
      if (!field.trySetAccessible()) {
        throw fail(ins, where, line, "reads " + what + ", which ufunc4j cannot access (open its package to ufunc4j)");
      }
      Object v = readStatic(field, what, ins, where, line);
      if (v instanceof Character c) {
        v = (int) c.charValue();
      }
      Pending kept = floatLambda ? floatLambdaConstant(v, what) : null;
      return kept != null ? kept : constant(v, what, kind);
    }

    /**
     * The value of a static final field once its class is initialised. Read on a thread of its
     * own with a timeout, because its class may be initialising right now: on this thread (a
     * ufunc applied in that class's static initialiser; the field still holds its default) or on
     * another, which this read would wait for, possibly while holding what that thread waits for
     * (the loop being lifted, or explain() waiting for the compiler thread). Then the lambda is
     * not lifted, and runs as written.
     */
    private Object readStatic(java.lang.reflect.Field field, String what, Instruction ins, String where, int line) throws LiftException {
      String declaring = field.getDeclaringClass().getName();
      for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
        if (e.getMethodName().equals("<clinit>") && e.getClassName().equals(declaring)) {
          throw fail(ins, where, line, "reads " + what + " while its class initialises (the field has no final value yet)");
        }
      }
      java.util.concurrent.FutureTask<Object> read = new java.util.concurrent.FutureTask<>(new StaticRead(field));
      Thread t = new Thread(read, "ufunc4j-static-read");
      t.setDaemon(true);
      t.start();
      try {
        return read.get(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw fail(ins, where, line, "reads " + what + ", whose class is still initialising on another thread");
      } catch (java.util.concurrent.ExecutionException e) {
        throw fail(ins, where, line, "reads " + what + ", which failed: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail(ins, where, line, "reads " + what + " and was interrupted");
      }
    }

    /** {@code field.get(null)}; a class, not a lambda (see the first-call notes in docs/compiler.md). */
    private record StaticRead(java.lang.reflect.Field field) implements java.util.concurrent.Callable<Object> {
      @Override
      public Object call() throws IllegalAccessException {
        return field.get(null);
      }
    }

    /** The static field {@code name} as the JVM resolves it from {@code c}: its own, its interfaces', then its superclass's. */
    private static java.lang.reflect.Field staticField(Class<?> c, String name) {
      for (Class<?> k = c; k != null; k = k.getSuperclass()) {
        for (java.lang.reflect.Field f : k.getDeclaredFields()) {
          if (f.getName().equals(name) && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            return f;
          }
        }
        for (Class<?> i : k.getInterfaces()) {
          java.lang.reflect.Field f = staticField(i, name);
          if (f != null) {
            return f;
          }
        }
      }
      return null;
    }

    /** A conversion of a floating node (or a constant) in floating IR: a marker, a node or a refusal. */
    private Object floatingConvert(Ir.Node v, TypeKind from, TypeKind to, Instruction ins, String where, int line) throws LiftException {
      boolean toFloating = to == TypeKind.DOUBLE || to == TypeKind.FLOAT;
      if (!toFloating) {
        if (exactIntegers() && v instanceof Ir.Const c && c.value() == Math.rint(c.value()) && c.value() >= Integer.MIN_VALUE && c.value() <= Integer.MAX_VALUE
            && (from == TypeKind.INT || from == TypeKind.LONG)) {
          // an int constant widened to long (an argument of Math.floorMod(long, int)), or narrowed
          // with Java's i2b, i2s, i2c
          int k = (int) c.value();
          return switch (to) {
            case LONG -> new LongConst(k);
            case BYTE -> node(new Ir.Const((byte) k));
            case SHORT -> node(new Ir.Const((short) k));
            case CHAR -> node(new Ir.Const((char) k));
            default -> node(new Ir.Const(k));
          };
        }
        if (from != TypeKind.DOUBLE && from != TypeKind.FLOAT) {
          throw fail(ins, where, line, "converts between integer types");
        }
        return new Truncated(v, to == TypeKind.LONG);
      }
      if ((from == TypeKind.INT || from == TypeKind.LONG) && !(v instanceof Ir.Const)) {
        throw fail(ins, where, line, "converts an integer variable");
      }
      if (to == TypeKind.FLOAT && !f32) {
        // a float value in float64 IR: usable only widened straight back (ROUND_FLOAT)
        return v instanceof Ir.Const c ? new RoundedToFloat(node(new Ir.Const((float) c.value()))) : new RoundedToFloat(v);
      }
      return v instanceof Ir.Const c ? node(new Ir.Const(round(c.value()))) : v;
    }

    /**
     * True for a {@code Math}/{@code StrictMath} function of a float lambda whose Java result is
     * a double that need not be a float value (sqrt, exp, pow, ...): float IR computes it in
     * float, which equals Java only once Java rounds it to float, so the result is usable only by
     * {@code d2f}. abs, min, max, copySign, signum, floor, ceil and rint of float values are float
     * values.
     */
    private static boolean roundsInDouble(String owner, String name, MethodTypeDesc d) {
      if (!owner.equals("java/lang/Math") && !owner.equals("java/lang/StrictMath")
          || !d.returnType().equals(java.lang.constant.ConstantDescs.CD_double)) {
        return false;
      }
      return switch (name) {
        case "abs", "min", "max", "copySign", "signum", "floor", "ceil", "rint" -> false;
        default -> true;
      };
    }

    /** A float or double operator in floating IR. */
    private void floatingOperator(OperatorInstruction o, boolean fp, Deque<Object> stack, Instruction ins, String where, int line)
        throws LiftException {
      // float % (FREM) goes on below: by a power of two it is exact in either type
      boolean floatArithmetic = o.opcode() == java.lang.classfile.Opcode.FADD || o.opcode() == java.lang.classfile.Opcode.FSUB
          || o.opcode() == java.lang.classfile.Opcode.FMUL || o.opcode() == java.lang.classfile.Opcode.FDIV;
      if (roundsFloats() && floatArithmetic) {
        // float operands are float-valued doubles: the double operation rounded to float is
        // Java's float operation (double has more than twice float's precision)
        Ir.Op op = switch (o.opcode()) {
          case FADD -> Ir.Op.ADD;
          case FSUB -> Ir.Op.SUB;
          case FMUL -> Ir.Op.MUL;
          default -> Ir.Op.DIV;
        };
        Ir.Node b = value(stack.pop(), ins, where, line);
        Ir.Node a = value(stack.pop(), ins, where, line);
        stack.push(apply(Ir.Op.ROUND_FLOAT, apply(op, a, b)));
        return;
      }
      switch (o.opcode()) {
        case DADD, FADD -> arithmetic(o, stack, Ir.Op.ADD, ins, where, line);
        case DSUB, FSUB -> arithmetic(o, stack, Ir.Op.SUB, ins, where, line);
        case DMUL, FMUL -> arithmetic(o, stack, Ir.Op.MUL, ins, where, line);
        case DDIV, FDIV -> arithmetic(o, stack, Ir.Op.DIV, ins, where, line);
        case DNEG, FNEG -> stack.push(apply(Ir.Op.NEG, value(stack.pop(), ins, where, line)));
        case DCMPL, FCMPL, DCMPG, FCMPG -> {
          Ir.Node b = value(stack.pop(), ins, where, line);
          Ir.Node a = value(stack.pop(), ins, where, line);
          stack.push(new CmpValue(o.opcode() == java.lang.classfile.Opcode.DCMPG || o.opcode() == java.lang.classfile.Opcode.FCMPG, a, b));
        }
        case DREM, FREM -> {
          if (o.opcode() == java.lang.classfile.Opcode.DREM && floatLambda) {
            throw fail(ins, where, line, "is % on doubles inside a float lambda");
          }
          Object divisor = stack.pop();
          if (!(divisor instanceof Ir.Const c) || !exactRemainderDivisor(c.value())) {
            throw fail(ins, where, line, "is % on floating values by a divisor that is not a constant power of two"
                + " (x - y * trunc(x / y) is not exact then; by +-2^k it is, and lifts)");
          }
          stack.push(remainderByPowerOfTwo(value(stack.pop(), ins, where, line), Math.abs(c.value())));
        }
        case IAND, IOR, IXOR -> {
          boolean ints = isIntegerMarker(stack.peek()) || isIntegerMarker(second(stack));
          if (kind == Ir.Kind.F32 && (isIntLane32(stack.peek()) || isIntLane32(second(stack)))) {
            laneLifting().intLanesOperator32(o, stack, ins, where, line); // ints in int lanes, not two booleans
          } else if (exactIntegers() && (stack.peek() instanceof NarrowedLong || second(stack) instanceof NarrowedLong
              || stack.peek() instanceof IntegerParam || second(stack) instanceof IntegerParam)) {
            laneLifting().intOperator(o, stack, ins, where, line); // ints in long lanes (an int parameter is loaded so)
          } else if (exactIntegers() && ints) {
            exactOrLongLanes(o, stack, ins, where, line); // an int masked, not two booleans
          } else {
            stack.push(logic(o, stack, ins, where, line));
          }
        }
        case IADD, ISUB, IMUL, IDIV, IREM, INEG, ISHL, ISHR, IUSHR -> {
          boolean narrowed = stack.peek() instanceof NarrowedLong || o.opcode() != java.lang.classfile.Opcode.INEG
              && second(stack) instanceof NarrowedLong;
          if (exactIntegers() && narrowed) {
            laneLifting().intOperator(o, stack, ins, where, line);
          } else if (kind == Ir.Kind.F32) {
            laneLifting().intLanesOperator32(o, stack, ins, where, line);
          } else {
            exactOrLongLanes(o, stack, ins, where, line);
          }
        }
        case LADD, LSUB, LMUL, LDIV, LREM, LNEG, LCMP, LAND, LOR, LXOR, LSHL, LSHR, LUSHR -> exactOrLongLanes(o, stack, ins, where, line);
        default -> throw fail(ins, where, line, fp ? "is a floating operation the SIMD compiler does not lift" : INTEGER_ON_VARIABLES);
      }
    }

    /**
     * {@code + - * /}. In a float lambda, one double operation on float values rounded straight
     * back to float equals the float operation (double has more than twice float's precision); a
     * chain of them, or a comparison of the double result, does not: the result is a DoubleResult,
     * usable only by d2f.
     */
    private void arithmetic(OperatorInstruction o, Deque<Object> stack, Ir.Op op, Instruction ins, String where, int line)
        throws LiftException {
      binary(stack, op, ins, where, line);
      if (floatLambda && o.typeKind() == TypeKind.DOUBLE) {
        stack.push(new DoubleResult((Ir.Node) stack.pop()));
      }
    }

    private void binary(Deque<Object> stack, Ir.Op op, Instruction ins, String where, int line) throws LiftException {
      Ir.Node b = value(stack.pop(), ins, where, line);
      Ir.Node a = value(stack.pop(), ins, where, line);
      stack.push(apply(op, a, b));
    }

    private double round(double v) {
      return f32 ? (float) v : v;
    }

    private Ir.Node one() {
      return node(new Ir.Const(1.0));
    }

    /**
     * {@code Math.rint} from exact operations (the Vector API has no rounding operation): adding
     * and subtracting 2^52 (2^23 in float IR) rounds to an integer with ties to even, on the side
     * of zero the value is on; values of that size or larger (and NaN, infinities) are integers
     * already and stay; the sign of a zero result is the input's.
     */
    /** True where integer values lift as exact doubles: float64 IR (float32 holds integers exactly only to 2^24). */
    private boolean exactIntegers() {
      return kind == Ir.Kind.F64;
    }

    /** An integer value of a float64 lambda (not a plain node: those are floating or boolean). */
    private static boolean isIntegerMarker(Object v) {
      return v instanceof IntegerValued || v instanceof Truncated t && !t.toLong();
    }

    private static final double EXACT = 0x1p53;

    /**
     * {@code v} as an exact integer of float64 IR: an IntegerValued, {@code (int) x} (a Truncated
     * to int; {@code (long) x} is not exact as a double where it saturates), an int constant, or
     * a long constant below 2^53.
     */
    private IntegerValued integerValued(Object v, Instruction ins, String where, int line) throws LiftException {
      if (v instanceof IntegerValued iv) {
        return iv;
      }
      if (v instanceof Truncated t && !t.toLong()) {
        return new IntegerValued(apply(Ir.Op.TRUNC_INT, t.value()), Integer.MIN_VALUE, Integer.MAX_VALUE, true);
      }
      if (v instanceof Ir.Const c && c.value() == Math.rint(c.value()) && c.value() >= Integer.MIN_VALUE && c.value() <= Integer.MAX_VALUE) {
        return new IntegerValued(c, c.value(), c.value(), true);
      }
      if (v instanceof LongConst lc && Math.abs((double) lc.value()) < EXACT) {
        return new IntegerValued(node(new Ir.Const((double) lc.value())), lc.value(), lc.value(), false);
      }
      if (v instanceof Truncated) {
        throw fail(ins, where, line, "is int arithmetic on (long) of a floating value (long arithmetic on it lifts, in long lanes)");
      }
      throw fail(ins, where, line, "is integer arithmetic on a value that is not an int cast of a floating value or a constant"
          + " (long arithmetic on integer parameters lifts, in long lanes; int arithmetic on them does not)");
    }

    /**
     * Java's int or long {@code + - * / % neg} and {@code lcmp} on exact integers of float64 IR, as
     * double operations that are exact while the bounds stay below 2^53; int results whose bounds
     * leave the int range wrap as Java's do (v - 2^32 floor((v + 2^31) / 2^32), exact there too).
     * Division and remainder take a constant divisor; the truncated double quotient is the integer
     * one: a non-zero remainder keeps a / d at least 1/|d| from an integer, and the division's
     * rounding error is below |a / d| 2^-53, smaller than that while |a| < 2^53.
     */
    private void integerArithmetic(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
      if (!exactIntegers()) {
        throw fail(ins, where, line, "is integer arithmetic on variables");
      }
      java.lang.classfile.Opcode op = o.opcode();
      boolean isInt = o.typeKind() == TypeKind.INT;
      if (op == java.lang.classfile.Opcode.INEG || op == java.lang.classfile.Opcode.LNEG) {
        IntegerValued a = integerValued(stack.pop(), ins, where, line);
        stack.push(wrapped(apply(Ir.Op.NEG, a.value()), -a.hi(), -a.lo(), isInt, ins, where, line));
        return;
      }
      IntegerValued b = integerValued(stack.pop(), ins, where, line);
      IntegerValued a = integerValued(stack.pop(), ins, where, line);
      switch (op) {
        case LCMP -> stack.push(new CmpValue(false, a.value(), b.value()));
        case IAND, LAND -> {
          // with a mask 2^k - 1: the low k bits, v mod 2^k (two's complement: floorMod)
          IntegerValued mask = b.lo() == b.hi() ? b : a.lo() == a.hi() ? a : null;
          IntegerValued v = mask == b ? a : b;
          double m = mask == null ? -1 : mask.lo() + 1;
          if (mask == null || m <= 1 || m > 0x1p52 || !isPowerOfTwo(m)) {
            throw fail(ins, where, line, "is a bitwise and with something other than a constant 2^k - 1 mask");
          }
          stack.push(new IntegerValued(lowBits(v.value(), m), 0, m - 1, isInt));
        }
        case ISHL, LSHL, ISHR, LSHR, IUSHR -> {
          if (b.lo() != b.hi()) {
            throw fail(ins, where, line, "shifts by a variable count");
          }
          int k = (int) ((long) b.lo() & (isInt ? 31 : 63)); // Java masks the count
          double p = Math.scalb(1.0, k);
          if (k == 0) {
            stack.push(a); // a shift by 0 (or by 32 of an int) leaves the value
          } else if (op == java.lang.classfile.Opcode.ISHL) {
            // the low 32 - k bits moved up: in [0, 2^32), then wrapped to int
            Ir.Node t = apply(Ir.Op.MUL, lowBits(a.value(), Math.scalb(1.0, 32 - k)), node(new Ir.Const(p)));
            stack.push(wrapped(t, 0, 0x1p32 - p, true, ins, where, line));
          } else if (op == java.lang.classfile.Opcode.LSHL) {
            stack.push(wrapped(apply(Ir.Op.MUL, a.value(), node(new Ir.Const(p))), a.lo() * p, a.hi() * p, isInt, ins, where, line));
          } else if (op == java.lang.classfile.Opcode.IUSHR && a.lo() < 0) {
            // the unsigned 32 bits shifted: (v mod 2^32) / 2^k, floored
            Ir.Node unsigned = lowBits(a.value(), 0x1p32);
            stack.push(new IntegerValued(floor(apply(Ir.Op.MUL, unsigned, node(new Ir.Const(1 / p)))), 0, Math.floor(0x1p32 / p), true));
          } else {
            // >> floors (toward negative infinity), as an arithmetic shift does; >>> of a value
            // known non-negative is the same
            stack.push(new IntegerValued(floor(apply(Ir.Op.MUL, a.value(), node(new Ir.Const(1 / p)))),
                Math.floor(a.lo() / p), Math.floor(a.hi() / p), isInt));
          }
        }
        case IADD, LADD -> stack.push(wrapped(apply(Ir.Op.ADD, a.value(), b.value()), a.lo() + b.lo(), a.hi() + b.hi(), isInt, ins, where, line));
        case ISUB, LSUB -> stack.push(wrapped(apply(Ir.Op.SUB, a.value(), b.value()), a.lo() - b.hi(), a.hi() - b.lo(), isInt, ins, where, line));
        case IMUL, LMUL -> {
          double p1 = a.lo() * b.lo();
          double p2 = a.lo() * b.hi();
          double p3 = a.hi() * b.lo();
          double p4 = a.hi() * b.hi();
          stack.push(wrapped(apply(Ir.Op.MUL, a.value(), b.value()), Math.min(Math.min(p1, p2), Math.min(p3, p4)),
              Math.max(Math.max(p1, p2), Math.max(p3, p4)), isInt, ins, where, line));
        }
        case IDIV, IREM, LDIV, LREM -> {
          if (b.lo() != b.hi()) {
            throw fail(ins, where, line, "is integer division by a variable");
          }
          double d = b.lo();
          if (d == 0) {
            throw fail(ins, where, line, "divides by zero (Java throws ArithmeticException)");
          }
          Ir.Node q = apply(Ir.Op.TRUNC_LONG, apply(Ir.Op.DIV, a.value(), b.value()));
          boolean rem = op == java.lang.classfile.Opcode.IREM || op == java.lang.classfile.Opcode.LREM;
          if (rem) {
            double m = Math.abs(d) - 1;
            stack.push(new IntegerValued(apply(Ir.Op.SUB, a.value(), apply(Ir.Op.MUL, q, b.value())),
                a.lo() < 0 ? -m : 0, a.hi() > 0 ? m : 0, isInt));
          } else {
            double l = a.lo() / d;
            double h = a.hi() / d;
            // MIN / -1 is 2^31 here and wraps to MIN, as Java's does
            stack.push(wrapped(q, Math.min(l, h), Math.max(l, h), isInt, ins, where, line));
          }
        }
        default -> throw fail(ins, where, line, "is integer arithmetic that exact doubles do not hold");
      }
    }

    /**
     * The builder of integer-lane nodes (integer IR's operations) of a floating lambda: long
     * lanes of a float64 lambda, int lanes of a float32 one; made on first use.
     */
    private Builder integerLanes;

    private Builder lanes() {
      if (integerLanes == null) {
        integerLanes = new Builder(Ir.otherLanes(kind), false);
      }
      return integerLanes;
    }

    /**
     * True for a value that makes long arithmetic of a float64 lambda compute in long lanes: an
     * integer parameter, {@code (long) x} of a floating value, a long-lane value. Arithmetic on
     * ints and constants alone keeps to exact doubles ({@link IntegerValued}), which also run at
     * 256 bits.
     */
    private static boolean isLongLanesMarker(Object v) {
      return v instanceof IntegerLanes || v instanceof IntegerParam || v instanceof Truncated t && t.toLong();
    }

    /** True when the long operator {@code o} works on long lanes (see {@link #isLongLanesMarker}). */
    private static boolean inLongLanes(OperatorInstruction o, Deque<Object> stack) {
      if (o.typeKind() != TypeKind.LONG) {
        return false;
      }
      return switch (o.opcode()) {
        case LNEG -> isLongLanesMarker(stack.peek());
        // the count of a shift is an int: the value is the element under it
        case LSHL, LSHR, LUSHR -> isLongLanesMarker(second(stack)) || stack.peek() instanceof NarrowedLong;
        default -> isLongLanesMarker(stack.peek()) || isLongLanesMarker(second(stack));
      };
    }

    /**
     * Integer arithmetic of a float64 lambda on exact doubles ({@link #integerArithmetic}: it
     * runs at every vector width), or, where those cannot hold it (a product of two ints may
     * reach 2^53, {@code |} and {@code ^}, masks other than 2^k - 1, variable shifts), in long
     * lanes; when neither lifts it, the exact doubles' reason is the one given.
     */
    private void exactOrLongLanes(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
      boolean unary = o.opcode() == java.lang.classfile.Opcode.INEG || o.opcode() == java.lang.classfile.Opcode.LNEG;
      Object top = stack.peek();
      Object below = second(stack);
      int left = stack.size() - (unary ? 1 : 2);
      try {
        integerArithmetic(o, stack, ins, where, line);
      } catch (LiftException exact) {
        if (!exactIntegers()) {
          throw exact;
        }
        while (stack.size() > left) {
          stack.pop(); // integerArithmetic fails before it pushes
        }
        if (!unary) {
          stack.push(below);
        }
        stack.push(top);
        try {
          if (o.typeKind() == TypeKind.LONG) {
            laneLifting().longOperator(o, stack, ins, where, line);
          } else {
            laneLifting().intOperator(o, stack, ins, where, line);
          }
        } catch (LiftException lanes) {
          throw exact;
        }
      }
    }

    /** True for an int of a float32 lambda held in its int lanes: {@code (int) x}, or int arithmetic on it. */
    private static boolean isIntLane32(Object v) {
      return v instanceof IntegerLanes || v instanceof Truncated t && !t.toLong();
    }

    /** {@code Math.abs}, {@code min} or {@code max} of ints or longs. */
    private static boolean integerMath(String owner, String name, MethodTypeDesc d) {
      String desc = d.descriptorString();
      return (owner.equals("java/lang/Math") || owner.equals("java/lang/StrictMath"))
          && (name.equals("abs") && (desc.equals("(I)I") || desc.equals("(J)J"))
              || (name.equals("min") || name.equals("max")) && (desc.equals("(II)I") || desc.equals("(JJ)J")));
    }

    /** Math.abs/min/max on exact integers: exact as doubles; abs of int MIN_VALUE wraps to itself, as Java's does. */
    private IntegerValued integerMathCall(String name, MethodTypeDesc d, Deque<Object> stack, Instruction ins, String where, int line)
        throws LiftException {
      boolean isInt = d.returnType().equals(java.lang.constant.ConstantDescs.CD_int);
      if (name.equals("abs")) {
        IntegerValued a = integerValued(stack.pop(), ins, where, line);
        double hi = Math.max(Math.abs(a.lo()), Math.abs(a.hi()));
        double lo = a.lo() <= 0 && a.hi() >= 0 ? 0 : Math.min(Math.abs(a.lo()), Math.abs(a.hi()));
        return wrapped(apply(Ir.Op.ABS, a.value()), lo, hi, isInt, ins, where, line);
      }
      IntegerValued b = integerValued(stack.pop(), ins, where, line);
      IntegerValued a = integerValued(stack.pop(), ins, where, line);
      boolean min = name.equals("min");
      // the IR's min/max follow Java's double rules, which for integer values (no NaN, and a zero
      // that is +0.0 or -0.0 either way equal) are the integer ones
      return new IntegerValued(apply(min ? Ir.Op.MIN : Ir.Op.MAX, a.value(), b.value()),
          min ? Math.min(a.lo(), b.lo()) : Math.max(a.lo(), b.lo()), min ? Math.min(a.hi(), b.hi()) : Math.max(a.hi(), b.hi()), isInt);
    }

    /** True for a positive power of two that is a normal double. */
    private static boolean isPowerOfTwo(double m) {
      return m > 0 && !Double.isInfinite(m) && m == Math.scalb(1.0, Math.getExponent(m));
    }

    /** The element under the top of the symbolic stack, or null. */
    private static Object second(Deque<Object> stack) {
      java.util.Iterator<Object> it = stack.iterator();
      if (!it.hasNext()) {
        return null;
      }
      it.next();
      return it.hasNext() ? it.next() : null;
    }

    /** {@code v mod m} for a power of two m, in [0, m): {@code v - m floor(v / m)}, exact for |v| < 2^53. */
    private Ir.Node lowBits(Ir.Node v, double m) {
      Ir.Node turns = floor(apply(Ir.Op.MUL, v, node(new Ir.Const(1 / m))));
      return apply(Ir.Op.SUB, v, apply(Ir.Op.MUL, turns, node(new Ir.Const(m))));
    }

    /** {@code v} with bounds [lo, hi]: wrapped to int for an int result that may leave its range; refused beyond 2^53. */
    private IntegerValued wrapped(Ir.Node v, double lo, double hi, boolean isInt, Instruction ins, String where, int line) throws LiftException {
      if (Math.max(Math.abs(lo), Math.abs(hi)) >= (isInt ? 0x1p52 : EXACT)) {
        throw fail(ins, where, line, "is integer arithmetic whose results may reach 2^53 (a double would not hold them exactly)");
      }
      if (!isInt || lo >= Integer.MIN_VALUE && hi <= Integer.MAX_VALUE) {
        return new IntegerValued(v, lo, hi, isInt);
      }
      // the low 32 bits, read as a signed int: (v + 2^31) mod 2^32 - 2^31
      Ir.Node w = apply(Ir.Op.SUB, lowBits(apply(Ir.Op.ADD, v, node(new Ir.Const(0x1p31))), 0x1p32), node(new Ir.Const(0x1p31)));
      return new IntegerValued(w, Integer.MIN_VALUE, Integer.MAX_VALUE, true);
    }

    /** {@code Math.floor(x)}: rint, one down where it rounded up, zeros with x's sign. */
    private Ir.Node floor(Ir.Node x) {
      Ir.Node r = rint(x);
      return signedZero(node(new Ir.Select(cmp(Ir.Cmp.GT, r, x), apply(Ir.Op.SUB, r, one()), r)), x);
    }

    /** {@code Math.round(double)} (returns long) or {@code Math.round(float)} (returns int). */
    private static boolean isMathRound(String owner, String name, MethodTypeDesc d) {
      return (owner.equals("java/lang/Math") || owner.equals("java/lang/StrictMath")) && name.equals("round")
          && (d.descriptorString().equals("(D)J") || d.descriptorString().equals("(F)I"));
    }

    /**
     * The integer-valued floating value Math.round converts (the nearest integer, ties toward
     * positive infinity), exactly: floor(x) and the fraction x - floor(x) are exact (below 2^52,
     * 2^23 in float32; beyond, x is an integer and the fraction 0), and the fraction's comparison
     * with 0.5 decides. x + 0.5 would round (0.49999999999999994 + 0.5 is 1). NaN stays NaN and
     * infinities stay infinite, which the conversion to long or int then makes 0 or saturates, as
     * Math.round does.
     */
    private Ir.Node roundHalfUp(Ir.Node x) {
      Ir.Node f = floor(x);
      Ir.Node up = cmp(Ir.Cmp.GE, apply(Ir.Op.SUB, x, f), node(new Ir.Const(0.5)));
      return node(new Ir.Select(up, apply(Ir.Op.ADD, f, one()), f));
    }

    private Ir.Node rint(Ir.Node x) {
      Ir.Node big = node(new Ir.Const(f32 ? 0x1p23 : 0x1p52));
      Ir.Node up = apply(Ir.Op.SUB, apply(Ir.Op.ADD, x, big), big);
      Ir.Node down = apply(Ir.Op.ADD, apply(Ir.Op.SUB, x, big), big);
      Ir.Node zero = node(new Ir.Const(0.0));
      Ir.Node r = node(new Ir.Select(cmp(Ir.Cmp.GE, x, zero), up, down));
      r = node(new Ir.Select(cmp(Ir.Cmp.LT, apply(Ir.Op.ABS, x), big), r, x));
      return signedZero(r, x);
    }

    /** {@code r}, except that a zero result takes the sign of {@code x} (as x * 0 has it). */
    private Ir.Node signedZero(Ir.Node r, Ir.Node x) {
      Ir.Node zero = node(new Ir.Const(0.0));
      return node(new Ir.Select(cmp(Ir.Cmp.EQ, r, zero), apply(Ir.Op.MUL, x, zero), r));
    }

    /** True for a finite non-zero power of two (of either sign), in the IR's type. */
    private boolean exactRemainderDivisor(double y) {
      double m = Math.abs(y);
      boolean powerOfTwo = Math.getExponent(m) >= Double.MIN_EXPONENT && isPowerOfTwo(m);
      return powerOfTwo && (!f32 || (float) m == m && Math.getExponent((float) m) >= Float.MIN_EXPONENT);
    }

    /**
     * Java's {@code x % y} (fmod: the remainder of the quotient truncated toward zero, with x's
     * sign) for y = 2^k, exactly: x / y and trunc(x / y) * y only scale by a power of two, and the
     * exact remainder x - trunc(x / y) * y is a representable number, so the subtraction does not
     * round. That holds while |x / y| is below 2^53 (2^24 in float32, where TRUNC_INT's int range
     * also holds); beyond, x is a multiple of y and the remainder is a zero. NaN and infinite x
     * give NaN; a zero keeps x's sign (-4.0 % 2.0 is -0.0), hence the copySign.
     */
    private Ir.Node remainderByPowerOfTwo(Ir.Node x, double y) {
      Ir.Node q = apply(f32 ? Ir.Op.TRUNC_INT : Ir.Op.TRUNC_LONG, apply(Ir.Op.MUL, x, node(new Ir.Const(round(1.0 / y)))));
      Ir.Node r = apply(Ir.Op.COPYSIGN, apply(Ir.Op.SUB, x, apply(Ir.Op.MUL, q, node(new Ir.Const(y)))), x);
      Ir.Node zero = apply(Ir.Op.COPYSIGN, node(new Ir.Const(0.0)), x);
      Ir.Node abs = apply(Ir.Op.ABS, x);
      double limit = round((f32 ? 0x1p24 : 0x1p53) * y); // infinite for huge y: then never a multiple
      Ir.Node finite = cmp(Ir.Cmp.LT, abs, node(new Ir.Const(Double.POSITIVE_INFINITY)));
      Ir.Node big = cmp(Ir.Cmp.GE, abs, node(new Ir.Const(limit)));
      Ir.Node value = node(new Ir.Select(big, zero, r));
      return node(new Ir.Select(finite, value, node(new Ir.Const(Double.NaN))));
    }

    /** {@code & | ^} on two booleans (javac's code for non-short-circuit logic) as a condition. */
    private Ir.Node logic(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
      String at = where + (line >= 0 ? " (line " + line + ")" : "");
      Ir.Node b = toCondition(value(stack.pop(), ins, where, line), at);
      Ir.Node a = toCondition(value(stack.pop(), ins, where, line), at);
      Ir.LogicOp op = switch (o.opcode()) {
        case IAND -> Ir.LogicOp.AND;
        case IOR -> Ir.LogicOp.OR;
        default -> Ir.LogicOp.XOR;
      };
      return node(new Ir.Logic(op, a, b));
    }

    private boolean isConst(Ir.Node n, long v) {
      return n instanceof Ir.Const c && (kind.floating() ? c.value() == v : c.bits() == v);
    }

    /**
     * The condition a boolean value stands for: a comparison, or the 0/1 that javac's branches
     * produce for a boolean ({@code cond ? 1 : 0} and nestings of it, as {@code &&}/{@code ||}
     * compile), or logic on such values.
     *
     * @throws LiftException when the value is not 0/1-valued (a computed int returned as boolean)
     */
    Ir.Node toCondition(Ir.Node n, String where) throws LiftException {
      if (Ir.isCondition(n)) {
        return n;
      }
      if (isConst(n, 1) || isConst(n, 0)) {
        Ir.Node zero = node(kind.floating() ? new Ir.Const(0.0) : Ir.Const.integer(0));
        return cmp(isConst(n, 1) ? Ir.Cmp.EQ : Ir.Cmp.NE, zero, zero);
      }
      if (n instanceof Ir.Select x) {
        Ir.Node c = x.cond();
        Ir.Node t = x.ifTrue();
        Ir.Node f = x.ifFalse();
        if (isConst(t, 1) && isConst(f, 0)) {
          return c;
        }
        if (isConst(t, 0) && isConst(f, 1)) {
          return not(c);
        }
        if (isConst(t, 1)) {
          return node(new Ir.Logic(Ir.LogicOp.OR, c, toCondition(f, where)));
        }
        if (isConst(f, 0)) {
          return node(new Ir.Logic(Ir.LogicOp.AND, c, toCondition(t, where)));
        }
        if (isConst(t, 0)) {
          return node(new Ir.Logic(Ir.LogicOp.AND, not(c), toCondition(f, where)));
        }
        if (isConst(f, 1)) {
          return node(new Ir.Logic(Ir.LogicOp.OR, not(c), toCondition(t, where)));
        }
        return node(new Ir.Logic(Ir.LogicOp.OR, node(new Ir.Logic(Ir.LogicOp.AND, c, toCondition(t, where))),
            node(new Ir.Logic(Ir.LogicOp.AND, not(c), toCondition(f, where)))));
      }
      if (kind == Ir.Kind.I32 && n instanceof Ir.Apply a && (a.op() == Ir.Op.AND || a.op() == Ir.Op.OR || a.op() == Ir.Op.XOR)) {
        Ir.LogicOp op = a.op() == Ir.Op.AND ? Ir.LogicOp.AND : a.op() == Ir.Op.OR ? Ir.LogicOp.OR : Ir.LogicOp.XOR;
        return node(new Ir.Logic(op, toCondition(a.args().get(0), where), toCondition(a.args().get(1), where)));
      }
      throw new LiftException(where + " uses a computed value as a boolean (only comparisons, their logic and 0/1 lift)");
    }

    /** ifeq, ifne, iflt, ifge, ifgt, ifle: an int compared with zero. */
    private static boolean isZeroBranch(java.lang.classfile.Opcode op) {
      return switch (op) {
        case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> true;
        default -> false;
      };
    }

    private static boolean isIntCompare(java.lang.classfile.Opcode op) {
      return switch (op) {
        case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> true;
        default -> false;
      };
    }

    /**
     * The IR op of {@code Long.bitCount}, {@code numberOfLeadingZeros} or {@code
     * numberOfTrailingZeros} in int64 IR, or of their {@code Integer} versions in int32 IR;
     * null for any other call.
     */
    private Ir.Op countFunction(String owner, String name, MethodTypeDesc d) {
      boolean longs = kind == Ir.Kind.I64 && owner.equals("java/lang/Long") && d.descriptorString().equals("(J)I");
      boolean ints = kind == Ir.Kind.I32 && owner.equals("java/lang/Integer") && d.descriptorString().equals("(I)I");
      if (!longs && !ints) {
        return null;
      }
      return switch (name) {
        case "bitCount" -> Ir.Op.BIT_COUNT;
        case "numberOfLeadingZeros" -> Ir.Op.LEADING_ZEROS_COUNT;
        case "numberOfTrailingZeros" -> Ir.Op.TRAILING_ZEROS_COUNT;
        default -> null;
      };
    }

    /** {@code v} as a small int of int64 IR: a SmallInt, or an int constant (its own bound). */
    private SmallInt smallInt(Object v, Instruction ins, String where, int line) throws LiftException {
      if (v instanceof SmallInt si) {
        return si;
      }
      if (v instanceof Ir.Const c && c.bits() == (int) c.bits()) {
        return new SmallInt(c, Math.abs(c.bits()) + 1);
      }
      throw fail(ins, where, line, "mixes the int result of a bit count with an int that is not a constant");
    }

    /** if_icmpXX a, b branches as ifXX on (a cmp b) would: the same condition with zero. */
    private static java.lang.classfile.Opcode zeroForm(java.lang.classfile.Opcode op) {
      return switch (op) {
        case IF_ICMPEQ -> java.lang.classfile.Opcode.IFEQ;
        case IF_ICMPNE -> java.lang.classfile.Opcode.IFNE;
        case IF_ICMPLT -> java.lang.classfile.Opcode.IFLT;
        case IF_ICMPGE -> java.lang.classfile.Opcode.IFGE;
        case IF_ICMPGT -> java.lang.classfile.Opcode.IFGT;
        default -> java.lang.classfile.Opcode.IFLE;
      };
    }

    /**
     * Integer IR: arithmetic on the IR's own type (long for int64, int for int32); a shift's count
     * is an int even in long code, and Java masks it as the Vector API does. Division and
     * remainder are not lifted: Java throws on a zero divisor, which a SIMD lane cannot.
     */
    private void integerOperator(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
      TypeKind own = kind == Ir.Kind.I64 ? TypeKind.LONG : TypeKind.INT;
      if (kind == Ir.Kind.I64 && o.typeKind() == TypeKind.INT && intConstants(o, stack)) {
        // int arithmetic on constants in long code (a loop counter): Java's int result
        boolean unary = o.opcode() == java.lang.classfile.Opcode.INEG;
        int b = (int) ((Ir.Const) stack.pop()).bits();
        int a = unary ? 0 : (int) ((Ir.Const) stack.pop()).bits();
        stack.push(node(Ir.Const.integer(intResult(o.opcode(), a, b, ins, where, line))));
        return;
      }
      if ((kind == Ir.Kind.I64 || kind == Ir.Kind.BOOL) && (o.opcode() == java.lang.classfile.Opcode.IAND
          || o.opcode() == java.lang.classfile.Opcode.IOR || o.opcode() == java.lang.classfile.Opcode.IXOR)) {
        stack.push(logic(o, stack, ins, where, line)); // int ops in long code: booleans
        return;
      }
      if (o.opcode() == java.lang.classfile.Opcode.LCMP && kind == Ir.Kind.I64) {
        Ir.Node b = value(stack.pop(), ins, where, line);
        Ir.Node a = value(stack.pop(), ins, where, line);
        stack.push(new CmpValue(false, a, b));
        return;
      }
      if (kind == Ir.Kind.I64 && (o.opcode() == java.lang.classfile.Opcode.IADD || o.opcode() == java.lang.classfile.Opcode.ISUB)
          && (stack.peek() instanceof SmallInt || second(stack) instanceof SmallInt)) {
        // counts added or subtracted stay far from int overflow, so the long result is the int's
        SmallInt b = smallInt(stack.pop(), ins, where, line);
        SmallInt a = smallInt(stack.pop(), ins, where, line);
        long bound = a.bound() + b.bound();
        if (bound >= Integer.MAX_VALUE) {
          throw fail(ins, where, line, "adds ints that could overflow");
        }
        stack.push(new SmallInt(apply(o.opcode() == java.lang.classfile.Opcode.IADD ? Ir.Op.ADD : Ir.Op.SUB, a.value(), b.value()), bound));
        return;
      }
      if (o.typeKind() != own) {
        throw fail(ins, where, line, o.typeKind() == TypeKind.DOUBLE || o.typeKind() == TypeKind.FLOAT
            ? FLOATING_IN_INTEGER : MIXES_INT_AND_LONG);
      }
      switch (o.opcode()) {
        case LADD, IADD -> binary(stack, Ir.Op.ADD, ins, where, line);
        case LSUB, ISUB -> binary(stack, Ir.Op.SUB, ins, where, line);
        case LMUL, IMUL -> binary(stack, Ir.Op.MUL, ins, where, line);
        case LAND, IAND -> binary(stack, Ir.Op.AND, ins, where, line);
        case LOR, IOR -> binary(stack, Ir.Op.OR, ins, where, line);
        case LXOR, IXOR -> binary(stack, Ir.Op.XOR, ins, where, line);
        case LSHL, ISHL, LSHR, ISHR, LUSHR, IUSHR -> {
          Object count = stack.pop();
          Ir.Node b = count instanceof NarrowedLong nl ? nl.value() : value(count, ins, where, line);
          Ir.Node a = value(stack.pop(), ins, where, line);
          Ir.Op op = switch (o.opcode()) {
            case LSHL, ISHL -> Ir.Op.SHL;
            case LSHR, ISHR -> Ir.Op.SHR;
            default -> Ir.Op.USHR;
          };
          stack.push(apply(op, a, b));
        }
        case LNEG, INEG -> stack.push(apply(Ir.Op.NEG, value(stack.pop(), ins, where, line)));
        case LDIV, IDIV, LREM, IREM -> {
          if (!(stack.peek() instanceof Ir.Const c)) {
            throw fail(ins, where, line, "is integer division by a variable (Java throws on a zero divisor, a SIMD lane cannot;"
                + " x86 has no SIMD integer division either)");
          }
          stack.pop();
          Ir.Node a = value(stack.pop(), ins, where, line);
          boolean rem = o.opcode() == java.lang.classfile.Opcode.LREM || o.opcode() == java.lang.classfile.Opcode.IREM;
          stack.push(divideByConstant(a, c.bits(), rem, ins, where, line));
        }
        default -> throw fail(ins, where, line, "is an integer operation the SIMD compiler does not lift");
      }
    }

    /** True when the operands of the int operator {@code o} on the stack are constants. */
    private static boolean intConstants(OperatorInstruction o, Deque<Object> stack) {
      boolean unary = o.opcode() == java.lang.classfile.Opcode.INEG;
      return stack.peek() instanceof Ir.Const && (unary || second(stack) instanceof Ir.Const);
    }

    /** Java's int {@code a op b} on constants ({@code b} alone for negation): integer IR's own evaluation, in int. */
    private static int intResult(java.lang.classfile.Opcode op, int a, int b, Instruction ins, String where, int line) throws LiftException {
      if (op == java.lang.classfile.Opcode.IDIV || op == java.lang.classfile.Opcode.IREM) {
        if (b == 0) {
          throw fail(ins, where, line, "divides by zero (Java throws ArithmeticException)");
        }
        return op == java.lang.classfile.Opcode.IDIV ? a / b : a % b;
      }
      Ir.Op ir = switch (op) {
        case IADD -> Ir.Op.ADD;
        case ISUB -> Ir.Op.SUB;
        case IMUL -> Ir.Op.MUL;
        case INEG -> Ir.Op.NEG;
        case IAND -> Ir.Op.AND;
        case IOR -> Ir.Op.OR;
        case IXOR -> Ir.Op.XOR;
        case ISHL -> Ir.Op.SHL;
        case ISHR -> Ir.Op.SHR;
        case IUSHR -> Ir.Op.USHR;
        default -> throw fail(ins, where, line, "is an int operation the lifter does not know");
      };
      return (int) Passes.evalInteger(ir, ir == Ir.Op.NEG ? new long[] {b} : new long[] {a, b}, true);
    }

    /**
     * {@code a / d} or {@code a % d} with Java's semantics (the quotient truncated toward zero,
     * the remainder with the dividend's sign) for a constant d. For 1, -1 and +-2^k, shifts: the
     * quotient is {@code (a + bias) >> k} with a bias of {@code 2^k - 1} for negative a (the sign
     * shifted into the low k bits), the remainder {@code a - (q << k)}; {@code a / -2^k} is
     * {@code -(a / 2^k)} and {@code a % -2^k} is {@code a % 2^k}. Other constants: a multiply by
     * a magic number ({@link #divideByMagic}). The minimum value: a select (only it divides
     * itself). Zero throws in Java, so it does not lift.
     */
    private Ir.Node divideByConstant(Ir.Node a, long d, boolean rem, Instruction ins, String where, int line) throws LiftException {
      int w = kind == Ir.Kind.I64 ? 64 : 32;
      long divisor = w == 32 ? (int) d : d;
      if (divisor == 0) {
        throw fail(ins, where, line, "divides by zero (Java throws ArithmeticException)");
      }
      long m = Math.abs(divisor);
      if (divisor == (w == 64 ? Long.MIN_VALUE : Integer.MIN_VALUE)) {
        // |MIN_VALUE| overflows, but only MIN_VALUE itself divides: quotient 1, remainder 0; any
        // other dividend is smaller in magnitude: quotient 0, remainder the dividend
        Ir.Node isMin = cmp(Ir.Cmp.EQ, a, node(Ir.Const.integer(divisor)));
        return rem ? node(new Ir.Select(isMin, node(Ir.Const.integer(0)), a))
            : node(new Ir.Select(isMin, node(Ir.Const.integer(1)), node(Ir.Const.integer(0))));
      }
      if (Long.bitCount(m) != 1) {
        if (w == 64 && org.ufunc4j.internal.simd.SimdSupport.vectorBits() < 512) {
          // measured on AVX2 (256 bits): a / 10 + a % 7 in 2.8 ns per element against 1.6 for
          // the loop (session 12); with AVX-512's 64-bit multiply 1.50 us per 4096 against 4.16
          // for tier A (session 14), so it lifts there
          throw fail(ins, where, line, "is long division by " + divisor + ", a constant that is not a power of two: below 512-bit"
              + " vectors the multiply-high it needs in long lanes costs more than the scalar division (x86 has no 64-bit"
              + " vector multiply without AVX-512) (powers of two lift; int division by any constant lifts)");
        }
        Ir.Node q = divideByMagic(a, divisor, w);
        return rem ? apply(Ir.Op.SUB, a, apply(Ir.Op.MUL, q, node(Ir.Const.integer(divisor)))) : q;
      }
      if (m == 1) {
        return rem ? node(Ir.Const.integer(0)) : divisor == 1 ? a : apply(Ir.Op.NEG, a);
      }
      int k = Long.numberOfTrailingZeros(m);
      Ir.Node sign = apply(Ir.Op.SHR, a, node(Ir.Const.integer(w - 1)));
      Ir.Node bias = apply(Ir.Op.USHR, sign, node(Ir.Const.integer(w - k)));
      Ir.Node q = apply(Ir.Op.SHR, apply(Ir.Op.ADD, a, bias), node(Ir.Const.integer(k)));
      if (rem) {
        return apply(Ir.Op.SUB, a, apply(Ir.Op.SHL, q, node(Ir.Const.integer(k))));
      }
      return divisor > 0 ? q : apply(Ir.Op.NEG, q);
    }

    /**
     * {@code a / d} truncated toward zero for a constant d with |d| >= 3 not a power of two, in
     * w-bit lanes (int lanes: in long lanes it measured slower than the scalar loop), without a division (x86 has no SIMD integer division): q = the high half of
     * the signed product M a, corrected by a when M's sign differs from d's, shifted right by s,
     * plus 1 when negative, with M and s from {@link #magic} (the method of Granlund and
     * Montgomery, as Hacker's Delight presents it). The Vector API has no multiply-high, so the
     * high half is built from products of w/2-bit halves, which w-bit lanes hold exactly.
     */
    private Ir.Node divideByMagic(Ir.Node a, long d, int w) {
      long[] ms = magic(d, w);
      long mUnsigned = ms[0];
      long mSigned = w == 32 ? (int) mUnsigned : mUnsigned;
      int h = w / 2;
      long mask = (1L << h) - 1;
      Ir.Node lowA = apply(Ir.Op.AND, a, node(Ir.Const.integer(mask)));
      Ir.Node highA = apply(Ir.Op.USHR, a, node(Ir.Const.integer(h)));
      Ir.Node lowM = node(Ir.Const.integer(mUnsigned & mask));
      Ir.Node highM = node(Ir.Const.integer(w == 32 ? mUnsigned >>> h & mask : mUnsigned >>> h));
      Ir.Node halfShift = node(Ir.Const.integer(h));
      // the unsigned high half of a * M: every partial sum fits in w bits
      Ir.Node t = apply(Ir.Op.MUL, lowA, lowM);
      t = apply(Ir.Op.ADD, apply(Ir.Op.MUL, highA, lowM), apply(Ir.Op.USHR, t, halfShift));
      Ir.Node w1 = apply(Ir.Op.AND, t, node(Ir.Const.integer(mask)));
      Ir.Node w2 = apply(Ir.Op.USHR, t, halfShift);
      t = apply(Ir.Op.ADD, apply(Ir.Op.MUL, lowA, highM), w1);
      Ir.Node hi = apply(Ir.Op.ADD, apply(Ir.Op.ADD, apply(Ir.Op.MUL, highA, highM), w2), apply(Ir.Op.USHR, t, halfShift));
      // signed: less M where a is negative, and less a where M is; the method then adds a back
      // when M < 0 < d and subtracts it when d < 0 < M, so a is subtracted once exactly when d < 0
      Ir.Node signA = apply(Ir.Op.SHR, a, node(Ir.Const.integer(w - 1)));
      Ir.Node q = apply(Ir.Op.SUB, hi, apply(Ir.Op.AND, signA, node(Ir.Const.integer(mSigned))));
      if (d < 0) {
        q = apply(Ir.Op.SUB, q, a);
      }
      if (ms[1] > 0) {
        q = apply(Ir.Op.SHR, q, node(Ir.Const.integer(ms[1])));
      }
      return apply(Ir.Op.ADD, q, apply(Ir.Op.USHR, q, node(Ir.Const.integer(w - 1))));
    }

    /**
     * The magic number M (w bits, returned as its unsigned value) and shift s for signed division
     * by d: the smallest p >= w with 2^p > nc (2^p mod |d| less... ) found by doubling, where nc is
     * the largest dividend with nc mod |d| = |d| - 1; M = 2^p / |d| + 1 (negated for negative d),
     * s = p - w. Computed exactly with BigInteger.
     */
    static long[] magic(long d, int w) {
      java.math.BigInteger two = java.math.BigInteger.TWO;
      java.math.BigInteger twoW1 = java.math.BigInteger.ONE.shiftLeft(w - 1);
      java.math.BigInteger ad = java.math.BigInteger.valueOf(d).abs();
      java.math.BigInteger t = twoW1.add(java.math.BigInteger.valueOf(d < 0 ? 1 : 0));
      java.math.BigInteger anc = t.subtract(java.math.BigInteger.ONE).subtract(t.mod(ad));
      int p = w - 1;
      java.math.BigInteger q1 = twoW1.divide(anc);
      java.math.BigInteger r1 = twoW1.subtract(q1.multiply(anc));
      java.math.BigInteger q2 = twoW1.divide(ad);
      java.math.BigInteger r2 = twoW1.subtract(q2.multiply(ad));
      java.math.BigInteger delta;
      do {
        p++;
        q1 = q1.multiply(two);
        r1 = r1.multiply(two);
        if (r1.compareTo(anc) >= 0) {
          q1 = q1.add(java.math.BigInteger.ONE);
          r1 = r1.subtract(anc);
        }
        q2 = q2.multiply(two);
        r2 = r2.multiply(two);
        if (r2.compareTo(ad) >= 0) {
          q2 = q2.add(java.math.BigInteger.ONE);
          r2 = r2.subtract(ad);
        }
        delta = ad.subtract(r2);
      } while (q1.compareTo(delta) < 0 || q1.equals(delta) && r1.signum() == 0);
      java.math.BigInteger m = q2.add(java.math.BigInteger.ONE);
      if (d < 0) {
        m = m.negate();
      }
      long bits = m.longValue(); // two's complement, the low 64 bits
      return new long[] {w == 32 ? bits & 0xffffffffL : bits, p - w};
    }

    /**
     * Integer IR conversions: constants convert (a floating constant cast to the IR's type, int
     * to long and back); a variable does not (its type is the IR's, so a conversion changes it).
     */
    private Object integerConvert(ConvertInstruction cv, Object v, Instruction ins, String where, int line) throws LiftException {
      TypeKind to = cv.toType();
      if (v instanceof SmallInt si) {
        if (to != TypeKind.LONG) {
          throw fail(ins, where, line, "converts the int result of a bit count other than to long");
        }
        return si.value(); // the long that holds the int
      }
      if (v instanceof Foreign f) {
        return switch (to) {
          case LONG -> node(Ir.Const.integer((long) f.value()));
          case INT -> node(Ir.Const.integer((int) f.value()));
          case DOUBLE -> new Foreign(f.value(), f.what());
          case FLOAT -> new Foreign((float) f.value(), f.what());
          default -> throw fail(ins, where, line, "narrows a floating constant");
        };
      }
      Ir.Node n = value(v, ins, where, line);
      if (n instanceof Ir.Const c) {
        return switch (to) {
          case LONG -> n;
          case INT -> node(Ir.Const.integer((int) c.bits()));
          case BYTE -> node(Ir.Const.integer((byte) c.bits()));
          case SHORT -> node(Ir.Const.integer((short) c.bits()));
          case CHAR -> node(Ir.Const.integer((char) c.bits()));
          case DOUBLE -> new Foreign((double) c.bits(), "an integer converted to floating in an integer lambda");
          case FLOAT -> new Foreign((float) c.bits(), "an integer converted to floating in an integer lambda");
          default -> throw fail(ins, where, line, "is a conversion the lifter does not know");
        };
      }
      if (cv.fromType() == TypeKind.LONG && to == TypeKind.INT && kind == Ir.Kind.I64) {
        return new NarrowedLong(n);
      }
      throw fail(ins, where, line, CONVERTS_INTEGER + " (not lifted)");
    }

    private static String describe(Instruction ins) {
      String k = ins.opcode().name().toLowerCase(java.util.Locale.ROOT);
      if (k.startsWith("if") || k.startsWith("goto") || k.contains("switch")) {
        return "is a branch on integers, objects or a switch (only floating comparisons are lifted)";
      }
      if (k.contains("field") || k.contains("static")) {
        return "reads or writes a field";
      }
      if (k.startsWith("new") || k.contains("array")) {
        return "allocates or uses an array or object";
      }
      if (k.equals("athrow")) {
        return "throws an exception";
      }
      return "is not lifted";
    }

    /** The lifting of integer lanes, built on first use (see {@link IntegerLaneLifting}). */
    private IntegerLaneLifting laneLifting;

    private IntegerLaneLifting laneLifting() {
      if (laneLifting == null) {
        laneLifting = new IntegerLaneLifting();
      }
      return laneLifting;
    }

    /**
     * The lifting of integer arithmetic in integer lanes of a floating lambda (long lanes of
     * float64, int lanes of float32) and of floating bits: a class of its own, loaded only by
     * lambdas that use it, because the JVM verifies a class's whole bytecode when it loads it and
     * every new ufunc's first call loads the builder (this much more code cost W1's first call
     * about 3 ms, JMH).
     */
    private final class IntegerLaneLifting {
      /**
       * {@code v} as a long-lane node: a long-lane value, an integer parameter's long value, a
       * constant, an exact integer ({@code (int) x} and its arithmetic, whose d2l is exact) or
       * {@code (long) x} of a floating value (Java's d2l, saturating).
       */
      private Ir.Node longLaneValue(Object v, Instruction ins, String where, int line) throws LiftException {
        if (v instanceof IntegerLanes l) {
          return l.value();
        }
        if (v instanceof IntegerParam ip) {
          return lanes().node(new Ir.LongParam(ip.index()));
        }
        if (v instanceof LongConst lc) {
          return lanes().node(Ir.Const.integer(lc.value()));
        }
        if (v instanceof Ir.Const c && c.value() == Math.rint(c.value()) && c.value() >= Integer.MIN_VALUE && c.value() <= Integer.MAX_VALUE) {
          return lanes().node(Ir.Const.integer((long) c.value())); // an int constant (float64 IR holds it as a double)
        }
        if (v instanceof IntegerValued iv) {
          return lanes().apply(Ir.Op.TO_INTEGER, iv.value());
        }
        if (v instanceof Truncated t) {
          return lanes().apply(Ir.Op.TO_INTEGER, t.toLong() ? t.value() : apply(Ir.Op.TRUNC_INT, t.value()));
        }
        if (v instanceof NarrowedLong nl) {
          return int32(nl.value()); // an int from a long, used as a long again
        }
        throw fail(ins, where, line, "is long arithmetic on a value that is not an integer (a floating value needs a cast)");
      }

      /** The long-lane value {@code v} narrowed to int and sign-extended back: Java's (long) (int) v. */
      private Ir.Node int32(Ir.Node v) {
        return signExtend(v, 32);
      }

      /**
       * True when the integer-lane value {@code v} is known to be the sign extension of its low
       * {@code bits} bits: a sign extension from fewer bits, a mask by a non-negative constant
       * below 2^(bits - 1), a bit count.
       */
      private static boolean fitsSigned(Ir.Node v, int bits, int width) {
        if (!(v instanceof Ir.Apply a)) {
          return v instanceof Ir.Const c && c.bits() >= -(1L << (bits - 1)) && c.bits() < 1L << (bits - 1);
        }
        return switch (a.op()) {
          case SHR -> a.args().get(0) instanceof Ir.Apply l && l.op() == Ir.Op.SHL && a.args().get(1) instanceof Ir.Const k
              && l.args().get(1).equals(k) && k.bits() >= width - bits && k.bits() < width;
          case AND -> a.args().get(1) instanceof Ir.Const m && m.bits() >= 0 && m.bits() < 1L << (bits - 1);
          case BIT_COUNT, LEADING_ZEROS_COUNT, TRAILING_ZEROS_COUNT -> bits > 7;
          default -> false;
        };
      }

      /** The low {@code bits} bits of the long-lane value {@code v}, sign-extended. */
      private Ir.Node signExtend(Ir.Node v, int bits) {
        int width = lanes().kind == Ir.Kind.I64 ? 64 : 32;
        if (fitsSigned(v, bits, width)) {
          return v; // (int) of a byte, a char, a count: already its own sign extension
        }
        Ir.Node k = lanes().node(Ir.Const.integer(width - bits));
        return lanes().apply(Ir.Op.SHR, lanes().apply(Ir.Op.SHL, v, k), k);
      }

      /**
       * A long operator of a float64 lambda in long lanes: integer IR's lifting of it (wrapping
       * arithmetic, shifts with Java's masked counts, division by +-2^k, lcmp) on the long-lane
       * values of its operands.
       */
      private void longOperator(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
        boolean shift = o.opcode() == java.lang.classfile.Opcode.LSHL || o.opcode() == java.lang.classfile.Opcode.LSHR
            || o.opcode() == java.lang.classfile.Opcode.LUSHR;
        int arity = o.opcode() == java.lang.classfile.Opcode.LNEG ? 1 : 2;
        Object[] popped = new Object[arity];
        for (int k = arity - 1; k >= 0; k--) {
          popped[k] = stack.pop();
        }
        Deque<Object> operands = new ArrayDeque<>();
        for (int k = 0; k < arity; k++) {
          boolean count = shift && k == 1;
          // a shift count narrowed from a long stays a NarrowedLong: integer IR shifts by its low bits
          operands.push(count && popped[k] instanceof NarrowedLong nl ? new NarrowedLong(nl.value()) : longLaneValue(popped[k], ins, where, line));
        }
        lanes().integerOperator(o, operands, ins, where, line);
        Object r = operands.pop();
        if (r instanceof CmpValue cv) {
          stack.push(new CmpValue(cv.nanIsGreater(), cv.a(), cv.b(), true));
        } else if (r instanceof Ir.Node n) {
          stack.push(new IntegerLanes(n));
        } else {
          throw fail(ins, where, line, "is long arithmetic the lifter does not track");
        }
      }

      /**
       * A conversion of a long-lane value (or of one narrowed to int) in a float64 lambda:
       * {@code (double) v} is Java's l2d; {@code (int) v} is usable as a shift count, widened back
       * to long, or converted to double (its low 32 bits, sign-extended); {@code (float) v} rounds
       * once from long, which float64 code cannot, and does not lift.
       */
      private Object longLanesConvert(ConvertInstruction cv, Object v, Instruction ins, String where, int line) throws LiftException {
        TypeKind to = cv.toType();
        if (kind == Ir.Kind.F32) {
          Ir.Node n = intLaneValue32(v, ins, where, line);
          Builder l = lanes();
          return switch (to) {
            // the float32 rule: (double) k is k rounded to float, as every value of the loop is; in
            // a float lambda the double is exact, usable only rounded to float (the same rounding)
            case FLOAT -> apply(Ir.Op.TO_FLOATING, n);
            case DOUBLE -> floatLambda ? new DoubleResult(apply(Ir.Op.TO_FLOATING, n)) : apply(Ir.Op.TO_FLOATING, n);
            case BYTE -> new IntegerLanes(signExtend(n, 8));
            case SHORT -> new IntegerLanes(signExtend(n, 16));
            case CHAR -> new IntegerLanes(l.apply(Ir.Op.AND, n, l.node(Ir.Const.integer(0xFFFF))));
            default -> throw fail(ins, where, line, "converts an int to " + to.name().toLowerCase(java.util.Locale.ROOT)
                + " inside a float32 loop (float32 loops have int lanes, not long ones)");
          };
        }
        if (v instanceof NarrowedLong nl) {
          Builder l = lanes();
          return switch (to) {
            case LONG -> new IntegerLanes(int32(nl.value()));
            case DOUBLE -> apply(Ir.Op.TO_FLOATING, int32(nl.value()));
            // i2f rounds once; through the exact double, d2f rounds once the same way
            case FLOAT -> new RoundedToFloat(apply(Ir.Op.TO_FLOATING, int32(nl.value())));
            case BYTE -> new NarrowedLong(signExtend(nl.value(), 8));
            case SHORT -> new NarrowedLong(signExtend(nl.value(), 16));
            case CHAR -> new NarrowedLong(l.apply(Ir.Op.AND, nl.value(), l.node(Ir.Const.integer(0xFFFF))));
            default -> throw fail(ins, where, line, "converts an int to " + to.name().toLowerCase(java.util.Locale.ROOT) + " inside a float64 loop");
          };
        }
        Ir.Node n = longLaneValue(v, ins, where, line);
        return switch (to) {
          case DOUBLE -> apply(Ir.Op.TO_FLOATING, n);
          case INT -> new NarrowedLong(n);
          default -> throw fail(ins, where, line, "converts a long value to " + to.name().toLowerCase(java.util.Locale.ROOT)
              + " inside a float64 loop (only (double) and (int) lift)");
        };
      }

      /**
       * {@code v} as an int in long lanes: a long-lane value whose low 32 bits are the int (a
       * {@link NarrowedLong}'s as it is, other integers as their long value).
       */
      private Ir.Node intLaneValue(Object v, Instruction ins, String where, int line) throws LiftException {
        return v instanceof NarrowedLong nl ? nl.value() : longLaneValue(v, ins, where, line);
      }

      /**
       * Java's int operators of a float64 lambda in long lanes, on the low 32 bits of long-lane
       * values (a {@link NarrowedLong}): {@code + - * & | ^ <<} and negation depend on nothing
       * else, so the result's low 32 bits are the int's; {@code >>} works on the sign-extended
       * value, {@code >>>} on the zero-extended one, counts masked to 5 bits as Java masks them;
       * division and remainder by +-2^k on the sign-extended value (MIN_VALUE / -1 gives 2^31,
       * whose low 32 bits are MIN_VALUE, as in Java).
       */
      private void intOperator(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
        java.lang.classfile.Opcode op = o.opcode();
        Builder l = lanes();
        if (op == java.lang.classfile.Opcode.INEG) {
          stack.push(new NarrowedLong(l.apply(Ir.Op.NEG, intLaneValue(stack.pop(), ins, where, line))));
          return;
        }
        Object divisor = stack.peek();
        Ir.Node b = intLaneValue(stack.pop(), ins, where, line);
        Ir.Node a = intLaneValue(stack.pop(), ins, where, line);
        Ir.Node count = l.apply(Ir.Op.AND, b, l.node(Ir.Const.integer(31)));
        Ir.Node r = switch (op) {
          case IADD -> l.apply(Ir.Op.ADD, a, b);
          case ISUB -> l.apply(Ir.Op.SUB, a, b);
          case IMUL -> l.apply(Ir.Op.MUL, a, b);
          case IAND -> l.apply(Ir.Op.AND, a, b);
          case IOR -> l.apply(Ir.Op.OR, a, b);
          case IXOR -> l.apply(Ir.Op.XOR, a, b);
          case ISHL -> l.apply(Ir.Op.SHL, a, count);
          case ISHR -> l.apply(Ir.Op.SHR, int32(a), count);
          case IUSHR -> l.apply(Ir.Op.USHR, l.apply(Ir.Op.AND, a, l.node(Ir.Const.integer(0xFFFF_FFFFL))), count);
          case IDIV, IREM -> {
            if (!(b instanceof Ir.Const c) || divisor instanceof NarrowedLong) {
              throw fail(ins, where, line, "is integer division by a variable");
            }
            int d = (int) c.bits();
            boolean rem = op == java.lang.classfile.Opcode.IREM;
            yield d != 0 && Long.bitCount(Math.abs((long) d)) != 1 ? intDivideByMagic(int32(a), d, rem)
                : l.divideByConstant(int32(a), d, rem, ins, where, line);
          }
          default -> throw fail(ins, where, line, "is an int operation the lifter does not know");
        };
        stack.push(new NarrowedLong(r));
      }

      /**
       * {@code n / d} (or {@code n % d}) of an int {@code n} held sign-extended in long lanes, for
       * a constant d that is not 0 or +-2^k: the 32-bit method of {@link #magic} with its signed
       * high product taken exactly from one 64-bit product (both factors are 32-bit signed), then
       * the corrections for M's sign, the shift, and 1 more for a negative quotient (truncation
       * toward zero). Long division by such constants does not lift (no 64-bit multiply-high).
       */
      private Ir.Node intDivideByMagic(Ir.Node n, int d, boolean rem) {
        Builder l = lanes();
        long[] ms = magic(d, 32);
        long m = (int) ms[0];
        Ir.Node q = l.apply(Ir.Op.SHR, l.apply(Ir.Op.MUL, n, l.node(Ir.Const.integer(m))), l.node(Ir.Const.integer(32)));
        if (d > 0 && m < 0) {
          q = l.apply(Ir.Op.ADD, q, n);
        } else if (d < 0 && m > 0) {
          q = l.apply(Ir.Op.SUB, q, n);
        }
        if (ms[1] > 0) {
          q = l.apply(Ir.Op.SHR, q, l.node(Ir.Const.integer(ms[1])));
        }
        q = l.apply(Ir.Op.ADD, q, l.apply(Ir.Op.USHR, q, l.node(Ir.Const.integer(63))));
        return rem ? l.apply(Ir.Op.SUB, n, l.apply(Ir.Op.MUL, q, l.node(Ir.Const.integer(d)))) : q;
      }

      /**
       * {@code Double.doubleToRawLongBits}, {@code doubleToLongBits} and {@code longBitsToDouble} in
       * a float64 lambda, their {@code Float} twins in a float32 one: reinterpretations between the
       * floating lanes and the integer lanes of the same width (the non-raw forms give NaN's
       * canonical bits, as Java's); the value (its operand popped), or null for another call.
       */
      private Object bitsFunction(String owner, String name, MethodTypeDesc d, Deque<Object> stack, Instruction ins, String where, int line)
          throws LiftException {
        String desc = d.descriptorString();
        boolean f64 = kind == Ir.Kind.F64 && owner.equals("java/lang/Double");
        boolean f32ish = f32 && owner.equals("java/lang/Float");
        if (!f32 && owner.equals("java/lang/Float") && (name.equals("floatToRawIntBits") || name.equals("floatToIntBits")
            || name.equals("intBitsToFloat"))) {
          throw fail(ins, where, line, "takes a float's bits (Float." + name + ") inside float64 IR, which has long lanes, not int"
              + " ones (a float lambda computing with doubles, or a float64 loop)");
        }
        if (!f64 && !f32ish) {
          return null;
        }
        Builder l = lanes();
        if (name.equals("doubleToRawLongBits") && desc.equals("(D)J") || name.equals("floatToRawIntBits") && desc.equals("(F)I")
            || name.equals("doubleToLongBits") && desc.equals("(D)J") || name.equals("floatToIntBits") && desc.equals("(F)I")) {
          Ir.Node x = value(stack.pop(), ins, where, line);
          Ir.Node raw = l.apply(Ir.Op.BITS_OF, x);
          if (!name.contains("Raw")) {
            // every NaN as Java's canonical one
            Ir.Node nan = l.node(new Ir.CrossCondition(cmp(Ir.Cmp.NE, x, x)));
            raw = l.node(new Ir.Select(nan, l.node(Ir.Const.integer(f64 ? 0x7ff8000000000000L : 0x7fc00000)), raw));
          }
          return new IntegerLanes(raw);
        }
        if (name.equals("longBitsToDouble") && desc.equals("(J)D") || name.equals("intBitsToFloat") && desc.equals("(I)F")) {
          Object v = stack.pop();
          return apply(Ir.Op.FROM_BITS, f64 ? longLaneValue(v, ins, where, line) : intLaneValue32(v, ins, where, line));
        }
        return null;
      }

      /** {@code v} as an int-lane node of a float32 lambda: an int-lane value, {@code (int) x} (f2i), an int constant. */
      private Ir.Node intLaneValue32(Object v, Instruction ins, String where, int line) throws LiftException {
        if (v instanceof IntegerLanes l) {
          return l.value();
        }
        if (v instanceof Truncated t && !t.toLong()) {
          return lanes().apply(Ir.Op.TO_INTEGER, t.value());
        }
        if (v instanceof Ir.Const c && c.value() == Math.rint(c.value()) && c.value() >= Integer.MIN_VALUE && c.value() <= Integer.MAX_VALUE) {
          return lanes().node(Ir.Const.integer((long) c.value()));
        }
        if (v instanceof LongConst lc && lc.value() == (int) lc.value()) {
          return lanes().node(Ir.Const.integer(lc.value()));
        }
        if (v instanceof Truncated) {
          throw fail(ins, where, line, "is integer arithmetic on (long) of a floating value inside a float32 loop (float32 loops have"
              + " int lanes, not long ones)");
        }
        throw fail(ins, where, line, "is integer arithmetic on a value that is not an int cast of a floating value or a constant");
      }

      /**
       * Java's int operators of a float32 lambda in int lanes ({@code IntVector}, a {@code
       * FloatVector}'s lane count): integer IR's lifting of them, with Java's wrapping, masked
       * shift counts, division by +-2^k.
       */
      private void intLanesOperator32(OperatorInstruction o, Deque<Object> stack, Instruction ins, String where, int line) throws LiftException {
        if (o.typeKind() != TypeKind.INT) {
          throw fail(ins, where, line, "is long arithmetic inside a float32 loop (float32 loops have int lanes, not long ones)");
        }
        int arity = o.opcode() == java.lang.classfile.Opcode.INEG ? 1 : 2;
        Object[] popped = new Object[arity];
        for (int k = arity - 1; k >= 0; k--) {
          popped[k] = stack.pop();
        }
        Deque<Object> operands = new ArrayDeque<>();
        for (Object p : popped) {
          operands.push(intLaneValue32(p, ins, where, line));
        }
        lanes().integerOperator(o, operands, ins, where, line);
        stack.push(new IntegerLanes(value(operands.pop(), ins, where, line)));
      }

      /**
       * {@code Math.abs/min/max} of ints, or {@code Integer.bitCount}, {@code numberOfLeadingZeros},
       * {@code numberOfTrailingZeros}, on int lanes of a float32 lambda (popped from the stack), or
       * null for another function (nothing popped).
       */
      private Ir.Node intFunction32(String name, MethodTypeDesc d, Deque<Object> stack, Instruction ins, String where, int line)
          throws LiftException {
        Ir.Op op = switch (name) {
          case "abs" -> Ir.Op.ABS;
          case "min" -> Ir.Op.MIN;
          case "max" -> Ir.Op.MAX;
          case "bitCount" -> Ir.Op.BIT_COUNT;
          case "numberOfLeadingZeros" -> Ir.Op.LEADING_ZEROS_COUNT;
          case "numberOfTrailingZeros" -> Ir.Op.TRAILING_ZEROS_COUNT;
          default -> null;
        };
        if (op == null || op.arity != d.parameterCount()) {
          return null;
        }
        Ir.Node[] a = new Ir.Node[op.arity];
        for (int k = a.length - 1; k >= 0; k--) {
          a[k] = intLaneValue32(stack.pop(), ins, where, line);
        }
        return lanes().apply(op, a);
      }

      /**
       * {@code Long.bitCount}, {@code numberOfLeadingZeros}, {@code numberOfTrailingZeros} of a
       * long-lane value, or the {@code Integer} ones of an int in long lanes (counted on its low 32
       * bits), in a float64 lambda: the count (popped from the stack), or null when the call is not
       * one of them on such a value.
       */
      private Ir.Node countInLongLanes(String owner, String name, MethodTypeDesc d, Deque<Object> stack, Instruction ins, String where, int line)
          throws LiftException {
        boolean ofLong = owner.equals("java/lang/Long") && d.descriptorString().equals("(J)I") && isLongLanesMarker(stack.peek());
        boolean ofInt = owner.equals("java/lang/Integer") && d.descriptorString().equals("(I)I")
            && (stack.peek() instanceof NarrowedLong || isIntegerMarker(stack.peek()));
        Ir.Op op = switch (name) {
          case "bitCount" -> Ir.Op.BIT_COUNT;
          case "numberOfLeadingZeros" -> Ir.Op.LEADING_ZEROS_COUNT;
          case "numberOfTrailingZeros" -> Ir.Op.TRAILING_ZEROS_COUNT;
          default -> null;
        };
        if (op == null || !ofLong && !ofInt) {
          return null;
        }
        Builder l = lanes();
        Ir.Node v = intLaneValue(stack.pop(), ins, where, line);
        if (ofLong) {
          return l.apply(op, v);
        }
        Ir.Node low = l.apply(Ir.Op.AND, v, l.node(Ir.Const.integer(0xFFFF_FFFFL)));
        return switch (op) {
          case LEADING_ZEROS_COUNT -> l.apply(Ir.Op.SUB, l.apply(op, low), l.node(Ir.Const.integer(32)));
          // 32 for a zero int: the bit above its 32
          case TRAILING_ZEROS_COUNT -> l.apply(op, l.apply(Ir.Op.OR, low, l.node(Ir.Const.integer(1L << 32))));
          default -> l.apply(op, low);
        };
      }
    }

    private static LiftException fail(Instruction ins, String where, int line, String why) {
      return new LiftException(
          "instruction " + ins.opcode().name().toLowerCase(java.util.Locale.ROOT) + " in " + where
              + (line >= 0 ? " (line " + line + ")" : "") + " " + why);
    }
  }

  private static MethodModel findMethod(ClassLoader loader, String owner, String name, MethodTypeDesc desc) throws LiftException {
    ClassModel cm = classModel(loader, owner);
    for (MethodModel m : cm.methods()) {
      if (m.methodName().stringValue().equals(name) && m.methodTypeSymbol().equals(desc)) {
        return m;
      }
    }
    throw new LiftException("method " + owner.replace('/', '.') + "." + name + desc.descriptorString() + " not found");
  }

  public static ClassModel classModel(ClassLoader loader, String owner) throws LiftException {
    Object key = java.util.List.of(loader == null ? "boot" : loader, owner);
    Object cached = CACHE.get(key);
    if (cached instanceof ClassModel cm) {
      return cm;
    }
    ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
    try (InputStream in = l.getResourceAsStream(owner + ".class")) {
      if (in == null) {
        throw new LiftException("the class file of " + owner.replace('/', '.') + " cannot be read");
      }
      ClassModel cm = ClassFile.of().parse(in.readAllBytes());
      CACHE.put(key, cm);
      return cm;
    } catch (IOException e) {
      throw new LiftException("the class file of " + owner.replace('/', '.') + " cannot be read: " + e);
    }
  }
}
