package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Lanes;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which shape of lane loop C2 makes fast: the inner loops of a lifted {@code mHessianVectors} with
 * k = 8 lanes, written several ways, against the same arithmetic done by 8 separate one-direction
 * sweeps ({@code *Eight}). The time of a shape over that of its {@code *Eight} is the ratio the
 * generated sweep can reach on a body made of it (the target is 0.35).
 *
 * <p>Measured (k = 8, n = 300, the fastest of many calls, JDK 17 and 25 alike, 2 shared cores with
 * AVX-512): backward 1.35 us today's shape, 1.32 plain offset, 1.25 blocks of 4, 0.80 constant k =
 * 8, against 0.21 for 8 products (whose loop C2 vectorises); forward 1.1 to 1.25 for every shape
 * and for 8 products (a sum, not vectorised); the elementwise body 5.9 as four loops with {@code
 * Lanes.at}, 3.4 as one loop, 3.9 as one loop reading scalar tangents back from their arrays, 4.3
 * for 8 products. README ("Dense Hessians and many directions") says what follows from it.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar org.openjdk.jmh.Main LaneShapes -f 1
 * -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LaneShapes {
  @Param({"8"})
  public int k;

  @Param({"300"})
  public int n;

  private double[] x;
  private double[] wDot;
  private double[] wBarDot;
  private double[] zDot;
  private double[] zBarDot;
  private double[][] vs;
  private double[][] hvs;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = random.nextGaussian();
    }
    wDot = new double[n * k];
    wBarDot = new double[n * k];
    for (int i = 0; i < n * k; i++) {
      wDot[i] = random.nextGaussian();
    }
    zDot = new double[k];
    zBarDot = new double[k];
    for (int l = 0; l < k; l++) {
      zBarDot[l] = random.nextGaussian();
    }
    vs = new double[k][n];
    hvs = new double[k][n];
    for (int l = 0; l < k; l++) {
      for (int j = 0; j < n; j++) {
        vs[l][j] = random.nextGaussian();
      }
    }
  }

  // ---- the logistic regression's forward loop: zDot[l] += x[j] * wDot[j * k + l] for each j

  /** Today's shape: Lanes.at per element, a runtime-k loop. */
  @Benchmark
  public double forwardAt() {
    java.util.Arrays.fill(zDot, 0, k, 0.0);
    for (int j = 0; j < n; j++) {
      double c = x[j];
      int at = Lanes.at(j, wDot, k);
      for (int l = 0; l < k; l++) {
        zDot[l] += c * wDot[at + l];
      }
    }
    return zDot[0];
  }

  /** A plain j * k offset: the bounds check is the array's own. */
  @Benchmark
  public double forwardPlain() {
    java.util.Arrays.fill(zDot, 0, k, 0.0);
    for (int j = 0; j < n; j++) {
      double c = x[j];
      int at = j * k;
      for (int l = 0; l < k; l++) {
        zDot[l] += c * wDot[at + l];
      }
    }
    return zDot[0];
  }

  /** Blocks of 4 lanes written out, then the rest one by one. */
  @Benchmark
  public double forwardBlocks4() {
    java.util.Arrays.fill(zDot, 0, k, 0.0);
    for (int j = 0; j < n; j++) {
      double c = x[j];
      int at = j * k;
      int l = 0;
      for (; l + 4 <= k; l += 4) {
        zDot[l] += c * wDot[at + l];
        zDot[l + 1] += c * wDot[at + l + 1];
        zDot[l + 2] += c * wDot[at + l + 2];
        zDot[l + 3] += c * wDot[at + l + 3];
      }
      for (; l < k; l++) {
        zDot[l] += c * wDot[at + l];
      }
    }
    return zDot[0];
  }

  /** The loops swapped: lanes outside, elements inside (a strided reduction per lane). */
  @Benchmark
  public double forwardLanesOutside() {
    for (int l = 0; l < k; l++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += x[j] * wDot[j * k + l];
      }
      zDot[l] = sum;
    }
    return zDot[0];
  }

  /** Eight one-direction sweeps of the same loop. */
  @Benchmark
  public double forwardEight() {
    double total = 0;
    for (int l = 0; l < k; l++) {
      double[] v = vs[l];
      double zd = 0;
      for (int j = 0; j < n; j++) {
        zd += x[j] * v[j];
      }
      total += zd;
    }
    return total;
  }

  // ---- the logistic regression's backward loop: wBarDot[j * k + l] += x[j] * zBarDot[l]

  @Benchmark
  public double backwardAt() {
    for (int j = n - 1; j >= 0; j--) {
      int at = Lanes.at(j, wBarDot, k);
      double c = x[j];
      for (int l = 0; l < k; l++) {
        wBarDot[at + l] += c * zBarDot[l];
      }
    }
    return wBarDot[0];
  }

  @Benchmark
  public double backwardPlain() {
    for (int j = n - 1; j >= 0; j--) {
      int at = j * k;
      double c = x[j];
      for (int l = 0; l < k; l++) {
        wBarDot[at + l] += c * zBarDot[l];
      }
    }
    return wBarDot[0];
  }

  @Benchmark
  public double backwardBlocks4() {
    for (int j = n - 1; j >= 0; j--) {
      int at = j * k;
      double c = x[j];
      int l = 0;
      for (; l + 4 <= k; l += 4) {
        wBarDot[at + l] += c * zBarDot[l];
        wBarDot[at + l + 1] += c * zBarDot[l + 1];
        wBarDot[at + l + 2] += c * zBarDot[l + 2];
        wBarDot[at + l + 3] += c * zBarDot[l + 3];
      }
      for (; l < k; l++) {
        wBarDot[at + l] += c * zBarDot[l];
      }
    }
    return wBarDot[0];
  }

  @Benchmark
  public double backwardEight() {
    for (int l = 0; l < k; l++) {
      double[] hv = hvs[l];
      double zbd = zBarDot[l];
      for (int j = n - 1; j >= 0; j--) {
        hv[j] += x[j] * zbd;
      }
    }
    return hvs[0][0];
  }


  /** Lanes in a fixed count of 8, known to the JIT: the loop over them unrolled and packed. */
  @Benchmark
  public double backwardFixed8() {
    for (int j = n - 1; j >= 0; j--) {
      int at = j * 8;
      double c = x[j];
      for (int l = 0; l < 8; l++) {
        wBarDot[at + l] += c * zBarDot[l];
      }
    }
    return wBarDot[0];
  }

  /** The same with k = 8 read from a field: does a runtime k with the same value matter. */
  @Benchmark
  public double backwardPlainHoistedLength() {
    double[] target = wBarDot;
    double[] source = zBarDot;
    int lanes = k;
    for (int j = n - 1; j >= 0; j--) {
      int at = j * lanes;
      double c = x[j];
      for (int l = 0; l < lanes; l++) {
        target[at + l] += c * source[l];
      }
    }
    return target[0];
  }

  @Benchmark
  public double forwardFixed8() {
    java.util.Arrays.fill(zDot, 0, 8, 0.0);
    for (int j = 0; j < n; j++) {
      double c = x[j];
      int at = j * 8;
      for (int l = 0; l < 8; l++) {
        zDot[l] += c * wDot[at + l];
      }
    }
    return zDot[0];
  }

  // ---- a Rosenbrock-like elementwise body: three tangent statements per element

  /** Today's shape: Lanes.at per element and statement, one loop per statement. */
  @Benchmark
  public double elementwiseAt() {
    for (int i = 0; i + 1 < n; i++) {
      double a = -400 * x[i];
      double b = 200.0;
      double t = x[i + 1] - x[i] * x[i];
      int at = Lanes.at(i, wDot, k);
      int at2 = Lanes.at(i + 1, wDot, k);
      for (int l = 0; l < k; l++) {
        zDot[l] = 2 * x[i] * wDot[at + l];
      }
      for (int l = 0; l < k; l++) {
        wBarDot[at2 + l] += b * (wDot[at2 + l] - zDot[l]);
      }
      int at3 = Lanes.at(i, wBarDot, k);
      for (int l = 0; l < k; l++) {
        wBarDot[at3 + l] += a * (wDot[at2 + l] - zDot[l]) - 400 * t * wDot[at + l];
      }
    }
    return wBarDot[0];
  }

  /** Plain offsets, the three statements in one loop over the lanes. */
  @Benchmark
  public double elementwiseOneLoop() {
    for (int i = 0; i + 1 < n; i++) {
      double a = -400 * x[i];
      double b = 200.0;
      double t = x[i + 1] - x[i] * x[i];
      double twoX = 2 * x[i];
      double c = 400 * t;
      int at = i * k;
      int at2 = at + k;
      for (int l = 0; l < k; l++) {
        double zd = twoX * wDot[at + l];
        zDot[l] = zd;
        wBarDot[at2 + l] += b * (wDot[at2 + l] - zd);
        wBarDot[at + l] += a * (wDot[at2 + l] - zd) - c * wDot[at + l];
      }
    }
    return wBarDot[0];
  }

  /** Like elementwiseOneLoop, reading zDot back from its array (no scalar replacement). */
  @Benchmark
  public double elementwiseOneLoopArrays() {
    for (int i = 0; i + 1 < n; i++) {
      double a = -400 * x[i];
      double b = 200.0;
      double t = x[i + 1] - x[i] * x[i];
      double twoX = 2 * x[i];
      double c = 400 * t;
      int at = i * k;
      int at2 = at + k;
      for (int l = 0; l < k; l++) {
        zDot[l] = twoX * wDot[at + l];
        wBarDot[at2 + l] += b * (wDot[at2 + l] - zDot[l]);
        wBarDot[at + l] += a * (wDot[at2 + l] - zDot[l]) - c * wDot[at + l];
      }
    }
    return wBarDot[0];
  }

  @Benchmark
  public double elementwiseEight() {
    for (int l = 0; l < k; l++) {
      double[] v = vs[l];
      double[] hv = hvs[l];
      for (int i = 0; i + 1 < n; i++) {
        double a = -400 * x[i];
        double b = 200.0;
        double t = x[i + 1] - x[i] * x[i];
        double zd = 2 * x[i] * v[i];
        hv[i + 1] += b * (v[i + 1] - zd);
        hv[i] += a * (v[i + 1] - zd) - 400 * t * v[i];
      }
    }
    return hvs[0][0];
  }
}
