package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/** Native storage: allocation, wrapping segments (read-only ones too), views, and 2^31+ elements. */
class NativeStorageTest {

  @Test
  void allocateNativeIsZeroedAlignedAndBehavesLikeHeap() {
    for (DType t : DType.values()) {
      NDArray a = NDArray.allocateNative(t, 3, 5);
      assertTrue(a.isNative());
      assertNull(a.heapArray());
      assertEquals(0, a.segment().address() % 64, "64-byte aligned");
      assertEquals(15L * t.itemSize(), a.segment().byteSize());
      assertEquals(NDArray.zeros(t, 3, 5), a, "zero-filled");
      a.set(1L, 2, 4);
      a.set(1L, -3, 0);
      assertEquals(1L, a.getLong(2, 4));
      assertEquals(1L, a.getLong(0, 0));
      NDArray heap = NDArray.zeros(t, 3, 5);
      heap.set(1L, 2, 4);
      heap.set(1L, 0, 0);
      assertEquals(heap, a, "same values as the heap array: " + t);
    }
  }

  @Test
  void viewsOfNativeArraysStayNativeAndShareMemory() {
    NDArray a = NDArray.allocateNative(DType.FLOAT64, 4, 6);
    NDArray v = a.slice("1:, ::-2").transpose();
    assertTrue(v.isNative());
    assertTrue(v.mayShareMemory(a));
    v.set(7.5, 1, 2); // v[1, 2] = a[3, 5 - 2*1] = a[3, 3]
    assertEquals(7.5, a.getDouble(3, 3));
    NDArray c = v.copy();
    assertTrue(c.isNative(), "copies keep the storage kind");
    assertFalse(c.mayShareMemory(a));
    assertEquals(v, c);
    NDArray r = a.reshape(2, 12);
    assertTrue(r.mayShareMemory(a));
    assertEquals(7.5, r.getDouble(1, 9));
    assertEquals(DType.FLOAT32, a.astype(DType.FLOAT32).dtype());
    assertTrue(a.astype(DType.FLOAT32).isNative());
  }

