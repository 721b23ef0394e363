package dev.adjoint.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether a companion may carry {@code @javax.annotation.processing.Generated}: only where the
 * user's code can see it, since an annotation it cannot see is a compile error in the companion.
 * The annotation lives in module {@code java.compiler}. Code in the unnamed module (the class path)
 * reads every module of the compilation, so there it is enough that the annotation exists (it
 * does not under {@code --release 8}). A named module sees it only if it reads {@code
 * java.compiler}: it requires it (plain, {@code static} or {@code transitive}), or requires a
 * module that requires it {@code transitive}ly ({@code java.se} does), and so on.
 */
final class GeneratedAnnotation {
  static final String NAME = "javax.annotation.processing.Generated";
  private static final String MODULE = "java.compiler";

  private GeneratedAnnotation() {}

  /** Whether the companion of {@code owner}, in the same package, may be annotated. */
  static boolean visibleFrom(Element owner, Elements elements) {
    ModuleElement module = elements.getModuleOf(owner);
    if (module == null || module.isUnnamed()) {
      return elements.getTypeElement(NAME) != null;
    }
    return reads(module, MODULE) && elements.getTypeElement(module, NAME) != null;
  }

  /** Whether {@code module} reads the module named {@code name} (JLS 7.7.1). */
  static boolean reads(ModuleElement module, String name) {
    Deque<ModuleElement> read = new ArrayDeque<>();
    for (RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      read.add(r.getDependency());
    }
    // A module read also brings what it requires transitively, and so on.
    Set<ModuleElement> seen = new HashSet<>();
    while (!read.isEmpty()) {
      ModuleElement m = read.removeFirst();
      if (!seen.add(m)) {
        continue;
      }
      if (m.getQualifiedName().contentEquals(name)) {
        return true;
      }
      for (RequiresDirective r : ElementFilter.requiresIn(m.getDirectives())) {
        if (r.isTransitive()) {
          read.add(r.getDependency());
        }
      }
    }
    return false;
  }
}
