package dev.leakproof.checker.report;

import java.util.Comparator;
import java.util.Optional;

/**
 * The identity of one finding, without line numbers, so that it survives edits elsewhere in the
 * file: the check, the top-level class, the member inside it ({@code start()}, {@code
 * Worker.run()}, a field name, {@code <init>(int)}), the flagged code with whitespace and comments
 * removed (its first {@value #MAX_CODE} characters), and which of the identical ones in that member
 * it is (0 for the first).
 *
 * <p>One line of the baseline file: {@code class | member | check | occurrence | code}, so that the
 * lines of one class stay together and a sorted file reads like the code. The code comes last, so it
 * may contain anything.
 */
record BaselineEntry(String check, String className, String member, int occurrence, String code)
    implements Comparable<BaselineEntry> {

  static final int MAX_CODE = 120;
  private static final String SEPARATOR = " | ";
  private static final Comparator<BaselineEntry> ORDER =
      Comparator.comparing(BaselineEntry::className)
          .thenComparing(BaselineEntry::member)
          .thenComparing(BaselineEntry::check)
          .thenComparingInt(BaselineEntry::occurrence)
          .thenComparing(BaselineEntry::code);

  /** The entry's line in the baseline file. */
  String line() {
    return className + SEPARATOR + member + SEPARATOR + check + SEPARATOR + occurrence + SEPARATOR
        + code;
  }

  /** The entry on {@code line}, or empty if the line is not one. */
  static Optional<BaselineEntry> parse(String line) {
    String[] parts = line.split(" \\| ", 5);
    if (parts.length != 5 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
      return Optional.empty();
    }
    try {
      int occurrence = Integer.parseInt(parts[3].trim());
      return Optional.of(
          new BaselineEntry(parts[2].trim(), parts[0].trim(), parts[1].trim(), occurrence, parts[4]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Sorted by class, member, check, occurrence: the order of the lines in the file. */
  @Override
  public int compareTo(BaselineEntry other) {
    return ORDER.compare(this, other);
  }
}
