package dev.adjoint.processor.emit;

import static dev.adjoint.processor.emit.CompanionWriter.CHECKS;
import static dev.adjoint.processor.emit.CompanionWriter.fresh;
import static dev.adjoint.processor.emit.CompanionWriter.parameter;
import static dev.adjoint.processor.emit.CompanionWriter.signature;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The companion's methods around a user's hand-optimised derivative ({@code @DerivativeOf}): the
 * generated method renamed {@code ...Generated}, the method of the contract's name calling the
 * hand version, and {@code verify...} methods comparing the two.
 */
public final class HandMethods {
  private static final ClassName HAND_DERIVATIVES =
      ClassName.get("dev.adjoint.runtime", "HandDerivatives");

  private HandMethods() {}

  /** The generated method of {@code kind} under the name {@code mKindGenerated}. */
  static Function generated(Kind kind, MethodInfo m, Function f) {
    return new Function(kind.generatedName(m.name()), f.params(), f.returnType(), f.body(), f.notes());
  }

  /** {@code name(P..., arrays)} returning what the hand version returns, after the length checks. */
  static MethodSpec delegate(
      Kind kind,
      MethodInfo m,
      Function f,
      ClassName owner,
      String hand,
      List<AnnotationSpec> annotations) {
    NameAllocator names = NameAllocator.forFunction(f, m);
    MethodSpec.Builder b = signature(m, f, names).addAnnotations(annotations);
    CodeBlock n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    List<Variable> arrays = f.params().subList(userCount(m), f.params().size());
    for (Variable a : arrays) {
      b.addStatement("$T.requireLength($L, $L, $S)", CHECKS, names.nameOf(a), n, names.nameOf(a));
    }
    String args = f.params().stream().map(names::nameOf).collect(Collectors.joining(", "));
    return b.addJavadoc(
            "What {@link #$L} computes, by the hand-optimised {@link $T#$L}: every caller,"
                + " generated derivatives included, gets this one.\n\n",
            kind.generatedName(m.name()),
            owner,
            hand)
        .addJavadoc("<p>{@link #$L} compares the two.\n", kind.verifyName(m.name()))
        .returns(TypeName.DOUBLE)
        .addStatement("return $T.$L($L)", owner, hand, args)
        .build();
  }

