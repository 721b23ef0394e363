package dev.adjoint.processor;

import dev.adjoint.processor.diff.EdgeTaping;
import dev.adjoint.processor.diff.ForwardMode;
import dev.adjoint.processor.diff.LaneLifting;
import dev.adjoint.processor.diff.ReverseMode;
import dev.adjoint.processor.diff.SparsityTracing;
import dev.adjoint.processor.diff.WrittenPatterns;
import dev.adjoint.processor.emit.CompanionWriter;
import dev.adjoint.processor.emit.EdgeMethods;
import dev.adjoint.processor.emit.Emitter;
import dev.adjoint.processor.emit.JacobianMethods;
import dev.adjoint.processor.emit.PatternMethods;
import dev.adjoint.processor.emit.SecondOrderMethods;
import dev.adjoint.processor.emit.SparseMethods;
import dev.adjoint.processor.emit.SparsityMethods;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Binds each generated {@link Kind} to the transform that computes its IR (none for a kind that is
 * assembled from others, such as the dense Hessian) and the emitter that writes it. A new kind is a
 * constant of {@link Kind}, a line here, and its transform and emitter.
 */
final class Kinds {
  /** What a transform works from: one method's IR as read, and the stages around a transform. */
  interface Sources {
    Function source();

    List<Variable> wrt();

    /** The loop the gradient checkpoints ({@code @Checkpointed}), or null. */
    default dev.adjoint.processor.ir.Checkpointing checkpointing() {
      return null;
    }

    /** Records what a differentiator produced, before simplification. */
    Function raw(Function f);

    /** A gradient simplified, with the sweeps of the loops that allow it fused. */
    Function fused(Function gradient);

    /** A generated method simplified, with its arrays from the workspace. */
    Function emitted(Function f);

    /**
     * A generated method simplified, then rewritten by {@code lastStep} (declarations placed),
     * with its arrays from the workspace.
     */
    Function emitted(Function f, java.util.function.UnaryOperator<Function> lastStep);

    /** A generated method not simplified (its calls record as they run), declarations placed. */
    default Function placed(Function f) {
      return raw(dev.adjoint.processor.simplify.Simplifier.place(f));
    }
  }

  /** Computes the IR of one kind, or null where the emitter writes it from other kinds. */
  @FunctionalInterface
  interface Transform {
    Function make(Sources s, String name);
  }

  private record Binding(Transform transform, Emitter emitter) {}

  private static final Map<Kind, Binding> BINDINGS = new EnumMap<>(Kind.class);

