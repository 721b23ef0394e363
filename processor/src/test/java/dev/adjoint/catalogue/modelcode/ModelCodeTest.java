package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model code as real projects write it (issue 16): each class of {@code
 * src/test/resources/model-code} is compiled with Adjoint on its own, as written, and every kind
 * generated for its annotated methods is checked against finite differences of the original at two
 * points of its domain ({@link GeneratedKindsCheck}). Classes that do not compile yet wait in
 * {@code src/test/findings/model-code}; moving one here is all it takes to test it.
 */
class ModelCodeTest {

  static Stream<String> suite() {
    return ModelCodeSources.files(ModelCodeSources.SUITE).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suite")
  void compilesAsWrittenAndEveryKindIsRight(String file) throws Exception {
    ModelCase c = ModelCases.of(file);
    Compilation compilation = ModelCodeSources.compile(ModelCodeSources.SUITE.resolve(file));
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> file + " does not compile:\n" + ModelCodeSources.listing(compilation));
    assertTrue(
        compilation.warnings().isEmpty(),
        () -> file + " compiles with warnings:\n" + ModelCodeSources.listing(compilation));
    Set<String> checked =
        GeneratedKindsCheck.check(c, DiagnosticSources.classes(compilation));
    assertTrue(!checked.isEmpty(), file + ": nothing was checked");
  }

  static Stream<String> findings() {
    return ModelCodeSources.files(ModelCodeSources.FINDINGS).stream();
  }

  /**
   * A class waiting in the findings is plain Java that compiles without Adjoint, and its case's
   * points are inside its domain, where finite differences can judge its derivatives.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("findings")
  void findingIsPlainJavaReadyToMove(String file) throws Exception {
    Compilation compilation =
        ModelCodeSources.compileWithoutAdjoint(ModelCodeSources.FINDINGS.resolve(file));
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> file + " is not valid Java:\n" + ModelCodeSources.listing(compilation));
    GeneratedKindsCheck.checkDomain(ModelCases.of(file), DiagnosticSources.classes(compilation));
  }

  /** Every file has its case, in the suite or among the findings, and every case its file. */
  @Test
  void everyFileHasACaseAndEveryCaseAFile() {
    List<String> files = new ArrayList<>(ModelCodeSources.files(ModelCodeSources.SUITE));
    files.addAll(ModelCodeSources.files(ModelCodeSources.FINDINGS));
    assertEquals(ModelCases.files(), new TreeSet<>(files), "files in model-code and cases in ModelCases");
    assertEquals(files.size(), new TreeSet<>(files).size(), "a file both in the suite and in findings");
  }
}
