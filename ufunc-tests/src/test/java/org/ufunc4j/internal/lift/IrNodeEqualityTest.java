package org.ufunc4j.internal.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IR nodes' hand-written {@code equals} and {@code hashCode} keep a record's meaning: the
 * passes share subexpressions by it, so a wrong "equal" would merge different values.
 */
class IrNodeEqualityTest {
  private static void assertSameNode(Ir.Node a, Ir.Node b) {
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode(), a + " and " + b);
  }

  @Test
  void constantsCompareByTheirBitsAsARecordDoes() {
    assertSameNode(new Ir.Const(1.5), new Ir.Const(1.5));
    assertSameNode(new Ir.Const(Double.NaN), new Ir.Const(Double.NaN));
    assertNotEquals(new Ir.Const(0.0), new Ir.Const(-0.0));
    assertNotEquals(new Ir.Const(Double.NaN), new Ir.Const(Double.longBitsToDouble(0x7ff8000000000001L)));
    // integer constants beyond 2^53 share a nearest double but not their bits
    assertNotEquals(Ir.Const.integer((1L << 53) + 1), Ir.Const.integer(1L << 53));
    assertSameNode(Ir.Const.integer(Long.MIN_VALUE), Ir.Const.integer(Long.MIN_VALUE));
  }

  @Test
  void compoundNodesCompareStructurally() {
    Ir.Node x = new Ir.Param(0);
    Ir.Node y = new Ir.Param(1);
    Ir.Node sum = new Ir.Apply(Ir.Op.ADD, List.of(x, new Ir.Const(1)));
    assertSameNode(sum, new Ir.Apply(Ir.Op.ADD, List.of(new Ir.Param(0), new Ir.Const(1))));
    assertNotEquals(sum, new Ir.Apply(Ir.Op.SUB, List.of(x, new Ir.Const(1))));
    assertNotEquals(sum, new Ir.Apply(Ir.Op.ADD, List.of(y, new Ir.Const(1))));
    assertNotEquals(x, new Ir.BoolParam(0));
    Ir.Node lt = new Ir.Compare(Ir.Cmp.LT, x, y);
    assertSameNode(lt, new Ir.Compare(Ir.Cmp.LT, new Ir.Param(0), new Ir.Param(1)));
    assertNotEquals(lt, new Ir.Compare(Ir.Cmp.LT, y, x));
    assertNotEquals(lt, new Ir.Compare(Ir.Cmp.LE, x, y));
    assertSameNode(new Ir.Not(lt), new Ir.Not(new Ir.Compare(Ir.Cmp.LT, x, y)));
    assertNotEquals(new Ir.Not(lt), lt);
    Ir.Node both = new Ir.Logic(Ir.LogicOp.AND, lt, new Ir.BoolParam(2));
    assertSameNode(both, new Ir.Logic(Ir.LogicOp.AND, lt, new Ir.BoolParam(2)));
    assertNotEquals(both, new Ir.Logic(Ir.LogicOp.OR, lt, new Ir.BoolParam(2)));
    Ir.Node pick = new Ir.Select(lt, x, sum);
    assertSameNode(pick, new Ir.Select(new Ir.Compare(Ir.Cmp.LT, x, y), x, sum));
    assertNotEquals(pick, new Ir.Select(lt, sum, x));
  }
}
