package dev.adjoint.processor.golden;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the generated companions of a few representative classes with checked-in copies, so
 * that every change to the output is seen and reviewed.
 *
 * <p>To accept a change, rewrite the copies and read the diff as a reviewer would:
 *
 * <pre>mvn -pl processor -am test -Dtest=GoldenFilesTest -Dadjoint.updateGoldens=true</pre>
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("Rosenbrock", "RosenbrockDerivatives"),
        Arguments.of("Branches", "BranchesDerivatives"),
        Arguments.of("Overwrites", "OverwritesDerivatives"),
        Arguments.of("Statistics", "StatisticsDerivatives"),
        Arguments.of("Names", "Names_InnerDerivatives"),
        Arguments.of("Instance", "InstanceDerivatives"),
        Arguments.of("Calls", "CallsDerivatives"),
        Arguments.of("Helpers", "HelpersDerivatives"),
        Arguments.of("Vectors", "VectorsDerivatives"),
        Arguments.of("Loops", "LoopsDerivatives"),
        Arguments.of("Jacobians", "JacobiansDerivatives"),
        Arguments.of("LongLoops", "LongLoopsDerivatives"),
        Arguments.of("PrivateState", "PrivateStateDerivatives"),
        Arguments.of("Language", "LanguageDerivatives"),
        Arguments.of("VectorCalls", "VectorCallsDerivatives"),
        Arguments.of("Edges", "EdgesDerivatives"),
        Arguments.of("Routes", "RoutesDerivatives"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void generatedSourceMatchesGoldenCopy(String input, String companion) throws IOException {
    Compilation compilation = compile(input);
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation
            .generatedSourceFile("golden." + companion)
            .orElseThrow(() -> new AssertionError("no " + companion + " was generated"));
    String actual = generated.getCharContent(true).toString();
    Path expected = GOLDEN.resolve("expected").resolve(companion + ".java");
    if (Boolean.getBoolean("adjoint.updateGoldens")) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(expected), "missing golden file " + expected + "; run with -Dadjoint.updateGoldens=true");
    assertEquals(
        Files.readString(expected, StandardCharsets.UTF_8),
        actual,
        companion + " differs from its golden copy " + expected);
  }

  static Compilation compile(String input) throws IOException {
    Path source = GOLDEN.resolve("input").resolve(input + ".java");
    JavaFileObject file =
        JavaFileObjects.forSourceString(
            "golden." + input, Files.readString(source, StandardCharsets.UTF_8));
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withOptions("-Xlint:all")
        .compile(file);
  }
}
