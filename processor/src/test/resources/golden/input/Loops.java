package golden;

import dev.adjoint.Differentiable;

/** Loops as statisticians and physicists write them. */
public final class Loops {
  private Loops() {}

  /** A counted loop nested in another, over a data matrix: no tape needed but for z. */
  @Differentiable(wrt = "w")
  public static double logisticNll(double[] w, double[][] x, double[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      nll += Math.log1p(Math.exp(z)) - y[i] * z;
    }
    return nll;
  }

  /** A scalar overwritten in every iteration of a loop with a data-dependent stop. */
  @Differentiable
  public static double fixedPoint(double a, double x0) {
    double x = x0;
    int iterations = 0;
    while (iterations < 100) {
      double next = Math.cos(a * x);
      if (Math.abs(next - x) < 1e-12) {
        break;
      }
      x = next;
      iterations++;
    }
    return x;
  }

  /** A local array written, overwritten and read; an enhanced for. */
  @Differentiable
  public static double prefixEnergy(double[] v) {
    double[] prefix = new double[v.length];
    double running = 0;
    for (int i = 0; i < v.length; i++) {
      running += v[i];
      prefix[i] = running;
    }
    for (int i = 1; i < v.length; i++) {
      prefix[i] = prefix[i] * prefix[i - 1];
    }
    double energy = 0;
    for (double p : prefix) {
      energy += Math.sin(p);
    }
    return energy;
  }

  @Differentiable
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  /** A call inside a loop, and an array passed to a differentiable method. */
  @Differentiable
  public static double callsInLoops(double[] w, double scale) {
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      total += softplus(scale * w[i]) * w[i];
    }
    return total + softplus(norm(w));
  }

  @Differentiable
  static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  /** Sums with constant adjoints: the backward loop runs in the forward one's pass. */
  @Differentiable
  public static double neighbourCoupling(double[] x, double k) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double d = x[i + 1] - x[i];
      sum += k * d * d + Math.cos(x[i]);
    }
    return sum;
  }

  /** Contributions added into a local array's elements in a loop: sums[i] += p. */
  @Differentiable
  public static double powerSums(double[] x) {
    int n = x.length;
    double[] sums = new double[n];
    for (int j = 0; j < n; j++) {
      double p = 1;
      for (int i = 0; i < n; i++) {
        p *= x[j];
        sums[i] += p;
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += sums[i] * sums[i];
    }
    return s;
  }

  /** Broyden banded: a residual declared in the body, assigned before it is read, then summed. */
  @Differentiable
  public static double broydenBanded(double[] x) {
    int n = x.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = x[i] * (2 + 5 * x[i] * x[i]) + 1;
      int last = Math.min(n - 1, i + 1);
      for (int j = Math.max(0, i - 5); j <= last; j++) {
        if (j != i) {
          r -= x[j] * (1 + x[j]);
        }
      }
      sum += r * r;
    }
    return sum;
  }

  /** The adjoint of the sum depends on the sum: two passes. */
  @Differentiable
  public static double logOfSum(double[] x) {
    double sum = 1;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * x[i];
    }
    return Math.log(sum);
  }
}
