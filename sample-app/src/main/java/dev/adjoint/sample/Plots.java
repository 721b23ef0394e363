package dev.adjoint.sample;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sample app's charts, drawn by XChart and written twice: a PNG to look at and an SVG that
 * scales. A figure is one chart or a grid of panels (a trace per coefficient), painted onto one
 * canvas, so the PNG and the SVG show the same drawing.
 */
final class Plots {
  /** Colours that stay apart for readers with the common colour-vision deficiencies (Okabe-Ito). */
  static final Color[] COLOURS = {
    new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0xE69F00), new Color(0x56B4E9)
  };

  static final int PANEL_WIDTH = 760;
  static final int PANEL_HEIGHT = 320;

  static {
    // No display is needed, nor wanted: the app runs in terminals and on CI machines.
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** An empty line chart with the sample app's style, of the panel size. */
  static XYChart chart(String title, String xTitle, String yTitle) {
    return chart(title, xTitle, yTitle, PANEL_WIDTH, PANEL_HEIGHT);
  }

  /** An empty line chart with the sample app's style, {@code width} by {@code height} pixels. */
  static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    // Below the plot, in a row: never over the data.
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setSeriesColors(COLOURS);
    // Solid, light grid lines: dashed ones cost the SVG a path per dash.
    styler.setPlotGridLinesColor(new Color(0xE4E4E4));
    styler.setPlotGridLinesStroke(new BasicStroke(0.8f));
    styler.setXAxisTickMarkSpacingHint(120);
    styler.setXAxisDecimalPattern("#.##");
    styler.setMarkerSize(0);
    return chart;
  }

  /** Adds a line through the points (x[i], y[i]). */
  static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineWidth(1.2f);
    return series;
  }

  /** Adds a line through (0, y[0]), (1, y[1]), ... with x counted from {@code first}. */
  static XYSeries line(XYChart chart, String name, int first, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x[i] = first + i;
    }
    return line(chart, name, x, y);
  }

  /** Adds the points (x[i], y[i]) as small dots, unjoined. */
  static XYSeries points(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    series.setMarker(SeriesMarkers.CIRCLE);
    // Lines carry no markers, so the chart's marker size is the dots'.
    chart.getStyler().setMarkerSize(4);
    return series;
  }

  /**
   * Adds a histogram of {@code values} scaled to a density (its area is 1), over {@code bins} bins
   * spanning the values.
   */
  static XYSeries density(XYChart chart, String name, double[] values, int bins) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double width = hi > lo ? (hi - lo) / bins : 1;
    double[] counts = new double[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
    }
    // A step line: up and across each bin, back to zero after the last.
    double[] x = new double[2 * bins + 2];
    double[] y = new double[2 * bins + 2];
    x[0] = lo;
    for (int b = 0; b < bins; b++) {
      double height = counts[b] / (values.length * width);
      x[2 * b + 1] = lo + b * width;
      y[2 * b + 1] = height;
      x[2 * b + 2] = lo + (b + 1) * width;
      y[2 * b + 2] = height;
    }
    x[2 * bins + 1] = lo + bins * width;
    XYSeries series = line(chart, name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    series.setLineColor(COLOURS[0]);
    series.setFillColor(new Color(0x0072B2 | 0x66000000, true));
    return series;
  }

  /** Adds a dashed vertical line at {@code x} from 0 to {@code height}, a marked value. */
  static XYSeries marker(XYChart chart, String name, double x, double height) {
    return marker(chart, name, x, 0, height);
  }

  /** Adds a dashed vertical line at {@code x} from {@code low} to {@code high}. */
  static XYSeries marker(XYChart chart, String name, double x, double low, double high) {
    XYSeries series = line(chart, name, new double[] {x, x}, new double[] {low, high});
    series.setLineStyle(
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    return series;
  }

  /**
   * Writes the panels (all of one size), in a grid {@code columns} wide, as {@code name.png} and {@code name.svg} in
   * {@code dir} (made if missing), and returns the two files.
   */
  static List<Path> write(Path dir, String name, int columns, List<XYChart> panels)
      throws IOException {
    Files.createDirectories(dir);
    try {
      return draw(dir, name, columns, panels);
    } catch (RuntimeException | LinkageError | AWTError e) {
      // Java's 2D graphics without its native libraries or any font: say so, not a stack trace.
      throw new IOException(
          "Java could not draw " + name + " (" + e + "); --no-plots runs without plots", e);
    }
  }

  private static List<Path> draw(Path dir, String name, int columns, List<XYChart> panels)
      throws IOException {
    panels.forEach(Plots::roundTicks);
    int rows = (panels.size() + columns - 1) / columns;
    int panelWidth = panels.get(0).getWidth();
    int panelHeight = panels.get(0).getHeight();
    int width = columns * panelWidth;
    int height = rows * panelHeight;
    Path png = dir.resolve(name + ".png");
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D bitmap = image.createGraphics();
    bitmap.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    bitmap.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    paint(bitmap, width, height, columns, panels);
    bitmap.dispose();
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    Path svg = dir.resolve(name + ".svg");
    VectorGraphics2D vector = new VectorGraphics2D();
    paint(vector, width, height, columns, panels);
    try (OutputStream out = Files.newOutputStream(svg)) {
      new SVGProcessor().getDocument(vector.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
    }
    return List.of(png, svg);
  }

  /**
   * Makes XChart choose round x ticks. Where a chart's x values are all equally spaced (draws 0, 1,
   * 2, ...), XChart puts a tick at every k-th of them (0, 91, 182, ...); one unlisted, unmarked
   * point half a step in from the left, inside the data's ranges, makes them unequal, and the
   * ticks round (0, 500, 1000, ...). The point draws nothing.
   */
  private static void roundTicks(XYChart chart) {
    if (chart.getSeriesMap().containsKey(ROUND_TICKS)) {
      return;
    }
    XYSeries first = chart.getSeriesMap().values().iterator().next();
    double[] x = first.getXData();
    if (x.length < 2) {
      return;
    }
    XYSeries point =
        chart.addSeries(ROUND_TICKS, new double[] {x[0] + (x[1] - x[0]) / 2}, new double[] {first.getYData()[0]});
    point.setMarker(SeriesMarkers.NONE);
    point.setShowInLegend(false);
    point.setLineColor(new Color(0, 0, 0, 0));
  }

  private static final String ROUND_TICKS = " round ticks";

  private static void paint(Graphics2D g, int width, int height, int columns, List<XYChart> panels) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (int k = 0; k < panels.size(); k++) {
      XYChart chart = panels.get(k);
      Graphics2D panel = (Graphics2D) g.create();
      panel.translate((k % columns) * chart.getWidth(), (k / columns) * chart.getHeight());
      chart.paint(panel, chart.getWidth(), chart.getHeight());
      panel.dispose();
    }
  }
}
