/**
 * ufunc4j core: n-d arrays, dtypes, broadcasting, ufuncs and the SIMD kernel compiler.
 *
 * <p>The Vector API module is optional ({@code requires static}): without it, or with {@code
 * -Dufunc.simd=off}, every kernel runs on the scalar path.
 */
module org.ufunc4j.core {
  requires static jdk.incubator.vector;
  requires java.management; // SimdSupport checks the JVM flags for C2 (Lucene's gate)

  exports org.ufunc4j;
  // Internals shared with the gufunc module only.
  exports org.ufunc4j.internal to
      org.ufunc4j.gufunc;
  exports org.ufunc4j.internal.storage to
      org.ufunc4j.gufunc;
  exports org.ufunc4j.internal.exec to
      org.ufunc4j.gufunc;
  exports org.ufunc4j.internal.index to
      org.ufunc4j.gufunc;
}
