package dev.leakproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Test classes as a user writes them, run through {@code EngineTestKit} by the tests of this
 * module (Surefire does not run nested classes by itself).
 */
final class UserTestClasses {
  private UserTestClasses() {}

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksAThread {
    @Test
    void startsAConsumerAndForgetsIt() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksADaemon {
    @Test
    void startsADaemon() {
      Leftovers.startWaiting("leaky-daemon", true);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class NeverShutsItsPoolDown {
    @Test
    void runsOneTask() throws Exception {
      ExecutorService pool = Leftovers.track(Executors.newSingleThreadExecutor());
      pool.submit(() -> "done").get();
    }
  }

  /** Workers are still busy when the test ends; shutdown() lets them finish within the grace period. */
  @DetectThreadLeaks(gracePeriodMillis = 10_000)
  static class ShutsItsPoolDown {
    @Test
    void runsTasksThenShutsDown() {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      for (int i = 0; i < 4; i++) {
        pool.execute(() -> sleep(50));
      }
      pool.shutdown();
    }
  }

  @DetectThreadLeaks
  static class LeaksNothing {
    @Test
    void joinsItsThread() throws InterruptedException {
      Thread worker = new Thread(() -> {}, "short-lived");
      worker.start();
      worker.join();
    }

    @Test
    void usesTheCommonPool() {
      assertEquals(3, CompletableFuture.supplyAsync(() -> 3).join());
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreThreadNames = "leaky-c.*")
  static class IgnoredByName {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreThreadNames = "leaky-c")
  static class NameRuleMatchesWholeName {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreTopFrames = "dev.leakproof.junit.Leftovers.waitForWork")
  static class IgnoredByTopUserFrame {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreTopFrames = "jdk.internal.misc.Unsafe.park")
  static class IgnoredByTopJdkFrame {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  /** The lambda that calls waitForWork is on the stack, but not on top of it. */
  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreTopFrames = "dev.leakproof.junit.Leftovers.lambda$*")
  static class TopFrameRuleIgnoresOnlyTheTop {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreAnyFrames = "dev.leakproof.junit.Leftovers.lambda$*")
  static class IgnoredByAnyFrame {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  /** Run with and without configuration parameters. */
  @DetectThreadLeaks
  static class ConfiguredByParameters {
    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks
  static class ThreadEndsAfter300MsDefaultGrace {
    @Test
    void startsAThreadThatEndsSoon() {
      Leftovers.track(new Thread(() -> sleep(300), "slow-to-end"));
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 50)
  static class ThreadEndsLaterShortGrace {
    @Test
    void startsAThreadThatEndsSoon() {
      // Sleeps longer than 300 ms so that a slow machine cannot make the result flaky.
      Leftovers.track(new Thread(() -> sleep(2_000), "slow-to-end"));
    }

    @Test
    @DetectThreadLeaks(gracePeriodMillis = 5_000)
    void methodGraceWins() {
      Leftovers.track(new Thread(() -> sleep(300), "slow-to-end"));
    }
  }

  static class MethodLevelOnly {
    @Test
    void notChecked() {
      Leftovers.startWaiting("unchecked-consumer", false);
    }

    @Test
    @DetectThreadLeaks(gracePeriodMillis = 100)
    void checked() {
      Leftovers.startWaiting("checked-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class Outer {
    @Nested
    class Inner {
      @Test
      void leaksFromANestedClass() {
        Leftovers.startWaiting("nested-consumer", false);
      }
    }
  }

  static class Subclass extends LeaksNothing {
    @Test
    void leaksInASubclass() {
      Leftovers.startWaiting("subclass-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class FailsAndLeaks {
    @Test
    void failsAndLeaks() {
      Leftovers.startWaiting("leaky-consumer", false);
      assertEquals(1, 2, "the test's own failure");
    }
  }

  static class RegisteredInCode {
    @RegisterExtension
    static final ThreadLeakExtension LEAKS = ThreadLeakExtension.withOptions(
        ThreadLeakOptions.builder().gracePeriod(Duration.ofMillis(60)).ignoreThreadNames("ignored-.*").build());

    @Test
    void startsAnIgnoredConsumer() {
      Leftovers.startWaiting("ignored-consumer", false);
    }

    @Test
    void startsAConsumer() {
      Leftovers.startWaiting("leaky-consumer", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, ignoreTopFrames = "not a frame")
  static class BadFrameRule {
    @Test
    void leaksNothing() {}
  }

  static class BadMethodRule {
    @Test
    @DetectThreadLeaks(ignoreThreadNames = "(")
    void hasABadRule() {}
  }

  static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
