package org.ufunc4j.internal.kernel;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.NopInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ufunc4j.DType;
import org.ufunc4j.Fn;
import org.ufunc4j.internal.lift.LiftException;
import org.ufunc4j.internal.lift.Lifter;

/**
 * A double lambda rewritten to compute in float, for float32 loops whose lambda the SIMD compiler
 * cannot lift (loops, object calls, ...): the rule that a double lambda on a float32 loop
 * rounds to float32 after every operation, as the same lambda written over {@code float} would.
 *
 * <p>The lambda's implementation method, and the static methods of its class that it calls
 * (transitively), are copied into a hidden class with every {@code double} value turned into a
 * {@code float}: locals, parameters, constants (rounded to float, as the lifter rounds them: the
 * lambda is read as if every {@code double} in it, literals included, were {@code float}),
 * arithmetic, comparisons, returns. Values that cross into code that is not copied (a field, an
 * array element, another class's method, an instance method) are converted at the boundary:
 * {@code (float) Math.sin((double) x)}. {@code Math} functions with a float overload ({@code fma},
 * {@code ulp}, ...) call it, as float code would. Stack operations on a former double ({@code
 * dup2}, {@code pop2}, ...) become their one-slot forms; the types on the operand stack come from
 * a pass over the method guided by its stack map frames.
 *
 * <p>When ufunc4j has private access to the lambda's class (the class path) the copy is defined
 * as its nestmate, in its package: it may use private and package-private members, and a lambda
 * using {@code this} is copied as a static method taking the receiver first. Otherwise the copy
 * lives in ufunc4j's package and can use only public members.
 *
 * <p>Gives up (the loop then computes in double and rounds once, as before) on what it cannot
 * copy faithfully: {@code invokedynamic} (string concatenation, nested lambdas), {@code jsr},
 * {@code super.m()} calls, a lambda using {@code this} without private access, and members the
 * copy cannot access (protected members of another package's superclass; without private
 * access, anything not public).
 */
final class Float32Rewrite {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final int MAX_METHODS = 32;
  private static final java.util.Set<String> MATH_OWNERS = java.util.Set.of("java/lang/Math", "java/lang/StrictMath");
  /**
   * Math and StrictMath functions that have a float overload, by double name and descriptor: the
   * same code written over float calls these, and they differ from widening, calling the double
   * function and rounding: fma rounds once (the double one, then the cast, twice: as lifted
   * float32 code, which uses {@code FloatVector.fma} and {@code Math.fma(float...)}, the copy
   * must round once), and ulp, nextUp, nextDown, nextAfter, scalb and getExponent answer for
   * float's format. (abs, min, max, signum, copySign give the same either way.) round is left
   * alone: its float form returns an int, clamping where the double form's long does not.
   */
  private static final Map<String, MethodTypeDesc> FLOAT_OVERLOADS = Map.ofEntries(
      Map.entry("abs(D)D", MethodTypeDesc.ofDescriptor("(F)F")),
      Map.entry("min(DD)D", MethodTypeDesc.ofDescriptor("(FF)F")),
      Map.entry("max(DD)D", MethodTypeDesc.ofDescriptor("(FF)F")),
      Map.entry("fma(DDD)D", MethodTypeDesc.ofDescriptor("(FFF)F")),
      Map.entry("signum(D)D", MethodTypeDesc.ofDescriptor("(F)F")),
      Map.entry("copySign(DD)D", MethodTypeDesc.ofDescriptor("(FF)F")),
      Map.entry("ulp(D)D", MethodTypeDesc.ofDescriptor("(F)F")),
      Map.entry("nextUp(D)D", MethodTypeDesc.ofDescriptor("(F)F")),
      Map.entry("nextDown(D)D", MethodTypeDesc.ofDescriptor("(F)F")),
      Map.entry("nextAfter(DD)D", MethodTypeDesc.ofDescriptor("(FD)F")),
      Map.entry("scalb(DI)D", MethodTypeDesc.ofDescriptor("(FI)F")),
      Map.entry("getExponent(D)I", MethodTypeDesc.ofDescriptor("(F)I")));

  /** The rewritten function and its shape, or why there is none. */
  record Result(Fn fn, FnShape shape, String failure) {}

  private Float32Rewrite() {}

  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;

