package dev.leakproof.junit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run-wide configuration parameters, read once per test run (from the root context): whether
 * tests run in parallel, whether the whole-run check is on, whether JFR records thread starts, and
 * whether the uncaught-exception handler is wanted at all.
 */
final class Settings {
  static final String AUTODETECTION_KEY = "junit.jupiter.extensions.autodetection.enabled";
  static final String PARALLEL_KEY = "junit.jupiter.execution.parallel.enabled";

  final boolean parallel;
  final boolean wholeRun;
  final boolean jfr;
  final boolean uncaughtHandler;
  /** Options by (test class, test method, extension instance's own options): built once per run. */
  private final Map<List<Object>, ThreadLeakOptions> options = new ConcurrentHashMap<>();

  private Settings(ExtensionContext root) {
    // JUnit reads its own switches with Boolean.parseBoolean; so do we.
    this.parallel = root.getConfigurationParameter(PARALLEL_KEY).map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
    boolean autodetected =
        root.getConfigurationParameter(AUTODETECTION_KEY).map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
    this.wholeRun = autodetected && flag(root, ThreadLeakExtension.WHOLE_RUN_KEY, true);
    this.jfr = flag(root, ThreadLeakExtension.JFR_KEY, false);
    Optional<Boolean> fail = uncaughtExceptions(root);
    this.uncaughtHandler = fail.orElse(true);
  }

  static Settings of(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    return root.getStore(ThreadLeakExtension.NAMESPACE)
        .getOrComputeIfAbsent(Settings.class, k -> new Settings(root), Settings.class);
  }

  /**
   * The options for a scope (see {@link ThreadLeakExtension#optionsFor}), validated when the scope
   * starts and kept for the rest of the run, so that a test costs a map lookup.
   */
  ThreadLeakOptions options(ExtensionContext context, ThreadLeakOptions base) {
    List<Object> key = Arrays.asList(context.getTestClass().orElse(null), context.getTestMethod().orElse(null), base);
    ThreadLeakOptions cached = options.get(key);
    if (cached == null) {
      cached = ThreadLeakExtension.optionsFor(context, base); // throws on a bad value: not cached
      options.put(key, cached);
    }
    return cached;
  }

  /** {@code leakproof.junit.uncaughtExceptions}: {@code fail} or {@code ignore}, if set. */
  static Optional<Boolean> uncaughtExceptions(ExtensionContext context) {
    return choice(context, ThreadLeakExtension.UNCAUGHT_EXCEPTIONS_KEY, "fail", "ignore");
  }

  /** {@code leakproof.junit.cleanup}: {@code interrupt} or {@code none}, if set. */
  static Optional<Boolean> cleanup(ExtensionContext context) {
    return choice(context, ThreadLeakExtension.CLEANUP_KEY, "interrupt", "none");
  }

  private static Optional<Boolean> choice(ExtensionContext context, String key, String yes, String no) {
    Optional<String> value = context.getConfigurationParameter(key).map(v -> v.trim().toLowerCase(Locale.ROOT));
    if (!value.isPresent()) {
      return Optional.empty();
    }
    if (value.get().equals(yes)) {
      return Optional.of(true);
    }
    if (value.get().equals(no)) {
      return Optional.of(false);
    }
    throw new ExtensionConfigurationException(
        key + " must be " + yes + " or " + no + ", not '" + context.getConfigurationParameter(key).get() + "'");
  }

  private static boolean flag(ExtensionContext context, String key, boolean otherwise) {
    Optional<Boolean> value = choice(context, key, "true", "false");
    return value.orElse(otherwise);
  }
}
