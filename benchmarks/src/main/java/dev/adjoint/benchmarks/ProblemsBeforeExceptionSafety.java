package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Checks;
import dev.adjoint.runtime.Shapes;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.util.Arrays;

/**
 * Gradients (and Kepler's Hessian-vector product) of {@link Problems} exactly as Adjoint generated
 * them before generated methods ran their body in try/finally: the processor at a9499d1 (the parent
 * of 2b4f754), run on today's {@code Problems.java}, its output copied unchanged but for the Javadoc
 * and {@code @WithRespectTo} annotations left out. Kept only as the baseline of
 * {@link ExceptionSafetyCostInterleaved} and {@link ExceptionSafetyCost}: a call that throws leaks
 * tape and workspace, so nothing else should call it.
 *
 * <p>It compiles against today's runtime as it is: the calls it makes ({@code Tape.get},
 * {@code Workspace.mark}, {@code doubles}, {@code zerosLike}, {@code release}, {@code Shapes},
 * {@code Checks}) have not changed since a9499d1, where releasing a mark began to put the tape back
 * too. Against today's generated code the only differences are the {@code try}/{@code finally}
 * itself and, in the methods that record on the tape without taking workspace arrays (Kepler), the
 * {@code Workspace.mark()} that the {@code finally} releases. The
 * Rosenbrock gradient takes neither and is the same text as today's: it is here as a control, to
 * show what ratio two identical methods get on this machine.
 */
final class ProblemsBeforeExceptionSafety {
    private ProblemsBeforeExceptionSafety() {
    }

    public static double extendedRosenbrockGradient(double[] x, double[] grad) {
        Checks.requireLength(grad, x.length, "grad");
        Arrays.fill(grad, 0, x.length, 0.0);
        double[] xBar = grad;
        double sum = 0.0;
        for (int i = 0; i + 1 < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
            // backward, in the same pass: line 16: sum += 100 * a * a + b * b;
            double aBar = 200.0 * a;
            double bBar = 2.0 * b;
            // line 15: double b = 1 - x[i];
            xBar[i] += -2.0 * aBar * x[i] - bBar;
            // line 14: double a = x[i + 1] - x[i] * x[i];
            xBar[i + 1] += aBar;
        }
        // line 18: return sum;
        double result = sum;
        return result;
    }

