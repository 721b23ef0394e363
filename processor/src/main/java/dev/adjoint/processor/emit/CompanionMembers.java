package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Access;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Member;
import dev.adjoint.processor.ir.MemberNames;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * What a companion declares for the members it cannot name ({@link Member}): a named copy of a
 * private constant, a {@code VarHandle} per private field, a {@code MethodHandle} per private
 * method with a small method of the same signature that calls it (an instance method's receiver
 * its first parameter). Each is named once for the
 * whole companion, after the member ({@code data} gives {@code DATA}), and never like a variable
 * of any of its methods, which would shadow it.
 */
final class CompanionMembers {
  static final ClassName PRIVATE_ACCESS = ClassName.get("dev.adjoint.runtime", "PrivateAccess");

  private final MemberNames names;

  private CompanionMembers(MemberNames names, Map<Member, String> methodHandles) {
    this.names = names;
    this.methodHandles = methodHandles;
  }

  /**
   * @param functions every function the companion prints
   * @param variableNames every variable name of the original methods
   * @param methodNames the names of the companion's generated methods
   */
  static CompanionMembers of(
      Collection<Function> functions, Set<String> variableNames, Set<String> methodNames) {
    Set<Member> members = new LinkedHashSet<>();
    for (Function f : functions) {
      Stmts.forEach(
          f.body(),
          s -> {
            for (Expr e : Stmts.ownExpressions(s)) {
              Exprs.forEachNode(
                  e,
                  n -> {
                    // A differentiable call no derivative flows through is printed as its plain call.
                    Expr printed =
                        n instanceof Expr.DiffCall c && c.gradient() == null
                            ? c.callee().plainCall(c.args())
                            : n;
                    if (Member.of(printed) != null) {
                      members.add(Member.of(printed));
                    }
                  });
            }
          });
    }
    // Copied constants first, then the handles of fields, then those of methods; each group in
    // the order its members are first read.
    List<Member> ordered = new ArrayList<>(members);
    ordered.sort(java.util.Comparator.comparingInt(CompanionMembers::group));
    // Fields share a namespace with variables, which would shadow them; methods with methods.
    Set<String> fieldsTaken = new java.util.HashSet<>(variableNames);
    Set<String> methodsTaken = new java.util.HashSet<>(methodNames);
    Map<Member, String> named = new LinkedHashMap<>();
    Map<Member, String> handles = new LinkedHashMap<>();
    for (Member m : ordered) {
      if (m.isMethod()) {
        named.put(m, fresh(m.name(), methodsTaken));
        handles.put(m, fresh(constantName(m.name()), fieldsTaken));
      } else {
        named.put(m, fresh(constantName(m.name()), fieldsTaken));
      }
    }
    return new CompanionMembers(new MemberNames(named), handles);
  }

  private static int group(Member m) {
    if (m.access() instanceof Access.Copied) {
      return 0;
    }
    return m.isMethod() ? 2 : 1;
  }

  private static String fresh(String base, Set<String> taken) {
    String name = base;
    for (int k = 2; taken.contains(name) || !SourceVersion.isName(name); k++) {
      name = base + k;
    }
    taken.add(name);
    return name;
  }

  /** The handle of each method, by the method it calls. */
  private final Map<Member, String> methodHandles;

  MemberNames names() {
    return names;
  }

