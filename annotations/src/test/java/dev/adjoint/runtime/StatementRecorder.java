package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A small program written by hand as the statements generated code would record, run three ways:
 * recorded into an {@link EdgePushing} (keys, first and second partials), as a dense
 * forward-over-forward reference (every key carries its value, gradient and Hessian with respect
 * to the inputs, pushed through each statement by the chain rule, whatever keys it reuses or
 * overwrites), or as values only (for finite differences that check the reference itself). Each
 * statement is {@code out = φ(operands)} with φ's value, first partials and second partials given
 * by the program; the helpers below give them for the usual operations.
 */
final class StatementRecorder {
  /** A program: statements on {@code r}, returns the key of its value (-1 for a constant). */
  interface Program {
    int run(StatementRecorder r);
  }

  private static final int MAX_KEYS = 4_000;

  private final int n;
  private final EdgePushing edges;
  private final boolean dense;
  private final double[] value = new double[MAX_KEYS];
  private final double[][] gradient;
  private final double[][][] hessian;
  private int nextKey;

  private StatementRecorder(double[] x, EdgePushing edges, boolean dense) {
    this.n = x.length;
    this.edges = edges;
    this.dense = dense;
    System.arraycopy(x, 0, value, 0, n);
    gradient = dense ? new double[MAX_KEYS][] : null;
    hessian = dense ? new double[MAX_KEYS][][] : null;
    if (dense) {
      for (int i = 0; i < n; i++) {
        gradient[i] = new double[n];
        gradient[i][i] = 1.0;
        hessian[i] = new double[n][n];
      }
    }
    nextKey = n;
  }

  /** Records {@code p} at {@code x} into {@code edges} (already begun); returns the value. */
  static double record(Program p, double[] x, EdgePushing edges) {
    StatementRecorder r = new StatementRecorder(x, edges, false);
    int result = p.run(r);
    edges.returned(result);
    return r.valueOf(result);
  }

  /** The value of {@code p} at {@code x}. */
  static double value(Program p, double[] x) {
    StatementRecorder r = new StatementRecorder(x, null, false);
    return r.valueOf(p.run(r));
  }

  /** {value, gradient, Hessian rows...} of {@code p} at {@code x}, by dense forward over forward. */
  static Dense dense(Program p, double[] x) {
    StatementRecorder r = new StatementRecorder(x, null, true);
    int result = p.run(r);
    int n = x.length;
    if (result < 0) {
      return new Dense(0.0, new double[n], new double[n][n]);
    }
    return new Dense(r.value[result], r.gradient[result], r.hessian[result]);
  }

  record Dense(double value, double[] gradient, double[][] hessian) {}

  private double valueOf(int key) {
    return key < 0 ? 0.0 : value[key];
  }

  int inputs() {
    return n;
  }

  double value(int key) {
    return value[key];
  }

  int key() {
    return keys(1);
  }

  /** Keys of a new local array of {@code count} zeros. */
  int keys(int count) {
    int first = nextKey;
    nextKey += count;
    if (edges != null && edges.keys(count) != first) {
      throw new AssertionError("EdgePushing gave another key than " + first);
    }
    if (dense) {
      for (int k = first; k < nextKey; k++) {
        gradient[k] = new double[n];
        hessian[k] = new double[n][n];
        value[k] = 0.0;
      }
    }
    return first;
  }

  /**
   * {@code out = φ(ops)} where φ has value {@code v}, first partials {@code d} (one per operand)
   * and second partials {@code dd} (symmetric, one row per operand).
   */
  void statement(int out, int[] ops, double v, double[] d, double[][] dd) {
    if (edges != null) {
      edges.statement(out);
      for (int j = 0; j < ops.length; j++) {
        edges.partial(ops[j], d[j]);
      }
      for (int j = 0; j < ops.length; j++) {
        if (dd[j][j] != 0.0) {
          edges.second(ops[j], dd[j][j]);
        }
        for (int l = j + 1; l < ops.length; l++) {
          if (dd[j][l] != 0.0) {
            edges.second(ops[j], ops[l], dd[j][l]);
          }
        }
      }
    }
    if (dense) {
      double[] g = new double[n];
      double[][] h = new double[n][n];
      for (int j = 0; j < ops.length; j++) {
        double[] gj = gradient[ops[j]];
        double[][] hj = hessian[ops[j]];
        for (int a = 0; a < n; a++) {
          g[a] += d[j] * gj[a];
          for (int b = 0; b < n; b++) {
            h[a][b] += d[j] * hj[a][b];
          }
        }
        for (int l = 0; l < ops.length; l++) {
          double[] gl = gradient[ops[l]];
          if (dd[j][l] != 0.0) {
            for (int a = 0; a < n; a++) {
              for (int b = 0; b < n; b++) {
                h[a][b] += dd[j][l] * gj[a] * gl[b];
              }
            }
          }
        }
      }
      gradient[out] = g;
      hessian[out] = h;
    }
    value[out] = v;
  }

