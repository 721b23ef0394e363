package dev.adjoint.processor.read;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.Callee;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Decides, from its body, what a differentiable callee's tracing sweep may depend on besides its
 * arguments ({@link Callee.PatternInputs}): a caller's pattern key holds the caller's arguments and
 * the fields the caller's own sweep reads, so a callee whose sweep may read a field that is not a
 * constant (its receiver's, a static one), or what a method computing data returns, gives a
 * pattern the caller's key cannot check. Read conservatively: any such field named in the body
 * (numbers aside: a {@code double} field is never data), any call of a method computing data
 * outside the JDK, any differentiable callee that does (transitively), and any method without a
 * body to read (compiled earlier) count, and so does a call of the user's made as a statement, for
 * its effect: it may change a field the caller's sweep reads after the call (review R10).
 */
final class CalleePatternState {
  private final Trees trees;
  private final Elements elements;
  private final Differentiables differentiables;
  private final Map<ExecutableElement, Callee.PatternInputs> decided = new HashMap<>();
  /** The methods on the current path of calls: a recursion adds nothing to what they read. */
  private final Set<ExecutableElement> visiting = new HashSet<>();

  CalleePatternState(Trees trees, Elements elements, Differentiables differentiables) {
    this.trees = trees;
    this.elements = elements;
    this.differentiables = differentiables;
  }

  Callee.PatternInputs of(ExecutableElement method) {
    Callee.PatternInputs known = decided.get(method);
    if (known != null) {
      return known;
    }
    TreePath path = trees.getPath(method);
    if (path == null) {
      return Callee.PatternInputs.STATE;
    }
    if (!visiting.add(method)) {
      return Callee.PatternInputs.ARGUMENTS;
    }
    boolean state = Boolean.TRUE.equals(new Scan().scan(path, null));
    visiting.remove(method);
    Callee.PatternInputs found = state ? Callee.PatternInputs.STATE : Callee.PatternInputs.ARGUMENTS;
    if (visiting.isEmpty() || state) {
      // A result reached through a recursion still open may rest on its provisional answer.
      decided.put(method, found);
    }
    return found;
  }

  private final class Scan extends TreePathScanner<Boolean, Void> {
    @Override
    public Boolean reduce(Boolean a, Boolean b) {
      return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
    }

    @Override
    public Boolean visitIdentifier(IdentifierTree node, Void unused) {
      return isState(trees.getElement(getCurrentPath()));
    }

    @Override
    public Boolean visitMemberSelect(MemberSelectTree node, Void unused) {
      Boolean inside = super.visitMemberSelect(node, unused);
      TreePath selected = new TreePath(getCurrentPath(), node.getExpression());
      javax.lang.model.type.TypeMirror type = trees.getTypeMirror(selected);
      if (type != null && type.getKind() == TypeKind.ARRAY) {
        // An array's length: data of the array, whatever holds it.
        return inside;
      }
      return reduce(inside, isState(trees.getElement(getCurrentPath())));
    }

    @Override
    public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
      Boolean inside = super.visitMethodInvocation(node, unused);
      Element called = trees.getElement(getCurrentPath());
      if (!(called instanceof ExecutableElement e)) {
        return true;
      }
      if (differentiables.isDifferentiable(e)) {
        return reduce(inside, of(e) == Callee.PatternInputs.STATE);
      }
      if (Support.customGradient(e) != null || isLibrary(e)) {
        // A custom derivative's inputs all meet in the sweep, whatever it reads; the JDK holds no
        // state of the user's.
        return inside;
      }
      return true;
    }

    private boolean isState(Element e) {
      if (!(e instanceof VariableElement field) || e.getKind() != ElementKind.FIELD) {
        return false;
      }
      TypeKind kind = field.asType().getKind();
      return field.getConstantValue() == null && kind != TypeKind.DOUBLE && kind != TypeKind.FLOAT;
    }

    private boolean isLibrary(ExecutableElement e) {
      PackageElement p = elements.getPackageOf(e);
      return p.getQualifiedName().toString().startsWith("java.");
    }
  }
}
