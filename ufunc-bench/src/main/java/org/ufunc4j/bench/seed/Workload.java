package org.ufunc4j.bench.seed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.ufunc4j.DType;

/**
 * A seed workload of WORKLOADS.md: its inputs (from the SplitMix64 stream with the seed the
 * baselines used), a scalar reference for every element with a documented tolerance, how many
 * bytes it must move at least (for the bandwidth floor), and its variants.
 *
 * <p>A result {@code r} is correct when it has the expected dtype and shape and every element
 * satisfies {@code |r[i] - ref(i)| <= atol + rtol * |ref(i)|} (NaN never passes). The reference
 * is computed in float64 from the pristine inputs, so float32 results are checked against a more
 * accurate value than they can hold: rtol is a few float32 ulps there.
 */
public final class Workload {
  /** Which measured bandwidth bounds the workload from below. */
  public enum Floor {
    /** Reads some arrays and writes a new one: the copy bandwidth. */
    COPY,
    /** Reads and writes the same array: the in-place bandwidth. */
    IN_PLACE
  }

  /** The scalar reference of element i, computed in double from the pristine inputs. */
  @FunctionalInterface
  public interface Reference {
    double at(Inputs in, long i);
  }

  private final String id;
  private final String description;
  private final long[] fullShape;
  private final long[] smallShape;
  private final long seed;
  private final DType resultType;
  private final Function<long[], Inputs> inputs;
  private final Reference reference;
  private final double rtol;
  private final double atol;
  private final boolean inPlace;
  private final Floor floor;
  private final int bytesPerElement;
  private final boolean memoryBound;
  private final List<Variant> variants = new ArrayList<>();

  Workload(
      String id,
      String description,
      long[] fullShape,
      long[] smallShape,
      long seed,
      DType resultType,
      Function<long[], Inputs> inputs,
      Reference reference,
      double rtol,
      double atol,
      boolean inPlace,
      Floor floor,
      int bytesPerElement,
      boolean memoryBound) {
    this.id = id;
    this.description = description;
    this.fullShape = fullShape;
    this.smallShape = smallShape;
    this.seed = seed;
    this.resultType = resultType;
    this.inputs = inputs;
    this.reference = reference;
    this.rtol = rtol;
    this.atol = atol;
    this.inPlace = inPlace;
    this.floor = floor;
    this.bytesPerElement = bytesPerElement;
    this.memoryBound = memoryBound;
  }

  /** Adds a variant (the lead's ufunc4j variants come in through {@link UfuncVariants}). */
  public Workload add(Variant v) {
    variants.add(v);
    return this;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public long[] shape(boolean small) {
    return (small ? smallShape : fullShape).clone();
  }

  public long seed() {
    return seed;
  }

  public DType resultType() {
    return resultType;
  }

  public Inputs buildInputs(long[] shape) {
    return inputs.apply(shape);
  }

  public Reference reference() {
    return reference;
  }

  public double rtol() {
    return rtol;
  }

  public double atol() {
    return atol;
  }

  /** True when variants write into their input (W2): the harness restores it before each call. */
  public boolean inPlace() {
    return inPlace;
  }

  public Floor floor() {
    return floor;
  }

  /** Bytes per element that must cross the memory bus at least (inputs read plus output written). */
  public int bytesPerElement() {
    return bytesPerElement;
  }

  /** True when WORKLOADS.md says the workload runs at the bandwidth floor (W2, W2n). */
  public boolean memoryBound() {
    return memoryBound;
  }

  public List<Variant> variants() {
    return Collections.unmodifiableList(variants);
  }
}
