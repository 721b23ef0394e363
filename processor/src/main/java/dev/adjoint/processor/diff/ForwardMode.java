package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.RuntimeHelper;
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
import java.util.Set;

/**
 * Forward mode: every active variable {@code x} gets a tangent {@code xDot}, seeded from the
 * direction, and every statement is preceded or followed by the statement that updates the tangent
 * of what it assigns. The result is the tangent of the returned value: {@code ∇f · direction}.
 *
 * <p>Applied to a gradient's IR instead of the source, the same transformation gives the
 * Hessian-vector product (forward over reverse): the tangent of each adjoint {@code xBar} is
 * {@code xBarDot}, and the tangent of the gradient array is {@code H·v}. For that it also
 * differentiates what only gradients contain: {@code +=}, the tape (each active value pushed is
 * followed by its tangent, popped first), zeroed and filled output arrays, and companion calls,
 * which become calls of the callee's Hessian-vector product.
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
  /** What a {@code return} becomes: the kind being made decides, not the transform. */
  private final Returns returns;
  /**
   * The partials of calls that the program reads as values, as a gradient's adjoint statements do:
   * they get tangents, and their calls become the callee's Hessian-vector product. Partials read
   * only by the chain rule of their own call (forward mode over the original) need none.
   */
  private final Set<Variable> partialsWithTangents;
  /** The arrays calls leave their partials in. */
  private final Set<Variable> callPartials = new java.util.HashSet<>();
  /** The tape entry of each active value's tangent, by the entry of the value. */
  private final Map<dev.adjoint.processor.ir.TapeEntry, dev.adjoint.processor.ir.TapeEntry>
      tangentEntries = new java.util.IdentityHashMap<>();
  /** For each companion call's gradient array, the array its direction is gathered in. */
  private final Map<Variable, Variable> callDirections = new java.util.IdentityHashMap<>();

  /** What a {@code return} of the transformed IR becomes, with the statements before it. */
  @FunctionalInterface
  private interface Returns {
    void apply(ForwardMode mode, Return r, List<Stmt> out);
  }

  /**
   * @param outputs arrays every element of whose tangent is written, such as the gradient's
   * @param returns what a {@code return} becomes
   */
  private ForwardMode(Function source, List<Variable> wrt, List<Variable> outputs, Returns returns) {
    this.source = source;
    this.wrt = wrt;
    this.returns = returns;
    List<Variable> seeds = new ArrayList<>(wrt);
    seeds.addAll(outputs);
    this.activity = Activity.of(source.body(), seeds);
    this.linearizer = new Linearizer(activity);
    List<Expr.DiffCall> calls = new ArrayList<>();
    for (Expr.DiffCall c : Stmts.diffCalls(source.body())) {
      if (c.gradient() != null) {
        calls.add(c);
      }
    }
    calls.forEach(c -> callPartials.add(c.gradient()));
    this.partialsWithTangents = readAsValues(source.body(), callPartials);
    for (Expr.DiffCall c : calls) {
      if (partialsWithTangents.contains(c.gradient())) {
        callDirections.computeIfAbsent(
            c.gradient(),
            g ->
                new Variable(c.name() + "Direction", Type.DOUBLE_ARRAY, Variable.Role.TEMP)
                    .markTangents());
      }
    }
  }

  /** The arrays of {@code partials} that some statement of {@code body} reads, other than resizing them. */
  private static Set<Variable> readAsValues(List<Stmt> body, Set<Variable> partials) {
    Set<Variable> read = new java.util.LinkedHashSet<>();
    Stmts.forEach(
        body,
        s -> {
          Variable assigned = s instanceof Assign a ? a.target() : null;
          for (Expr e : Stmts.ownExpressions(s)) {
            // Read by name: a call filling the array does not count.
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.VarRef r && partials.contains(r.variable()) && r.variable() != assigned) {
                    read.add(r.variable());
                  }
                });
          }
        });
    return read;
  }

  /** The IR of {@code double <name>(params..., double[] direction)}. */
  public static Function derivative(Function original, List<Variable> wrt, String name) {
    Function source = Splitter.split(CallSites.prepare(original, wrt), wrt);
    ForwardMode mode = new ForwardMode(source, wrt, List.of(), ForwardMode::returnTangent);
    Variable direction =
        new Variable("direction", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER);
    List<Stmt> body = mode.seeded(direction, source.body());
    List<Variable> params = new ArrayList<>(source.params());
    params.add(direction);
    return new Function(name, params, Type.DOUBLE, body, Map.of());
  }

  /**
   * The IR of {@code double[] <name>(params..., double[] v, double[] jv)} for a method returning
   * {@code double[]}: it returns the method's value and leaves the Jacobian times {@code v} in
   * {@code jv}.
   */
  public static Function jacobianVector(Function original, List<Variable> wrt, String name) {
    Function source = Splitter.split(CallSites.prepare(original, wrt), wrt);
    Variable v = new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER);
    Variable jv = new Variable("jv", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER);
    ForwardMode mode =
        new ForwardMode(source, wrt, List.of(), (m, r, out) -> m.returnTangents(r, jv, out));
    List<Stmt> body = mode.seeded(v, source.body());
    List<Variable> params = new ArrayList<>(source.params());
    params.add(v);
    params.add(jv);
    return new Function(name, params, Type.DOUBLE_ARRAY, body, Map.of());
  }

  /**
   * The IR of {@code double <name>(params..., double[] v, double[] grad, double[] hv)}, from the IR
   * of {@code double <gradient>(params..., double[] grad)}: it returns the value, leaves the
   * gradient in {@code grad} and the Hessian times {@code v} in {@code hv}.
   */
  public static Function hessianVector(Function gradient, List<Variable> wrt, String name) {
    return hessianVector(gradient, wrt, name, "hv");
  }

  /**
   * As {@link #hessianVector(Function, List, String)}, the product's parameter named {@code
   * product}: over a vector-Jacobian product's IR ({@code u} a parameter held constant) it is
   * {@code uhv} = Σᵢ uᵢ ∇²fᵢ · v.
   */
  public static Function hessianVector(
      Function gradient, List<Variable> wrt, String name, String product) {
    Variable grad = gradient.params().get(gradient.params().size() - 1);
    // The gradient is active even where an element is constant: hv gets a zero there. Its value
    // is returned as it is: the result is in hv, the tangents of grad.
    ForwardMode mode = new ForwardMode(gradient, wrt, List.of(grad), (m, r, out) -> out.add(r));
    Variable v =
        new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER).markTangents();
    Variable hv =
        new Variable(product, Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER).markTangents();
    mode.arrayTangents.put(grad, hv);
    List<Stmt> body = mode.seeded(v, gradient.body());
    List<Variable> params = new ArrayList<>(gradient.params().subList(0, gradient.params().size() - 1));
    params.add(v);
    params.add(grad);
    params.add(hv);
    // A vector-Jacobian product's IR gives uᵀ(∇²f)v (u held constant) and returns f's vector.
    return new Function(name, params, gradient.returnType(), body, Map.of());
  }

  /** The tangents of the differentiated parameters, read from {@code direction}, then the body's. */
  private List<Stmt> seeded(Variable direction, List<Stmt> sourceBody) {
    this.direction = direction;
    List<Stmt> body = new ArrayList<>();
    matrixSizes.putAll(GradientLayout.matrixSizes(wrt, body));
    for (Variable w : wrt) {
      Expr offset = GradientLayout.offsetOf(wrt, w, matrixSizes);
      if (w.type() == Type.DOUBLE) {
        body.add(new Assign(tangents.of(w), new Expr.ArrayRead(ref(direction), offset)));
      } else if (w.type() == Type.DOUBLE_MATRIX) {
        // A matrix's tangents in a matrix of its shape, copied from its slice of direction.
        Variable tangent = localTangentOf(w);
        body.add(
            new Assign(
                tangent,
                RuntimeHelper.UNFLATTEN.call(Type.DOUBLE_MATRIX, ref(direction), offset, ref(w))));
      } else if (offset instanceof Expr.IntLit zero && zero.value() == 0) {
        // The tangents of an array at the start of direction are direction itself.
        Variable alias =
            new Variable(w.baseName() + "Dot", Type.DOUBLE_ARRAY, Variable.Role.TEMP).markTangents();
        arrayTangents.put(w, alias);
        body.add(new Assign(alias, ref(direction)));
      }
    }
    body.addAll(block(sourceBody));
    return body;
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
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Comment) {
      out.add(s);
    } else if (s instanceof Stmt.ArrayStore st) {
      comment(s, out);
      store(st, out);
    } else if (s instanceof Return r) {
      returns.apply(this, r, out);
    } else if (s instanceof Stmt.Accumulate acc) {
      accumulate(acc, out);
    } else if (s instanceof Stmt.ArrayAccumulate acc) {
      if (activity.isActive(acc.array()) && activity.isActive(acc.value())) {
        SharedSubexpressions.Plan shared =
            SharedSubexpressions.plan(null, List.of(tangentOf(acc.value())), null);
        out.addAll(shared.derivedTemps());
        out.add(
            new Stmt.ArrayAccumulate(
                arrayTangentOf(acc.array()), acc.row(), acc.index(), shared.derived().get(0)));
      }
      out.add(acc);
    } else if (s instanceof Stmt.Zero z) {
      out.add(z);
      if (activity.isActive(z.array())) {
        out.add(new Stmt.Zero(arrayTangentOf(z.array()), z.from(), z.to()));
      }
    } else if (s instanceof Stmt.Push p) {
      push(p, out);
    } else if (s instanceof Stmt.Pop p) {
      pop(p, out);
    } else if (s instanceof Stmt.Eval e) {
      eval(e, out);
    } else {
      throw new IllegalStateException("forward mode cannot handle " + s);
    }
  }

  /** A scalar method's derivative: the tangent of the value it returns. */
  private void returnTangent(Return r, List<Stmt> out) {
    comment(r, out);
    if (Effects.possibleIn(r.value())) {
      // The derivative does not return the value, but a call in it may have effects: the value is
      // still computed, as written (branches of ?: and && included), and dead-code removal keeps it.
      out.add(new Assign(new Variable("value", r.value().type(), Variable.Role.TEMP), r.value()));
    }
    Map<Variable, Expr> coefficients = linearizer.coefficients(r.value(), null);
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(null, List.of(tangent(coefficients)), null);
    out.addAll(shared.derivedTemps());
    out.add(new Return(shared.derived().get(0)));
  }

  /** A vector-valued method returns its value, and its tangents (J times the direction) go to {@code jv}. */
  private void returnTangents(Return r, Variable jv, List<Stmt> out) {
    comment(r, out);
    Variable array = ((Expr.VarRef) r.value()).variable();
    Expr length = new Expr.ArrayLength(r.value());
    out.add(Exprs.requireLength(jv, length));
    if (activity.isActive(array)) {
      out.add(Exprs.arraycopy(ref(localTangentOf(array)), Exprs.lit0(), ref(jv), Exprs.lit0(), length));
    } else {
      out.add(new Stmt.Zero(jv, Exprs.lit0(), length));
    }
    out.add(r);
  }

  /** {@code x += e}: {@code xDot += eDot} first, from the values before the update. */
  private void accumulate(Stmt.Accumulate acc, List<Stmt> out) {
    Variable x = acc.target();
    if (!activity.isActive(x) || !activity.isActive(acc.value())) {
      out.add(acc);
      return;
    }
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(acc.value(), List.of(tangentOf(acc.value())), null);
    out.addAll(shared.primalTemps());
    out.addAll(shared.derivedTemps());
    out.add(new Stmt.Accumulate(tangents.of(x), shared.derived().get(0)));
    out.add(new Stmt.Accumulate(x, shared.primal()));
  }

  /** An active value goes on the tape with its tangent after it, so the tangent comes off first. */
  private void push(Stmt.Push p, List<Stmt> out) {
    out.add(p);
    Expr value = p.value();
    Expr tangent = null;
    if (value.type().isArray() && activity.isActiveArray(value)) {
      tangent = arrayTangentExpr(value);
    } else if (activity.isActive(value)) {
      tangent = tangentOf(value);
    }
    if (tangent != null) {
      dev.adjoint.processor.ir.TapeEntry entry = new dev.adjoint.processor.ir.TapeEntry();
      tangentEntries.put(p.entry(), entry);
      out.add(new Stmt.Push(p.tape(), entry, tangent));
    }
  }

  private void pop(Stmt.Pop p, List<Stmt> out) {
    dev.adjoint.processor.ir.TapeEntry entry = tangentEntries.get(p.entry());
    Variable target = p.target();
    boolean active = activity.isActive(target);
    if (entry != null) {
      Variable tangent = target.type().isArray() ? arrayTangentOf(target) : tangents.of(target);
      out.add(new Stmt.Pop(p.tape(), entry, tangent, p.row(), p.index()));
    } else if (active && !target.type().isArray()) {
      // The value popped carries no derivative.
      out.add(new Assign(tangents.of(target), lit(0.0)));
    } else if (active) {
      throw new IllegalStateException("an active element is popped without its tangent: " + p);
    }
    out.add(p);
  }

  /** A call made for the array it fills: a companion call, or a runtime helper. */
  private void eval(Stmt.Eval e, List<Stmt> out) {
    if (e.call() instanceof Expr.DiffCall call) {
      Expr withSecondOrder = secondOrderCalls(call, out);
      out.add(new Stmt.Eval(withSecondOrder));
      return;
    }
    VectorCallSite site = VectorCallSite.of(e);
    if (site != null) {
      vectorCall(site, e, out);
      return;
    }
    if (e.call() instanceof Expr.Call product
        && product.target() instanceof CallTarget.VectorCall vc
        && vc.product() == CallTarget.VectorCall.Product.VECTOR_JACOBIAN) {
      vectorJacobianTangent(product, vc, out);
      return;
    }
    Expr.Call c = (Expr.Call) e.call();
    List<Expr> args = c.args();
    if (c.target() instanceof CallTarget.Data
        || c.target() instanceof CallTarget.Assertion
        || c.target().is(RuntimeHelper.CHECK_INDEX)
        || c.target().is(RuntimeHelper.REQUIRE_LENGTH)) {
      // A call made for its effect alone (or an assert, an index or length check), its value
      // discarded: no derivative flows through it.
      out.add(e);
    } else if (c.target().is(RuntimeHelper.ADD_SCALED)) {
      // target[from + k] += scale * partials[at + k]: both factors may carry tangents.
      Expr target = args.get(0);
      if (activity.isActive(Activity.arrayOf(target))) {
        Expr targetDot = arrayTangentExpr(target);
        if (activity.isActive(args.get(2))) {
          out.add(
              new Stmt.Eval(
                  c.withArgs(
                      List.of(targetDot, args.get(1), tangentOf(args.get(2)), args.get(3), args.get(4), args.get(5)))));
        }
        if (activity.isActiveArray(args.get(3))) {
          out.add(
              new Stmt.Eval(
                  c.withArgs(
                      List.of(targetDot, args.get(1), args.get(2), arrayTangentExpr(args.get(3)), args.get(4), args.get(5)))));
        }
      }
      out.add(e);
    } else if (c.target().is(RuntimeHelper.ARRAYCOPY)) {
      // A copy of elements (a vector-Jacobian product's seed u into its result's adjoints): the
      // copied tangents, or zeros where the source is constant.
      Expr to = args.get(2);
      if (activity.isActiveArray(to)) {
        Expr length = args.get(4);
        if (activity.isActiveArray(args.get(0))) {
          out.add(
              Exprs.arraycopy(
                  arrayTangentExpr(args.get(0)), args.get(1), arrayTangentExpr(to), args.get(3), length));
        } else {
          Variable toDot = ((Expr.VarRef) arrayTangentExpr(to)).variable();
          out.add(new Stmt.Zero(toDot, args.get(3), Exprs.plusInt(args.get(3), length)));
        }
      }
      out.add(e);
    } else if (c.target().is(RuntimeHelper.FLATTEN)) {
      out.add(e);
      if (activity.isActiveArray(args.get(0))) {
        out.add(
            new Stmt.Eval(
                c.withArgs(
                    List.of(arrayTangentExpr(args.get(0)), arrayTangentExpr(args.get(1)), args.get(2)))));
      }
    } else {
      throw new IllegalStateException("forward mode cannot handle " + e);
    }
  }

  /**
   * Each active call in {@code e} whose partials need tangents (over a gradient) becomes a
   * Hessian-vector call: its direction, the tangents of its arguments, is gathered first.
   */
  private Expr secondOrderCalls(Expr e, List<Stmt> out) {
    return Exprs.rewrite(
        e,
        n -> {
          if (!(n instanceof Expr.DiffCall c)
              || c.gradient() == null
              || !partialsWithTangents.contains(c.gradient())
              || !activity.isActive(c)) {
            return n;
          }
          if (!c.callee().hasSecondOrder()) {
            throw new IllegalStateException("no second derivatives for " + c.name());
          }
          Variable gathered = callDirections.get(c.gradient());
          gather(c.args(), c.wrt(), gathered, out);
          return c.withSecondOrder(gathered, arrayTangentOf(c.gradient()));
        });
  }

  /**
   * {@code y = g(args)} of a vector callee called through its companion: {@code yDot} = J times
   * the tangents of the arguments, by {@code gJacobianVector}, then the value copied into {@code y}.
   */
  private void vectorCall(VectorCallSite site, Stmt.Eval copy, List<Stmt> out) {
    if (activity.isActive(site.into())) {
      site.checkArguments(activity, source.noteOf(copy));
      Variable direction =
          new Variable(site.callee().name() + "Direction", Type.DOUBLE_ARRAY, Variable.Role.TEMP)
              .markTangents();
      out.add(site.inputArray(direction));
      gather(site.args(), site.callee().wrt(), direction, out);
      out.add(
          site.product(
              CallTarget.VectorCall.Product.JACOBIAN_VECTOR,
              ref(direction),
              ref(arrayTangentOf(site.into()))));
    }
    out.add(copy);
  }

  /**
   * A gradient's {@code gVectorJacobian(args, yBar, vj)} of a vector callee, forward: the tangent
   * of {@code vj = Jᵀ yBar} is {@code Jᵀ yBarDot} plus {@code Σᵢ yBarᵢ ∇²gᵢ} times the tangents of
   * the arguments, by {@code gVectorJacobian(args, yBarDot, ...)} and {@code
   * gVectorHessianVector(args, yBar, direction, vj, vjDot)}, which also leaves {@code vj}.
   */
  private void vectorJacobianTangent(
      Expr.Call product, CallTarget.VectorCall vc, List<Stmt> out) {
    List<Expr> args = vc.calleeArgs(product);
    Expr u = product.args().get(product.args().size() - 2);
    Variable vj = Activity.arrayOf(product.args().get(product.args().size() - 1));
    if (!activity.isActive(vj)) {
      out.add(new Stmt.Eval(product));
      return;
    }
    VectorCallSite site = new VectorCallSite(vc.callee(), args, null);
    Variable vjDot = arrayTangentOf(vj);
    boolean argsActive = site.isActive(activity);
    if (argsActive) {
      if (!(vc.callee().derivatives() instanceof dev.adjoint.processor.ir.Callee.Generated g)
          || !g.secondOrder()) {
        throw new IllegalStateException("no second derivatives for " + vc.callee().name());
      }
      Variable direction =
          new Variable(vc.callee().name() + "Direction", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
      out.add(site.inputArray(direction));
      gather(args, vc.callee().wrt(), direction, out);
      out.add(
          site.product(
              CallTarget.VectorCall.Product.VECTOR_HESSIAN_VECTOR,
              u,
              ref(direction),
              ref(vj),
              ref(vjDot)));
    } else {
      out.add(new Stmt.Eval(product));
    }
    Expr length = site.inputLength();
    if (activity.isActiveArray(u)) {
      Variable uDot = arrayTangentOf(Activity.arrayOf(u));
      if (argsActive) {
        out.add(new Comment("and the tangent of the vector times the Jacobian"));
        // Jᵀ uDot, added to what the second-order product left.
        Variable more =
            new Variable(vc.callee().name() + "VjDot", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
        out.add(site.inputArray(more));
        out.add(site.product(CallTarget.VectorCall.Product.VECTOR_JACOBIAN, ref(uDot), ref(more)));
        out.add(
            new Stmt.Eval(
                RuntimeHelper.ADD_SCALED.call(
                    Type.INT, ref(vjDot), Exprs.lit0(), lit(1.0), ref(more), Exprs.lit0(), length)));
      } else {
        out.add(site.product(CallTarget.VectorCall.Product.VECTOR_JACOBIAN, ref(uDot), ref(vjDot)));
      }
    } else if (!argsActive) {
      out.add(new Stmt.Zero(vjDot, Exprs.lit0(), length));
    }
  }

  /**
   * The tangents of a callee's differentiated arguments, {@code args} with {@code calleeWrt}, laid
   * out as its gradient is, into {@code gathered}: the direction of its products.
   */
  private void gather(List<Expr> args, List<Boolean> calleeWrt, Variable gathered, List<Stmt> out) {
    Expr slot = new Expr.IntLit(0, Type.INT);
    for (int k = 0; k < args.size(); k++) {
      if (!calleeWrt.get(k)) {
        continue;
      }
      Expr arg = args.get(k);
      if (arg.type().isArray()) {
        Expr length = CallSites.argumentLength(arg);
        // An array made in a loop: its tangents' buffer, as long as the array's, copied up to
        // the iteration's length.
        arg = Exprs.passedArray(arg);
        Expr end = Exprs.plusInt(slot, length);
        if (activity.isActiveArray(arg)) {
          Expr tangents;
          Expr from = new Expr.IntLit(0, Type.INT);
          if (arg instanceof Expr.VarRef r
              && this.wrt.contains(r.variable())
              && !arrayTangents.containsKey(r.variable())) {
            // A parameter's tangents are its slice of the direction.
            tangents = ref(direction);
            from = GradientLayout.offsetOf(this.wrt, r.variable(), matrixSizes);
          } else {
            tangents = arrayTangentExpr(arg);
          }
          if (tangents.type() == Type.DOUBLE_MATRIX) {
            // A whole matrix's tangents, its rows in order.
            out.add(
                new Stmt.Eval(
                    RuntimeHelper.FLATTEN.call(Type.INT, tangents, ref(gathered), slot)));
          } else {
            out.add(Exprs.arraycopy(tangents, from, ref(gathered), slot, length));
          }
        } else {
          out.add(new Stmt.Zero(gathered, slot, end));
        }
        slot = end;
      } else {
        out.add(
            new Stmt.ArrayStore(
                gathered, slot, activity.isActive(arg) ? tangentOf(arg) : lit(0.0)));
        slot = Exprs.plusInt(slot, new Expr.IntLit(1, Type.INT));
      }
    }
  }

  /** The tangent of an expression, {@code Σ coefficient · uDot}. */
  private Expr tangentOf(Expr e) {
    return dev.adjoint.processor.simplify.Fold.simplify(tangent(linearizer.coefficients(e, null)));
  }

  /** The tangents of an active array, or of a row of an active matrix. */
  private Expr arrayTangentExpr(Expr array) {
    if (array instanceof Expr.ArrayRead row) {
      return new Expr.ArrayRead(ref(arrayTangentOf(Activity.arrayOf(row.array()))), row.index());
    }
    return ref(arrayTangentOf(Activity.arrayOf(array)));
  }

  /** The array holding the tangents of array {@code a}. */
  private Variable arrayTangentOf(Variable a) {
    Variable t = arrayTangents.get(a);
    if (t == null && wrt.contains(a)) {
      throw new IllegalStateException("the tangents of " + a + " are a slice of the direction");
    }
    return localTangentOf(a);
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

  private boolean isPartials(Variable array) {
    return callPartials.contains(array);
  }

  /** {@code value} with the array it names or resizes replaced by {@code replacement}. */
  private static Expr resized(Expr value, Variable array, Variable replacement) {
    return Exprs.rewrite(
        value, n -> n instanceof Expr.VarRef r && r.variable() == array ? ref(replacement) : n);
  }

  private Variable localTangentOf(Variable a) {
    return arrayTangents.computeIfAbsent(
        a, x -> new Variable(x.baseName() + "Dot", x.type(), Variable.Role.TEMP).markTangents());
  }

  private void assign(Assign a, List<Stmt> out) {
    Variable v = a.target();
    if (v.type().isArray()) {
      if (!activity.isActive(v) || (isPartials(v) && !partialsWithTangents.contains(v))) {
        out.add(a);
        return;
      }
      if (callDirections.containsKey(v)) {
        // A companion call's partials: its direction and tangents are made alike.
        Variable gathered = callDirections.get(v);
        out.add(new Assign(gathered, resized(a.value(), v, gathered)));
      }
      out.add(a);
      Variable aliased = Activity.aliasedArray(a.value());
      Expr tangentValue = a.value();
      if (aliased != null) {
        tangentValue = resized(a.value(), aliased, arrayTangentOf(aliased));
      }
      out.add(new Assign(localTangentOf(v), tangentValue));
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
    if (a.value() instanceof Expr.DiffCall) {
      a = new Assign(v, secondOrderCalls(a.value(), out), a.declares());
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
      Expr product =
          linearizer
              .guardOf(term.getKey())
              .tangent(ChainTerms.times(term.getValue(), tangentOf(term.getKey())));
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
      return RuntimeHelper.DOT.call(
          Type.DOUBLE, ref(u.partials()), u.index(), tangents, from, u.length());
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
