package modelcode.lennardjones;

import dev.adjoint.Differentiable;

/** Lennard-Jones energy of a cluster, positions packed x0 y0 z0 x1 y1 z1 ..., with a cut-off. */
public class LennardJones {
  private static final int DIMENSION = 3;

  private final double epsilon;
  private final double sigma;
  private final double cutoff;

  public LennardJones(double epsilon, double sigma, double cutoff) {
    this.epsilon = epsilon;
    this.sigma = sigma;
    this.cutoff = cutoff;
  }

  public int numberOfParticles(double[] positions) {
    return positions.length / DIMENSION;
  }

  @Differentiable
  public double energy(double[] positions) {
    int n = numberOfParticles(positions);
    double energy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double[] d = new double[DIMENSION];
        for (int k = 0; k < DIMENSION; k++) {
          d[k] = positions[DIMENSION * i + k] - positions[DIMENSION * j + k];
        }
        double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        if (r2 < cutoff * cutoff) {
          energy += pairEnergy(r2);
        }
      }
    }
    return energy;
  }

  private double pairEnergy(double r2) {
    double s2 = sigma * sigma / r2;
    double s6 = s2 * s2 * s2;
    return 4 * epsilon * (s6 * s6 - s6);
  }
}
