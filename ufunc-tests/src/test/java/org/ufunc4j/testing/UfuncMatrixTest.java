package org.ufunc4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.ufunc4j.DType;

/** {@link UfuncMatrix} expands into the full product and the cases build their arrays. */
class UfuncMatrixTest {
  private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  @ParameterizedTest
  @UfuncMatrix(dtypes = {DType.FLOAT64, DType.INT16}, targets = "CPU")
  void everyCaseBuildsItsLayout(MatrixCase c) {
    RAN.add(c.toString());
    TestArray t = c.array(new long[] {3, 17}, 7);
    assertEquals(c.dtype(), t.dtype());
    assertEquals(c.layout(), t.layout());
    assertArrayEquals(new long[] {3, 17}, t.shape());
    Comparisons.assertBitEqual(t.array(), t.contiguousCopy());
  }

  @AfterAll
  static void allCasesRan() {
    int simd = MatrixCase.simdAllowedHere() ? 2 : 1;
    assertEquals(2 * Layout.values().length * simd, RAN.size(), RAN.toString());
  }

  @UfuncMatrix
  void defaults() {}

  @UfuncMatrix(targets = {"CPU", "PARALLEL"}, simd = true)
  void simdOnly() {}

  @Test
  void defaultMatrixIsTheFullProduct() throws Exception {
    UfuncMatrix spec = getClass().getDeclaredMethod("defaults").getAnnotation(UfuncMatrix.class);
    List<MatrixCase> cases = MatrixCase.Provider.cases(spec);
    int simd = MatrixCase.simdAllowedHere() ? 2 : 1;
    assertEquals(DType.values().length * Layout.values().length * 2 * simd, cases.size());
    assertEquals(cases.size(), new HashSet<>(cases).size(), "no duplicates");
    assertEquals("bool/CONTIGUOUS/CPU/" + (simd == 2 ? "simd" : "scalar"), cases.get(0).toString());
  }

  @Test
  void simdCasesAreDroppedWhenSimdIsOff() throws Exception {
    UfuncMatrix spec = getClass().getDeclaredMethod("simdOnly").getAnnotation(UfuncMatrix.class);
    List<MatrixCase> cases = MatrixCase.Provider.cases(spec);
    if (MatrixCase.simdAllowedHere()) {
      assertTrue(cases.stream().allMatch(MatrixCase::simd));
      assertEquals(DType.values().length * Layout.values().length * 2, cases.size());
    } else {
      assertEquals(List.of(), cases);
    }
  }

  @Test
  void simdExpectationFollowsTheSurefireExecution() {
    // The SIMD execution sets expectSimd=true with ufunc.simd=auto; the scalar one false with off.
    assertEquals(MatrixCase.simdExpected(), MatrixCase.simdAllowedHere());
  }
}
