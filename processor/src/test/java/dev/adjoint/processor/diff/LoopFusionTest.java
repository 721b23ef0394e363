package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayAccumulate;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which forward and backward loops may run in one pass: the backward iteration must need nothing
 * from the loop's end, and may only sum into what neither loop reads.
 */
class LoopFusionTest {
  private final Variable x = new Variable("x", Type.DOUBLE_ARRAY, Role.PARAMETER);
  private final Variable i = new Variable("i", Type.INT, Role.LOCAL);
  private final Variable sum = new Variable("sum", Type.DOUBLE, Role.LOCAL);
  private final Variable a = new Variable("a", Type.DOUBLE, Role.LOCAL);
  private final Variable xBar = new Variable("xBar", Type.DOUBLE_ARRAY, Role.TEMP);
  private final Variable rBar = new Variable("rBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable sumBar = new Variable("sumBar", Type.DOUBLE, Role.ADJOINT);

  private Expr element() {
    return new Expr.ArrayRead(ref(x), ref(i));
  }

  /** for (int i = 0; i < x.length; i++) { a = x[i] * x[i]; sum += a; } */
  private Loop forward() {
    return new Loop(
        List.of(new Assign(i, new Expr.IntLit(0, Type.INT), true)),
        new Expr.Binary(BinaryOp.LT, ref(i), new Expr.ArrayLength(ref(x)), Type.BOOLEAN),
        List.of(
            new Assign(
                i,
                new Expr.Binary(BinaryOp.ADD, ref(i), new Expr.IntLit(1, Type.INT), Type.INT))),
        List.of(new Assign(a, mul(element(), element()), true), new Accumulate(sum, ref(a))),
        true);
  }

  private Function gradient(List<Stmt> between, List<Stmt> backwardBody) {
    Loop f = forward();
    List<Stmt> body = new ArrayList<>();
    body.add(new Assign(sum, lit(0.0), true));
    body.add(f);
    body.addAll(between);
    body.add(CountedLoop.of(f).reversed(backwardBody));
    body.add(new Stmt.Return(ref(sum)));
    return new Function("g", List.of(x), Type.DOUBLE, body, Map.of());
  }

  private static long loops(Function f) {
    return f.body().stream().filter(s -> s instanceof Loop).count();
  }

  @Test
  void aSumWhoseBackwardStepNeedsOnlyItsOwnIterationFuses() {
    Function g =
        gradient(
            List.of(),
            List.of(
                new Assign(a, mul(element(), element()), true),
                new ArrayAccumulate(xBar, ref(i), mul(lit(2.0), element()))));
    Function fused = LoopFusion.fuse(g);
    assertEquals(1, loops(fused), fused.body().toString());
    Loop loop = (Loop) fused.body().stream().filter(s -> s instanceof Loop).findFirst().get();
    // The forward body, then the backward step without the value computed twice.
    assertEquals(3, loop.body().size(), loop.body().toString());
    assertTrue(loop.body().get(2) instanceof ArrayAccumulate, loop.body().toString());
  }

  @Test
  void anAdjointCarriedAcrossBackwardIterationsDoesNotFuse() {
    // rBar accumulates over the backward iterations and is read by them: their order matters.
    Function g =
        gradient(
            List.of(),
            List.of(
                new Accumulate(rBar, element()),
                new ArrayAccumulate(xBar, ref(i), mul(ref(rBar), element()))));
    assertSame(g, LoopFusion.fuse(g));
  }

  @Test
  void aValueOfTheForwardLoopReadBackwardDoesNotFuse() {
    // sum is the forward loop's result; each backward iteration would see a partial sum.
    Function g =
        gradient(List.of(), List.of(new ArrayAccumulate(xBar, ref(i), mul(ref(sum), element()))));
    assertSame(g, LoopFusion.fuse(g));
  }

  @Test
  void anAdjointSeedThatDependsOnTheLoopDoesNotFuse() {
    // sumBar = 1 / sum needs the loop's end; a constant seed may move before the loop.
    Function depends =
        gradient(
            List.of(new Assign(sumBar, div(lit(1.0), ref(sum)))),
            List.of(new ArrayAccumulate(xBar, ref(i), mul(ref(sumBar), element()))));
    assertSame(depends, LoopFusion.fuse(depends));
    Function constant =
        gradient(
            List.of(new Assign(sumBar, lit(3.0))),
            List.of(new ArrayAccumulate(xBar, ref(i), mul(ref(sumBar), element()))));
    Function fused = LoopFusion.fuse(constant);
    assertEquals(1, loops(fused), fused.body().toString());
    assertTrue(fused.body().get(1) instanceof Assign seed && seed.target() == sumBar,
        "the seed moves before the loop: " + fused.body());
  }

  private static Loop onlyLoop(Function f) {
    List<Stmt> loops = f.body().stream().filter(s -> s instanceof Loop).toList();
    assertEquals(1, loops.size(), f.body().toString());
    return (Loop) loops.get(0);
  }

  private List<Stmt> backwardStartingWith(Stmt first) {
    return List.of(
        first,
        new Assign(a, mul(element(), element()), true),
        new Stmt.Comment("line 3: sum += a;"),
        new ArrayAccumulate(xBar, ref(i), mul(lit(2.0), element())));
  }

  @Test
  void theHeadingOfTheValuesComputedAgainGoesWithThem() {
    Loop fused = onlyLoop(LoopFusion.fuse(gradient(List.of(), backwardStartingWith(RecomputedValues.HEADING))));
    // The forward body, then the backward step under its own comment, marked as such.
    assertEquals(4, fused.body().size(), fused.body().toString());
    assertEquals(new Stmt.Comment("backward, in the same pass: line 3: sum += a;"), fused.body().get(2));
  }

  @Test
  void aCommentThatOnlyReadsLikeTheHeadingIsAnOrdinaryComment() {
    Stmt lookalike = new Stmt.Comment(RecomputedValues.HEADING.text());
    Loop fused = onlyLoop(LoopFusion.fuse(gradient(List.of(), backwardStartingWith(lookalike))));
    assertEquals(5, fused.body().size(), fused.body().toString());
    assertEquals(
        new Stmt.Comment("backward, in the same pass: " + RecomputedValues.HEADING.text()),
        fused.body().get(2));
  }
}
