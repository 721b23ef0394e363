package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Kind#HESSIAN_EDGES}, the forward run recording each statement's partials for edge
 * pushing, where the transform made one (else nothing: the sparse Hessian has the colouring route
 * only).
 */
public final class EdgeMethods {
  private EdgeMethods() {}

  /** {@link Kind#HESSIAN_EDGES}, or null where it was not made. */
  public static MethodSpec hessianEdges(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.HESSIAN_EDGES);
    if (f == null) {
      return null;
    }
    NameAllocator names = NameAllocator.forFunction(f, m);
    Variable edges = f.params().get(0);
    String e = names.nameOf(edges);
    return CompanionWriter.signature(m, f, names)
        .addJavadoc(CompanionWriter.summary(Kind.HESSIAN_EDGES, m, owner))
        .addJavadoc(
            "<p>The method runs as written; before each write of a number that depends on the"
                + " inputs it records\n{@code $L.statement(out)}, the key written, then"
                + " {@code $L.partial(u, ∂φ/∂u)} for each number\nthe right-hand side φ reads and"
                + " {@code $L.second(u, w, ∂²φ/∂u∂w)} for each second partial that\nis not zero."
                + " Keys: the inputs are {@code 0..n-1} as the gradient numbers them (read"
                + " through\n{@code $L.input(slot, key)}: called from another method's recording,"
                + " they are that method's keys\nof the arguments), each local number has one key"
                + " for the whole run, each local array new keys\nwhere it is made. The caller"
                + " starts the recording ({@code begin(n)}) and runs edge pushing's\nreverse"
                + " sweep over it ({@code finish}).\n\n",
            e,
            e,
            e,
            e)
        .addJavadoc("<p>Input keys at the top level: $L.\n\n", inputKeys(m, names))
        .addJavadoc("@param $L records the statements, from {@code begin(n)}\n", e)
        .addJavadoc("@return the method's value\n")
        .returns(TypeName.DOUBLE)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /**
   * Each differentiated parameter's key, or its elements' ({@code x[i]} is {@code i}); kept a code
   * block, so that classes it names are written as the file imports them.
   */
  private static CodeBlock inputKeys(MethodInfo m, NameAllocator names) {
    ExprPrinter exprs = new ExprPrinter(names);
    List<CodeBlock> keys = new ArrayList<>();
    for (Variable w : m.wrt()) {
      String name = names.nameOf(w);
      Expr offset = GradientLayout.offsetOf(m.wrt(), w);
      boolean zero = offset instanceof Expr.IntLit z && z.value() == 0;
      if (w.type() == Type.DOUBLE) {
        keys.add(CodeBlock.of("{@code $L} is {@code $L}", name, exprs.print(offset)));
      } else if (w.type() == Type.DOUBLE_MATRIX) {
        keys.add(CodeBlock.of("{@code $L[i][j]} row after row from {@code $L}", name, exprs.print(offset)));
      } else if (zero) {
        keys.add(CodeBlock.of("{@code $L[i]} is {@code i}", name));
      } else {
        keys.add(CodeBlock.of("{@code $L[i]} is {@code $L + i}", name, exprs.print(offset)));
      }
    }
    return CodeBlock.join(keys, ", ");
  }
}
