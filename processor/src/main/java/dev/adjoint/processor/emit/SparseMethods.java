package dev.adjoint.processor.emit;

import static dev.adjoint.processor.emit.CompanionWriter.CHECKS;
import static dev.adjoint.processor.emit.CompanionWriter.call;
import static dev.adjoint.processor.emit.CompanionWriter.fresh;
import static dev.adjoint.processor.emit.CompanionWriter.inText;
import static dev.adjoint.processor.emit.CompanionWriter.parameter;
import static dev.adjoint.processor.emit.CompanionWriter.summary;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.HessianRoute;
import dev.adjoint.processor.diff.SparsityTracing;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The companion's sparse second derivatives and Jacobians: {@code mHessianSparse} and {@code
 * mJacobianSparse}, each in a new matrix and refilled in place. They are assembled from other
 * kinds: the pattern from {@code mSparsity} (or the dense pattern where the method has none), the
 * values from {@code mHessianVectors}, {@code mJacobianVectors} or {@code mVectorJacobian} along
 * the matrix's colours.
 */
public final class SparseMethods {
  static final ClassName SPARSE_HESSIAN = ClassName.get("dev.adjoint.runtime", "SparseHessian");
  static final ClassName SPARSE_JACOBIAN = ClassName.get("dev.adjoint.runtime", "SparseJacobian");
  private static final ClassName EDGE_PUSHING_TYPE = ClassName.get("dev.adjoint.runtime", "EdgePushing");
  private static final ClassName HESSIAN_ROUTE = ClassName.get("dev.adjoint", "HessianRoute");
  private static final ClassName PATTERN_KEY = ClassName.get("dev.adjoint.runtime", "PatternKey");
  private static final ClassName PATTERNS = ClassName.get("dev.adjoint.runtime", "SparsePatterns");
  private static final ClassName TRACER = ClassName.get("dev.adjoint.runtime", "SparsityTracer");

  private SparseMethods() {}

  /**
   * The IR of {@code m}'s tracing sweep {@code mSparsity}, or null where its transform refused
   * (a loop, an exit, an index or an integer decided by a value) and the sparse kinds take the
   * dense pattern.
   */
  static Function tracing(Map<Kind, Function> made) {
    return made.get(Kind.SPARSITY);
  }

  /**
   * What the refill's key checks besides the arguments, where the traced pattern read fields as
   * data (a loop bound, an index array): their values, so a refill after one changed is refused
   * (empty where it read none).
   */
  private static CodeBlock fieldsChecked(Parts p, String make) {
    if (p.fields.isEmpty()) {
      return CodeBlock.of("");
    }
    return CodeBlock.of(
        "<p>The pattern was traced with $L as $L when {@code $L} was made;\nthe key holds"
            + " $L too, so a refill after $L changed is refused.\n\n",
        (p.fields.size() == 1 ? "the field " : "the fields ") + p.fieldList(),
        p.fields.size() == 1 ? "it was" : "they were",
        make,
        p.fields.size() == 1 ? "it" : "them",
        p.fields.size() == 1 ? "it" : "one of them");
  }

  /** {@link Kind#NEW_HESSIAN_SPARSE}: the pattern, its colouring, then a first refill. */
  public static MethodSpec newHessianSparse(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    return newHessianSparse(m, made, owner, tracing(made) != null);
  }

