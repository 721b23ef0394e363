package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes random {@code @Differentiable} methods in the loop-free subset Adjoint supports, seeded so
 * that every run writes the same program.
 *
 * <p>Values are kept well-conditioned so that finite differences are reliable: every expression
 * carries a bound on its magnitude (parameters are sampled in [-2, 2], array elements too, the int
 * parameter in [1, 5]); a product, sum or assignment whose bound would exceed {@link #LIMIT} is
 * redrawn, denominators are kept away from zero ({@code 1 + u * u}, {@code 2 + sin(u)}), {@code
 * exp} and {@code log} only see bounded or positive arguments, {@code cbrt} and {@code hypot} never
 * exactly 0. Branches, {@code abs}, {@code max}, {@code min}, {@code floor}, casts to int and
 * {@code %} make kinks and jumps possible; the test skips the rare sample points where the finite
 * differences straddle one.
 *
 * <p>A method has 2 or 3 {@code double} parameters (sometimes named like generated code: {@code
 * grad}, {@code direction}, {@code aBar}, ...), sometimes an {@code int n}, a {@code double[]} of
 * length {@link #ARRAY_LENGTH} (read with constant, {@code n % 3}, {@code floorMod} and computed
 * indices), an {@code int[]}, a {@code boolean} or a {@code long}, sometimes a {@code wrt} subset;
 * it is static or (sometimes) an instance method reading the receiver's fields. Its body is 3 to 8
 * statements, not counting those nested in blocks: declarations (with and without initializer,
 * several at once, {@code var}, {@code final}, names of closed blocks declared again), assignment
 * and self-referencing reassignment of parameters and locals (also through calls), compound
 * assignment, {@code ++}/{@code --}, nested {@code if}/{@code else} and {@code else if}, with or
 * without braces, bare blocks, early returns (also from both branches of a nested if),
 * statement-level and nested {@code ?:}, {@code int}/{@code long}/{@code boolean} data locals with
 * integer operators; then a final {@code return} (or an if/else returning from both branches).
 * Expressions mix {@code + - * / %}, {@code Math} (and some {@code StrictMath}) functions, static
 * fields and constants of the class, calls of a helper class ({@code @Differentiable} methods, one
 * with a data parameter; methods with a {@code @GradientOf} custom gradient; plain methods
 * computing data), of earlier methods of the same class (with {@code int} and non-differentiated
 * arguments) and, for some methods with an {@code int} parameter, of the method itself (recursion
 * on {@code n - 1}).
 *
 * <p>Constructs that reveal a known bug of the processor are kept out by guards marked {@code KNOWN
 * BUG}; each names the bug, and removing it puts the construct back.
 */
final class ProgramGenerator {
  /** The package of every generated class. */
  static final String PACKAGE = "fuzz.gen";

  /** The helper class every generated class may call. */
  static final String HELPERS = "Helpers";

  /** The length of every {@code double[]} parameter. */
  static final int ARRAY_LENGTH = 3;

  /** The largest magnitude any expression or variable may reach. */
  static final double LIMIT = 8.0;

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
      """;

  /** The kinds of parameter and local. */
  enum Kind {
    DOUBLE,
    INT,
    LONG,
    BOOLEAN,
    ARRAY,
    INT_ARRAY
  }

  /** A parameter of a generated method. */
  record Param(String name, Kind kind) {}

  /**
   * One generated method.
   *
   * @param className simple name of its class
   * @param name its name, unique in its class
   * @param params its parameters, in order
   * @param wrt the differentiated parameters, in declaration order (resolved: all {@code double}
   *     and {@code double[]} parameters when the annotation names none)
   * @param text its source, annotation included, indented for a class body
   * @param callees names of the methods of the same class it calls (itself included)
   * @param instance whether it is an instance method (its companion takes the receiver first)
   */
  record Method(
      String className,
      String name,
      List<Param> params,
      List<String> wrt,
      String text,
      List<String> callees,
      boolean instance) {
    String qualifiedClassName() {
      return PACKAGE + "." + className;
    }

    String id() {
      return className + "." + name;
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
   * The helper class: a function of two variables, one with a branch, one with a data parameter.
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
              false),
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
              false),
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
              false));

  /**
   * Helpers that are not {@code @Differentiable}: two with a custom gradient ({@code @GradientOf};
   * one has a loop), and three that compute data, which may be called with data ({@code
   * plainScale}) or, returning int or boolean, with anything.
   */
  private static final String PLAIN_HELPERS =
      """
        /** A loop: not differentiable as written, so its gradient is given by hand. */
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

        public static double plainScale(int k) {
          return 1.0 + 0.25 * k;
        }

        public static int bucket(double x) {
          return x > 0.5 ? 2 : x < -0.5 ? 0 : 1;
        }

        public static boolean positive(double x) {
          return x > 0;
        }
      """;

  /**
   * Names a {@code double} parameter may take instead of a, b, c: some collide with generated ones.
   */
  private static final String[] ODD_PARAM_NAMES = {
    "grad", "direction", "x", "result", "aBar", "xDot", "grad2", "v", "hv", "self", "exp"
  };

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
    "exp"
  };

  /**
   * FIXED (was a known bug): a parameter or local named like a class the generated code names by its simple name
   * obscures that class there, and the companion does not compile ("double cannot be
   * dereferenced"): {@code Checks} ({@code Checks.requireLength}), {@code Arrays} ({@code
   * Arrays.fill}, with a {@code double[]} parameter), the method's own class ({@code Gen0.K} for a
   * static field), a callee's companion ({@code HelpersDerivatives.softGradient}), and {@code Math}
   * declared in a block before a later {@code Math.sin} (blocks are flattened). The original
   * compiles. While true, these names are never generated; set to false once fixed.
   */
  private static final boolean AVOID_OBSCURING_NAMES = false;

  /**
   * FIXED (was a known bug): a call of a {@code @Differentiable} method in the right operand of {@code &&} or
   * {@code ||} in a boolean local's initializer (or assignment) is hoisted before the statement and
   * so always runs: {@code boolean deeper = n > 0 && f(a, n - 1) > 0;} recurses forever in
   * fGradient and fDerivative (StackOverflowError) while f terminates. While true, a recursive
   * method always has an early-return base case instead; set to false once fixed.
   */
  private static final boolean AVOID_CALLS_AFTER_SHORT_CIRCUIT = false;

  /** Names of classes the companion refers to; {@code %s} is the class being written. */
  private static final String[] OBSCURING_NAMES = {
    "Checks", "Arrays", "%s", "HelpersDerivatives", "%sDerivatives"
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
  private boolean hasArray;
  private String arrayName;
  private boolean hasIntArray;
  private boolean instance;

  /** The method itself, as a callee, when it recurses on its int parameter; else null. */
  private Method self;

  private int selfCalls;

  /**
   * FIXED (was a known bug, the counter stays 0 now): a call of a {@code @Differentiable} (or {@code @GradientOf}) method anywhere in a
   * {@code ?:} that is not the whole right-hand side of an assignment or return (in a branch, or
   * even only in the condition: {@code return a + (a > 0 ? Helpers.bump(a) : b);}, {@code return a
   * + (Helpers.bump(a) > 0 ? a : b);}) is refused with ADJ042, reported on the method's line
   * instead of the construct's, although README lists both ?: and such calls as supported. While
   * this counter is positive (inside such a ?:), no such call is generated (calls of plain helpers
   * computing data still are). Remove the guard once fixed.
   */
  private int insideConditional;

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
      for (int m = 0; m < perClass; m++) {
        Method method = method(className, "m" + m);
        methods.add(method);
        // Arrays cannot be passed on, nor instance methods called.
        if (!method.instance()
            && method.params().stream()
                .noneMatch(p -> p.kind() == Kind.ARRAY || p.kind() == Kind.INT_ARRAY)) {
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
    text.append("import dev.adjoint.GradientOf;\n\n");
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
    this.className = className;
    usedNames.addAll(
        List.of(
            "K", "STEPS", "scale", "HALF", "f0", "f1", "count", "n", "p", "w", "q", "a", "b", "c",
            "flag", "len"));
    callees.clear();
    localCount = 0;
    selfCalls = 0;
    scopes.add(new ArrayList<>());

    // Parameters.
    List<Param> params = new ArrayList<>();
    int doubles = 2 + random.nextInt(2);
    List<String> names = new ArrayList<>(List.of("a", "b", "c").subList(0, doubles));
    if (random.nextInt(5) == 0) {
      names.set(random.nextInt(doubles), oddName(ODD_PARAM_NAMES));
    }
    for (String n : names) {
      params.add(new Param(n, Kind.DOUBLE));
    }
    boolean hasInt = random.nextInt(3) == 0;
    if (hasInt) {
      params.add(random.nextInt(params.size() + 1), new Param("n", Kind.INT));
    }
    hasArray = random.nextInt(3) == 0;
    if (hasArray) {
      arrayName = random.nextInt(4) == 0 ? "w" : "p";
      params.add(random.nextInt(params.size() + 1), new Param(arrayName, Kind.ARRAY));
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
    // wrt: by default every double and double[]; sometimes a nonempty strict subset.
    List<String> differentiable = new ArrayList<>();
    for (Param p : params) {
      if (p.kind() == Kind.DOUBLE || p.kind() == Kind.ARRAY) {
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
      if (kind != Kind.ARRAY && kind != Kind.INT_ARRAY) {
        declare(new Var(p.name(), kind, kind == Kind.INT || kind == Kind.LONG ? 5 : 2, true));
      }
    }

    // Body.
    List<String> body = new ArrayList<>();
    self = null;
    if (hasInt && !hasArray && !hasIntArray && !instance && random.nextBoolean()) {
      // Recursion on n, which then never changes: n - 1 reaches the base case.
      find("n", Kind.INT).isFinal = true;
      Method me =
          new Method(className, name, List.copyOf(params), List.copyOf(wrt), "", List.of(), false);
      // Calls after && or || once were hoisted (see AVOID_CALLS_AFTER_SHORT_CIRCUIT).
      if (!AVOID_CALLS_AFTER_SHORT_CIRCUIT && random.nextInt(2) == 0) {
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
        declare(new Var(flag, Kind.BOOLEAN, 1, false));
      } else {
        body.add("    if (n <= 1) {");
        body.add("      return " + expr(2).text + ";");
        body.add("    }");
        self = me;
      }
    }
    remaining = 3 + random.nextInt(maxStatements - 2);
    while (remaining > 0) {
      statement(body, "    ", 0);
    }
    if (random.nextInt(8) == 0) {
      ifStatement(body, "    ", 1, Ending.BOTH_RETURN);
    } else {
      body.add("    return " + returnExpr() + ";");
    }

    StringBuilder text = new StringBuilder();
    text.append("  @Differentiable");
    if (explicitWrt) {
      if (wrt.size() == 1 && random.nextBoolean()) {
        text.append("(wrt = \"").append(wrt.get(0)).append("\")");
      } else {
        List<String> quoted = new ArrayList<>();
        for (String w : wrt) {
          quoted.add('"' + w + '"');
        }
        text.append("(wrt = {").append(String.join(", ", quoted)).append("})");
      }
    }
    text.append('\n');
    List<String> declared = new ArrayList<>();
    for (Param p : params) {
      declared.add(javaType(p.kind()) + " " + p.name());
    }
    text.append(random.nextInt(4) == 0 ? "  " : "  public ")
        .append(instance ? "double " : "static double ")
        .append(name)
        .append('(')
        .append(String.join(", ", declared))
        .append(") {\n");
    for (String line : body) {
      text.append(line).append('\n');
    }
    text.append("  }\n");
    return new Method(
        className,
        name,
        List.copyOf(params),
        List.copyOf(wrt),
        text.toString(),
        List.copyOf(new LinkedHashSet<>(callees)),
        instance);
  }

  private static String javaType(Kind kind) {
    return switch (kind) {
      case DOUBLE -> "double";
      case INT -> "int";
      case LONG -> "long";
      case BOOLEAN -> "boolean";
      case ARRAY -> "double[]";
      case INT_ARRAY -> "int[]";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Variables and scopes
  // ---------------------------------------------------------------------------------------------

  /** A variable in scope; its bound only ever grows. */
  private static final class Var {
    final String name;
    final Kind kind;
    double bound;
    final boolean param;
    boolean isFinal;

    Var(String name, Kind kind, double bound, boolean param) {
      this.name = name;
      this.kind = kind;
      this.bound = bound;
      this.param = param;
    }
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

  private List<Var> assignableOf(Kind kind) {
    List<Var> out = new ArrayList<>();
    for (Var v : visible(kind)) {
      if (!v.isFinal) {
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

  /**
   * One of {@code names} or, unless avoided, sometimes a class name the companion uses.
   */
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
    if (prefix.equals("t") && random.nextInt(6) == 0) {
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

  // ---------------------------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------------------------

  private void statement(List<String> out, String ind, int nest) {
    remaining--;
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
        Var v = new Var(name, Kind.DOUBLE, e.bound, false);
        v.isFinal = form == 1;
        declare(v);
        return;
      } else if (roll < 19) {
        // Several declarators, the second reading the first.
        Expr e1 = expr(2);
        String n1 = freshLocal("t");
        Var v1 = new Var(n1, Kind.DOUBLE, e1.bound, false);
        declare(v1);
        Expr e2 = expr(2);
        String n2 = freshLocal("t");
        out.add(ind + "double " + n1 + " = " + e1.text + ", " + n2 + " = " + e2.text + ";");
        declare(new Var(n2, Kind.DOUBLE, e2.bound, false));
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
        declare(new Var(name, Kind.DOUBLE, Math.max(e1.bound, e2.bound), false));
        return;
      } else if (roll < 26) {
        // A local without initializer, assigned by the next statement.
        String name = freshLocal("t");
        Expr e = expr(2);
        out.add(ind + "double " + name + ";");
        out.add(ind + name + " = " + e.text + ";");
        declare(new Var(name, Kind.DOUBLE, e.bound, false));
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
        if (v != null && v.bound + 1 <= LIMIT) {
          String[] forms = {
            v.name + "++;", v.name + "--;", "++" + v.name + ";", "--" + v.name + ";"
          };
          out.add(ind + forms[random.nextInt(forms.length)]);
          v.bound += 1;
          return;
        }
      } else if (roll < 66) {
        // Statement-level ?:.
        Var v = assignableDouble();
        if (v != null) {
          String c = cond(2);
          Expr e1 = random.nextBoolean() ? selfExpr(v) : expr(2);
          Expr e2 = expr(2);
          if (e1 != null && e1.bound <= LIMIT && e2.bound <= LIMIT) {
            out.add(ind + v.name + " = " + c + " ? " + e1.text + " : " + e2.text + ";");
            v.bound = Math.max(v.bound, Math.max(e1.bound, e2.bound));
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
        if (nest < 2) {
          out.add(ind + "{");
          block(out, ind + "  ", nest + 1, Ending.OPEN);
          out.add(ind + "}");
          return;
        }
      } else if (nest < 2) {
        ifStatement(out, ind, nest, null);
        return;
      }
    }
    // Fallback: always possible.
    Expr e = expr(2);
    String name = freshLocal("t");
    out.add(ind + "double " + name + " = " + e.text + ";");
    declare(new Var(name, Kind.DOUBLE, e.bound, false));
  }

  /**
   * An if statement. With {@code ending} BOTH_RETURN it returns from every branch; otherwise (null)
   * it has random early returns but can always complete normally: at most one branch of an if/else,
   * and never the last else of an else-if chain, ends with a return.
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
    // A branch of one statement (not a declaration) sometimes goes without braces.
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
        || t.startsWith("var ")
        || t.startsWith("final ")
        || t.startsWith("int ")
        || t.startsWith("long ")
        || t.startsWith("boolean ");
  }

  private Ending randomEnding(int nest, boolean allowBoth) {
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
      out.add(ind + "return " + returnExpr() + ";");
    } else if (ending == Ending.BOTH_RETURN) {
      ifStatement(out, ind, nest + 1, Ending.BOTH_RETURN);
    }
    closeScope();
  }

  private String returnExpr() {
    if (random.nextInt(8) == 0) {
      return cond(2) + " ? " + expr(3).text + " : " + expr(3).text;
    }
    return expr(random.nextInt(5) == 0 ? 4 : 3).text;
  }

  private boolean assignPlain(List<String> out, String ind) {
    Var v = assignableDouble();
    if (v == null) {
      return false;
    }
    Expr e = expr(3);
    out.add(ind + v.name + " = " + e.text + ";");
    v.bound = Math.max(v.bound, e.bound);
    return true;
  }

  private boolean assignSelf(List<String> out, String ind) {
    Var v = assignableDouble();
    if (v == null) {
      return false;
    }
    Expr e = selfExpr(v);
    if (e == null) {
      return false;
    }
    out.add(ind + v.name + " = " + e.text + ";");
    v.bound = Math.max(v.bound, e.bound);
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
    switch (random.nextInt(11)) {
      case 0, 1, 2, 3 -> {
        if (v.bound + e.bound > LIMIT) {
          return false;
        }
        boolean minus = random.nextBoolean() && !e.text.equals(v.name); // x -= x: see binary()
        out.add(ind + v.name + (minus ? " -= " : " += ") + e.text + ";");
        v.bound += e.bound;
      }
      case 4, 5, 6 -> {
        Expr s = squash(e);
        out.add(ind + v.name + " *= " + s.text + ";");
        v.bound *= Math.max(1, s.bound);
      }
      case 7, 8 -> {
        Expr d = positive(e);
        out.add(ind + v.name + " /= " + d.text + ";");
        v.bound *= 2;
      }
      case 9 -> {
        if (insideConditional > 0) {
          return false;
        }
        Expr call = helperCallOn(e);
        if (v.bound + call.bound > LIMIT) {
          return false;
        }
        out.add(ind + v.name + " += " + call.text + ";");
        v.bound += call.bound;
      }
      default -> {
        // A remainder: jumps, derivative 1 between them.
        out.add(ind + v.name + " %= 1.5;");
      }
    }
    return true;
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
      declare(new Var(name, Kind.INT, fromN ? 40 : LIMIT, false));
    } else if (roll == 2) {
      String name = freshLocal("m");
      String init = n != null ? "n * 3L + 1" : "(long) " + castable(expr(1));
      out.add(ind + "long " + name + " = " + init + ";");
      declare(new Var(name, Kind.LONG, 20, false));
    } else {
      String name = freshLocal("f");
      out.add(ind + "boolean " + name + " = " + cond(1) + ";");
      declare(new Var(name, Kind.BOOLEAN, 1, false));
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
      return helperCall(depth);
    } else if (roll < 95 && insideConditional == 0 && !sameClassCallable.isEmpty()) {
      return sameClassCall(sameClassCallable.get(random.nextInt(sameClassCallable.size())), depth);
    } else if (roll < 96 && insideConditional == 0 && self != null && selfCalls < 2) {
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
    if (roll < 28 && hasArray) {
      return new Expr(arrayName + "[" + index() + "]", 2);
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
    if (roll < 41 && hasArray) {
      return new Expr(arrayName + "[" + arrayName + ".length - 1]", 2);
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
    if (op.equals("-") && a.text.equals(b.text)) {
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
   * n}) to its other double parameters (ADJ044 otherwise); 1 to 3 to an int parameter ({@code n -
   * 1} when recursing), so recursion stays shallow.
   */
  private Expr sameClassCall(Method callee, int depth) {
    callees.add(callee.name());
    Var n = find("n", Kind.INT);
    List<String> args = new ArrayList<>();
    for (Param p : callee.params()) {
      if (p.kind() == Kind.INT) {
        if (callee == self) {
          args.add("n - 1");
        } else {
          args.add(n != null ? "1 + n % 3" : Integer.toString(1 + random.nextInt(3)));
        }
      } else if (p.kind() == Kind.LONG) {
        args.add(pick(new String[] {"2L", "1", "3L"}));
      } else if (p.kind() == Kind.BOOLEAN) {
        args.add(random.nextBoolean() ? pick(new String[] {"true", "false"}) : cond(0));
      } else if (!callee.wrt().contains(p.name())) {
        args.add(n != null && random.nextBoolean() ? "0.2 * n" : constant().text);
      } else {
        Expr a = expr(depth - 1);
        args.add(a.bound <= 2 ? a.text : "2 * Math.sin(" + a.text + ")");
      }
    }
    return new Expr(callee.name() + "(" + String.join(", ", args) + ")", LIMIT);
  }

  private String cond(int depth) {
    int roll = random.nextInt(100);
    if (roll < 45 || depth <= 0) {
      Expr a = expr(1);
      Expr b = random.nextInt(3) == 0 ? constant() : expr(1);
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
