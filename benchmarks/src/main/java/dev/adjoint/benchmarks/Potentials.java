package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * A model whose derivatives multiply by partials that may be infinite ({@code sqrt} and a power
 * with a negative exponent, once per pair of particles), so that its generated code has a {@code
 * Chain.times} in every backward step: what {@link GuardCost} measures.
 */
public final class Potentials {
  private Potentials() {}

  /**
   * The energy of a cluster of particles, {@code x} holding each one's coordinates in turn:
   * Lennard-Jones (σ = ε = 1) plus a screened Coulomb term for every pair.
   */
  @Differentiable
  public static double clusterEnergy(double[] x) {
    int n = x.length / 3;
    double energy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = x[3 * i] - x[3 * j];
        double dy = x[3 * i + 1] - x[3 * j + 1];
        double dz = x[3 * i + 2] - x[3 * j + 2];
        double r2 = dx * dx + dy * dy + dz * dz;
        double s6 = Math.pow(r2, -3);
        double r = Math.sqrt(r2);
        energy += 4 * (s6 * s6 - s6) + Math.exp(-r) / r;
      }
    }
    return energy;
  }
}
