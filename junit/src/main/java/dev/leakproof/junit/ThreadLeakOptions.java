package dev.leakproof.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link ThreadLeaks} decides what a leak is: the grace period, and which new threads to
 * ignore. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * ThreadLeakOptions options = ThreadLeakOptions.builder()
 *     .gracePeriod(Duration.ofMillis(500))
 *     .ignoreThreadNames("metrics-reporter-\\d+")
 *     .ignoreTopFrames("com.example.cache.Janitor.awaitWork")
 *     .build();
 * }</pre>
 */
public final class ThreadLeakOptions {
  /** How long new threads get to end when no grace period is given: one second. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(1);

  /** The longest pause between two looks at the live threads during the grace period. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(10);

  private static final ThreadLeakOptions DEFAULTS = builder().build();

  private final Duration gracePeriod;
  private final Duration pollInterval;
  private final List<Pattern> ignoredNames;
  private final List<FramePattern> ignoredTopFrames;
  private final List<FramePattern> ignoredAnyFrames;
  private final List<Predicate<Thread>> ignoredThreads;
  private final boolean defaultIgnores;
  private final boolean interruptLeakedThreads;
  private final boolean failOnUncaughtExceptions;

  private ThreadLeakOptions(Builder builder) {
    this.gracePeriod = builder.gracePeriod;
    this.pollInterval = builder.pollInterval;
    this.ignoredNames = Collections.unmodifiableList(new ArrayList<>(builder.ignoredNames));
    this.ignoredTopFrames = Collections.unmodifiableList(new ArrayList<>(builder.ignoredTopFrames));
    this.ignoredAnyFrames = Collections.unmodifiableList(new ArrayList<>(builder.ignoredAnyFrames));
    this.ignoredThreads = Collections.unmodifiableList(new ArrayList<>(builder.ignoredThreads));
    this.defaultIgnores = builder.defaultIgnores;
    this.interruptLeakedThreads = builder.interruptLeakedThreads;
    this.failOnUncaughtExceptions = builder.failOnUncaughtExceptions;
  }

  /** One second of grace, JVM and tooling threads ignored, nothing else ignored. */
  public static ThreadLeakOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.gracePeriod = gracePeriod;
    builder.pollInterval = pollInterval;
    builder.ignoredNames.addAll(ignoredNames);
    builder.ignoredTopFrames.addAll(ignoredTopFrames);
    builder.ignoredAnyFrames.addAll(ignoredAnyFrames);
    builder.ignoredThreads.addAll(ignoredThreads);
    builder.defaultIgnores = defaultIgnores;
    builder.interruptLeakedThreads = interruptLeakedThreads;
    builder.failOnUncaughtExceptions = failOnUncaughtExceptions;
    return builder;
  }

  /** How long new threads get to end before they count as leaked. */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /** The longest pause between two looks at the live threads during the grace period. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Whether JVM and tooling threads are ignored ({@link Builder#withoutDefaultIgnores()}). */
  public boolean defaultIgnores() {
    return defaultIgnores;
  }

  /**
   * Whether leaked threads are interrupted after the report and waited for (up to the grace period,
   * at least 100 ms); those still alive then are reported as zombies.
   */
  public boolean interruptLeakedThreads() {
    return interruptLeakedThreads;
  }

  /**
   * Whether an exception that escapes a thread started in a checked scope fails it (the extension
   * only; {@link ThreadLeaks} does not look at exceptions).
   */
  public boolean failOnUncaughtExceptions() {
    return failOnUncaughtExceptions;
  }

  /** Whether {@code thread} is ignored by its name, class or a predicate (no stack needed). */
  boolean ignoresByIdentity(Thread thread) {
    if (ignoresByDefault(thread) || ignoresName(thread.getName())) {
      return true;
    }
    for (Predicate<Thread> predicate : ignoredThreads) {
      if (predicate.test(thread)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code thread} is one of the JVM's or the test tools' (and those are ignored). */
  boolean ignoresByDefault(Thread thread) {
    return defaultIgnores && DefaultIgnores.ignores(thread);
  }

  /** Whether a user rule ignores threads of this name. */
  boolean ignoresName(String name) {
    for (Pattern pattern : ignoredNames) {
      if (pattern.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any rule needs a stack. */
  boolean hasFrameRules() {
    return !ignoredTopFrames.isEmpty() || !ignoredAnyFrames.isEmpty();
  }

  /** Whether a thread with this stack is ignored by a frame rule. */
  boolean ignoresByStack(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return false;
    }
    if (!ignoredTopFrames.isEmpty()) {
      StackTraceElement top = stack[0];
      StackTraceElement topOutsideJdk = Frames.firstOutsideJdk(stack);
      for (FramePattern pattern : ignoredTopFrames) {
        if (pattern.matches(top) || (topOutsideJdk != null && pattern.matches(topOutsideJdk))) {
          return true;
        }
      }
    }
    for (FramePattern pattern : ignoredAnyFrames) {
      for (StackTraceElement frame : stack) {
        if (pattern.matches(frame)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ThreadLeakOptions{gracePeriod=" + gracePeriod
        + ", pollInterval=" + pollInterval
        + ", ignoreThreadNames=" + ignoredNames
        + ", ignoreTopFrames=" + ignoredTopFrames
        + ", ignoreAnyFrames=" + ignoredAnyFrames
        + ", ignoredThreadPredicates=" + ignoredThreads.size()
        + ", defaultIgnores=" + defaultIgnores
        + ", interruptLeakedThreads=" + interruptLeakedThreads
        + ", failOnUncaughtExceptions=" + failOnUncaughtExceptions + "}";
  }

  /** Builds {@link ThreadLeakOptions}. Every {@code ignore...} call adds to the earlier ones. */
  public static final class Builder {
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private final List<Pattern> ignoredNames = new ArrayList<>();
    private final List<FramePattern> ignoredTopFrames = new ArrayList<>();
    private final List<FramePattern> ignoredAnyFrames = new ArrayList<>();
    private final List<Predicate<Thread>> ignoredThreads = new ArrayList<>();
    private boolean defaultIgnores = true;
    private boolean interruptLeakedThreads;
    private boolean failOnUncaughtExceptions = true;

    private Builder() {}

    /** How long new threads get to end before they count as leaked; zero means no waiting. */
    public Builder gracePeriod(Duration gracePeriod) {
      Objects.requireNonNull(gracePeriod, "gracePeriod");
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * The longest pause between two looks at the live threads (the first looks come sooner, so
     * that threads which end at once are seen at once).
     */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** Ignores threads whose whole name matches one of these regular expressions. */
    public Builder ignoreThreadNames(String... regexes) {
      for (String regex : regexes) {
        Objects.requireNonNull(regex, "regex");
        try {
          ignoredNames.add(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("not a regular expression: " + regex, e);
        }
      }
      return this;
    }

    /**
     * Ignores threads whose top frame is one of these, written {@code fully.qualified.Class.method}
     * (a trailing {@code *} matches any suffix). The top frame is the innermost frame, or the
     * innermost frame outside the JDK ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.},
     * {@code com.sun.}), so {@code "com.example.Janitor.awaitWork"} matches a thread parked in
     * {@code LockSupport.park} called from {@code awaitWork}.
     */
    public Builder ignoreTopFrames(String... frames) {
      for (String frame : frames) {
        ignoredTopFrames.add(FramePattern.parse(frame));
      }
      return this;
    }

    /** Ignores threads with one of these frames anywhere on their stack (see {@link #ignoreTopFrames}). */
    public Builder ignoreAnyFrames(String... frames) {
      for (String frame : frames) {
        ignoredAnyFrames.add(FramePattern.parse(frame));
      }
      return this;
    }

    /** Ignores threads that {@code predicate} accepts. */
    public Builder ignoreThreads(Predicate<Thread> predicate) {
      ignoredThreads.add(Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * Reports JVM and tooling threads too. By default these are ignored: common-pool workers and
     * the delay schedulers of the common pool and of the virtual-thread scheduler,
     * Reference Handler, Finalizer, Signal Dispatcher, Common-Cleaner, Attach Listener, process
     * reapers, Notification Thread, JFR, RMI and JMX threads, the JDK's own internal threads
     * ({@code jdk.internal.*} classes such as virtual-thread carriers), and the threads of JUnit,
     * Surefire, Gradle and IntelliJ.
     */
    public Builder withoutDefaultIgnores() {
      this.defaultIgnores = false;
      return this;
    }

    /**
     * Interrupts leaked threads after reporting them and waits for them to end (up to the grace
     * period, at least 100 ms), so that one leak does not run on into later tests; threads still
     * alive then are reported as zombies. Off by default.
     */
    public Builder interruptLeakedThreads(boolean interrupt) {
      this.interruptLeakedThreads = interrupt;
      return this;
    }

    /**
     * Whether an exception that escapes a thread started by a checked test fails the test, with the
     * exception as the cause. On by default; used by the extension only.
     */
    public Builder failOnUncaughtExceptions(boolean fail) {
      this.failOnUncaughtExceptions = fail;
      return this;
    }

    public ThreadLeakOptions build() {
      return new ThreadLeakOptions(this);
    }
  }

  /** {@code Class.method} or a prefix ending in {@code *}. */
  static final class FramePattern {
    private final String text;
    private final boolean prefix;

    private FramePattern(String text, boolean prefix) {
      this.text = text;
      this.prefix = prefix;
    }

    static FramePattern parse(String frame) {
      Objects.requireNonNull(frame, "frame");
      String trimmed = frame.trim();
      if (trimmed.isEmpty() || trimmed.equals("*") || trimmed.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "a frame is written fully.qualified.Class.method or a prefix ending in *: '" + frame + "'");
      }
      if (trimmed.endsWith("*")) {
        return new FramePattern(trimmed.substring(0, trimmed.length() - 1), true);
      }
      return new FramePattern(trimmed, false);
    }

    boolean matches(StackTraceElement frame) {
      String name = frame.getClassName() + "." + frame.getMethodName();
      return prefix ? name.startsWith(text) : name.equals(text);
    }

    @Override
    public String toString() {
      return prefix ? text + "*" : text;
    }
  }
}
