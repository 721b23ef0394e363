package golden;

import dev.adjoint.Differentiable;

/** An instance method: the companion takes the receiver first and reads its fields as data. */
public class Instance {
  final double weight;
  double bias;

  Instance(double weight, double bias) {
    this.weight = weight;
    this.bias = bias;
  }

  @Differentiable
  public double predict(double x) {
    return Math.tanh(weight * x + this.bias);
  }
}
