package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a method only reads an array it is given. A helper computing data (an {@code int},
 * {@code long} or {@code boolean}) may be handed a differentiated array, as in {@code
 * numberOfParticles(positions)}, only if it cannot change the array's elements: the generated
 * methods must leave their inputs as they are, and a change to an array the derivative reads would
 * go unseen. Judged from the source, conservatively: the array (or a row of it, or a local
 * variable it is put in) may have its elements and length read, be compared with {@code ==}, be
 * looped over, be copied ({@code clone}, {@code Arrays.copyOf}, the source of {@code
 * System.arraycopy}), and be passed on to a method with source here that only reads it; any
 * other use (writing an element, storing or returning the array, a method without source, a
 * matrix copied, whose copy shares its rows) counts as a change. An overridable method is judged
 * by the body written here: as for every method that computes data, a subclass's override is
 * taken to do what it does (README, "Calls of other methods that compute data").
 */
final class ArrayParameterChanges {
  private final Trees trees;
  /** The variables already followed, each once: parameters of the methods reached, and aliases. */
  private final Set<Element> followed = new HashSet<>();
  private final Deque<Alias> work = new ArrayDeque<>();

  /** A variable holding the array, and the method whose body it lives in. */
  private record Alias(Element variable, TreePath method) {}

  private ArrayParameterChanges(Trees trees) {
    this.trees = trees;
  }

  /**
   * Where {@code method} may change the array its parameter {@code index} is given, as a short
   * description ({@code "line 12 of Foo.java, a[i] = 0"}, or why it cannot tell), or null if it
   * only reads it.
   */
  static String firstChange(ExecutableElement method, int index, Trees trees) {
    ArrayParameterChanges changes = new ArrayParameterChanges(trees);
    String reason = changes.follow(method, index);
    while (reason == null && !changes.work.isEmpty()) {
      reason = changes.uses(changes.work.removeFirst());
    }
    return reason;
  }

  /** Queues parameter {@code index} of {@code method}; the reason it cannot be followed, or null. */
  private String follow(ExecutableElement method, int index) {
    TreePath path = trees.getPath(method);
    if (path == null
        || !(path.getLeaf() instanceof MethodTree tree)
        || tree.getBody() == null
        || (method.isVarArgs() && index >= method.getParameters().size() - 1)) {
      return "it passes the array to " + method.getSimpleName()
          + "(...), whose body Adjoint cannot read here";
    }
    queue(method.getParameters().get(index), path);
    return null;
  }

  private void queue(Element variable, TreePath method) {
    if (followed.add(variable)) {
      work.addLast(new Alias(variable, method));
    }
  }

  /** The first use of {@code alias} in its method that may change the array, or null. */
  private String uses(Alias alias) {
    String[] reason = {null};
    MethodTree method = (MethodTree) alias.method().getLeaf();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        if (reason[0] == null && alias.variable().equals(trees.getElement(getCurrentPath()))) {
          reason[0] = use(getCurrentPath(), alias.method());
        }
        return null;
      }
    }.scan(new TreePath(alias.method(), method.getBody()), null);
    return reason[0];
  }

  /** Whether the array at {@code at} (the variable, a row of it) is only read there. */
  private String use(TreePath at, TreePath method) {
    Tree leaf = at.getLeaf();
    TreePath parentPath = at.getParentPath();
    Tree parent = parentPath.getLeaf();
    if (parent instanceof ParenthesizedTree) {
      return use(parentPath, method);
    }
    if (parent instanceof MemberSelectTree m && m.getIdentifier().contentEquals("length")) {
      return null;
    }
    if (parent instanceof ArrayAccessTree a && a.getExpression() == leaf) {
      if (trees.getTypeMirror(parentPath).getKind() == TypeKind.ARRAY) {
        return use(parentPath, method);
      }
      return isWritten(parentPath) ? changed(parentPath.getParentPath()) : null;
    }
    if (parent instanceof BinaryTree b
        && (b.getKind() == Tree.Kind.EQUAL_TO || b.getKind() == Tree.Kind.NOT_EQUAL_TO)) {
      return null;
    }
    if (parent instanceof EnhancedForLoopTree f && f.getExpression() == leaf) {
      Element variable = trees.getElement(new TreePath(parentPath, f.getVariable()));
      if (variable.asType().getKind() == TypeKind.ARRAY) {
        queue(variable, method);
      }
      return null;
    }
    if (parent instanceof VariableTree v && v.getInitializer() == leaf) {
      queue(trees.getElement(parentPath), method);
      return null;
    }
    if (parent instanceof AssignmentTree a && a.getExpression() == leaf) {
      Element target = trees.getElement(new TreePath(parentPath, a.getVariable()));
      if (target != null
          && (target.getKind() == ElementKind.LOCAL_VARIABLE
              || target.getKind() == ElementKind.PARAMETER)) {
        queue(target, method);
        return null;
      }
    }
    if (isCopied(at)) {
      return null;
    }
    if (parent instanceof MethodInvocationTree call && call.getArguments().contains(leaf)
        && trees.getElement(parentPath) instanceof ExecutableElement callee
        && !callee.getModifiers().contains(Modifier.NATIVE)) {
      return follow(callee, call.getArguments().indexOf(leaf));
    }
    return changed(parentPath);
  }

  /**
   * Whether the array of numbers at {@code at} is copied ({@code a.clone()}, {@code
   * Arrays.copyOf(a, n)}, {@code Arrays.copyOfRange(a, i, j)}, the source of {@code
   * System.arraycopy}): read, into a new array that holds no part of it.
   */
  private boolean isCopied(TreePath at) {
    TypeMirror type = trees.getTypeMirror(at);
    if (!(type instanceof ArrayType array)
        || !array.getComponentType().getKind().isPrimitive()) {
      return false;
    }
    Tree leaf = at.getLeaf();
    TreePath parentPath = at.getParentPath();
    if (parentPath.getLeaf() instanceof MemberSelectTree m
        && m.getIdentifier().contentEquals("clone")
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()) {
      return true;
    }
    if (!(parentPath.getLeaf() instanceof MethodInvocationTree call)
        || call.getArguments().isEmpty()
        || call.getArguments().get(0) != leaf
        || !(trees.getElement(parentPath) instanceof ExecutableElement callee)
        || !(callee.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    String name = owner.getQualifiedName() + "." + callee.getSimpleName();
    return List.of(
            "java.util.Arrays.copyOf", "java.util.Arrays.copyOfRange", "java.lang.System.arraycopy")
        .contains(name);
  }

  /** Whether the element {@code a[i]} at {@code element} is assigned, compounded or stepped. */
  private static boolean isWritten(TreePath element) {
    Tree leaf = element.getLeaf();
    Tree parent = element.getParentPath().getLeaf();
    return (parent instanceof AssignmentTree a && a.getVariable() == leaf)
        || (parent instanceof CompoundAssignmentTree c && c.getVariable() == leaf)
        || IncrementsAsValues.isStep(parent);
  }

  /** {@code line 12 of Foo.java, a[i] = 0}: where, and what. */
  private String changed(TreePath where) {
    CompilationUnitTree unit = where.getCompilationUnit();
    long start = trees.getSourcePositions().getStartPosition(unit, where.getLeaf());
    long line = unit.getLineMap().getLineNumber(start);
    return "line " + line + " of " + unit.getSourceFile().getName().replaceAll(".*[/\\\\]", "")
        + ", " + FenceWalk.oneLine(where.getLeaf());
  }
}
