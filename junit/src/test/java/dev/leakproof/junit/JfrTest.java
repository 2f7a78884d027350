package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code leakproof.junit.jfr=true}, JDK Flight Recorder's thread-start events pin each leaked
 * platform thread to the line that started it, even a thread that inherited nothing. Starting JFR
 * is a JVM-wide side effect: the recording stays on for the rest of this test JVM (reports of runs
 * without the parameter do not use it).
 */
class JfrTest {
  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void jfrNamesTheLineThatStartedAThreadThatInheritedNothing() {
    ThreadLeakError error = assertLeaked(run(Map.of(ThreadLeakExtension.JFR_KEY, "true"),
        selectClass(OriginCases.CreatedWithoutInheritance.class)), "untracked");
    assumeTrue(JfrStarts.isRecording(), () -> "JFR could not start here: " + JfrStarts.failure());

    assertContains(error.getMessage(), "    started at: dev.leakproof.junit.Leftovers.track(line ");
    assertContains(error.getMessage(), ", from JFR)\n      called from dev.leakproof.junit.Leftovers.startWaiting(line ");
    assertEquals("track", error.leaks().get(0).createdAt().orElseThrow().getMethodName());
  }

  @Test
  void withoutTheParameterReportsDoNotUseJfr() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.CreatedWithoutInheritance.class)), "untracked");
    assertContains(error.getMessage(), "created at: unknown");
  }
}
