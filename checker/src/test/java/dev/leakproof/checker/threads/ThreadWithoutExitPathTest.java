package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ThreadWithoutExitPathTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ThreadWithoutExitPath.class, getClass());

  @Test
  void identificationNegatives() {
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
  void identificationPositives() {
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
  void suppression() {
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

  /** 0.2: the body is followed wherever it is in the same compilation. */
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

  /** 0.2: plain (non-volatile, non-atomic) stop flags, for threads and for executor tasks. */
  @Nested
  class PlainStopFlags {
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

  /** 0.2: program lifetime and one diagnostic per root cause. */
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
  }
}
