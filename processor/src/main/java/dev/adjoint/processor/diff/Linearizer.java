package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.copied;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.rules.Rule;
import dev.adjoint.processor.rules.RuleTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chain rule: writes the linear part of an expression as {@code Σ coefficient(u) · du} over the
 * active variables {@code u} it reads, and the elements {@code x[i]} of active arrays (keys of role
 * {@link Variable.Role#ELEMENT}). Forward mode turns the coefficients into a tangent, reverse
 * mode into adjoint updates; both get the same partial derivatives from the rule table.
 */
public final class Linearizer {
  private final Activity activity;
  /** The guard of each element key read only in branches of {@code ?:}. */
  private final Map<Variable, ElementGuard> guards = new IdentityHashMap<>();
  /** The sides of the {@code ?:} being walked, outermost first. */
  private final Deque<ElementGuard.Fact> sides = new ArrayDeque<>();
  /** The elements the expression being linearised reads outside any branch of {@code ?:}. */
  private Set<List<Object>> readAlways = Set.of();

  public Linearizer(Activity activity) {
    this.activity = activity;
  }

  /**
   * The coefficient of each active variable in the linearisation of {@code e}, in the order they
   * are first met.
   *
   * @param rootValue an expression equal to {@code e}'s value (such as the variable it was just
   *     stored in) that rules may use instead of recomputing it, or null
   */
  public Map<Variable, Expr> coefficients(Expr e, Expr rootValue) {
    Map<Variable, Expr> out = new LinkedHashMap<>();
    readAlways = new HashSet<>();
    collectReadAlways(e, readAlways);
    walk(e, lit(1.0), e, rootValue, out);
    return out;
  }

  /**
   * Where the element key {@code u} of a coefficient may be indexed: {@link ElementGuard#NONE}
   * unless the expression reads the element only in branches of {@code ?:}.
   */
  ElementGuard guardOf(Variable u) {
    return guards.getOrDefault(u, ElementGuard.NONE);
  }

  /** The elements {@code e} reads whichever way its {@code ?:} go: conditions included. */
  private static void collectReadAlways(Expr e, Set<List<Object>> out) {
    if (e instanceof Conditional c) {
      collectReadAlways(c.condition(), out);
      return;
    }
    List<Object> element = element(e);
    if (element != null) {
      out.add(element);
    }
    for (Expr child : Exprs.children(e)) {
      collectReadAlways(child, out);
    }
  }

  /** {@code x[i]} or {@code m[r][i]} of a named array as (array, row, index); else null. */
  private static List<Object> element(Expr e) {
    if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.ArrayRead row
        && row.array() instanceof VarRef m) {
      return java.util.Arrays.asList(m.variable(), row.index(), a.index());
    }
    if (e instanceof Expr.ArrayRead a && a.array() instanceof VarRef x) {
      return java.util.Arrays.asList(x.variable(), null, a.index());
    }
    return null;
  }

  private void walk(Expr e, Expr scale, Expr root, Expr rootValue, Map<Variable, Expr> out) {
    if (!activity.isActive(e)) {
      return;
    }
    Expr value = (e == root && rootValue != null) ? rootValue : e;
    if (e instanceof VarRef r) {
      out.merge(r.variable(), scale, Exprs::add);
    } else if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.ArrayRead row) {
      Variable matrix = ((VarRef) row.array()).variable();
      out.merge(elementKey(matrix, row.index(), a.index(), guardHere(e), out), scale, Exprs::add);
    } else if (e instanceof Expr.ArrayRead a) {
      Variable array = ((VarRef) a.array()).variable();
      out.merge(elementKey(array, null, a.index(), guardHere(e), out), scale, Exprs::add);
    } else if (e instanceof Unary u) {
      walk(u.operand(), neg(scale), root, rootValue, out);
    } else if (e instanceof Cast c) {
      walk(c.operand(), scale, root, rootValue, out);
    } else if (e instanceof Conditional c) {
      // Each branch's partials are computed only on its own side of the ?:, so the branch not
      // taken (a division by zero, a log of a negative) cannot turn the derivative into NaN.
      Map<Variable, Expr> ifTrue = new LinkedHashMap<>();
      Map<Variable, Expr> ifFalse = new LinkedHashMap<>();
      sides.addLast(new ElementGuard.Fact(c.condition(), true));
      walk(c.ifTrue(), scale, root, rootValue, ifTrue);
      sides.removeLast();
      sides.addLast(new ElementGuard.Fact(c.condition(), false));
      walk(c.ifFalse(), scale, root, rootValue, ifFalse);
      sides.removeLast();
      Map<Variable, Expr> both = new LinkedHashMap<>(ifTrue);
      ifFalse.forEach(both::putIfAbsent);
      for (Variable u : both.keySet()) {
        Expr t = ifTrue.getOrDefault(u, lit(0.0));
        Expr f = ifFalse.getOrDefault(u, lit(0.0));
        out.merge(u, cond(c.condition(), t, f), Exprs::add);
      }
    } else if (e instanceof Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case ADD -> {
          walk(l, scale, root, rootValue, out);
          walk(r, scale, root, rootValue, out);
        }
        case SUB -> {
          walk(l, scale, root, rootValue, out);
          walk(r, neg(scale), root, rootValue, out);
        }
        case MUL -> {
          // The other factor is a copy of the user's: marked, so the simplifier keeps its value.
          walk(l, mul(scale, copied(r)), root, rootValue, out);
          walk(r, mul(scale, copied(l)), root, rootValue, out);
        }
        case DIV -> {
          // d(l/r) = dl / r - (l/r) dr / r
          walk(l, div(scale, copied(r)), root, rootValue, out);
          walk(r, neg(div(mul(scale, copied(value)), copied(r))), root, rootValue, out);
        }
        case REM -> {
          // l % r = l - r·trunc(l/r), and trunc(l/r) = (l - value) / r
          walk(l, scale, root, rootValue, out);
          walk(
              r,
              neg(mul(scale, div(sub(copied(l), copied(value)), copied(r)))),
              root,
              rootValue,
              out);
        }
        default -> throw new IllegalStateException("no derivative for operator " + b.op());
      }
    } else if (e instanceof Expr.DiffCall c) {
      // The callee's companion left its partial derivatives in c's gradient array.
      if (c.gradient() == null) {
        throw new IllegalStateException("call without its gradient array: " + c.name());
      }
      Expr slot = new Expr.IntLit(0, dev.adjoint.processor.ir.Type.INT);
      for (int k = 0; k < c.args().size(); k++) {
        if (!c.wrt().get(k)) {
          continue;
        }
        Expr arg = c.args().get(k);
        if (arg.type().isArray()) {
          // A whole array: its partials are a slice of the callee's gradient, as long as it is.
          Expr length = CallSites.argumentLength(arg);
          if (activity.isActiveArray(arg)) {
            Expr passed = Exprs.passedArray(arg);
            Variable array =
                ((VarRef) (passed instanceof Expr.ArrayRead row ? row.array() : passed)).variable();
            Expr row = passed instanceof Expr.ArrayRead r ? r.index() : null;
            out.put(Variable.slice(array, row, c.gradient(), slot, length), scale);
          }
          slot = Exprs.plusInt(slot, length);
        } else {
          Expr partial = new Expr.ArrayRead(Exprs.ref(c.gradient()), slot);
          walk(arg, mul(scale, partial), root, rootValue, out);
          slot = Exprs.plusInt(slot, new Expr.IntLit(1, dev.adjoint.processor.ir.Type.INT));
        }
      }
    } else if (e instanceof Call c && c.target() instanceof CallTarget.Primitive p) {
      Rule rule = RuleTable.of(p.function());
      Rule.Site site = new CallSite(c, p.library(), value);
      for (int i = 0; i < c.args().size(); i++) {
        if (!activity.isActive(c.args().get(i))) {
          continue;
        }
        Expr partial = rule.partial(i, site);
        if (partial != null && rule.unbounded(i, site)) {
          walkGuarded(c.args().get(i), scale, partial, root, rootValue, out);
        } else if (partial != null) {
          walk(c.args().get(i), mul(scale, partial), root, rootValue, out);
        }
      }
    } else if (ChainTerms.isGuarded(e)) {
      // In forward over reverse: d(f·p) = df·p + f·dp, where p or dp may be infinite.
      Call c = (Call) e;
      Expr factor = copied(c.args().get(0));
      Expr partial = copied(c.args().get(1));
      walkGuarded(c.args().get(0), scale, partial, root, rootValue, out);
      Map<Variable, Expr> chain = new LinkedHashMap<>();
      walk(c.args().get(1), lit(1.0), root, rootValue, chain);
      chain.forEach(
          (u, d) -> out.merge(u, ChainTerms.guarded(ChainTerms.times(scale, factor), d), Exprs::add));
    } else {
      throw new IllegalStateException("cannot differentiate " + e);
    }
  }

  /**
   * The terms {@code scale · partial · ∂e/∂u} with a partial that may be infinite, each guarded by
   * the rest of its product: the derivative of {@code e} is found on its own and multiplied in
   * afterwards, so that the term is 0 where the chain below is (and, once the adjoint or tangent
   * joins the factor, where they are).
   */
  private void walkGuarded(
      Expr e, Expr scale, Expr partial, Expr root, Expr rootValue, Map<Variable, Expr> out) {
    Map<Variable, Expr> chain = new LinkedHashMap<>();
    walk(e, lit(1.0), root, rootValue, chain);
    chain.forEach(
        (u, d) -> out.merge(u, ChainTerms.guarded(ChainTerms.times(scale, d), partial), Exprs::add));
  }

  /** The guard an element read here needs: the sides it is read on, unless it is read always. */
  private ElementGuard guardHere(Expr read) {
    return sides.isEmpty() || readAlways.contains(element(read))
        ? ElementGuard.NONE
        : new ElementGuard(new ArrayList<>(sides));
  }

  /**
   * The key of {@code array[index]}: one per element, index expression and guard in {@code out}.
   */
  private Variable elementKey(
      Variable array, Expr row, Expr index, ElementGuard guard, Map<Variable, Expr> out) {
    for (Variable k : out.keySet()) {
      if (k.role() == Variable.Role.ELEMENT
          && k.origin() == array
          && java.util.Objects.equals(k.row(), row)
          && k.index().equals(index)
          && guardOf(k).equals(guard)) {
        return k;
      }
    }
    Variable key = row == null ? Variable.element(array, index) : Variable.element(array, row, index);
    if (!guard.isNone()) {
      guards.put(key, guard);
    }
    return key;
  }

  private record CallSite(Call call, ClassRef library, Expr value) implements Rule.Site {
    @Override
    public Expr arg(int i) {
      return copied(call.args().get(i));
    }

    @Override
    public Expr value() {
      return copied(value);
    }

    @Override
    public Expr call(MathFunction function, Expr... args) {
      // An argument needs no mark: the simplifier leaves arguments exact anyway.
      Expr[] plain = new Expr[args.length];
      for (int k = 0; k < args.length; k++) {
        plain[k] = Exprs.withoutCopyMarks(args[k]);
      }
      return Exprs.call(function, library, plain);
    }
  }
}
