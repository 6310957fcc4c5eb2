/** ufunc4j generalized ufuncs: layout strings, core-dimension resolution and {@code GUfunc}. */
module org.ufunc4j.gufunc {
  requires transitive org.ufunc4j.core;

  exports org.ufunc4j.gufunc;

}
