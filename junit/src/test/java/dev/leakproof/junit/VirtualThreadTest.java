package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.assertPassed;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A virtual thread left behind fails its test like a platform thread (JDK 21+). */
class VirtualThreadTest {
  @BeforeEach
  void needsVirtualThreads() {
    assumeTrue(VirtualThreads.supported(), "virtual threads are listed on JDK 21+ only");
  }

  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void leakedVirtualThreadFailsTheTestWithWhereItWasCreated() {
    ThreadLeakError error = assertLeaked(run(selectClass(VirtualCases.LeaksAVirtualThread.class)), "leaky-virtual");

    LeakedThread leak = error.leaks().get(0);
    assertTrue(leak.isVirtual());
    assertNull(leak.thread());
    assertEquals(Thread.State.WAITING, leak.state());
    assertEquals("startVirtual", leak.createdAt().orElseThrow().getMethodName());
    assertContains(error.getMessage(), "      called from dev.leakproof.junit.VirtualCases$LeaksAVirtualThread.startsOne(VirtualCases.java:"
        + VirtualCases.LINE.get() + ")\n");
    assertEquals("waitForWork", leak.firstUserFrame().orElseThrow().getMethodName());
    assertContains(error.getMessage(), "1) \"leaky-virtual\" (virtual thread #" + leak.id() + ", WAITING)\n");
    assertContains(error.getMessage(), "  =>  at dev.leakproof.junit.Leftovers.waitForWork(Leftovers.java:");
  }

  @Test
  void virtualThreadsThatEndPass() {
    assertPassed(run(selectClass(VirtualCases.VirtualThreadEnds.class)), 2);
  }

  @Test
  void taskOfAnExecutorNeverClosedIsReportedWithTheSubmitLine() {
    ThreadLeakError error = assertInstanceOf(ThreadLeakError.class,
        Runs.onlyFailure(run(selectClass(VirtualCases.ExecutorNeverClosed.class))));

    assertEquals(1, error.leaks().size());
    assertTrue(error.leaks().get(0).isVirtual());
    assertContains(error.getMessage(), "created at: dev.leakproof.junit.VirtualCases$ExecutorNeverClosed.submitsAStuckTask(VirtualCases.java:"
        + VirtualCases.LINE.get() + ")");
  }

  /** A dump without the "virtual" and "state" fields: a thread that is not a platform thread is virtual. */
  @Test
  void readsDumpsWithoutTheVirtualField() {
    String json = "{\"threadDump\": {\"threadContainers\": [{\"container\": \"<root>\", \"threads\": ["
        + "{\"tid\": \"1\", \"name\": \"main\", \"stack\": []},"
        + "{\"tid\": \"42\", \"name\": \"v\\u0021\", \"stack\": [\"java.base/java.lang.VirtualThread.park(VirtualThread.java:582)\","
        + " \"app//com.example.Poller.lambda$start$0(Poller.java:12)\", \"x.Y.z(Native Method)\"]}]}]}}";

    List<VirtualThreads.Info> threads = VirtualThreads.parse(json, Set.of(1L));
    assertEquals(1, threads.size());
    assertEquals(42, threads.get(0).id);
    assertEquals("v!", threads.get(0).name);
    assertEquals(new StackTraceElement("com.example.Poller", "lambda$start$0", "Poller.java", 12), threads.get(0).stack[1]);
    assertTrue(threads.get(0).stack[2].isNativeMethod());
  }
}
