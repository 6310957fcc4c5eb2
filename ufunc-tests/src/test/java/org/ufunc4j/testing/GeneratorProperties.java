package org.ufunc4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * The generators deliver what they promise: each layout really has the strides it names, values
 * include the edge cases, sizes hit the lane boundaries. A generator that silently degraded to
 * contiguous arrays of tame values would make every property built on it pass vacuously.
 */
class GeneratorProperties {

  @Provide
  Arbitrary<TestArray> arrays() {
    return ArrayArbitraries.arrays();
  }

  @Property(tries = 400)
  void layoutsHaveTheStridesTheyName(@ForAll("arrays") TestArray t) {
    ArrayArbitraries.collectStatistics(t);
    NDArray a = t.array();
    long[] sh = a.shape();
    long[] st = a.strides();
    boolean anyBig = Arrays.stream(sh).anyMatch(n -> n > 1);
    boolean empty = a.size() == 0;
    assertEquals(t.layout() == Layout.NATIVE, a.isNative(), t::toString);
    if (t.layout().isWritable()) {
      assertFalse(a.isReadOnly(), t::toString);
    }
    switch (t.layout()) {
      case CONTIGUOUS, NATIVE -> {
        assertTrue(a.isContiguous(), t::toString);
        assertEquals(0, a.offset());
      }
      case OFFSET -> {
        assertTrue(a.isContiguous(), t::toString);
        // (an empty view keeps offset 0: there is no first element to point at)
        assertTrue(empty || a.offset() % 2 == 1, "odd offset: " + t);
      }
      case STRIDED -> {
        if (!empty && sh.length > 0 && sh[sh.length - 1] > 1) {
          long last = st[st.length - 1];
          assertTrue(last == 2 || last == 3, t::toString);
          assertFalse(a.isContiguous(), t::toString);
        }
      }
      case REVERSED -> {
        if (!empty && anyBig) {
          assertTrue(Arrays.stream(st).anyMatch(s -> s < 0), "negative stride: " + t);
        }
      }
      case TRANSPOSED -> {
        if (!empty && Arrays.stream(sh).filter(n -> n > 1).count() >= 2) {
          assertFalse(a.isContiguous(), "Fortran order is not C order: " + t);
        }
      }
      case BROADCAST -> {
        if (!empty && anyBig) {
          boolean zeroStrideOnBigAxis = false;
          for (int d = 0; d < sh.length; d++) {
            zeroStrideOnBigAxis |= sh[d] > 1 && st[d] == 0;
          }
          assertTrue(zeroStrideOnBigAxis, "stride 0 on an axis of length > 1: " + t);
          assertTrue(a.isReadOnly(), t::toString);
        }
      }
    }
  }

  @Example
  void doublesCoverTheEdgeCases() {
    List<Double> xs = ArrayArbitraries.doubles().sampleStream().limit(4000).toList();
    Set<String> seen = new HashSet<>();
    for (double x : xs) {
      if (Double.isNaN(x)) {
        seen.add(Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(Double.NaN) ? "NaN" : "NaN payload");
      } else if (Double.isInfinite(x)) {
        seen.add(x > 0 ? "+inf" : "-inf");
      } else if (x == 0) {
        seen.add(Double.doubleToRawLongBits(x) == 0 ? "+0" : "-0");
      } else if (Math.abs(x) < Double.MIN_NORMAL) {
        seen.add("subnormal");
      } else if (Math.abs(x) == Double.MAX_VALUE) {
        seen.add("max");
      } else if (Math.abs(x) == Double.MIN_NORMAL) {
        seen.add("min normal");
      } else if (Math.abs(x) > 1e100) {
        seen.add("huge");
      } else if (Math.abs(x) < 1e-100) {
        seen.add("tiny");
      } else if (x != Math.rint(x) && Math.abs(x - Math.rint(x)) < 1e-9) {
        seen.add("near integer");
      } else if (Math.abs(Math.abs(x) - 709.782712893384) < 1e-9) {
        seen.add("exp overflow");
      }
    }
    assertEquals(
        Set.of("NaN", "NaN payload", "+inf", "-inf", "+0", "-0", "subnormal", "max", "min normal", "huge", "tiny", "near integer", "exp overflow"),
        seen);
    // Not jqwik's two-decimal defaults: among moderate values, many have more than 2 decimals.
    List<Double> moderate = xs.stream().filter(x -> Math.abs(x) > 1e-3 && Math.abs(x) < 1e6).toList();
    long decimals = moderate.stream().filter(x -> Math.abs(x * 100 - Math.rint(x * 100)) < 1e-6).count();
    assertTrue(moderate.size() > 500, "moderate values: " + moderate.size());
    assertTrue(decimals < moderate.size() * 0.8, "too many 2-decimal values: " + decimals + " of " + moderate.size());
  }

