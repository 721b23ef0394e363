package dev.adjoint.processor.emit;

import dev.adjoint.processor.diff.SweepPlan;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
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

  /**
   * A reverse sweep's plan: a line for each statement that keeps something for its backward step,
   * where it is (its source line, or its first line as the sweeps see it when the differentiator
   * rebuilt it) and what it keeps and why.
   */
  public static String printPlan(SweepPlan plan, Set<String> userNames) {
    Function source = plan.source();
    NameAllocator names = NameAllocator.forFunction(source, userNames);
    StringBuilder lines = new StringBuilder();
    for (SweepPlan.Entry e : plan.entries()) {
      String reason = e.reason(names::nameOf);
      if (reason != null) {
        lines.append(where(e.statement(), source, names));
        lines.append("  =>  ").append(reason).append('\n');
      }
    }
    if (lines.isEmpty()) {
      return "nothing to keep: no statement overwrites a value, and there is no loop\n";
    }
    return "(the simplifier then removes what the backward sweep never reads back)\n" + lines;
  }

  private static String where(Stmt s, Function source, NameAllocator names) {
    SourceNote note = source.noteOf(s);
    if (note != null) {
      return note.comment();
    }
    String printed = new BodyPrinter(names).print(List.of(s)).toString();
    String first = printed.lines().findFirst().orElse("").strip();
    return "as rebuilt: " + (first.endsWith(" {") ? first.substring(0, first.length() - 2) : first);
  }

  /** The name a parameter gets, for tests. */
  static String nameOf(Function f, Variable v, Set<String> userNames) {
    return NameAllocator.forFunction(f, userNames).nameOf(v);
  }
}
