package dev.leakproof.junit;

import java.time.Duration;
import java.util.List;

/**
 * Finds threads that outlive the code that started them, without JUnit:
 *
 * <pre>{@code
 * ThreadSnapshot before = ThreadLeaks.snapshot();
 * runTheCodeUnderTest();
 * ThreadLeaks.verifyNoNewThreads(before, Duration.ofSeconds(1)); // throws ThreadLeakError
 * }</pre>
 *
 * <p>A thread is new when it is alive now and was not in the snapshot. New threads get a grace
 * period to end (executors being shut down, threads being joined): the live threads are looked at
 * again every few milliseconds, and the wait ends as soon as no new thread is left, so code that
 * leaks nothing pays nothing. Daemon threads count like any other.
 *
 * <p>{@link #snapshot()} also starts tracking where threads come from on the calling thread: a
 * thread created from it, or from a thread it created, is reported with the line that created it.
 * Virtual threads created there are checked too on JDK 21+ (with a thread dump, taken only when
 * virtual threads were created).
 */
public final class ThreadLeaks {
  /** The scope of code run on threads that called {@link #snapshot()} outside any checked test. */
  static final Scope SNAPSHOT_SCOPE = new Scope(Scope.Kind.SNAPSHOT, "snapshot", null);

  private ThreadLeaks() {}

  /** The platform threads alive now (a thread list: no stacks are taken). */
  public static ThreadSnapshot snapshot() {
    Origins.enterIfUntagged(SNAPSHOT_SCOPE);
    return ThreadSnapshot.take();
  }

  /** Fails if threads started since {@code before} are still alive after the default grace period. */
  public static void verifyNoNewThreads(ThreadSnapshot before) {
    verifyNoNewThreads(before, ThreadLeakOptions.defaults());
  }

  /** Fails if threads started since {@code before} are still alive after {@code gracePeriod}. */
  public static void verifyNoNewThreads(ThreadSnapshot before, Duration gracePeriod) {
    verifyNoNewThreads(before, ThreadLeakOptions.builder().gracePeriod(gracePeriod).build());
  }

  /**
   * Fails with a {@link ThreadLeakError} listing every thread started since {@code before} that is
   * not ignored by {@code options} and still alive after its grace period.
   */
  public static void verifyNoNewThreads(ThreadSnapshot before, ThreadLeakOptions options) {
    List<LeakedThread> leaks = findNewThreads(before, options);
    if (!leaks.isEmpty()) {
      throw new ThreadLeakError(report(leaks, options, SNAPSHOT_SCOPE), leaks);
    }
  }

  /**
   * The threads started since {@code before}, not ignored by {@code options}, and still alive after
   * its grace period; empty as soon as there are none (without waiting out the grace period).
   */
  public static List<LeakedThread> findNewThreads(ThreadSnapshot before, ThreadLeakOptions options) {
    return new LeakCheck(before, options, SNAPSHOT_SCOPE, false).run();
  }

  /** The text of the {@link ThreadLeakError} for these leaks of {@code scope}. */
  static String report(List<LeakedThread> leaks, ThreadLeakOptions options, Scope scope) {
    StringBuilder out = new StringBuilder();
    String count = leaks.size() == 1 ? "1 thread" : leaks.size() + " threads";
    String verb = leaks.size() == 1 ? "is" : "are";
    long grace = options.gracePeriod().toMillis();
    switch (scope.kind) {
      case TEST:
        out.append(count).append(" started by this test ").append(verb).append(" still alive ")
            .append(grace).append(" ms after it ended");
        break;
      case CLASS:
        out.append(count).append(" started by this test class outside its checked tests (in @BeforeAll,")
            .append(" @AfterAll, a constructor or a static initialiser) ").append(verb).append(" still alive ")
            .append(grace).append(" ms after the class ended");
        break;
      case RUN:
        out.append(count).append(" started during this test run ").append(verb).append(" still alive ")
            .append(grace).append(" ms after its last test class ended");
        break;
      default:
        out.append(count).append(" started here ").append(verb).append(" still alive ").append(grace)
            .append(" ms after the end");
    }
    out.append(" (a leak; daemon threads included):\n");
    for (int i = 0; i < leaks.size(); i++) {
      out.append('\n').append(i + 1).append(") ").append(leaks.get(i).describe());
    }
    out.append("\nStop these threads (shutdown(), cancel(), interrupt() and join()) before the end,"
        + " or, if they are meant to outlive it, ignore them by name or frame"
        + " (@DetectThreadLeaks(ignoreThreadNames = ..., ignoreTopFrames = ...)).");
    String virtual = VirtualThreads.limitation();
    if (virtual != null) {
      out.append("\nNote: ").append(virtual).append('.');
    }
    return out.toString();
  }
}
