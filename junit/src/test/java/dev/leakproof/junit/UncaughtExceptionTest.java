package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertPassed;
import static dev.leakproof.junit.Runs.onlyContainerFailure;
import static dev.leakproof.junit.Runs.onlyFailure;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** An exception that escapes a thread a test started fails that test, with the exception as the cause. */
class UncaughtExceptionTest {
  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void exceptionInAThreadFailsTheTestWithItAsTheCause() {
    Throwable failure = onlyFailure(run(selectClass(UncaughtCases.ThreadThrows.class)));

    UncaughtExceptionError error = assertInstanceOf(UncaughtExceptionError.class, failure);
    assertInstanceOf(IllegalStateException.class, error.getCause());
    assertEquals("boom", error.getCause().getMessage());
    assertEquals("thrower", error.threadName());
    assertContains(error.getMessage(), "thread \"thrower\" (created at dev.leakproof.junit.UncaughtCases.throwInAThread(");
  }

  @Test
  void canBeSwitchedOffByAnnotation() {
    assertPassed(run(selectClass(UncaughtCases.ThreadThrowsIgnored.class)), 1);
  }

  @Test
  void canBeSwitchedOffByConfiguration() {
    assertPassed(run(Map.of(ThreadLeakExtension.UNCAUGHT_EXCEPTIONS_KEY, "ignore"),
        selectClass(UncaughtCases.ThreadThrows.class)), 1);
  }

  @Test
  void leakReportIsAttachedToTheExceptionFailure() {
    UncaughtExceptionError error = assertInstanceOf(UncaughtExceptionError.class,
        onlyFailure(run(selectClass(UncaughtCases.ThrowsAndLeaks.class))));

    assertEquals("boom and a leak", error.getCause().getMessage());
    assertEquals(1, error.getSuppressed().length);
    assertContains(assertInstanceOf(ThreadLeakError.class, error.getSuppressed()[0]).getMessage(), "\"leaky-consumer\"");
  }

  @Test
  void exceptionAfterTheTestEndedIsReportedByTheClass() {
    EngineExecutionResults results = run(selectClass(UncaughtCases.ThrowsAfterTheTest.class));

    assertEquals(1, results.testEvents().succeeded().count());
    UncaughtExceptionError error = assertInstanceOf(UncaughtExceptionError.class, onlyContainerFailure(results));
    assertEquals("late boom", error.getCause().getMessage());
    assertContains(error.getMessage(),
        "threw an uncaught exception after the test UncaughtCases.ThrowsAfterTheTest.startsALateThrower() ended");
  }
}
