package dev.leakproof.checker.report;

import com.google.errorprone.ErrorProneFlags;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@code -XepOpt:Name=value} option of Leakproof, declared once as a constant where it is used:
 *
 * <pre>{@code
 * static final LeakproofOption STRICT = LeakproofOption.bool("UnboundedBlockingCall:Strict", false);
 * ...
 * this.strict = STRICT.readBoolean(flags);   // in the check's ErrorProneFlags constructor
 * }</pre>
 *
 * <p>Reading never throws: Error Prone builds every check before compiling anything and turns an
 * exception in a check's constructor into a javac crash ("An exception has occurred in the
 * compiler"). A malformed value reads as the default here, and {@link #problems} (called once per
 * compilation by the report session) turns it into one clear javac error that names the option and
 * the values it accepts, which fails the build.
 *
 * <p>Declaring the constant registers the option: its namespace (the part before {@code :}) then
 * belongs to Leakproof, so an unknown name in it ({@code -XepOpt:Leakproof:Basline=..}) is an error
 * too. Options of a check that is switched off are never declared in that compilation (its class is
 * not initialised) and so are not checked, which is harmless: nothing reads them.
 */
public final class LeakproofOption {
  private static final Map<String, LeakproofOption> DECLARED = new ConcurrentHashMap<>();

  private enum Kind {
    BOOLEAN,
    PATH
  }

  private final String name;
  private final Kind kind;
  private final boolean defaultValue;

  private LeakproofOption(String name, Kind kind, boolean defaultValue) {
    this.name = name;
    this.kind = kind;
    this.defaultValue = defaultValue;
    DECLARED.put(name, this);
  }

  /** A {@code true}/{@code false} option ({@code -XepOpt:Name} alone means {@code true}). */
  public static LeakproofOption bool(String name, boolean defaultValue) {
    return new LeakproofOption(name, Kind.BOOLEAN, defaultValue);
  }

  /** An option whose value is a file path. */
  public static LeakproofOption path(String name) {
    return new LeakproofOption(name, Kind.PATH, false);
  }

  public String name() {
    return name;
  }

  /** The value, or the default when the option is absent or malformed (reported elsewhere). */
  public boolean readBoolean(ErrorProneFlags flags) {
    Optional<String> value = flags.get(name);
    if (value.isEmpty() || problem(value.get()) != null) {
      return defaultValue;
    }
    return Boolean.parseBoolean(value.get().trim());
  }

  /** The path given, if any and well-formed. */
  public Optional<Path> readPath(ErrorProneFlags flags) {
    Optional<String> value = flags.get(name);
    if (value.isEmpty() || problem(value.get()) != null) {
      return Optional.empty();
    }
    return Optional.of(Paths.get(value.get().trim()));
  }

  /** Why {@code value} is not accepted, or null if it is. */
  @Nullable String problem(String value) {
    String v = value.trim();
    return switch (kind) {
      case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "use true or false";
      case PATH -> v.isEmpty() ? "give a file path" : pathProblem(v);
    };
  }

  private static @Nullable String pathProblem(String path) {
    try {
      Paths.get(path);
      return null;
    } catch (RuntimeException e) {
      return "not a file path (" + e.getMessage() + ")";
    }
  }

  private String namespace() {
    return name.substring(0, name.indexOf(':'));
  }

  /**
   * One line per malformed value of a declared option and per unknown option in a namespace that a
   * declared option uses; empty when all is well.
   */
  static List<String> problems(ErrorProneFlags flags) {
    Collection<LeakproofOption> declared = DECLARED.values();
    List<String> namespaces = declared.stream().map(LeakproofOption::namespace).distinct().toList();
    return flags.getFlagsMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(flag -> problem(flag.getKey(), flag.getValue(), namespaces))
        .filter(p -> p != null)
        .toList();
  }

  private static @Nullable String problem(String key, String value, List<String> namespaces) {
    LeakproofOption option = DECLARED.get(key);
    if (option != null) {
      String why = option.problem(value);
      return why == null
          ? null
          : "Leakproof: -XepOpt:" + key + "=" + value + " is not valid: " + why;
    }
    int colon = key.indexOf(':');
    if (colon > 0 && namespaces.contains(key.substring(0, colon))) {
      return "Leakproof: unknown option -XepOpt:" + key + "; the options are "
          + String.join(", ", names()) + " (see docs/setup/options.md)";
    }
    return null;
  }

  /** The names of every declared option, sorted. */
  static List<String> names() {
    return DECLARED.values().stream()
        .sorted(Comparator.comparing(LeakproofOption::name))
        .map(LeakproofOption::name)
        .toList();
  }
}
