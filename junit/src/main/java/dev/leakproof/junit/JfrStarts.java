package dev.leakproof.junit;

import java.util.Map;

/**
 * Opt-in ({@code leakproof.junit.jfr=true}): a JDK Flight Recorder recording of {@code
 * jdk.ThreadStart} events, whose stack is the starting thread's, so every platform thread started
 * after the recording began can be pinned to the line that called {@code start()}. Off by default:
 * starting JFR costs 0.5 to 1 s once per JVM (see docs/performance.md), more than a whole suite of
 * clean tests is allowed. JFR records no starter for virtual threads ({@code jdk.VirtualThreadStart}
 * carries the new thread's own stack), so they rely on {@link Origins} either way.
 *
 * <p>All {@code jdk.jfr} types live in {@link JfrRecorder}, so this class loads on a JVM without
 * the {@code jdk.jfr} module and simply reports JFR as unavailable there.
 */
final class JfrStarts {
  private static volatile boolean started;
  private static volatile String failure;

  private JfrStarts() {}

  /** Where a platform thread was started, from its {@code jdk.ThreadStart} event. */
  static final class Start {
    final String starterName;
    final StackTraceElement[] stack;

    Start(String starterName, StackTraceElement[] stack) {
      this.starterName = starterName;
      this.stack = stack;
    }
  }

  /** Starts the recording once; threads started from now on can be pinned to their line. */
  static synchronized void start() {
    if (started || failure != null) {
      return;
    }
    try {
      Origins.quietly(() -> {
        try {
          JfrRecorder.start();
          return null;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      started = true;
    } catch (LinkageError | RuntimeException e) {
      failure = String.valueOf(e);
    }
  }

  static boolean isRecording() {
    return started;
  }

  /** Why JFR is not recording although asked to, or null. */
  static String failure() {
    return failure;
  }

  /** The start events recorded so far, by thread id; empty when JFR is off or fails. */
  static Map<Long, Start> starts() {
    if (!started) {
      return Map.of();
    }
    try {
      return Origins.quietly(() -> {
        try {
          return JfrRecorder.starts();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    } catch (LinkageError | RuntimeException e) {
      return Map.of();
    }
  }
}
