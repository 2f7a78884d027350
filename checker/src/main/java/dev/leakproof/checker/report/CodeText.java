package dev.leakproof.checker.report;

/**
 * Flagged code as the baseline compares it: comments removed, whitespace removed except one space
 * between two words ({@code new Thread}), string and char literals kept as written (a line break
 * inside a text block becomes {@code \n}), then cut to a maximum length. Reformatting the code or
 * editing a comment in it leaves the text unchanged.
 */
final class CodeText {
  private CodeText() {}

  static String normalise(CharSequence source, int maxLength) {
    StringBuilder out = new StringBuilder();
    boolean pendingSpace = false;
    int i = 0;
    int n = source.length();
    while (i < n && out.length() < maxLength) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
          i++;
        }
        pendingSpace = true;
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = indexOf(source, "*/", i + 2);
        i = end < 0 ? n : end + 2;
        pendingSpace = true;
      } else if (Character.isWhitespace(c)) {
        i++;
        pendingSpace = true;
      } else {
        if (pendingSpace && out.length() > 0 && isWordChar(out.charAt(out.length() - 1))
            && isWordChar(c)) {
          out.append(' ');
        }
        pendingSpace = false;
        i = c == '"' || c == '\'' ? copyLiteral(source, i, out) : append(out, c, i);
      }
    }
    return out.length() > maxLength ? out.substring(0, maxLength) : out.toString();
  }

  private static int append(StringBuilder out, char c, int i) {
    out.append(c);
    return i + 1;
  }

  /** Copies the literal starting at {@code start} (a quote) and returns the index after it. */
  private static int copyLiteral(CharSequence source, int start, StringBuilder out) {
    char quote = source.charAt(start);
    boolean textBlock = quote == '"' && start + 2 < source.length()
        && source.charAt(start + 1) == '"' && source.charAt(start + 2) == '"';
    String close = textBlock ? "\"\"\"" : String.valueOf(quote);
    int i = start + close.length();
    out.append(close);
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < source.length()) {
        out.append(c).append(source.charAt(i + 1));
        i += 2;
      } else if (startsWith(source, i, close)) {
        out.append(close);
        return i + close.length();
      } else if (c == '\n' || c == '\r') {
        if (!textBlock) {
          return i; // an unterminated literal: stop copying it
        }
        out.append("\\n");
        i += c == '\r' && i + 1 < source.length() && source.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return i;
  }

  private static boolean isWordChar(char c) {
    return Character.isJavaIdentifierPart(c);
  }

  private static boolean startsWith(CharSequence s, int at, String prefix) {
    if (at + prefix.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (s.charAt(at + k) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence s, String what, int from) {
    for (int i = from; i + what.length() <= s.length(); i++) {
      if (startsWith(s, i, what)) {
        return i;
      }
    }
    return -1;
  }
}
