package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Casting;
import org.ufunc4j.DType;

/**
 * {@link DType#canCast} agrees with NumPy 2's {@code np.can_cast(from, to, casting)} for every pair
 * of dtypes and every casting rule. The tables are NumPy's output (numpy 2.4), written as literals:
 * row = from, column = to, in the order bool int8 int16 int32 int64 float32 float64; 'X' = allowed.
 */
class CastingTableTest {
  private static final DType[] ORDER = {
    DType.BOOL, DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64
  };

  private static final String[] IDENTITY = {
    "X......", //
    ".X.....",
    "..X....",
    "...X...",
    "....X..",
    ".....X.",
    "......X",
  };

  private static final Map<Casting, String[]> NUMPY =
      Map.of(
          Casting.NO, IDENTITY,
          Casting.EQUIV, IDENTITY,
          Casting.SAFE,
              new String[] {
                "XXXXXXX", // bool -> anything
                ".XXXXXX",
                "..XXXXX", // int16 -> float32 is safe (24-bit mantissa)
                "...XX.X", // int32 -> float32 is not safe
                "....X.X", // int64 -> float64 is 'safe' in NumPy although it rounds
                ".....XX",
                "......X",
              },
          Casting.SAME_KIND,
              new String[] {
                "XXXXXXX",
                ".XXXXXX", // int -> bool only unsafe
                ".XXXXXX",
                ".XXXXXX", // int32 -> float32 same_kind
                ".XXXXXX", // int64 -> int8 same_kind (narrowing within a kind)
                ".....XX", // float -> int only unsafe
                ".....XX",
              },
          Casting.UNSAFE,
              new String[] {"XXXXXXX", "XXXXXXX", "XXXXXXX", "XXXXXXX", "XXXXXXX", "XXXXXXX", "XXXXXXX"});

  @Test
  void canCastAgreesWithNumPyForEveryPairAndRule() {
    List<String> wrong = new ArrayList<>();
    for (Casting c : Casting.values()) {
      String[] table = NUMPY.get(c);
      for (int i = 0; i < ORDER.length; i++) {
        for (int j = 0; j < ORDER.length; j++) {
          boolean expected = table[i].charAt(j) == 'X';
          boolean actual = DType.canCast(ORDER[i], ORDER[j], c);
          if (expected != actual) {
            wrong.add("can_cast(" + ORDER[i] + ", " + ORDER[j] + ", " + c + ") = " + actual + ", NumPy says " + expected);
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(5 * 49, Casting.values().length * ORDER.length * ORDER.length, "every pair was checked");
  }

  @Test
  void theRulesAreNested() {
    // Each rule allows everything the stricter one allows: a sanity check on the literal tables.
    Casting[] order = Casting.values();
    for (int k = 1; k < order.length; k++) {
      for (int i = 0; i < ORDER.length; i++) {
        for (int j = 0; j < ORDER.length; j++) {
          if (NUMPY.get(order[k - 1])[i].charAt(j) == 'X') {
            assertTrue(NUMPY.get(order[k])[i].charAt(j) == 'X', order[k] + " " + ORDER[i] + "->" + ORDER[j]);
          }
        }
      }
    }
  }

  @Test
  void castingNamesParseAsNumPyWritesThem() {
    assertEquals(Casting.SAME_KIND, Casting.of("same_kind"));
    assertEquals(Casting.UNSAFE, Casting.of("unsafe"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Casting.of("sometimes"));
    assertTrue(e.getMessage().contains("sometimes") && e.getMessage().contains("same_kind"), e.getMessage());
  }

  @Test
  void dtypeNamesAndAliases() {
    assertEquals(DType.FLOAT64, DType.of("f8"));
    assertEquals(DType.FLOAT64, DType.of("double"));
    assertEquals(DType.FLOAT32, DType.of("f4"));
    assertEquals(DType.INT64, DType.of("i8"));
    assertEquals(DType.INT32, DType.of("i4"));
    assertEquals(DType.BOOL, DType.of("b1"));
    assertEquals(DType.INT16, DType.of("int16"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.of("complex128"));
    assertTrue(e.getMessage().contains("complex128"), e.getMessage());
  }
}
