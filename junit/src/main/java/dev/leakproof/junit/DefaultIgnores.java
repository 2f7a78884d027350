package dev.leakproof.junit;

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

  private DefaultIgnores() {}

  static boolean ignores(Thread thread) {
    if (NAMES.matcher(thread.getName()).matches()) {
      return true;
    }
    if (thread instanceof ForkJoinWorkerThread
        && ((ForkJoinWorkerThread) thread).getPool() == ForkJoinPool.commonPool()) {
      return true;
    }
    String className = thread.getClass().getName();
    for (String prefix : CLASS_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
