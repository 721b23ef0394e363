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

  /**
   * The step size of each chain through warm-up (log scale): dual averaging settling, restarted
   * where the diagonal mass matrix is updated.
   *
   * @param stepSizes each chain's step size at each warm-up iteration
   */
  static List<Path> warmup(Path dir, double[][] stepSizes, double target) throws IOException {
    XYChart chart = Plots.chart(
        "Step size adapted in warm-up (target acceptance " + target + ")", "warm-up iteration",
        "step size (log scale)");
    chart.getStyler().setYAxisLogarithmic(true);
    for (int c = 0; c < stepSizes.length; c++) {
      Plots.line(chart, "chain " + (c + 1), 1, stepSizes[c]);
    }
    return Plots.write(dir, "hmc-warmup", 1, List.of(chart));
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
