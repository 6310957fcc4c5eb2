package org.ufunc4j.internal.lift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IR passes: constant folding (with Java's scalar semantics, rounded to float for float32 IR) and
 * {@code pow(x, n)} for small non-negative integer constants n rewritten to multiplications (SVML's
 * pow is ~70x slower for negative bases, DESIGN.md). Division by a constant stays a division, so
 * it stays exact, except by a power of two whose reciprocal is a normal number: {@code x / 2^k} and
 * {@code x * 2^-k} are the same real number, so they round alike for every x (a 512-bit division
 * costs several multiplications). A product by such a power of two plus a constant becomes one
 * {@code fma}, bit-identical as well (see {@code fuseScaledAdd}). Shared subexpressions stay shared.
 */
final class Passes {
  private Passes() {}

  static Ir.Node simplify(Ir.Node root, boolean f32) {
    return simplify(root, f32, false);
  }

  /**
   * With {@code exact}, {@code pow(x, n)} is rewritten only for n = 0, 1, 2, where the product is
   * bit-identical with {@code Math.pow} (which special-cases them); 3 and 4 differ in the last ulp.
   */
  static Ir.Node simplify(Ir.Node root, boolean f32, boolean exact) {
    return simplify(root, f32 ? Ir.Kind.F32 : Ir.Kind.F64, exact);
  }

  /** As above for IR of any kind; integer IR folds with Java's wrapping arithmetic. */
  static Ir.Node simplify(Ir.Node root, Ir.Kind kind, boolean exact) {
    return new Simplifier(kind, exact ? 2 : 4).visit(root);
  }

  private static final class Simplifier {
    final Ir.Kind kind;
    final boolean f32;
    final int maxPower;
    final Map<Ir.Node, Ir.Node> done = new HashMap<>();
    final Map<Ir.Node, Ir.Node> shared;
    /** The simplifier of the other lanes (integer lanes of a floating function and back), made on first use. */
    private Simplifier across;

    Simplifier(Ir.Kind kind, int maxPower) {
      this(kind, maxPower, new HashMap<>(), null);
    }

    private Simplifier(Ir.Kind kind, int maxPower, Map<Ir.Node, Ir.Node> shared, Simplifier across) {
      this.kind = kind;
      this.f32 = kind == Ir.Kind.F32;
      this.maxPower = maxPower;
      this.shared = shared;
      this.across = across;
    }

    /** Visits nodes across a lane boundary: each side folds with its own type's semantics. */
    Simplifier across() {
      if (across == null) {
        across = new Simplifier(Ir.otherLanes(kind), maxPower, shared, this);
      }
      return across;
    }

    Ir.Node share(Ir.Node n) {
      Ir.Node known = shared.putIfAbsent(n, n);
      return known != null ? known : n;
    }

    Ir.Node visit(Ir.Node n) {
      Ir.Node d = done.get(n);
      if (d != null) {
        return d;
      }
      // instanceof, not a pattern switch: see Ir.operands
      Ir.Node r;
      if (n instanceof Ir.Const || n instanceof Ir.Param) {
        r = share(n); // (first: the rarer node types' classes need not load for most functions)
      } else if (n instanceof Ir.Apply a) {
        r = rewrite(a);
      } else if (n instanceof Ir.Compare c) {
        r = share(new Ir.Compare(c.op(), visit(c.a()), visit(c.b())));
      } else if (n instanceof Ir.Not x) {
        r = not(visit(x.cond()));
      } else if (n instanceof Ir.Logic x) {
        r = logic(x.op(), visit(x.a()), visit(x.b()));
      } else if (n instanceof Ir.Select x) {
        Ir.Node t = visit(x.ifTrue());
        Ir.Node f = visit(x.ifFalse());
        Ir.Node c = visit(x.cond());
        Boolean known = constant(c);
        r = known != null ? (known ? t : f) : t.equals(f) ? t : share(new Ir.Select(c, t, f));
      } else if (n instanceof Ir.CrossCondition x) {
        Ir.Node c = across().visit(x.cond());
        Boolean known = Ir.constantTruth(c, across.kind);
        // a known condition becomes 0 == 0 or 0 != 0, which read the same in either lanes
        Ir.Node zero = share(Ir.Const.integer(0));
        r = known != null ? share(new Ir.Compare(known ? Ir.Cmp.EQ : Ir.Cmp.NE, zero, zero)) : share(new Ir.CrossCondition(c));
      } else {
        r = share(n); // a parameter or a constant
      }
      done.put(n, r);
      return r;
    }

    private Ir.Node rewrite(Ir.Apply a) {
      if (a.op().crossesLanes()) {
        // the operand in the other lanes; constants fold as any operation does
        Ir.Node x = across().visit(a.args().get(0));
        Ir.Const folded = fold(a.op(), List.of(x), kind);
        if (folded != null) {
          return share(folded);
        }
        Ir.Op inverse = switch (a.op()) {
          case BITS_OF -> Ir.Op.FROM_BITS;
          case FROM_BITS -> Ir.Op.BITS_OF;
          default -> null;
        };
        if (inverse != null && x instanceof Ir.Apply inner && inner.op() == inverse) {
          return inner.args().get(0); // longBitsToDouble(doubleToRawLongBits(x)) is x, bit for bit
        }
        if (a.op() == Ir.Op.TO_FLOATING && x instanceof Ir.Apply t && t.op() == Ir.Op.TO_INTEGER) {
          // (double) (long) x, or (float) (int) x
          boolean narrow = kind == Ir.Kind.F32;
          return share(new Ir.Apply(narrow ? Ir.Op.TRUNC_INT : Ir.Op.TRUNC_LONG, t.args()));
        }
        return share(new Ir.Apply(a.op(), List.of(x)));
      }
      List<Ir.Node> args = new ArrayList<>();
      for (Ir.Node x : a.args()) {
        args.add(visit(x));
      }
      Ir.Const folded = fold(a.op(), args, kind);
      if (folded != null) {
        return share(folded);
      }
      if (kind.floating() && a.op() == Ir.Op.POW && args.get(1) instanceof Ir.Const c && c.value() == Math.rint(c.value())
          && c.value() >= 0 && c.value() <= maxPower) {
        Ir.Node x = args.get(0);
        int n = (int) c.value();
        if (n == 0) {
          return share(new Ir.Const(1.0)); // pow(x, 0) is 1 even for NaN
        }
        Ir.Node r = x;
        for (int i = 1; i < n; i++) {
          r = share(new Ir.Apply(Ir.Op.MUL, List.of(r, x)));
        }
        return r;
      }
      if (kind.floating() && a.op() == Ir.Op.DIV && args.get(1) instanceof Ir.Const c && hasExactReciprocal(c.value())) {
        return share(new Ir.Apply(Ir.Op.MUL, List.of(args.get(0), share(new Ir.Const(1.0 / c.value())))));
      }
      if (kind.floating() && (a.op() == Ir.Op.ADD || a.op() == Ir.Op.SUB)) {
        Ir.Node fused = fuseScaledAdd(a.op() == Ir.Op.SUB, args.get(0), args.get(1));
        if (fused != null) {
          return fused;
        }
      }
      return share(new Ir.Apply(a.op(), List.copyOf(args)));
    }

    /**
     * {@code x * 2^k + c} (also {@code c + x * 2^k}, {@code x * 2^k - c}, {@code c - x * 2^k}) with
     * a constant c as one {@code fma(x, +-2^k, +-c)}: one rounding instead of two, and the same bits
     * for every x. Scaling by a power of two is exact unless it overflows or lands in the subnormal
     * range. On overflow both forms give the same infinity, because |c| <= 2^100 is far below the
     * gap between the largest finite number and the overflow threshold (2^103 for float). Below the
     * normal range the product is within 2^-126 of zero, and c (a number with |c| >= 2^-100) is
     * nearer to itself than any rounding midpoint is, so both forms round to c. NaN, infinities and
     * signed zeros of x go through both forms alike (c is finite and non-zero).
     */
    private Ir.Node fuseScaledAdd(boolean subtract, Ir.Node left, Ir.Node right) {
      boolean productLeft = scaleOf(left) != null && right instanceof Ir.Const;
      boolean productRight = !productLeft && scaleOf(right) != null && left instanceof Ir.Const;
      if (!productLeft && !productRight) {
        return null;
      }
      Ir.Apply product = (Ir.Apply) (productLeft ? left : right);
      Ir.Const scale = scaleOf(product);
      double c = ((Ir.Const) (productLeft ? right : left)).value();
      double bound = f32 ? 0x1p100 : 0x1p900;
      if (!(Math.abs(c) <= bound && Math.abs(c) >= 1 / bound)) {
        return null;
      }
      Ir.Node x = product.args().get(0) == scale ? product.args().get(1) : product.args().get(0);
      double s = scale.value();
      if (subtract && productLeft) {
        c = -c; // x*s - c
      } else if (subtract) {
        s = -s; // c - x*s
      }
      return share(new Ir.Apply(Ir.Op.FMA, List.of(x, share(new Ir.Const(s)), share(new Ir.Const(c)))));
    }

    /** The constant factor +-2^k (2^k a normal number of the IR's type) of a product, or null. */
    private Ir.Const scaleOf(Ir.Node n) {
      if (n instanceof Ir.Apply m && m.op() == Ir.Op.MUL) {
        for (Ir.Node f : m.args()) {
          if (f instanceof Ir.Const k && hasExactReciprocal(k.value())) {
            return k;
          }
        }
      }
      return null;
    }

    /** True for +-2^k with 2^-k a normal number of the IR's type. */
    private boolean hasExactReciprocal(double c) {
      int k = Math.getExponent(c);
      int limit = f32 ? Float.MAX_EXPONENT - 1 : Double.MAX_EXPONENT - 1;
      return c != 0 && Math.abs(c) == Math.scalb(1.0, k) && Math.abs(k) <= limit;
    }

    /** The value of a condition on constants (true/false in javac's 0/1), or null. */
    private Boolean constant(Ir.Node n) {
      return Ir.constantTruth(n, kind);
    }

    private Ir.Node not(Ir.Node c) {
      if (c instanceof Ir.Not x) {
        return x.cond(); // !!c
      }
      return share(new Ir.Not(c));
    }

    /** Logic with a constant side folds (javac's encodings of `p | !q` and the like). */
    private Ir.Node logic(Ir.LogicOp op, Ir.Node a, Ir.Node b) {
      Boolean ca = constant(a);
      Boolean cb = constant(b);
      if (ca != null || cb != null) {
        boolean k = ca != null ? ca : cb;
        Ir.Node other = ca != null ? b : a;
        Ir.Node constNode = ca != null ? a : b;
        return switch (op) {
          case AND -> k ? other : constNode;
          case OR -> k ? constNode : other;
          case XOR -> k ? not(other) : other;
        };
      }
      return share(new Ir.Logic(op, a, b));
    }
  }

  /**
   * The constant {@code op} gives on {@code args} in IR of {@code kind}, with Java's semantics
   * (integer IR wraps; float IR rounds to float, a float fma once), or null when an argument is
   * not a constant. For an operation that crosses lanes, {@code kind} is its result's.
   * The lifter folds as it builds, so that a loop counter stays a constant.
   */
  static Ir.Const fold(Ir.Op op, List<Ir.Node> args, Ir.Kind kind) {
    for (Ir.Node x : args) {
      if (!(x instanceof Ir.Const)) {
        return null;
      }
    }
    if (op.crossesLanes()) {
      // the operand is in the other lanes; kind is the result's (Java's d2l, l2d, f2i, i2f, bits)
      Ir.Const c = (Ir.Const) args.get(0);
      boolean narrow = kind == Ir.Kind.F32 || kind == Ir.Kind.I32;
      return switch (op) {
        case TO_INTEGER -> Ir.Const.integer(narrow ? (int) c.value() : (long) c.value());
        case TO_FLOATING -> new Ir.Const(narrow ? (float) (int) c.bits() : (double) c.bits());
        case BITS_OF -> Ir.Const.integer(narrow ? c.floatBits() : c.bits());
        default -> narrow ? Ir.Const.float32Bits((int) c.bits()) : new Ir.Const(Double.longBitsToDouble(c.bits()));
      };
    }
    if (!kind.floating()) {
      long[] v = new long[args.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = ((Ir.Const) args.get(i)).bits();
      }
      return Ir.Const.integer(evalInteger(op, v, kind == Ir.Kind.I32));
    }
    double[] v = new double[args.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Ir.Const) args.get(i)).value();
    }
    if (kind == Ir.Kind.F32) {
      // float fma rounds once, as the kernels compute it (the double fma and a cast round twice)
      return new Ir.Const(op == Ir.Op.FMA ? Math.fma((float) v[0], (float) v[1], (float) v[2]) : (float) eval(op, v));
    }
    return new Ir.Const(eval(op, v));
  }

  /**
   * Java's semantics of an integer operation, in int ({@code i32}) or long arithmetic. int results
   * are the long results wrapped to 32 bits, except shifts, whose count Java masks to the type's
   * width (31 for int, 63 for long).
   */
  static long evalInteger(Ir.Op op, long[] v, boolean i32) {
    long a = i32 ? (int) v[0] : v[0];
    long b = v.length > 1 ? (i32 ? (int) v[1] : v[1]) : 0;
    if (i32 && (op == Ir.Op.SHL || op == Ir.Op.SHR || op == Ir.Op.USHR)) {
      int x = (int) a;
      int n = (int) b;
      return op == Ir.Op.SHL ? x << n : op == Ir.Op.SHR ? x >> n : x >>> n;
    }
    long r = switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case NEG -> -a;
      case ABS -> Math.abs(a);
      case MIN -> Math.min(a, b);
      case MAX -> Math.max(a, b);
      case AND -> a & b;
      case OR -> a | b;
      case XOR -> a ^ b;
      case SHL -> a << b;
      case SHR -> a >> b;
      case USHR -> a >>> b;
      case BIT_COUNT -> i32 ? Integer.bitCount((int) a) : Long.bitCount(a);
      case LEADING_ZEROS_COUNT -> i32 ? Integer.numberOfLeadingZeros((int) a) : Long.numberOfLeadingZeros(a);
      case TRAILING_ZEROS_COUNT -> i32 ? Integer.numberOfTrailingZeros((int) a) : Long.numberOfTrailingZeros(a);
      default -> throw new IllegalArgumentException(op + " is not an integer operation");
    };
    return i32 ? (int) r : r;
  }

  /** Scalar semantics of each operation (also used by tests as the reference). */
  static double eval(Ir.Op op, double[] v) {
    return switch (op) {
      case ADD -> v[0] + v[1];
      case SUB -> v[0] - v[1];
      case MUL -> v[0] * v[1];
      case DIV -> v[0] / v[1];
      case NEG -> -v[0];
      case SQRT -> Math.sqrt(v[0]);
      case ABS -> Math.abs(v[0]);
      case MIN -> Math.min(v[0], v[1]);
      case MAX -> Math.max(v[0], v[1]);
      case FMA -> Math.fma(v[0], v[1], v[2]);
      case EXP -> Math.exp(v[0]);
      case EXPM1 -> Math.expm1(v[0]);
      case LOG -> Math.log(v[0]);
      case LOG1P -> Math.log1p(v[0]);
      case LOG10 -> Math.log10(v[0]);
      case LOG2 -> org.ufunc4j.internal.math.NumpyMath.log2(v[0]);
      case SIN -> Math.sin(v[0]);
      case COS -> Math.cos(v[0]);
      case TAN -> Math.tan(v[0]);
      case ASIN -> Math.asin(v[0]);
      case ACOS -> Math.acos(v[0]);
      case ATAN -> Math.atan(v[0]);
      case SINH -> Math.sinh(v[0]);
      case COSH -> Math.cosh(v[0]);
      case TANH -> Math.tanh(v[0]);
      case CBRT -> Math.cbrt(v[0]);
      case POW -> Math.pow(v[0], v[1]);
      case ATAN2 -> Math.atan2(v[0], v[1]);
      case HYPOT -> Math.hypot(v[0], v[1]);
      case COPYSIGN -> Math.copySign(v[0], v[1]);
      case TRUNC_LONG -> (double) (long) v[0];
      case TRUNC_INT -> (double) (int) v[0];
      case ROUND_FLOAT -> (double) (float) v[0];
      case AND, OR, XOR, SHL, SHR, USHR, BIT_COUNT, LEADING_ZEROS_COUNT, TRAILING_ZEROS_COUNT, TO_INTEGER, TO_FLOATING, BITS_OF, FROM_BITS ->
          throw new IllegalArgumentException(op + " is an integer operation or a lane conversion");
    };
  }
}
