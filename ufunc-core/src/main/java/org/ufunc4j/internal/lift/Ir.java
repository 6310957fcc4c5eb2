package org.ufunc4j.internal.lift;

import java.util.List;

/**
 * The typed expression IR a lifted lambda becomes: a DAG of parameters, constants and operations
 * of the loop's type (a double lambda on a float32 loop is lifted in float32, rounding after
 * every operation as Numba computes), where a floating function may hold integer parts in the
 * integer lanes of the same width (see {@link LongParam}). Nodes are records, so structurally
 * equal nodes are equal: the builder shares them (common subexpressions); each keeps its hash.
 */
public final class Ir {
  private Ir() {}

  /** Operations and their arity; the names are Java's ({@code Math.*}) where they come from there. */
  public enum Op {
    ADD(2), SUB(2), MUL(2), DIV(2), NEG(1),
    SQRT(1), ABS(1), MIN(2), MAX(2), FMA(3),
    EXP(1), EXPM1(1), LOG(1), LOG1P(1), LOG10(1), SIN(1), COS(1), TAN(1), ASIN(1), ACOS(1), ATAN(1),
    SINH(1), COSH(1), TANH(1), CBRT(1), POW(2), ATAN2(2), HYPOT(2),
    /** NumPy's log2 ({@code NumpyMath.log2}), lifted as one operation in float32 IR only. */
    LOG2(1),
    /** {@code Math.copySign}: the magnitude of the first, the sign bit of the second (NaN's too). */
    COPYSIGN(2),
    /**
     * Java's cast to long and back: {@code (double) (long) x} (in float IR {@code (float) (long)
     * x}): toward zero, NaN to 0, saturated at the long range, -0.0 to 0.0.
     */
    TRUNC_LONG(1),
    /** Java's cast to int and back, {@code (double) (int) x}: as TRUNC_LONG, saturated at the int range. */
    TRUNC_INT(1),
    /** {@code (double) (float) x} in float64 IR: rounds to the nearest float (Java's d2f). */
    ROUND_FLOAT(1),
    // integer IR only (Java's semantics: shift counts masked to the type's width, wrapping arithmetic)
    AND(2), OR(2), XOR(2), SHL(2), SHR(2), USHR(2),
    // Long/Integer.bitCount, numberOfLeadingZeros, numberOfTrailingZeros (the Vector API's names)
    BIT_COUNT(1), LEADING_ZEROS_COUNT(1), TRAILING_ZEROS_COUNT(1),
    /**
     * Integer lanes inside a floating function (see {@link LongParam}): Java's cast of a floating
     * value to the integer type of its width ({@code (long) x} with d2l in float64, {@code (int)
     * x} with f2i in float32: toward zero, NaN to 0, saturated), an integer-lane value.
     */
    TO_INTEGER(1),
    /** An integer-lane value converted back: Java's l2d in float64, i2f in float32 (round to nearest). */
    TO_FLOATING(1),
    /**
     * A floating value's bits as an integer-lane value: {@code Double.doubleToRawLongBits} in
     * float64, {@code Float.floatToRawIntBits} in float32 (a reinterpretation, NaN payloads kept).
     */
    BITS_OF(1),
    /** An integer-lane value's bits as a floating value: {@code Double.longBitsToDouble}, {@code Float.intBitsToFloat}. */
    FROM_BITS(1);

    public final int arity;

    Op(int arity) {
      this.arity = arity;
    }

    /** True for the operations whose operand is in the other lanes (see {@link LongParam}). */
    public boolean crossesLanes() {
      return this == TO_INTEGER || this == TO_FLOATING || this == BITS_OF || this == FROM_BITS;
    }

