package dev.adjoint.catalogue;

import dev.adjoint.Checkpointed;
import dev.adjoint.Differentiable;

/**
 * The catalogue of differentiable functions with loops and arrays that {@link LoopCatalogueTest}
 * checks against finite differences, through every generated method of {@code
 * LoopCatalogueDerivatives}.
 *
 * <p>Every function is written the way a statistician, an ML engineer or a numerical analyst would
 * write it, in the loop subset: {@code for}, {@code while}, {@code do}/{@code while} and enhanced
 * {@code for} loops (nested, with {@code break} and {@code continue}, with trip counts from {@code
 * int} parameters or from the data); {@code double[]}, {@code double[][]} and {@code int[]}
 * parameters whose elements and lengths are read, never written; local {@code double[]} and {@code
 * double[][]} arrays, each created once outside every loop and never reassigned, whose elements are
 * written and overwritten; and calls of the scalar helpers at the top of the class, inside loops.
 * There is no {@code return} inside a loop body.
 *
 * <p>Every method carries {@link LoopDomain}: it is how the test finds the catalogue, says where to
 * sample and which shapes to use, and repeats {@code @Differentiable(wrt)} as parameter positions.
 * The domains keep every function finite and moderate, so that fourth-order finite differences are
 * accurate; {@code DomainCheck} verifies that without the processor. To add a case, add a method
 * with both annotations; the test picks it up by reflection.
 *
 * <p>The last section holds functions that pass arrays to other {@code @Differentiable} methods;
 * they exercise a later step and may be moved out while that is not supported.
 */
public final class LoopCatalogue {
  private LoopCatalogue() {}

  static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  static final double LN_2 = Math.log(2);

  /** Minimum of the Lennard-Jones pair potential (sigma = 1): 2^(1/6). */
  static final double LATTICE_SPACING = 1.122462048309373;

  /** Time step of the pendulum integrator. */
  static final double TIME_STEP = 0.05;

  /** Horizon of the Lotka-Volterra integration. */
  static final double HORIZON = 4.0;

  // ---------------------------------------------------------------------------------------------
  // 1. Scalar helpers, called (with double arguments) from loops further down.
  // ---------------------------------------------------------------------------------------------

  /** Softplus log(1 + e^z), stable for both signs; called inside loops by the likelihoods. */
  @Differentiable
  @LoopDomain(lo = -6, hi = 6)
  static double softplus(double z) {
    if (z > 0) {
      return z + Math.log1p(Math.exp(-z));
    }
    return Math.log1p(Math.exp(z));
  }

