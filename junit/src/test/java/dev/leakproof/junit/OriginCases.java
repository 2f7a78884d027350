package dev.leakproof.junit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Test classes whose leaked threads come from known lines; run by {@link OriginTest}. */
final class OriginCases {
  private OriginCases() {}

  static final AtomicInteger LINE = new AtomicInteger();
  static final AtomicInteger OTHER_LINE = new AtomicInteger();

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class StartsOne {
    @Test
    void startsIt() {
      LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "created-here"));
    }
  }

  /** Two workers of a pool that is never shut down, each created by its own submit(). */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class PoolNeverShutDown {
    @Test
    void submitsTwice() throws Exception {
      ExecutorService pool = Leftovers.track(Executors.newFixedThreadPool(2));
      CountDownLatch bothRunning = new CountDownLatch(2);
      LINE.set(Runs.line()); pool.execute(bothRunning::countDown);
      OTHER_LINE.set(Runs.line()); pool.execute(bothRunning::countDown);
      bothRunning.await();
    }
  }

  /** Creates three threads at three lines; the second one ends, the other two are leaked. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class ThreeThreadsOneEnds {
    @Test
    void startsThree() throws Exception {
      LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "first"));
      Thread ends = new Thread(() -> {}, "ends");
      ends.start();
      ends.join();
      OTHER_LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "third"));
    }
  }

  /** A thread that starts another and ends; the other one leaks. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class ThreadStartsThread {
    @Test
    void startsAStarter() throws Exception {
      Thread starter = new Thread(() -> {
        LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "grandchild"));
      }, "starter");
      OTHER_LINE.set(Runs.line()); starter.start();
      starter.join();
    }
  }

  /** A subclass of Thread, told apart from plain threads by its class. */
  static final class Poller extends Thread {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    Poller() {
      super("poller");
    }

    @Override
    public void run() {
      Leftovers.waitForWork(queue);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class SubclassAndPlain {
    @Test
    void startsBoth() {
      LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Poller());
      OTHER_LINE.set(Runs.line()); Leftovers.startWaiting(task -> new Thread(task, "plain"));
    }
  }

  /** A thread that inherits nothing: created by a thread that itself was created untracked. */
  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class CreatedWithoutInheritance {
    @Test
    void startsOne() {
      Leftovers.startWaiting(task -> new Thread(null, task, "untracked", 0, false));
    }
  }
}