    /** True for operations that are correctly rounded in Java and in the Vector API alike. */
    public boolean exact() {
      return switch (this) {
        case ADD, SUB, MUL, DIV, NEG, SQRT, ABS, MIN, MAX, FMA, COPYSIGN, TRUNC_LONG, TRUNC_INT, ROUND_FLOAT, AND, OR, XOR, SHL, SHR, USHR,
            BIT_COUNT, LEADING_ZEROS_COUNT, TRAILING_ZEROS_COUNT, TO_INTEGER, TO_FLOATING, BITS_OF, FROM_BITS -> true;
        default -> false;
      };
    }
  }

  /**
   * A node of the DAG: a value of the IR's type, or (Compare, Not) a per-element condition. Nodes
   * compare structurally (the passes share equal subexpressions); each record writes out its
   * {@code equals} and {@code hashCode}, with a record's meaning, because the generated ones
   * bootstrap method handles on first use: ~9 ms of a new ufunc's first call on a cold JVM.
   */
  public sealed interface Node permits Param, BoolParam, Const, Apply, Compare, Not, Logic, Select, LongParam, CrossCondition {}

  /**
   * Integer lanes in a floating function: the integer part of a mixed lambda ({@code (double x,
   * long n) -> x * (n + 1)}, {@code n % 2 == 0 ? x : -x}, {@code (long) x * 3}) computes in long
   * lanes of a float64 function, {@code (int) x % 2} of a float32 one in int lanes (the integer
   * type of the same width has the same lane count at every vector width), with integer IR's
   * operations and Java's wrapping. Which values are integer lanes is fixed by the path from
   * the root, not by the nodes: the root and everything under it are floating, the argument of
   * {@link Op#TO_FLOATING} and everything under it are integer lanes, the argument of {@link
   * Op#TO_INTEGER} is floating again, and a {@link CrossCondition} switches for its condition.
   * (A constant alone could be either: {@code 0} and {@code 0.0} are the same node.) This node:
   * parameter {@code index}'s value as a long (float64 functions only), loaded from its integer
   * array without the conversion to double that {@link Param} has.
   */
  public record LongParam(int index) implements Node {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof LongParam p && p.index == index;
    }

