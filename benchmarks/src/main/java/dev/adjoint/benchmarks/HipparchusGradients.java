package dev.adjoint.benchmarks;

import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.util.FastMath;

/**
 * The {@link Problems} computed with Hipparchus's forward-mode types, as a user of the library
 * would write them: the original's code with one {@link Gradient} (carrying all n partial
 * derivatives) per active value. Same output convention as {@link HandGradients}.
 */
public final class HipparchusGradients {
  private HipparchusGradients() {}

  public static double extendedRosenbrock(double[] x, double[] grad) {
    int n = x.length;
    Gradient[] v = new Gradient[n];
    for (int i = 0; i < n; i++) {
      v[i] = Gradient.variable(n, i, x[i]);
    }
    Gradient sum = Gradient.constant(n, 0);
    for (int i = 0; i + 1 < n; i += 2) {
      Gradient a = v[i + 1].subtract(v[i].multiply(v[i]));
      Gradient b = v[i].negate().add(1);
      sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
    }
    return result(sum, grad);
  }

  /** The same with a {@link DerivativeStructure} of n parameters and order 1. */
  public static double extendedRosenbrockDs(double[] x, double[] grad) {
    int n = x.length;
    DSFactory factory = new DSFactory(n, 1);
    DerivativeStructure[] v = new DerivativeStructure[n];
    for (int i = 0; i < n; i++) {
      v[i] = factory.variable(i, x[i]);
    }
    DerivativeStructure sum = factory.constant(0);
    for (int i = 0; i + 1 < n; i += 2) {
      DerivativeStructure a = v[i + 1].subtract(v[i].multiply(v[i]));
      DerivativeStructure b = v[i].negate().add(1);
      sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
    }
    int[] orders = new int[n];
    for (int i = 0; i < n; i++) {
      orders[i] = 1;
      grad[i] = sum.getPartialDerivative(orders);
      orders[i] = 0;
    }
    return sum.getValue();
  }

  public static double logisticNll(double[] w, double[][] x, double[] y, double[] grad) {
    int n = w.length;
    Gradient[] v = variables(n, 0, w);
    Gradient nll = Gradient.constant(n, 0);
    for (int i = 0; i < x.length; i++) {
      Gradient z = Gradient.constant(n, 0);
      for (int j = 0; j < n; j++) {
        z = z.add(v[j].multiply(x[i][j]));
      }
      Gradient softplus =
          z.getValue() > 0 ? z.add(z.negate().exp().log1p()) : z.exp().log1p();
      nll = nll.add(softplus.subtract(z.multiply(y[i])));
    }
    return result(nll, grad);
  }

