package dev.leakproof.junit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tests that start virtual threads (JDK 21+); run by {@link VirtualThreadTest}. */
final class VirtualCases {
  private VirtualCases() {}

  static final AtomicInteger LINE = new AtomicInteger();

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksAVirtualThread {
    @Test
    void startsOne() {
      BlockingQueue<String> queue = new LinkedBlockingQueue<>();
      LINE.set(Runs.line()); Thread thread = Leftovers.startVirtual("leaky-virtual", () -> Leftovers.waitForWork(queue));
      Leftovers.awaitWaiting(thread);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 1_000)
  static class VirtualThreadEnds {
    @Test
    void startsAndJoins() throws InterruptedException {
      Leftovers.startVirtual("short-virtual", () -> UserTestClasses.sleep(20)).join();
    }

    @Test
    void startsOneThatEndsSoonAfterTheTest() {
      Leftovers.startVirtual("ends-soon", () -> UserTestClasses.sleep(100));
    }
  }

  /** A virtual-thread-per-task executor that is never closed, with a task that never ends. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class ExecutorNeverClosed {
    @Test
    void submitsAStuckTask() throws Exception {
      ExecutorService executor = Leftovers.track((ExecutorService) Executors.class
          .getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
      BlockingQueue<String> queue = new LinkedBlockingQueue<>();
      LINE.set(Runs.line()); executor.submit(() -> Leftovers.waitForWork(queue));
    }
  }
}
