package dev.adjoint.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Small SVG line and bar charts, written without a display, that open in any browser. */
final class Svg {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 320;
  private static final int MARGIN = 50;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private Svg() {}

  /** One line per series over the index 0, 1, ..., with a title and axis labels. */
  static void lines(Path file, String title, String xLabel, String yLabel, double[][] series)
      throws IOException {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int length = 0;
    for (double[] s : series) {
      for (double v : s) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      length = Math.max(length, s.length);
    }
    StringBuilder out = header(title, xLabel, yLabel, lo, hi);
    for (int k = 0; k < series.length; k++) {
      out.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"")
          .append(COLOURS[k % COLOURS.length])
          .append("\" points=\"");
      for (int i = 0; i < series[k].length; i++) {
        out.append(String.format(Locale.ROOT, "%.1f,%.1f ",
            x(i, Math.max(1, length - 1)), y(series[k][i], lo, hi)));
      }
      out.append("\"/>\n");
    }
    write(file, out);
  }

  /** A histogram of the values in {@code bins} bars. */
  static void histogram(Path file, String title, String xLabel, double[] values, int bins)
      throws IOException {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    int[] counts = new int[bins];
    for (double v : values) {
      counts[(int) Math.min(bins - 1, (v - lo) / (hi - lo + 1e-300) * bins)]++;
    }
    int most = 1;
    for (int c : counts) {
      most = Math.max(most, c);
    }
    StringBuilder out = header(title, xLabel, "draws", lo, hi);
    double barWidth = (WIDTH - 2.0 * MARGIN) / bins;
    for (int b = 0; b < bins; b++) {
      double h = (HEIGHT - 2.0 * MARGIN) * counts[b] / most;
      out.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
          MARGIN + b * barWidth, HEIGHT - MARGIN - h, barWidth * 0.9, h, COLOURS[0]));
    }
    write(file, out);
  }

  private static StringBuilder header(String title, String xLabel, String yLabel, double lo, double hi) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
            + " font-size=\"12\">%n", WIDTH, HEIGHT));
    out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n",
        MARGIN, escape(title)));
    out.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN));
    out.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
        WIDTH / 2 - 40, HEIGHT - 15, escape(xLabel)));
    out.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%s</text>%n", MARGIN - 10, escape(yLabel)));
    out.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.3g</text>%n", HEIGHT - MARGIN, lo));
    out.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.3g</text>%n", MARGIN + 12, hi));
    return out;
  }

  private static double x(int i, int last) {
    return MARGIN + (WIDTH - 2.0 * MARGIN) * i / last;
  }

  private static double y(double v, double lo, double hi) {
    double span = hi > lo ? hi - lo : 1;
    return HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * (v - lo) / span;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void write(Path file, StringBuilder out) throws IOException {
    out.append("</svg>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, out);
  }
}
