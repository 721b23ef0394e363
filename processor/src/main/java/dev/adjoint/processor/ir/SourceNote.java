package dev.adjoint.processor.ir;

/**
 * Where a statement came from: its line and its source text on one line, for comments, and the
 * source tree itself ({@code origin}, opaque here) so that later stages can report errors on it.
 */
public record SourceNote(long line, String text, Object origin) {
  public SourceNote(long line, String text) {
    this(line, text, null);
  }

  public String comment() {
    return "line " + line + ": " + text;
  }
}
