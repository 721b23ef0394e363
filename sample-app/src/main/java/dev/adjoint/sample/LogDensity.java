package dev.adjoint.sample;

/**
 * A log density up to a constant, with its gradient: what {@link Hmc} samples from. A generated
 * {@code mGradient(x, ..., grad)} fits it through a lambda that supplies the data.
 *
 * <p>{@link Hmc} calls it from one thread per chain at once, so it must be safe to call from
 * several threads (Adjoint's generated gradients are: each thread has its own workspace).
 */
@FunctionalInterface
public interface LogDensity {
  /**
   * Returns log p(x) and writes its gradient into {@code grad} (of length {@code x.length}). May
   * return {@code -Infinity} or {@code NaN} outside the support; the sampler then rejects.
   */
  double logDensityAndGradient(double[] x, double[] grad);
}
