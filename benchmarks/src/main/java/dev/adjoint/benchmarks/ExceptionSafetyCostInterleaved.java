package dev.adjoint.benchmarks;

import java.util.function.DoubleSupplier;

/**
 * What exception safety costs: generated gradients that run their body in try/finally (releasing
 * a workspace mark that also puts the tape back) against the same methods as generated before
 * ({@link ProblemsBeforeExceptionSafety}), timed in alternation ({@link Interleaved}). Each problem
 * at the size of the Speed table and at a small size, where a cost per call would show most;
 * Rosenbrock's gradient is the same text in both and shows what two identical methods measure.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.ExceptionSafetyCostInterleaved [rounds]}
 */
public final class ExceptionSafetyCostInterleaved {
  private ExceptionSafetyCostInterleaved() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    rosenbrock(10, rounds);
    kepler(1000, rounds);
    kepler(5, rounds);
    gmm(5, 10, 1000, rounds);
    gmm(2, 2, 5, rounds);
    mlp(32, 10, 500, rounds);
    mlp(4, 3, 5, rounds);
  }

  private static void rosenbrock(int n, int rounds) {
    double[] x = Data.rosenbrock(n, 42);
    double[] grad = new double[n];
    compare(
        "Rosenbrock n = " + n + " gradient (same text: control)",
        () -> ProblemsDerivatives.extendedRosenbrockGradient(x, grad),
        () -> ProblemsBeforeExceptionSafety.extendedRosenbrockGradient(x, grad),
        rounds);
  }

  private static void kepler(int points, int rounds) {
    Data.Kepler p = Data.kepler(points, 42);
    double[] grad = new double[2];
    double[] v = Data.direction(2, 43);
    double[] hv = new double[2];
    compare(
        "Kepler " + points + " points gradient (tape)",
        () -> ProblemsDerivatives.keplerFitGradient(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad),
        () -> ProblemsBeforeExceptionSafety.keplerFitGradient(
            p.e(), p.a(), p.meanAnomaly(), p.observed(), grad),
        rounds);
    compare(
        "Kepler " + points + " points Hessian-vector product (tape)",
        () -> ProblemsDerivatives.keplerFitHessianVector(
            p.e(), p.a(), p.meanAnomaly(), p.observed(), v, grad, hv),
        () -> ProblemsBeforeExceptionSafety.keplerFitHessianVector(
            p.e(), p.a(), p.meanAnomaly(), p.observed(), v, grad, hv),
        rounds);
  }

  private static void gmm(int k, int d, int points, int rounds) {
    Data.Gmm p = Data.gmm(k, d, points, 42);
    double[] grad = new double[k + 2 * k * d];
    compare(
        "GMM k = " + k + ", d = " + d + ", " + points + " points gradient (workspace and tape)",
        () -> ProblemsDerivatives.gmmObjectiveGradient(
            p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad),
        () -> ProblemsBeforeExceptionSafety.gmmObjectiveGradient(
            p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad),
        rounds);
  }

  private static void mlp(int hidden, int inputs, int points, int rounds) {
    Data.Mlp p = Data.mlp(hidden, inputs, points, 42);
    double[] grad = new double[hidden * (inputs + 2) + 1];
    compare(
        "MLP " + hidden + " units, " + inputs + " inputs, " + points + " points gradient (workspace)",
        () -> ProblemsDerivatives.mlpLossGradient(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad),
        () -> ProblemsBeforeExceptionSafety.mlpLossGradient(
            p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad),
        rounds);
  }

  /** Each sample lasts at least 20 microseconds: small problems' calls are timed in batches. */
  private static void compare(String what, DoubleSupplier now, DoubleSupplier before, int rounds) {
    Interleaved.compare(what, "try/finally", now, "before", before, rounds, 20);
  }
}
