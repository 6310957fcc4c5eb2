package org.ufunc4j.internal.kernel;

import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.internal.exec.LoopKernel;

/**
 * One loop of a ufunc: its signature, the scalar function, and the kernels generated for it, one
 * per combination of operand dtypes and storage kinds (so that no call site mixes them).
 */
public final class Loop {
  private final LoopSignature signature;
  private final Fn fn;
  private final FnShape shape;
  private final String ufuncName;
  // Copy-on-write: codes[i] -> kernels[i]; one or two entries in practice, a scan beats hashing.
  private volatile int[] codes = new int[0];
  private volatile LoopKernel[] kernels = new LoopKernel[0];

  public Loop(LoopSignature signature, Fn fn, FnShape shape, String ufuncName) {
    this.signature = signature;
    this.fn = fn;
    this.shape = shape;
    this.ufuncName = ufuncName;
    check();
  }

  private void check() {
    DType[] ins = signature.inputs();
    if (ins.length != shape.arity()) {
      throw new IllegalArgumentException(
          "signature " + signature.numbaForm() + " has " + ins.length + " arguments but the lambda ("
              + shape.describe() + ") takes " + shape.arity());
    }
    for (int i = 0; i < ins.length; i++) {
      if (!DType.canCast(ins[i], shape.params()[i], org.ufunc4j.Casting.SAFE)) {
        throw new IllegalArgumentException(
            "signature " + signature.numbaForm() + ": argument " + i + " is " + ins[i] + " but the lambda ("
                + shape.describe() + ") takes " + shape.params()[i]
                + " there, which cannot hold every " + ins[i] + " value; use a lambda type that can (see Fn)");
      }
    }
  }

  public LoopSignature signature() {
    return signature;
  }

  public Fn fn() {
    return fn;
  }

  public FnShape shape() {
    return shape;
  }

  /** The kernel for operands of these stored dtypes and storage kinds (inputs, then output). */
  public LoopKernel kernel(DType[] opTypes, boolean[] nativeOps) {
    int code = 0;
    for (int k = 0; k < opTypes.length; k++) {
      code = code << 4 | opTypes[k].ordinal() << 1 | (nativeOps[k] ? 1 : 0);
    }
    int[] cs = codes;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == code) {
        return kernels[i];
      }
    }
    return compile(code, opTypes, nativeOps);
  }

  private synchronized LoopKernel compile(int code, DType[] opTypes, boolean[] nativeOps) {
    int[] cs = codes;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] == code) {
        return kernels[i];
      }
    }
    DType[] loopTypes = new DType[opTypes.length];
    System.arraycopy(signature.inputs(), 0, loopTypes, 0, opTypes.length - 1);
    loopTypes[opTypes.length - 1] = signature.output();
    LoopKernel k =
        TierACompiler.compile(fn, shape, loopTypes, opTypes.clone(), nativeOps.clone(), ufuncName + "_" + signature.typeCodes());
    LoopKernel[] ks = java.util.Arrays.copyOf(kernels, cs.length + 1);
    ks[cs.length] = k;
    int[] ncs = java.util.Arrays.copyOf(cs, cs.length + 1);
    ncs[cs.length] = code;
    kernels = ks; // kernels first: a reader that sees the new code must see the kernel
    codes = ncs;
    return k;
  }
}
