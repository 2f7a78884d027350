package dev.leakproof.junit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The end-of-scope check behind {@link ThreadLeaks} and the extension: which threads started since a
 * snapshot are still alive after the grace period, and where they came from.
 *
 * <p>Cheap when clean: while waiting, it looks only at the thread list (no stacks). Stacks, lock
 * information, thread dumps (virtual threads), the attribution of threads to the lines that created
 * them, and JFR data are taken only for threads still alive when the grace period ends.
 *
 * <p>Under parallel execution a scope owns only the threads its own code created (inherited scope,
 * see {@link Origins}): a test that created no thread is done at once, whatever other tests leave
 * running meanwhile.
 */
final class LeakCheck {
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long FIRST_DUMP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_DUMP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MIN_CLEANUP_WAIT_MILLIS = 100;

  private final ThreadSnapshot before;
  private final ThreadLeakOptions options;
  private final Scope scope;
  private final boolean parallel;
  /** Extension scopes skip threads an inner scope settled, and settle what they report. */
  private final boolean settles;
  /** Every new virtual thread in the last dump, ignored or settled ones included. */
  private List<VirtualThreads.Info> lastDump = List.of();
  /** For the whole run: the unchecked scope after which a thread was first seen alive. */
  private Map<Thread, String> firstSeen;
  private boolean useJfr;

  LeakCheck(ThreadSnapshot before, ThreadLeakOptions options, Scope scope, boolean parallel) {
    this.before = before;
    this.options = options;
    this.scope = scope;
    this.parallel = parallel && scope.kind != Scope.Kind.RUN;
    this.settles = scope.kind != Scope.Kind.SNAPSHOT;
  }

  LeakCheck firstSeen(Map<Thread, String> firstSeen) {
    this.firstSeen = firstSeen;
    return this;
  }

  /** Uses JFR's start events, when the recording runs ({@code leakproof.junit.jfr=true}). */
  LeakCheck jfr(boolean useJfr) {
    this.useJfr = useJfr;
    return this;
  }

  /** The leaked threads, in report order; empty as soon as there are none. */
  List<LeakedThread> run() {
    if (parallel && scope.created() == 0) {
      return new ArrayList<>(); // nothing of this scope's can be alive
    }
    try {
      return check();
    } finally {
      if (settles && scope.kind == Scope.Kind.TEST) {
        acceptIgnored();
      }
    }
  }

  private List<LeakedThread> check() {
    long start = System.nanoTime();
    long deadline = start + options.gracePeriod().toNanos();
    Set<String> ownClasses = parallel ? classesCreatedByScope() : null;
    List<Thread> platform = pollPlatform(deadline, ownClasses);
    List<VirtualThreads.Info> virtual = virtualThreadsCreated() ? pollVirtual(deadline) : List.of();
    if (platform.isEmpty() && virtual.isEmpty()) {
      return new ArrayList<>();
    }
    return describe(platform, virtual);
  }

  // --- waiting: thread list only -------------------------------------------------------------

