package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link GuardCost} compares like with like: at points where no partial is infinite, the generated
 * derivatives and the copies made before the guards give the same numbers (to rounding, since
 * {@code Chain.times} groups some products differently).
 */
class GuardCostBaselineTest {
  @Test
  void guardedAndUnguardedDerivativesAgree() {
    double[] x = Data.cluster(27, 7);
    double[] v = Data.direction(x.length, 8);
    double[] grad = new double[x.length];
    double[] hv = new double[x.length];
    double[] gradBefore = new double[x.length];
    double[] hvBefore = new double[x.length];
    double value = PotentialsDerivatives.clusterEnergyHessianVector(x, v, grad, hv);
    double valueBefore = PotentialsBeforeGuards.clusterEnergyHessianVector(x, v, gradBefore, hvBefore);
    assertEquals(Potentials.clusterEnergy(x), value);
    assertEquals(value, valueBefore);
    double[] gradientOnly = new double[x.length];
    PotentialsDerivatives.clusterEnergyGradient(x, gradientOnly);
    for (int i = 0; i < x.length; i++) {
      assertEquals(gradBefore[i], grad[i], 1e-12 * Math.max(1, Math.abs(grad[i])), "grad " + i);
      assertEquals(grad[i], gradientOnly[i], 1e-12 * Math.max(1, Math.abs(grad[i])), "grad " + i);
      assertEquals(hvBefore[i], hv[i], 1e-10 * Math.max(1, Math.abs(hv[i])), "hv " + i);
    }
  }
}
