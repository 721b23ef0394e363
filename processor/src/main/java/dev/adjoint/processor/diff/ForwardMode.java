package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forward mode: every active variable {@code x} gets a tangent {@code xDot}, seeded from the
 * direction, and every statement is preceded or followed by the statement that updates the tangent
 * of what it assigns. The result is the tangent of the returned value: {@code ∇f · direction}.
 */
public final class ForwardMode {
  private final Function source;
  private final Activity activity;
  private final Linearizer linearizer;
  private final DerivativeNames tangents = DerivativeNames.tangents();
  private final Map<Variable, Variable> arrayTangents = new java.util.HashMap<>();
  /** The sizes of differentiated matrices, computed once at the start. */
  private final Map<Variable, Variable> matrixSizes = new java.util.LinkedHashMap<>();
  private Variable direction;
  private List<Variable> wrt;

  private ForwardMode(Function source, List<Variable> wrt) {
    this.source = source;
    this.activity = Activity.of(source.body(), wrt);
    this.linearizer = new Linearizer(activity);
  }

  /** The IR of {@code double <name>(params..., double[] direction)}. */
  public static Function derivative(Function original, List<Variable> wrt, String name) {
    Function source = Splitter.split(CallSites.prepare(original, wrt), wrt);
    ForwardMode mode = new ForwardMode(source, wrt);
    Variable direction =
        new Variable("direction", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER);
    mode.direction = direction;
    mode.wrt = wrt;
    List<Stmt> body = new ArrayList<>();
    mode.matrixSizes.putAll(GradientLayout.matrixSizes(wrt, body));
    for (Variable w : wrt) {
      Expr offset = GradientLayout.offsetOf(wrt, w, mode.matrixSizes);
      if (w.type() == Type.DOUBLE) {
        body.add(new Assign(mode.tangents.of(w), new Expr.ArrayRead(ref(direction), offset)));
      } else if (w.type() == Type.DOUBLE_MATRIX) {
        // A matrix's tangents in a matrix of its shape, copied from its slice of direction.
        Variable tangent = mode.localTangentOf(w);
        body.add(
            new Assign(
                tangent,
                new Expr.Call(
                    dev.adjoint.processor.ir.GradientLayout.SHAPES,
                    "unflatten",
                    List.of(ref(direction), offset, ref(w)),
                    Type.DOUBLE_MATRIX)));
      } else if (offset instanceof Expr.IntLit zero && zero.value() == 0) {
        // The tangents of an array at the start of direction are direction itself.
        Variable alias = new Variable(w.baseName() + "Dot", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
        mode.arrayTangents.put(w, alias);
        body.add(new Assign(alias, ref(direction)));
      }
    }
    body.addAll(mode.block(source.body()));
    List<Variable> params = new ArrayList<>(source.params());
    params.add(direction);
    return new Function(name, params, Type.DOUBLE, body, Map.of());
  }

  private List<Stmt> block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      statement(s, out);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Assign a) {
      comment(s, out);
      assign(a, out);
    } else if (s instanceof If || s instanceof Stmt.Loop) {
      out.add(Stmts.mapBlocks(s, this::block));
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      out.add(s);
    } else if (s instanceof Stmt.ArrayStore st) {
      comment(s, out);
      store(st, out);
    } else if (s instanceof Return r) {
      comment(s, out);
      Map<Variable, Expr> coefficients = linearizer.coefficients(r.value(), null);
      SharedSubexpressions.Plan shared =
          SharedSubexpressions.plan(null, List.of(tangent(coefficients)), null);
      out.addAll(shared.derivedTemps());
      out.add(new Return(shared.derived().get(0)));
    } else {
      throw new IllegalStateException("forward mode cannot handle " + s);
    }
  }

  /** {@code a[i] = e}: the element's tangent first, from the values {@code e} reads. */
  private void store(Stmt.ArrayStore st, List<Stmt> out) {
    Variable a = st.array();
    if (activity.isActive(a)) {
      Expr tangent =
          activity.isActive(st.value())
              ? tangent(linearizer.coefficients(st.value(), null))
              : lit(0.0);
      SharedSubexpressions.Plan shared = SharedSubexpressions.plan(null, List.of(tangent), null);
      out.addAll(shared.derivedTemps());
      out.add(
          new Stmt.ArrayStore(localTangentOf(a), st.row(), st.index(), shared.derived().get(0)));
    }
    out.add(st);
  }

  private Variable localTangentOf(Variable a) {
    return arrayTangents.computeIfAbsent(
        a, x -> new Variable(x.baseName() + "Dot", x.type(), Variable.Role.TEMP));
  }

  private void assign(Assign a, List<Stmt> out) {
    Variable v = a.target();
    if (v.type().isArray()) {
      out.add(a);
      if (v.role() == Variable.Role.LOCAL && activity.isActive(v)) {
        out.add(new Assign(localTangentOf(v), a.value()));
      }
      return;
    }
    if (!activity.isActive(v)) {
      out.add(a);
      return;
    }
    Variable vDot = tangents.of(v);
    if (!activity.isActive(a.value())) {
      out.add(a);
      out.add(new Assign(vDot, lit(0.0)));
      return;
    }
    boolean readsItself = Exprs.reads(a.value(), v);
    // After the assignment, v holds the value, which rules such as exp and sqrt reuse.
    Expr rootValue = readsItself ? null : ref(v);
    Expr tangent = tangent(linearizer.coefficients(a.value(), rootValue));
    SharedSubexpressions.Plan shared = SharedSubexpressions.plan(a.value(), List.of(tangent), v);
    out.addAll(shared.primalTemps());
    Assign primal = new Assign(v, shared.primal(), a.declares());
    Assign update = new Assign(vDot, shared.derived().get(0));
    if (readsItself) {
      out.addAll(shared.derivedTemps());
      out.add(update);
      out.add(primal);
    } else {
      out.add(primal);
      out.addAll(shared.derivedTemps());
      out.add(update);
    }
  }

  /** {@code Σ coefficient · uDot}, unfolded so shared subexpressions are still found verbatim. */
  private Expr tangent(Map<Variable, Expr> coefficients) {
    Expr sum = null;
    for (Map.Entry<Variable, Expr> term : coefficients.entrySet()) {
      Expr product = mul(term.getValue(), tangentOf(term.getKey()));
      sum = sum == null ? product : Exprs.add(sum, product);
    }
    return sum == null ? lit(0.0) : sum;
  }

  /** {@code uDot}, or for an array element its slot of the direction. */
  private Expr tangentOf(Variable u) {
    if (u.role() == Variable.Role.SLICE) {
      // A whole array argument: its partials dotted with its tangents.
      Variable alias = arrayTangents.get(u.origin());
      Expr tangents;
      Expr from;
      if (alias != null) {
        tangents = u.row() == null ? ref(alias) : new Expr.ArrayRead(ref(alias), u.row());
        from = new Expr.IntLit(0, Type.INT);
      } else {
        tangents = ref(direction);
        from = GradientLayout.offsetOf(wrt, u.origin(), matrixSizes);
      }
      return new Expr.Call(
          CallSites.VECTORS,
          "dot",
          List.of(ref(u.partials()), u.index(), tangents, from, u.length()),
          Type.DOUBLE);
    }
    if (u.role() != Variable.Role.ELEMENT) {
      return ref(tangents.of(u));
    }
    Variable alias = arrayTangents.get(u.origin());
    if (alias != null) {
      return ReverseMode.elementOf(alias, u.row(), u.index());
    }
    Expr offset = GradientLayout.offsetOf(wrt, u.origin(), matrixSizes);
    return new Expr.ArrayRead(ref(direction), Exprs.plusInt(offset, u.index()));
  }

  private void comment(Stmt s, List<Stmt> out) {
    SourceNote note = source.noteOf(s);
    if (note != null) {
      out.add(new Comment(note.comment()));
    }
  }
}
