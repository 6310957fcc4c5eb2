package org.ufunc4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.NDArray;
import org.ufunc4j.Ufunc;
import org.ufunc4j.simd.LambdaSourceGenerator.Family;

/**
 * Differential fuzzing of the SIMD compiler with lambdas nobody wrote by hand: {@link
 * LambdaSourceGenerator} writes random well-typed expressions (arithmetic, Math, comparisons,
 * {@code ?:}, {@code && ||}, casts across double/float/long/int, integer division by constants,
 * shifts, bit tricks) for seven lambda shapes; javac compiles them at test time; each becomes a
 * ufunc, which must give the plain lambda's results bit for bit (NaN as one value) on special and
 * random inputs. Transcendentals are generated only for {@code exact()} ufuncs, whose contract is
 * bit identity; the other families use correctly rounded operations only. Each ufunc is checked
 * on its first call, after {@code CALLS} calls (so that C2 compiles the kernel: until then the
 * Vector API computes lanes with Java's own code, which hides differences of the compiled
 * instructions), and on reversed, strided and broadcast operands (other kernels, and the scalar
 * IR of strided tails). Lambdas the compiler does not lift run as tier A and are compared the
 * same way; when the run expects SIMD, a share of each family must have run tier B, so that the
 * fuzzer keeps testing the compiler.
 *
 * <p>{@code -Dufunc.test.generatedLambdas=N} sets the lambdas per family (default 40) and {@code
 * -Dufunc.test.seed=S} the seed and {@code -Dufunc.test.generatedDepth=D} how deep
 * expressions nest (default 4), for longer hunts: a failure names its family, index, seed and
 * source, which is enough to reproduce it.
 */
class GeneratedLambdaTest {
  private static final boolean EXPECT_SIMD = Boolean.getBoolean("ufunc.test.expectSimd");
  private static final int PER_FAMILY = Integer.getInteger("ufunc.test.generatedLambdas", 40);
  private static final long SEED = Long.getLong("ufunc.test.seed", 20261203L);
  /** Calls before the hot check: enough for C2 to compile a kernel of 1021-element calls. */
  private static final int CALLS = EXPECT_SIMD ? 1200 : 1;
  private static final int N = 1021;
  /** How deep the generated expressions nest ({@code -Dufunc.test.generatedDepth}). */
  private static final int DEPTH = Integer.getInteger("ufunc.test.generatedDepth", 4);
  /**
   * The least share of a family's lambdas that must run tier B when SIMD is expected: with
   * fewer, the fuzzer would mostly compare tier A with the lambda (the generator also writes
   * what does not lift: double arithmetic in float lambdas, floating %, some casts).
   */
  private static final double MIN_TIER_B_SHARE = 0.3;

  @TempDir
  static Path dir;

