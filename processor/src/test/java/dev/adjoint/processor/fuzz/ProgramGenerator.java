package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes random {@code @Differentiable} methods in the subset Adjoint supports, loops included,
 * seeded so that every run writes the same program.
 *
 * <p>Values are kept well-conditioned so that finite differences are reliable: every expression
 * carries a bound on its magnitude (parameters are sampled in [-2, 2], array and matrix elements
 * too, the int parameter in [1, 5]); a product, sum or assignment whose bound would exceed {@link
 * #LIMIT} is redrawn, denominators are kept away from zero ({@code 1 + u * u}, {@code 2 + sin(u)}),
 * {@code exp} and {@code log} only see bounded or positive arguments, {@code cbrt} and {@code
 * hypot} never exactly 0. Branches, {@code abs}, {@code max}, {@code min}, {@code floor}, casts to
 * int, {@code %}, and in loops {@code break}, {@code continue} and trip counts that depend on
 * differentiated values make kinks and jumps possible; the test skips the rare sample points where
 * the finite differences straddle one.
 *
 * <p>A method has 2 or 3 {@code double} parameters (sometimes named like generated code: {@code
 * grad}, {@code direction}, {@code aBar}, ...), sometimes an {@code int n}, one or two {@code
 * double[]} of length {@link #ARRAY_LENGTH} (read with constant, {@code n % 3}, {@code floorMod},
 * loop-counter and computed indices), a {@code double[][]} of {@link #MATRIX_ROWS} x {@link
 * #MATRIX_COLS}, an {@code int[]}, a {@code boolean} or a {@code long}, sometimes a {@code wrt}
 * subset; it is static or (sometimes) an instance method reading the receiver's fields. Its body is
 * 3 to 8 statements, not counting those nested in blocks: declarations (with and without
 * initializer, several at once, {@code var}, {@code final}, names of closed blocks declared again),
 * assignment and self-referencing reassignment of parameters and locals (also through calls),
 * compound assignment, {@code ++}/{@code --}, nested {@code if}/{@code else} and {@code else if},
 * with or without braces, bare blocks, early returns (also from both branches of a nested if),
 * statement-level and nested {@code ?:}, {@code switch} statements on an {@code int} outside loops
 * (arrow and colon forms, a group of two labels, a default) and {@code switch} expressions (whole, or
 * inside arithmetic), {@code int}/{@code long}/{@code boolean} data locals with
 * integer operators; then a final {@code return} (or an if/else returning from both branches).
 * Expressions mix {@code + - * / %}, {@code Math} (and some {@code StrictMath}) functions, static
 * fields and constants of the class, calls of a helper class ({@code @Differentiable} methods, one
 * with a data parameter, some taking arrays and looping; methods with a {@code @GradientOf} custom
 * gradient and a {@code @HessianVectorOf} Hessian-vector product, and one with a gradient only,
 * whose callers are {@code @Differentiable(order = 1)}; plain methods computing data), of earlier
 * methods of the same class (with {@code int}, {@code double[]} and non-differentiated arguments;
 * a caller of an {@code order = 1} method is {@code order = 1} too) and, for some methods with an
 * {@code int} parameter, of the method itself (recursion on {@code n - 1}).
 *
 * <p>About {@link #LOOPY_PERCENT}% of the methods also have loops: {@code for} (counting up or
 * down, by 1 or 2, from 0 or 1, with a differentiated value in the condition, with two counters
 * meeting in the middle, sometimes moving its counter in the body too), {@code while} (a counter
 * with a hard cap, a condition on differentiated values guarded by a counter and {@code break},
 * {@code while (true)}), {@code do}/{@code while} and enhanced {@code for} over {@code double[]}
 * parameters, local arrays, matrix rows ({@code double v : m[k]}) and {@code double[][]} parameters
 * and local matrices ({@code double[] row : m}); nested up to three deep; trip counts from
 * constants, {@code n}, array lengths, data locals, an {@code int[]} element, and {@code int}s
 * computed from differentiated values. Every loop terminates after a few iterations: every trip
 * count has a small bound, and a while or do loop's counter is incremented where no {@code
 * continue} can skip it. Inside loops: {@code return} (in methods returning a number), {@code
 * break} and {@code continue} under conditions on
 * differentiated values (also nested in ifs, in else branches, several per body), {@code if}/{@code
 * else}, scalar overwrites of variables declared outside the loop ({@code x = Math.sin(x + ...)},
 * {@code x = 0.5 * x + ...}, {@code x *= Math.tanh(...)}, ...), accumulations ({@code s += 0.25 *
 * ...}), locals declared in the body, ints walked by the loop ({@code j += 2}, read by indices) and
 * booleans updated ({@code f = f || ...}), and writes and reads of local arrays ({@code double[] u
 * = new double[len]} and {@code double[][] g = new double[r][c]}, declared outside loops or in a
 * loop body, made again in each iteration with a length that may follow a counter {@code (i % 4 +
 * 1)}, never reassigned): {@code u[i] = ...}, {@code u[i] += ...}, {@code u[i] *= ...}, {@code u[i]++},
 * overwriting an element read by the same statement, with counter arithmetic ({@code (i + 1) %
 * u.length}, {@code Math.floorMod(i - 1, u.length)}) or the array's own elements ({@code
 * u[Helpers.bucket(u[i]) % u.length]}) keeping indices in bounds; calls of helpers and earlier
 * methods with scalar and array arguments (arrays, local arrays, matrix rows {@code m[i]}).
 *
 * <p>Loops must not make values grow without bound: a variable declared outside a loop is, inside
 * it, only overwritten by an expression whose bound is at most the variable's (so its bound is an
 * invariant of the loop), multiplied by a factor at most 1, divided by one at least 1, or
 * accumulated into within a budget that accounts for every iteration of the enclosing loops;
 * elements of local arrays likewise. Each method's cost (statements executed, counting loop trips
 * and callees) is estimated, and calls in loops are kept cheap.
 *
 * <p>About {@link #VECTOR_PERCENT}% of the methods return {@code double[]}: a local array made at
 * the top, written by the body (loops too) and at every return, and returned by name; they get
 * Jacobian products instead of gradients, and are never called. Some methods are named like Math
 * functions ({@code hypot}, {@code atan2}, {@code min}, ... with Math's very signature when they
 * have two doubles), and every class has its own {@code pow}, {@code exp}, {@code sqrt} and {@code
 * abs} computing data, called unqualified: javac calls the class's own, and so must the companion.
 * Calls are also made as statements, their value discarded: counting helpers ({@code
 * Helpers.touch(k)}, {@code Helpers.note(x)} with a value that may carry a derivative), whose
 * counter the test reads; Math functions of anything; differentiable helpers and earlier methods.
 *
 * <p>Guards marked {@code KNOWN BUG} name a bug of the processor, written up in {@code processor/src/test/findings/},
 * and keep the construct that reveals it out (so that the suite stays green) unless {@code
 * -Dadjoint.fuzz.knownBugs=true}; those marked {@code FIXED} are off for good.
 */
final class ProgramGenerator {
  /** The package of every generated class. */
  static final String PACKAGE = "fuzz.gen";

  /** The helper class every generated class may call. */
  static final String HELPERS = "Helpers";

  /** The length of every {@code double[]} parameter. */
  static final int ARRAY_LENGTH = 3;

  /** The rows of every {@code double[][]} parameter. */
  static final int MATRIX_ROWS = 2;

  /** The columns of every {@code double[][]} parameter (rows can be passed as arrays). */
  static final int MATRIX_COLS = ARRAY_LENGTH;

  /** The largest magnitude any expression or variable may reach. */
  static final double LIMIT = 8.0;

  /** The share of methods with loops, in percent. */
  static final int LOOPY_PERCENT = 60;

  /** The largest number of iterations of a loop nest (the product of its trip counts' bounds). */
  private static final int MAX_TRIPS = 48;

  /** The most a call inside loops may cost, counting the iterations that repeat it. */
  private static final double MAX_CALL_COST = 3000;

  /** The fields of every generated class, read as data. */
  private static final String FIELDS =
      """
        static final double K = 0.75;
        static final int STEPS = 2;
        static double scale = 1.25;
        private static final double HALF = 0.5;
        double f0 = 0.5;
        double f1 = -1.25;
        int count = 3;

        /** Named like Math.pow, but a user's own, computing data. */
        static double pow(double x, int k) {
          double r = 1;
          for (int i = 0; i < k; i++) {
            r *= x;
          }
          return r + 0.125;
        }

        /** Named like Math.exp: data, from an int. */
        static double exp(int k) {
          return 1.0 + 0.5 * k;
        }

        /** Named like Math.sqrt, with Math.sqrt's signature: data. */
        static double sqrt(double x) {
          return 0.5 * x + 1;
        }

        /** Named like Math.abs, with Math.abs(int)'s signature: an int. */
        static int abs(int k) {
          return k < 0 ? 1 - k : k + 1;
        }
      """;

  /** The kinds of parameter and local. */
  enum Kind {
    DOUBLE,
    INT,
    LONG,
    BOOLEAN,
    ARRAY,
    INT_ARRAY,
    MATRIX
  }

  /** A parameter of a generated method. */
  record Param(String name, Kind kind) {}

  /**
   * One generated method.
   *
   * @param className simple name of its class
   * @param name its name, unique in its class
   * @param params its parameters, in order
   * @param wrt the differentiated parameters, in declaration order (resolved: all {@code double},
   *     {@code double[]} and {@code double[][]} parameters when the annotation names none)
   * @param text its source, annotation included, indented for a class body
   * @param callees names of the methods of the same class it calls (itself included)
   * @param instance whether it is an instance method (its companion takes the receiver first)
   * @param cost an estimate of the statements one call executes, callees included
   */
  record Method(
      String className,
      String name,
      List<Param> params,
      List<String> wrt,
      String text,
      List<String> callees,
      boolean instance,
      double cost) {
    String qualifiedClassName() {
      return PACKAGE + "." + className;
    }

    String id() {
      return className + "." + name;
    }

    /**
     * Whether its second derivatives are generated: unless its annotation says {@code order = 1}
     * (then there is no {@code mHessianVector} nor {@code mHessian}).
     */
    boolean vector() {
      int start = text.indexOf('\n') + 1;
      int end = text.indexOf('(', start);
      return text.substring(start, Math.max(start, end)).contains("double[] " + name);
    }

    boolean secondOrder() {
      int end = text.indexOf('\n');
      return !(end < 0 ? text : text.substring(0, end)).replace(" ", "").contains("order=1");
    }
  }

  /** A class of generated methods, as compiled, with the line span of each method. */
  record Unit(String className, String text, List<Method> methods, List<int[]> lineRanges) {
    String qualifiedName() {
      return PACKAGE + "." + className;
    }

    /** The method whose source spans {@code line} (1-based), or null. */
    Method methodAt(long line) {
      for (int i = 0; i < methods.size(); i++) {
        int[] r = lineRanges.get(i);
        if (line >= r[0] && line <= r[1]) {
          return methods.get(i);
        }
      }
      return null;
    }
  }

  /**
   * The helper class: a function of two variables, one with a branch, one with a data parameter;
   * and functions of arrays with loops (enhanced for, while, do/while with a break on a
   * differentiated value, a local array), one with a data array parameter.
   */
  private static final List<Method> HELPER_METHODS =
      List.of(
          new Method(
              HELPERS,
              "soft",
              List.of(new Param("x", Kind.DOUBLE), new Param("y", Kind.DOUBLE)),
              List.of("x", "y"),
              """
                @Differentiable
                public static double soft(double x, double y) {
                  double s = Math.sin(x) * y;
                  return Math.log(1 + s * s) + 0.5 * y;
                }
              """,
              List.of(),
              false,
              2),
          new Method(
              HELPERS,
              "bump",
              List.of(new Param("x", Kind.DOUBLE)),
              List.of("x"),
              """
                @Differentiable
                public static double bump(double x) {
                  double t = x / (1 + x * x);
                  if (t > 0.25) {
                    t = t * t + 0.1875;
                    return Math.sqrt(t);
                  }
                  return Math.sin(t) - t * x;
                }
              """,
              List.of(),
              false,
              3),
          new Method(
              HELPERS,
              "scaled",
              List.of(new Param("x", Kind.DOUBLE), new Param("s", Kind.DOUBLE)),
              List.of("x"),
              """
                @Differentiable(wrt = "x")
                static double scaled(double x, double s) {
                  double z = x / s;
                  z = Math.tanh(z) + 0.125 * z * z;
                  return s * z;
                }
              """,
              List.of(),
              false,
              3),
          new Method(
              HELPERS,
              "mean",
              List.of(new Param("u", Kind.ARRAY)),
              List.of("u"),
              """
                @Differentiable
                public static double mean(double[] u) {
                  double s = 0;
                  for (double v : u) {
                    s += v;
                  }
                  return s / u.length;
                }
              """,
              List.of(),
              false,
              8),
          new Method(
              HELPERS,
              "logSumExp",
              List.of(new Param("z", Kind.ARRAY)),
              List.of("z"),
              """
                @Differentiable
                public static double logSumExp(double[] z) {
                  double top = z[0];
                  for (int i = 1; i < z.length; i++) {
                    top = Math.max(top, z[i]);
                  }
                  double s = 0;
                  int i = 0;
                  while (i < z.length) {
                    s += Math.exp(z[i] - top);
                    i++;
                  }
                  return top + Math.log(s);
                }
              """,
              List.of(),
              false,
              16),
          new Method(
              HELPERS,
              "dot",
              List.of(new Param("u", Kind.ARRAY), new Param("v", Kind.ARRAY)),
              List.of("u", "v"),
              """
                @Differentiable
                public static double dot(double[] u, double[] v) {
                  int n = Math.min(u.length, v.length);
                  double s = 0;
                  for (int i = 0; i < n; i++) {
                    s += u[i] * v[i];
                  }
                  return s / n;
                }
              """,
              List.of(),
              false,
              8),
          new Method(
              HELPERS,
              "weigh",
              List.of(new Param("u", Kind.ARRAY), new Param("data", Kind.ARRAY)),
              List.of("u"),
              """
                @Differentiable(wrt = "u")
                static double weigh(double[] u, double[] data) {
                  double s = 0;
                  for (int i = u.length - 1; i >= 0; i--) {
                    if (data[i % data.length] < -1.5) {
                      continue;
                    }
                    s += Math.tanh(data[i % data.length]) * u[i];
                  }
                  return s / u.length;
                }
              """,
              List.of(),
              false,
              10),
          new Method(
              HELPERS,
              "relax",
              List.of(new Param("x", Kind.DOUBLE), new Param("u", Kind.ARRAY)),
              List.of("x", "u"),
              """
                @Differentiable
                public static double relax(double x, double[] u) {
                  double y = x;
                  int k = 0;
                  do {
                    y = 0.5 * y + 0.5 * Math.sin(u[k % u.length] + y);
                    k++;
                    if (y > 1.25) {
                      break;
                    }
                  } while (k < 2 * u.length);
                  return y;
                }
              """,
              List.of(),
              false,
              20),
          new Method(
              HELPERS,
              "smoothNorm",
              List.of(new Param("u", Kind.ARRAY)),
              List.of("u"),
              """
                @Differentiable
                public static double smoothNorm(double[] u) {
                  double[] squares = new double[u.length];
                  for (int i = 0; i < u.length; i++) {
                    squares[i] = u[i] * u[i];
                  }
                  double s = 1;
                  for (double q : squares) {
                    s += q;
                  }
                  return Math.sqrt(s / u.length);
                }
              """,
              List.of(),
              false,
              14),
          new Method(
              HELPERS,
              "matrixEnergy",
              List.of(new Param("g", Kind.MATRIX)),
              List.of("g"),
              """
                @Differentiable
                public static double matrixEnergy(double[][] g) {
                  double s = 0;
                  for (int i = 0; i < g.length; i++) {
                    for (int j = 0; j < g[i].length; j++) {
                      s += Math.sin(g[i][j] + 0.5 * j) * g[i][(j + 1) % g[i].length];
                    }
                  }
                  return Math.tanh(s / (1 + g.length));
                }
              """,
              List.of(),
              false,
              16));

  /**
   * Helpers that are not {@code @Differentiable}: three with a custom gradient (a {@code
   * GradientOf} method; one has a loop), two of them also with second derivatives (a {@code
   * HessianVectorOf} method) and one ({@code softAbs}) deliberately without, so that its callers
   * are {@code @Differentiable(order = 1)}; and three that compute data, which may be called with
   * data ({@code plainScale}) or, returning int or boolean, with anything.
   *
   * <p>The second derivatives, by hand: smoothStep is the logistic function {@code σ(x)} (the loop
   * sums {@code x} in quarters), {@code σ' = σ(1 - σ)}, {@code σ'' = σ'(1 - 2σ)}. softMin is {@code
   * -log(e^-x + e^-y)}, whose gradient is {@code (p, q)} with {@code p = e^-x / (e^-x + e^-y)},
   * {@code q = 1 - p}; {@code ∂p/∂x = -pq}, {@code ∂p/∂y = pq}, so the Hessian is {@code pq [[-1,
   * 1], [1, -1]]}. Each writes its gradient by calling its {@code @GradientOf} method, so that the
   * gradient inside a Hessian-vector product has the bits of the gradient.
   */
  private static final String PLAIN_HELPERS =
      """
        /** A loop: not differentiable as written, so its derivatives are given by hand. */
        public static double smoothStep(double x) {
          double s = 0;
          for (int i = 0; i < 4; i++) {
            s += 0.25 * x;
          }
          return 1 / (1 + Math.exp(-s));
        }

        @GradientOf("smoothStep")
        public static double smoothStepGradient(double x, double[] grad) {
          double v = smoothStep(x);
          grad[0] = v * (1 - v);
          return v;
        }

        @HessianVectorOf("smoothStep")
        public static double smoothStepHessianVector(
            double x, double[] v, double[] grad, double[] hv) {
          double s = smoothStepGradient(x, grad);
          hv[0] = s * (1 - s) * (1 - 2 * s) * v[0];
          return s;
        }

        public static double softMin(double x, double y) {
          return -Math.log(Math.exp(-x) + Math.exp(-y));
        }

        @GradientOf("softMin")
        public static double softMinGradient(double x, double y, double[] grad) {
          double ex = Math.exp(-x);
          double ey = Math.exp(-y);
          grad[0] = ex / (ex + ey);
          grad[1] = ey / (ex + ey);
          return softMin(x, y);
        }

        @HessianVectorOf("softMin")
        static double softMinHessianVector(
            double x, double y, double[] v, double[] grad, double[] hv) {
          double value = softMinGradient(x, y, grad);
          double pq = grad[0] * grad[1];
          hv[0] = pq * (v[1] - v[0]);
          hv[1] = pq * (v[0] - v[1]);
          return value;
        }

        /** First derivatives only: a method calling it must be @Differentiable(order = 1). */
        public static double softAbs(double x) {
          return Math.sqrt(x * x + 0.25);
        }

        @GradientOf("softAbs")
        public static double softAbsGradient(double x, double[] grad) {
          double r = softAbs(x);
          grad[0] = x / r;
          return r;
        }

        public static double plainScale(int k) {
          return 1.0 + 0.25 * k;
        }

        public static int bucket(double x) {
          return x > 0.5 ? 2 : x < -0.5 ? 0 : 1;
        }

        public static boolean positive(double x) {
          return x > 0;
        }

        /** How many times touch and note ran (the test reads and resets it). */
        public static int touched;

        /** Called as a statement: it must run exactly as often as in the original. */
        public static void touch(int k) {
          touched++;
        }

        /** Called as a statement with a value that may carry a derivative; its result unread. */
        public static double note(double x) {
          touched++;
          return 3 * x;
        }
      """;

  /**
   * Names a {@code double} parameter may take instead of a, b, c: some collide with generated ones.
   */
  private static final String[] ODD_PARAM_NAMES = {
    "grad", "direction", "x", "result", "aBar", "xDot", "grad2", "v", "hv", "self", "exp"
  };

  /**
   * Names a generated {@code @Differentiable} method may take instead of m0, m1, ...: those of Math
   * functions (hypot, atan2, min with Math's very signature when the method has two doubles).
   * The look-alike data helpers of every class (pow, exp, sqrt, abs) are not among them.
   */
  private static final String[] LOOK_ALIKE_METHOD_NAMES = {
    "sin", "log", "hypot", "atan2", "min", "tanh", "cbrt"
  };

  /** The share of methods returning {@code double[]} (Jacobians), in percent. */
  static final int VECTOR_PERCENT = 8;

  /** Names a local may take instead of t0, t1, ...: some collide with generated ones. */
  private static final String[] ODD_LOCAL_NAMES = {
    "result",
    "resultBar",
    "tBar",
    "aBar",
    "bDot",
    "grad",
    "direction",
    "tmp",
    "sin",
    "branch",
    "yOld",
    "z",
    "softGrad",
    "t0Bar",
    "exp",
    "tape",
    "iterations",
    "iteration",
    "value"
  };

  /** Names a loop counter may take instead of i, j, ...: some collide with generated ones. */
  private static final String[] ODD_COUNTER_NAMES = {
    "iteration", "iterations", "k", "idx", "iBar", "tape", "jDot", "grad", "i0"
  };

  /**
   * FIXED (was a known bug): a parameter or local named like a class the generated code names by
   * its simple name obscures that class there, and the companion does not compile ("double cannot
   * be dereferenced"): {@code Checks} ({@code Checks.requireLength}), {@code Arrays} ({@code
   * Arrays.fill}, with a {@code double[]} parameter), the method's own class ({@code Gen0.K} for a
   * static field), a callee's companion ({@code HelpersDerivatives.softGradient}), and {@code Math}
   * declared in a block before a later {@code Math.sin} (blocks are flattened). The original
   * compiles. While true, these names are never generated; set to false once fixed.
   */
  private static final boolean AVOID_OBSCURING_NAMES = false;

  /**
   * FIXED (was a known bug): a call of a {@code @Differentiable} method in the right operand of
   * {@code &&} or {@code ||} in a boolean local's initializer (or assignment) is hoisted before the
   * statement and so always runs: {@code boolean deeper = n > 0 && f(a, n - 1) > 0;} recurses
   * forever in fGradient and fDerivative (StackOverflowError) while f terminates. While true, a
   * recursive method always has an early-return base case instead; set to false once fixed.
   */
  private static final boolean AVOID_CALLS_AFTER_SHORT_CIRCUIT = false;

  /**
   * An element write whose index reads the array it writes ({@code u[u[1] > 0.5 ? 2 : 1] = ...})
   * is refused by the processor (ADJ038, pinned in the diagnostics tests): the backward sweep
   * would compute the index again after the write changed what it reads. Never generated.
   */
  private static final boolean AVOID_INDEX_READING_ITS_ARRAY = true;

  // FIXED: a call in the condition of a nested ?: once made the Hessian-vector product fail with
  // ADJ003 (the gradient's shared subexpressions lifted the call, which has no partials array,
  // into a temporary that forward mode then linearised). Such calls are generated as before.

  /**
   * Whether to keep out of the programs the constructs that reveal the known bugs of the processor
   * (each guard marked KNOWN BUG, each bug written up in {@code processor/src/test/findings/}), so that the suite
   * stays green while they are open: true unless {@code -Dadjoint.fuzz.knownBugs=true}, which
   * generates them (and makes the test check what they break). Remove each guard when its bug is
   * fixed.
   */
  static final boolean AVOID_KNOWN_BUGS = !Boolean.getBoolean("adjoint.fuzz.knownBugs");

  /** Names of classes the companion refers to; {@code %s} is the class being written. */
  private static final String[] OBSCURING_NAMES = {
    "Checks", "Arrays", "%s", "HelpersDerivatives", "%sDerivatives", "Tape", "Shapes", "Vectors"
  };

  /** How a block ends. */
  private enum Ending {
    /** It can complete normally. */
    OPEN,
    /** With a return statement. */
    RETURN,
    /** With an if/else returning from both branches. */
    BOTH_RETURN
  }

  private final Random random;
  private final int maxStatements;

  // State of the class being written.
  private final List<Method> sameClassCallable = new ArrayList<>();

  // State of the method being written.
  private final List<List<Var>> scopes = new ArrayList<>();

  /** Names visible now or reserved (parameters, fields): never declared again. */
  private final Set<String> usedNames = new LinkedHashSet<>();

  /** Names of double locals of closed blocks. */
  private final List<String> outOfScope = new ArrayList<>();

  private String className;
  private final List<String> callees = new ArrayList<>();
  private int remaining;
  private int localCount;
  private boolean hasIntArray;
  private boolean instance;

  /** Whether an index is being written (an index inside an index reads no array again). */
  private boolean insideIndex;

  /** Whether the method being written has loops (and local arrays). */
  private boolean loopy;

  /** The loops around the statement being written, outermost first. */
  private final List<Frame> frames = new ArrayList<>();

  /** Local arrays declared so far in the method. */
  private int localArrays;

  /** Loops written so far in the method. */
  private int loops;

  /** The estimated cost of the method so far (statements executed, loop trips counted). */
  private double cost;

  /** Variables and arrays changed inside loops: the return reads some of them. */
  private final List<Var> loopOutputs = new ArrayList<>();

  /** The method itself, as a callee, when it recurses on its int parameter; else null. */
  private Method self;

  private int selfCalls;

  /** Whether the method being written returns {@code double[]} (a vector-valued method). */
  private boolean vector;

  /** The local array a vector-valued method returns; null otherwise. */
  private Var output;

  /**
   * FIXED (was a known bug, the counter stays 0 now): a call of a {@code @Differentiable} (or
   * {@code @GradientOf}) method anywhere in a {@code ?:} that is not the whole right-hand side of
   * an assignment or return (in a branch, or even only in the condition: {@code return a + (a > 0 ?
   * Helpers.bump(a) : b);}, {@code return a + (Helpers.bump(a) > 0 ? a : b);}) is refused with
   * ADJ042, reported on the method's line instead of the construct's, although README lists both ?:
   * and such calls as supported. While this counter is positive (inside such a ?:), no such call is
   * generated (calls of plain helpers computing data still are). Nothing makes it positive now.
   */
  private int insideConditional;

  /** How many conditions (of ?:, if, loops, booleans) the expression being written is in. */
  private int insideCondition;

  // FIXED (HessianVectorCrashOnCallInConditionInsideBranchTest): a call of a differentiable method
  // in the condition of a ?: inside a branch of a ?: once crashed the Hessian-vector product
  // (ADJ003). Such calls are generated as before.

  /**
   * Whether the method being written calls a helper with a first derivative only ({@code
   * softAbs}) or an earlier method that is {@code @Differentiable(order = 1)}: it must then be
   * {@code order = 1} too (ADJ046 otherwise). Set when such a call is written, even if the
   * expression holding it is then redrawn: an {@code order = 1} that was not needed is harmless.
   */
  private boolean firstOrderOnly;

  ProgramGenerator(long seed) {
    this(seed, 8);
  }

  /** Methods of 3 to {@code maxStatements} top-level statements. */
  ProgramGenerator(long seed, int maxStatements) {
    this.random = new Random(seed);
    this.maxStatements = Math.max(3, maxStatements);
  }

  /** The helper class, always compiled with the generated ones. */
  static Unit helpers() {
    Unit u = assemble(HELPERS, HELPER_METHODS);
    String text = u.text().substring(0, u.text().lastIndexOf('}')) + "\n" + PLAIN_HELPERS + "}\n";
    return new Unit(u.className(), text, u.methods(), u.lineRanges());
  }

  /** {@code classes} classes of {@code perClass} methods each. */
  List<Unit> generate(int classes, int perClass) {
    List<Unit> units = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      String className = "Gen" + c;
      List<Method> methods = new ArrayList<>();
      sameClassCallable.clear();
      List<String> lookAlikes = new ArrayList<>(List.of(LOOK_ALIKE_METHOD_NAMES));
      for (int m = 0; m < perClass; m++) {
        // Sometimes named like a Math function: calls of it are calls of it, never of Math's.
        String name =
            random.nextInt(10) == 0 && !lookAlikes.isEmpty()
                ? lookAlikes.remove(random.nextInt(lookAlikes.size()))
                : "m" + m;
        Method method = method(className, name);
        methods.add(method);
        // Matrices and int[] cannot be passed on, nor instance methods called, nor vectors.
        if (!method.instance()
            && !method.vector()
            && method.params().stream()
                .noneMatch(p -> p.kind() == Kind.MATRIX || p.kind() == Kind.INT_ARRAY)) {
          sameClassCallable.add(method);
        }
      }
      units.add(assemble(className, methods));
    }
    return units;
  }

  /** The source of a class holding {@code methods}, with the line span of each. */
  static Unit assemble(String className, List<Method> methods) {
    StringBuilder text = new StringBuilder();
    text.append("package ").append(PACKAGE).append(";\n\n");
    text.append("import dev.adjoint.Differentiable;\n");
    text.append("import dev.adjoint.GradientOf;\n");
    text.append("import dev.adjoint.HessianVectorOf;\n\n");
    text.append("public final class ").append(className).append(" {\n");
    text.append("  private ").append(className).append("() {}\n\n");
    text.append(FIELDS);
    List<int[]> ranges = new ArrayList<>();
    for (Method m : methods) {
      text.append('\n');
      int first = lines(text) + 1;
      text.append(m.text());
      ranges.add(new int[] {first, lines(text)});
    }
    text.append("}\n");
    return new Unit(className, text.toString(), List.copyOf(methods), ranges);
  }

  /**
   * A class of {@code @Differentiable} methods in package {@value #PACKAGE}, as written by {@link
   * #assemble} and perhaps edited by hand (to minimise a failing program): its methods, each from
   * its annotation to the closing brace indented by two, with parameters and wrt read back from the
   * source (calls of the same class are not tracked).
   */
  static Unit parse(String source) {
    java.util.regex.Matcher cls =
        java.util.regex.Pattern.compile("public final class (\\w+)").matcher(source);
    if (!cls.find()) {
      throw new IllegalArgumentException("no public final class");
    }
    String className = cls.group(1);
    String[] lines = source.split("\n", -1);
    List<Method> methods = new ArrayList<>();
    java.util.regex.Pattern signature =
        java.util.regex.Pattern.compile("\\s(static )?double (\\w+)\\(([^)]*)\\)");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].trim().startsWith("@Differentiable")) {
        continue;
      }
      String annotation = lines[i].trim();
      int end = i + 1;
      while (!lines[end].equals("  }")) {
        end++;
      }
      StringBuilder text = new StringBuilder();
      for (int l = i; l <= end; l++) {
        text.append(lines[l]).append('\n');
      }
      java.util.regex.Matcher sig = signature.matcher(lines[i + 1]);
      if (!sig.find()) {
        throw new IllegalArgumentException("cannot read the signature " + lines[i + 1]);
      }
      List<Param> params = new ArrayList<>();
      for (String p : sig.group(3).split(",")) {
        if (p.isBlank()) {
          continue;
        }
        String[] typeName = p.trim().split("\\s+");
        Kind kind =
            switch (typeName[0]) {
              case "double" -> Kind.DOUBLE;
              case "int" -> Kind.INT;
              case "long" -> Kind.LONG;
              case "boolean" -> Kind.BOOLEAN;
              case "double[]" -> Kind.ARRAY;
              case "int[]" -> Kind.INT_ARRAY;
              case "double[][]" -> Kind.MATRIX;
              default -> throw new IllegalArgumentException("parameter type " + typeName[0]);
            };
        params.add(new Param(typeName[1], kind));
      }
      List<String> wrt = new ArrayList<>();
      java.util.regex.Matcher quoted =
          java.util.regex.Pattern.compile("\"(\\w+)\"").matcher(annotation);
      while (quoted.find()) {
        wrt.add(quoted.group(1));
      }
      if (wrt.isEmpty()) {
        for (Param p : params) {
          if (p.kind() == Kind.DOUBLE || p.kind() == Kind.ARRAY || p.kind() == Kind.MATRIX) {
            wrt.add(p.name());
          }
        }
      }
      methods.add(
          new Method(
              className,
              sig.group(2),
              params,
              wrt,
              text.toString(),
              List.of(),
              sig.group(1) == null,
              1));
      i = end;
    }
    Unit u = assemble(className, methods);
    // Keep the source as written (fields, order); find each method's lines in it.
    List<int[]> ranges = new ArrayList<>();
    int from = 0;
    for (Method m : methods) {
      String first = m.text().substring(0, m.text().indexOf('\n'));
      int start = from;
      while (!lines[start].equals(first)) {
        start++;
      }
      int stop = start + (int) m.text().chars().filter(ch -> ch == '\n').count() - 1;
      ranges.add(new int[] {start + 1, stop + 1});
      from = stop + 1;
    }
    return new Unit(u.className(), source, u.methods(), ranges);
  }

  private static int lines(CharSequence text) {
    return (int) text.chars().filter(ch -> ch == '\n').count();
  }

  // ---------------------------------------------------------------------------------------------
  // Methods
  // ---------------------------------------------------------------------------------------------

  private Method method(String className, String name) {
    scopes.clear();
    usedNames.clear();
    outOfScope.clear();
    frames.clear();
    loopOutputs.clear();
    this.className = className;
    usedNames.addAll(
        List.of(
            "K", "STEPS", "scale", "HALF", "f0", "f1", "count", "n", "p", "w", "q", "a", "b", "c",
            "flag", "len", "mat", "i", "j"));
    callees.clear();
    localCount = 0;
    selfCalls = 0;
    firstOrderOnly = false;
    localArrays = 0;
    loops = 0;
    cost = 0;
    scopes.add(new ArrayList<>());
    loopy = random.nextInt(100) < LOOPY_PERCENT;
    vector = random.nextInt(100) < VECTOR_PERCENT;
    output = null;

    // Parameters.
    List<Param> params = new ArrayList<>();
    int doubles = 2 + random.nextInt(2);
    List<String> names = new ArrayList<>(List.of("a", "b", "c").subList(0, doubles));
    if (random.nextInt(5) == 0) {
      String odd = oddName(ODD_PARAM_NAMES);
      names.set(random.nextInt(doubles), odd);
    }
    for (String n : names) {
      params.add(new Param(n, Kind.DOUBLE));
    }
    boolean hasInt = random.nextInt(loopy ? 2 : 3) == 0;
    if (hasInt) {
      params.add(random.nextInt(params.size() + 1), new Param("n", Kind.INT));
    }
    boolean hasArray = random.nextInt(loopy ? 2 : 3) == 0;
    if (hasArray) {
      String arrayName = random.nextInt(4) == 0 ? "w" : "p";
      params.add(random.nextInt(params.size() + 1), new Param(arrayName, Kind.ARRAY));
      if (loopy && random.nextInt(5) == 0) {
        params.add(
            random.nextInt(params.size() + 1),
            new Param(arrayName.equals("p") ? "w" : "p", Kind.ARRAY));
      }
    }
    boolean hasMatrix = random.nextInt(loopy ? 4 : 10) == 0;
    if (hasMatrix) {
      params.add(random.nextInt(params.size() + 1), new Param("mat", Kind.MATRIX));
    }
    hasIntArray = random.nextInt(8) == 0;
    if (hasIntArray) {
      params.add(random.nextInt(params.size() + 1), new Param("q", Kind.INT_ARRAY));
    }
    if (random.nextInt(10) == 0) {
      params.add(random.nextInt(params.size() + 1), new Param("flag", Kind.BOOLEAN));
    }
    if (random.nextInt(10) == 0) {
      params.add(random.nextInt(params.size() + 1), new Param("len", Kind.LONG));
    }
    instance = random.nextInt(6) == 0;
    // wrt: by default every double, double[] and double[][]; sometimes a nonempty strict subset.
    List<String> differentiable = new ArrayList<>();
    for (Param p : params) {
      if (p.kind() == Kind.DOUBLE || p.kind() == Kind.ARRAY || p.kind() == Kind.MATRIX) {
        differentiable.add(p.name());
      }
    }
    List<String> wrt = differentiable;
    boolean explicitWrt = false;
    if (random.nextInt(4) == 0) {
      List<String> subset = new ArrayList<>();
      for (String d : differentiable) {
        if (random.nextBoolean()) {
          subset.add(d);
        }
      }
      if (subset.isEmpty()) {
        subset.add(differentiable.get(random.nextInt(differentiable.size())));
      }
      wrt = subset;
      explicitWrt = true;
    } else if (random.nextInt(10) == 0) {
      explicitWrt = true; // every one, named explicitly
    }
    for (Param p : params) {
      usedNames.add(p.name());
      Kind kind = p.kind();
      if (kind == Kind.ARRAY) {
        declare(
            Var.array(
                p.name(),
                false,
                wrt.contains(p.name()),
                p.name() + ".length",
                ARRAY_LENGTH,
                ARRAY_LENGTH,
                2,
                0));
      } else if (kind == Kind.MATRIX) {
        Var m =
            Var.array(
                p.name(),
                false,
                wrt.contains(p.name()),
                p.name() + ".length",
                MATRIX_ROWS,
                -1,
                2,
                0);
        m.kind = Kind.MATRIX;
        m.cols = p.name() + "[0].length";
        m.maxCols = MATRIX_COLS;
        m.fixedCols = MATRIX_COLS;
        m.fixedLen = MATRIX_ROWS;
        declare(m);
      } else if (kind != Kind.INT_ARRAY) {
        declare(new Var(p.name(), kind, kind == Kind.INT || kind == Kind.LONG ? 5 : 2, 0));
      }
    }

    // Body.
    List<String> body = new ArrayList<>();
    self = null;
    if (vector) {
      // The outputs: a local array, written by the body (loops too) and at every return.
      List<Var> lengths = new ArrayList<>();
      for (Var a : visible(Kind.ARRAY)) {
        if (!a.local && a.fixedLen > 0) {
          lengths.add(a);
        }
      }
      String out = freshLocal("r");
      String[] len = lengthExpr(find("n", Kind.INT), lengths, 4);
      body.add("    double[] " + out + " = new double[" + len[0] + "];");
      output =
          Var.array(
              out,
              true,
              true,
              out + ".length",
              Integer.parseInt(len[1]),
              Integer.parseInt(len[2]),
              2,
              0);
      output.base = 2;
      declare(output);
      localArrays++;
    }
    if (!vector
        && hasInt
        && !hasArray
        && !hasIntArray
        && !hasMatrix
        && !instance
        && random.nextBoolean()) {
      // Recursion on n, which then never changes: n - 1 reaches the base case.
      find("n", Kind.INT).isFinal = true;
      Method me =
          new Method(
              className, name, List.copyOf(params), List.copyOf(wrt), "", List.of(), false, 0);
      // Calls after && or || once were hoisted (see AVOID_CALLS_AFTER_SHORT_CIRCUIT).
      if (!AVOID_CALLS_AFTER_SHORT_CIRCUIT && random.nextInt(2) == 0) {
        // FIXED (DeadCallDroppedWithItsEffectsTest): the flag is often never read; the recursive
        // call, and the counted calls it makes, still run as in the original.
        // The base case is the short circuit itself: the call runs only while n > 1.
        self = me;
        selfCalls = 2; // no other call of itself, in the arguments or later
        String call = sameClassCall(me, 2).text;
        self = null;
        String flag = freshLocal("deeper");
        body.add(
            random.nextBoolean()
                ? "    boolean " + flag + " = n > 1 && " + call + " > 0.5;"
                : "    boolean " + flag + " = n <= 1 || " + call + " < 0.5;");
        declare(new Var(flag, Kind.BOOLEAN, 1, 0));
      } else {
        body.add("    if (n <= 1) {");
        body.add("      return " + expr(2).text + ";");
        body.add("    }");
        self = me;
      }
    }
    remaining = 3 + random.nextInt(maxStatements - 2) + (loopy ? 1 : 0);
    if (loopy && random.nextBoolean()) {
      localArray(body, "    ");
    }
    while (remaining > 0) {
      statement(body, "    ", 0);
    }
    if (loopy && loops == 0) {
      loopStatement(body, "    ", 0);
    }
    if (random.nextInt(8) == 0) {
      ifStatement(body, "    ", 1, Ending.BOTH_RETURN);
    } else {
      returnStatement(body, "    ");
    }

    StringBuilder text = new StringBuilder();
    text.append("  @Differentiable");
    List<String> attributes = new ArrayList<>();
    if (explicitWrt) {
      if (wrt.size() == 1 && random.nextBoolean()) {
        attributes.add("wrt = \"" + wrt.get(0) + "\"");
      } else {
        List<String> quoted = new ArrayList<>();
        for (String w : wrt) {
          quoted.add('"' + w + '"');
        }
        attributes.add("wrt = {" + String.join(", ", quoted) + "}");
      }
    }
    // order = 1 where a callee has first derivatives only; sometimes order = 2, the default.
    String order = firstOrderOnly ? "order = 1" : random.nextInt(20) == 0 ? "order = 2" : null;
    if (order != null) {
      attributes.add(random.nextBoolean() ? attributes.size() : 0, order);
    }
    if (!attributes.isEmpty()) {
      text.append('(').append(String.join(", ", attributes)).append(')');
    }
    text.append('\n');
    List<String> declared = new ArrayList<>();
    for (Param p : params) {
      declared.add(javaType(p.kind()) + " " + p.name());
    }
    text.append(random.nextInt(4) == 0 ? "  " : "  public ")
        .append(instance ? "" : "static ")
        .append(vector ? "double[] " : "double ")
        .append(name)
        .append('(')
        .append(String.join(", ", declared))
        .append(") {\n");
    for (String line : body) {
      text.append(line).append('\n');
    }
    text.append("  }\n");
    // A recursive method runs its body up to 2^n times (n <= 5 from the test, <= 3 from callers).
    double total = (self != null || selfCalls > 0 ? 32 : 1) * Math.max(1, cost);
    return new Method(
        className,
        name,
        List.copyOf(params),
        List.copyOf(wrt),
        text.toString(),
        List.copyOf(new LinkedHashSet<>(callees)),
        instance,
        total);
  }

  private static String javaType(Kind kind) {
    return switch (kind) {
      case DOUBLE -> "double";
      case INT -> "int";
      case LONG -> "long";
      case BOOLEAN -> "boolean";
      case ARRAY -> "double[]";
      case INT_ARRAY -> "int[]";
      case MATRIX -> "double[][]";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Variables and scopes
  // ---------------------------------------------------------------------------------------------

  /**
   * A variable in scope: a scalar, or an array (a {@code double[]} parameter, local array, or row
   * of an enhanced for over a matrix) or a matrix.
   *
   * <p>For a scalar, {@code bound} bounds its magnitude. Outside loops (or in the body of the loop
   * that declares it) it only ever grows. Inside a loop, for a variable declared outside it, it is
   * an invariant: every assignment there must keep {@code |v| <= base}, except accumulations, which
   * spend at most {@code room} over all iterations ({@code bound = base + room}). Array elements
   * follow the same rules, always (their arrays are declared outside every loop).
   */
  private static final class Var {
    final String name;
    Kind kind;
    double bound;
    double base;
    double room;
    double used;

    /** How many loops were around the declaration. */
    final int loopDepth;

    boolean isFinal;

    /** A loop counter: never negative, changed only by its loop. */
    boolean counter;

    /**
     * An int changed inside the loops after its declaration ({@code j += 2}): never a trip count,
     * nor in the index of an enhanced for's array.
     */
    boolean walker;

    /** For a counter, the array (and dimension, 0 or 1) whose index range it stays in; or null. */
    Var rangeOf;

    int rangeDim;

    // Arrays and matrices.
    /** Whether its elements can be written (a local array or matrix). */
    boolean local;

    /**
     * Made in a loop body, once per iteration: never passed whole to a call (ADJ038, the buffer it
     * lives in may be longer than the iteration's array).
     */
    boolean madeInLoop;

    /** Whether it may carry derivatives (a differentiated parameter, a local, a row of one). */
    boolean active;

    /** The length (rows of a matrix), as an expression; the columns of a matrix. */
    String len;

    String cols;

    /** The largest length it may have; its exact length, or -1 if unknown. */
    int maxLen;

    int fixedLen;
    int maxCols;
    int fixedCols;

    Var(String name, Kind kind, double bound, int loopDepth) {
      this.name = name;
      this.kind = kind;
      this.bound = bound;
      this.base = bound;
      this.loopDepth = loopDepth;
    }

    static Var array(
        String name,
        boolean local,
        boolean active,
        String len,
        int maxLen,
        int fixedLen,
        double elementBound,
        int loopDepth) {
      Var v = new Var(name, Kind.ARRAY, elementBound, loopDepth);
      v.local = local;
      v.active = active;
      v.len = len;
      v.maxLen = maxLen;
      v.fixedLen = fixedLen;
      v.isFinal = true;
      return v;
    }
  }

  /** One loop around the statement being written. */
  private record Frame(int cap, boolean continueAllowed) {}

  private int loopDepth() {
    return frames.size();
  }

  /** The number of times a statement here runs per run of the loops deeper than {@code depth}. */
  private int trips(int depth) {
    int t = 1;
    for (int i = depth; i < frames.size(); i++) {
      t *= frames.get(i).cap();
    }
    return t;
  }

  /** Closes the innermost scope: its names may be declared again. */
  private void closeScope() {
    for (Var v : scopes.remove(scopes.size() - 1)) {
      usedNames.remove(v.name);
      if (v.kind == Kind.DOUBLE) {
        outOfScope.add(v.name);
      }
    }
  }

  private void declare(Var v) {
    scopes.get(scopes.size() - 1).add(v);
  }

  private Var newVar(String name, Kind kind, double bound) {
    Var v = new Var(name, kind, bound, loopDepth());
    declare(v);
    return v;
  }

  private List<Var> visible(Kind kind) {
    List<Var> out = new ArrayList<>();
    for (List<Var> scope : scopes) {
      for (Var v : scope) {
        if (v.kind == kind) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /**
   * Variables of {@code kind} that may be assigned here: doubles (inside a loop, those declared
   * outside it only within their bound), ints and longs only where declared (never from inside a
   * loop they were declared outside of: trip counts and indices must not change).
   */
  private List<Var> assignableOf(Kind kind) {
    List<Var> out = new ArrayList<>();
    for (Var v : visible(kind)) {
      if (!v.isFinal && (kind == Kind.DOUBLE || v.loopDepth == loopDepth())) {
        out.add(v);
      }
    }
    return out;
  }

  private Var find(String name, Kind kind) {
    for (Var v : visible(kind)) {
      if (v.name.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Whether {@code v} was declared outside the innermost loop around here. */
  private boolean carried(Var v) {
    return v.loopDepth < loopDepth();
  }

  /**
   * Whether {@code v} may be set to a value of magnitude at most {@code newBound} here; if so,
   * records it. Outside loops (and for a variable declared in the innermost loop's body) the bound
   * grows; for a variable carried by a loop it must stay within its base.
   */
  private boolean admit(Var v, double newBound) {
    if (!carried(v)) {
      v.bound = Math.max(v.bound, newBound);
      v.base = v.bound;
      v.room = 0;
      v.used = 0;
      return true;
    }
    if (newBound <= v.base) {
      loopOutputs.add(v);
      return true;
    }
    return false;
  }

  /**
   * Whether {@code m} may be added to {@code v} (in magnitude) here; if so, records it. Inside
   * loops this spends room: m times every iteration of the loops inside v's declaration.
   */
  private boolean accumulate(Var v, double m) {
    if (!carried(v) && v.kind == Kind.DOUBLE) {
      if (v.bound + m > LIMIT) {
        return false;
      }
      v.bound += m;
      v.base = v.bound;
      v.room = 0;
      v.used = 0;
      return true;
    }
    double spent = m * trips(v.loopDepth);
    if (v.used + spent <= v.room) {
      v.used += spent;
      loopOutputs.add(v);
      return true;
    }
    return false;
  }

  /**
   * The coefficient (a power of 2, at least 1/64) such that adding {@code c * m} to {@code v} here
   * stays within its budget, or 0 if there is none.
   */
  private double coefficientFor(Var v, double m) {
    if (!carried(v) && v.kind == Kind.DOUBLE) {
      return v.bound + m <= LIMIT ? 1 : v.bound + 0.5 * m <= LIMIT ? 0.5 : 0;
    }
    double spent = m * trips(v.loopDepth);
    for (double c = 1; c >= 1.0 / 64; c /= 2) {
      if (v.used + c * spent <= v.room) {
        return c;
      }
    }
    return 0;
  }

  /** One of {@code names} or, unless avoided, sometimes a class name the companion uses. */
  private String oddName(String[] names) {
    // Names obscuring classes once broke the companion (see AVOID_OBSCURING_NAMES).
    if (!AVOID_OBSCURING_NAMES && random.nextInt(4) == 0) {
      return String.format(pick(OBSCURING_NAMES), className);
    }
    return pick(names);
  }

  private String freshLocal(String prefix) {
    if (!outOfScope.isEmpty() && random.nextInt(3) == 0) {
      // The name of a local of a block already closed: a sibling scope declares it again.
      String again = outOfScope.remove(random.nextInt(outOfScope.size()));
      if (!usedNames.contains(again)) {
        usedNames.add(again);
        return again;
      }
    }
    if ((prefix.equals("t") || prefix.equals("u")) && random.nextInt(6) == 0) {
      String odd = oddName(ODD_LOCAL_NAMES);
      if (usedNames.add(odd)) {
        return odd;
      }
    }
    while (true) {
      String name = prefix + localCount++;
      if (usedNames.add(name)) {
        return name;
      }
    }
  }

  /** A name for a loop counter: i, j, ..., sometimes one generated code uses. */
  private String freshCounter() {
    if (random.nextInt(6) == 0) {
      String odd = random.nextInt(5) == 0 ? oddName(ODD_COUNTER_NAMES) : pick(ODD_COUNTER_NAMES);
      if (usedNames.add(odd)) {
        return odd;
      }
    }
    for (String name : new String[] {"i", "j", "l", "r"}) {
      // i and j are reserved at the start so that only counters take them.
      boolean taken = false;
      for (List<Var> scope : scopes) {
        for (Var v : scope) {
          taken |= v.name.equals(name);
        }
      }
      if (!taken && (name.equals("i") || name.equals("j") || usedNames.add(name))) {
        usedNames.add(name);
        return name;
      }
    }
    return freshLocal("i");
  }

  // ---------------------------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------------------------

  private void statement(List<String> out, String ind, int nest) {
    remaining--;
    cost += trips(0);
    if (loopDepth() > 0 && random.nextInt(100) < 55 && loopStatementInside(out, ind, nest)) {
      return;
    }
    if (loopDepth() == 0 && loopy) {
      int roll = random.nextInt(100);
      if (roll < 24 && nest < 3) {
        loopStatement(out, ind, nest);
        return;
      } else if (roll < 30 && localArrays < 3) {
        localArray(out, ind);
        return;
      } else if (roll < 36 && elementWrite(out, ind)) {
        return;
      }
    }
    if (random.nextInt(100) < 5 && discardedCall(out, ind)) {
      return;
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      int roll = random.nextInt(100);
      if (roll < 16) {
        Expr e = expr(random.nextInt(5) == 0 ? 4 : 3);
        String name = freshLocal("t");
        int form = random.nextInt(10);
        if (form == 0) {
          // var: of a double expression (Math.abs(3) or 3 would make an int local).
          e = unary(e);
          if (e.text.startsWith("Math.abs(")) {
            form = 2;
          }
        }
        String type = form == 0 ? "var " : form == 1 ? "final double " : "double ";
        out.add(ind + type + name + " = " + e.text + ";");
        Var v = newVar(name, Kind.DOUBLE, e.bound);
        v.isFinal = form == 1;
        return;
      } else if (roll < 19) {
        // Several declarators, the second reading the first.
        Expr e1 = expr(2);
        String n1 = freshLocal("t");
        newVar(n1, Kind.DOUBLE, e1.bound);
        Expr e2 = expr(2);
        String n2 = freshLocal("t");
        out.add(ind + "double " + n1 + " = " + e1.text + ", " + n2 + " = " + e2.text + ";");
        newVar(n2, Kind.DOUBLE, e2.bound);
        return;
      } else if (roll < 24) {
        // A local without initializer, assigned on both branches.
        String name = freshLocal("t");
        String c = cond(2);
        Expr e1 = expr(2);
        Expr e2 = expr(2);
        out.add(ind + "double " + name + ";");
        out.add(ind + "if (" + c + ") {");
        out.add(ind + "  " + name + " = " + e1.text + ";");
        out.add(ind + "} else {");
        out.add(ind + "  " + name + " = " + e2.text + ";");
        out.add(ind + "}");
        newVar(name, Kind.DOUBLE, Math.max(e1.bound, e2.bound));
        return;
      } else if (roll < 26) {
        // A local without initializer, assigned by the next statement.
        String name = freshLocal("t");
        Expr e = expr(2);
        out.add(ind + "double " + name + ";");
        out.add(ind + name + " = " + e.text + ";");
        newVar(name, Kind.DOUBLE, e.bound);
        return;
      } else if (roll < 35) {
        if (assignPlain(out, ind)) {
          return;
        }
      } else if (roll < 48) {
        if (assignSelf(out, ind)) {
          return;
        }
      } else if (roll < 58) {
        if (compound(out, ind)) {
          return;
        }
      } else if (roll < 61) {
        Var v = assignableDouble();
        if (v != null && accumulate(v, 1)) {
          String[] forms = {
            v.name + "++;", v.name + "--;", "++" + v.name + ";", "--" + v.name + ";"
          };
          out.add(ind + forms[random.nextInt(forms.length)]);
          return;
        }
      } else if (roll < 66) {
        // Statement-level ?:.
        Var v = assignableDouble();
        if (v != null) {
          String c = cond(2);
              Expr e1 = random.nextBoolean() ? selfExpr(v) : expr(2);
          Expr e2 = expr(2);
              if (e1 != null
              && e1.bound <= LIMIT
              && e2.bound <= LIMIT
              && admit(v, Math.max(e1.bound, e2.bound))) {
            out.add(ind + v.name + " = " + c + " ? " + e1.text + " : " + e2.text + ";");
            return;
          }
        }
      } else if (roll < 71) {
        dataLocal(out, ind);
        return;
      } else if (roll < 75) {
        if (intUpdate(out, ind)) {
          return;
        }
      } else if (roll < 78) {
        if (nest < 2 + Math.min(1, loopDepth())) {
          out.add(ind + "{");
          block(out, ind + "  ", nest + 1, Ending.OPEN);
          out.add(ind + "}");
          return;
        }
      } else if (roll < 80) {
        if (switchStatement(out, ind, nest)) {
          return;
        }
      } else if (roll < 82) {
        switchExpression(out, ind);
        return;
      } else if (nest < 2 + Math.min(1, loopDepth())) {
        ifStatement(out, ind, nest, null);
        return;
      }
    }
    // Fallback: always possible.
    Expr e = expr(2);
    String name = freshLocal("t");
    out.add(ind + "double " + name + " = " + e.text + ";");
    newVar(name, Kind.DOUBLE, e.bound);
  }

  /**
   * A switch statement on an int, in arrow or colon form: a case, a group of two labels, and a
   * default, each a block. Outside loops only, where no break can be generated inside a case (it
   * would leave the switch). False if nested too deep.
   */
  private boolean switchStatement(List<String> out, String ind, int nest) {
    if (loopDepth() > 0 || nest >= 2) {
      return false;
    }
    String selector = intArgument();
    boolean arrow = random.nextBoolean();
    int first = random.nextInt(3);
    String[] labels = {
      "case " + first, "case " + (first + 1) + (arrow ? ", " : ": case ") + (first + 2), "default"
    };
    out.add(ind + "switch (" + selector + ") {");
    for (int k = 0; k < labels.length; k++) {
      List<String> body = new ArrayList<>();
      block(body, ind + "    ", nest + 1, Ending.OPEN);
      if (arrow) {
        out.add(ind + "  " + labels[k] + " -> {");
        out.addAll(body);
        out.add(ind + "  }");
      } else {
        // A block of its own: the cases of a colon-form switch share one scope.
        out.add(ind + "  " + labels[k] + ": {");
        out.addAll(body);
        out.add(ind + "  }");
        if (k < labels.length - 1) {
          out.add(ind + "  break;");
        }
      }
    }
    out.add(ind + "}");
    return true;
  }

  /**
   * A double local from a switch expression on an int: arrow or colon ({@code yield}) form, whole
   * or inside arithmetic (then on a selector without calls, which is read once per case).
   */
  private void switchExpression(List<String> out, String ind) {
    String selector = intArgument();
    Expr a = expr(2);
    Expr b = expr(2);
    Expr c = expr(2);
    int first = random.nextInt(3);
    String text =
        random.nextInt(3) == 0
            ? "switch (" + selector + ") { case " + first + ": yield " + a.text + "; case "
                + (first + 1) + ": case " + (first + 2) + ": yield " + b.text + "; default: yield "
                + c.text + "; }"
            : "switch (" + selector + ") { case " + first + " -> " + a.text + "; case "
                + (first + 1) + ", " + (first + 2) + " -> " + b.text + "; default -> " + c.text
                + "; }";
    double bound = Math.max(a.bound, Math.max(b.bound, c.bound));
    String name = freshLocal("t");
    if (!selector.contains("(") && random.nextBoolean()) {
      Expr d = expr(1);
      out.add(ind + "double " + name + " = 0.5 * (" + text + ") + " + d.text + ";");
      newVar(name, Kind.DOUBLE, 0.5 * bound + d.bound);
    } else {
      out.add(ind + "double " + name + " = " + text + ";");
      newVar(name, Kind.DOUBLE, bound);
    }
  }

  /**
   * A call made as a statement, its value (if any) thrown away: a counting helper ({@code
   * Helpers.touch(k)} with an int, {@code Helpers.note(x)} with a double that may carry a
   * derivative), which must run exactly as often as in the original; a Math function of anything
   * (even outside its domain: the value is never read); a {@code @Differentiable} helper, one with
   * a custom gradient, one with a first derivative only (a data call now: no {@code order = 1}
   * needed), or an earlier method of the class. False if none fits here.
   */
  private boolean discardedCall(List<String> out, String ind) {
    String call;
    int form = random.nextInt(7);
    switch (form) {
      case 0, 1 -> call = HELPERS + ".touch(" + intArgument() + ")";
      case 2 -> call = HELPERS + ".note(" + expr(2).text + ")";
      case 3 -> {
        String f = pick(new String[] {"sqrt", "log", "exp", "sin", "log1p", "cbrt"});
        String arg = f.equals("exp") ? "Math.sin(" + expr(1).text + ")" : expr(2).text;
        call = pick(new String[] {"Math.", "Math.", "StrictMath."}) + f + "(" + arg + ")";
      }
      case 4 -> {
        if (insideConditional > 0) {
          return false;
        }
        call =
            switch (random.nextInt(4)) {
              case 0 -> HELPERS + ".soft(" + expr(1).text + ", " + expr(1).text + ")";
              case 1 -> HELPERS + ".smoothStep(" + expr(1).text + ")";
              case 2 -> HELPERS + ".softAbs(" + expr(1).text + ")";
              default -> HELPERS + ".bump(" + expr(1).text + ")";
            };
      }
      case 5 -> {
        Expr e = arrayReduction();
        if (e == null) {
          return false;
        }
        call = e.text;
      }
      default -> {
        if (sameClassCallable.isEmpty() || insideConditional > 0) {
          return false;
        }
        Expr e =
            sameClassCall(sameClassCallable.get(random.nextInt(sameClassCallable.size())), 2);
        if (e == null) {
          return false;
        }
        call = e.text;
      }
    }
    out.add(ind + call + ";");
    return true;
  }

  /** An int: a constant, an int variable in scope (counters too), or one computed from anything. */
  private String intArgument() {
    List<Var> ints = visible(Kind.INT);
    int roll = random.nextInt(4);
    if (roll == 0 || ints.isEmpty() && roll < 3) {
      return Integer.toString(random.nextInt(4));
    } else if (roll == 3) {
      return HELPERS + ".bucket(" + expr(1).text + ")";
    }
    return ints.get(random.nextInt(ints.size())).name;
  }

  /**
   * An if statement. With {@code ending} BOTH_RETURN it returns from every branch; otherwise (null)
   * it has random early returns (inside loops too, unless vector-valued) but can always complete
   * normally: at most one
   * branch of an if/else, and never the last else of an else-if chain, ends with a return.
   */
  private void ifStatement(List<String> out, String ind, int nest, Ending ending) {
    List<String> headers = new ArrayList<>();
    List<List<String>> bodies = new ArrayList<>();
    headers.add("if (" + cond(2) + ")");
    if (ending == Ending.BOTH_RETURN) {
      bodies.add(branch(ind, nest, Ending.RETURN));
      headers.add("else");
      bodies.add(branch(ind, nest, Ending.RETURN));
    } else {
      int form = random.nextInt(10);
      Ending thenEnding = randomEnding(nest, form < 4);
      bodies.add(branch(ind, nest, thenEnding));
      if (form < 4) {
        // no else
      } else if (form < 8) {
        headers.add("else");
        bodies.add(
            branch(ind, nest, thenEnding == Ending.OPEN ? randomEnding(nest, true) : Ending.OPEN));
      } else {
        headers.add("else if (" + cond(2) + ")");
        bodies.add(branch(ind, nest, randomEnding(nest, true)));
        headers.add("else");
        bodies.add(branch(ind, nest, Ending.OPEN));
      }
    }
    writeIf(out, ind, headers, bodies);
  }

  /** Writes an if with its else-ifs and else; a branch of one statement may go without braces. */
  private void writeIf(
      List<String> out, String ind, List<String> headers, List<List<String>> bodies) {
    boolean braceless = random.nextInt(4) == 0;
    String pending = ind;
    for (int i = 0; i < headers.size(); i++) {
      List<String> body = bodies.get(i);
      if (braceless && body.size() == 1 && !isDeclaration(body.get(0))) {
        out.add(pending + headers.get(i));
        out.add(body.get(0));
        pending = ind;
      } else {
        out.add(pending + headers.get(i) + " {");
        out.addAll(body);
        pending = ind + "} ";
        if (i == headers.size() - 1) {
          out.add(ind + "}");
        }
      }
    }
  }

  private List<String> branch(String ind, int nest, Ending ending) {
    List<String> body = new ArrayList<>();
    block(body, ind + "  ", nest + 1, ending);
    return body;
  }

  private static boolean isDeclaration(String line) {
    String t = line.trim();
    return t.startsWith("double ")
        || t.startsWith("double[")
        || t.startsWith("var ")
        || t.startsWith("final ")
        || t.startsWith("int ")
        || t.startsWith("long ")
        || t.startsWith("boolean ");
  }

  private Ending randomEnding(int nest, boolean allowBoth) {
    if (loopDepth() > 0) {
      // A return inside a loop: of a number only (a vector-valued method may not).
      return !vector && random.nextInt(10) == 0 ? Ending.RETURN : Ending.OPEN;
    }
    int roll = random.nextInt(12);
    if (roll < 3) {
      return Ending.RETURN;
    } else if (roll < 4 && allowBoth && nest < 1) {
      return Ending.BOTH_RETURN;
    }
    return Ending.OPEN;
  }

  /** A block of 1 to 3 statements (0 to 2 before a return), ending as told. */
  private void block(List<String> out, String ind, int nest, Ending ending) {
    scopes.add(new ArrayList<>());
    int count = 1 + random.nextInt(Math.max(1, Math.min(3, remaining + 1)));
    if (ending != Ending.OPEN) {
      count--;
    }
    for (int i = 0; i < count; i++) {
      statement(out, ind, nest);
    }
    if (ending == Ending.RETURN) {
      returnStatement(out, ind);
    } else if (ending == Ending.BOTH_RETURN) {
      ifStatement(out, ind, nest + 1, Ending.BOTH_RETURN);
    }
    closeScope();
  }

  /**
   * A return: of an expression, or in a vector-valued method, writes of some of the outputs (the
   * first, the last, sometimes every one of a known count) and a return of the output array.
   */
  private void returnStatement(List<String> out, String ind) {
    if (!vector) {
      out.add(ind + "return " + returnExpr() + ";");
      return;
    }
    String r = output.name;
    List<String> elements = new ArrayList<>();
    if (output.fixedLen > 0 && random.nextInt(3) > 0) {
      for (int k = 0; k < output.fixedLen; k++) {
        elements.add(Integer.toString(k));
      }
    } else {
      elements.add("0");
      elements.add(r + ".length - 1");
    }
    for (String k : elements) {
      String op = random.nextInt(4) == 0 ? " += " : " = ";
      out.add(ind + r + "[" + k + "]" + op + returnExpr() + ";");
    }
    out.add(ind + "return " + r + ";");
  }

  private String returnExpr() {
    String tail = "";
    if (loopDepth() == 0 && !loopOutputs.isEmpty() && random.nextInt(10) < 8) {
      // Read what the loops computed, so that their derivatives matter.
      for (int k = 0; k < 2 && !loopOutputs.isEmpty(); k++) {
        Var v = loopOutputs.get(random.nextInt(loopOutputs.size()));
        if (!isVisible(v)) {
          loopOutputs.remove(v);
          continue;
        }
        String read =
            v.kind == Kind.DOUBLE
                ? v.name
                : v.kind == Kind.MATRIX ? matrixElement(v) : arrayOutput(v);
        tail += " + " + pick(new String[] {"0.5", "0.25", "1.5"}) + " * " + read;
      }
    }
    if (random.nextInt(8) == 0) {
      String c = cond(2);
      String branches = expr(3).text + " : " + expr(3).text;
      return c + " ? " + branches + tail;
    }
    return expr(random.nextInt(5) == 0 ? 4 : 3).text + tail;
  }

  /** Reads an array written by loops: an element, or a helper over all of it. */
  private String arrayOutput(Var a) {
    return switch (random.nextInt(4)) {
      case 0 -> HELPERS + ".mean(" + a.name + ")";
      case 1 -> HELPERS + ".smoothNorm(" + a.name + ")";
      default -> a.name + "[" + index(a, 0) + "]";
    };
  }

  private boolean isVisible(Var v) {
    for (List<Var> scope : scopes) {
      if (scope.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private boolean assignPlain(List<String> out, String ind) {
    Var v = assignableDouble();
    if (v == null) {
      return false;
    }
    Expr e = expr(3);
    if (!admit(v, e.bound)) {
      e = squash(e);
      if (!admit(v, e.bound)) {
        return false;
      }
    }
    out.add(ind + v.name + " = " + e.text + ";");
    return true;
  }

  private boolean assignSelf(List<String> out, String ind) {
    Var v = assignableDouble();
    if (v == null) {
      return false;
    }
    Expr e = selfExpr(v);
    if (e == null || !admit(v, e.bound)) {
      return false;
    }
    out.add(ind + v.name + " = " + e.text + ";");
    return true;
  }

  /** An expression reading {@code v} itself, for {@code v = f(v)}. */
  private Expr selfExpr(Var v) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Expr self = new Expr(v.name, v.bound);
      Expr e = expr(2);
      Expr r =
          switch (random.nextInt(12)) {
            case 0 -> binary(self, "+", e);
            case 1 -> binary(e, "-", self);
            case 2 -> binary(self, "*", squash(e));
            case 3 -> binary(unary(self), "+", e);
            case 4 -> unary(binary(self, "*", e));
            case 5 -> binary(self, "/", positive(e));
            case 6 ->
                new Expr(
                    "Math.sqrt(1 + " + v.name + " * " + v.name + ") - " + paren(e),
                    Math.sqrt(1 + v.bound * v.bound) + e.bound);
            case 7 -> binary(binary(self, "*", self), "*", new Expr("0.25", 0.25));
            case 8 ->
                insideConditional == 0
                    ? new Expr(
                        HELPERS + ".soft(" + v.name + ", " + e.text + ")",
                        Math.log(1 + e.bound * e.bound) + 0.5 * e.bound)
                    : unary(self);
            case 9 ->
                insideConditional == 0
                    ? binary(new Expr(HELPERS + ".bump(" + v.name + ")", 3), "*", squash(e))
                    : unary(self);
            case 10 -> insideConditional == 0 ? helperCallOn(self) : unary(self);
            default -> unary(self);
          };
      if (r.bound <= LIMIT) {
        return r;
      }
    }
    return null;
  }

  private boolean compound(List<String> out, String ind) {
    Var v = assignable();
    if (v == null) {
      return false;
    }
    if (v.kind == Kind.INT || v.kind == Kind.LONG) {
      return intUpdate(out, ind, v);
    }
    Expr e = expr(2);
    boolean inLoop = carried(v);
    switch (random.nextInt(11)) {
      case 0, 1, 2, 3 -> {
        if (inLoop) {
          e = squash(e);
          double c = coefficientFor(v, e.bound);
          if (c == 0) {
            return false;
          }
          if (c < 1) {
            e = new Expr(fmt(c) + " * " + paren(e), c * e.bound);
          }
        }
        if (!accumulate(v, e.bound)) {
          return false;
        }
        boolean minus = random.nextBoolean() && !e.text.equals(v.name); // x -= x: see binary()
        out.add(ind + v.name + (minus ? " -= " : " += ") + e.text + ";");
      }
      case 4, 5, 6 -> {
        Expr s = squash(e);
        if (inLoop && s.bound > 1) {
          s = new Expr("Math.sin(" + e.text + ")", 1); // a factor at most 1: |v| cannot grow
        }
        if (!inLoop) {
          admit(v, v.bound * Math.max(1, s.bound));
        } else {
          loopOutputs.add(v);
        }
        out.add(ind + v.name + " *= " + s.text + ";");
      }
      case 7, 8 -> {
        Expr d = inLoop ? atLeastOne(e) : positive(e);
        if (!inLoop) {
          admit(v, v.bound * 2);
        } else {
          loopOutputs.add(v);
        }
        out.add(ind + v.name + " /= " + d.text + ";");
      }
      case 9 -> {
        if (insideConditional > 0) {
          return false;
        }
        Expr call = helperCallOn(e);
        if (inLoop) {
          double c = coefficientFor(v, call.bound);
          if (c == 0) {
            return false;
          }
          call = new Expr(fmt(c) + " * " + call.text, c * call.bound);
        }
        if (!accumulate(v, call.bound)) {
          return false;
        }
        out.add(ind + v.name + " += " + call.text + ";");
      }
      default -> {
        // A remainder: jumps, derivative 1 between them.
        out.add(ind + v.name + " %= 1.5;");
        if (inLoop) {
          loopOutputs.add(v);
        }
      }
    }
    return true;
  }

  /** A denominator at least 1: dividing by it never makes anything larger. */
  private Expr atLeastOne(Expr u) {
    return switch (random.nextInt(3)) {
      case 0 -> {
        Expr small = smallExpr(u);
        yield new Expr(
            "(1 + " + paren(small) + " * " + paren(small) + ")", 1 + small.bound * small.bound);
      }
      case 1 -> new Expr("(2 + Math.sin(" + u.text + "))", 3);
      default -> new Expr("(1.5 + 0.5 * Math.cos(" + u.text + "))", 2);
    };
  }

  /** Changes an int or long local, or the int parameter (unless the method recurses on it). */
  private boolean intUpdate(List<String> out, String ind) {
    List<Var> ints = assignableOf(Kind.INT);
    ints.addAll(assignableOf(Kind.LONG));
    if (ints.isEmpty()) {
      return false;
    }
    return intUpdate(out, ind, ints.get(random.nextInt(ints.size())));
  }

  private boolean intUpdate(List<String> out, String ind, Var v) {
    // Every update keeps a nonnegative value nonnegative: n stays a valid n % 3 index.
    String[] ops = {
      "++", "--", "+= 2", "*= 2", "<<= 1", ">>= 1", "&= 7", "|= 1", "^= 3", "%= 4", "/= 2", "-= 1"
    };
    String op = pick(ops);
    boolean mayGoNegative = op.equals("--") || op.equals("-= 1");
    if (mayGoNegative && v.name.equals("n")) {
      op = "++";
    }
    if (op.equals("++") || op.equals("--")) {
      out.add(ind + (random.nextBoolean() ? v.name + op : op + v.name) + ";");
    } else {
      out.add(ind + v.name + " " + op + ";");
    }
    v.bound = v.bound * 2 + 2;
    return true;
  }

  private void dataLocal(List<String> out, String ind) {
    Var n = find("n", Kind.INT);
    int roll = random.nextInt(4);
    if (roll == 0 || roll == 1 && n != null) {
      String name = freshLocal("k");
      boolean fromN = n != null && random.nextBoolean();
      String init =
          fromN
              ? "n "
                  + pick(new String[] {"+", "*", "/", "%", "<<", "^"})
                  + " "
                  + (1 + random.nextInt(3))
              : "(int) " + castable(expr(1));
      out.add(ind + "int " + name + " = " + init + ";");
      newVar(name, Kind.INT, fromN ? 40 : LIMIT);
    } else if (roll == 2) {
      String name = freshLocal("m");
      String init = n != null ? "n * 3L + 1" : "(long) " + castable(expr(1));
      out.add(ind + "long " + name + " = " + init + ";");
      newVar(name, Kind.LONG, 20);
    } else {
      String name = freshLocal("f");
      out.add(ind + "boolean " + name + " = " + cond(1) + ";");
      newVar(name, Kind.BOOLEAN, 1);
    }
  }

  /** A double parameter or local in scope. */
  private Var assignableDouble() {
    List<Var> vs = assignableOf(Kind.DOUBLE);
    return vs.isEmpty() ? null : vs.get(random.nextInt(vs.size()));
  }

  /** A double (mostly), int or long variable in scope. */
  private Var assignable() {
    List<Var> vs = new ArrayList<>(assignableOf(Kind.DOUBLE));
    if (random.nextInt(6) == 0) {
      vs.addAll(assignableOf(Kind.INT));
      vs.addAll(assignableOf(Kind.LONG));
    }
    return vs.isEmpty() ? null : vs.get(random.nextInt(vs.size()));
  }

  // ---------------------------------------------------------------------------------------------
  // Loops and local arrays
  // ---------------------------------------------------------------------------------------------

  /**
   * A trip count: its text, a bound on it, and the array dimension it is the length of (or null).
   */
  private record Trip(String text, int cap, Var rangeOf, int rangeDim) {}

  /**
   * A statement only a loop body has: an overwrite of a variable declared outside the loop, an
   * accumulation, an element write, a break or continue, a nested loop. False if none fits.
   */
  private boolean loopStatementInside(List<String> out, String ind, int nest) {
    int roll = random.nextInt(100);
    if (roll < 6 && localArrays < 4) {
      // An array made in each iteration, its length often the iteration's.
      localArray(out, ind);
      return true;
    }
    if (roll < 8 && dataUpdate(out, ind)) {
      return true;
    }
    if (roll < 22) {
      return carriedUpdate(out, ind);
    } else if (roll < 36) {
      return accumulation(out, ind);
    } else if (roll < 58) {
      return elementWrite(out, ind) || carriedUpdate(out, ind);
    } else if (roll < 78) {
      return breakOrContinue(out, ind, nest);
    } else if (nest < 4 && (loopDepth() < 2 || loopDepth() < 3 && random.nextInt(3) == 0)) {
      return loopStatement(out, ind, nest);
    }
    return false;
  }

  /**
   * A loop: for, while, do/while or enhanced for, with a small trip count. Before it, sometimes a
   * fresh accumulator or a counter; variables declared outside it get the bounds they keep inside.
   * False (and nothing written) if the loops around it already iterate too much.
   */
  private boolean loopStatement(List<String> out, String ind, int nest) {
    int outer = trips(0);
    if (outer * 2 > MAX_TRIPS) {
      return false;
    }
    loops++;
    // A fresh accumulator, or the counter of a while or do loop, is declared in the current scope.
    List<String> header = new ArrayList<>();
    int kind = random.nextInt(100);
    // Before the loop: variables declared outside it keep a bound inside it.
    for (Var v : assignableOf(Kind.DOUBLE)) {
      if (v.room == 0) {
        v.base = Math.max(v.bound, 2);
        v.bound = v.base;
      }
    }
    if (random.nextInt(3) == 0) {
      String name = freshLocal("s");
      Expr init = random.nextBoolean() ? new Expr("0", 0) : expr(1);
      if (init.bound > 4) {
        init = squash(init);
      }
      header.add(ind + "double " + name + " = " + init.text + ";");
      Var acc = newVar(name, Kind.DOUBLE, Math.max(2, init.bound));
      acc.room = 3;
      acc.bound = acc.base + acc.room;
    } else if (random.nextBoolean()) {
      List<Var> candidates = new ArrayList<>();
      for (Var v : assignableOf(Kind.DOUBLE)) {
        if (v.room == 0 && v.bound <= LIMIT - 3) {
          candidates.add(v);
        }
      }
      if (!candidates.isEmpty()) {
        Var acc = candidates.get(random.nextInt(candidates.size()));
        acc.room = Math.min(3, LIMIT - acc.bound);
        acc.bound = acc.base + acc.room;
      }
    }
    if (random.nextInt(5) == 0) {
      // An int the loop walks: indices and conditions read it, the backward sweep needs its values.
      String name = freshLocal("j");
      Var n = find("n", Kind.INT);
      header.add(
          ind + "int " + name + " = " + (n != null && random.nextBoolean() ? "n" : "0") + ";");
      Var w = newVar(name, Kind.INT, 3 * MAX_TRIPS + 5);
      w.walker = true;
    }
    String bodyInd = ind + "  ";
    List<String> body = new ArrayList<>();
    int maxCap = Math.max(2, Math.min(6, MAX_TRIPS / outer));
    if (kind < 40) {
      forLoop(out, header, body, ind, bodyInd, nest, maxCap);
    } else if (kind < 55) {
      enhancedFor(out, header, body, ind, bodyInd, nest, maxCap);
    } else if (kind < 80) {
      whileLoop(out, header, body, ind, bodyInd, nest, maxCap);
    } else {
      doLoop(out, header, body, ind, bodyInd, nest, maxCap);
    }
    return true;
  }

  /**
   * Writes the body of a loop of trip bound {@code cap}, {@code pre} and {@code post} around it.
   */
  private void loopBody(
      List<String> body,
      String ind,
      int nest,
      int cap,
      boolean continueAllowed,
      List<String> pre,
      List<String> post,
      List<Var> declaredInBody) {
    frames.add(new Frame(cap, continueAllowed));
    scopes.add(new ArrayList<>());
    for (Var v : declaredInBody) {
      declare(v);
    }
    body.addAll(pre);
    int count = 1 + random.nextInt(3) + (random.nextBoolean() ? 1 : 0);
    // The first statement is usually one only loops have, so that most loops do something.
    if (random.nextInt(10) < 7) {
      remaining--;
      cost += trips(0);
      boolean done = false;
      for (int attempt = 0; attempt < 4 && !done; attempt++) {
        done =
            switch (random.nextInt(3)) {
              case 0 -> carriedUpdate(body, ind);
              case 1 -> accumulation(body, ind);
              default -> elementWrite(body, ind);
            };
      }
      count--;
    }
    for (int i = 0; i < count; i++) {
      statement(body, ind, nest + 1);
    }
    body.addAll(post);
    closeScope();
    frames.remove(frames.size() - 1);
  }

  private void forLoop(
      List<String> out,
      List<String> header,
      List<String> body,
      String ind,
      String bodyInd,
      int nest,
      int maxCap) {
    Trip trip = trip(maxCap);
    String i = freshCounter();
    Var counter = new Var(i, Kind.INT, Math.max(1, trip.cap()), loopDepth() + 1);
    counter.isFinal = true;
    counter.counter = true;
    counter.rangeOf = trip.rangeOf();
    counter.rangeDim = trip.rangeDim();
    String h;
    List<String> post = new ArrayList<>();
    List<Var> declared = new ArrayList<>(List.of(counter));
    int form = random.nextInt(11);
    if (form < 5) {
      h = "for (int " + i + " = 0; " + i + " < " + trip.text() + "; " + inc(i) + ")";
      if (random.nextInt(10) == 0) {
        // The body moves the counter too, last (where nothing reads it before the update).
        post.add(bodyInd + inc(i) + ";");
      }
    } else if (form == 10) {
      // Two counters meeting in the middle.
      String j = freshCounter();
      while (j.equals(i)) {
        j = freshLocal("j");
      }
      Var other = new Var(j, Kind.INT, Math.max(1, trip.cap()), loopDepth() + 1);
      other.isFinal = true;
      other.counter = true;
      other.rangeOf = trip.rangeOf();
      other.rangeDim = trip.rangeDim();
      declared.add(other);
      h =
          "for (int "
              + i
              + " = 0, "
              + j
              + " = "
              + trip.text()
              + " - 1; "
              + i
              + " < "
              + j
              + "; "
              + i
              + "++, "
              + j
              + "--)";
    } else if (form < 7) {
      h = "for (int " + i + " = " + trip.text() + " - 1; " + i + " >= 0; " + dec(i) + ")";
    } else if (form < 8) {
      h = "for (int " + i + " = 0; " + i + " < " + trip.text() + "; " + i + " += 2)";
    } else if (form < 9) {
      h = "for (int " + i + " = 1; " + i + " < " + trip.text() + "; " + inc(i) + ")";
    } else {
      // A differentiated value in the condition: the trip count depends on it.
      h =
          "for (int "
              + i
              + " = 0; "
              + i
              + " < "
              + trip.text()
              + " && "
              + cond(0)
              + "; "
              + inc(i)
              + ")";
    }
    loopBody(body, bodyInd, nest, Math.max(1, trip.cap()), true, List.of(), post, declared);
    out.addAll(header);
    out.add(ind + h + " {");
    out.addAll(body);
    out.add(ind + "}");
  }

  private String inc(String i) {
    return pick(new String[] {i + "++", "++" + i, i + " += 1", i + "++"});
  }

  private String dec(String i) {
    return pick(new String[] {i + "--", "--" + i, i + " -= 1"});
  }

  private void enhancedFor(
      List<String> out,
      List<String> header,
      List<String> body,
      String ind,
      String bodyInd,
      int nest,
      int maxCap) {
    List<Var> arrays = new ArrayList<>();
    for (Var a : visible(Kind.ARRAY)) {
      if (a.maxLen <= maxCap && (!a.local || random.nextInt(3) == 0)) {
        arrays.add(a);
      }
    }
    List<Var> matrices = new ArrayList<>();
    for (Var m : visible(Kind.MATRIX)) {
      if (m.maxLen <= maxCap) {
        matrices.add(m);
      }
    }
    if (!matrices.isEmpty() && (arrays.isEmpty() || random.nextInt(3) == 0)) {
      Var m = matrices.get(random.nextInt(matrices.size()));
      if (random.nextBoolean()) {
        // for (double[] row : m): the row stands for m[i].
        String row = freshLocal("row");
        Var r =
            Var.array(
                row,
                false,
                m.active,
                row + ".length",
                m.maxCols,
                m.fixedCols,
                m.bound,
                loopDepth() + 1);
        loopBody(body, bodyInd, nest, m.maxLen, true, List.of(), List.of(), List.of(r));
        out.addAll(header);
        out.add(ind + "for (double[] " + row + " : " + m.name + ") {");
      } else if (m.maxCols <= maxCap) {
        // for (double v : m[k]).
        String v = freshLocal("e");
        Var e = new Var(v, Kind.DOUBLE, m.bound, loopDepth() + 1);
        e.isFinal = random.nextInt(4) == 0;
        // Java reads the array of an enhanced for once, Adjoint in every iteration: its index must
        // not read what the loop may change (ADJ038), so it reads no double.
        String rowText = m.name + "[" + index(m, 0, true) + "]";
        loopBody(body, bodyInd, nest, m.maxCols, true, List.of(), List.of(), List.of(e));
        out.addAll(header);
        out.add(
            ind
                + "for ("
                + (e.isFinal ? "final double " : "double ")
                + v
                + " : "
                + rowText
                + ") {");
      } else {
        forLoop(out, header, body, ind, bodyInd, nest, maxCap);
        return;
      }
    } else if (!arrays.isEmpty()) {
      Var a = arrays.get(random.nextInt(arrays.size()));
      String v = freshLocal("e");
      Var e = new Var(v, Kind.DOUBLE, a.bound, loopDepth() + 1);
      loopBody(body, bodyInd, nest, a.maxLen, true, List.of(), List.of(), List.of(e));
      out.addAll(header);
      out.add(
          ind
              + "for ("
              + (random.nextInt(4) == 0 ? "var " : "double ")
              + v
              + " : "
              + a.name
              + ") {");
    } else {
      forLoop(out, header, body, ind, bodyInd, nest, maxCap);
      return;
    }
    out.addAll(body);
    out.add(ind + "}");
  }

  /**
   * A while loop: on a counter with a hard cap (and sometimes a condition on differentiated
   * values); or on such a condition alone, a counter breaking out after the cap; or {@code while
   * (true)} with the same break. The counter is incremented first, or last where no continue can
   * skip it.
   */
  private void whileLoop(
      List<String> out,
      List<String> header,
      List<String> body,
      String ind,
      String bodyInd,
      int nest,
      int maxCap) {
    Trip trip = trip(maxCap);
    String k = freshLocal("k");
    header.add(ind + "int " + k + " = 0;");
    Var counter = newVar(k, Kind.INT, trip.cap() + 1);
    counter.isFinal = true;
    counter.counter = true;
    int form = random.nextInt(10);
    String h;
    List<String> pre = new ArrayList<>();
    List<String> post = new ArrayList<>();
    boolean first = random.nextBoolean();
    if (form < 5) {
      h = "while (" + k + " < " + trip.text() + ")";
    } else if (form < 7) {
      h = "while (" + k + " < " + trip.text() + " && " + cond(0) + ")";
    } else if (form < 9) {
      // A constant condition is no loop: javac refuses while (false) as unreachable.
      String c = cond(1);
      for (int attempt = 0; attempt < 5 && isConstant(c); attempt++) {
        c = cond(1);
      }
      h = "while (" + (isConstant(c) ? k + " >= 0 && " + c : c) + ")";
      pre.add(bodyInd + inc(k) + ";");
      pre.add(bodyInd + "if (" + k + " > " + trip.text() + ") {");
      pre.add(bodyInd + "  break;");
      pre.add(bodyInd + "}");
      first = true;
    } else {
      h = "while (true)";
      String stop =
          random.nextBoolean()
              ? k + " >= " + trip.text()
              : k + " >= " + trip.text() + " || " + cond(0);
      pre.add(bodyInd + "if (" + stop + ") {");
      pre.add(bodyInd + "  break;");
      pre.add(bodyInd + "}");
      pre.add(bodyInd + inc(k) + ";");
      first = true;
    }
    if (form < 7) {
      (first ? pre : post).add(bodyInd + inc(k) + ";");
    }
    loopBody(body, bodyInd, nest, Math.max(1, trip.cap()), first, pre, post, List.of());
    out.addAll(header);
    out.add(ind + h + " {");
    out.addAll(body);
    out.add(ind + "}");
  }

  /** A do/while loop on a counter with a hard cap, sometimes also a differentiated condition. */
  private void doLoop(
      List<String> out,
      List<String> header,
      List<String> body,
      String ind,
      String bodyInd,
      int nest,
      int maxCap) {
    Trip trip = trip(maxCap);
    String k = freshLocal("k");
    header.add(ind + "int " + k + " = 0;");
    Var counter = newVar(k, Kind.INT, trip.cap() + 1);
    counter.isFinal = true;
    counter.counter = true;
    boolean first = random.nextBoolean();
    List<String> pre = new ArrayList<>();
    List<String> post = new ArrayList<>();
    (first ? pre : post).add(bodyInd + inc(k) + ";");
    String c = k + " < " + trip.text();
    int form = random.nextInt(3);
    String condition = form == 0 ? c + " && " + cond(0) : form == 1 ? cond(0) + " && " + c : c;
    loopBody(body, bodyInd, nest, Math.max(1, trip.cap()), first, pre, post, List.of());
    out.addAll(header);
    out.add(ind + "do {");
    out.addAll(body);
    out.add(ind + "} while (" + condition + ");");
  }

  /** A trip count at most {@code maxCap} (at least 2), from constants, data and array lengths. */
  private Trip trip(int maxCap) {
    // A trip count is a condition of the loop: see insideCondition.
    insideCondition++;
    try {
      return tripOnce(maxCap);
    } finally {
      insideCondition--;
    }
  }

  private Trip tripOnce(int maxCap) {
    for (int attempt = 0; attempt < 10; attempt++) {
      int roll = random.nextInt(100);
      if (roll < 15) {
        int c = 2 + random.nextInt(Math.max(1, maxCap - 1));
        return new Trip(Integer.toString(c), c, null, 0);
      } else if (roll < 35) {
        Var n = find("n", Kind.INT);
        if (n != null) {
          if (n.bound <= maxCap && n.bound <= 6) {
            return random.nextBoolean()
                ? new Trip("n", (int) n.bound, null, 0)
                : new Trip(
                    "Math.min(n, " + Math.min(4, maxCap) + ")", Math.min(4, maxCap), null, 0);
          }
          if (maxCap >= 4) {
            return new Trip("n % 4 + 1", 4, null, 0);
          }
          if (maxCap >= 3) {
            return new Trip("n % 3 + 1", 3, null, 0);
          }
        }
      } else if (roll < 60) {
        List<Var> arrays = new ArrayList<>(visible(Kind.ARRAY));
        arrays.addAll(visible(Kind.MATRIX));
        if (!arrays.isEmpty()) {
          Var a = arrays.get(random.nextInt(arrays.size()));
          if (a.kind == Kind.MATRIX && random.nextBoolean()) {
            // The columns, of a row a counter of the rows picks, or of the first.
            if (a.maxCols <= maxCap) {
              String colsOf = a.cols;
              for (Var c : visible(Kind.INT)) {
                if (c.counter && c.rangeOf == a && c.rangeDim == 0 && random.nextBoolean()) {
                  colsOf = a.name + "[" + c.name + "].length";
                }
              }
              return new Trip(colsOf, a.maxCols, a, 1);
            }
          } else if (a.maxLen <= maxCap) {
            return new Trip(a.len, a.maxLen, a, 0);
          }
        }
      } else if (roll < 72) {
        List<Var> ints = new ArrayList<>();
        for (Var v : visible(Kind.INT)) {
          if (v.bound <= maxCap && !v.name.equals("n") && !v.walker) {
            ints.add(v);
          }
        }
        if (!ints.isEmpty()) {
          Var v = ints.get(random.nextInt(ints.size()));
          return new Trip(v.name, (int) Math.max(1, v.bound), null, 0);
        }
      } else if (roll < 80) {
        if (maxCap >= 3) {
          return new Trip("STEPS + 1", 3, null, 0);
        }
        return new Trip("STEPS", 2, null, 0);
      } else if (roll < 85) {
        if (instance && maxCap >= 3) {
          return new Trip("count", 3, null, 0);
        }
        if (hasIntArray && maxCap >= 4) {
          return new Trip("q[" + random.nextInt(ARRAY_LENGTH) + "] % 4 + 1", 4, null, 0);
        }
      } else if (maxCap >= 3) {
        // An int computed from differentiated values: the trip count depends on them.
        return random.nextBoolean()
            ? new Trip(HELPERS + ".bucket(" + expr(1).text + ") + 1", 3, null, 0)
            : new Trip("(int) (1.5 + 1.5 * Math.tanh(" + expr(1).text + "))", 3, null, 0);
      }
    }
    return new Trip("2", 2, null, 0);
  }

  /**
   * {@code double[] u = new double[len];} or {@code double[][] g = new double[r][c];}, outside
   * every loop; some have room for accumulations into their elements.
   */
  private void localArray(List<String> out, String ind) {
    localArrays++;
    remaining--;
    Var n = find("n", Kind.INT);
    Var counter = null;
    if (loopDepth() > 0 && random.nextBoolean()) {
      List<Var> counters = new ArrayList<>();
      for (Var v : visible(Kind.INT)) {
        if (v.counter && v.loopDepth < loopDepth()) {
          counters.add(v);
        }
      }
      counter = counters.isEmpty() ? null : counters.get(random.nextInt(counters.size()));
    }
    List<Var> params = new ArrayList<>();
    for (Var a : visible(Kind.ARRAY)) {
      if (!a.local && a.fixedLen > 0) {
        params.add(a);
      }
    }
    double room = random.nextInt(3) == 0 ? 2 : 0;
    if (random.nextInt(4) == 0) {
      String name = freshLocal("g");
      String[] rows = lengthExpr(n, counter, params, 3);
      String[] cols = lengthExpr(n, counter, params, 4);
      out.add(ind + "double[][] " + name + " = new double[" + rows[0] + "][" + cols[0] + "];");
      Var g =
          Var.array(
              name,
              true,
              true,
              name + ".length",
              Integer.parseInt(rows[1]),
              Integer.parseInt(rows[2]),
              2 + room,
              loopDepth());
      g.kind = Kind.MATRIX;
      g.cols = name + "[0].length";
      g.maxCols = Integer.parseInt(cols[1]);
      g.fixedCols = Integer.parseInt(cols[2]);
      g.base = 2;
      g.room = room;
      g.madeInLoop = loopDepth() > 0;
      declare(g);
    } else {
      String name = freshLocal("u");
      String[] len = lengthExpr(n, counter, params, 5);
      out.add(ind + "double[] " + name + " = new double[" + len[0] + "];");
      Var a =
          Var.array(
              name,
              true,
              true,
              name + ".length",
              Integer.parseInt(len[1]),
              Integer.parseInt(len[2]),
              2 + room,
              loopDepth());
      a.base = 2;
      a.room = room;
      a.madeInLoop = loopDepth() > 0;
      declare(a);
    }
  }

  /**
   * A length of at least 1: {text, bound, exact value or -1}; from {@code counter}, a counter of
   * a loop around, when not null (a length that changes from one iteration to the next).
   */
  private String[] lengthExpr(Var n, Var counter, List<Var> arrays, int max) {
    if (counter != null) {
      return new String[] {counter.name + " % " + (max - 1) + " + 1", Integer.toString(max - 1), "-1"};
    }
    return lengthExpr(n, arrays, max);
  }

  /** A length of at least 1: {text, bound, exact value or -1}. */
  private String[] lengthExpr(Var n, List<Var> arrays, int max) {
    int roll = random.nextInt(10);
    if (roll < 3) {
      return new String[] {"3", "3", "3"};
    } else if (roll < 5 && !arrays.isEmpty()) {
      Var a = arrays.get(random.nextInt(arrays.size()));
      return new String[] {a.len, Integer.toString(a.maxLen), Integer.toString(a.fixedLen)};
    } else if (roll < 7 && n != null) {
      if (n.bound + 1 <= max) {
        return new String[] {"n + 1", Integer.toString((int) n.bound + 1), "-1"};
      }
      return new String[] {"n % " + (max - 1) + " + 1", Integer.toString(max - 1), "-1"};
    } else if (roll < 8) {
      return new String[] {"STEPS", "2", "2"};
    }
    int c = 1 + random.nextInt(max);
    return new String[] {Integer.toString(c), Integer.toString(c), Integer.toString(c)};
  }

  /**
   * A write of an element of a local array or matrix: an overwrite (often reading the element
   * itself or a neighbour), a scaling by a factor at most 1 or a divisor at least 1, a relaxation
   * {@code u[i] += 0.5 * (s - u[i])}, or an accumulation within the array's room.
   */
  private boolean elementWrite(List<String> out, String ind) {
    List<Var> locals = new ArrayList<>();
    for (Var a : visible(Kind.ARRAY)) {
      if (a.local) {
        locals.add(a);
      }
    }
    for (Var m : visible(Kind.MATRIX)) {
      if (m.local) {
        locals.add(m);
      }
    }
    if (locals.isEmpty()) {
      return false;
    }
    Var a = locals.get(random.nextInt(locals.size()));
    String target = a.kind == Kind.MATRIX ? matrixElement(a) : a.name + "[" + index(a, 0) + "]";
    String other = a.kind == Kind.MATRIX ? matrixElement(a) : a.name + "[" + index(a, 0) + "]";
    Expr e = expr(2);
    String s1 = squashAtMostOne(e).text;
    String line;
    switch (random.nextInt(12)) {
      case 0, 1, 2 -> {
        Expr v = e.bound <= a.base ? e : squash(e);
        if (v.bound > a.base) {
          v = new Expr("Math.sin(" + e.text + ")", 1);
        }
        line = target + " = " + v.text + ";";
      }
      case 3 -> {
        // Overwrites an element with a function of itself.
        line = target + " = Math.sin(" + target + " + " + paren(e) + ");";
      }
      case 4 -> {
        double c = a.bound <= 2 ? 0.5 : 0.25;
        line = target + " = " + fmt(c) + " * " + other + " + 0.5 * " + s1 + ";";
      }
      case 5 -> line = target + " *= " + s1 + ";";
      case 6 -> line = target + " /= " + atLeastOne(e).text + ";";
      case 7 -> {
        if (a.bound > 2) {
          line = target + " = 0.25 * " + target + " + 0.5 * " + s1 + ";";
        } else {
          line = target + " += 0.5 * (" + s1 + " - " + target + ");";
        }
      }
      case 8 ->
          line =
              random.nextInt(4) == 0 ? target + " %= 1.5;" : target + " -= 0.5 * " + target + ";";
      default -> {
        // An accumulation: within the room the array was given.
        Expr inc = random.nextInt(3) == 0 && insideConditional == 0 ? helperCallOn(e) : squash(e);
        double c = coefficientFor(a, inc.bound);
        if (c == 0 || !accumulate(a, c * inc.bound)) {
          line = target + " = " + s1 + ";";
        } else if (c == 1 && inc.bound <= 1 && random.nextInt(4) == 0) {
          line = target + (random.nextBoolean() ? "++;" : "--;");
        } else {
          line =
              target
                  + (random.nextBoolean() ? " += " : " -= ")
                  + (c == 1 ? inc.text : fmt(c) + " * " + paren(inc))
                  + ";";
        }
      }
    }
    out.add(ind + line);
    loopOutputs.add(a);
    return true;
  }

  /**
   * A change, inside a loop, of data declared outside it: an int the loop walks ({@code j += 2},
   * {@code j = (3 * j + 1) % 7}), or a boolean ({@code f = f || x > 0.5}). False if there is none.
   */
  private boolean dataUpdate(List<String> out, String ind) {
    List<Var> walkers = new ArrayList<>();
    for (Var v : visible(Kind.INT)) {
      if (v.walker) {
        walkers.add(v);
      }
    }
    List<Var> flags = new ArrayList<>();
    for (Var v : visible(Kind.BOOLEAN)) {
      if (!v.isFinal) {
        flags.add(v);
      }
    }
    if (!walkers.isEmpty() && (flags.isEmpty() || random.nextBoolean())) {
      Var w = walkers.get(random.nextInt(walkers.size()));
      out.add(
          ind
              + switch (random.nextInt(4)) {
                case 0 -> w.name + " += " + (1 + random.nextInt(3)) + ";";
                case 1 -> w.name + " = (" + w.name + " * 3 + 1) % 7;";
                case 2 -> w.name + "++;";
                default -> w.name + " ^= 1;";
              });
      return true;
    }
    if (!flags.isEmpty()) {
      Var f = flags.get(random.nextInt(flags.size()));
      out.add(
          ind
              + switch (random.nextInt(3)) {
                case 0 -> f.name + " = " + cond(1) + ";";
                case 1 -> f.name + " = " + f.name + " || " + cond(1) + ";";
                default -> f.name + " = !" + f.name + ";";
              });
      return true;
    }
    return false;
  }

  /** {@code squash(e)} with a bound of at most 1. */
  private Expr squashAtMostOne(Expr e) {
    return switch (random.nextInt(3)) {
      case 0 -> new Expr("Math.sin(" + e.text + ")", 1);
      case 1 -> new Expr("Math.tanh(" + e.text + ")", 1);
      default -> new Expr("(0.5 + 0.5 * Math.cos(" + e.text + "))", 1);
    };
  }

  /**
   * An overwrite, inside a loop, of a variable declared outside it, keeping its bound: a squashed
   * function of itself, a relaxation {@code x = 0.5 * x + ...}, a factor at most 1, a divisor at
   * least 1, a call of a helper or an earlier method squashed, or any expression that stays within
   * the bound.
   */
  private boolean carriedUpdate(List<String> out, String ind) {
    List<Var> vs = new ArrayList<>();
    for (Var v : assignableOf(Kind.DOUBLE)) {
      if (carried(v) && v.room == 0) {
        vs.add(v);
      }
    }
    if (vs.isEmpty()) {
      return false;
    }
    Var v = vs.get(random.nextInt(vs.size()));
    for (int attempt = 0; attempt < 6; attempt++) {
      Expr e = expr(random.nextInt(3));
      Expr self = new Expr(v.name, v.bound);
      String line;
      double nb;
      switch (random.nextInt(12)) {
        case 0 -> {
          Expr s = squash(binary(self, random.nextBoolean() ? "+" : "*", e));
          line = v.name + " = " + s.text + ";";
          nb = s.bound;
        }
        case 1 -> {
          line = v.name + " = 0.5 * " + v.name + " + 0.5 * " + squashAtMostOne(e).text + ";";
          nb = 0.5 * v.bound + 0.5;
        }
        case 2 -> {
          line = v.name + " = Math.sin(" + v.name + ") + 0.5 * " + squashAtMostOne(e).text + ";";
          nb = 1.5;
        }
        case 3 -> {
          line = v.name + " *= " + squashAtMostOne(e).text + ";";
          nb = 0;
        }
        case 4 -> {
          line = v.name + " /= " + atLeastOne(e).text + ";";
          nb = 0;
        }
        case 5 -> {
          line = v.name + " = Math.cos(" + v.name + " * " + paren(squash(e)) + ");";
          nb = 1;
        }
        case 6 -> {
          if (insideConditional > 0) {
            continue;
          }
          line =
              v.name + " = " + HELPERS + ".soft(" + v.name + ", " + squashAtMostOne(e).text + ");";
          nb = Math.log(2) + 0.5;
        }
        case 7 -> {
          Expr call = arrayCall(v);
          if (call == null) {
            continue;
          }
          line = v.name + " = " + call.text + ";";
          nb = call.bound;
        }
        case 8 -> {
          if (insideConditional > 0 || sameClassCallable.isEmpty()) {
            continue;
          }
          Expr call =
              sameClassCall(sameClassCallable.get(random.nextInt(sameClassCallable.size())), 1);
          if (call == null) {
            continue;
          }
          line = v.name + " = Math.tanh(" + call.text + " + " + v.name + ");";
          nb = 1;
        }
        case 9 -> {
          // A conditional update, both branches keeping the bound.
          line =
              v.name
                  + " = "
                  + cond(1)
                  + " ? "
                  + squashAtMostOne(binary(self, "+", e)).text
                  + " : 0.5 * "
                  + v.name
                  + ";";
          nb = Math.max(1, 0.5 * v.bound);
        }
        default -> {
          Expr r = random.nextBoolean() ? selfExpr(v) : expr(3);
          if (r == null) {
            continue;
          }
          line = v.name + " = " + r.text + ";";
          nb = r.bound;
        }
      }
      if (nb <= v.base) {
        out.add(ind + line);
        loopOutputs.add(v);
        return true;
      }
    }
    return false;
  }

  /** {@code x = 0.5 * Helpers.relax(x, arr)} and other calls of array helpers, or null. */
  private Expr arrayCall(Var v) {
    List<String> arrays = arrayArguments(false, true);
    if (arrays.isEmpty() || insideConditional > 0) {
      return null;
    }
    String a = arrays.get(random.nextInt(arrays.size()));
    return switch (random.nextInt(3)) {
        // relax(x, u) = 0.5 * x + 0.5 * sin(...) after one step, and never larger after more.
      case 0 -> new Expr(HELPERS + ".relax(" + v.name + ", " + a + ")", 0.5 * v.bound + 0.5);
      case 1 ->
          new Expr("0.25 * " + HELPERS + ".mean(" + a + ") + 0.5 * Math.sin(" + v.name + ")", 1.5);
      default ->
          new Expr("Math.tanh(" + HELPERS + ".dot(" + a + ", " + a + ") - " + v.name + ")", 1);
    };
  }

  /** An accumulation into an accumulator variable: {@code s += c * ...}, within its room. */
  private boolean accumulation(List<String> out, String ind) {
    List<Var> vs = new ArrayList<>();
    for (Var v : assignableOf(Kind.DOUBLE)) {
      if (carried(v) && v.room > v.used) {
        vs.add(v);
      }
    }
    if (vs.isEmpty()) {
      return elementWrite(out, ind);
    }
    Var v = vs.get(random.nextInt(vs.size()));
    Expr e = expr(random.nextInt(3));
    Expr inc =
        switch (random.nextInt(6)) {
          case 0, 1 -> squash(e);
          case 2 -> squashAtMostOne(binary(e, "*", new Expr(v.name, v.bound)));
          case 3 -> {
            Expr call = insideConditional == 0 ? arrayReduction() : null;
            yield call != null ? call : squash(e);
          }
          case 4 -> insideConditional == 0 ? helperCallOn(squash(e)) : squash(e);
          default -> e.bound <= 2 ? e : squash(e);
        };
    double c = coefficientFor(v, inc.bound);
    if (c == 0 || !accumulate(v, c * inc.bound)) {
      return false;
    }
    if (c == 1 && inc.bound <= 1 && random.nextInt(5) == 0) {
      out.add(ind + v.name + (random.nextBoolean() ? "++;" : "--;"));
      return true;
    }
    String term = c == 1 ? inc.text : fmt(c) + " * " + paren(inc);
    out.add(ind + v.name + (random.nextInt(4) == 0 ? " -= " : " += ") + term + ";");
    return true;
  }

  /**
   * A helper call reducing an array to a number: mean, logSumExp, dot, weigh, smoothNorm; or a
   * whole matrix to one, matrixEnergy.
   */
  private Expr arrayReduction() {
    List<String> matrices = new ArrayList<>();
    for (Var m : visible(Kind.MATRIX)) {
      if (!m.madeInLoop) {
        matrices.add(m.name);
      }
    }
    if (!matrices.isEmpty() && random.nextInt(4) == 0) {
      return new Expr(
          HELPERS + ".matrixEnergy(" + matrices.get(random.nextInt(matrices.size())) + ")", 1);
    }
    List<String> arrays = arrayArguments(false, true);
    if (arrays.isEmpty()) {
      return null;
    }
    String a = arrays.get(random.nextInt(arrays.size()));
    String b = arrays.get(random.nextInt(arrays.size()));
    switch (random.nextInt(5)) {
      case 0 -> {
        return new Expr(HELPERS + ".mean(" + a + ")", 4);
      }
      case 1 -> {
        return new Expr(HELPERS + ".logSumExp(" + a + ")", 6);
      }
      case 2 -> {
        return new Expr(HELPERS + ".dot(" + a + ", " + b + ")", 16);
      }
      case 3 -> {
        List<String> data = arrayArguments(true, true);
        if (data.isEmpty()) {
          return new Expr(HELPERS + ".smoothNorm(" + a + ")", 5);
        }
        return new Expr(
            HELPERS + ".weigh(" + a + ", " + data.get(random.nextInt(data.size())) + ")", 4);
      }
      default -> {
        return new Expr(HELPERS + ".smoothNorm(" + a + ")", 5);
      }
    }
  }

  /**
   * Arrays that can be passed to a double[] parameter here: array variables and rows of matrices;
   * only data ones if {@code dataOnly}; only ones of length {@link #ARRAY_LENGTH} unless {@code
   * anyLength}.
   */
  private List<String> arrayArguments(boolean dataOnly, boolean anyLength) {
    List<String> out = new ArrayList<>();
    for (Var a : visible(Kind.ARRAY)) {
      // An array made in a loop too: the callee gets the iteration's array, of its length.
      if ((!dataOnly || !a.active) && (anyLength || a.fixedLen == ARRAY_LENGTH)) {
        out.add(a.name);
      }
    }
    for (Var m : visible(Kind.MATRIX)) {
      if ((!dataOnly || !m.active) && (anyLength || m.fixedCols == ARRAY_LENGTH)) {
        out.add(m.name + "[" + index(m, 0) + "]");
      }
    }
    return out;
  }

  /**
   * {@code break} or {@code continue} (where the loop allows it: a counter incremented first) under
   * a condition, usually on differentiated values; sometimes after a statement, or in an else.
   */
  private boolean breakOrContinue(List<String> out, String ind, int nest) {
    Frame f = frames.get(frames.size() - 1);
    String jump = f.continueAllowed() && random.nextBoolean() ? "continue;" : "break;";
    String c =
        random.nextInt(6) == 0 && !visible(Kind.INT).isEmpty() ? counterCondition() : cond(1);
    int form = random.nextInt(4);
    if (form == 0) {
      out.add(ind + "if (" + c + ") " + jump);
    } else if (form == 1 || nest >= 3) {
      out.add(ind + "if (" + c + ") {");
      out.add(ind + "  " + jump);
      out.add(ind + "}");
    } else if (form == 2) {
      List<String> then = new ArrayList<>();
      scopes.add(new ArrayList<>());
      statement(then, ind + "  ", nest + 1);
      closeScope();
      out.add(ind + "if (" + c + ") {");
      out.addAll(then);
      out.add(ind + "  " + jump);
      out.add(ind + "}");
    } else {
      List<String> then = branch(ind, nest, Ending.OPEN);
      out.add(ind + "if (" + c + ") {");
      out.addAll(then);
      out.add(ind + "} else {");
      out.add(ind + "  " + jump);
      out.add(ind + "}");
    }
    return true;
  }

  /**
   * Whether {@code text} may be a constant expression: it names nothing but literals, {@code
   * Math.PI}, {@code Math.E} and the class's constants (a call, a variable or a non-final field
   * makes it not one).
   */
  private static boolean isConstant(String text) {
    String rest = text.replace("Math.PI", "").replace("Math.E", "");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?<![\\w.])[A-Za-z_]\\w*").matcher(rest);
    while (m.find()) {
      if (!List.of("K", "STEPS", "HALF", "true", "false").contains(m.group())) {
        return false;
      }
    }
    return true;
  }

  /** A condition on an int, usually a counter: {@code i == 2}, {@code k % 2 == 1}. */
  private String counterCondition() {
    List<Var> ints = visible(Kind.INT);
    Var v = ints.get(random.nextInt(ints.size()));
    return switch (random.nextInt(3)) {
      case 0 -> v.name + " == " + random.nextInt(3);
      case 1 -> v.name + " % 2 == 1";
      default -> v.name + " >= " + (1 + random.nextInt(3));
    };
  }

  /** An element of matrix {@code m}: {@code m[r][c]} with indices in bounds. */
  private String matrixElement(Var m) {
    String r = index(m, 0);
    String c = index(m, 1);
    return m.name + "[" + r + "][" + c + "]";
  }

  /**
   * An index into dimension {@code dim} (0: the array, or a matrix's rows; 1: a matrix's columns)
   * of {@code a}, in bounds: a counter over it, a constant, counter arithmetic modulo the length,
   * {@code floorMod} of any int, a data-dependent {@code bucket}.
   */
  private String index(Var a, int dim) {
    return index(a, dim, false);
  }

  /** An index as {@link #index(Var, int)}; reading only ints (never changed in loops) if told. */
  private String index(Var a, int dim, boolean intsOnly) {
    String len = dim == 0 ? a.len : a.cols;
    int fixed = dim == 0 ? a.fixedLen : a.fixedCols;
    List<Var> counters = new ArrayList<>();
    List<Var> direct = new ArrayList<>();
    List<Var> ints = visible(Kind.INT);
    if (intsOnly) {
      ints.removeIf(v -> v.walker);
    }
    for (Var v : ints) {
      if (v.counter) {
        counters.add(v);
        if (v.rangeOf != null
            && (v.rangeOf == a && v.rangeDim == dim
                || fixed > 0
                    && fixed == (v.rangeDim == 0 ? v.rangeOf.fixedLen : v.rangeOf.fixedCols))) {
          direct.add(v);
        }
      }
    }
    int roll = random.nextInt(100);
    if (!direct.isEmpty() && roll < 45) {
      return direct.get(random.nextInt(direct.size())).name;
    }
    if (roll >= 96
        && !intsOnly
        && a.kind == Kind.ARRAY
        && !insideIndex
        && !AVOID_INDEX_READING_ITS_ARRAY) {
      // An index read from the array itself (which an element write may then overwrite).
      insideIndex = true;
      String inner = a.name + "[" + index(a, 0) + "]";
      insideIndex = false;
      return HELPERS + ".bucket(" + inner + ") % " + len;
    }
    if (roll < 55 && fixed == ARRAY_LENGTH && a.kind == Kind.ARRAY && !a.local && !intsOnly) {
      return index(); // the forms for parameters of length 3
    }
    if (roll < 62 || ints.isEmpty() && roll < 90) {
      if (fixed > 0) {
        return Integer.toString(random.nextInt(fixed));
      }
      return random.nextBoolean() ? "0" : len + " - 1";
    }
    if (!counters.isEmpty() && roll < 88) {
      Var c = counters.get(random.nextInt(counters.size()));
      Var c2 = counters.get(random.nextInt(counters.size()));
      return switch (random.nextInt(5)) {
        case 0 -> c.name + " % " + len;
        case 1 -> "(" + c.name + " + 1) % " + len;
        case 2 -> "Math.floorMod(" + c.name + " - 1, " + len + ")";
        case 3 -> "(" + c.name + " + " + c2.name + ") % " + len;
        default -> len + " - 1 - " + c.name + " % " + len;
      };
    }
    if (!ints.isEmpty() && (roll < 96 || intsOnly)) {
      Var v = ints.get(random.nextInt(ints.size()));
      return random.nextBoolean()
          ? "Math.floorMod(" + v.name + ", " + len + ")"
          : "Math.floorMod(2 * " + v.name + " + 1, " + len + ")";
    }
    if (intsOnly || AVOID_INDEX_READING_ITS_ARRAY && a.local) {
      return "0";
    }
    return HELPERS + ".bucket(" + expr(0).text + ") % " + len;
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions
  // ---------------------------------------------------------------------------------------------

  /** Expression text and a bound on its magnitude. */
  record Expr(String text, double bound) {}

  private Expr expr(int depth) {
    for (int attempt = 0; attempt < 12; attempt++) {
      Expr e = exprOnce(depth);
      if (e != null && e.bound <= LIMIT) {
        return e;
      }
    }
    return new Expr("Math.sin(" + leaf().text + ")", 1);
  }

  private Expr exprOnce(int depth) {
    if (depth <= 0) {
      return leaf();
    }
    int roll = random.nextInt(100);
    if (roll < 14) {
      return leaf();
    } else if (roll < 32) {
      return binary(expr(depth - 1), random.nextBoolean() ? "+" : "-", expr(depth - 1));
    } else if (roll < 44) {
      return binary(expr(depth - 1), "*", expr(depth - 1));
    } else if (roll < 51) {
      return binary(expr(depth - 1), "/", positive(expr(depth - 1)));
    } else if (roll < 75) {
      return unary(expr(depth - 1));
    } else if (roll < 83) {
      return binaryFunction(expr(depth - 1), expr(depth - 1));
    } else if (roll < 88) {
      // Calls in a nested ?: once gave ADJ042; they are generated there too since the fix.
      String c = cond(1);
      Expr a = expr(depth - 1);
      Expr b = expr(depth - 1);
      return new Expr("(" + c + " ? " + a.text + " : " + b.text + ")", Math.max(a.bound, b.bound));
    } else if (roll < 93 && insideConditional == 0) {
      if (random.nextInt(3) == 0) {
        Expr call = arrayReduction();
        if (call != null) {
          return call;
        }
      }
      return helperCall(depth);
    } else if (roll < 95 && insideConditional == 0 && !sameClassCallable.isEmpty()) {
      return sameClassCall(sameClassCallable.get(random.nextInt(sameClassCallable.size())), depth);
    } else if (roll < 96
        && insideConditional == 0
        && self != null
        && selfCalls < 2
        && loopDepth() == 0) {
      selfCalls++;
      return sameClassCall(self, depth);
    } else if (roll < 98) {
      Expr a = expr(depth - 1);
      return new Expr("-" + paren(a), a.bound);
    } else if (roll < 99) {
      // A remainder or a cast to int: jumps, derivative 1 or 0 between them.
      Expr a = expr(depth - 1);
      return random.nextBoolean()
          ? new Expr("(" + a.text + " % 1.75)", Math.min(a.bound, 1.75))
          : new Expr("0.5 * (int) " + castable(a), a.bound);
    } else {
      // Piecewise constant: derivative 0.
      // (signum(0.5 * x): Math.signum(3) would be signum(float), and float is refused, ADJ037.)
      Expr a = expr(depth - 1);
      String f = pick(new String[] {"floor", "ceil", "rint", "signum"});
      String arg = f.equals("signum") ? "0.5 * " + paren(a) : a.text;
      return new Expr("Math." + f + "(" + arg + ")", a.bound + 1);
    }
  }

  private Expr leaf() {
    int roll = random.nextInt(100);
    if (roll < 13) {
      return constant();
    }
    if (roll < 28) {
      List<Var> arrays = new ArrayList<>(visible(Kind.ARRAY));
      arrays.addAll(visible(Kind.MATRIX));
      if (!arrays.isEmpty()) {
        Var a = arrays.get(random.nextInt(arrays.size()));
        return new Expr(
            a.kind == Kind.MATRIX ? matrixElement(a) : a.name + "[" + index(a, 0) + "]", a.bound);
      }
    }
    if (roll < 34) {
      List<Var> ints = new ArrayList<>(visible(Kind.INT));
      ints.addAll(visible(Kind.LONG));
      if (!ints.isEmpty()) {
        Var v = ints.get(random.nextInt(ints.size()));
        String s = fmt(1.0 / Math.max(1, v.bound));
        if (v.kind == Kind.LONG) {
          return new Expr(
              random.nextBoolean() ? "(double) " + v.name + " * " + s : s + " * " + v.name, 1);
        }
        String form =
            pick(
                new String[] {
                  "(double) %s * S",
                  "S * %s",
                  "S * (%s / 2)",
                  "S * (%s %% 3)",
                  "S * (%s & 3)",
                  "S * (%s >> 1)",
                  "S * (%s * %s - 1)"
                });
        double bound = form.contains("* %s - 1") ? Math.max(1, v.bound) : 1;
        return new Expr(String.format(form.replace("S", s), v.name, v.name), bound);
      }
    }
    if (roll < 37) {
      if (instance && random.nextBoolean()) {
        return new Expr(pick(new String[] {"f0", "this.f1", "(f1 * count)", "this.f0"}), 3.75);
      }
      return new Expr(
          pick(new String[] {"K", "scale", "HALF", "0.5 * STEPS", "Math.E", "(-K)"}), Math.E);
    }
    if (roll < 40 && hasIntArray) {
      return new Expr(
          pick(
              new String[] {
                "0.2 * q[" + index() + "]", "0.5 * q.length", "(double) q[q.length - 1] * 0.2"
              }),
          1.5);
    }
    if (roll < 41) {
      List<Var> arrays = visible(Kind.ARRAY);
      if (!arrays.isEmpty()) {
        Var a = arrays.get(random.nextInt(arrays.size()));
        return random.nextInt(4) == 0
            ? new Expr("0.25 * " + a.len, 0.25 * a.maxLen)
            : new Expr(a.name + "[" + a.len + " - 1]", a.bound);
      }
    }
    if (roll < 44 && roll >= 42) {
      // The class's own pow, exp, sqrt and abs, named like Math's: data, never Math's.
      Var n = find("n", Kind.INT);
      String k =
          n != null && random.nextBoolean()
              ? "n % 4"
              : HELPERS + ".bucket(" + expr(0).text + ")";
      String x =
          n != null && random.nextBoolean()
              ? "0.2 * (n % 4)"
              : pick(new String[] {"K", "0.5", "scale"});
      return switch (random.nextInt(4)) {
        case 0 -> new Expr("pow(" + x + ", " + k + ")", 2.1);
        case 1 -> new Expr("exp(" + k + ")", 2.5);
        case 2 -> new Expr("sqrt(" + x + ")", 2);
        default -> new Expr("0.25 * abs(" + k + ")", 1);
      };
    }
    if (roll < 42) {
      // Plain helpers: a double from data, an int from anything.
      Var n = find("n", Kind.INT);
      return random.nextBoolean()
          ? new Expr(HELPERS + ".plainScale(" + (n != null ? "n % 4" : "2") + ")", 1.75)
          : new Expr("0.5 * " + HELPERS + ".bucket(" + expr(0).text + ")", 1);
    }
    List<Var> doubles = visible(Kind.DOUBLE);
    Var v = doubles.get(random.nextInt(doubles.size()));
    if (random.nextInt(60) == 0) {
      return new Expr("(+" + v.name + ")", v.bound);
    }
    return new Expr(v.name, v.bound);
  }

  private String index() {
    List<Var> ints = visible(Kind.INT);
    int roll = random.nextInt(10);
    if (hasIntArray && roll == 9) {
      return "q[" + random.nextInt(ARRAY_LENGTH) + "] % " + ARRAY_LENGTH;
    }
    if (roll == 8 && random.nextBoolean()) {
      return HELPERS + ".bucket(" + expr(0).text + ")"; // 0, 1 or 2
    }
    if (roll < 4 || ints.isEmpty()) {
      return Integer.toString(random.nextInt(ARRAY_LENGTH));
    }
    Var v = ints.get(random.nextInt(ints.size()));
    if (v.name.equals("n") && roll < 8) {
      // n is never negative (but ints cast from doubles may be).
      return "n % " + ARRAY_LENGTH;
    }
    return "Math.floorMod(" + v.name + ", " + ARRAY_LENGTH + ")";
  }

  private Expr constant() {
    String[] cs = {"0.5", "1.5", "2.0", "0.25", "3", "1.25", "0.75", "2", "1e-1", "Math.PI / 4"};
    String c = pick(cs);
    double v = c.startsWith("Math") ? Math.PI / 4 : Double.parseDouble(c);
    return new Expr(c.contains(" ") ? "(" + c + ")" : c, v);
  }

  private static String fmt(double d) {
    return Double.toString(d);
  }

  private static String paren(Expr e) {
    return paren(e.text);
  }

  private static String paren(String t) {
    return t.matches("[A-Za-z_][A-Za-z_0-9]*|[0-9.]+|\\(.*\\)") && balanced(t) ? t : "(" + t + ")";
  }

  /** Whether the outer parentheses of {@code t}, if any, enclose the whole of it. */
  private static boolean balanced(String t) {
    if (!t.startsWith("(")) {
      return true;
    }
    int depth = 0;
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
        if (depth == 0 && i < t.length() - 1) {
          return false;
        }
      }
    }
    return true;
  }

  private static Expr binary(Expr a, String op, Expr b) {
    if (op.equals("-") && sameValue(a.text, b.text)) {
      // x - x is exactly 0 everywhere: a singular point for cbrt, hypot, where AD rightly gives
      // the IEEE NaN of 0/0 but finite differences see a constant.
      op = "+";
    }
    double bound =
        switch (op) {
          case "+", "-" -> a.bound + b.bound;
          case "*" -> a.bound * b.bound;
          case "/" -> a.bound / 0.5; // every denominator here is at least 0.5 (positive())
          default -> throw new IllegalArgumentException(op);
        };
    return new Expr("(" + a.text + " " + op + " " + b.text + ")", bound);
  }

  /**
   * Whether two expressions compute the same value in different ways ({@code Math.log1p(x * x)} and
   * {@code Math.log(1 + x * x)}, {@code Math.sin} and {@code StrictMath.sin}), so that their
   * difference or comparison is decided by rounding: a function of it jumps at every point, where
   * finite differences mean nothing.
   */
  private static boolean sameValue(String a, String b) {
    return normalized(a).equals(normalized(b));
  }

  private static String normalized(String t) {
    return t.replace("StrictMath.", "Math.").replace("Math.log1p(", "Math.log(1 + ");
  }

  /**
   * {@code e} made surely double, to be cast to int or long: a cast of an int expression (3,
   * Math.abs(2)) would be redundant, a lint warning.
   */
  private static String castable(Expr e) {
    return "(" + fmt(Math.min(3, 3 / Math.max(1e-9, e.bound))) + " * Math.sin(" + e.text + "))";
  }

  /** A denominator kept away from zero: at least 0.5. */
  private Expr positive(Expr u) {
    String t = u.text;
    return switch (random.nextInt(6)) {
      case 0, 1 -> {
        Expr small = smallExpr(u);
        yield new Expr(
            "(1 + " + paren(small) + " * " + paren(small) + ")", 1 + small.bound * small.bound);
      }
      case 2 -> new Expr("(2 + Math.sin(" + t + "))", 3);
      case 3 -> new Expr("(1.5 + Math.cos(" + t + "))", 2.5);
      case 4 -> {
        String l = paren(leaf());
        yield new Expr("Math.sqrt(1 + " + l + " * " + l + ")", 3);
      }
      default -> new Expr(pick(new String[] {"4.0", "2", "0.5", "3.0"}), 4);
    };
  }

  /** An expression short enough to be written twice: {@code u} if it is short, else a leaf. */
  private Expr smallExpr(Expr u) {
    return u.text.length() <= 12 ? u : leaf();
  }

  /** {@code e} squashed into [-1.6, 1.6], for a multiplier. */
  private Expr squash(Expr e) {
    return switch (random.nextInt(4)) {
      case 0 -> new Expr("Math.sin(" + e.text + ")", 1);
      case 1 -> new Expr("Math.tanh(" + e.text + ")", 1);
      case 2 -> new Expr("(0.5 + 0.5 * Math.cos(" + e.text + "))", 1);
      default -> new Expr("Math.atan(" + e.text + ")", Math.PI / 2);
    };
  }

  private Expr unary(Expr u) {
    String t = u.text;
    double b = u.bound;
    Expr s = smallExpr(u);
    String st = paren(s);
    double sb = s.bound;
    return switch (random.nextInt(24)) {
      case 0, 1 -> new Expr("Math.sin(" + t + ")", 1);
      case 2, 3 -> new Expr("Math.cos(" + t + ")", 1);
      case 4 -> new Expr("Math.exp(Math.sin(" + t + "))", Math.E);
      case 5 -> new Expr("Math.exp(-0.5 * " + st + " * " + st + ")", 1);
      case 6 -> new Expr("Math.log(1 + " + st + " * " + st + ")", Math.log(1 + sb * sb));
      case 7 -> new Expr("Math.sqrt(1 + " + st + " * " + st + ")", Math.sqrt(1 + sb * sb));
      case 8 -> new Expr("Math.tanh(" + t + ")", 1);
      case 9 -> new Expr("Math.atan(" + t + ")", Math.PI / 2);
      case 10 -> new Expr("Math.abs(" + t + ")", b);
        // The offset keeps cbrt off exactly 0 (x - x, (int) 0.3, ...), where its slope is infinite
        // and the derivative the IEEE NaN of infinity times a zero tangent, as README says.
      case 11 -> new Expr("Math.cbrt(" + t + " + 0.3183)", Math.max(1, Math.cbrt(b + 0.3183)));
      case 12 -> new Expr("Math.pow(1 + " + st + " * " + st + ", 1.5)", Math.pow(1 + sb * sb, 1.5));
      case 13 ->
          new Expr("Math.pow(" + t + ", " + (2 + random.nextInt(2)) + ")", b * b * Math.max(1, b));
      case 14 -> new Expr("Math.log1p(" + st + " * " + st + ")", Math.log1p(sb * sb));
      case 15 -> new Expr("Math.expm1(Math.sin(" + t + "))", Math.E - 1);
      case 16 -> new Expr("Math.log10(2 + Math.cos(" + t + "))", 0.5);
      case 17 -> new Expr("Math.tan(0.5 * Math.sin(" + t + "))", 0.6);
      case 18 -> new Expr("Math.asin(0.5 * Math.tanh(" + t + "))", 0.6);
      case 19 -> new Expr("Math.acos(0.5 * Math.sin(" + t + "))", 2.1);
      case 20 -> new Expr("Math.sinh(Math.tanh(" + t + "))", 1.2);
      case 21 -> new Expr("Math.cosh(Math.atan(" + t + "))", 2.6);
      case 22 ->
          new Expr(
              "StrictMath." + pick(new String[] {"sin", "cos", "atan", "tanh"}) + "(" + t + ")",
              1.6);
      default -> new Expr("Math.toRadians(" + t + ")", b);
    };
  }

  private Expr binaryFunction(Expr a, Expr b) {
    return switch (random.nextInt(8)) {
        // The offset keeps hypot off (0, 0) (where casts to int, 0 * x, ... may put both
        // arguments), whose derivative is the IEEE NaN of 0/0, as README says.
      case 0 ->
          new Expr("Math.hypot(" + a.text + ", " + b.text + " + 0.3183)", a.bound + b.bound + 0.32);
      case 1, 2 -> new Expr("Math.max(" + a.text + ", " + b.text + ")", Math.max(a.bound, b.bound));
      case 3, 4 -> new Expr("Math.min(" + a.text + ", " + b.text + ")", Math.max(a.bound, b.bound));
      case 5 -> new Expr("Math.atan2(" + a.text + ", 1.5 + Math.cos(" + b.text + "))", Math.PI / 2);
      case 6 -> {
        Expr s = smallExpr(a);
        yield new Expr(
            "Math.pow(1 + " + paren(s) + " * " + paren(s) + ", 0.5 * Math.sin(" + b.text + "))",
            Math.sqrt(1 + s.bound * s.bound));
      }
      default -> new Expr("Math.hypot(" + a.text + ", 1 + Math.cos(" + b.text + "))", a.bound + 2);
    };
  }

  private Expr helperCall(int depth) {
    return helperCallOn(expr(depth - 1));
  }

  /** A call of a helper with {@code x} as its (first) differentiated argument. */
  private Expr helperCallOn(Expr x) {
    if (random.nextInt(24) == 0) {
      // First derivatives only: the method becomes @Differentiable(order = 1).
      firstOrderOnly = true;
      return new Expr(HELPERS + ".softAbs(" + x.text + ")", x.bound + 0.5);
    }
    switch (random.nextInt(5)) {
      case 3 -> {
        return new Expr(HELPERS + ".smoothStep(" + x.text + ")", 1);
      }
      case 4 -> {
        Expr y = expr(1);
        return new Expr(
            HELPERS + ".softMin(" + x.text + ", " + y.text + ")", Math.max(x.bound, y.bound) + 0.7);
      }
      case 0 -> {
        Expr y = expr(1);
        return random.nextBoolean()
            ? new Expr(
                HELPERS + ".soft(" + x.text + ", " + y.text + ")",
                Math.log(1 + y.bound * y.bound) + 0.5 * y.bound)
            : new Expr(
                HELPERS + ".soft(" + y.text + ", " + x.text + ")",
                Math.log(1 + x.bound * x.bound) + 0.5 * x.bound);
      }
      case 1 -> {
        return new Expr(HELPERS + ".bump(" + x.text + ")", 3);
      }
      default -> {
        // The scale is data: constants and int-derived values only (ADJ044 otherwise).
        Var n = find("n", Kind.INT);
        String s =
            n != null && random.nextBoolean()
                ? "1.0 + n"
                : pick(new String[] {"1.5", "2.0", "0.75"});
        double sb = s.equals("1.0 + n") ? 8 : 2;
        return new Expr(
            HELPERS + ".scaled(" + x.text + ", " + s + ")",
            sb * (1 + 0.125 * Math.pow(x.bound / 0.75, 2)));
      }
    }
  }

  /**
   * A call of {@code callee} (an earlier method of the class, or this one): differentiated double
   * arguments in [-2, 2], where the callee's bounds were computed; data (constants, {@code 0.2 *
   * n}) to its other double parameters (ADJ044 otherwise); arrays of length {@value #ARRAY_LENGTH}
   * (parameters, local arrays, matrix rows; only data ones to a parameter it does not
   * differentiate); 1 to 3 to an int parameter ({@code n - 1} when recursing), so recursion stays
   * shallow. Null if no array fits, or the call would cost too much where it is.
   */
  private Expr sameClassCall(Method callee, int depth) {
    if (callee != self && callee.cost() * trips(0) > MAX_CALL_COST) {
      return null;
    }
    // FIXED: counted callees run as often as in the original in a condition, a counted loop's
    // bound, a factor, a branch of ?: (computed once into locals: ConditionWithCallEvaluatedAgain-
    // InDerivativeTest, CountedLoopBoundWithCallEvaluatedAgainTest, CallInFactorEvaluatedAgainTest
    // and siblings), and in a loop taking arrays (partials taped for a callee with effects:
    // CalleeTakingArraysInLoopRunsTwiceInReverseModeTest).
    Var n = find("n", Kind.INT);
    List<Var> counters = new ArrayList<>();
    for (Var v : visible(Kind.INT)) {
      if (v.counter) {
        counters.add(v);
      }
    }
    List<String> args = new ArrayList<>();
    for (Param p : callee.params()) {
      if (p.kind() == Kind.INT) {
        if (callee == self) {
          args.add("n - 1");
        } else if (!counters.isEmpty() && random.nextBoolean()) {
          args.add("1 + " + counters.get(random.nextInt(counters.size())).name + " % 3");
        } else {
          args.add(n != null ? "1 + n % 3" : Integer.toString(1 + random.nextInt(3)));
        }
      } else if (p.kind() == Kind.LONG) {
        args.add(pick(new String[] {"2L", "1", "3L"}));
      } else if (p.kind() == Kind.BOOLEAN) {
        args.add(random.nextBoolean() ? pick(new String[] {"true", "false"}) : cond(0));
      } else if (p.kind() == Kind.ARRAY) {
        List<String> arrays = arrayArguments(!callee.wrt().contains(p.name()), false);
        if (arrays.isEmpty()) {
          return null;
        }
        args.add(arrays.get(random.nextInt(arrays.size())));
      } else if (!callee.wrt().contains(p.name())) {
        args.add(n != null && random.nextBoolean() ? "0.2 * n" : constant().text);
      } else {
        Expr a = expr(depth - 1);
        args.add(a.bound <= 2 ? a.text : "2 * Math.sin(" + a.text + ")");
      }
    }
    callees.add(callee.name());
    if (!callee.secondOrder()) {
      firstOrderOnly = true;
    }
    cost += callee.cost() * trips(0);
    return new Expr(callee.name() + "(" + String.join(", ", args) + ")", LIMIT);
  }

  private String cond(int depth) {
    insideCondition++;
    try {
      return condOnce(depth);
    } finally {
      insideCondition--;
    }
  }

  private String condOnce(int depth) {
    int roll = random.nextInt(100);
    if (roll < 45 || depth <= 0) {
      Expr a = expr(1);
      Expr b = random.nextInt(3) == 0 ? constant() : expr(1);
      if (sameValue(a.text, b.text)) {
        // Math.log1p(x * x) > Math.log(1 + x * x): decided by rounding, a jump at every point.
        b = constant();
      }
      return a.text + " " + pick(new String[] {"<", "<=", ">", ">="}) + " " + b.text;
    } else if (roll < 55) {
      List<Var> bools = visible(Kind.BOOLEAN);
      if (hasIntArray && random.nextInt(4) == 0) {
        return "q[" + random.nextInt(ARRAY_LENGTH) + "] > 2";
      }
      if (random.nextInt(4) == 0) {
        return HELPERS + ".positive(" + expr(1).text + ")";
      }
      if (!bools.isEmpty()) {
        return bools.get(random.nextInt(bools.size())).name;
      }
      return cond(0);
    } else if (roll < 65) {
      List<Var> ints = visible(Kind.INT);
      if (!ints.isEmpty()) {
        String name = ints.get(random.nextInt(ints.size())).name;
        return random.nextBoolean() ? name + " > 2" : name + " % 2 == 0";
      }
      return cond(0);
    } else if (roll < 72) {
      return "!(" + cond(depth - 1) + ")";
    } else {
      return "("
          + cond(depth - 1)
          + (random.nextBoolean() ? " && " : " || ")
          + cond(depth - 1)
          + ")";
    }
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