    @Override
    public int hashCode() {
      return 977 * index + 5;
    }
  }

  /**
   * A condition computed in the other lanes (integer lanes in floating code, floating lanes in integer
   * code: see {@link LongParam}), such as {@code n % 2 == 0} choosing between doubles. The same
   * lane count, so in SIMD code a mask cast.
   */
  public record CrossCondition(Node cond, int hash) implements Node {
    public CrossCondition(Node cond) {
      this(cond, 31 * cond.hashCode() + 11);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof CrossCondition x && x.hash == hash && x.cond.equals(cond);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The kind of the values across a lane boundary from {@code kind}: int64 from float64 and
   * back, int32 from float32 and back (the integer type of the same width, so of the same lane
   * count).
   */
  public static Kind otherLanes(Kind kind) {
    return switch (kind) {
      case F64 -> Kind.I64;
      case I64 -> Kind.F64;
      case F32 -> Kind.I32;
      case I32 -> Kind.F32;
      case BOOL -> throw new IllegalArgumentException("no integer lanes in bool IR");
    };
  }

  /** True when the operand {@code n} of {@code parent} is across a lane boundary from {@code parent}. */
  public static boolean crossesLanes(Node parent) {
    return parent instanceof Apply a ? a.op().crossesLanes() : !common(parent) && parent instanceof CrossCondition;
  }

  /**
   * True for the node types every function has (operations, constants, parameters): the rare
   * ones (integer lanes) are tested after them, because an instanceof loads its class, and the
   * classes of integer lanes need not load for a function without them (a new ufunc's first call).
   */
  private static boolean common(Node n) {
    return n instanceof Apply || n instanceof Const || n instanceof Param;
  }

  /** True when a function's IR computes anything in integer lanes (a floating function with integer parts). */
  public static boolean usesIntegerLanes(Node n) {
    return any(n, new Found(Found.LANES, null, -1), new java.util.HashSet<>());
  }

  /** True when parameter {@code index}'s long value ({@link LongParam}) is used under {@code n}. */
  public static boolean usesLongParam(Node n, int index) {
    return any(n, new Found(Found.LONG_PARAM, null, index), new java.util.HashSet<>());
  }

  /**
   * True when a node under {@code n} (itself included) is what {@code test} looks for. Each
   * shared node is visited once: a DAG's paths can be exponentially many (integer wraps nest
   * floor and rint, each using its operand several times).
   */
  private static boolean any(Node n, Found test, java.util.Set<Node> seen) {
    if (!seen.add(n)) {
      return false;
    }
    if (test.matches(n)) {
      return true;
    }
    for (Node x : operands(n)) {
      if (any(x, test, seen)) {
        return true;
      }
    }
    return false;
  }

  /** What {@link #any} looks for (a class, not a lambda: see {@link #operands}). */
  private static final class Found {
    static final int LANES = 0;
    static final int LONG_PARAM = 1;
    static final int OP = 2;
    static final int INEXACT = 3;
    final int what;
    final Op op;
    final int index;

    Found(int what, Op op, int index) {
      this.what = what;
      this.op = op;
      this.index = index;
    }

    boolean matches(Node n) {
      return switch (what) {
        case LANES -> crossesLanes(n) || !common(n) && n instanceof LongParam;
        case LONG_PARAM -> !common(n) && n instanceof LongParam p && p.index() == index;
        case OP -> n instanceof Apply a && a.op() == op;
        default -> n instanceof Apply a && !a.op().exact();
      };
    }
  }

  /** A boolean lambda parameter (bool IR): a condition. */
  public record BoolParam(int index) implements Node {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof BoolParam p && p.index == index;
    }

    @Override
    public int hashCode() {
      return 31 * index + 1;
    }
  }

  /** Logical operators on conditions (Java's non-short-circuit {@code & | ^} on booleans). */
  public enum LogicOp {
    AND, OR, XOR
  }

  /** A condition {@code a op b} of two conditions. */
  public record Logic(LogicOp op, Node a, Node b, int hash) implements Node {
    public Logic(LogicOp op, Node a, Node b) {
      this(op, a, b, (31 * op.ordinal() + a.hashCode()) * 31 + b.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Logic x && x.hash == hash && x.op == op && x.a.equals(a) && x.b.equals(b);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Comparison operators with Java's (IEEE) semantics: any comparison with NaN is false, except NE. */
  public enum Cmp {
    EQ, NE, LT, LE, GT, GE
  }

  /** A condition {@code a op b}. */
  public record Compare(Cmp op, Node a, Node b, int hash) implements Node {
    public Compare(Cmp op, Node a, Node b) {
      this(op, a, b, (31 * op.ordinal() + 7 + a.hashCode()) * 31 + b.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Compare x && x.hash == hash && x.op == op && x.a.equals(a) && x.b.equals(b);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** The negation of a condition. */
  public record Not(Node cond, int hash) implements Node {
    public Not(Node cond) {
      this(cond, ~cond.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Not x && x.hash == hash && x.cond.equals(cond);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** {@code cond ? ifTrue : ifFalse}, per element (a blend in SIMD code: both sides are computed). */
  public record Select(Node cond, Node ifTrue, Node ifFalse, int hash) implements Node {
    public Select(Node cond, Node ifTrue, Node ifFalse) {
      this(cond, ifTrue, ifFalse, (cond.hashCode() * 31 + ifTrue.hashCode()) * 31 + ifFalse.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Select x && x.hash == hash && x.cond.equals(cond) && x.ifTrue.equals(ifTrue)
          && x.ifFalse.equals(ifFalse);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The nodes {@code n} uses, in order (none for parameters and constants). Traversals go through
   * it, with instanceof rather than a pattern switch: each pattern switch bootstraps a method handle
   * on its first use, up to a millisecond of a new ufunc's first call on a cold JVM.
   */
  public static List<Node> operands(Node n) {
    if (n instanceof Const || n instanceof Param) {
      return List.of();
    }
    if (n instanceof Apply a) {
      return a.args();
    } else if (n instanceof Compare x) {
      return List.of(x.a(), x.b());
    } else if (n instanceof Not x) {
      return List.of(x.cond());
    } else if (n instanceof Logic x) {
      return List.of(x.a(), x.b());
    } else if (n instanceof Select x) {
      return List.of(x.cond(), x.ifTrue(), x.ifFalse());
    } else if (n instanceof CrossCondition x) {
      return List.of(x.cond());
    }
    return List.of();
  }

  /** True when every operation under {@code n} is correctly rounded (no transcendental). */
  public static boolean allExact(Node n) {
    return !any(n, new Found(Found.INEXACT, null, -1), new java.util.HashSet<>());
  }

  /** True when an operation {@code op} occurs under {@code n}. */
  public static boolean uses(Node n, Op op) {
    return any(n, new Found(Found.OP, op, -1), new java.util.HashSet<>());
  }

  /**
   * The value of a condition on constants, with Java's semantics (a comparison with NaN is
   * false, except !=; integer IR compares the exact values), or null when it depends on the
   * inputs: the lifter's choice of path and the passes' folding.
   */
  public static Boolean constantTruth(Node cond, Kind kind) {
    if (cond instanceof Compare c && c.a() instanceof Const a && c.b() instanceof Const b) {
      int order;
      if (kind.floating()) {
        double x = a.value();
        double y = b.value();
        if (x != x || y != y) {
          return c.op() == Cmp.NE;
        }
        order = x < y ? -1 : x > y ? 1 : 0; // -0.0 equals 0.0
      } else {
        order = Long.compare(a.bits(), b.bits());
      }
      return switch (c.op()) {
        case EQ -> order == 0;
        case NE -> order != 0;
        case LT -> order < 0;
        case LE -> order <= 0;
        case GT -> order > 0;
        case GE -> order >= 0;
      };
    }
    if (cond instanceof Not x) {
      Boolean t = constantTruth(x.cond(), kind);
      return t == null ? null : !t;
    }
    if (cond instanceof CrossCondition x) {
      return constantTruth(x.cond(), otherLanes(kind));
    }
    if (cond instanceof Logic x) {
      Boolean p = constantTruth(x.a(), kind);
      Boolean q = constantTruth(x.b(), kind);
      if (p == null || q == null) {
        return null;
      }
      return switch (x.op()) {
        case AND -> p & q;
        case OR -> p | q;
        case XOR -> p ^ q;
      };
    }
    return null;
  }

  /** True for condition nodes. */
  public static boolean isCondition(Node n) {
    return n instanceof Compare || n instanceof Not || n instanceof Logic || n instanceof BoolParam
        || !common(n) && !(n instanceof Select) && n instanceof CrossCondition;
  }

  /** Lambda parameter {@code index}. */
  public record Param(int index) implements Node {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Param p && p.index == index;
    }

    @Override
    public int hashCode() {
      return index;
    }
  }

  /**
   * A constant, already rounded to the IR's type when that is float. In integer IR {@code bits}
   * holds the exact value ({@code value} is then its nearest double, for display only).
   */
  public record Const(double value, long bits) implements Node {
    /** A floating constant. */
    public Const(double value) {
      this(value, Double.doubleToRawLongBits(value));
    }

    /** An integer constant. */
    public static Const integer(long v) {
      return new Const((double) v, v);
    }

    /**
     * A float32 constant from its bits. A NaN keeps its payload and sign, signalling ones
     * included: its double form is built from the bits, because widening a float NaN in hardware
     * (f2d) sets the quiet bit, which Java's float constants and intBitsToFloat do not.
     */
    public static Const float32Bits(int b) {
      if ((b & 0x7f800000) == 0x7f800000 && (b & 0x007fffff) != 0) {
        long d = (long) (b >>> 31) << 63 | 0x7ff0000000000000L | (long) (b & 0x007fffff) << 29;
        return new Const(Double.longBitsToDouble(d), d);
      }
      return new Const(Float.intBitsToFloat(b));
    }

    /** The bits of this float32 constant ({@link #float32Bits}'s inverse, from {@code bits}). */
    public int floatBits() {
      if (value != value) {
        return (int) (bits >>> 63 << 31) | 0x7f800000 | (int) (bits >>> 29 & 0x007fffff);
      }
      return Float.floatToRawIntBits((float) value);
    }

    // as a record compares its components: the bits, and the value by Double.compare (NaN
    // equals NaN, -0.0 differs from 0.0)
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Const c && c.bits == bits && Double.compare(c.value, value) == 0;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(bits, value);
    }
  }

  /** An operation on its arguments. */
  public record Apply(Op op, List<Node> args, int hash) implements Node {
    public Apply(Op op, List<Node> args) {
      this(op, args, 31 * op.ordinal() + args.hashCode());
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Apply x && x.hash == hash && x.op == op && x.args.equals(args);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The one type every value of a function's IR has: the loop's type. Integer IR has Java's
   * wrapping arithmetic; its constants are exact (a {@link Const} value is a double, which holds
   * every int but not every long, so integer constants keep their bits in {@link Const#bits}).
   */
  public enum Kind {
    F64, F32, I64, I32,
    /** Boolean lambdas on bool loops: every value is a condition (a VectorMask in SIMD code). */
    BOOL;

    public boolean floating() {
      return this == F64 || this == F32;
    }

    /** Element size in bytes. */
    public int bytes() {
      return this == F64 || this == I64 ? 8 : this == BOOL ? 1 : 4;
    }

    /** The name used in explain(): float64, float32, int64, int32. */
    public String dtypeName() {
      return switch (this) {
        case F64 -> "float64";
        case F32 -> "float32";
        case I64 -> "int64";
        case I32 -> "int32";
        case BOOL -> "bool";
      };
    }
  }

  /** A lifted function: its result node, the number of parameters and the type it computes in. */
  public record Function(Node result, int params, Kind kind, boolean predicate) {
    /** A function with a numeric result (of {@code kind}). */
    public Function(Node result, int params, Kind kind) {
      this(result, params, kind, false);
    }

    /** True when the function computes in float32. */
    public boolean f32() {
      return kind == Kind.F32;
    }

    /** A readable form such as {@code exp(((p0 / 0.5) - 1.0)^2)} for explain(). */
    public String describe() {
      Printer p = new Printer(!kind.floating(), kind);
      p.count(result);
      String body = p.show(result);
      return p.defs.isEmpty() ? body : String.join("; ", p.defs) + "; " + body;
    }

    private static String symbol(Cmp c) {
      return switch (c) {
        case EQ -> "==";
        case NE -> "!=";
        case LT -> "<";
        case LE -> "<=";
        case GT -> ">";
        case GE -> ">=";
      };
    }

    /**
     * Prints a DAG as text: subexpressions used more than once are printed once, as
     * {@code t0 = ...}, and referred to by name (a tree print would repeat them, exponentially for
     * nested rint/floor expansions).
     */
    private static final class Printer {
      /** Constants print as integers (integer IR, or the integer lanes of a floating function). */
      boolean integer;
      final java.util.Map<Node, Integer> uses = new java.util.HashMap<>();
      final java.util.Map<Node, String> names = new java.util.HashMap<>();
      final List<String> defs = new java.util.ArrayList<>();

      /** The function's kind: it names the lane conversions (long/double or int/float). */
      final Kind kind;

      Printer(boolean integer, Kind kind) {
        this.integer = integer;
        this.kind = kind;
      }

      void count(Node n) {
        if (uses.merge(n, 1, Integer::sum) > 1) {
          return;
        }
        switch (n) {
          case Apply a -> a.args().forEach(this::count);
          case Compare c -> {
            count(c.a());
            count(c.b());
          }
          case Not x -> count(x.cond());
          case CrossCondition x -> count(x.cond());
          case Logic x -> {
            count(x.a());
            count(x.b());
          }
          case Select x -> {
            count(x.cond());
            count(x.ifTrue());
            count(x.ifFalse());
          }
          default -> { }
        }
      }

      String show(Node n) {
        String name = names.get(n);
        if (name != null) {
          return name;
        }
        String text = render(n);
        boolean leaf = n instanceof Param || n instanceof BoolParam || n instanceof LongParam || n instanceof Const;
        if (leaf || uses.getOrDefault(n, 0) < 2) {
          return text;
        }
        name = "t" + defs.size();
        defs.add(name + " = " + text);
        names.put(n, name);
        return name;
      }

      /** {@code n} shown in the other lanes (its constants as the other type's). */
      String across(Node n) {
        integer = !integer;
        try {
          return show(n);
        } finally {
          integer = !integer;
        }
      }

      String render(Node n) {
        return switch (n) {
          case Param p -> "p" + p.index();
          case BoolParam p -> "p" + p.index();
          case LongParam p -> "p" + p.index();
          case CrossCondition x -> across(x.cond());
          case Const c -> integer ? Long.toString(c.bits()) : Double.toString(c.value());
          case Compare c -> "(" + show(c.a()) + " " + symbol(c.op()) + " " + show(c.b()) + ")";
          case Not x -> "!" + show(x.cond());
          case Logic x -> "(" + show(x.a()) + (x.op() == LogicOp.AND ? " & " : x.op() == LogicOp.OR ? " | " : " ^ ")
              + show(x.b()) + ")";
          case Select x -> "(" + show(x.cond()) + " ? " + show(x.ifTrue()) + " : " + show(x.ifFalse()) + ")";
          case Apply a -> switch (a.op()) {
            case ADD -> "(" + show(a.args().get(0)) + " + " + show(a.args().get(1)) + ")";
            case SUB -> "(" + show(a.args().get(0)) + " - " + show(a.args().get(1)) + ")";
            case MUL -> "(" + show(a.args().get(0)) + " * " + show(a.args().get(1)) + ")";
            case DIV -> "(" + show(a.args().get(0)) + " / " + show(a.args().get(1)) + ")";
            case NEG -> "-" + show(a.args().get(0));
            case AND -> "(" + show(a.args().get(0)) + " & " + show(a.args().get(1)) + ")";
            case OR -> "(" + show(a.args().get(0)) + " | " + show(a.args().get(1)) + ")";
            case XOR -> "(" + show(a.args().get(0)) + " ^ " + show(a.args().get(1)) + ")";
            case SHL -> "(" + show(a.args().get(0)) + " << " + show(a.args().get(1)) + ")";
            case SHR -> "(" + show(a.args().get(0)) + " >> " + show(a.args().get(1)) + ")";
            case USHR -> "(" + show(a.args().get(0)) + " >>> " + show(a.args().get(1)) + ")";
            case TO_INTEGER -> (kind == Kind.F32 ? "(int) " : "(long) ") + across(a.args().get(0));
            case TO_FLOATING -> (kind == Kind.F32 ? "(float) " : "(double) ") + across(a.args().get(0));
            case BITS_OF -> (kind == Kind.F32 ? "floatToRawIntBits(" : "doubleToRawLongBits(") + across(a.args().get(0)) + ")";
            case FROM_BITS -> (kind == Kind.F32 ? "intBitsToFloat(" : "longBitsToDouble(") + across(a.args().get(0)) + ")";
            default -> {
              StringBuilder sb = new StringBuilder(a.op().name().toLowerCase(java.util.Locale.ROOT)).append('(');
              for (int i = 0; i < a.args().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(show(a.args().get(i)));
              }
              yield sb.append(')').toString();
            }
          };
        };
      }
    }
  }
}
