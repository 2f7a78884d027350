package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static dev.leakproof.junit.Runs.assertLeaked;
import static dev.leakproof.junit.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each leaked thread is reported with the line of user code that created it. */
class OriginTest {
  private static final String CASES = "dev.leakproof.junit.OriginCases$";

  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void reportNamesTheLineThatCreatedTheThreadAndItsCaller() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.StartsOne.class)), "created-here");

    int line = OriginCases.LINE.get();
    assertContains(error.getMessage(), "    created at: " + CASES + "StartsOne.lambda$startsIt$0(OriginCases.java:" + line + ")\n"
        + "      called from dev.leakproof.junit.Leftovers.startWaiting(Leftovers.java:");
    assertContains(error.getMessage(), "      called from " + CASES + "StartsOne.startsIt(OriginCases.java:" + line + ")\n");
    assertEquals(line, error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
  }

  @Test
  void poolWorkersAreEachPairedWithTheSubmitThatCreatedThem() {
    ThreadLeakError error = assertInstanceOf(ThreadLeakError.class,
        Runs.onlyFailure(run(selectClass(OriginCases.PoolNeverShutDown.class))));

    // pool-N-thread-1 was created by the first execute(), pool-N-thread-2 by the second.
    assertEquals(2, error.leaks().size());
    assertTrue(error.leaks().get(0).name().endsWith("-thread-1"), error.leaks().get(0).name());
    assertEquals(OriginCases.LINE.get(), error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    assertEquals(OriginCases.OTHER_LINE.get(), error.leaks().get(1).createdAt().orElseThrow().getLineNumber());
    assertContains(error.getMessage(), "created at: " + CASES + "PoolNeverShutDown.submitsTwice(OriginCases.java:");
  }

  /** Three records, two live threads: a garbage collection tells which record has ended. */
  @Test
  void threadThatEndedDoesNotBlurThePairing() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.ThreeThreadsOneEnds.class)), "first", "third");

    assertEquals(OriginCases.LINE.get(), error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    assertEquals(OriginCases.OTHER_LINE.get(), error.leaks().get(1).createdAt().orElseThrow().getLineNumber());
  }

  @Test
  void threadCreatedByAnotherThreadNamesBothPlaces() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.ThreadStartsThread.class)), "grandchild");

    assertEquals(OriginCases.LINE.get(), error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    assertContains(error.getMessage(), "      by thread \"starter\", itself created at " + CASES
        + "ThreadStartsThread.startsAStarter(OriginCases.java:");
  }

  @Test
  void threadSubclassesArePairedByClass() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.SubclassAndPlain.class)), "plain", "poller");

    assertEquals(OriginCases.OTHER_LINE.get(), error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    assertEquals(OriginCases.LINE.get(), error.leaks().get(1).createdAt().orElseThrow().getLineNumber());
    assertContains(error.getMessage(), "\"poller\" (id ");
    assertContains(error.getMessage(), CASES + "Poller, group ");
  }

  @Test
  void unknownOriginIsSaidSo() {
    ThreadLeakError error = assertLeaked(run(selectClass(OriginCases.CreatedWithoutInheritance.class)), "untracked");

    assertEquals(false, error.leaks().get(0).createdAt().isPresent());
    assertContains(error.getMessage(), "created at: unknown (not created by code run by a checked test: a thread that existed before");
  }
}
