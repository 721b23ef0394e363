package dev.adjoint.processor;

import com.sun.source.util.Trees;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.HessianRouteChecks;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.emit.CompanionWriter.Derivatives;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmts;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Calls between the methods of one compilation: a method whose derivative calls the companion of a
 * method that failed would leave generated code that does not compile, so it is reported instead.
 */
final class CallGraph {
  private CallGraph() {}

  /**
   * A method whose derivatives were made.
   *
   * @param callees the differentiable methods whose generated derivatives (or, for a private one,
   *     whose gradient computing its value) its derivatives may call
   * @param recordingCallees those whose recordings for edge pushing ({@code mHessianEdges}) its
   *     own recording calls (none where it has no recording)
   */
  record Done(
      ExecutableElement method,
      Derivatives derivatives,
      Set<MethodRef> callees,
      Set<MethodRef> recordingCallees) {}

  /** A differentiable method, by its class and name (overloads fail together). */
  record MethodRef(ClassRef owner, String name) {
    static MethodRef of(ExecutableElement method) {
      return new MethodRef(
          dev.adjoint.processor.check.Support.classRef((TypeElement) method.getEnclosingElement()),
          method.getSimpleName().toString());
    }
  }

  /**
   * The methods with generated derivatives that {@code source}, a method as read, calls: its
   * derivatives call their derivatives, and the value of a private one through its gradient.
   */
  static Set<MethodRef> generatedCallees(Function source) {
    Set<MethodRef> out = new HashSet<>();
    Stmts.forEach(
        source.body(),
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.DiffCall c
                      && c.callee().derivatives() instanceof Callee.Generated) {
                    out.add(new MethodRef(c.owner(), c.name()));
                  }
                  if (n instanceof Expr.Call c
                      && c.target() instanceof dev.adjoint.processor.ir.CallTarget.VectorCall v) {
                    // A vector callee called through its companion's Jacobian products.
                    out.add(new MethodRef(v.callee().owner(), v.callee().name()));
                  }
                });
          }
        });
    return Set.copyOf(out);
  }

  /**
   * Takes, transitively, the recording for edge pushing ({@code mHessianEdges}) away from every
   * method whose recording calls the recording of a method that has none (refused, or failed):
   * its sparse Hessian then has the colouring route only, and its Javadoc says why. A method that
   * forces the edge route ({@code @Differentiable(hessian = EDGE_PUSHING)}) fails instead, with
   * the callee's reason on its annotation. Overloads count as one method, as everywhere here.
   */
  static void dropRecordingsCallingUnrecorded(
      Map<TypeElement, List<Done>> done, Set<MethodRef> failed, Trees trees, Messager messager) {
    Map<MethodRef, String> unrecorded = new java.util.HashMap<>();
    failed.forEach(f -> unrecorded.put(f, "it has errors of its own"));
    for (List<Done> ok : done.values()) {
      for (Done d : ok) {
        if (!d.derivatives().made().containsKey(Kind.HESSIAN_EDGES)) {
          String why = d.derivatives().method().noEdgeRoute();
          unrecorded.putIfAbsent(
              MethodRef.of(d.method()), why == null ? "it has no recording of its kind" : why);
        }
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (List<Done> ok : done.values()) {
        for (java.util.ListIterator<Done> it = ok.listIterator(); it.hasNext(); ) {
          Done d = it.next();
          if (!d.derivatives().made().containsKey(Kind.HESSIAN_EDGES)) {
            continue;
          }
          MethodRef callee =
              d.recordingCallees().stream()
                  .filter(unrecorded::containsKey)
                  .sorted(java.util.Comparator.comparing(MethodRef::name))
                  .findFirst()
                  .orElse(null);
          if (callee == null) {
            continue;
          }
          String why =
              "it calls " + callee.name() + ", whose own recording is not made: " + unrecorded.get(callee);
          unrecorded.put(MethodRef.of(d.method()), why);
          changed = true;
          Derivatives without = withoutRecording(d.derivatives(), why);
          Support.HessianRouteValue route = Support.hessianRoute(d.method());
          Reporter reporter =
              new Reporter(messager, trees, trees.getPath(d.method()).getCompilationUnit());
          if (HessianRouteChecks.check(d.method(), route, true, why, reporter)) {
            it.set(new Done(d.method(), without, d.callees(), Set.of()));
          } else {
            it.remove();
            failed.add(MethodRef.of(d.method()));
          }
        }
      }
    }
  }

  private static Derivatives withoutRecording(Derivatives d, String why) {
    Map<Kind, dev.adjoint.processor.ir.Function> made = new java.util.EnumMap<>(Kind.class);
    made.putAll(d.made());
    made.remove(Kind.HESSIAN_EDGES);
    return new Derivatives(
        d.method().withHessianRoute(d.method().hessianRoute(), why), d.kinds(), made, d.hand());
  }

  /**
   * Removes, transitively, every method whose derivative calls a failed one, with an error: at
   * each call that needs the derivative of a failed implicit method, or on the method when the
   * failed one is annotated (its own errors say why).
   */
  static void dropCallersOfFailed(
      Map<TypeElement, List<Done>> done,
      Set<MethodRef> failed,
      Differentiables differentiables,
      Trees trees,
      Messager messager) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<TypeElement, List<Done>> entry : done.entrySet()) {
        for (Iterator<Done> it = entry.getValue().iterator(); it.hasNext(); ) {
          Done next = it.next();
          MethodRef callee =
              next.callees().stream().filter(failed::contains).findFirst().orElse(null);
          if (callee == null) {
            continue;
          }
          if (!reportAtCallSites(next.method(), failed, differentiables, trees, messager)) {
            messager.printMessage(
                Diagnostic.Kind.ERROR,
                Message.CALL_DIFFERENTIABLE.format(
                    callee.name() + "(...)", "it has errors of its own, reported above"),
                next.method());
          }
          failed.add(MethodRef.of(next.method()));
          it.remove();
          changed = true;
        }
      }
    }
  }

  /**
   * Reports each call in {@code caller} that needs the derivative of a failed implicit method;
   * whether there was one.
   */
  private static boolean reportAtCallSites(
      ExecutableElement caller,
      Set<MethodRef> failed,
      Differentiables differentiables,
      Trees trees,
      Messager messager) {
    boolean reported = false;
    for (Differentiables.Implicit implicit : differentiables.implicit()) {
      if (!failed.contains(MethodRef.of(implicit.method()))) {
        continue;
      }
      for (Differentiables.CallSite site : implicit.sites()) {
        if (site.caller().equals(caller)) {
          new Reporter(messager, trees, site.call().getCompilationUnit())
              .error(
                  site.call().getLeaf(),
                  Message.IMPLICIT_CALLEE_FAILED,
                  implicit.method().getEnclosingElement().getSimpleName()
                      + "."
                      + implicit.method().getSimpleName()
                      + "(...)");
          reported = true;
        }
      }
    }
    return reported;
  }
}
