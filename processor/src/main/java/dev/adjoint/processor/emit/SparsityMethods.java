package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Kind#SPARSITY}: the tracing sweep {@code mSparsity} where the method's pattern can
 * be traced from shapes and data, else the same signature recording that every input meets every
 * other (correct for any method, and what callers of the method rely on finding).
 */
public final class SparsityMethods {
  private static final ClassName TRACER = ClassName.get("dev.adjoint.runtime", "SparsityTracer");
  private static final ClassName SETS = ClassName.get("dev.adjoint.runtime", "SparsitySets");

  private SparsityMethods() {}

  /** {@link Kind#SPARSITY}. */
  public static MethodSpec sparsity(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.SPARSITY);
    // Vector-valued methods, and only they, have Jacobian products.
    boolean vector =
        made.containsKey(Kind.VECTOR_JACOBIAN) || made.containsKey(Kind.JACOBIAN_VECTOR);
    if (f == null) {
      return everyPair(m, owner, vector);
    }
    NameAllocator names = NameAllocator.forFunction(f, m);
    Variable tracer = f.params().get(0);
    return CompanionWriter.signature(m, f, names)
        .addJavadoc(CompanionWriter.summary(Kind.SPARSITY, m, owner))
        .addJavadoc(
            "<p>Each number is an {@code int} handle of the set of inputs it depends on (inputs"
                + " numbered as the\ngradient numbers them); each operation whose second derivative"
                + " is not zero records in\n{@code $L} which inputs meet in it. Branches on data are"
                + " followed as the method takes them,\nbranches on values on both sides, so the"
                + " pattern holds for every input of the same shapes\nand data.\n\n",
            names.nameOf(tracer))
        .addJavadoc("@param $L records the pairs of inputs that meet\n", names.nameOf(tracer))
        .addJavadoc(
            vector
                ? "@return the handle of each output's set of inputs\n"
                : "@return the handle of the set of inputs the value depends on\n")
        .returns(vector ? TypeName.get(int[].class) : TypeName.INT)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /**
   * The signature of the tracing sweep for a method whose pattern cannot be traced: every input
   * of every differentiated argument meets every other.
   */
  private static MethodSpec everyPair(MethodInfo m, ClassName owner, boolean vector) {
    Variable tracer =
        Variable.object(
            "tracer",
            Type.OBJECT,
            new dev.adjoint.processor.ir.ClassRef("dev.adjoint.runtime", List.of("SparsityTracer")),
            Variable.Role.GENERATED_PARAMETER);
    List<Variable> params = new ArrayList<>();
    params.add(tracer);
    List<Variable> handles = new ArrayList<>();
    for (Variable p : m.params()) {
      if (m.wrt().contains(p)) {
        Type t =
            switch (p.type()) {
              case DOUBLE -> Type.INT;
              case DOUBLE_ARRAY -> Type.INT_ARRAY;
              default -> Type.INT_MATRIX;
            };
        Variable h = new Variable(p.baseName() + "Set", t, Variable.Role.TEMP, p);
        handles.add(h);
        params.add(h);
      } else {
        params.add(p);
      }
    }
    Function f =
        new Function(
            Kind.SPARSITY.methodName(m.name()), params, vector ? Type.INT_ARRAY : Type.INT, List.of(), Map.of());
    NameAllocator names = NameAllocator.forFunction(f, m);
    String t = names.nameOf(tracer);
    String all = names.reserve("all");
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("int $L = $T.NONE", all, TRACER);
    for (Variable h : handles) {
      if (h.type() == Type.INT) {
        body.addStatement("$L = $L.union($L, $L)", all, t, all, names.nameOf(h));
      } else {
        body.addStatement("$L = $L.union($L, $T.all($L, $L))", all, t, all, SETS, t, names.nameOf(h));
      }
    }
    body.addStatement("$L.square($L)", t, all);
    MethodSpec.Builder b =
        CompanionWriter.signature(m, f, names)
            .addJavadoc(CompanionWriter.summary(Kind.SPARSITY, m, owner))
            .addJavadoc(
                "<p>Not traced: the method's pattern cannot be found from shapes and data alone (a"
                    + " loop, an index\nor an exit depends on values, or it uses what the tracing"
                    + " sweep does not follow), so every\ninput meets every other: the dense"
                    + " pattern, correct and slow.\n\n")
            .addJavadoc("@param $L records the pairs of inputs that meet\n", t);
    if (!vector) {
      return b.addJavadoc("@return the handle of the set of all the inputs\n")
          .returns(TypeName.INT)
          .addCode(body.build())
          .addStatement("return $L", all)
          .build();
    }
    // The number of outputs: the original at zero values, called once.
    List<String> args = new ArrayList<>();
    List<Variable> userParams = m.receiver() == null ? m.params() : m.params().subList(1, m.params().size());
    for (Variable p : userParams) {
      if (!m.wrt().contains(p)) {
        args.add(names.nameOf(p));
        continue;
      }
      Variable h = params.get(m.params().indexOf(p) + 1);
      args.add(
          switch (p.type()) {
            case DOUBLE -> "0.0";
            case DOUBLE_ARRAY -> "new double[" + names.nameOf(h) + ".length]";
            default -> CodeBlock.of("$T.zeros($L)", SETS, names.nameOf(h)).toString();
          });
    }
    CodeBlock original =
        m.receiver() == null
            ? CodeBlock.of("$T.$L($L)", owner, m.name(), String.join(", ", args))
            : CodeBlock.of("$L.$L($L)", names.nameOf(m.receiver()), m.name(), String.join(", ", args));
    return b.addJavadoc(
            "<p>The original is called once, at zero values, for the number of outputs.\n\n")
        .addJavadoc("@return the handle of the set of all the inputs, for each output\n")
        .returns(TypeName.get(int[].class))
        .addCode(body.build())
        .addStatement("return $T.filled($L, $L.length)", SETS, all, original)
        .build();
  }
}