    GiveUp(String why) {
      super(why, null, false, false);
    }
  }

  /** Rewrites a double lambda ({@code Fn.DoubleUnary} to {@code DoubleTernary}) to float. */
  static Result of(Fn fn, FnShape shape) {
    try {
      return new Result(rewrite(fn, shape), floatShape(shape.arity()), null);
    } catch (GiveUp e) {
      return new Result(null, null, e.getMessage());
    } catch (LiftException e) {
      return new Result(null, null, e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      return new Result(null, null, "rewriting failed: " + e);
    }
  }

  private static FnShape floatShape(int arity) {
    return FnShape.of(switch (arity) {
      case 1 -> (Fn.FloatUnary) x -> x;
      case 2 -> (Fn.FloatBinary) (x, y) -> x;
      case 3 -> (Fn.FloatTernary) (x, y, z) -> x;
      default -> (Fn.FloatQuaternary) (x, y, z, w) -> x;
    });
  }

  private static Fn rewrite(Fn fn, FnShape shape) throws GiveUp, LiftException {
    int arity = shape.arity();
    if (arity > 4) {
      throw new GiveUp("there is no float interface for " + arity + " arguments");
    }
    for (DType p : shape.params()) {
      if (p != DType.FLOAT64) {
        throw new GiveUp("the lambda is not a double lambda");
      }
    }
    SerializedLambda sl = Lifter.recover(fn);
    ClassLoader loader = fn.getClass().getClassLoader();
    String owner = sl.getImplClass();
    // a method reference to the JDK (Math::sin, StrictMath::sin) is called, not copied: the
    // value crosses into it as a double, as every call out of the copied code does
    boolean external = owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/") || owner.startsWith("sun/");
    Class<?> ownerClass;
    try {
      ownerClass = Class.forName(owner.replace('/', '.'), false, loader);
    } catch (ClassNotFoundException e) {
      throw new GiveUp("the lambda's class cannot be loaded: " + e);
    }
    Module mine = Float32Rewrite.class.getModule();
    if (mine.isNamed() && !mine.canRead(ownerClass.getModule())) {
      mine.addReads(ownerClass.getModule());
    }
    // as a nestmate of the lambda's class the copy may use what the lambda uses: private and
    // package-private members, and 'this'
    MethodHandles.Lookup host = external ? null : nestHost(ownerClass);
    boolean instance = sl.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic;
    if (instance && (external || host == null)) {
      throw new GiveUp("the lambda's implementation is not a static method (it uses 'this'), and "
          + (external ? "it is a JDK method" : noPrivateAccess(ownerClass)));
    }
    ClassModel cm = external ? null : Lifter.classModel(loader, owner);
    // the implementation and the static methods of its class it calls, transitively
    Map<String, MethodModel> copied = new LinkedHashMap<>();
    Deque<MethodModel> todo = new ArrayDeque<>();
    MethodModel impl = external ? null : find(cm, sl.getImplMethodName(), sl.getImplMethodSignature());
    if (instance) {
      // copied as a static method taking the receiver first; an overridable method would not
      // be the one a subclass instance runs
      boolean fixed = (impl.flags().flagsMask() & (ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL)) != 0
          || (cm.flags().flagsMask() & ClassFile.ACC_FINAL) != 0;
      if (!fixed) {
        throw new GiveUp(sl.getImplMethodName() + " is an instance method a subclass may override");
      }
    }
    if (!external) {
      todo.add(impl);
    }
    while (!todo.isEmpty()) {
      MethodModel m = todo.poll();
      String key = m.methodName().stringValue() + m.methodType().stringValue();
      if (copied.containsKey(key)) {
        continue;
      }
      if ((m.flags().flagsMask() & ClassFile.ACC_STATIC) == 0 && m != impl) {
        throw new GiveUp(m.methodName().stringValue() + " is not static");
      }
      if (copied.size() >= MAX_METHODS) {
        throw new GiveUp("calls more than " + MAX_METHODS + " methods of its class");
      }
      copied.put(key, m);
      CodeModel code = m.code().orElseThrow(() -> new GiveUp(m.methodName().stringValue() + " has no code"));
      for (CodeElement e : code) {
        if (e instanceof InvokeInstruction inv && inv.opcode() == Opcode.INVOKESTATIC
            && inv.owner().asInternalName().equals(owner)) {
          todo.add(find(cm, inv.name().stringValue(), inv.type().stringValue()));
        }
      }
    }
    String pkg = host != null ? ownerClass.getPackageName() : Float32Rewrite.class.getPackageName();
    ClassDesc self = ClassDesc.of((pkg.isEmpty() ? "" : pkg + ".") + "F32_" + COUNTER.incrementAndGet());
    ClassDesc iface = ClassDesc.of(floatShape(arity).iface().getName());
    int captured = sl.getCapturedArgCount();
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < captured; i++) {
      data.add(sl.getCapturedArg(i));
    }
    // an instance implementation is copied as a static method with the receiver (captured) first
    MethodTypeDesc implDesc = instance
        ? MethodTypeDesc.ofDescriptor(sl.getImplMethodSignature()).insertParameterTypes(0, ClassDesc.ofInternalName(owner))
        : MethodTypeDesc.ofDescriptor(sl.getImplMethodSignature());
    ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
        ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))
            .orElse(ClassHierarchyResolver.ofClassLoading(loader))));
    List<GiveUp> problems = new ArrayList<>();
    byte[] bytes = cf.build(self, clb -> {
      clb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
      clb.withInterfaceSymbols(iface);
      clb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
          c -> c.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
      // applyAsFloat(float...): captured values from class data, then the copied implementation
      ClassDesc[] fparams = new ClassDesc[arity];
      java.util.Arrays.fill(fparams, CD_float);
      clb.withMethodBody("applyAsFloat", MethodTypeDesc.of(CD_float, fparams), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> {
        for (int i = 0; i < captured; i++) {
          ClassDesc t = implDesc.parameterType(i);
          ClassDesc loadAs = t.isPrimitive() ? boxOf(t) : t;
          c.ldc(DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, ConstantDescs.CD_Object, i));
          c.checkcast(loadAs);
          if (t.isPrimitive()) {
            c.invokevirtual(loadAs, t.displayName() + "Value", MethodTypeDesc.of(t));
            if (t.equals(CD_double) && !external) {
              c.d2f();
            }
          }
        }
        for (int i = 0; i < arity; i++) {
          c.fload(1 + i);
          if (external && implDesc.parameterType(captured + i).equals(CD_double)) {
            c.f2d();
          }
        }
        if (external) {
          c.invokestatic(ClassDesc.ofInternalName(owner), sl.getImplMethodName(), implDesc);
          if (implDesc.returnType().equals(CD_double)) {
            c.d2f();
          }
        } else {
          c.invokestatic(self, sl.getImplMethodName(), floatDesc(implDesc));
        }
        c.freturn();
      });
      for (MethodModel m : copied.values()) {
        MethodTypeDesc d = m == impl ? implDesc : m.methodTypeSymbol();
        try {
          CodeModel code = m.code().orElseThrow();
          List<List<Character>> stacks = stackTypes(code, d);
          clb.withMethod(m.methodName().stringValue(), floatDesc(d), ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_SYNTHETIC,
              mb -> mb.transformCode(code, new Rewriter(self, owner, d, maxLocals(code), stacks, copied.keySet(), problems)));
        } catch (GiveUp g) {
          problems.add(g);
        }
      }
    });
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    TierACompiler.dump(self, bytes);
    try {
      MethodHandles.Lookup l = host != null
          ? host.defineHiddenClassWithClassData(bytes, data, true, MethodHandles.Lookup.ClassOption.NESTMATE)
          : MethodHandles.lookup().defineHiddenClassWithClassData(bytes, data, true);
      if (external) {
        l.findStatic(ownerClass, sl.getImplMethodName(), MethodType.fromMethodDescriptorString(sl.getImplMethodSignature(), loader));
      } else {
        checkAccess(l, cm, loader, copied.values(), owner);
      }
      return (Fn) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
    } catch (GiveUp g) {
      throw g;
    } catch (Throwable t) {
      throw new GiveUp("the rewritten class could not be defined: " + t);
    }
  }

  /**
   * A lookup with full privilege in the lambda's class, so that the copy can be defined as its
   * nestmate; null otherwise (the copy then lives in ufunc4j's package and can use only what is
   * public). {@code privateLookupIn} gives full privilege only within ufunc4j's own module: on the
   * class path, where the application's classes and ufunc4j share the class loader's unnamed
   * module. A class in a named module (even one that opens its package to ufunc4j) or loaded by
   * another class loader gets a lookup without MODULE access, which cannot define hidden classes.
   */
  /** Why {@link #nestHost} found no lookup: for explain(). */
  private static String noPrivateAccess(Class<?> ownerClass) {
    return ownerClass.getModule().isOpen(ownerClass.getPackageName(), Float32Rewrite.class.getModule())
        ? ownerClass.getName() + " is in another module than ufunc4j (" + ownerClass.getModule()
            + "), where the JDK does not let ufunc4j define code with private access"
        : "the package " + ownerClass.getPackageName() + " is not open to ufunc4j";
  }

  private static MethodHandles.Lookup nestHost(Class<?> ownerClass) {
    if (!ownerClass.getModule().isOpen(ownerClass.getPackageName(), Float32Rewrite.class.getModule())) {
      return null;
    }
    try {
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(ownerClass, MethodHandles.lookup());
      // another module's class gives a lookup without MODULE access, which cannot define classes
      return l.hasFullPrivilegeAccess() ? l : null;
    } catch (IllegalAccessException | SecurityException e) {
      return null;
    }
  }

  /** One more than the highest local slot the code uses (a long or double counts two). */
  private static int maxLocals(CodeModel code) {
    if (code instanceof java.lang.classfile.attribute.CodeAttribute ca) {
      return ca.maxLocals();
    }
    int max = 0;
    for (CodeElement e : code) {
      switch (e) {
        case LoadInstruction l -> max = Math.max(max, l.slot() + l.typeKind().slotSize());
        case StoreInstruction st -> max = Math.max(max, st.slot() + st.typeKind().slotSize());
        case IncrementInstruction i -> max = Math.max(max, i.slot() + 1);
        default -> { }
      }
    }
    return max;
  }

  private static ClassDesc boxOf(ClassDesc t) {
    return switch (t.descriptorString()) {
      case "D" -> ConstantDescs.CD_Double;
      case "F" -> ConstantDescs.CD_Float;
      case "J" -> ConstantDescs.CD_Long;
      case "I" -> ConstantDescs.CD_Integer;
      case "S" -> ConstantDescs.CD_Short;
      case "B" -> ConstantDescs.CD_Byte;
      case "C" -> ConstantDescs.CD_Character;
      default -> ConstantDescs.CD_Boolean;
    };
  }

  private static MethodModel find(ClassModel cm, String name, String desc) throws GiveUp {
    for (MethodModel m : cm.methods()) {
      if (m.methodName().equalsString(name) && m.methodType().equalsString(desc)) {
        return m;
      }
    }
    throw new GiveUp("method " + name + desc + " not found");
  }

  /** The descriptor with every double turned into float. */
  static MethodTypeDesc floatDesc(MethodTypeDesc d) {
    ClassDesc[] ps = new ClassDesc[d.parameterCount()];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = d.parameterType(i).equals(CD_double) ? CD_float : d.parameterType(i);
    }
    return MethodTypeDesc.of(d.returnType().equals(CD_double) ? CD_float : d.returnType(), ps);
  }

  /**
   * Every field and method the copied code uses outside the copies must be accessible from the
   * hidden class (public members of public classes in exported packages), or running it would
   * fail with an access error; the check resolves each one now.
   */
  private static void checkAccess(MethodHandles.Lookup l, ClassModel cm, ClassLoader loader, Iterable<MethodModel> methods, String owner)
      throws GiveUp {
    for (MethodModel m : methods) {
      for (CodeElement e : m.code().orElseThrow()) {
        try {
          switch (e) {
            case InvokeInstruction inv -> {
              if (inv.owner().asInternalName().equals(owner) && inv.opcode() == Opcode.INVOKESTATIC) {
                continue; // copied
              }
              Class<?> c = Class.forName(inv.owner().asInternalName().replace('/', '.'), false, loader);
              MethodType t = inv.typeSymbol().resolveConstantDesc(l);
              String name = inv.name().stringValue();
              switch (inv.opcode()) {
                case INVOKESTATIC -> l.findStatic(c, name, t);
                case INVOKESPECIAL -> {
                  if (name.equals("<init>")) {
                    l.findConstructor(c, t);
                  } else if (inv.owner().asInternalName().equals(owner)) {
                    l.findVirtual(c, name, t); // a private method of the class, called as a nestmate
                  } else {
                    throw new GiveUp("calls " + c.getName() + "." + name + " with super.");
                  }
                }
                default -> l.findVirtual(c, name, t);
              }
            }
            case FieldInstruction f -> {
              Class<?> c = Class.forName(f.owner().asInternalName().replace('/', '.'), false, loader);
              Class<?> t = (Class<?>) f.typeSymbol().resolveConstantDesc(l);
              String name = f.name().stringValue();
              switch (f.opcode()) {
                case GETSTATIC -> l.findStaticGetter(c, name, t);
                case PUTSTATIC -> l.findStaticSetter(c, name, t);
                case GETFIELD -> l.findGetter(c, name, t);
                default -> l.findSetter(c, name, t);
              }
            }
            case NewObjectInstruction n -> l.accessClass(Class.forName(n.className().asInternalName().replace('/', '.'), false, loader));
            default -> { }
          }
        } catch (GiveUp g) {
          throw g;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError x) {
          throw new GiveUp(m.methodName().stringValue() + " uses " + e + ", which the rewritten code cannot access (" + x + ")");
        }
      }
    }
  }

  // ------------------------------------------------------------------ operand stack types

  /**
   * The types on the operand stack before each stack instruction ({@code dup2}, {@code pop2},
   * ...), in code order ('I', 'J', 'F', 'D' or 'A' per value, top last; null in dead code), from a
   * pass in code order that restarts from the stack map frame at each branch target. Indexed by
   * occurrence, since a code model's elements are not the same objects on every traversal.
   */
  private static List<List<Character>> stackTypes(CodeModel code, MethodTypeDesc desc) throws GiveUp {
    Map<Label, List<Character>> frames = new IdentityHashMap<>();
    code.findAttribute(Attributes.stackMapTable()).ifPresent(smt -> {
      for (StackMapFrameInfo f : smt.entries()) {
        List<Character> st = new ArrayList<>();
        for (StackMapFrameInfo.VerificationTypeInfo v : f.stack()) {
          st.add(switch (v) {
            case StackMapFrameInfo.SimpleVerificationTypeInfo s -> switch (s) {
              case INTEGER -> 'I';
              case FLOAT -> 'F';
              case DOUBLE -> 'D';
              case LONG -> 'J';
              default -> 'A';
            };
            default -> 'A';
          });
        }
        frames.put(f.target(), st);
      }
    });
    List<List<Character>> out = new ArrayList<>();
    List<Character> st = new ArrayList<>();
    boolean reachable = true;
    for (CodeElement e : code) {
      if (e instanceof LabelTarget lt && frames.containsKey(lt.label())) {
        st = new ArrayList<>(frames.get(lt.label()));
        reachable = true;
        continue;
      }
      if (!(e instanceof Instruction ins)) {
        continue;
      }
      if (!reachable) {
        if (ins instanceof StackInstruction) {
          out.add(null);
        }
        continue; // dead code javac never emits; the verifier would reject it without a frame
      }
      if (ins instanceof StackInstruction) {
        out.add(List.copyOf(st));
      }
      reachable = step(ins, st);
    }
    return out;
  }

  private static char kind(TypeKind k) {
    return switch (k) {
      case LONG -> 'J';
      case FLOAT -> 'F';
      case DOUBLE -> 'D';
      case REFERENCE -> 'A';
      case VOID -> 'V';
      default -> 'I';
    };
  }

  private static char kind(ClassDesc c) {
    return c.isPrimitive() ? kind(TypeKind.from(c)) : 'A';
  }

  private static void pop(List<Character> st, int n) {
    for (int i = 0; i < n; i++) {
      st.removeLast();
    }
  }

  private static boolean cat2(char c) {
    return c == 'J' || c == 'D';
  }

  /** Applies the instruction's effect on the stack; false when control does not fall through. */
  private static boolean step(Instruction ins, List<Character> st) throws GiveUp {
    switch (ins) {
      case LoadInstruction l -> st.add(kind(l.typeKind()));
      case StoreInstruction s -> pop(st, 1);
      case IncrementInstruction i -> { }
      case ConstantInstruction c -> st.add(kind(c.typeKind()));
      case OperatorInstruction o -> {
        switch (o.opcode()) {
          case ARRAYLENGTH -> {
            pop(st, 1);
            st.add('I');
          }
          case LCMP, FCMPL, FCMPG, DCMPL, DCMPG -> {
            pop(st, 2);
            st.add('I');
          }
          case INEG, LNEG, FNEG, DNEG -> { }
          default -> {
            pop(st, 2);
            st.add(kind(o.typeKind()));
          }
        }
      }
      case ConvertInstruction c -> {
        pop(st, 1);
        st.add(kind(c.toType()));
      }
      case StackInstruction s -> stackOp(s.opcode(), st);
      case FieldInstruction f -> {
        switch (f.opcode()) {
          case GETSTATIC -> st.add(kind(f.typeSymbol()));
          case PUTSTATIC -> pop(st, 1);
          case GETFIELD -> {
            pop(st, 1);
            st.add(kind(f.typeSymbol()));
          }
          default -> pop(st, 2);
        }
      }
      case InvokeInstruction inv -> {
        MethodTypeDesc d = inv.typeSymbol();
        pop(st, d.parameterCount() + (inv.opcode() == Opcode.INVOKESTATIC ? 0 : 1));
        if (!d.returnType().equals(ConstantDescs.CD_void)) {
          st.add(kind(d.returnType()));
        }
      }
      case ArrayLoadInstruction a -> {
        pop(st, 2);
        st.add(kind(a.typeKind()));
      }
      case ArrayStoreInstruction a -> pop(st, 3);
      case BranchInstruction b -> {
        switch (b.opcode()) {
          case GOTO, GOTO_W -> {
            return false;
          }
          case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE, IF_ACMPEQ, IF_ACMPNE -> pop(st, 2);
          default -> pop(st, 1);
        }
      }
      case LookupSwitchInstruction l -> {
        return false;
      }
      case TableSwitchInstruction t -> {
        return false;
      }
      case ReturnInstruction r -> {
        return false;
      }
      case ThrowInstruction t -> {
        return false;
      }
      case NewObjectInstruction n -> st.add('A');
      case NewPrimitiveArrayInstruction n -> {
        pop(st, 1);
        st.add('A');
      }
      case NewReferenceArrayInstruction n -> {
        pop(st, 1);
        st.add('A');
      }
      case NewMultiArrayInstruction n -> {
        pop(st, n.dimensions());
        st.add('A');
      }
      case TypeCheckInstruction t -> {
        if (t.opcode() == Opcode.INSTANCEOF) {
          pop(st, 1);
          st.add('I');
        }
      }
      case MonitorInstruction m -> pop(st, 1);
      case NopInstruction n -> { }
      default -> throw new GiveUp("uses " + ins.opcode().name().toLowerCase(java.util.Locale.ROOT) + ", which is not rewritten");
    }
    return true;
  }

  /** The JVM's stack shuffles, on values (a long or double is one value of category 2). */
  private static void stackOp(Opcode op, List<Character> st) throws GiveUp {
    int n = st.size();
    char v1 = n > 0 ? st.get(n - 1) : '?';
    char v2 = n > 1 ? st.get(n - 2) : '?';
    switch (op) {
      case POP -> pop(st, 1);
      case POP2 -> pop(st, cat2(v1) ? 1 : 2);
      case DUP -> st.add(v1);
      case DUP_X1 -> st.add(n - 2, v1);
      case DUP_X2 -> st.add(cat2(v2) ? n - 2 : n - 3, v1);
      case DUP2 -> {
        if (cat2(v1)) {
          st.add(v1);
        } else {
          st.add(v2);
          st.add(v1);
        }
      }
      case DUP2_X1 -> {
        if (cat2(v1)) {
          st.add(n - 2, v1);
        } else {
          st.add(n - 3, v2);
          st.add(n - 2, v1);
        }
      }
      case DUP2_X2 -> {
        if (cat2(v1)) {
          int at = cat2(v2) ? n - 2 : n - 3;
          st.add(at, v1);
        } else {
          char v3 = st.get(n - 3);
          int at = cat2(v3) ? n - 3 : n - 4;
          st.add(at, v2);
          st.add(at + 1, v1);
        }
      }
      case SWAP -> {
        st.set(n - 1, v2);
        st.set(n - 2, v1);
      }
      default -> throw new GiveUp("uses " + op + ", which is not rewritten");
    }
  }

  // ------------------------------------------------------------------ the rewrite

  /** Emits one copied method with doubles turned into floats (see the class comment). */
  private static final class Rewriter implements CodeTransform {
    private final ClassDesc self;
    private final String owner;
    private final MethodTypeDesc desc;
    private final List<List<Character>> stacks;
    private int stackOps; // stack instructions seen so far (index into stacks)
    private final java.util.Set<String> copied;
    private final List<GiveUp> problems;
    // original local slot s lives at s + shift, above the float parameters
    private final int shift;
    private int temp;

    Rewriter(ClassDesc self, String owner, MethodTypeDesc desc, int maxLocals, List<List<Character>> stacks,
        java.util.Set<String> copied, List<GiveUp> problems) {
      this.self = self;
      this.owner = owner;
      this.desc = desc;
      this.stacks = stacks;
      this.copied = copied;
      this.problems = problems;
      int slots = 0;
      for (int i = 0; i < desc.parameterCount(); i++) {
        slots += floatDesc(desc).parameterType(i).equals(ConstantDescs.CD_long) ? 2 : 1;
      }
      this.shift = slots;
      this.temp = maxLocals + shift;
    }

    @Override
    public void atStart(CodeBuilder b) {
      // move the parameters into the original layout (a double's two slots hold one float)
      MethodTypeDesc fd = floatDesc(desc);
      int from = 0;
      int to = 0;
      for (int i = 0; i < desc.parameterCount(); i++) {
        ClassDesc t = fd.parameterType(i);
        TypeKind k = TypeKind.from(t);
        b.loadLocal(k, from).storeLocal(k, to + shift);
        from += k.slotSize();
        to += desc.parameterType(i).equals(CD_double) || desc.parameterType(i).equals(ConstantDescs.CD_long) ? 2 : 1;
      }
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
      try {
        rewrite(b, e);
      } catch (GiveUp g) {
        problems.add(g);
        b.with(e);
      }
    }

    private void rewrite(CodeBuilder b, CodeElement e) throws GiveUp {
      switch (e) {
        case LocalVariable lv -> { } // debug types would be wrong
        case LocalVariableType lv -> { }
        case LoadInstruction l -> b.loadLocal(l.typeKind() == TypeKind.DOUBLE ? TypeKind.FLOAT : l.typeKind(), l.slot() + shift);
        case StoreInstruction s -> b.storeLocal(s.typeKind() == TypeKind.DOUBLE ? TypeKind.FLOAT : s.typeKind(), s.slot() + shift);
        case IncrementInstruction i -> b.iinc(i.slot() + shift, i.constant());
        case ConstantInstruction c when c.typeKind() == TypeKind.DOUBLE -> b.loadConstant((float) ((Number) c.constantValue()).doubleValue());
        case OperatorInstruction o when o.typeKind() == TypeKind.DOUBLE -> b.with(OperatorInstruction.of(switch (o.opcode()) {
          case DADD -> Opcode.FADD;
          case DSUB -> Opcode.FSUB;
          case DMUL -> Opcode.FMUL;
          case DDIV -> Opcode.FDIV;
          case DREM -> Opcode.FREM;
          case DNEG -> Opcode.FNEG;
          case DCMPL -> Opcode.FCMPL;
          case DCMPG -> Opcode.FCMPG;
          default -> throw new GiveUp("unexpected " + o.opcode());
        }));
        case ConvertInstruction c -> convert(b, c);
        case ReturnInstruction r when r.typeKind() == TypeKind.DOUBLE -> b.freturn();
        case StackInstruction s -> {
          List<Character> types = stacks.get(stackOps++);
          if (types == null) {
            throw new GiveUp("has a stack operation in code the pass did not reach");
          }
          b.with(StackInstruction.of(stackOp(s.opcode(), types)));
        }
        case FieldInstruction f -> {
          boolean d = f.typeSymbol().equals(CD_double);
          if (d && (f.opcode() == Opcode.PUTSTATIC || f.opcode() == Opcode.PUTFIELD)) {
            b.f2d();
          }
          b.with(f);
          if (d && (f.opcode() == Opcode.GETSTATIC || f.opcode() == Opcode.GETFIELD)) {
            b.d2f();
          }
        }
        case ArrayLoadInstruction a when a.typeKind() == TypeKind.DOUBLE -> b.daload().d2f();
        case ArrayStoreInstruction a when a.typeKind() == TypeKind.DOUBLE -> b.f2d().dastore();
        case InvokeInstruction inv -> invoke(b, inv);
        case Instruction ins when ins.opcode() == Opcode.INVOKEDYNAMIC -> throw new GiveUp("uses invokedynamic (string concatenation or a lambda)");
        default -> b.with(e);
      }
    }

    private void convert(CodeBuilder b, ConvertInstruction c) {
      TypeKind from = c.fromType() == TypeKind.DOUBLE ? TypeKind.FLOAT : c.fromType();
      TypeKind to = c.toType() == TypeKind.DOUBLE ? TypeKind.FLOAT : c.toType();
      if (from != to) {
        b.conversion(from, to);
      }
    }

    /** The same shuffle for the new categories: a former double is now one slot. */
    private static Opcode stackOp(Opcode op, List<Character> st) throws GiveUp {
      int n = st.size();
      char v1 = n > 0 ? st.get(n - 1) : '?';
      char v2 = n > 1 ? st.get(n - 2) : '?';
      char v3 = n > 2 ? st.get(n - 3) : '?';
      return switch (op) {
        case POP2 -> v1 == 'D' ? Opcode.POP : op;
        case DUP2 -> v1 == 'D' ? Opcode.DUP : op;
        case DUP_X2 -> v2 == 'D' ? Opcode.DUP_X1 : op;
        case DUP2_X1 -> v1 == 'D' ? Opcode.DUP_X1 : op;
        case DUP2_X2 -> {
          if (cat2(v1) && cat2(v2)) {
            yield v1 == 'D' && v2 == 'D' ? Opcode.DUP_X1 : v1 == 'D' ? Opcode.DUP_X2 : v2 == 'D' ? Opcode.DUP2_X1 : op;
          }
          if (cat2(v1)) {
            yield v1 == 'D' ? Opcode.DUP_X2 : op; // over two one-slot values
          }
          if (v3 == 'D') {
            yield Opcode.DUP2_X1;
          }
          yield op;
        }
        default -> op;
      };
    }

    private void invoke(CodeBuilder b, InvokeInstruction inv) throws GiveUp {
      MethodTypeDesc d = inv.typeSymbol();
      String name = inv.name().stringValue();
      if (inv.opcode() == Opcode.INVOKESTATIC && inv.owner().asInternalName().equals(owner)
          && copied.contains(name + d.descriptorString())) {
        b.invokestatic(self, name, floatDesc(d));
        return;
      }
      if (inv.opcode() == Opcode.INVOKESTATIC && MATH_OWNERS.contains(inv.owner().asInternalName())) {
        MethodTypeDesc f = FLOAT_OVERLOADS.get(name + d.descriptorString());
        if (f != null) {
          if (name.equals("nextAfter")) {
            b.f2d(); // its direction stays a double
          }
          b.invokestatic(inv.owner().asSymbol(), name, f);
          return;
        }
      }
      InvokeInstruction call = inv;
      if (inv.opcode() == Opcode.INVOKESPECIAL && !name.equals(ConstantDescs.INIT_NAME)) {
        if (!inv.owner().asInternalName().equals(owner)) {
          throw new GiveUp("calls " + inv.owner().asInternalName().replace('/', '.') + "." + name + " with super.");
        }
        // a private method of the lambda's class, as javac before 11 called it: only that class
        // may use invokespecial on it; a nestmate calls it with invokevirtual (invokeinterface in
        // an interface), as javac does since 11 (so current class files never get here)
        call = InvokeInstruction.of(inv.isInterface() ? Opcode.INVOKEINTERFACE : Opcode.INVOKEVIRTUAL, inv.method());
      }
      boolean doubles = d.returnType().equals(CD_double);
      for (int i = 0; i < d.parameterCount(); i++) {
        doubles |= d.parameterType(i).equals(CD_double);
      }
      if (!doubles) {
        b.with(call);
        return;
      }
      // outside the copies: arguments back to double, the result to float
      int n = d.parameterCount();
      int[] slots = new int[n];
      for (int i = n - 1; i >= 0; i--) {
        ClassDesc t = floatDesc(d).parameterType(i);
        TypeKind k = TypeKind.from(t);
        slots[i] = temp;
        temp += k.slotSize();
        b.storeLocal(k, slots[i]);
      }
      for (int i = 0; i < n; i++) {
        ClassDesc t = floatDesc(d).parameterType(i);
        b.loadLocal(TypeKind.from(t), slots[i]);
        if (d.parameterType(i).equals(CD_double)) {
          b.f2d();
        }
      }
      b.with(call);
      if (d.returnType().equals(CD_double)) {
        b.d2f();
      }
    }
  }
}