    public static double gmmObjectiveGradient(double[] alpha, double[][] mu, double[][] q,
            double[][] x, double gamma, int m, double[] grad) {
        Checks.requireLength(grad, alpha.length + Shapes.size(mu) + Shapes.size(q), "grad");
        // this call's arrays come from the thread's workspace, zeroed, and go back before it returns
        int workspace = Workspace.mark();
        int muSize = Shapes.size(mu);
        Tape tape = Tape.get();
        Arrays.fill(grad, 0, alpha.length, 0.0);
        double[][] muBar = Workspace.zerosLike(mu);
        double[][] qBar = Workspace.zerosLike(q);
        double[] alphaBar = grad;
        int k = alpha.length;
        int d = mu[0].length;
        double[][] inverseStd = Workspace.doubles(k, d);
        double[][] inverseStdBar = Workspace.doubles(k, d);
        double[] sumQ = Workspace.doubles(k);
        double[] sumQBar = Workspace.doubles(k);
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                tape.push(inverseStd[c][j]);
                inverseStd[c][j] = Math.exp(q[c][j]);
                sumQ[c] = sumQ[c] + q[c][j];
            }
        }
        double[] logDensity = Workspace.doubles(k);
        double[] logDensityBar = Workspace.doubles(k);
        double total = 0.0;
        double max = 0.0;
        double sum = 0.0;
        for (int i = 0; i < x.length; i++) {
            tape.push(max);
            max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double squares = 0.0;
                for (int j = 0; j < d; j++) {
                    double scaled = inverseStd[c][j] * (x[i][j] - mu[c][j]);
                    squares += scaled * scaled;
                }
                tape.push(logDensity[c]);
                logDensity[c] = alpha[c] + sumQ[c] - 0.5 * squares;
                tape.push(max);
                max = Math.max(max, logDensity[c]);
            }
            tape.push(sum);
            sum = 0.0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logDensity[c] - max);
            }
            total -= max + Math.log(sum);
        }
        double alphaMax = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            tape.push(alphaMax);
            alphaMax = Math.max(alphaMax, alpha[c]);
        }
        double alphaSum = 0.0;
        for (int c = 0; c < k; c++) {
            alphaSum += Math.exp(alpha[c] - alphaMax);
        }
        total += x.length * (alphaMax + Math.log(alphaSum));
        double prior = 0.0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                prior += 0.5 * gamma * gamma * Math.exp(2 * q[c][j]) - m * q[c][j];
            }
        }
        // line 91: return total + prior;
        double result = total + prior;
        // line 86: for (int c = 0; c < k; c++)
        for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
            // line 87: for (int j = 0; j < d; j++)
            for (int j = Math.max(d, 0) - 1; j >= 0; j--) {
                // line 88: prior += 0.5 * gamma * gamma * Math.exp(2 * q[c][j]) - m * q[c][j];
                qBar[c][j] += gamma * gamma * Math.exp(2.0 * q[c][j]) - m;
            }
        }
        // line 84: total += x.length * (alphaMax + Math.log(alphaSum));
        double alphaMaxBar = x.length;
        double alphaSumBar = x.length / alphaSum;
        // line 81: for (int c = 0; c < k; c++)
        for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
            // line 82: alphaSum += Math.exp(alpha[c] - alphaMax);
            double exp = Math.exp(alpha[c] - alphaMax);
            alphaBar[c] += alphaSumBar * exp;
            alphaMaxBar -= alphaSumBar * exp;
        }
        // line 77: for (int c = 0; c < k; c++)
        for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
            // line 78: alphaMax = Math.max(alphaMax, alpha[c]);
            alphaMax = tape.popDouble();
            alphaBar[c] += alphaMax >= alpha[c] ? 0.0 : alphaMaxBar;
            alphaMaxBar = alphaMax >= alpha[c] ? alphaMaxBar : 0.0;
        }
        // line 59: for (int i = 0; i < x.length; i++)
        for (int i = x.length - 1; i >= 0; i--) {
            // line 74: total -= max + Math.log(sum);
            double maxBar = -1.0;
            double sumBar = -(1.0 / sum);
            // line 71: for (int c = 0; c < k; c++)
            for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
                // line 72: sum += Math.exp(logDensity[c] - max);
                double exp2 = Math.exp(logDensity[c] - max);
                logDensityBar[c] += sumBar * exp2;
                maxBar -= sumBar * exp2;
            }
            // line 70: double sum = 0;
            sum = tape.popDouble();
            // line 61: for (int c = 0; c < k; c++)
            for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
                // line 68: max = Math.max(max, logDensity[c]);
                max = tape.popDouble();
                logDensityBar[c] += max >= logDensity[c] ? 0.0 : maxBar;
                maxBar = max >= logDensity[c] ? maxBar : 0.0;
                // line 67: logDensity[c] = alpha[c] + sumQ[c] - 0.5 * squares;
                double logDensityBarElement = logDensityBar[c];
                logDensityBar[c] = 0.0;
                alphaBar[c] += logDensityBarElement;
                sumQBar[c] += logDensityBarElement;
                double squaresBar = -0.5 * logDensityBarElement;
                logDensity[c] = tape.popDouble();
                // line 63: for (int j = 0; j < d; j++)
                for (int j = Math.max(d, 0) - 1; j >= 0; j--) {
                    // this iteration's values, computed again
                    double scaled = inverseStd[c][j] * (x[i][j] - mu[c][j]);
                    // line 65: squares += scaled * scaled;
                    double scaledBar = 2.0 * squaresBar * scaled;
                    // line 64: double scaled = inverseStd[c][j] * (x[i][j] - mu[c][j]);
                    inverseStdBar[c][j] += scaledBar * (x[i][j] - mu[c][j]);
                    muBar[c][j] -= scaledBar * inverseStd[c][j];
                }
            }
            // line 60: double max = Double.NEGATIVE_INFINITY;
            max = tape.popDouble();
        }
        // line 51: for (int c = 0; c < k; c++)
        for (int c = Math.max(k, 0) - 1; c >= 0; c--) {
            // line 52: for (int j = 0; j < d; j++)
            for (int j = Math.max(d, 0) - 1; j >= 0; j--) {
                // line 54: sumQ[c] += q[c][j];
                double sumQBarElement = sumQBar[c];
                sumQBar[c] = 0.0;
                sumQBar[c] += sumQBarElement;
                qBar[c][j] += sumQBarElement;
                // line 53: inverseStd[c][j] = Math.exp(q[c][j]);
                double inverseStdBarElement = inverseStdBar[c][j];
                inverseStdBar[c][j] = 0.0;
                qBar[c][j] += inverseStdBarElement * inverseStd[c][j];
                inverseStd[c][j] = tape.popDouble();
            }
        }
        // line 46: int k = alpha.length;
        Shapes.flatten(muBar, grad, alpha.length);
        Shapes.flatten(qBar, grad, alpha.length + muSize);
        Workspace.release(workspace);
        return result;
    }

    public static double mlpLossGradient(double[][] w1, double[] b1, double[] w2, double b2,
            double[][] x, double[] y, double[] grad) {
        Checks.requireLength(grad, Shapes.size(w1) + b1.length + w2.length + 1, "grad");
        // this call's arrays come from the thread's workspace, zeroed, and go back before it returns
        int workspace = Workspace.mark();
        int w1Size = Shapes.size(w1);
        Tape tape = Tape.get();
        double[][] w1Bar = Workspace.zerosLike(w1);
        Arrays.fill(grad, w1Size, w1Size + b1.length, 0.0);
        Arrays.fill(grad, w1Size + b1.length, w1Size + b1.length + w2.length, 0.0);
        double[] hidden = Workspace.doubles(b1.length);
        double[] hiddenBar = Workspace.doubles(b1.length);
        double loss = 0.0;
        double out = 0.0;
        for (int i = 0; i < x.length; i++) {
            tape.push(out);
            out = b2;
            for (int h = 0; h < b1.length; h++) {
                double z = b1[h];
                for (int j = 0; j < x[i].length; j++) {
                    z += w1[h][j] * x[i][j];
                }
                tape.push(hidden[h]);
                hidden[h] = Math.tanh(z);
                out += w2[h] * hidden[h];
            }
            double error = out - y[i];
            loss += error * error;
        }
        // line 117: return loss / x.length;
        double result = loss / x.length;
        double lossBar = 1.0 / x.length;
        // line 104: for (int i = 0; i < x.length; i++)
        double b2Bar = 0.0;
        for (int i = x.length - 1; i >= 0; i--) {
            // this iteration's values, computed again
            double error = out - y[i];
            // line 115: loss += error * error;
            double errorBar = 2.0 * lossBar * error;
            // line 114: double error = out - y[i];
            double outBar = errorBar;
            // line 106: for (int h = 0; h < b1.length; h++)
            for (int h = b1.length - 1; h >= 0; h--) {
                // line 112: out += w2[h] * hidden[h];
                grad[w1Size + b1.length + h] += outBar * hidden[h];
                hiddenBar[h] += outBar * w2[h];
                // line 111: hidden[h] = Math.tanh(z);
                double hiddenBarElement = hiddenBar[h];
                hiddenBar[h] = 0.0;
                double zBar = hiddenBarElement * (1.0 - hidden[h] * hidden[h]);
                hidden[h] = tape.popDouble();
                // line 108: for (int j = 0; j < x[i].length; j++)
                for (int j = x[i].length - 1; j >= 0; j--) {
                    // line 109: z += w1[h][j] * x[i][j];
                    w1Bar[h][j] += zBar * x[i][j];
                }
                // line 107: double z = b1[h];
                grad[w1Size + h] += zBar;
            }
            // line 105: double out = b2;
            b2Bar += outBar;
            out = tape.popDouble();
        }
        // the gradient: the adjoints of the parameters
        Shapes.flatten(w1Bar, grad, 0);
        grad[w1Size + b1.length + w2.length] = b2Bar;
        Workspace.release(workspace);
        return result;
    }

    public static double keplerFitGradient(double e, double a, double[] meanAnomaly,
            double[] observed, double[] grad) {
        Checks.requireLength(grad, 2, "grad");
        Tape tape = Tape.get();
        double loss = 0.0;
        double anomaly = 0.0;
        double step = 0.0;
        int iterations = 0;
        for (int i = 0; i < meanAnomaly.length; i++) {
            tape.push(anomaly);
            anomaly = meanAnomaly[i];
            tape.push(step);
            step = 1.0;
            iterations = 0;
            while (Math.abs(step) > 1.0E-12) {
                iterations++;
                tape.push(step);
                step = (anomaly - e * Math.sin(anomaly) - meanAnomaly[i]) / (1 - e * Math.cos(anomaly));
                tape.push(anomaly);
                anomaly -= step;
            }
            tape.push(iterations);
            double r = a * (Math.cos(anomaly) - e) - observed[i];
            loss += r * r;
        }
        // line 139: return loss;
        double result = loss;
        // line 129: for (int i = 0; i < meanAnomaly.length; i++)
        double aBar = 0.0;
        double eBar = 0.0;
        for (int i = meanAnomaly.length - 1; i >= 0; i--) {
            // this iteration's values, computed again
            double cosAnomaly = Math.cos(anomaly);
            double t1 = cosAnomaly - e;
            double r = a * t1 - observed[i];
            // line 137: loss += r * r;
            double rBar = 2.0 * r;
            // line 136: double r = a * (Math.cos(anomaly) - e) - observed[i];
            aBar += rBar * t1;
            double anomalyBar = -(rBar * a * Math.sin(anomaly));
            eBar -= rBar * a;
            // line 132: while (Math.abs(step) > 1e-12)
            iterations = tape.popInt();
            for (int iteration = iterations; iteration > 0; iteration--) {
                // line 134: anomaly -= step;
                anomaly = tape.popDouble();
                double stepBar = -anomalyBar;
                // line 133: step = (anomaly - e * Math.sin(anomaly) - meanAnomaly[i]) / (1 - e * Math.cos(anomaly));
                double cosAnomaly2 = Math.cos(anomaly);
                double t2 = 1.0 - e * cosAnomaly2;
                double t3 = step / t2;
                double sinAnomaly = Math.sin(anomaly);
                anomalyBar += stepBar * (1.0 / t2 - e / t2 * cosAnomaly2 - t3 * e * sinAnomaly);
                eBar += stepBar * (t3 * cosAnomaly2 - sinAnomaly / t2);
                step = tape.popDouble();
            }
            // line 131: double step = 1;
            step = tape.popDouble();
            // line 130: double anomaly = meanAnomaly[i];
            anomaly = tape.popDouble();
        }
        // the gradient: the adjoints of the parameters
        grad[0] = eBar;
        grad[1] = aBar;
        return result;
    }

    public static double keplerFitHessianVector(double e, double a, double[] meanAnomaly,
            double[] observed, double[] v, double[] grad, double[] hv) {
        Checks.requireLength(v, 2, "v");
        Checks.requireLength(grad, 2, "grad");
        Checks.requireLength(hv, 2, "hv");
        double eDot = v[0];
        double aDot = v[1];
        Tape tape = Tape.get();
        double loss = 0.0;
        double anomaly = 0.0;
        double anomalyDot = 0.0;
        double step = 0.0;
        double stepDot = 0.0;
        int iterations = 0;
        for (int i = 0; i < meanAnomaly.length; i++) {
            tape.push(anomaly);
            tape.push(anomalyDot);
            anomaly = meanAnomaly[i];
            anomalyDot = 0.0;
            tape.push(step);
            tape.push(stepDot);
            step = 1.0;
            stepDot = 0.0;
            iterations = 0;
            while (Math.abs(step) > 1.0E-12) {
                iterations++;
                tape.push(step);
                tape.push(stepDot);
                double cosAnomaly = Math.cos(anomaly);
                double t1 = e * cosAnomaly;
                double t2 = 1 - t1;
                double sinAnomaly = Math.sin(anomaly);
                step = (anomaly - e * sinAnomaly - meanAnomaly[i]) / t2;
                double t3 = step / t2;
                stepDot = (1.0 / t2 - e / t2 * cosAnomaly - t3 * e * sinAnomaly) * anomalyDot + (t3 * cosAnomaly - sinAnomaly / t2) * eDot;
                tape.push(anomaly);
                tape.push(anomalyDot);
                anomalyDot -= stepDot;
                anomaly -= step;
            }
            tape.push(iterations);
            double cosAnomaly2 = Math.cos(anomaly);
            double t4 = cosAnomaly2 - e;
            double r = a * t4 - observed[i];
            loss += r * r;
        }
        // line 139: return loss;
        double result = loss;
        // line 129: for (int i = 0; i < meanAnomaly.length; i++)
        double aBarDot = 0.0;
        double aBar = 0.0;
        double eBarDot = 0.0;
        double eBar = 0.0;
        for (int i = meanAnomaly.length - 1; i >= 0; i--) {
            // this iteration's values, computed again
            double cosAnomaly3 = Math.cos(anomaly);
            double cosAnomaly3Dot = -(Math.sin(anomaly) * anomalyDot);
            double t5 = cosAnomaly3 - e;
            double t5Dot = cosAnomaly3Dot - eDot;
            double r = a * t5 - observed[i];
            double rDot = t5 * aDot + a * t5Dot;
            // line 137: loss += r * r;
            double rBar = 2.0 * r;
            double rBarDot = 2.0 * rDot;
            // line 136: double r = a * (Math.cos(anomaly) - e) - observed[i];
            aBarDot += t5 * rBarDot + rBar * t5Dot;
            aBar += rBar * t5;
            double sinAnomaly2 = Math.sin(anomaly);
            double anomalyBar = -(rBar * a * sinAnomaly2);
            double anomalyBarDot = -(sinAnomaly2 * a * rBarDot) - sinAnomaly2 * rBar * aDot - rBar * a * Math.cos(anomaly) * anomalyDot;
            eBarDot += -(a * rBarDot) - rBar * aDot;
            eBar -= rBar * a;
            // line 132: while (Math.abs(step) > 1e-12)
            iterations = tape.popInt();
            for (int iteration = iterations; iteration > 0; iteration--) {
                // line 134: anomaly -= step;
                anomalyDot = tape.popDouble();
                anomaly = tape.popDouble();
                double stepBar = -anomalyBar;
                double stepBarDot = -anomalyBarDot;
                // line 133: step = (anomaly - e * Math.sin(anomaly) - meanAnomaly[i]) / (1 - e * Math.cos(anomaly));
                double cosAnomaly4 = Math.cos(anomaly);
                double cosAnomaly4Dot = -(Math.sin(anomaly) * anomalyDot);
                double t6 = 1.0 - e * cosAnomaly4;
                double t6Dot = -(cosAnomaly4 * eDot) - e * cosAnomaly4Dot;
                double t7 = step / t6;
                double t7Dot = stepDot / t6 - t7 / t6 * t6Dot;
                double sinAnomaly3 = Math.sin(anomaly);
                double sinAnomaly3Dot = Math.cos(anomaly) * anomalyDot;
                double t8 = 1.0 / t6;
                double t9 = e / t6;
                double t10 = t9 * cosAnomaly4;
                double t11 = t8 - t10;
                double t12 = t11 - t7 * e * sinAnomaly3;
                anomalyBarDot += t12 * stepBarDot + (stepBar * cosAnomaly4 * e / t6 / t6 - stepBar / t6 / t6) * t6Dot + (-(stepBar * cosAnomaly4 / t6) - stepBar * sinAnomaly3 * t7) * eDot - stepBar * e / t6 * cosAnomaly4Dot - stepBar * sinAnomaly3 * e * t7Dot - stepBar * t7 * e * sinAnomaly3Dot;
                anomalyBar += stepBar * t12;
                double t13 = sinAnomaly3 / t6;
                double t14 = t7 * cosAnomaly4 - t13;
                eBarDot += t14 * stepBarDot + stepBar * cosAnomaly4 * t7Dot + stepBar * t7 * cosAnomaly4Dot - stepBar / t6 * sinAnomaly3Dot + stepBar * sinAnomaly3 / t6 / t6 * t6Dot;
                eBar += stepBar * t14;
                stepDot = tape.popDouble();
                step = tape.popDouble();
            }
            // line 131: double step = 1;
            stepDot = tape.popDouble();
            step = tape.popDouble();
            // line 130: double anomaly = meanAnomaly[i];
            anomalyDot = tape.popDouble();
            anomaly = tape.popDouble();
        }
        // the gradient: the adjoints of the parameters
        hv[0] = eBarDot;
        grad[0] = eBar;
        hv[1] = aBarDot;
        grad[1] = aBar;
        return result;
    }
}
