package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Under JUnit's parallel execution, a leak is blamed on the test that started the thread only. */
class ParallelTest {
  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void onlyTheTestsWhoseThreadsLeakOrThrowFail() {
    ParallelCases.reset();
    EngineExecutionResults results = run(Runs.parallel(Map.of()), selectClass(ParallelCases.ConcurrentTests.class));

    Map<String, Throwable> failures = Runs.failuresByTest(results);
    assertEquals(Set.of("leaks", "leaksToo", "threadThrows"), failures.keySet(), failures::toString);
    assertEquals(2, results.testEvents().succeeded().count());
    assertEquals(List.of(), Runs.containerFailures(results));

    ThreadLeakError a = assertInstanceOf(ThreadLeakError.class, failures.get("leaks"));
    assertEquals(List.of("leak-a"), Runs.names(a));
    assertEquals(ParallelCases.LINE_A.get(), a.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    ThreadLeakError b = assertInstanceOf(ThreadLeakError.class, failures.get("leaksToo"));
    assertEquals(List.of("leak-b"), Runs.names(b));
    assertEquals(ParallelCases.LINE_B.get(), b.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    UncaughtExceptionError thrown = assertInstanceOf(UncaughtExceptionError.class, failures.get("threadThrows"));
    assertEquals("boom in a parallel test", thrown.getCause().getMessage());
  }
}
