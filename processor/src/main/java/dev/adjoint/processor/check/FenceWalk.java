package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Reporter;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The fence's one walk over a method body. It refuses each tree whose kind {@link
 * AllowedConstructs} does not list and hands every other to the checks of its concern, which scan
 * the children they accept back through it, so that all errors of a method are found in one pass,
 * in source order. The checks reach the walk's position (its path and loop depth) and each other
 * through it.
 */
final class FenceWalk extends TreePathScanner<Void, Void> {
  final Trees trees;
  final Elements elements;
  final Reporter reporter;
  final ExpressionTypes types;
  /** The companion's package: what the body names must be readable from there. */
  final String companionPackage;
  /** The methods whose derivatives are generated, annotated or implicit. */
  final Differentiables differentiables;
  /** The class of an instance method; null if it is static. */
  final TypeElement receiverClass;

  final StatementChecks statements;
  final AssignmentChecks assignments;
  final ArrayChecks arrays;
  final NameChecks names;
  final CallChecks calls;
  final ValueTypeChecks values;
  final SwitchChecks switches;
  final ThrowChecks throwing;
  final InlineChecks inlines;
  /** Where this walk is among helpers read in place of their calls. */
  final InlineChecks.Context inlining;

  private int loopDepth;
  /** Whether a break here would leave a switch (inside one of its cases, not in a loop there). */
  private boolean breakLeavesSwitch;

  /**
   * @param receiverClass the class of an instance method, whose fields it may read; null if static
   * @param possiblyActive the variables that may carry a derivative (see {@link PossiblyActive})
   * @param returnsArray whether the method returns {@code double[]}: a vector-valued method
   */
  FenceWalk(
      Trees trees,
      Elements elements,
      Reporter reporter,
      String companionPackage,
      TypeElement receiverClass,
      Set<Element> possiblyActive,
      boolean returnsArray,
      Differentiables differentiables,
      InlineChecks.Context inlining) {
    this.inlining = inlining;
    this.differentiables = differentiables;
    this.receiverClass = receiverClass;
    this.trees = trees;
    this.elements = elements;
    this.reporter = reporter;
    this.types = new ExpressionTypes(trees);
    this.companionPackage = companionPackage;
    this.statements = new StatementChecks(this, returnsArray);
    this.assignments = new AssignmentChecks(this);
    this.arrays = new ArrayChecks(this);
    this.names = new NameChecks(this, receiverClass);
    this.calls = new CallChecks(this, possiblyActive);
    this.values = new ValueTypeChecks(this);
    this.switches = new SwitchChecks(this);
    this.throwing = new ThrowChecks(this);
    this.inlines = new InlineChecks(this);
  }

  /** Walks the method body at {@code body}. */
  void walk(TreePath body) {
    scan(body, null);
  }

  /** The path of the tree being checked. */
  TreePath path() {
    return getCurrentPath();
  }

  /** Checks {@code tree}, a child of the tree being checked; null is fine. */
  void scan(Tree tree) {
    scan(tree, null);
  }

  void scan(Iterable<? extends Tree> nodes) {
    scan(nodes, null);
  }

  boolean inLoop() {
    return loopDepth > 0;
  }

  /** Whether this body runs once per iteration: in a loop of its own, or inlined in one. */
  boolean runsPerIteration() {
    return inLoop() || inlining.inLoop();
  }

  /** Checks the body of a loop, where a return or a new array is refused. */
  void scanLoopBody(Tree body) {
    loopDepth++;
    boolean outer = breakLeavesSwitch;
    breakLeavesSwitch = false;
    try {
      scan(body, null);
    } finally {
      loopDepth--;
      breakLeavesSwitch = outer;
    }
  }

  /** Checks a statement of a case, where a break would leave the switch. */
  void scanCaseStatement(Tree statement) {
    boolean outer = breakLeavesSwitch;
    breakLeavesSwitch = true;
    try {
      scan(statement, null);
    } finally {
      breakLeavesSwitch = outer;
    }
  }

