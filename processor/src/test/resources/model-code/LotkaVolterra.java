package modelcode.lotkavolterra;

import dev.adjoint.Differentiable;

/** Predator-prey right-hand side y' = f(t, y); the rates are differentiated, for sensitivities. */
public class LotkaVolterra {
  private final double[] initialState;

  public LotkaVolterra(double prey, double predators) {
    this.initialState = new double[] {prey, predators};
  }

  public double[] getInitialState() {
    return initialState.clone();
  }

  @Differentiable(wrt = {"y", "alpha", "beta", "delta", "gamma"})
  public static double[] derivatives(
      double t, double[] y, double alpha, double beta, double delta, double gamma) {
    double[] yDot = new double[2];
    yDot[0] = alpha * y[0] - beta * y[0] * y[1];
    yDot[1] = delta * y[0] * y[1] - gamma * y[1];
    return yDot;
  }
}
