package dev.adjoint.catalogue.modelcode;

import static dev.adjoint.catalogue.modelcode.Construct.ARRAY_IN_LOOP;
import static dev.adjoint.catalogue.modelcode.Construct.ASSERT;
import static dev.adjoint.catalogue.modelcode.Construct.BOOLEAN_ARRAY;
import static dev.adjoint.catalogue.modelcode.Construct.CONSTANT_TABLE;
import static dev.adjoint.catalogue.modelcode.Construct.GETTER;
import static dev.adjoint.catalogue.modelcode.Construct.GUARD_THROW;
import static dev.adjoint.catalogue.modelcode.Construct.HELPER_RETURNS_VECTOR;
import static dev.adjoint.catalogue.modelcode.Construct.INSTANCE_HELPER;
import static dev.adjoint.catalogue.modelcode.Construct.MATRIX_TO_HELPER;
import static dev.adjoint.catalogue.modelcode.Construct.MODEL_OBJECT;
import static dev.adjoint.catalogue.modelcode.Construct.PRIVATE_CONSTANT;
import static dev.adjoint.catalogue.modelcode.Construct.PRIVATE_FIELD;
import static dev.adjoint.catalogue.modelcode.Construct.PRIVATE_NESTED_CLASS;
import static dev.adjoint.catalogue.modelcode.Construct.PRIVATE_STATIC_HELPER;
import static dev.adjoint.catalogue.modelcode.Construct.RETURN_IN_LOOP;
import static dev.adjoint.catalogue.modelcode.Construct.SWITCH_ENUM;
import static dev.adjoint.catalogue.modelcode.Construct.SWITCH_INT;
import static dev.adjoint.catalogue.modelcode.Construct.SWITCH_STRING;
import static dev.adjoint.catalogue.modelcode.Construct.VECTOR_RESULT;

import dev.adjoint.catalogue.modelcode.ModelCase.EnumConstant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every class of the corpus with its data and two points inside its domain (chosen away from
 * branch boundaries, so that finite differences see one smooth piece). Data are drawn from seeded
 * generators; the points are written out.
 */
final class ModelCases {
  private static final Map<String, ModelCase> CASES = new TreeMap<>();

  private ModelCases() {}

  static ModelCase of(String file) {
    ModelCase c = CASES.get(file);
    if (c == null) {
      throw new AssertionError("model-code/" + file + " has no case in ModelCases: add one");
    }
    return c;
  }

  static Set<String> files() {
    return CASES.keySet();
  }

  private static void add(
      String file,
      String type,
      Object[] constructorArguments,
      List<String> methods,
      int[] wrt,
      List<Object[]> points,
      Set<Construct> constructs) {
    CASES.put(
        file, new ModelCase(file, type, constructorArguments, methods, wrt, points, constructs));
  }

  private static Object[] args(Object... a) {
    return a;
  }

  private static final int[] DEFAULT_WRT = {};

