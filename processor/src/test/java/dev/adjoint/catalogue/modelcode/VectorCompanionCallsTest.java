package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.SeparateCompilationTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Differentiable} methods returning {@code double[]} that are not read in place are
 * called through their companions' Jacobian products: one compiled earlier in a library of which
 * only class files remain, and an instance method of another object, held in a field. Each is
 * called straight and in a loop, with scalar and array arguments (a computed scalar among them),
 * its result read element by element and passed on to the other; every generated kind of each
 * caller, scalar and vector-valued, is checked against finite differences of the original ({@link
 * GeneratedKindsCheck}).
 */
class VectorCompanionCallsTest {
  static final JavaFileObject LIBRARY =
      JavaFileObjects.forSourceString(
          "lib.Kinematics",
          """
          package lib;

          import dev.adjoint.Differentiable;

          public final class Kinematics {
            private Kinematics() {}

            @Differentiable(wrt = {"r", "theta", "w"})
            public static double[] place(double r, double theta, double[] w, int extra) {
              double[] p = new double[2 + extra];
              p[0] = r * Math.cos(theta) * w[0];
              p[1] = r * Math.sin(theta) + w[1] * w[0];
              for (int i = 0; i < extra; i++) {
                p[2 + i] = Math.exp(-r * (i + 1)) * w[i % w.length];
              }
              return p;
            }
          }
          """);

  static final JavaFileObject LAYER =
      JavaFileObjects.forSourceString(
          "app.Layer",
          """
          package app;

          import dev.adjoint.Differentiable;

          public final class Layer {
            private final double[] bias;

            public Layer(double[] bias) {
              this.bias = bias;
            }

            @Differentiable(wrt = "x")
            public double[] apply(double[] x) {
              double[] out = new double[bias.length];
              for (int i = 0; i < out.length; i++) {
                out[i] = Math.tanh(x[i % x.length] * x[0] + bias[i]);
              }
              return out;
            }
          }
          """);

  static final JavaFileObject ARM =
      JavaFileObjects.forSourceString(
          "app.Arm",
          """
          package app;

          import dev.adjoint.Differentiable;
          import lib.Kinematics;

          public final class Arm {
            private final Layer layer;

            public Arm(Layer layer) {
              this.layer = layer;
            }

            @Differentiable
            public double reach(double[] q, double length) {
              double[] p = Kinematics.place(length * q[0], q[1], q, 2);
              double s = p[0] * p[0] + p[1] * p[3];
              double[] h = layer.apply(p);
              return s + h[0] * h[1];
            }

            @Differentiable
            public double sweep(double[] q, double length) {
              double total = 0;
              for (int i = 0; i + 1 < q.length; i++) {
                double[] p = Kinematics.place(length + q[i], q[i + 1], q, i % 2 + 1);
                double[] h = layer.apply(p);
                total += p[0] * p[1] + p[p.length - 1] * h[1];
              }
              return total;
            }

            @Differentiable
            public double[] tip(double[] q, double length) {
              double[] p = Kinematics.place(length, q[0], q, 0);
              double[] out = new double[2];
              out[0] = p[0] * q[1];
              out[1] = p[1] + p[0] * p[1];
              return out;
            }
          }
          """);

  /** The library's class files in {@code dir}, then the callers compiled against them. */
  static Compilation compileAgainstLibrary(Path dir, JavaFileObject... callers) throws Exception {
    Compilation library = Compiler.javac().withProcessors(new AdjointProcessor()).compile(LIBRARY);
    assertEquals(Compilation.Status.SUCCESS, library.status(), () -> library.diagnostics().toString());
    SeparateCompilationTest.writeClasses(library, dir);
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withClasspath(List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
        .compile(callers);
  }

  @Test
  void everyKindOfEveryCallerIsRight(@TempDir Path dir) throws Exception {
    Compilation callers = compileAgainstLibrary(dir, LAYER, ARM);
    assertEquals(
        Compilation.Status.SUCCESS, callers.status(), () -> ModelCodeSources.listing(callers));
    SeparateCompilationTest.writeClasses(callers, dir);
    ModelCase arm =
        new ModelCase(
            "Arm.java",
            "app.Arm",
            new Object[] {layer()},
            List.of("reach", "sweep", "tip"),
            new int[0],
            List.of(
                new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2},
                new Object[] {new double[] {-0.6, 0.5, 0.2, 0.9}, 0.7}),
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Set<String> checked =
          GeneratedKindsCheck.check(withLayer(arm, loader), loader);
      for (String kind : List.of("Gradient", "Derivative", "HessianVector", "Hessian")) {
        assertTrue(checked.contains("reach" + kind), checked.toString());
        assertTrue(checked.contains("sweep" + kind), checked.toString());
      }
      for (String kind : List.of("JacobianVector", "VectorJacobian", "VectorHessianVector", "Jacobian")) {
        assertTrue(checked.contains("tip" + kind), checked.toString());
      }
    }
  }

  /**
   * Nothing is allocated per call beyond what the callees return: each call of a vector callee's
   * value or Jacobian product returns a new array, as the callee does in the original; the
   * caller's arrays come from the workspace. Measured for the gradient of {@code reach}, which
   * makes two calls whose values the original also makes, and two vector-Jacobian products, and
   * of {@code sweep}, whose loop makes them in each iteration.
   */
  @Test
  void aGradientAllocatesOnlyWhatItsCalleesReturn(@TempDir Path dir) throws Exception {
    Compilation callers = compileAgainstLibrary(dir, LAYER, ARM);
    SeparateCompilationTest.writeClasses(callers, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> armClass = loader.loadClass("app.Arm");
      Object layer =
          loader.loadClass("app.Layer").getConstructor(double[].class).newInstance((Object) layer());
      Object arm = armClass.getConstructor(loader.loadClass("app.Layer")).newInstance(layer);
      Class<?> companion = loader.loadClass("app.ArmDerivatives");
      double[] q = {0.4, -0.3, 0.8, 0.1, 0.6};
      double[] grad = new double[q.length + 1];
      for (String name : List.of("reach", "sweep")) {
        java.lang.reflect.Method original = armClass.getMethod(name, double[].class, double.class);
        java.lang.reflect.Method gradient =
            companion.getMethod(name + "Gradient", armClass, double[].class, double.class, double[].class);
        long originalBytes =
            dev.adjoint.catalogue.SteadyStateAllocationTest.bytesPerCall(
                () -> invoke(original, arm, q, 1.2));
        long gradientBytes =
            dev.adjoint.catalogue.SteadyStateAllocationTest.bytesPerCall(
                () -> invoke(gradient, null, arm, q, 1.2, grad));
        System.out.println(
            "VectorCompanionCallsTest: " + name + " allocates " + originalBytes
                + " bytes per call, its gradient " + gradientBytes);
        // The callees' values, and as many vector-Jacobian products returning arrays as long.
        assertTrue(
            gradientBytes <= 2 * originalBytes + 256,
            name + ": the original allocates " + originalBytes + " bytes per call, the gradient "
                + gradientBytes);
      }
    }
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static double[] layer() {
    return new double[] {0.1, -0.2, 0.3};
  }

  /** The case with its receiver, an {@code Arm} holding a {@code Layer} of this loader. */
  private static ModelCase withLayer(ModelCase c, ClassLoader loader) throws Exception {
    Object layer = loader.loadClass("app.Layer").getConstructor(double[].class).newInstance((Object) layer());
    return new ModelCase(
        c.file(), c.type(), new Object[] {layer}, c.methods(), c.wrt(), c.points(), c.constructs());
  }
}
