package dev.adjoint.processor.ir;

/**
 * Where a statement came from: its line and its source text on one line, for comments, and the
 * source tree itself ({@code origin}, opaque here) so that later stages can report errors on it.
 *
 * @param inlinedFrom the helper whose statement this is, read in place of its call; null for the
 *     method's own statements
 */
public record SourceNote(long line, String text, Object origin, String inlinedFrom) {
  public SourceNote(long line, String text, Object origin) {
    this(line, text, origin, null);
  }

  public SourceNote(long line, String text) {
    this(line, text, null, null);
  }

  public String comment() {
    String where = "line " + line + ": " + text;
    return inlinedFrom == null ? where : inlinedFrom + ", " + where;
  }
}
