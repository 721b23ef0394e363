package dev.adjoint.processor.check;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * What keeps the body of a static helper of another class from being read into a caller's
 * companion: the companion, a class of the caller's package, reads each member the body names
 * where it is declared, so the body may name only members that class can reach (no private ones,
 * none of another package unless public) and, of its own class, only constants ({@code static
 * final} fields), whose value cannot change between the forward and the backward sweep.
 */
final class OtherClassMembers {
  private OtherClassMembers() {}

  /** Why {@code body} cannot be read into a companion of {@code callerClass}, or null. */
  static String unreadable(
      TreePath body, Trees trees, TypeElement callerClass, String companionPackage) {
    Element helperClass = trees.getElement(body.getParentPath()).getEnclosingElement();
    String[] why = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        check(trees.getElement(getCurrentPath()));
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void unused) {
        check(trees.getElement(getCurrentPath()));
        return super.visitMemberSelect(node, unused);
      }

      private void check(Element e) {
        if (why[0] != null || e == null || !isMember(e)) {
          return;
        }
        Element owner = e.getEnclosingElement();
        String name = owner.getSimpleName() + "." + e.getSimpleName();
        Set<Modifier> modifiers = e.getModifiers();
        if (modifiers.contains(Modifier.PRIVATE) && !owner.equals(callerClass)) {
          why[0] = "its body reads the private " + kindOf(e) + " " + name
              + ", which the generated class cannot reach (make it package-private)";
        } else if (!modifiers.contains(Modifier.PUBLIC)
            && !modifiers.contains(Modifier.PRIVATE)
            && !Support.packageOf(owner).equals(companionPackage)) {
          why[0] = "its body reads the " + kindOf(e) + " " + name
              + ", which is not public and in another package";
        } else if (e.getKind() == ElementKind.FIELD
            && owner.equals(helperClass)
            && !(modifiers.contains(Modifier.STATIC) && modifiers.contains(Modifier.FINAL))) {
          why[0] = "its body reads the field " + name
              + ", which is not a constant (static final) of its class";
        }
      }
    }.scan(body, null);
    return why[0];
  }

  private static boolean isMember(Element e) {
    return (e.getKind() == ElementKind.FIELD
            || e.getKind() == ElementKind.METHOD
            || e.getKind() == ElementKind.ENUM_CONSTANT)
        && e.getEnclosingElement() instanceof TypeElement;
  }

  private static String kindOf(Element e) {
    return e.getKind() == ElementKind.METHOD ? "method" : "field";
  }
}
