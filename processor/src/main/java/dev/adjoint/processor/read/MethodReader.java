package dev.adjoint.processor.read;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.check.ExpressionTypes;
import dev.adjoint.processor.check.FieldWrites;
import dev.adjoint.processor.check.IncrementsAsValues;
import dev.adjoint.processor.check.CallReceiver;
import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.InlinedCalls;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.check.SwitchGroups;
import dev.adjoint.processor.check.ThrowMessages;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diff.NotDifferentiable;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reads a method body that passed the language fence into the IR: expressions keep their tree
 * shape (so the user's arithmetic is reproduced operation for operation), compound assignments and
 * increments become plain assignments, and each statement remembers its line and text.
 */
public final class MethodReader {
  /** The method as read: what the generated methods need, and its body. */
  public record Result(MethodInfo info, Function function) {}

  private final Trees trees;
  private final ExpressionTypes types;
  /** The file of the statements being read: the method's, or an inlined helper's of another class. */
  private CompilationUnitTree unit;
  private CharSequence source;
  private final Map<Element, Variable> variables = new IdentityHashMap<>();
  /** Names that stand for an expression: the row variable of {@code for (double[] r : m)}. */
  private final Map<Element, Expr> aliases = new IdentityHashMap<>();
  private final Map<Stmt, SourceNote> notes = new IdentityHashMap<>();
  private final Set<String> userNames = new LinkedHashSet<>();
  /** The reads of fields that are not final: a call with effects may change them. */
  private final Set<Expr> changeableFields = new java.util.HashSet<>();
  /**
   * The reads of fields that a call of the method may assign, or whose arrays' elements it may
   * write ({@link FieldWrites}); a subset of the changeable ones for fields that are not final.
   */
  private final Set<Expr> writtenFields = new java.util.HashSet<>();

  private FieldWrites.Writes writes;

  /** The class of each changeable field read that holds a String or an enum. */
  private final Map<Expr, dev.adjoint.processor.ir.ClassRef> objectClasses =
      new java.util.HashMap<>();
  private final LoopArrays loopArrays = new LoopArrays();
  /** What each {@code ++}/{@code --} used as a value reads once made a statement. */
  private final Map<Tree, Expr> stepValues = new IdentityHashMap<>();
  private final String companionPackage;
  private Variable receiver;
  /** The class of an instance method; null for a static one. */
  private TypeElement receiverClass;
  /** The variables of the returns inside the outermost loop being read; null outside loops. */
  private EarlyReturn earlyReturn;
  /** How many returns inside loops have been read, to tell which loops contain one. */
  private int earlyReturns;
  private int loopDepth;

  /** What a return inside a loop leaves for after it: the value, and that it was returned. */
  private record EarlyReturn(Variable value, Variable flag) {}
  private CallResolver calls;
  private Differentiables differentiables;
  /** The method read, then each helper being read in place of its call (see {@link #inline}). */
  private final List<ExecutableElement> inlining = new ArrayList<>();
  /** The helper whose statements are being read in place of its call; null for the method's own. */
  private String inlinedFrom;
  /** Whether the helper being read in place of its call runs once per iteration of a loop. */
  private boolean inlinedInLoop;
  /** The local array each helper being inlined returns, and the caller's variable it is. */
  private final Map<Element, Variable> inlineTargets = new IdentityHashMap<>();

  /** What the method returns: a number, or a vector ({@code double[]}). */
  private Type returnType = Type.DOUBLE;

  private MethodReader(Trees trees, CompilationUnitTree unit, String companionPackage) {
    this.trees = trees;
    this.types = new ExpressionTypes(trees);
    this.unit = unit;
    this.companionPackage = companionPackage;
    this.source = textOf(unit);
  }

  private static CharSequence textOf(CompilationUnitTree unit) {
    try {
      return unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static Result read(
      ExecutableElement method,
      List<VariableElement> wrt,
      TreePath methodPath,
      Trees trees,
      javax.lang.model.util.Elements elements) {
    return read(method, wrt, methodPath, trees, elements, Differentiables.annotatedOnly());
  }

  /**
   * @param differentiables the methods whose derivatives are generated, annotated or implicit
   */
  public static Result read(
      ExecutableElement method,
      List<VariableElement> wrt,
      TreePath methodPath,
      Trees trees,
      javax.lang.model.util.Elements elements,
      Differentiables differentiables) {
    MethodReader reader =
        new MethodReader(trees, methodPath.getCompilationUnit(), Support.packageOf(method));
    reader.differentiables = differentiables;
    reader.calls =
        new CallResolver(
            elements,
            new CalleeEffects(trees, elements, differentiables),
            differentiables,
            Support.packageOf(method));
    reader.writes = reader.calls.writesOf(method);
    return reader.readMethod(method, wrt, methodPath);
  }

  private Result readMethod(ExecutableElement method, List<VariableElement> wrt, TreePath path) {
    inlining.add(method);
    returnType =
        method.getReturnType().getKind() == javax.lang.model.type.TypeKind.ARRAY
            ? Type.DOUBLE_ARRAY
            : Type.DOUBLE;
    List<Variable> params = new ArrayList<>();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      // The companion takes the receiver first; the body reads its fields through it.
      receiver = new Variable("self", Type.RECEIVER, Variable.Role.GENERATED_PARAMETER);
      receiverClass = (TypeElement) method.getEnclosingElement();
      params.add(receiver);
    }
    for (VariableElement p : method.getParameters()) {
      Type objectType = Support.dataObjectTypeOf(p.asType());
      Type type = Support.parameterTypeOf(p.asType());
      Variable v;
      if (objectType != null) {
        v =
            Variable.object(
                p.getSimpleName().toString(),
                objectType,
                Support.classRef(
                    (TypeElement) ((javax.lang.model.type.DeclaredType) p.asType()).asElement()),
                Variable.Role.PARAMETER);
      } else if (type != null) {
        v = new Variable(p.getSimpleName().toString(), type, Variable.Role.PARAMETER);
      } else {
        v =
            Variable.object(
                p.getSimpleName().toString(),
                Support.objectClassOf(p.asType(), companionPackage, trees));
      }
      variables.put(p, v);
      params.add(v);
      userNames.add(v.baseName());
    }
    List<Variable> wrtVariables = new ArrayList<>();
    for (VariableElement p : wrt) {
      wrtVariables.add(variables.get(p));
    }
    MethodTree tree = (MethodTree) path.getLeaf();
    TreePath bodyPath = new TreePath(path, tree.getBody());
    List<Stmt> body = new ArrayList<>();
    block(tree.getBody(), bodyPath, body);
    body.addAll(0, loopArrays.buffers());
    body =
        FieldSnapshots.taken(
            body, changeableFields, writtenFields, arraysCallsMayChange(params), objectClasses, notes);
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String link =
        method.getSimpleName()
            + "("
            + method.getParameters().stream()
                .map(p -> p.asType().toString())
                .collect(Collectors.joining(", "))
            + ")";
    MethodInfo info =
        new MethodInfo(
            Support.classRef(owner),
            method.getSimpleName().toString(),
            params,
            wrtVariables,
            link,
            differentiables.access(method),
            userNames,
            receiver,
            calls.effectsOf(method),
            neededBy(method));
    Function function =
        new Function(
            method.getSimpleName().toString(), params, returnType, body, notes);
    return new Result(info, function);
  }

  /**
   * The array parameters whose elements a call of the method may change: all of them where the
   * calls may write an element of some field's array (or anything), as the caller may have passed
   * that field's array; none otherwise.
   */
  private Set<Variable> arraysCallsMayChange(List<Variable> params) {
    boolean fieldArraysMayChange =
        writes.any()
            || writes.fields().stream()
                .anyMatch(f -> f.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY);
    if (!fieldArraysMayChange) {
      return Set.of();
    }
    return params.stream()
        .filter(p -> p.role() == Variable.Role.PARAMETER && p.type().isArray())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** For an implicit method, the Javadoc links of the methods that need its derivatives. */
  private List<String> neededBy(ExecutableElement method) {
    Differentiables.Implicit implicit = differentiables.implicitOf(method);
    if (implicit == null) {
      return List.of();
    }
    return implicit.callers().stream().map(MethodReader::linkOf).toList();
  }

  /** {@code name(types)}, as a Javadoc link names a method. */
  private static String linkOf(ExecutableElement method) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(p -> p.asType().toString())
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private void block(BlockTree block, TreePath path, List<Stmt> out) {
    for (StatementTree s : block.getStatements()) {
      statement(s, new TreePath(path, s), out);
    }
  }

  private List<Stmt> branch(StatementTree s, TreePath parent) {
    List<Stmt> out = new ArrayList<>();
    if (s != null) {
      statement(s, new TreePath(parent, s), out);
    }
    return out;
  }

  private void statement(StatementTree s, TreePath path, List<Stmt> out) {
    if (isLoop(s)) {
      loop(s, path, out);
    } else {
      nonLoopStatement(s, path, out);
    }
  }

  private static boolean isLoop(StatementTree s) {
    return s instanceof com.sun.source.tree.ForLoopTree
        || s instanceof com.sun.source.tree.WhileLoopTree
        || s instanceof com.sun.source.tree.DoWhileLoopTree
        || s instanceof com.sun.source.tree.EnhancedForLoopTree;
  }

  /**
   * A loop, and after it what its early returns need: {@code if (returned) break;} inside an
   * enclosing loop, {@code if (returned) return returnValue;} after the outermost one, whose two
   * variables start before it.
   */
  private void loop(StatementTree s, TreePath path, List<Stmt> out) {
    boolean outermost = loopDepth == 0;
    int start = out.size();
    int returnsBefore = earlyReturns;
    loopDepth++;
    try {
      nonLoopStatement(s, path, out);
    } finally {
      loopDepth--;
    }
    if (earlyReturns == returnsBefore) {
      return;
    }
    EarlyReturn exit = earlyReturn;
    List<Stmt> leave =
        outermost
            ? List.of(new Stmt.Return(new Expr.VarRef(exit.value())))
            : List.of(new Stmt.Break());
    // After a loop that ends only by returning, the flag is known to be set (and Java allows no
    // statement there for the method to end with).
    if (EndlessLoops.isEndless(s)) {
      out.addAll(leave);
    } else {
      out.add(new Stmt.If(new Expr.VarRef(exit.flag()), leave, List.of()));
    }
    if (outermost) {
      Stmt value = new Stmt.Assign(exit.value(), Expr.DoubleLit.ZERO, true);
      Stmt flag = new Stmt.Assign(exit.flag(), new Expr.BoolLit(false), true);
      out.addAll(start, List.of(value, flag));
      SourceNote note = noteOf(s);
      notes.put(value, note);
      notes.put(flag, note);
      earlyReturn = null;
    }
  }

  /**
   * {@code return v;} inside a loop as {@code returnValue = v; returned = true; break;}: the loops
   * it leaves test {@code returned} after them (see {@link #loop}).
   */
  private void earlyReturn(ReturnTree r, TreePath path, List<Stmt> out) {
    if (earlyReturn == null) {
      earlyReturn =
          new EarlyReturn(
              new Variable("returnValue", Type.DOUBLE, Variable.Role.LOCAL),
              new Variable("returned", Type.BOOLEAN, Variable.Role.LOCAL));
    }
    earlyReturns++;
    Variable value = earlyReturn.value();
    if (r.getExpression() instanceof SwitchExpressionTree sw) {
      switchToStatements(
          sw, new TreePath(path, sw), Type.DOUBLE, v -> new Stmt.Assign(value, v), out);
    } else {
      Expr v = convert(expr(r.getExpression(), path), Type.DOUBLE);
      note(splitConditional(v, x -> new Stmt.Assign(value, x)), r, out);
    }
    Stmt flag = new Stmt.Assign(earlyReturn.flag(), new Expr.BoolLit(true));
    notes.put(flag, noteOf(r));
    out.add(flag);
    out.add(new Stmt.Break());
  }

  private void nonLoopStatement(StatementTree s, TreePath path, List<Stmt> out) {
    ExpressionTree full = IncrementsAsValues.fullExpression(s);
    if (full != null) {
      stepsUsedAsValues(full, new TreePath(path, full), s, out);
    }
    if (s instanceof ReturnTree r && loopDepth > 0) {
      earlyReturn(r, path, out);
    } else if (s instanceof BlockTree b) {
      block(b, path, out);
    } else if (s instanceof VariableTree v
        && trees.getElement(path).asType().getKind() == javax.lang.model.type.TypeKind.DECLARED) {
      // String mode = loss; Bond b = bond;: another name, read where it is used (LocalAliases).
      userNames.add(v.getName().toString());
    } else if (s instanceof VariableTree v) {
      Element element = trees.getElement(path);
      Variable variable =
          inlineTargets.containsKey(element)
              ? inlineTargets.get(element)
              : new Variable(
                  v.getName().toString(),
                  Support.parameterTypeOf(element.asType()),
                  Variable.Role.LOCAL);
      variables.put(element, variable);
      userNames.add(v.getName().toString());
      InlinedCalls.Decision inline =
          v.getInitializer() == null
              ? null
              : InlinedCalls.of(
                  new TreePath(path, v.getInitializer()), trees, receiverClass, inlining);
      if (inline != null && inline.throughCompanion()) {
        vectorCall(new TreePath(path, v.getInitializer()), variable, s, path, out);
      } else if (inline != null && inline.inlined() == null) {
        // The fence refuses such a call; reading it as a data call would lose its derivative.
        throw new IllegalStateException("a call returning double[] not read in place: " + v);
      } else if (inline != null) {
        inline(inline.inlined(), new TreePath(path, v.getInitializer()), variable, s, out);
      } else if (variable.type().isArray()
          && v.getInitializer() instanceof com.sun.source.tree.NewArrayTree n
          && (LoopArrays.inLoopBody(path) || inlinedInLoop)) {
        Expr columns = n.getDimensions().size() > 1 ? expr(n.getDimensions().get(1), path) : null;
        for (Stmt made : loopArrays.made(variable, expr(n.getDimensions().get(0), path), columns)) {
          note(made, s, out);
        }
      } else if (v.getInitializer() instanceof SwitchExpressionTree sw) {
        TreePath switchPath = new TreePath(path, sw);
        switchToStatements(
            sw, switchPath, variable.type(), e -> new Stmt.Assign(variable, e, true), out);
      } else if (v.getInitializer() != null) {
        Expr init = convert(expr(v.getInitializer(), path), variable.type());
        note(splitConditional(init, e -> new Stmt.Assign(variable, e, true)), s, out);
      }
    } else if (s instanceof ExpressionStatementTree e && e.getExpression() instanceof MethodInvocationTree m) {
      note(new Stmt.Eval(discardedCall(m, new TreePath(path, m))), s, out);
    } else if (s instanceof ExpressionStatementTree e
        && e.getExpression() instanceof AssignmentTree a
        && a.getVariable() instanceof com.sun.source.tree.IdentifierTree
        && a.getExpression() instanceof SwitchExpressionTree sw) {
      Variable target = variableOf(a.getVariable(), new TreePath(path, a));
      TreePath switchPath = new TreePath(new TreePath(path, a), sw);
      switchToStatements(sw, switchPath, target.type(), x -> new Stmt.Assign(target, x), out);
    } else if (s instanceof ExpressionStatementTree e) {
      note(assignment(e.getExpression(), new TreePath(path, e.getExpression())), s, out);
    } else if (s instanceof IfTree i) {
      Expr condition = expr(i.getCondition(), path);
      out.add(
          new Stmt.If(condition, branch(i.getThenStatement(), path), branch(i.getElseStatement(), path)));
    } else if (s instanceof ReturnTree r && returnType == Type.DOUBLE_ARRAY) {
      // A vector-valued method returns a local array by name.
      note(new Stmt.Return(expr(r.getExpression(), path)), s, out);
    } else if (s instanceof ReturnTree r && r.getExpression() instanceof SwitchExpressionTree sw) {
      switchToStatements(sw, new TreePath(path, sw), Type.DOUBLE, Stmt.Return::new, out);
    } else if (s instanceof SwitchTree sw) {
      Expr selector = selectorOnce(sw.getExpression(), path, sw, out);
      out.addAll(chain(path, selector, SwitchGroups.of(sw.getCases()), null, null));
    } else if (s instanceof ReturnTree r) {
      Expr value = convert(expr(r.getExpression(), path), Type.DOUBLE);
      note(splitConditional(value, Stmt.Return::new), s, out);
    } else if (s instanceof com.sun.source.tree.ForLoopTree f) {
      List<Stmt> init = new ArrayList<>();
      for (StatementTree i : f.getInitializer()) {
        statement(i, new TreePath(path, i), init);
      }
      Expr condition =
          f.getCondition() == null ? new Expr.BoolLit(true) : expr(f.getCondition(), path);
      List<Stmt> update = new ArrayList<>();
      for (StatementTree u : f.getUpdate()) {
        statement(u, new TreePath(path, u), update);
      }
      out.add(header(new Stmt.Loop(init, condition, update, branch(f.getStatement(), path), true), s, f.getStatement()));
    } else if (s instanceof com.sun.source.tree.WhileLoopTree w) {
      out.add(
          header(
              new Stmt.Loop(
                  List.of(), expr(w.getCondition(), path), List.of(), branch(w.getStatement(), path), true),
              s,
              w.getStatement()));
    } else if (s instanceof com.sun.source.tree.DoWhileLoopTree d) {
      Stmt.Loop loop =
          new Stmt.Loop(
              List.of(), expr(d.getCondition(), path), List.of(), branch(d.getStatement(), path), false);
      long start = trees.getSourcePositions().getStartPosition(unit, d.getCondition());
      long line = unit.getLineMap().getLineNumber(start);
      long end = trees.getSourcePositions().getEndPosition(unit, d.getCondition());
      String condition = withoutSemicolon(SourceText.oneLine(source, start, end, d.getCondition()));
      notes.put(loop, sourceNote(line, "do ... while (" + condition + ")", s));
      out.add(loop);
    } else if (s instanceof com.sun.source.tree.EnhancedForLoopTree f) {
      enhancedFor(f, path, out);
    } else if (s instanceof com.sun.source.tree.LabeledStatementTree l) {
      // A loop's label only names it for @Checkpointed, which finds the loop by its tree.
      statement(l.getStatement(), new TreePath(path, l.getStatement()), out);
    } else if (s instanceof com.sun.source.tree.AssertTree a) {
      List<Expr> args = new ArrayList<>();
      args.add(expr(a.getCondition(), path));
      if (a.getDetail() != null) {
        TreePath detail = new TreePath(path, a.getDetail());
        args.add(
            ThrowMessages.isString(detail, trees)
                ? message(a.getDetail(), detail)
                : expr(a.getDetail(), path));
      }
      note(
          new Stmt.Eval(
              new Expr.Call(new dev.adjoint.processor.ir.CallTarget.Assertion(), args, Type.VOID)),
          s,
          out);
    } else if (s instanceof com.sun.source.tree.ThrowTree t
        && returnType == Type.DOUBLE
        && endsThePath(path.getLeaf() == s ? path : new TreePath(path, s))) {
      // A throw where the path would otherwise end: the path ends in a return of the throwing call.
      Expr.Call statement = (Expr.Call) raise(t, path);
      Expr.Call value =
          new Expr.Call(
              new dev.adjoint.processor.ir.CallTarget.Data(
                  dev.adjoint.processor.ir.RuntimeHelper.CHECKS,
                  "raised",
                  dev.adjoint.processor.ir.Effects.UNKNOWN,
                  false),
              statement.args(),
              Type.DOUBLE);
      note(new Stmt.Return(value), s, out);
    } else if (s instanceof com.sun.source.tree.ThrowTree t) {
      note(new Stmt.Eval(raise(t, path)), s, out);
    } else if (s.getKind() == Tree.Kind.BREAK) {
      out.add(new Stmt.Break());
    } else if (s.getKind() == Tree.Kind.CONTINUE) {
      out.add(new Stmt.Continue());
    } else if (s.getKind() == Tree.Kind.EMPTY_STATEMENT) {
      return;
    } else {
      throw new IllegalStateException("statement passed the fence but cannot be read: " + s.getKind());
    }
  }

  /**
   * {@code double[] target = helper(args);} as the helper's statements: each parameter stands for
   * its argument where the helper cannot change what the argument reads (a variable, a literal, a
   * final field, a length, such a matrix's row at a stable index), else for a local holding the
   * argument (or the row's index), evaluated once before
   * the statements; the local array the helper returns is {@code target}. Arrays the helper makes
   * are loop arrays when the call runs once per iteration.
   */
  private void inline(
      InlinedCalls.Inlined inlined,
      TreePath callPath,
      Variable target,
      StatementTree declaration,
      List<Stmt> out) {
    ExecutableElement callee = inlined.callee();
    MethodInvocationTree call = (MethodInvocationTree) callPath.getLeaf();
    List<Expr> args = arguments(call, callee, callPath);
    for (int k = 0; k < args.size(); k++) {
      VariableElement parameter = callee.getParameters().get(k);
      Expr arg = args.get(k);
      if (arg instanceof Expr.ArrayRead row && arg.type().isArray() && !isStable(row.index())) {
        // A row m[i + 1]: its index is read once; a local array holding the row would lose the
        // row's derivatives, so the parameter stays the row itself.
        Variable index =
            new Variable(parameter.getSimpleName() + "Row", row.index().type(), Variable.Role.LOCAL);
        userNames.add(index.baseName());
        note(new Stmt.Assign(index, row.index(), true), declaration, out);
        arg = new Expr.ArrayRead(row.array(), new Expr.VarRef(index));
      }
      if (arg.type().isArray() && !isStable(arg) && !readsAField(arg)) {
        throw new IllegalStateException("an array argument neither stable nor data: " + call);
      }
      if (isStable(arg)) {
        aliases.put(parameter, arg);
        continue;
      }
      Variable local =
          new Variable(parameter.getSimpleName().toString(), arg.type(), Variable.Role.LOCAL);
      aliases.remove(parameter);
      variables.put(parameter, local);
      userNames.add(local.baseName());
      note(new Stmt.Assign(local, arg, true), declaration, out);
    }
    inlineTargets.put(inlined.returned(), target);
    String outerFrom = inlinedFrom;
    boolean outerInLoop = inlinedInLoop;
    CompilationUnitTree outerUnit = unit;
    CharSequence outerSource = source;
    boolean otherClass = !callee.getEnclosingElement().equals(inlining.get(0).getEnclosingElement());
    // A helper of another class is named with its class, and its lines are those of its file.
    inlinedFrom =
        (otherClass ? callee.getEnclosingElement().getSimpleName() + "." : "")
            + callee.getSimpleName();
    inlinedInLoop = outerInLoop || LoopArrays.inLoopBody(callPath);
    inlining.add(callee);
    if (inlined.body().getCompilationUnit() != unit) {
      unit = inlined.body().getCompilationUnit();
      source = textOf(unit);
    }
    try {
      for (StatementTree s : inlined.statements()) {
        statement(s, new TreePath(inlined.body(), s), out);
      }
    } finally {
      inlining.remove(inlining.size() - 1);
      inlinedFrom = outerFrom;
      inlinedInLoop = outerInLoop;
      unit = outerUnit;
      source = outerSource;
      inlineTargets.remove(inlined.returned());
    }
  }

  /**
   * {@code double[] y = g(args);} of a {@code @Differentiable} {@code g} called through its
   * companion ({@link CallTarget.VectorCall}): the value into a temporary, {@code y} made as long
   * (a buffer in a loop, as any array made there), and the value copied into {@code y}, the
   * statement the differentiators make the callee's Jacobian products of. Each argument is
   * evaluated once, into a local where it is not a name, a literal or a row, so the value and the
   * products get the same.
   */
  private void vectorCall(
      TreePath callPath, Variable target, StatementTree declaration, TreePath path, List<Stmt> out) {
    MethodInvocationTree call = (MethodInvocationTree) callPath.getLeaf();
    ExecutableElement method = (ExecutableElement) trees.getElement(callPath);
    dev.adjoint.processor.ir.Callee callee = calls.vectorCallee(method);
    String line = Long.toString(noteOf(declaration).line());
    String called = method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
    if (callee.effects().possible()) {
      throw new NotDifferentiable(
          noteOf(declaration),
          Message.VECTOR_CALL,
          line,
          called,
          "it may have effects (it makes calls as statements), which its Jacobian products would"
              + " run again; make its calls for effect outside it, or make it a helper of this"
              + " class that can be read in place");
    }
    List<Expr> args = withReceiver(method, callPath, arguments(call, method, callPath));
    List<String> parameters = callee.parameters();
    List<Expr> once = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      Expr arg = args.get(k);
      if (arg instanceof Expr.ArrayRead row && arg.type().isArray() && !isStable(row.index())) {
        // A row m[i + 1]: its index is read once, the row itself passed.
        Variable index =
            new Variable(parameters.get(k) + "Row", row.index().type(), Variable.Role.LOCAL);
        userNames.add(index.baseName());
        note(new Stmt.Assign(index, row.index(), true), declaration, out);
        arg = new Expr.ArrayRead(row.array(), new Expr.VarRef(index));
      }
      if (arg.type().isArray() && !isStable(arg) && !readsAField(arg) && !Exprs.isPrefix(arg)) {
        throw new IllegalStateException("an array argument neither stable nor data: " + call);
      }
      if (!arg.type().isArray() && !isStable(arg)) {
        // Named after the parameter; a class compiled without parameter names calls it argN.
        String name =
            parameters.get(k).matches("arg\\d+")
                ? callee.name() + "A" + parameters.get(k).substring(1)
                : parameters.get(k);
        Variable local = new Variable(name, arg.type(), Variable.Role.LOCAL);
        userNames.add(local.baseName());
        note(new Stmt.Assign(local, arg, true), declaration, out);
        arg = new Expr.VarRef(local);
      }
      once.add(arg);
    }
    Variable value =
        new Variable(target.baseName() + "Value", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
    note(
        new Stmt.Assign(
            value,
            CallTarget.VectorCall.of(callee, CallTarget.VectorCall.Product.VALUE, once, List.of()),
            true),
        declaration,
        out);
    Expr length = new Expr.ArrayLength(new Expr.VarRef(value));
    if (LoopArrays.inLoopBody(path) || inlinedInLoop) {
      for (Stmt made : loopArrays.made(target, length, null)) {
        note(made, declaration, out);
      }
      length = loopArrays.lengthOf(new Expr.VarRef(target));
    } else {
      note(new Stmt.Assign(target, new Expr.NewDoubleArray(length), true), declaration, out);
    }
    List<Expr> copied =
        new ArrayList<>(List.of(new Expr.VarRef(value), new Expr.VarRef(target), length));
    copied.addAll(once);
    note(
        new Stmt.Eval(
            new Expr.Call(
                new CallTarget.VectorCall(callee, CallTarget.VectorCall.Product.RESULT),
                copied,
                Type.VOID)),
        declaration,
        out);
  }

  /** Whether the array {@code e} is held in a field, or is a row of one: data, never active. */
  private static boolean readsAField(Expr e) {
    return e instanceof Expr.FieldRef
        || e instanceof Expr.InstanceField
        || (e instanceof Expr.ArrayRead row && readsAField(row.array()));
  }

  /**
   * Whether {@code e} reads the same value wherever an inlined helper reads it: the helper assigns
   * neither its parameters nor the caller's variables, and writes only arrays it makes. A row of
   * such a matrix at such an index is (a local array holding it would lose its derivatives);
   * an element is not: Java reads it (or throws) before the helper runs, and a call the helper
   * makes for its effect may write an array held in a field.
   */
  private boolean isStable(Expr e) {
    return e instanceof Expr.VarRef
        || e instanceof Expr.IntLit
        || e instanceof Expr.DoubleLit
        || e instanceof Expr.BoolLit
        || ((e instanceof Expr.FieldRef || e instanceof Expr.InstanceField)
            && !changeableFields.contains(e))
        || (e instanceof Expr.ArrayRead row
            && row.type().isArray()
            && isStable(row.array())
            && isStable(row.index()))
        || (e instanceof Expr.ArrayLength l && isStable(l.array()));
  }

  /**
   * {@code for (T v : a) body} as {@code for (int i = 0; i < a.length; i++) { T v = a[i]; body }};
   * a row variable of a {@code double[][]} stands for {@code a[i]} itself.
   */
  private void enhancedFor(com.sun.source.tree.EnhancedForLoopTree f, TreePath path, List<Stmt> out) {
    Expr array = expr(f.getExpression(), path);
    Variable index = new Variable("i", Type.INT, Variable.Role.LOCAL);
    Expr element = new Expr.ArrayRead(array, new Expr.VarRef(index));
    Element v = trees.getElement(new TreePath(path, f.getVariable()));
    List<Stmt> body = new ArrayList<>();
    if (element.type().isArray()) {
      aliases.put(v, element);
    } else {
      Variable variable =
          new Variable(f.getVariable().getName().toString(), element.type(), Variable.Role.LOCAL);
      variables.put(v, variable);
      userNames.add(variable.baseName());
      body.add(new Stmt.Assign(variable, element, true));
    }
    body.addAll(branch(f.getStatement(), path));
    Expr length = lengthOf(array);
    Stmt.Loop loop =
        header(new Stmt.Loop(
            List.of(new Stmt.Assign(index, new Expr.IntLit(0, Type.INT), true)),
            new Expr.Binary(BinaryOp.LT, new Expr.VarRef(index), length, Type.BOOLEAN),
            List.of(
                new Stmt.Assign(
                    index,
                    new Expr.Binary(
                        BinaryOp.ADD, new Expr.VarRef(index), new Expr.IntLit(1, Type.INT), Type.INT))),
            body,
            true), f, f.getStatement());
    if (!element.type().isArray()) {
      // The element variable's assignment is the loop header's doing.
      notes.put(body.get(0), notes.get(loop));
    }
    out.add(loop);
  }

  /**
   * {@code index} into {@code array}, checked against the length its iteration gave an array made
   * in a loop: its buffer may be longer, and Java throws where the index passes the array's end.
   */
  private Expr checked(Expr array, Expr index) {
    Expr length = loopArrays.lengthOf(array);
    if (length == null) {
      return index;
    }
    return RuntimeHelper.IN_BOUNDS.call(Type.INT, index, length);
  }

  /**
   * A call of {@code java.util.Objects.name}: a library check without effects, which generated
   * code may evaluate again.
   */
  private static Expr objects(String name, List<Expr> args, Type type) {
    return new Expr.Call(
        new dev.adjoint.processor.ir.CallTarget.Data(
            new dev.adjoint.processor.ir.ClassRef("java.util", List.of("Objects")),
            name,
            dev.adjoint.processor.ir.Effects.NONE,
            true),
        args,
        type);
  }

  /** {@code array.length}: for an array made in a loop, the length its iteration gave it. */
  private Expr lengthOf(Expr array) {
    Expr made = loopArrays.lengthOf(array);
    return made != null ? made : new Expr.ArrayLength(array);
  }

  /**
   * A switch statement, or a switch expression whose value {@code sink} takes, as a chain of
   * {@code if}/{@code else if} on the groups' labels, the default group last (the fence admits no
   * fall-through between groups, so their order does not matter). A switch expression without
   * default is exhaustive over an enum: its last group is the final else.
   */
  private List<Stmt> chain(
      TreePath switchPath,
      Expr selector,
      List<SwitchGroups.Group> groups,
      Type valueType,
      java.util.function.Function<Expr, Stmt> sink) {
    List<List<Stmt>> bodies = new ArrayList<>();
    for (SwitchGroups.Group g : groups) {
      bodies.add(caseBody(switchPath, g, valueType, sink));
    }
    int otherwise = -1;
    for (int k = 0; k < groups.size(); k++) {
      otherwise = groups.get(k).isDefault() ? k : otherwise;
    }
    if (otherwise < 0 && sink != null && !groups.isEmpty()) {
      otherwise = groups.size() - 1;
    }
    List<Stmt> rest = otherwise < 0 ? List.of() : bodies.get(otherwise);
    for (int k = groups.size() - 1; k >= 0; k--) {
      if (k != otherwise) {
        Expr matches = matches(selector, groups.get(k), switchPath);
        rest = List.of(new Stmt.If(matches, bodies.get(k), rest));
      }
    }
    return rest;
  }

  /** A group's statements, without its final break, its yielded value given to {@code sink}. */
  private List<Stmt> caseBody(
      TreePath switchPath,
      SwitchGroups.Group g,
      Type valueType,
      java.util.function.Function<Expr, Stmt> sink) {
    TreePath casePath = new TreePath(switchPath, g.bodyCase());
    List<Stmt> out = new ArrayList<>();
    if (g.value() != null) {
      Expr value = convert(expr(g.value(), casePath), valueType);
      note(splitConditional(value, sink), g.bodyCase(), out);
      return out;
    }
    TreePath blockPath =
        g.bodyCase().getBody() instanceof BlockTree b ? new TreePath(casePath, b) : casePath;
    List<? extends StatementTree> statements = g.statements();
    for (int k = 0; k < statements.size(); k++) {
      StatementTree s = statements.get(k);
      boolean last = k == statements.size() - 1;
      if (last && s.getKind() == Tree.Kind.BREAK) {
        continue;
      }
      if (last && sink != null && s instanceof YieldTree y) {
        TreePath yieldPath = new TreePath(blockPath, y);
        Expr value = convert(expr(y.getValue(), yieldPath), valueType);
        note(splitConditional(value, sink), y, out);
        continue;
      }
      statement(s, new TreePath(blockPath, s), out);
    }
    return out;
  }

  /**
   * Whether the selector equals one of the group's labels: {@code ==} for numbers and enum
   * constants, {@code Objects.equals} for strings.
   */
  private Expr matches(Expr selector, SwitchGroups.Group g, TreePath switchPath) {
    TreePath casePath = new TreePath(switchPath, g.first());
    Expr any = null;
    for (com.sun.source.tree.ExpressionTree label : g.labels()) {
      Expr value = label instanceof LiteralTree l && l.getValue() instanceof String text
          ? new Expr.StringLit(text)
          : expr(label, casePath);
      Expr one =
          selector.type() == Type.STRING
              ? objects("equals", List.of(selector, value), Type.BOOLEAN)
              : new Expr.Binary(BinaryOp.EQ, selector, value, Type.BOOLEAN);
      any = any == null ? one : new Expr.Binary(BinaryOp.OR, any, one, Type.BOOLEAN);
    }
    return any;
  }

  /** A switch expression assigned, declared or returned whole: its arms become statements. */
  private void switchToStatements(
      SwitchExpressionTree sw,
      TreePath path,
      Type valueType,
      java.util.function.Function<Expr, Stmt> sink,
      List<Stmt> out) {
    Expr selector = selectorOnce(sw.getExpression(), path, sw, out);
    out.addAll(chain(path, selector, SwitchGroups.of(sw.getCases()), valueType, sink));
  }

  /** A switch expression inside a larger expression: a chain of {@code ?:}. */
  private Expr switchValue(SwitchExpressionTree sw, TreePath path) {
    Type type = typeOf(path);
    // The fence admits only a selector without calls here: reading it once per case is safe.
    Expr selector = expr(sw.getExpression(), path);
    List<SwitchGroups.Group> groups = SwitchGroups.of(sw.getCases());
    List<Expr> values = new ArrayList<>();
    int otherwise = groups.size() - 1;
    for (int k = 0; k < groups.size(); k++) {
      SwitchGroups.Group g = groups.get(k);
      TreePath casePath = new TreePath(path, g.bodyCase());
      com.sun.source.tree.ExpressionTree value = g.yieldedValue();
      TreePath blockPath =
          g.bodyCase().getBody() instanceof BlockTree b ? new TreePath(casePath, b) : casePath;
      TreePath valuePath =
          g.value() != null ? casePath : new TreePath(blockPath, g.statements().get(0));
      values.add(convert(expr(value, valuePath), type));
      otherwise = g.isDefault() ? k : otherwise;
    }
    Expr rest = values.get(otherwise);
    int first = otherwise == 0 ? 1 : 0;
    for (int k = groups.size() - 1; k >= 0; k--) {
      if (k != otherwise) {
        // The first comparison evaluated throws on a null selector, as Java's switch does.
        Expr tested = k == first && canBeNull(selector) ? nullCheck(selector) : selector;
        Expr matches = matches(tested, groups.get(k), path);
        rest = new Expr.Conditional(matches, values.get(k), rest, type);
      }
    }
    return rest;
  }

  /**
   * The selector of a switch made into a chain of ifs, evaluated once: a variable or constant as
   * it is, anything else into a local {@code selector} first.
   */
  private Expr selectorOnce(
      com.sun.source.tree.ExpressionTree tree, TreePath path, Tree switchTree, List<Stmt> out) {
    Expr selector = expr(tree, path);
    tree = ThrowMessages.unwrapped(tree);
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    long end = trees.getSourcePositions().getEndPosition(unit, tree);
    long line = unit.getLineMap().getLineNumber(start);
    String text = withoutSemicolon(SourceText.oneLine(source, start, end, tree));
    SourceNote note = sourceNote(line, "switch (" + text + ")", switchTree);
    if (!(selector instanceof Expr.VarRef
        || selector instanceof Expr.IntLit
        || selector instanceof Expr.StringLit
        || selector instanceof Expr.FieldRef
        || selector instanceof Expr.InstanceField)) {
      Variable local = new Variable("selector", selector.type(), Variable.Role.LOCAL);
      Stmt.Assign assign = new Stmt.Assign(local, selector, true);
      notes.put(assign, note);
      out.add(assign);
      selector = new Expr.VarRef(local);
    }
    if (canBeNull(selector)) {
      // Java's switch throws here on null; the chain of comparisons would go to default.
      Stmt check = new Stmt.Eval(nullCheck(selector));
      notes.put(check, note);
      out.add(check);
    }
    return selector;
  }

  /** Whether a switch on {@code selector} throws {@code NullPointerException} when it is null. */
  private static boolean canBeNull(Expr selector) {
    if (selector instanceof Expr.StringLit) {
      return false;
    }
    return selector.type() == Type.STRING || selector.type() == Type.ENUM;
  }

  /** {@code Objects.requireNonNull(selector)}: the selector, or the exception Java's switch throws. */
  private static Expr nullCheck(Expr selector) {
    return objects("requireNonNull", List.of(selector), selector.type());
  }

  /**
   * Whether the statement at {@code at} is where its path through the method ends: the last of its
   * block, in branches and switch cases that end the method too (the arms of a switch expression
   * returned whole among them), outside loops.
   */
  private static boolean endsThePath(TreePath at) {
    for (TreePath p = at; p.getParentPath() != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      Tree parent = p.getParentPath().getLeaf();
      if (parent instanceof com.sun.source.tree.MethodTree) {
        return true;
      } else if (parent instanceof BlockTree b) {
        if (b.getStatements().get(b.getStatements().size() - 1) != leaf) {
          return false;
        }
      } else if (parent instanceof com.sun.source.tree.IfTree i) {
        if (i.getCondition() == leaf) {
          return false;
        }
      } else if (parent instanceof com.sun.source.tree.CaseTree c) {
        List<? extends StatementTree> statements = c.getStatements();
        if (statements != null
            && !statements.isEmpty()
            && statements.get(statements.size() - 1) != leaf) {
          return false;
        }
      } else if (parent instanceof SwitchExpressionTree sw) {
        if (sw.getExpression() == leaf) {
          return false;
        }
      } else if (!(parent instanceof com.sun.source.tree.SwitchTree || parent instanceof ReturnTree)) {
        // (A switch expression's arm ends the path where the switch is returned whole.)
        return false;
      }
    }
    return false;
  }

  /**
   * {@code throw new E(args)} as {@code Checks.raise(new E(args))}: a call made as a statement,
   * which runs where the original throws, in the forward sweep of every generated method.
   */
  private Expr raise(com.sun.source.tree.ThrowTree t, TreePath path) {
    com.sun.source.tree.NewClassTree made =
        (com.sun.source.tree.NewClassTree) ThrowMessages.unwrapped(t.getExpression());
    TreePath madePath = new TreePath(new TreePath(path, t), made);
    ExecutableElement constructor = (ExecutableElement) trees.getElement(madePath);
    List<Expr> args = new ArrayList<>();
    for (int k = 0; k < made.getArguments().size(); k++) {
      com.sun.source.tree.ExpressionTree arg = made.getArguments().get(k);
      javax.lang.model.type.TypeMirror parameter = constructor.getParameters().get(k).asType();
      args.add(
          ThrowMessages.isStringType(parameter)
              ? message(arg, new TreePath(madePath, arg))
              : convert(expr(arg, madePath), Support.typeOf(parameter)));
    }
    Expr exception =
        new Expr.Call(
            new dev.adjoint.processor.ir.CallTarget.Construct(
                Support.classRef((TypeElement) constructor.getEnclosingElement())),
            args,
            Type.EXCEPTION);
    return new Expr.Call(
        new dev.adjoint.processor.ir.CallTarget.Data(
            dev.adjoint.processor.ir.RuntimeHelper.CHECKS, "raise"),
        List.of(exception),
        Type.VOID);
  }

  /**
   * A string argument of a thrown exception: a literal, a constant, a {@code String} parameter or
   * field, or a concatenation.
   */
  private Expr message(com.sun.source.tree.ExpressionTree tree, TreePath path) {
    com.sun.source.tree.ExpressionTree e = ThrowMessages.unwrapped(tree);
    if (e instanceof LiteralTree l && l.getValue() instanceof String value) {
      return new Expr.StringLit(value);
    }
    if (e.getKind() == Tree.Kind.PLUS) {
      List<Expr> parts = new ArrayList<>();
      concatenated(e, path, parts);
      return new Expr.Call(new dev.adjoint.processor.ir.CallTarget.Concat(), parts, Type.STRING);
    }
    String constant = ThrowMessages.constant(new TreePath(path.getParentPath(), e), trees);
    // A String parameter or field is read where the original reads it.
    return constant != null ? new Expr.StringLit(constant) : expr(e, path.getParentPath());
  }

  /** The parts of a string concatenation, left to right; a sum of numbers in it stays one part. */
  private void concatenated(
      com.sun.source.tree.ExpressionTree tree, TreePath path, List<Expr> parts) {
    com.sun.source.tree.ExpressionTree e = ThrowMessages.unwrapped(tree);
    if (!ThrowMessages.isString(path, trees)) {
      parts.add(expr(e, path.getParentPath()));
    } else if (e.getKind() == Tree.Kind.PLUS) {
      BinaryTree b = (BinaryTree) e;
      concatenated(b.getLeftOperand(), new TreePath(path, b.getLeftOperand()), parts);
      concatenated(b.getRightOperand(), new TreePath(path, b.getRightOperand()), parts);
    } else {
      parts.add(message(e, path));
    }
  }

  /**
   * The steps ({@code ++y}, {@code n++}) used as values in {@code full}, the expression of {@code
   * s}, made statements of their own before {@code s} (the fence has checked that {@link
   * IncrementsAsValues} can): {@code ++y} is {@code y = y + 1;} and reads {@code y}, {@code n++}
   * is {@code int nBefore = n; n = n + 1;} and reads {@code nBefore}.
   */
  private void stepsUsedAsValues(ExpressionTree full, TreePath path, StatementTree s, List<Stmt> out) {
    new com.sun.source.util.TreePathScanner<Void, Void>() {
      @Override
      public Void visitUnary(UnaryTree u, Void unused) {
        TreePath at = getCurrentPath();
        if (IncrementsAsValues.isStep(u) && !IncrementsAsValues.isStatement(at)) {
          Variable variable = variableOf(u.getExpression(), at);
          Expr value = new Expr.VarRef(variable);
          if (u.getKind() == Tree.Kind.POSTFIX_INCREMENT
              || u.getKind() == Tree.Kind.POSTFIX_DECREMENT) {
            Variable before =
                new Variable(variable.baseName() + "Before", variable.type(), Variable.Role.LOCAL);
            note(new Stmt.Assign(before, value, true), s, out);
            value = new Expr.VarRef(before);
          }
          note(assignment(u, at), s, out);
          stepValues.put(u, value);
        }
        return super.visitUnary(u, unused);
      }

      @Override
      public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree l, Void unused) {
        return null;
      }
    }.scan(path, null);
  }

  /** Notes a loop with its header, {@code for (...)} or {@code while (...)}, as written. */
  private Stmt.Loop header(Stmt.Loop loop, Tree tree, Tree body) {
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    long end = trees.getSourcePositions().getStartPosition(unit, body);
    long line = unit.getLineMap().getLineNumber(start);
    notes.put(loop, sourceNote(line, withoutSemicolon(SourceText.oneLine(source, start, end, tree)), tree));
    return loop;
  }

  private static String withoutSemicolon(String text) {
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }

  private Stmt assignment(ExpressionTree e, TreePath path) {
    if (e instanceof AssignmentTree a && a.getVariable() instanceof com.sun.source.tree.ArrayAccessTree t) {
      WrittenElement element = new WrittenElement(t, new TreePath(path, t));
      Expr value = convert(expr(a.getExpression(), path), Type.DOUBLE);
      return element.store(value);
    } else if (e instanceof CompoundAssignmentTree c
        && c.getVariable() instanceof com.sun.source.tree.ArrayAccessTree t) {
      WrittenElement element = new WrittenElement(t, new TreePath(path, t));
      Expr right = expr(c.getExpression(), path);
      BinaryOp op = Operators.compound(c.getKind());
      Type promoted = Operators.promote(op, Type.DOUBLE, right.type());
      Expr value = new Expr.Binary(op, element.read(), right, promoted);
      return element.store(convert(value, Type.DOUBLE));
    } else if (e instanceof UnaryTree u
        && u.getExpression() instanceof com.sun.source.tree.ArrayAccessTree t) {
      WrittenElement element = new WrittenElement(t, new TreePath(path, t));
      BinaryOp op =
          (u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT)
              ? BinaryOp.ADD
              : BinaryOp.SUB;
      return element.store(
          new Expr.Binary(op, element.read(), new Expr.DoubleLit(1.0), Type.DOUBLE));
    }
    if (e instanceof AssignmentTree a) {
      Variable target = variableOf(a.getVariable(), path);
      Expr value = convert(expr(a.getExpression(), path), target.type());
      return splitConditional(value, v -> new Stmt.Assign(target, v));
    } else if (e instanceof CompoundAssignmentTree c) {
      Variable target = variableOf(c.getVariable(), path);
      Expr right = expr(c.getExpression(), path);
      BinaryOp op = Operators.compound(c.getKind());
      Type promoted = Operators.promote(op, target.type(), right.type());
      Expr value = new Expr.Binary(op, new Expr.VarRef(target), right, promoted);
      return new Stmt.Assign(target, convert(value, target.type()));
    } else if (e instanceof UnaryTree u) {
      Variable target = variableOf(u.getExpression(), path);
      BinaryOp op =
          (u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT)
              ? BinaryOp.ADD
              : BinaryOp.SUB;
      Expr one =
          target.type() == Type.DOUBLE ? new Expr.DoubleLit(1.0) : new Expr.IntLit(1, Type.INT);
      return new Stmt.Assign(
          target, new Expr.Binary(op, new Expr.VarRef(target), one, target.type()));
    }
    throw new IllegalStateException("expression statement passed the fence: " + e.getKind());
  }

  /** The element an assignment writes: {@code a[i]} of a local array or {@code m[i][j]}. */
  private final class WrittenElement {
    final Variable array;
    final Expr row;
    final Expr index;

    WrittenElement(com.sun.source.tree.ArrayAccessTree t, TreePath path) {
      ExpressionTree base = t.getExpression();
      if (base instanceof com.sun.source.tree.ArrayAccessTree r) {
        TreePath rowPath = new TreePath(path, r);
        array = variables.get(trees.getElement(new TreePath(rowPath, r.getExpression())));
        row = checked(new Expr.VarRef(array), expr(r.getIndex(), rowPath));
      } else {
        array = variables.get(trees.getElement(new TreePath(path, base)));
        row = null;
      }
      Expr a = new Expr.VarRef(array);
      index = checked(row == null ? a : new Expr.ArrayRead(a, row), expr(t.getIndex(), path));
    }

    Expr read() {
      Expr a = new Expr.VarRef(array);
      return new Expr.ArrayRead(row == null ? a : new Expr.ArrayRead(a, row), index);
    }

    Stmt store(Expr value) {
      return new Stmt.ArrayStore(array, row, index, value);
    }
  }

  /**
   * {@code y = c ? a : b} as {@code if (c) y = a; else y = b;} when it computes a double: each side
   * is then differentiated on its own, sharing its subexpressions with its derivative.
   */
  private static Stmt splitConditional(Expr value, java.util.function.Function<Expr, Stmt> make) {
    if (value instanceof Expr.Conditional c && c.type() == Type.DOUBLE) {
      return new Stmt.If(
          c.condition(),
          List.of(splitConditional(c.ifTrue(), make)),
          List.of(splitConditional(c.ifFalse(), make)));
    }
    return make.apply(value);
  }

  private Variable variableOf(ExpressionTree target, TreePath parent) {
    Element element = trees.getElement(new TreePath(parent, target));
    Variable v = variables.get(element);
    if (v == null) {
      throw new IllegalStateException("assignment to an unknown variable " + target);
    }
    return v;
  }

  /** Adds the implicit conversion Java applies on assignment, as an explicit cast. */
  private static Expr convert(Expr e, Type target) {
    if (e.type() == target) {
      return e;
    }
    if (e instanceof Expr.IntLit i && target == Type.DOUBLE) {
      return new Expr.DoubleLit(i.value());
    }
    return new Expr.Cast(target, e, true);
  }

  private Expr expr(ExpressionTree e, TreePath parent) {
    TreePath path = new TreePath(parent, e);
    if (e instanceof com.sun.source.tree.NewArrayTree n) {
      Expr length = expr(n.getDimensions().get(0), path);
      return n.getDimensions().size() == 1
          ? new Expr.NewDoubleArray(length)
          : new Expr.NewDoubleArray(length, expr(n.getDimensions().get(1), path));
    }
    if (e instanceof ParenthesizedTree p) {
      return expr(p.getExpression(), path);
    } else if (e instanceof LiteralTree l) {
      return literal(l);
    } else if (e instanceof com.sun.source.tree.ArrayAccessTree a) {
      Expr array = expr(a.getExpression(), path);
      return new Expr.ArrayRead(array, checked(array, expr(a.getIndex(), path)));
    } else if (e instanceof com.sun.source.tree.MemberSelectTree m
        && m.getIdentifier().contentEquals("length")
        && trees.getTypeMirror(new TreePath(path, m.getExpression())) != null
        && trees.getTypeMirror(new TreePath(path, m.getExpression())).getKind()
            == javax.lang.model.type.TypeKind.ARRAY) {
      return lengthOf(expr(m.getExpression(), path));
    } else if (e.getKind() == Tree.Kind.IDENTIFIER || e.getKind() == Tree.Kind.MEMBER_SELECT) {
      return name(e, path);
    } else if (e instanceof UnaryTree u) {
      Expr operand = expr(u.getExpression(), path);
      switch (u.getKind()) {
        case UNARY_PLUS:
          return convert(operand, typeOf(path));
        case UNARY_MINUS:
          return new Expr.Unary(UnaryOp.NEG, convert(operand, typeOf(path)));
        case LOGICAL_COMPLEMENT:
          return new Expr.Unary(UnaryOp.NOT, operand);
        case BITWISE_COMPLEMENT:
          return new Expr.Unary(UnaryOp.BIT_NOT, convert(operand, typeOf(path)));
        case PREFIX_INCREMENT:
        case PREFIX_DECREMENT:
        case POSTFIX_INCREMENT:
        case POSTFIX_DECREMENT:
          // Made a statement before this one's (stepsUsedAsValues): its value is a variable.
          return stepValues.get(u);
        default:
          throw new IllegalStateException("unary " + u.getKind());
      }
    } else if (e instanceof BinaryTree b) {
      return new Expr.Binary(
          Operators.binary(b.getKind()),
          expr(b.getLeftOperand(), path),
          expr(b.getRightOperand(), path),
          typeOf(path));
    } else if (e instanceof SwitchExpressionTree sw) {
      return switchValue(sw, path);
    } else if (e instanceof ConditionalExpressionTree c) {
      Type type = typeOf(path);
      return new Expr.Conditional(
          expr(c.getCondition(), path),
          convert(expr(c.getTrueExpression(), path), type),
          convert(expr(c.getFalseExpression(), path), type),
          type);
    } else if (e instanceof TypeCastTree c) {
      Type type = typeOf(path);
      Expr operand = expr(c.getExpression(), path);
      return operand.type() == type ? operand : new Expr.Cast(type, operand);
    } else if (e instanceof MethodInvocationTree m) {
      ExecutableElement method = (ExecutableElement) trees.getElement(path);
      dev.adjoint.processor.check.StringQuery query =
          dev.adjoint.processor.check.StringQuery.of(method);
      if (query != null) {
        // The fence admits it only on string data (StringQuery.isStringData).
        List<Expr> operands = new ArrayList<>();
        for (TreePath operand : query.operands(path)) {
          operands.add(stringOperand(operand));
        }
        return calls.stringQuery(query, operands, typeOf(path));
      }
      List<Expr> args = withReceiver(method, path, arguments(m, method, path));
      return calls.call(method, m, args, typeOf(path));
    }
    throw new IllegalStateException("expression passed the fence but cannot be read: " + e.getKind());
  }

  /** A string literal, or the name of a string, as {@link #name} reads it. */
  private Expr stringOperand(TreePath path) {
    while (path.getLeaf() instanceof ParenthesizedTree p) {
      path = new TreePath(path, p.getExpression());
    }
    if (path.getLeaf() instanceof LiteralTree l && l.getValue() instanceof String text) {
      return new Expr.StringLit(text);
    }
    return name((ExpressionTree) path.getLeaf(), path);
  }

  /** The arguments of a call, converted to the parameters' types as Java converts them. */
  private List<Expr> arguments(MethodInvocationTree m, ExecutableElement method, TreePath path) {
    List<Expr> args = new ArrayList<>();
    for (int k = 0; k < m.getArguments().size(); k++) {
      Type parameterType = Support.parameterTypeOf(method.getParameters().get(k).asType());
      Expr arg = expr(m.getArguments().get(k), path);
      Expr madeLength = arg.type() == Type.DOUBLE_ARRAY ? loopArrays.lengthOf(arg) : null;
      if (madeLength != null) {
        // An array made in a loop lives in a longer buffer; the callee reads its length.
        arg = RuntimeHelper.PREFIX.call(Type.DOUBLE_ARRAY, arg, madeLength);
      }
      // A parameter of a type Adjoint does not compute with (Math.round(float) called with an
      // int): the argument stays as it is, and the printed call converts it as the source does.
      args.add(parameterType == null ? arg : convert(arg, parameterType));
    }
    return args;
  }

  /** A call made as a statement, for its effect: its value, if any, is discarded. */
  private Expr discardedCall(MethodInvocationTree m, TreePath path) {
    ExecutableElement method = (ExecutableElement) trees.getElement(path);
    return calls.discarded(method, withReceiver(method, path, arguments(m, method, path)));
  }

  /**
   * The arguments of the call at {@code path} of {@code method}, led by the receiver for an
   * instance method: {@code self}, a field of it holding the object called on, or an object
   * parameter (the fence lets no other receiver through).
   */
  private List<Expr> withReceiver(ExecutableElement method, TreePath path, List<Expr> args) {
    if (method.getModifiers().contains(Modifier.STATIC)) {
      return args;
    }
    CallReceiver on = CallReceiver.of(path, trees, receiverClass);
    List<Expr> out = new ArrayList<>();
    if (on.holder() == null) {
      out.add(new Expr.VarRef(receiver));
    } else if (on.holder().getKind() == ElementKind.PARAMETER) {
      out.add(new Expr.VarRef(variables.get(on.holder())));
    } else {
      // A field of this; a private one is read through its handle, typed as the object's class.
      VariableElement field = on.holder();
      dev.adjoint.processor.ir.ClassRef objectClass =
          Support.classRef(
              (TypeElement) ((javax.lang.model.type.DeclaredType) field.asType()).asElement());
      out.add(
          new Expr.InstanceField(
              receiver,
              Support.classRef((TypeElement) field.getEnclosingElement()),
              field.getSimpleName().toString(),
              Type.RECEIVER,
              MemberAccess.ofObjectField(field, objectClass, companionPackage),
              constnessOf(field)));
    }
    out.addAll(args);
    return out;
  }

  private Expr name(ExpressionTree e, TreePath path) {
    Element element = trees.getElement(path);
    if (aliases.containsKey(element)) {
      return aliases.get(element);
    }
    TreePath named = dev.adjoint.processor.check.LocalAliases.aliasedAt(path, trees);
    if (named != null) {
      // Read afresh at each use: what it names cannot change while the method runs.
      ExpressionTree initializer = ThrowMessages.unwrapped((ExpressionTree) named.getLeaf());
      return initializer instanceof LiteralTree l && l.getValue() instanceof String text
          ? new Expr.StringLit(text)
          : expr((ExpressionTree) named.getLeaf(), named.getParentPath());
    }
    if (element.getKind() == ElementKind.ENUM_CONSTANT) {
      return new Expr.FieldRef(
          Support.classRef((TypeElement) element.getEnclosingElement()),
          element.getSimpleName().toString(),
          Type.ENUM);
    }
    if (element.getKind() == ElementKind.FIELD) {
      VariableElement field = (VariableElement) element;
      Type type = Support.parameterTypeOf(field.asType());
      type = type != null ? type : Support.dataObjectTypeOf(field.asType());
      if (field.getConstantValue() instanceof String text) {
        // A String constant, as a literal: what javac compiles it to.
        return new Expr.StringLit(text);
      }
      dev.adjoint.processor.ir.ClassRef owner =
          Support.classRef((TypeElement) field.getEnclosingElement());
      dev.adjoint.processor.ir.Access access =
          MemberAccess.ofField(field, type, companionPackage);
      Expr read =
          field.getModifiers().contains(Modifier.STATIC)
              ? new Expr.FieldRef(
                  owner, field.getSimpleName().toString(), type, access, constnessOf(field))
              : new Expr.InstanceField(
                  receiver, owner, field.getSimpleName().toString(), type, access, constnessOf(field));
      if (writes.mayChange(field)) {
        writtenFields.add(read);
      }
      if (!field.getModifiers().contains(Modifier.FINAL)) {
        changeableFields.add(read);
        if (type == Type.ENUM || type == Type.STRING) {
          objectClasses.put(
              read,
              Support.classRef(
                  (TypeElement)
                      ((javax.lang.model.type.DeclaredType) field.asType()).asElement()));
        }
      }
      return read;
    }
    Variable v = variables.get(element);
    if (v == null) {
      throw new IllegalStateException("unknown name " + e);
    }
    return new Expr.VarRef(v);
  }

  /** A compile-time constant has one value at every call; any other field may change. */
  private static dev.adjoint.processor.ir.Constness constnessOf(VariableElement field) {
    return field.getConstantValue() != null
        ? dev.adjoint.processor.ir.Constness.CONSTANT
        : dev.adjoint.processor.ir.Constness.VARIABLE;
  }

  private Type typeOf(TreePath path) {
    Type type = types.typeOf(path);
    if (type == null) {
      throw new IllegalStateException("unsupported type passed the fence: " + path.getLeaf());
    }
    return type;
  }

  private static Expr literal(LiteralTree l) {
    Object v = l.getValue();
    switch (l.getKind()) {
      case INT_LITERAL:
        return new Expr.IntLit(((Number) v).longValue(), Type.INT);
      case LONG_LITERAL:
        return new Expr.IntLit(((Number) v).longValue(), Type.LONG);
      case DOUBLE_LITERAL:
        return new Expr.DoubleLit(((Number) v).doubleValue());
      case BOOLEAN_LITERAL:
        return new Expr.BoolLit((Boolean) v);
      case CHAR_LITERAL:
        // 'a' where Java widens it to an int (a case label, an int argument, a comparison).
        return new Expr.IntLit((Character) v, Type.INT);
      default:
        throw new IllegalStateException("literal " + l.getKind() + " passed the fence");
    }
  }

  /** A note of a statement of the method, or of the helper being read in place of its call. */
  private SourceNote sourceNote(long line, String text, Tree origin) {
    return new SourceNote(line, text, origin, inlinedFrom);
  }

  private SourceNote noteOf(Tree tree) {
    long start = trees.getSourcePositions().getStartPosition(unit, tree);
    long end = trees.getSourcePositions().getEndPosition(unit, tree);
    long line = unit.getLineMap().getLineNumber(start);
    return sourceNote(line, SourceText.oneLine(source, start, end, tree), tree);
  }

  private void note(Stmt stmt, Tree tree, List<Stmt> out) {
    SourceNote note = noteOf(tree);
    // A statement split at a ?: gives each side the note of the statement it came from.
    dev.adjoint.processor.ir.Stmts.forEach(
        List.of(stmt),
        s -> {
          if (!(s instanceof Stmt.If)) {
            notes.put(s, note);
          }
        });
    out.add(stmt);
  }
}
