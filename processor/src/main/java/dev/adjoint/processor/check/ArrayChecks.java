package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Type;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;

/**
 * Arrays: which a method may read, write, loop over, pass on and return. Elements and lengths are
 * read of arrays named directly and of the rows {@code m[i]} of a {@code double[][]}; elements are
 * written only of local arrays made with {@code new double[n]} or {@code new
 * double[rows][columns]}, since the generated methods must not change their inputs; a
 * vector-valued method returns one of those, made outside loops, by name. An array made in a
 * loop body lives in a buffer as long as the longest iteration's (see {@code read.LoopArrays}); a
 * call it is passed to gets the iteration's array ({@code Vectors.prefix}), but a matrix made so
 * is passed only row by row.
 */
final class ArrayChecks {
  private final FenceWalk walk;
  private final Trees trees;
  private final Reporter reporter;
  /** Local arrays made with new in this method: the only arrays whose elements may be written. */
  private final Set<Element> localArrays = new HashSet<>();
  /**
   * Those of them made once per iteration: in a loop body, or in a helper inlined in one (whose
   * arrays the reader makes loop arrays of its caller).
   */
  private final Set<Element> loopArrays = new HashSet<>();
  /** Those made in a loop of this body, which a vector-valued method does not return. */
  private final Set<Element> ownLoopArrays = new HashSet<>();
  /** The one {@code new double[n]} being scanned as a local array's initializer. */
  private Tree newArrayAllowed;

  ArrayChecks(FenceWalk walk) {
    this.walk = walk;
    this.trees = walk.trees;
    this.reporter = walk.reporter;
  }

  /** Whether {@code tree} is the {@code new} of the local array being declared, the one allowed. */
  boolean isLocalArrayInitializer(Tree tree) {
    return tree == newArrayAllowed;
  }

  /** The declaration of a local array, {@code variable}. */
  void localArray(VariableTree node, Element variable) {
    Type arrayType = Support.parameterTypeOf(variable.asType());
    int dimensions = arrayType == Type.DOUBLE_ARRAY ? 1 : arrayType == Type.DOUBLE_MATRIX ? 2 : 0;
    if (node.getInitializer() instanceof MethodInvocationTree call && returnsVector(call)) {
      // Refused or not, the variable is the local array the call makes: no error follows from it.
      walk.inlines.declaring(node, call);
      madeLocally(variable);
    } else if (dimensions == 0
        || !(node.getInitializer() instanceof NewArrayTree n)
        || n.getDimensions().size() != dimensions
        || n.getInitializers() != null) {
      reporter.error(
          node,
          Message.ARRAY,
          "local array "
              + node.getName()
              + " must be made with new double[length] or new double[rows][columns]");
    } else {
      newArrayAllowed = n;
      walk.scan(n);
      newArrayAllowed = null;
      madeLocally(variable);
    }
  }

  /** A local array made here, or by a helper inlined here, as Java would make it. */
  private void madeLocally(Element variable) {
    localArrays.add(variable);
    if (walk.runsPerIteration()) {
      loopArrays.add(variable);
    }
    if (walk.inLoop()) {
      ownLoopArrays.add(variable);
    }
  }

  /** Reached only for a local array's {@code new double[n]}: its length is all to check. */
  void newArray(NewArrayTree node) {
    walk.scan(node.getDimensions());
  }

  void arrayAccess(ArrayAccessTree node) {
    if (checkArray(node.getExpression())) {
      walk.scan(node.getIndex());
    }
  }

  /**
   * Elements and lengths are read of arrays named directly (parameters, local arrays, the variable
   * of an enhanced for) and of the rows {@code m[i]} of {@code double[][]} parameters.
   */
  boolean checkArray(ExpressionTree array) {
    TreePath path = new TreePath(walk.path(), array);
    if (array instanceof ArrayAccessTree row) {
      Element matrix = trees.getElement(new TreePath(path, row.getExpression()));
      if (matrix != null
          && (row.getExpression() instanceof IdentifierTree
              || row.getExpression() instanceof MemberSelectTree)
          && (matrix.getKind() == ElementKind.PARAMETER
              || matrix.getKind() == ElementKind.LOCAL_VARIABLE
              || matrix.getKind() == ElementKind.FIELD)
          && Support.parameterTypeOf(matrix.asType()) == Type.DOUBLE_MATRIX) {
        walk.scan(array);
        return true;
      }
    }
    Element e = trees.getElement(path);
    if (e != null
        && e.getKind() == ElementKind.FIELD
        && Support.parameterTypeOf(e.asType()) != null
        && (array instanceof IdentifierTree || array instanceof MemberSelectTree)) {
      // An array field of the receiver, or a static one: read as data.
      return walk.names.checkArrayField(array, (VariableElement) e);
    }
    if (array instanceof MethodInvocationTree call && returnsVector(call)) {
      reporter.error(array, Message.ARRAY, vectorResult(call));
      return false;
    }
    if (!(array instanceof IdentifierTree)
        || e == null
        || (e.getKind() != ElementKind.PARAMETER && e.getKind() != ElementKind.LOCAL_VARIABLE)
        || Support.parameterTypeOf(e.asType()) == null) {
      reporter.error(array, Message.ARRAY, "reading " + FenceWalk.oneLine(array));
      return false;
    }
    return true;
  }

