package dev.adjoint.benchmarks;

/**
 * {@link PrivateFieldCost} for a machine others share: the gradient of the model with private
 * state and of the one with package-private state timed in alternation ({@link Interleaved}), the
 * median of the per-round ratios.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.PrivateFieldCostInterleaved}
 */
public final class PrivateFieldCostInterleaved {
  private PrivateFieldCostInterleaved() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    Data.Logistic p = Data.logistic(500, 20, 42);
    RidgePrivate hidden = new RidgePrivate(p.x(), p.y(), 0.1);
    RidgePackage visible = new RidgePackage(p.x(), p.y(), 0.1);
    double[] w = p.w();
    double[] grad = new double[w.length];
    Interleaved.compare(
        "gradient",
        "private",
        () -> RidgePrivateDerivatives.lossGradient(hidden, w, grad),
        "package-private",
        () -> RidgePackageDerivatives.lossGradient(visible, w, grad),
        rounds,
        0);
  }
}