  public static double gmmObjective(
      double[] alpha, double[][] mu, double[][] q, double[][] x, double gamma, int m,
      double[] grad) {
    int k = alpha.length;
    int d = mu[0].length;
    int n = k + 2 * k * d;
    Gradient[] alphaV = variables(n, 0, alpha);
    Gradient[][] muV = new Gradient[k][];
    Gradient[][] qV = new Gradient[k][];
    for (int c = 0; c < k; c++) {
      muV[c] = variables(n, k + c * d, mu[c]);
      qV[c] = variables(n, k + k * d + c * d, q[c]);
    }
    Gradient[] logDensity = new Gradient[k];
    Gradient total = Gradient.constant(n, 0);
    for (int i = 0; i < x.length; i++) {
      Gradient max = Gradient.constant(n, Double.NEGATIVE_INFINITY);
      for (int c = 0; c < k; c++) {
        Gradient sumQ = Gradient.constant(n, 0);
        Gradient squares = Gradient.constant(n, 0);
        for (int j = 0; j < d; j++) {
          Gradient scaled = qV[c][j].exp().multiply(muV[c][j].negate().add(x[i][j]));
          sumQ = sumQ.add(qV[c][j]);
          squares = squares.add(scaled.multiply(scaled));
        }
        logDensity[c] = alphaV[c].add(sumQ).subtract(squares.multiply(0.5));
        max = FastMath.max(max, logDensity[c]);
      }
      Gradient sum = Gradient.constant(n, 0);
      for (int c = 0; c < k; c++) {
        sum = sum.add(logDensity[c].subtract(max).exp());
      }
      total = total.subtract(max.add(sum.log()));
    }
    Gradient alphaMax = Gradient.constant(n, Double.NEGATIVE_INFINITY);
    for (int c = 0; c < k; c++) {
      alphaMax = FastMath.max(alphaMax, alphaV[c]);
    }
    Gradient alphaSum = Gradient.constant(n, 0);
    for (int c = 0; c < k; c++) {
      alphaSum = alphaSum.add(alphaV[c].subtract(alphaMax).exp());
    }
    total = total.add(alphaMax.add(alphaSum.log()).multiply(x.length));
    Gradient prior = Gradient.constant(n, 0);
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        prior = prior
            .add(qV[c][j].multiply(2).exp().multiply(0.5 * gamma * gamma))
            .subtract(qV[c][j].multiply(m));
      }
    }
    return result(total.add(prior), grad);
  }

  public static double mlpLoss(
      double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y,
      double[] grad) {
    int hiddenCount = b1.length;
    int inputs = w1[0].length;
    int n = hiddenCount * inputs + 2 * hiddenCount + 1;
    Gradient[][] w1V = new Gradient[hiddenCount][];
    for (int h = 0; h < hiddenCount; h++) {
      w1V[h] = variables(n, h * inputs, w1[h]);
    }
    Gradient[] b1V = variables(n, hiddenCount * inputs, b1);
    Gradient[] w2V = variables(n, hiddenCount * inputs + hiddenCount, w2);
    Gradient b2V = Gradient.variable(n, n - 1, b2);
    Gradient loss = Gradient.constant(n, 0);
    for (int i = 0; i < x.length; i++) {
      Gradient out = b2V;
      for (int h = 0; h < hiddenCount; h++) {
        Gradient z = b1V[h];
        for (int j = 0; j < x[i].length; j++) {
          z = z.add(w1V[h][j].multiply(x[i][j]));
        }
        out = out.add(w2V[h].multiply(z.tanh()));
      }
      Gradient error = out.subtract(y[i]);
      loss = loss.add(error.multiply(error));
    }
    return result(loss.divide(x.length), grad);
  }

  /** Differentiates through the Newton iterations, as operator overloading does. */
  public static double keplerFit(
      double e, double a, double[] meanAnomaly, double[] observed, double[] grad) {
    Gradient eV = Gradient.variable(2, 0, e);
    Gradient aV = Gradient.variable(2, 1, a);
    Gradient loss = Gradient.constant(2, 0);
    for (int i = 0; i < meanAnomaly.length; i++) {
      Gradient anomaly = Gradient.constant(2, meanAnomaly[i]);
      Gradient step = Gradient.constant(2, 1);
      while (FastMath.abs(step.getValue()) > 1e-12) {
        step = anomaly.subtract(eV.multiply(anomaly.sin())).subtract(meanAnomaly[i])
            .divide(eV.multiply(anomaly.cos()).negate().add(1));
        anomaly = anomaly.subtract(step);
      }
      Gradient r = aV.multiply(anomaly.cos().subtract(eV)).subtract(observed[i]);
      loss = loss.add(r.multiply(r));
    }
    return result(loss, grad);
  }

  /** Variables for the elements of {@code values}, numbered from {@code first}. */
  private static Gradient[] variables(int n, int first, double[] values) {
    Gradient[] v = new Gradient[values.length];
    for (int i = 0; i < values.length; i++) {
      v[i] = Gradient.variable(n, first + i, values[i]);
    }
    return v;
  }

  private static double result(Gradient g, double[] grad) {
    for (int i = 0; i < g.getFreeParameters(); i++) {
      grad[i] = g.getPartialDerivative(i);
    }
    return g.getValue();
  }
}
