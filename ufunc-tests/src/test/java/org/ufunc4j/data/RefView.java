package org.ufunc4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;
import org.ufunc4j.testing.Comparisons;

/**
 * A reference model of a view: its shape and a function from its multi-index to the multi-index
 * of the array it was derived from, built by plain index arithmetic (no strides). Tests derive a
 * view with NDArray and the same view with this model, then compare every element.
 */
final class RefView {
  final long[] shape;
  private final UnaryOperator<long[]> toBase;

  private RefView(long[] shape, UnaryOperator<long[]> toBase) {
    this.shape = shape;
    this.toBase = toBase;
  }

  static RefView identity(long[] shape) {
    return new RefView(shape.clone(), long[]::clone);
  }

  long[] baseIndex(long[] idx) {
    return toBase.apply(idx);
  }

  long size() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  // ------------------------------------------------------------------ index expressions

  /** One item of an index expression, rendered to NumPy syntax by {@link #render}. */
  sealed interface Item {}

  record Int(long i) implements Item {}

  record Slice(Long start, Long stop, Long step) implements Item {}

  record Ellipsis() implements Item {}

  record NewAxis() implements Item {}

  static String render(List<Item> items) {
    StringBuilder sb = new StringBuilder();
    for (Item it : items) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      switch (it) {
        case Int i -> sb.append(i.i());
        case Slice s -> {
          sb.append(s.start() == null ? "" : s.start()).append(':').append(s.stop() == null ? "" : s.stop());
          if (s.step() != null) {
            sb.append(':').append(s.step());
          }
        }
        case Ellipsis e -> sb.append("...");
        case NewAxis n -> sb.append("None");
      }
    }
    return sb.toString();
  }

  /** A random valid index expression for an array of {@code shape}. */
  static List<Item> randomIndex(long[] shape, Random r) {
    List<Item> items = new ArrayList<>();
    boolean withEllipsis = r.nextInt(3) == 0;
    // Index only the first dims (the rest are implicit), or all of them when an ellipsis will
    // stand for a run of them: the items after it then address the last dims.
    int used = withEllipsis ? shape.length : r.nextInt(shape.length + 1);
    for (int d = 0; d < used; d++) {
      long n = shape[d];
      if (n > 0 && r.nextInt(4) == 0) {
        long i = r.nextLong(n);
        items.add(new Int(r.nextBoolean() ? i : i - n));
      } else {
        items.add(randomSlice(n, r));
      }
    }
    if (withEllipsis) {
      // An ellipsis replaces a run of full slices, possibly empty, possibly at the end.
      int at = r.nextInt(items.size() + 1);
      int len = r.nextInt(items.size() - at + 1);
      for (int k = 0; k < len; k++) {
        items.remove(at);
      }
      items.add(at, new Ellipsis());
    }
    int nones = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0;
    for (int k = 0; k < nones; k++) {
      items.add(r.nextInt(items.size() + 1), new NewAxis());
    }
    return items;
  }

  private static Slice randomSlice(long n, Random r) {
    Long start = r.nextInt(3) == 0 ? null : r.nextLong(-n - 2, n + 3);
    Long stop = r.nextInt(3) == 0 ? null : r.nextLong(-n - 2, n + 3);
    Long step = null;
    if (r.nextBoolean()) {
      long s = 1 + r.nextInt(3);
      step = r.nextBoolean() ? s : -s;
    }
    return new Slice(start, stop, step);
  }

  /** Python's {@code slice.indices(n)} then {@code len(range(...))}: {start, step, length}. */
  static long[] pythonSlice(Slice s, long n) {
    long step = s.step() == null ? 1 : s.step();
    boolean back = step < 0;
    long start;
    if (s.start() == null) {
      start = back ? n - 1 : 0;
    } else {
      start = s.start();
      if (start < 0) {
        start += n;
        if (start < 0) {
          start = back ? -1 : 0;
        }
      } else if (start >= n) {
        start = back ? n - 1 : n;
      }
    }
    long stop;
    if (s.stop() == null) {
      stop = back ? -1 : n;
    } else {
      stop = s.stop();
      if (stop < 0) {
        stop += n;
        if (stop < 0) {
          stop = back ? -1 : 0;
        }
      } else if (stop >= n) {
        stop = back ? n - 1 : n;
      }
    }
    long len;
    if (back) {
      len = stop < start ? (start - stop - 1) / (-step) + 1 : 0;
    } else {
      len = start < stop ? (stop - start - 1) / step + 1 : 0;
    }
    return new long[] {start, step, len};
  }

  /** The view selected by {@code items}, by NumPy's indexing rules. */
  RefView index(List<Item> items) {
    int consumed = 0;
    boolean ellipsis = false;
    for (Item it : items) {
      if (it instanceof Int || it instanceof Slice) {
        consumed++;
      }
      ellipsis |= it instanceof Ellipsis;
    }
    List<Item> full = new ArrayList<>();
    for (Item it : items) {
      if (it instanceof Ellipsis) {
        for (int k = 0; k < shape.length - consumed; k++) {
          full.add(new Slice(null, null, null));
        }
      } else {
        full.add(it);
      }
    }
    if (!ellipsis) {
      for (int k = consumed; k < shape.length; k++) {
        full.add(new Slice(null, null, null));
      }
    }
    // For each output dim: which input dim it reads (-1 for a new axis) and its start/step.
    List<Long> outShape = new ArrayList<>();
    List<long[]> outMap = new ArrayList<>(); // {inputDim, start, step}
    long[] fixed = new long[shape.length];
    Arrays.fill(fixed, -1);
    int d = 0;
    for (Item it : full) {
      switch (it) {
        case NewAxis n -> {
          outShape.add(1L);
          outMap.add(new long[] {-1, 0, 0});
        }
        case Int i -> {
          fixed[d] = i.i() < 0 ? i.i() + shape[d] : i.i();
          d++;
        }
        case Slice s -> {
          long[] sl = pythonSlice(s, shape[d]);
          outShape.add(sl[2]);
          outMap.add(new long[] {d, sl[0], sl[1]});
          d++;
        }
        case Ellipsis e -> throw new AssertionError("expanded above");
      }
    }
    long[] ns = outShape.stream().mapToLong(Long::longValue).toArray();
    long[][] map = outMap.toArray(long[][]::new);
    int nd = shape.length;
    RefView parent = this;
    return new RefView(
        ns,
        idx -> {
          long[] in = fixed.clone();
          for (int k = 0; k < map.length; k++) {
            if (map[k][0] >= 0) {
              in[(int) map[k][0]] = map[k][1] + idx[k] * map[k][2];
            }
          }
          assert in.length == nd;
          return parent.toBase.apply(in);
        });
  }

  // ------------------------------------------------------------------ other view operations

  RefView transpose(int[] axes) {
    long[] ns = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      ns[i] = shape[axes[i]];
    }
    return derive(
        ns,
        idx -> {
          long[] in = new long[shape.length];
          for (int i = 0; i < axes.length; i++) {
            in[axes[i]] = idx[i];
          }
          return in;
        });
  }

  RefView flip(int axis) {
    return derive(
        shape.clone(),
        idx -> {
          long[] in = idx.clone();
          in[axis] = shape[axis] - 1 - idx[axis];
          return in;
        });
  }

  RefView squeeze() {
    List<Integer> kept = new ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1) {
        kept.add(d);
      }
    }
    long[] ns = kept.stream().mapToLong(d -> shape[d]).toArray();
    return derive(
        ns,
        idx -> {
          long[] in = new long[shape.length]; // squeezed dims read index 0
          for (int k = 0; k < kept.size(); k++) {
            in[kept.get(k)] = idx[k];
          }
          return in;
        });
  }

  RefView expandDims(int axis) {
    long[] ns = new long[shape.length + 1];
    for (int d = 0, s = 0; d < ns.length; d++) {
      ns[d] = d == axis ? 1 : shape[s++];
    }
    return derive(
        ns,
        idx -> {
          long[] in = new long[shape.length];
          for (int d = 0, s = 0; d < idx.length; d++) {
            if (d != axis) {
              in[s++] = idx[d];
            }
          }
          return in;
        });
  }

  RefView broadcastTo(long[] ns) {
    int lead = ns.length - shape.length;
    return derive(
        ns.clone(),
        idx -> {
          long[] in = new long[shape.length];
          for (int d = 0; d < shape.length; d++) {
            in[d] = shape[d] == 1 ? 0 : idx[lead + d];
          }
          return in;
        });
  }

  /** Reshape reads the elements in C order: flatten the index in the new shape, unflatten it. */
  RefView reshape(long[] ns) {
    return derive(
        ns.clone(),
        idx -> {
          long flat = 0;
          for (int d = 0; d < ns.length; d++) {
            flat = flat * ns[d] + idx[d];
          }
          long[] in = new long[shape.length];
          for (int d = shape.length - 1; d >= 0; d--) {
            in[d] = flat % shape[d];
            flat /= shape[d];
          }
          return in;
        });
  }

  private RefView derive(long[] ns, UnaryOperator<long[]> toParent) {
    RefView parent = this;
    return new RefView(ns, idx -> parent.toBase.apply(toParent.apply(idx)));
  }

  // ------------------------------------------------------------------ checking

  /**
   * Asserts that {@code view} has this model's shape and that each of its elements equals the
   * element of {@code base} the model maps it to (bits, NaN equal to NaN).
   */
  void assertSameElements(NDArray base, NDArray view, String what) {
    if (!Arrays.equals(view.shape(), shape)) {
      throw new AssertionError(
          what + ": shape " + NDArray.shapeString(view.shape()) + ", expected " + NDArray.shapeString(shape));
    }
    long[] idx = new long[shape.length];
    DType t = base.dtype();
    for (long i = 0, n = size(); i < n; i++) {
      long[] b = baseIndex(idx);
      boolean same =
          t.isFloating()
              ? Comparisons.sameBits(view.getDouble(idx), base.getDouble(b))
              : view.getLong(idx) == base.getLong(b);
      if (!same) {
        throw new AssertionError(
            what + ": element " + NDArray.shapeString(idx) + " of the view is " + view.getDouble(idx)
                + " but the reference reads base" + NDArray.shapeString(b) + " = " + base.getDouble(b));
      }
      Comparisons.advance(idx, shape);
    }
  }
}