  /** The logistic sigmoid, stable for both signs; called inside loops by the survival model. */
  @Differentiable
  @LoopDomain(lo = -6, hi = 6)
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** log N(x | mean, e^(2 logSigma)); called in nested loops by the density estimators. */
  @Differentiable
  @LoopDomain(lows = {-2, -2, -1}, highs = {2, 2, 1})
  static double normalLogDensity(double x, double mean, double logSigma) {
    double z = (x - mean) * Math.exp(-logSigma);
    return -0.5 * z * z - logSigma - LOG_SQRT_TWO_PI;
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Regression losses over a data matrix: nested loops, data parameters excluded with wrt.
  // ---------------------------------------------------------------------------------------------

  /**
   * Logistic regression negative log-likelihood with soft labels: a dot product per row, and a
   * differentiable helper (softplus) called in the loop. Differentiated in the weights only.
   */
  @Differentiable(wrt = {"w"})
  @LoopDomain(
      lows = {-1, -2, 0},
      highs = {1, 2, 1},
      sizes = {3, 6, 3, 6, 4, 5, 4, 5},
      wrt = {0})
  static double logisticNll(double[] w, double[][] x, double[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      nll += softplus(z) - y[i] * z;
    }
    return nll;
  }

  /**
   * L2-penalised logistic regression with an intercept and 0/1 labels in an int[]: the stable log
   * loss written inline (max and abs whose kinks cancel), a ternary on the label, and the penalty
   * summed by an enhanced for over the weights.
   */
  @Differentiable(wrt = {"w", "bias"})
  @LoopDomain(
      lows = {-1.5, -0.5, -1, 0.01},
      highs = {1.5, 0.5, 1, 0.1},
      sizes = {4, 8, 4, 8},
      intArrayHi = 1,
      wrt = {0, 1})
  static double penalizedLogisticRegression(
      double[] w, double bias, double[][] x, int[] labels, double lambda) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double z = bias;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      double margin = labels[i] == 1 ? z : -z;
      loss += Math.max(-margin, 0) + Math.log1p(Math.exp(-Math.abs(margin)));
    }
    double penalty = 0;
    for (double wj : w) {
      penalty += wj * wj;
    }
    return loss / x.length + 0.5 * lambda * penalty;
  }

  /**
   * Poisson log-linear regression negative log-likelihood with int[] counts; the log factorial of
   * each count is an inner loop over data only.
   */
  @Differentiable(wrt = {"beta"})
  @LoopDomain(
      lows = {-0.6, -1},
      highs = {0.6, 1},
      sizes = {3, 7, 3, 7, 2, 5, 2, 5},
      intArrayHi = 6,
      wrt = {0})
  static double poissonRegressionNll(double[] beta, double[][] x, int[] counts) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) {
        eta += beta[j] * x[i][j];
      }
      double logFactorial = 0;
      for (int k = 2; k <= counts[i]; k++) {
        logFactorial += Math.log(k);
      }
      nll += Math.exp(eta) - counts[i] * eta + logFactorial;
    }
    return nll;
  }

  /**
   * Huber regression loss: an if/else inside the loop on the residual, which depends on the
   * differentiated coefficients; the threshold delta is data.
   */
  @Differentiable(wrt = {"beta"})
  @LoopDomain(
      lows = {-1, -1, -2, 0.3},
      highs = {1, 1, 2, 0.8},
      sizes = {3, 8, 3, 8},
      wrt = {0})
  static double huberRegression(double[] beta, double[][] x, double[] y, double delta) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double prediction = 0;
      for (int j = 0; j < beta.length; j++) {
        prediction += beta[j] * x[i][j];
      }
      double r = y[i] - prediction;
      if (Math.abs(r) <= delta) {
        loss += 0.5 * r * r;
      } else {
        loss += delta * (Math.abs(r) - 0.5 * delta);
      }
    }
    return loss / x.length;
  }

  /**
   * Linear SVM objective: hinge loss with {@code continue} for points outside the margin (a branch
   * on a differentiated value), plus a ridge penalty.
   */
  @Differentiable(wrt = {"w", "bias"})
  @LoopDomain(
      lows = {-1.5, -0.5, -1, 0.01},
      highs = {1.5, 0.5, 1, 0.1},
      sizes = {3, 10, 3, 10},
      intArrayHi = 1,
      wrt = {0, 1})
  static double svmHingeLoss(double[] w, double bias, double[][] x, int[] labels, double lambda) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double score = bias;
      for (int j = 0; j < w.length; j++) {
        score += w[j] * x[i][j];
      }
      double margin = (2 * labels[i] - 1) * score;
      if (margin >= 1) {
        continue;
      }
      loss += 1 - margin;
    }
    double norm2 = 0;
    for (double wj : w) {
      norm2 += wj * wj;
    }
    return loss / x.length + 0.5 * lambda * norm2;
  }

  /**
   * Sum of squared errors of a polynomial fit: Horner's rule (a downward loop) nested inside the
   * loop over data points; differentiated in the coefficients.
   */
  @Differentiable(wrt = {"coeffs"})
  @LoopDomain(lows = {-1, -1.2, -2}, highs = {1, 1.2, 2}, sizes = {4, 9, 9}, wrt = {0})
  static double polynomialFitSse(double[] coeffs, double[] xs, double[] ys) {
    double sse = 0;
    for (int i = 0; i < xs.length; i++) {
      double fit = 0;
      for (int k = coeffs.length - 1; k >= 0; k--) {
        fit = fit * xs[i] + coeffs[k];
      }
      double r = ys[i] - fit;
      sse += r * r;
    }
    return sse;
  }

  /**
   * Multinomial (softmax) regression negative log-likelihood: a local logits array overwritten for
   * every data point, a running max found by if inside a loop, and an int[] label used as an index.
   */
  @Differentiable(wrt = {"weights"})
  @LoopDomain(
      lows = {-1, -1.5},
      highs = {1, 1.5},
      sizes = {3, 4, 6, 4, 6, 4, 3, 5, 3, 5},
      intArrayHi = 2,
      wrt = {0})
  static double softmaxRegressionNll(double[][] weights, double[][] x, int[] labels) {
    int classes = weights.length;
    double[] logits = new double[classes];
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < classes; c++) {
        double z = 0;
        for (int j = 0; j < x[i].length; j++) {
          z += weights[c][j] * x[i][j];
        }
        logits[c] = z;
      }
      double max = logits[0];
      for (int c = 1; c < classes; c++) {
        if (logits[c] > max) {
          max = logits[c];
        }
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[c] - max);
      }
      nll += max + Math.log(sum) - logits[labels[i]];
    }
    return nll / x.length;
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Log-sum-exp, mixtures and latent-variable likelihoods.
  // ---------------------------------------------------------------------------------------------

  /** Stable log-sum-exp: a max loop (Math.max) then an enhanced-for sum. */
  @Differentiable
  @LoopDomain(lo = -3, hi = 3, sizes = {5, 9})
  static double logSumExp(double[] z) {
    double max = z[0];
    for (int i = 1; i < z.length; i++) {
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /**
   * Entropy of a softmax distribution: a local array of unnormalised probabilities, then each
   * element overwritten by its normalised value after being read.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {4, 7})
  static double softmaxEntropy(double[] logits) {
    int n = logits.length;
    double[] probs = new double[n];
    double max = logits[0];
    for (int i = 1; i < n; i++) {
      if (logits[i] > max) {
        max = logits[i];
      }
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      probs[i] = Math.exp(logits[i] - max);
      total += probs[i];
    }
    double entropy = 0;
    for (int i = 0; i < n; i++) {
      probs[i] = probs[i] / total;
      entropy -= probs[i] * Math.log(probs[i]);
    }
    return entropy;
  }

  /**
   * Gaussian mixture log-likelihood with diagonal covariances, in the style of the ADBench GMM
   * objective: log weights (normalised by log-sum-exp), means and log precisions differentiated,
   * data matrix x not. Triple nested loops, a local array of per-component log densities
   * overwritten for every point, and log-sum-exp over components.
   */
  @Differentiable(wrt = {"logWeights", "means", "logPrecisions"})
  @LoopDomain(
      lows = {-1, -1, -0.5, -1.5},
      highs = {1, 1, 0.5, 1.5},
      sizes = {3, 3, 2, 3, 2, 6, 2, 2, 2, 3, 2, 3, 5, 3},
      wrt = {0, 1, 2})
  static double gmmLogLikelihood(
      double[] logWeights, double[][] means, double[][] logPrecisions, double[][] x) {
    int k = logWeights.length;
    int d = x[0].length;
    double[] logDensities = new double[k];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < k; c++) {
        double logDet = 0;
        double quad = 0;
        for (int j = 0; j < d; j++) {
          double scaled = Math.exp(logPrecisions[c][j]) * (x[i][j] - means[c][j]);
          logDet += logPrecisions[c][j];
          quad += scaled * scaled;
        }
        logDensities[c] = logWeights[c] + logDet - 0.5 * quad;
      }
      double max = logDensities[0];
      for (int c = 1; c < k; c++) {
        max = Math.max(max, logDensities[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(logDensities[c] - max);
      }
      total += max + Math.log(sum);
    }
    double maxWeight = logWeights[0];
    for (int c = 1; c < k; c++) {
      maxWeight = Math.max(maxWeight, logWeights[c]);
    }
    double weightSum = 0;
    for (int c = 0; c < k; c++) {
      weightSum += Math.exp(logWeights[c] - maxWeight);
    }
    double logNormalizer = maxWeight + Math.log(weightSum);
    return total - x.length * logNormalizer - x.length * d * LOG_SQRT_TWO_PI;
  }

  /**
   * Hidden Markov model log-likelihood by the forward algorithm in log space: a local log
   * transition matrix (row-wise log-softmax), two local vectors swapped by copying at every time
   * step, and a scalar helper (normalLogDensity) called in the innermost loop.
   */
  @Differentiable(wrt = {"transitionLogits", "emissionMeans"})
  @LoopDomain(
      lows = {-1, -1.5, -2},
      highs = {1, 1.5, 2},
      sizes = {3, 3, 3, 8, 2, 2, 2, 12},
      wrt = {0, 1})
  static double hmmForwardLogLikelihood(
      double[][] transitionLogits, double[] emissionMeans, double[] observations) {
    int k = emissionMeans.length;
    double[][] logTransition = new double[k][k];
    for (int i = 0; i < k; i++) {
      double max = transitionLogits[i][0];
      for (int j = 1; j < k; j++) {
        max = Math.max(max, transitionLogits[i][j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(transitionLogits[i][j] - max);
      }
      for (int j = 0; j < k; j++) {
        logTransition[i][j] = transitionLogits[i][j] - max - Math.log(sum);
      }
    }
    double[] logAlpha = new double[k];
    double[] next = new double[k];
    for (int s = 0; s < k; s++) {
      logAlpha[s] = -Math.log(k) + normalLogDensity(observations[0], emissionMeans[s], 0);
    }
    for (int t = 1; t < observations.length; t++) {
      for (int j = 0; j < k; j++) {
        double max = logAlpha[0] + logTransition[0][j];
        for (int i = 1; i < k; i++) {
          max = Math.max(max, logAlpha[i] + logTransition[i][j]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
          sum += Math.exp(logAlpha[i] + logTransition[i][j] - max);
        }
        next[j] = max + Math.log(sum) + normalLogDensity(observations[t], emissionMeans[j], 0);
      }
      for (int j = 0; j < k; j++) {
        logAlpha[j] = next[j];
      }
    }
    double max = logAlpha[0];
    for (int s = 1; s < k; s++) {
      max = Math.max(max, logAlpha[s]);
    }
    double sum = 0;
    for (int s = 0; s < k; s++) {
      sum += Math.exp(logAlpha[s] - max);
    }
    return max + Math.log(sum);
  }

  /**
   * Multinomial log-likelihood of int[] counts under softmax probabilities: an enhanced for over
   * an int[], and log factorials as loops over data.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {4, 4, 6, 6}, intArrayHi = 5)
  static double multinomialLogLikelihood(double[] logits, int[] counts) {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    double max = logits[0];
    for (int k = 1; k < logits.length; k++) {
      max = Math.max(max, logits[k]);
    }
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      sum += Math.exp(logits[k] - max);
    }
    double logNormalizer = max + Math.log(sum);
    double logLik = 0;
    for (int k = 0; k < logits.length; k++) {
      logLik += counts[k] * (logits[k] - logNormalizer);
      for (int m = 2; m <= counts[k]; m++) {
        logLik -= Math.log(m);
      }
    }
    for (int m = 2; m <= total; m++) {
      logLik += Math.log(m);
    }
    return logLik;
  }

  /**
   * Leave-one-out log-likelihood of a Gaussian kernel density estimate: a double loop over the
   * data with {@code continue} on the diagonal, and a helper called in the inner loop;
   * differentiated in the log bandwidth and in the data points.
   */
  @Differentiable
  @LoopDomain(lows = {-1, -2}, highs = {0, 2}, sizes = {6, 9})
  static double kernelDensityLooLogLik(double logBandwidth, double[] data) {
    int n = data.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double density = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        density += Math.exp(normalLogDensity(data[i], data[j], logBandwidth));
      }
      total += Math.log(density / (n - 1));
    }
    return total;
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Neural-network building blocks: matrices of weights, local activations.
  // ---------------------------------------------------------------------------------------------

  /**
   * A one-hidden-layer tanh MLP with mean squared loss: weights as double[][] and biases as
   * double[], a local hidden-activation array overwritten for every data point.
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  @LoopDomain(
      lows = {-1, -0.5, -1, -0.5, -1, -1},
      highs = {1, 0.5, 1, 0.5, 1, 1},
      sizes = {4, 3, 4, 4, 5, 3, 5},
      wrt = {0, 1, 2, 3})
  static double mlpSquaredLoss(
      double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {
    double[] hidden = new double[b1.length];
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      for (int h = 0; h < hidden.length; h++) {
        double a = b1[h];
        for (int j = 0; j < x[i].length; j++) {
          a += w1[h][j] * x[i][j];
        }
        hidden[h] = Math.tanh(a);
      }
      double out = b2;
      for (int h = 0; h < hidden.length; h++) {
        out += w2[h] * hidden[h];
      }
      double r = out - y[i];
      loss += 0.5 * r * r;
    }
    return loss / x.length;
  }

  /**
   * Scaled dot-product attention for one query, read out through tanh: local score and context
   * arrays, a softmax over the scores written back into the score array, and a context vector
   * accumulated with {@code +=} in a nested loop.
   */
  @Differentiable
  @LoopDomain(lo = -1.5, hi = 1.5, sizes = {4, 5, 4, 5, 3})
  static double attentionReadout(double[] query, double[][] keys, double[][] values) {
    int n = keys.length;
    double[] scores = new double[n];
    double[] context = new double[values[0].length];
    double scale = 1 / Math.sqrt(query.length);
    for (int t = 0; t < n; t++) {
      double s = 0;
      for (int j = 0; j < query.length; j++) {
        s += query[j] * keys[t][j];
      }
      scores[t] = s * scale;
    }
    double max = scores[0];
    for (int t = 1; t < n; t++) {
      max = Math.max(max, scores[t]);
    }
    double total = 0;
    for (int t = 0; t < n; t++) {
      scores[t] = Math.exp(scores[t] - max);
      total += scores[t];
    }
    for (int t = 0; t < n; t++) {
      for (int c = 0; c < context.length; c++) {
        context[c] += scores[t] / total * values[t][c];
      }
    }
    double out = 0;
    for (int c = 0; c < context.length; c++) {
      out += Math.tanh(context[c]);
    }
    return out;
  }

  /**
   * Layer normalisation followed by a fixed linear readout of tanh: mean and variance by enhanced
   * for, compound division of accumulators by an int, and a readout vector that is data.
   */
  @Differentiable(wrt = {"x", "gain", "bias"})
  @LoopDomain(
      lows = {-2, 0.5, -0.5, -1},
      highs = {2, 1.5, 0.5, 1},
      sizes = {6, 6, 6, 6},
      wrt = {0, 1, 2})
  static double layerNormReadout(double[] x, double[] gain, double[] bias, double[] readout) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double variance = 0;
    for (double v : x) {
      double d = v - mean;
      variance += d * d;
    }
    variance /= n;
    double inverseStd = 1 / Math.sqrt(variance + 1e-5);
    double out = 0;
    for (int i = 0; i < n; i++) {
      double normalized = gain[i] * (x[i] - mean) * inverseStd + bias[i];
      out += readout[i] * Math.tanh(normalized);
    }
    return out;
  }

  /**
   * A strided 1-D convolution (index i * stride + j) into a local feature map, then the energy of
   * its tanh activations; the output length depends on the int stride.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {9, 3}, ints = {1, 2})
  static double convolutionEnergy(double[] signal, double[] kernel, int stride) {
    int outLength = (signal.length - kernel.length) / stride + 1;
    double[] feature = new double[outLength];
    for (int i = 0; i < outLength; i++) {
      for (int j = 0; j < kernel.length; j++) {
        feature[i] += kernel[j] * signal[i * stride + j];
      }
    }
    double energy = 0;
    for (int i = 0; i < outLength; i++) {
      double a = Math.tanh(feature[i]);
      energy += a * a;
    }
    return energy;
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Optimisation: test functions and an unrolled optimiser.
  // ---------------------------------------------------------------------------------------------

  /** Extended Rosenbrock: a sum over the pairs (x[2i], x[2i+1]), index arithmetic 2 * i + 1. */
  @Differentiable
  @LoopDomain(lo = -1.5, hi = 1.5, sizes = {4, 6, 8})
  static double extendedRosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length / 2; i++) {
      double a = x[2 * i];
      double b = x[2 * i + 1];
      double t = b - a * a;
      sum += 100 * t * t + (1 - a) * (1 - a);
    }
    return sum;
  }

  /**
   * Heavy-ball gradient descent unrolled for a fixed number of steps (a do/while with a counter),
   * differentiated in the hyperparameters (learning rate on a log scale) and the starting point,
   * as in hypergradient methods.
   */
  @Differentiable
  @LoopDomain(lows = {-3, 0, -2}, highs = {-1.2, 0.5, 2}, ints = {5, 20})
  static double unrolledGradientDescent(
      double logLearningRate, double momentum, double x0, int steps) {
    double learningRate = Math.exp(logLearningRate);
    double x = x0;
    double velocity = 0;
    int k = 0;
    do {
      double gradient = 2 * x / (1 + x * x) + (x - 1);
      velocity = momentum * velocity - learningRate * gradient;
      x += velocity;
      k++;
    } while (k < steps);
    return Math.log1p(x * x) + 0.5 * (x - 1) * (x - 1);
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Polynomials, series and quadrature.
  // ---------------------------------------------------------------------------------------------

  /** Horner evaluation, a downward for loop; differentiated in the coefficients and in x. */
  @Differentiable
  @LoopDomain(lows = {-1, -1.2}, highs = {1, 1.2}, sizes = {4, 7})
  static double hornerPolynomial(double[] coeffs, double x) {
    double value = 0;
    for (int i = coeffs.length - 1; i >= 0; i--) {
      value = value * x + coeffs[i];
    }
    return value;
  }

  /**
   * Chebyshev series by Clenshaw's recurrence: two loop-carried scalars shifted every step;
   * differentiated in x only (the coefficients are data).
   */
  @Differentiable(wrt = {"x"})
  @LoopDomain(lows = {-1, -0.95}, highs = {1, 0.95}, sizes = {5, 8}, wrt = {1})
  static double clenshawChebyshev(double[] coeffs, double x) {
    double b1 = 0;
    double b2 = 0;
    for (int k = coeffs.length - 1; k >= 1; k--) {
      double b = coeffs[k] + 2 * x * b1 - b2;
      b2 = b1;
      b1 = b;
    }
    return coeffs[0] + x * b1 - b2;
  }

  /**
   * |p(z)|^2 for a complex polynomial whose coefficients are stored interleaved (re, im), as
   * numerical codes do: Horner in complex arithmetic reading c[2k] and c[2k + 1].
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {8, 10})
  static double complexPolynomialModulus(double[] coeffs, double re, double im) {
    int degree = coeffs.length / 2 - 1;
    double valueRe = 0;
    double valueIm = 0;
    for (int k = degree; k >= 0; k--) {
      double nextRe = valueRe * re - valueIm * im + coeffs[2 * k];
      double nextIm = valueRe * im + valueIm * re + coeffs[2 * k + 1];
      valueRe = nextRe;
      valueIm = nextIm;
    }
    return valueRe * valueRe + valueIm * valueIm;
  }

  /**
   * arctan by its Maclaurin series, summed in a do/while until the term is negligible: the trip
   * count depends on the differentiated argument.
   */
  @Differentiable
  @LoopDomain(lo = -0.6, hi = 0.6)
  static double atanSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    int k = 1;
    do {
      term = -term * x2;
      k += 2;
      sum += term / k;
    } while (Math.abs(term) > 1e-17 * Math.abs(x));
    return sum;
  }

  /**
   * exp by scaling and squaring: a while loop halves the argument until it is small (trip count
   * from the differentiated value), a Taylor polynomial in Horner form, then a squaring loop.
   */
  @Differentiable
  @LoopDomain(lo = -3, hi = 3)
  static double expScalingSquaring(double x) {
    double r = x;
    int squarings = 0;
    while (Math.abs(r) > 0.5) {
      r = r / 2;
      squarings++;
    }
    double e = 1;
    for (int k = 16; k >= 1; k--) {
      e = 1 + e * r / k;
    }
    for (int s = 0; s < squarings; s++) {
      e = e * e;
    }
    return e;
  }

  /**
   * Exponentiation by squaring: a while loop over the bits of an int parameter that is itself
   * reassigned, with a branch on the data and loop-carried products.
   */
  @Differentiable
  @LoopDomain(lo = -1.2, hi = 1.2, ints = {5, 13, 8})
  static double binaryPower(double base, int exponent) {
    double result = 1;
    double square = base;
    while (exponent > 0) {
      if (exponent % 2 == 1) {
        result *= square;
      }
      square *= square;
      exponent /= 2;
    }
    return result;
  }

  /**
   * Composite Simpson's rule for the integral of exp(-a t^2) cos(b t) over [0, 1]: the number of
   * intervals is an int parameter, weights from int arithmetic (i % 2) in a ternary.
   */
  @Differentiable
  @LoopDomain(lows = {0.5, 0}, highs = {2, 3}, ints = {8, 20})
  static double simpsonIntegral(double a, double b, int intervals) {
    double h = 1.0 / intervals;
    double sum = 0;
    for (int i = 0; i <= intervals; i++) {
      double t = i * h;
      double weight = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += weight * Math.exp(-a * t * t) * Math.cos(b * t);
    }
    return sum * h / 3;
  }

  /** Periodogram ordinate: power of the discrete Fourier transform at an int frequency. */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {8, 12}, ints = {1, 3})
  static double dftPower(double[] signal, int frequency) {
    int n = signal.length;
    double re = 0;
    double im = 0;
    for (int t = 0; t < n; t++) {
      double angle = 2 * Math.PI * frequency * t / n;
      re += signal[t] * Math.cos(angle);
      im -= signal[t] * Math.sin(angle);
    }
    return (re * re + im * im) / n;
  }

  // ---------------------------------------------------------------------------------------------
  // 7. Fixed-point and Newton iterations: scalars overwritten in a loop.
  // ---------------------------------------------------------------------------------------------

  /** Fixed-point iteration x = cos(a x) for an int number of steps from x0. */
  @Differentiable
  @LoopDomain(lows = {0.5, -1}, highs = {1, 1}, ints = {30, 60})
  static double fixedPointCosine(double a, double x0, int iterations) {
    double x = x0;
    for (int k = 0; k < iterations; k++) {
      x = Math.cos(a * x);
    }
    return x;
  }

  /** Newton's iteration for sqrt(a) with a fixed number of steps; the iterate is overwritten. */
  @Differentiable
  @LoopDomain(lo = 0.25, hi = 4, ints = {6, 10})
  static double newtonSqrt(double a, int iterations) {
    double x = 0.5 * (1 + a);
    for (int k = 0; k < iterations; k++) {
      x = 0.5 * (x + a / x);
    }
    return x;
  }

  /**
   * Kepler's equation E - e sin E = M solved by Newton's method with a data-dependent stop (break
   * once the step is negligible), then the true anomaly by atan2.
   */
  @Differentiable
  @LoopDomain(lows = {0.3, 0.05}, highs = {2.8, 0.7})
  static double keplerTrueAnomaly(double meanAnomaly, double eccentricity) {
    double e = meanAnomaly + eccentricity * Math.sin(meanAnomaly);
    for (int iteration = 0; iteration < 50; iteration++) {
      double delta =
          (e - eccentricity * Math.sin(e) - meanAnomaly) / (1 - eccentricity * Math.cos(e));
      e -= delta;
      if (Math.abs(delta) < 1e-13) {
        break;
      }
    }
    double y = Math.sqrt(1 - eccentricity * eccentricity) * Math.sin(e);
    return Math.atan2(y, Math.cos(e) - eccentricity);
  }

  /** A parameter overwritten in a loop: x = sin(x) + a cos(x), an int number of times. */
  @Differentiable
  @LoopDomain(lows = {-1, 0.1}, highs = {1, 0.4}, ints = {10, 25})
  static double sineMapIterates(double x, double a, int steps) {
    for (int k = 0; k < steps; k++) {
      x = Math.sin(x) + a * Math.cos(x);
    }
    return x;
  }

  // ---------------------------------------------------------------------------------------------
  // 8. Local arrays: prefix sums, products, recurrences, sorting.
  // ---------------------------------------------------------------------------------------------

  /**
   * Chebyquad (Moré, Garbow and Hillstrom 1981, problem 35): sums of shifted Chebyshev polynomials
   * from their three-term recurrence, each added into a local array, {@code sums[i] += current},
   * whose backward step leaves the element's adjoint as it is.
   */
  @Differentiable
  @LoopDomain(lo = 0, hi = 1, sizes = {1, 5, 8})
  static double chebyquad(double[] x) {
    int n = x.length;
    double[] sums = new double[n];
    for (int j = 0; j < n; j++) {
      double y = 2 * x[j] - 1;
      double previous = 1;
      double current = y;
      sums[0] += current;
      for (int i = 1; i < n; i++) {
        double next = 2 * y * current - previous;
        previous = current;
        current = next;
        sums[i] += current;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = sums[i] / n;
      if ((i + 1) % 2 == 0) {
        r += 1.0 / ((i + 1) * (i + 1) - 1);
      }
      sum += r * r;
    }
    return sum;
  }

  /**
   * Broyden banded (Moré, Garbow and Hillstrom 1981, problem 31), half-bandwidth 2 here: each
   * residual a local of its iteration, assigned before it is read and changed in an inner loop;
   * the backward sweep runs in the same pass, so it needs no tape.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {1, 2, 5, 7})
  static double broydenBanded(double[] x) {
    int n = x.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = x[i] * (2 + 5 * x[i] * x[i]) + 1;
      int last = Math.min(n - 1, i + 1);
      for (int j = Math.max(0, i - 2); j <= last; j++) {
        if (j != i) {
          r -= x[j] * (1 + x[j]);
        }
      }
      sum += r * r;
    }
    return sum;
  }

  /**
   * Softplus written inline: the backward step of the {@code ?:} keeps a temporary in one branch
   * each ({@code Math.exp}), which no other statement of the iteration reads, so the loop is fused.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {1, 5})
  static double inlineSoftplusSum(double[] z) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double t = 0;
      t += 2 * z[i];
      double s = t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
      sum += s;
    }
    return sum;
  }

  /**
   * A value one branch assigns and a later statement reads: where the branch does not run, the
   * iteration reads what an earlier one left.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {1, 6})
  static double branchValueReadLater(double[] z) {
    double sum = 0;
    double e = 1;
    for (int i = 0; i < z.length; i++) {
      if (z[i] > 0) {
        e = Math.exp(-z[i]);
      }
      sum += e * z[i];
    }
    return sum;
  }

  /**
   * A local of the iteration that is read after the loop: its last value must survive, so the
   * loops are not fused (the value read is the last iteration's).
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {1, 4})
  static double residualReadAfterLoop(double[] x) {
    double sum = 0;
    double r = 0.5;
    for (int i = 0; i < x.length; i++) {
      r = Math.sin(x[i]) + 1;
      sum += r * r;
    }
    return sum * r;
  }

  /**
   * Sums that decay and mix: {@code acc[i] = 0.5 * acc[i] + acc[k] * x[j] + ...}, where {@code k =
   * 2i mod n} is sometimes {@code i} itself, so that the element's own adjoint is stored over
   * before the other element's is added to it, and the two may be one.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {1, 3, 4, 6})
  static double mixingSums(double[] x) {
    int n = x.length;
    double[] acc = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        int k = (2 * i) % n;
        acc[i] = 0.5 * acc[i] + acc[k] * x[j] + Math.sin(x[i] * x[j]);
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += acc[i] * acc[i];
    }
    return sum;
  }

  /**
   * Energy of a random walk in a periodic potential: positions are the prefix sums of the steps,
   * kept in a local array, then a function of them.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {6, 10})
  static double randomWalkEnergy(double[] steps) {
    double[] positions = new double[steps.length];
    positions[0] = steps[0];
    for (int i = 1; i < steps.length; i++) {
      positions[i] = positions[i - 1] + steps[i];
    }
    double energy = 0;
    for (int i = 0; i < steps.length; i++) {
      energy += 0.5 * steps[i] * steps[i] - Math.cos(positions[i]);
    }
    return energy;
  }

  /**
   * Value of an account under varying growth factors: cumulative products in a local array, then
   * their sum.
   */
  @Differentiable
  @LoopDomain(lo = 0.5, hi = 1.5, sizes = {6, 10})
  static double cumulativeProductSum(double[] factors) {
    double[] products = new double[factors.length];
    products[0] = factors[0];
    for (int i = 1; i < factors.length; i++) {
      products[i] = products[i - 1] * factors[i];
    }
    double sum = 0;
    for (double p : products) {
      sum += p;
    }
    return sum;
  }

  /**
   * Discrete-time survival log-likelihood: hazards from a helper (sigmoid) called in a loop, the
   * survival curve as a cumulative product in a local array, and an enhanced for over int[] event
   * times that index it.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 1, sizes = {6, 10}, intArrayHi = 5)
  static double discreteSurvivalLogLikelihood(double[] hazardLogits, int[] eventTimes) {
    int periods = hazardLogits.length;
    double[] survival = new double[periods + 1];
    survival[0] = 1;
    for (int t = 0; t < periods; t++) {
      survival[t + 1] = survival[t] * (1 - sigmoid(hazardLogits[t]));
    }
    double logLik = 0;
    for (int time : eventTimes) {
      logLik += Math.log(survival[time] * sigmoid(hazardLogits[time]));
    }
    return logLik;
  }

  /**
   * Elements of a local copy overwritten in place after being read: a forward recurrence a[i] =
   * a[i] * a[i - 1] + sin(a[i]), then a backward sweep a[i] = a[i] - a[i + 1] a[i] / 2.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {5, 7})
  static double elementOverwriteRecurrence(double[] x) {
    int n = x.length;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = x[i];
    }
    for (int i = 1; i < n; i++) {
      a[i] = a[i] * a[i - 1] + Math.sin(a[i]);
    }
    for (int i = n - 2; i >= 0; i--) {
      a[i] = a[i] - 0.5 * a[i + 1] * a[i];
    }
    double sum = 0;
    for (double v : a) {
      sum += v;
    }
    return sum;
  }

  /**
   * Trimmed mean: insertion sort of a local copy (a while loop shifting elements, its trip count
   * decided by comparisons of differentiated values), then the mean of the middle elements.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {7}, ints = {1, 2})
  static double trimmedMean(double[] x, int trim) {
    int n = x.length;
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = x[i];
    }
    for (int i = 1; i < n; i++) {
      double key = sorted[i];
      int j = i - 1;
      while (j >= 0 && sorted[j] > key) {
        sorted[j + 1] = sorted[j];
        j--;
      }
      sorted[j + 1] = key;
    }
    double sum = 0;
    for (int i = trim; i < n - trim; i++) {
      sum += sorted[i];
    }
    return sum / (n - 2 * trim);
  }

  /**
   * Roughness of a moving average: window sums accumulated into a local array, each element then
   * overwritten by its mean; the window is an int parameter.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {8}, ints = {2, 3})
  static double movingAverageRoughness(double[] series, int window) {
    int count = series.length - window + 1;
    double[] averages = new double[count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < window; j++) {
        averages[i] += series[i + j];
      }
      averages[i] = averages[i] / window;
    }
    double roughness = 0;
    for (int i = 1; i < count; i++) {
      double d = averages[i] - averages[i - 1];
      roughness += d * d;
    }
    return roughness;
  }

  /**
   * Asymmetry of a filter and its self-convolution at the centre: mirrored indices n - 1 - i.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {6, 7})
  static double mirrorAsymmetry(double[] taps) {
    int n = taps.length;
    double asymmetry = 0;
    for (int i = 0; i < n / 2; i++) {
      double d = taps[i] - taps[n - 1 - i];
      asymmetry += d * d;
    }
    double centre = 0;
    for (int i = 0; i < n; i++) {
      centre += taps[i] * taps[n - 1 - i];
    }
    return asymmetry + Math.sin(centre);
  }

  // ---------------------------------------------------------------------------------------------
  // 9. Physics: pair potentials and discretised ODEs/PDEs.
  // ---------------------------------------------------------------------------------------------

  /**
   * Lennard-Jones energy of particles displaced from the corners of a cube (positions are 3k
   * coordinates): a pairwise double loop over particles, an inner loop over coordinates, lattice
   * cells from bit operations on the particle index.
   */
  @Differentiable
  @LoopDomain(lo = -0.1, hi = 0.1, sizes = {12, 24})
  static double lennardJonesCluster(double[] displacements) {
    int particles = displacements.length / 3;
    double energy = 0;
    for (int i = 0; i < particles; i++) {
      for (int j = i + 1; j < particles; j++) {
        double r2 = 0;
        for (int c = 0; c < 3; c++) {
          int cells = ((i >> c) & 1) - ((j >> c) & 1);
          double d =
              cells * LATTICE_SPACING + displacements[3 * i + c] - displacements[3 * j + c];
          r2 += d * d;
        }
        double inverse6 = 1 / (r2 * r2 * r2);
        energy += 4 * (inverse6 * inverse6 - inverse6);
      }
    }
    return energy;
  }

  /**
   * Elastic energy of a chain of particles (3k coordinates) with springs to the next two
   * neighbours: a pairwise double loop whose inner loop ends with {@code break}.
   */
  @Differentiable
  @LoopDomain(lows = {-1.5, 0.5, 0.5}, highs = {1.5, 2, 1}, sizes = {12, 18})
  static double springChainEnergy(double[] positions, double stiffness, double restLength) {
    int particles = positions.length / 3;
    double energy = 0;
    for (int i = 0; i < particles; i++) {
      for (int j = i + 1; j < particles; j++) {
        if (j - i > 2) {
          break;
        }
        double dx = positions[3 * j] - positions[3 * i];
        double dy = positions[3 * j + 1] - positions[3 * i + 1];
        double dz = positions[3 * j + 2] - positions[3 * i + 2];
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double stretch = length - restLength * (j - i);
        energy += 0.5 * stiffness * stretch * stretch;
      }
    }
    return energy;
  }

  /**
   * Lotka-Volterra predator-prey model by explicit Euler: a local state vector and a local rate
   * vector, both overwritten every step, with an int number of steps over a fixed horizon.
   */
  @Differentiable
  @LoopDomain(
      lows = {0.8, 0.3, 0.8, 0.3, 1, 0.5},
      highs = {1.2, 0.5, 1.2, 0.5, 2, 1.5},
      ints = {40, 100})
  static double lotkaVolterraEuler(
      double alpha,
      double beta,
      double gamma,
      double delta,
      double prey0,
      double predator0,
      int steps) {
    double dt = HORIZON / steps;
    double[] state = new double[2];
    double[] rate = new double[2];
    state[0] = prey0;
    state[1] = predator0;
    for (int k = 0; k < steps; k++) {
      rate[0] = alpha * state[0] - beta * state[0] * state[1];
      rate[1] = delta * state[0] * state[1] - gamma * state[1];
      for (int c = 0; c < 2; c++) {
        state[c] += dt * rate[c];
      }
    }
    return Math.log(state[0]) + state[1];
  }

  /**
   * A damped pendulum integrated with classical Runge-Kutta (RK4): eight stage scalars per step,
   * two state scalars overwritten with compound assignment; final energy.
   */
  @Differentiable
  @LoopDomain(lows = {-1.5, -1, 0}, highs = {1.5, 1, 0.5}, ints = {20, 60})
  static double rk4Pendulum(double theta0, double omega0, double damping, int steps) {
    double dt = TIME_STEP;
    double theta = theta0;
    double omega = omega0;
    for (int k = 0; k < steps; k++) {
      double k1t = omega;
      double k1w = -Math.sin(theta) - damping * omega;
      double k2t = omega + 0.5 * dt * k1w;
      double k2w = -Math.sin(theta + 0.5 * dt * k1t) - damping * k2t;
      double k3t = omega + 0.5 * dt * k2w;
      double k3w = -Math.sin(theta + 0.5 * dt * k2t) - damping * k3t;
      double k4t = omega + dt * k3w;
      double k4w = -Math.sin(theta + dt * k3t) - damping * k4t;
      theta += dt / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      omega += dt / 6 * (k1w + 2 * k2w + 2 * k3w + k4w);
    }
    return 0.5 * omega * omega + 1 - Math.cos(theta);
  }

  /**
   * The heat equation by explicit finite differences (FTCS) with zero boundary values: two local
   * arrays, neighbours by ternaries at the ends, the new row copied back every step.
   */
  @Differentiable
  @LoopDomain(lows = {-1, 0.1}, highs = {1, 0.4}, sizes = {8}, ints = {5, 15})
  static double heatEquation(double[] initial, double diffusivity, int steps) {
    int n = initial.length;
    double[] u = new double[n];
    double[] next = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = initial[i];
    }
    for (int k = 0; k < steps; k++) {
      for (int i = 0; i < n; i++) {
        double left = i == 0 ? 0 : u[i - 1];
        double right = i == n - 1 ? 0 : u[i + 1];
        next[i] = u[i] + diffusivity * (left - 2 * u[i] + right);
      }
      for (int i = 0; i < n; i++) {
        u[i] = next[i];
      }
    }
    double energy = 0;
    for (double v : u) {
      energy += v * v;
    }
    return energy;
  }

  // ---------------------------------------------------------------------------------------------
  // 10. Linear algebra.
  // ---------------------------------------------------------------------------------------------

  /** Dot product of two differentiated vectors. */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {5, 5, 3, 3})
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** The quadratic form x^T A x: a double loop over a differentiated matrix and vector. */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {4, 4, 4, 3, 3, 3})
  static double quadraticForm(double[][] a, double[] x) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        s += x[i] * a[i][j] * x[j];
      }
    }
    return s;
  }

  /**
   * Least squares: the residual A x - b by a matrix-vector product into a local array, then half
   * its squared norm; differentiated in x only.
   */
  @Differentiable(wrt = {"x"})
  @LoopDomain(lows = {-1, -1.5, -2}, highs = {1, 1.5, 2}, sizes = {6, 3, 3, 6}, wrt = {1})
  static double leastSquaresResidual(double[][] a, double[] x, double[] b) {
    int m = a.length;
    double[] residual = new double[m];
    for (int i = 0; i < m; i++) {
      residual[i] = -b[i];
      for (int j = 0; j < x.length; j++) {
        residual[i] += a[i][j] * x[j];
      }
    }
    double s = 0;
    for (int i = 0; i < m; i++) {
      s += residual[i] * residual[i];
    }
    return 0.5 * s;
  }

  /**
   * The Euclidean norm by the scaled sum of squares of LAPACK's dnrm2: an if/else in the loop on
   * comparisons of differentiated values, a running scale rescaling the running sum.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {5, 8})
  static double euclideanNorm(double[] x) {
    double scale = 0;
    double ssq = 1;
    for (double v : x) {
      if (v != 0) {
        double absV = Math.abs(v);
        if (scale < absV) {
          double r = scale / absV;
          ssq = 1 + ssq * r * r;
          scale = absV;
        } else {
          double r = absV / scale;
          ssq += r * r;
        }
      }
    }
    return scale * Math.sqrt(ssq);
  }

  /** The p-norm with a differentiated exponent p: pow of abs in a loop, then the 1/p power. */
  @Differentiable
  @LoopDomain(lows = {-2, 1.5}, highs = {2, 4}, sizes = {4, 6})
  static double pNorm(double[] x, double p) {
    double s = 0;
    for (double v : x) {
      s += Math.pow(Math.abs(v), p);
    }
    return Math.pow(s, 1 / p);
  }

  /**
   * log det(F F^T + I) by a Cholesky factorisation into a local lower-triangular double[][]: the
   * Gram matrix is formed on the fly, and factor entries computed earlier are read back.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {4, 3, 3, 5})
  static double choleskyLogDet(double[][] factor) {
    int n = factor.length;
    double[][] l = new double[n][n];
    double logDet = 0;
    for (int j = 0; j < n; j++) {
      for (int i = j; i < n; i++) {
        double s = i == j ? 1 : 0;
        for (int k = 0; k < factor[i].length; k++) {
          s += factor[i][k] * factor[j][k];
        }
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          l[j][j] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
      logDet += 2 * Math.log(l[j][j]);
    }
    return logDet;
  }

  /**
   * Gaussian-process log marginal likelihood with a squared-exponential kernel: the kernel matrix
   * built inside a Cholesky factorisation (local double[][]), forward substitution into a local
   * vector, differentiated in the three log hyperparameters.
   */
  @Differentiable(wrt = {"logLengthScale", "logSignalStd", "logNoiseStd"})
  @LoopDomain(
      lows = {-0.7, -0.5, -1.5, -2, -1},
      highs = {0.7, 0.5, -0.5, 2, 1},
      sizes = {6, 6, 8, 8},
      wrt = {0, 1, 2})
  static double gpLogMarginalLikelihood(
      double logLengthScale,
      double logSignalStd,
      double logNoiseStd,
      double[] inputs,
      double[] targets) {
    int n = inputs.length;
    double lengthScale = Math.exp(logLengthScale);
    double signalVariance = Math.exp(2 * logSignalStd);
    double noiseVariance = Math.exp(2 * logNoiseStd);
    double[][] chol = new double[n][n];
    double[] z = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = j; i < n; i++) {
        double d = (inputs[i] - inputs[j]) / lengthScale;
        double s = signalVariance * Math.exp(-0.5 * d * d);
        if (i == j) {
          s += noiseVariance;
        }
        for (int k = 0; k < j; k++) {
          s -= chol[i][k] * chol[j][k];
        }
        if (i == j) {
          chol[j][j] = Math.sqrt(s);
        } else {
          chol[i][j] = s / chol[j][j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double s = targets[i];
      for (int k = 0; k < i; k++) {
        s -= chol[i][k] * z[k];
      }
      z[i] = s / chol[i][i];
    }
    double fit = 0;
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      fit += z[i] * z[i];
      logDet += Math.log(chol[i][i]);
    }
    return -0.5 * fit - logDet - n * LOG_SQRT_TWO_PI;
  }

  /**
   * Power iteration on the symmetric part of a matrix for an int number of steps, then the
   * Rayleigh quotient: a local iterate normalised every step through a second local array.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {4, 4, 3, 3}, ints = {5, 12})
  static double powerIterationRayleigh(double[][] a, int iterations) {
    int n = a.length;
    double[] v = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1 / Math.sqrt(n);
    }
    for (int it = 0; it < iterations; it++) {
      double norm = 0;
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += (a[i][j] + a[j][i]) * v[j];
        }
        w[i] = s;
        norm += s * s;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        v[i] = w[i] / norm;
      }
    }
    double rayleigh = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rayleigh += v[i] * (a[i][j] + a[j][i]) * v[j];
      }
    }
    return rayleigh;
  }

  /**
   * log |det(A + 2J)| (J the exchange matrix, so pivoting is needed) by LU with partial pivoting
   * in a local double[][]: a pivot search on abs of differentiated values, row swaps through a
   * temporary, and elimination overwriting rows in place.
   */
  @Differentiable
  @LoopDomain(lo = -0.7, hi = 0.7, sizes = {4, 4, 3, 3})
  static double logAbsDeterminant(double[][] a) {
    int n = a.length;
    double[][] lu = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        lu[i][j] = a[i][j] + (i + j == n - 1 ? 2 : 0);
      }
    }
    double logAbsDet = 0;
    for (int k = 0; k < n; k++) {
      int pivot = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(lu[i][k]) > Math.abs(lu[pivot][k])) {
          pivot = i;
        }
      }
      if (pivot != k) {
        for (int j = 0; j < n; j++) {
          double tmp = lu[k][j];
          lu[k][j] = lu[pivot][j];
          lu[pivot][j] = tmp;
        }
      }
      logAbsDet += Math.log(Math.abs(lu[k][k]));
      for (int i = k + 1; i < n; i++) {
        double factor = lu[i][k] / lu[k][k];
        for (int j = k; j < n; j++) {
          lu[i][j] = lu[i][j] - factor * lu[k][j];
        }
      }
    }
    return logAbsDet;
  }

  // ---------------------------------------------------------------------------------------------
  // 11. Time series and statistics.
  // ---------------------------------------------------------------------------------------------

  /**
   * Exact Gaussian AR(1) negative log-likelihood: the stationary first term, then a loop over
   * one-step prediction errors reading series[t - 1]; the series is data.
   */
  @Differentiable(wrt = {"phi", "logSigma"})
  @LoopDomain(lows = {-0.8, -0.5, -2}, highs = {0.8, 0.5, 2}, sizes = {10, 20}, wrt = {0, 1})
  static double ar1NegLogLikelihood(double phi, double logSigma, double[] series) {
    double sigma2 = Math.exp(2 * logSigma);
    double stationary = sigma2 / (1 - phi * phi);
    double nll = 0.5 * (Math.log(2 * Math.PI * stationary) + series[0] * series[0] / stationary);
    for (int t = 1; t < series.length; t++) {
      double e = series[t] - phi * series[t - 1];
      nll += 0.5 * (Math.log(2 * Math.PI * sigma2) + e * e / sigma2);
    }
    return nll;
  }

  /**
   * Simple exponential smoothing: the level is a loop-carried scalar overwritten every step; sum
   * of squared one-step forecast errors, differentiated in alpha and in the series.
   */
  @Differentiable
  @LoopDomain(lows = {0.1, -1}, highs = {0.9, 1}, sizes = {12})
  static double exponentialSmoothingSse(double alpha, double[] series) {
    double level = series[0];
    double sse = 0;
    for (int t = 1; t < series.length; t++) {
      double error = series[t] - level;
      sse += error * error;
      level = level + alpha * error;
    }
    return sse;
  }

  /**
   * Holt's linear trend method: level and trend overwritten every step, the new level computed
   * from the old one; differentiated in the two smoothing constants.
   */
  @Differentiable(wrt = {"alpha", "beta"})
  @LoopDomain(lows = {0.2, 0.1, -1}, highs = {0.9, 0.5, 1}, sizes = {12, 16}, wrt = {0, 1})
  static double holtLinearSse(double alpha, double beta, double[] series) {
    double level = series[0];
    double trend = series[1] - series[0];
    double sse = 0;
    for (int t = 2; t < series.length; t++) {
      double forecast = level + trend;
      double error = series[t] - forecast;
      sse += error * error;
      double newLevel = forecast + alpha * error;
      trend = beta * (newLevel - level) + (1 - beta) * trend;
      level = newLevel;
    }
    return sse;
  }

  /**
   * Generalised advantage estimation (reinforcement learning): a backward loop with a running
   * scalar written into a local array, values read at t + 1; mean squared advantage.
   */
  @Differentiable
  @LoopDomain(
      lows = {-1, -1, 0.9, 0.8},
      highs = {1, 1, 0.99, 0.95},
      sizes = {8, 9, 5, 6})
  static double generalizedAdvantage(
      double[] rewards, double[] values, double gamma, double lambda) {
    int n = rewards.length;
    double[] advantages = new double[n];
    double running = 0;
    for (int t = n - 1; t >= 0; t--) {
      double delta = rewards[t] + gamma * values[t + 1] - values[t];
      running = delta + gamma * lambda * running;
      advantages[t] = running;
    }
    double loss = 0;
    for (double a : advantages) {
      loss += a * a;
    }
    return loss / n;
  }

  /** Unbiased sample variance by the two-pass algorithm, both passes enhanced for loops. */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {5, 9})
  static double sampleVariance(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return ss / (x.length - 1);
  }

  /**
   * Sample standard deviation by Welford's online algorithm: the running mean is overwritten and
   * read again in the same iteration; an int counter incremented in the loop.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {6, 10})
  static double welfordStandardDeviation(double[] x) {
    double mean = 0;
    double m2 = 0;
    int count = 0;
    for (double v : x) {
      count++;
      double delta = v - mean;
      mean += delta / count;
      m2 += delta * (v - mean);
    }
    return Math.sqrt(m2 / (count - 1));
  }

  /** Pearson correlation of two differentiated samples: means, then co-moments in one loop. */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {8, 8})
  static double pearsonCorrelation(double[] x, double[] y) {
    int n = x.length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += x[i];
      meanY += y[i];
    }
    meanX /= n;
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - meanX;
      double dy = y[i] - meanY;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /**
   * Log-cosh regression loss, written stably: a loop that overwrites nothing the reverse pass
   * needs (fresh locals each iteration, one accumulator).
   */
  @Differentiable
  @LoopDomain(lo = -3, hi = 3, sizes = {7, 7})
  static double logCoshLoss(double[] predictions, double[] targets) {
    double total = 0;
    for (int i = 0; i < predictions.length; i++) {
      double a = Math.abs(predictions[i] - targets[i]);
      total += a + Math.log1p(Math.exp(-2 * a)) - LN_2;
    }
    return total;
  }

  /**
   * Student-t negative log-likelihood of residuals (robust regression), up to a constant in the
   * degrees of freedom, which are data; an enhanced for over the differentiated residuals.
   */
  @Differentiable(wrt = {"residuals", "logScale"})
  @LoopDomain(
      lows = {-3, -0.5, 2},
      highs = {3, 0.5, 8},
      sizes = {6, 9},
      wrt = {0, 1})
  static double studentTNll(double[] residuals, double logScale, double dof) {
    double scale = Math.exp(logScale);
    double nll = 0;
    for (double r : residuals) {
      double z = r / scale;
      nll += 0.5 * (dof + 1) * Math.log1p(z * z / dof) + logScale;
    }
    return nll;
  }

  // ---------------------------------------------------------------------------------------------
  // 12. Control flow on data: early exits, searches, counters, long and boolean parameters.
  // ---------------------------------------------------------------------------------------------

  /**
   * Piecewise-exponential time-to-event log-likelihood: the loop over intervals stops with {@code
   * break} at the first event, a condition on int[] data.
   */
  @Differentiable
  @LoopDomain(lo = -1.5, hi = 0.5, sizes = {8, 8}, intArrayHi = 1)
  static double timeToEventLogLikelihood(double[] logHazards, int[] eventIndicators) {
    double logLik = 0;
    for (int t = 0; t < logHazards.length; t++) {
      double hazard = Math.exp(logHazards[t]);
      if (eventIndicators[t] == 1) {
        logLik += logHazards[t] - 0.5 * hazard;
        break;
      }
      logLik -= hazard;
    }
    return logLik;
  }

  /**
   * Linear interpolation in a table of values at the knots 0, 1, ...: a while loop searching for
   * the interval (trip count from the differentiated x), then a read at k and k + 1.
   */
  @Differentiable
  @LoopDomain(lows = {-1, 0.05}, highs = {1, 4.95}, sizes = {6, 9})
  static double interpolateTable(double[] table, double x) {
    int k = 0;
    while (k < table.length - 2 && x >= k + 1) {
      k++;
    }
    double t = x - k;
    return (1 - t) * table[k] + t * table[k + 1];
  }

  /**
   * A penalty scaled by the number of coordinates above a threshold: the first loop only counts
   * (it writes no double at all), the second accumulates; differentiated in x only.
   */
  @Differentiable(wrt = {"x"})
  @LoopDomain(lows = {-2, 0.5}, highs = {2, 1.5}, sizes = {6}, wrt = {0})
  static double exceedancePenalty(double[] x, double threshold) {
    int above = 0;
    for (double v : x) {
      if (v > threshold) {
        above++;
      }
    }
    double sumSquares = 0;
    for (double v : x) {
      sumSquares += v * v;
    }
    return (1 + above) * Math.sqrt(1 + sumSquares);
  }

  /**
   * Random Fourier features of w with frequencies and phases from a linear congruential generator
   * seeded by a long: long arithmetic and an unsigned shift make data doubles inside the loops.
   */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {3}, longs = {42L, 7L}, ints = {16, 8})
  static double randomFourierFeatures(double[] w, long seed, int features) {
    long state = seed;
    double total = 0;
    for (int k = 0; k < features; k++) {
      double projection = 0;
      for (int j = 0; j < w.length; j++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        double u = (state >>> 11) / 9007199254740992.0;
        projection += (2 * u - 1) * w[j];
      }
      state = state * 6364136223846793005L + 1442695040888963407L;
      double phase = 2 * Math.PI * ((state >>> 11) / 9007199254740992.0);
      total += Math.cos(projection + phase);
    }
    return total * Math.sqrt(2.0 / features);
  }

  /**
   * The third central moment, standardised (skewness) or not according to a boolean parameter:
   * loops first, then returns on either branch.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {7}, booleans = {true, false})
  static double thirdMoment(double[] x, boolean standardize) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double m2 = 0;
    double m3 = 0;
    for (double v : x) {
      double d = v - mean;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= n;
    m3 /= n;
    if (standardize) {
      return m3 / Math.pow(m2, 1.5);
    }
    return m3;
  }

  /**
   * Discounted remaining time of arrivals before a horizon: arrival times accumulate from the
   * differentiated log gaps, and the loop stops with {@code break} once one passes the horizon,
   * so the trip count depends on the data.
   */
  @Differentiable
  @LoopDomain(lows = {-1, 2}, highs = {0, 4}, sizes = {8})
  static double arrivalsBeforeHorizon(double[] logGaps, double horizon) {
    double t = 0;
    double value = 0;
    int k = 0;
    while (k < logGaps.length) {
      t += Math.exp(logGaps[k]);
      if (t >= horizon) {
        break;
      }
      double remaining = horizon - t;
      value += remaining * remaining * Math.exp(-0.1 * t);
      k++;
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // 13. Passing arrays to other @Differentiable methods (a row of a matrix, a local array, a
  //     parameter array). This needs array arguments in differentiated calls, a later step than
  //     the rest of the catalogue: move this section out if the processor does not support it yet.
  // ---------------------------------------------------------------------------------------------

  /** Logistic regression NLL calling dot(w, x[i]) on each row of the data matrix. */
  @Differentiable(wrt = {"w"})
  @LoopDomain(lows = {-1, -2, 0}, highs = {1, 2, 1}, sizes = {3, 6, 3, 6}, wrt = {0})
  static double logisticNllViaDot(double[] w, double[][] x, double[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = dot(w, x[i]);
      nll += softplus(z) - y[i] * z;
    }
    return nll;
  }

  /** Softmax cross-entropy for one example: logSumExp called on the parameter array. */
  @Differentiable
  @LoopDomain(lo = -3, hi = 3, sizes = {5}, ints = {0, 2, 4})
  static double softmaxCrossEntropy(double[] logits, int label) {
    return logSumExp(logits) - logits[label];
  }

  /** Gaussian mixture of unit-variance components, logSumExp called on a local array per point. */
  @Differentiable(wrt = {"logWeights", "means"})
  @LoopDomain(lows = {-1, -1, -1.5}, highs = {1, 1, 1.5}, sizes = {3, 3, 2, 6, 2}, wrt = {0, 1})
  static double unitGmmViaLogSumExp(double[] logWeights, double[][] means, double[][] x) {
    int k = logWeights.length;
    double[] logTerms = new double[k];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < k; c++) {
        double quad = 0;
        for (int j = 0; j < x[i].length; j++) {
          double d = x[i][j] - means[c][j];
          quad += d * d;
        }
        logTerms[c] = logWeights[c] - 0.5 * quad;
      }
      total += logSumExp(logTerms);
    }
    return total - x.length * logSumExp(logWeights);
  }

  /** Norm of a residual A x - b: euclideanNorm called on a local array. */
  @Differentiable(wrt = {"x"})
  @LoopDomain(lows = {-1, -1.5, -2}, highs = {1, 1.5, 2}, sizes = {5, 3, 3, 5}, wrt = {1})
  static double residualNormViaCall(double[][] a, double[] x, double[] b) {
    double[] residual = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      residual[i] = -b[i];
      for (int j = 0; j < x.length; j++) {
        residual[i] += a[i][j] * x[j];
      }
    }
    return euclideanNorm(residual);
  }

  /**
   * A whole matrix passed on: quadraticForm(a, x) with both differentiated, the matrix a
   * parameter, plus a trace penalty through choleskyLogDet of the same matrix.
   */
  @Differentiable
  @LoopDomain(lows = {-1, -1}, highs = {1, 1}, sizes = {3, 3, 3, 2, 2, 2})
  static double quadraticFormViaCall(double[][] a, double[] x) {
    double s = quadraticForm(a, x);
    for (int i = 0; i < a.length; i++) {
      s += 0.5 * a[i][i] * quadraticForm(a, x);
    }
    return s;
  }

  /**
   * A local matrix built from the parameters and passed whole, in a loop, to a callee that also
   * takes a vector; only the vector is differentiated in one call, the matrix data in another.
   */
  @Differentiable(wrt = {"w", "scale"})
  @LoopDomain(lows = {-1, 0.5, -1}, highs = {1, 1.5, 1}, sizes = {3, 4, 3}, wrt = {0, 1})
  static double localMatrixPassedOn(double[] w, double scale, double[][] data) {
    double[][] m = new double[w.length][w.length];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w.length; j++) {
        m[i][j] = scale * w[i] * w[j] + data[i % data.length][j];
      }
    }
    double total = 0;
    for (int t = 0; t < 3; t++) {
      total += Math.tanh(quadraticForm(m, w) * 0.1 * (t + 1));
    }
    return total + choleskyLogDetOfSquares(m);
  }

  /** A function of a whole matrix parameter (its diagonal), for callers that pass matrices on. */
  @Differentiable
  @LoopDomain(lo = -1, hi = 1, sizes = {3, 3})
  static double choleskyLogDetOfSquares(double[][] m) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      s += Math.log(1 + m[i][i] * m[i][i]);
    }
    return 2 * s;
  }

  // ---------------------------------------------------------------------------------------------
  // 14. Shapes a review found wrong once: statements copied into several branches of a loop
  //     body, a break inside a nested if, a branch that writes the element its condition reads.
  // ---------------------------------------------------------------------------------------------

  /** A continue under a nested if: the statements after it are copied into two branches. */
  @Differentiable
  @LoopDomain(lo = 0.3, hi = 1.5, sizes = {6})
  static double continueUnderNestedIf(double[] x) {
    double s = 1;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 1.0) {
        if (x[i] < 0.6) {
          continue;
        }
        s = s + 1;
      }
      s = s * x[i];
    }
    return s;
  }

  /** A break inside an if inside a branch, with an update copied into the paths that go on. */
  @Differentiable
  @LoopDomain(lo = 0.2, hi = 1.3, sizes = {3})
  static double breakInsideNestedIf(double[] x) {
    double s = x[0];
    int i = 0;
    while (i < 10) {
      if (s > 0.5) {
        s = s * 0.9;
        if (s < 0.6) {
          break;
        }
      }
      s = s + 0.1 * x[1];
      i++;
    }
    return s * x[2];
  }

  /** An if whose branches overwrite the element its condition reads. */
  @Differentiable
  @LoopDomain(lo = 0.3, hi = 2.5, ints = {3, 5})
  static double branchOnOverwrittenElement(double x, int n) {
    double[] a = new double[1];
    a[0] = x;
    for (int k = 0; k < n; k++) {
      if (a[0] > 1) {
        a[0] = a[0] * 0.5;
      } else {
        a[0] = a[0] * 1.7;
      }
    }
    return a[0] * a[0];
  }

  /** A counted loop whose int bound may be negative: no trip, forwards or backwards. */
  @Differentiable
  @LoopDomain(sizes = {4}, ints = {-3, 3, Integer.MIN_VALUE})
  static double boundMayBeNegative(double[] x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[i] * x[i];
    }
    return s + x[0];
  }

  // ---------------------------------------------------------------------------------------------
  // 15. Loops whose backward sweep runs in the same pass (LoopFusion), and one that may not.
  // ---------------------------------------------------------------------------------------------

  /** Sums whose adjoints are constants: the gradient makes one pass, accumulating into x and k. */
  @Differentiable
  @LoopDomain(lows = {-1.5, 0.2}, highs = {1.5, 2}, sizes = {6, 2})
  static double neighbourCoupling(double[] x, double k) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double d = x[i + 1] - x[i];
      sum += k * d * d + Math.cos(x[i]);
      squares += x[i] * x[i];
    }
    return sum + 0.5 * squares;
  }

  /** The adjoint of the sum depends on the sum: the backward loop must wait for the forward one. */
  @Differentiable
  @LoopDomain(lo = -1.5, hi = 1.5, sizes = {5, 1})
  static double logOfSum(double[] x) {
    double sum = 1;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * x[i] * Math.exp(0.3 * x[i]);
    }
    return Math.log(sum) * x[0];
  }

  // ---------------------------------------------------------------------------------------------
  // 16. Loops under binomial checkpointing (@Checkpointed): a tape of one iteration.
  // ---------------------------------------------------------------------------------------------

  /** The fixed-point iteration of section 7, keeping two snapshots of x instead of a tape. */
  @Differentiable
  @Checkpointed(snapshots = 2)
  @LoopDomain(lows = {0.5, -1}, highs = {1, 1}, ints = {30, 60})
  static double fixedPointCosineCheckpointed(double a, double x0, int iterations) {
    double x = x0;
    for (int k = 0; k < iterations; k++) {
      x = Math.cos(a * x);
    }
    return x;
  }

  /** Symplectic Euler for a particle in a quartic well, array state, labelled among other loops. */
  @Differentiable
  @Checkpointed(snapshots = 3, loop = "time")
  @LoopDomain(lows = {-1, 0.5}, highs = {1, 2}, sizes = {3}, ints = {1, 7, 25})
  static double quarticWell(double[] q0, double k, int steps) {
    double[] q = new double[q0.length];
    double[] p = new double[q0.length];
    for (int i = 0; i < q0.length; i++) {
      q[i] = q0[i];
    }
    time:
    for (int t = 0; t < steps; t += 1) {
      for (int i = 0; i < q.length; i++) {
        p[i] -= 0.05 * (k * q[i] + q[i] * q[i] * q[i]);
        q[i] += 0.05 * p[i];
      }
    }
    double e = 0;
    for (int i = 0; i < q.length; i++) {
      e += q[i] * q[i] * Math.exp(0.1 * p[i]);
    }
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // 17. Arrays made in each iteration of a loop: each iteration's array is what the backward
  //     sweep sees for it.
  // ---------------------------------------------------------------------------------------------

  /**
   * A multinomial logit likelihood written with a per-observation array of class scores, made in
   * the observation loop, written, then read twice (log-sum-exp, then the observed class).
   */
  @Differentiable(wrt = {"beta"})
  @LoopDomain(sizes = {6, 5, 2, 5}, intArrayHi = 2, wrt = {0})
  static double softmaxRegressionNll(double[] beta, double[][] x, int[] labels) {
    int classes = 3;
    int features = x[0].length;
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double[] score = new double[classes];
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j < features; j++) {
          score[c] += beta[c * features + j] * x[i][j];
        }
      }
      double max = score[0];
      for (int c = 1; c < score.length; c++) {
        max = Math.max(max, score[c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(score[c] - max);
      }
      nll += max + Math.log(sum) - score[labels[i]];
    }
    return nll;
  }

  /**
   * An array whose length changes from one iteration to the next (the counts say how long), with
   * elements overwritten within the iteration and read after a nested loop.
   */
  @Differentiable(wrt = {"x"})
  @LoopDomain(sizes = {4, 5, 3, 3}, intArrayLo = 1, intArrayHi = 6, wrt = {0})
  static double varyingLengthProducts(double[] x, int[] counts) {
    double total = 0;
    for (int i = 0; i < counts.length; i++) {
      double[] p = new double[counts[i]];
      p[0] = x[i % x.length];
      for (int k = 1; k < p.length; k++) {
        p[k] = Math.sin(p[k - 1]) * x[(i + k) % x.length];
      }
      for (int k = 0; k < p.length; k++) {
        p[k] = p[k] * p[k] + 0.5 * x[k % x.length];
      }
      for (double v : p) {
        total += v;
      }
    }
    return total;
  }

  /**
   * Nested loops each making an array, and a matrix made per iteration whose shape follows the
   * iteration; the inner array's last element is carried out of the loop through a scalar.
   */
  @Differentiable
  @LoopDomain(sizes = {3}, ints = {2, 4})
  static double nestedLoopArrays(double[] w, int steps) {
    double carried = 0;
    for (int t = 0; t < steps; t++) {
      double[][] m = new double[t + 1][w.length];
      for (int r = 0; r < m.length; r++) {
        double[] row = new double[w.length + r];
        for (int c = 0; c < row.length; c++) {
          row[c] = w[c % w.length] * (r + 1) + carried * 0.1;
        }
        for (int c = 0; c < m[r].length; c++) {
          m[r][c] = Math.tanh(row[c] + row[row.length - 1]);
        }
        carried = row[row.length - 1];
      }
      for (int r = 0; r < m.length; r++) {
        for (int c = 0; c < m[r].length; c++) {
          carried += m[r][c] * m[r][c];
        }
      }
    }
    return carried;
  }

  /**
   * Arrays made in a loop passed whole to a callee that reads their length: a vector whose length
   * changes from one iteration to the next (shorter than its buffer in some), and a row of a matrix
   * made in the loop, whose columns change too; the callee runs again in the backward sweep on
   * each iteration's array.
   */
  @Differentiable(wrt = {"x"})
  @LoopDomain(sizes = {4, 5}, intArrayLo = 1, intArrayHi = 6, wrt = {0})
  static double loopArraysPassedWhole(double[] x, int[] counts) {
    double total = 0;
    for (int i = 0; i < counts.length; i++) {
      double[] p = new double[counts[i]];
      for (int k = 0; k < p.length; k++) {
        p[k] = Math.sin(x[(i + k) % x.length]) * (k + 1);
      }
      double[][] m = new double[2][counts[(i + 1) % counts.length]];
      for (int k = 0; k < m[1].length; k++) {
        m[1][k] = p[k % p.length] * x[k % x.length] + 0.1 * i;
      }
      total += weightedSquares(p) + p.length * weightedSquares(m[1]) * total * 0.01;
    }
    return total;
  }

  /** The callee of {@link #loopArraysPassedWhole}: a sum weighted by position and length. */
  @Differentiable
  @LoopDomain(sizes = {4})
  static double weightedSquares(double[] v) {
    double s = 0;
    for (int k = 0; k < v.length; k++) {
      s += v[k] * v[k] * (k + 1) / v.length;
    }
    return s + Math.log1p(v[v.length - 1] * v[v.length - 1]);
  }

  // ---------------------------------------------------------------------------------------------
  // 18. switch on data: statements and expressions, arrow and colon forms.
  // ---------------------------------------------------------------------------------------------

  /**
   * A switch on an int holding a character's code, with character labels, as a parser of options
   * writes it: colon form in a loop, and an arrow switch expression on the same code.
   */
  @Differentiable
  @LoopDomain(sizes = {3}, ints = {'a', 'b', 'q', 'x'})
  static double switchOnCharacterCodes(double[] w, int code) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      switch (code + i) {
        case 'a':
        case 'c':
          s += w[i] * w[i];
          break;
        case 'b':
          s += Math.exp(w[i]);
          break;
        default:
          s -= w[i];
      }
    }
    double scale =
        switch (code) {
          case 'a', 'b' -> 2.0;
          case 'x' -> Math.cosh(w[0]);
          default -> 1.0;
        };
    return scale * s;
  }

  /** A penalty chosen per element by a colon-form switch in a loop: groups, default, continue. */
  @Differentiable
  @LoopDomain(sizes = {4}, ints = {0, 1, 2, 3, 5})
  static double switchPenalty(double[] w, int kind) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      switch ((kind + i) % 4) {
        case 0:
          s += w[i] * w[i];
          break;
        case 1:
        case 2:
          if (w[i] > 0.9) {
            continue;
          }
          s += Math.log1p(w[i] * w[i]);
          break;
        default:
          double a = Math.abs(w[i]) + 0.5;
          s += a * Math.sqrt(a);
      }
      s += 0.1 * w[i];
    }
    return s;
  }

  /** A switch expression inside arithmetic: a chain of ?: whose selector is read per case. */
  @Differentiable
  @LoopDomain(lows = {-1, 0.5}, highs = {1, 2}, ints = {0, 1, 2, 4})
  static double switchInArithmetic(double x, double y, int k) {
    return y * (switch (k % 3) {
      case 0 -> x * x;
      case 1 -> {
        yield Math.sin(x) + y;
      }
      default -> Math.exp(x) / y;
    }) + x;
  }

  /** An arrow switch expression whose arms run statements and loops, declared whole. */
  @Differentiable
  @LoopDomain(sizes = {3}, ints = {0, 1, 2, 3})
  static double switchArmsWithLoops(double[] x, int order) {
    double norm = switch (order) {
      case 0 -> {
        double m = 0;
        for (double v : x) {
          m = Math.max(m, Math.abs(v));
        }
        yield m;
      }
      case 1, 2 -> {
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
          acc += order == 1 ? Math.abs(x[i]) : x[i] * x[i];
        }
        yield order == 1 ? acc : Math.sqrt(acc + 1e-3);
      }
      default -> x[0] * x[1] + x[2];
    };
    return norm * norm + x[0];
  }

  /** A colon-form switch expression with yield, returned whole, on a selector computed once. */
  @Differentiable
  @LoopDomain(lows = {0.5}, highs = {2}, ints = {1, 2, 3, 7})
  static double switchYieldReturned(double t, int n) {
    return switch (n * 2 - 1) {
      case 1:
        yield t * t;
      case 3:
      case 5:
        double u = Math.log(t);
        yield u * u + t;
      default:
        yield Math.sqrt(t) * n;
    };
  }

  /** A switch statement in arrow form assigning a scalar, nested in another switch. */
  @Differentiable
  @LoopDomain(lows = {-1, -1}, highs = {1, 1}, ints = {0, 1, 2, 3, 1, 0, 1, 1})
  static double nestedSwitches(double a, double b, int outer, int inner) {
    double r = a;
    switch (outer) {
      case 0 -> r = a * b;
      case 1 -> {
        switch (inner) {
          case 0 -> r = Math.tanh(a + b);
          default -> r += b * b;
        }
      }
      default -> r = r - b;
    }
    r = r + switch (inner) { case 0 -> a; default -> b * a; };
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // 19. Returns from inside loops: single and nested, with break and continue around them.
  // ---------------------------------------------------------------------------------------------

  /**
   * A series summed until its terms stop counting, as special functions are written: the loop has
   * no condition, and the return inside it is its only way out.
   */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2)
  static double seriesUntilConverged(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; ; n++) {
      term *= -x * x / ((2 * n) * (2 * n + 1));
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum) || n > 40) {
        return sum;
      }
    }
  }

  /** Kepler's equation solved by Newton until its step is tiny: a return from {@code while (true)}. */
  @Differentiable
  @LoopDomain(lows = {0.1, 0.5}, highs = {0.6, 2.5})
  static double keplerUntilConverged(double e, double m) {
    double anomaly = m;
    int steps = 0;
    while (true) {
      double step = (anomaly - e * Math.sin(anomaly) - m) / (1 - e * Math.cos(anomaly));
      anomaly -= step;
      steps++;
      if (Math.abs(step) < 1e-14 || steps == 50) {
        return anomaly + 0.1 * e * steps;
      }
    }
  }

  /**
   * {@code do ... while (true)} around an enhanced for, left by a return from the inner loop; a
   * {@code break} of a switch inside it leaves the switch, not the endless loop.
   */
  @Differentiable
  @LoopDomain(lo = 0.2, hi = 1, sizes = {3})
  static double doUntilAboveFour(double[] w) {
    double s = 0.1;
    int round = 0;
    do {
      for (double v : w) {
        s += v * v * s;
        if (s > 4) {
          return Math.log(s) + round;
        }
      }
      switch (round % 2) {
        case 0:
          s *= 1.01;
          break;
        default:
          s += 0.01 * w[0];
      }
      round++;
    } while (true);
  }

  /** The first partial sum above a threshold, or the whole sum: a return from a single loop. */
  @Differentiable
  @LoopDomain(lows = {-1, 0}, highs = {1, 1.5}, sizes = {5})
  static double firstSumAbove(double[] x, double threshold) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < -0.8) {
        continue;
      }
      s += x[i] * x[i];
      if (s > threshold) {
        return s * threshold + i;
      }
    }
    return Math.sin(s);
  }

  /** A search over pairs that returns from the inner loop, breaking and continuing around it. */
  @Differentiable
  @LoopDomain(lows = {-1, 0.2}, highs = {1, 0.6}, sizes = {4})
  static double firstClosePair(double[] x, double eps) {
    double far = 0;
    for (int i = 0; i < x.length; i++) {
      int j = i + 1;
      while (j < x.length) {
        double d = x[i] - x[j];
        if (d * d < eps * eps) {
          return d * far + eps;
        }
        if (d > 1.5) {
          break;
        }
        j++;
      }
      if (x[i] > 0.9) {
        continue;
      }
      far += Math.exp(x[i]);
      if (far > 6) {
        return far * eps;
      }
    }
    return far;
  }

  /** Newton's method for the cube root, returning as soon as it converges; a switch picks the start. */
  @Differentiable
  @LoopDomain(lows = {0.5}, highs = {3}, ints = {0, 1, 2})
  static double cubeRoot(double a, int start) {
    double y = switch (start) {
      case 0 -> 1.0;
      case 1 -> a;
      default -> 0.5 * (1 + a);
    };
    int k = 0;
    do {
      double next = y - (y * y * y - a) / (3 * y * y);
      if (Math.abs(next - y) < 1e-13) {
        return next;
      }
      y = next;
      k++;
    } while (k < 60);
    return y;
  }

  // ---------------------------------------------------------------------------------------------
  // 20. Guard clauses that throw (never, in the domain), and asserts.
  // ---------------------------------------------------------------------------------------------

  /** A Gaussian log-likelihood that checks its arguments as library code does. */
  @Differentiable(wrt = {"mean", "logSigma"})
  @LoopDomain(lows = {-1, -1, -0.5}, highs = {1, 1, 0.5}, sizes = {4}, wrt = {1, 2})
  static double guardedLogLikelihood(double[] data, double mean, double logSigma) {
    if (data.length == 0) {
      throw new IllegalArgumentException("no data");
    }
    if (logSigma > 20) {
      throw new IllegalArgumentException("logSigma too large: " + logSigma + " (at most " + 20 + ")");
    }
    double sigma = Math.exp(logSigma);
    double s = 0;
    for (int i = 0; i < data.length; i++) {
      double z = (data[i] - mean) / sigma;
      if (Double.isNaN(z)) {
        throw new ArithmeticException("z is NaN at " + i + ": " + (data[i] + mean));
      }
      s += -0.5 * z * z - logSigma;
    }
    return s - data.length * LOG_SQRT_TWO_PI;
  }

  /** A softmax cross-entropy with asserts on its arguments and on its partial results. */
  @Differentiable(wrt = {"z"})
  @LoopDomain(sizes = {3}, ints = {0, 2, 1})
  static double assertedCrossEntropy(double[] z, int label) {
    assert label >= 0 && label < z.length : "label " + label + " out of range";
    double max = z[0];
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double e = Math.exp(z[i] - max);
      assert e > 0 && e <= 1 : e;
      sum += e;
    }
    assert sum >= 1 : "sum " + sum + " below 1";
    return Math.log(sum) + max - z[label];
  }
}
