package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.assertNotContains;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opt-in cleanup: leaked threads are interrupted and joined after the report; survivors are zombies. */
class CleanupTest {
  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void leakedThreadIsInterruptedAfterTheReport() {
    ThreadLeakError error = assertLeaked(run(selectClass(CleanupCases.LeaksAnInterruptibleThread.class)), "interruptible");

    assertFalse(error.leaks().get(0).thread().isAlive());
    assertFalse(error.leaks().get(0).survivedInterrupt());
    assertContains(error.getMessage(), "    interrupted after this report: it ended\n");
  }

  @Test
  void threadThatIgnoresTheInterruptIsReportedAsAZombie() {
    ThreadLeakError error = assertLeaked(run(selectClass(CleanupCases.LeaksAZombie.class)), "stubborn");

    assertTrue(error.leaks().get(0).thread().isAlive());
    assertTrue(error.leaks().get(0).survivedInterrupt());
    assertContains(error.getMessage(), "still alive after the wait: a zombie");
  }

  @Test
  void cleanupByConfiguration() {
    ThreadLeakError error = assertLeaked(run(Map.of(ThreadLeakExtension.CLEANUP_KEY, "interrupt"),
        selectClass(CleanupCases.LeaksWithoutCleanupAnnotation.class)), "interruptible");
    assertFalse(error.leaks().get(0).thread().isAlive());
  }

  @Test
  void noCleanupByDefault() {
    ThreadLeakError error = assertLeaked(run(selectClass(CleanupCases.LeaksWithoutCleanupAnnotation.class)), "interruptible");
    assertTrue(error.leaks().get(0).thread().isAlive());
    assertNotContains(error.getMessage(), "interrupted after this report");
  }
}