  @TestFactory
  Stream<DynamicTest> generatedLambdasMatchThePlainLambda() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Family family : Family.values()) {
      List<String> sources = new ArrayList<>();
      long familySeed = SEED * 31 + family.ordinal();
      LambdaSourceGenerator g = new LambdaSourceGenerator(family, familySeed);
      for (int i = 0; i < PER_FAMILY; i++) {
        sources.add(g.expression(DEPTH));
      }
      Class<?> holder = compile(family, sources);
      int[] tierB = new int[1];
      java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
      for (int i = 0; i < PER_FAMILY; i++) {
        int index = i;
        String what = family + " #" + i + " (seed " + familySeed + "): " + family.params() + " -> " + sources.get(i);
        tests.add(DynamicTest.dynamicTest(family + " #" + i, () -> {
          String why = check(family, holder, index, what, new SplittableRandom(familySeed + index));
          if (why == null) {
            tierB[0]++;
          } else {
            reasons.merge(why, 1, Integer::sum);
          }
        }));
      }
      tests.add(DynamicTest.dynamicTest(family + ": share run as SIMD", () -> {
        System.out.printf("%s: %d of %d generated lambdas ran tier B%n", family, tierB[0], PER_FAMILY);
        reasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
            .forEach(e -> System.out.printf("  %3d x %s%n", e.getValue(), e.getKey()));
        if (EXPECT_SIMD) {
          assertTrue(tierB[0] >= MIN_TIER_B_SHARE * PER_FAMILY,
              family + ": only " + tierB[0] + " of " + PER_FAMILY + " generated lambdas ran tier B");
        }
      }));
    }
    return tests.stream();
  }

  /** Compiles one class holding a factory {@code f<i>(c)} per source, and loads it in a loader of its own. */
  private static Class<?> compile(Family family, List<String> sources) throws IOException, ClassNotFoundException {
    String name = "Gen" + family.name();
    StringBuilder src = new StringBuilder("package gen;\nimport org.ufunc4j.Fn;\npublic final class " + name + " {\n");
    for (int i = 0; i < sources.size(); i++) {
      src.append("  public static Fn.").append(family.fn.substring(3)).append(" f").append(i).append('(')
          .append(family.captured()).append(" c) {\n    return ").append(family.params()).append(" -> ")
          .append(sources.get(i)).append(";\n  }\n");
    }
    src.append("}\n");
    Path root = Files.createDirectories(dir.resolve(family.name()));
    Path file = Files.createDirectories(root.resolve("gen")).resolve(name + ".java");
    Files.writeString(file, src);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "the test runs on a JDK with javac");
    String classpath = Path.of(toUri(Fn.class.getProtectionDomain().getCodeSource().getLocation())).toString();
    StringWriter log = new StringWriter();
    int rc = javac.getTask(log, null, null, List.of("-g", "-proc:none", "-nowarn", "-cp", classpath, "-d", root.toString()), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call() ? 0 : 1;
    assertEquals(0, rc, "generated source does not compile:\n" + log + "\n" + src);
    URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, GeneratedLambdaTest.class.getClassLoader());
    return loader.loadClass("gen." + name);
  }

  private static java.net.URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks lambda {@code index} of {@code holder}; null when its ufunc ran tier B, else why not. */
  private static String check(Family family, Class<?> holder, int index, String what, SplittableRandom random) throws Exception {
    Inputs in = Inputs.of(family, random);
    Method factory = holder.getMethod("f" + index, in.capturedType());
    Object fn = factory.invoke(null, in.captured);
    Ufunc u = Ufunc.vectorize(family.signature, (Fn) fn);
    if (family.math) {
      u = u.exact();
    }
    long[] want = in.plain(fn, in.x, in.y);
    NDArray x = in.array(in.x);
    NDArray y = in.array(in.y);
    NDArray out = NDArray.zeros(in.outType, N);
    compare(family, want, in.bits(u.out(out).apply(x, y)), what + ", first call", u, in);
    for (int call = 1; call < CALLS; call++) {
      u.out(out).apply(x, y);
    }
    compare(family, want, in.bits(u.out(out).apply(x, y)), what + ", hot", u, in);
    compare(family, want, in.bits(u.apply(in.reversed(in.x), in.reversed(in.y))), what + ", reversed operands", u, in);
    compare(family, want, in.bits(u.apply(in.strided(in.x), in.strided(in.y))), what + ", every second element", u, in);
    Object y0 = java.lang.reflect.Array.get(in.y, 7);
    Object ys = java.lang.reflect.Array.newInstance(in.y.getClass().getComponentType(), N);
    for (int i = 0; i < N; i++) {
      java.lang.reflect.Array.set(ys, i, y0);
    }
    compare(family, in.plain(fn, in.x, ys), in.bits(u.apply(x, in.array(one(in.y, 7)))), what + ", y broadcast from one element", u, in);
    String ex = u.explain();
    return ex.contains("tier B") ? null : reason(ex);
  }

  /** The reason explain() gives for a fallback, without the generated method's name and line. */
  private static String reason(String explain) {
    for (String line : explain.split("\n")) {
      line = line.strip();
      if (line.startsWith("not lifted:") || line.contains("scalar IR")) {
        return line.replaceAll("gen\\.Gen\\w+\\.lambda\\$[\\w$]+", "the lambda").replaceAll("\\(line \\d+\\)", "");
      }
    }
    return explain.strip();
  }

  /**
   * The ulps a transcendental may be from Math's: 1 (the policy, ufunc4j's own polynomials and
   * SVML's AVX2 entries measured so) and, with 512-bit vectors, SVML's documented 2 against
   * Math, as PowWithoutSvmlTest and SpecialValuesTest allow there.
   */
  private static long ulpsAllowed(Family family) {
    return org.ufunc4j.internal.simd.SimdSupport.vectorBits() >= 512 ? Math.max(2, family.ulps) : family.ulps;
  }

  private static Object one(Object array, int i) {
    Object a = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), 1);
    java.lang.reflect.Array.set(a, 0, java.lang.reflect.Array.get(array, i));
    return a;
  }

  private static void compare(Family family, long[] want, long[] got, String what, Ufunc u, Inputs in) {
    StringBuilder diffs = new StringBuilder();
    int count = 0;
    for (int i = 0; i < want.length; i++) {
      if (want[i] != got[i] && (family.ulps == 0 || in.ulps(want[i], got[i]) > ulpsAllowed(family))) {
        if (count++ < 5) {
          diffs.append(String.format("%n  [%d] x=%s y=%s: want %s, got %s", i, in.show(in.x, i), in.show(in.y, i),
              in.showResult(want[i]), in.showResult(got[i])));
        }
      }
    }
    if (count > 0) {
      throw new AssertionError(what + ": " + count + " of " + want.length + " elements differ" + diffs + "\n" + u.explain());
    }
  }

  /** The inputs of one lambda: two operand arrays of the family's types, and the captured value. */
  private static final class Inputs {
    final Family family;
    final Object x;
    final Object y;
    final Object captured;
    final DType outType;

    private Inputs(Family family, Object x, Object y, Object captured, DType outType) {
      this.family = family;
      this.x = x;
      this.y = y;
      this.captured = captured;
      this.outType = outType;
    }

    static Inputs of(Family f, SplittableRandom r) {
      return switch (f.type) {
        case "double" -> {
          double[] xs = doubles(r);
          Object ys = f == Family.MIXED ? longs(r) : doubles(r);
          yield new Inputs(f, xs, ys, SPECIAL_DOUBLES[r.nextInt(SPECIAL_DOUBLES.length)], DType.FLOAT64);
        }
        case "float" -> new Inputs(f, floats(r), floats(r), SPECIAL_FLOATS[r.nextInt(SPECIAL_FLOATS.length)], DType.FLOAT32);
        case "long" -> new Inputs(f, longs(r), longs(r), SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)], DType.INT64);
        default -> new Inputs(f, ints(r), ints(r), (int) SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)], DType.INT32);
      };
    }

    Class<?> capturedType() {
      return switch (family.type) {
        case "double" -> double.class;
        case "float" -> float.class;
        case "long" -> long.class;
        default -> int.class;
      };
    }

    NDArray array(Object a) {
      return a instanceof double[] d ? NDArray.of(d) : a instanceof float[] f ? NDArray.of(f)
          : a instanceof long[] l ? NDArray.of(l) : NDArray.of((int[]) a);
    }

    /** A view whose element i is {@code a[i]}, over memory in the opposite order. */
    NDArray reversed(Object a) {
      int n = java.lang.reflect.Array.getLength(a);
      Object r = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
      for (int i = 0; i < n; i++) {
        java.lang.reflect.Array.set(r, n - 1 - i, java.lang.reflect.Array.get(a, i));
      }
      return array(r).slice("::-1");
    }

    /** A view whose element i is {@code a[i]}, every second element of a larger array. */
    NDArray strided(Object a) {
      int n = java.lang.reflect.Array.getLength(a);
      Object r = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), 2 * n);
      for (int i = 0; i < n; i++) {
        java.lang.reflect.Array.set(r, 2 * i, java.lang.reflect.Array.get(a, i));
        java.lang.reflect.Array.set(r, 2 * i + 1, java.lang.reflect.Array.get(a, (i * 7 + 3) % n));
      }
      return array(r).slice("::2");
    }

    /** The plain lambda's results, as comparable bits (NaN as one value). */
    long[] plain(Object fn, Object xs, Object ys) {
      long[] out = new long[N];
      for (int i = 0; i < N; i++) {
        out[i] = switch (family) {
          case F64, F64_MATH, F64_ULP, F64_BLOCK -> Double.doubleToLongBits(((Fn.DoubleBinary) fn).applyAsDouble(((double[]) xs)[i], ((double[]) ys)[i]));
          case MIXED -> Double.doubleToLongBits(((Fn.DoubleLongToDouble) fn).applyAsDouble(((double[]) xs)[i], ((long[]) ys)[i]));
          case F32, F32_MATH, F32_ULP -> Float.floatToIntBits(((Fn.FloatBinary) fn).applyAsFloat(((float[]) xs)[i], ((float[]) ys)[i]));
          case I64 -> ((Fn.LongBinary) fn).applyAsLong(((long[]) xs)[i], ((long[]) ys)[i]);
          case I32, I32_BLOCK -> ((Fn.IntBinary) fn).applyAsInt(((int[]) xs)[i], ((int[]) ys)[i]);
        };
      }
      return out;
    }

    /** A ufunc's results as {@link #plain}'s bits. */
    long[] bits(NDArray a) {
      long[] out = new long[N];
      switch (outType) {
        case FLOAT64 -> {
          double[] d = a.toDoubleArray();
          for (int i = 0; i < N; i++) {
            out[i] = Double.doubleToLongBits(d[i]);
          }
        }
        case FLOAT32 -> {
          float[] f = a.toFloatArray();
          for (int i = 0; i < N; i++) {
            out[i] = Float.floatToIntBits(f[i]);
          }
        }
        case INT64 -> System.arraycopy(a.toLongArray(), 0, out, 0, N);
        default -> {
          int[] v = a.toIntArray();
          for (int i = 0; i < N; i++) {
            out[i] = v[i];
          }
        }
      }
      return out;
    }

    /** The ulps between two results given as {@link #plain}'s bits (SimdAsserts.ulps). */
    long ulps(long want, long got) {
      return outType == DType.FLOAT32 ? SimdAsserts.ulps(Float.intBitsToFloat((int) want), Float.intBitsToFloat((int) got))
          : SimdAsserts.ulps(Double.longBitsToDouble(want), Double.longBitsToDouble(got));
    }

    String show(Object a, int i) {
      Object v = java.lang.reflect.Array.get(a, i);
      return v instanceof Double d ? d + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")"
          : v instanceof Float f ? f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")" : String.valueOf(v);
    }

    String showResult(long bits) {
      return switch (outType) {
        case FLOAT64 -> Double.longBitsToDouble(bits) + " (0x" + Long.toHexString(bits) + ")";
        case FLOAT32 -> Float.intBitsToFloat((int) bits) + " (0x" + Integer.toHexString((int) bits) + ")";
        default -> Long.toString(bits);
      };
    }
  }

  private static final double[] SPECIAL_DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, 0.5,
      -0.5, 1.5, 2.5, -2.5, 2, 3, 10, 1e300, -1e300, 1e-310, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
      9.223372036854775807E18, -9.223372036854775808E18, 4503599627370496.0, 4503599627370497.0, 9007199254740993.0,
      0.49999999999999994, 1e20, -1e-5, 100, 0.1};
  private static final float[] SPECIAL_FLOATS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1, -1, 0.5f,
      -0.5f, 1.5f, 2.5f, -2.5f, 2, 3, 10, 1e30f, -1e30f, 1e-40f, 2147483647f, 2147483648f, -2147483648f, -2147483904f,
      9.223372e18f, -9.223372e18f, 8388608f, 8388609f, 16777217f, 0.49999997f, 1e20f, -1e-5f, 100, 0.1f};
  private static final long[] SPECIAL_LONGS = {0, 1, -1, 2, -2, 3, 7, 10, -10, 255, 256, Long.MIN_VALUE, Long.MAX_VALUE,
      Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE - 1L, Integer.MAX_VALUE + 1L,
      1L << 32, (1L << 53) + 1, -(1L << 53) - 1, 1L << 62, 0xFFFFFFFFL, 123456789012345L};

  /** Specials first (each at several lane positions), then small integers, moderate values and raw bits. */
  private static double[] doubles(SplittableRandom r) {
    double[] a = new double[N];
    for (int i = 0; i < N; i++) {
      int k = r.nextInt(4);
      a[i] = i < 3 * SPECIAL_DOUBLES.length || k == 0 ? SPECIAL_DOUBLES[r.nextInt(SPECIAL_DOUBLES.length)]
          : k == 1 ? r.nextInt(-20, 21) : k == 2 ? r.nextDouble(-1e3, 1e3) : Double.longBitsToDouble(r.nextLong());
    }
    return a;
  }

  private static float[] floats(SplittableRandom r) {
    float[] a = new float[N];
    for (int i = 0; i < N; i++) {
      int k = r.nextInt(4);
      a[i] = i < 3 * SPECIAL_FLOATS.length || k == 0 ? SPECIAL_FLOATS[r.nextInt(SPECIAL_FLOATS.length)]
          : k == 1 ? r.nextInt(-20, 21) : k == 2 ? (float) r.nextDouble(-1e3, 1e3) : Float.intBitsToFloat(r.nextInt());
    }
    return a;
  }

  private static long[] longs(SplittableRandom r) {
    long[] a = new long[N];
    for (int i = 0; i < N; i++) {
      int k = r.nextInt(4);
      a[i] = i < 3 * SPECIAL_LONGS.length || k == 0 ? SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)]
          : k == 1 ? r.nextInt(-20, 21) : k == 2 ? r.nextInt() : r.nextLong();
    }
    return a;
  }

  private static int[] ints(SplittableRandom r) {
    int[] a = new int[N];
    for (int i = 0; i < N; i++) {
      int k = r.nextInt(4);
      a[i] = i < 3 * SPECIAL_LONGS.length || k == 0 ? (int) SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)]
          : k == 1 ? r.nextInt(-20, 21) : k == 2 ? r.nextInt(-100000, 100000) : r.nextInt();
    }
    return a;
  }
}
