package modelcode.sir;

import dev.adjoint.Differentiable;

/** The SIR epidemic model's right-hand side, rates held by the model object. */
public class SirModel {
  private final double transmissionRate;
  private final double recoveryRate;
  private final double population;

  public SirModel(double transmissionRate, double recoveryRate, double population) {
    this.transmissionRate = transmissionRate;
    this.recoveryRate = recoveryRate;
    this.population = population;
  }

  public int getDimension() {
    return 3;
  }

  @Differentiable
  public double[] computeDerivatives(double t, double[] y) {
    if (y.length != getDimension()) {
      throw new IllegalArgumentException("state has " + y.length + " components, expected 3");
    }
    double infections = transmissionRate * y[0] * y[1] / population;
    double recoveries = recoveryRate * y[1];
    double[] yDot = new double[getDimension()];
    yDot[0] = -infections;
    yDot[1] = infections - recoveries;
    yDot[2] = recoveries;
    return yDot;
  }
}
