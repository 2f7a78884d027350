package dev.leakproof.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link DetectThreadLeaks}: for every test it is registered
 * for, snapshots the live threads before the test and fails the test if threads started since then
 * are still alive after the grace period, or threw an uncaught exception; registered on a class, it
 * does the same for the class as a whole (see {@link ThreadLeaks}).
 *
 * <p>Usually turned on with {@code @DetectThreadLeaks}; to build the options in code instead:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ThreadLeakExtension leaks =
 *     ThreadLeakExtension.withOptions(ThreadLeakOptions.builder().ignoreThreadNames("cache-.*").build());
 * }</pre>
 */
public final class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, TestInstancePreConstructCallback, InvocationInterceptor {
  /** Configuration parameter: the default grace period, e.g. {@code 500ms}, {@code 2s}, {@code PT1S}, or milliseconds. */
  public static final String GRACE_PERIOD_KEY = "leakproof.junit.gracePeriod";

  /** Configuration parameter: comma-separated regular expressions of thread names to ignore. */
  public static final String IGNORE_THREAD_NAMES_KEY = "leakproof.junit.ignoreThreadNames";

  /** Configuration parameter: comma-separated top frames to ignore ({@link DetectThreadLeaks#ignoreTopFrames()}). */
  public static final String IGNORE_TOP_FRAMES_KEY = "leakproof.junit.ignoreTopFrames";

  /** Configuration parameter: comma-separated frames to ignore anywhere on a stack. */
  public static final String IGNORE_ANY_FRAMES_KEY = "leakproof.junit.ignoreAnyFrames";

  /** Configuration parameter: {@code none} (default) or {@code interrupt} ({@link DetectThreadLeaks#cleanup()}). */
  public static final String CLEANUP_KEY = "leakproof.junit.cleanup";

  /**
   * Configuration parameter: {@code fail} (default) or {@code ignore} ({@link
   * DetectThreadLeaks#uncaughtExceptions()}); {@code ignore} also keeps the JVM's default
   * uncaught-exception handler untouched.
   */
  public static final String UNCAUGHT_EXCEPTIONS_KEY = "leakproof.junit.uncaughtExceptions";

  /**
   * Configuration parameter: {@code true} records thread starts with JDK Flight Recorder from the
   * first checked class on, so each leaked platform thread is reported with the exact line that
   * started it. Off by default: JFR takes 0.5 to 1 s to start.
   */
  public static final String JFR_KEY = "leakproof.junit.jfr";

  /**
   * Configuration parameter: {@code false} turns off the whole-run check that JUnit's extension
   * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}) switches on.
   */
  public static final String WHOLE_RUN_KEY = "leakproof.junit.wholeRun";

  static final ExtensionContext.Namespace NAMESPACE = Scopes.NAMESPACE;
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");

  private final ThreadLeakOptions options;

  /** The extension as {@code @DetectThreadLeaks} registers it: options from annotations and configuration. */
  public ThreadLeakExtension() {
    this.options = null;
  }

  private ThreadLeakExtension(ThreadLeakOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * An extension that starts from {@code options}; {@code @DetectThreadLeaks} annotations and the
   * ignore configuration parameters still add to it.
   */
  public static ThreadLeakExtension withOptions(ThreadLeakOptions options) {
    return new ThreadLeakExtension(options);
  }

  @Override
  public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    // With one instance per class, the instance (and the class's static initialiser) comes before
    // beforeAll: start the class scope here already.
    if (context.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS
        && !context.getTestMethod().isPresent()) {
      beforeAll(context);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Scopes.start(context).options(context, options); // a bad setting fails here, not after the class
    Scopes.enterClass(context, this);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Scopes.leaveClass(context, this, () -> Settings.of(context).options(context, options));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Scopes.start(context).options(context, options); // a bad setting fails here, not after the test
    Scopes.enterTest(context, this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Scopes.leaveTest(context, this, () -> Settings.of(context).options(context, options));
  }

  @Override
  public <T> T interceptTestClassConstructor(Invocation<T> invocation,
      ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    return Scopes.inClassScope(extensionContext, invocation);
  }

  @Override
  public void interceptBeforeAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    Scopes.inClassScope(extensionContext, invocation);
  }

  @Override
  public void interceptAfterAllMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    Scopes.inClassScope(extensionContext, invocation);
  }

