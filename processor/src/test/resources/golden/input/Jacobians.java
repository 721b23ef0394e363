package golden;

import dev.adjoint.Differentiable;

/** Vector-valued methods: Jacobian products and dense Jacobians. */
public class Jacobians {
  /** Residuals of an exponential decay model, for Gauss–Newton. */
  @Differentiable(wrt = "theta")
  public static double[] residuals(double[] theta, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = theta[0] * Math.exp(-theta[1] * t[i]) - y[i];
    }
    return r;
  }

  /** The Lotka–Volterra right-hand side. */
  @Differentiable
  public static double[] lotkaVolterra(double prey, double predators, double alpha, double beta) {
    double[] rate = new double[2];
    rate[0] = alpha * prey - beta * prey * predators;
    rate[1] = beta * prey * predators - predators;
    return rate;
  }
}
