package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.IdentityHashMap;
import java.util.Map;

/** The adjoint or tangent variable of each primal variable, made on first use and named after it. */
final class DerivativeNames {
  private final Role role;
  private final String suffix;

  /** The suffix added to a primal name: {@code Bar} or {@code Dot}. */
  String suffix() {
    return suffix;
  }
  private final Map<Variable, Variable> byPrimal = new IdentityHashMap<>();

  private DerivativeNames(Role role, String suffix) {
    this.role = role;
    this.suffix = suffix;
  }

  static DerivativeNames adjoints() {
    return new DerivativeNames(Role.ADJOINT, "Bar");
  }

  static DerivativeNames tangents() {
    return new DerivativeNames(Role.TANGENT, "Dot");
  }

  Variable of(Variable primal) {
    return byPrimal.computeIfAbsent(
        primal, p -> new Variable(p.baseName() + suffix, p.type(), role, p));
  }
}
