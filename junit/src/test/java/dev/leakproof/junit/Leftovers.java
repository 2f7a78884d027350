package dev.leakproof.junit;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Threads and pools the tests leak on purpose, stopped after each test so the JVM never hangs. */
final class Leftovers {
  private static final List<Thread> THREADS = new CopyOnWriteArrayList<>();
  private static final List<ExecutorService> POOLS = new CopyOnWriteArrayList<>();

  private Leftovers() {}

  /** Starts a thread that waits on an empty queue until interrupted. */
  static Thread startWaiting(String name, boolean daemon) {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Thread thread = new Thread(() -> waitForWork(queue), name);
    thread.setDaemon(daemon);
    track(thread);
    // Return once it is parked in take(), so a loaded machine cannot make the reported state racy.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return thread;
  }

  static Thread track(Thread thread) {
    THREADS.add(thread);
    thread.start();
    return thread;
  }

  static <T extends ExecutorService> T track(T pool) {
    POOLS.add(pool);
    return pool;
  }

  static void waitForWork(BlockingQueue<String> queue) {
    try {
      queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void cleanUp() throws InterruptedException {
    for (ExecutorService pool : POOLS) {
      pool.shutdownNow();
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new AssertionError("a test pool did not stop");
      }
    }
    for (Thread thread : THREADS) {
      thread.interrupt();
      thread.join(5_000);
      if (thread.isAlive()) {
        throw new AssertionError("a test thread did not stop: " + thread);
      }
    }
    POOLS.clear();
    THREADS.clear();
  }
}
