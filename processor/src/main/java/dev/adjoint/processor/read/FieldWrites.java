package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.Support;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Which fields a call of a method may change, or the elements of whose arrays: the fields its
 * body and the bodies of the methods with source it calls (transitively) assign, or write an
 * element of. "Any field" where that cannot be read: a differentiable method compiled earlier
 * that may have effects, a method without source given an array (which it may fill), an element
 * written through an array a helper's parameter, or a local not always given a new array there, holds
 * (which may be a field's).
 *
 * <p>A read that Adjoint cannot keep where the original reads it (after a call on some paths of
 * an expression, in a loop's update) is refused only for such a field, so that a field nothing
 * changes (a model's setting) reads as it always did.
 */
final class FieldWrites {
  /** The fields a call may change; {@code any} where they cannot all be named. */
  record Writes(Set<VariableElement> fields, boolean any) {
    boolean mayChange(VariableElement field) {
      return any || fields.contains(field);
    }

    /** Whether nothing outside the method changes. */
    boolean none() {
      return !any && fields.isEmpty();
    }
  }

  private final Trees trees;
  private final Elements elements;
  private final Differentiables differentiables;

  FieldWrites(Trees trees, Elements elements, Differentiables differentiables) {
    this.trees = trees;
    this.elements = elements;
    this.differentiables = differentiables;
  }

  private final java.util.Map<ExecutableElement, Writes> decided = new java.util.HashMap<>();

  /** What running {@code method} may change, through everything it calls. */
  Writes of(ExecutableElement method) {
    Writes known = decided.get(method);
    if (known == null) {
      known = read(method);
      decided.put(method, known);
    }
    return known;
  }

  private Writes read(ExecutableElement method) {
    Set<VariableElement> fields = new HashSet<>();
    boolean[] any = {false};
    Set<ExecutableElement> seen = new HashSet<>();
    Deque<ExecutableElement> toRead = new ArrayDeque<>();
    toRead.add(method);
    seen.add(method);
    while (!toRead.isEmpty()) {
      ExecutableElement m = toRead.poll();
      TreePath path = trees.getPath(m);
      if (path == null) {
        continue;
      }
      Body body =
          new Body(differentiables.isDifferentiable(m), fields, any, called -> {
            if (seen.add(called)) {
              toRead.add(called);
            }
          });
      body.scan(path, null);
      body.finish();
    }
    return new Writes(Set.copyOf(fields), any[0]);
  }

  /** The writes of one body; the methods with source it calls go to {@code next}. */
  private final class Body extends TreePathScanner<Void, Void> {
    /** Whether the fence checks the body: its local arrays are then its own (no aliases). */
    private final boolean checked;
    private final Set<VariableElement> fields;
    private final boolean[] any;
    private final java.util.function.Consumer<ExecutableElement> next;

    Body(
        boolean checked,
        Set<VariableElement> fields,
        boolean[] any,
        java.util.function.Consumer<ExecutableElement> next) {
      this.checked = checked;
      this.fields = fields;
      this.any = any;
      this.next = next;
    }

    /** Local arrays written element by element; their own unless in {@code notMadeHere}. */
    private final Set<Element> writtenLocals = new HashSet<>();

    /** Locals that may hold an array the body did not make with {@code new} (maybe a field's). */
    private final Set<Element> notMadeHere = new HashSet<>();

    /** An element written through a local that may hold another's array may be a field's. */
    void finish() {
      for (Element local : writtenLocals) {
        any[0] |= !checked && notMadeHere.contains(local);
      }
    }

    @Override
    public Void visitVariable(com.sun.source.tree.VariableTree v, Void unused) {
      madeHere(trees.getElement(getCurrentPath()), v.getInitializer());
      return super.visitVariable(v, unused);
    }

    /** Records a local array given a value other than a new array (none: a loop's variable). */
    private void madeHere(Element variable, ExpressionTree value) {
      ExpressionTree bare = value;
      while (bare instanceof ParenthesizedTree p) {
        bare = p.getExpression();
      }
      if (variable != null
          && variable.getKind() == ElementKind.LOCAL_VARIABLE
          && variable.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY
          && !(bare instanceof com.sun.source.tree.NewArrayTree)) {
        notMadeHere.add(variable);
      }
    }

    @Override
    public Void visitAnnotation(com.sun.source.tree.AnnotationTree a, Void unused) {
      return null;
    }

    @Override
    public Void visitAssignment(AssignmentTree a, Void unused) {
      written(a.getVariable());
      madeHere(trees.getElement(new TreePath(getCurrentPath(), a.getVariable())), a.getExpression());
      return super.visitAssignment(a, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
      written(a.getVariable());
      return super.visitCompoundAssignment(a, unused);
    }

    @Override
    public Void visitUnary(UnaryTree u, Void unused) {
      switch (u.getKind()) {
        case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
            written(u.getExpression());
        default -> {}
      }
      return super.visitUnary(u, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree m, Void unused) {
      Element called = trees.getElement(getCurrentPath());
      if (called instanceof ExecutableElement e && e.getKind() == ElementKind.METHOD) {
        if (trees.getPath(e) != null) {
          next.accept(e);
        } else if (differentiables.isDifferentiable(e)) {
          any[0] |= !Boolean.FALSE.equals(Support.compiledHasEffects(e, elements));
        } else {
          // A library method given an array may fill it (System.arraycopy, Arrays.fill).
          any[0] |= m.getArguments().stream().anyMatch(this::isArray);
        }
      }
      return super.visitMethodInvocation(m, unused);
    }

    private boolean isArray(ExpressionTree argument) {
      javax.lang.model.type.TypeMirror type =
          trees.getTypeMirror(new TreePath(getCurrentPath(), argument));
      return type == null || type.getKind() == javax.lang.model.type.TypeKind.ARRAY;
    }

    private void written(ExpressionTree target) {
      ExpressionTree root = target;
      boolean element = false;
      while (root instanceof ArrayAccessTree || root instanceof ParenthesizedTree) {
        element |= root instanceof ArrayAccessTree;
        root =
            root instanceof ArrayAccessTree a
                ? a.getExpression()
                : ((ParenthesizedTree) root).getExpression();
      }
      Element variable = trees.getElement(new TreePath(getCurrentPath(), root));
      if (variable != null && variable.getKind() == ElementKind.FIELD) {
        fields.add((VariableElement) variable);
      } else if (element) {
        // A local array the body made itself is its own; see finish() for the others.
        boolean local = variable != null && variable.getKind() == ElementKind.LOCAL_VARIABLE;
        if (local) {
          writtenLocals.add(variable);
        } else {
          any[0] = true;
        }
      } else {
        any[0] |= variable == null;
      }
    }
  }
}
