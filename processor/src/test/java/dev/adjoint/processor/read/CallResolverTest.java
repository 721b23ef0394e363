package dev.adjoint.processor.read;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * The call resolver decides once, from javac's element, what each call is; every later stage reads
 * that from the IR. Each assertion below fails if one of its rules is dropped: a user's method named
 * like a Math function is the user's, a Math function on ints is data without effects, a call made
 * as a statement is data whatever it calls, and callees carry where their derivatives are.
 */
class CallResolverTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      import dev.adjoint.GradientOf;
      class Foo {
        static double pow(double a, double b) { return a * b; }
        static double exp(double a) { return a; }
        @Differentiable static double sqrt(double x) { return x; }
        @Differentiable(order = 1) static double once(double x) { return x; }
        static double cube(double x) { return x * x * x; }
        @GradientOf("cube") static double cubeGradient(double x, double[] grad) {
          grad[0] = 3 * x * x;
          return cube(x);
        }
        static void prepare(int k) {}

        @Differentiable
        static double f(double x, int k) {
          prepare(k);
          Math.sqrt(k);
          sqrt(x);
          double a = Math.pow(x, 2) + StrictMath.sin(x) + pow(x, 2) + exp(k);
          double b = sqrt(x) + once(x) + cube(x);
          int c = Math.abs(k) + Math.floorMod(k, 3);
          return a + b + c;
        }
      }
      """;

  private static final ClassRef FOO = new ClassRef("p", List.of("Foo"));
  private static final ClassRef COMPANION = new ClassRef("p", List.of("FooDerivatives"));

  @Test
  void everyCallIsResolvedOnceToWhatItCalls() {
    List<Expr> calls = calls(read("f"));
    List<Object> targets = new ArrayList<>();
    for (Expr c : calls) {
      targets.add(
          c instanceof Expr.Call call ? call.target() : ((Expr.DiffCall) c).callee().derivatives());
    }
    assertEquals(
        List.of(
            // Calls made as statements: data, whatever they call.
            new CallTarget.Data(FOO, "prepare"),
            new CallTarget.Data(ClassRef.MATH, "sqrt"),
            new CallTarget.Data(FOO, "sqrt"),
            // Math functions by their owner; the user's look-alikes are data.
            new CallTarget.Primitive(MathFunction.POW, ClassRef.MATH),
            new CallTarget.Primitive(MathFunction.SIN, ClassRef.STRICT_MATH),
            new CallTarget.Data(FOO, "pow"),
            new CallTarget.Data(FOO, "exp"),
            // Differentiable callees, generated or custom, with or without second order.
            new Callee.Generated(COMPANION, true),
            new Callee.Generated(COMPANION, false),
            new Callee.Custom("cubeGradient", null),
            // Math on ints computes data, without effects (generated code may compute it again);
            // the user's pow and exp above are never computed again.
            new CallTarget.Data(ClassRef.MATH, "abs", Effects.NONE, true),
            new CallTarget.Data(ClassRef.MATH, "floorMod", Effects.NONE, true)),
        targets);
    assertEquals(Type.VOID, calls.get(0).type());
    assertEquals(Type.VOID, calls.get(1).type());
    assertEquals(Type.DOUBLE, calls.get(5).type());
  }

  private static final String EFFECTS =
      """
      package p;
      import dev.adjoint.Differentiable;
      class Foo {
        static void log(double v) {}
        static double data(double v) { return v; }
        @Differentiable static double quiet(double x) { return data(x) * x; }
        @Differentiable static double loud(double x) { log(x); return x; }
        @Differentiable static double indirect(double x) { return 2 * loud(x); }
        @Differentiable static double recursive(double x, int n) {
          return n <= 1 ? x : recursive(x * x, n - 1) + quiet(x);
        }
        @Differentiable
        static double f(double x) {
          return quiet(x) + loud(x) + indirect(x) + recursive(x, 2);
        }
      }
      """;

  /**
   * Whether a differentiable callee may have effects is decided from its body, transitively: a
   * call made as a statement has them, a data call for its value does not, and a recursion adds
   * nothing to what its methods do.
   */
  @Test
  void aCalleesEffectsAreDecidedFromItsBody() {
    List<Effects> effects = new ArrayList<>();
    for (Expr c : calls(read(EFFECTS, "f"))) {
      effects.add(((Expr.DiffCall) c).callee().effects());
    }
    assertEquals(
        List.of(Effects.NONE, Effects.CALLS_AS_STATEMENTS, Effects.CALLS_AS_STATEMENTS, Effects.NONE),
        effects);
  }

  /** The calls of {@code f}'s IR, in the order they are read. */
  private static List<Expr> calls(Function f) {
    List<Expr> out = new ArrayList<>();
    Stmts.forEach(
        f.body(),
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.Call || n instanceof Expr.DiffCall) {
                    out.add(n);
                  }
                });
          }
        });
    return out;
  }

  /** Compiles {@link #SOURCE} with a processor that reads {@code method} into the IR. */
  private static Function read(String method) {
    return read(SOURCE, method);
  }

  /** Compiles {@code source} with a processor that reads {@code method} into the IR. */
  private static Function read(String source, String method) {
    Function[] read = {null};
    AbstractProcessor reader =
        new AbstractProcessor() {
          @Override
          public Set<String> getSupportedAnnotationTypes() {
            return Set.of("dev.adjoint.Differentiable");
          }

          @Override
          public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
          }

          @Override
          public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            Trees trees = Trees.instance(processingEnv);
            for (TypeElement a : annotations) {
              for (Element e : round.getElementsAnnotatedWith(a)) {
                if (e.getSimpleName().contentEquals(method)) {
                  ExecutableElement m = (ExecutableElement) e;
                  TreePath path = trees.getPath(m);
                  read[0] =
                      MethodReader.read(m, List.of(), path, trees, processingEnv.getElementUtils())
                          .function();
                }
              }
            }
            return false;
          }
        };
    Compilation c =
        javac().withProcessors(reader).compile(JavaFileObjects.forSourceString("p.Foo", source));
    assertThat(c).succeeded();
    return read[0];
  }
}
