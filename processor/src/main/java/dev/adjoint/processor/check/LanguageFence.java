package dev.adjoint.processor.check;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.Tree.Kind;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Type;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The language fence: walks a method body and reports every construct Adjoint does not
 * differentiate, each on its own line, so the user sees all of them in one compilation. Anything
 * not explicitly allowed is refused, so a construct from a newer Java is an error, never a silently
 * wrong derivative.
 */
public final class LanguageFence extends TreePathScanner<Void, Void> {
  private static final Set<Kind> STATEMENTS =
      EnumSet.of(
          Kind.BLOCK,
          Kind.EMPTY_STATEMENT,
          Kind.VARIABLE,
          Kind.EXPRESSION_STATEMENT,
          Kind.IF,
          Kind.RETURN,
          Kind.FOR_LOOP,
          Kind.WHILE_LOOP,
          Kind.DO_WHILE_LOOP,
          Kind.ENHANCED_FOR_LOOP,
          Kind.BREAK,
          Kind.CONTINUE);

  private static final Set<Kind> EXPRESSIONS =
      EnumSet.of(
          Kind.PARENTHESIZED,
          Kind.CONDITIONAL_EXPRESSION,
          Kind.TYPE_CAST,
          Kind.METHOD_INVOCATION,
          Kind.ARRAY_ACCESS,
          Kind.IDENTIFIER,
          Kind.MEMBER_SELECT,
          Kind.INT_LITERAL,
          Kind.LONG_LITERAL,
          Kind.DOUBLE_LITERAL,
          Kind.FLOAT_LITERAL,
          Kind.BOOLEAN_LITERAL,
          Kind.CHAR_LITERAL,
          Kind.STRING_LITERAL,
          Kind.NULL_LITERAL,
          Kind.UNARY_MINUS,
          Kind.UNARY_PLUS,
          Kind.LOGICAL_COMPLEMENT,
          Kind.BITWISE_COMPLEMENT,
          Kind.PREFIX_INCREMENT,
          Kind.PREFIX_DECREMENT,
          Kind.POSTFIX_INCREMENT,
          Kind.POSTFIX_DECREMENT,
          Kind.MULTIPLY,
          Kind.DIVIDE,
          Kind.REMAINDER,
          Kind.PLUS,
          Kind.MINUS,
          Kind.LEFT_SHIFT,
          Kind.RIGHT_SHIFT,
          Kind.UNSIGNED_RIGHT_SHIFT,
          Kind.LESS_THAN,
          Kind.GREATER_THAN,
          Kind.LESS_THAN_EQUAL,
          Kind.GREATER_THAN_EQUAL,
          Kind.EQUAL_TO,
          Kind.NOT_EQUAL_TO,
          Kind.AND,
          Kind.XOR,
          Kind.OR,
          Kind.CONDITIONAL_AND,
          Kind.CONDITIONAL_OR,
          Kind.ASSIGNMENT,
          Kind.PLUS_ASSIGNMENT,
          Kind.MINUS_ASSIGNMENT,
          Kind.MULTIPLY_ASSIGNMENT,
          Kind.DIVIDE_ASSIGNMENT,
          Kind.REMAINDER_ASSIGNMENT,
          Kind.AND_ASSIGNMENT,
          Kind.OR_ASSIGNMENT,
          Kind.XOR_ASSIGNMENT,
          Kind.LEFT_SHIFT_ASSIGNMENT,
          Kind.RIGHT_SHIFT_ASSIGNMENT,
          Kind.UNSIGNED_RIGHT_SHIFT_ASSIGNMENT);

  private final Trees trees;
  private final ExpressionTypes types;
  private final Reporter reporter;
  private final String companionPackage;
  private final TypeElement receiverClass;
  private final Elements elements;
  private java.util.Set<Element> possiblyActive = java.util.Set.of();
  private int loopDepth;
  /** Local arrays made with new in this method: the only arrays whose elements may be written. */
  private final java.util.Set<Element> localArrays = new java.util.HashSet<>();
  /** Whether the method returns {@code double[]}: a vector-valued method. */
  private boolean returnsArray;
  /** The one {@code new double[n]} being scanned as a local array's initializer. */
  private Tree newArrayAllowed;

