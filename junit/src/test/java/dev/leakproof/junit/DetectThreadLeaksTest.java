package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.assertPassed;
import static dev.leakproof.junit.Runs.onlyContainerFailure;
import static dev.leakproof.junit.Runs.onlyFailure;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Runs the classes of {@link UserTestClasses} as JUnit would run a user's tests. */
class DetectThreadLeaksTest {

  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void leakedThreadFailsTheTestWithItsNameStateAndUserFrame() {
    Throwable failure = onlyFailure(run(selectClass(UserTestClasses.LeaksAThread.class)));

    ThreadLeakError error = assertInstanceOf(ThreadLeakError.class, failure);
    assertEquals(1, error.leaks().size());
    String message = error.getMessage();
    assertContains(message, "1 thread started by this test is still alive 100 ms after it ended");
    assertContains(message, "\"leaky-consumer\"");
    assertContains(message, "WAITING, not daemon");
    assertContains(message, "stuck in your code at: dev.leakproof.junit.Leftovers.waitForWork(Leftovers.java:");
    assertContains(message, "started to run: dev.leakproof.junit.Leftovers.lambda$startWaiting$0(Leftovers.java:");
    assertContains(message, "(a lambda written in dev.leakproof.junit.Leftovers.startWaiting)");
    assertContains(message, "  =>  at dev.leakproof.junit.Leftovers.waitForWork(Leftovers.java:");
    assertContains(message, "at java.util.concurrent.LinkedBlockingQueue.take(");
    assertContains(message, "waiting on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject@");
  }

  @Test
  void daemonThreadsAreReportedToo() {
    ThreadLeakError error =
        assertInstanceOf(ThreadLeakError.class, onlyFailure(run(selectClass(UserTestClasses.LeaksADaemon.class))));

    assertContains(error.getMessage(), "\"leaky-daemon\"");
    assertContains(error.getMessage(), "WAITING, daemon");
    assertTrue(error.leaks().get(0).isDaemon());
  }

  @Test
  void idlePoolWorkerIsReportedWithAHint() {
    ThreadLeakError error = assertInstanceOf(
        ThreadLeakError.class, onlyFailure(run(selectClass(UserTestClasses.NeverShutsItsPoolDown.class))));

    LeakedThread leak = error.leaks().get(0);
    assertTrue(leak.name().matches("pool-\\d+-thread-1"), leak.name());
    assertTrue(leak.firstUserFrame().isEmpty());
    assertContains(error.getMessage(),
        "no code of yours on its stack: an idle worker of an executor that was never shut down");
  }

  @Test
  void poolShutDownAtTheEndOfTheTestIsNotALeakAndIsNotWaitedOutInFull() {
    long start = System.nanoTime();
    EngineExecutionResults results = run(selectClass(UserTestClasses.ShutsItsPoolDown.class));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertPassed(results, 1);
    // The grace period is 10 s; the workers end about 100 ms after the test.
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @Test
  void testsThatLeakNothingPass() {
    assertPassed(run(selectClass(UserTestClasses.LeaksNothing.class)), 2);
  }

  @Test
  void ignoreByNameMatchesTheWholeName() {
    assertPassed(run(selectClass(UserTestClasses.IgnoredByName.class)), 1);
    assertLeaked(run(selectClass(UserTestClasses.NameRuleMatchesWholeName.class)), "leaky-consumer");
  }

  @Test
  void ignoreByTopFrameMatchesTheInnermostFrameOrTheInnermostOutsideTheJdk() {
    assertPassed(run(selectClass(UserTestClasses.IgnoredByTopUserFrame.class)), 1);
    assertPassed(run(selectClass(UserTestClasses.IgnoredByTopJdkFrame.class)), 1);
    assertLeaked(run(selectClass(UserTestClasses.TopFrameRuleIgnoresOnlyTheTop.class)), "leaky-consumer");
  }

  @Test
  void ignoreByAnyFrame() {
    assertPassed(run(selectClass(UserTestClasses.IgnoredByAnyFrame.class)), 1);
  }

  @Test
  void configurationParametersSetGracePeriodAndIgnores() {
    Class<?> testClass = UserTestClasses.ConfiguredByParameters.class;
    EngineExecutionResults leaked = run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "50ms"), selectClass(testClass));
    assertLeaked(leaked, "leaky-consumer");
    assertContains(onlyFailure(leaked).getMessage(), "still alive 50 ms after it ended");

