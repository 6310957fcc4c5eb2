package org.ufunc4j.testing;

import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets a property say {@code @ForAll TestArray t} without a {@code @Provide} method: jqwik finds
 * this provider through {@code META-INF/services} and draws {@link ArrayArbitraries#arrays()} (any
 * dtype, shapes up to 3-d, any layout). Use an explicit {@code @Provide} for narrower choices.
 */
public final class TestArrayProvider implements ArbitraryProvider {
  /** Called by jqwik's service loader. */
  public TestArrayProvider() {}

  @Override
  public boolean canProvideFor(TypeUsage targetType) {
    return targetType.isOfType(TestArray.class);
  }

  @Override
  public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
    return Set.of(ArrayArbitraries.arrays());
  }
}
