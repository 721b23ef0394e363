package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/** A model object whose instance methods read its fields as data (the receiver comes first). */
class Ridge {
  final double penalty;
  double offset;
  final int power;
  private final double scale = 2.0;
  static final double SHIFT = 0.25;

  Ridge(double penalty, double offset, int power) {
    this.penalty = penalty;
    this.offset = offset;
    this.power = power;
  }

  @Differentiable
  double loss(double a, double b) {
    double r = a * scale + b - offset;
    return r * r + penalty * (a * a + b * b) + this.offset * Math.pow(a, power) + SHIFT * b;
  }

  @Differentiable(wrt = "x")
  double smooth(double x, double width) {
    if (x > offset) {
      return Math.log1p(Math.exp((x - offset) / width)) * penalty;
    }
    return penalty * Math.exp((x - offset) / width) / (1 + Math.exp((x - offset) / width));
  }
}
