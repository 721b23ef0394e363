package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Variable;
import java.util.List;

/**
 * The kind {@code mHessianEdges}: the method run forward as written, recording in an {@code
 * EdgePushing} each write of an active double with its first and second partials, for edge
 * pushing's reverse sweep to fill a sparse Hessian.
 */
public final class EdgeTaping {
  private EdgeTaping() {}

  /** The recording method for {@code source}, or null where it is not made (not yet: none). */
  public static Function tape(Function source, List<Variable> wrt, String name) {
    return null;
  }
}
