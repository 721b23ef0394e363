package dev.adjoint.processor.read;

import com.sun.source.tree.Tree;

/** A statement's source text on one line, without comments, for the comments of generated code. */
final class SourceText {
  private SourceText() {}

  static String oneLine(CharSequence source, long start, long end, Tree fallback) {
    String text;
    if (source == null || start < 0 || end <= start || end > source.length()) {
      text = fallback.toString();
    } else {
      text = stripComments(source.subSequence((int) start, (int) end).toString());
    }
    text = text.replaceAll("\\s+", " ").trim();
    return text.endsWith(";") ? text : text + ";";
  }

  /**
   * Removes {@code //} and block comments, leaving string literals (the messages of a throw or an
   * assert) as they are.
   */
  static String stripComments(String s) {
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < s.length()) {
      if (s.charAt(k) == '"') {
        int end = k + 1;
        while (end < s.length() && s.charAt(end) != '"') {
          end += s.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, s.length());
        out.append(s, k, end);
        k = end;
      } else if (s.startsWith("//", k)) {
        int eol = s.indexOf('\n', k);
        k = eol < 0 ? s.length() : eol;
      } else if (s.startsWith("/*", k)) {
        int close = s.indexOf("*/", k + 2);
        k = close < 0 ? s.length() : close + 2;
        out.append(' ');
      } else {
        out.append(s.charAt(k++));
      }
    }
    return out.toString();
  }
}
