package org.ufunc4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.ufunc4j.DType;

/**
 * One combination of the {@link UfuncMatrix} test matrix.
 *
 * @param dtype the element type
 * @param layout how input arrays are laid out
 * @param target the execution target's name ({@code "CPU"} or {@code "PARALLEL"})
 * @param simd whether the SIMD path is wanted
 */
public record MatrixCase(DType dtype, Layout layout, String target, boolean simd) {

  /**
   * A deterministic input array for this case: {@code shape} in this case's layout and dtype, values
   * from the SplitMix64 stream of {@code seed} (see {@link ArrayArbitraries#build}).
   */
  public TestArray array(long[] shape, long seed) {
    return ArrayArbitraries.build(layout, dtype, shape, seed);
  }

  /** True unless the JVM runs with {@code -Dufunc.simd=off}. */
  public static boolean simdAllowedHere() {
    return !"off".equalsIgnoreCase(System.getProperty("ufunc.simd", "auto").trim());
  }

  /**
   * True when the build expects the SIMD path to be active in this JVM ({@code
   * -Dufunc.test.expectSimd=true}, set by the first surefire execution). A test that finds SIMD
   * inactive while this is true must fail, so that CI cannot silently test only the scalar path.
   */
  public static boolean simdExpected() {
    return Boolean.getBoolean("ufunc.test.expectSimd");
  }

  /** Short display name, e.g. {@code float64/STRIDED/CPU/simd}. */
  @Override
  public String toString() {
    return dtype + "/" + layout + "/" + target + "/" + (simd ? "simd" : "scalar");
  }

  /** Expands {@link UfuncMatrix} into its cases. */
  public static final class Provider implements ArgumentsProvider, AnnotationConsumer<UfuncMatrix> {
    private UfuncMatrix spec;

    /** Called by JUnit. */
    public Provider() {}

    @Override
    public void accept(UfuncMatrix annotation) {
      this.spec = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
      return cases(spec).stream().map(Arguments::of);
    }

    /** The cases an annotation stands for, in declaration order (dtype outermost). */
    static List<MatrixCase> cases(UfuncMatrix spec) {
      List<MatrixCase> out = new ArrayList<>();
      for (DType d : spec.dtypes()) {
        for (Layout l : spec.layouts()) {
          for (String t : spec.targets()) {
            for (boolean s : spec.simd()) {
              if (s && !simdAllowedHere()) {
                continue;
              }
              out.add(new MatrixCase(d, l, t, s));
            }
          }
        }
      }
      return out;
    }
  }
}
