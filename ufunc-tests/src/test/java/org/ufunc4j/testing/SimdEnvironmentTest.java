package org.ufunc4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The test JVMs are set up as the two surefire executions promise: the SIMD execution can run the
 * Vector API (module resolved, preferred width at least 128 bits), the scalar one has SIMD off.
 * This is the environment half of "fail when SIMD was expected but did not run"; the library half
 * (the ufunc reports which path ran) belongs with the Ufunc tests.
 */
class SimdEnvironmentTest {

  @Test
  void simdExecutionHasAUsableVectorApi() {
    if (!MatrixCase.simdExpected()) {
      assertEquals("off", System.getProperty("ufunc.simd"), "the scalar execution must force SIMD off");
      return;
    }
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "SIMD expected but jdk.incubator.vector is not in the boot layer: is --add-modules missing from argLine?");
    assertTrue(Lanes.vectorBits() >= 128,
        "SIMD expected but the preferred vector width is " + Lanes.vectorBits() + " bits (C2 off, or an emulated width?)");
    assertTrue(MatrixCase.simdAllowedHere(), "SIMD expected but -Dufunc.simd=off");
  }
}
