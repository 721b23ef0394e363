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
          "$L[$L] = $L", name(a.array()), exprs.print(a.index()), exprs.print(a.value()));
    } else if (s instanceof Stmt.ArrayAccumulate a) {
      if (a.value() instanceof Unary u && u.op() == UnaryOp.NEG) {
        b.addStatement(
            "$L[$L] -= $L", name(a.array()), exprs.print(a.index()), exprs.print(u.operand()));
      } else {
        b.addStatement(
            "$L[$L] += $L",
            name(a.array()),
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
    } else if (s instanceof Return r) {
      b.addStatement("return $L", exprs.print(ExprPrinter.assigned(r.value(), Type.DOUBLE)));
    } else if (s instanceof If i) {
      ifChain(i, b);
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  private void assign(Variable target, Expr value, CodeBlock.Builder b) {
    Expr arithmetic = value;
    if (value instanceof Cast c && c.type() == target.type() && target.type().isIntegral()) {
      arithmetic = c.operand();
    }
    if (arithmetic instanceof Binary bin
        && isCompoundable(bin.op())
        && bin.left() instanceof VarRef r
        && r.variable() == target
        && (arithmetic != value || bin.type() == target.type())) {
      b.addStatement("$L $L= $L", name(target), bin.op().symbol(), exprs.print(bin.right()));
      return;
    }
    b.addStatement("$L = $L", name(target), exprs.print(ExprPrinter.assigned(value, target.type())));
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
