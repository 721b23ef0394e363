package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Element;

/** The figures are written as a PNG and an SVG of the same size, with every series drawn. */
class PlotsTest {
  @TempDir Path dir;

  private static XYChart lines(int series) {
    XYChart chart = Plots.chart("title", "x", "y", 400, 300);
    for (int s = 0; s < series; s++) {
      double[] y = new double[50];
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.sin(i / 8.0 + s);
      }
      Plots.line(chart, "series " + s, 0, y);
    }
    return chart;
  }

  /** Pixels near {@code colour} (lines are antialiased, so few are exactly it). */
  private static int pixelsOf(BufferedImage image, Color colour) {
    int count = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        Color pixel = new Color(image.getRGB(x, y));
        int dr = pixel.getRed() - colour.getRed();
        int dg = pixel.getGreen() - colour.getGreen();
        int db = pixel.getBlue() - colour.getBlue();
        if (dr * dr + dg * dg + db * db < 40 * 40) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void panelsAreWrittenAsAPngAndAnSvgOfOneSize() throws Exception {
    List<Path> files = Plots.write(dir, "two", 2, List.of(lines(1), lines(2)));

    assertEquals(List.of(dir.resolve("two.png"), dir.resolve("two.svg")), files);
    BufferedImage png = ImageIO.read(files.get(0).toFile());
    assertEquals(800, png.getWidth());
    assertEquals(300, png.getHeight());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Element svg = factory.newDocumentBuilder().parse(files.get(1).toFile()).getDocumentElement();
    assertEquals("svg", svg.getTagName());
    assertEquals("0 0 800 300", svg.getAttribute("viewBox"));
    // Axes, tick labels, titles, legends and lines: far more than a blank page.
    assertTrue(svg.getElementsByTagName("path").getLength() > 20, "paths drawn");
  }

  @Test
  void everySeriesIsDrawnInItsOwnColour() throws IOException {
    BufferedImage two = ImageIO.read(Plots.write(dir, "two", 1, List.of(lines(2))).get(0).toFile());
    BufferedImage three = ImageIO.read(Plots.write(dir, "three", 1, List.of(lines(3))).get(0).toFile());

    for (int s = 0; s < 3; s++) {
      assertTrue(pixelsOf(three, Plots.COLOURS[s]) > 100, "series " + s + " drawn");
    }
    assertTrue(pixelsOf(two, Plots.COLOURS[1]) > 100, "series 1 drawn");
    assertFalse(pixelsOf(two, Plots.COLOURS[2]) > 0, "no third colour with two series");
  }

  @Test
  void aDensityEnclosesAnAreaOfOne() {
    XYChart chart = Plots.chart("density", "x", "density");
    double[] values = new java.util.Random(3).doubles(1_000).map(u -> u * u * 5).toArray();

    XYSeries density = Plots.density(chart, "draws", values, 25);

    double[] x = density.getXData();
    double[] y = density.getYData();
    double area = 0;
    for (int i = 1; i < x.length; i++) {
      // Each step is flat: the area between two points is the width times the height they share.
      if (y[i] == y[i - 1]) {
        area += (x[i] - x[i - 1]) * y[i];
      }
    }
    assertEquals(1.0, area, 1e-12);
    assertEquals(0.0, y[0]);
    assertEquals(0.0, y[y.length - 1]);
  }
}