  /** {@code sigmaSq} as {@code SIGMA_SQ}; a name already in constant case stays. */
  static String constantName(String name) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (k > 0
          && Character.isUpperCase(c)
          && (Character.isLowerCase(name.charAt(k - 1))
              || (k + 1 < name.length() && Character.isLowerCase(name.charAt(k + 1))))
          && name.charAt(k - 1) != '_') {
        b.append('_');
      }
      b.append(Character.toUpperCase(c));
    }
    return b.toString();
  }

  /** The fields to declare, in the order the members are first read. */
  List<FieldSpec> fields() {
    List<FieldSpec> out = new ArrayList<>();
    names.names().forEach((m, name) -> out.add(field(m, name)));
    return out;
  }

  /** The methods that call the method handles, one per private method called. */
  List<MethodSpec> callers() {
    List<MethodSpec> out = new ArrayList<>();
    methodHandles.forEach((m, handle) -> out.add(caller(m, names.nameOf(m), handle)));
    return out;
  }

  private FieldSpec field(Member m, String name) {
    ClassName owner = ExprPrinter.className(m.owner());
    String original = m.owner().simpleName() + "." + m.name();
    if (m.access() instanceof Access.Copied copied) {
      Expr value = copied.value();
      return FieldSpec.builder(typeName(value.type()), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("{@code $L}, private to its class: a copy of its value.\n", original)
          .initializer("$L", literal(value))
          .build();
    }
    Access.Handle h = (Access.Handle) m.access();
    if (m.isMethod()) {
      CodeBlock.Builder types = CodeBlock.builder().add("$L.class", h.returns().javaName());
      h.parameters().forEach(p -> types.add(", $L.class", p.javaName()));
      return FieldSpec.builder(MethodHandle.class, methodHandles.get(m), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Calls {@code $L}, private to its class.\n", original)
          .initializer(
              "$T.$L($T.lookup(), $T.class, $S, $L)",
              PRIVATE_ACCESS,
              m.form() == Member.Form.INSTANCE_METHOD ? "method" : "staticMethod",
              MethodHandles.class,
              owner,
              m.name(),
              types.build())
          .build();
    }
    return FieldSpec.builder(VarHandle.class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Reads {@code $L}, which the companion cannot name.\n", original)
        .initializer(
            "$T.$L($T.lookup(), $T.class, $S, $L)",
            PRIVATE_ACCESS,
            m.form() == Member.Form.INSTANCE_FIELD ? "field" : "staticField",
            MethodHandles.class,
            owner,
            m.name(),
            h.objectClass() != null
                ? CodeBlock.of("$T.class", ExprPrinter.className(h.objectClass()))
                : CodeBlock.of("$L.class", h.returns().javaName()))
        .build();
  }

  private static MethodSpec caller(Member m, String name, String handle) {
    Access.Handle h = (Access.Handle) m.access();
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(typeName(h.returns()))
            .addJavadoc(
                "{@code $L.$L}, through its handle: what it throws reaches the caller unchanged.\n",
                m.owner().simpleName(),
                m.name());
    List<String> args = new ArrayList<>();
    if (m.form() == Member.Form.INSTANCE_METHOD) {
      // The handle's first parameter is the receiver, typed as the method's class.
      args.add("receiver");
      b.addParameter(ExprPrinter.className(m.owner()), "receiver");
    }
    for (int k = 0; k < h.parameters().size(); k++) {
      String arg = "arg" + k;
      args.add(arg);
      b.addParameter(typeName(h.parameters().get(k)), arg);
    }
    String call = handle + ".invokeExact(" + String.join(", ", args) + ")";
    b.beginControlFlow("try");
    if (h.returns() == Type.VOID) {
      b.addStatement("$L", call);
    } else {
      b.addStatement("return ($L) $L", h.returns().javaName(), call);
    }
    b.nextControlFlow("catch ($T t)", Throwable.class);
    b.addStatement("throw $T.rethrow(t)", PRIVATE_ACCESS);
    b.endControlFlow();
    return b.build();
  }

  private static TypeName typeName(Type t) {
    return switch (t) {
      case DOUBLE -> TypeName.DOUBLE;
      case INT -> TypeName.INT;
      case LONG -> TypeName.LONG;
      case BOOLEAN -> TypeName.BOOLEAN;
      case VOID -> TypeName.VOID;
      case DOUBLE_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(TypeName.DOUBLE);
      case INT_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(TypeName.INT);
      case BOOLEAN_ARRAY -> com.palantir.javapoet.ArrayTypeName.of(TypeName.BOOLEAN);
      case DOUBLE_MATRIX ->
          com.palantir.javapoet.ArrayTypeName.of(com.palantir.javapoet.ArrayTypeName.of(TypeName.DOUBLE));
      default -> throw new IllegalStateException("no member has type " + t);
    };
  }

  private static String literal(Expr value) {
    if (value instanceof Expr.DoubleLit d) {
      return ExprPrinter.doubleLiteral(d.value());
    } else if (value instanceof Expr.IntLit i) {
      return i.type() == Type.LONG ? i.value() + "L" : Long.toString(i.value());
    }
    return Boolean.toString(((Expr.BoolLit) value).value());
  }
}
