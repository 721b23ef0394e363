package golden;

import dev.adjoint.Differentiable;

/** switch, guard clauses that throw, asserts and returns from inside loops, as model code has them. */
final class Language {
  private Language() {}

  enum Link {
    IDENTITY,
    LOG,
    LOGIT
  }

  /** A mean through a link chosen by an enum, with a guard clause. */
  @Differentiable(wrt = "eta")
  static double mean(double eta, Link link) {
    if (eta > 700) {
      throw new IllegalArgumentException("eta too large: " + eta);
    }
    return switch (link) {
      case IDENTITY -> eta;
      case LOG -> Math.exp(eta);
      case LOGIT -> 1 / (1 + Math.exp(-eta));
    };
  }

  /** A penalty per element, chosen by a colon-form switch on an int. */
  @Differentiable
  static double penalty(double[] w, int kind) {
    assert kind >= 0 : "kind " + kind;
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      switch ((kind + i) % 3) {
        case 0:
          s += w[i] * w[i];
          break;
        case 1:
        case 2:
          s += Math.abs(w[i]);
          break;
        default:
          s += w[i];
      }
    }
    return s;
  }

  /** The first partial sum above a threshold: a return from inside a loop. */
  @Differentiable(wrt = "x")
  static double firstAbove(double[] x, double threshold) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i];
      if (s > threshold) {
        return Math.sqrt(s);
      }
    }
    return s;
  }
}
