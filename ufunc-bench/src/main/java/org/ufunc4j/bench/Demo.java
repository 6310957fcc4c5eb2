package org.ufunc4j.bench;

import org.ufunc4j.Broadcast;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/** The README's demo: what ufunc4j does, in a few printed steps. Run with {@code ./ufunc4j demo}. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    System.out.println("ufunc4j demo on Java " + Runtime.version());
    NDArray a = NDArray.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4);
    System.out.println("\na = arange(12).reshape(3, 4)\n" + a);
    System.out.println("\na.slice(\"::2, ::-1\")  (a view: every 2nd row, columns reversed)\n" + a.slice("::2, ::-1"));
    System.out.println("\na.transpose()\n" + a.transpose());
    NDArray row = NDArray.of(new double[] {10, 20, 30, 40});
    System.out.println("\nrow.broadcastTo(3, 4)  (stride 0, read-only)\n" + row.broadcastTo(3, 4));
    System.out.println("\nBroadcast.shapes((3, 1), (4,)) = " + NDArray.shapeString(Broadcast.shapes(new long[] {3, 1}, new long[] {4})));
    NDArray r = NDArray.random(DType.FLOAT32, 1, 2, 3);
    System.out.println("\nrandom(float32, seed 1, (2, 3))  (SplitMix64, bit-identical with Python)\n" + r);
  }
}
