package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** ThreadWithoutExitPath: a started thread whose body loops with no way out (CHECKS.md). */
class ThreadWithoutExitPathTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ThreadWithoutExitPath.class, getClass());

  /**
   * The three thread checks together, for cases that also show the other two stay silent: every
   * diagnostic of any of them must be expected.
   */
  private final CompilationTestHelper allThreadChecks =
      ThreadChecksTogetherTest.allThreadChecks(getClass());

  /** The must-flag and must-not-flag items of CHECKS.md, many to a source. */
  @Nested
  class Basics {
    @Test
    void loopsWithAWayOutAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ThreadFactory;
              import java.util.concurrent.atomic.AtomicBoolean;
              class A {
                volatile boolean running = true;
                final AtomicBoolean stopped = new AtomicBoolean();
                boolean plain = true;
                void breakOut(BlockingQueue<String> q) {
                  new Thread(() -> {
                    while (true) {
                      String s = q.poll();
                      if (s == null) {
                        break;
                      }
                    }
                  }).start();
                }
                void returnOut(BlockingQueue<String> q) {
                  new Thread(() -> {
                    for (;;) {
                      if (q.isEmpty()) {
                        return;
                      }
                    }
                  }).start();
                }
                void throwOut(BlockingQueue<String> q) {
                  new Thread(() -> {
                    while (true) {
                      if (q.isEmpty()) {
                        throw new IllegalStateException("empty");
                      }
                    }
                  }).start();
                }
                void interruptCheck() {
                  new Thread(() -> {
                    while (true) {
                      if (Thread.currentThread().isInterrupted()) {
                        break;
                      }
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void interruptCondition() {
                  new Thread(() -> {
                    while (!Thread.interrupted()) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void volatileFlag() {
                  new Thread(() -> {
                    while (running) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void atomicFlag() {
                  new Thread(() -> {
                    while (!stopped.get()) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void blockingCallLeaves(BlockingQueue<String> q) {
                  new Thread(() -> {
                    try {
                      while (true) {
                        System.out.println(q.take());
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                }
                void blockingCallCatchReturns(BlockingQueue<String> q) {
                  new Thread(() -> {
                    while (true) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }).start();
                }
                void closingTheSocketEndsTheLoop(java.net.ServerSocket server) {
                  new Thread(() -> {
                    try {
                      while (true) {
                        server.accept().close();
                      }
                    } catch (java.io.IOException e) {
                      System.err.println("server closed");
                    }
                  }).start();
                }
                void bounded() {
                  new Thread(() -> {
                    for (int i = 0; i < 10; i++) {
                      System.out.println(i);
                    }
                  }).start();
                }
                void noLoop() {
                  new Thread(() -> System.out.println("once")).start();
                }
                void notStarted() {
                  Thread t = new Thread(() -> {
                    while (true) {
                      Thread.onSpinWait();
                    }
                  });
                }
                void unknownBody(Runnable r) {
                  new Thread(r).start();
                }
                void plainFlagNeverSetElsewhere() {
                  new Thread(() -> {
                    while (plain) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void loopInNestedLambdaIsNotTheBody(java.util.concurrent.Executor ex) {
                  new Thread(() -> ex.execute(() -> {
                    while (true) {
                      Thread.onSpinWait();
                    }
                  })).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopsWithNoWayOutAreFlagged() {
      helper
          .addSourceLines(
              "B.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ThreadFactory;
              class B {
                private boolean stopped;
                private final BlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
                void lambda() {
                  new Thread(() -> {
                    while (true) {
                      System.out.println("tick");
                    }
                  // BUG: Diagnostic contains: runs the `while (true)` loop with no way out
                  }).start();
                }
                void methodReference() {
                  // BUG: Diagnostic contains: the `for (;;)` loop
                  new Thread(this::pump, "pump").start();
                }
                private void pump() {
                  for (;;) {
                    queue.offer("x");
                  }
                }
                void anonymousRunnable() {
                  new Thread(new Runnable() {
                    @Override
                    public void run() {
                      do {
                        queue.clear();
                      } while (true);
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void swallowedInterrupt() {
                  new Thread(() -> {
                    while (true) {
                      try {
                        System.out.println(queue.take());
                      } catch (InterruptedException e) {
                        System.err.println("ignored");
                      }
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void plainStopFlag() {
                  new Thread(() -> {
                    while (!stopped) {
                      queue.poll();
                    }
                  // BUG: Diagnostic contains: loops on `stopped`, which is neither volatile nor atomic
                  }).start();
                }
                void stop() {
                  stopped = true;
                }
                void localVariable() {
                  Runnable body = () -> {
                    while (true) {
                      queue.poll();
                    }
                  };
                  Thread t = new Thread(body);
                  t.setDaemon(true);
                  // BUG: Diagnostic contains: no way out
                  t.start();
                }
                void virtualThreads() {
                  // BUG: Diagnostic contains: no way out
                  Thread.startVirtualThread(() -> {
                    while (true) {
                      queue.poll();
                    }
                  });
                  // BUG: Diagnostic contains: no way out
                  Thread.ofPlatform().name("p").start(() -> {
                    while (true) {
                      queue.poll();
                    }
                  });
                  Thread.ofVirtual().unstarted(() -> {
                    while (true) {
                      queue.poll();
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void factory(ThreadFactory factory) {
                  factory.newThread(() -> {
                    while (true) {
                      queue.poll();
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void ioErrorsCaughtInsideTheLoop(java.net.ServerSocket server) {
                  new Thread(() -> {
                    while (true) {
                      try {
                        server.accept().close();
                      } catch (java.io.IOException e) {
                        System.err.println("accept failed, retrying");
                      }
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void nested() {
                  new Thread(() -> {
                    while (true) {
                      while (true) {
                        if (queue.isEmpty()) {
                          break; // leaves only the inner loop
                        }
                      }
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                void switchInLoop(int mode) {
                  new Thread(() -> {
                    while (true) {
                      switch (mode) {
                        case 1:
                          break; // leaves only the switch
                        default:
                          queue.poll();
                      }
                    }
                  // BUG: Diagnostic contains: no way out
                  }).start();
                }
                static class Spinner extends Thread {
                  @Override
                  public void run() {
                    while (true) {
                      Thread.onSpinWait();
                    }
                  }
                }
                void subclass() {
                  // BUG: Diagnostic contains: no way out
                  new Spinner().start();
                  Thread anonymous = new Thread() {
                    @Override
                    public void run() {
                      for (;;) {
                        Thread.onSpinWait();
                      }
                    }
                  };
                  // BUG: Diagnostic contains: no way out
                  anonymous.start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Every way to start a thread and hand it its body: fields, constructors, named and anonymous
   * classes, method references, builders, factories, virtual threads.
   */
  @Nested
  class ThreadStarts {
    @Test
    void fieldRunnableStartedInConstructorAsDaemon() {
      allThreadChecks
          .addSourceLines(
              "Pump.java",
              """
              class Pump {
                private int ticks;
                private final Runnable pumpLoop = () -> {
                  while (true) {
                    ticks++;
                  }
                };

                Pump() {
                  Thread t = new Thread(pumpLoop, "pump");
                  t.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  t.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadHeldInLocalOfOuterCodeStartedInNestedLambdas() {
      // where the start is, the variable's one value is found across nested lambdas and classes
      helper
          .addSourceLines(
              "Launcher.java",
              """
              import java.util.concurrent.Executor;
              class Launcher {
                private long spins;

                void launch(Executor executor) {
                  Thread outer = new Thread(() -> {
                    while (true) {
                      spins++;
                    }
                  });
                  outer.setDaemon(true);
                  executor.execute(() -> executor.execute(() -> {
                    // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                    outer.start();
                  }));
                  executor.execute(new Runnable() {
                    @Override
                    public void run() {
                      executor.execute(() -> {
                        Thread inner = new Thread(() -> {
                          for (;;) {
                            spins++;
                          }
                        });
                        inner.setDaemon(true);
                        // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                        inner.start();
                      });
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void methodReferenceHeldInFieldStartedInConstructor() {
      allThreadChecks
          .addSourceLines(
              "Poller.java",
              """
              class Poller {
                private final Thread poller;
                private long polls;

                Poller() {
                  poller = new Thread(this::pollForever);
                  poller.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  poller.start();
                }

                private void pollForever() {
                  for (;;) {
                    polls++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void runnableFieldHoldingMethodReference() {
      allThreadChecks
          .addSourceLines(
              "Cache.java",
              """
              class Cache {
                private int evictions;
                private final Runnable evictor = this::evictForever;

                void open() {
                  Thread t = new Thread(evictor);
                  t.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  t.start();
                }

                private void evictForever() {
                  while (true) {
                    evictions++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void anonymousThreadSubclassWithDoWhileTrue() {
      allThreadChecks
          .addSourceLines(
              "Reaper.java",
              """
              import java.util.Map;
              class Reaper {
                void launch(Map<String, Long> leases) {
                  new Thread("reaper") {
                    @Override
                    public void run() {
                      do {
                        leases.values().removeIf(v -> v < System.currentTimeMillis());
                      } while (true);
                    }
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  }.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void namedInnerThreadSubclassHeldInField() {
      allThreadChecks
          .addSourceLines(
              "Server.java",
              """
              class Server {
                private final Worker worker;

                Server() {
                  worker = new Worker();
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  worker.start();
                }

                class Worker extends Thread {
                  int rounds;

                  @Override
                  public void run() {
                    while (true) {
                      rounds++;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void namedRunnableClassPassedToNewThread() {
      allThreadChecks
          .addSourceLines(
              "Metrics.java",
              """
              import java.util.concurrent.atomic.AtomicLong;
              class Metrics {
                private final AtomicLong samples = new AtomicLong();

                void begin() {
                  Thread sampler = new Thread(new Sampler());
                  sampler.setName("sampler");
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  sampler.start();
                }

                private class Sampler implements Runnable {
                  @Override
                  public void run() {
                    for (;;) {
                      samples.incrementAndGet();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void runnableStartingItselfAndVirtualMethodReference() {
      allThreadChecks
          .addSourceLines(
              "Agent.java",
              """
              class Agent implements Runnable {
                private int reports;

                Agent() {
                  Thread self = new Thread(this, "agent");
                  self.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  self.start();
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  Thread.startVirtualThread(this::report);
                }

                @Override
                public void run() {
                  while (true) {
                    reports++;
                  }
                }

                private void report() {
                  for (;;) {
                    reports--;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void virtualThreadBuilderStart() {
      allThreadChecks
          .addSourceLines(
              "Spinner.java",
              """
              class Spinner {
                private volatile int hits;

                Thread go() {
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  return Thread.ofVirtual().name("spinner").start(() -> {
                    for (;;) {
                      hits++;
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void defaultThreadFactoryNewThreadStart() {
      allThreadChecks
          .addSourceLines(
              "Heartbeat.java",
              """
              import java.util.concurrent.Executors;
              class Heartbeat {
                private long beats;

                void begin() {
                  Runnable beat = () -> {
                    while (true) {
                      beats++;
                    }
                  };
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  Executors.defaultThreadFactory().newThread(beat).start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * What is a way out of the loop: a break (also labelled), return or throw (also from a helper),
   * an interrupt check, a deadline or a drain; a throw caught inside the loop is not.
   */
  @Nested
  class LoopExits {
    @Test
    void labelledBreakIsAnExit() {
      helper
          .addSourceLines(
              "C.java",
              """
              class C {
                void labelled(java.util.Queue<String> q) {
                  new Thread(() -> {
                    outer:
                    while (true) {
                      while (true) {
                        if (q.isEmpty()) {
                          break outer;
                        }
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void exitsThatEndTheLoop() {
      allThreadChecks
          .addSourceLines(
              "Loops.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.atomic.AtomicBoolean;
              class Loops {
                private static final String POISON = "";
                private volatile boolean open = true;
                private final AtomicBoolean active = new AtomicBoolean(true);
                private final Thread consumer;
                private int work;

                Loops(BlockingQueue<String> inbox) {
                  consumer = new Thread(() -> {
                    try {
                      while (true) {
                        String message = inbox.take();
                        if (message == POISON) {
                          break;
                        }
                        work++;
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
                  consumer.start();
                  new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      work++;
                    }
                  }).start();
                  new Thread(() -> {
                    while (open) {
                      work++;
                    }
                  }).start();
                  new Thread(() -> {
                    while (active.get()) {
                      work++;
                    }
                  }).start();
                  new Thread(this::sleepy).start();
                  Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 10; i++) {
                      work++;
                    }
                  });
                }

                private void sleepy() {
                  for (;;) {
                    try {
                      Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    work++;
                  }
                }

                void close() {
                  open = false;
                  active.set(false);
                  consumer.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadSubclassCheckingItsOwnInterruptFlag() {
      allThreadChecks
          .addSourceLines(
              "Ticker.java",
              """
              class Ticker extends Thread {
                private int ticks;

                @Override
                public void run() {
                  while (!isInterrupted()) {
                    ticks++;
                  }
                }

                static void launch() {
                  new Ticker().start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void interruptLeavesThroughHelperThatRethrowsUnchecked() {
      allThreadChecks
          .addSourceLines(
              "Pool.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Pool {
                private final BlockingQueue<Runnable> work;
                private final Thread runner;

                Pool(BlockingQueue<Runnable> work) {
                  this.work = work;
                  runner = new Thread(() -> {
                    while (true) {
                      nextTask().run();
                    }
                  });
                  runner.start();
                }

                private Runnable nextTask() {
                  try {
                    return work.take();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("pool stopped", e);
                  }
                }

                void stop() {
                  runner.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void deadlinesAndDrainsEndTheLoop() {
      helper
          .addSourceLines(
              "Bounded.java",
              """
              import java.util.Queue;
              class Bounded {
                interface Ticker {
                  long nanos();
                }
                void begin(Ticker ticker, long deadline, Queue<Runnable> backlog) {
                  new Thread(() -> {
                    while (true) {
                      if (deadline - ticker.nanos() <= 0) {
                        break;
                      }
                    }
                  }).start();
                  new Thread(() -> {
                    Runnable next;
                    while ((next = backlog.poll()) != null) {
                      next.run();
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void helperRethrowCaughtInsideTheLoopIsNoExit() {
      allThreadChecks
          .addSourceLines(
              "Pool2.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Pool2 {
                private final BlockingQueue<Runnable> work;
                private final Thread runner;

                Pool2(BlockingQueue<Runnable> work) {
                  this.work = work;
                  runner = new Thread(() -> {
                    while (true) {
                      try {
                        nextTask().run();
                      } catch (RuntimeException e) {
                        System.err.println("task failed: " + e);
                      }
                    }
                  });
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  runner.start();
                }

                private Runnable nextTask() {
                  try {
                    return work.take();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * A loop condition nothing changes: a flag nothing sets to keep running means the loop never
   * runs; a local, a flag nothing clears or a value fixed at construction means it never ends.
   */
  @Nested
  class ConditionsThatNeverChange {
    @Test
    void flagNeverSetToKeepRunningMeansTheLoopNeverRuns() {
      helper
          .addSourceLines(
              "Dormant.java",
              """
              class Dormant {
                private boolean active;
                private int n;
                void begin() {
                  new Thread(() -> {
                    while (active) {
                      n++;
                    }
                  }).start();
                }
                void end() {
                  active = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopOnLocalThatNothingChanges() {
      allThreadChecks
          .addSourceLines(
              "Beacon.java",
              """
              class Beacon {
                private int pings;

                void begin() {
                  new Thread(() -> {
                    boolean keepGoing = true;
                    while (keepGoing) {
                      pings++;
                    }
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  }).start();
                  new Thread(() -> {
                    boolean more = true;
                    while (more) {
                      pings++;
                      more = pings < 100;
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void privateFlagThatNothingEverClears() {
      allThreadChecks
          .addSourceLines(
              "Echo.java",
              """
              class Echo {
                private boolean listening = true;
                private volatile boolean open = true;
                boolean visible = true;
                private int echoes;

                void begin() {
                  new Thread(() -> {
                    while (listening) {
                      echoes++;
                    }
                  // BUG: Diagnostic contains: the `while (listening)` loop with no way out
                  }).start();
                  new Thread(() -> {
                    while (visible) {
                      echoes++;
                    }
                  }).start();
                  new Thread(() -> {
                    while (open) {
                      echoes++;
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void delegatedBodyWithExitAndConditionsThatNeverChangeAfterConstruction() {
      allThreadChecks
          .addSourceLines(
              "Calm2.java",
              """
              class Calm2 {
                private boolean enabled;
                private int n;

                Calm2(boolean on) {
                  this.enabled = on;
                  new Thread(() -> spinUntilInterrupted()).start();
                  new Thread(() -> {
                    while (enabled) {
                      n++;
                    }
                  // BUG: Diagnostic contains: the `while (enabled)` loop with no way out
                  }).start();
                  new Thread(() -> {
                    while (on) {
                      n++;
                    }
                  // BUG: Diagnostic contains: the `while (on)` loop with no way out
                  }).start();
                }

                private void spinUntilInterrupted() {
                  while (true) {
                    if (Thread.interrupted()) {
                      return;
                    }
                    n++;
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * The body is followed wherever it is in the same compilation: other files, base classes,
   * delegating calls.
   */
  @Nested
  class FollowingTheBody {
    @Test
    void threadSubclassDeclaredInAnotherFile() {
      helper
          .addSourceLines(
              "Churner.java",
              """
              class Churner extends Thread {
                private long turns;
                @Override
                public void run() {
                  while (true) {
                    turns++;
                  }
                }
              }
              """)
          .addSourceLines(
              "Mill.java",
              """
              class Mill {
                void open() {
                  // BUG: Diagnostic contains: This thread runs the `while (true)` loop with no way out
                  new Churner().start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void runnableDeclaredInAnotherFileAndPlainFlagWrittenThere() {
      helper
          .addSourceLines(
              "Collector.java",
              """
              class Collector implements Runnable {
                private boolean collecting = true;
                private int rounds;
                @Override
                public void run() {
                  while (collecting) {
                    rounds++;
                  }
                }
                void halt() {
                  collecting = false;
                }
              }
              """)
          .addSourceLines(
              "Service.java",
              """
              class Service {
                private final Collector collector = new Collector();
                void open() {
                  // BUG: Diagnostic contains: the write in halt() is never seen
                  new Thread(collector).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void runInheritedFromAbstractBaseInSameFile() {
      allThreadChecks
          .addSourceLines(
              "Loops.java",
              """
              abstract class LoopThread extends Thread {
                @Override
                public void run() {
                  while (true) {
                    step();
                  }
                }

                abstract void step();
              }

              class CounterThread extends LoopThread {
                int count;

                @Override
                void step() {
                  count++;
                }

                static void launch() {
                  CounterThread counter = new CounterThread();
                  counter.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  counter.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void runMethodThatDelegatesToTheLoop() {
      allThreadChecks
          .addSourceLines(
              "Janitor.java",
              """
              class Janitor implements Runnable {
                private int sweeps;

                @Override
                public void run() {
                  sweepForever();
                }

                private void sweepForever() {
                  do {
                    sweeps++;
                  } while (true);
                }

                static void hire() {
                  Thread janitor = new Thread(new Janitor(), "janitor");
                  janitor.setDaemon(true);
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  janitor.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void bodyDelegatingThroughMoreThanOneCall() {
      helper
          .addSourceLines(
              "Agent.java",
              """
              class Agent {
                private int beats;
                void open() {
                  // BUG: Diagnostic contains: loop in beatForever() with no way out
                  new Thread(this::serve).start();
                }
                private void serve() {
                  prepare();
                  try {
                    loop();
                  } finally {
                    System.out.println("agent stopped");
                  }
                }
                private void prepare() {
                  beats = 0;
                }
                private void loop() {
                  System.out.println("agent started");
                  beatForever();
                  System.out.println("unreachable in practice");
                }
                private void beatForever() {
                  for (;;) {
                    beats++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void lambdaThatWrapsTheLoopCallInTryCatch() {
      allThreadChecks
          .addSourceLines(
              "Collector.java",
              """
              import java.util.logging.Level;
              import java.util.logging.Logger;
              class Collector {
                private static final Logger LOG = Logger.getLogger("collector");
                private long gathered;

                void begin() {
                  Thread t = new Thread(() -> {
                    try {
                      gatherForever();
                    } catch (RuntimeException e) {
                      LOG.log(Level.SEVERE, "collector died", e);
                    }
                  });
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  t.start();
                }

                private void gatherForever() {
                  for (;;) {
                    gathered++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void bodyThatSetsUpThenCallsTheLoopMethod() {
      allThreadChecks
          .addSourceLines(
              "Scanner.java",
              """
              import java.util.logging.Logger;
              class Scanner {
                private static final Logger LOG = Logger.getLogger("scanner");
                private int scans;

                void begin() {
                  Thread t = new Thread(() -> {
                    Thread.currentThread().setName("scanner");
                    LOG.info("scanner starting");
                    scanForever();
                  });
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  t.start();
                  // another thread object running the same loop, reached through the call after the if
                  new Thread(() -> {
                    if (scans > 10) {
                      return;
                    }
                    scanForever();
                  // BUG: Diagnostic contains: loop in scanForever() with no way out
                  }).start();
                }

                private void scanForever() {
                  while (true) {
                    scans++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void callCyclesAndDeepChainsEndTheSearch() {
      helper
          .addSourceLines(
              "Deep.java",
              """
              class Deep {
                private int n;
                void open() {
                  new Thread(this::a).start();
                  new Thread(this::ping).start();
                }
                private void a() { if (n >= 0) { b(); } }
                private void b() { if (n >= 0) { c(); } }
                private void c() { if (n >= 0) { d(); } }
                private void d() { if (n >= 0) { e(); } }
                // four calls deep from the body: beyond the bound, not followed
                private void e() {
                  while (true) {
                    n++;
                  }
                }
                private void ping() { if (n < 10) { pong(); } }
                private void pong() { if (n < 20) { ping(); } }
              }
              """)
          .doTest();
    }
  }

  /** Plain (non-volatile, non-atomic) stop flags, for threads and for executor tasks. */
  @Nested
  class PlainStopFlags {
    @Test
    void plainFlagMessageNamesTheMethodThatStopsTheLoop() {
      helper
          .addSourceLines(
              "Listener.java",
              """
              class Listener implements Runnable {
                private boolean listening;
                private int accepted;

                void start() {
                  listening = true;
                  // BUG: Diagnostic contains: the write in stop() is never seen
                  new Thread(this).start();
                }

                @Override
                public void run() {
                  while (listening) {
                    accepted++;
                  }
                }

                void stop() {
                  listening = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void aWriteInAnAnonymousClassIsNamedWithTheMethodThatCreatesIt() {
      // A bare "run()" would read as the looping thread's own run() (Jetlang's NioFiberImpl,
      // thirteenth spot check).
      helper
          .addSourceLines(
              "Listener.java",
              """
              import java.util.concurrent.Executor;
              class Listener implements Runnable {
                private boolean listening = true;
                private int accepted;
                private final Executor others;

                Listener(Executor others) {
                  this.others = others;
                }

                void start() {
                  // BUG: Diagnostic contains: the write in run() of an anonymous class in dispose() is never seen
                  new Thread(this).start();
                }

                @Override
                public void run() {
                  while (listening) {
                    accepted++;
                  }
                }

                void dispose() {
                  others.execute(new Runnable() {
                    @Override
                    public void run() {
                      listening = false;
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFieldOfAResultTheLoopAssignsAgainIsNoFlag() {
      // PowerJob's LightTaskTracker: each pass tests the result of a new attempt.
      helper
          .addSourceLines(
              "Tracker.java",
              """
              import java.util.concurrent.*;
              class Tracker {
                static class Result {
                  private boolean success;
                  Result(boolean success) { this.success = success; }
                  boolean isSuccess() { return success; }
                  void setSuccess(boolean success) { this.success = success; }
                }
                private final ExecutorService pool = Executors.newCachedThreadPool();
                void start() {
                  pool.submit(this::process);
                }
                Result attempt() { return new Result(System.nanoTime() % 2 == 0); }
                void process() {
                  Result result = null;
                  do {
                    result = attempt();
                  } while (!result.isSuccess());
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFieldOfAnObjectTheLoopKeepsIsAFlag() {
      helper
          .addSourceLines(
              "Tracker.java",
              """
              import java.util.concurrent.*;
              class Tracker {
                static class Result {
                  private boolean success;
                  boolean isSuccess() { return success; }
                  void setSuccess(boolean success) { this.success = success; }
                }
                private final ExecutorService pool = Executors.newCachedThreadPool();
                private final Result shared = new Result();
                void start() {
                  // BUG: Diagnostic contains: neither volatile nor atomic
                  pool.submit(this::process);
                }
                void process() {
                  Result result = shared;
                  while (!result.isSuccess()) {
                    step();
                  }
                }
                void step() {}
                void stop() {
                  shared.setSuccess(true);
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFlagLoopInNamedThreadSubclass() {
      allThreadChecks
          .addSourceLines(
              "Flusher.java",
              """
              class Flusher extends Thread {
                private boolean running = true;
                private int flushes;

                Flusher() {
                  setDaemon(true);
                }

                @Override
                public void run() {
                  while (running) {
                    flushes++;
                  }
                }

                void shutdown() {
                  running = false;
                }

                static Flusher create() {
                  Flusher flusher = new Flusher();
                  // BUG: Diagnostic contains: which is neither volatile nor atomic
                  flusher.start();
                  return flusher;
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopOnGetterOfPlainField() {
      allThreadChecks
          .addSourceLines(
              "Pinger.java",
              """
              class Pinger {
                private boolean running = true;
                private volatile boolean alive = true;
                private int pings;

                boolean isRunning() {
                  return running;
                }

                boolean isAlive() {
                  return alive;
                }

                void begin() {
                  new Thread(() -> {
                    while (isRunning()) {
                      pings++;
                    }
                  // BUG: Diagnostic contains: neither volatile nor atomic
                  }).start();
                  new Thread(() -> {
                    while (isAlive()) {
                      pings++;
                    }
                  }).start();
                }

                void stop() {
                  running = false;
                  alive = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadFieldResetToNullOnStop() {
      allThreadChecks
          .addSourceLines(
              "Service.java",
              """
              class Service {
                private Thread worker;
                private boolean running;
                private int loops;

                synchronized void begin() {
                  worker = new Thread(this::serve, "service");
                  // BUG: Diagnostic contains: the write in end() is never seen
                  worker.start();
                }

                private void serve() {
                  running = true;
                  while (running) {
                    loops++;
                  }
                }

                synchronized void end() {
                  running = false;
                  worker = null;
                }
              }
              """)
          .doTest();
    }

    @Test
    void executorTaskInEverySpelling() {
      helper
          .addSourceLines(
              "Tasks.java",
              """
              import java.util.concurrent.Callable;
              import java.util.concurrent.ExecutorService;
              class Tasks {
                private boolean stop;
                private boolean running = true;
                private boolean halted;
                private int work;
                void begin(ExecutorService pool) {
                  // BUG: Diagnostic contains: This task loops on `stop`
                  pool.submit(() -> {
                    while (!stop) {
                      work++;
                    }
                  });
                  // BUG: Diagnostic contains: This task loops on `running`
                  pool.execute(() -> {
                    while (running) {
                      work++;
                    }
                  });
                  // BUG: Diagnostic contains: This task loops on `halted`
                  pool.submit(new Callable<Integer>() {
                    @Override
                    public Integer call() {
                      while (halted == false) {
                        work++;
                      }
                      return work;
                    }
                  });
                }
                void end() {
                  stop = true;
                  running = false;
                  halted = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void otherExitsTheStopMethodDoesNotUse() {
      helper
          .addSourceLines(
              "Reader.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Reader {
                private boolean reading = true;
                void begin(BlockingQueue<String> lines) {
                  new Thread(() -> {
                    while (reading && !Thread.currentThread().isInterrupted()) {
                      try {
                        String line = lines.take();
                        if (line.isEmpty()) {
                          break;
                        }
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  // BUG: Diagnostic contains: the write in end() is never seen
                  }).start();
                }
                void end() {
                  reading = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void writeFollowedByInterruptOfThatThreadIsSeen() {
      helper
          .addSourceLines(
              "Feeder.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Feeder {
                private boolean feeding = true;
                private Thread worker;
                void begin(BlockingQueue<String> q) {
                  worker = new Thread(() -> {
                    while (feeding) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
                  worker.start();
                }
                void end() {
                  feeding = false;
                  worker.interrupt();
                }
              }
              """)
          .addSourceLines(
              "Gear.java",
              """
              class Gear extends Thread {
                private boolean turning = true;
                private int turns;
                @Override
                public void run() {
                  while (turning) {
                    turns++;
                  }
                }
                void halt() {
                  turning = false;
                  interrupt();
                }
                static void go() {
                  new Gear().start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void writeFollowedByInterruptOfAnotherThreadIsNotSeen() {
      helper
          .addSourceLines(
              "Pair.java",
              """
              class Pair {
                private boolean going = true;
                private int n;
                private final Thread first = new Thread(() -> { while (going) { n++; } });
                private final Thread second = new Thread(() -> { n--; });
                void begin() {
                  // BUG: Diagnostic contains: the write in end() is never seen
                  first.start();
                  second.start();
                }
                void end() {
                  going = false;
                  second.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadFieldDeclaredNullAndAssignedOnceIsFollowed() {
      helper
          .addSourceLines(
              "Pipe.java",
              """
              import java.io.IOException;
              import java.io.InputStream;
              class Pipe implements Runnable {
                private boolean running = false;
                private final Object lifecycle = new Object();
                private final InputStream in;
                private Thread reader = null;
                Pipe(InputStream in) {
                  this.in = in;
                }
                void start() {
                  synchronized (lifecycle) {
                    running = true;
                    reader = new Thread(this, "pipe");
                    // BUG: Diagnostic contains: the write in stop() is never seen
                    reader.start();
                  }
                }
                void stop() {
                  synchronized (lifecycle) {
                    running = false;
                  }
                  reader = null;
                }
                @Override
                public void run() {
                  while (running && in != null) {
                    try {
                      System.out.println(in.read());
                    } catch (IOException e) {
                      System.err.println(e);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopThatCannotRepeatIsNoLoop() {
      helper
          .addSourceLines(
              "Ticket.java",
              """
              class Ticket {
                private final Object lock = new Object();
                private boolean sent;
                private RuntimeException failure = new IllegalStateException("not sent");
                void begin() {
                  new Thread(this::check).start();
                }
                private void check() {
                  synchronized (lock) {
                    while (!sent) {
                      throw failure; // an if written as a loop
                    }
                  }
                }
                void markSent() {
                  synchronized (lock) {
                    sent = true;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void stopMethodAlsoSetsAVolatileTheConditionReads() {
      helper
          .addSourceLines(
              "Both.java",
              """
              class Both {
                private boolean running = true;
                private volatile boolean closed;
                private int n;
                void begin() {
                  new Thread(() -> {
                    while (running && !closed) {
                      n++;
                    }
                  }).start();
                }
                void end() {
                  running = false;
                  closed = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void executorTaskCancelledWithInterrupt() {
      helper
          .addSourceLines(
              "Cancels.java",
              """
              import java.util.concurrent.ExecutorService;
              import java.util.concurrent.Future;
              class Cancels {
                private boolean go = true;
                private Future<?> task;
                private int n;
                void begin(ExecutorService pool) {
                  task = pool.submit(() -> {
                    while (go) {
                      n++;
                      if (Thread.interrupted()) {
                        return;
                      }
                    }
                  });
                }
                void end() {
                  go = false;
                  task.cancel(true);
                }
              }
              """)
          .doTest();
    }

    @Test
    void writeInAHelperOnlyTheThreadItselfRunsIsNoStopRequest() {
      // log4j's FileWatchdog: the loop's own helper ends it; no other thread can
      helper
          .addSourceLines(
              "Watchdog.java",
              """
              import java.io.File;
              class Watchdog extends Thread {
                private final File file;
                private boolean interrupted;
                Watchdog(File file) {
                  this.file = file;
                  check();
                }
                protected void check() {
                  try {
                    file.exists();
                  } catch (SecurityException e) {
                    interrupted = true;
                  }
                }
                @Override
                public void run() {
                  while (!interrupted) {
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    check();
                  }
                }
                static void watch(File file) {
                  new Watchdog(file).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void writeInAHelperOtherCodeMayCallIsAStopRequest() {
      helper
          .addSourceLines(
              "Watchdog.java",
              """
              import java.io.File;
              class Watchdog extends Thread {
                private final File file;
                private boolean interrupted;
                Watchdog(File file) {
                  this.file = file;
                }
                public void check() {
                  if (!file.exists()) {
                    interrupted = true;
                  }
                }
                protected void recheck() {
                  if (!file.canRead()) {
                    interrupted = true;
                  }
                }
                void reload() {
                  recheck();
                }
                @Override
                public void run() {
                  while (!interrupted) {
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    check();
                    recheck();
                  }
                }
                static void watch(File file) {
                  // BUG: Diagnostic contains: the write in check() is never seen
                  new Watchdog(file).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void stopMethodClosesWhatTheLoopBlocksOnAndTheLoopClearsItsFlag() {
      // log4j's SocketHubAppender: close() makes accept() throw, and the loop clears its own flag
      helper
          .addSourceLines(
              "Hub.java",
              """
              import java.io.IOException;
              import java.net.ServerSocket;
              import java.net.Socket;
              import java.net.SocketException;
              class Hub implements Runnable {
                private final ServerSocket server;
                private boolean keepRunning = true;
                Hub(ServerSocket server) {
                  this.server = server;
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  while (keepRunning) {
                    try {
                      Socket socket = server.accept();
                      socket.close();
                    } catch (SocketException e) {
                      keepRunning = false;
                    } catch (IOException e) {
                      // try again
                    }
                  }
                }
                synchronized void stop() throws IOException {
                  keepRunning = false;
                  server.close();
                }
              }
              """)
          .doTest();
    }

    @Test
    void stopMethodClosesWhatTheLoopBlocksOnButTheLoopGoesOn() {
      helper
          .addSourceLines(
              "Hub.java",
              """
              import java.io.IOException;
              import java.net.ServerSocket;
              import java.net.Socket;
              class Hub implements Runnable {
                private final ServerSocket server;
                private boolean keepRunning = true;
                private boolean failed;
                Hub(ServerSocket server) {
                  this.server = server;
                  // BUG: Diagnostic contains: the write in stop() is never seen
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  while (keepRunning) {
                    try {
                      Socket socket = server.accept();
                      socket.close();
                    } catch (IOException e) {
                      failed = true;
                    }
                  }
                }
                synchronized void stop() throws IOException {
                  keepRunning = false;
                  server.close();
                }
              }
              """)
          .doTest();
    }

    @Test
    void retryLoopBoundedByACounterEndsWithoutSeeingTheFlag() {
      // Ably's HttpScheduler: a plain `isCancelled` flag on a request that retries a bounded
      // number of hosts; the same loop without its counter is reported
      helper
          .addSourceLines(
              "Request.java",
              """
              import java.io.IOException;
              class Request implements Runnable {
                private boolean cancelled;
                private int retries = 3;
                Request() {
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  int left = retries;
                  while (!cancelled) {
                    try {
                      send();
                      break;
                    } catch (IOException e) {
                      if (--left < 0) {
                        break;
                      }
                    }
                  }
                }
                void send() throws IOException {}
                void cancel() {
                  cancelled = true;
                }
              }
              """)
          .addSourceLines(
              "Poller.java",
              """
              import java.io.IOException;
              class Poller implements Runnable {
                private boolean cancelled;
                Poller() {
                  // BUG: Diagnostic contains: the write in cancel() is never seen
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  while (!cancelled) {
                    try {
                      send();
                    } catch (IOException e) {
                      System.err.println(e);
                    }
                  }
                }
                void send() throws IOException {}
                void cancel() {
                  cancelled = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void stopMethodWakesOtherObjectsReachedThroughTheSameGetter() {
      // dirigiste 1.0.0's Pool (fixed upstream by making the flag volatile): the stop method shuts
      // down each queue through entry.getValue(), which is no object the loop blocks on. A getter
      // of this object (selector()) names the same object in both methods.
      helper
          .addSourceLines(
              "Balancer.java",
              """
              import java.io.IOException;
              import java.nio.channels.Selector;
              import java.util.Map;
              import java.util.concurrent.ConcurrentHashMap;
              class Balancer {
                interface Lane { int load(); void shutdown(); }
                private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
                private final Selector selector;
                private boolean stopped;
                private boolean closed;
                Balancer(Selector selector) {
                  this.selector = selector;
                  // BUG: Diagnostic contains: the write in stop() is never seen
                  new Thread(this::balance).start();
                  new Thread(this::select).start();
                }
                private Selector selector() { return selector; }
                private void balance() {
                  try {
                    while (!stopped) {
                      for (Map.Entry<String, Lane> entry : lanes.entrySet()) {
                        if (entry.getValue().load() == 0) {
                          entry.getValue().shutdown();
                        }
                      }
                      if (stopped) {
                        break;
                      }
                      Thread.sleep(100);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                private void select() {
                  try {
                    while (!closed) {
                      selector().select();
                      if (closed) {
                        break;
                      }
                    }
                  } catch (IOException e) {
                    closed = true;
                  }
                }
                void stop() {
                  stopped = true;
                  for (Map.Entry<String, Lane> entry : lanes.entrySet()) {
                    entry.getValue().shutdown();
                  }
                }
                void close() {
                  closed = true;
                  selector().wakeup();
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopHoldingTheLockTheStopMethodNeeds() {
      helper
          .addSourceLines(
              "Hog.java",
              """
              class Hog implements Runnable {
                private boolean busy = true;
                private int n;
                void begin() {
                  // BUG: Diagnostic contains: inside synchronized run() and never releases the lock on `this`, which stop() needs
                  new Thread(this).start();
                }
                @Override
                public synchronized void run() {
                  while (busy) {
                    n++;
                  }
                }
                synchronized void stop() {
                  busy = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void superWaitReleasesTheLockToo() {
      // Aerospike's QueryPartitionExecutor: a synchronized helper waits with super.wait(), which
      // waits on this object and releases its lock; notifyCompleted() sets the flag under it.
      helper
          .addSourceLines(
              "Waiter.java",
              """
              class Waiter implements Runnable {
                private boolean complete;
                void begin() {
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  waitTillComplete();
                }
                private synchronized void waitTillComplete() {
                  while (!complete) {
                    try {
                      super.wait();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                synchronized void notifyCompleted() {
                  complete = true;
                  super.notify();
                }
              }
              """)
          .doTest();
    }

    @Test
    void lockReleasedByWaitOrTakenOnEachPassPublishesTheWrite() {
      helper
          .addSourceLines(
              "Polite.java",
              """
              class Polite {
                private final Object lock = new Object();
                private boolean open = true;
                private int n;
                void begin() {
                  new Thread(() -> {
                    synchronized (lock) {
                      while (open) {
                        try {
                          lock.wait(100);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    }
                  }).start();
                  new Thread(() -> {
                    while (open) {
                      synchronized (lock) {
                        n++;
                      }
                    }
                  }).start();
                }
                void close() {
                  synchronized (lock) {
                    open = false;
                    lock.notifyAll();
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /** Program lifetime and one diagnostic per root cause. */
  @Nested
  class PlainStopFlagsAroundAWait {
    @Test
    void theMessageNamesAWaitTheStopMethodDoesNotWake() {
      helper
          .addSourceLines(
              "EventQueue.java",
              """
              import java.util.concurrent.*;
              class EventQueue {
                private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
                private final BlockingQueue<Object> jobs = new LinkedBlockingQueue<>();
                private boolean running = true;
                private boolean working = true;
                void start() {
                  // BUG: Diagnostic contains: While it waits in `events.take()`, which stop() does not wake
                  new Thread(this::produce).start();
                  // BUG: Diagnostic matches: WOKEN
                  new Thread(this::work).start();
                }
                void produce() {
                  while (running) {
                    consume(take());
                  }
                }
                void work() {
                  while (working) {
                    try {
                      consume(jobs.take());
                    } catch (InterruptedException e) {
                      consume(e);
                    }
                  }
                }
                private Object take() {
                  try {
                    return events.take();
                  } catch (InterruptedException e) {
                    return null;
                  }
                }
                void consume(Object event) {}
                void stop() {
                  running = false;
                }
                void finish() {
                  working = false;
                  jobs.offer("done"); // wakes the wait
                }
              }
              """)
          .expectErrorMessage(
              "WOKEN",
              message -> message.contains("neither volatile nor atomic")
                  && !message.contains("While it waits"))
          .doTest();
    }
  }

  @Nested
  class ThreadLifetime {
    @Test
    void startedFromMainLivesAsLongAsTheProgram() {
      helper
          .addSourceLines(
              "Daemonish.java",
              """
              class Daemonish {
                static int n;
                public static void main(String[] args) {
                  new Thread(() -> {
                    while (true) {
                      n++;
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void sameThreadObjectStartedFromTwoPlacesIsReportedOnce() {
      helper
          .addSourceLines(
              "Twice.java",
              """
              class Twice {
                private int n;
                private final Thread spinner = new Thread(() -> {
                  while (true) {
                    n++;
                  }
                });
                void begin() {
                  // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                  spinner.start();
                }
                void restart() {
                  spinner.start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * {@code @SuppressWarnings} and {@code @IntentionalDaemon}, on the thread, its body or the field
   * holding it.
   */
  @Nested
  class Suppression {
    @Test
    void suppressWarningsAndIntentionalDaemon() {
      helper
          .addSourceLines(
              "D.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              class D {
                @SuppressWarnings("ThreadWithoutExitPath")
                void suppressedMethod() {
                  new Thread(() -> {
                    while (true) {
                      Thread.onSpinWait();
                    }
                  }).start();
                }
                void daemonVariable() {
                  @IntentionalDaemon("heartbeat for the life of the JVM")
                  Thread t = new Thread(() -> {
                    while (true) {
                      Thread.onSpinWait();
                    }
                  });
                  t.start();
                }
                void suppressedVariable() {
                  @SuppressWarnings("ThreadWithoutExitPath")
                  Thread t = new Thread(this::spin);
                  t.start();
                }
                void daemonBody() {
                  new Thread(this::heartbeat).start();
                }
                @IntentionalDaemon("heartbeat")
                private void heartbeat() {
                  while (true) {
                    Thread.onSpinWait();
                  }
                }
                private void spin() {
                  while (true) {
                    Thread.onSpinWait();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void intentionalDaemonOnFieldsAndLocals() {
      allThreadChecks
          .addSourceLines(
              "Quiet.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              class Quiet {
                private long n;

                @IntentionalDaemon("runs for the life of the JVM")
                private final Thread watchdog = new Thread(() -> {
                  while (true) {
                    n++;
                  }
                });

                Quiet() {
                  watchdog.start();
                  @IntentionalDaemon("counts forever")
                  Thread counter = new Thread(() -> {
                    for (;;) {
                      n++;
                    }
                  });
                  counter.start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void intentionalDaemonOnTheRunnableField() {
      allThreadChecks
          .addSourceLines(
              "Heart.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              class Heart {
                private long beats;

                @IntentionalDaemon("beats for the life of the JVM")
                private final Runnable heartbeat = () -> {
                  while (true) {
                    beats++;
                  }
                };

                @SuppressWarnings("ThreadWithoutExitPath")
                private final Runnable pulse = () -> {
                  for (;;) {
                    beats++;
                  }
                };

                void begin() {
                  new Thread(heartbeat).start();
                  new Thread(pulse).start();
                }
              }
              """)
          .doTest();
    }
  }
}
