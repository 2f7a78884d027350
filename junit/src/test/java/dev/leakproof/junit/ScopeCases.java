package dev.leakproof.junit;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Test classes that leave threads behind outside their tests; run by {@link ScopeTest}. */
final class ScopeCases {
  private ScopeCases() {}

  static final AtomicInteger LINE = new AtomicInteger();

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksInBeforeAll {
    @BeforeAll
    static void startServer() {
      LINE.set(Runs.line()); Leftovers.startWaiting("before-all-server", false);
    }

    @Test
    void usesTheServer() {}

    @Test
    void usesItAgain() {}
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksInAfterAll {
    @Test
    void doesNothing() {}

    @AfterAll
    static void startsSomethingOnTheWayOut() {
      Leftovers.startWaiting("after-all-consumer", false);
    }
  }

  /** Initialised when JUnit creates the first instance, inside the class's scope. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksInStaticInitialiser {
    static final Thread BACKGROUND = Leftovers.startWaiting("static-init-consumer", false);

    @Test
    void doesNothing() {}
  }

  /** One instance for the whole class: created before beforeAll callbacks run. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class LeaksInPerClassConstructor {
    LeaksInPerClassConstructor() {
      Leftovers.startWaiting("constructor-consumer", false);
    }

    @Test
    void doesNothing() {}
  }

  /** Stops in @AfterAll what @BeforeAll started: clean. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class StopsWhatItStarts {
    static Thread server;

    @BeforeAll
    static void start() {
      server = Leftovers.startWaiting("server", false);
    }

    @Test
    void usesTheServer() {}

    @AfterAll
    static void stop() throws InterruptedException {
      server.interrupt();
      server.join();
    }
  }

  /** A test that leaks is reported by the test, and not again by the class. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class TestLeaks {
    @Test
    void leaks() {
      Leftovers.startWaiting("test-consumer", false);
    }
  }

  /** The test's own rule accepts its thread; the class (whose rules do not) must not report it. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class TestIgnoresItsThread {
    @Test
    @DetectThreadLeaks(ignoreThreadNames = "accepted-.*")
    void startsAnAcceptedThread() {
      Leftovers.startWaiting("accepted-consumer", false);
    }
  }

  // --- the whole run (JUnit's extension auto-detection), classes without the annotation ---

  static class UnannotatedLeak {
    @Test
    void startsAConsumer() {
      LINE.set(Runs.line()); Leftovers.startWaiting("unannotated-consumer", false);
    }
  }

  static class UnannotatedClean {
    @Test
    void joinsItsThread() throws InterruptedException {
      Thread worker = new Thread(() -> {}, "short-lived");
      worker.start();
      worker.join();
    }
  }

  static class UnannotatedThrows {
    @Test
    void threadThrows() throws InterruptedException {
      Thread worker = new Thread(() -> {
        throw new IllegalStateException("boom in an unannotated test");
      }, "thrower");
      worker.start();
      worker.join();
    }
  }
}
