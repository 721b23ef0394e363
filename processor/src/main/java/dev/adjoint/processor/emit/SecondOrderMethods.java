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

  /**
   * {@link Kind#HESSIAN_VECTORS}: the Hessian-vector product with its tangents in lanes, or, where
   * the product could not be put in lanes, one {@code mHessianVector} per direction.
   */
  public static MethodSpec hessianVectors(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.HESSIAN_VECTORS);
    Function hessianVector = made.get(Kind.HESSIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(f == null ? hessianVector : f, m);
    MethodSpec.Builder b;
    String vs;
    String grad;
    String hvs;
    List<Variable> userParams = hessianVector.params().subList(0, hessianVector.params().size() - 3);
    if (f != null) {
      int size = f.params().size();
      vs = names.nameOf(f.params().get(size - 3));
      grad = names.nameOf(f.params().get(size - 2));
      hvs = names.nameOf(f.params().get(size - 1));
      b = signature(m, f, names);
    } else {
      java.util.Set<String> taken = new java.util.HashSet<>();
      userParams.forEach(p -> taken.add(names.nameOf(p)));
      vs = fresh("vs", taken);
      grad = fresh("grad", taken);
      hvs = fresh("hvs", taken);
      b = MethodSpec.methodBuilder(Kind.HESSIAN_VECTORS.methodName(m.name())).addModifiers(Modifier.STATIC);
      CompanionWriter.access(b, m);
      for (Variable p : userParams) {
        b.addParameter(parameter(p, names, m));
      }
      b.addParameter(double[][].class, vs).addParameter(double[].class, grad).addParameter(double[][].class, hvs);
    }
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    if (f != null) {
      b.addJavadoc(summary(Kind.HESSIAN_VECTORS, m, owner));
    } else {
      b.addJavadoc(
          "Hessian of {@link $T#$L} with respect to $L times each of several vectors, with the"
              + " gradient.\n\n",
          owner,
          m.linkSignature(),
          wrtList(m));
    }
    b.addJavadoc(CompanionWriter.neededBy(m, owner));
    if (f != null) {
      b.addJavadoc(
          "<p>Each tangent has one lane per direction: {@code xDot[l]} is the tangent of {@code x}"
              + " along\n{@code $L[l]}, and the tangents of an array element {@code a[i]} are"
              + " {@code aDot[i * k + l]}. The\nvalues, the tape, branches and loops are computed"
              + " once for all directions.\n\n",
          vs);
    } else {
      b.addJavadoc(
          "<p>One {@link #$L} per direction: this method's product is not computed in lanes.\n\n",
          hessianVector.name());
    }
    b.addJavadoc("@param $L the directions, each with one element for each of $L\n", vs, wrtList(m))
        .addJavadoc(
            "@param $L receives the gradient in its first $L elements (overwritten)\n", grad, inText(n))
        .addJavadoc(
            "@param $L receives the Hessian times {@code $L[j]} in the first $L elements of row"
                + " {@code j}, for each\n    direction (overwritten)\n",
            hvs,
            vs,
            inText(n))
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} has fewer rows than {@code $L}, or"
                + " a row of either or\n    {@code $L} is shorter than $L\n",
            hvs,
            vs,
            grad,
            inText(n))
        .returns(TypeName.DOUBLE)
        .addStatement("$T.requireDirections($L, $L, $L)", LANES, vs, hvs, n)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, grad, n, grad);
    if (f != null) {
      return b.addCode(new BodyPrinter(names).print(f.body())).build();
    }
    String args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
    String sep = args.isEmpty() ? "" : ", ";
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    taken.addAll(List.of(vs, grad, hvs));
    String l = fresh("l", taken);
    String value = fresh("value", taken);
    String directions = fresh("directions", taken);
    return b.beginControlFlow("if ($L.length == 0)", vs)
        .addStatement(
            "return $L($L$L$L)", Kind.GRADIENT.methodName(m.name()), args, sep, grad)
        .endControlFlow()
        .addComment("products written over their directions would zero them before they are read")
        .addStatement("double[][] $L = $T.apartFrom($L, $L, $L)", directions, LANES, vs, grad, hvs)
        .addStatement("double $L = 0.0", value)
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", l, l, vs, l)
        .addStatement(
            "$L = $L($L$L$L[$L], $L, $L[$L])",
            value, hessianVector.name(), args, sep, directions, l, grad, hvs, l)
        .endControlFlow()
        .addStatement("return $L", value)
        .build();
  }

  /**
   * Unit directions per sweep of the dense Hessian. Measured with {@code benchmarks/LaneChunks
   * --alternate} on the shared machine, once the unit directions went into lanes without being
   * read (the time with 32 over that with 16, median of 9 to 15 rounds): extended
   * Rosenbrock N = 1000 0.95 and 0.96, N = 100 1.03; Broyden banded N = 100 1.24, N = 300 0.91,
   * N = 1000 0.85 and 0.88; logistic regression N = 100 0.86, N = 300 0.88; GMM N = 100 0.86,
   * N = 300 0.95; Chebyquad N = 100 0.93. 32 is faster in 9 of 12; 64 against 32 went both ways
   * (0.85 to 1.24, the GMM's lanes outgrowing the cache), so 32.
   */
  static final int HESSIAN_CHUNK = 32;

  /** The dense Hessian: one Hessian-vector product per unit vector, then exactly symmetric. */
  public static MethodSpec hessian(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function hessianVector = made.get(Kind.HESSIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(hessianVector, m);
    List<Variable> userParams =
        hessianVector.params().subList(0, hessianVector.params().size() - 3);
    String vectors = Kind.HESSIAN_VECTORS.methodName(m.name());
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    // Lambda parameters may not shadow the method's.
    String v = fresh("vs", taken);
    String grad = fresh("grad", taken);
    String hv = fresh("hvs", taken);
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
                + " #$L}, $L unit vectors\nper sweep; each entry is then averaged with its mirror"
                + " image, so the result is exactly symmetric.\n\n",
            vectors,
            HESSIAN_CHUNK)
        .addJavadoc("@return the Hessian, $L by $L\n", inText(length), inText(length))
        .returns(double[][].class)
        .addCode(
            CodeBlock.builder()
                .add("return $T.hessianOfGeneratedSweeps($L, $L,\n", DENSE, length, HESSIAN_CHUNK)
                .indent()
                .indent()
                .add(
                    "($L, $L, $L) -> $L($L$L$L, $L, $L));\n",
                    v,
                    grad,
                    hv,
                    vectors,
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
  static final ClassName LANES = ClassName.get("dev.adjoint.runtime", "Lanes");
}
