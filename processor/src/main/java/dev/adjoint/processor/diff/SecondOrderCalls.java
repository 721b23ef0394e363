package dev.adjoint.processor.diff;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;

/**
 * A Hessian-vector product calls the Hessian-vector product of every callee a derivative flows
 * through. A callee with first derivatives only (a {@code @GradientOf} method, or
 * {@code @Differentiable(order = 1)}) has none: that is an error on the call's line, never a Hessian
 * that leaves the callee's curvature out.
 */
public final class SecondOrderCalls {
  private SecondOrderCalls() {}

  /** Whether every active call in {@code source} has second derivatives; reports those that do not. */
  public static boolean check(
      Function source, List<Variable> wrt, String name, Element method, Reporter reporter) {
    int before = reporter.errorCount();
    Function prepared;
    try {
      // Once calls are prepared, a call where no derivative flows (a condition) is data.
      prepared = CallSites.prepare(source, wrt);
    } catch (NotDifferentiable e) {
      return true; // reported where the derivatives are made
    }
    new SecondOrderCalls.Walk(prepared, Activity.of(prepared.body(), wrt), name, method, reporter)
        .block(prepared.body(), null);
    return reporter.errorCount() == before;
  }

  private record Walk(
      Function source,
      Activity activity,
      String name,
      Element method,
      Reporter reporter,
      Set<String> reported) {
    Walk(Function source, Activity activity, String name, Element method, Reporter reporter) {
      this(source, activity, name, method, reporter, new HashSet<>());
    }

    /** Walks a block; {@code enclosing} is the innermost statement around it that has a source note. */
    void block(List<Stmt> block, SourceNote enclosing) {
      for (Stmt s : block) {
        SourceNote note = source.noteOf(s) != null ? source.noteOf(s) : enclosing;
        VectorCallSite site = VectorCallSite.of(s);
        if (site != null
            && site.isActive(activity)
            && site.callee().derivatives() instanceof Callee.Generated g
            && !g.secondOrder()
            && reported.add((note == null ? "?" : note.line()) + ":" + site.callee().name())) {
          // A vector callee's second derivatives are its gVectorHessianVector.
          report(site.callee(), note);
        }
        for (Expr e : Stmts.ownExpressions(s)) {
          Exprs.forEachNode(
              e,
              n -> {
                if (n instanceof Expr.DiffCall c
                    && !c.callee().hasSecondOrder()
                    && activity.isActive(c)
                    // Once per callee and source line: preparing calls splits a statement up.
                    && reported.add((note == null ? "?" : note.line()) + ":" + c.name())) {
                  report(c.callee(), note);
                }
              });
        }
        for (List<Stmt> inner : Stmts.blocks(s)) {
          block(inner, note);
        }
      }
    }

    private void report(Callee c, SourceNote note) {
      String why =
          c.derivatives() instanceof Callee.Custom custom
              ? "has only a first derivative, its @GradientOf method "
                  + custom.gradient()
                  + ": give it a @HessianVectorOf method too"
              : "is @Differentiable(order = 1): remove order = 1 there";
      if (note != null && note.origin() instanceof com.sun.source.tree.Tree tree) {
        reporter.error(tree, Message.NO_SECOND_ORDER, name, c.name(), why, name);
      } else {
        reporter.error(method, Message.NO_SECOND_ORDER, name, c.name(), why, name);
      }
    }
  }
}
