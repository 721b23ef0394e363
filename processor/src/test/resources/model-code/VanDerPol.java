package modelcode.vanderpol;

import dev.adjoint.Differentiable;

/** The Van der Pol oscillator as a first-order system; mu is a parameter of the model. */
public class VanDerPol {
  final double mu;

  public VanDerPol(double mu) {
    this.mu = mu;
  }

  @Differentiable
  public double[] derivatives(double t, double[] y) {
    double[] yDot = new double[2];
    yDot[0] = y[1];
    yDot[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    return yDot;
  }
}
