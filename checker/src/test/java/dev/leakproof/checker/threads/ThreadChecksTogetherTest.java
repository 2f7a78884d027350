package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The three thread checks together: one diagnostic per defect, and no crash on unusual code. */
class ThreadChecksTogetherTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(
          ScannerSupplier.fromBugCheckerClasses(
              UnboundedBlockingCall.class, ThreadWithoutExitPath.class, InterruptSwallowedInLoop.class),
          getClass());

  @Test
  void unusualShapes() {
    helper.addSourceLines("Shapes.java", UnusualShapes.SOURCE).doTest();
  }

  @Test
  void oneDiagnosticPerDefect() {
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

  /** The 0.2 decisions with the three checks together: one diagnostic per defect, or none. */
  @Nested
  class Decisions02 {
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
  }
}