  /** An array passed whole to a differentiable method: an array variable, or a row {@code m[i]}. */
  void argument(ExpressionTree arg) {
    Element made = trees.getElement(new TreePath(walk.path(), arg));
    if (arg instanceof IdentifierTree
        && loopArrays.contains(made)
        && Support.parameterTypeOf(made.asType()) == Type.DOUBLE_MATRIX) {
      // Its rows live in buffers longer than the iteration's rows, and a callee's matrix
      // partials are laid out row after row: passed whole, they would not line up.
      reporter.error(
          arg,
          Message.ARRAY,
          "passing "
              + FenceWalk.oneLine(arg)
              + ", a matrix made inside a loop, whole to a call (pass its rows "
              + FenceWalk.oneLine(arg)
              + "[i] one by one, or make the matrix once, before the loop)");
      return;
    }
    Element field = trees.getElement(new TreePath(walk.path(), arg));
    if (field != null
        && field.getKind() == ElementKind.FIELD
        && (arg instanceof IdentifierTree || arg instanceof MemberSelectTree)) {
      walk.names.checkArrayField(arg, (VariableElement) field);
      return;
    }
    if (arg instanceof IdentifierTree) {
      Element e = trees.getElement(new TreePath(walk.path(), arg));
      if (e != null
          && (e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE)
          && Support.parameterTypeOf(e.asType()) != null) {
        return;
      }
    } else if (arg instanceof ArrayAccessTree) {
      walk.scan(arg);
      return;
    }
    reporter.error(
        arg,
        Message.ARRAY,
        "passing "
            + FenceWalk.oneLine(arg)
            + " (pass an array variable, or a row m[i] of a double[][])");
  }

  /** {@code node} writes {@code element}, an element {@code a[i]} or {@code m[i][j]}. */
  void elementWrite(Tree node, ArrayAccessTree element) {
    ExpressionTree base = element.getExpression();
    Type expected = Type.DOUBLE_ARRAY;
    if (base instanceof ArrayAccessTree row) {
      base = row.getExpression();
      expected = Type.DOUBLE_MATRIX;
    }
    Element array = trees.getElement(new TreePath(walk.path(), base));
    if (!(base instanceof IdentifierTree)
        || array == null
        || !localArrays.contains(array)
        || Support.parameterTypeOf(array.asType()) != expected) {
      reporter.error(
          node,
          Message.ARRAY,
          "writing the element "
              + FenceWalk.oneLine(element)
              + " (only elements of local arrays made with new double[n] or new"
              + " double[rows][columns] can be written: the generated methods must not change"
              + " their inputs)");
    } else if (mentions(element.getIndex(), array)
        || (element.getExpression() instanceof ArrayAccessTree r
            && mentions(r.getIndex(), array))) {
      reporter.error(
          node,
          Message.ARRAY,
          "writing " + FenceWalk.oneLine(element) + ", whose index reads the array it writes"
              + " (compute the index into an int local first)");
    } else {
      walk.scan(element);
    }
  }

  /** The array of an enhanced for, and the type of its variable. */
  void loopedOver(EnhancedForLoopTree node) {
    ExpressionTree array = node.getExpression();
    if (!checkArray(array)) {
      return;
    }
    Element variable = trees.getElement(new TreePath(walk.path(), node.getVariable()));
    Type type = variable == null ? null : Support.parameterTypeOf(variable.asType());
    if (type == null || type == Type.DOUBLE_MATRIX || type == Type.INT_ARRAY || type == Type.BOOLEAN_ARRAY) {
      reporter.error(node.getVariable(), Message.VALUE_TYPE, node.getVariable().getType());
    }
    // Java evaluates the array once; Adjoint reads it in every iteration, so it must not change.
    Set<Element> read = new HashSet<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void v) {
        read.add(trees.getElement(getCurrentPath()));
        return null;
      }
    }.scan(new TreePath(walk.path(), array), null);
    Set<Element> written = assignedIn(new TreePath(walk.path(), node.getStatement()));
    read.retainAll(written);
    if (!read.isEmpty()) {
      reporter.error(
          array,
          Message.ARRAY,
          "looping over "
              + FenceWalk.oneLine(array)
              + ", which the loop changes (the array of an enhanced for is read in every"
              + " iteration; use a counted loop)");
    }
  }

  /** What a vector-valued method returns: one of its local arrays, by name. */
  void returnedArray(ExpressionTree value) {
    Element array =
        value instanceof IdentifierTree ? trees.getElement(new TreePath(walk.path(), value)) : null;
    if (array == null
        || !localArrays.contains(array)
        || ownLoopArrays.contains(array)
        || !array.asType().toString().equals("double[]")) {
      reporter.error(
          value,
          Message.ARRAY,
          "returning "
              + FenceWalk.oneLine(value)
              + " (a method returning double[] returns a local array made with new double[n],"
              + " by its name)");
    }
  }

  /** Whether {@code call} returns {@code double[]}. */
  private boolean returnsVector(MethodInvocationTree call) {
    javax.lang.model.type.TypeMirror type =
        trees.getTypeMirror(new TreePath(walk.path(), call));
    return type != null && type.toString().equals("double[]");
  }

  /** What to say of the array a call returns, used other than to declare a local. */
  private static String vectorResult(MethodInvocationTree call) {
    return InlineChecks.notInlined(
        call, "its result is used other than to declare a local, double[] name = call(...)");
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
    }.scan(new TreePath(walk.path(), tree), null);
    return found[0];
  }

  /** The local variables and parameters assigned anywhere in a statement. */
  private Set<Element> assignedIn(TreePath statement) {
    Set<Element> written = new HashSet<>();
    new WriteScanner() {
      @Override
      protected void written(ExpressionTree t) {
        Element e = trees.getElement(new TreePath(getCurrentPath(), t));
        if (e != null) {
          written.add(e);
        }
      }
    }.scan(statement, null);
    return written;
  }
}
