package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import dev.adjoint.processor.diff.PatternStructure;
import dev.adjoint.processor.diff.PatternStructure.Site;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@link Kind#HESSIAN_PATTERN}, the Hessian's pattern written at compile time, where the
 * analysis made one (else nothing: the sparse Hessian traces its pattern), and names its structure
 * for the Javadoc of the sparse Hessian too.
 */
public final class PatternMethods {
  /** At most this many pairs are listed as written. */
  private static final int PAIRS_LISTED = 4;

  private PatternMethods() {}

  /** {@link Kind#HESSIAN_PATTERN}, or null where it was not made. */
  public static MethodSpec hessianPattern(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Function f = made.get(Kind.HESSIAN_PATTERN);
    if (f == null) {
      return null;
    }
    NameAllocator names = NameAllocator.forFunction(f, m);
    Variable tracer = f.params().get(0);
    return CompanionWriter.signature(m, f, names)
        .addJavadoc(CompanionWriter.summary(Kind.HESSIAN_PATTERN, m, owner))
        .addJavadoc("<p>Pattern: $L.\n\n", describe(f, m))
        .addJavadoc(
            "<p>It follows the method's control on data as the method does and records, with"
                + " {@code $L.meet},\nthe pairs of elements that meet in an operation whose second"
                + " derivative is not zero, both\nsides of every branch on a value (an index read"
                + " there is recorded only if it is in range).\nIt reads the shapes and data of the"
                + " arguments, never their values, so the pattern holds\nfor every input of the"
                + " same shapes and data.\n\n",
            names.nameOf(tracer))
        .addJavadoc(
            "@param $L records the pairs of inputs that meet (numbered as the gradient numbers"
                + " them)\n",
            names.nameOf(tracer))
        .returns(void.class)
        .addCode(new BodyPrinter(names).print(f.body()))
        .build();
  }

  /** The structure of the pattern {@code written} records, in words a reader can check. */
  static String describe(Function written, MethodInfo m) {
    PatternStructure s = PatternStructure.of(written);
    if (s == null || s.sites().isEmpty()) {
      return "diagonal: no two inputs meet";
    }
    NameAllocator names = NameAllocator.forFunction(written, m);
    ExprPrinter exprs = new ExprPrinter(names);
    long band = -1;
    Set<String> dataOffsets = new TreeSet<>();
    Set<String> hubs = new LinkedHashSet<>();
    Set<String> fromData = new TreeSet<>();
    Set<String> others = new LinkedHashSet<>();
    for (Site site : s.sites()) {
      switch (site.shape()) {
        case OFFSET -> band = Math.max(band, site.offset());
        case DATA_OFFSET -> dataOffsets.add(code(exprs.print(site.difference()).toString()));
        case HUB -> hubs.add(element(site.a(), names, exprs) + " with every " + element(site.b(), names, exprs));
        case FROM_DATA -> fromData.add(code(names.nameOf(site.data())));
        case OTHER -> others.add(element(site.a(), names, exprs) + " with " + element(site.b(), names, exprs));
      }
    }
    List<String> parts = new ArrayList<>();
    boolean onlyBand = hubs.isEmpty() && fromData.isEmpty() && others.isEmpty();
    if (band >= 0 && dataOffsets.isEmpty()) {
      if (!onlyBand) {
        parts.add("elements at offsets up to " + band + " from each other");
      } else {
        parts.add(band == 1 ? "tridiagonal, a band of half-width 1" : "a band of half-width " + band);
      }
    } else if (!dataOffsets.isEmpty()) {
      String near = band == 1 ? "1 and " : band >= 0 ? "up to " + band + " and " : "";
      String offsets = near + String.join(" and ", dataOffsets);
      boolean fivePoint = band == 1 && dataOffsets.size() == 1;
      parts.add(
          (fivePoint ? "a 5-point stencil" : "a stencil")
              + ": each element with those at offsets "
              + offsets);
    }
    if (!hubs.isEmpty()) {
      parts.add("an arrowhead: " + String.join(", ", hubs));
    }
    if (!fromData.isEmpty()) {
      parts.add("from " + String.join(" and ", fromData) + ": the elements its entries name");
    }
    if (!others.isEmpty()) {
      List<String> listed = new ArrayList<>(others);
      String more = listed.size() > PAIRS_LISTED ? " and " + (listed.size() - PAIRS_LISTED) + " more" : "";
      parts.add(
          "the pairs as written: "
              + String.join(", ", listed.subList(0, Math.min(PAIRS_LISTED, listed.size())))
              + more);
    }
    return String.join("; ", parts);
  }

  private static String element(dev.adjoint.processor.diff.WrittenPatterns.Atom a, NameAllocator names, ExprPrinter exprs) {
    String name = names.nameOf(a.param());
    return code(a.index() == null ? name : name + "[" + exprs.print(a.index()) + "]");
  }

  private static String code(String s) {
    return "{@code " + s + "}";
  }
}
