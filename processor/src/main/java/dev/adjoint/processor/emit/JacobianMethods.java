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

  /**
   * {@link Kind#JACOBIAN_VECTORS}: the Jacobian-vector product with its tangents in lanes, or,
   * where the product could not be put in lanes, one {@code mJacobianVector} per direction.
   */
  public static MethodSpec jacobianVectors(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.JACOBIAN_VECTORS);
    Function jacobianVector = made.get(Kind.JACOBIAN_VECTOR);
    NameAllocator names = NameAllocator.forFunction(f == null ? jacobianVector : f, m);
    List<Variable> userParams = jacobianVector.params().subList(0, jacobianVector.params().size() - 2);
    MethodSpec.Builder b;
    String vs;
    String jvs;
    if (f != null) {
      int size = f.params().size();
      vs = names.nameOf(f.params().get(size - 2));
      jvs = names.nameOf(f.params().get(size - 1));
      b = signature(m, f, names);
    } else {
      java.util.Set<String> taken = new java.util.HashSet<>();
      userParams.forEach(p -> taken.add(names.nameOf(p)));
      vs = fresh("vs", taken);
      jvs = fresh("jvs", taken);
      b = MethodSpec.methodBuilder(Kind.JACOBIAN_VECTORS.methodName(m.name())).addModifiers(Modifier.STATIC);
      CompanionWriter.access(b, m);
      for (Variable p : userParams) {
        b.addParameter(parameter(p, names, m));
      }
      b.addParameter(double[][].class, vs).addParameter(double[][].class, jvs);
    }
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    b.addJavadoc(summary(Kind.JACOBIAN_VECTORS, m, owner));
    if (f != null) {
      b.addJavadoc(
          "<p>Each tangent has one lane per direction: {@code xDot[l]} is the tangent of {@code x}"
              + " along\n{@code $L[l]}, and the tangents of an array element {@code a[i]} are"
              + " {@code aDot[i * k + l]}. The\nvalues, branches and loops are computed once for"
              + " all directions.\n\n",
          vs);
    } else {
      b.addJavadoc(
          "<p>One {@link #$L} per direction: this method's product is not computed in lanes.\n\n",
          jacobianVector.name());
    }
    b.addJavadoc("@param $L the directions, each with one element for each of $L\n", vs, wrtList(m))
        .addJavadoc(
            "@param $L receives the Jacobian times {@code $L[j]} in row {@code j}, one element per"
                + " output, for each\n    direction (overwritten)\n",
            jvs,
            vs)
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} has fewer rows than {@code $L}, a row"
                + " of {@code $L} is\n    shorter than $L, or a row of {@code $L} than the output\n",
            jvs,
            vs,
            vs,
            inText(n),
            jvs)
        .returns(double[].class)
        .addStatement("$T.requireDirections($L, $L, $L, $S)", SecondOrderMethods.LANES, vs, jvs, n, jvs);
    if (f != null) {
      return b.addCode(new BodyPrinter(names).print(f.body())).build();
    }
    String args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
    String sep = args.isEmpty() ? "" : ", ";
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    taken.addAll(List.of(vs, jvs));
    String l = fresh("l", taken);
    String directions = fresh("directions", taken);
    CodeBlock original = originalCall(m, owner, userParams, names);
    return b.beginControlFlow("if ($L.length == 0)", vs)
        .addStatement("return $L", original)
        .endControlFlow()
        .addComment("products written over their directions would change them before they are read")
        .addStatement("double[][] $L = $T.apartFrom($L, null, $L)", directions, SecondOrderMethods.LANES, vs, jvs)
        .beginControlFlow("for (int $L = 1; $L < $L.length; $L++)", l, l, vs, l)
        .addStatement("$L($L$L$L[$L], $L[$L])", jacobianVector.name(), args, sep, directions, l, jvs, l)
        .endControlFlow()
        .addComment("the first last, for the value returned")
        .addStatement(
            "return $L($L$L$L[0], $L[0])", jacobianVector.name(), args, sep, directions, jvs)
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

  /**
   * The dense Jacobian: a reverse product per output, or forward sweeps of chunks of unit
   * directions through {@code mJacobianVectors}, as {@code DenseDerivatives.byRows} decides.
   */
  public static MethodSpec jacobian(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function jacobianVector = made.get(Kind.JACOBIAN_VECTOR);
    String vectors = Kind.JACOBIAN_VECTORS.methodName(m.name());
    Function vectorJacobian = made.get(Kind.VECTOR_JACOBIAN);
    NameAllocator names = NameAllocator.forFunction(jacobianVector, m);
    List<Variable> allParams = jacobianVector.params();
    List<Variable> userParams = allParams.subList(0, allParams.size() - 2);
    java.util.Set<String> taken = new java.util.HashSet<>();
    userParams.forEach(p -> taken.add(names.nameOf(p)));
    // Lambda parameters may not shadow the method's.
    String u = fresh("u", taken);
    String vj = fresh("vj", taken);
    String v = fresh("vs", taken);
    String jv = fresh("jvs", taken);
    MethodSpec.Builder b =
        MethodSpec.methodBuilder(Kind.JACOBIAN.methodName(m.name())).addModifiers(Modifier.STATIC);
    CompanionWriter.access(b, m);
    for (Variable p : userParams) {
      b.addParameter(parameter(p, names, m));
    }
    String args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
    String sep = args.isEmpty() ? "" : ", ";
    CodeBlock original = originalCall(m, owner, userParams, names);
    CodeBlock length = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    return b.addJavadoc(summary(Kind.JACOBIAN, m, owner))
        .addJavadoc(
            "<p>Row {@code i} holds the derivatives of output {@code i}: one {@link #$L} per output"
                + " when there are at\nmost 4 outputs per $L inputs, else {@link #$L} along $L"
                + " unit vectors per sweep. The original is\ncalled once for the number of"
                + " outputs.\n\n",
            vectorJacobian.name(),
            JACOBIAN_CHUNK,
            vectors,
            JACOBIAN_CHUNK)
        .addJavadoc("@return the Jacobian, one row per output and $L columns\n", inText(length))
        .returns(double[][].class)
        .addCode(
            CodeBlock.builder()
                .add("return $T.jacobian(\n", SecondOrderMethods.DENSE)
                .indent()
                .indent()
                .add("$L.length,\n", original)
                .add("$L, $L,\n", length, JACOBIAN_CHUNK)
                .add("($L, $L) -> $L($L$L$L, $L),\n", u, vj, vectorJacobian.name(), args, sep, u, vj)
                .add("($L, $L) -> $L($L$L$L, $L));\n", v, jv, vectors, args, sep, v, jv)
                .unindent()
                .unindent()
                .build())
        .build();
  }

  /**
   * Unit directions per forward sweep of the dense Jacobian. Measured with {@code
   * benchmarks/JacobianChunks} (time relative to one reverse product per row, chunks of
   * 32/16/8/4): 1000 residuals over 50 parameters 0.01 for each, 50 outputs over 1000 inputs
   * 13.7/15.4/20.0/26.5, softmax over 20 1.03/0.95/0.54/0.61, a matrix times a vector (110 inputs)
   * 21.3/7.3/7.6/9.5: 16 is best or close where the forward way is taken, as for the Hessian.
   */
  static final int JACOBIAN_CHUNK = 16;

  /** A call of the original {@code m} with the generated method's {@code userParams}. */
  static CodeBlock originalCall(
      MethodInfo m, ClassName owner, List<Variable> userParams, NameAllocator names) {
    List<String> originalArgs =
        (m.receiver() == null ? userParams : userParams.subList(1, userParams.size()))
            .stream().map(names::nameOf).toList();
    return m.receiver() == null
        ? CodeBlock.of("$L.$L($L)", ownerName(m, owner), m.name(), String.join(", ", originalArgs))
        : CodeBlock.of(
            "$L.$L($L)", names.nameOf(m.receiver()), m.name(), String.join(", ", originalArgs));
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
