package dev.leakproof.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link DetectThreadLeaks}: snapshots the live threads before
 * each test and fails the test if threads started since then are still alive after the grace
 * period (see {@link ThreadLeaks}).
 *
 * <p>Usually turned on with {@code @DetectThreadLeaks}; to build the options in code instead:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ThreadLeakExtension leaks =
 *     ThreadLeakExtension.withOptions(ThreadLeakOptions.builder().ignoreThreadNames("cache-.*").build());
 * }</pre>
 */
public final class ThreadLeakExtension implements BeforeEachCallback, AfterEachCallback {
  /** Configuration parameter: the default grace period, e.g. {@code 500ms}, {@code 2s}, {@code PT1S}, or milliseconds. */
  public static final String GRACE_PERIOD_KEY = "leakproof.junit.gracePeriod";

  /** Configuration parameter: comma-separated regular expressions of thread names to ignore. */
  public static final String IGNORE_THREAD_NAMES_KEY = "leakproof.junit.ignoreThreadNames";

  /** Configuration parameter: comma-separated top frames to ignore ({@link DetectThreadLeaks#ignoreTopFrames()}). */
  public static final String IGNORE_TOP_FRAMES_KEY = "leakproof.junit.ignoreTopFrames";

  /** Configuration parameter: comma-separated frames to ignore anywhere on a stack. */
  public static final String IGNORE_ANY_FRAMES_KEY = "leakproof.junit.ignoreAnyFrames";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ThreadLeakExtension.class);
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
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(this, ThreadLeaks.snapshot());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ThreadSnapshot before = context.getStore(NAMESPACE).remove(this, ThreadSnapshot.class);
    if (before != null) {
      ThreadLeaks.verifyNoNewThreads(before, optionsFor(context));
    }
  }

  /** The options for one test: annotations nearest first, then this extension's, then configuration. */
  ThreadLeakOptions optionsFor(ExtensionContext context) {
    List<DetectThreadLeaks> annotations = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isPresent()) {
        AnnotationSupport.findAnnotation(element.get(), DetectThreadLeaks.class).ifPresent(annotations::add);
      }
    }
    ThreadLeakOptions.Builder builder = options == null ? ThreadLeakOptions.builder() : options.toBuilder();
    Duration grace = null;
    for (DetectThreadLeaks annotation : annotations) {
      if (grace == null && annotation.gracePeriodMillis() >= 0) {
        grace = Duration.ofMillis(annotation.gracePeriodMillis());
      }
      try {
        builder.ignoreThreadNames(annotation.ignoreThreadNames())
            .ignoreTopFrames(annotation.ignoreTopFrames())
            .ignoreAnyFrames(annotation.ignoreAnyFrames());
      } catch (IllegalArgumentException e) {
        throw new ExtensionConfigurationException("@DetectThreadLeaks: " + e.getMessage(), e);
      }
    }
    if (grace == null && options == null) {
      grace = context.getConfigurationParameter(GRACE_PERIOD_KEY).map(ThreadLeakExtension::parseDuration).orElse(null);
    }
    if (grace != null) {
      builder.gracePeriod(grace);
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
