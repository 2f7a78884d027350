package dev.leakproof.junit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
 * leaks nothing pays nothing. Daemon threads count like any other. Virtual threads are not seen
 * (the JDK does not list them).
 */
public final class ThreadLeaks {
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private ThreadLeaks() {}

  /** The threads alive now. */
  public static ThreadSnapshot snapshot() {
    Set<Thread> threads = Thread.getAllStackTraces().keySet();
    DefaultIgnores.observe(threads);
    return new ThreadSnapshot(threads);
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
      throw new ThreadLeakError(report(leaks, options), leaks);
    }
  }

  /**
   * The threads started since {@code before}, not ignored by {@code options}, and still alive after
   * its grace period; empty as soon as there are none (without waiting out the grace period).
   */
  public static List<LeakedThread> findNewThreads(ThreadSnapshot before, ThreadLeakOptions options) {
    long start = System.nanoTime();
    long gracePeriod = options.gracePeriod().toNanos();
    long maxPause = options.pollInterval().toNanos();
    long pause = Math.min(FIRST_POLL_NANOS, maxPause);
    boolean interrupted = false;
    try {
      while (true) {
        Map<Thread, StackTraceElement[]> suspects = newThreads(before, options);
        long waited = System.nanoTime() - start;
        if (suspects.isEmpty()) {
          return new ArrayList<>();
        }
        if (waited >= gracePeriod) {
          return describe(suspects);
        }
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(pause, gracePeriod - waited));
        } catch (InterruptedException e) {
          // A test may end with its thread's interrupt flag set; the grace period is still owed
          // to the threads it stopped. The flag is restored on the way out.
          interrupted = true;
        }
        pause = Math.min(pause * 2, maxPause);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The text of the {@link ThreadLeakError} for these leaks. */
  static String report(List<LeakedThread> leaks, ThreadLeakOptions options) {
    StringBuilder out = new StringBuilder();
    out.append(leaks.size() == 1 ? "1 thread" : leaks.size() + " threads")
        .append(" started here ").append(leaks.size() == 1 ? "is" : "are")
        .append(" still alive ").append(options.gracePeriod().toMillis())
        .append(" ms after the end (a leak; daemon threads included):\n");
    for (int i = 0; i < leaks.size(); i++) {
      out.append('\n').append(i + 1).append(") ").append(leaks.get(i).describe());
    }
    out.append("\nStop these threads (shutdown(), cancel(), interrupt() and join()) before the end,"
        + " or, if they are meant to outlive it, ignore them by name or frame"
        + " (@DetectThreadLeaks(ignoreThreadNames = ..., ignoreTopFrames = ...)).");
    return out.toString();
  }

  private static Map<Thread, StackTraceElement[]> newThreads(ThreadSnapshot before, ThreadLeakOptions options) {
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    DefaultIgnores.observe(all.keySet());
    all.keySet().removeIf(t -> before.contains(t) || !t.isAlive() || options.ignoresByIdentity(t));
    all.entrySet().removeIf(e -> options.ignoresByStack(e.getValue()));
    return all;
  }

  private static List<LeakedThread> describe(Map<Thread, StackTraceElement[]> threads) {
    List<LeakedThread> leaks = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> entry : threads.entrySet()) {
      Thread thread = entry.getKey();
      String lockName = null;
      String lockOwner = null;
      try {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo info = mx.getThreadInfo(LeakedThread.idOf(thread));
        if (info != null) {
          lockName = info.getLockName();
          lockOwner = info.getLockOwnerName();
        }
      } catch (LinkageError | RuntimeException e) {
        // java.management missing or not permitted: report without the lock.
      }
      leaks.add(new LeakedThread(thread, entry.getValue(), lockName, lockOwner));
    }
    leaks.sort(Comparator.comparing(LeakedThread::name).thenComparingLong(LeakedThread::id));
    return leaks;
  }
}
