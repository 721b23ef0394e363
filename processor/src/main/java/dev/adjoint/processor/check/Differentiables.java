package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Visibility;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * The methods of a compilation whose derivatives are generated, decided once for all stages: those
 * annotated {@code @Differentiable}, and those differentiated <em>implicitly</em>: methods without
 * an annotation or a custom derivative, whose source is in the compilation and which return
 * {@code double}, called by a differentiable method with an argument that may carry a derivative
 * (see {@link PossiblyActive}), transitively. An implicit method is differentiated with respect to
 * its {@code double} and {@code double[]} parameters, to the highest order any caller needs.
 *
 * <p>An instance method counts only when called on an object the generated code reaches ({@link
 * CallReceiver}) and when no subclass can override it (it is private or final, or its class is
 * final): its generated derivative is that of the body read here, which a call on an overriding
 * object would not run.
 */
public final class Differentiables {
  /** Where a differentiable method's body calls an implicit method. */
  public record CallSite(ExecutableElement caller, TreePath call) {}

  /**
   * A method differentiated without an annotation.
   *
   * @param order the highest order any caller needs
   * @param sites the calls that need its derivatives, in the order found
   */
  public record Implicit(ExecutableElement method, int order, List<CallSite> sites) {
    /** The methods whose derivatives call its derivatives, each once. */
    public List<ExecutableElement> callers() {
      return sites.stream().map(CallSite::caller).distinct().toList();
    }
  }

  private final Map<ExecutableElement, Implicit> implicit;

  private Differentiables(Map<ExecutableElement, Implicit> implicit) {
    this.implicit = implicit;
  }

  /** No implicit methods: only the annotated ones are differentiable. */
  public static Differentiables annotatedOnly() {
    return new Differentiables(Map.of());
  }

