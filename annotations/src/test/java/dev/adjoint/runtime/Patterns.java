package dev.adjoint.runtime;

import java.util.Random;

/** Sparsity patterns for the colouring tests, as boolean matrices and compressed sparse columns. */
final class Patterns {
  private Patterns() {}

  /** A symmetric pattern with every diagonal entry, from its off-diagonal pairs. */
  static boolean[][] symmetric(int n) {
    boolean[][] pattern = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      pattern[i][i] = true;
    }
    return pattern;
  }

  static void link(boolean[][] pattern, int i, int j) {
    pattern[i][j] = true;
    pattern[j][i] = true;
  }

  static boolean[][] band(int n, int halfWidth) {
    boolean[][] pattern = symmetric(n);
    for (int i = 0; i < n; i++) {
      for (int j = Math.max(0, i - halfWidth); j < i; j++) {
        link(pattern, i, j);
      }
    }
    return pattern;
  }

  /** The diagonal and one dense row and column, {@code hub}. */
  static boolean[][] arrowhead(int n, int hub) {
    boolean[][] pattern = symmetric(n);
    for (int i = 0; i < n; i++) {
      link(pattern, i, hub);
    }
    return pattern;
  }

  /** The five-point Laplacian of a side×side grid. */
  static boolean[][] grid(int side) {
    boolean[][] pattern = symmetric(side * side);
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        int v = r * side + c;
        if (c + 1 < side) {
          link(pattern, v, v + 1);
        }
        if (r + 1 < side) {
          link(pattern, v, v + side);
        }
      }
    }
    return pattern;
  }

  /**
   * A random symmetric pattern: each pair with probability {@code density}, and sometimes a few
   * dense rows and vertices with no neighbours.
   */
  static boolean[][] randomSymmetric(Random random, int n) {
    boolean[][] pattern = symmetric(n);
    double density = random.nextInt(4) == 0 ? random.nextDouble() : 3.0 * random.nextDouble() / n;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (random.nextDouble() < density) {
          link(pattern, i, j);
        }
      }
    }
    if (n > 0 && random.nextBoolean()) {
      for (int d = random.nextInt(3); d >= 0; d--) {
        int hub = random.nextInt(n);
        for (int i = 0; i < n; i++) {
          link(pattern, hub, i);
        }
      }
    }
    if (n > 0 && random.nextBoolean()) {
      int lonely = random.nextInt(n);
      for (int i = 0; i < n; i++) {
        pattern[lonely][i] = pattern[i][lonely] = i == lonely;
      }
    }
    return pattern;
  }

  static boolean[][] random(Random random, int rows, int columns) {
    boolean[][] pattern = new boolean[rows][columns];
    double density = random.nextInt(4) == 0 ? random.nextDouble()
        : 3.0 * random.nextDouble() / Math.max(1, Math.min(rows, columns));
    for (boolean[] row : pattern) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextDouble() < density;
      }
    }
    if (rows > 0 && random.nextInt(3) == 0) {
      java.util.Arrays.fill(pattern[random.nextInt(rows)], true);
    }
    if (columns > 0 && random.nextInt(3) == 0) {
      int column = random.nextInt(columns);
      for (boolean[] row : pattern) {
        row[column] = true;
      }
    }
    return pattern;
  }

  /** Compressed sparse columns {starts, rows}, of the lower triangle if {@code lowerOnly}. */
  static int[][] columns(boolean[][] pattern, int columns, boolean lowerOnly) {
    int rows = pattern.length;
    int[] starts = new int[columns + 1];
    int count = 0;
    for (int j = 0; j < columns; j++) {
      for (int i = lowerOnly ? j : 0; i < rows; i++) {
        if (pattern[i][j]) {
          count++;
        }
      }
      starts[j + 1] = count;
    }
    int[] rowIndices = new int[count];
    int k = 0;
    for (int j = 0; j < columns; j++) {
      for (int i = lowerOnly ? j : 0; i < rows; i++) {
        if (pattern[i][j]) {
          rowIndices[k++] = i;
        }
      }
    }
    return new int[][] {starts, rowIndices};
  }

  /** Random values on the pattern, symmetric if the pattern is, spread over orders of magnitude. */
  static double[][] values(Random random, boolean[][] pattern, int columns, boolean symmetric) {
    double[][] values = new double[pattern.length][columns];
    for (int i = 0; i < pattern.length; i++) {
      for (int j = 0; j < (symmetric ? i + 1 : columns); j++) {
        if (pattern[i][j]) {
          double value = random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
          values[i][j] = value;
          if (symmetric) {
            values[j][i] = value;
          }
        }
      }
    }
    return values;
  }

  /**
   * A times each seed (as columns): products[c] = A · seeds[c], column by column, skipping the
   * seeds' zeros (a seed has a one per column of its colour).
   */
  static double[][] times(double[][] a, double[][] seeds) {
    double[][] products = new double[seeds.length][a.length];
    for (int c = 0; c < seeds.length; c++) {
      for (int j = 0; j < seeds[c].length; j++) {
        if (seeds[c][j] != 0) {
          for (int i = 0; i < a.length; i++) {
            products[c][i] += a[i][j] * seeds[c][j];
          }
        }
      }
    }
    return products;
  }

  /** Each seed times A (as rows): products[c] = seeds[c]ᵀ · A, skipping the seeds' zeros. */
  static double[][] timesFromLeft(double[][] seeds, double[][] a, int columns) {
    double[][] products = new double[seeds.length][columns];
    for (int c = 0; c < seeds.length; c++) {
      for (int i = 0; i < a.length; i++) {
        if (seeds[c][i] != 0) {
          for (int j = 0; j < columns; j++) {
            products[c][j] += seeds[c][i] * a[i][j];
          }
        }
      }
    }
    return products;
  }

  /** The lower triangle of the five-point Laplacian of a side×side grid, without dense arrays. */
  static int[][] gridColumns(int side) {
    int n = side * side;
    int[] starts = new int[n + 1];
    int[] rows = new int[3 * n];
    int k = 0;
    for (int v = 0; v < n; v++) {
      rows[k++] = v;
      if (v % side + 1 < side) {
        rows[k++] = v + 1;
      }
      if (v + side < n) {
        rows[k++] = v + side;
      }
      starts[v + 1] = k;
    }
    return new int[][] {starts, java.util.Arrays.copyOf(rows, k)};
  }

  /** The lower triangle of a band of half-width b, without a dense matrix. */
  static int[][] bandColumns(int n, int halfWidth) {
    int[] starts = new int[n + 1];
    int[] rows = new int[n * (halfWidth + 1)];
    int k = 0;
    for (int j = 0; j < n; j++) {
      for (int i = j; i < Math.min(n, j + halfWidth + 1); i++) {
        rows[k++] = i;
      }
      starts[j + 1] = k;
    }
    return new int[][] {starts, java.util.Arrays.copyOf(rows, k)};
  }

  /** The lower triangle of an arrowhead whose dense row and column is the first (or last). */
  static int[][] arrowheadColumns(int n, boolean hubFirst) {
    int[] starts = new int[n + 1];
    int[] rows = new int[Math.max(0, 2 * n - 1)];
    int k = 0;
    for (int j = 0; j < n; j++) {
      if (hubFirst && j == 0 || !hubFirst && j == n - 1) {
        for (int i = j; i < n; i++) {
          rows[k++] = i;
        }
      } else {
        rows[k++] = j;
        if (!hubFirst) {
          rows[k++] = n - 1;
        }
      }
      starts[j + 1] = k;
    }
    return new int[][] {starts, java.util.Arrays.copyOf(rows, k)};
  }
}
