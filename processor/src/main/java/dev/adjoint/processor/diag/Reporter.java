package dev.adjoint.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors at their source position and counts them, so a method with errors is skipped
 * after all of them have been reported.
 */
public final class Reporter {
  private final Messager messager;
  private final Trees trees;
  private final CompilationUnitTree unit;
  /** Shared by the reporters of other files ({@link #in}), so one method's errors are counted once. */
  private final int[] errors;

  public Reporter(Messager messager, Trees trees, CompilationUnitTree unit) {
    this(messager, trees, unit, new int[1]);
  }

  private Reporter(Messager messager, Trees trees, CompilationUnitTree unit, int[] errors) {
    this.messager = messager;
    this.trees = trees;
    this.unit = unit;
    this.errors = errors;
  }

  /**
   * A reporter at the lines of {@code other} (a helper of another class read in place), counting
   * with this one.
   */
  public Reporter in(CompilationUnitTree other) {
    return other == unit ? this : new Reporter(messager, trees, other, errors);
  }

  /** javac's trees, through which errors are reported. */
  public Trees trees() {
    return trees;
  }

  /** An error on the line of {@code tree}. */
  public void error(Tree tree, Message message, Object... args) {
    errors[0]++;
    trees.printMessage(Diagnostic.Kind.ERROR, message.format(args), tree, unit);
  }

  /** An error on {@code element} (a method or parameter) when there is no tree to point at. */
  public void error(Element element, Message message, Object... args) {
    errors[0]++;
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
  }

  /** An error on an annotation's value, such as a {@code wrt} entry. */
  public void error(
      Element element,
      javax.lang.model.element.AnnotationMirror annotation,
      javax.lang.model.element.AnnotationValue value,
      Message message,
      Object... args) {
    errors[0]++;
    messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
  }

  /** A warning on {@code element}: not counted, so the method is still generated. */
  public void warning(Element element, Message message, Object... args) {
    messager.printMessage(Diagnostic.Kind.WARNING, message.format(args), element);
  }

  /** How many errors have been reported so far. */
  public int errorCount() {
    return errors[0];
  }

  public boolean isClean() {
    return errors[0] == 0;
  }
}