  @Example
  void floatsCoverTheEdgeCases() {
    Set<String> seen =
        ArrayArbitraries.floats().sampleStream().limit(4000)
            .map(f -> Float.isNaN(f) ? "NaN" : Float.isInfinite(f) ? "inf" : f == 0 ? (Float.floatToRawIntBits(f) == 0 ? "+0" : "-0")
                : Math.abs(f) < Float.MIN_NORMAL ? "subnormal" : Math.abs(f) == Float.MAX_VALUE ? "max" : "other")
            .collect(Collectors.toSet());
    assertEquals(Set.of("NaN", "inf", "+0", "-0", "subnormal", "max", "other"), seen);
  }

  @Example
  void integersCoverTheirRangeAndEdges() {
    for (DType t : List.of(DType.INT8, DType.INT16, DType.INT32, DType.INT64)) {
      List<Long> xs = ArrayArbitraries.integers(t).sampleStream().limit(2000).toList();
      int bits = 8 * t.itemSize();
      long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
      long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
      assertTrue(xs.contains(min) && xs.contains(max) && xs.contains(0L) && xs.contains(-1L), t + " edges");
      assertTrue(xs.stream().allMatch(x -> x >= min && x <= max), t + " range");
      assertTrue(xs.stream().anyMatch(x -> Math.abs((double) x) > max / 4.0), t + " large values");
    }
    assertEquals(Set.of(0L, 1L), ArrayArbitraries.integers(DType.BOOL).sampleStream().limit(200).collect(Collectors.toSet()));
  }

  @Example
  void sizesHitEveryLaneBoundary() {
    Set<Long> seen = ArrayArbitraries.sizes(DType.FLOAT64).sampleStream().limit(3000).collect(Collectors.toSet());
    long l = Lanes.of(DType.FLOAT64);
    for (long n : new long[] {0, 1, l - 1, l, l + 1, 2 * l - 1, 2 * l + 1, 13, 1021, 4098}) {
      assertTrue(seen.contains(n), "size " + n + " never drawn");
    }
    assertEquals(ArrayArbitraries.boundarySizes(DType.FLOAT64).size(), ArrayArbitraries.boundarySizes(DType.FLOAT64).stream().distinct().count());
    Set<Long> all = ArrayArbitraries.sizes().sampleStream().limit(5000).collect(Collectors.toSet());
    long l8 = Lanes.of(DType.INT8);
    assertTrue(all.contains(l8 + 1) && all.contains(2 * l8 - 1), "int8 lane boundaries in sizes()");
  }

  @Example
  void lanesMatchThePreferredVectorWidth() {
    int bits = Lanes.vectorBits();
    assertEquals(1, Integer.bitCount(bits), "a power of two");
    assertEquals(bits / 64, Lanes.of(DType.FLOAT64));
    assertEquals(bits / 32, Lanes.of(DType.FLOAT32));
    assertEquals(bits / 8, Lanes.of(DType.BOOL));
    if (System.getProperty("ufunc.test.vectorBits") == null) {
      // The test JVMs run with the Vector API module; then the reflective lookup must have worked.
      assertEquals(jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize(), bits);
    }
  }

  @Property(tries = 60)
  void buildIsDeterministicAndHonoursTheLayout(@ForAll Layout layout, @ForAll DType type, @ForAll("smallShapes") long[] shape) {
    TestArray a = ArrayArbitraries.build(layout, type, shape, 99);
    TestArray b = ArrayArbitraries.build(layout, type, shape, 99);
    assertEquals(a.array(), b.array());
    assertEquals(layout, a.layout());
    assertEquals(type, a.dtype());
    assertTrue(Arrays.equals(shape, a.shape()));
    Statistics.label("layout").collect(layout);
  }

  @Provide
  Arbitrary<long[]> smallShapes() {
    return ArrayArbitraries.shapes(3, 4);
  }

  @Property(tries = 100)
  void shapesStayWithinBounds(@ForAll("smallShapes") long[] shape) {
    assertTrue(shape.length <= 3);
    assertTrue(Arrays.stream(shape).allMatch(n -> n >= 0 && n <= 4));
    Statistics.label("ndim").collect(shape.length);
    Statistics.label("has zero-length dim").collect(Arrays.stream(shape).anyMatch(n -> n == 0));
  }

  @Provide
  Arbitrary<List<TestArray>> operandPairs() {
    return ArrayArbitraries.broadcastableArrays(DType.FLOAT64, 2);
  }

  @Property(tries = 100)
  void broadcastableArraysBroadcastAndKeepTheirLayouts(@ForAll("operandPairs") List<TestArray> ops) {
    assertEquals(2, ops.size());
    long[] result = org.ufunc4j.Broadcast.shapes(ops.get(0).shape(), ops.get(1).shape());
    for (TestArray t : ops) {
      // each operand broadcast explicitly reads the same elements as before, by NumPy's rule
      NDArray b = t.array().broadcastTo(result);
      assertTrue(Arrays.equals(result, b.shape()));
      Statistics.label("layout").collect(t.layout());
    }
  }

  @Property(tries = 50)
  void testArraysNeedNoProvideMethod(@ForAll TestArray t) {
    // found through META-INF/services (TestArrayProvider)
    assertEquals(t.layout() == Layout.NATIVE, t.array().isNative());
    Statistics.label("dtype").collect(t.dtype());
  }
}
