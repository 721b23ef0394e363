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
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** The companion's second-order methods: {@code mHessianVector} and the dense {@code mHessian}. */
public final class SecondOrderMethods {
  private SecondOrderMethods() {}

  /** {@link Kind#HESSIAN_VECTOR}. */
  public static MethodSpec hessianVector(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.HESSIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(f, m);
    int size = f.params().size();
    String v = names.nameOf(f.params().get(size - 3));
    String grad = names.nameOf(f.params().get(size - 2));
    String hv = names.nameOf(f.params().get(size - 1));
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return signature(m, f, names)
        .addJavadoc(summary(Kind.HESSIAN_VECTOR, m, owner))
        .addJavadoc(CompanionWriter.neededBy(m, owner))
        .addJavadoc(
            "<p>{@code xDot} is the tangent of {@code x} along {@code $L}; the tangent of an"
                + " adjoint {@code xBar} is\n{@code xBarDot}, and the tangent of the gradient is"
                + " the Hessian times {@code $L}.\n\n",
            v,
            v)
        .addJavadoc("@param $L the vector, one element for each of $L\n", v, wrtList(m))
        .addJavadoc(
            "@param $L receives the gradient in its first $L elements (overwritten)\n", grad, inText(n))
        .addJavadoc(
            "@param $L receives the Hessian times {@code $L} in its first $L elements (overwritten)\n",
            hv,
            v,
            inText(n))
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L}, {@code $L} or {@code $L} is shorter than $L\n",
            v,
            grad,
            hv,
            inText(n))
        .returns(TypeName.DOUBLE)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, v, n, v)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, grad, n, grad)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, hv, n, hv)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /** The dense Hessian: one Hessian-vector product per unit vector, then exactly symmetric. */
  public static MethodSpec hessian(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function hessianVector = made.get(Kind.HESSIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(hessianVector, m);
    List<Variable> userParams =
        hessianVector.params().subList(0, hessianVector.params().size() - 3);
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    // Lambda parameters may not shadow the method's.
    String v = fresh("v", taken);
    String grad = fresh("grad", taken);
    String hv = fresh("hv", taken);
    MethodSpec.Builder b = MethodSpec.methodBuilder(Kind.HESSIAN.methodName(m.name())).addModifiers(Modifier.STATIC);
    CompanionWriter.access(b, m);
    for (Variable p : userParams) {
      b.addParameter(parameter(p, names, m));
    }
    String args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
    CodeBlock length = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return b.addJavadoc(summary(Kind.HESSIAN, m, owner))
        .addJavadoc(
            "<p>Row {@code i} is the Hessian times the {@code i}-th unit vector, from {@link"
                + " #$L}; each entry is then\naveraged with its mirror image, so the result is"
                + " exactly symmetric.\n\n",
            hessianVector.name())
        .addJavadoc("@return the Hessian, $L by $L\n", inText(length), inText(length))
        .returns(double[][].class)
        .addCode(
            CodeBlock.builder()
                .add("return $T.hessian($L,\n", DENSE, length)
                .indent()
                .indent()
                .add(
                    "($L, $L, $L) -> $L($L$L$L, $L, $L));\n",
                    v,
                    grad,
                    hv,
                    hessianVector.name(),
                    args,
                    args.isEmpty() ? "" : ", ",
                    v,
                    grad,
                    hv)
                .unindent()
                .unindent()
                .build())
        .build();
  }

  static final ClassName DENSE = ClassName.get("dev.adjoint.runtime", "DenseDerivatives");
}
