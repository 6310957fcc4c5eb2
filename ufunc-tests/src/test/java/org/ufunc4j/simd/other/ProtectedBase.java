package org.ufunc4j.simd.other;

/**
 * A superclass in another package whose protected member a subclass's lambda uses: the JVM lets
 * only subclasses use it, and the float rewrite's copy (a nestmate, not a subclass) cannot.
 */
public class ProtectedBase {
  protected static double weight = 1.7;

  protected ProtectedBase() {}
}
