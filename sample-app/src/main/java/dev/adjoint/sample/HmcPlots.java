package dev.adjoint.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/** The figures a statistician looks at after sampling: traces, posteriors and the warm-up. */
final class HmcPlots {
  private HmcPlots() {}

  /**
   * One panel per coefficient: its draws after warm-up, each chain a line of its own colour, and
   * the value the data were simulated from.
   *
   * @param draws the draws as [chain][draw][coefficient]
   */
  static List<Path> traces(Path dir, double[][][] draws, String[] names, double[] truth)
      throws IOException {
    List<XYChart> panels = new ArrayList<>();
    for (int j = 0; j < names.length; j++) {
      XYChart chart = Plots.chart("Trace of " + names[j], "draw (after warm-up)", names[j]);
      for (int c = 0; c < draws.length; c++) {
        Plots.line(chart, "chain " + (c + 1), 0, coordinate(draws[c], j));
      }
      int length = draws[0].length;
      Plots.line(chart, "true value", new double[] {0, length - 1}, new double[] {truth[j], truth[j]})
          .setLineColor(java.awt.Color.BLACK);
      panels.add(chart);
    }
    return Plots.write(dir, "hmc-traces", 1, panels);
  }

  /**
   * One panel per coefficient: the density of its draws, all chains pooled, with the value the data
   * were simulated from and the posterior mean marked.
   */
  static List<Path> posteriors(Path dir, double[][][] draws, String[] names, double[] truth)
      throws IOException {
    List<XYChart> panels = new ArrayList<>();
    for (int j = 0; j < names.length; j++) {
      double[] pooled = pooled(draws, j);
      XYChart chart = Plots.chart("Posterior of " + names[j], names[j], "density", 480, 340);
      double top = 0;
      for (double v : Plots.density(chart, chains(draws.length), pooled, 40)
          .getYData()) {
        top = Math.max(top, v);
      }
      Plots.marker(chart, "true value", truth[j], 1.05 * top);
      Plots.marker(chart, "posterior mean", mean(pooled), 1.05 * top);
      panels.add(chart);
    }
    return Plots.write(dir, "hmc-posteriors", names.length, panels);
  }

  /** Iterations over which the warm-up's acceptance statistics are averaged for the plot. */
  static final int ACCEPTANCE_WINDOW = 25;

  /**
   * Warm-up, chain by chain: the step size (log scale), dual averaging settling and starting again
   * after each update of the diagonal metric (marked); and the acceptance statistic, averaged over
   * the last {@link #ACCEPTANCE_WINDOW} iterations, against the target it is steered to.
   */
  static List<Path> warmup(Path dir, List<Hmc.Chain> chains, Hmc.Settings settings)
      throws IOException {
    if (settings.warmup() < 2) {
      return List.of();
    }
    XYChart steps = Plots.chart("Step size in warm-up", "warm-up iteration", "step size (log scale)");
    steps.getStyler().setYAxisLogarithmic(true);
    XYChart acceptance = Plots.chart(
        "Acceptance statistic in warm-up (mean of the last " + ACCEPTANCE_WINDOW + " iterations)",
        "warm-up iteration", "acceptance statistic");
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    for (int c = 0; c < chains.size(); c++) {
      double[] sizes = chains.get(c).warmupStepSizes();
      Plots.line(steps, "chain " + (c + 1), 0, sizes);
      Plots.line(acceptance, "chain " + (c + 1), 0, runningMean(chains.get(c).warmupAcceptance()));
      for (double e : sizes) {
        low = Math.min(low, e);
        high = Math.max(high, e);
      }
    }
    int[] updates = settings.metricUpdates();
    for (int k = 0; k < updates.length; k++) {
      Plots.marker(steps, k == 0 ? "metric updated" : "metric updated " + (k + 1), updates[k] + 0.5,
              low, high)
          .setLineColor(java.awt.Color.GRAY);
      steps.getSeriesMap().get(k == 0 ? "metric updated" : "metric updated " + (k + 1))
          .setShowInLegend(k == 0);
    }
    double target = settings.targetAcceptance();
    Plots.line(acceptance, "target " + target, new double[] {0, settings.warmup() - 1},
            new double[] {target, target})
        .setLineColor(java.awt.Color.BLACK);
    acceptance.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    return Plots.write(dir, "hmc-warmup", 1, List.of(steps, acceptance));
  }

  private static double[] runningMean(double[] values) {
    double[] means = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i];
      if (i >= ACCEPTANCE_WINDOW) {
        sum -= values[i - ACCEPTANCE_WINDOW];
      }
      means[i] = sum / Math.min(i + 1, ACCEPTANCE_WINDOW);
    }
    return means;
  }

  private static String chains(int count) {
    return count == 1 ? "draws of 1 chain" : "draws of " + count + " chains";
  }

  private static double[] coordinate(double[][] chain, int j) {
    double[] values = new double[chain.length];
    for (int k = 0; k < chain.length; k++) {
      values[k] = chain[k][j];
    }
    return values;
  }

  private static double[] pooled(double[][][] draws, int j) {
    List<Double> all = new ArrayList<>();
    for (double[][] chain : draws) {
      for (double[] draw : chain) {
        all.add(draw[j]);
      }
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
