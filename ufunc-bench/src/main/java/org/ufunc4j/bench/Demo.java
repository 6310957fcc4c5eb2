package org.ufunc4j.bench;

import java.util.List;
import org.ufunc4j.Broadcast;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Target;
import org.ufunc4j.Ufunc;
import org.ufunc4j.UfuncException;
import org.ufunc4j.Ufuncs;
import org.ufunc4j.gufunc.F64Core;
import org.ufunc4j.gufunc.GUfunc;

/** The README's demo: what ufunc4j does, in a few printed steps. Run with {@code ./ufunc4j demo}. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    System.out.println("ufunc4j demo on Java " + Runtime.version());

    section("Arrays, views and broadcasting");
    NDArray a = NDArray.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4);
    show("a = arange(12).reshape(3, 4)", a);
    show("a.slice(\"::2, ::-1\")  (a view: every 2nd row, columns reversed)", a.slice("::2, ::-1"));
    show("a.transpose()", a.transpose());
    NDArray row = NDArray.of(new double[] {10, 20, 30, 40});
    show("row.broadcastTo(3, 4)  (stride 0, read-only)", row.broadcastTo(3, 4));
    System.out.println("\nBroadcast.shapes((3, 1), (4,)) = "
        + NDArray.shapeString(Broadcast.shapes(new long[] {3, 1}, new long[] {4})));
    show("random(float32, seed 1, (2, 3))  (SplitMix64: bit-identical with the Python scripts)",
        NDArray.random(DType.FLOAT32, 1, 2, 3));

    section("Ufunc.vectorize: a Java lambda becomes a typed, broadcasting ufunc");
    Ufunc vecOp = Ufunc.vectorize("float64(float64, float64)", (x, y) -> Math.pow(Math.sin(Math.pow(x, y)), 2))
        .withName("vec_op");
    System.out.println("\n" + vecOp + " (the seed's W5 kernel)");
    NDArray col = NDArray.linspace(0.5, 1.5, 3).reshape(3, 1);
    show("vec_op(col (3,1), row (4,)) broadcasts to (3, 4)", vecOp.apply(col, NDArray.of(new double[] {1, 2, 3, 4})));
    NDArray big = NDArray.random(DType.FLOAT64, 4, 1024, 1024);
    NDArray twice = Ufuncs.multiply.apply(big, 2);
    time("vec_op on 1024x1024, CPU", () -> vecOp.apply(big, twice));
    time("vec_op on 1024x1024, PARALLEL", () -> vecOp.target(Target.PARALLEL).apply(big, twice));
    System.out.println("PARALLEL matches CPU (SIMD transcendentals: within a few ulps): "
        + NDArray.allClose(vecOp.apply(big, twice), vecOp.target(Target.PARALLEL).apply(big, twice), 1e-14, 0));
    System.out.println("\n" + vecOp.explain());

    section("Weak scalars: no float32 -> float64 upcast (the seed's pitfall)");
    NDArray rho = NDArray.random(DType.FLOAT32, 1, 4);
    System.out.println("\nmultiply(float32 array, 2.0).dtype() = " + Ufuncs.multiply.apply(rho, 2.0).dtype());
    Ufunc contrast = Ufunc.vectorize(List.of("float32(float32)", "float64(float64)"), x -> Math.exp(Math.pow(x / 0.5 - 1, 2)));
    show("density contrast on float32 " + rho + " gives float32", contrast.apply(rho));

    section("out, in place and where");
    NDArray v = NDArray.arange(DType.FLOAT64, 0, 8, 1);
    Ufuncs.square.out(v).apply(v);
    show("square in place", v);
    NDArray w = NDArray.full(DType.FLOAT64, -1.0, 8);
    Ufuncs.sqrt.out(w).where(Ufuncs.greater.apply(v, 10)).apply(v);
    show("sqrt where v > 10 (others keep -1)", w);

    section("NumPy semantics in the standard ufuncs");
    NDArray n = NDArray.of(new long[] {7, -7, 7, -7});
    NDArray d = NDArray.of(new long[] {2, 2, -2, 0});
    show("floor_divide([7, -7, 7, -7], [2, 2, -2, 0])", Ufuncs.floor_divide.apply(n, d));
    show("remainder([7, -7, 7, -7], [2, 2, -2, 0])", Ufuncs.remainder.apply(n, d));
    show("add(int8 [127, -128], 1)  (wraps)", Ufuncs.add.apply(NDArray.of(new byte[] {127, -128}), 1));
    Ufunc even = Ufunc.vectorize("bool(int64)", (Fn.LongPredicate) x -> (x & 1) == 0);
    show("vectorize(\"bool(int64)\", x -> (x & 1) == 0) on arange(6)", even.apply(NDArray.arange(6)));

    section("GUfunc.guvectorize: kernels over core dimensions (the seed's W6)");
    GUfunc powRows = GUfunc.guvectorize("void(float64[:], float64[:], float64[:])", "(ny),(ny)->(ny)", core -> {
      F64Core x = core.f64(0);
      F64Core y = core.f64(1);
      F64Core c = core.f64(2);
      for (long j = 0; j < x.size(0); j++) {
        c.set(Math.pow(x.get(j), y.get(j)), j);
      }
    }).withName("pow_rows");
    System.out.println("\n" + powRows);
    time("pow_rows on 1024x1024, CPU", () -> powRows.apply(big, twice));
    time("pow_rows on 1024x1024, PARALLEL", () -> powRows.target(Target.PARALLEL).apply(big, twice));
    System.out.println("equals Ufuncs.power: " + powRows.apply(big, twice).equals(Ufuncs.power.apply(big, twice)));
    GUfunc inner = GUfunc.guvectorize("void(float64[:], float64[:], float64)", "(i),(i)->()", core -> {
      F64Core x = core.f64(0);
      F64Core y = core.f64(1);
      double s = 0;
      for (long k = 0; k < x.size(0); k++) {
        s += x.get(k) * y.get(k);
      }
      core.f64(2).set(s);
    });
    show("inner1d (i),(i)->() of a (3, 4) stack with one (4,) vector, broadcast",
        inner.apply(NDArray.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4), NDArray.of(new double[] {1, 1, 1, 1})));

    section("Errors say what is wrong, before anything is written");
    tryIt(() -> Ufunc.vectorize("float64(float64, float65)", (x, y) -> x));
    tryIt(() -> Ufuncs.add.apply(NDArray.zeros(DType.FLOAT64, 2, 3), NDArray.zeros(DType.FLOAT64, 4)));
    tryIt(() -> Ufuncs.left_shift.apply(NDArray.of(new double[] {1.5}), 1));
    tryIt(() -> GUfunc.guvectorize("void(float64[:], float64)", "(n),->()", core -> { }));
    tryIt(() -> Ufunc.vectorize("float64(float64)", x -> {
          if (x > 0.5) {
            throw new IllegalStateException("kernel refused " + x);
          }
          return x;
        }).threads(2).apply(big));
  }

  private static void section(String title) {
    System.out.println("\n== " + title + " ==");
  }

  private static void show(String label, NDArray x) {
    System.out.println("\n" + label + "\n" + x);
  }

  private static void time(String label, Runnable r) {
    for (int i = 0; i < 3; i++) {
      r.run(); // warm up: the first calls compile the loop
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      r.run();
      best = Math.min(best, System.nanoTime() - t);
    }
    System.out.printf("%s: best of 5 %.2f ms%n", label, best / 1e6);
  }

  private static void tryIt(Runnable r) {
    try {
      r.run();
      System.out.println("\n(no error)");
    } catch (IllegalArgumentException | UfuncException e) {
      System.out.println("\n" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + (e.getCause() != null ? "\n  cause: " + e.getCause() : ""));
    }
  }
}
