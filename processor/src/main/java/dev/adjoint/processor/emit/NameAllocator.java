package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Member;
import dev.adjoint.processor.ir.MemberNames;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a distinct Java name. The user's parameters and locals
 * keep theirs; generated names ({@code xBar}, {@code grad}, ...) take a number when that name is
 * taken, so they never change or shadow the user's.
 */
public final class NameAllocator {
  private final Map<Variable, String> names = new IdentityHashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Set<String> userNames = new HashSet<>();
  /** The companion's names for the members it reaches indirectly. */
  private MemberNames members = MemberNames.NONE;

  /**
   * Names for one generated method of {@code m}: its variables, and the companion's handles and
   * constants, which no variable may shadow.
   */
  public static NameAllocator forFunction(Function f, MethodInfo m) {
    Set<String> reserved = new HashSet<>(m.userNames());
    // The companion's fields, which a variable would shadow; its methods share no namespace.
    m.memberNames().names().forEach(
        (member, name) -> {
          if (!member.isMethod()) {
            reserved.add(name);
          }
        });
    NameAllocator a = forFunction(f, reserved);
    a.members = m.memberNames();
    return a;
  }

  /**
   * The companion's name of {@code member}: its handle, copied constant or calling method; null
   * where no companion is written (a stage printed for a test), which then shows the member itself.
   */
  String nameOf(Member member) {
    return members == MemberNames.NONE ? null : members.nameOf(member);
  }

  /**
   * @param userNames every name the original method declares, reserved for the user's variables
   */
  public static NameAllocator forFunction(Function f, Set<String> userNames) {
    NameAllocator a = new NameAllocator();
    a.userNames.addAll(userNames);
    Set<Variable> all = new LinkedHashSet<>(f.params());
    Stmts.forEach(
        f.body(),
        s -> {
          Variable t = Stmts.target(s);
          if (t != null) {
            all.add(t);
          }
          if (Stmts.arrayWritten(s) != null) {
            all.add(Stmts.arrayWritten(s));
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.collectVariables(e, all);
          }
        });
    // The user's names first, exactly as written. Two same-named locals of sibling blocks that
    // both land in one generated method: the second gets a number no user variable has.
    Set<String> reserved = new HashSet<>(userNames);
    Scopes scopes = Scopes.of(f.body());
    for (Variable v : all) {
      if (v.role() == Variable.Role.PARAMETER || v.role() == Variable.Role.LOCAL) {
        String name = v.baseName();
        if (a.taken.contains(name) && a.mayShare(v, name, scopes)) {
          // Another loop's index, say, whose scope has ended where v's begins.
          a.names.put(v, name);
          continue;
        }
        int n = 2;
        while (a.taken.contains(name)) {
          name = v.baseName() + n++;
          while (reserved.contains(name)) {
            name = v.baseName() + n++;
          }
        }
        a.taken.add(name);
        a.names.put(v, name);
      }
    }
    a.taken.addAll(reserved);
    for (Variable v : all) {
      if (!a.names.containsKey(v) && v.origin() == null) {
        a.allocate(v);
      }
    }
    for (Variable v : all) {
      if (!a.names.containsKey(v)) {
        a.allocate(v);
      }
    }
    return a;
  }

  /**
   * Whether {@code v} may take {@code name} although other variables have it: an integer or
   * boolean local (no derivative is named after it) whose scope overlaps none of theirs.
   */
  private boolean mayShare(Variable v, String name, Scopes scopes) {
    if (v.role() != Variable.Role.LOCAL || v.type().isArray() || v.type() == dev.adjoint.processor.ir.Type.DOUBLE) {
      return false;
    }
    for (Map.Entry<Variable, String> e : names.entrySet()) {
      if (e.getValue().equals(name)
          && (e.getKey().role() != Variable.Role.LOCAL
              || e.getKey().type() == dev.adjoint.processor.ir.Type.DOUBLE
              || !scopes.disjoint(v, e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Names a generated variable. */
  private void allocate(Variable v) {
    String base = v.baseName();
    Variable origin = v.origin();
    if (origin != null) {
      // xBar follows x's final name: t2's adjoint is t2Bar.
      if (!names.containsKey(origin)
          && origin.role().isPrimal()
          && !names.containsValue(origin.baseName())) {
        // A user's variable the generated code no longer needs still lends its name: sDot.
        names.put(origin, origin.baseName());
      }
      if (!names.containsKey(origin)) {
        allocate(origin);
      }
      String suffix = base.substring(origin.baseName().length());
      base = names.get(origin) + suffix;
    }
    String name = base;
    int n = 2;
    if (base.equals("t")) {
      // Shared subexpressions are numbered from the start: t1, t2, ...
      n = 1;
      name = base + n++;
    }
    while (taken.contains(name) || !SourceVersion.isName(name)) {
      name = base + n++;
    }
    taken.add(name);
    names.put(v, name);
  }

  /** Whether a user's variable has this name, which would obscure a class of the same name. */
  public boolean obscures(String simpleName) {
    return userNames.contains(simpleName);
  }

  public String nameOf(Variable v) {
    String name = names.get(v);
    if (name == null) {
      throw new IllegalStateException("no name for " + v);
    }
    return name;
  }

  /** A fresh name for something outside the IR, such as a local of a delegating method. */
  public String reserve(String base) {
    String name = base;
    int n = 2;
    while (taken.contains(name)) {
      name = base + n++;
    }
    taken.add(name);
    return name;
  }
}
