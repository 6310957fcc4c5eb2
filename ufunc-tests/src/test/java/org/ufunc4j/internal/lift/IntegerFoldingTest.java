package org.ufunc4j.internal.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/** Constant folding of integer IR follows Java's int and long arithmetic (wrapping, shift masks). */
class IntegerFoldingTest {
  private static final Object[][] OPS = {
    {Ir.Op.ADD, (IntBinaryOperator) (a, b) -> a + b, (LongBinaryOperator) (a, b) -> a + b},
    {Ir.Op.SUB, (IntBinaryOperator) (a, b) -> a - b, (LongBinaryOperator) (a, b) -> a - b},
    {Ir.Op.MUL, (IntBinaryOperator) (a, b) -> a * b, (LongBinaryOperator) (a, b) -> a * b},
    {Ir.Op.NEG, (IntBinaryOperator) (a, b) -> -a, (LongBinaryOperator) (a, b) -> -a},
    {Ir.Op.ABS, (IntBinaryOperator) (a, b) -> Math.abs(a), (LongBinaryOperator) (a, b) -> Math.abs(a)},
    {Ir.Op.MIN, (IntBinaryOperator) Math::min, (LongBinaryOperator) Math::min},
    {Ir.Op.MAX, (IntBinaryOperator) Math::max, (LongBinaryOperator) Math::max},
    {Ir.Op.AND, (IntBinaryOperator) (a, b) -> a & b, (LongBinaryOperator) (a, b) -> a & b},
    {Ir.Op.OR, (IntBinaryOperator) (a, b) -> a | b, (LongBinaryOperator) (a, b) -> a | b},
    {Ir.Op.XOR, (IntBinaryOperator) (a, b) -> a ^ b, (LongBinaryOperator) (a, b) -> a ^ b},
    {Ir.Op.SHL, (IntBinaryOperator) (a, b) -> a << b, (LongBinaryOperator) (a, b) -> a << b},
    {Ir.Op.SHR, (IntBinaryOperator) (a, b) -> a >> b, (LongBinaryOperator) (a, b) -> a >> b},
    {Ir.Op.USHR, (IntBinaryOperator) (a, b) -> a >>> b, (LongBinaryOperator) (a, b) -> a >>> b},
    {Ir.Op.BIT_COUNT, (IntBinaryOperator) (a, b) -> Integer.bitCount(a), (LongBinaryOperator) (a, b) -> Long.bitCount(a)},
    {Ir.Op.LEADING_ZEROS_COUNT, (IntBinaryOperator) (a, b) -> Integer.numberOfLeadingZeros(a),
        (LongBinaryOperator) (a, b) -> Long.numberOfLeadingZeros(a)},
    {Ir.Op.TRAILING_ZEROS_COUNT, (IntBinaryOperator) (a, b) -> Integer.numberOfTrailingZeros(a),
        (LongBinaryOperator) (a, b) -> Long.numberOfTrailingZeros(a)},
  };

  @Test
  void foldingMatchesJava() {
    SplittableRandom r = new SplittableRandom(11);
    long[] edges = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 31, 32, 63, 64, 65};
    for (Object[] op : OPS) {
      Ir.Op o = (Ir.Op) op[0];
      for (int i = 0; i < 2000; i++) {
        long a = i < edges.length ? edges[i] : r.nextLong();
        long b = i < edges.length ? edges[(i * 5 + 3) % edges.length] : i % 2 == 0 ? r.nextLong() : r.nextInt(-70, 70);
        int ia = (int) a;
        int ib = (int) b;
        assertEquals(((IntBinaryOperator) op[1]).applyAsInt(ia, ib), Passes.evalInteger(o, new long[] {ia, ib}, true), o + " int " + ia + ", " + ib);
        assertEquals(((LongBinaryOperator) op[2]).applyAsLong(a, b), Passes.evalInteger(o, new long[] {a, b}, false), o + " long " + a + ", " + b);
      }
    }
  }
}
