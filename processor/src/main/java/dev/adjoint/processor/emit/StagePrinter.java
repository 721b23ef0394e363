package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Variable;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints a method's IR as Java-like text, for the {@code adjoint.stages} option: what the
 * generator had after each stage. Before declarations are placed, variables are assigned without
 * being declared.
 */
public final class StagePrinter {
  private StagePrinter() {}

  public static String print(Function f, Set<String> userNames) {
    NameAllocator names = NameAllocator.forFunction(f, userNames);
    String params =
        f.params().stream()
            .map(p -> p.type().javaName() + " " + names.nameOf(p))
            .collect(Collectors.joining(", "));
    String body = new BodyPrinter(names).print(f.body()).toString().indent(2);
    return f.returnType().javaName() + " " + f.name() + "(" + params + ") {\n" + body + "}\n";
  }

  /** The name a parameter gets, for tests. */
  static String nameOf(Function f, Variable v, Set<String> userNames) {
    return NameAllocator.forFunction(f, userNames).nameOf(v);
  }
}
