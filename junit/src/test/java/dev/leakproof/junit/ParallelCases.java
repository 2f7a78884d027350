package dev.leakproof.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Five tests that run at the same time (JUnit's parallel execution): two leak a thread each, one
 * has a thread throw, two are clean, one of which creates and joins a thread of the same class as
 * the leaked ones. Each waits until all five are running, so every test's snapshot is taken before
 * any thread leaks; run by {@link ParallelTest}.
 */
final class ParallelCases {
  private ParallelCases() {}

  static final AtomicInteger LINE_A = new AtomicInteger();
  static final AtomicInteger LINE_B = new AtomicInteger();
  private static CountDownLatch allStarted;
  private static CountDownLatch firstLeaked;
  private static CountDownLatch bothLeaked;

  static void reset() {
    allStarted = new CountDownLatch(5);
    firstLeaked = new CountDownLatch(1);
    bothLeaked = new CountDownLatch(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(20, TimeUnit.SECONDS), "the tests did not run at the same time");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void allRunning() {
    allStarted.countDown();
    await(allStarted);
  }

  @DetectThreadLeaks(gracePeriodMillis = 300)
  static class ConcurrentTests {
    @Test
    void leaks() {
      allRunning();
      LINE_A.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "leak-a"));
      firstLeaked.countDown();
    }

    @Test
    void leaksToo() {
      allRunning();
      await(firstLeaked);
      LINE_B.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "leak-b"));
      bothLeaked.countDown();
    }

    @Test
    void joinsAThread() throws InterruptedException {
      allRunning();
      Thread worker = new Thread(() -> {}, "joined");
      worker.start();
      worker.join();
      await(bothLeaked);
    }

    @Test
    void createsNothing() {
      allRunning();
      await(bothLeaked);
    }

    @Test
    void threadThrows() throws InterruptedException {
      allRunning();
      Thread worker = new Thread(() -> {
        throw new IllegalStateException("boom in a parallel test");
      }, "thrower");
      worker.start();
      worker.join();
      await(bothLeaked);
    }
  }
}
