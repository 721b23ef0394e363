package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PrivateState.Model} reads private static and instance fields, private constants, a
 * protected field of a superclass in another package and a private static field of its enclosing
 * class, and calls private helpers for data and as a statement: every generated kind against
 * finite differences, reading the state when it runs.
 */
class PrivateStateTest {
  private static final double H = 1e-5;

  @AfterEach
  void restoreShrinkage() {
    PrivateState.setShrinkage(0.3);
  }

  private static PrivateState.Model model(Random random) {
    double[] data = new double[7];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() * 2 + 1;
    }
    double[] coefficients = new double[6];
    for (int i = 0; i < coefficients.length; i++) {
      coefficients[i] = random.nextDouble() - 0.5;
    }
    return new PrivateState.Model(data, coefficients, 0.5 + random.nextDouble(), random.nextGaussian());
  }

  /** The gradient of {@code logLikelihood} by central differences. */
  private static double[] differences(PrivateState.Model m, double mu, double logSigma) {
    return new double[] {
      (m.logLikelihood(mu + H, logSigma) - m.logLikelihood(mu - H, logSigma)) / (2 * H),
      (m.logLikelihood(mu, logSigma + H) - m.logLikelihood(mu, logSigma - H)) / (2 * H)
    };
  }

  @Test
  void everyKindMatchesDifferences() {
    Random random = new Random(11);
    for (int k = 0; k < 6; k++) {
      PrivateState.Model m = model(random);
      double mu = random.nextGaussian();
      double logSigma = random.nextDouble() - 0.5;
      double[] grad = new double[2];
      assertEquals(
          m.logLikelihood(mu, logSigma),
          PrivateState_ModelDerivatives.logLikelihoodGradient(m, mu, logSigma, grad),
          0.0);
      double[] fd = differences(m, mu, logSigma);
      for (int i = 0; i < 2; i++) {
        assertEquals(fd[i], grad[i], 1e-6 * Math.max(1, Math.abs(fd[i])), "gradient " + i);
      }
      assertArrayEquals(grad, PrivateState_ModelDerivatives.logLikelihoodGradient(m, mu, logSigma), 0.0);
      double[] v = {random.nextGaussian(), random.nextGaussian()};
      assertEquals(
          grad[0] * v[0] + grad[1] * v[1],
          PrivateState_ModelDerivatives.logLikelihoodDerivative(m, mu, logSigma, v),
          1e-9 * Math.max(1, Math.abs(grad[0]) + Math.abs(grad[1])));
      double[] grad2 = new double[2];
      double[] hv = new double[2];
      assertEquals(
          m.logLikelihood(mu, logSigma),
          PrivateState_ModelDerivatives.logLikelihoodHessianVector(m, mu, logSigma, v, grad2, hv),
          0.0);
      assertArrayEquals(grad, grad2, 0.0);
      // H·v against differences of the generated gradient along v.
      double t = 1e-4;
      double[] plus =
          PrivateState_ModelDerivatives.logLikelihoodGradient(m, mu + t * v[0], logSigma + t * v[1]);
      double[] minus =
          PrivateState_ModelDerivatives.logLikelihoodGradient(m, mu - t * v[0], logSigma - t * v[1]);
      double[][] hessian = PrivateState_ModelDerivatives.logLikelihoodHessian(m, mu, logSigma);
      for (int i = 0; i < 2; i++) {
        double expected = (plus[i] - minus[i]) / (2 * t);
        assertEquals(expected, hv[i], 1e-6 * Math.max(1, Math.abs(expected)), "H·v " + i);
        assertEquals(
            hv[i], hessian[i][0] * v[0] + hessian[i][1] * v[1], 1e-9 * Math.max(1, Math.abs(hv[i])));
      }
    }
  }

  @Test
  void stateIsReadWhenTheDerivativeRunsNotCopied() {
    PrivateState.Model m = model(new Random(3));
    double[] before = PrivateState_ModelDerivatives.logLikelihoodGradient(m, 0.2, 0.1);
    m.setScale(2.5);
    PrivateState.setShrinkage(1.5);
    double[] after = PrivateState_ModelDerivatives.logLikelihoodGradient(m, 0.2, 0.1);
    assertNotEquals(before[0], after[0]);
    double[] fd = differences(m, 0.2, 0.1);
    for (int i = 0; i < 2; i++) {
      assertEquals(fd[i], after[i], 1e-6 * Math.max(1, Math.abs(fd[i])));
    }
  }

  @Test
  void aHelperCalledAsAStatementRunsOncePerCall() {
    PrivateState.Model m = model(new Random(5));
    int before = PrivateState.Model.calls();
    PrivateState_ModelDerivatives.logLikelihoodGradient(m, 0.2, 0.1, new double[2]);
    assertEquals(before + 1, PrivateState.Model.calls());
  }
}