  boolean breakLeavesSwitch() {
    return breakLeavesSwitch;
  }

  /** {@code tree} on one line, as the user wrote it, for a message. */
  static String oneLine(Tree tree) {
    return tree.toString().replaceAll("\\s+", " ");
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (tree == null) {
      return null;
    }
    if (AllowedConstructs.allows(tree.getKind()) || arrays.isLocalArrayInitializer(tree)) {
      return super.scan(tree, unused);
    }
    AllowedConstructs.refuse(tree, reporter);
    return null;
  }

  @Override
  public Void visitLabeledStatement(com.sun.source.tree.LabeledStatementTree node, Void unused) {
    if (statements.labeledStatement(node)) {
      scan(node.getStatement());
    }
    return null;
  }

  @Override
  public Void visitReturn(ReturnTree node, Void unused) {
    statements.returnStatement(node);
    return null;
  }

  @Override
  public Void visitSwitch(com.sun.source.tree.SwitchTree node, Void unused) {
    switches.switchStatement(node);
    return null;
  }

  @Override
  public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree node, Void unused) {
    switches.switchExpression(node);
    return null;
  }

  @Override
  public Void visitCase(com.sun.source.tree.CaseTree node, Void unused) {
    switches.caseTree(node);
    return null;
  }

  @Override
  public Void visitYield(com.sun.source.tree.YieldTree node, Void unused) {
    switches.yieldStatement(node);
    return null;
  }

  @Override
  public Void visitAssert(com.sun.source.tree.AssertTree node, Void unused) {
    throwing.assertStatement(node);
    return null;
  }

  @Override
  public Void visitThrow(com.sun.source.tree.ThrowTree node, Void unused) {
    throwing.throwStatement(node);
    return null;
  }

  @Override
  public Void visitBreak(BreakTree node, Void unused) {
    statements.breakStatement(node);
    return null;
  }

  @Override
  public Void visitContinue(ContinueTree node, Void unused) {
    statements.continueStatement(node);
    return null;
  }

  @Override
  public Void visitForLoop(ForLoopTree node, Void unused) {
    statements.forLoop(node);
    return null;
  }

  @Override
  public Void visitWhileLoop(WhileLoopTree node, Void unused) {
    statements.whileLoop(node);
    return null;
  }

  @Override
  public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
    statements.doWhileLoop(node);
    return null;
  }

  @Override
  public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
    statements.enhancedForLoop(node);
    return null;
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    statements.localVariable(node);
    return null;
  }

  @Override
  public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
    statements.expressionStatement(node);
    return null;
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    assignments.assignment(node, node.getVariable(), node.getExpression());
    return null;
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    assignments.assignment(node, node.getVariable(), node.getExpression());
    return null;
  }

  @Override
  public Void visitUnary(UnaryTree node, Void unused) {
    values.checkValueType(node);
    switch (node.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
          assignments.increment(node);
      default -> scan(node.getExpression());
    }
    return null;
  }

  @Override
  public Void visitNewArray(NewArrayTree node, Void unused) {
    arrays.newArray(node);
    return null;
  }

  @Override
  public Void visitArrayAccess(ArrayAccessTree node, Void unused) {
    arrays.arrayAccess(node);
    return null;
  }

  @Override
  public Void visitIdentifier(IdentifierTree node, Void unused) {
    names.identifier(node);
    return null;
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree node, Void unused) {
    names.memberSelect(node);
    return null;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    calls.call(node);
    return null;
  }

  @Override
  public Void visitLiteral(LiteralTree node, Void unused) {
    values.literal(node);
    return null;
  }

  @Override
  public Void visitTypeCast(TypeCastTree node, Void unused) {
    values.cast(node);
    return null;
  }

  @Override
  public Void visitBinary(BinaryTree node, Void unused) {
    values.operator(node);
    return null;
  }

  @Override
  public Void visitConditionalExpression(ConditionalExpressionTree node, Void unused) {
    scan(node.getCondition());
    values.operator(node);
    return null;
  }
}