  /** The annotated methods {@code roots} and the methods they make implicit, transitively. */
  public static Differentiables discover(
      Collection<ExecutableElement> roots, Trees trees, Elements elements) {
    Map<ExecutableElement, Integer> orders = new LinkedHashMap<>();
    Map<ExecutableElement, Map<Tree, CallSite>> sites = new LinkedHashMap<>();
    Deque<ExecutableElement> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      ExecutableElement caller = work.removeFirst();
      TreePath path = trees.getPath(caller);
      if (path == null
          || !(path.getLeaf() instanceof MethodTree tree)
          || tree.getBody() == null
          || !NestingDepth.isWithinLimits(tree.getBody())) {
        // Too deep to walk: the method's own check reports it.
        continue;
      }
      int order = orders.containsKey(caller) ? orders.get(caller) : Support.order(caller);
      List<VariableElement> wrt = new ArrayList<>();
      List<Boolean> mask =
          orders.containsKey(caller) ? implicitWrt(caller) : Support.wrtMask(caller, elements);
      for (int k = 0; k < mask.size(); k++) {
        if (mask.get(k)) {
          wrt.add(caller.getParameters().get(k));
        }
      }
      TreePath body = new TreePath(path, tree.getBody());
      Set<Element> active = PossiblyActive.of(body, trees, wrt);
      TypeElement receiverClass =
          caller.getModifiers().contains(Modifier.STATIC)
              ? null
              : (TypeElement) caller.getEnclosingElement();
      for (TreePath call : activeCalls(body, active, trees, receiverClass, List.of(caller))) {
        ExecutableElement callee = (ExecutableElement) trees.getElement(call);
        Integer known = orders.get(callee);
        sites.computeIfAbsent(callee, k -> new LinkedHashMap<>())
            .putIfAbsent(call.getLeaf(), new CallSite(caller, call));
        if (known == null || known < order) {
          orders.put(callee, known == null ? order : Math.max(known, order));
          work.addLast(callee);
        }
      }
    }
    Map<ExecutableElement, Implicit> out = new LinkedHashMap<>();
    orders.forEach(
        (m, order) ->
            out.put(m, new Implicit(m, order, List.copyOf(sites.get(m).values()))));
    return new Differentiables(out);
  }

  /**
   * The calls in {@code body} of methods that qualify to be differentiated implicitly, made for
   * their value with an argument that may carry a derivative; also in the bodies of helpers read
   * in place of their calls ({@link InlinedCalls}), which {@code inlining} are being read into.
   */
  private static List<TreePath> activeCalls(
      TreePath body,
      Set<Element> active,
      Trees trees,
      TypeElement receiverClass,
      List<ExecutableElement> inlining) {
    List<TreePath> out = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        TreePath path = getCurrentPath();
        InlinedCalls.Decision inline = InlinedCalls.of(path, trees, receiverClass, inlining);
        if (inline != null && inline.inlined() != null) {
          InlinedCalls.Inlined inlined = inline.inlined();
          List<ExecutableElement> deeper = new ArrayList<>(inlining);
          deeper.add(inlined.callee());
          Set<Element> calleeActive =
              PossiblyActive.of(
                  inlined.body(), trees, inlined.activeParameters(path, active, trees));
          boolean isStatic = inlined.callee().getModifiers().contains(Modifier.STATIC);
          out.addAll(
              activeCalls(
                  inlined.body(), calleeActive, trees, isStatic ? null : receiverClass, deeper));
        }
        if (trees.getElement(path) instanceof ExecutableElement callee
            && qualifies(callee, trees)
            && (callee.getModifiers().contains(Modifier.STATIC)
                || CallReceiver.of(path, trees, receiverClass) != null)
            && path.getParentPath().getLeaf().getKind() != Tree.Kind.EXPRESSION_STATEMENT
            && mentionsActive(path, node.getArguments(), active, trees)) {
          out.add(path);
        }
        return super.visitMethodInvocation(node, unused);
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, Void unused) {
        // A class declared in the body is refused by the fence; its methods are not this one's.
        return null;
      }

      @Override
      public Void visitLambdaExpression(
          com.sun.source.tree.LambdaExpressionTree node, Void unused) {
        return null;
      }
    }.scan(body, null);
    return out;
  }

  /** Whether an argument of type {@code double} or {@code double[]} names a possibly active value. */
  private static boolean mentionsActive(
      TreePath call,
      List<? extends ExpressionTree> args,
      Set<Element> active,
      Trees trees) {
    for (ExpressionTree arg : args) {
      TreePath path = new TreePath(call, arg);
      javax.lang.model.type.TypeMirror mirror = trees.getTypeMirror(path);
      Type type = mirror == null ? null : Support.parameterTypeOf(mirror);
      if ((type == Type.DOUBLE || type == Type.DOUBLE_ARRAY)
          && PossiblyActive.mentions(path, active, trees)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code callee} may be differentiated implicitly, wherever it is called from: its
   * source is in this compilation, it has neither an annotation nor a custom derivative, it
   * returns {@code double} and takes a {@code double} or {@code double[]}, and, if it is an
   * instance method, no subclass can override it.
   */
  public static boolean qualifies(ExecutableElement callee, Trees trees) {
    return callee.getKind() == ElementKind.METHOD
        && trees.getTree(callee) != null
        && !Support.isDifferentiable(callee)
        && Support.customGradient(callee) == null
        && !Support.isMathLibrary(callee)
        && !callee.getModifiers().contains(Modifier.ABSTRACT)
        && callee.getReturnType().getKind() == TypeKind.DOUBLE
        && implicitWrt(callee).contains(true)
        && !isOverridable(callee);
  }

  /**
   * Whether a subclass may override {@code method}, so that a call on an object may run another
   * body than the one read here.
   */
  public static boolean isOverridable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.STATIC)
        || modifiers.contains(Modifier.PRIVATE)
        || modifiers.contains(Modifier.FINAL)) {
      return false;
    }
    Element owner = method.getEnclosingElement();
    // An enum is final (javac marks it so) unless a constant has a body, which may override.
    return !(owner.getModifiers().contains(Modifier.FINAL)
        || owner.getKind() == ElementKind.RECORD);
  }

  /** Every {@code double} and {@code double[]} parameter: what an implicit method differentiates. */
  private static List<Boolean> implicitWrt(ExecutableElement method) {
    List<Boolean> mask = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      Type t = Support.parameterTypeOf(p.asType());
      mask.add(t == Type.DOUBLE || t == Type.DOUBLE_ARRAY);
    }
    return mask;
  }

  /** Whether {@code method}'s derivatives are generated, or were by an earlier compilation. */
  public boolean isDifferentiable(ExecutableElement method) {
    return Support.isDifferentiable(method) || implicit.containsKey(method);
  }

  /**
   * Whether the call {@code call} of {@code method} is made through its derivatives: every call
   * of an annotated method, and the calls of an implicit method that need them (those passing a
   * value that may carry a derivative). Other calls of an implicit method are data calls (through
   * a method handle where the companion cannot name the method).
   */
  public boolean isDifferentiableCall(ExecutableElement method, Tree call) {
    Implicit i = implicit.get(method);
    if (i == null) {
      return Support.isDifferentiable(method);
    }
    return i.sites().stream().anyMatch(site -> site.call().getLeaf() == call);
  }

  /** Whether {@code method} is differentiated without an annotation. */
  public boolean isImplicit(ExecutableElement method) {
    return implicit.containsKey(method);
  }

  /** The methods differentiated without an annotation. */
  public Collection<Implicit> implicit() {
    return implicit.values();
  }

  /** The implicit method {@code method}, or null. */
  public Implicit implicitOf(ExecutableElement method) {
    return implicit.get(method);
  }

  /** The order of a differentiable method's derivatives: 2 unless it or its callers say 1. */
  public int order(ExecutableElement method) {
    Implicit i = implicit.get(method);
    return i != null ? i.order() : Support.order(method);
  }

  /**
   * Whether {@code method}'s tracing sweep {@code mSparsity} would have the parameter types of
   * another differentiable overload's: the sweep replaces each differentiated {@code double},
   * {@code double[]} and {@code double[][]} by an {@code int}, {@code int[]} or {@code int[][]} of
   * handles, so {@code m(double, int)} and {@code m(int, double)} both become {@code
   * mSparsity(SparsityTracer, int, int)}, and the companion would not compile. Such methods get no
   * sweep (their sparse kinds take the dense pattern, their callers' sweeps make every input of
   * their arguments meet). Parameters whose types the IR does not tell apart (two enums) count as
   * the same: a collision found where there is none only costs the traced pattern.
   */
  public boolean sparsityCollides(ExecutableElement method, Elements elements) {
    List<Object> own = sweepSignature(method, elements);
    for (Element e : method.getEnclosingElement().getEnclosedElements()) {
      if (e != method
          && e instanceof ExecutableElement other
          && other.getKind() == ElementKind.METHOD
          && other.getSimpleName().contentEquals(method.getSimpleName())
          && isDifferentiable(other)
          && sweepSignature(other, elements).equals(own)) {
        return true;
      }
    }
    return false;
  }

  /** The parameter types of the sweep of {@code method}, as far as overloads tell them apart. */
  private List<Object> sweepSignature(ExecutableElement method, Elements elements) {
    List<Object> out = new ArrayList<>();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      out.add(Type.RECEIVER);
    }
    List<Boolean> mask = wrt(method, elements);
    for (int k = 0; k < method.getParameters().size(); k++) {
      javax.lang.model.type.TypeMirror t = method.getParameters().get(k).asType();
      Type ir = Support.parameterTypeOf(t);
      if (ir == null) {
        out.add(t.toString());
      } else if (mask.get(k)) {
        out.add(
            switch (ir) {
              case DOUBLE -> Type.INT;
              case DOUBLE_ARRAY -> Type.INT_ARRAY;
              case DOUBLE_MATRIX -> Type.INT_MATRIX;
              default -> ir;
            });
      } else {
        out.add(ir);
      }
    }
    return out;
  }

  /** For each parameter of a differentiable method, whether it is differentiated. */
  public List<Boolean> wrt(ExecutableElement method, Elements elements) {
    return implicit.containsKey(method) ? implicitWrt(method) : Support.wrtMask(method, elements);
  }

  /**
   * Who may call the derivatives of {@code method}: an implicit method's are private when only its
   * class's methods call them, package-private when methods of its package do, public otherwise;
   * an annotated method's follow the method.
   */
  public Visibility access(ExecutableElement method) {
    Implicit i = implicit.get(method);
    if (i == null) {
      return method.getModifiers().contains(Modifier.PUBLIC)
          ? Visibility.PUBLIC
          : Visibility.PACKAGE;
    }
    Element owner = method.getEnclosingElement();
    String ownPackage = Support.packageOf(method);
    Visibility access = Visibility.PRIVATE;
    for (ExecutableElement caller : i.callers()) {
      if (!Support.packageOf(caller).equals(ownPackage)) {
        return Visibility.PUBLIC;
      }
      if (!caller.getEnclosingElement().equals(owner)) {
        access = Visibility.PACKAGE;
      }
    }
    return access;
  }
}
