package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/** Prints IR statements as a JavaPoet code block, with compound assignments where they read better. */
final class BodyPrinter {
  private final NameAllocator names;
  private final ExprPrinter exprs;

  BodyPrinter(NameAllocator names) {
    this.names = names;
    this.exprs = new ExprPrinter(names);
  }

  CodeBlock print(List<Stmt> body) {
    CodeBlock.Builder b = CodeBlock.builder();
    block(body, b);
    return b.build();
  }

  private void block(List<Stmt> body, CodeBlock.Builder b) {
    for (Stmt s : body) {
      statement(s, b);
    }
  }

  private void statement(Stmt s, CodeBlock.Builder b) {
    if (s instanceof Comment c) {
      b.add("// $L\n", c.text());
    } else if (s instanceof Declare d && d.variable().type() == Type.TAPE) {
      b.addStatement("$T $L = $L", TAPE, name(d.variable()), exprs.print(d.init()));
    } else if (s instanceof Declare d && d.variable().type() == Type.CHECKPOINTS) {
      b.addStatement("$T $L = $L", CHECKPOINTS, name(d.variable()), exprs.print(d.init()));
    } else if (s instanceof Declare d && d.variable().objectClass() != null) {
      // A String or enum local (a field's value the method reads once): its own class.
      b.addStatement(
          "$T $L = $L",
          ExprPrinter.className(d.variable().objectClass()),
          name(d.variable()),
          exprs.print(d.init()));
    } else if (s instanceof Declare d) {
      b.addStatement(
          "$L $L = $L",
          d.variable().type().javaName(),
          name(d.variable()),
          exprs.print(ExprPrinter.assigned(d.init(), d.variable().type())));
    } else if (s instanceof Assign a) {
      assign(a.target(), a.value(), b);
    } else if (s instanceof Accumulate a) {
      if (a.value() instanceof Unary u && u.op() == UnaryOp.NEG) {
        b.addStatement("$L -= $L", name(a.target()), exprs.print(u.operand()));
      } else {
        b.addStatement("$L += $L", name(a.target()), exprs.print(a.value()));
      }
    } else if (s instanceof ArrayStore a) {
      b.addStatement(
          "$L$L[$L] = $L",
          name(a.array()),
          row(a.row()),
          exprs.print(a.index()),
          exprs.print(a.value()));
    } else if (s instanceof Stmt.ArrayAccumulate a) {
      if (a.value() instanceof Unary u && u.op() == UnaryOp.NEG) {
        b.addStatement(
            "$L$L[$L] -= $L",
            name(a.array()),
            row(a.row()),
            exprs.print(a.index()),
            exprs.print(u.operand()));
      } else {
        b.addStatement(
            "$L$L[$L] += $L",
            name(a.array()),
            row(a.row()),
            exprs.print(a.index()),
            exprs.print(ExprPrinter.assigned(a.value(), Type.DOUBLE)));
      }
    } else if (s instanceof Stmt.Zero z) {
      b.addStatement(
          "$T.fill($L, $L, $L, 0.0)",
          java.util.Arrays.class,
          name(z.array()),
          exprs.print(z.from()),
          exprs.print(z.to()));
    } else if (s instanceof Stmt.Eval e) {
      b.addStatement("$L", exprs.print(e.call()));
    } else if (s instanceof Return r && r.value() == null) {
      b.addStatement("return");
    } else if (s instanceof Return r) {
      b.addStatement("return $L", exprs.print(ExprPrinter.assigned(r.value(), Type.DOUBLE)));
    } else if (s instanceof If i) {
      ifChain(i, b);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, b);
    } else if (s instanceof Stmt.TryFinally t) {
      b.beginControlFlow("try");
      block(t.body(), b);
      b.nextControlFlow("finally");
      block(t.finallyBlock(), b);
      b.endControlFlow();
    } else if (s instanceof Stmt.Break) {
      b.addStatement("break");
    } else if (s instanceof Stmt.Continue) {
      b.addStatement("continue");
    } else if (s instanceof Stmt.Push p) {
      b.addStatement("$L.push($L)", name(p.tape()), exprs.print(p.value()));
    } else if (s instanceof Stmt.Pop p) {
      pop(p, b);
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  private static final com.palantir.javapoet.ClassName TAPE =
      com.palantir.javapoet.ClassName.get("dev.adjoint.runtime", "Tape");
  private static final com.palantir.javapoet.ClassName CHECKPOINTS =
      com.palantir.javapoet.ClassName.get("dev.adjoint.runtime", "Checkpoints");

  private void pop(Stmt.Pop p, CodeBlock.Builder b) {
    String tape = name(p.tape());
    if (p.index() != null) {
      b.addStatement(
          "$L$L[$L] = $L.popDouble()",
          name(p.target()),
          row(p.row()),
          exprs.print(p.index()),
          tape);
    } else if (p.target().type().isArray()) {
      b.addStatement("$L.pop($L)", tape, name(p.target()));
    } else {
      String kind =
          switch (p.target().type()) {
            case INT -> "Int";
            case LONG -> "Long";
            case BOOLEAN -> "Boolean";
            default -> "Double";
          };
      b.addStatement("$L = $L.pop$L()", name(p.target()), tape, kind);
    }
  }

  /** {@code [row]} of a {@code double[][]} element, or nothing. */
  private CodeBlock row(Expr row) {
    return row == null ? CodeBlock.of("") : CodeBlock.of("[$L]", exprs.print(row));
  }

  /** {@code for (init; condition; update)}, {@code while (condition)} or {@code do ... while}. */
  private void loop(Stmt.Loop loop, CodeBlock.Builder b) {
    // Comments have no place in a loop's header.
    Stmt.Loop l =
        new Stmt.Loop(
            withoutComments(loop.init()),
            loop.condition(),
            withoutComments(loop.update()),
            loop.body(),
            loop.testFirst());
    CodeBlock condition = exprs.print(l.condition());
    if (!l.testFirst()) {
      b.beginControlFlow("do");
      block(l.body(), b);
      b.endControlFlow("while ($L)", condition);
      return;
    }
    if (l.init().isEmpty() && l.update().isEmpty()) {
      b.beginControlFlow("while ($L)", condition);
    } else {
      List<CodeBlock> init = new ArrayList<>();
      String head = "";
      Type declared = commonDeclaredType(l.init());
      if (declared != null) {
        head = declared.javaName() + " ";
        for (Stmt t : l.init()) {
          Declare d = (Declare) t;
          init.add(
              CodeBlock.of(
                  "$L = $L", name(d.variable()), exprs.print(ExprPrinter.assigned(d.init(), declared))));
        }
      } else if (l.init().stream().allMatch(t -> t instanceof Assign)) {
        for (Stmt t : l.init()) {
          init.add(assignment(((Assign) t).target(), ((Assign) t).value()));
        }
      } else {
        // Mixed declarations and assignments: run them before the loop.
        block(l.init(), b);
      }
      List<CodeBlock> update = new ArrayList<>();
      for (Stmt t : l.update()) {
        update.add(assignment(((Assign) t).target(), ((Assign) t).value()));
      }
      b.beginControlFlow(
          "for ($L$L; $L; $L)",
          head,
          CodeBlock.join(init, ", "),
          condition,
          CodeBlock.join(update, ", "));
    }
    block(l.body(), b);
    b.endControlFlow();
  }

  private static List<Stmt> withoutComments(List<Stmt> block) {
    return block.stream().filter(s -> !(s instanceof Comment)).toList();
  }

  /** The type all of {@code init} declares, or null unless it is all declarations of one type. */
  private static Type commonDeclaredType(List<Stmt> init) {
    if (init.isEmpty() || !(init.get(0) instanceof Declare first)) {
      return null;
    }
    for (Stmt t : init) {
      if (!(t instanceof Declare d) || d.variable().type() != first.variable().type()) {
        return null;
      }
    }
    return first.variable().type();
  }

  private void assign(Variable target, Expr value, CodeBlock.Builder b) {
    b.addStatement("$L", assignment(target, value));
  }

  /** {@code target = value}, as {@code i++} or {@code x += y} where that reads better. */
  private CodeBlock assignment(Variable target, Expr value) {
    Expr arithmetic = value;
    if (value instanceof Cast c && c.type() == target.type() && target.type().isIntegral()) {
      arithmetic = c.operand();
    }
    if (target.type().isIntegral()
        && arithmetic instanceof Binary step
        && (step.op() == BinaryOp.ADD || step.op() == BinaryOp.SUB)
        && step.left() instanceof VarRef self
        && self.variable() == target
        && step.right() instanceof Expr.IntLit one
        && one.value() == 1) {
      return CodeBlock.of("$L$L", name(target), step.op() == BinaryOp.ADD ? "++" : "--");
    }
    if (arithmetic instanceof Binary bin
        && isCompoundable(bin.op())
        && bin.left() instanceof VarRef r
        && r.variable() == target
        && (arithmetic != value || bin.type() == target.type())) {
      return CodeBlock.of("$L $L= $L", name(target), bin.op().symbol(), exprs.print(bin.right()));
    }
    return CodeBlock.of(
        "$L = $L", name(target), exprs.print(ExprPrinter.assigned(value, target.type())));
  }

  private static boolean isCompoundable(BinaryOp op) {
    return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
  }

  private void ifChain(If i, CodeBlock.Builder b) {
    Expr condition = i.condition();
    List<Stmt> thenBlock = i.thenBlock();
    List<Stmt> elseBlock = i.elseBlock();
    if (isEmpty(thenBlock)) {
      condition = new Unary(UnaryOp.NOT, condition);
      thenBlock = elseBlock;
      elseBlock = List.of();
    }
    b.beginControlFlow("if ($L)", exprs.print(condition));
    block(thenBlock, b);
    while (elseBlock.size() == 1 && elseBlock.get(0) instanceof If next && !isEmpty(next.thenBlock())) {
      b.nextControlFlow("else if ($L)", exprs.print(next.condition()));
      block(next.thenBlock(), b);
      elseBlock = next.elseBlock();
    }
    if (!isEmpty(elseBlock)) {
      b.nextControlFlow("else");
      block(elseBlock, b);
    }
    b.endControlFlow();
  }

  private static boolean isEmpty(List<Stmt> block) {
    for (Stmt s : block) {
      if (!(s instanceof Comment)) {
        return false;
      }
    }
    return true;
  }

  private String name(Variable v) {
    return names.nameOf(v);
  }
}
