package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Instance methods: the companion takes the receiver first and reads its fields as data. */
class InstanceMethodsTest {
  private static final double H = 1e-5;

  @Test
  void lossGradientAndDerivativeMatchDifferences() {
    Random random = new Random(7);
    for (int k = 0; k < 5; k++) {
      Ridge model = new Ridge(0.1 + random.nextDouble(), random.nextDouble() - 0.5, 2 + k % 2);
      double a = 0.2 + random.nextDouble();
      double b = random.nextDouble() * 2 - 1;
      double[] grad = new double[2];
      double value = RidgeDerivatives.lossGradient(model, a, b, grad);
      assertEquals(model.loss(a, b), value, 0.0);
      double da = (model.loss(a + H, b) - model.loss(a - H, b)) / (2 * H);
      double db = (model.loss(a, b + H) - model.loss(a, b - H)) / (2 * H);
      assertEquals(da, grad[0], 1e-6 * Math.max(1, Math.abs(da)));
      assertEquals(db, grad[1], 1e-6 * Math.max(1, Math.abs(db)));
      assertArrayEquals(grad, RidgeDerivatives.lossGradient(model, a, b), 0.0);
      double[] direction = {random.nextGaussian(), random.nextGaussian()};
      assertEquals(
          grad[0] * direction[0] + grad[1] * direction[1],
          RidgeDerivatives.lossDerivative(model, a, b, direction),
          1e-9 * Math.max(1, Math.abs(grad[0]) + Math.abs(grad[1])));
    }
  }

  @Test
  void fieldsAreReadAtCallTimeNotCopied() {
    Ridge model = new Ridge(0.5, 0.0, 2);
    double[] before = RidgeDerivatives.lossGradient(model, 0.3, 0.4);
    model.offset = 1.0;
    double[] after = RidgeDerivatives.lossGradient(model, 0.3, 0.4);
    double db = (model.loss(0.3, 0.4 + H) - model.loss(0.3, 0.4 - H)) / (2 * H);
    assertEquals(db, after[1], 1e-6);
    assertEquals(false, before[1] == after[1]);
  }

  @Test
  void branchesOnAFieldAndAWrtSubset() {
    Ridge model = new Ridge(1.5, 0.2, 2);
    for (double x : new double[] {-1.0, 0.1, 0.3, 2.0}) {
      double[] grad = new double[1];
      assertEquals(model.smooth(x, 0.7), RidgeDerivatives.smoothGradient(model, x, 0.7, grad), 0.0);
      double dx = (model.smooth(x + H, 0.7) - model.smooth(x - H, 0.7)) / (2 * H);
      assertEquals(dx, grad[0], 1e-6 * Math.max(1, Math.abs(dx)), "at x = " + x);
    }
  }

  @Test
  void loopsOverArrayFieldsOfTheReceiver() {
    Random random = new Random(13);
    int n = 30;
    double[][] design = new double[n][3];
    int[] counts = new int[n];
    double[] exposure = new double[n];
    for (int i = 0; i < n; i++) {
      design[i][0] = 1;
      design[i][1] = random.nextGaussian();
      design[i][2] = random.nextDouble();
      counts[i] = random.nextInt(6);
      exposure[i] = 0.5 + random.nextDouble();
    }
    PoissonModel model = new PoissonModel(design, counts, exposure);
    double[] beta = {0.2, -0.3, 0.5};
    double[] grad = new double[3];
    assertEquals(
        model.negativeLogLikelihood(beta),
        PoissonModelDerivatives.negativeLogLikelihoodGradient(model, beta, grad),
        0.0);
    double[] priorGrad = new double[3];
    assertEquals(
        model.negativeLogPrior(beta),
        PoissonModelDerivatives.negativeLogPriorGradient(model, beta, priorGrad),
        0.0);
    for (int k = 0; k < 3; k++) {
      double[] up = beta.clone();
      double[] down = beta.clone();
      up[k] += H;
      down[k] -= H;
      double d = (model.negativeLogLikelihood(up) - model.negativeLogLikelihood(down)) / (2 * H);
      assertEquals(d, grad[k], 1e-6 * Math.max(1, Math.abs(d)), "likelihood, coordinate " + k);
      double p = (model.negativeLogPrior(up) - model.negativeLogPrior(down)) / (2 * H);
      assertEquals(p, priorGrad[k], 1e-6 * Math.max(1, Math.abs(p)), "prior, coordinate " + k);
    }
    double[] direction = {0.3, -1.0, 0.7};
    double dot = grad[0] * direction[0] + grad[1] * direction[1] + grad[2] * direction[2];
    assertEquals(
        dot,
        PoissonModelDerivatives.negativeLogLikelihoodDerivative(model, beta, direction),
        1e-9 * Math.max(1, Math.abs(dot)));
  }
}
