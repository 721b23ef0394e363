package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One meaning per id: every diagnostic is a {@link Message} with an id of its own, documented in
 * README's table, and no text is printed that does not come from the catalogue. The sources are
 * read from the processor module, where Maven runs the tests.
 */
class MessageCatalogueTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path README = Path.of("../README.md");
  private static final Pattern ID = Pattern.compile("ADJ\\d{3}");

  /** Every message names its id first, as "[ADJnnn] ", and every id is distinct. */
  @Test
  void everyMessageStartsWithItsIdAndIdsAreUnique() {
    Set<String> ids = new TreeSet<>();
    for (Message m : Message.values()) {
      assertTrue(ID.matcher(m.id()).matches(), m + " has id " + m.id());
      assertTrue(ids.add(m.id()), "duplicate id " + m.id());
      Object[] args = new Object[8];
      java.util.Arrays.fill(args, "X");
      assertTrue(m.format(args).startsWith("[" + m.id() + "] "), m.format(args));
    }
  }

  /** README's table lists exactly the ids in use, each alone or in a range (ADJ020–ADJ023). */
  @Test
  void readmeDocumentsEveryIdInUse() throws IOException {
    assertTrue(Files.isRegularFile(README), "no " + README.toAbsolutePath());
    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| ADJ(\\d{3})(?:\\s*[–-]\\s*ADJ(\\d{3}))? \\|")
            .matcher(Files.readString(README));
    while (row.find()) {
      int from = Integer.parseInt(row.group(1));
      int to = row.group(2) == null ? from : Integer.parseInt(row.group(2));
      for (int id = from; id <= to; id++) {
        documented.add(String.format("ADJ%03d", id));
      }
    }
    Set<String> used = new TreeSet<>();
    for (Message m : Message.values()) {
      used.add(m.id());
    }
    assertEquals(used, documented, "ids in Message.java, and ids README's table documents");
  }

  /**
   * No main source but Message.java spells an id in a string, and every {@code printMessage}
   * prints a message's {@code format(...)}: a literal text, with or without an id, fails.
   */
  @Test
  void diagnosticTextsComeOnlyFromTheCatalogue() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "no " + MAIN.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    int printed = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MAIN)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      List<String> literals = new ArrayList<>();
      String code = withoutCommentsAndLiterals(Files.readString(file), literals);
      if (!file.endsWith(Path.of("diag", "Message.java"))) {
        for (String literal : literals) {
          if (ID.matcher(literal).find()) {
            problems.add(file + ": \"" + literal + "\"");
          }
        }
      }
      Matcher call = Pattern.compile("\\bprintMessage\\s*\\(").matcher(code);
      while (call.find()) {
        printed++;
        List<String> args = arguments(code, call.end());
        String text = args.size() < 2 ? "" : args.get(1).strip();
        if (!text.matches("(?s)[\\w.]+\\.format\\(.*\\)") || text.startsWith("String.")) {
          String shown = "printMessage(" + String.join(",", args) + ")";
          problems.add(file + ": " + shown.replaceAll("\\s+", " "));
        }
      }
    }
    assertTrue(printed > 0, "found no printMessage call; is the scan broken?");
    assertEquals(List.of(), problems, "diagnostic texts written outside Message.java");
  }

  /**
   * {@code source} without its comments and with each string or char literal emptied; the text of
   * each string literal is added to {@code literals}.
   */
  static String withoutCommentsAndLiterals(String source, List<String> literals) {
    StringBuilder code = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        i = source.indexOf("*/", i + 2) + 2;
        code.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        literals.add(source.substring(i + 3, end));
        code.append("\"\"");
        i = end + 3;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        if (c == '"') {
          literals.add(source.substring(i + 1, end));
        }
        code.append(c).append(c);
        i = end + 1;
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }

  /** The arguments of the call whose opening parenthesis ends just before {@code start}. */
  static List<String> arguments(String code, int start) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int from = start;
    for (int i = start; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      } else if (c == ')' || (c == ',' && depth == 0)) {
        args.add(code.substring(from, i));
        from = i + 1;
        if (c == ')') {
          return args;
        }
      }
    }
    throw new AssertionError("unbalanced parentheses after " + code.substring(start - 20, start));
  }
}
