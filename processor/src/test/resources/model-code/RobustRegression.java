package modelcode.robust;

import dev.adjoint.Differentiable;

/** M-estimation of a straight line: the loss is chosen by name in the configuration. */
public class RobustRegression {
  private final double[] t;
  private final double[] y;
  private final String loss;
  private final double scale;

  public RobustRegression(double[] t, double[] y, String loss, double scale) {
    this.t = t;
    this.y = y;
    this.loss = loss;
    this.scale = scale;
  }

  @Differentiable
  public double objective(double intercept, double slope) {
    double sum = 0;
    for (int i = 0; i < t.length; i++) {
      double r = (y[i] - intercept - slope * t[i]) / scale;
      double rho;
      switch (loss) {
        case "squared":
          rho = 0.5 * r * r;
          break;
        case "cauchy":
          rho = 0.5 * Math.log1p(r * r);
          break;
        case "softl1":
          rho = Math.sqrt(1 + r * r) - 1;
          break;
        default:
          throw new IllegalStateException("unknown loss " + loss);
      }
      sum += rho;
    }
    return scale * scale * sum;
  }
}
