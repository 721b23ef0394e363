package dev.adjoint.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Calls of helpers returning {@code double[]} that are read as the helper's statements in place of
 * the call, {@code double[] eta = linearPredictors(x, beta);}: the helper's parameters stand for
 * the arguments, and the local array it returns is the caller's variable. Every kind of derivative
 * then goes through the caller's body as if the user had written the statements there. Decided
 * once here, for the fence, the search for implicit helpers and the reader alike.
 *
 * <p>A call is inlined when it initializes a local declaration, its method's source is in the
 * caller's class (static, or an instance method called on {@code this} that no subclass can
 * override), it takes a fixed number of arguments, the method's body ends in its only {@code return}, of one of its local arrays by name,
 * it assigns none of its parameters, and it is not already being inlined (no recursion).
 */
public final class InlinedCalls {
  private InlinedCalls() {}

  /**
   * A call read as its callee's statements.
   *
   * @param body the callee's body
   * @param returned the local array the callee returns: the caller's declared variable
   */
  public record Inlined(ExecutableElement callee, TreePath body, VariableElement returned) {
    /** The callee's statements, without the final {@code return}. */
    public List<? extends StatementTree> statements() {
      List<? extends StatementTree> all = ((BlockTree) body.getLeaf()).getStatements();
      return all.subList(0, all.size() - 1);
    }

    /** The callee's parameters that receive a value that may carry a derivative at {@code call}. */
    public List<VariableElement> activeParameters(
        TreePath call, Set<Element> active, Trees trees) {
      List<? extends ExpressionTree> args = ((MethodInvocationTree) call.getLeaf()).getArguments();
      List<VariableElement> out = new ArrayList<>();
      for (int k = 0; k < args.size(); k++) {
        VariableElement p = callee.getParameters().get(k);
        Type type = Support.parameterTypeOf(p.asType());
        if ((type == Type.DOUBLE || type == Type.DOUBLE_ARRAY || type == Type.DOUBLE_MATRIX)
            && PossiblyActive.mentions(new TreePath(call, args.get(k)), active, trees)) {
          out.add(p);
        }
      }
      return out;
    }
  }

  /**
   * What a call of a method returning {@code double[]} is: inlined; or, for a {@code
   * @Differentiable} method that cannot be, called through its companion ({@code
   * throughCompanion}); or why it can be neither.
   */
  public record Decision(Inlined inlined, String whyNot, boolean throughCompanion) {
    Decision(Inlined inlined, String whyNot) {
      this(inlined, whyNot, false);
    }
  }

  /**
   * Whether the call at {@code call} is inlined, in a method whose receiver has class {@code
   * receiverClass} (null if static), inside the methods {@code inlining} being read (the method
   * itself first); null if the call does not return {@code double[]}.
   */
  public static Decision of(
      TreePath call, Trees trees, TypeElement receiverClass, Collection<ExecutableElement> inlining) {
    if (!(call.getLeaf() instanceof MethodInvocationTree)
        || !(trees.getElement(call) instanceof ExecutableElement callee)
        || !callee.getReturnType().toString().equals("double[]")) {
      return null;
    }
    Decision inline = inlineDecision(call, callee, trees, receiverClass, inlining);
    if (inline.inlined() == null
        && Support.isDifferentiable(callee)
        && call.getParentPath().getLeaf() instanceof VariableTree v
        && v.getInitializer() == call.getLeaf()) {
      // Its companion's Jacobian products are its derivatives, wherever it was compiled.
      return new Decision(null, null, true);
    }
    return inline;
  }

  private static Decision inlineDecision(
      TreePath call,
      ExecutableElement callee,
      Trees trees,
      TypeElement receiverClass,
      Collection<ExecutableElement> inlining) {
    TreePath calleePath = trees.getPath(callee);
    if (calleePath == null
        || !(calleePath.getLeaf() instanceof MethodTree tree)
        || tree.getBody() == null) {
      return no("its source is not in this compilation");
    }
    if (callee.isVarArgs()) {
      // Its arguments do not match its parameters one to one.
      return no("it takes a variable number of arguments");
    }
    Element callerClass =
        inlining.isEmpty()
            ? classAround(call, trees)
            : inlining.iterator().next().getEnclosingElement();
    boolean otherClass = !callee.getEnclosingElement().equals(callerClass);
    if (otherClass && !callee.getModifiers().contains(Modifier.STATIC)) {
      return no("it is an instance method of another class");
    }
    if (!callee.getModifiers().contains(Modifier.STATIC)
        && !CallReceiver.THIS.equals(CallReceiver.of(call, trees, receiverClass))) {
      return no("it is called on another object than this");
    }
    if (Differentiables.isOverridable(callee)) {
      return no("a subclass may override it; make it private or final, or its class final");
    }
    if (!(call.getParentPath().getLeaf() instanceof VariableTree v) || v.getInitializer() != call.getLeaf()) {
      return no("its result is used other than to declare a local, double[] name = call(...)");
    }
    if (inlining.contains(callee)) {
      return no("it calls itself, directly or through the helpers it calls");
    }
    TreePath body = new TreePath(calleePath, tree.getBody());
    VariableElement returned = returnedLocal(body, trees);
    if (returned == null) {
      return no("its body does not end in its only return, of one of its local arrays by name");
    }
    String assigned = assignedParameter(body, callee, trees);
    if (assigned != null) {
      return no("it assigns its parameter " + assigned);
    }
    if (otherClass) {
      String unreadable =
          OtherClassMembers.unreadable(
              body, trees, (TypeElement) callerClass, Support.packageOf(callerClass));
      if (unreadable != null) {
        return no(unreadable);
      }
    }
    return new Decision(new Inlined(callee, body, returned), null);
  }

  private static Decision no(String why) {
    return new Decision(null, why);
  }

  /** The class whose body holds {@code path}. */
  private static Element classAround(TreePath path, Trees trees) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof com.sun.source.tree.ClassTree) {
        return trees.getElement(p);
      }
    }
    return null;
  }

  /**
   * The local the body returns, when its last statement is its only {@code return} and names a
   * local declared among the body's own statements; else null.
   */
  private static VariableElement returnedLocal(TreePath body, Trees trees) {
    List<? extends StatementTree> statements = ((BlockTree) body.getLeaf()).getStatements();
    if (statements.isEmpty()
        || !(statements.get(statements.size() - 1) instanceof ReturnTree last)
        || !(last.getExpression() instanceof IdentifierTree name)) {
      return null;
    }
    int[] returns = {0};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree node, Void unused) {
        returns[0]++;
        return super.visitReturn(node, unused);
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void unused) {
        return null;
      }
    }.scan(body, null);
    Element e = trees.getElement(new TreePath(new TreePath(body, last), name));
    if (returns[0] != 1 || e == null || e.getKind() != ElementKind.LOCAL_VARIABLE) {
      return null;
    }
    boolean declaredHere =
        statements.stream()
            .anyMatch(
                s -> s instanceof VariableTree v && e.equals(trees.getElement(new TreePath(body, v))));
    return declaredHere ? (VariableElement) e : null;
  }

  /** The name of a parameter of {@code callee} its body assigns, or null. */
  private static String assignedParameter(TreePath body, ExecutableElement callee, Trees trees) {
    String[] found = {null};
    new WriteScanner() {
      @Override
      protected void written(ExpressionTree t) {
        Element e = trees.getElement(new TreePath(getCurrentPath(), t));
        if (found[0] == null && e != null && callee.getParameters().contains(e)) {
          found[0] = e.getSimpleName().toString();
        }
      }
    }.scan(body, null);
    return found[0];
  }
}
