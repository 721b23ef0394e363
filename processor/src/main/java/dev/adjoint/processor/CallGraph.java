package dev.adjoint.processor;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.emit.CompanionWriter.Derivatives;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmts;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Calls between the methods of one compilation: a method whose derivative calls the companion of a
 * method that failed would leave generated code that does not compile, so it is reported instead.
 */
final class CallGraph {
  private CallGraph() {}

  /** A method whose derivatives were made. */
  record Done(javax.lang.model.element.ExecutableElement method, Derivatives derivatives) {}

  /** A differentiable method, by its class and name (overloads fail together). */
  record MethodRef(ClassRef owner, String name) {}

  /** Removes, transitively, every method whose derivative calls a failed one, with an error. */
  static void dropCallersOfFailed(
      Map<TypeElement, List<Done>> done, Set<MethodRef> failed, Messager messager) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<TypeElement, List<Done>> entry : done.entrySet()) {
        ClassRef owner = dev.adjoint.processor.check.Support.classRef(entry.getKey());
        for (Iterator<Done> it = entry.getValue().iterator(); it.hasNext(); ) {
          Done next = it.next();
          Derivatives d = next.derivatives();
          MethodRef callee = null;
          for (Function f : d.made().values()) {
            callee = callee != null ? callee : failedCallee(f, failed);
          }
          if (callee != null) {
            messager.printMessage(
                Diagnostic.Kind.ERROR,
                Message.CALL_DIFFERENTIABLE.format(
                    callee.name() + "(...)",
                    "it has errors of its own, reported above"),
                next.method());
            failed.add(new MethodRef(owner, d.method().name()));
            it.remove();
            changed = true;
          }
        }
      }
    }
  }

  private static MethodRef failedCallee(Function f, Set<MethodRef> failed) {
    MethodRef[] found = {null};
    Stmts.forEach(
        f.body(),
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.DiffCall c
                      && c.callee().derivatives() instanceof Callee.Generated) {
                    MethodRef k = new MethodRef(c.owner(), c.name());
                    if (failed.contains(k)) {
                      found[0] = k;
                    }
                  }
                });
          }
        });
    return found[0];
  }
}