  static {
    bind(
        Kind.GRADIENT,
        (s, name) ->
            s.emitted(
                s.fused(
                    s.raw(ReverseMode.gradient(s.source(), s.wrt(), name, s.checkpointing())))),
        CompanionWriter::gradient);
    bind(Kind.NEW_GRADIENT, null, CompanionWriter::allocatingGradient);
    bind(
        Kind.DERIVATIVE,
        (s, name) -> s.emitted(s.raw(ForwardMode.derivative(s.source(), s.wrt(), name))),
        CompanionWriter::derivative);
    bind(
        Kind.HESSIAN_VECTOR,
        // Forward mode over the gradient's simplified IR.
        (s, name) -> {
          Function gradient =
              s.fused(
                  ReverseMode.gradientForSecondOrder(
                      s.source(), s.wrt(), Kind.GRADIENT.methodName(s.source().name())));
          return s.emitted(s.raw(ForwardMode.hessianVector(gradient, s.wrt(), name)));
        },
        SecondOrderMethods::hessianVector);
    bind(
        Kind.HESSIAN_VECTORS,
        // The Hessian-vector product with its tangents in lanes; none where lanes are refused,
        // and the emitter makes one product per direction.
        (s, name) -> {
          Function gradient =
              s.fused(
                  ReverseMode.gradientForSecondOrder(
                      s.source(), s.wrt(), Kind.GRADIENT.methodName(s.source().name())));
          Function product =
              ForwardMode.hessianVector(
                  gradient, s.wrt(), Kind.HESSIAN_VECTOR.methodName(s.source().name()));
          try {
            return s.emitted(product, f -> LaneLifting.lift(f, s.wrt(), name));
          } catch (LaneLifting.Refused e) {
            return null;
          }
        },
        SecondOrderMethods::hessianVectors);
    bind(Kind.HESSIAN, null, SecondOrderMethods::hessian);
    bind(Kind.NEW_HESSIAN_SPARSE, null, SparseMethods::newHessianSparse);
    bind(Kind.HESSIAN_SPARSE, null, SparseMethods::hessianSparse);
    bind(
        Kind.JACOBIAN_VECTOR,
        (s, name) -> s.emitted(s.raw(ForwardMode.jacobianVector(s.source(), s.wrt(), name))),
        JacobianMethods::jacobianVector);
    bind(
        Kind.JACOBIAN_VECTORS,
        // The Jacobian-vector product with its tangents in lanes; none where lanes are refused,
        // and the emitter makes one product per direction.
        (s, name) -> {
          Function product =
              ForwardMode.jacobianVector(
                  s.source(), s.wrt(), Kind.JACOBIAN_VECTOR.methodName(s.source().name()));
          try {
            return s.emitted(product, f -> LaneLifting.liftJacobianVector(f, s.wrt(), name));
          } catch (LaneLifting.Refused e) {
            return null;
          }
        },
        JacobianMethods::jacobianVectors);
    bind(
        Kind.VECTOR_JACOBIAN,
        (s, name) ->
            s.emitted(
                s.fused(
                    s.raw(ReverseMode.gradient(s.source(), s.wrt(), name, s.checkpointing())))),
        JacobianMethods::vectorJacobian);
    bind(
        Kind.VECTOR_HESSIAN_VECTOR,
        // Forward mode over the vector-Jacobian product's simplified IR, as for HESSIAN_VECTOR.
        (s, name) -> {
          Function vectorJacobian =
              s.fused(
                  ReverseMode.gradientForSecondOrder(
                      s.source(), s.wrt(), Kind.VECTOR_JACOBIAN.methodName(s.source().name())));
          return s.emitted(s.raw(ForwardMode.hessianVector(vectorJacobian, s.wrt(), name, "uhv")));
        },
        JacobianMethods::vectorHessianVector);
    bind(Kind.JACOBIAN, null, JacobianMethods::jacobian);
    bind(Kind.NEW_JACOBIAN_SPARSE, null, SparseMethods::newJacobianSparse);
    bind(Kind.JACOBIAN_SPARSE, null, SparseMethods::jacobianSparse);
    bind(
        Kind.SPARSITY,
        // The tracing sweep over the source; none where it is refused, and the emitter writes the
        // dense pattern under the same signature, for callers.
        (s, name) -> {
          try {
            return s.placed(SparsityTracing.trace(s.source(), s.wrt(), name));
          } catch (SparsityTracing.Refused e) {
            return null;
          }
        },
        SparsityMethods::sparsity);
    bind(
        Kind.HESSIAN_PATTERN,
        // Written where the analysis is sure of it; else none, and the sparse Hessian traces.
        (s, name) -> {
          try {
            return WrittenPatterns.write(s.source(), s.wrt(), name, s::placed);
          } catch (WrittenPatterns.Refused e) {
            return null;
          }
        },
        PatternMethods::hessianPattern);
    bind(
        Kind.HESSIAN_EDGES,
        // The forward run recording each statement for edge pushing; none where it is refused,
        // and the sparse Hessian has the colouring route only.
        (s, name) -> {
          try {
            return EdgeTaping.tape(s.source(), s.wrt(), name, s::placed);
          } catch (EdgeTaping.Refused e) {
            // Written with the stages (-Aadjoint.stages), so that why is there to read.
            s.raw(EdgeTaping.refusedStage(name, e));
            return null;
          }
        },
        EdgeMethods::hessianEdges);
    for (Kind k : Kind.values()) {
      if (!BINDINGS.containsKey(k)) {
        throw new IllegalStateException("no emitter for " + k);
      }
    }
  }

  private Kinds() {}

  private static void bind(Kind kind, Transform transform, Emitter emitter) {
    BINDINGS.put(kind, new Binding(transform, emitter));
  }

  /** The transform that computes {@code kind}, or null if it is assembled from other kinds. */
  static Transform transform(Kind kind) {
    return BINDINGS.get(kind).transform();
  }

  /** The emitter of every kind. */
  static Map<Kind, Emitter> emitters() {
    Map<Kind, Emitter> out = new EnumMap<>(Kind.class);
    BINDINGS.forEach((k, b) -> out.put(k, b.emitter()));
    return Collections.unmodifiableMap(out);
  }
}
