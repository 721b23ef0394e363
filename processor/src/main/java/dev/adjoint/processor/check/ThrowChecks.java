package dev.adjoint.processor.check;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * {@code throw new E(args)}: the generated methods throw the same exception at the same point. E
 * must be an unchecked exception class the companion can name, made without a class body; its
 * constructor's parameters strings or numbers. A string argument is a message of string literals,
 * {@code String} constants, parameters and fields, and values (numbers read as they are) joined by
 * {@code +}; a number argument is any data expression.
 */
final class ThrowChecks {
  private final FenceWalk walk;
  private final Reporter reporter;

  ThrowChecks(FenceWalk walk) {
    this.walk = walk;
    this.reporter = walk.reporter;
  }

  void throwStatement(ThrowTree node) {
    ExpressionTree thrown = ThrowMessages.unwrapped(node.getExpression());
    if (!(thrown instanceof NewClassTree made)
        || made.getClassBody() != null
        || made.getEnclosingExpression() != null) {
      reporter.error(
          node,
          Message.TRY,
          "Throwing anything but a new exception (" + FenceWalk.oneLine(node) + ")");
      return;
    }
    TreePath madePath = new TreePath(walk.path(), made);
    Element constructor = walk.trees.getElement(madePath);
    if (!(constructor instanceof ExecutableElement c)
        || !(c.getEnclosingElement() instanceof TypeElement type)) {
      reporter.error(node, Message.TRY, FenceWalk.oneLine(node));
      return;
    }
    if (!ThrowMessages.isUnchecked(type)) {
      reporter.error(node, Message.TRY, "Throwing the checked exception " + type.getSimpleName());
      return;
    }
    if (!Support.isReadableFrom(type, walk.companionPackage)
        || !Support.isReadableFrom(c, walk.companionPackage)) {
      reporter.error(
          node,
          Message.TRY,
          "Throwing " + type.getSimpleName() + ", which the companion class cannot make (it is"
              + " private),");
      return;
    }
    List<? extends VariableElement> parameters = c.getParameters();
    for (int k = 0; k < made.getArguments().size() && k < parameters.size(); k++) {
      ExpressionTree arg = made.getArguments().get(k);
      if (ThrowMessages.isStringType(parameters.get(k).asType())) {
        message(arg, new TreePath(madePath, arg));
      } else if (Support.typeOf(parameters.get(k).asType()) != null) {
        walk.scan(arg);
      } else {
        reporter.error(
            arg,
            Message.TRY,
            "Passing " + FenceWalk.oneLine(arg) + " (a " + parameters.get(k).asType()
                + ") to the constructor of a thrown exception");
      }
    }
  }

  /** A string argument: literals, constants, {@code String} names and values joined by {@code +}. */
  void message(ExpressionTree arg, TreePath path) {
    ExpressionTree e = ThrowMessages.unwrapped(arg);
    if (e.getKind() == Tree.Kind.STRING_LITERAL) {
      return;
    }
    if (e.getKind() == Tree.Kind.PLUS && ThrowMessages.isString(path, walk.trees)) {
      BinaryTree b = (BinaryTree) e;
      part(b.getLeftOperand(), new TreePath(path, b.getLeftOperand()));
      part(b.getRightOperand(), new TreePath(path, b.getRightOperand()));
      return;
    }
    if (e.getKind() == Tree.Kind.IDENTIFIER || e.getKind() == Tree.Kind.MEMBER_SELECT) {
      TreePath name = new TreePath(path.getParentPath(), e);
      if (ThrowMessages.constant(name, walk.trees) != null) {
        return;
      }
      if (ThrowMessages.isString(name, walk.trees)) {
        // A String parameter or field, read as it is, where the rules of names say it can be.
        walk.scan(e);
        return;
      }
    }
    reporter.error(
        arg,
        Message.TRY,
        "The message " + FenceWalk.oneLine(arg) + " of a thrown exception");
  }

  /**
   * {@code assert condition : detail}: kept in every generated method, where both are evaluated
   * only when assertions are enabled. They may not call methods other than {@code Math}'s, which
   * generated code could otherwise evaluate apart from the assert.
   */
  void assertStatement(com.sun.source.tree.AssertTree node) {
    walk.scan(node.getCondition());
    if (node.getDetail() != null) {
      TreePath detail = new TreePath(walk.path(), node.getDetail());
      if (ThrowMessages.isString(detail, walk.trees)) {
        message(node.getDetail(), detail);
      } else {
        walk.scan(node.getDetail());
      }
    }
    new com.sun.source.util.TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree m, Void unused) {
        if (!(walk.trees.getElement(getCurrentPath()) instanceof ExecutableElement e
            && Support.isMathLibrary(e))) {
          reporter.error(
              m,
              Message.UNSUPPORTED_STATEMENT,
              "An assert calling " + FenceWalk.oneLine(m.getMethodSelect()));
        }
        return super.visitMethodInvocation(m, unused);
      }
    }.scan(walk.path(), null);
  }

  /** A part of a message: a string, or a value read as it is. */
  private void part(ExpressionTree e, TreePath path) {
    if (ThrowMessages.isString(path, walk.trees)) {
      message(e, path);
    } else if (walk.types.typeOf(path) == null
        || ThrowMessages.unwrapped(e).getKind() == Tree.Kind.CHAR_LITERAL) {
      // A character joins the message as a character, which the int the reader makes of 'q'
      // would not.
      reporter.error(
          e, Message.TRY, "The part " + FenceWalk.oneLine(e) + " of a thrown exception's message");
    } else {
      walk.scan(e);
    }
  }
}
