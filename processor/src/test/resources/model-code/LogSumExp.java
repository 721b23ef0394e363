package modelcode.logsumexp;

import dev.adjoint.Differentiable;

/** log Σ exp(x_i), shifted by the maximum so that it neither overflows nor underflows. */
public final class LogSumExp {
  private LogSumExp() {}

  @Differentiable
  public static double logSumExp(double[] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("logSumExp of no values");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (Double.isInfinite(max)) {
      return max;
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }
}
