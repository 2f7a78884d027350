package dev.leakproof.bench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What leakproof-junit adds to a suite of clean tests: runs {@link Suite} (500 trivial tests) through
 * the JUnit Platform launcher, in one JVM, again and again, without the extension and with it, in
 * rounds whose order rotates, and reports the added time per test from paired differences.
 *
 * <pre>
 *   java -cp ... dev.leakproof.bench.junit.JUnitOverhead [--warmup N] [--rounds N]
 *        [--background-threads N] [--out results.md]
 *   java -cp ... dev.leakproof.bench.junit.JUnitOverhead --cold none|noop-extension|checked|whole-run|checked-jfr
 * </pre>
 *
 * <p>{@code --cold} runs the suite once in a fresh JVM and prints its wall and CPU milliseconds:
 * {@code benchmark.sh} runs it several times per configuration to measure one-time costs (class
 * loading, starting JFR), which a warm JVM hides.
 */
public final class JUnitOverhead {
  enum Config {
    NONE("none", Suite.PLAIN, Map.of()),
    NOOP("noop-extension", Suite.NOOP, Map.of()),
    CHECKED("checked", Suite.CHECKED, Map.of()),
    WHOLE_RUN("whole-run", Suite.PLAIN, Map.of("junit.jupiter.extensions.autodetection.enabled", "true")),
    CHECKED_JFR("checked-jfr", Suite.CHECKED, Map.of("leakproof.junit.jfr", "true"));

    final String label;
    final List<Class<?>> classes;
    final Map<String, String> parameters;

    Config(String label, List<Class<?>> classes, Map<String, String> parameters) {
      this.label = label;
      this.classes = classes;
      this.parameters = parameters;
    }

    static Config of(String label) {
      return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown configuration " + label));
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final int TESTS = Suite.CLASSES * Suite.TESTS_PER_CLASS;

  private JUnitOverhead() {}

  public static void main(String[] args) throws IOException {
    int warmup = 10;
    int rounds = 30;
    int background = 0;
    String out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--rounds": rounds = Integer.parseInt(args[++i]); break;
        case "--background-threads": background = Integer.parseInt(args[++i]); break;
        case "--out": out = args[++i]; break;
        case "--cold": cold(Config.of(args[++i])); return;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    startBackgroundThreads(background);
    String report = warm(warmup, rounds, background) + "\n" + primitives();
    System.out.println(report);
    if (out != null) {
      Files.write(Paths.get(out), report.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One run in a fresh JVM: prints "wall-ms test-thread-cpu-ms process-cpu-ms". */
  private static void cold(Config config) {
    long wall = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long process = PROCESS.getProcessCpuTime();
    run(LauncherFactory.create(), config);
    System.out.printf(Locale.ROOT, "%.1f %.1f %.1f%n", (System.nanoTime() - wall) / 1e6,
        (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6, (PROCESS.getProcessCpuTime() - process) / 1e6);
  }

  private static String warm(int warmup, int rounds, int background) {
    Launcher launcher = LauncherFactory.create();
    List<Config> configs = List.of(Config.NONE, Config.NOOP, Config.CHECKED, Config.WHOLE_RUN);
    for (int i = 0; i < warmup; i++) {
      for (Config config : configs) {
        run(launcher, config);
      }
    }
    Map<Config, List<long[]>> samples = new EnumMap<>(Config.class);
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < configs.size(); k++) {
        Config config = configs.get((round + k) % configs.size()); // rotate: noise falls on all alike
        samples.computeIfAbsent(config, c -> new ArrayList<>()).add(run(launcher, config));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "Warm JVM (%s, %d cores), %d tests per run, %d warm-up and %d measured rounds, %d idle background threads"
            + " (%d live threads)%n%n",
        System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), TESTS, warmup, rounds,
        background, THREADS.getThreadCount()));
    out.append("Added per test: median of the per-round differences to `none` [min, max].\n\n");
    out.append("| Configuration | Run, ms (CPU of the test thread) | Added per test, µs (CPU of the test thread)"
        + " | Added per test, µs (CPU of the process) | Run, ms (wall) | Added per test, µs (wall)"
        + " | Added per test, bytes allocated |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Config config : configs) {
      List<long[]> own = samples.get(config);
      List<long[]> base = samples.get(Config.NONE);
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %.1f | %s | %s |%n", config.label,
          median(column(own, 1)) / 1e6, added(own, base, 1, 1e3), added(own, base, 3, 1e3),
          median(column(own, 0)) / 1e6, added(own, base, 0, 1e3), added(own, base, 2, 1)));
    }
    return out.toString();
  }

