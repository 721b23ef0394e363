package dev.adjoint.processor.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The source text quoted in generated comments: comments go, string literals stay whole. */
class SourceTextTest {
  @Test
  void commentsGoAndStringLiteralsStay() {
    assertEquals(
        "x = 1 ;",
        SourceText.stripComments("x = 1 /* one */; // trailing").replaceAll("\\s+", " ").trim());
    assertEquals(
        "throw new E(\"see http://x /* y */ \\\" z\" + x);",
        SourceText.stripComments("throw new E(\"see http://x /* y */ \\\" z\" + x); // why").trim());
  }
}
