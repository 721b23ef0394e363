package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A local array declared from a call of a helper returning {@code double[]} ({@link
 * InlinedCalls}): accepted when the call is inlined, its arguments checked as any call's and the
 * helper's body checked as if written in its place, its errors at its own lines and one at the
 * call (ADJ084); a call that cannot be inlined is refused with what would make it work (ADJ038).
 */
final class InlineChecks {
  /**
   * Where a walk is among inlined helpers.
   *
   * @param chain the method walked first, then each helper inlined into it down to this walk's
   * @param inLoop whether this walk's body runs once per iteration of a loop of a caller
   * @param checked for each helper body checked so far in this method, by helper, chain, active
   *     parameters and whether in a loop, whether it was clean: each is checked once
   */
  record Context(List<ExecutableElement> chain, boolean inLoop, Map<List<Object>, Boolean> checked) {
    static Context of(ExecutableElement method) {
      List<ExecutableElement> chain = new ArrayList<>();
      if (method != null) {
        chain.add(method);
      }
      return new Context(chain, false, new HashMap<>());
    }

    Context into(ExecutableElement callee, boolean callInLoop) {
      List<ExecutableElement> longer = new ArrayList<>(chain);
      longer.add(callee);
      return new Context(longer, inLoop || callInLoop, checked);
    }
  }

  private final FenceWalk walk;
  private final Reporter reporter;

  InlineChecks(FenceWalk walk) {
    this.walk = walk;
    this.reporter = walk.reporter;
  }

  /** The declaration whose initializer, a call returning {@code double[]}, is being checked. */
  private VariableTree declaration;

  /**
   * The declaration {@code node} of a local array initialized by {@code call}, which returns
   * {@code double[]}: checks the call where it is, so that its arguments' paths pass through it.
   */
  void declaring(VariableTree node, MethodInvocationTree call) {
    VariableTree outer = declaration;
    declaration = node;
    try {
      walk.scan(call);
    } finally {
      declaration = outer;
    }
  }

  /** Whether {@code call} is the initializer of the declaration being checked. */
  boolean isDeclaring(MethodInvocationTree call) {
    return declaration != null && declaration.getInitializer() == call;
  }

  /**
   * The call at the walk's path, initializing {@link #declaration} and returning {@code
   * double[]}: reports what keeps it from being read in place, if anything. False for a call
   * through the callee's companion, which the caller checks as any differentiable call.
   */
  boolean declaredFromCall() {
    VariableTree node = declaration;
    declaration = null;
    TreePath callPath = walk.path();
    MethodInvocationTree call = (MethodInvocationTree) callPath.getLeaf();
    InlinedCalls.Decision decision =
        InlinedCalls.of(callPath, walk.trees, walk.receiverClass, walk.inlining.chain());
    if (decision.throughCompanion()) {
      return false;
    }
    if (decision.inlined() == null) {
      reporter.error(node, Message.ARRAY, notInlined(call, decision.whyNot()));
      return true;
    }
    for (ExpressionTree arg : call.getArguments()) {
      TypeMirror argType = walk.trees.getTypeMirror(new TreePath(callPath, arg));
      if (argType != null && argType.getKind() == TypeKind.ARRAY) {
        String field = nonFinalField(new TreePath(callPath, arg));
        if (field != null && walk.runsPerIteration()) {
          // The reader holds such an array in a local array, which a loop's backward sweep does
          // not restore for each iteration.
          reporter.error(
              arg,
              Message.ARRAY,
              "passing the array of the field "
                  + field
                  + ", which is not final, to "
                  + FenceWalk.oneLine(call.getMethodSelect())
                  + "(...), read in place inside a loop (make the field final)");
        }
        walk.arrays.argument(arg);
      } else {
        walk.scan(arg);
      }
    }
    InlinedCalls.Inlined inlined = decision.inlined();
    ExecutableElement callee = inlined.callee();
    List<VariableElement> activeParameters =
        inlined.activeParameters(callPath, walk.calls.possiblyActive(), walk.trees);
    // Where it is read decides what its body may do: the helpers around it, what carries a
    // derivative into it, whether its arrays are made per iteration.
    List<Object> key =
        List.of(callee, walk.inlining.chain(), activeParameters, walk.runsPerIteration());
    Boolean clean = walk.inlining.checked().get(key);
    if (clean == null) {
      clean = bodyIsClean(inlined, activeParameters);
      walk.inlining.checked().put(key, clean);
    }
    if (!clean) {
      reporter.error(
          call,
          Message.INLINED_CALLEE_FAILED,
          callee.getEnclosingElement().getSimpleName() + "." + callee.getSimpleName() + "(...)");
    }
    return true;
  }

  /** The name of the field that is not final whose array (or row) {@code arg} is; else null. */
  private String nonFinalField(TreePath arg) {
    ExpressionTree e = (ExpressionTree) arg.getLeaf();
    while (e instanceof com.sun.source.tree.ParenthesizedTree p) {
      e = p.getExpression();
    }
    TreePath at = new TreePath(arg.getParentPath(), e);
    if (e instanceof com.sun.source.tree.ArrayAccessTree row) {
      return nonFinalField(new TreePath(at, row.getExpression()));
    }
    Element element = walk.trees.getElement(at);
    return element != null
            && element.getKind() == javax.lang.model.element.ElementKind.FIELD
            && !element.getModifiers().contains(Modifier.FINAL)
        ? element.getSimpleName().toString()
        : null;
  }

  /** Checks the helper's body as its caller's statements; whether it had no errors. */
  private boolean bodyIsClean(
      InlinedCalls.Inlined inlined, List<VariableElement> activeParameters) {
    int before = reporter.errorCount();
    ExecutableElement callee = inlined.callee();
    Set<Element> active = PossiblyActive.of(inlined.body(), walk.trees, activeParameters);
    new FenceWalk(
            walk.trees,
            walk.elements,
            reporter.in(inlined.body().getCompilationUnit()),
            walk.companionPackage,
            callee.getModifiers().contains(Modifier.STATIC) ? null : walk.receiverClass,
            active,
            true,
            walk.differentiables,
            walk.inlining.into(callee, walk.inLoop()))
        .walk(inlined.body());
    return reporter.errorCount() == before;
  }

  /** What to say of a call returning {@code double[]} that cannot be read in place. */
  static String notInlined(MethodInvocationTree call, String why) {
    return "using the double[] that "
        + FenceWalk.oneLine(call)
        + " returns, which cannot be read in place of the call: "
        + why
        + " (Adjoint reads a helper returning double[] into its caller when its result declares"
        + " a local, double[] name = helper(...), the helper is in the caller's class, static or"
        + " called on this, or a static method of another class reading no private state, returns one of its local arrays by name in its last statement only,"
        + " and assigns none of its parameters; or annotate it @Differentiable, and its"
        + " companion's Jacobian products are called instead; or compute each component you need"
        + " with a method returning double)";
  }
}
