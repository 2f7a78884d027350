package dev.leakproof.junit;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.regex.Pattern;

/** The JVM's and the test tools' own threads, which a test does not own. */
final class DefaultIgnores {
  private static final Pattern NAMES =
      Pattern.compile(
          String.join(
              "|",
              // The JVM's system threads (most exist before any test; some start lazily).
              "Reference Handler",
              "Finalizer",
              "Signal Dispatcher",
              "Attach Listener",
              "Common-Cleaner",
              "Notification Thread",
              "DestroyJavaVM",
              "process reaper.*",
              "ForkJoinPool\\.commonPool-worker-\\d+",
              "ForkJoinPool\\.commonPool-delayScheduler",
              "Keep-Alive-Timer",
              "CompletableFutureDelayScheduler",
              "Keep-Alive-SocketCleaner",
              "JFR .*",
              "RMI .*",
              "GC Daemon",
              "JMX server connection timeout \\d+",
              // Tooling: Surefire's forked JVM, JUnit's timeouts, IntelliJ's runner.
              "surefire-forkedjvm-.*",
              "junit-jupiter-timeout-watcher",
              "junit-timeout-thread-\\d+",
              "Monitor Ctrl-Break"));

  private static final String[] CLASS_PREFIXES = {
    "jdk.internal.", // InnocuousThread (JDK-internal threads), CarrierThread (virtual-thread carriers)
    "org.junit.",
    "org.apache.maven.surefire.",
    "org.gradle.",
  };

  private static final String CARRIER_THREAD = "jdk.internal.misc.CarrierThread";
  private static final String DELAY_SCHEDULER = "java.util.concurrent.DelayScheduler";
  private static final String DELAY_SCHEDULER_SUFFIX = "-delayScheduler";

  /**
   * Name prefixes ({@code ForkJoinPool-1}) of the pools whose workers are virtual-thread carriers:
   * the JVM's virtual-thread scheduler, which lives for the JVM.
   */
  private static final Set<String> CARRIER_POOLS = ConcurrentHashMap.newKeySet();

  private DefaultIgnores() {}

  /** Learns which pools schedule virtual threads, from the live threads. */
  static void observe(Collection<Thread> threads) {
    for (Thread thread : threads) {
      String name = thread.getName();
      int worker = name.lastIndexOf("-worker-");
      if (worker > 0 && thread.getClass().getName().equals(CARRIER_THREAD)) {
        CARRIER_POOLS.add(name.substring(0, worker));
      }
    }
  }

  /** Threads of these classes belong to the JDK or the test tools. */
  static boolean ignoresClass(String className) {
    for (String prefix : CLASS_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static boolean ignores(Thread thread) {
    String name = thread.getName();
    if (NAMES.matcher(name).matches()) {
      return true;
    }
    // JDK 25+: a ForkJoinPool's timer thread. The virtual-thread scheduler's belongs to the JVM;
    // any other pool's leaks with its pool (and is reported with the pool's workers).
    if (thread.getClass().getName().equals(DELAY_SCHEDULER) && name.endsWith(DELAY_SCHEDULER_SUFFIX)) {
      String pool = name.substring(0, name.length() - DELAY_SCHEDULER_SUFFIX.length());
      if (!CARRIER_POOLS.contains(pool)) {
        observe(java.util.Arrays.asList(ThreadList.live())); // rare: learn the carriers now
      }
      if (CARRIER_POOLS.contains(pool)) {
        return true;
      }
    }
    if (thread instanceof ForkJoinWorkerThread
        && ((ForkJoinWorkerThread) thread).getPool() == ForkJoinPool.commonPool()) {
      return true;
    }
    return ignoresClass(thread.getClass().getName());
  }
}
