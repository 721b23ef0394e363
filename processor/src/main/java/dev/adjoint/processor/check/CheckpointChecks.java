package dev.adjoint.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Checkpointing;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads {@code @Checkpointed} and finds the loop it names among the statements of the method's
 * own block: by its label, or the only loop there. What the loop itself must be (counted, no
 * {@code break}, a state that fits in snapshots) is checked on the IR, where it is known.
 */
public final class CheckpointChecks {
  public static final String CHECKPOINTED = "dev.adjoint.Checkpointed";

  private CheckpointChecks() {}

  /** Reports {@code @Checkpointed} on a method without {@code @Differentiable}: it does nothing. */
  public static void requireDifferentiable(
      javax.lang.model.element.Element method, javax.annotation.processing.Messager messager) {
    boolean differentiable =
        method.getAnnotationMirrors().stream()
            .anyMatch(
                a ->
                    ((TypeElement) a.getAnnotationType().asElement())
                        .getQualifiedName()
                        .contentEquals(Support.DIFFERENTIABLE));
    if (!differentiable) {
      messager.printMessage(
          javax.tools.Diagnostic.Kind.ERROR,
          Message.CHECKPOINT_LOOP.format(
              method.getSimpleName(), "the method is not @Differentiable, so it has no gradient"),
          method);
    }
  }

  /** The method's request, null when it has none, or after reporting why it is wrong. */
  public static Checkpointing request(
      ExecutableElement method, MethodTree tree, Elements elements, Reporter reporter) {
    AnnotationMirror annotation = null;
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(CHECKPOINTED)) {
        annotation = a;
      }
    }
    if (annotation == null || tree.getBody() == null) {
      return null;
    }
    int snapshots = 0;
    String label = "";
    AnnotationValue snapshotsValue = null;
    for (var entry : elements.getElementValuesWithDefaults(annotation).entrySet()) {
      String name = entry.getKey().getSimpleName().toString();
      if (name.equals("snapshots") && entry.getValue().getValue() instanceof Integer n) {
        snapshots = n;
        snapshotsValue = entry.getValue();
      } else if (name.equals("loop") && entry.getValue().getValue() instanceof String s) {
        label = s;
      }
    }
    String name = method.getSimpleName().toString();
    if (snapshots < 1) {
      reporter.error(
          method,
          annotation,
          snapshotsValue,
          Message.CHECKPOINT_LOOP,
          name,
          "snapshots = " + snapshots + " keeps no copy of the loop's state");
      return null;
    }
    StatementTree loop = label.isEmpty() ? onlyLoop(tree.getBody()) : labelled(tree.getBody(), label);
    if (loop == null) {
      String why =
          label.isEmpty()
              ? "its own block has " + loops(tree.getBody()).size() + " loops, not one"
              : labelledAnywhere(tree.getBody(), label)
                  ? "the loop labelled " + label + " is inside a branch or another loop"
                  : "it has no loop labelled " + label;
      reporter.error(method, annotation, null, Message.CHECKPOINT_LOOP, name, why);
      return null;
    }
    return new Checkpointing(loop, snapshots);
  }

  /** The loops among the statements of the method's own block, labels taken off. */
  private static List<StatementTree> loops(BlockTree body) {
    List<StatementTree> out = new ArrayList<>();
    for (StatementTree s : body.getStatements()) {
      StatementTree inner = s instanceof LabeledStatementTree l ? l.getStatement() : s;
      if (StatementChecks.isLoop(inner)) {
        out.add(inner);
      }
    }
    return out;
  }

  private static StatementTree onlyLoop(BlockTree body) {
    List<StatementTree> loops = loops(body);
    return loops.size() == 1 ? loops.get(0) : null;
  }

  private static StatementTree labelled(BlockTree body, String label) {
    for (StatementTree s : body.getStatements()) {
      if (s instanceof LabeledStatementTree l
          && l.getLabel().contentEquals(label)
          && StatementChecks.isLoop(l.getStatement())) {
        return l.getStatement();
      }
    }
    return null;
  }

  private static boolean labelledAnywhere(BlockTree body, String label) {
    boolean[] found = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitLabeledStatement(LabeledStatementTree node, Void unused) {
        found[0] |= node.getLabel().contentEquals(label);
        return super.visitLabeledStatement(node, unused);
      }
    }.scan(body, null);
    return found[0];
  }
}
