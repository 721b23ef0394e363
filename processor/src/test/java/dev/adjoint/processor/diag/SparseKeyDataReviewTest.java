package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review R10 of issue 18: data that decides a traced pattern, each changed between {@code
 * mHessianSparse} and its refill, must be in the key (the refill refused) or leave the refilled
 * matrix equal to {@code mHessian}: an enum field, a String field, an inherited field, a static
 * {@code int} and the elements of a static {@code int[]} of another class, the elements of a
 * {@code boolean[]} parameter read in a branch on data.
 */
class SparseKeyDataReviewTest {
  private static final String BASE =
      """
      package r10c;
      public class Base {
        public int inherited = 1;
      }
      """;
  private static final String CONFIG =
      """
      package r10c;
      public final class Config {
        public static int WIDTH = 1;
        public static int[] LINKS = {1, 2, 3, 0, 0};
      }
      """;
  private static final String SOURCE =
      """
      package r10c;
      import dev.adjoint.Differentiable;
      public final class Probe extends Base {
        public enum Kind { NEAR, FAR }
        public Kind kind = Kind.NEAR;
        public String mode = "near";
        public int[] nb = {1, 2, 3, 0, 0};

        @Differentiable
        public double byEnum(double[] x) {
          int d = kind == Kind.NEAR ? 1 : 2;
          double s = 0;
          for (int i = 0; i + d < x.length; i++) {
            s += x[i] * x[i + d];
          }
          return s;
        }

        @Differentiable
        public double byString(double[] x) {
          int d = mode.equals("near") ? 1 : 2;
          double s = 0;
          for (int i = 0; i + d < x.length; i++) {
            s += x[i] * x[i + d];
          }
          return s;
        }

        @Differentiable
        public double byInherited(double[] x) {
          double s = 0;
          for (int i = 0; i + inherited < x.length; i++) {
            s += x[i] * x[i + inherited];
          }
          return s;
        }

        @Differentiable
        public static double byOtherClass(double[] x) {
          double s = 0;
          for (int i = 0; i + Config.WIDTH < x.length; i++) {
            s += x[i] * x[Config.LINKS[i] % x.length] + x[i] * x[i + Config.WIDTH];
          }
          return s;
        }

        @Differentiable
        public static double byFlags(double[] x, boolean[] on) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            if (on[i]) {
              s += x[i] * x[i + 1];
            }
          }
          return s;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation =
        DiagnosticSources.compile(
            DiagnosticSources.source("r10c.Base", BASE),
            DiagnosticSources.source("r10c.Config", CONFIG),
            DiagnosticSources.source("r10c.Probe", SOURCE));
    assertThat(compilation).succeeded();
    loader = DiagnosticSources.classes(compilation);
  }

  private static Method method(String name, int params) throws Exception {
    for (Method m : loader.loadClass("r10c.ProbeDerivatives").getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private static double[] x(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.1 * i;
    }
    return x;
  }

  /** What is changed between the matrix and its refill. */
  interface Change {
    void apply(Object self) throws Exception;
  }

  /** Makes the matrix, applies {@code change}, then refills: refused, or equal to mHessian. */
  private static void check(String name, boolean instance, Object[] extra, Change change) throws Exception {
    Object self = loader.loadClass("r10c.Probe").getConstructor().newInstance();
    java.util.List<Object> args = new java.util.ArrayList<>();
    if (instance) {
      args.add(self);
    }
    args.add(x(5));
    args.addAll(java.util.List.of(extra));
    SparseHessian h = (SparseHessian) method(name + "HessianSparse", args.size()).invoke(null, args.toArray());
    change.apply(self);
    double[][] dense = (double[][]) method(name + "Hessian", args.size()).invoke(null, args.toArray());
    java.util.List<Object> refill = new java.util.ArrayList<>(args);
    refill.add(new double[5]);
    refill.add(h);
    try {
      method(name + "HessianSparse", refill.size()).invoke(null, refill.toArray());
    } catch (InvocationTargetException e) {
      assertThrows(IllegalArgumentException.class, () -> { throw e.getCause(); });
      return;
    }
    SparseKindsCheck.sameEntries(dense, h, name);
  }

  @Test
  void byEnum() throws Exception {
    check("byEnum", true, new Object[0], s -> s.getClass().getField("kind").set(s, s.getClass().getField("kind").getType().getEnumConstants()[1]));
  }

  @Test
  void byString() throws Exception {
    check("byString", true, new Object[0], s -> s.getClass().getField("mode").set(s, "far"));
  }

  @Test
  void byInherited() throws Exception {
    check("byInherited", true, new Object[0], s -> s.getClass().getField("inherited").setInt(s, 2));
  }

  @Test
  void byOtherClassWidth() throws Exception {
    Class<?> c = loader.loadClass("r10c.Config");
    try {
      check("byOtherClass", false, new Object[0], s -> c.getField("WIDTH").setInt(null, 2));
    } finally {
      c.getField("WIDTH").setInt(null, 1);
    }
  }

  @Test
  void byOtherClassLinks() throws Exception {
    Class<?> c = loader.loadClass("r10c.Config");
    int[] links = (int[]) c.getField("LINKS").get(null);
    try {
      check("byOtherClass", false, new Object[0], s -> links[0] = 4);
    } finally {
      links[0] = 1;
    }
  }

  @Test
  void byFlags() throws Exception {
    boolean[] on = {true, false, true, false};
    check("byFlags", false, new Object[] {on}, s -> on[1] = true);
  }
}
