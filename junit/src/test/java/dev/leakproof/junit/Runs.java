package dev.leakproof.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs test classes through JUnit Jupiter as a user's build would, and reads the results. */
final class Runs {
  private Runs() {}

  static EngineExecutionResults run(DiscoverySelector... selectors) {
    return run(Map.of(), selectors);
  }

  static EngineExecutionResults run(Map<String, String> parameters, DiscoverySelector... selectors) {
    return EngineTestKit.engine("junit-jupiter").configurationParameters(parameters).selectors(selectors).execute();
  }

  /** JUnit's parallel execution, methods and classes concurrent, on a fixed pool of six threads. */
  static Map<String, String> parallel(Map<String, String> more) {
    Map<String, String> parameters = new HashMap<>(more);
    parameters.put("junit.jupiter.execution.parallel.enabled", "true");
    parameters.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
    parameters.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
    parameters.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
    parameters.put("junit.jupiter.execution.parallel.config.fixed.parallelism", "6");
    return parameters;
  }

  static void assertPassed(EngineExecutionResults results, int tests) {
    List<Throwable> failures = failures(results);
    List<Throwable> containers = containerFailures(results);
    assertTrue(failures.isEmpty() && containers.isEmpty(),
        () -> "expected no failure, got: " + failures + " and containers " + containers);
    assertEquals(tests, results.testEvents().succeeded().count());
  }

  static ThreadLeakError assertLeaked(EngineExecutionResults results, String... threadNames) {
    ThreadLeakError error = assertInstanceOf(ThreadLeakError.class, onlyFailure(results));
    assertEquals(List.of(threadNames), names(error));
    return error;
  }

  static List<String> names(ThreadLeakError error) {
    return error.leaks().stream().map(LeakedThread::name).collect(Collectors.toList());
  }

  static Throwable onlyFailure(EngineExecutionResults results) {
    List<Throwable> failures = failures(results);
    assertEquals(1, failures.size(), () -> "expected one failed test, got: " + failures);
    return failures.get(0);
  }

  /** The failure of the only failed container (a class, or the engine for the whole run). */
  static Throwable onlyContainerFailure(EngineExecutionResults results) {
    List<Throwable> failures = containerFailures(results);
    assertEquals(1, failures.size(), () -> "expected one failed container, got: " + failures);
    return failures.get(0);
  }

  static List<Throwable> failures(EngineExecutionResults results) {
    return results.testEvents().failed().stream().map(Runs::throwable).collect(Collectors.toList());
  }

  static List<Throwable> containerFailures(EngineExecutionResults results) {
    return results.containerEvents().failed().stream().map(Runs::throwable).collect(Collectors.toList());
  }

  /** The failures of tests by method name. */
  static Map<String, Throwable> failuresByTest(EngineExecutionResults results) {
    return results.testEvents().failed().stream().collect(Collectors.toMap(
        e -> e.getTestDescriptor().getDisplayName().replace("()", ""), Runs::throwable));
  }

  static Throwable throwable(Event event) {
    return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }

  static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "expected to find <" + part + "> in:\n" + text);
  }

  static void assertNotContains(String text, String part) {
    assertTrue(!text.contains(part), () -> "expected not to find <" + part + "> in:\n" + text);
  }

  /** The line this is called from: put it on the line of the code whose line a test expects. */
  static int line() {
    return new Throwable().getStackTrace()[1].getLineNumber();
  }
}
