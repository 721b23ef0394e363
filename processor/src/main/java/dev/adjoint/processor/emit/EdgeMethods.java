package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import java.util.Map;

/**
 * Writes {@link Kind#HESSIAN_EDGES}, the forward run recording each statement's partials for edge
 * pushing, where the transform made one (else nothing: the sparse Hessian has the colouring route
 * only).
 */
public final class EdgeMethods {
  private EdgeMethods() {}

  /** {@link Kind#HESSIAN_EDGES}, or null where it was not made. */
  public static MethodSpec hessianEdges(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.HESSIAN_EDGES);
    if (f == null) {
      return null;
    }
    throw new IllegalStateException("mHessianEdges is not written yet");
  }
}