    assertPassed(run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "50ms",
        ThreadLeakExtension.IGNORE_THREAD_NAMES_KEY, "other-.*, leaky-.*"), selectClass(testClass)), 1);
    assertPassed(run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "50ms",
        ThreadLeakExtension.IGNORE_TOP_FRAMES_KEY, "dev.leakproof.junit.Leftovers.waitForWork"), selectClass(testClass)), 1);
    assertPassed(run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "50ms",
        ThreadLeakExtension.IGNORE_ANY_FRAMES_KEY, "dev.leakproof.junit.Leftovers.*"), selectClass(testClass)), 1);
  }

  @Test
  void defaultGracePeriodLetsAThreadEndAfter300Ms() {
    assertPassed(run(selectClass(UserTestClasses.ThreadEndsAfter300MsDefaultGrace.class)), 1);
  }

  @Test
  void shortGracePeriodReportsAThreadThatEndsLater() {
    long start = System.nanoTime();
    assertLeaked(run(selectMethod(UserTestClasses.ThreadEndsLaterShortGrace.class, "startsAThreadThatEndsSoon")),
        "slow-to-end");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 50, "did not wait out the grace period: " + millis + " ms");
  }

  @Test
  void methodAnnotationGracePeriodWinsOverTheClass() {
    assertPassed(run(selectMethod(UserTestClasses.ThreadEndsLaterShortGrace.class, "methodGraceWins")), 1);
  }

  @Test
  void annotationOnAMethodChecksOnlyThatMethod() {
    EngineExecutionResults results = run(selectClass(UserTestClasses.MethodLevelOnly.class));
    assertEquals(1, results.testEvents().succeeded().count());
    assertContains(onlyFailure(results).getMessage(), "\"checked-consumer\"");
  }

  @Test
  void annotationOnAClassCoversNestedClassesAndSubclasses() {
    assertLeaked(run(selectClass(UserTestClasses.Outer.class)), "nested-consumer");
    EngineExecutionResults subclass = run(selectClass(UserTestClasses.Subclass.class));
    assertEquals(2, subclass.testEvents().succeeded().count());
    assertContains(onlyFailure(subclass).getMessage(), "\"subclass-consumer\"");
  }

  @Test
  void extensionRegisteredInCodeUsesItsOptions() {
    EngineExecutionResults results =
        run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "5s"), selectClass(UserTestClasses.RegisteredInCode.class));
    assertEquals(1, results.testEvents().succeeded().count());
    assertContains(onlyFailure(results).getMessage(), "1 thread started by this test is still alive 60 ms after it ended");
    assertContains(onlyFailure(results).getMessage(), "\"leaky-consumer\"");
  }

  @Test
  void leakIsAddedToTheTestsOwnFailure() {
    Throwable failure = onlyFailure(run(selectClass(UserTestClasses.FailsAndLeaks.class)));

    assertContains(failure.getMessage(), "the test's own failure");
    assertEquals(1, failure.getSuppressed().length);
    assertContains(failure.getSuppressed()[0].getMessage(), "\"leaky-consumer\"");
  }

  /** A bad setting fails the class before its tests run, even when no test leaks anything. */
  @Test
  void badFrameRuleIsAConfigurationError() {
    Throwable failure = onlyContainerFailure(run(selectClass(UserTestClasses.BadFrameRule.class)));
    assertInstanceOf(ExtensionConfigurationException.class, failure);
    assertContains(failure.getMessage(), "'not a frame'");
  }

  @Test
  void badGracePeriodParameterIsAConfigurationError() {
    Throwable failure = onlyContainerFailure(run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "soon"),
        selectMethod(UserTestClasses.LeaksNothing.class, "joinsItsThread")));
    assertInstanceOf(ExtensionConfigurationException.class, failure);
    assertContains(failure.getMessage(), "leakproof.junit.gracePeriod must be a duration");
  }

  @Test
  void badMethodLevelRuleFailsThatTest() {
    Throwable failure = onlyFailure(run(selectClass(UserTestClasses.BadMethodRule.class)));
    assertInstanceOf(ExtensionConfigurationException.class, failure);
    assertContains(failure.getMessage(), "not a regular expression: (");
  }

  @Test
  void badCleanupParameterNamesTheKey() {
    Throwable failure = onlyContainerFailure(run(Map.of(ThreadLeakExtension.CLEANUP_KEY, "kill"),
        selectClass(UserTestClasses.LeaksNothing.class)));
    assertEquals("leakproof.junit.cleanup must be interrupt or none, not 'kill'", failure.getMessage());
  }
}
