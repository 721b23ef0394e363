package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each local of a generated method is declared, so that two locals whose scopes do not
 * overlap (the indices of two loops one after the other) may share a name, as they would in
 * hand-written Java.
 */
final class Scopes {
  /** One step of a path: a block and a position in it. */
  private record Step(List<Stmt> block, int index) {}

  /**
   * A declaration: the path to it, and whether its scope is the statement at the path's end (a
   * loop header) rather than the rest of the block from there.
   */
  private record Declaration(List<Step> path, boolean statementOnly) {}

  /** A variable may be declared more than once: the same index in a loop and in its reverse. */
  private final Map<Variable, List<Declaration>> declarations = new IdentityHashMap<>();

  static Scopes of(List<Stmt> body) {
    Scopes s = new Scopes();
    s.walk(body, new ArrayList<>());
    return s;
  }

  private void walk(List<Stmt> block, List<Step> prefix) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      List<Step> path = new ArrayList<>(prefix);
      path.add(new Step(block, k));
      if (s instanceof Declare d) {
        declare(d.variable(), new Declaration(path, false));
      }
      if (s instanceof Loop l) {
        for (Stmt init : l.init()) {
          if (init instanceof Declare d) {
            declare(d.variable(), new Declaration(path, true));
          }
        }
      }
      for (List<Stmt> nested : Stmts.blocks(s)) {
        // A loop header's declarations are scoped to the loop, recorded above.
        if (!(s instanceof Loop l && nested == l.init())) {
          walk(nested, path);
        }
      }
    }
  }

  private void declare(Variable v, Declaration d) {
    declarations.computeIfAbsent(v, k -> new ArrayList<>()).add(d);
  }

  /** Whether the scopes of two declared locals are disjoint; false if either is not declared. */
  boolean disjoint(Variable a, Variable b) {
    List<Declaration> as = declarations.get(a);
    List<Declaration> bs = declarations.get(b);
    if (as == null || bs == null) {
      return false;
    }
    for (Declaration da : as) {
      for (Declaration db : bs) {
        if (within(da, db) || within(db, da)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code d}'s declaration point lies in the scope of {@code scope}. */
  private static boolean within(Declaration d, Declaration scope) {
    List<Step> s = scope.path();
    List<Step> p = d.path();
    int last = s.size() - 1;
    if (p.size() <= last) {
      return false;
    }
    for (int k = 0; k < last; k++) {
      if (p.get(k).block() != s.get(k).block() || p.get(k).index() != s.get(k).index()) {
        return false;
      }
    }
    Step end = s.get(last);
    Step at = p.get(last);
    if (at.block() != end.block()) {
      return false;
    }
    return scope.statementOnly() ? at.index() == end.index() : at.index() >= end.index();
  }
}
