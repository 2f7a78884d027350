package dev.leakproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves a thread behind, or whose threads throw an uncaught exception.
 *
 * <p>On a test class (it applies to every test of the class, of its subclasses and of its
 * {@code @Nested} classes, and to the class itself) or a test method. Before each test the live
 * threads are recorded; after the test and its {@code @AfterEach} methods, threads started since
 * then are given a grace period to end, and the test fails with a {@link ThreadLeakError} that lists
 * every one still alive (name, state, where it was created, where it is stuck, its stack), daemon
 * and virtual threads included. On a class, threads started outside its tests ({@code @BeforeAll},
 * {@code @AfterAll}, constructors, static initialisers) and still alive after the class are
 * reported against the class.
 *
 * <p>JVM and test-tooling threads are ignored out of the box (see {@link
 * ThreadLeakOptions.Builder#withoutDefaultIgnores()}). Where a class and a method both carry the
 * annotation, the ignore rules add up and the method's other settings win.
 *
 * <p>Configuration parameters (in {@code junit-platform.properties}, as system properties, or in
 * the build tool's JUnit configuration) apply where the annotation leaves a value unset:
 * {@value ThreadLeakExtension#GRACE_PERIOD_KEY} (e.g. {@code 500ms}, {@code 2s}),
 * {@value ThreadLeakExtension#IGNORE_THREAD_NAMES_KEY}, {@value
 * ThreadLeakExtension#IGNORE_TOP_FRAMES_KEY} and {@value ThreadLeakExtension#IGNORE_ANY_FRAMES_KEY}
 * (comma-separated lists, added to the annotation's), {@value ThreadLeakExtension#CLEANUP_KEY} and
 * {@value ThreadLeakExtension#UNCAUGHT_EXCEPTIONS_KEY}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ThreadLeakExtension.class)
public @interface DetectThreadLeaks {

  /**
   * How long to wait, in milliseconds, for threads started by the test to end before they count as
   * leaked. Negative (the default) means: the {@value ThreadLeakExtension#GRACE_PERIOD_KEY}
   * configuration parameter, else {@link ThreadLeakOptions#DEFAULT_GRACE_PERIOD}. A test that leaves
   * no thread alive never waits.
   */
  long gracePeriodMillis() default -1;

  /**
   * Regular expressions; a thread whose whole name matches one of them is not a leak. For example
   * {@code "metrics-reporter-\\d+"}.
   */
  String[] ignoreThreadNames() default {};

  /**
   * Frames written {@code fully.qualified.Class.method} (a trailing {@code *} matches any suffix, e.g.
   * {@code "com.example.cache.*"}); a thread whose top frame is one of them is not a leak. The top
   * frame is the innermost frame of the stack, or the innermost frame outside the JDK, so that a
   * thread parked inside {@code LockSupport.park} can be named by the method of yours that waits.
   * Like goleak's {@code IgnoreTopFunction}.
   */
  String[] ignoreTopFrames() default {};

  /**
   * Frames written like {@link #ignoreTopFrames()}; a thread with one of them anywhere on its stack
   * is not a leak (goleak's {@code IgnoreAnyFunction}).
   */
  String[] ignoreAnyFrames() default {};

  /**
   * What to do with leaked threads after reporting them. {@link Cleanup#DEFAULT}: the {@value
   * ThreadLeakExtension#CLEANUP_KEY} configuration parameter, else {@link Cleanup#NONE}.
   */
  Cleanup cleanup() default Cleanup.DEFAULT;

  /**
   * Whether an exception that escapes a thread the test started fails the test (with the exception
   * as the cause). {@link UncaughtExceptions#DEFAULT}: the {@value
   * ThreadLeakExtension#UNCAUGHT_EXCEPTIONS_KEY} configuration parameter, else {@link
   * UncaughtExceptions#FAIL}.
   */
  UncaughtExceptions uncaughtExceptions() default UncaughtExceptions.DEFAULT;

  /** See {@link #cleanup()}. */
  enum Cleanup {
    /** As configured ({@value ThreadLeakExtension#CLEANUP_KEY}), else {@link #NONE}. */
    DEFAULT,
    /** Leave leaked threads running. */
    NONE,
    /**
     * Interrupt leaked threads after the report and wait for them (up to the grace period); those
     * still alive are reported as zombies. Virtual threads cannot be interrupted this way.
     */
    INTERRUPT
  }

  /** See {@link #uncaughtExceptions()}. */
  enum UncaughtExceptions {
    /** As configured ({@value ThreadLeakExtension#UNCAUGHT_EXCEPTIONS_KEY}), else {@link #FAIL}. */
    DEFAULT,
    /** An uncaught exception in a thread the test started fails the test. */
    FAIL,
    /** Uncaught exceptions are left to the JVM's handler (printed), as without this library. */
    IGNORE
  }
}