  /** The per-test difference to the baseline of the same round: median [min, max]. */
  private static String added(List<long[]> own, List<long[]> base, int column, double unit) {
    List<Double> perTest = new ArrayList<>();
    for (int i = 0; i < own.size(); i++) {
      perTest.add((own.get(i)[column] - base.get(i)[column]) / unit / TESTS);
    }
    double[] sorted = perTest.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", median(sorted), sorted[0], sorted[sorted.length - 1]);
  }

  private static double[] column(List<long[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Runs the suite once; returns {wall ns, CPU ns of this thread (JUnit runs tests on it)}. */
  private static long[] run(Launcher launcher, Config config) {
    List<DiscoverySelector> selectors = config.classes.stream().map(c -> selectClass(c)).collect(Collectors.toList());
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .configurationParameters(config.parameters)
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long self = Thread.currentThread().getId();
    long wall = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long bytes = THREADS.getThreadAllocatedBytes(self);
    long process = PROCESS.getProcessCpuTime();
    launcher.execute(request, listener);
    long[] sample = {System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu,
        THREADS.getThreadAllocatedBytes(self) - bytes, PROCESS.getProcessCpuTime() - process};
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTestsSucceededCount() != TESTS || summary.getTotalFailureCount() != 0) {
      summary.getFailures().forEach(f -> f.getException().printStackTrace());
      throw new IllegalStateException(config.label + ": expected " + TESTS + " passing tests, got "
          + summary.getTestsSucceededCount() + " and " + summary.getTotalFailureCount() + " failures");
    }
    return sample;
  }

  /** The thread-list primitives, per call, with the threads alive now. */
  private static String primitives() {
    int calls = 2_000;
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] buffer = new Thread[1024];
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      long a = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += root.enumerate(buffer, true);
      }
      long b = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += Thread.getAllStackTraces().size();
      }
      long c = System.nanoTime();
      if (warm == 1) {
        return String.format(Locale.ROOT, "Per call with %d live threads: thread list (ThreadGroup.enumerate)"
            + " %.1f µs; Thread.getAllStackTraces() %.1f µs%s%n%n%s", THREADS.getThreadCount(), (b - a) / 1e3 / calls,
            (c - b) / 1e3 / calls, sink == 42 ? " " : "", threadCreation());
      }
    }
    throw new AssertionError();
  }

  /**
   * What creating a thread costs in a tracked scope (the stack walk that records where it was
   * created): CPU time of the creating thread per {@code Thread} constructed (not started, so that
   * scheduling noise stays out), untracked against tracked.
   */
  private static String threadCreation() {
    StringBuilder out = new StringBuilder("Constructing a thread, CPU of the creating thread per thread (median of 21"
        + " rounds of 5000): untracked / in a checked scope\n\n");
    out.append(String.format(Locale.ROOT, "- platform thread: %.2f µs / %.2f µs%n",
        construction(false, false), construction(true, false)));
    if (Runtime.version().feature() >= 21) {
      out.append(String.format(Locale.ROOT, "- virtual thread: %.2f µs / %.2f µs%n",
          construction(false, true), construction(true, true)));
    }
    return out.toString();
  }

  private static double construction(boolean tracked, boolean virtual) {
    double[] perThread = new double[21];
    Runnable measure = () -> {
      if (tracked) {
        dev.leakproof.junit.ThreadLeaks.snapshot(); // tracks threads created from this thread on
      }
      try {
        Object builder = virtual ? Thread.class.getMethod("ofVirtual").invoke(null) : null;
        Method unstarted = virtual ? Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class) : null;
        Runnable task = () -> {};
        for (int round = -5; round < perThread.length; round++) {
          long start = THREADS.getCurrentThreadCpuTime();
          for (int i = 0; i < 5000; i++) {
            Thread thread = virtual ? (Thread) unstarted.invoke(builder, task) : new Thread(task);
            if (thread == null) {
              throw new AssertionError();
            }
          }
          if (round >= 0) {
            perThread[round] = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / 5000;
          }
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
    // A thread that inherits nothing, so that "untracked" is untracked.
    Thread measuring = new Thread(null, measure, "measuring", 0, false);
    measuring.start();
    try {
      measuring.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    Arrays.sort(perThread);
    return median(perThread);
  }

  /** Idle threads that are alive before every snapshot: what a bigger application has running. */
  private static void startBackgroundThreads(int count) {
    CountDownLatch never = new CountDownLatch(1);
    for (int i = 0; i < count; i++) {
      Thread thread = new Thread(() -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "background-" + i);
      thread.setDaemon(true);
      thread.start();
    }
  }
}
