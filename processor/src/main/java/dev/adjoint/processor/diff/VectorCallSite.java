package dev.adjoint.processor.diff;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.CallTarget.VectorCall;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A call of a vector-valued {@code @Differentiable} method through its companion, as the
 * differentiators see it: the statement that copies the callee's value into the caller's array
 * ({@link VectorCall.Product#RESULT}), with the callee and its arguments, which its Jacobian
 * products are called with.
 *
 * @param callee the method called
 * @param args its arguments, each a name, a literal or a row, so every product reads the same
 * @param into the caller's array
 */
record VectorCallSite(Callee callee, List<Expr> args, Variable into) {
  /** The site {@code s} is, or null if it is not the copy of a vector callee's value. */
  static VectorCallSite of(Stmt s) {
    if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target() instanceof VectorCall vc
        && vc.product() == VectorCall.Product.RESULT) {
      return new VectorCallSite(vc.callee(), vc.calleeArgs(c), Activity.arrayOf(c.args().get(1)));
    }
    return null;
  }

  /** The call as a scalar callee's would be: its partials, the products, laid out alike. */
  Expr.DiffCall asDiffCall(Variable partials) {
    return new Expr.DiffCall(callee, args).withGradient(partials);
  }

  /** The number of the callee's differentiated inputs: the length of {@code v} and {@code vj}. */
  Expr inputLength() {
    return CallSites.gradientLength(asDiffCall(null));
  }

  /** {@code gKind(args..., extras...)} as a statement, its returned value unused. */
  Stmt product(VectorCall.Product product, Expr... extras) {
    return new Stmt.Eval(VectorCall.of(callee, product, args, List.of(extras)));
  }

  /**
   * A fresh array as long as the callee's inputs, made just before its use: once where its length
   * never changes, else a buffer grown when it must (a row's length in a loop).
   */
  Stmt inputArray(Variable array) {
    Expr length = inputLength();
    if (CallSites.isStable(length)) {
      return new Stmt.Assign(array, new Expr.NewDoubleArray(length), true);
    }
    return new Stmt.Assign(
        array, RuntimeHelper.AT_LEAST.call(Type.DOUBLE_ARRAY, Exprs.ref(array), length));
  }

  /** A derivative may flow only into a parameter the callee differentiates. */
  void checkArguments(Activity activity, SourceNote note) {
    List<Boolean> wrt = callee.wrt();
    for (int k = 0; k < args.size(); k++) {
      Expr arg = args.get(k);
      if (!wrt.get(k) && (activity.isActive(arg) || activity.isActiveArray(arg))) {
        String parameter = callee.parameters().get(k);
        throw new NotDifferentiable(
            note,
            Message.CALL_ARGUMENT_NOT_WRT,
            note == null ? "?" : Long.toString(note.line()),
            parameter,
            callee.name(),
            parameter);
      }
    }
  }

  /** Whether any argument carries a derivative. */
  boolean isActive(Activity activity) {
    return args.stream().anyMatch(a -> activity.isActive(a) || activity.isActiveArray(a));
  }

  /** The arrays among the arguments, for checks on them. */
  List<Expr> arrayArgs() {
    List<Expr> out = new ArrayList<>();
    args.stream().filter(a -> a.type().isArray()).forEach(out::add);
    return out;
  }
}