  static {
    add("NormalLikelihood.java", "modelcode.normal.NormalLikelihood",
        args(gaussian(20, 1, 1.0, 2.0)), List.of("logLikelihood"), DEFAULT_WRT,
        List.of(args(0.5, 1.7), args(1.2, 2.4)),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, GUARD_THROW));
    add("StudentTLikelihood.java", "modelcode.studentt.StudentTLikelihood",
        args(gaussian(15, 2, 0.0, 1.5)), List.of("logLikelihood"), DEFAULT_WRT,
        List.of(args(0.1, 1.3, 4.0), args(-0.2, 0.8, 9.5)),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, CONSTANT_TABLE, PRIVATE_STATIC_HELPER));
    add("PoissonGlm.java", "modelcode.poissonglm.PoissonGlm",
        args(design(12, 3, 3), counts(12, 4, 6), gaussian(12, 5, 0.0, 0.2)),
        List.of("negativeLogLikelihood"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.2, -0.3, 0.1}),
            args((Object) new double[] {-0.1, 0.25, 0.4})),
        EnumSet.of(PRIVATE_FIELD, GETTER, GUARD_THROW, PRIVATE_STATIC_HELPER));
    add("LogisticGlm.java", "modelcode.logisticglm.LogisticGlm",
        args(design(15, 3, 7), outcomes(15, 8), 0.3),
        List.of("penalizedNegativeLogLikelihood"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.2, -0.5, 0.8}),
            args((Object) new double[] {-0.4, 1.1, 0.3})),
        EnumSet.of(PRIVATE_FIELD, BOOLEAN_ARRAY, PRIVATE_STATIC_HELPER, MATRIX_TO_HELPER,
            HELPER_RETURNS_VECTOR));
    add("NegativeBinomialRegression.java", "modelcode.negbin.NegativeBinomialRegression",
        args(design(12, 2, 9), counts(12, 10, 8)), List.of("logLikelihood"), DEFAULT_WRT,
        List.of(args(new double[] {0.3, 0.2}, -0.5), args(new double[] {-0.1, 0.4}, 0.2)),
        EnumSet.of(PRIVATE_FIELD, CONSTANT_TABLE, PRIVATE_STATIC_HELPER));
    add("Garch11.java", "modelcode.garch.Garch11",
        args(gaussian(40, 11, 0.0, 0.5)), List.of("logLikelihood"), DEFAULT_WRT,
        List.of(args(0.05, 0.1, 0.8), args(0.1, 0.2, 0.6)),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, GUARD_THROW));
    add("LanczosGamma.java", "modelcode.lanczos.LanczosGamma",
        args(), List.of("logGamma"), DEFAULT_WRT,
        List.of(args(2.7), args(0.6)),
        EnumSet.of(PRIVATE_CONSTANT, CONSTANT_TABLE, GUARD_THROW));
    add("Digamma.java", "modelcode.digamma.Digamma",
        args(), List.of("digamma"), DEFAULT_WRT,
        List.of(args(0.7), args(11.3)),
        EnumSet.of(PRIVATE_CONSTANT, GUARD_THROW));
    add("ErrorFunction.java", "modelcode.erf.ErrorFunction",
        args(), List.of("erf", "erfc"), DEFAULT_WRT,
        List.of(args(0.4), args(-0.9)),
        EnumSet.of(PRIVATE_CONSTANT, PRIVATE_STATIC_HELPER));
    add("LogSumExp.java", "modelcode.logsumexp.LogSumExp",
        args(), List.of("logSumExp"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.3, -1.2, 2.0, 0.7}),
            args((Object) new double[] {5.0, 5.5, -3.0})),
        EnumSet.of(GUARD_THROW));
    add("LennardJones.java", "modelcode.lennardjones.LennardJones",
        args(1.0, 1.0, 2.5), List.of("energy"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0, 0, 0, 1.12, 0, 0, 0.56, 0.97, 0, 0.56, 0.32, 0.91}),
            args((Object) new double[] {0.05, -0.02, 0, 1.2, 0.1, 0, 0.5, 1.0, 0.1, 0.6, 0.3, 1.0})),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, INSTANCE_HELPER, GETTER, ARRAY_IN_LOOP));
    add("MorseChain.java", "modelcode.morse.MorseChain",
        args(2.0, 1.5, 1.0), List.of("energy"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0, 1.1, 2.3, 3.0}),
            args((Object) new double[] {0.2, 1.0, 2.1, 3.5})),
        EnumSet.of(PRIVATE_FIELD, MODEL_OBJECT, PRIVATE_NESTED_CLASS));
    add("SpringChain.java", "modelcode.springs.SpringChain",
        args(new double[] {1.0, 2.0, 1.5, 0.7}, 1.0, new EnumConstant("PERIODIC")),
        List.of("energy"), DEFAULT_WRT,
        List.of(args((Object) new double[] {1.1, 2.0, 3.2, 3.9}),
            args((Object) new double[] {0.9, 2.2, 2.8, 4.3})),
        EnumSet.of(PRIVATE_FIELD, SWITCH_ENUM, PRIVATE_STATIC_HELPER));
    add("ExtendedRosenbrock.java", "modelcode.rosenbrock.ExtendedRosenbrock",
        args(4), List.of("value"), DEFAULT_WRT,
        List.of(args((Object) new double[] {-1.2, 1, -1.2, 1}),
            args((Object) new double[] {0.5, 0.3, 1.1, 0.9})),
        EnumSet.of(PRIVATE_FIELD, GETTER, GUARD_THROW));
    add("PowellSingular.java", "modelcode.powell.PowellSingular",
        args(), List.of("value"), DEFAULT_WRT,
        List.of(args((Object) new double[] {3, -1, 0, 1}),
            args((Object) new double[] {0.5, 0.2, -0.4, 0.8})),
        EnumSet.of(ASSERT));
    add("Wood.java", "modelcode.wood.Wood",
        args(), List.of("value"), DEFAULT_WRT,
        List.of(args(-3.0, -1.0, -3.0, -1.0), args(0.8, 1.2, 0.5, 0.3)),
        EnumSet.of(PRIVATE_CONSTANT));
    add("Trigonometric.java", "modelcode.trigonometric.Trigonometric",
        args(), List.of("value", "residuals"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.2, 0.4, 0.1}),
            args((Object) new double[] {1.0, -0.3, 0.5})),
        EnumSet.of(HELPER_RETURNS_VECTOR, VECTOR_RESULT));
    add("BrownAlmostLinear.java", "modelcode.brown.BrownAlmostLinear",
        args(), List.of("residuals"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.5, 0.5, 0.5, 0.5}),
            args((Object) new double[] {1.2, 0.8, 0.9, 1.1})),
        EnumSet.of(VECTOR_RESULT));
    add("LotkaVolterra.java", "modelcode.lotkavolterra.LotkaVolterra",
        args(), List.of("derivatives"), new int[] {1, 2, 3, 4, 5},
        List.of(args(0.0, new double[] {10, 5}, 1.1, 0.4, 0.1, 0.4),
            args(1.0, new double[] {3, 7}, 0.9, 0.2, 0.05, 0.6)),
        EnumSet.of(VECTOR_RESULT));
    add("SirModel.java", "modelcode.sir.SirModel",
        args(0.3, 0.1, 1000.0), List.of("computeDerivatives"), DEFAULT_WRT,
        List.of(args(0.0, new double[] {990, 10, 0}), args(5.0, new double[] {700, 200, 100})),
        EnumSet.of(PRIVATE_FIELD, GETTER, GUARD_THROW, VECTOR_RESULT));
    add("VanDerPol.java", "modelcode.vanderpol.VanDerPol",
        args(1.5), List.of("derivatives"), DEFAULT_WRT,
        List.of(args(0.0, new double[] {2.0, 0.0}), args(0.3, new double[] {-0.5, 1.2})),
        EnumSet.of(VECTOR_RESULT));
    add("StandardTestFunction.java", "modelcode.testfunctions.StandardTestFunction",
        args(new EnumConstant("RASTRIGIN")), List.of("value"), DEFAULT_WRT,
        List.of(args((Object) new double[] {0.3, -1.2, 2.1}),
            args((Object) new double[] {0.9, 0.1, -0.4})),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, SWITCH_ENUM));
    add("RobustRegression.java", "modelcode.robust.RobustRegression",
        args(uniform(10, 12, 0, 5), gaussian(10, 13, 1.0, 1.0), "cauchy", 0.5),
        List.of("objective"), DEFAULT_WRT,
        List.of(args(0.3, 1.1), args(-0.2, 0.9)),
        EnumSet.of(PRIVATE_FIELD, SWITCH_STRING, GUARD_THROW));
    add("HuberLoss.java", "modelcode.huber.HuberLoss",
        args(), List.of("loss"), new int[] {1},
        List.of(args(1, 0.3, 1.0, 1.0), args(1, 3.0, 1.0, 1.0)),
        EnumSet.of(SWITCH_INT, GUARD_THROW));
    add("GammaSeries.java", "modelcode.gammaseries.GammaSeries",
        args(), List.of("logLowerIncompleteGamma"), DEFAULT_WRT,
        List.of(args(2.5, 1.3), args(0.7, 3.0)),
        EnumSet.of(PRIVATE_CONSTANT, GUARD_THROW, RETURN_IN_LOOP));
    add("GaussianMixture.java", "modelcode.mixture.GaussianMixture",
        args(gaussian(15, 14, 0.0, 1.5)), List.of("logLikelihood"), DEFAULT_WRT,
        List.of(args(new double[] {0.1, -0.2}, new double[] {-1.0, 1.5}, new double[] {0.0, 0.3}),
            args(new double[] {0.4, 0.0}, new double[] {-0.3, 0.8}, new double[] {0.2, -0.1})),
        EnumSet.of(PRIVATE_FIELD, PRIVATE_CONSTANT, ARRAY_IN_LOOP, PRIVATE_STATIC_HELPER));
    add("BayesianLinearRegression.java", "modelcode.bayeslinear.BayesianLinearRegression",
        args(design(10, 2, 15), gaussian(10, 16, 0.5, 1.0), 2.0), List.of("logPosterior"),
        DEFAULT_WRT,
        List.of(args(new double[] {0.5, -0.3}, 0.1), args(new double[] {1.0, 0.2}, -0.4)),
        EnumSet.of(PRIVATE_FIELD, MODEL_OBJECT, PRIVATE_NESTED_CLASS, INSTANCE_HELPER));
    add("Kinetics.java", "modelcode.kinetics.Kinetics$MichaelisMenten",
        args(new double[] {0.5, 1, 2, 4, 8}, new double[] {0.3, 0.55, 0.9, 1.25, 1.5}),
        List.of("sumOfSquares"), DEFAULT_WRT,
        List.of(args(2.0, 0.5), args(1.5, 1.2)),
        EnumSet.of(PRIVATE_NESTED_CLASS));
    add("MultinomialLogit.java", "modelcode.multinomial.MultinomialLogit",
        args(design(12, 3, 17), counts(12, 18, 3)), List.of("negativeLogLikelihood"), DEFAULT_WRT,
        List.of(args((Object) new double[][] {{0.1, 0.2, -0.3}, {0.0, -0.4, 0.5}, {0.3, 0.1, 0.2}}),
            args((Object) new double[][] {{-0.2, 0.6, 0.1}, {0.4, 0.0, -0.2}, {0.1, -0.3, 0.3}})),
        EnumSet.of(PRIVATE_FIELD, ARRAY_IN_LOOP, PRIVATE_STATIC_HELPER, MATRIX_TO_HELPER,
            HELPER_RETURNS_VECTOR));
  }

  // --- seeded data ---

  private static double[] gaussian(int n, long seed, double mean, double sd) {
    Random random = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = mean + sd * random.nextGaussian();
    }
    return out;
  }

  private static double[] uniform(int n, long seed, double from, double to) {
    Random random = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = from + (to - from) * random.nextDouble();
    }
    return out;
  }

  /** An n x p design matrix: a column of ones, then standard normal covariates. */
  private static double[][] design(int n, int p, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][p];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < p; j++) {
        x[i][j] = random.nextGaussian();
      }
    }
    return x;
  }

  private static int[] counts(int n, long seed, int bound) {
    Random random = new Random(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextInt(bound);
    }
    return out;
  }

  private static boolean[] outcomes(int n, long seed) {
    Random random = new Random(seed);
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextBoolean();
    }
    return out;
  }
}