  /**
   * The options for one scope: annotations nearest first, then {@code base} (an extension built
   * with {@link #withOptions}), then configuration.
   */
  static ThreadLeakOptions optionsFor(ExtensionContext context, ThreadLeakOptions base) {
    List<DetectThreadLeaks> annotations = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isPresent()) {
        AnnotationSupport.findAnnotation(element.get(), DetectThreadLeaks.class).ifPresent(annotations::add);
      }
    }
    ThreadLeakOptions.Builder builder = base == null ? ThreadLeakOptions.builder() : base.toBuilder();
    Duration grace = null;
    DetectThreadLeaks.Cleanup cleanup = DetectThreadLeaks.Cleanup.DEFAULT;
    DetectThreadLeaks.UncaughtExceptions uncaught = DetectThreadLeaks.UncaughtExceptions.DEFAULT;
    for (DetectThreadLeaks annotation : annotations) {
      if (grace == null && annotation.gracePeriodMillis() >= 0) {
        grace = Duration.ofMillis(annotation.gracePeriodMillis());
      }
      if (cleanup == DetectThreadLeaks.Cleanup.DEFAULT) {
        cleanup = annotation.cleanup();
      }
      if (uncaught == DetectThreadLeaks.UncaughtExceptions.DEFAULT) {
        uncaught = annotation.uncaughtExceptions();
      }
      try {
        builder.ignoreThreadNames(annotation.ignoreThreadNames())
            .ignoreTopFrames(annotation.ignoreTopFrames())
            .ignoreAnyFrames(annotation.ignoreAnyFrames());
      } catch (IllegalArgumentException e) {
        throw new ExtensionConfigurationException("@DetectThreadLeaks: " + e.getMessage(), e);
      }
    }
    if (grace == null && base == null) {
      grace = context.getConfigurationParameter(GRACE_PERIOD_KEY).map(ThreadLeakExtension::parseDuration).orElse(null);
    }
    if (grace != null) {
      builder.gracePeriod(grace);
    }
    if (cleanup != DetectThreadLeaks.Cleanup.DEFAULT) {
      builder.interruptLeakedThreads(cleanup == DetectThreadLeaks.Cleanup.INTERRUPT);
    } else if (base == null) {
      Settings.cleanup(context).ifPresent(builder::interruptLeakedThreads);
    }
    if (uncaught != DetectThreadLeaks.UncaughtExceptions.DEFAULT) {
      builder.failOnUncaughtExceptions(uncaught == DetectThreadLeaks.UncaughtExceptions.FAIL);
    } else if (base == null) {
      Settings.uncaughtExceptions(context).ifPresent(builder::failOnUncaughtExceptions);
    }
    try {
      builder.ignoreThreadNames(list(context, IGNORE_THREAD_NAMES_KEY))
          .ignoreTopFrames(list(context, IGNORE_TOP_FRAMES_KEY))
          .ignoreAnyFrames(list(context, IGNORE_ANY_FRAMES_KEY));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("leakproof.junit configuration: " + e.getMessage(), e);
    }
    return builder.build();
  }

  private static String[] list(ExtensionContext context, String key) {
    List<String> items = new ArrayList<>();
    context.getConfigurationParameter(key).ifPresent(value -> {
      for (String item : value.split(",")) {
        if (!item.trim().isEmpty()) {
          items.add(item.trim());
        }
      }
    });
    return items.toArray(new String[0]);
  }

  /** {@code 1500}, {@code 1500ms}, {@code 2s} or ISO-8601 such as {@code PT1.5S}. */
  static Duration parseDuration(String text) {
    String value = text.trim();
    try {
      if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
        Duration duration = Duration.parse(value);
        if (!duration.isNegative()) {
          return duration;
        }
      }
      Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        return "s".equals(matcher.group(2)) ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // fall through to the message below
    }
    throw new ExtensionConfigurationException(
        GRACE_PERIOD_KEY + " must be a duration such as 500ms, 2s or PT1S, not '" + text + "'");
  }
}
