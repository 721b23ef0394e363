package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Which fields a call of a method may change, or the elements of whose arrays: the fields its
 * body and the bodies of the methods with source it calls or names (transitively: calls, the
 * constructors of {@code new}, with their class's initializers and their superclasses'
 * constructors, method references, and lambdas, whose bodies are read where they are written)
 * assign, or write an element of. "Any field" where that cannot be read: a differentiable method
 * compiled earlier that may have effects, a method or constructor without source given an array
 * (which it may fill), a method reference to a method without source, a call of a method a
 * subclass may override whose body is here or that has none (abstract, an interface's: the body
 * that runs is another, possibly a lambda made elsewhere), an element written through an array a
 * helper's parameter or local holds (which may be a field's), unless the local is made there as a
 * new array of numbers and never assigned again.
 *
 * <p>A read that Adjoint cannot keep where the original reads it (after a call on some paths of
 * an expression, in a loop's update) is refused only for such a field, so that a field nothing
 * changes (a model's setting) reads as it always did.
 */
public final class FieldWrites {
  /** The fields a call may change; {@code any} where they cannot all be named. */
  public record Writes(Set<VariableElement> fields, boolean any) {
    public boolean mayChange(VariableElement field) {
      return any || fields.contains(field);
    }

    /** Whether nothing outside the method changes. */
    public boolean none() {
      return !any && fields.isEmpty();
    }

    /**
     * A field it may change that can hold a number carrying a derivative (anything but an integer,
     * a boolean, a string, an enum or an array of integers or booleans), as {@code Owner.name};
     * "a field it cannot name" where they cannot all be named; null if there is none.
     */
    public String holdingNumbers() {
      if (any) {
        return "a field it cannot name";
      }
      return fields.stream()
          .filter(f -> !holdsOnlyData(f.asType()))
          .map(f -> f.getEnclosingElement().getSimpleName() + "." + f.getSimpleName())
          .sorted()
          .findFirst()
          .orElse(null);
    }

    private static boolean holdsOnlyData(javax.lang.model.type.TypeMirror type) {
      javax.lang.model.type.TypeKind kind = type.getKind();
      if (kind == javax.lang.model.type.TypeKind.ARRAY) {
        javax.lang.model.type.TypeKind element =
            ((javax.lang.model.type.ArrayType) type).getComponentType().getKind();
        return element.isPrimitive()
            && element != javax.lang.model.type.TypeKind.DOUBLE
            && element != javax.lang.model.type.TypeKind.FLOAT;
      }
      if (kind.isPrimitive()) {
        return kind != javax.lang.model.type.TypeKind.DOUBLE
            && kind != javax.lang.model.type.TypeKind.FLOAT;
      }
      return Support.dataObjectTypeOf(type) != null;
    }
  }

  private final Trees trees;
  private final Elements elements;
  private final Differentiables differentiables;

  public FieldWrites(Trees trees, Elements elements, Differentiables differentiables) {
    this.trees = trees;
    this.elements = elements;
    this.differentiables = differentiables;
  }

  private final java.util.Map<ExecutableElement, Writes> decided = new java.util.HashMap<>();

  /** What running {@code method} may change, through everything it calls. */
  public Writes of(ExecutableElement method) {
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
      Body body =
          new Body(differentiables.isDifferentiable(m), fields, any, called -> {
            if (seen.add(called)) {
              toRead.add(called);
            }
          });
      TreePath path = trees.getPath(m);
      if (path != null) {
        body.scan(path, null);
      } else if (m.getKind() != ElementKind.CONSTRUCTOR) {
        continue;
      }
      if (m.getKind() == ElementKind.CONSTRUCTOR) {
        readConstruction((TypeElement) m.getEnclosingElement(), body);
      }
      body.finish();
    }
    return new Writes(Set.copyOf(fields), any[0]);
  }

  /**
   * Whether a call of {@code method} may run a body other than the one read here: an override's,
   * for a method a subclass may override whose body is in the compilation or that has none (an
   * interface's or an abstract one: the body that runs may be a lambda made anywhere). An
   * overridable method of a library with a body is taken to be its own, as methods without
   * source are taken to be pure functions (README).
   */
  public static boolean mayRunAnotherBody(ExecutableElement method, Trees trees) {
    return method.getKind() == ElementKind.METHOD
        && Differentiables.isOverridable(method)
        && (trees.getPath(method) != null
            || method.getModifiers().contains(javax.lang.model.element.Modifier.ABSTRACT));
  }

  /**
   * What making an object of {@code type} runs besides its constructor's body: its initializers
   * (the static ones may run first here too) and its superclass's constructors, one of which its
   * constructor calls (written or implied).
   */
  private void readConstruction(TypeElement type, Body body) {
    TreePath classPath = trees.getPath(type);
    if (classPath != null) {
      for (com.sun.source.tree.Tree member :
          ((com.sun.source.tree.ClassTree) classPath.getLeaf()).getMembers()) {
        if (member instanceof com.sun.source.tree.BlockTree
            || member instanceof com.sun.source.tree.VariableTree) {
          body.scan(new TreePath(classPath, member), null);
        }
      }
    }
    if (type.getSuperclass() instanceof javax.lang.model.type.DeclaredType superclass) {
      for (Element e : superclass.asElement().getEnclosedElements()) {
        if (e.getKind() == ElementKind.CONSTRUCTOR) {
          body.reached((ExecutableElement) e, false);
        }
      }
    }
  }

  /** The writes of one body; the methods with source it calls go to {@code next}. */
  private final class Body extends WriteScanner {
    /** Whether the fence checks the body: its local arrays are then its own (no aliases). */
    private final boolean checked;
    private final Set<VariableElement> fields;
    private final boolean[] any;
    private final java.util.function.Consumer<ExecutableElement> next;
    /** Locals made as new one-dimensional arrays of numbers: nothing else can hold them. */
    private final Set<Element> fresh = new HashSet<>();
    /** Locals assigned after their declaration: they may then hold a field's array. */
    private final Set<Element> reassigned = new HashSet<>();
    /** Locals an element of which is written, decided when the whole body is read. */
    private final Set<Element> elementWritten = new HashSet<>();

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

    @Override
    public Void visitVariable(com.sun.source.tree.VariableTree v, Void unused) {
      Element local = trees.getElement(getCurrentPath());
      if (v.getInitializer() != null
          && isNewArray(new TreePath(getCurrentPath(), v.getInitializer()))
          && local != null
          && local.asType() instanceof javax.lang.model.type.ArrayType a
          && a.getComponentType().getKind().isPrimitive()) {
        fresh.add(local);
      }
      return super.visitVariable(v, unused);
    }

    /**
     * Whether the expression at {@code path} makes a new array: {@code new double[n]}, or a copy
     * ({@code a.clone()}, {@code Arrays.copyOf}, {@code Arrays.copyOfRange}), which for an array
     * of numbers shares nothing with the original.
     */
    private boolean isNewArray(TreePath path) {
      com.sun.source.tree.Tree leaf = path.getLeaf();
      if (leaf instanceof com.sun.source.tree.NewArrayTree) {
        return true;
      }
      if (!(leaf instanceof MethodInvocationTree call)
          || !(trees.getElement(path) instanceof ExecutableElement callee)) {
        return false;
      }
      return (call.getArguments().isEmpty() && callee.getSimpleName().contentEquals("clone"))
          || (isCopy(callee) && !isArraycopy(callee));
    }

    /** An element written through a local is a field's only if the local may hold one. */
    void finish() {
      for (Element local : elementWritten) {
        any[0] |= !fresh.contains(local) || reassigned.contains(local);
      }
    }

    @Override
    public Void visitAnnotation(com.sun.source.tree.AnnotationTree a, Void unused) {
      return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree m, Void unused) {
      if (trees.getElement(getCurrentPath()) instanceof ExecutableElement e) {
        reached(e, m.getArguments().stream().anyMatch(this::isArray));
        // A library object's method given a number may keep it (list.add(v), adder.add(v)),
        // in an object a field may hold, where a later read finds it.
        any[0] |=
            trees.getPath(e) == null
                && !differentiables.isDifferentiable(e)
                && !e.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
                && e.getKind() == ElementKind.METHOD
                && !isString(e.getEnclosingElement())
                && m.getArguments().stream().anyMatch(this::mayHoldNumber);
        if (isArraycopy(e) && m.getArguments().size() == 5) {
          // It writes the elements of its third argument, and only those.
          written(m.getArguments().get(2), true);
        }
      }
      return super.visitMethodInvocation(m, unused);
    }

    /** {@code Arrays.copyOf}, {@code Arrays.copyOfRange}, {@code System.arraycopy}. */
    private boolean isCopy(ExecutableElement e) {
      String name = e.getEnclosingElement() + "." + e.getSimpleName();
      return isArraycopy(e)
          || name.equals("java.util.Arrays.copyOf")
          || name.equals("java.util.Arrays.copyOfRange");
    }

    private boolean isArraycopy(ExecutableElement e) {
      return (e.getEnclosingElement() + "." + e.getSimpleName()).equals("java.lang.System.arraycopy");
    }

    @Override
    public Void visitNewClass(com.sun.source.tree.NewClassTree n, Void unused) {
      if (trees.getElement(getCurrentPath()) instanceof ExecutableElement e) {
        reached(e, n.getArguments().stream().anyMatch(this::isArray));
      } else {
        any[0] = true;
      }
      return super.visitNewClass(n, unused);
    }

    @Override
    public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree r, Void unused) {
      // Whatever receives it may call it, with any arguments: its body counts as if called here.
      if (trees.getElement(getCurrentPath()) instanceof ExecutableElement e
          && trees.getPath(e) != null) {
        reached(e, false);
      } else {
        any[0] = true;
      }
      return super.visitMemberReference(r, unused);
    }

    /**
     * A method or constructor that running the body may run; {@code givenArrays} if the call
     * passes it an array.
     */
    void reached(ExecutableElement e, boolean givenArrays) {
      boolean hasSource = trees.getPath(e) != null;
      if (mayRunAnotherBody(e, trees)) {
        any[0] = true;
      } else if (hasSource || e.getKind() == ElementKind.CONSTRUCTOR && isInCompilation(e)) {
        next.accept(e);
      } else if (differentiables.isDifferentiable(e)) {
        any[0] |= !Boolean.FALSE.equals(Support.compiledHasEffects(e, elements));
      } else if (!isCopy(e)) {
        // A library method given an array may fill it (Arrays.fill).
        any[0] |= givenArrays;
      }
    }

    /** A constructor without a tree of its own (a default one) of a class with source. */
    private boolean isInCompilation(ExecutableElement constructor) {
      return trees.getPath(constructor.getEnclosingElement()) != null;
    }

    private boolean isString(Element type) {
      return type instanceof TypeElement t && t.getQualifiedName().contentEquals("java.lang.String");
    }

    /**
     * Whether an argument may be or hold a number that carries a derivative: a {@code double} or
     * {@code float}, or an object other than a string, an enum or a boxed integer or boolean.
     */
    private boolean mayHoldNumber(ExpressionTree argument) {
      javax.lang.model.type.TypeMirror type =
          trees.getTypeMirror(new TreePath(getCurrentPath(), argument));
      if (type == null) {
        return true;
      }
      javax.lang.model.type.TypeKind kind = type.getKind();
      if (kind.isPrimitive()) {
        return kind == javax.lang.model.type.TypeKind.DOUBLE
            || kind == javax.lang.model.type.TypeKind.FLOAT;
      }
      if (kind == javax.lang.model.type.TypeKind.DECLARED
          && ((javax.lang.model.type.DeclaredType) type).asElement() instanceof TypeElement t) {
        String name = t.getQualifiedName().toString();
        return t.getKind() != ElementKind.ENUM
            && !List.of(
                    "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
                    "java.lang.Character", "java.lang.Short", "java.lang.Byte")
                .contains(name);
      }
      return kind != javax.lang.model.type.TypeKind.NULL;
    }

    private boolean isArray(ExpressionTree argument) {
      javax.lang.model.type.TypeMirror type =
          trees.getTypeMirror(new TreePath(getCurrentPath(), argument));
      return type == null || type.getKind() == javax.lang.model.type.TypeKind.ARRAY;
    }

    @Override
    protected void written(ExpressionTree target) {
      written(target, false);
    }

    /** {@code target} is written; {@code element}: an element of the array it names. */
    private void written(ExpressionTree target, boolean element) {
      ExpressionTree root = target;
      while (root instanceof ArrayAccessTree || root instanceof ParenthesizedTree) {
        element |= root instanceof ArrayAccessTree;
        root =
            root instanceof ArrayAccessTree a
                ? a.getExpression()
                : ((ParenthesizedTree) root).getExpression();
      }
      Element variable = trees.getElement(new TreePath(getCurrentPath(), root));
      boolean local = variable != null && variable.getKind() == ElementKind.LOCAL_VARIABLE;
      if (variable != null && variable.getKind() == ElementKind.FIELD) {
        fields.add((VariableElement) variable);
      } else if (element && local && !checked) {
        elementWritten.add(variable);
      } else if (element) {
        any[0] |= !local;
      } else {
        any[0] |= variable == null;
        if (local) {
          reassigned.add(variable);
        }
      }
    }
  }
}