  private LanguageFence(
      Trees trees,
      Elements elements,
      Reporter reporter,
      String companionPackage,
      TypeElement receiverClass) {
    this.elements = elements;
    this.trees = trees;
    this.types = new ExpressionTypes(trees);
    this.reporter = reporter;
    this.companionPackage = companionPackage;
    this.receiverClass = receiverClass;
  }

  /**
   * Reports every unsupported construct in the body at {@code body}.
   *
   * @param receiverClass the class of an instance method, whose fields it may read; null if static
   */
  public static void check(
      TreePath body,
      Trees trees,
      Elements elements,
      Reporter reporter,
      String companionPackage,
      TypeElement receiverClass,
      java.util.Collection<? extends Element> wrt) {
    LanguageFence fence =
        new LanguageFence(trees, elements, reporter, companionPackage, receiverClass);
    fence.possiblyActive = PossiblyActive.of(body, trees, wrt);
    fence.returnsArray =
        trees.getElement(body.getParentPath()) instanceof javax.lang.model.element.ExecutableElement m
            && m.getReturnType().getKind() == TypeKind.ARRAY;
    fence.scan(body, null);
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (tree == null) {
      return null;
    }
    Kind kind = tree.getKind();
    if (STATEMENTS.contains(kind) || EXPRESSIONS.contains(kind) || tree == newArrayAllowed) {
      return super.scan(tree, unused);
    }
    refuse(tree);
    return null;
  }

  private void refuse(Tree tree) {
    switch (tree.getKind().name()) {
      case "TRY" -> reporter.error(tree, Message.TRY, "try/catch");
      case "THROW" -> reporter.error(tree, Message.TRY, "throw");
      case "SWITCH", "SWITCH_EXPRESSION" -> reporter.error(tree, Message.SWITCH);
      case "NEW_CLASS" -> reporter.error(tree, Message.NEW_OBJECT, "new " + ((com.sun.source.tree.NewClassTree) tree).getIdentifier());
      case "NEW_ARRAY" -> reporter.error(tree, Message.ARRAY, oneLine(tree));
      case "LAMBDA_EXPRESSION", "MEMBER_REFERENCE" -> reporter.error(tree, Message.LAMBDA);
      case "INSTANCE_OF" -> reporter.error(tree, Message.UNSUPPORTED_EXPRESSION, "instanceof");
      case "CLASS" -> reporter.error(tree, Message.UNSUPPORTED_STATEMENT, "A local class");
      default ->
          reporter.error(
              tree,
              tree instanceof ExpressionTree
                  ? Message.UNSUPPORTED_EXPRESSION
                  : Message.UNSUPPORTED_STATEMENT,
              describe(tree));
    }
  }

  private static String describe(Tree tree) {
    String kind = tree.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return switch (tree.getKind().name()) {
      case "BREAK" -> "break";
      case "CONTINUE" -> "continue";
      case "ASSERT" -> "assert";
      case "SYNCHRONIZED" -> "synchronized";
      case "LABELED_STATEMENT" -> "A labeled statement";
      case "YIELD" -> "yield";
      default -> Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    };
  }

  @Override
  public Void visitReturn(com.sun.source.tree.ReturnTree node, Void unused) {
    if (loopDepth > 0) {
      reporter.error(node, Message.LOOP);
    }
    if (returnsArray) {
      // A vector-valued method returns one of its local arrays, by name.
      ExpressionTree value = node.getExpression();
      Element array =
          value instanceof IdentifierTree
              ? trees.getElement(new TreePath(getCurrentPath(), value))
              : null;
      if (array == null
          || !localArrays.contains(array)
          || !array.asType().toString().equals("double[]")) {
        reporter.error(
            value,
            Message.ARRAY,
            "returning "
                + oneLine(value)
                + " (a method returning double[] returns a local array made with new double[n],"
                + " by its name)");
      }
      return null;
    }
    return super.visitReturn(node, unused);
  }

  @Override
  public Void visitBreak(com.sun.source.tree.BreakTree node, Void unused) {
    if (node.getLabel() != null) {
      reporter.error(node, Message.UNSUPPORTED_STATEMENT, "A labeled break");
    }
    return null;
  }

