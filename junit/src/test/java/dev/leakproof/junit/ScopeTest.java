package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.assertPassed;
import static dev.leakproof.junit.Runs.onlyContainerFailure;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Threads left behind by a class, and by a whole run, are reported against them. */
class ScopeTest {
  private static final String CLASS_HEADING =
      "1 thread started by this test class outside its checked tests (in @BeforeAll, @AfterAll, a constructor"
          + " or a static initialiser) is still alive 100 ms after the class ended";
  private static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Nested
  class TestClass {
    @Test
    void threadStartedInBeforeAllFailsTheClassAndNotItsTests() {
      EngineExecutionResults results = run(selectClass(ScopeCases.LeaksInBeforeAll.class));

      assertEquals(2, results.testEvents().succeeded().count());
      ThreadLeakError error = assertInstanceOf(ThreadLeakError.class, onlyContainerFailure(results));
      assertEquals(List.of("before-all-server"), Runs.names(error));
      assertContains(error.getMessage(), CLASS_HEADING);
      assertContains(error.getMessage(), "      called from dev.leakproof.junit.ScopeCases$LeaksInBeforeAll.startServer(ScopeCases.java:"
          + ScopeCases.LINE.get() + ")\n");
    }

    @Test
    void threadStartedInAfterAllFailsTheClass() {
      ThreadLeakError error = assertInstanceOf(ThreadLeakError.class,
          onlyContainerFailure(run(selectClass(ScopeCases.LeaksInAfterAll.class))));
      assertEquals(List.of("after-all-consumer"), Runs.names(error));
    }

    @Test
    void threadStartedInAStaticInitialiserFailsTheClass() {
      ThreadLeakError error = assertInstanceOf(ThreadLeakError.class,
          onlyContainerFailure(run(selectClass(ScopeCases.LeaksInStaticInitialiser.class))));
      assertEquals(List.of("static-init-consumer"), Runs.names(error));
      assertContains(error.getMessage(), "      called from dev.leakproof.junit.ScopeCases$LeaksInStaticInitialiser.<clinit>(");
    }

    @Test
    void threadStartedInAPerClassConstructorFailsTheClass() {
      ThreadLeakError error = assertInstanceOf(ThreadLeakError.class,
          onlyContainerFailure(run(selectClass(ScopeCases.LeaksInPerClassConstructor.class))));
      assertEquals(List.of("constructor-consumer"), Runs.names(error));
    }

    @Test
    void classThatStopsWhatItStartsPasses() {
      assertPassed(run(selectClass(ScopeCases.StopsWhatItStarts.class)), 1);
    }

    @Test
    void leakOfATestIsNotReportedAgainByItsClass() {
      EngineExecutionResults results = run(selectClass(ScopeCases.TestLeaks.class));
      assertLeaked(results, "test-consumer");
      assertEquals(List.of(), Runs.containerFailures(results));
    }
  }

  @Nested
  class WholeRun {
    private final Map<String, String> autodetected =
        Map.of(AUTODETECTION, "true", ThreadLeakExtension.GRACE_PERIOD_KEY, "100ms");

    @Test
    void withAutoDetectionALeakOfAnUnannotatedTestFailsTheRunNamingTheTest() {
      EngineExecutionResults results = run(autodetected,
          selectClass(ScopeCases.UnannotatedLeak.class), selectClass(ScopeCases.UnannotatedClean.class));

      assertEquals(2, results.testEvents().succeeded().count());
      ThreadLeakError error = assertInstanceOf(ThreadLeakError.class, onlyContainerFailure(results));
      assertEquals(List.of("unannotated-consumer"), Runs.names(error));
      assertContains(error.getMessage(),
          "1 thread started during this test run is still alive 100 ms after its last test class ended");
      assertContains(error.getMessage(), "(created by code of the test ScopeCases.UnannotatedLeak.startsAConsumer())");
      assertContains(error.getMessage(), "      called from dev.leakproof.junit.ScopeCases$UnannotatedLeak.startsAConsumer(ScopeCases.java:"
          + ScopeCases.LINE.get() + ")\n");
      // The engine (the whole run) is what failed.
      assertEquals("JUnit Jupiter",
          results.containerEvents().failed().stream().findFirst().orElseThrow().getTestDescriptor().getDisplayName());
    }

    @Test
    void withoutAutoDetectionNothingUnannotatedIsChecked() {
      assertPassed(run(Map.of(ThreadLeakExtension.GRACE_PERIOD_KEY, "100ms"),
          selectClass(ScopeCases.UnannotatedLeak.class), selectClass(ScopeCases.UnannotatedThrows.class)), 2);
    }

    @Test
    void wholeRunCanBeSwitchedOffWhileAutoDetectionStaysOn() {
      assertPassed(run(Map.of(AUTODETECTION, "true", ThreadLeakExtension.WHOLE_RUN_KEY, "false"),
          selectClass(ScopeCases.UnannotatedLeak.class)), 1);
    }

    @Test
    void leaksAlreadyReportedByAnnotatedTestsAreNotReportedAgain() {
      EngineExecutionResults results = run(autodetected, selectClass(ScopeCases.TestLeaks.class),
          selectClass(ScopeCases.UnannotatedClean.class));

      assertLeaked(results, "test-consumer");
      assertEquals(List.of(), Runs.containerFailures(results));
    }

    @Test
    void threadsATestIgnoresAreNotReportedByItsClassOrTheRun() {
      assertPassed(run(autodetected, selectClass(ScopeCases.TestIgnoresItsThread.class)), 1);
    }

    @Test
    void uncaughtExceptionInAnUnannotatedTestFailsTheRun() {
      Throwable failure = onlyContainerFailure(run(autodetected, selectClass(ScopeCases.UnannotatedThrows.class)));

      UncaughtExceptionError error = assertInstanceOf(UncaughtExceptionError.class, failure);
      assertEquals("boom in an unannotated test", error.getCause().getMessage());
      assertContains(error.getMessage(), "thread \"thrower\" (created at dev.leakproof.junit.ScopeCases$UnannotatedThrows");
      assertContains(error.getMessage(), "threw an uncaught exception in the test ScopeCases.UnannotatedThrows.threadThrows()");
    }
  }
}
