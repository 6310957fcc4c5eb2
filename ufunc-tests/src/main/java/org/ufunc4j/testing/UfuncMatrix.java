package org.ufunc4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.ufunc4j.DType;

/**
 * Expands a JUnit 5 {@code @ParameterizedTest} over dtype x layout x target x SIMD, one {@link
 * MatrixCase} argument per combination (Caffeine's {@code @CacheSpec} idea: the test states what
 * it covers in one annotation; the matrix grows when a dimension does).
 *
 * <pre>{@code
 * @ParameterizedTest
 * @UfuncMatrix(dtypes = {DType.FLOAT32, DType.FLOAT64}, targets = "CPU")
 * void copyIsExact(MatrixCase c) {
 *   TestArray t = c.array(new long[] {3, 17}, 42);
 *   Comparisons.assertBitEqual(t.array(), t.array().copy());
 * }
 * }</pre>
 *
 * <p>SIMD cannot be switched on in a JVM started with {@code -Dufunc.simd=off}: there the cases
 * with {@code simd = true} are left out (the other surefire run covers them).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ArgumentsSource(MatrixCase.Provider.class)
public @interface UfuncMatrix {
  /** The dtypes; all by default. */
  DType[] dtypes() default {
    DType.BOOL, DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64
  };

  /** The layouts; all by default. */
  Layout[] layouts() default {
    Layout.CONTIGUOUS,
    Layout.STRIDED,
    Layout.REVERSED,
    Layout.TRANSPOSED,
    Layout.BROADCAST,
    Layout.OFFSET,
    Layout.NATIVE
  };

  /** Target names as {@code Target} spells them; both by default. */
  String[] targets() default {"CPU", "PARALLEL"};

  /** SIMD on, off; both by default (on is dropped when the JVM runs with SIMD off). */
  boolean[] simd() default {true, false};
}
