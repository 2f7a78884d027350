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

  /** Starts a thread that waits on an empty queue until interrupted, made by {@code factory}. */
  static Thread startWaiting(java.util.function.Function<Runnable, Thread> factory) {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Thread thread = factory.apply(() -> waitForWork(queue));
    track(thread);
    awaitWaiting(thread);
    return thread;
  }

  /** Starts a virtual thread (JDK 21+, through reflection: this module compiles for Java 11). */
  static Thread startVirtual(String name, Runnable task) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> type = Class.forName("java.lang.Thread$Builder");
      builder = type.getMethod("name", String.class).invoke(builder, name);
      Thread thread = (Thread) type.getMethod("unstarted", Runnable.class).invoke(builder, task);
      return track(thread);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A thread that shrugs off interrupts until {@link #cleanUp()}: a zombie for the cleanup. */
  static Thread startStubborn(String name) {
    Thread thread = new Thread(() -> {
      while (!stubbornMayStop) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          // ignored on purpose
        }
      }
    }, name);
    return track(thread);
  }

  private static volatile boolean stubbornMayStop;

  static void awaitWaiting(Thread thread) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
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
    stubbornMayStop = true;
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
    stubbornMayStop = false;
  }
}
