package dev.leakproof.checker.util;

import com.google.errorprone.CompilationTestHelper;
import dev.leakproof.checker.threads.UnboundedBlockingCall;
import org.junit.jupiter.api.Test;

/**
 * The checks index a method or file once and reuse the index for every candidate in it; Error
 * Prone reuses a check instance across compilation units, so the index must not leak from one
 * unit into the next.
 */
class UnitCacheTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(UnboundedBlockingCall.class, getClass());

  @Test
  void threadStartsAreFoundPerCompilationUnit() {
    // Each file's wait is reported only if that file's own thread start is found: with starts
    // remembered from the other file, the second file's wait would go silent.
    helper
        .addSourceLines(
            "First.java",
            """
            import java.util.concurrent.BlockingQueue;
            class First {
              String propagates(BlockingQueue<String> q) throws InterruptedException {
                return q.take();
              }

              First(BlockingQueue<String> jobs) {
                new Thread(() -> {
                  try {
                    while (true) {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      System.out.println(jobs.take());
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }).start();
              }
            }
            """)
        .addSourceLines(
            "Second.java",
            """
            import java.util.concurrent.BlockingQueue;
            class Second {
              String propagates(BlockingQueue<String> q) throws InterruptedException {
                return q.take();
              }

              Second(BlockingQueue<String> jobs) {
                new Thread(() -> {
                  try {
                    while (true) {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      System.out.println(jobs.take());
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }).start();
              }
            }
            """)
        .doTest();
  }
}
