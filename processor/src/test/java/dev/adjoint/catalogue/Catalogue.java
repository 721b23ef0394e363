package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/**
 * The catalogue of differentiable functions that {@link CatalogueTest} checks against finite
 * differences, through every generated method of {@code CatalogueDerivatives}.
 *
 * <p>Every function is written in the straight-line subset: {@code double} parameters and locals;
 * {@code int}, {@code long} and {@code boolean} values used as data; literals and {@code static
 * final} constants; arithmetic, casts, compound assignment and reassignment; {@code if}/{@code
 * else}, {@code ?:}, comparisons, {@code && || !} and early returns; and {@code java.lang.Math} /
 * {@code StrictMath}. No loops, arrays, objects, or calls to user methods.
 *
 * <p>Every method carries {@link Domain}: it is how the test finds the catalogue, says where to
 * sample, and repeats {@code @Differentiable(wrt)} as parameter positions. To add a case, add a
 * method with both annotations; the test picks it up by reflection.
 */
public final class Catalogue {
  private Catalogue() {}

  // ---------------------------------------------------------------------------------------------
  // Constants: package-private, public and private compile-time constants, an int constant, and
  // constants whose initialisers are not compile-time constant expressions.
  // ---------------------------------------------------------------------------------------------

  static final double HALF = 0.5;
  public static final double SCALE = 2.5;
  static final int DEGREE = 3;
  private static final double PRIVATE_GAIN = 1.75;
  static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
  static final double GRAVITY = 9.81;
  static final double EARTH_RADIUS_KM = 6371.0;
  static final double GAS_CONSTANT = 8.314;

  // Abramowitz & Stegun 7.1.26 rational approximation of erf.
  static final double ERF_P = 0.3275911;
  static final double ERF_A1 = 0.254829592;
  static final double ERF_A2 = -0.284496736;
  static final double ERF_A3 = 1.421413741;
  static final double ERF_A4 = -1.453152027;
  static final double ERF_A5 = 1.061405429;

  // ---------------------------------------------------------------------------------------------
  // 1. Arithmetic, literals, constants, casts, int/long data.
  // ---------------------------------------------------------------------------------------------

  /** Literals, + - *, a term linear in one variable. */
  @Differentiable
  @Domain
  static double polynomial(double x, double y) {
    return 3 * x * x * x - 2 * x * x * y + y - 7;
  }

  /** Division by a variable expression, double and int literals mixed. */
  @Differentiable
  @Domain
  static double rational(double x, double y) {
    return (x + 1) / (y * y + 1) - x / 3.0;
  }

  /** Chained division; denominators stay positive on the domain. */
  @Differentiable
  @Domain(lo = 0.5, hi = 2)
  public static double quotients(double x, double y, double z) {
    return (x - y) / (x + y + z) / (1 + z * z);
  }

  /** Unary minus on variables, on parenthesised expressions, and doubled. */
  @Differentiable
  @Domain
  static double unaryMinus(double x, double y) {
    return -x * -(y - x) + -(-x) - (-y) * x;
  }

  /** Package-private, public and private compile-time constants, Math.PI and Math.E. */
  @Differentiable
  @Domain
  static double constants(double x) {
    return SCALE * x * x + PRIVATE_GAIN * x - HALF + Math.PI * Math.sin(x) / Math.E;
  }

  /** Static final constants that are not compile-time constants (initialised by Math calls). */
  @Differentiable
  @Domain
  static double derivedConstants(double x) {
    return x * LOG_SQRT_TWO_PI + SQRT_TWO_OVER_PI * Math.exp(-HALF * x * x);
  }

  /** An int constant multiplying a variable and used as an exponent. */
  @Differentiable
  @Domain
  static double intConstant(double x, double y) {
    return DEGREE * x * y + Math.pow(x - y, DEGREE);
  }

  /** An int parameter: mixed int/double arithmetic, int division, (double) cast. */
  @Differentiable
  @Domain(ints = {3, 4, -2})
  static double intParameter(double x, int n) {
    double s = x * n;
    int m = n / 2 + 1;
    double t = (double) m * x * x;
    return s + t / n;
  }

