package org.ufunc4j.internal.lift;

import java.util.List;

/**
 * The typed expression IR a lifted lambda becomes: a DAG of parameters, constants and operations,
 * all of one floating type (the loop's: a double lambda on a float32 loop is lifted in float32,
 * rounding after every operation as Numba computes). Nodes are records, so structurally equal
 * nodes are equal: the builder shares them (common subexpressions).
 */
public final class Ir {
  private Ir() {}

  /** Operations and their arity; the names are Java's ({@code Math.*}) where they come from there. */
  public enum Op {
    ADD(2), SUB(2), MUL(2), DIV(2), NEG(1),
    SQRT(1), ABS(1), MIN(2), MAX(2), FMA(3),
    EXP(1), EXPM1(1), LOG(1), LOG1P(1), LOG10(1), SIN(1), COS(1), TAN(1), ASIN(1), ACOS(1), ATAN(1),
    SINH(1), COSH(1), TANH(1), CBRT(1), POW(2), ATAN2(2), HYPOT(2);

    public final int arity;

    Op(int arity) {
      this.arity = arity;
    }

    /** True for operations that are correctly rounded in Java and in the Vector API alike. */
    public boolean exact() {
      return switch (this) {
        case ADD, SUB, MUL, DIV, NEG, SQRT, ABS, MIN, MAX, FMA -> true;
        default -> false;
      };
    }
  }

  /** A node of the DAG: a value of the IR's type, or (Compare, Not) a per-element condition. */
  public sealed interface Node permits Param, Const, Apply, Compare, Not, Select {}

  /** Comparison operators with Java's (IEEE) semantics: any comparison with NaN is false, except NE. */
  public enum Cmp {
    EQ, NE, LT, LE, GT, GE
  }

  /** A condition {@code a op b}. */
  public record Compare(Cmp op, Node a, Node b) implements Node {}

  /** The negation of a condition. */
  public record Not(Node cond) implements Node {}

  /** {@code cond ? ifTrue : ifFalse}, per element (a blend in SIMD code: both sides are computed). */
  public record Select(Node cond, Node ifTrue, Node ifFalse) implements Node {}

  /** True when every operation under {@code n} is correctly rounded (no transcendental). */
  public static boolean allExact(Node n) {
    return switch (n) {
      case Param p -> true;
      case Const c -> true;
      case Apply a -> a.op().exact() && a.args().stream().allMatch(Ir::allExact);
      case Compare c -> allExact(c.a()) && allExact(c.b());
      case Not x -> allExact(x.cond());
      case Select x -> allExact(x.cond()) && allExact(x.ifTrue()) && allExact(x.ifFalse());
    };
  }

  /** True for condition nodes. */
  public static boolean isCondition(Node n) {
    return n instanceof Compare || n instanceof Not;
  }

  /** Lambda parameter {@code index}. */
  public record Param(int index) implements Node {}

  /** A constant (already rounded to the IR's type when that is float). */
  public record Const(double value) implements Node {}

  /** An operation on its arguments. */
  public record Apply(Op op, List<Node> args) implements Node {}

  /** A lifted function: its result node, the number of parameters and whether it computes in float. */
  public record Function(Node result, int params, boolean f32) {
    /** A readable form such as {@code exp(((p0 / 0.5) - 1.0)^2)} for explain(). */
    public String describe() {
      return show(result);
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

    private static String show(Node n) {
      return switch (n) {
        case Param p -> "p" + p.index();
        case Const c -> Double.toString(c.value());
        case Compare c -> "(" + show(c.a()) + " " + symbol(c.op()) + " " + show(c.b()) + ")";
        case Not x -> "!" + show(x.cond());
        case Select x -> "(" + show(x.cond()) + " ? " + show(x.ifTrue()) + " : " + show(x.ifFalse()) + ")";
        case Apply a -> switch (a.op()) {
          case ADD -> "(" + show(a.args().get(0)) + " + " + show(a.args().get(1)) + ")";
          case SUB -> "(" + show(a.args().get(0)) + " - " + show(a.args().get(1)) + ")";
          case MUL -> "(" + show(a.args().get(0)) + " * " + show(a.args().get(1)) + ")";
          case DIV -> "(" + show(a.args().get(0)) + " / " + show(a.args().get(1)) + ")";
          case NEG -> "-" + show(a.args().get(0));
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
