package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * UnboundedBlockingCall, ThreadWithoutExitPath and InterruptSwallowedInLoop together: one
 * diagnostic per defect (CHECKS.md, "Overlap"), none where no check has a defect, and no crash on
 * unusual code. Every diagnostic of any of the three must be expected.
 */
class ThreadChecksTogetherTest {
  private final CompilationTestHelper helper = allThreadChecks(getClass());

  /** A helper running the three checks together, also for the per-check tests' cases. */
  static CompilationTestHelper allThreadChecks(Class<?> test) {
    return CompilationTestHelper.newInstance(
        ScannerSupplier.fromBugCheckerClasses(
            UnboundedBlockingCall.class,
            ThreadWithoutExitPath.class,
            InterruptSwallowedInLoop.class),
        test);
  }

  /**
   * A defect two checks could report is reported once, by the more specific check; two defects in
   * one loop are two diagnostics.
   */
  @Nested
  class OneDiagnosticPerDefect {
    @Test
    void threadOnAPlainFlagSwallowingInterruptsHasTwoDefects() {
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Worker {
                private boolean stopped;
                void start(BlockingQueue<String> q) {
                  new Thread(() -> {
                    while (!stopped) {
                      try {
                        // the wait is InterruptSwallowedInLoop's: UnboundedBlockingCall stays silent
                        System.out.println(q.take());
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                        System.err.println("ignored");
                      }
                    }
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath] This thread loops on `stopped`
                  }).start();
                }
                void stop() {
                  stopped = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void executorTaskOnAPlainFlagSwallowingInterruptsHasTwoDefects() {
      helper
          .addSourceLines(
              "Tailer.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Tailer {
                private boolean stop;
                void begin(ExecutorService pool, BlockingQueue<String> lines) {
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath] This task loops on `stop`
                  pool.submit(() -> {
                    while (!stop) {
                      try {
                        System.out.println(lines.take());
                      // BUG: Diagnostic contains: shutdownNow() and cancel(true) can never stop this task
                      } catch (InterruptedException e) {
                      }
                    }
                  });
                }
                void end() {
                  stop = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void infiniteLoopWhoseOnlyCatchSwallowsIsReportedByBoth() {
      helper
          .addSourceLines(
              "Drainer.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Drainer {
                private final Thread drainer;

                Drainer(BlockingQueue<Runnable> tasks) {
                  drainer = new Thread(() -> {
                    while (true) {
                      try {
                        tasks.take().run();
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException ignored) {
                      }
                    }
                  });
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  drainer.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void multiCatchWithIoExceptionInAThreadLoopIsReportedByBoth() {
      helper
          .addSourceLines(
              "Copier.java",
              """
              import java.io.IOException;
              import java.io.InputStream;
              import java.util.concurrent.BlockingQueue;
              class Copier {
                private final Thread copier;

                Copier(BlockingQueue<InputStream> sources) {
                  copier = new Thread(() -> {
                    for (;;) {
                      try {
                        InputStream in = sources.take();
                        in.transferTo(System.out);
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException | IOException e) {
                        e.printStackTrace();
                      }
                    }
                  });
                }

                void go() {
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  copier.start();
                }

                void halt() {
                  copier.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitLoopOnTheCallersThreadIsOneDiagnostic() {
      helper
          .addSourceLines(
              "Window.java",
              """
              class Window {
                private final Object slots = new Object();
                private int used;
                void acquireSlot() {
                  synchronized (slots) {
                    while (used >= 4) {
                      try {
                        slots.wait();
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                      }
                    }
                    used++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void swallowedMonitorWaitIsOneDiagnosticAndAGetWhoseCatchReturnsNone() {
      helper
          .addSourceLines(
              "Mailbox.java",
              """
              import java.util.concurrent.Callable;
              import java.util.concurrent.ExecutionException;
              import java.util.concurrent.ExecutorService;
              class Mailbox {
                private final Object lock = new Object();
                private String mail;

                String receive() {
                  synchronized (lock) {
                    while (mail == null) {
                      try {
                        lock.wait();
                      // BUG: Diagnostic contains: waits on the caller's thread
                      } catch (InterruptedException e) {
                      }
                    }
                    return mail;
                  }
                }

                String compute(ExecutorService executor, Callable<String> job) throws ExecutionException {
                  try {
                    // 0.2: the catch returns, leaving the wait
                    return executor.submit(job).get();
                  } catch (InterruptedException e) {
                    return "";
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void abandonedProcessIsOneDiagnostic() {
      helper
          .addSourceLines(
              "Exec.java",
              """
              import java.io.IOException;
              class Exec {
                boolean run(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    // BUG: Diagnostic contains: [UnboundedBlockingCall]
                    return child.waitFor() == 0;
                  } catch (InterruptedException e) {
                    return false;
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /** Code with no defect is silent for all three checks. */
  @Nested
  class NoDefectForAnyCheck {
    @Test
    void ownedWorkerUsingTheInterruptAsAWakeUpHasNoDefect() {
      helper
          .addSourceLines(
              "Dispatcher.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Dispatcher {
                private final BlockingQueue<Runnable> jobs;
                private volatile boolean open = true;
                private final Thread worker = new Thread(this::work, "dispatcher");
                Dispatcher(BlockingQueue<Runnable> jobs) {
                  this.jobs = jobs;
                }
                void begin() {
                  worker.start();
                }
                private void work() {
                  while (open) {
                    try {
                      jobs.take().run();
                    } catch (InterruptedException e) {
                      // only a wake-up: close() clears open first
                    }
                  }
                }
                void close() {
                  open = false;
                  worker.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFieldWrittenBeforeInterruptIsSeenByBothChecks() {
      helper
          .addSourceLines(
              "Sampler.java",
              """
              class Sampler extends Thread {
                private boolean sampling = true;
                private long samples;
                @Override
                public void run() {
                  while (sampling) {
                    try {
                      Thread.sleep(10);
                      samples++;
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void finish() {
                  sampling = false;
                  interrupt();
                }
                static Sampler launch() {
                  Sampler sampler = new Sampler();
                  sampler.start();
                  return sampler;
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopThatEndsByDeadlineIsNoDefectForAnyCheck() {
      helper
          .addSourceLines(
              "Drain.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.TimeUnit;
              class Drain {
                void begin(BlockingQueue<String> q, long deadlineNanos) {
                  new Thread(() -> {
                    while (true) {
                      if (System.nanoTime() - deadlineNanos >= 0) {
                        return;
                      }
                      try {
                        System.out.println(q.poll(10, TimeUnit.MILLISECONDS));
                      } catch (InterruptedException e) {
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void restoreAndContinueInLoopThatChecksAndFlagsWrittenElsewhereOrInInitializers() {
      helper
          .addSourceLines(
              "Feeder.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Feeder {
                private boolean paused;
                private boolean fed;
                private final Runnable pauser = () -> paused = true;
                private final Thread feeder;

                {
                  fed = false;
                }

                Feeder(BlockingQueue<String> q) {
                  feeder = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        continue;
                      }
                    }
                  });
                  feeder.start();
                  new Thread(() -> {
                    while (!paused) {
                      Thread.onSpinWait();
                    }
                  }).start();
                  new Thread(() -> {
                    while (!fed) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }

                void stop() {
                  feeder.interrupt();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Code every check must follow or survive: initializers, switch expressions, records, null
   * starts, constructor references, lambdas that only call the loop method.
   */
  @Nested
  class UnusualShapes {
    @Test
    void initializersSwitchExpressionsRecordsNullStartsAndConstructorReferences() {
      helper
          .addSourceLines(
              "Shapes.java",
              """
              import java.util.concurrent.*;
              import java.util.function.*;
              class Shapes {
                static final BlockingQueue<String> Q = new LinkedBlockingQueue<>();
                static {
                  try {
                    Q.put("x");
                  } catch (InterruptedException e) {
                    throw new ExceptionInInitializerError(e);
                  }
                }
                enum Mode { ON, OFF }
                record Pair(String a, String b) {}
                final Runnable field = () -> {
                  for (;;) {
                    try {
                      Q.take();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                };
                Thread self = new Thread() {
                  { setDaemon(true); }
                };
                int switchExpression(Mode mode) {
                  while (true) {
                    int r = switch (mode) {
                      case ON -> {
                        try {
                          yield Q.take().length();
                        // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                        } catch (InterruptedException e) {
                          yield -1;
                        }
                      }
                      case OFF -> 0;
                    };
                    if (r >= 0) {
                      return r;
                    }
                  }
                }
                void startNull() {
                  Thread t = null;
                  t.start();
                }
                void startTwice(boolean b) {
                  Thread t;
                  if (b) {
                    t = new Thread(() -> {});
                  } else {
                    t = new Thread(field);
                  }
                  t.start();
                }
                void startThis() {
                  self.start();
                  new Thread((Runnable) null).start();
                  new Thread(Shapes::new).start();
                  Supplier<Thread> s = () -> new Thread(() -> { while (true) {} });
                  s.get().start();
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  new Thread(() -> { while (true) {} }).start();
                }
                void emptyLoops() {
                  for (;;) ;
                }
                void labelledBlock() throws InterruptedException {
                  out: {
                    while (true) {
                      try {
                        Q.take(); // the catch leaves the loop, so it leaves the wait (0.2)
                      } catch (InterruptedException e) {
                        break out;
                      }
                    }
                  }
                }
                void genericFuture(Future<? extends CharSequence> f, CompletableFuture<Void> v) throws Exception {
                  f.get();
                  // BUG: Diagnostic contains: [UnboundedBlockingCall]
                  v.thenRun(() -> {}).join();
                }
                synchronized void monitor() {
                  do {
                    try {
                      wait();
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  } while (Q.isEmpty());
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadStartedInStaticInitializer() {
      helper
          .addSourceLines(
              "Registry.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.LinkedBlockingQueue;
              class Registry {
                static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
                static long seen;

                static {
                  Thread ticker = new Thread(() -> {
                    while (true) {
                      seen++;
                    }
                  });
                  ticker.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  ticker.start();
                }

                {
                  Thread listener = new Thread(() -> {
                    try {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      System.out.println(EVENTS.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
                  listener.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void lambdaThatOnlyCallsTheLoopMethod() {
      helper
          .addSourceLines(
              "Monitor.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Monitor {
                private final BlockingQueue<String> alerts;
                private int checks;

                Monitor(BlockingQueue<String> alerts) {
                  this.alerts = alerts;
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  new Thread(() -> watch()).start();
                  Thread t = new Thread(() -> {
                    this.watch();
                  }, "watch-2");
                  t.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  t.start();
                  new Thread(() -> deliver()).start();
                }

                private void watch() {
                  while (true) {
                    checks++;
                  }
                }

                private void deliver() {
                  try {
                    for (;;) {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      System.out.println(alerts.take());
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }
              """)
          .doTest();
    }
  }
}