  /** {@link Kind#NEW_HESSIAN_SPARSE}, the pattern traced by {@code mSparsity} or dense. */
  static MethodSpec newHessianSparse(
      MethodInfo m, Map<Kind, Function> made, ClassName owner, boolean traced) {
    Parts p = new Parts(m, made, made.get(Kind.HESSIAN_VECTOR), 3);
    String key = p.fresh("key");
    String h = p.fresh("h");
    MethodSpec.Builder b = p.builder(Kind.NEW_HESSIAN_SPARSE);
    b.addJavadoc(summary(Kind.NEW_HESSIAN_SPARSE, m, owner));
    // The key holds what the tracing sweep reads as data (fields included); a written pattern
    // reads no more than the sweep does, so it is used only where the sweep exists.
    Function written = traced ? made.get(Kind.HESSIAN_PATTERN) : null;
    b.addJavadoc(
        written != null
            ? writtenJavadoc(m, written)
            : patternJavadoc(m, traced, Kind.HESSIAN.methodName(m.name()), "entry of the lower triangle"));
    b.addJavadoc(
        "<p>{@code $L($L)} refills it at other points of the same shapes\nand data, allocating"
            + " nothing. Its {@link $T#colors()} is the number of directions a colouring\nrefill pushes"
            + " through {@link #$L}, a few to a sweep.\n\n",
        Kind.HESSIAN_SPARSE.methodName(m.name()),
        p.argsWith("grad", "h"),
        SPARSE_HESSIAN,
        Kind.HESSIAN_VECTORS.methodName(m.name()));
    b.addJavadoc(routeJavadoc(m, made));
    b.addJavadoc(
        "@return the Hessian's lower triangle, diagonal included, in compressed sparse columns, $L"
            + " by $L\n",
        inText(p.n),
        inText(p.n));
    b.returns(SPARSE_HESSIAN);
    p.key(b, key);
    if (written != null) {
      String t = p.fresh("t");
      b.addStatement("$T $L = new $T($L)", TRACER, t, TRACER, p.n);
      b.addStatement("$L($L$L$L)", written.name(), t, p.sep, p.args);
      b.addStatement("$T $L = $L.hessian($L)", SPARSE_HESSIAN, h, t, key);
    } else if (traced) {
      String t = p.fresh("t");
      p.trace(b, t);
      b.addStatement("$T $L = $L.hessian($L)", SPARSE_HESSIAN, h, t, key);
    } else {
      b.addStatement("$T $L = $T.denseHessian($L, $L)", SPARSE_HESSIAN, h, PATTERNS, p.n, key);
    }
    if (made.get(Kind.HESSIAN_EDGES) == null) {
      b.addStatement(
          "$L($L$Lnew double[$L], $L)", Kind.HESSIAN_SPARSE.methodName(m.name()), p.args, p.sep, p.n, h);
    } else {
      String grad = p.fresh("grad");
      b.addStatement("double[] $L = new double[$L]", grad, p.n);
      b.addComment(
          m.hessianRoute() == HessianRoute.AUTO
              ? "the route, chosen from colours, counts and times of refills (each fills the values)"
              : "the route the annotation forces, and a first refill");
      b.addStatement(
          "$L.chooseRoute($T.$L, () -> $L($L$L$L, $L))",
          h,
          HESSIAN_ROUTE,
          m.hessianRoute(),
          Kind.HESSIAN_SPARSE.methodName(m.name()),
          p.args,
          p.sep,
          grad,
          h);
    }
    return b.addStatement("return $L", h).build();
  }

