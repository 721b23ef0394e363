package dev.adjoint.processor.ir;

import dev.adjoint.HessianRoute;
import java.util.List;
import java.util.Set;

/**
 * What the generated methods need to know about the original {@code @Differentiable} method,
 * besides its body.
 *
 * @param owner the class that declares it
 * @param name its name
 * @param params its parameters
 * @param wrt the parameters differentiated, in declaration order
 * @param linkSignature its Javadoc link form, e.g. {@code f(double, int)}
 * @param access who may call the generated methods
 * @param userNames every variable name the method declares, reserved for them
 * @param receiver the {@code self} parameter of an instance method (first in {@code params}), or
 *     null for a static method
 * @param effects whether calling it may do more than compute its value
 * @param neededBy for a method differentiated without an annotation, the Javadoc links of the
 *     methods whose derivatives call its derivatives; empty for a {@code @Differentiable} method
 * @param memberNames the names its companion gives the members it reaches indirectly; set by the
 *     writer of the companion, which sees all its methods
 * @param hessianRoute the route its sparse Hessian takes, as {@code @Differentiable(hessian = ...)}
 *     asks ({@link HessianRoute#AUTO} unless it forces one)
 * @param noEdgeRoute why its sparse Hessian has no edge-pushing route, in words with the statement
 *     refused, for the generated Javadoc; null where it has one or has no sparse Hessian
 */
public record MethodInfo(
    ClassRef owner,
    String name,
    List<Variable> params,
    List<Variable> wrt,
    String linkSignature,
    Visibility access,
    Set<String> userNames,
    Variable receiver,
    Effects effects,
    List<String> neededBy,
    MemberNames memberNames,
    HessianRoute hessianRoute,
    String noEdgeRoute) {
  public MethodInfo {
    neededBy = List.copyOf(neededBy);
    params = List.copyOf(params);
    wrt = List.copyOf(wrt);
    userNames = Set.copyOf(userNames);
  }

  public MethodInfo(
      ClassRef owner,
      String name,
      List<Variable> params,
      List<Variable> wrt,
      String linkSignature,
      Visibility access,
      Set<String> userNames,
      Variable receiver,
      Effects effects,
      List<String> neededBy) {
    this(
        owner, name, params, wrt, linkSignature, access, userNames, receiver, effects, neededBy,
        MemberNames.NONE, HessianRoute.AUTO, null);
  }

  /** This method as its companion's writer sees it, with the companion's member names. */
  public MethodInfo withMemberNames(MemberNames names) {
    return new MethodInfo(
        owner, name, params, wrt, linkSignature, access, userNames, receiver, effects, neededBy,
        names, hessianRoute, noEdgeRoute);
  }

  /**
   * This method with its sparse Hessian's route as its annotation asks, and why it has no
   * edge-pushing route (null where it has one).
   */
  public MethodInfo withHessianRoute(HessianRoute route, String noEdgeRoute) {
    return new MethodInfo(
        owner, name, params, wrt, linkSignature, access, userNames, receiver, effects, neededBy,
        memberNames, route, noEdgeRoute);
  }
}