  /** (int) casts of differentiated values used as data: zero derivative through the cast. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double intCasts(double x, double y) {
    int k = (int) x;
    double frac = x - k;
    double scaled = (double) k * y;
    return frac * frac + scaled + (int) (y * 2) / 4.0;
  }

  /** A long parameter and long locals used as data. */
  @Differentiable
  @Domain(longs = {3L, 7L})
  static double longParameter(double x, long k) {
    long twice = 2 * k;
    double c = (double) twice;
    return Math.sin(c * x) / c + k * x;
  }

  /** int locals with compound assignment, deciding a branch and scaling the result. */
  @Differentiable
  @Domain(ints = {1, 2, 5})
  static double intLocals(double x, double y, int n) {
    int m = n * 2;
    m += 1;
    m -= n;
    double acc = x;
    if (m > 3) {
      acc = acc * y;
    }
    return acc * m + DEGREE * y;
  }

  /** Deeply nested parentheses. */
  @Differentiable
  @Domain
  static double nestedParentheses(double x, double y, double z) {
    return ((x + (y * (z - (x / (1 + y * y))))) * ((2 - z) + ((x))));
  }

  /** Every compound assignment operator, on a local and on a parameter. */
  @Differentiable
  @Domain
  static double compoundAssignment(double x, double y) {
    double s = x;
    s += y * y;
    s -= 0.5 * x;
    s *= 1 + y;
    s /= 2 + x * x;
    x += s;
    x *= 3;
    x -= y;
    x /= 1.5 + Math.cos(y);
    return x - s;
  }

  /** Parameters overwritten by functions of themselves, several times over. */
  @Differentiable
  @Domain
  static double selfOverwrite(double x, double y) {
    x = Math.sin(x);
    x = x * x + y;
    x = Math.exp(-x);
    y = Math.cos(y * x);
    x = x * y;
    x = Math.log1p(x * x);
    return x + y;
  }

  /** Locals reassigned from each other, so an old value is read after a new one is written. */
  @Differentiable
  @Domain
  static double reassignedLocals(double x, double y) {
    double a = x * y;
    double b = a + x;
    a = b * b;
    b = a - y;
    a = Math.sqrt(1 + a * a);
    return a + b;
  }

  /** The second parameter never reaches the result (a dead local uses it): gradient 0. */
  @Differentiable
  @Domain
  static double ignoresSecond(double x, double y) {
    double wasted = Math.exp(y);
    wasted *= 2;
    return x * x + 1;
  }

  /** A parameter used only in a condition: its gradient is 0 away from the switch. */
  @Differentiable
  @Domain
  static double onlyInCondition(double x, double y) {
    if (y > 0) {
      return x * x;
    }
    return -x;
  }