  @Test
  void wrapReadsAndWritesTheSegmentInNativeOrder() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(8 * 6, 8);
      for (int i = 0; i < 6; i++) {
        seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i * 1.5);
      }
      NDArray a = NDArray.wrap(seg, DType.FLOAT64, 2, 3);
      assertEquals(4.5, a.getDouble(1, 0));
      a.set(-1.0, 0, 2);
      assertEquals(-1.0, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 2), "writes go to the segment");
      // A larger segment is fine (only the prefix is used); a smaller one is rejected.
      assertEquals(4, NDArray.wrap(seg, DType.INT32, 4).size());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NDArray.wrap(seg, DType.FLOAT64, 7));
      assertTrue(e.getMessage().contains("48 bytes") && e.getMessage().contains("56"), e.getMessage());
    }
  }

  @Test
  void readOnlySegmentGivesAReadOnlyArrayAndViews() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(4 * 4, 4);
      seg.setAtIndex(ValueLayout.JAVA_INT, 3, 42);
      NDArray a = NDArray.wrap(seg.asReadOnly(), DType.INT32, 4);
      assertTrue(a.isReadOnly());
      assertEquals(42, a.getLong(3));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.set(1L, 0));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> a.fill(3L));
      assertEquals(0, seg.getAtIndex(ValueLayout.JAVA_INT, 0), "nothing written");
      NDArray v = a.slice("::-1");
      assertTrue(v.isReadOnly(), "views of a read-only segment are read-only");
      assertThrows(IllegalArgumentException.class, () -> v.set(1L, 0));
      NDArray c = a.copy();
      assertFalse(c.isReadOnly(), "a copy is writable");
      c.set(5L, 0);
      assertEquals(5L, c.getLong(0));
    }
  }

  @Test
  void heapSegmentsCanBeWrappedToo() {
    long[] data = {1, 2, 3, 4};
    NDArray a = NDArray.wrap(MemorySegment.ofArray(data), DType.INT64, 2, 2);
    assertEquals(3L, a.getLong(1, 0));
    a.set(9L, 1, 1);
    assertEquals(9L, data[3]);
  }

  @Test
  void overlapIsDetectedBetweenAnArrayAndAHeapSegmentOverIt() {
    long[] data = {1, 2, 3, 4, 5};
    NDArray a = NDArray.of(data);
    NDArray b = NDArray.wrap(MemorySegment.ofArray(data), DType.INT64, 5);
    assertTrue(a.mayShareMemory(b) && b.mayShareMemory(a), "same array, two storages");
    assertFalse(a.mayShareMemory(NDArray.wrap(MemorySegment.ofArray(new long[5]), DType.INT64, 5)));
    assertTrue(b.mayShareMemory(NDArray.wrap(MemorySegment.ofArray(data).asSlice(8), DType.INT64, 2)));
    assertFalse(NDArray.wrap(MemorySegment.ofArray(data).asSlice(0, 16), DType.INT64, 2)
        .mayShareMemory(NDArray.wrap(MemorySegment.ofArray(data).asSlice(16), DType.INT64, 3)), "disjoint ranges");
    assertFalse(b.mayShareMemory(NDArray.allocateNative(DType.INT64, 5)));
    // assign must see the overlap and copy first, or the reversal reads what it already wrote
    a.assign(b.slice("::-1"));
    assertArrayEquals(new long[] {5, 4, 3, 2, 1}, data);
  }

  /**
   * An int8 array of 2^31 + 5 elements: indices, slices and reshape views past 2^31 work. The
   * memory is a sparse memory-mapped file, so pages are only touched where the test writes (no
   * 2 GiB zero fill), and the test stays cheap.
   */
  @Test
  void arraysBeyondTwoToThe31ElementsWork(@TempDir Path dir) throws IOException {
    long n = (1L << 31) + 5;
    Path file = dir.resolve("big.bin");
    try (Arena arena = Arena.ofConfined();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, n, arena);
      NDArray a = NDArray.wrap(seg, DType.INT8, n);
      checkBig(a, n);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The same through allocateNative. Zero-filling 2 GiB costs about 5 s on this machine kind, so
   * this runs only in the SIMD-allowed surefire execution: the data layer has no SIMD path, so
   * a second run would test nothing new.
   */
  @Test
  void allocateNativeBeyondTwoToThe31Elements() {
    Assumptions.assumeTrue(Boolean.getBoolean("ufunc.test.expectSimd"), "runs once, in the SIMD execution");
    long n = (1L << 31) + 5;
    try (Arena arena = Arena.ofConfined()) {
      NDArray a = NDArray.allocateNative(arena, DType.INT8, n);
      assertEquals(n, a.size());
      checkBig(a, n);
    }
  }

  private static void checkBig(NDArray a, long n) {
    long two31 = 1L << 31; // n - 5
    assertEquals(n, a.size());
    assertArrayEquals(new long[] {n}, a.shape());
    a.set(7L, n - 1);
    a.set(-3L, n - 3);
    a.set(11L, two31);
    a.set(13L, two31 - 1);
    assertEquals(7L, a.getLong(n - 1));
    assertEquals(7L, a.getLong(-1));
    assertEquals(-3L, a.getLong(n - 3));
    assertEquals(11L, a.getLong(two31));
    assertEquals(11L, a.getLong(-5));
    assertEquals(13L, a.getLong(two31 - 1));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.getLong(n));
    assertTrue(e.getMessage().contains(Long.toString(n)), e.getMessage());
    // Slice of the tail: the last 6 elements, and the last 5 reversed.
    NDArray tail = a.slice((n - 6) + ":");
    assertArrayEquals(new long[] {6}, tail.shape());
    assertArrayEquals(new long[] {13, 11, 0, -3, 0, 7}, tail.toLongArray());
    assertArrayEquals(new long[] {7, 0, -3, 0, 11}, a.slice("-1:-6:-1").toLongArray());
    tail.set(100L, 3); // write through the view: a[n - 3]
    assertEquals(100L, a.getLong(n - 3));
    // A reshape view: the first 2^31 elements as (2^28, 8).
    long rows = two31 / 8;
    NDArray m = a.slice(":" + two31).reshape(rows, 8);
    assertTrue(m.mayShareMemory(a), "reshape of a contiguous slice is a view");
    assertEquals(13L, m.getLong(rows - 1, 7));
    m.set(21L, rows - 1, 6);
    assertEquals(21L, a.getLong(two31 - 2));
    assertEquals(13L, m.transpose().getLong(7, rows - 1));
    // A strided view across the 2^31 boundary: 2^31-1, 2^31+1, 2^31+3.
    NDArray s = a.slice((two31 - 1) + "::2");
    assertArrayEquals(new long[] {13, 0, 0}, s.toLongArray());
    a.set(5L, two31 + 1);
    assertEquals(5L, s.getLong(1));
  }
}
