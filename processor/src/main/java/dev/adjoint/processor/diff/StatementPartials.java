package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The first and second partials of one statement {@code v = φ(u1..uk)}, the whole right-hand side
 * taken as one φ: its operands are the active variables and elements φ reads (as {@link
 * Linearizer} keys them), its first partials the Linearizer's coefficients, and its second
 * partials those coefficients linearised again (so they come from the rule table's own
 * derivatives). Only pairs j ≤ l are kept: ∂²φ/∂u_j∂u_l is symmetric.
 */
final class StatementPartials {
  /**
   * One operand: its Linearizer key (a variable, or an element of an array) and the branches of
   * {@code ?:} it is read in (none if read whatever they decide).
   */
  record Operand(Variable key, ElementGuard guard) {}

  /** ∂φ/∂u, recorded where {@code guard} holds. */
  record First(Operand u, Expr d, ElementGuard guard) {}

  /** ∂²φ/∂u∂w ({@code w} null: ∂²φ/∂u²), recorded where {@code guard} holds. */
  record Second(Operand u, Operand w, Expr d, ElementGuard guard) {}

  /** A coefficient holds what the Linearizer cannot differentiate again. */
  static final class NotTwiceDifferentiable extends RuntimeException {
    NotTwiceDifferentiable(String detail) {
      super(detail, null, false, false);
    }
  }

  /** A first partial larger than this is not linearised again (its second partials would be larger still). */
  private static final int MAX_COEFFICIENT_NODES = 2_000;

  /** A first partial too large to linearise again. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("a first partial too large to differentiate again", null, false, false);
    }
  }

  final List<Operand> operands = new ArrayList<>();
  final List<First> firsts = new ArrayList<>();
  final List<Second> seconds = new ArrayList<>();

  private StatementPartials() {}

  /** The partials of {@code value}, an active expression. */
  static StatementPartials of(Expr value, Activity activity) {
    StatementPartials p = new StatementPartials();
    Linearizer first = new Linearizer(activity);
    Map<Variable, Expr> coefficients = first.coefficients(value, null);
    List<Expr> ds = new ArrayList<>();
    for (Map.Entry<Variable, Expr> c : coefficients.entrySet()) {
      Operand u = new Operand(c.getKey(), first.guardOf(c.getKey()));
      int same = p.sameOperand(u);
      if (same >= 0) {
        // The same element read on both sides of a ?: whose condition reads it too: keyed twice
        // by the Linearizer, one operand here, or its two halves would meet as two operands.
        ds.set(same, Exprs.add(ds.get(same), c.getValue()));
        continue;
      }
      p.operands.add(u);
      ds.add(c.getValue());
    }
    for (int j = 0; j < p.operands.size(); j++) {
      Operand u = p.operands.get(j);
      p.firsts.add(new First(u, ds.get(j), u.guard()));
    }
    for (int j = 0; j < p.operands.size(); j++) {
      Expr d = ds.get(j);
      if (Exprs.size(d) > MAX_COEFFICIENT_NODES) {
        throw new TooLarge();
      }
      requireDifferentiable(d, activity);
      Linearizer again = new Linearizer(activity);
      Map<Variable, Expr> inner;
      try {
        inner = again.coefficients(d, null);
      } catch (IllegalStateException e) {
        throw new NotTwiceDifferentiable(e.getMessage());
      }
      Operand u = p.operands.get(j);
      for (Map.Entry<Variable, Expr> c : inner.entrySet()) {
        int l = p.indexOf(c.getKey(), again.guardOf(c.getKey()));
        if (l < j) {
          // Symmetric: ∂²φ/∂u_l∂u_j was recorded with u_l's coefficient (or is, where l < 0,
          // something the statement does not read: never, but then not recorded silently).
          if (l < 0) {
            throw new NotTwiceDifferentiable("a coefficient reads " + c.getKey() + ", which the statement does not");
          }
          continue;
        }
        ElementGuard guard = union(u.guard(), p.operands.get(l).guard(), again.guardOf(c.getKey()));
        p.seconds.add(new Second(u, l == j ? null : p.operands.get(l), c.getValue(), guard));
      }
    }
    return p;
  }

  /**
   * The operand {@code key} (a key of a coefficient's linearisation, read where {@code guard}
   * says) names: the same variable, or an element of the same array at the same index read on the
   * same sides of {@code ?:}, else the only operand on that element; -1 if none. The same element
   * read on two sides of {@code ?:} is two operands, each recorded on its side (the runtime adds
   * two partials of one key); where a coefficient's read matches neither side exactly, refused.
   */
  private int indexOf(Variable key, ElementGuard guard) {
    int exact = -1;
    int same = -1;
    int sameCount = 0;
    for (int k = 0; k < operands.size(); k++) {
      Operand u = operands.get(k);
      if (sameValue(u.key(), key)) {
        same = k;
        sameCount++;
        if (u.guard().equals(guard)) {
          exact = k;
        }
      }
    }
    if (exact >= 0) {
      return exact;
    }
    if (sameCount > 1) {
      throw new NotTwiceDifferentiable("an element read on two sides of ?: and again in a partial: " + key);
    }
    return same;
  }

  /** The operand already on {@code u}'s element and read on the same sides of ?:, or -1. */
  private int sameOperand(Operand u) {
    for (int k = 0; k < operands.size(); k++) {
      if (sameValue(operands.get(k).key(), u.key()) && operands.get(k).guard().equals(u.guard())) {
        return k;
      }
    }
    return -1;
  }

  private static boolean sameValue(Variable a, Variable b) {
    if (a == b) {
      return true;
    }
    return a.role() == Variable.Role.ELEMENT
        && b.role() == Variable.Role.ELEMENT
        && a.origin() == b.origin()
        && Objects.equals(a.row(), b.row())
        && a.index().equals(b.index());
  }

  /** The facts of every guard, each once. */
  private static ElementGuard union(ElementGuard... guards) {
    Set<ElementGuard.Fact> facts = new LinkedHashSet<>();
    for (ElementGuard g : guards) {
      facts.addAll(g.facts());
    }
    return new ElementGuard(new ArrayList<>(facts));
  }

  /**
   * A coefficient whose active part reaches into a call the Linearizer would take for data (a
   * helper other than a {@code Math} function or {@code Chain.times}) would lose second partials
   * silently: refused instead.
   */
  private static void requireDifferentiable(Expr d, Activity activity) {
    Exprs.forEachNode(
        d,
        n -> {
          if (n instanceof Expr.Call c
              && !(c.target() instanceof CallTarget.Primitive)
              && !ChainTerms.isGuarded(c)
              && readsActive(c, activity)) {
            throw new NotTwiceDifferentiable("a partial calls " + c.name());
          }
        });
  }

  private static boolean readsActive(Expr e, Activity activity) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= n.type() == dev.adjoint.processor.ir.Type.DOUBLE && activity.isActive(n));
    return found[0];
  }
}
