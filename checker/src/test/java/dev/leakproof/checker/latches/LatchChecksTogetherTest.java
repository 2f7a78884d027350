package dev.leakproof.checker.latches;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Test;

/** The two latch checks together: each reports its own defect of the same latch. */
class LatchChecksTogetherTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(
          ScannerSupplier.fromBugCheckerClasses(
              CountDownNotInFinally.class, LatchCountMismatch.class),
          getClass());

  @Test
  void aSkippableCountDownAndAWrongCountAreTwoDefects() {
    helper
        .addSourceLines(
            "Loader.java",
            """
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.ExecutorService;
            class Loader {
              void load(ExecutorService pool) throws InterruptedException {
                // BUG: Diagnostic contains: [LatchCountMismatch] new CountDownLatch(3) is never released
                CountDownLatch done = new CountDownLatch(3);
                for (int i = 0; i < 2; i++) {
                  pool.execute(() -> {
                    work();
                    // BUG: Diagnostic contains: [CountDownNotInFinally] done.countDown() is skipped
                    done.countDown();
                  });
                }
                done.await();
              }
              void work() {}
            }
            """)
        .doTest();
  }
}
