package golden;

import dev.adjoint.Differentiable;

/**
 * A model calling a vector-valued method of an object it holds, which is not read in place: the
 * generated code calls its value and its companion's Jacobian products.
 */
public final class VectorCalls {
  /** Softmax at a temperature, differentiated with respect to the logits. */
  static final class Softmax {
    @Differentiable(wrt = "z")
    double[] of(double[] z, double temperature) {
      double[] p = new double[z.length];
      double sum = 0;
      for (int i = 0; i < z.length; i++) {
        p[i] = Math.exp(z[i] / temperature);
        sum += p[i];
      }
      for (int i = 0; i < z.length; i++) {
        p[i] /= sum;
      }
      return p;
    }
  }

  private final Softmax softmax;

  VectorCalls(Softmax softmax) {
    this.softmax = softmax;
  }

  @Differentiable(wrt = "logits")
  public double crossEntropy(double[] logits, double[] target, double temperature) {
    double[] p = softmax.of(logits, temperature);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum -= target[i] * Math.log(p[i]);
    }
    return sum;
  }
}
