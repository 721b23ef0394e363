package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dense-Hessian summary divides what it says it divides, and takes the median it names. */
class ReportTest {
  @Test
  void hessianRatiosAreOverNGradientsAndTheMedianIsOverProblems() {
    List<Report.Row> rows = new ArrayList<>();
    // At N = 100 the Hessians cost 0.2, 0.4 and 3 times 100 gradients: the median is 0.4.
    double[] perGradients = {0.2, 3, 0.4};
    for (int p = 0; p < perGradients.length; p++) {
      rows.add(new Report.Row("p" + p, "n = 100", 100, "gradient", 2, 0));
      rows.add(new Report.Row("p" + p, "n = 100", 100, "hessian", perGradients[p] * 200, 0));
      rows.add(new Report.Row("p" + p, "n = 100", 100, "eightHessianVectors", 40, 0));
      rows.add(new Report.Row("p" + p, "n = 100", 100, "hessianVectors", 10 + p * 10, 0));
    }
    rows.add(new Report.Row("gmm", "n = 50", 50, "gradient", 2, 0));
    rows.add(new Report.Row("gmm", "n = 50", 50, "hessian", 50, 0));
    String table = Report.hessianTable(rows);
    assertTrue(table.contains("| p0 | 100 | 0.20 | 0.25 |\n| p1 | 100 | 3.00 | 0.50 |\n"), table);
    assertTrue(table.contains("| **median** | 100 | **0.40** | **0.50** |"), table);
    // Smaller N first, problems by their README names.
    assertTrue(table.matches("(?s).*\\| Gaussian mixture \\| 50 \\| 0.50 \\| not run \\|\n.*p0.*"),
        table);
    String targets = Report.hessianTargets(rows);
    assertTrue(targets.contains("met    N = 100"), targets);
    assertTrue(targets.matches("(?s).*N = 100 +median Hessian ≤ 0.5× N gradients +0.40\n.*"),
        targets);
    String sweep = " +8 in one sweep ≤ 0.35× 8 products +";
    assertTrue(targets.matches("(?s).*MISSED p1 n = 100" + sweep + "0.50\n.*"), targets);
    assertTrue(targets.matches("(?s).*met    p0 n = 100" + sweep + "0.25\n.*"), targets);
  }
}
