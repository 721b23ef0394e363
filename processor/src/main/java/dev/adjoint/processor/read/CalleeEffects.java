package dev.adjoint.processor.read;

import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.Effects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * Decides, from its body, whether a {@code @Differentiable} method may have effects: whether it,
 * or a differentiable method it calls or a helper returning {@code double[]} read in place of its
 * call (transitively, read from their bodies in this compilation), makes a call as a statement. Methods computing data called for their values are taken to be
 * pure, as README says, and a differentiable method never writes its array parameters (ADJ038),
 * so a call changes none of its arguments. A differentiable method compiled earlier has no body
 * to read: its companion's gradient says ({@code @HasEffects}), or, if it does not carry
 * {@code @WithRespectTo} either (made by an older Adjoint), the effects are {@link
 * Effects#UNKNOWN}.
 */
final class CalleeEffects {
  private final Trees trees;
  private final Elements elements;
  /** Decided methods, and those being decided (a recursion adds nothing to what they do). */
  private final Map<ExecutableElement, Effects> decided = new HashMap<>();

  /** The methods read while deciding the outermost one; null between decisions. */
  private List<ExecutableElement> round;

  private final Differentiables differentiables;

  CalleeEffects(Trees trees, Elements elements, Differentiables differentiables) {
    this.trees = trees;
    this.elements = elements;
    this.differentiables = differentiables;
  }

  CalleeEffects(Trees trees, Elements elements) {
    this(trees, elements, Differentiables.annotatedOnly());
  }

  Effects of(ExecutableElement method) {
    Effects known = decided.get(method);
    if (known != null) {
      return known;
    }
    TreePath path = trees.getPath(method);
    if (path == null) {
      // Compiled earlier: its companion says, if it was made by this version of Adjoint.
      Boolean compiled = Support.compiledHasEffects(method, elements);
      Effects effects =
          compiled == null ? Effects.UNKNOWN : compiled ? Effects.CALLS_AS_STATEMENTS : Effects.NONE;
      decided.put(method, effects);
      return effects;
    }
    boolean outermost = round == null;
    if (outermost) {
      round = new ArrayList<>();
    }
    decided.put(method, Effects.NONE);
    round.add(method);
    decided.put(method, walk(path));
    if (outermost) {
      // Methods calling each other may have read one another's provisional NONE: walk them again
      // until nothing changes (effects only grow, so this ends).
      boolean changed = true;
      while (changed) {
        changed = false;
        for (ExecutableElement m : round) {
          Effects again = walk(trees.getPath(m));
          if (again != decided.get(m)) {
            decided.put(m, again);
            changed = true;
          }
        }
      }
      round = null;
    }
    return decided.get(method);
  }

  private Effects walk(TreePath path) {
    Effects found = new Walk().scan(path, null);
    return found == null ? Effects.NONE : found;
  }

  /** What a body does beyond computing values; null for nothing. */
  private final class Walk extends TreePathScanner<Effects, Void> {
    @Override
    public Effects reduce(Effects a, Effects b) {
      return a == null ? b : b == null ? a : a.and(b);
    }

    @Override
    public Effects visitExpressionStatement(ExpressionStatementTree s, Void unused) {
      Effects inside = super.visitExpressionStatement(s, unused);
      return s.getExpression() instanceof MethodInvocationTree
          ? reduce(inside, Effects.CALLS_AS_STATEMENTS)
          : inside;
    }

    @Override
    public Effects visitMethodInvocation(MethodInvocationTree m, Void unused) {
      Effects inside = super.visitMethodInvocation(m, unused);
      Element called = trees.getElement(getCurrentPath());
      if (called instanceof ExecutableElement e
          && e.getKind() == ElementKind.METHOD
          && (differentiables.isDifferentiable(e) || mayBeInlined(e))) {
        return reduce(inside, of(e));
      }
      return inside;
    }
  }

  /**
   * Whether a call of {@code method} may be read in place (a helper returning {@code double[]}
   * with source here, see {@code check.InlinedCalls}): its statements are then the caller's, and
   * so are their effects.
   */
  private boolean mayBeInlined(ExecutableElement method) {
    return method.getReturnType().toString().equals("double[]") && trees.getPath(method) != null;
  }
}
