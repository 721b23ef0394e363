package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools and IDEs hand processors their own wrapper of javac's processing environment
 * (Gradle's incremental processing keeps javac's in a field named {@code delegate}; IntelliJ uses
 * a proxy). Adjoint finds javac's trees behind such a wrapper and keeps writing through the
 * wrapper; where javac's environment cannot be reached, one clear error and no crash.
 */
class WrappedEnvironmentTest {
  private static final JavaFileObject MODEL =
      JavaFileObjects.forSourceLines(
          "p.Model",
          "package p;",
          "import dev.adjoint.Differentiable;",
          "public class Model {",
          "  @Differentiable",
          "  public static double f(double x, double y) {",
          "    return Math.sin(x) * y;",
          "  }",
          "}");

  private static final JavaFileObject OTHER =
      JavaFileObjects.forSourceLines(
          "p.Other",
          "package p;",
          "import dev.adjoint.Differentiable;",
          "public class Other {",
          "  @Differentiable",
          "  public static double g(double x) {",
          "    return x * x;",
          "  }",
          "}");

  @Test
  void aGradleStyleWrapperIsSeenThroughAndFilesAreWrittenThroughIt() {
    GradleStyle[] wrapper = new GradleStyle[1];
    Compilation c =
        Compiler.javac()
            .withProcessors(
                new Wrapping(
                    env -> {
                      wrapper[0] = new GradleStyle(env);
                      return wrapper[0];
                    }))
            .compile(MODEL, OTHER);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("p.ModelDerivatives");
    assertThat(c).generatedSourceFile("p.OtherDerivatives");
    assertTrue(wrapper[0].filerRequests > 0, "the companions were not written through the wrapper");
  }

  @Test
  void aProxyIsSeenThrough() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new Wrapping(WrappedEnvironmentTest::proxy))
            .compile(MODEL);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("p.ModelDerivatives");
  }

  @Test
  void aWrapperThatHidesJavacsEnvironmentGivesOneClearErrorNotACrash() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new Wrapping(env -> new Hiding(() -> env)))
            .compile(MODEL, OTHER);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[ADJ001]");
    assertThat(c)
        .hadErrorContaining(
            "Adjoint needs javac's compiler trees; compile with javac or Maven/Gradle's javac");
    assertThat(c).hadErrorContaining(Hiding.class.getName());
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String text = d.getMessage(Locale.ROOT);
      assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
    }
  }

  private static ProcessingEnvironment proxy(ProcessingEnvironment env) {
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            WrappedEnvironmentTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            (self, method, args) -> {
              try {
                return method.invoke(env, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** As Gradle's {@code IncrementalProcessingEnvironment}: javac's in a field, its own filer. */
  private static final class GradleStyle extends Delegating {
    @SuppressWarnings("unused") // read by Adjoint, by reflection
    private final ProcessingEnvironment delegate;

    int filerRequests;

    GradleStyle(ProcessingEnvironment delegate) {
      super(() -> delegate);
      this.delegate = delegate;
    }

    @Override
    public Filer getFiler() {
      filerRequests++;
      return super.getFiler();
    }
  }

  /** Reaches javac's environment only through a supplier: nothing to find by type. */
  private static final class Hiding extends Delegating {
    Hiding(Supplier<ProcessingEnvironment> javacs) {
      super(javacs);
    }
  }

  private abstract static class Delegating implements ProcessingEnvironment {
    private final Supplier<ProcessingEnvironment> to;

    Delegating(Supplier<ProcessingEnvironment> to) {
      this.to = to;
    }

    @Override
    public Map<String, String> getOptions() {
      return to.get().getOptions();
    }

    @Override
    public Messager getMessager() {
      return to.get().getMessager();
    }

    @Override
    public Filer getFiler() {
      return to.get().getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return to.get().getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return to.get().getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return to.get().getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return to.get().getLocale();
    }
  }

  /** What a build tool does: runs the processor with its own wrapper of the environment. */
  private static final class Wrapping extends AbstractProcessor {
    private final Processor inner = new AdjointProcessor();
    private final Function<ProcessingEnvironment, ProcessingEnvironment> wrap;

    Wrapping(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      inner.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public Set<String> getSupportedOptions() {
      return inner.getSupportedOptions();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }
}
