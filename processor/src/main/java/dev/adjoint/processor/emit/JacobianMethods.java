package dev.adjoint.processor.emit;

import static dev.adjoint.processor.emit.CompanionWriter.CHECKS;
import static dev.adjoint.processor.emit.CompanionWriter.call;
import static dev.adjoint.processor.emit.CompanionWriter.fresh;
import static dev.adjoint.processor.emit.CompanionWriter.inText;
import static dev.adjoint.processor.emit.CompanionWriter.parameter;
import static dev.adjoint.processor.emit.CompanionWriter.signature;
import static dev.adjoint.processor.emit.CompanionWriter.summary;
import static dev.adjoint.processor.emit.CompanionWriter.wrtList;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The companion's methods for a vector-valued method: {@code mJacobianVector}, {@code
 * mVectorJacobian} and the dense {@code mJacobian}.
 */
public final class JacobianMethods {
  private JacobianMethods() {}

  /** {@link Kind#JACOBIAN_VECTOR}. */
  public static MethodSpec jacobianVector(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.JACOBIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(f, m);
    int size = f.params().size();
    String v = names.nameOf(f.params().get(size - 2));
    String jv = names.nameOf(f.params().get(size - 1));
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return signature(m, f, names)
        .addJavadoc(summary(Kind.JACOBIAN_VECTOR, m, owner))
        .addJavadoc("@param $L the vector, one element for each of $L\n", v, wrtList(m))
        .addJavadoc(
            "@param $L receives the Jacobian times {@code $L}, one element per output (overwritten)\n",
            jv,
            v)
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} is shorter than $L, or {@code $L} than"
                + " the output\n",
            v,
            inText(n),
            jv)
        .returns(double[].class)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, v, n, v)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /** {@link Kind#VECTOR_JACOBIAN}. */
  public static MethodSpec vectorJacobian(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.VECTOR_JACOBIAN);
    NameAllocator names = NameAllocator.forFunction(f, m);
    int size = f.params().size();
    String u = names.nameOf(f.params().get(size - 2));
    String vj = names.nameOf(f.params().get(size - 1));
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return signature(m, f, names)
        .addAnnotations(CompanionWriter.forCompiledCallers(m))
        .addJavadoc(summary(Kind.VECTOR_JACOBIAN, m, owner))
        .addJavadoc("@param $L the vector, one element per output\n", u)
        .addJavadoc(
            "@param $L receives {@code $L} times the Jacobian in its first $L elements (overwritten)\n",
            vj,
            u,
            inText(n))
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} is shorter than $L, or {@code $L} than"
                + " the output\n",
            vj,
            inText(n),
            u)
        .returns(double[].class)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, vj, n, vj)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /** {@link Kind#VECTOR_HESSIAN_VECTOR}. */
  public static MethodSpec vectorHessianVector(
      MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.VECTOR_HESSIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(f, m);
    int size = f.params().size();
    String u = names.nameOf(f.params().get(size - 4));
    String v = names.nameOf(f.params().get(size - 3));
    String vj = names.nameOf(f.params().get(size - 2));
    String uhv = names.nameOf(f.params().get(size - 1));
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return signature(m, f, names)
        .addJavadoc(summary(Kind.VECTOR_HESSIAN_VECTOR, m, owner))
        .addJavadoc(
            "<p>{@code xDot} is the tangent of {@code x} along {@code $L}; the tangent of an"
                + " adjoint {@code xBar} is\n{@code xBarDot}, and the tangent of {@code $L}"
                + " is {@code $L}.\n\n",
            v,
            vj,
            uhv)
        .addJavadoc("@param $L the vector, one element per output, held constant\n", u)
        .addJavadoc("@param $L the vector, one element for each of $L\n", v, wrtList(m))
        .addJavadoc(
            "@param $L receives {@code $L} times the Jacobian in its first $L elements (overwritten)\n",
            vj,
            u,
            inText(n))
        .addJavadoc(
            "@param $L receives the sum of {@code $L[i]} times the Hessian of output {@code i},"
                + " times {@code $L}, in its first $L elements (overwritten)\n",
            uhv,
            u,
            v,
            inText(n))
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L}, {@code $L} or {@code $L} is shorter"
                + " than $L, or {@code $L} than the output\n",
            v,
            vj,
            uhv,
            inText(n),
            u)
        .returns(double[].class)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, v, n, v)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, vj, n, vj)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, uhv, n, uhv)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /** The dense Jacobian: a product per output or per input, whichever are fewer. */
  public static MethodSpec jacobian(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function jacobianVector = made.get(Kind.JACOBIAN_VECTOR);
    Function vectorJacobian = made.get(Kind.VECTOR_JACOBIAN);
    NameAllocator names = NameAllocator.forFunction(jacobianVector, m);
    List<Variable> allParams = jacobianVector.params();
    List<Variable> userParams = allParams.subList(0, allParams.size() - 2);
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    // Lambda parameters may not shadow the method's.
    String u = fresh("u", taken);
    String vj = fresh("vj", taken);
    String v = fresh("v", taken);
    String jv = fresh("jv", taken);
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(Kind.JACOBIAN.methodName(m.name())).addModifiers(Modifier.STATIC);
    CompanionWriter.access(b, m);
    for (Variable p : userParams) {
      b.addParameter(parameter(p, names, m));
    }
    String args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
    String sep = args.isEmpty() ? "" : ", ";
    List<String> originalArgs =
        (m.receiver() == null ? userParams : userParams.subList(1, userParams.size()))
            .stream().map(names::nameOf).toList();
    CodeBlock original =
        m.receiver() == null
            ? CodeBlock.of(
                "$L.$L($L)", ownerName(m, owner), m.name(), String.join(", ", originalArgs))
            : CodeBlock.of(
                "$L.$L($L)", names.nameOf(m.receiver()), m.name(), String.join(", ", originalArgs));
    CodeBlock length = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return b.addJavadoc(summary(Kind.JACOBIAN, m, owner))
        .addJavadoc(
            "<p>Row {@code i} holds the derivatives of output {@code i}: one {@link #$L} per output,"
                + " or one {@link #$L}\nper input when there are fewer inputs than outputs. The"
                + " original is called once for the number of outputs.\n\n",
            vectorJacobian.name(),
            jacobianVector.name())
        .addJavadoc("@return the Jacobian, one row per output and $L columns\n", inText(length))
        .returns(double[][].class)
        .addCode(
            CodeBlock.builder()
                .add("return $T.jacobian(\n", SecondOrderMethods.DENSE)
                .indent()
                .indent()
                .add("$L.length,\n", original)
                .add("$L,\n", length)
                .add("($L, $L) -> $L($L$L$L, $L),\n", u, vj, vectorJacobian.name(), args, sep, u, vj)
                .add("($L, $L) -> $L($L$L$L, $L));\n", v, jv, jacobianVector.name(), args, sep, v, jv)
                .unindent()
                .unindent()
                .build())
        .build();
  }

  /**
   * The original's class as the call for the number of outputs names it: by its simple name (and
   * an import), or in full where one of the method's names obscures the simple one.
   */
  private static CodeBlock ownerName(MethodInfo m, ClassName owner) {
    return m.userNames().contains(owner.simpleName()) && !owner.packageName().isEmpty()
        ? CodeBlock.of("$L", owner.canonicalName())
        : CodeBlock.of("$T", owner);
  }
}
