package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
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
}
