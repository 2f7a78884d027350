package dev.leakproof.checker.executors;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Test;

/** The executor and timer checks together: each reports only its own kind of object. */
class ExecutorChecksTogetherTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(
          ScannerSupplier.fromBugCheckerClasses(
              ExecutorNeverShutDown.class, TimerNeverCancelled.class),
          getClass());

  @Test
  void eachCheckReportsItsOwnObject() {
    helper
        .addSourceLines(
            "Scheduler.java",
            """
            import java.util.Timer;
            import java.util.TimerTask;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.Executors;
            class Scheduler {
              void run(Runnable job, TimerTask tick, boolean skip) {
                // BUG: Diagnostic contains: [ExecutorNeverShutDown] Executor 'pool' is not shut down on every path
                ExecutorService pool = Executors.newFixedThreadPool(2);
                // BUG: Diagnostic contains: [TimerNeverCancelled] Timer 'timer' is never cancelled
                Timer timer = new Timer();
                pool.execute(job);
                timer.schedule(tick, 10);
                if (skip) {
                  return;
                }
                pool.shutdown();
              }
            }
            """)
        .doTest();
  }
}
