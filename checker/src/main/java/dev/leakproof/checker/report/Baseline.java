package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The baseline file: the findings a team has accepted for now, one {@link BaselineEntry} a line,
 * sorted, with a short header. Lines starting with {@code #} and blank lines are ignored.
 */
final class Baseline {
  static final String HEADER = """
      # Leakproof baseline: the findings listed here are not reported (docs/setup/adopting.md).
      # Written by -XepOpt:Leakproof:UpdateBaseline=true. One finding a line:
      # class | member | check | occurrence | flagged code (without whitespace and comments)
      """;

  private final Path file;
  private final Set<BaselineEntry> entries;
  private final Map<String, List<BaselineEntry>> byClass = new HashMap<>();

  private Baseline(Path file, Set<BaselineEntry> entries) {
    this.file = file;
    this.entries = entries;
    for (BaselineEntry entry : entries) {
      byClass.computeIfAbsent(entry.className(), c -> new ArrayList<>()).add(entry);
    }
  }

  /** Thrown for a file that is missing or has a line that is not an entry: the message says which. */
  static final class BaselineException extends Exception {
    BaselineException(String message) {
      super(message);
    }
  }

  static Baseline empty(Path file) {
    return new Baseline(file, Set.of());
  }

  static Baseline load(Path file) throws BaselineException {
    String text;
    try {
      text = Files.readString(file, UTF_8);
    } catch (NoSuchFileException e) {
      throw new BaselineException("Leakproof: baseline file " + file + " does not exist"
          + " (-XepOpt:" + ReportOptions.BASELINE.name() + "); write it with -XepOpt:"
          + ReportOptions.UPDATE_BASELINE.name() + "=true");
    } catch (IOException e) {
      throw new BaselineException("Leakproof: cannot read baseline file " + file + ": " + e);
    }
    Set<BaselineEntry> entries = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      BaselineEntry entry = BaselineEntry.parse(line).orElse(null);
      if (entry == null) {
        throw new BaselineException("Leakproof: " + file + ":" + (i + 1) + " is not a baseline entry"
            + " (class | member | check | occurrence | code): " + line);
      }
      entries.add(entry);
    }
    return new Baseline(file, entries);
  }

  Path file() {
    return file;
  }

  boolean contains(BaselineEntry entry) {
    return entries.contains(entry);
  }

  List<BaselineEntry> entriesOf(String className) {
    return byClass.getOrDefault(className, List.of());
  }

  /**
   * The new text of a baseline file whose current text is {@code old} (null when there is none):
   * the entries that {@code replaced} selects (those of the classes and checks of this
   * compilation) give way to {@code found}; every other entry is kept. Lines that are not entries
   * are dropped.
   */
  static String merge(
      @Nullable String old, Predicate<BaselineEntry> replaced, Collection<BaselineEntry> found) {
    TreeSet<BaselineEntry> merged = new TreeSet<>(found);
    if (old != null) {
      for (String line : old.split("\r?\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        BaselineEntry.parse(line)
            .filter(entry -> !replaced.test(entry))
            .ifPresent(merged::add);
      }
    }
    StringBuilder text = new StringBuilder(HEADER);
    for (BaselineEntry entry : merged) {
      text.append(entry.line()).append('\n');
    }
    return text.toString();
  }
}