  private List<Thread> pollPlatform(long deadline, Set<String> ownClasses) {
    long pause = Math.min(FIRST_POLL_NANOS, options.pollInterval().toNanos());
    boolean interrupted = false;
    try {
      while (true) {
        List<Thread> suspects = newPlatformThreads(ownClasses);
        if (!suspects.isEmpty() && options.hasFrameRules()) {
          suspects.removeIf(t -> options.ignoresByStack(t.getStackTrace())); // only threads still alive
        }
        long now = System.nanoTime();
        if (suspects.isEmpty() || now >= deadline) {
          return suspects;
        }
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(pause, deadline - now));
        } catch (InterruptedException e) {
          // A test may end with its thread's interrupt flag set; the grace period is still owed
          // to the threads it stopped. The flag is restored on the way out.
          interrupted = true;
        }
        pause = Math.min(pause * 2, options.pollInterval().toNanos());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Alive, not in the snapshot, not settled, not ignored by name, class or predicate. */
  private List<Thread> newPlatformThreads(Set<String> ownClasses) {
    boolean enclosing = scope.kind == Scope.Kind.CLASS || scope.kind == Scope.Kind.RUN;
    List<Thread> threads = new ArrayList<>();
    for (Thread t : ThreadList.live()) {
      if (!before.contains(t) && t.isAlive() && !(settles && Settled.contains(t))
          && !(enclosing && Settled.isAccepted(t))
          && (ownClasses == null || ownClasses.contains(t.getClass().getName()))) {
        threads.add(t);
      }
    }
    threads.removeIf(options::ignoresByIdentity);
    return threads;
  }

  /** Thread classes this scope created: under parallel execution, no other class can be its. */
  private Set<String> classesCreatedByScope() {
    Set<String> classes = new HashSet<>();
    if (!Origins.keptAllAfter(before.lastRecord())) {
      return null;
    }
    for (Origins.Record r : Origins.recordsAfter(before.lastRecord())) {
      if (r.scope == scope) {
        classes.add(r.threadClass);
      }
    }
    return classes;
  }

  /** Whether virtual threads may have been created in this scope (a dump is worth taking). */
  private boolean virtualThreadsCreated() {
    if (!VirtualThreads.supported() || before.lastThreadId() < 0) {
      return false;
    }
    if (parallel) {
      return scope.createdVirtual() > 0;
    }
    if (!Origins.keptAllAfter(before.lastRecord())) {
      return true;
    }
    return Origins.recordsAfter(before.lastRecord()).stream().anyMatch(r -> r.virtual);
  }

  private List<VirtualThreads.Info> pollVirtual(long deadline) {
    long pause = FIRST_DUMP_NANOS;
    boolean interrupted = false;
    try {
      while (true) {
        List<VirtualThreads.Info> suspects = newVirtualThreads();
        long now = System.nanoTime();
        if (suspects.isEmpty() || now >= deadline) {
          return suspects;
        }
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(pause, deadline - now));
        } catch (InterruptedException e) {
          interrupted = true; // as for platform threads: the grace period is still owed
        }
        pause = Math.min(pause * 2, MAX_DUMP_PAUSE_NANOS);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<VirtualThreads.Info> newVirtualThreads() {
    Set<Long> platformIds = new HashSet<>();
    for (Thread t : ThreadList.live()) {
      platformIds.add(ThreadList.idOf(t));
    }
    List<VirtualThreads.Info> all = new ArrayList<>();
    List<VirtualThreads.Info> threads = new ArrayList<>();
    for (VirtualThreads.Info info : VirtualThreads.list(platformIds)) {
      if (info.id <= before.lastThreadId()) {
        continue;
      }
      all.add(info);
      if (!(settles && Settled.containsVirtual(info.id)) && !options.ignoresName(info.name)
          && !options.ignoresByStack(info.stack)) {
        threads.add(info);
      }
    }
    lastDump = all;
    return threads;
  }

  // --- at the end of the grace period: stacks, origins, cleanup -------------------------------

  private List<LeakedThread> describe(List<Thread> platform, List<VirtualThreads.Info> virtual) {
    // Attribution pairs by creation order within a thread class, so it needs every new thread of
    // the class: other scopes', settled ones and those the user's rules ignore included.
    List<Attribution.Key> keys = new ArrayList<>();
    for (Thread t : ThreadList.live()) {
      if (!before.contains(t) && t.isAlive() && !options.ignoresByDefault(t)) {
        keys.add(new Attribution.Key(ThreadList.idOf(t), t.getClass().getName()));
      }
    }
    for (VirtualThreads.Info info : lastDump) {
      keys.add(new Attribution.Key(info.id, "java.lang.VirtualThread"));
    }
    Map<Long, Attribution.Origin> origins =
        Attribution.attribute(keys, Origins.recordsAfter(before.lastRecord()));
    Map<Long, JfrStarts.Start> starts = useJfr ? JfrStarts.starts() : Map.of();

    List<LeakedThread> leaks = new ArrayList<>();
    for (Thread t : platform) {
      StackTraceElement[] stack = t.getStackTrace();
      long id = ThreadList.idOf(t);
      Attribution.Origin origin = origins.getOrDefault(id, Attribution.Origin.UNKNOWN);
      if (!t.isAlive() || options.ignoresByStack(stack) || !owned(origin)) {
        continue;
      }
      String[] lock = lockOf(id);
      JfrStarts.Start start = starts.get(id);
      String note = note(origin, start == null);
      String seen = firstSeen == null || origin.record != null ? null : firstSeen.get(t);
      if (seen != null) {
        note = (note == null ? "" : note + "\n    ") + "(first seen alive after the " + seen + ")";
      }
      leaks.add(new LeakedThread(t, stack, lock[0], lock[1], origin, note, start));
    }
    for (VirtualThreads.Info info : virtual) {
      Attribution.Origin origin = origins.getOrDefault(info.id, Attribution.Origin.UNKNOWN);
      if (owned(origin)) {
        leaks.add(new LeakedThread(info, origin, note(origin, true)));
      }
    }
    leaks.sort(Comparator.comparing(LeakedThread::name).thenComparingLong(LeakedThread::id));
    if (options.interruptLeakedThreads()) {
      cleanUp(leaks);
    }
    if (settles) {
      for (LeakedThread leak : leaks) {
        if (leak.thread() != null) {
          Settled.add(leak.thread());
        } else {
          Settled.addVirtual(leak.id());
        }
      }
    }
    return leaks;
  }

  /** Sequentially every new thread is the scope's; in parallel only those its code created. */
  private boolean owned(Attribution.Origin origin) {
    return !parallel || origin.mayBelongTo(scope);
  }

  /** New threads this test's own rules ignore: its class and the run do not report them. */
  private void acceptIgnored() {
    for (Thread t : ThreadList.live()) {
      if (!before.contains(t) && t.isAlive() && !options.ignoresByDefault(t)
          && (options.ignoresByIdentity(t) || (options.hasFrameRules() && options.ignoresByStack(t.getStackTrace())))) {
        Settled.accept(t);
      }
    }
  }

  /** A line for the report when the origin needs explaining, or null. */
  private String note(Attribution.Origin origin, boolean noJfrStart) {
    Origins.Record record = origin.record;
    if (record != null) {
      return scope.kind != Scope.Kind.SNAPSHOT && record.scope != scope && record.scope.kind != Scope.Kind.SNAPSHOT
          ? "(created by code of the " + record.scope.describe() + ")" : null;
    }
    if (!origin.candidates.isEmpty()) {
      return parallel && !origin.certainlyBelongsTo(scope)
          ? "(tests ran in parallel and threads of this class were created by more than one of them"
              + " and are still alive: this one may be another test's)"
          : "(several threads of this class were created at these places and are still alive;"
              + " leakproof cannot tell which one this is)";
    }
    if (!Origins.keptAllAfter(before.lastRecord())) {
      return "created at: unknown (more than " + Origins.RING_SIZE + " threads were created since,"
          + " and the oldest records are forgotten)";
    }
    String jfr = useJfr && JfrStarts.isRecording() && noJfrStart ? "; JFR has no start event for it either" : "";
    String tracked = scope.kind == Scope.Kind.SNAPSHOT
        ? "the thread that took the snapshot or a thread created from it" : "code run by a checked test";
    return "created at: unknown (not created by " + tracked + ": a thread that existed before may have"
        + " created it, or it was created without inheriting thread-locals" + jfr + ")";
  }

  private static String[] lockOf(long id) {
    try {
      ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(id);
      if (info != null) {
        return new String[] {info.getLockName(), info.getLockOwnerName()};
      }
    } catch (LinkageError | RuntimeException e) {
      // java.management missing or not permitted: report without the lock.
    }
    return new String[2];
  }

  /** Interrupts the leaked threads and waits for them; those still alive are zombies. */
  private void cleanUp(List<LeakedThread> leaks) {
    for (LeakedThread leak : leaks) {
      if (leak.thread() != null) {
        UncaughtExceptions.cleaning(leak.thread());
        leak.thread().interrupt();
      }
    }
    long deadline = System.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_CLEANUP_WAIT_MILLIS, options.gracePeriod().toMillis()));
    boolean interrupted = false;
    for (LeakedThread leak : leaks) {
      Thread thread = leak.thread();
      if (thread == null) {
        leak.cleanup(LeakedThread.Cleanup.NO_HANDLE);
        continue;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        if (left > 0) {
          thread.join(left);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      leak.cleanup(thread.isAlive() ? LeakedThread.Cleanup.ZOMBIE : LeakedThread.Cleanup.ENDED);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
