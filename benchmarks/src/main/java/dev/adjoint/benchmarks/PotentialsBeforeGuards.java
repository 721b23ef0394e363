package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Checks;
import java.util.Arrays;

/**
 * The gradient and Hessian-vector product of {@link Potentials#clusterEnergy} exactly as Adjoint
 * generated them before partials that may be infinite were multiplied with {@code Chain.times}
 * (main at 2e4e79f, copied from its output unchanged): the baseline of {@link GuardCost}.
 */
final class PotentialsBeforeGuards {
    private PotentialsBeforeGuards() {
    }

    public static double clusterEnergyGradient(double[] x, double[] grad) {
        Checks.requireLength(grad, x.length, "grad");
        Arrays.fill(grad, 0, x.length, 0.0);
        double[] xBar = grad;
        int n = x.length / 3;
        double energy = 0.0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[3 * i] - x[3 * j];
                double dy = x[3 * i + 1] - x[3 * j + 1];
                double dz = x[3 * i + 2] - x[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double s6 = Math.pow(r2, -3.0);
                double r = Math.sqrt(r2);
                energy += 4 * (s6 * s6 - s6) + Math.exp(-r) / r;
            }
        }
        // line 32: return energy;
        double result = energy;
        // line 21: for (int i = 0; i < n; i++)
        for (int i = Math.max(n, 0) - 1; i >= 0; i--) {
            // line 22: for (int j = i + 1; j < n; j++)
            for (int j = Math.max(n, i + 1) - 1; j >= i + 1; j--) {
                // this iteration's values, computed again
                double dx = x[3 * i] - x[3 * j];
                double dy = x[3 * i + 1] - x[3 * j + 1];
                double dz = x[3 * i + 2] - x[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double s6 = Math.pow(r2, -3.0);
                double r = Math.sqrt(r2);
                // line 29: energy += 4 * (s6 * s6 - s6) + Math.exp(-r) / r;
                double t1 = Math.exp(-r) / r;
                double s6Bar = 8.0 * s6 - 4.0;
                double rBar = -t1 - t1 / r;
                // line 28: double r = Math.sqrt(r2);
                double r2Bar = 0.5 * rBar / r;
                // line 27: double s6 = Math.pow(r2, -3);
                r2Bar += s6Bar * (-3.0 == 0.0 ? 0.0 : -3.0 * Math.pow(r2, -4.0));
                // line 26: double r2 = dx * dx + dy * dy + dz * dz;
                double dxBar = 2.0 * r2Bar * dx;
                double dyBar = 2.0 * r2Bar * dy;
                double dzBar = 2.0 * r2Bar * dz;
                // line 25: double dz = x[3 * i + 2] - x[3 * j + 2];
                xBar[3 * i + 2] += dzBar;
                xBar[3 * j + 2] -= dzBar;
                // line 24: double dy = x[3 * i + 1] - x[3 * j + 1];
                xBar[3 * i + 1] += dyBar;
                xBar[3 * j + 1] -= dyBar;
                // line 23: double dx = x[3 * i] - x[3 * j];
                xBar[3 * i] += dxBar;
                xBar[3 * j] -= dxBar;
            }
        }
        return result;
    }

