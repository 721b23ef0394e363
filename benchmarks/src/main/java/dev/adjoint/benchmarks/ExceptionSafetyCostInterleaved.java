package dev.adjoint.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * What exception safety costs: generated gradients that run their body in try/finally (releasing
 * a workspace mark that also puts the tape back) against the same methods as generated before
 * ({@link ProblemsBeforeExceptionSafety}), timed in alternation ({@link Interleaved}). Each problem
 * at the size of the Speed table and at a small size, where a cost per call would show most;
 * Rosenbrock's gradient is the same text in both and shows what two identical methods measure.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.ExceptionSafetyCostInterleaved [rounds [forks]]}
 */
public final class ExceptionSafetyCostInterleaved {
  private ExceptionSafetyCostInterleaved() {}

  /**
   * {@code [rounds [forks]]}: each case in {@code forks} fresh JVMs of its own, one after another,
   * since what the JIT made of the cases run before changes a small method's time by more than the
   * difference measured (1.9 times for the small GMM, 0.8 for Kepler's small product); or
   * {@code rounds case} to run one case in this JVM.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    Map<String, IntConsumer> cases = new LinkedHashMap<>();
    cases.put("rosenbrock10", r -> rosenbrock(10, r));
    cases.put("kepler1000", r -> keplerGradient(1000, r));
    cases.put("kepler1000Hv", r -> keplerHessianVector(1000, r));
    cases.put("kepler5", r -> keplerGradient(5, r));
    cases.put("kepler5Hv", r -> keplerHessianVector(5, r));
    cases.put("gmm", r -> gmm(5, 10, 1000, r));
    cases.put("gmmSmall", r -> gmm(2, 2, 5, r));
    cases.put("mlp", r -> mlp(32, 10, 500, r));
    cases.put("mlpSmall", r -> mlp(4, 3, 5, r));
    if (args.length > 1 && cases.containsKey(args[1])) {
      cases.get(args[1]).accept(rounds);
      return;
    }
    int forks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String name : cases.keySet()) {
      for (int fork = 0; fork < forks; fork++) {
        Process child = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ExceptionSafetyCostInterleaved.class.getName(),
                Integer.toString(rounds),
                name)
            .inheritIO()
            .start();
        if (child.waitFor() != 0) {
          throw new IllegalStateException(name + " failed");
        }
      }
    }
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

  private static void keplerGradient(int points, int rounds) {
    Data.Kepler p = Data.kepler(points, 42);
    double[] grad = new double[2];
    compare(
        "Kepler " + points + " points gradient (tape)",
        () -> ProblemsDerivatives.keplerFitGradient(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad),
        () -> ProblemsBeforeExceptionSafety.keplerFitGradient(
            p.e(), p.a(), p.meanAnomaly(), p.observed(), grad),
        rounds);
  }

  private static void keplerHessianVector(int points, int rounds) {
    Data.Kepler p = Data.kepler(points, 42);
    double[] grad = new double[2];
    double[] v = Data.direction(2, 43);
    double[] hv = new double[2];
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
