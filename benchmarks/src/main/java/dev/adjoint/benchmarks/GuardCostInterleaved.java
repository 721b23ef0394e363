package dev.adjoint.benchmarks;

/**
 * {@link GuardCost} for a machine others share: the guarded and the unguarded method timed in
 * alternation ({@link Interleaved}), the median of the per-round ratios.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.GuardCostInterleaved}
 */
public final class GuardCostInterleaved {
  private GuardCostInterleaved() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    double[] x = Data.cluster(64, 42);
    double[] grad = new double[x.length];
    double[] v = Data.direction(x.length, 43);
    double[] hv = new double[x.length];
    Interleaved.compare(
        "gradient",
        "guarded",
        () -> PotentialsDerivatives.clusterEnergyGradient(x, grad),
        "before",
        () -> PotentialsBeforeGuards.clusterEnergyGradient(x, grad),
        rounds,
        0);
    Interleaved.compare(
        "Hessian-vector product",
        "guarded",
        () -> PotentialsDerivatives.clusterEnergyHessianVector(x, v, grad, hv),
        "before",
        () -> PotentialsBeforeGuards.clusterEnergyHessianVector(x, v, grad, hv),
        rounds,
        0);
  }
}
