package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Calls: which methods a body may call, so that no call loses a derivative. A {@code Math}
 * function with a derivative rule; a differentiable method (see {@link Differentiables}: annotated,
 * or differentiated implicitly, returning double, not overridable if called on {@code this}); a
 * method with a {@code @GradientOf} beside it; or a helper (static, or called on {@code this})
 * computing data from data, or an int or boolean from anything (arrays among them, if it only
 * reads them), whose result carries no derivative; or a question asked of strings ({@link
 * StringQuery}). Instance methods are called on objects the generated code reaches ({@link
 * CallReceiver}).
 */
final class CallChecks {
  private final FenceWalk walk;
  private final Reporter reporter;
  /** The variables whose value may depend on the differentiated parameters. */
  private final Set<Element> possiblyActive;

  /** What the helpers called may change, made when first asked. */
  private FieldWrites fieldWrites;

  CallChecks(FenceWalk walk, Set<Element> possiblyActive) {
    this.walk = walk;
    this.reporter = walk.reporter;
    this.possiblyActive = possiblyActive;
  }

  /** The variables of the method walked whose value may depend on the differentiated parameters. */
  Set<Element> possiblyActive() {
    return possiblyActive;
  }

  void call(MethodInvocationTree node) {
    // A call initializing a local array is read in place, or made through the callee's companion.
    boolean vectorCall = walk.inlines.isDeclaring(node);
    if (vectorCall && walk.inlines.declaredFromCall()) {
      return;
    }
    Element e = walk.trees.getElement(walk.path());
    String name = FenceWalk.oneLine(node.getMethodSelect()) + "(...)";
    if (!(e instanceof ExecutableElement method)) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, name);
      return;
    }
    // A call made as a statement: its value, if any, is discarded; no derivative flows through it.
    boolean discarded =
        walk.path().getParentPath().getLeaf().getKind() == Tree.Kind.EXPRESSION_STATEMENT;
    if (Support.isMathLibrary(method)) {
      String qualified =
          method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "()";
      if (method.getSimpleName().contentEquals("random") && !discarded) {
        reporter.error(node, Message.RANDOM, qualified);
        return;
      }
      if (!discarded
          && !Support.hasRule(method)
          && method.getReturnType().getKind() != TypeKind.INT
          && method.getReturnType().getKind() != TypeKind.LONG) {
        reporter.error(node, Message.NO_DERIVATIVE_RULE, qualified);
        return;
      }
      if (!discarded) {
        walk.values.checkValueType(node);
      }
      walk.scan(node.getArguments());
      return;
    }
    StringQuery query = StringQuery.of(method);
    List<TreePath> operands = query == null ? null : query.operands(walk.path());
    if (operands != null
        && operands.stream().allMatch(o -> StringQuery.isStringData(o, walk.trees))) {
      // mode.equals("sq"): data, asked of the same strings in generated code.
      for (TreePath operand : operands) {
        if (operand.getLeaf().getKind() != Tree.Kind.STRING_LITERAL) {
          walk.scan(operand.getLeaf());
        }
      }
      return;
    }
    boolean instance = !method.getModifiers().contains(Modifier.STATIC);
    CallReceiver receiver =
        instance ? CallReceiver.of(walk.path(), walk.trees, walk.receiverClass) : null;
    if (instance && receiver == null) {
      reporter.error(node, Message.CALL_ON_OTHER_OBJECT, qualifiedCall(method));
      return;
    }
    if (receiver != null
        && receiver.holder() != null
        && receiver.holder().getKind() == javax.lang.model.element.ElementKind.FIELD
        && !Support.isReadableFrom(receiver.holder(), walk.companionPackage)
        && !isHandleReadable(receiver.holder())) {
      privateHolder(node, method, receiver.holder());
      return;
    }
    boolean differentiable = walk.differentiables.isDifferentiableCall(method, node);
    ExecutableElement custom = Support.customGradient(method);
    boolean takesArrays =
        method.getParameters().stream().anyMatch(p -> Support.typeOf(p.asType()) == null);
    if (!differentiable && custom != null && takesArrays) {
      reporter.error(
          node,
          Message.CALL_DIFFERENTIABLE,
          qualifiedCall(method),
          "it takes an array, and @GradientOf methods with array parameters are not supported yet");
      return;
    }
    if (!differentiable && custom != null) {
      if (!Support.isReadableFrom(custom, walk.companionPackage)
          || !Support.isReadableFrom(method, walk.companionPackage)) {
        reporter.error(
            node,
            Message.CALL_DIFFERENTIABLE,
            qualifiedCall(method),
            "it or its @GradientOf method is private to its class; make them package-private");
        return;
      }
      walk.scan(node.getArguments());
    } else if (differentiable) {
      String problem = callProblem(method, vectorCall);
      if (problem == null && !passesOneToOne(node, method)) {
        // total(x, y) of total(double... v): the arguments do not match the parameters one to one.
        problem =
            "it takes a variable number of arguments, which Adjoint passes only as one array;"
                + " pass it an array";
      }
      if (problem != null) {
        reporter.error(node, Message.CALL_DIFFERENTIABLE, qualifiedCall(method), problem);
        return;
      }
      for (ExpressionTree arg : node.getArguments()) {
        TypeMirror argType = walk.trees.getTypeMirror(new TreePath(walk.path(), arg));
        if (argType != null && argType.getKind() == TypeKind.ARRAY) {
          walk.arrays.argument(arg);
        } else {
          walk.scan(arg);
        }
      }
    } else if (!discarded && isDataFromArrays(method)) {
      dataFromArrays(node, method);
    } else if (discarded && isStatementGivenArrays(method)) {
      statementGivenArrays(node, method);
    } else if (isPlainDataCall(method, discarded)
        && (discarded || !isActiveDoubleCall(node, method))) {
      // A helper computing data (from data, or an int or boolean from anything) may be called,
      // and any helper for its effect alone.
      if (!storesDerivative(node, method)) {
        walk.scan(node.getArguments());
      }
    } else if (!Support.isReadableFrom(method, walk.companionPackage)
        && (discarded || !isActiveDoubleCall(node, method))) {
      reporter.error(node, Message.CALL_DIFFERENTIABLE, qualifiedCall(method), unreachableData(method));
    } else if (walk.trees.getTree(method) == null) {
      reporter.error(node, Message.CALL_WITHOUT_SOURCE, qualifiedCall(method));
    } else if (Differentiables.isOverridable(method)
        && method.getReturnType().getKind() == TypeKind.DOUBLE) {
      reporter.error(node, Message.CALL_OVERRIDABLE, qualifiedCall(method));
    } else {
      reporter.error(node, Message.CALL_NOT_DIFFERENTIABLE, qualifiedCall(method));
    }
  }

  /**
   * Whether the companion reads the private {@code field}, which holds the object called on,
   * through a handle: its class and the object's class (without type parameters, so the handle's
   * exact type can be written) are ones it can name.
   */
  private boolean isHandleReadable(VariableElement field) {
    TypeMirror t = field.asType();
    return Support.isHandleReachable(field, walk.companionPackage)
        && t instanceof javax.lang.model.type.DeclaredType d
        && d.asElement() instanceof TypeElement type
        && type.getTypeParameters().isEmpty()
        && Support.isReadableFrom(type, walk.companionPackage);
  }

  /**
   * Why the generated code cannot call {@code method}, which computes data and which it cannot
   * name: its class is private, or it takes or returns a type its handle cannot be written with.
   */
  private String unreachableData(ExecutableElement method) {
    TypeElement hidden = Support.privateClassAround(method);
    if (hidden != null && !Support.isHandleReachable(method, walk.companionPackage)) {
      return "its class "
          + hidden.getSimpleName()
          + " is private, so the generated code cannot reach it; declare "
          + hidden.getSimpleName()
          + " without `private`";
    }
    return "it is private to its class and takes or returns a type the generated code does not"
        + " pass (double, int, long, boolean and their arrays); compute its result outside and"
        + " pass it in as a parameter";
  }

  /**
   * A call on the object a field holds that the companion cannot read: in a private class, the
   * class must lose its {@code private}; otherwise the field must.
   */
  private void privateHolder(MethodInvocationTree node, ExecutableElement method, Element holder) {
    String field = holder.getEnclosingElement().getSimpleName() + "." + holder.getSimpleName();
    TypeElement hidden = Support.privateClassAround(holder);
    if (hidden != null) {
      reporter.error(
          node, Message.PRIVATE_FIELD, field, hidden.getSimpleName(), hidden.getSimpleName());
    } else {
      reporter.error(
          node,
          Message.CALL_DIFFERENTIABLE,
          qualifiedCall(method),
          "it is called on the object the private field "
              + field
              + " holds, which the generated code cannot read yet; declare "
              + holder.getSimpleName()
              + " without `private`");
    }
  }

  /** Whether the call computes a double from an argument that may carry a derivative. */
  private boolean isActiveDoubleCall(MethodInvocationTree node, ExecutableElement method) {
    return method.getReturnType().getKind() == TypeKind.DOUBLE
        && PossiblyActive.anyDoubleArgumentMentions(
            walk.path(), node.getArguments(), possiblyActive, walk.trees, walk.types);
  }

  /**
   * A method the companion can call (static, or on a receiver it reaches) that takes and returns
   * only the values Adjoint computes with: its result can be used as data. A private one (of a
   * class the companion can name) is called through a method handle.
   */
  private boolean isPlainDataCall(ExecutableElement method, boolean discarded) {
    if (!Support.isHandleReachable(method, walk.companionPackage)
        || (!discarded && Support.typeOf(method.getReturnType()) == null)) {
      return false;
    }
    if (!Support.isReadableFrom(method, walk.companionPackage)
        && method.getReturnType().getKind() != TypeKind.VOID
        && Support.typeOf(method.getReturnType()) == null) {
      // Its handle is typed: a result of a type Adjoint does not know cannot be written there.
      return false;
    }
    for (VariableElement p : method.getParameters()) {
      if (Support.typeOf(p.asType()) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * A helper the companion can call that computes an {@code int}, {@code long} or {@code boolean}
   * from arrays too ({@code numberOfParticles(positions)}): its result carries no derivative
   * whatever it is given, so it is data, provided it only reads the arrays.
   */
  private boolean isDataFromArrays(ExecutableElement method) {
    TypeKind result = method.getReturnType().getKind();
    return (result == TypeKind.INT || result == TypeKind.LONG || result == TypeKind.BOOLEAN)
        && Support.isHandleReachable(method, walk.companionPackage)
        && takesPassedArrays(method);
  }

  /**
   * The call of such a helper: refused where the helper may change an array it is given, or keep
   * a value that carries a derivative in a field.
   */
  private void dataFromArrays(MethodInvocationTree node, ExecutableElement method) {
    for (int k = 0; k < method.getParameters().size(); k++) {
      ExpressionTree arg = node.getArguments().get(k);
      if (!Support.parameterTypeOf(method.getParameters().get(k).asType()).isArray()) {
        continue;
      }
      String change = ArrayParameterChanges.firstChange(method, k, walk.trees);
      if (change != null) {
        reporter.error(
            node,
            Message.CALL_DIFFERENTIABLE,
            qualifiedCall(method),
            "it may change the elements of the array "
                + FenceWalk.oneLine(arg)
                + " it is given ("
                + change
                + "), and the generated methods must neither change their inputs nor miss a"
                + " change to an array they differentiate; make it only read the array (copy what"
                + " it changes into a local array of its own), or pass it data only (the"
                + " array's length)");
        return;
      }
    }
    if (storesDerivative(node, method)) {
      return;
    }
    for (int k = 0; k < method.getParameters().size(); k++) {
      ExpressionTree arg = node.getArguments().get(k);
      if (Support.parameterTypeOf(method.getParameters().get(k).asType()).isArray()) {
        walk.arrays.argument(arg);
      } else {
        walk.scan(arg);
      }
    }
  }

  /**
   * Whether the call gives a value that may carry a derivative ({@code double} or an array of
   * them) to a helper computing data or called for its effect, which may keep it in a field: the
   * method may read the field later, and no derivative follows a value there. Reported if so.
   */
  private boolean storesDerivative(MethodInvocationTree node, ExecutableElement method) {
    boolean givesDerivative = false;
    for (ExpressionTree arg : node.getArguments()) {
      TreePath path = new TreePath(walk.path(), arg);
      TypeMirror argType = walk.trees.getTypeMirror(path);
      boolean array = argType != null && argType.getKind() == TypeKind.ARRAY;
      givesDerivative |=
          (array || walk.types.typeOf(path) == Type.DOUBLE)
              && PossiblyActive.mentions(path, possiblyActive, walk.trees);
    }
    if (!givesDerivative) {
      return false;
    }
    if (fieldWrites == null) {
      fieldWrites = new FieldWrites(walk.trees, walk.elements, walk.differentiables);
    }
    String field = fieldWrites.of(method).holdingNumbers();
    if (field == null) {
      return false;
    }
    reporter.error(
        node,
        Message.CALL_DIFFERENTIABLE,
        qualifiedCall(method),
        "it is given a value that carries a derivative and may keep it in "
            + field
            + ", where no derivative follows it; return the value instead (a helper returning"
            + " double is differentiated), or pass it only values that do not depend on the"
            + " differentiated parameters");
    return true;
  }

  /**
   * A helper with source called as a statement, given arrays ({@code fill(a, x);}, {@code
   * print(w);}), whose parameters are all of types the generated code passes.
   */
  private boolean isStatementGivenArrays(ExecutableElement method) {
    return walk.trees.getTree(method) != null && takesPassedArrays(method);
  }

  /**
   * Whether {@code method} takes a fixed number of parameters, each of a type the generated code
   * passes, arrays among them.
   */
  private static boolean takesPassedArrays(ExecutableElement method) {
    return !method.isVarArgs()
        && method.getParameters().stream()
            .allMatch(p -> Support.parameterTypeOf(p.asType()) != null)
        && method.getParameters().stream()
            .anyMatch(p -> Support.parameterTypeOf(p.asType()).isArray());
  }

  /**
   * Its call: run as the original runs it where it only reads the arrays; refused where it may
   * change one, as no derivative follows what it writes there (a helper filling an array it is
   * given), with the shape that does work: a helper returning the array.
   */
  private void statementGivenArrays(MethodInvocationTree node, ExecutableElement method) {
    for (int k = 0; k < method.getParameters().size(); k++) {
      if (!Support.parameterTypeOf(method.getParameters().get(k).asType()).isArray()) {
        continue;
      }
      String change = ArrayParameterChanges.firstChange(method, k, walk.trees);
      if (change != null) {
        reporter.error(
            node,
            Message.CALL_DIFFERENTIABLE,
            qualifiedCall(method),
            "it may change the elements of the array "
                + FenceWalk.oneLine(node.getArguments().get(k))
                + " it is given ("
                + change
                + "), and no derivative follows a change made by a method called as a statement;"
                + " make it create, fill and return a new array, and declare a local from its call"
                + " (double[] a = "
                + method.getSimpleName()
                + "(...);, read in place of the call), or compute each element with a method"
                + " returning double");
        return;
      }
    }
    if (!Support.isHandleReachable(method, walk.companionPackage)) {
      reporter.error(node, Message.CALL_DIFFERENTIABLE, qualifiedCall(method), unreachableData(method));
      return;
    }
    if (storesDerivative(node, method)) {
      return;
    }
    // It only reads them: called for its effect alone, as the original calls it.
    for (ExpressionTree arg : node.getArguments()) {
      TypeMirror argType = walk.trees.getTypeMirror(new TreePath(walk.path(), arg));
      if (argType != null && argType.getKind() == TypeKind.ARRAY) {
        walk.arrays.argument(arg);
      } else {
        walk.scan(arg);
      }
    }
  }

  /**
   * Whether the call's arguments match {@code callee}'s parameters one to one: always, unless the
   * callee takes a variable number of arguments and is not given them as one array.
   */
  private boolean passesOneToOne(MethodInvocationTree node, ExecutableElement callee) {
    if (!callee.isVarArgs()) {
      return true;
    }
    int count = callee.getParameters().size();
    if (node.getArguments().size() != count) {
      return false;
    }
    TypeMirror last =
        walk.trees.getTypeMirror(new TreePath(walk.path(), node.getArguments().get(count - 1)));
    return last != null && last.getKind() == TypeKind.ARRAY;
  }

  /** Why a call of another {@code @Differentiable} method cannot be differentiated, or null. */
  private String callProblem(ExecutableElement callee, boolean vectorCall) {
    TypeElement owner = (TypeElement) callee.getEnclosingElement();
    if (Differentiables.isOverridable(callee)) {
      return "a subclass may override it, and its derivative is that of the body written here;"
          + " make it final or private, or its class final";
    }
    if (callee.getReturnType().getKind() != TypeKind.DOUBLE && !vectorCall) {
      return "it does not return double";
    }
    if (!Support.isReadableFrom(callee, walk.companionPackage)
        && !outermost(callee).equals(outermostAtCall())) {
      return "it is private to its class, so the generated code cannot call it; make it"
          + " package-private";
    }
    ClassRef companion = Support.companionOf(owner);
    if (walk.trees.getTree(callee) == null
        && walk.elements.getTypeElement(companion.toString()) == null) {
      return "its class was compiled without Adjoint, so it has no "
          + companion.simpleName()
          + "; compile "
          + owner.getSimpleName()
          + " with the Adjoint processor";
    }
    if (!walk.differentiables.wrt(callee, walk.elements).contains(true)) {
      return "Adjoint cannot tell which of its parameters it differentiates (its companion does"
          + " not say, and its parameter names were not compiled in); recompile "
          + owner.getSimpleName()
          + " with this version of Adjoint";
    }
    return null;
  }

  /** The top-level class enclosing {@code e}. */
  private static Element outermost(Element e) {
    Element top = e;
    for (Element t = e; t instanceof TypeElement || t instanceof ExecutableElement;
        t = t.getEnclosingElement()) {
      top = t;
    }
    return top;
  }

  /**
   * The top-level class the call is in: a private method of it is one its companion holds the
   * derivatives of, and computes the value of through them.
   */
  private Element outermostAtCall() {
    Element top = null;
    for (TreePath p = walk.path(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof com.sun.source.tree.ClassTree) {
        top = walk.trees.getElement(p);
      }
    }
    return top;
  }

  /** {@code Owner.name(...)}, so a call of a library method says whose it is. */
  private static String qualifiedCall(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "(...)";
  }
}
