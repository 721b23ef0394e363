package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link ExceptionSafetyCostInterleaved} compares like with like: the methods generated before
 * try/finally differ from today's only in it, so on a call that does not throw they give the same
 * value and the same derivatives, bit for bit, and the value is the original's. Each is called
 * twice in a row, so a tape or workspace left unbalanced by the first call would show in the
 * second.
 */
class ExceptionSafetyBaselineTest {
  @Test
  void rosenbrock() {
    double[] x = Data.rosenbrock(10, 7);
    assertSame(
        Problems.extendedRosenbrock(x),
        10,
        g -> ProblemsDerivatives.extendedRosenbrockGradient(x, g),
        g -> ProblemsBeforeExceptionSafety.extendedRosenbrockGradient(x, g));
  }

  @Test
  void kepler() {
    for (int points : new int[] {5, 200}) {
      Data.Kepler p = Data.kepler(points, 7);
      double value = Problems.keplerFit(p.e(), p.a(), p.meanAnomaly(), p.observed());
      assertSame(
          value,
          2,
          g -> ProblemsDerivatives.keplerFitGradient(p.e(), p.a(), p.meanAnomaly(), p.observed(), g),
          g -> ProblemsBeforeExceptionSafety.keplerFitGradient(
              p.e(), p.a(), p.meanAnomaly(), p.observed(), g));
      double[] v = Data.direction(2, 8);
      // The Hessian-vector product written after the gradient, in one array, checks both.
      assertSame(
          value,
          4,
          out -> hessianVector(out, grad -> hv -> ProblemsDerivatives.keplerFitHessianVector(
              p.e(), p.a(), p.meanAnomaly(), p.observed(), v, grad, hv)),
          out -> hessianVector(out, grad -> hv -> ProblemsBeforeExceptionSafety.keplerFitHessianVector(
              p.e(), p.a(), p.meanAnomaly(), p.observed(), v, grad, hv)));
    }
  }

  @Test
  void gmm() {
    for (int[] size : new int[][] {{2, 2, 5}, {5, 10, 200}}) {
      Data.Gmm p = Data.gmm(size[0], size[1], size[2], 7);
      assertSame(
          Problems.gmmObjective(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m()),
          size[0] + 2 * size[0] * size[1],
          g -> ProblemsDerivatives.gmmObjectiveGradient(
              p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), g),
          g -> ProblemsBeforeExceptionSafety.gmmObjectiveGradient(
              p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), g));
    }
  }

  @Test
  void mlp() {
    for (int[] size : new int[][] {{4, 3, 5}, {32, 10, 100}}) {
      Data.Mlp p = Data.mlp(size[0], size[1], size[2], 7);
      assertSame(
          Problems.mlpLoss(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y()),
          size[0] * (size[1] + 2) + 1,
          g -> ProblemsDerivatives.mlpLossGradient(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), g),
          g -> ProblemsBeforeExceptionSafety.mlpLossGradient(
              p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), g));
    }
  }

  /** A method taking {@code grad} and {@code hv}. */
  @FunctionalInterface
  private interface HessianVector {
    ToDoubleFunction<double[]> withGrad(double[] grad);
  }

  /** Runs {@code f} with the two halves of {@code out} as its {@code grad} and {@code hv}. */
  private static double hessianVector(double[] out, HessianVector f) {
    int n = out.length / 2;
    double[] grad = new double[n];
    double[] hv = new double[n];
    double value = f.withGrad(grad).applyAsDouble(hv);
    System.arraycopy(grad, 0, out, 0, n);
    System.arraycopy(hv, 0, out, n, n);
    return value;
  }

  private static void assertSame(
      double original,
      int n,
      ToDoubleFunction<double[]> now,
      ToDoubleFunction<double[]> before) {
    for (int call = 0; call < 2; call++) {
      double[] gradNow = new double[n];
      double[] gradBefore = new double[n];
      assertEquals(original, now.applyAsDouble(gradNow), "today's value, call " + call);
      assertEquals(original, before.applyAsDouble(gradBefore), "baseline's value, call " + call);
      assertArrayEquals(gradBefore, gradNow, "call " + call);
    }
  }
}