    public static double clusterEnergyHessianVector(double[] x, double[] v, double[] grad,
            double[] hv) {
        Checks.requireLength(v, x.length, "v");
        Checks.requireLength(grad, x.length, "grad");
        Checks.requireLength(hv, x.length, "hv");
        double[] xDot = v;
        Arrays.fill(grad, 0, x.length, 0.0);
        Arrays.fill(hv, 0, x.length, 0.0);
        double[] xBar = grad;
        double[] xBarDot = hv;
        int n = x.length / 3;
        double energy = 0.0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[3 * i] - x[3 * j];
                double dy = x[3 * i + 1] - x[3 * j + 1];
                double dz = x[3 * i + 2] - x[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double s6 = Math.pow(r2, -3.0);
                double r = Math.sqrt(r2);
                double exp = Math.exp(-r);
                double t1 = exp / r;
                energy += 4 * (s6 * s6 - s6) + t1;
            }
        }
        // line 32: return energy;
        double result = energy;
        // line 21: for (int i = 0; i < n; i++)
        for (int i = Math.max(n, 0) - 1; i >= 0; i--) {
            // line 22: for (int j = i + 1; j < n; j++)
            for (int j = Math.max(n, i + 1) - 1; j >= i + 1; j--) {
                // this iteration's values, computed again
                double dx = x[3 * i] - x[3 * j];
                double dxDot = xDot[3 * i] - xDot[3 * j];
                double dy = x[3 * i + 1] - x[3 * j + 1];
                double dyDot = xDot[3 * i + 1] - xDot[3 * j + 1];
                double dz = x[3 * i + 2] - x[3 * j + 2];
                double dzDot = xDot[3 * i + 2] - xDot[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double r2Dot = 2.0 * dx * dxDot + 2.0 * dy * dyDot + 2.0 * dz * dzDot;
                double s6 = Math.pow(r2, -3.0);
                double s6Dot = (-3.0 == 0.0 ? 0.0 : -3.0 * Math.pow(r2, -4.0)) * r2Dot;
                double r = Math.sqrt(r2);
                double rDot = 0.5 / r * r2Dot;
                // line 29: energy += 4 * (s6 * s6 - s6) + Math.exp(-r) / r;
                double exp2 = Math.exp(-r);
                double t2 = exp2 / r;
                double t2Dot = (-(exp2 / r) - t2 / r) * rDot;
                double s6Bar = 8.0 * s6 - 4.0;
                double s6BarDot = 8.0 * s6Dot;
                double t3 = t2 / r;
                double rBar = -t2 - t3;
                double rBarDot = (-1.0 / r - 1.0) * t2Dot + t3 / r * rDot;
                // line 28: double r = Math.sqrt(r2);
                double r2Bar = 0.5 * rBar / r;
                double r2BarDot = 0.5 / r * rBarDot - r2Bar / r * rDot;
                // line 27: double s6 = Math.pow(r2, -3);
                double pow = Math.pow(r2, -4.0);
                double t4 = -3.0 * pow;
                double t5 = -3.0 == 0.0 ? 0.0 : t4;
                r2BarDot += t5 * s6BarDot + (-3.0 == 0.0 ? 0.0 : -3.0 * s6Bar * (-4.0 == 0.0 ? 0.0 : -4.0 * Math.pow(r2, -5.0))) * r2Dot;
                r2Bar += s6Bar * t5;
                // line 26: double r2 = dx * dx + dy * dy + dz * dz;
                double dxBar = 2.0 * r2Bar * dx;
                double dxBarDot = 2.0 * dx * r2BarDot + 2.0 * r2Bar * dxDot;
                double dyBar = 2.0 * r2Bar * dy;
                double dyBarDot = 2.0 * dy * r2BarDot + 2.0 * r2Bar * dyDot;
                double dzBar = 2.0 * r2Bar * dz;
                double dzBarDot = 2.0 * dz * r2BarDot + 2.0 * r2Bar * dzDot;
                // line 25: double dz = x[3 * i + 2] - x[3 * j + 2];
                xBarDot[3 * i + 2] += dzBarDot;
                xBar[3 * i + 2] += dzBar;
                xBarDot[3 * j + 2] -= dzBarDot;
                xBar[3 * j + 2] -= dzBar;
                // line 24: double dy = x[3 * i + 1] - x[3 * j + 1];
                xBarDot[3 * i + 1] += dyBarDot;
                xBar[3 * i + 1] += dyBar;
                xBarDot[3 * j + 1] -= dyBarDot;
                xBar[3 * j + 1] -= dyBar;
                // line 23: double dx = x[3 * i] - x[3 * j];
                xBarDot[3 * i] += dxBarDot;
                xBar[3 * i] += dxBar;
                xBarDot[3 * j] -= dxBarDot;
                xBar[3 * j] -= dxBar;
            }
        }
        return result;
    }
}
