package dev.adjoint.processor.read;

import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.FieldWrites;
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
 * Decides, from its body, whether a method may have effects: whether it, or a method with source
 * it calls or a helper returning {@code double[]} read in place of its call (transitively, read
 * from their bodies in this compilation), makes a call as a statement, or may change a field or an
 * element of a field's array ({@link FieldWrites}: a helper computing data, whose body the fence
 * does not check, may, {@code int next() { n--; return n; }}). Methods without source computing
 * data, called for their values, are taken to be pure, as README says; a call that may run an
 * override's body instead ({@link FieldWrites#mayRunAnotherBody}) may do anything. A differentiable method
 * compiled earlier has no body to read: its companion's gradient says ({@code @HasEffects}), or,
 * if it does not carry {@code @WithRespectTo} either (made by an older Adjoint), the effects are
 * {@link Effects#UNKNOWN}.
 */
final class CalleeEffects {
  private final Trees trees;
  private final Elements elements;
  /** Decided methods, and those being decided (a recursion adds nothing to what they do). */
  private final Map<ExecutableElement, Effects> decided = new HashMap<>();

  /** The methods read while deciding the outermost one; null between decisions. */
  private List<ExecutableElement> round;

  private final Differentiables differentiables;

  /** The fields each method's calls may change; where there are any, it has effects. */
  private final FieldWrites fieldWrites;

  /** What differentiable methods' traced patterns may depend on besides their arguments. */
  private final CalleePatternState patternState;

  CalleeEffects(Trees trees, Elements elements, Differentiables differentiables) {
    this.trees = trees;
    this.elements = elements;
    this.differentiables = differentiables;
    this.fieldWrites = new FieldWrites(trees, elements, differentiables);
    this.patternState = new CalleePatternState(trees, elements, differentiables);
  }

  /** What the differentiable {@code method}'s traced pattern may depend on besides its arguments. */
  dev.adjoint.processor.ir.Callee.PatternInputs patternInputsOf(ExecutableElement method) {
    return patternState.of(method);
  }

  /** The fields a call of {@code method} may change, or the elements of whose arrays. */
  FieldWrites.Writes writesOf(ExecutableElement method) {
    return fieldWrites.of(method);
  }

  CalleeEffects(Trees trees, Elements elements) {
    this(trees, elements, Differentiables.annotatedOnly());
  }

  /**
   * The effects of a method computing data, called for its value: read from its body where it has
   * source; none where it has not (taken to be pure, README "Calls of other methods that compute
   * data").
   */
  Effects ofData(ExecutableElement method) {
    if (FieldWrites.mayRunAnotherBody(method, trees)) {
      return Effects.WRITES_FIELDS;
    }
    return trees.getPath(method) == null ? Effects.NONE : of(method);
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
    decided.put(method, walk(method, path));
    if (outermost) {
      // Methods calling each other may have read one another's provisional NONE: walk them again
      // until nothing changes (effects only grow, so this ends).
      boolean changed = true;
      while (changed) {
        changed = false;
        for (ExecutableElement m : round) {
          Effects again = walk(m, trees.getPath(m));
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

  private Effects walk(ExecutableElement method, TreePath path) {
    Effects found = new Walk().scan(path, null);
    found = found == null ? Effects.NONE : found;
    return fieldWrites.of(method).none() ? found : found.and(Effects.WRITES_FIELDS);
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
              || s.getExpression() instanceof com.sun.source.tree.NewClassTree
          ? reduce(inside, Effects.CALLS_AS_STATEMENTS)
          : inside;
    }

    @Override
    public Effects visitMethodInvocation(MethodInvocationTree m, Void unused) {
      Effects inside = super.visitMethodInvocation(m, unused);
      return reduce(inside, ofCalled(trees.getElement(getCurrentPath())));
    }

    @Override
    public Effects visitNewClass(com.sun.source.tree.NewClassTree n, Void unused) {
      Effects inside = super.visitNewClass(n, unused);
      return reduce(inside, ofCalled(trees.getElement(getCurrentPath())));
    }

    @Override
    public Effects visitMemberReference(
        com.sun.source.tree.MemberReferenceTree r, Void unused) {
      // Whatever receives it may call it: its body counts as if called here.
      Effects inside = super.visitMemberReference(r, unused);
      return reduce(inside, ofCalled(trees.getElement(getCurrentPath())));
    }

    /**
     * A differentiable method's effects, or those read from the body of another method or a
     * constructor with source ({@link FieldWrites} covers what it cannot read).
     */
    private Effects ofCalled(Element called) {
      if (!(called instanceof ExecutableElement e)
          || (e.getKind() != ElementKind.METHOD && e.getKind() != ElementKind.CONSTRUCTOR)) {
        return null;
      }
      if (e.getKind() == ElementKind.METHOD && differentiables.isDifferentiable(e)) {
        return of(e);
      }
      if (FieldWrites.mayRunAnotherBody(e, trees)) {
        return Effects.WRITES_FIELDS;
      }
      return trees.getPath(e) == null ? null : of(e);
    }
  }
}
