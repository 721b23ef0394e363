package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/**
 * Model code as people write it: {@code @Differentiable} methods calling helpers that carry no
 * annotation (private static, chains of them, recursion, instance helpers on {@code this}, int and
 * boolean getters used as data), which Adjoint differentiates implicitly.
 */
final class ImplicitHelpers {
  // Package-private: reading private fields is another part of the work.
  final double scale;
  final double[] weights;

  final Link link;

  /** Held privately: read through its handle where its methods are called. */
  private final Link privateLink = new Link(0.9);

  ImplicitHelpers(double scale, double[] weights) {
    this(scale, weights, new Link(0.7));
  }

  ImplicitHelpers(double scale, double[] weights, Link link) {
    this.scale = scale;
    this.weights = weights;
    this.link = link;
  }

  /** An object the model holds in a field: its method is differentiated implicitly too. */
  static final class Link {
    final double rate;

    Link(double rate) {
      this.rate = rate;
    }

    double apply(double x) {
      return Math.exp(-rate * x) * x;
    }

    int arity() {
      return 1;
    }

    /** Private to Link, called on a Link the model holds: through its handle. */
    private int order() {
      return 2;
    }
  }

  /** A method of an object passed as a parameter: the parameter is data, its method differentiated. */
  @Differentiable
  static double viaParameter(Link link, double x) {
    return link.apply(x) * link.arity() + x;
  }

  @Differentiable
  double linked(double x, double y) {
    return link.apply(x) * this.link.apply(y * scale) + link.arity() * x;
  }

  /** A private static helper. */
  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  @Differentiable
  static double loss(double w, double b) {
    return softplus(w * b) + 0.5 * softplus(-b) * w;
  }

  /** A chain: square calls cube-ish helper, which calls softplus. */
  static double square(double x) {
    return x * x;
  }

  private static double chained(double x, double y) {
    return square(softplus(x)) * Math.sin(y) + square(y);
  }

  @Differentiable
  static double chain(double x, double y) {
    return chained(x, y) / (1 + square(x));
  }

  /** Recursion between helpers: even and odd powers of a damped term. */
  private static double even(double x, int n) {
    return n == 0 ? 1.0 : x * odd(x, n - 1);
  }

  private static double odd(double x, int n) {
    return n == 0 ? 1.0 : Math.cos(x) * even(x, n - 1);
  }

  @Differentiable
  static double recursive(double x, int n) {
    return even(x, n) + odd(0.5 * x, n);
  }

  /** An instance helper on this, reading a field. */
  private double scaled(double x) {
    return scale * Math.tanh(x);
  }

  /** An int getter: data whatever its arguments. */
  int dimension() {
    return weights.length;
  }

  boolean isScaled() {
    return scale != 1.0;
  }

  final double weighted(double[] x) {
    double s = 0;
    for (int i = 0; i < dimension(); i++) {
      s += weights[i] * scaled(x[i]);
    }
    return s;
  }

  @Differentiable
  double energy(double[] x) {
    double e = this.weighted(x);
    if (isScaled()) {
      e += scaled(x[0] * x[1]);
    }
    return e * e;
  }

  /** A helper called only with data: stays a plain call, whatever it does. */
  static double dataOnly(int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += 1.0 / (i + 1);
    }
    return s;
  }

  /** The private softplus called with data too: its value computed through its method handle. */
  @Differentiable
  static double withData(double x, int n) {
    return x * dataOnly(n) + softplus(x) * softplus(n);
  }

  /**
   * Helpers whose value is data where it is used (a condition, an int): the private ones are
   * called through their method handles, the other on the receiver.
   */
  @Differentiable
  double clipped(double[] x) {
    double y = scaled(x[0]);
    if (softplus(x[1]) > 1.0 && weighted(x) < 2.0) {
      y = y * x[1];
    }
    int steps = (int) (3 * scaled(x[1]));
    return y + steps * x[0];
  }

  /** A private instance getter: data, called through its handle. */
  private int size() {
    return weights.length;
  }

  /**
   * Private helpers whose value is data, called in a loop (a bound, a condition), beside a private
   * helper differentiated on this and methods of an object held in a private field.
   */
  @Differentiable
  double privateData(double[] x) {
    double s = 0;
    for (int i = 0; i < size(); i++) {
      if (softplus(weights[i]) > 0.8) {
        s += scaled(x[i]) * weights[i];
      } else {
        s -= x[i] * x[i];
      }
    }
    return s + privateLink.apply(x[0]) * privateLink.arity() + privateLink.order() * x[1];
  }
}
