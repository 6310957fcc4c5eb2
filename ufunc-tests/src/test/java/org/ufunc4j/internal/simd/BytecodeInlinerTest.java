package org.ufunc4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * VectorMath's functions copied into a method by {@link BytecodeInliner} compute what the calls
 * compute, and the copy calls no VectorMath method except the cold slow paths: C2 has no
 * inlining decision left to make about them.
 */
class BytecodeInlinerTest {
  @Test
  void copiedFunctionsEqualTheCallsAndCallOnlyColdPaths() throws Throwable {
    assumeTrue(SimdSupport.isEnabled(), "SIMD is off");
    ClassDesc fv = ClassDesc.of(FloatVector.class.getName());
    MethodTypeDesc unary = MethodTypeDesc.of(fv, fv);
    ClassDesc self = ClassDesc.of(BytecodeInlinerTest.class.getPackageName() + ".Inlined");
    String[] names = {"sin", "cos", "exp"};
    byte[] bytes = ClassFile.of().build(self, cb -> {
      cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL);
      for (String name : names) {
        cb.withMethodBody(name, unary, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, c -> {
          c.aload(0);
          BytecodeInliner.inline(c, name, unary);
          c.areturn();
        });
      }
    });
    List<String> calls = new ArrayList<>();
    ClassFile.of().parse(bytes).methods().forEach(m -> m.code().orElseThrow().forEach(e -> {
      if (e instanceof InvokeInstruction i && i.owner().asInternalName().endsWith("VectorMath")) {
        calls.add(i.name().stringValue());
      }
    }));
    assertTrue(BytecodeInliner.COLD.containsAll(calls), "calls left: " + calls);

    MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
    SplittableRandom r = new SplittableRandom(11);
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 6400.5f, -1e20f, 88.9f, -95f, 1e-40f};
    for (String name : names) {
      MethodHandle copy = lookup.findStatic(lookup.lookupClass(), name, MethodType.methodType(FloatVector.class, FloatVector.class));
      for (int round = 0; round < 200; round++) {
        float[] x = new float[lanes];
        for (int i = 0; i < lanes; i++) {
          x[i] = round < 20 ? special[(round + i) % special.length] : (float) r.nextDouble(-200, 200);
        }
        FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0);
        FloatVector want = switch (name) {
          case "sin" -> VectorMath.sin(v);
          case "cos" -> VectorMath.cos(v);
          default -> VectorMath.exp(v);
        };
        FloatVector got = (FloatVector) copy.invokeExact(v);
        for (int i = 0; i < lanes; i++) {
          assertEquals(Float.floatToIntBits(want.lane(i)), Float.floatToIntBits(got.lane(i)), name + "(" + x[i] + ")");
        }
      }
    }
  }
}
