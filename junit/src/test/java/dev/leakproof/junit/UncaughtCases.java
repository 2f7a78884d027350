package dev.leakproof.junit;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Tests whose threads throw; run by {@link UncaughtExceptionTest}. */
final class UncaughtCases {
  private UncaughtCases() {}

  static void throwInAThread(String message) {
    Thread worker = new Thread(() -> {
      throw new IllegalStateException(message);
    }, "thrower");
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class ThreadThrows {
    @Test
    void startsAThreadThatThrows() {
      throwInAThread("boom");
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, uncaughtExceptions = DetectThreadLeaks.UncaughtExceptions.IGNORE)
  static class ThreadThrowsIgnored {
    @Test
    void startsAThreadThatThrows() {
      throwInAThread("ignored boom");
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class ThrowsAndLeaks {
    @Test
    void both() {
      throwInAThread("boom and a leak");
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  /** The thread throws after its test ended (released by @AfterAll): the class reports it. */
  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreThreadNames = "late-thrower")
  static class ThrowsAfterTheTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static Thread thrower;

    @Test
    void startsALateThrower() {
      thrower = new Thread(() -> {
        try {
          RELEASE.await();
        } catch (InterruptedException e) {
          return;
        }
        throw new IllegalStateException("late boom");
      }, "late-thrower");
      thrower.start();
    }

    @AfterAll
    static void release() throws InterruptedException {
      RELEASE.countDown();
      thrower.join();
    }
  }
}