  /**
   * {@code verifyName(P..., vectors)}: the hand and generated versions at one point, throwing an
   * {@code AssertionError} that names what differs; and, when every parameter is a differentiated
   * {@code double}, {@code verifyName()} at ten seeded random points.
   */
  static List<MethodSpec> verify(Kind kind, MethodInfo m, Function f, ClassName owner, String hand) {
    NameAllocator names = NameAllocator.forFunction(f, m);
    List<Variable> user = f.params().subList(0, userCount(m));
    Set<String> taken = new HashSet<>();
    user.forEach(p -> taken.add(names.nameOf(p)));
    String n = fresh("n", taken);
    String vector = fresh(kind == Kind.DERIVATIVE ? "direction" : "v", taken);
    String name = kind.verifyName(m.name());
    String generated = kind.generatedName(m.name());
    String what = owner.simpleName() + "." + hand;
    String args = user.stream().map(names::nameOf).collect(Collectors.joining(", "));
    String sep = args.isEmpty() ? "" : ", ";
    MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    CompanionWriter.access(b, m);
    for (Variable p : user) {
      b.addParameter(parameter(p, names, m));
    }
    if (kind != Kind.GRADIENT) {
      b.addParameter(double[].class, vector);
    }
    b.addJavadoc(
        "Compares the hand-optimised {@link $T#$L} with the generated {@link #$L} at one point.\n\n",
        owner,
        hand,
        generated);
    b.addJavadoc("@throws AssertionError naming the values that differ by more than rounding\n");
    b.addStatement("int $L = $L", n, new ExprPrinter(names).print(GradientLayout.length(m.wrt())));
    String handValue = fresh("handValue", taken);
    String generatedValue = fresh("generatedValue", taken);
    switch (kind) {
      case GRADIENT -> {
        String handGrad = fresh("handGrad", taken);
        String generatedGrad = fresh("generatedGrad", taken);
        b.addStatement("double[] $L = new double[$L]", handGrad, n)
            .addStatement("double[] $L = new double[$L]", generatedGrad, n)
            .addStatement("double $L = $T.$L($L$L$L)", handValue, owner, hand, args, sep, handGrad)
            .addStatement(
                "double $L = $L($L$L$L)", generatedValue, generated, args, sep, generatedGrad)
            .addStatement(
                "$T.assertAgree($S, $L, $L, $L, $L)",
                HAND_DERIVATIVES, what, handValue, handGrad, generatedValue, generatedGrad);
      }
      case DERIVATIVE ->
          b.addStatement("double $L = $T.$L($L$L$L)", handValue, owner, hand, args, sep, vector)
              .addStatement(
                  "double $L = $L($L$L$L)", generatedValue, generated, args, sep, vector)
              .addStatement(
                  "$T.assertAgree($S, $L, new double[0], $L, new double[0])",
                  HAND_DERIVATIVES, what, handValue, generatedValue);
      case HESSIAN_VECTOR -> {
        String handGrad = fresh("handGrad", taken);
        String handHv = fresh("handHv", taken);
        String generatedGrad = fresh("generatedGrad", taken);
        String generatedHv = fresh("generatedHv", taken);
        for (String array : List.of(handGrad, handHv, generatedGrad, generatedHv)) {
          b.addStatement("double[] $L = new double[$L]", array, n);
        }
        b.addStatement(
                "double $L = $T.$L($L$L$L, $L, $L)",
                handValue, owner, hand, args, sep, vector, handGrad, handHv)
            .addStatement(
                "double $L = $L($L$L$L, $L, $L)",
                generatedValue, generated, args, sep, vector, generatedGrad, generatedHv)
            .addStatement(
                "$T.assertAgree($S, $L, $L, $L, $L)",
                HAND_DERIVATIVES, what + " (gradient)", handValue, handGrad, generatedValue, generatedGrad)
            .addStatement(
                "$T.assertAgree($S, $L, $L, $L, $L)",
                HAND_DERIVATIVES, what + " (Hessian times v)", handValue, handHv, generatedValue, generatedHv);
      }
      default -> throw new IllegalArgumentException(kind + " has no hand-optimised version");
    }
    List<MethodSpec> out = new ArrayList<>();
    out.add(b.build());
    boolean allDifferentiatedDoubles =
        !user.isEmpty()
            && user.stream().allMatch(p -> p.type() == Type.DOUBLE && m.wrt().contains(p));
    if (allDifferentiatedDoubles) {
      out.add(seeded(m, name, user.size(), kind != Kind.GRADIENT));
    }
    return out;
  }

  /** {@code verifyName()}: ten points (and vectors) of standard normal numbers from seed 0. */
  private static MethodSpec seeded(MethodInfo m, String name, int count, boolean withVector) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    CompanionWriter.access(b, m);
    List<String> draws = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      draws.add("random.nextGaussian()");
    }
    String point = String.join(", ", draws);
    b.addJavadoc("{@link #$L} at ten points drawn from a seeded standard normal distribution.\n\n", name)
        .addJavadoc("@throws AssertionError naming the values that differ by more than rounding\n")
        .addStatement("$T random = new $T(0)", java.util.Random.class, java.util.Random.class)
        .beginControlFlow("for (int k = 0; k < 10; k++)");
    if (withVector) {
      b.addStatement("$L($L, new double[] {$L})", name, point, point);
    } else {
      b.addStatement("$L($L)", name, point);
    }
    return b.endControlFlow().build();
  }

  private static int userCount(MethodInfo m) {
    return m.params().size();
  }
}