  /** {@code text} as Javadoc shows it literally. */
  private static String javadocText(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "{@literal @}")
        .replace("*/", "*&#47;");
  }

  /** How the new matrix's refills compute its values, for the Javadoc of a method making one. */
  private static CodeBlock routeJavadoc(MethodInfo m, Map<Kind, Function> made) {
    String edges = Kind.HESSIAN_EDGES.methodName(m.name());
    if (made.get(Kind.HESSIAN_EDGES) == null) {
      return CodeBlock.of(
          "<p>Route: colouring, the only one {@code $L} has; it has no edge-pushing route, as"
              + "\n$L.\n\n",
          m.name(),
          m.noEdgeRoute() == null ? "it cannot be recorded" : javadocText(m.noEdgeRoute()));
    }
    String vectors = Kind.HESSIAN_VECTORS.methodName(m.name());
    CodeBlock both =
        CodeBlock.of(
            "Refills by edge pushing run {@link #$L}, which records each statement\nwith its"
                + " partials, then edge pushing's reverse sweep; refills by colouring push the"
                + " colours\nthrough {@link #$L}.",
            edges,
            vectors);
    if (m.hessianRoute() == HessianRoute.AUTO) {
      // RouteChoice's rules, as its constants say them.
      return CodeBlock.of(
          "<p>Route: chosen here, as {@code @Differentiable(hessian = AUTO)} (the default) asks:"
              + " colouring\nwhere the pattern needs at most two colours; else one run is"
              + " recorded, and colouring's colours\ntimes the statements run are compared with"
              + " edge pushing's statements and edge updates:\ncolouring up to 4 times, edge"
              + " pushing from 16 times; in between, the route the counts\nlean to (colouring"
              + " below 8 times) until its refills 3 and 4, and two more from the 8th\nonce a"
              + " second has passed, timed two by each route, settle on the faster.\n$L The matrix's {@link $T#routeReason()}\nsays"
              + " which route and why; {@link $T#useRoute} changes it.\n\n",
          both,
          SPARSE_HESSIAN,
          SPARSE_HESSIAN);
    }
    return CodeBlock.of(
        "<p>Route: $L, as {@code @Differentiable(hessian = $L)} forces.\n$L\n{@link $T#useRoute}"
            + " changes it.\n\n",
        m.hessianRoute() == HessianRoute.COLORING ? "colouring" : "edge pushing",
        m.hessianRoute(),
        both,
        SPARSE_HESSIAN);
  }

  /**
   * {@link Kind#HESSIAN_SPARSE}: sweeps along the colours, a few at a time, then the entries read back; or, on
   * the matrix's edge-pushing route, one recorded run and edge pushing's reverse sweep.
   */
  public static MethodSpec hessianSparse(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Parts p = new Parts(m, made, made.get(Kind.HESSIAN_VECTOR), 3);
    String grad = p.fresh("grad");
    String h = p.fresh("h");
    String key = p.fresh("key");
    String value = p.fresh("value");
    String edges = p.fresh("edges");
    String name = Kind.HESSIAN_SPARSE.methodName(m.name());
    boolean edgeRoute = made.get(Kind.HESSIAN_EDGES) != null;
    MethodSpec.Builder b = p.builder(Kind.HESSIAN_SPARSE);
    b.addParameter(double[].class, grad).addParameter(SPARSE_HESSIAN, h);
    b.addJavadoc(summary(Kind.HESSIAN_SPARSE, m, owner));
    if (edgeRoute) {
      b.addJavadoc(
          "<p>By {@code $L.route()}. Edge pushing: one run of {@link #$L} records each\nstatement"
              + " with its first and second partials, and edge pushing's reverse sweep writes the"
              + "\ngradient and the values. Colouring: sweeps of {@link #$L} along {@code $L}'s"
              + "\n{@code colors()} directions, a few at a time (each the sum of the unit vectors of one colour's"
              + " columns),\ngive products holding every entry of the pattern, which {@code $L}'s"
              + " colouring reads back\ninto its values. Allocates nothing (once a first refill"
              + " by edge pushing sized its records).\n\n",
          h,
          Kind.HESSIAN_EDGES.methodName(m.name()),
          Kind.HESSIAN_VECTORS.methodName(m.name()),
          h,
          h);
    } else {
      b.addJavadoc(
          "<p>Sweeps of {@link #$L} along {@code $L}'s {@code colors()} directions, a few at a time (each"
              + " the sum of the\nunit vectors of one colour's columns), give products holding"
              + " every entry of the pattern,\nwhich {@code $L}'s colouring reads back into its"
              + " values. Allocates nothing.\n\n",
          Kind.HESSIAN_VECTORS.methodName(m.name()),
          h,
          h);
    }
    b
        .addJavadoc(fieldsChecked(p, Kind.NEW_HESSIAN_SPARSE.methodName(m.name()) + "(" + p.args + ")"))
        .addJavadoc(
            "@param $L receives the gradient in its first $L elements (overwritten)\n",
            grad,
            inText(p.n))
        .addJavadoc(
            "@param $L a matrix made by {@code $L($L)}; its values are overwritten\n",
            h,
            name,
            p.args)
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} was not made by {@code $L}$L, or\n"
                + "    {@code $L} is shorter than $L\n",
            h,
            name,
            p.sameData(),
            grad,
            inText(p.n))
        .returns(TypeName.DOUBLE)
        .addCode(p.keyStatements(key))
        .addStatement("$L.requireMadeFor($L, $S)", h, key, name)
        .addStatement("$T.requireLength($L, $L, $S)", CHECKS, grad, p.n, grad);
    if (edgeRoute) {
      b.beginControlFlow("if ($L.route() == $T.EDGE_PUSHING)", h, HESSIAN_ROUTE)
          .addStatement("$T $L = $L.edges()", EDGE_PUSHING_TYPE, edges, h)
          .addStatement("$L.begin($L)", edges, p.n)
          .addStatement(
              "double $L = $L($L$L$L)",
              value,
              Kind.HESSIAN_EDGES.methodName(m.name()),
              edges,
              p.args.isEmpty() ? "" : ", ",
              p.args)
          .addStatement("$L.finish($L, $L)", edges, grad, h)
          .addStatement("return $L", value)
          .endControlFlow();
    }
    String sweep = p.fresh("sweep");
    return b.addComment("the colours a few at a time, each sweep giving the value and the gradient again")
        .addStatement("double $L = 0.0", value)
        .beginControlFlow("for (int $L = 0; $L < $L.sweeps(); $L++)", sweep, sweep, h, sweep)
        .addStatement(
            "$L = $L($L$L$L.seeds($L), $L, $L.products($L))",
            value,
            Kind.HESSIAN_VECTORS.methodName(m.name()),
            p.args,
            p.sep,
            h,
            sweep,
            grad,
            h,
            sweep)
        .endControlFlow()
        .addStatement("$L.recover()", h)
        .addStatement("return $L", value)
        .build();
  }

  /** {@link Kind#NEW_JACOBIAN_SPARSE}: the pattern, its colouring, then a first refill. */
  public static MethodSpec newJacobianSparse(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    return newJacobianSparse(m, made, owner, tracing(made) != null);
  }

  /** {@link Kind#NEW_JACOBIAN_SPARSE}, the pattern traced by {@code mSparsity} or dense. */
  static MethodSpec newJacobianSparse(
      MethodInfo m, Map<Kind, Function> made, ClassName owner, boolean traced) {
    Parts p = new Parts(m, made, made.get(Kind.JACOBIAN_VECTOR), 2);
    String key = p.fresh("key");
    String j = p.fresh("j");
    MethodSpec.Builder b = p.builder(Kind.NEW_JACOBIAN_SPARSE);
    b.addJavadoc(summary(Kind.NEW_JACOBIAN_SPARSE, m, owner));
    b.addJavadoc(patternJavadoc(m, traced, Kind.JACOBIAN.methodName(m.name()), "entry"));
    b.addJavadoc(
        "<p>{@code $L($L)} refills it at other points of the same shapes\nand data. Its {@link"
            + " $T#colors()} is the number of products each refill\ncomputes: along colours of"
            + " columns in one sweep of {@link #$L}, or along colours of\nrows by one {@link #$L}"
            + " each.\n\n",
        Kind.JACOBIAN_SPARSE.methodName(m.name()),
        p.argsWith("j"),
        SPARSE_JACOBIAN,
        Kind.JACOBIAN_VECTORS.methodName(m.name()),
        Kind.VECTOR_JACOBIAN.methodName(m.name()));
    b.addJavadoc(
        "@return the Jacobian in compressed sparse columns, one row per output and $L columns\n",
        inText(p.n));
    b.returns(SPARSE_JACOBIAN);
    p.key(b, key);
    if (traced) {
      String t = p.fresh("t");
      String outputs = p.fresh("outputs");
      p.trace(b, t, outputs);
      b.addStatement("$T $L = $L.jacobian($L, $L)", SPARSE_JACOBIAN, j, t, outputs, key);
    } else {
      b.addComment("the original is called once for the number of outputs");
      b.addStatement(
          "$T $L = $T.denseJacobian($L.length, $L, $L)",
          SPARSE_JACOBIAN,
          j,
          PATTERNS,
          p.original(owner),
          p.n,
          key);
    }
    return b.addStatement("$L($L$L$L)", Kind.JACOBIAN_SPARSE.methodName(m.name()), p.args, p.sep, j)
        .addStatement("return $L", j)
        .build();
  }

  /**
   * {@link Kind#JACOBIAN_SPARSE}: one forward sweep along the colours of columns, or one reverse
   * product per colour of rows, then the entries read back.
   */
  public static MethodSpec jacobianSparse(MethodInfo m, Map<Kind, Function> made, ClassName owner) {
    Parts p = new Parts(m, made, made.get(Kind.JACOBIAN_VECTOR), 2);
    String j = p.fresh("j");
    String key = p.fresh("key");
    String value = p.fresh("value");
    String seeds = p.fresh("seeds");
    String products = p.fresh("products");
    String c = p.fresh("c");
    String name = Kind.JACOBIAN_SPARSE.methodName(m.name());
    MethodSpec.Builder b = p.builder(Kind.JACOBIAN_SPARSE);
    b.addParameter(SPARSE_JACOBIAN, j);
    return b.addJavadoc(summary(Kind.JACOBIAN_SPARSE, m, owner))
        .addJavadoc(
            "<p>The products along {@code $L}'s {@code colors()} directions (each the sum of the"
                + " unit vectors of\none colour's columns, or rows) hold every entry of the"
                + " pattern, and {@code $L}'s colouring reads\nthem back into its values: colours"
                + " of columns through one sweep of {@link #$L},\ncolours of rows through one"
                + " {@link #$L} each.\n\n",
            j,
            j,
            Kind.JACOBIAN_VECTORS.methodName(m.name()),
            Kind.VECTOR_JACOBIAN.methodName(m.name()))
        .addJavadoc(fieldsChecked(p, Kind.NEW_JACOBIAN_SPARSE.methodName(m.name()) + "(" + p.args + ")"))
        .addJavadoc("@param $L a matrix made by {@code $L($L)}; its values are overwritten\n", j, name, p.args)
        .addJavadoc("@return the value of {@code $L}, exactly as the original computes it\n", call(m))
        .addJavadoc(
            "@throws IllegalArgumentException if {@code $L} was not made by {@code $L}$L\n",
            j,
            name,
            p.sameData())
        .returns(double[].class)
        .addCode(p.keyStatements(key))
        .addStatement("$L.requireMadeFor($L, $S)", j, key, name)
        .addStatement("double[][] $L = $L.seeds()", seeds, j)
        .addStatement("double[][] $L = $L.products()", products, j)
        .addStatement("double[] $L", value)
        .beginControlFlow("if ($L.byRows())", j)
        .addComment("no colour, no product: the original gives the value")
        .addStatement("$L = $L.length == 0 ? $L : null", value, seeds, p.original(owner))
        .beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", c, c, seeds, c)
        .addStatement(
            "$L = $L($L$L$L[$L], $L[$L])",
            value,
            Kind.VECTOR_JACOBIAN.methodName(m.name()),
            p.args,
            p.sep,
            seeds,
            c,
            products,
            c)
        .endControlFlow()
        .nextControlFlow("else")
        .addStatement(
            "$L = $L($L$L$L, $L)",
            value,
            Kind.JACOBIAN_VECTORS.methodName(m.name()),
            p.args,
            p.sep,
            seeds,
            products)
        .endControlFlow()
        .addStatement("$L.recover()", j)
        .addStatement("return $L", value)
        .build();
  }

  /** The pattern written at compile time, and its structure, for the Javadoc of a new matrix. */
  private static CodeBlock writtenJavadoc(MethodInfo m, Function written) {
    return CodeBlock.of(
        "<p>Pattern: written at compile time by {@link #$L} from the method's structure:\n$L.\n"
            + "It reads the shapes and data of the arguments alone and takes both sides of every"
            + " branch on\nvalues: it holds every entry that is nonzero for some input of these"
            + " shapes and data.\n\n",
        written.name(),
        PatternMethods.describe(written, m));
  }

  /** How the pattern is found, for the Javadoc of a method making a new matrix. */
  private static CodeBlock patternJavadoc(MethodInfo m, boolean traced, String dense, String entry) {
    String sparsity = Kind.SPARSITY.methodName(m.name());
    if (traced) {
      return CodeBlock.of(
          "<p>Pattern: traced by {@link #$L} at this call from the shapes and data of the"
              + " arguments\nalone, through both sides of every branch on values: it holds every"
              + " entry that is nonzero for\nsome input of these shapes and data.\n\n",
          sparsity);
    }
    return CodeBlock.of(
        "<p>Pattern: dense, every $L, as {@code $L} cannot trace it from the\nshapes and"
            + " data of the arguments alone (a loop, an exit, an index or an integer is decided\nby"
            + " a value): correct for every input, and as costly as {@link #$L}.\n\n",
        entry,
        sparsity,
        dense);
  }

  /** What the four methods share: the original's parameters, their names, N and the key. */
  private static final class Parts {
    final MethodInfo m;
    /** The tracing sweep, or null where the pattern is dense. */
    final Function sweep;
    /** The pattern written at compile time that the new matrix records, or null. */
    final Function written;
    /** The fields the pattern read as data ({@link SparsityTracing#keyedFields}). */
    final List<Expr> fields;
    final List<Variable> userParams;
    final NameAllocator names;
    final Set<String> taken = new HashSet<>();
    final String args;
    final String sep;
    final CodeBlock n;

    /** From a product of the method, whose last {@code extras} parameters are the product's. */
    Parts(MethodInfo m, Map<Kind, Function> made, Function product, int extras) {
      this.m = m;
      this.sweep = tracing(made);
      // A written pattern is used only beside a sweep, and reads no more data than the sweep; the
      // key holds what either reads all the same, so that no refill can rest on that argument.
      this.written = sweep == null ? null : made.get(Kind.HESSIAN_PATTERN);
      Set<Expr> read = new java.util.LinkedHashSet<>();
      for (Function f : java.util.Arrays.asList(sweep, written)) {
        if (f != null) {
          read.addAll(SparsityTracing.keyedFields(f));
        }
      }
      this.fields = List.copyOf(read);
      this.names = NameAllocator.forFunction(product, m);
      this.userParams = product.params().subList(0, product.params().size() - extras);
      userParams.forEach(v -> taken.add(names.nameOf(v)));
      this.args = userParams.stream().map(names::nameOf).collect(Collectors.joining(", "));
      this.sep = args.isEmpty() ? "" : ", ";
      this.n = new ExprPrinter(names).print(GradientLayout.length(m.wrt()));
    }

    String fresh(String base) {
      return CompanionWriter.fresh(base, taken);
    }

    /** The original's arguments followed by {@code more}, as Javadoc shows a call. */
    String argsWith(String... more) {
      return args + sep + String.join(", ", more);
    }

    MethodSpec.Builder builder(Kind kind) {
      MethodSpec.Builder b = MethodSpec.methodBuilder(kind.methodName(m.name())).addModifiers(Modifier.STATIC);
      CompanionWriter.access(b, m);
      for (Variable v : userParams) {
        b.addParameter(parameter(v, names, m));
      }
      return b;
    }

    /** A call of the original with the method's arguments. */
    CodeBlock original(ClassName owner) {
      return JacobianMethods.originalCall(m, owner, userParams, names);
    }

    void key(MethodSpec.Builder b, String key) {
      b.addCode(keyStatements(key));
    }

    /**
     * {@code long key = ...}: the {@link dev.adjoint.runtime.PatternKey} of the method (a matrix
     * made by another is refused) and of every datum that may decide the pattern: each argument
     * in declaration order (each array's shape, each {@code int}, {@code long}, {@code boolean}
     * and enum, each element of an {@code int[]} or {@code boolean[]}, each character of a
     * string), then each field the traced pattern read as data, the same way. An object (the
     * receiver, a parameter whose methods are called) is not: the pattern depends on it only
     * through the fields it read, which are in the key ({@link SparsityTracing.Refusal} refuses a
     * pattern that would depend on it otherwise), and its identity would refuse an equal copy.
     */
    CodeBlock keyStatements(String key) {
      CodeBlock.Builder c = CodeBlock.builder();
      c.addStatement("long $L = $T.start($S)", key, PATTERNS, m.owner() + "." + m.linkSignature());
      for (int k = 0; k < userParams.size(); k++) {
        Variable v = userParams.get(k);
        if (v.type() == Type.DOUBLE) {
          continue;
        }
        if (isData(v.type()) && !readsElements(k)) {
          // The pattern reads its length only.
          c.addStatement("$L = $T.mixLength($L, $L)", key, PATTERNS, key, names.nameOf(v));
        } else {
          mix(c, key, v.type(), CodeBlock.of("$L", names.nameOf(v)));
        }
      }
      if (!fields.isEmpty()) {
        c.add("// the fields the pattern was traced with\n");
      }
      ExprPrinter printer = new ExprPrinter(names);
      for (Expr field : fields) {
        mix(c, key, field.type(), printer.print(field));
      }
      return c.build();
    }

    private static boolean isData(Type t) {
      return t == Type.INT_ARRAY || t == Type.BOOLEAN_ARRAY || t == Type.INT_MATRIX;
    }

    /**
     * Whether the pattern may read the elements of the {@code k}th parameter: unless the sweep
     * and the written pattern ({@link SparsityTracing#readsElements}) read its length only.
     * Without a sweep (the dense pattern) every datum is kept, as before.
     */
    private boolean readsElements(int k) {
      for (Function f : java.util.Arrays.asList(sweep, written)) {
        if (f != null
            && (f.params().size() != userParams.size() + 1
                || SparsityTracing.readsElements(f, f.params().get(k + 1)))) {
          return true;
        }
      }
      return sweep == null;
    }

    private static void mix(CodeBlock.Builder c, String key, Type type, CodeBlock datum) {
      switch (type) {
        case DOUBLE_ARRAY, DOUBLE_MATRIX, INT_ARRAY, INT, LONG, BOOLEAN ->
            c.addStatement("$L = $T.mix($L, $L)", key, PATTERN_KEY, key, datum);
        case BOOLEAN_ARRAY, STRING, ENUM, INT_MATRIX ->
            c.addStatement("$L = $T.mix($L, $L)", key, PATTERNS, key, datum);
        case RECEIVER, OBJECT -> {}
        case DOUBLE, TAPE, CHECKPOINTS, EXCEPTION, VOID ->
            throw new IllegalStateException(type + " is never in a pattern's key");
      }
    }

    /** The keyed fields as the source names them: {@code {@code self.shift}, {@code Probe.STEP}}. */
    String fieldList() {
      return fields.stream()
          .map(f -> "{@code " + sourceName(f) + (isShape(f.type()) ? ".length" : "") + "}")
          .collect(Collectors.joining(", "));
    }

    private String sourceName(Expr field) {
      if (field instanceof Expr.InstanceField f) {
        return names.nameOf(f.receiver()) + "." + f.name();
      }
      Expr.FieldRef f = (Expr.FieldRef) field;
      return String.join(".", f.owner().simpleNames()) + "." + f.name();
    }

    private static boolean isShape(Type t) {
      return t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX;
    }

    /**
     * What the key holds besides the method, as the Javadoc of a refill names it: {@code " for the
     * same {@code x.length} and {@code idx}"}, or nothing.
     */
    String sameData() {
      List<String> parts = new java.util.ArrayList<>();
      for (int k = 0; k < userParams.size(); k++) {
        Variable v = userParams.get(k);
        String name = names.nameOf(v);
        if (isData(v.type()) && !readsElements(k)) {
          parts.add("{@code " + name + ".length}");
          continue;
        }
        switch (v.type()) {
          case DOUBLE_ARRAY -> parts.add("{@code " + name + ".length}");
          case DOUBLE_MATRIX -> parts.add("shape of {@code " + name + "}");
          case DOUBLE, RECEIVER, OBJECT -> {}
          default -> parts.add("{@code " + name + "}");
        }
      }
      fields.forEach(f -> parts.add("{@code " + sourceName(f) + (isShape(f.type()) ? ".length" : "") + "}"));
      if (parts.isEmpty()) {
        return "";
      }
      String last = parts.remove(parts.size() - 1);
      return " for the same " + (parts.isEmpty() ? last : String.join(", ", parts) + " and " + last);
    }

    /**
     * The tracer, the handles of the differentiated parameters numbered as the gradient numbers
     * them, and the call of {@code mSparsity} (its result in {@code outputs}, if given).
     */
    void trace(MethodSpec.Builder b, String t, String... outputs) {
      b.addStatement("$T $L = new $T($L)", TRACER, t, TRACER, n);
      StringBuilder call = new StringBuilder();
      for (Variable v : userParams) {
        String name = names.nameOf(v);
        if (m.wrt().contains(v)) {
          String handles = fresh(v.baseName() + "Set");
          CodeBlock offset = new ExprPrinter(names).print(GradientLayout.offsetOf(m.wrt(), v));
          switch (v.type()) {
            case DOUBLE -> b.addStatement("int $L = $L.input($L)", handles, t, offset);
            case DOUBLE_ARRAY ->
                b.addStatement("int[] $L = $L.inputs($L, $L.length)", handles, t, offset, name);
            case DOUBLE_MATRIX ->
                b.addStatement("int[][] $L = $L.inputs($L, $L)", handles, t, offset, name);
            default -> throw new IllegalStateException(v.type() + " is not differentiated");
          }
          name = handles;
        }
        call.append(call.length() == 0 ? "" : ", ").append(name);
      }
      String sparsity = Kind.SPARSITY.methodName(m.name());
      String sepT = call.length() == 0 ? "" : ", ";
      if (outputs.length == 0) {
        b.addStatement("$L($L$L$L)", sparsity, t, sepT, call);
      } else {
        b.addStatement("int[] $L = $L($L$L$L)", outputs[0], sparsity, t, sepT, call);
      }
    }
  }
}