  // The usual operations, their partials by hand.

  /** out = 0 (no operand). */
  void zero(int out) {
    statement(out, new int[0], 0.0, new double[0], new double[0][0]);
  }

  /** out = a * b, two operands (their keys may be equal). */
  void times(int out, int a, int b) {
    double va = value[a];
    double vb = value[b];
    statement(out, new int[] {a, b}, va * vb, new double[] {vb, va},
        new double[][] {{0, 1}, {1, 0}});
  }

  /** out = a², one operand. */
  void square(int out, int a) {
    double va = value[a];
    statement(out, new int[] {a}, va * va, new double[] {2 * va}, new double[][] {{2}});
  }

  /** out += a * b: three operands, out's old value the first. */
  void addTimes(int out, int a, int b) {
    double va = value[a];
    double vb = value[b];
    statement(out, new int[] {out, a, b}, value[out] + va * vb, new double[] {1, vb, va},
        new double[][] {{0, 0, 0}, {0, 0, 1}, {0, 1, 0}});
  }

  /** out = a + c·b. */
  void plusScaled(int out, int a, double c, int b) {
    statement(out, new int[] {a, b}, value[a] + c * value[b], new double[] {1, c},
        new double[][] {{0, 0}, {0, 0}});
  }

  void sin(int out, int a) {
    double va = value[a];
    statement(out, new int[] {a}, Math.sin(va), new double[] {Math.cos(va)},
        new double[][] {{-Math.sin(va)}});
  }

  void exp(int out, int a) {
    double e = Math.exp(value[a]);
    statement(out, new int[] {a}, e, new double[] {e}, new double[][] {{e}});
  }

  void sqrt(int out, int a) {
    double va = value[a];
    double f = Math.sqrt(va);
    statement(out, new int[] {a}, f, new double[] {0.5 / f}, new double[][] {{-0.25 / (va * f)}});
  }

  /** out = pow(a, b), a > 0. */
  void pow(int out, int a, int b) {
    double va = value[a];
    double vb = value[b];
    double f = Math.pow(va, vb);
    double lnA = Math.log(va);
    double aToBMinus1 = Math.pow(va, vb - 1);
    statement(out, new int[] {a, b}, f, new double[] {vb * aToBMinus1, f * lnA},
        new double[][] {
          {vb * (vb - 1) * Math.pow(va, vb - 2), aToBMinus1 * (1 + vb * lnA)},
          {aToBMinus1 * (1 + vb * lnA), f * lnA * lnA}
        });
  }

  /** out = atan2(y, x). */
  void atan2(int out, int y, int x) {
    double vy = value[y];
    double vx = value[x];
    double r2 = vx * vx + vy * vy;
    double r4 = r2 * r2;
    statement(out, new int[] {y, x}, Math.atan2(vy, vx), new double[] {vx / r2, -vy / r2},
        new double[][] {
          {-2 * vx * vy / r4, (vy * vy - vx * vx) / r4},
          {(vy * vy - vx * vx) / r4, 2 * vx * vy / r4}
        });
  }

  /** out = Π ops (keys may repeat). */
  void product(int out, int... ops) {
    int k = ops.length;
    double[] d = new double[k];
    double[][] dd = new double[k][k];
    double all = 1.0;
    for (int op : ops) {
      all *= value[op];
    }
    for (int j = 0; j < k; j++) {
      d[j] = productExcept(ops, j, -1);
      for (int l = 0; l < k; l++) {
        dd[j][l] = l == j ? 0.0 : productExcept(ops, j, l);
      }
    }
    statement(out, ops.clone(), all, d, dd);
  }

  private double productExcept(int[] ops, int j, int l) {
    double p = 1.0;
    for (int m = 0; m < ops.length; m++) {
      if (m != j && m != l) {
        p *= value[ops[m]];
      }
    }
    return p;
  }

  /** out = Σ ops. */
  void sum(int out, int... ops) {
    double s = 0.0;
    double[] d = new double[ops.length];
    for (int j = 0; j < ops.length; j++) {
      s += value[ops[j]];
      d[j] = 1.0;
    }
    statement(out, ops.clone(), s, d, new double[ops.length][ops.length]);
  }

  static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = Arrays.copyOf(m[i], m[i].length);
    }
    return c;
  }
}
