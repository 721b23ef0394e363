package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * What Adjoint adds to a build: the time javac takes for a file with the processor minus the time
 * without it (reading, differentiating, writing and compiling the companion), per differentiable
 * method, for the benchmark problems and for a generated file of 200 methods. Each compilation is
 * repeated, in one warmed-up JVM, and the fastest taken.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.CompileTime}
 * from the project's root (it reads the problems' source from there).
 */
public final class CompileTime {
  private static final int REPEATS = 7;

  private CompileTime() {}

  public static void main(String[] args) throws IOException {
    Path problems = Path.of("benchmarks/src/main/java/dev/adjoint/benchmarks/Problems.java");
    String problemsSource = Files.readString(problems);
    measure("benchmark problems", "dev.adjoint.benchmarks.Problems", problemsSource, 5);
    measure("200 generated methods", "gen.Many", manyMethods(200), 200);
  }

  private static void measure(String label, String className, String source, int methods) {
    long without = fastest(className, source, false);
    long with = fastest(className, source, true);
    System.out.printf(Locale.ROOT,
        "%-22s javac %6.0f ms without Adjoint, %6.0f ms with: %.1f ms per differentiable method%n",
        label, without / 1e6, with / 1e6, (with - without) / 1e6 / methods);
  }

  private static long fastest(String className, String source, boolean withProcessor) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < REPEATS; i++) {
      best = Math.min(best, compile(className, source, withProcessor));
    }
    return best;
  }

  /** Nanoseconds for one javac run on the source, writing classes to a temporary folder. */
  private static long compile(String className, String source, boolean withProcessor) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try {
      Path out = Files.createTempDirectory("adjoint-compile-time");
      List<String> options =
          new ArrayList<>(
              Arrays.asList("-d", out.toString(), "-cp", annotationsJar(), "-implicit:none"));
      if (!withProcessor) {
        options.add("-proc:none");
      }
      JavaFileObject file = new Source(className, source);
      StringWriter errors = new StringWriter();
      long start = System.nanoTime();
      JavaCompiler.CompilationTask task =
          javac.getTask(errors, null, null, options, null, List.of(file));
      if (withProcessor) {
        task.setProcessors(List.of(adjoint()));
      }
      boolean ok = task.call();
      long elapsed = System.nanoTime() - start;
      if (!ok) {
        throw new IllegalStateException("compilation failed:\n" + errors);
      }
      return elapsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The processor, from the runtime classpath (it is not a compile-time dependency here). */
  private static javax.annotation.processing.Processor adjoint() {
    try {
      return (javax.annotation.processing.Processor)
          Class.forName("dev.adjoint.processor.AdjointProcessor").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("adjoint-processor is not on the classpath", e);
    }
  }

  private static String annotationsJar() {
    try {
      return Path.of(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A class of n differentiable methods in four shapes: formulas, loops, branches, calls. */
  static String manyMethods(int n) {
    StringBuilder s = new StringBuilder("package gen;\n\nimport dev.adjoint.Differentiable;\n\n");
    s.append("public final class Many {\n");
    for (int i = 0; i < n; i++) {
      s.append("  @Differentiable\n");
      switch (i % 4) {
        case 0 -> s.append(String.format(Locale.ROOT, """
              static double f%d(double x, double y, double z) {
                double a = Math.sin(x * y) + %d.5 * z;
                double b = Math.exp(-a * a) / (1 + y * y);
                return a * b + Math.log1p(z * z) * x;
              }
            """, i, i));
        case 1 -> s.append(String.format(Locale.ROOT, """
              static double f%d(double[] x, double a) {
                double s = 0;
                for (int j = 0; j + 1 < x.length; j++) {
                  double t = Math.sin(a * x[j] + %d) * x[j + 1];
                  s += t * t / (1 + x[j] * x[j]);
                }
                return s;
              }
            """, i, i));
        case 2 -> s.append(String.format(Locale.ROOT, """
              static double f%d(double x, double y) {
                double r;
                if (x > y) {
                  r = x * x - %d * y;
                } else {
                  r = Math.cos(x) * y;
                }
                return r * r + Math.hypot(x, y);
              }
            """, i, i));
        default -> s.append(String.format(Locale.ROOT, """
              static double f%d(double x, double y) {
                return f%d(x, y) * f%d(y, x) + x;
              }
            """, i, i - 1, i - 1));
      }
    }
    return s.append("}\n").toString();
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(
          java.net.URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
