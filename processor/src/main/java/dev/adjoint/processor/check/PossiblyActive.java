package dev.adjoint.processor.check;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;

/**
 * The {@code double} variables whose value may depend on the differentiated parameters, judged from
 * the source alone: a parameter in {@code wrt}, or a variable assigned anything that mentions one.
 * It errs on the side of "active", so the fence can refuse, at its line, a call that would lose a
 * derivative; the differentiators decide activity exactly later.
 */
final class PossiblyActive {
  private PossiblyActive() {}

  static Set<Element> of(TreePath body, Trees trees, Collection<? extends Element> wrt) {
    Map<Element, List<TreePath>> assigned = new HashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        if (node.getInitializer() != null) {
          record(getCurrentPath(), new TreePath(getCurrentPath(), node.getInitializer()));
        }
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        record(
            new TreePath(getCurrentPath(), node.getVariable()),
            new TreePath(getCurrentPath(), node.getExpression()));
        return super.visitAssignment(node, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        record(
            new TreePath(getCurrentPath(), node.getVariable()),
            new TreePath(getCurrentPath(), node.getExpression()));
        return super.visitCompoundAssignment(node, unused);
      }

      @Override
      public Void visitEnhancedForLoop(
          com.sun.source.tree.EnhancedForLoopTree node, Void unused) {
        record(
            new TreePath(getCurrentPath(), node.getVariable()),
            new TreePath(getCurrentPath(), node.getExpression()));
        return super.visitEnhancedForLoop(node, unused);
      }

      private void record(TreePath target, TreePath value) {
        while (target.getLeaf() instanceof com.sun.source.tree.ArrayAccessTree a) {
          // Writing an element makes the whole array possibly active.
          target = new TreePath(target, a.getExpression());
        }
        Element e = trees.getElement(target);
        if (e != null
            && (e.asType().getKind() == TypeKind.DOUBLE
                || e.asType().getKind() == TypeKind.ARRAY)) {
          assigned.computeIfAbsent(e, k -> new ArrayList<>()).add(value);
        }
      }
    }.scan(body, null);
    Set<Element> active = new HashSet<>(wrt);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Element, List<TreePath>> entry : assigned.entrySet()) {
        if (!active.contains(entry.getKey())
            && entry.getValue().stream().anyMatch(v -> mentions(v, active, trees))) {
          active.add(entry.getKey());
          changed = true;
        }
      }
    }
    return active;
  }

  /** Whether the expression at {@code path} names one of {@code active}. */
  static boolean mentions(TreePath path, Set<Element> active, Trees trees) {
    boolean[] found = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        if (active.contains(trees.getElement(getCurrentPath()))) {
          found[0] = true;
        }
        return null;
      }
    }.scan(path, null);
    return found[0];
  }

  /** Whether a double-typed argument of the call names one of {@code active}. */
  static boolean anyDoubleArgumentMentions(
      TreePath call, List<? extends ExpressionTree> args, Set<Element> active, Trees trees, ExpressionTypes types) {
    for (ExpressionTree arg : args) {
      TreePath path = new TreePath(call, arg);
      if (types.typeOf(path) == dev.adjoint.processor.ir.Type.DOUBLE && mentions(path, active, trees)) {
        return true;
      }
    }
    return false;
  }
}
