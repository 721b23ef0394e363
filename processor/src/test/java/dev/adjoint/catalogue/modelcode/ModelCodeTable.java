package dev.adjoint.catalogue.modelcode;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints where the whole corpus stands, suite and findings: per class, the constructs it uses,
 * whether it compiles, the error ids it gets, and whether its derivatives are right; then per
 * construct, the ids of the classes that use it and fail. Run on request:
 * {@code mvn -o -q -pl processor -am test -Dtest=ModelCodeTable -Dsurefire.failIfNoSpecifiedTests=false
 * -Dadjoint.modelCode.table=true}.
 */
class ModelCodeTable {

  @Test
  @EnabledIfSystemProperty(named = "adjoint.modelCode.table", matches = "true")
  void printTable() {
    List<String> rows = new ArrayList<>();
    Map<Construct, Set<String>> idsByConstruct = new EnumMap<>(Construct.class);
    Map<Construct, int[]> countsByConstruct = new EnumMap<>(Construct.class);
    int compiled = 0;
    int total = 0;
    rows.add("| class | where | constructs | compiles | error ids | derivatives |");
    rows.add("| --- | --- | --- | --- | --- | --- |");
    for (Path folder : List.of(ModelCodeSources.SUITE, ModelCodeSources.FINDINGS)) {
      for (String file : ModelCodeSources.files(folder)) {
        total++;
        ModelCase c = ModelCases.of(file);
        Compilation compilation = ModelCodeSources.compile(folder.resolve(file));
        boolean ok = compilation.status() == Compilation.Status.SUCCESS;
        List<String> ids = ModelCodeSources.errorIds(compilation);
        String derivatives = "-";
        if (ok) {
          compiled++;
          try {
            GeneratedKindsCheck.check(c, DiagnosticSources.classes(compilation));
            derivatives = "right";
          } catch (AssertionError
              | ReflectiveOperationException
              | RuntimeException
              | LinkageError e) {
            // A class whose generated code fails to load (LinkageError) is a row, not the end.
            derivatives = "WRONG: " + String.valueOf(e).lines().findFirst().orElse("");
          }
        }
        for (Construct k : c.constructs()) {
          countsByConstruct.computeIfAbsent(k, x -> new int[2])[ok ? 0 : 1]++;
          if (!ok) {
            idsByConstruct.computeIfAbsent(k, x -> new TreeSet<>()).addAll(ids);
          }
        }
        rows.add(
            "| "
                + file.replace(".java", "")
                + " | "
                + (folder.equals(ModelCodeSources.SUITE) ? "suite" : "findings")
                + " | "
                + c.constructs().stream().map(Construct::description).collect(Collectors.joining(", "))
                + " | "
                + (ok ? "yes" : "no")
                + " | "
                + String.join(" ", ids)
                + " | "
                + derivatives
                + " |");
        if (!ok) {
          System.out.println("---- " + file + "\n" + ModelCodeSources.listing(compilation));
        }
      }
    }
    rows.add("");
    rows.add(compiled + " of " + total + " classes compile as written.");
    rows.add("");
    rows.add("| construct | classes compiling | classes failing | error ids of the failing classes |");
    rows.add("| --- | ---: | ---: | --- |");
    for (Map.Entry<Construct, int[]> e : countsByConstruct.entrySet()) {
      rows.add(
          "| "
              + e.getKey().description()
              + " | "
              + e.getValue()[0]
              + " | "
              + e.getValue()[1]
              + " | "
              + String.join(" ", idsByConstruct.getOrDefault(e.getKey(), Set.of()))
              + " |");
    }
    System.out.println(String.join("\n", rows));
  }
}
