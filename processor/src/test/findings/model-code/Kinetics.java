package modelcode.kinetics;

import dev.adjoint.Differentiable;

/** Enzyme kinetics fitted to measured rates; the model is a private nested class of the fitter. */
public class Kinetics {
  private final double[] substrate;
  private final double[] rate;

  public Kinetics(double[] substrate, double[] rate) {
    this.substrate = substrate;
    this.rate = rate;
  }

  public double sumOfSquares(double vmax, double km) {
    return new MichaelisMenten(substrate, rate).sumOfSquares(vmax, km);
  }

  private static final class MichaelisMenten {
    final double[] s;
    final double[] v;

    MichaelisMenten(double[] s, double[] v) {
      this.s = s;
      this.v = v;
    }

    @Differentiable
    double sumOfSquares(double vmax, double km) {
      double sum = 0;
      for (int i = 0; i < s.length; i++) {
        double r = v[i] - vmax * s[i] / (km + s[i]);
        sum += r * r;
      }
      return sum;
    }
  }
}