  /** Parameter names that collide with the generated names (grad, direction, v). */
  @Differentiable
  @Domain
  static double collidingNames(double grad, double direction, double v) {
    return grad * direction + v * v * grad - Math.sin(direction * v);
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Control flow: if/else, else-if chains, nesting, early returns, ?:, && || !, booleans, wrt.
  // ---------------------------------------------------------------------------------------------

  /** if/else with a return in each branch. */
  @Differentiable
  @Domain
  static double piecewise(double x) {
    if (x < 0) {
      return x * x;
    } else {
      return Math.sin(x);
    }
  }

  /** An else-if chain assigning one local. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double elseIfChain(double x, double y) {
    double r;
    if (x < -1) {
      r = -x * y;
    } else if (x < 0) {
      r = x * x + y;
    } else if (x < 1) {
      r = Math.exp(x) * y;
    } else {
      r = Math.log(x) + y * y;
    }
    return r;
  }

  /** Nested if/else, with a branch that reassigns a parameter. */
  @Differentiable
  @Domain
  static double nestedIf(double x, double y) {
    double out = 0.0;
    if (x > 0) {
      if (y > 0) {
        out = x * y;
      } else {
        y = -y;
        out = x / (1 + y);
      }
    } else {
      if (y > x) {
        out = y - x * x;
      } else {
        out = Math.cos(x + y);
      }
    }
    return out * 2;
  }

  /** Early returns inside ifs, one of them an int literal widened to double. */
  @Differentiable
  @Domain
  static double earlyReturn(double x, double y) {
    if (x > 1.5) {
      return 0;
    }
    double r = x * y;
    if (r < -1) {
      return r * r;
    }
    r += Math.exp(x);
    return r;
  }

  /**
   * A branch that returns on some of its paths only: the statements after it are needed on two
   * paths, each with its own saved values.
   */
  @Differentiable
  @Domain
  static double partialReturn(double x, double y) {
    double z = x * y;
    if (x > 0) {
      if (y > 0) {
        return Math.sqrt(z + 1);
      }
      z = z * z + y;
    }
    z = Math.sin(z) + x;
    x = x * z;
    return z * y + x;
  }

  /** Swapping through a temporary, and a parameter overwritten before it is read again. */
  @Differentiable
  @Domain
  static double swapAndOverwrite(double x, double y) {
    double t = x;
    x = y;
    y = t;
    double u = x * Math.exp(y);
    y = 3.0;
    return u * y + x;
  }

  /** A branch decision whose input the branch itself changes, then more work on that input. */
  @Differentiable
  @Domain
  static double branchChangesCondition(double x, double y) {
    double s = x - y;
    if (s > 0) {
      s = s * s - 4;
      y = y * s;
    } else {
      s = -s;
    }
    if (s > 1) {
      x = x / s;
    }
    return x * s + y;
  }

  /** Integer division inside a derivative's factors must stay integer division. */
  @Differentiable
  @Domain(ints = {7, -5})
  static double integerDivisionFactors(double x, int n) {
    return x * (n / 2) + x * x * (n / 3 * 2) - x / (n * n / 4 + 1) + (n / 2) * x * (3 / n);
  }

  /** A derivative factor 1.0 * i / j must stay a double quotient when the 1.0 folds away. */
  @Differentiable
  @Domain(ints = {1, 2})
  static double widenedIntegerRatio(double x, int i, int j) {
    return x * (1.0 * i / j) + x * x * (0.5 * i / j + 0.5 * i / j);
  }

  /** Calls of another class's @Differentiable methods, composed through their companions. */
  @Differentiable
  @Domain
  static double callsLibrary(double x, double y) {
    return Library.softplus(x * y) + Library.logistic(x) * y;
  }

  /** A call of a @Differentiable method of the same class. */
  @Differentiable
  @Domain(lo = -1.5, hi = 1.5)
  static double callsSameClass(double x) {
    return rosenbrock(x, 2 * x) + x;
  }

  /** Calls nested in calls, with a wrt subset and data arguments. */
  @Differentiable
  @Domain(lo = 0.5, hi = 2)
  static double nestedCalls(double x, double y) {
    double s = Library.softplus(Library.logistic(x) + Library.softplus(y));
    return Library.normalLogPdf(s, x, y) + Library.scaledPower(y, 3.0, 2);
  }

  /** A call whose argument at a non-differentiated parameter is data of the caller. */
  @Differentiable(wrt = "x")
  @Domain(lo = 0.5, hi = 2, wrt = {0})
  static double callWithData(double x, double scale) {
    return Library.scaledPower(x, scale, 3) + Library.normalLogPdf(1.0, x, scale);
  }

  /** Calls in branches and a variable overwritten by calls of itself. */
  @Differentiable
  @Domain
  static double callsInBranches(double x, double y) {
    double z;
    if (x > 0) {
      z = Library.softplus(x);
    } else {
      z = Library.logistic(y) * x;
    }
    z = Library.softplus(z);
    z = Library.softplus(z - y);
    return z * x;
  }

  /** A gamma log-density in its shape and rate, through a user-supplied gradient of log Γ. */
  @Differentiable(wrt = {"shape", "rate"})
  @Domain(lo = 0.5, hi = 4, wrt = {0, 1})
  static double gammaLogDensity(double shape, double rate, double x) {
    return shape * Math.log(rate) - Special.logGamma(shape) + (shape - 1) * Math.log(x) - rate * x;
  }

  /** A beta-binomial log-likelihood term, through a custom gradient of log B(a, b). */
  @Differentiable
  @Domain(lo = 0.5, hi = 5)
  static double betaBinomialTerm(double a, double b) {
    return Special.logBeta(3 + a, 7 + b) - Special.logBeta(a, b);
  }

  /** A conditional expression choosing between two differentiated expressions. */
  @Differentiable
  @Domain
  static double conditional(double x, double y) {
    return x > y ? x * x - y : y * Math.exp(-x);
  }

  /** Nested conditional expressions inside a larger expression. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double nestedConditional(double x, double y) {
    double a = x < -1 ? -x : x < 1 ? x * x : 2 * x - 1;
    return y * (a + (y > 0 ? y : -y * y));
  }

  /** &&, || and ! in conditions, boolean locals. */
  @Differentiable
  @Domain
  static double logicalOperators(double x, double y) {
    boolean inside = x * x + y * y < 1;
    boolean right = x > 0;
    double s = x + y;
    if ((right && !inside) || (y > 1 && x < -1)) {
      s = s * s;
    } else if (!right || inside) {
      s = Math.sin(s) * y;
    }
    return s;
  }

  /** A boolean parameter choosing branches; both values are sampled. */
  @Differentiable
  @Domain(booleans = {true, false})
  static double booleanParameter(double x, double y, boolean flip) {
    if (flip) {
      x = -x;
    }
    double t = flip ? x * y : x + y;
    return !flip ? t * t : Math.tanh(t);
  }

  /** A local declared without initialiser and assigned in both branches. */
  @Differentiable
  @Domain
  static double assignedInBothBranches(double x, double y) {
    double t;
    if (x > y) {
      t = x - y;
    } else {
      t = Math.exp(x - y);
    }
    return t * t + y;
  }

  /** An int parameter selects the branch, equality comparisons; three modes are sampled. */
  @Differentiable
  @Domain(ints = {0, 1, 2, 0, 1})
  static double intMode(double x, int mode) {
    if (mode == 0) {
      return x * x;
    } else if (mode == 1) {
      return Math.sin(x) * mode;
    } else if (mode != 2) {
      return 0.0;
    } else {
      return x * mode - Math.cos(x);
    }
  }

  /** Comparisons between doubles and ints (<=, >=), int and boolean parameters together. */
  @Differentiable
  @Domain(ints = {2, -1}, booleans = {true, true, false})
  static double mixedComparisons(double x, int n, boolean square, double y) {
    double r = x;
    if (x * n >= 1 && square) {
      r = r * r;
    }
    if (y <= n || !square) {
      r += y * n;
    }
    return r;
  }

  /** wrt a single parameter, the other double is held constant. */
  @Differentiable(wrt = {"y"})
  @Domain(wrt = {1})
  static double wrtSecondOnly(double x, double y) {
    return Math.sin(x * y) + x * y * y;
  }

  /** wrt listed out of declaration order; the gradient follows declaration order (x, z). */
  @Differentiable(wrt = {"z", "x"})
  @Domain(wrt = {0, 2})
  static double wrtSubsetOutOfOrder(double x, double y, double z) {
    return x * y * z + Math.exp(y - z) - x / (2 + y * y);
  }

  /** A non-differentiated double parameter (a threshold) next to an int. */
  @Differentiable(wrt = {"r"})
  @Domain(wrt = {0}, lows = {-3, 0.5}, highs = {3, 2}, ints = {1, 2})
  static double huberLoss(double r, double delta, int power) {
    double a = Math.abs(r);
    double loss;
    if (a <= delta) {
      loss = 0.5 * r * r;
    } else {
      loss = delta * (a - 0.5 * delta);
    }
    return power == 1 ? loss : loss * loss;
  }

  // ---------------------------------------------------------------------------------------------
  // 3. java.lang.Math and StrictMath.
  // ---------------------------------------------------------------------------------------------

  /** sin, cos, tan. */
  @Differentiable
  @Domain(lo = -1.5, hi = 1.5)
  static double trig(double x, double y) {
    return Math.sin(x) * Math.cos(y) + Math.tan(0.5 * x * y);
  }

  /** StrictMath sin, cos, tan. */
  @Differentiable
  @Domain
  static double strictTrig(double x) {
    return StrictMath.sin(x) + StrictMath.cos(2 * x) - StrictMath.tan(x / 2);
  }

  /** asin, acos, atan. */
  @Differentiable
  @Domain(lo = -0.9, hi = 0.9)
  static double inverseTrig(double x, double y) {
    return Math.asin(x) + Math.acos(y) + Math.atan(3 * x * y);
  }

  /** StrictMath asin, acos, atan. */
  @Differentiable
  @Domain(lo = -0.8, hi = 0.8)
  static double strictInverseTrig(double x) {
    return StrictMath.asin(x) * StrictMath.acos(-x) + StrictMath.atan(3 * x);
  }

  /** atan2 in the right half-plane. */
  @Differentiable
  @Domain(lows = {-2, 0.3}, highs = {2, 2})
  static double atan2RightHalf(double y, double x) {
    return Math.atan2(y, x);
  }

  /** atan2 in the upper-left quadrant (away from the branch cut), StrictMath too. */
  @Differentiable
  @Domain(lows = {0.3, -2}, highs = {2, -0.3})
  static double atan2UpperLeft(double y, double x) {
    return Math.atan2(y, x) + StrictMath.atan2(y * y, x);
  }

  /** sinh, cosh, tanh. */
  @Differentiable
  @Domain
  static double hyperbolic(double x) {
    return Math.sinh(x) - 0.5 * Math.cosh(x) + Math.tanh(2 * x);
  }

  /** StrictMath sinh, cosh, tanh. */
  @Differentiable
  @Domain(lo = -1.5, hi = 1.5)
  static double strictHyperbolic(double x, double y) {
    return StrictMath.sinh(x) * StrictMath.tanh(y) / StrictMath.cosh(x * y);
  }

  /** exp and expm1. */
  @Differentiable
  @Domain
  static double exponentials(double x) {
    return Math.exp(x) - Math.expm1(-x * x);
  }

  /** StrictMath exp and expm1. */
  @Differentiable
  @Domain(lo = -1.5, hi = 1.5)
  static double strictExponentials(double x, double y) {
    return StrictMath.exp(x - y) + StrictMath.expm1(x * y);
  }

  /** log, log10, log1p. */
  @Differentiable
  @Domain(lo = 0.2, hi = 3)
  static double logarithms(double x, double y) {
    return Math.log(x) + Math.log10(x * y) - Math.log1p(y);
  }

  /** StrictMath log, log10, log1p (log1p of an argument in (-1, 0) too). */
  @Differentiable
  @Domain(lo = 0.2, hi = 3)
  static double strictLogarithms(double x) {
    return StrictMath.log(x) * StrictMath.log10(1 + x) + StrictMath.log1p(x - 0.9);
  }

  /** sqrt of a positive value, cbrt of a positive and of a negative value. */
  @Differentiable
  @Domain(lows = {0.1, -3}, highs = {3, -0.2})
  static double roots(double x, double y) {
    return Math.sqrt(x) + Math.cbrt(y) - Math.cbrt(x * x);
  }

  /** StrictMath sqrt and cbrt. */
  @Differentiable
  @Domain(lo = 0.2, hi = 3)
  static double strictRoots(double x) {
    return StrictMath.sqrt(1 + x * x) * StrictMath.cbrt(x);
  }

  /** pow with integer exponents (literal, negative literal, int constant) on a positive base. */
  @Differentiable
  @Domain(lo = 0.3, hi = 2)
  static double powIntExponent(double x) {
    return Math.pow(x, 3) - 2 * Math.pow(x, 2) + Math.pow(x, -1) + Math.pow(x, DEGREE);
  }

  /** pow with integer exponents on a negative base: must not go through log(base). */
  @Differentiable
  @Domain(lo = -2, hi = -0.1)
  static double powNegativeBase(double x) {
    return Math.pow(x, 3) + Math.pow(x, 2) + StrictMath.pow(x, 4);
  }

  /** pow with constant non-integer exponents. */
  @Differentiable
  @Domain(lo = 0.2, hi = 3)
  static double powConstantExponent(double x) {
    return Math.pow(x, 2.5) + Math.pow(x, 0.5) - Math.pow(x, -1.5) + Math.pow(x, HALF);
  }

  /** pow with constant bases and variable exponents. */
  @Differentiable
  @Domain
  static double powConstantBase(double x) {
    return Math.pow(2, x) + Math.pow(Math.E, -x) + Math.pow(10, 0.1 * x);
  }

  /** pow with both base and exponent variable. */
  @Differentiable
  @Domain(lows = {0.3, -2}, highs = {3, 2})
  static double powBothVariable(double x, double y) {
    return Math.pow(x, y) + Math.pow(1 + x * x, y / 2);
  }

  /** StrictMath.pow with both variable, and a variable base with constant exponent. */
  @Differentiable
  @Domain(lo = 0.3, hi = 2)
  static double strictPow(double x, double y) {
    return StrictMath.pow(x, y) * StrictMath.pow(y, 2) + StrictMath.pow(x + y, 1.5);
  }

  /** hypot, Math and StrictMath. */
  @Differentiable
  @Domain(lo = 0.2, hi = 2)
  static double hypotenuse(double x, double y) {
    return Math.hypot(x, y) + StrictMath.hypot(x - 3, 2 * y);
  }

  /** abs of variables and expressions (kinks at 0 are measure-zero). */
  @Differentiable
  @Domain
  static double absoluteValue(double x, double y) {
    return Math.abs(x - y) * y + Math.abs(x) + StrictMath.abs(x * y);
  }

  /** max and min of variables and of a variable with a constant. */
  @Differentiable
  @Domain
  static double maxMin(double x, double y, double z) {
    return Math.max(x, y) - Math.min(y * z, x) + StrictMath.max(z, 0.5) * StrictMath.min(x, y);
  }

  /** signum: zero derivative through it, but it scales another term. */
  @Differentiable
  @Domain
  static double signum(double x, double y) {
    return x * Math.signum(y) + Math.signum(x) + StrictMath.signum(x - y) * y;
  }

  /** floor, ceil, rint (zero derivative), Math and StrictMath. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double floorCeilRint(double x, double y) {
    return x * Math.floor(y) + Math.ceil(x) * y - Math.rint(x * y) + StrictMath.floor(x)
        - StrictMath.ceil(y) * StrictMath.rint(x);
  }

  /** round (returns long, widened back to double) and the fractional part x - floor(x). */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double rounding(double x) {
    double r = Math.round(x * 4);
    double frac = x - Math.floor(x);
    return x * r + (x - Math.round(x)) + frac * frac + StrictMath.round(2 * x);
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Realistic functions.
  // ---------------------------------------------------------------------------------------------

  /** The Rosenbrock function. */
  @Differentiable
  @Domain
  public static double rosenbrock(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    return a * a + 100 * b * b;
  }

  /** log N(x | mu, sigma^2). */
  @Differentiable
  @Domain(lows = {-3, -1, 0.3}, highs = {3, 1, 3})
  public static double gaussianLogDensity(double x, double mu, double sigma) {
    double z = (x - mu) / sigma;
    return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_TWO_PI;
  }

  /** Bivariate standard normal log-density with correlation rho. */
  @Differentiable
  @Domain(lows = {-2, -2, -0.8}, highs = {2, 2, 0.8})
  static double bivariateNormalLogDensity(double x, double y, double rho) {
    double oneMinusRho2 = 1 - rho * rho;
    double q = (x * x - 2 * rho * x * y + y * y) / oneMinusRho2;
    return -q / 2 - Math.log(2 * Math.PI) - 0.5 * Math.log(oneMinusRho2);
  }

  /**
   * Log-likelihood of one observation (x, label) under logistic regression p = sigmoid(w x + b),
   * computed stably; the feature x is data, not differentiated.
   */
  @Differentiable(wrt = {"w", "b"})
  @Domain(wrt = {0, 1}, lows = {-2, -2, -3}, highs = {2, 2, 3}, booleans = {true, false})
  static double logisticLogLikelihood(double w, double b, double x, boolean label) {
    double z = w * x + b;
    double s = label ? -z : z;
    // log(1 + exp(s)) without overflow.
    double softplus;
    if (s > 0) {
      softplus = s + Math.log1p(Math.exp(-s));
    } else {
      softplus = Math.log1p(Math.exp(s));
    }
    return -softplus;
  }

  /** softplus(x) = log(1 + e^x), stable form. */
  @Differentiable
  @Domain(lo = -6, hi = 6)
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** The logistic sigmoid. */
  @Differentiable
  @Domain(lo = -6, hi = 6)
  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** log(e^a + e^b + e^c) shifted by the maximum. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double logSumExp3(double a, double b, double c) {
    double m = Math.max(Math.max(a, b), c);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
  }

  /** GELU activation, tanh approximation. */
  @Differentiable
  @Domain(lo = -3, hi = 3)
  static double gelu(double x) {
    double inner = SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x);
    return 0.5 * x * (1 + Math.tanh(inner));
  }

  /**
   * Black-Scholes price of a European call, with an inline erf approximation. Rate and volatility
   * are quoted in percent, as traders do (and so a finite-difference step of 1e-3 is small).
   */
  @Differentiable
  @Domain(
      lows = {80, 90, 0.25, 1, 10},
      highs = {120, 110, 2, 5, 40})
  public static double blackScholesCall(
      double s, double k, double t, double ratePercent, double volPercent) {
    double r = ratePercent / 100;
    double sigma = volPercent / 100;
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;

    double z1 = Math.abs(d1) / Math.sqrt(2);
    double u1 = 1 / (1 + ERF_P * z1);
    double erf1 =
        1 - ((((ERF_A5 * u1 + ERF_A4) * u1 + ERF_A3) * u1 + ERF_A2) * u1 + ERF_A1) * u1
            * Math.exp(-z1 * z1);
    double n1 = d1 >= 0 ? 0.5 * (1 + erf1) : 0.5 * (1 - erf1);

    double z2 = Math.abs(d2) / Math.sqrt(2);
    double u2 = 1 / (1 + ERF_P * z2);
    double erf2 =
        1 - ((((ERF_A5 * u2 + ERF_A4) * u2 + ERF_A3) * u2 + ERF_A2) * u2 + ERF_A1) * u2
            * Math.exp(-z2 * z2);
    double n2 = d2 >= 0 ? 0.5 * (1 + erf2) : 0.5 * (1 - erf2);

    return s * n1 - k * Math.exp(-r * t) * n2;
  }

  /** Great-circle distance between two points given in radians. */
  @Differentiable
  @Domain(lows = {-1.2, -3, -1.2, -3}, highs = {1.2, 3, 1.2, 3})
  static double haversine(double lat1, double lon1, double lat2, double lon2) {
    double sinHalfDLat = Math.sin((lat2 - lat1) / 2);
    double sinHalfDLon = Math.sin((lon2 - lon1) / 2);
    double a =
        sinHalfDLat * sinHalfDLat + Math.cos(lat1) * Math.cos(lat2) * sinHalfDLon * sinHalfDLon;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  /** Kepler's equation M = E - e sin E solved by three unrolled Newton steps. */
  @Differentiable
  @Domain(lows = {0.1, 0.05}, highs = {3, 0.5})
  static double keplerEccentricAnomaly(double meanAnomaly, double e) {
    double ecc = e > 0.8 ? Math.PI : meanAnomaly;
    ecc = ecc - (ecc - e * Math.sin(ecc) - meanAnomaly) / (1 - e * Math.cos(ecc));
    ecc = ecc - (ecc - e * Math.sin(ecc) - meanAnomaly) / (1 - e * Math.cos(ecc));
    ecc = ecc - (ecc - e * Math.sin(ecc) - meanAnomaly) / (1 - e * Math.cos(ecc));
    return ecc;
  }

  /**
   * Compound interest: variable base and variable exponent, an int compounding frequency. The rate
   * is in percent, so that a finite-difference step of 1e-3 is small against it.
   */
  @Differentiable
  @Domain(lows = {100, 1, 1}, highs = {1000, 10, 30}, ints = {12, 4, 1})
  static double compoundInterest(
      double principal, double ratePercent, int periodsPerYear, double years) {
    double rate = ratePercent / 100;
    return principal * Math.pow(1 + rate / periodsPerYear, periodsPerYear * years);
  }

  /** Range of a projectile launched at an angle in degrees. */
  @Differentiable
  @Domain(lows = {1, 5}, highs = {50, 85})
  static double projectileRange(double speed, double angleDegrees) {
    double theta = angleDegrees * Math.PI / 180;
    return speed * speed * Math.sin(2 * theta) / GRAVITY;
  }

  /** Van der Waals pressure of a real gas; the gas constants a, b are data. */
  @Differentiable(wrt = {"moles", "volume", "temperature"})
  @Domain(
      wrt = {0, 1, 2},
      lows = {0.5, 1, 250, 0.1, 0.01},
      highs = {2, 5, 400, 0.5, 0.05})
  static double vanDerWaalsPressure(
      double moles, double volume, double temperature, double a, double b) {
    double repulsive = moles * GAS_CONSTANT * temperature / (volume - moles * b);
    double attractive = a * moles * moles / (volume * volume);
    return repulsive - attractive;
  }

  /** Arrhenius rate constant k = A exp(-Ea / (R T)), Ea in kJ/mol so the gradient is O(1). */
  @Differentiable
  @Domain(lows = {1, 1, 250}, highs = {10, 5, 500})
  static double arrhenius(double prefactor, double activationEnergyKj, double temperature) {
    return prefactor * Math.exp(-1000 * activationEnergyKj / (GAS_CONSTANT * temperature));
  }

  /** Cosine of the angle between two plane vectors. */
  @Differentiable
  @Domain(lo = 0.2, hi = 2)
  static double cosineSimilarity(double x1, double y1, double x2, double y2) {
    double dot = x1 * x2 + y1 * y2;
    return dot / (Math.hypot(x1, y1) * Math.hypot(x2, y2));
  }

  /** Damped oscillator displacement x(t) = A e^{-gamma t} cos(omega t + phi). */
  @Differentiable
  @Domain(lows = {0.5, 0.1, 1, -1, 0}, highs = {2, 1, 5, 1, 3})
  static double dampedOscillator(
      double amplitude, double gamma, double omega, double phase, double t) {
    return amplitude * Math.exp(-gamma * t) * Math.cos(omega * t + phase);
  }

  /** Lennard-Jones potential between two particles at distance r. */
  @Differentiable
  @Domain(lows = {0.9, 0.5, 0.8}, highs = {2.5, 2, 1.2})
  static double lennardJones(double r, double epsilon, double sigma) {
    double sr = sigma / r;
    double sr6 = Math.pow(sr, 6);
    return 4 * epsilon * (sr6 * sr6 - sr6);
  }

  /** Log of the Student-t density kernel with nu degrees of freedom (an int), scale s. */
  @Differentiable
  @Domain(lows = {-3, 0.5}, highs = {3, 2}, ints = {1, 3, 10})
  static double studentTLogKernel(double x, double s, int nu) {
    double z = x / s;
    return -(nu + 1) / 2.0 * Math.log1p(z * z / nu) - Math.log(s);
  }

  /** Smooth approximation of |x| with a clamp on a second input: nested calls and ?:. */
  @Differentiable
  @Domain
  static double smoothClamp(double x, double y) {
    double smoothAbs = Math.sqrt(x * x + 1e-2);
    double clamped = Math.min(Math.max(y, -1), 1);
    return clamped >= 0 ? smoothAbs * (1 + clamped) : smoothAbs / (1 - clamped);
  }

  /**
   * A differentiable call under an int cast inside a larger, split expression: no derivative flows
   * through the cast. (The random-program test found the split once lost the call's gradient
   * array, an internal error.)
   */
  @Differentiable
  @Domain(lo = -2, hi = 2)
  static double callUnderIntCast(double b, double c) {
    return Math.cbrt(
        (int) (3 * Math.sin(Library.softplus(b))) * Math.atan2(b, 1.5 + Math.cos(c)) + 5.5);
  }

  /**
   * A differentiable call that only decides a nested ?:. (The random-program test found its
   * Hessian-vector product once failed to compile: the call, shared by the value and the
   * adjoints, became a temporary that forward mode over the gradient tried to differentiate.)
   */
  @Differentiable
  @Domain(lo = -2, hi = 2)
  static double callDecidesNestedConditional(double a, double b) {
    return 2 * (Library.softplus(Math.sin(a)) > 0.8 ? b * b : 1.0 + a);
  }
}
