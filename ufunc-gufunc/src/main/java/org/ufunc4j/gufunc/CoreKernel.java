package org.ufunc4j.gufunc;

import java.io.Serializable;

/** A gufunc's kernel: called once per outer iteration with views of the operands' cores. */
@FunctionalInterface
public interface CoreKernel extends Serializable {
  void run(Core core);
}
