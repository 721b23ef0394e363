package dev.adjoint.processor;

import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry says what each kind is, and the transform bound to it makes exactly that: the
 * kind's name, the original's parameters followed by the kind's own, and an emitter for every kind.
 */
class KindsTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Variable.Role.PARAMETER);
  private final Variable k = new Variable("k", Type.INT, Variable.Role.PARAMETER);

  @Test
  void everyTransformMakesTheParametersItsKindDeclares() {
    Function scalar =
        new Function(
            "f", List.of(x, k), Type.DOUBLE, List.of(new Stmt.Return(mul(ref(x), ref(x)))), Map.of());
    Variable out = new Variable("out", Type.DOUBLE_ARRAY, Variable.Role.LOCAL);
    Function vector =
        new Function(
            "g",
            List.of(x, k),
            Type.DOUBLE_ARRAY,
            List.of(
                new Stmt.Assign(out, new Expr.NewDoubleArray(1), true),
                new Stmt.ArrayStore(out, new Expr.IntLit(0, Type.INT), mul(ref(x), ref(x))),
                new Stmt.Return(ref(out))),
            Map.of());
    int checked = 0;
    for (Kind kind : Kind.values()) {
      assertNotNull(Kinds.emitters().get(kind), kind + " has no emitter");
      Kinds.Transform transform = Kinds.transform(kind);
      if (transform == null) {
        continue;
      }
      Function source = kind.appliesTo(true, 2) ? vector : scalar;
      Function made =
          transform.make(new Identity(source, List.of(x)), kind.methodName(source.name()));
      assertEquals(kind.methodName(source.name()), made.name(), kind.toString());
      List<String> expected = new ArrayList<>(List.of("x:double", "k:int"));
      kind.extras().forEach(e -> expected.add(e.name() + ":" + e.javaName()));
      if (kind == Kind.SPARSITY) {
        // The tracer first, then the parameters with the differentiated ones as handles.
        expected.clear();
        expected.addAll(List.of("tracer:Object", "xSet:int", "k:int"));
      } else if (kind == Kind.HESSIAN_PATTERN || kind == Kind.HESSIAN_EDGES) {
        // The tracer (or the edges) first, then the parameters as they are.
        expected.clear();
        expected.addAll(
            List.of(kind == Kind.HESSIAN_EDGES ? "edges:Object" : "tracer:Object", "x:double", "k:int"));
      }
      List<String> actual = new ArrayList<>();
      made.params().forEach(p -> actual.add(p.baseName() + ":" + p.type().javaName()));
      assertEquals(expected, actual, kind + "'s parameters");
      checked++;
    }
    assertEquals(11, checked, "kinds made by a transform");
  }

  @Test
  void namesFollowTheOriginal() {
    assertEquals("fGradient", Kind.GRADIENT.methodName("f"));
    assertEquals("fGradient", Kind.NEW_GRADIENT.methodName("f"));
    assertEquals("fHessianVectorGenerated", Kind.HESSIAN_VECTOR.generatedName("f"));
    assertEquals("verifyFDerivative", Kind.DERIVATIVE.verifyName("f"));
    assertEquals(Kind.HESSIAN_VECTOR, Kind.handOptimised("HESSIAN_VECTOR"));
    assertEquals(null, Kind.handOptimised("HESSIAN"));
  }

  /** The stages around a transform, doing nothing. */
  private record Identity(Function source, List<Variable> wrt) implements Kinds.Sources {
    @Override
    public Function raw(Function f) {
      return f;
    }

    @Override
    public Function fused(Function gradient) {
      return gradient;
    }

    @Override
    public Function emitted(Function f) {
      return f;
    }

    @Override
    public Function emitted(Function f, java.util.function.UnaryOperator<Function> lastStep) {
      return lastStep.apply(f);
    }
  }
}
