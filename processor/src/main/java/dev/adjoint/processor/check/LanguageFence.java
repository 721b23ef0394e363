package dev.adjoint.processor.check;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Reporter;
import java.util.Collection;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * The language fence: walks a method body and reports every construct Adjoint does not
 * differentiate, each on its own line, so the user sees all of them in one compilation. Anything
 * not explicitly allowed is refused, so a construct from a newer Java is an error, never a silently
 * wrong derivative.
 *
 * <p>One {@link FenceWalk} visits the body; the decisions are split by concern: {@link
 * AllowedConstructs} (which kinds of tree at all), {@link StatementChecks}, {@link
 * AssignmentChecks}, {@link ArrayChecks}, {@link NameChecks}, {@link CallChecks}, {@link
 * ValueTypeChecks}, and {@link InlineChecks}, which walks the body of a helper returning {@code
 * double[]} where it is read in place of its call.
 */
public final class LanguageFence {
  private LanguageFence() {}

  /**
   * Reports every unsupported construct in the body at {@code body}.
   *
   * @param receiverClass the class of an instance method, whose fields it may read; null if static
   * @param differentiables the methods whose derivatives are generated, annotated or implicit
   */
  public static void check(
      TreePath body,
      Trees trees,
      Elements elements,
      Reporter reporter,
      String companionPackage,
      TypeElement receiverClass,
      Collection<? extends Element> wrt,
      Differentiables differentiables) {
    boolean returnsArray =
        trees.getElement(body.getParentPath()) instanceof ExecutableElement m
            && m.getReturnType().getKind() == TypeKind.ARRAY;
    new FenceWalk(
            trees,
            elements,
            reporter,
            companionPackage,
            receiverClass,
            PossiblyActive.of(body, trees, wrt),
            returnsArray,
            differentiables,
            InlineChecks.Context.of(
                trees.getElement(body.getParentPath()) instanceof ExecutableElement m ? m : null))
        .walk(body);
  }
}
