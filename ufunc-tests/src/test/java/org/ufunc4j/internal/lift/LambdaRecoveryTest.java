package org.ufunc4j.internal.lift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.Comparator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.ufunc4j.Fn;

/**
 * {@link Lifter#recover}: the lambda class's own {@code writeReplace} where its package is open to
 * ufunc4j, serialization where it is not, and the same description either way.
 */
class LambdaRecoveryTest {
  private static Object[] captured(SerializedLambda s) {
    Object[] out = new Object[s.getCapturedArgCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.getCapturedArg(i);
    }
    return out;
  }

  private static void assertSame(SerializedLambda want, SerializedLambda got) {
    assertEquals(want.getImplClass(), got.getImplClass());
    assertEquals(want.getImplMethodName(), got.getImplMethodName());
    assertEquals(want.getImplMethodSignature(), got.getImplMethodSignature());
    assertEquals(want.getImplMethodKind(), got.getImplMethodKind());
    assertEquals(want.getFunctionalInterfaceClass(), got.getFunctionalInterfaceClass());
    assertEquals(want.getInstantiatedMethodType(), got.getInstantiatedMethodType());
    assertArrayEquals(captured(want), captured(got));
  }

  @Test
  void theDirectPathDescribesTheLambdaAsSerializationDoes() throws Exception {
    double scale = 2.5;
    long shift = 7;
    Fn.DoubleUnary f = x -> x * scale + shift;
    SerializedLambda direct = Lifter.recover(f);
    assertSame(Lifter.recoverBySerialization(f), direct);
    assertEquals(2, direct.getCapturedArgCount());
    assertEquals(scale, direct.getCapturedArg(0));
    assertEquals(shift, direct.getCapturedArg(1));
    assertEquals(LambdaRecoveryTest.class.getName().replace('.', '/'), direct.getImplClass());
  }

  @Test
  void aLambdaInAPackageNotOpenToUfunc4jIsRecoveredBySerialization() throws Exception {
    // Comparator.comparing returns a serializable lambda of java.util, which java.base does not
    // open: writeReplace cannot be made accessible, so recover() must fall back
    Comparator<String> c = Comparator.comparing((Function<String, Integer> & Serializable) String::length);
    assertFalse(c.getClass().getDeclaredMethod("writeReplace").trySetAccessible(),
        "the test needs a lambda class whose writeReplace is not accessible");
    SerializedLambda s = Lifter.recover(c);
    assertEquals("java/util/Comparator", s.getImplClass());
    assertEquals(1, s.getCapturedArgCount());
    assertTrue(s.getCapturedArg(0) instanceof Function<?, ?>);
  }

  /** A named class, not a lambda: it has no implementation method to read. */
  private static final class Doubler implements Fn.DoubleUnary {
    private static final long serialVersionUID = 1L;

    @Override
    public double applyAsDouble(double x) {
      return 2 * x;
    }
  }

  @Test
  void aSerializableClassIsNotALambda() {
    LiftException e = assertThrows(LiftException.class, () -> Lifter.recover(new Doubler()));
    assertTrue(e.getMessage().contains("is a class, not a lambda"), e.getMessage());
  }
}
