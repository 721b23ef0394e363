package dev.adjoint.processor.ir;

/** Where a statement came from: its line and its source text on one line, for comments. */
public record SourceNote(long line, String text) {
  public String comment() {
    return "line " + line + ": " + text;
  }
}