  @Override
  public Void visitContinue(com.sun.source.tree.ContinueTree node, Void unused) {
    if (node.getLabel() != null) {
      reporter.error(node, Message.UNSUPPORTED_STATEMENT, "A labeled continue");
    }
    return null;
  }

  @Override
  public Void visitForLoop(com.sun.source.tree.ForLoopTree node, Void unused) {
    scan(node.getInitializer(), null);
    scan(node.getCondition(), null);
    scan(node.getUpdate(), null);
    return inLoop(node.getStatement());
  }

  @Override
  public Void visitWhileLoop(com.sun.source.tree.WhileLoopTree node, Void unused) {
    scan(node.getCondition(), null);
    return inLoop(node.getStatement());
  }

  @Override
  public Void visitDoWhileLoop(com.sun.source.tree.DoWhileLoopTree node, Void unused) {
    scan(node.getCondition(), null);
    return inLoop(node.getStatement());
  }

  @Override
  public Void visitEnhancedForLoop(com.sun.source.tree.EnhancedForLoopTree node, Void unused) {
    ExpressionTree array = node.getExpression();
    if (checkArray(array)) {
      Element variable = trees.getElement(new TreePath(getCurrentPath(), node.getVariable()));
      Type type = variable == null ? null : Support.parameterTypeOf(variable.asType());
      if (type == null || type == Type.DOUBLE_MATRIX || type == Type.INT_ARRAY) {
        reporter.error(node.getVariable(), Message.VALUE_TYPE, node.getVariable().getType());
      }
      // Java evaluates the array once; Adjoint reads it in every iteration, so it must not change.
      java.util.Set<Element> read = new java.util.HashSet<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree id, Void v) {
          read.add(trees.getElement(getCurrentPath()));
          return null;
        }
      }.scan(new TreePath(getCurrentPath(), array), null);
      java.util.Set<Element> written = assignedIn(new TreePath(getCurrentPath(), node.getStatement()));
      read.retainAll(written);
      if (!read.isEmpty()) {
        reporter.error(
            array,
            Message.ARRAY,
            "looping over "
                + oneLine(array)
                + ", which the loop changes (the array of an enhanced for is read in every"
                + " iteration; use a counted loop)");
      }
    }
    return inLoop(node.getStatement());
  }

  @Override
  public Void visitNewArray(com.sun.source.tree.NewArrayTree node, Void unused) {
    // Reached only for a local array's new double[n]: its length is all there is to check.
    return scan(node.getDimensions(), null);
  }

  /** Whether an expression reads elements of {@code e} (its length aside, which never changes). */
  private boolean mentions(ExpressionTree tree, Element e) {
    boolean[] found = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMemberSelect(MemberSelectTree m, Void v) {
        return m.getIdentifier().contentEquals("length") ? null : super.visitMemberSelect(m, v);
      }

      @Override
      public Void visitIdentifier(IdentifierTree id, Void v) {
        if (e.equals(trees.getElement(getCurrentPath()))) {
          found[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(getCurrentPath(), tree), null);
    return found[0];
  }

  /** The local variables and parameters assigned anywhere in a statement. */
  private java.util.Set<Element> assignedIn(TreePath statement) {
    java.util.Set<Element> written = new java.util.HashSet<>();
    new TreePathScanner<Void, Void>() {
      private void target(ExpressionTree t) {
        Element e = trees.getElement(new TreePath(getCurrentPath(), t));
        if (e != null) {
          written.add(e);
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree a, Void v) {
        target(a.getVariable());
        return super.visitAssignment(a, v);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree a, Void v) {
        target(a.getVariable());
        return super.visitCompoundAssignment(a, v);
      }

      @Override
      public Void visitUnary(UnaryTree u, Void v) {
        switch (u.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              target(u.getExpression());
          default -> {}
        }
        return super.visitUnary(u, v);
      }
    }.scan(statement, null);
    return written;
  }

  private Void inLoop(Tree body) {
    loopDepth++;
    try {
      return scan(body, null);
    } finally {
      loopDepth--;
    }
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    Element variable = trees.getElement(getCurrentPath());
    TypeMirror type = variable == null ? null : variable.asType();
    if (type != null && type.getKind() == TypeKind.ARRAY) {
      Type arrayType = Support.parameterTypeOf(type);
      int dimensions = arrayType == Type.DOUBLE_ARRAY ? 1 : arrayType == Type.DOUBLE_MATRIX ? 2 : 0;
      if (dimensions == 0
          || !(node.getInitializer() instanceof com.sun.source.tree.NewArrayTree n)
          || n.getDimensions().size() != dimensions
          || n.getInitializers() != null) {
        reporter.error(
            node,
            Message.ARRAY,
            "local array "
                + node.getName()
                + " must be made with new double[length] or new double[rows][columns]");
      } else if (loopDepth > 0) {
        reporter.error(
            node,
            Message.ARRAY,
            "making array " + node.getName() + " inside a loop (make it once, before the loop)");
      } else {
        newArrayAllowed = n;
        scan(n, null);
        newArrayAllowed = null;
        localArrays.add(variable);
      }
      return null;
    } else if (type == null || Support.typeOf(type) == null) {
      reporter.error(node, Message.VALUE_TYPE, type);
    }
    return scan(node.getInitializer(), null);
  }

  @Override
  public Void visitLiteral(LiteralTree node, Void unused) {
    switch (node.getKind()) {
      case FLOAT_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "float");
      case CHAR_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "char");
      case STRING_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "String");
      case NULL_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "null");
      default -> {}
    }
    return null;
  }

  @Override
  public Void visitIdentifier(IdentifierTree node, Void unused) {
    Element e = trees.getElement(getCurrentPath());
    if (e == null) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, node.getName());
    } else if (e.getKind() == ElementKind.FIELD && !node.getName().contentEquals("this")) {
      checkField(node, (VariableElement) e);
    } else if ((e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE)
        && e.asType().getKind() == TypeKind.ARRAY) {
      // Reached only where a whole array is used as a value: its elements and length are read
      // through visitArrayAccess and visitMemberSelect.
      reporter.error(node, Message.ARRAY, "using the whole array " + node.getName() + " as a value");
    } else if (e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE) {
      checkValueType(node);
    } else if (node.getName().contentEquals("this") || node.getName().contentEquals("super")) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, node.getName());
    } else {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, "\"" + node.getName() + "\"");
    }
    return null;
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree node, Void unused) {
    Element e = trees.getElement(getCurrentPath());
    if (e != null && e.getKind() == ElementKind.FIELD) {
      if (node.getIdentifier().contentEquals("length")
          && trees.getTypeMirror(new TreePath(getCurrentPath(), node.getExpression())) != null
          && trees.getTypeMirror(new TreePath(getCurrentPath(), node.getExpression())).getKind()
              == TypeKind.ARRAY) {
        checkArray(node.getExpression());
      } else {
        checkField(node, (VariableElement) e);
      }
    } else {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, oneLine(node));
    }
    return null;
  }

  @Override
  public Void visitArrayAccess(com.sun.source.tree.ArrayAccessTree node, Void unused) {
    if (checkArray(node.getExpression())) {
      scan(node.getIndex(), null);
    }
    return null;
  }

  /**
   * Elements and lengths are read of arrays named directly (parameters, local arrays, the variable
   * of an enhanced for) and of the rows {@code m[i]} of {@code double[][]} parameters.
   */
  private boolean checkArray(ExpressionTree array) {
    TreePath path = new TreePath(getCurrentPath(), array);
    if (array instanceof com.sun.source.tree.ArrayAccessTree row) {
      Element matrix = trees.getElement(new TreePath(path, row.getExpression()));
      if (matrix != null
          && (row.getExpression() instanceof IdentifierTree
              || row.getExpression() instanceof MemberSelectTree)
          && (matrix.getKind() == ElementKind.PARAMETER
              || matrix.getKind() == ElementKind.LOCAL_VARIABLE
              || matrix.getKind() == ElementKind.FIELD)
          && Support.parameterTypeOf(matrix.asType()) == Type.DOUBLE_MATRIX) {
        scan(array, null);
        return true;
      }
    }
    Element e = trees.getElement(path);
    if (e != null
        && e.getKind() == ElementKind.FIELD
        && Support.parameterTypeOf(e.asType()) != null
        && (array instanceof IdentifierTree || array instanceof MemberSelectTree)) {
      // An array field of the receiver, or a static one: read as data.
      return checkArrayField(array, (VariableElement) e);
    }
    if (!(array instanceof IdentifierTree)
        || e == null
        || (e.getKind() != ElementKind.PARAMETER && e.getKind() != ElementKind.LOCAL_VARIABLE)
        || Support.parameterTypeOf(e.asType()) == null) {
      reporter.error(array, Message.ARRAY, "reading " + oneLine(array));
      return false;
    }
    return true;
  }

  private boolean checkArrayField(Tree node, VariableElement field) {
    String name = field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) && !isReceiverField(node, field)) {
      reporter.error(node, Message.INSTANCE_FIELD, name);
      return false;
    } else if (!Support.isReadableFrom(field, companionPackage)) {
      reporter.error(node, Message.PRIVATE_FIELD, name);
      return false;
    }
    return true;
  }

  private void checkField(Tree node, VariableElement field) {
    String name = field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) && !isReceiverField(node, field)) {
      reporter.error(node, Message.INSTANCE_FIELD, name);
    } else if (field.getConstantValue() == null
        && !Support.isReadableFrom(field, companionPackage)) {
      reporter.error(node, Message.PRIVATE_FIELD, name);
    } else if (Support.typeOf(field.asType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, field.asType());
    }
  }

  /**
   * Whether {@code node} reads a field of the method's own receiver: written {@code f} or
   * {@code this.f}, and declared by the receiver's class or a superclass (not by an enclosing
   * instance, which the companion cannot reach).
   */
  private boolean isReceiverField(Tree node, VariableElement field) {
    if (receiverClass == null) {
      return false;
    }
    if (node instanceof MemberSelectTree select
        && !(select.getExpression() instanceof IdentifierTree id
            && id.getName().contentEquals("this"))) {
      return false;
    }
    Element owner = field.getEnclosingElement();
    for (TypeElement t = receiverClass; t != null; ) {
      if (t.equals(owner)) {
        return true;
      }
      Element superclass =
          t.getSuperclass().getKind() == TypeKind.DECLARED
              ? ((javax.lang.model.type.DeclaredType) t.getSuperclass()).asElement()
              : null;
      t = superclass instanceof TypeElement st ? st : null;
    }
    return false;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    Element e = trees.getElement(getCurrentPath());
    String name = oneLine(node.getMethodSelect()) + "(...)";
    if (!(e instanceof ExecutableElement method)) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, name);
      return null;
    }
    // A call made as a statement: its value, if any, is discarded, so no derivative flows through it.
    boolean discarded = getCurrentPath().getParentPath().getLeaf().getKind() == Kind.EXPRESSION_STATEMENT;
    if (Support.isMathLibrary(method)) {
      String qualified =
          method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "()";
      if (method.getSimpleName().contentEquals("random") && !discarded) {
        reporter.error(node, Message.RANDOM, qualified);
        return null;
      }
      if (!discarded
          && !Support.hasRule(method)
          && method.getReturnType().getKind() != TypeKind.INT
          && method.getReturnType().getKind() != TypeKind.LONG) {
        reporter.error(node, Message.NO_DERIVATIVE_RULE, qualified);
        return null;
      }
      if (!discarded) {
        checkValueType(node);
      }
      for (ExpressionTree arg : node.getArguments()) {
        scan(arg, null);
      }
      return null;
    }
    ExecutableElement custom = Support.customGradient(method);
    boolean takesArrays =
        method.getParameters().stream().anyMatch(p -> Support.typeOf(p.asType()) == null);
    boolean takesMatrices =
        method.getParameters().stream()
            .anyMatch(p -> Support.parameterTypeOf(p.asType()) != Type.DOUBLE_ARRAY
                && Support.parameterTypeOf(p.asType()) != Type.INT_ARRAY
                && Support.typeOf(p.asType()) == null);
    if (!Support.isDifferentiable(method) && custom != null && takesArrays) {
      reporter.error(
          node,
          Message.CALL_DIFFERENTIABLE,
          qualifiedCall(method),
          "it takes an array, and @GradientOf methods with array parameters are not supported yet");
      return null;
    }
    if (Support.isDifferentiable(method) && takesMatrices) {
      reporter.error(
          node,
          Message.CALL_DIFFERENTIABLE,
          qualifiedCall(method),
          "it takes a double[][], and passing matrices on is not supported yet; pass its rows");
      return null;
    }
    if (!Support.isDifferentiable(method) && custom != null) {
      if (!Support.isReadableFrom(custom, companionPackage)
          || !Support.isReadableFrom(method, companionPackage)) {
        reporter.error(
            node,
            Message.CALL_DIFFERENTIABLE,
            qualifiedCall(method),
            "it or its @GradientOf method is private to its class; make them package-private");
        return null;
      }
      for (ExpressionTree arg : node.getArguments()) {
        scan(arg, null);
      }
    } else if (Support.isDifferentiable(method)) {
      String problem = callProblem(method);
      if (problem != null) {
        reporter.error(node, Message.CALL_DIFFERENTIABLE, qualifiedCall(method), problem);
        return null;
      }
      for (ExpressionTree arg : node.getArguments()) {
        TypeMirror argType = trees.getTypeMirror(new TreePath(getCurrentPath(), arg));
        if (argType != null && argType.getKind() == TypeKind.ARRAY) {
          arrayArgument(arg);
        } else {
          scan(arg, null);
        }
      }
    } else if (isPlainDataCall(method, discarded)
        && (discarded
            || !(method.getReturnType().getKind() == TypeKind.DOUBLE
                && PossiblyActive.anyDoubleArgumentMentions(
                    getCurrentPath(), node.getArguments(), possiblyActive, trees, types)))) {
      // A helper computing data (from data, or an int or boolean from anything) may be called,
      // and any helper for its effect alone.
      for (ExpressionTree arg : node.getArguments()) {
        scan(arg, null);
      }
    } else {
      reporter.error(node, Message.CALL_NOT_DIFFERENTIABLE, qualifiedCall(method));
    }
    return null;
  }

  /** An array passed whole to a differentiable method: an array variable, or a row {@code m[i]}. */
  private void arrayArgument(ExpressionTree arg) {
    Element field = trees.getElement(new TreePath(getCurrentPath(), arg));
    if (field != null
        && field.getKind() == ElementKind.FIELD
        && (arg instanceof IdentifierTree || arg instanceof MemberSelectTree)) {
      checkArrayField(arg, (VariableElement) field);
      return;
    }
    if (arg instanceof IdentifierTree) {
      Element e = trees.getElement(new TreePath(getCurrentPath(), arg));
      if (e != null
          && (e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE)
          && Support.parameterTypeOf(e.asType()) != null) {
        return;
      }
    } else if (arg instanceof com.sun.source.tree.ArrayAccessTree) {
      scan(arg, null);
      return;
    }
    reporter.error(
        arg,
        Message.ARRAY,
        "passing " + oneLine(arg) + " (pass an array variable, or a row m[i] of a double[][])");
  }

  @Override
  public Void visitTypeCast(TypeCastTree node, Void unused) {
    if (ExpressionTypes.castType(node.getType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, node.getType());
      return null;
    }
    return scan(node.getExpression(), null);
  }

  @Override
  public Void visitUnary(UnaryTree node, Void unused) {
    checkValueType(node);
    switch (node.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
        checkStatementPosition(node);
        checkAssignable(node, node.getExpression());
        return null;
      }
      default -> {
        return scan(node.getExpression(), null);
      }
    }
  }

  @Override
  public Void visitBinary(com.sun.source.tree.BinaryTree node, Void unused) {
    scanOperandsReportingType(node);
    return null;
  }

  /**
   * Scans an operator's operands, which report an unsupported type where it arises (the string
   * literal in {@code "a" == "b"}) along with any other problem they have; the operator itself is
   * blamed only if none of them was.
   */
  private void scanOperandsReportingType(Tree node) {
    boolean supported = types.typeOf(getCurrentPath()) != null;
    int before = reporter.errorCount();
    for (Tree operand : operands(node)) {
      scan(operand, null);
    }
    if (!supported && reporter.errorCount() == before) {
      reporter.error(node, Message.VALUE_TYPE, describeType(getCurrentPath()));
    }
  }

  @Override
  public Void visitConditionalExpression(
      com.sun.source.tree.ConditionalExpressionTree node, Void unused) {
    scan(node.getCondition(), null);
    scanOperandsReportingType(node);
    return null;
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    checkStatementPosition(node);
    checkAssignable(node, node.getVariable());
    return scan(node.getExpression(), null);
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    checkStatementPosition(node);
    checkAssignable(node, node.getVariable());
    return scan(node.getExpression(), null);
  }

  @Override
  public Void visitExpressionStatement(
      com.sun.source.tree.ExpressionStatementTree node, Void unused) {
    switch (node.getExpression().getKind().name()) {
      case "ASSIGNMENT",
          "PLUS_ASSIGNMENT",
          "MINUS_ASSIGNMENT",
          "MULTIPLY_ASSIGNMENT",
          "DIVIDE_ASSIGNMENT",
          "REMAINDER_ASSIGNMENT",
          "AND_ASSIGNMENT",
          "OR_ASSIGNMENT",
          "XOR_ASSIGNMENT",
          "LEFT_SHIFT_ASSIGNMENT",
          "RIGHT_SHIFT_ASSIGNMENT",
          "UNSIGNED_RIGHT_SHIFT_ASSIGNMENT",
          "PREFIX_INCREMENT",
          "PREFIX_DECREMENT",
          "POSTFIX_INCREMENT",
          "POSTFIX_DECREMENT" -> {
        return super.visitExpressionStatement(node, null);
      }
      case "METHOD_INVOCATION" -> {
        // A call for its effect: accepted or refused for what it calls, as anywhere else.
        return super.visitExpressionStatement(node, null);
      }
      default -> {
        reporter.error(node, Message.UNSUPPORTED_STATEMENT, "An expression whose value is unused");
        return null;
      }
    }
  }

  private void checkStatementPosition(Tree node) {
    Tree parent = getCurrentPath().getParentPath().getLeaf();
    if (parent.getKind() != Kind.EXPRESSION_STATEMENT) {
      reporter.error(node, Message.ASSIGNMENT_AS_VALUE, oneLine(node));
    }
  }

  private void checkAssignable(Tree node, ExpressionTree target) {
    Element e = trees.getElement(new TreePath(getCurrentPath(), target));
    if (target instanceof com.sun.source.tree.ArrayAccessTree element) {
      ExpressionTree base = element.getExpression();
      Type expected = Type.DOUBLE_ARRAY;
      if (base instanceof com.sun.source.tree.ArrayAccessTree row) {
        base = row.getExpression();
        expected = Type.DOUBLE_MATRIX;
      }
      Element array = trees.getElement(new TreePath(getCurrentPath(), base));
      if (!(base instanceof IdentifierTree)
          || array == null
          || !localArrays.contains(array)
          || Support.parameterTypeOf(array.asType()) != expected) {
        reporter.error(
            node,
            Message.ARRAY,
            "writing the element "
                + oneLine(target)
                + " (only elements of local arrays made with new double[n] or new"
                + " double[rows][columns] can be written: the generated methods must not change"
                + " their inputs)");
      } else if (mentions(element.getIndex(), array)
          || (element.getExpression() instanceof com.sun.source.tree.ArrayAccessTree r
              && mentions(r.getIndex(), array))) {
        reporter.error(
            node,
            Message.ARRAY,
            "writing " + oneLine(target) + ", whose index reads the array it writes (compute the"
                + " index into an int local first)");
      } else {
        scan(target, null);
      }
    } else if (e != null && e.getKind() == ElementKind.FIELD) {
      reporter.error(node, Message.FIELD_WRITE, e.getSimpleName());
    } else if (e == null
        || (e.getKind() != ElementKind.PARAMETER && e.getKind() != ElementKind.LOCAL_VARIABLE)) {
      reporter.error(node, Message.NOT_ASSIGNABLE, oneLine(target));
    } else if (Support.typeOf(e.asType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, e.asType());
    }
  }

  /** Reports a value of an unsupported type (String, float, an object, ...); true if fine. */
  private boolean checkValueType(Tree node) {
    if (types.typeOf(getCurrentPath()) == null) {
      reporter.error(node, Message.VALUE_TYPE, describeType(getCurrentPath()));
      return false;
    }
    return true;
  }

  /**
   * Names the unsupported type in an expression: that of the innermost part whose type Adjoint
   * cannot compute with ({@code "a"} in {@code "a" == "b"}, not the boolean comparison).
   */
  private String describeType(TreePath path) {
    Tree tree = path.getLeaf();
    for (Tree child : operands(tree)) {
      TreePath childPath = new TreePath(path, child);
      if (types.typeOf(childPath) == null) {
        return describeType(childPath);
      }
    }
    switch (tree.getKind()) {
      case STRING_LITERAL:
        return "String";
      case FLOAT_LITERAL:
        return "float";
      case CHAR_LITERAL:
        return "char";
      case NULL_LITERAL:
        return "null";
      case TYPE_CAST:
        return ((TypeCastTree) tree).getType().toString();
      default:
        Element e = trees.getElement(path);
        if (e instanceof ExecutableElement m) {
          return m.getReturnType().toString();
        }
        if (e != null) {
          return e.asType().toString();
        }
        TypeMirror t = trees.getTypeMirror(path);
        return t != null ? t.toString() : "non-numeric";
    }
  }

  private static List<? extends Tree> operands(Tree tree) {
    if (tree instanceof com.sun.source.tree.BinaryTree b) {
      return List.of(b.getLeftOperand(), b.getRightOperand());
    } else if (tree instanceof UnaryTree u) {
      return List.of(u.getExpression());
    } else if (tree instanceof com.sun.source.tree.ParenthesizedTree p) {
      return List.of(p.getExpression());
    } else if (tree instanceof com.sun.source.tree.ConditionalExpressionTree c) {
      return List.of(c.getTrueExpression(), c.getFalseExpression());
    }
    return List.of();
  }

  /**
   * A static method readable from the companion that takes and returns only the values Adjoint
   * computes with: its result can be used as data.
   */
  private boolean isPlainDataCall(ExecutableElement method, boolean discarded) {
    if (!method.getModifiers().contains(Modifier.STATIC)
        || !Support.isReadableFrom(method, companionPackage)
        || (!discarded && Support.typeOf(method.getReturnType()) == null)) {
      return false;
    }
    for (VariableElement p : method.getParameters()) {
      if (Support.typeOf(p.asType()) == null) {
        return false;
      }
    }
    return true;
  }

  /** Why a call of another {@code @Differentiable} method cannot be differentiated, or null. */
  private String callProblem(ExecutableElement callee) {
    TypeElement owner = (TypeElement) callee.getEnclosingElement();
    if (!callee.getModifiers().contains(Modifier.STATIC)) {
      return "it is an instance method; only static @Differentiable methods can be called so far";
    }
    if (callee.getReturnType().getKind() != TypeKind.DOUBLE) {
      return "it does not return double";
    }
    if (!Support.isReadableFrom(callee, companionPackage)) {
      return "it is private to its class, so the generated code cannot call it; make it"
          + " package-private";
    }
    ClassRef companion = Support.companionOf(owner);
    if (trees.getTree(callee) == null && elements.getTypeElement(companion.toString()) == null) {
      return "its class was compiled without Adjoint, so it has no "
          + companion.simpleName()
          + "; compile "
          + owner.getSimpleName()
          + " with the Adjoint processor";
    }
    if (!Support.wrtMask(callee, elements).contains(true)) {
      return "Adjoint cannot tell which of its parameters it differentiates (its companion does"
          + " not say, and its parameter names were not compiled in); recompile "
          + owner.getSimpleName()
          + " with this version of Adjoint";
    }
    return null;
  }

  /** {@code Owner.name(...)}, so a call of a library method says whose it is. */
  private static String qualifiedCall(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "(...)";
  }

  private static String oneLine(Tree tree) {
    return tree.toString().replaceAll("\\s+", " ");
  }
}
