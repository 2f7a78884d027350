package dev.leakproof.checker.threads;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** InterruptSwallowedInLoop: a catch inside a loop that swallows the interrupt (CHECKS.md). */
class InterruptSwallowedInLoopTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(InterruptSwallowedInLoop.class, getClass());

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
    void handlersThatLeaveAndLoopsThatEndAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.TimeUnit;
              class A {
                volatile boolean running = true;
                void breaks(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      break;
                    }
                  }
                }
                void returns(BlockingQueue<String> q) {
                  for (;;) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  }
                }
                void rethrowsWrapped(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                }
                void restoresWhenConditionChecksInterrupt(BlockingQueue<String> q) {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
                private boolean stopping() {
                  return !running || Thread.currentThread().isInterrupted();
                }
                void restoresWhenHelperChecksInterrupt(BlockingQueue<String> q) {
                  while (!stopping()) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
                void boundedRetry(BlockingQueue<String> q) {
                  for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                      q.poll(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      System.err.println("retrying");
                    }
                  }
                }
                void deadline(java.util.concurrent.ExecutorService ex, long timeoutNanos) {
                  long end = System.nanoTime() + timeoutNanos;
                  long now;
                  while ((now = System.nanoTime()) < end) {
                    try {
                      if (ex.awaitTermination(end - now, TimeUnit.NANOSECONDS)) {
                        break;
                      }
                    } catch (InterruptedException e) {
                      // keep waiting until the deadline
                    }
                  }
                }
                Runnable returnsRightAfterTheTry(BlockingQueue<Runnable> q, java.util.Queue<Runnable> scheduled) {
                  for (;;) {
                    Runnable next = scheduled.peek();
                    if (next == null) {
                      Runnable task = null;
                      try {
                        task = q.take();
                      } catch (InterruptedException e) {
                        // the loop is left right below
                      }
                      return task;
                    }
                    scheduled.poll().run();
                  }
                }
                void boundedWhileCounter(BlockingQueue<String> q) {
                  int attempts = 0;
                  while (attempts++ < 3) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      // try again
                    }
                  }
                }
                void forEach(java.util.List<java.util.concurrent.Future<?>> futures) throws Exception {
                  for (java.util.concurrent.Future<?> f : futures) {
                    try {
                      f.get();
                    } catch (InterruptedException e) {
                      // bounded by the collection
                    }
                  }
                }
                void outsideLoop(BlockingQueue<String> q) {
                  try {
                    q.take();
                  } catch (InterruptedException e) {
                    // not in a loop: UnboundedBlockingCall's business
                  }
                }
                void helperCalledFromLoop(BlockingQueue<String> q) {
                  while (true) {
                    helper(q);
                  }
                }
                private void helper(BlockingQueue<String> q) {
                  try {
                    q.take();
                  } catch (InterruptedException e) {
                    // lexically not in the loop
                  }
                }
                void lambdaInLoop(BlockingQueue<String> q, java.util.concurrent.Executor ex) {
                  while (true) {
                    ex.execute(() -> {
                      try {
                        q.take();
                      } catch (InterruptedException e) {
                        // runs elsewhere
                      }
                    });
                    if (q.isEmpty()) {
                      break;
                    }
                  }
                }
                void exceptionAroundCodeThatCannotBeInterrupted() {
                  while (true) {
                    try {
                      Integer.parseInt("x");
                    } catch (Exception e) {
                      // no InterruptedException can arrive here
                    }
                  }
                }
                void clearsRunningFlag(BlockingQueue<String> q) {
                  while (running) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      running = false;
                    }
                  }
                }
                void labelledBreak(BlockingQueue<String> q) {
                  outer:
                  while (true) {
                    while (true) {
                      try {
                        q.take();
                      } catch (InterruptedException e) {
                        break outer;
                      }
                    }
                  }
                }
                void earlierCatchHandlesIt(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      // not where the interrupt goes
                    }
                  }
                }
                void restoresAndOtherWaitLeaves(BlockingQueue<String> q) throws InterruptedException {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    Thread.sleep(10); // throws at once and leaves the loop
                  }
                }
                String deferredRestoreThroughHelper(BlockingQueue<String> q) {
                  boolean interrupted = false;
                  try {
                    while (true) {
                      try {
                        return q.take();
                      } catch (InterruptedException e) {
                        interrupted = true;
                      }
                    }
                  } finally {
                    if (interrupted) {
                      restoreInterrupt();
                    }
                  }
                }
                private static void restoreInterrupt() {
                  Thread.currentThread().interrupt();
                }
                String guavaStyleUninterruptible(BlockingQueue<String> q) {
                  boolean interrupted = false;
                  try {
                    while (true) {
                      try {
                        return q.take();
                      } catch (InterruptedException e) {
                        interrupted = true;
                      }
                    }
                  } finally {
                    if (interrupted) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void handlersThatLetTheLoopGoOnAreFlagged() {
      helper
          .addSourceLines(
              "B.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.Callable;
              class B {
                volatile boolean running = true;
                void swallows(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    // BUG: Diagnostic contains: `q.take()` throws InterruptedException here and this catch swallows it
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                    }
                  }
                }
                void swallowsThroughException(Callable<String> task) {
                  for (;;) {
                    try {
                      Thread.sleep(100);
                      task.call();
                    // BUG: Diagnostic contains: Thread.sleep(..)
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
                void swallowsInMultiCatch(java.util.concurrent.Future<String> f) {
                  while (running) {
                    try {
                      f.get();
                    // BUG: Diagnostic contains: the `while (running)` loop goes on
                    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void restoresAndSpins(BlockingQueue<String> q) {
                  while (running) {
                    try {
                      q.take();
                    // BUG: Diagnostic contains: restores the interrupt status but the `while (running)` loop goes on and never checks it
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
                void swallowsEvenIfConditionChecks(BlockingQueue<String> q) {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      q.take();
                    // BUG: Diagnostic contains: swallows
                    } catch (InterruptedException e) {
                      // the catch cleared the status the condition checks
                    }
                  }
                }
                InterruptedException last;
                void storesButGoesOn(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    // BUG: Diagnostic contains: swallows
                    } catch (InterruptedException e) {
                      last = e;
                    }
                  }
                }
                void returnOnlySometimesAfterTheTry(BlockingQueue<String> q) {
                  while (true) {
                    String s = null;
                    try {
                      s = q.take();
                    // BUG: Diagnostic contains: swallows
                    } catch (InterruptedException e) {
                    }
                    if (s != null) {
                      return;
                    }
                  }
                }
                void doWhile(BlockingQueue<String> q) {
                  do {
                    try {
                      q.take();
                    // BUG: Diagnostic contains: the `do .. while (true)` loop
                    } catch (InterruptedException e) {
                    }
                  } while (true);
                }
                void breakOnlyLeavesTheSwitch(BlockingQueue<String> q, int mode) {
                  while (true) {
                    switch (mode) {
                      case 1:
                        try {
                          q.take();
                        // BUG: Diagnostic contains: swallows
                        } catch (InterruptedException e) {
                          break;
                        }
                        break;
                      default:
                        return;
                    }
                  }
                }
                void innerBoundedOuterForever(java.util.List<BlockingQueue<String>> queues) {
                  while (true) {
                    for (BlockingQueue<String> q : queues) {
                      try {
                        q.take();
                      // BUG: Diagnostic contains: swallows
                      } catch (InterruptedException e) {
                        continue;
                      }
                    }
                  }
                }
                void tryWithResources(BlockingQueue<java.io.InputStream> q) {
                  while (true) {
                    try (java.io.InputStream in = q.take()) {
                      in.read();
                    // BUG: Diagnostic contains: swallows
                    } catch (java.io.IOException | InterruptedException e) {
                      System.err.println(e);
                    }
                  }
                }
                void anonymousClassBody() {
                  new Thread(new Runnable() {
                    @Override
                    public void run() {
                      while (true) {
                        try {
                          Thread.sleep(1000);
                        // BUG: Diagnostic contains: swallows
                        } catch (InterruptedException e) {
                        }
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * What the catch does: leaving, rethrowing or setting a flag the loop leaves on is silent;
   * logging, restoring then continuing, or swallowing in a do-while is flagged.
   */
  @Nested
  class CatchHandlers {
    @Test
    void exceptionHandedToAHandlerOfThisCodeThatThrows() {
      // snmp4j's ThreadPool.execute: the documented hook rethrows when so configured
      helper
          .addSourceLines(
              "Pool.java",
              """
              class Pool {
                private boolean forward;
                private boolean busy = true;
                public synchronized void execute(Runnable task) {
                  while (busy) {
                    try {
                      wait(1000);
                    } catch (InterruptedException ex) {
                      handleInterrupt(ex, task);
                    }
                  }
                  task.run();
                }
                protected void handleInterrupt(InterruptedException ex, Runnable task) {
                  if (forward) {
                    throw new RuntimeException(ex);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void exceptionHandedToAHandlerThatOnlyRecordsIt() {
      helper
          .addSourceLines(
              "Pool.java",
              """
              class Pool {
                private boolean busy = true;
                private int interrupts;
                public synchronized void execute(Runnable task) {
                  while (busy) {
                    try {
                      wait(1000);
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (InterruptedException ex) {
                      record(ex);
                    }
                  }
                  task.run();
                }
                private void record(InterruptedException ex) {
                  interrupts++;
                }
                public synchronized void drain(Runnable task) {
                  while (busy) {
                    try {
                      wait(1000);
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (Throwable t) {
                      handleThrowable(t);
                    }
                  }
                }
                // Tomcat's ExceptionUtils.handleThrowable: rethrows only fatal errors
                static void handleThrowable(Throwable t) {
                  if (t instanceof VirtualMachineError) {
                    throw (VirtualMachineError) t;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void handlersThatLeaveOrRethrowAndBoundedLoopsAreSilent() {
      allThreadChecks
          .addSourceLines(
              "Handlers.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Handlers {
                private final ExecutorService executor;
                private final BlockingQueue<String> q;

                Handlers(ExecutorService executor, BlockingQueue<String> q) {
                  this.executor = executor;
                  this.q = q;
                }

                void returns() {
                  executor.execute(() -> {
                    while (true) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
                }

                void throwsUnchecked() {
                  executor.execute(() -> {
                    while (true) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                      }
                    }
                  });
                }

                void rethrowsWrapped() {
                  executor.execute(() -> {
                    for (;;) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while draining", e);
                      }
                    }
                  });
                }

                void restoresInLoopThatChecks() {
                  executor.execute(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  });
                }

                void breaks() {
                  executor.execute(() -> {
                    while (true) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                      }
                    }
                  });
                }

                boolean retries() {
                  for (int i = 0; i < 3; i++) {
                    try {
                      Thread.sleep(100L << i);
                      return true;
                    } catch (InterruptedException e) {
                      System.err.println("retrying");
                    }
                  }
                  return false;
                }

                void lambdaInsideLoopRunsElsewhere() {
                  while (true) {
                    executor.execute(() -> {
                      try {
                        Thread.sleep(10);
                      } catch (InterruptedException e) {
                        // not inside a loop: the lambda runs once, elsewhere
                      }
                    });
                    if (q.isEmpty()) {
                      return;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void catchSetsAFlagTheLoopChecksToLeave() {
      allThreadChecks
          .addSourceLines(
              "Sweeper.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Sweeper {
                void sweep(ExecutorService executor, BlockingQueue<String> q) {
                  executor.execute(() -> {
                    boolean stop = false;
                    while (true) {
                      try {
                        System.out.println(q.take());
                      } catch (InterruptedException e) {
                        stop = true;
                      }
                      if (stop) {
                        break;
                      }
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void catchWritesTheAtomicTheLoopTestsToLeave() {
      helper
          .addSourceLines(
              "Relay.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.atomic.AtomicBoolean;
              class Relay implements Runnable {
                private final BlockingQueue<String> inbox;
                private final AtomicBoolean closed = new AtomicBoolean();
                private final AtomicBoolean lastFailed = new AtomicBoolean();
                Relay(BlockingQueue<String> inbox) { this.inbox = inbox; }
                @Override public void run() {
                  while (!closed.get()) {
                    try {
                      forward(inbox.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      closed.compareAndSet(false, true);
                    }
                  }
                }
                void relayAgain() {
                  while (!closed.get()) {
                    try {
                      forward(inbox.take());
                    // BUG: Diagnostic contains: restores the interrupt status but the `while (!closed.get())` loop goes on
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      lastFailed.set(true);
                    }
                  }
                }
                private void forward(String message) {}
              }
              """)
          .doTest();
    }

    @Test
    void catchExceptionAroundSleepLogsAndLoops() {
      allThreadChecks
          .addSourceLines(
              "Refresher.java",
              """
              import java.util.concurrent.Executor;
              import java.util.logging.Level;
              import java.util.logging.Logger;
              class Refresher {
                private static final Logger LOG = Logger.getLogger("refresher");
                private volatile boolean enabled = true;

                void schedule(Executor pool) {
                  pool.execute(() -> {
                    while (enabled) {
                      try {
                        Thread.sleep(5_000);
                        refresh();
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (Exception e) {
                        LOG.log(Level.WARNING, "refresh failed", e);
                      }
                    }
                  });
                }

                private void refresh() {}
              }
              """)
          .doTest();
    }

    @Test
    void restoreThenContinueInLoopThatNeverChecks() {
      allThreadChecks
          .addSourceLines(
              "Relay.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Relay {
                private volatile boolean live = true;

                void relay(ExecutorService executor, BlockingQueue<String> in, BlockingQueue<String> out) {
                  executor.execute(() -> {
                    while (live) {
                      String item;
                      try {
                        item = in.take();
                      // BUG: Diagnostic contains: restores the interrupt status but
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        continue;
                      }
                      out.offer(item);
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void swallowedInDoWhileOfPlainMethod() {
      allThreadChecks
          .addSourceLines(
              "Waiter.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Waiter {
                void awaitAll(CountDownLatch ready) {
                  boolean done = false;
                  do {
                    try {
                      ready.await();
                      done = true;
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException ex) {
                      System.err.println("interrupted, waiting again");
                    }
                  } while (!done);
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Java Concurrency in Practice 7.1.3: silent only when the loop has another working way to stop
   * and the code owns the thread it runs on.
   */
  @Nested
  class WaitsThatCannotBeInterrupted {
    @Test
    void aGetOnAFutureKnownToBeDoneCannotThrowInterruptedException() {
      helper
          .addSourceLines(
              "Acks.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Acks {
                void collect(List<CompletableFuture<String>> pending) {
                  while (true) {
                    CompletableFuture<String> first = pending.get(0);
                    if (first.isDone()) {
                      try {
                        System.out.println(first.get());
                      } catch (Exception e) {
                        System.err.println(e);
                      }
                      pending.remove(0);
                    }
                  }
                }
                void explicitCatch(List<CompletableFuture<String>> pending) {
                  while (true) {
                    CompletableFuture<String> first = pending.get(0);
                    try {
                      if (first.isDone()) {
                        System.out.println(first.get());
                      }
                    } catch (InterruptedException e) {
                      System.err.println(e); // javac demands it; the done future cannot throw it
                    } catch (ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void waitForever(Future<?> future) {
                  do {
                    try {
                      future.get(); // tested after the wait: the first pass waits
                    // BUG: Diagnostic contains: InterruptSwallowedInLoop
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  } while (!future.isDone());
                }
                void collectUnchecked(List<CompletableFuture<String>> pending) {
                  while (true) {
                    CompletableFuture<String> first = pending.get(0);
                    try {
                      System.out.println(first.get());
                    // BUG: Diagnostic contains: InterruptSwallowedInLoop
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class WhoseInterruptIsRestored {
    @Test
    void interruptingTheJoinedThreadDoesNotRestoreThisOnes() {
      helper
          .addSourceLines(
              "Joiner.java",
              """
              class Joiner {
                static void joinThread(Thread t) {
                  while (t.isAlive()) {
                    try {
                      t.join();
                    // BUG: Diagnostic contains: this catch swallows it
                    } catch (InterruptedException e) {
                      t.interrupt(); // asks the joined thread to end: this thread's status stays clear
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLocalSavedFromCurrentThreadIsThisThread() {
      helper
          .addSourceLines(
              "Joiner.java",
              """
              class Joiner {
                static void joinThread(Thread t) {
                  Thread self = Thread.currentThread();
                  while (t.isAlive()) {
                    try {
                      t.join();
                    } catch (InterruptedException e) {
                      self.interrupt();
                      return;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void anUnqualifiedInterruptInTheRunOfAThreadSubclassIsThisThread() {
      // Helix's event threads: the restore ends the loop at its isInterrupted() test.
      helper
          .addSourceLines(
              "EventThread.java",
              """
              import java.util.concurrent.*;
              class EventThread extends Thread {
                private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
                @Override
                public void run() {
                  while (!isInterrupted()) {
                    try {
                      events.take().run();
                    } catch (InterruptedException e) {
                      interrupt();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void anUnqualifiedInterruptInALambdaOfAThreadSubclassIsNotTheRunningThread() {
      helper
          .addSourceLines(
              "EventThread.java",
              """
              import java.util.concurrent.*;
              class EventThread extends Thread {
                private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
                private final ExecutorService pool = Executors.newSingleThreadExecutor();
                @Override
                public void run() {
                  pool.execute(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        events.take().run();
                      // BUG: Diagnostic contains: this catch swallows it
                      } catch (InterruptedException e) {
                        interrupt(); // the EventThread object, not the pool's thread
                      }
                    }
                  });
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class InterruptionPolicy {
    @Test
    void aTaskThatLoopsUntilItsOwnExecutorShutsDown() {
      // The Nacos client's ClientWorker and RpcClient: shutdown() and shutdownNow() set the state
      // that isShutdown() reads before they interrupt, so the loop ends; a loop on another
      // condition is still reported
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.*;
              class Worker {
                private final ExecutorService executor = Executors.newSingleThreadExecutor();
                private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
                private volatile int pending;
                void start() {
                  executor.submit(() -> {
                    while (!executor.isShutdown() && !executor.isTerminated()) {
                      try {
                        events.take().run();
                      } catch (InterruptedException e) {
                        // checked again at the top
                      }
                    }
                  });
                  executor.submit(() -> {
                    while (pending >= 0) {
                      try {
                        events.take().run();
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                      }
                    }
                  });
                }
                void shutdown() {
                  executor.shutdownNow();
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopThatRegistersItsThreadForTheStopMethodsInterrupt() {
      // Tomcat's StandardServer.await()/stopAwait(): the interrupt is this code's own wake-up
      helper
          .addSourceLines(
              "Server.java",
              """
              class Server {
                private volatile boolean stopAwait;
                private volatile Thread awaitThread;
                public void await() {
                  Thread currentThread = Thread.currentThread();
                  try {
                    awaitThread = currentThread;
                    while (!stopAwait) {
                      try {
                        Thread.sleep(10000);
                      } catch (InterruptedException ex) {
                        // continue and check the flag
                      }
                    }
                  } finally {
                    awaitThread = null;
                  }
                }
                public void stopAwait() {
                  stopAwait = true;
                  Thread t = awaitThread;
                  if (t != null) {
                    t.interrupt();
                  }
                }
              }
              """)
          .addSourceLines(
              "Waiter.java",
              """
              class Waiter {
                private volatile boolean done;
                private Thread waiter;
                public void await() {
                  waiter = Thread.currentThread();
                  while (!done) {
                    try {
                      Thread.sleep(10000);
                    } catch (InterruptedException ex) {
                    }
                  }
                }
                public void finish() {
                  done = true;
                  waiter.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void acceptorsRegisteredInAnArrayThatTheStopMethodInterrupts() {
      // Jetty 12's AbstractConnector.Acceptor: each acceptor stores its thread in _acceptors[_id];
      // doStop() clears the running state and interruptAcceptors() interrupts every slot.
      helper
          .addSourceLines(
              "Connector.java",
              """
              import java.util.concurrent.locks.*;
              class Connector {
                private final Thread[] acceptors = new Thread[2];
                private volatile boolean running;
                private final Lock lock = new ReentrantLock();
                private final Condition setAccepting = lock.newCondition();
                private boolean accepting;
                boolean isRunning() { return running; }
                void doStop() {
                  running = false;
                  interruptAcceptors();
                }
                void interruptAcceptors() {
                  for (Thread thread : acceptors) {
                    if (thread != null) thread.interrupt();
                  }
                }
                void accept(int id) {}
                private class Acceptor implements Runnable {
                  private final int id;
                  Acceptor(int id) { this.id = id; }
                  @Override public void run() {
                    final Thread thread = Thread.currentThread();
                    acceptors[id] = thread;
                    while (isRunning()) {
                      lock.lock();
                      try {
                        if (!accepting && isRunning()) {
                          setAccepting.await();
                          continue;
                        }
                      } catch (InterruptedException e) {
                        continue;
                      } finally {
                        lock.unlock();
                      }
                      accept(id);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void threadSubclassLoopThatItsShutdownInterrupts() {
      // Hazelcast 5's OperationThread: run() (in a superclass) calls the protected loop(), and
      // shutdown() sets the volatile flag and interrupts the thread itself. Without that
      // interrupt, the loop's method is one other code may call: ownership is not seen.
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.*;
              abstract class Managed extends Thread {
                @Override public final void run() { executeRun(); }
                protected abstract void executeRun();
              }
              class Worker extends Managed {
                private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
                private volatile boolean shutdown;
                @Override protected void executeRun() {
                  loop();
                }
                protected void loop() {
                  while (!shutdown) {
                    Runnable task;
                    try {
                      task = queue.take();
                    } catch (InterruptedException e) {
                      continue;
                    }
                    task.run();
                  }
                }
                public final void shutdown() {
                  shutdown = true;
                  interrupt();
                }
              }
              class Quiet extends Managed {
                private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
                private volatile boolean shutdown;
                @Override protected void executeRun() {
                  loop();
                }
                protected void loop() {
                  while (!shutdown) {
                    Runnable task;
                    try {
                      task = queue.take();
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                      continue;
                    }
                    task.run();
                  }
                }
                public final void shutdown() {
                  shutdown = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void acceptorsRegisteredInAnArrayThatNothingInterrupts() {
      helper
          .addSourceLines(
              "Listener.java",
              """
              class Listener {
                private final Thread[] listeners = new Thread[2];
                private volatile boolean running;
                void doStop() {
                  running = false;
                }
                private class Worker implements Runnable {
                  private final int id;
                  Worker(int id) { this.id = id; }
                  @Override public void run() {
                    listeners[id] = Thread.currentThread();
                    while (running) {
                      try {
                        Thread.sleep(1000);
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                        continue;
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void registeredThreadThatNoStopMethodInterrupts() {
      helper
          .addSourceLines(
              "Server.java",
              """
              class Server {
                private volatile boolean stopAwait;
                private volatile Thread awaitThread;
                public void await() {
                  awaitThread = Thread.currentThread();
                  while (!stopAwait) {
                    try {
                      Thread.sleep(10000);
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (InterruptedException ex) {
                    }
                  }
                }
                public void stopAwait() {
                  stopAwait = true;
                }
                public String waiter() {
                  return awaitThread.getName();
                }
              }
              """)
          .doTest();
    }

    @Test
    void ownedWorkerThreadWithVolatileFlagThatStopSets() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.TimeUnit;
              class Poller extends Thread {
                private final BlockingQueue<String> inbox;
                private volatile boolean halted;
                Poller(BlockingQueue<String> inbox) {
                  this.inbox = inbox;
                }
                @Override
                public void run() {
                  while (!halted) {
                    try {
                      String next = inbox.poll(1, TimeUnit.SECONDS);
                      System.out.println(next);
                    } catch (InterruptedException e) {
                      // a wake-up: the loop re-reads halted
                    }
                  }
                }
                void halt() {
                  halted = true;
                  interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void runnableThisClassHandsToNewThreadWithAtomicState() {
      helper
          .addSourceLines(
              "Sweeper.java",
              """
              import java.util.concurrent.atomic.AtomicInteger;
              class Sweeper implements Runnable {
                private static final int STOPPED = -1;
                private final AtomicInteger phase = new AtomicInteger();
                void launch() {
                  new Thread(this, "sweeper").start();
                }
                @Override
                public void run() {
                  while (phase.get() != STOPPED) {
                    try {
                      Thread.sleep(200);
                      phase.incrementAndGet();
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void close() {
                  phase.set(STOPPED);
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFieldWrittenRightBeforeInterruptOfThatThread() {
      helper
          .addSourceLines(
              "Ticker.java",
              """
              class Ticker {
                private boolean finished;
                private final Thread clock = new Thread(this::tick);
                void begin() {
                  clock.start();
                }
                private void tick() {
                  while (!finished) {
                    try {
                      Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void end() {
                  finished = true;
                  clock.interrupt();
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFieldSetByASetterThatTheCallerFollowsWithInterrupt() {
      helper
          .addSourceLines(
              "Manager.java",
              """
              class Manager {
                private Reconnector reconnector;
                void reconnectLater() {
                  reconnector = new Reconnector();
                  reconnector.start();
                }
                void close() {
                  reconnector.shutdown();
                  reconnector.interrupt();
                }
                private class Reconnector extends Thread {
                  private boolean shutdown;
                  void shutdown() {
                    shutdown = true;
                  }
                  @Override
                  public void run() {
                    while (!shutdown) {
                      try {
                        sleep(1_000);
                      } catch (InterruptedException e) {
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFieldSetByASetterWithNoInterruptAfterIt() {
      helper
          .addSourceLines(
              "Manager.java",
              """
              class Manager {
                private Reconnector reconnector;
                void reconnectLater() {
                  reconnector = new Reconnector();
                  reconnector.start();
                }
                void close() {
                  reconnector.interrupt();
                  reconnector.shutdown();
                }
                private class Reconnector extends Thread {
                  private boolean shutdown;
                  void shutdown() {
                    shutdown = true;
                  }
                  @Override
                  public void run() {
                    while (!shutdown) {
                      try {
                        sleep(1_000);
                      // BUG: Diagnostic contains: InterruptSwallowedInLoop
                      } catch (InterruptedException e) {
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitOnAConditionTheStopPathSignals() {
      helper
          .addSourceLines(
              "Parker.java",
              """
              class Parker {
                private final Object gate = new Object();
                private boolean open;
                void begin() {
                  new Thread(() -> {
                    synchronized (gate) {
                      while (!open) {
                        try {
                          gate.wait();
                        } catch (InterruptedException e) {
                        }
                      }
                    }
                  }).start();
                }
                void release() {
                  synchronized (gate) {
                    open = true;
                    gate.notifyAll();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void poisonPillTheWaitReturnsEndsTheLoop() {
      helper
          .addSourceLines(
              "Courier.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Courier {
                private static final String LAST = "";
                private final BlockingQueue<String> parcels;
                Courier(BlockingQueue<String> parcels) {
                  this.parcels = parcels;
                  new Thread(this::deliver).start();
                }
                private void deliver() {
                  while (true) {
                    try {
                      if (parcels.take() == LAST) {
                        break;
                      }
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void finish() throws InterruptedException {
                  parcels.put(LAST);
                }
              }
              """)
          .doTest();
    }

    @Test
    void taskOnAnExecutorThisClassCreates() {
      helper
          .addSourceLines(
              "Heartbeat.java",
              """
              import java.util.concurrent.ExecutorService;
              import java.util.concurrent.Executors;
              class Heartbeat {
                private final ExecutorService single = Executors.newSingleThreadExecutor();
                private volatile boolean beating = true;
                void begin() {
                  single.execute(() -> {
                    while (beating) {
                      try {
                        Thread.sleep(500);
                      } catch (InterruptedException e) {
                      }
                    }
                  });
                }
                void end() {
                  beating = false;
                  single.shutdown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void privateHelperOnlyTheOwnedThreadCalls() {
      helper
          .addSourceLines(
              "Uploader.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.TimeUnit;
              class Uploader {
                private final BlockingQueue<byte[]> chunks;
                private volatile boolean closed;
                Uploader(BlockingQueue<byte[]> chunks) {
                  this.chunks = chunks;
                  new Thread(this::pump).start();
                }
                private void pump() {
                  while (!closed) {
                    sendNext();
                  }
                }
                private void sendNext() {
                  while (!closed) {
                    try {
                      byte[] chunk = chunks.poll(1, TimeUnit.SECONDS);
                      System.out.println(chunk == null ? 0 : chunk.length);
                      return;
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void close() {
                  closed = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void methodOtherCodeMayCallRunsOnItsCallersThreadsToo() {
      helper
          .addSourceLines(
              "Link.java",
              """
              class Link implements Runnable {
                private volatile boolean broken;
                private volatile boolean windowOpen;
                void connect() {
                  new Thread(this).start();
                }
                @Override
                public void run() {
                  while (!broken) {
                    send(new byte[0]); // the link's own thread writes too
                  }
                }
                // public: callers' threads write through it as well, so the link does not own them
                public void send(byte[] data) {
                  while (!windowOpen) {
                    if (broken) {
                      return;
                    }
                    try {
                      Thread.sleep(10);
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void breakLink() {
                  broken = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void selfTerminatingWorkerEndsWhenItsWorkDoes() {
      helper
          .addSourceLines(
              "Reaper.java",
              """
              import java.util.Queue;
              import java.util.concurrent.ConcurrentLinkedQueue;
              class Reaper {
                private final Queue<Process> children = new ConcurrentLinkedQueue<>();
                void watch(Process child) {
                  children.add(child);
                  new Thread(() -> {
                    while (true) {
                      children.removeIf(p -> !p.isAlive());
                      if (children.isEmpty()) {
                        return;
                      }
                      try {
                        Thread.sleep(1_000);
                      } catch (InterruptedException e) {
                        // nothing interrupts this thread; it ends when no child is left
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void publicRunnableOthersCanRunOnTheirPoolsIsNotOwned() {
      // Commons IO 2.4's Tailer (IO-358): a static factory starts it on a thread, but its public
      // constructor lets users hand it to their executor, whose shutdownNow() the swallow defeats.
      // A Runnable that threads itself (new Thread(this)) owns its run().
      helper
          .addSourceLines(
              "Follower.java",
              """
              public class Follower implements Runnable {
                private volatile boolean run = true;
                public Follower() {}
                public static Follower start() {
                  Follower follower = new Follower();
                  new Thread(follower).start();
                  return follower;
                }
                @Override
                public void run() {
                  while (run) {
                    poll();
                    try {
                      Thread.sleep(1000);
                    // BUG: Diagnostic contains: interrupt() and shutdownNow() can never stop this thread
                    } catch (InterruptedException e) {
                    }
                  }
                }
                private void poll() {}
                public void stop() {
                  run = false;
                }
              }
              """)
          .addSourceLines(
              "Watcher.java",
              """
              public class Watcher implements Runnable {
                private volatile boolean run = true;
                public Watcher() {
                  new Thread(this, "watcher").start();
                }
                @Override
                public void run() {
                  while (run) {
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                    }
                  }
                }
                public void stop() {
                  run = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void privateRunMethodStartedByReferenceIsOwnedInAPublicClass() {
      // JLine's NonBlockingReaderImpl (twelfth spot check, false): a public class with a public
      // constructor starts `new Thread(this::run)` on its private run(); no other code can run
      // that method, and the loop returns once no read is pending. A public Runnable's run() is
      // still not owned (above).
      helper
          .addSourceLines(
              "Reader.java",
              """
              public class Reader {
                private boolean reading;
                private Thread thread;
                public Reader() {}
                public synchronized int read() {
                  if (!reading) {
                    reading = true;
                    if (thread == null) {
                      thread = new Thread(this::run);
                      thread.start();
                    }
                    notifyAll();
                  }
                  return 0;
                }
                private void run() {
                  while (true) {
                    synchronized (this) {
                      try {
                        if (!reading) {
                          wait(60000);
                        }
                      } catch (InterruptedException e) {
                      }
                      if (!reading) {
                        return;
                      }
                      reading = false;
                      notifyAll();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void publicInnerRunnableBelongsToItsOuterObject() {
      // Tomcat 9's AprEndpoint.Poller: a public inner class, started by its endpoint; other code
      // cannot make one without the endpoint.
      helper
          .addSourceLines(
              "Endpoint.java",
              """
              public class Endpoint {
                private Poller poller;
                public void start() {
                  poller = new Poller();
                  new Thread(poller, "poller").start();
                }
                public void stop() {
                  poller.destroy();
                }
                public class Poller implements Runnable {
                  private volatile boolean pollerRunning = true;
                  public Poller() {}
                  synchronized void destroy() {
                    pollerRunning = false;
                    notify();
                  }
                  @Override
                  public void run() {
                    while (pollerRunning) {
                      try {
                        synchronized (this) {
                          if (pollerRunning) {
                            wait();
                          }
                        }
                      } catch (InterruptedException e) {
                        // Ignore
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void ownFlagCopiedFromAVolatileTheStopMethodSets() {
      helper
          .addSourceLines(
              "Dispatch.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.TimeUnit;
              class Dispatch {
                private volatile boolean shuttingDown;
                private final BlockingQueue<String> outbox;
                Dispatch(BlockingQueue<String> outbox) {
                  this.outbox = outbox;
                  new Thread(new Sender()).start();
                }
                private class Sender implements Runnable {
                  private boolean done;
                  @Override
                  public void run() {
                    while (!done) {
                      try {
                        System.out.println(outbox.poll(100, TimeUnit.MILLISECONDS));
                      } catch (InterruptedException e) {
                      }
                      if (shuttingDown) {
                        done = true;
                      }
                    }
                  }
                }
                void shutdown() {
                  shuttingDown = true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void stateBehindASynchronizedGetterWithASignal() {
      helper
          .addSourceLines(
              "Callbacks.java",
              """
              import java.util.ArrayDeque;
              import java.util.Queue;
              class Callbacks implements Runnable {
                private enum State { RUNNING, STOPPED }
                private final Object lifecycle = new Object();
                private final Object work = new Object();
                private final Queue<Runnable> pending = new ArrayDeque<>();
                private State target = State.STOPPED;
                void begin() {
                  synchronized (lifecycle) {
                    target = State.RUNNING;
                  }
                  new Thread(this).start();
                }
                boolean isRunning() {
                  boolean result;
                  synchronized (lifecycle) {
                    result = target == State.RUNNING;
                  }
                  return result;
                }
                @Override
                public void run() {
                  while (isRunning()) {
                    synchronized (work) {
                      try {
                        work.wait();
                      } catch (InterruptedException e) {
                      }
                    }
                  }
                }
                void end() {
                  synchronized (lifecycle) {
                    target = State.STOPPED;
                  }
                  synchronized (work) {
                    work.notifyAll();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void subclassOfALibraryServiceThreadLoopingOnItsStopFlag() {
      helper
          .addSourceLines(
              "Puller.java",
              """
              import dev.leakproof.checker.threads.library.LibraryServiceThread;
              import java.util.concurrent.BlockingQueue;
              class Puller extends LibraryServiceThread {
                private final BlockingQueue<String> requests;
                Puller(BlockingQueue<String> requests) {
                  this.requests = requests;
                }
                @Override
                public void run() {
                  while (!isStopped()) {
                    try {
                      System.out.println(requests.take());
                    } catch (InterruptedException e) {
                      // shutdown() sets the flag, then interrupts as a wake-up
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void futureTaskIsNoThreadOfItsOwn() {
      helper
          .addSourceLines(
              "Polling.java",
              """
              import java.util.concurrent.FutureTask;
              class Polling extends FutureTask<Void> {
                Polling() {
                  super(() -> null);
                }
                @Override
                public void run() {
                  while (!isCancelled()) {
                    try {
                      Thread.sleep(100);
                      System.out.println("poll");
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void interruptIsTheOnlyStopSignal() {
      helper
          .addSourceLines(
              "Drainer.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Drainer extends Thread {
                private final BlockingQueue<Runnable> jobs;
                Drainer(BlockingQueue<Runnable> jobs) {
                  this.jobs = jobs;
                }
                @Override
                public void run() {
                  while (true) {
                    try {
                      jobs.take().run();
                    // BUG: Diagnostic contains: interrupt() and shutdownNow() can never stop this thread
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void taskHandedToAnExecutorItDoesNotOwn() {
      helper
          .addSourceLines(
              "Listener.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Listener {
                private volatile boolean listening = true;
                void begin(ExecutorService shared, BlockingQueue<String> events) {
                  shared.submit(() -> {
                    while (listening) {
                      try {
                        System.out.println(events.take());
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                      }
                    }
                  });
                }
                void end() {
                  listening = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void executorTaskSwallowsTakeInLoop() {
      allThreadChecks
          .addSourceLines(
              "Dispatcher.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.ExecutorService;
              class Dispatcher {
                private final ExecutorService executor;
                private final BlockingQueue<Runnable> q;

                Dispatcher(ExecutorService executor, BlockingQueue<Runnable> q) {
                  this.executor = executor;
                  this.q = q;
                }

                void begin() {
                  executor.submit(() -> {
                    while (true) {
                      try {
                        q.take().run();
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException e) {
                      }
                    }
                  });
                }
              }
              """)
          .doTest();
    }

    @Test
    void ownershipNotInSight() {
      helper
          .addSourceLines(
              "Relay.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Relay implements Runnable {
                private final BlockingQueue<String> in;
                private volatile boolean open = true;
                Relay(BlockingQueue<String> in) {
                  this.in = in;
                }
                @Override
                public void run() {
                  while (open) {
                    try {
                      System.out.println(in.take());
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void close() {
                  open = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void restoresThenSpinsEvenInAnOwnedThreadWithAFlag() {
      helper
          .addSourceLines(
              "Spinner.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Spinner extends Thread {
                private final BlockingQueue<String> in;
                private volatile boolean open = true;
                Spinner(BlockingQueue<String> in) {
                  this.in = in;
                }
                @Override
                public void run() {
                  while (open) {
                    try {
                      System.out.println(in.take());
                    // BUG: Diagnostic contains: the loop spins
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
                void close() {
                  open = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void plainFieldWrittenWithoutInterruptIsNoStop() {
      helper
          .addSourceLines(
              "Watcher.java",
              """
              class Watcher extends Thread {
                private boolean done;
                @Override
                public void run() {
                  while (!done) {
                    try {
                      Thread.sleep(100);
                      System.out.println("tick");
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void finish() {
                  done = true; // no interrupt, no lock: the loop may never see it
                }
              }
              """)
          .doTest();
    }

    @Test
    void volatileFlagOnlyTheLoopItselfWrites() {
      helper
          .addSourceLines(
              "Looper.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Looper extends Thread {
                private final BlockingQueue<String> in;
                private volatile boolean active;
                Looper(BlockingQueue<String> in) {
                  this.in = in;
                }
                @Override
                public void run() {
                  active = true;
                  while (active) {
                    try {
                      System.out.println(in.take());
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void ownedThreadJoinsItsSiblingUntilItEnds() {
      // ganymed-ssh2's forwarders: the loop's way out is the sibling's end (the stream closes),
      // and the code starts the thread that runs the loop.
      helper
          .addSourceLines(
              "Forwarder.java",
              """
              import java.io.*;
              class Forwarder extends Thread {
                private final InputStream in;
                private final Thread sibling;
                Forwarder(InputStream in, Thread sibling) {
                  this.in = in;
                  this.sibling = sibling;
                }
                @Override
                public void run() {
                  try {
                    while (in.read() >= 0) {}
                  } catch (IOException ignored) {
                  }
                  if (sibling != null) {
                    while (sibling.isAlive()) {
                      try {
                        sibling.join();
                      } catch (InterruptedException ignored) {
                      }
                    }
                  }
                }
                static void open(InputStream a, InputStream b) {
                  Forwarder first = new Forwarder(a, null);
                  first.setDaemon(true);
                  first.start();
                  new Forwarder(b, first).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void joinUntilEndedButAnotherWaitOrAnotherThreadIsReported() {
      // The same owned thread, but the loop also sleeps, or joins one thread while testing another:
      // the interrupt is lost in a wait the joined thread's end does not bound.
      helper
          .addSourceLines(
              "Forwarder.java",
              """
              class Forwarder extends Thread {
                private final Thread sibling;
                private final Thread other;
                Forwarder(Thread sibling, Thread other) {
                  this.sibling = sibling;
                  this.other = other;
                }
                @Override
                public void run() {
                  while (sibling.isAlive()) {
                    try {
                      sibling.join();
                      Thread.sleep(10);
                    // BUG: Diagnostic contains: InterruptSwallowedInLoop
                    } catch (InterruptedException ignored) {
                    }
                  }
                  while (sibling.isAlive()) {
                    try {
                      other.join();
                    // BUG: Diagnostic contains: InterruptSwallowedInLoop
                    } catch (InterruptedException ignored) {
                    }
                  }
                }
                static void open(Thread a, Thread b) {
                  new Forwarder(a, b).start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * A loop that only waits for its condition on the caller's thread gets Guava's Uninterruptibles
   * idiom (remember the interrupt, restore it after the loop), not "leave".
   */
  @Nested
  class WaitLoopsOnTheCallersThread {
    @Test
    void messageSuggestsRestoringAfterTheLoop() {
      helper
          .addSourceLines(
              "Gate.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Gate {
                private final CountDownLatch opened = new CountDownLatch(1);
                private volatile long openedAt;
                void awaitOpen() {
                  while (openedAt == 0) {
                    try {
                      opened.await();
                    // BUG: Diagnostic contains: waits on the caller's thread, so the caller's interrupt is lost
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void pollingWaitWithAnOptionalTimeoutAndLogging() {
      helper
          .addSourceLines(
              "Reply.java",
              """
              import java.util.logging.Logger;
              class Reply {
                private static final Logger LOG = Logger.getLogger("reply");
                private volatile int answer = -1;
                private volatile boolean open = true;
                String key() {
                  return "request";
                }
                int await(long timeoutMillis) throws Exception {
                  long start = System.currentTimeMillis();
                  while (open && answer == -1) {
                    try {
                      LOG.fine("waiting for the reply to " + key());
                      Thread.sleep(10);
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (InterruptedException e) {
                    }
                    // only when a timeout was given: with 0 the loop has no bound
                    if (timeoutMillis > 0 && System.currentTimeMillis() - start > timeoutMillis) {
                      throw new Exception("no reply");
                    }
                  }
                  return answer;
                }
              }
              """)
          .doTest();
    }

    @Test
    void windowWaitWhoseCounterOnlyChangesOnTheWayOut() {
      helper
          .addSourceLines(
              "Window.java",
              """
              class Window {
                static final class Channel {
                  int remoteWindow;
                  int waiters;
                  volatile boolean closed;
                }
                void write(Channel c, int length) throws java.io.IOException {
                  while (true) {
                    synchronized (c) {
                      if (c.remoteWindow < length) {
                        try {
                          c.waiters++;
                          c.wait(100);
                        // BUG: Diagnostic contains: waits on the caller's thread
                        } catch (InterruptedException e) {
                        } finally {
                          c.waiters--;
                        }
                      }
                      if (c.remoteWindow >= length) {
                        c.remoteWindow -= length;
                        break;
                      }
                    }
                    if (c.closed) {
                      throw new java.io.IOException("channel is broken");
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void conditionTestedAgainBeforeTheWait() {
      // JmDNS closeMulticastSocket(): waits for the listener thread to end, re-testing under the lock
      helper
          .addSourceLines(
              "Closer.java",
              """
              class Closer {
                private Thread listener;
                private void awaitListenerEnd() {
                  while (listener != null && listener.isAlive()) {
                    synchronized (this) {
                      try {
                        if (listener != null && listener.isAlive()) {
                          this.wait(1000);
                        }
                      // BUG: Diagnostic contains: waits on the caller's thread
                      } catch (InterruptedException ignored) {
                      }
                    }
                  }
                  listener = null;
                }
                void close() {
                  awaitListenerEnd();
                }
              }
              """)
          .doTest();
    }

    @Test
    void workInABranchBeforeTheWaitStillGetsLeave() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              class Poller {
                private volatile boolean open = true;
                void poll() {
                  while (open) {
                    try {
                      if (open) {
                        refresh();
                      } else {
                        Thread.sleep(10);
                      }
                    // BUG: Diagnostic contains: leave the loop (return or break)
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void refresh() throws InterruptedException {
                  Thread.sleep(100);
                }
              }
              """)
          .doTest();
    }

    @Test
    void workerLoopInAPlainMethodStillGetsLeave() {
      helper
          .addSourceLines(
              "Pump.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Pump {
                private volatile boolean pumping = true;
                void pump(BlockingQueue<String> q) {
                  while (pumping) {
                    try {
                      System.out.println(q.take());
                    // BUG: Diagnostic contains: leave the loop (return or break)
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Loops that end by themselves, whatever the catch does: deadlines in the body (any clock or
   * helper), counters checked in the body, drain loops.
   */
  @Nested
  class LoopsThatEndByThemselves {
    @Test
    void deadlineFromAHelperInTheBody() {
      helper
          .addSourceLines(
              "Joiner.java",
              """
              import java.util.List;
              class Joiner {
                static long millisLeft(long stopAtNanos) {
                  return (stopAtNanos - System.nanoTime()) / 1_000_000;
                }
                void joinAll(List<Thread> workers, long stopAtNanos) {
                  again:
                  while (true) {
                    for (Thread worker : workers) {
                      long wait = millisLeft(stopAtNanos);
                      if (wait <= 0) {
                        return;
                      }
                      try {
                        worker.join(wait);
                      } catch (InterruptedException e) {
                        continue again;
                      }
                    }
                    return;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void remainingTimeCheckedInTheBody() {
      helper
          .addSourceLines(
              "Settle.java",
              """
              class Settle {
                interface Clock {
                  long read();
                }
                void settle(Clock clock, long deadline) {
                  while (true) {
                    long remaining = deadline - clock.read();
                    if (remaining <= 0) {
                      break;
                    }
                    try {
                      Thread.sleep(Math.min(remaining, 50));
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void counterCheckedInTheBody() {
      helper
          .addSourceLines(
              "Retry.java",
              """
              import java.util.concurrent.Future;
              class Retry {
                String fetch(Future<String> f) throws Exception {
                  int attempts = 0;
                  while (true) {
                    try {
                      return f.get();
                    } catch (InterruptedException e) {
                      attempts++;
                    }
                    if (attempts >= 3) {
                      return null;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void counterChangedInTheGuardsOwnCondition() {
      // if (++attempts > 3) return null: the condition runs on every pass that reaches it, so the
      // change counts; a change only in the branch that leaves does not
      helper
          .addSourceLines(
              "Retry.java",
              """
              import java.util.concurrent.Future;
              class Retry {
                String fetch(Future<String> f) throws Exception {
                  int attempts = 0;
                  while (true) {
                    try {
                      return f.get();
                    } catch (InterruptedException e) {
                      System.err.println(e);
                    }
                    if (++attempts > 3) {
                      return null;
                    }
                  }
                }
                String fetchAgain(Future<String> f) throws Exception {
                  int attempts = 0;
                  while (true) {
                    try {
                      return f.get();
                    // BUG: Diagnostic contains: swallows
                    } catch (InterruptedException e) {
                      System.err.println(e);
                    }
                    if (attempts > 3) {
                      attempts++;
                      return null;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void drainLoops() {
      helper
          .addSourceLines(
              "Flush.java",
              """
              import java.util.Queue;
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.Future;
              class Flush {
                void flush(Queue<Future<?>> pending) {
                  Future<?> next;
                  while ((next = pending.poll()) != null) {
                    try {
                      next.get();
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
                void empty(BlockingQueue<Runnable> tasks) {
                  while (!tasks.isEmpty()) {
                    try {
                      tasks.take().run();
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopWhileWorkIsLeftThatTakesWorkOut() {
      helper
          .addSourceLines(
              "Backlog.java",
              """
              import java.util.ArrayList;
              import java.util.List;
              class Backlog {
                private final List<String> buffered = new ArrayList<>();
                int count() {
                  return buffered.size();
                }
                void remove(int index) {
                  buffered.remove(index);
                }
                void flush() {
                  while (count() > 0) {
                    try {
                      System.out.println(buffered.get(0));
                      remove(0);
                    } catch (IndexOutOfBoundsException e) {
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException ignored) {
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void conditionTheMethodHasJustMadeFalse() {
      helper
          .addSourceLines(
              "Stopper.java",
              """
              class Stopper {
                private enum State { RUNNING, STOPPED }
                private final Object lifecycle = new Object();
                private State target = State.RUNNING;
                private State current = State.RUNNING;
                boolean isRunning() {
                  boolean result;
                  synchronized (lifecycle) {
                    result = current == State.RUNNING && target == State.RUNNING;
                  }
                  return result;
                }
                void stop() {
                  synchronized (lifecycle) {
                    target = State.STOPPED;
                  }
                  // cannot iterate: isRunning() needs target == RUNNING
                  while (isRunning()) {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void stopIfRunning() {
                  synchronized (lifecycle) {
                    if (isRunning()) {
                      target = State.STOPPED; // false on both paths afterwards
                    }
                  }
                  while (isRunning()) {
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                    }
                  }
                }
                void awaitStopped() {
                  while (isRunning()) {
                    try {
                      Thread.sleep(100);
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopLeftWhenItsTimedWaitTimesOut() {
      // Jetty's LocalEndPoint.waitUntilClosed(): at most one timeout after the last interrupt
      helper
          .addSourceLines(
              "EndPoint.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              class EndPoint {
                private final CountDownLatch closed = new CountDownLatch(1);
                private volatile boolean open = true;
                public void waitUntilClosed() {
                  while (open) {
                    try {
                      if (!closed.await(10, TimeUnit.SECONDS)) {
                        break;
                      }
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
                void serve() {
                  new Thread(() -> {
                    while (open) {
                      try {
                        if (!(closed.await(1, TimeUnit.SECONDS))) {
                          return;
                        }
                      } catch (InterruptedException e) {
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void timedWaitWhoseTimeoutDoesNotLeave() {
      helper
          .addSourceLines(
              "EndPoint.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              class EndPoint {
                private final CountDownLatch closed = new CountDownLatch(1);
                private volatile boolean open = true;
                void serve() {
                  new Thread(() -> {
                    while (open) {
                      try {
                        if (!closed.await(1, TimeUnit.SECONDS)) {
                          continue;
                        }
                        System.out.println("closed");
                      // BUG: Diagnostic contains: can never stop this thread
                      } catch (InterruptedException e) {
                      }
                    }
                  }).start();
                  new Thread(() -> {
                    while (open) {
                      try {
                        if (!closed.await(1, TimeUnit.SECONDS)) {
                          System.out.println("still open");
                        }
                      // BUG: Diagnostic contains: can never stop this thread
                      } catch (InterruptedException e) {
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void deadlineHeldInABooleanTheLoopRecomputes() {
      // the condition's flag is a deadline test: `waiting = left > 0` on every pass
      helper
          .addSourceLines(
              "Watch.java",
              """
              class Watch implements Runnable {
                private final long timeoutMillis;
                private boolean stopped;
                Watch(long timeoutMillis) { this.timeoutMillis = timeoutMillis; }
                @Override public void run() {
                  long start = System.currentTimeMillis();
                  synchronized (this) {
                    long left = timeoutMillis;
                    boolean waiting = left > 0;
                    while (!stopped && waiting) {
                      try {
                        wait(left);
                      } catch (InterruptedException ignored) {
                      }
                      left = timeoutMillis - (System.currentTimeMillis() - start);
                      waiting = left > 0;
                    }
                  }
                }
                synchronized void stop() { stopped = true; notifyAll(); }
              }
              """)
          .doTest();
    }

    @Test
    void aCounterSteppedInTheLongFormIsACounter() {
      // Ehcache 2's RMIBootstrapCacheLoader: `for (int i = 0; i <= wait; i = i + ONE_SECOND)`; a
      // step from another variable does not move the counter
      helper
          .addSourceLines(
              "Bootstrap.java",
              """
              class Bootstrap {
                private static final int ONE_SECOND = 1000;
                void waitForCluster(int wait) {
                  for (int i = 0; i <= wait; i = i + ONE_SECOND) {
                    try {
                      Thread.sleep(ONE_SECOND);
                    } catch (InterruptedException ignored) {
                    }
                  }
                }
                void waitWrongly(int wait, int start) {
                  for (int i = 0; i <= wait; i = start + ONE_SECOND) {
                    try {
                      Thread.sleep(ONE_SECOND);
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException ignored) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void deadlinePassedHeldInABooleanTheLoopRecomputes() {
      // the negated form: `while (!expired ..)` with `expired = now > deadline` on every pass
      // (Camel's MockEndpoint waits for a file this way); a flag set from a count is no deadline
      helper
          .addSourceLines(
              "FileWait.java",
              """
              import java.io.File;
              import java.util.Queue;
              class FileWait {
                void await(File file) {
                  long deadline = System.currentTimeMillis() + 5000;
                  boolean expired = false;
                  while (!expired && !file.exists()) {
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                    }
                    expired = System.currentTimeMillis() > deadline;
                  }
                }
                void drain(Queue<String> pending) {
                  boolean done = false;
                  while (!done) {
                    try {
                      Thread.sleep(50);
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException ignored) {
                    }
                    done = pending.size() > 10;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void booleanThatIsNoDeadlineOrNotEveryWayToGoOn() {
      helper
          .addSourceLines(
              "Watch.java",
              """
              import java.util.Queue;
              class Watch implements Runnable {
                private final long timeoutMillis;
                private final Queue<String> pending;
                private boolean stopped;
                Watch(long timeoutMillis, Queue<String> pending) {
                  this.timeoutMillis = timeoutMillis;
                  this.pending = pending;
                }
                @Override public void run() {
                  long start = System.currentTimeMillis();
                  boolean waiting = true;
                  synchronized (this) {
                    // or: the loop goes on while not stopped, whatever the deadline says
                    while (!stopped || waiting) {
                      try {
                        wait(100);
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException ignored) {
                      }
                      waiting = timeoutMillis - (System.currentTimeMillis() - start) > 0;
                    }
                    boolean busy = true;
                    while (!stopped && busy) {
                      try {
                        wait(100);
                      // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                      } catch (InterruptedException ignored) {
                      }
                      busy = pending.size() > 0;
                    }
                  }
                }
                synchronized void stop() { stopped = true; notifyAll(); }
              }
              """)
          .doTest();
    }

    @Test
    void guardThatIsNoDeadlineOrCounter() {
      helper
          .addSourceLines(
              "Idle.java",
              """
              import java.util.concurrent.BlockingQueue;
              class Idle {
                void idle(BlockingQueue<String> q) {
                  while (true) {
                    if (q.isEmpty() && Thread.activeCount() > 100) {
                      break;
                    }
                    try {
                      System.out.println(q.take());
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /** {@code @SuppressWarnings} and {@code @IntentionalDaemon}. */
  @Nested
  class Suppression {
    @Test
    void suppressWarningsAndIntentionalDaemon() {
      helper
          .addSourceLines(
              "C.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.BlockingQueue;
              class C {
                @SuppressWarnings("InterruptSwallowedInLoop")
                void suppressed(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                    }
                  }
                }
                @IntentionalDaemon("runs until the JVM exits")
                void daemon(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Restore the interrupt and leave the loop; in a wait loop on the caller's thread, remember the
   * interrupt and restore it after the loop.
   */
  @Nested
  class Fixes {
    private final BugCheckerRefactoringTestHelper refactoring =
        BugCheckerRefactoringTestHelper.newInstance(InterruptSwallowedInLoop.class, getClass());

    @Test
    void restoresAndBreaks() {
      refactoring
          .addInputLines(
              "D.java",
              """
              import java.util.concurrent.BlockingQueue;
              class D {
                void drain(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      System.out.println(q.take());
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                    }
                  }
                }
              }
              """)
          .addOutputLines(
              "D.java",
              """
              import java.util.concurrent.BlockingQueue;
              class D {
                void drain(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      System.out.println(q.take());
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                      Thread.currentThread().interrupt();
                      break;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void restoresAndReturnsFromNestedLoopsInsteadOfContinuing() {
      refactoring
          .addInputLines(
              "E.java",
              """
              import java.util.List;
              import java.util.concurrent.BlockingQueue;
              class E {
                void drain(List<BlockingQueue<String>> queues) {
                  while (true) {
                    for (BlockingQueue<String> q : queues) {
                      try {
                        q.take();
                      } catch (InterruptedException e) {
                        continue;
                      }
                    }
                  }
                }
              }
              """)
          .addOutputLines(
              "E.java",
              """
              import java.util.List;
              import java.util.concurrent.BlockingQueue;
              class E {
                void drain(List<BlockingQueue<String>> queues) {
                  while (true) {
                    for (BlockingQueue<String> q : queues) {
                      try {
                        q.take();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void breaksAfterARestoreAndChecksTheTypeInACatchOfException() {
      refactoring
          .addInputLines(
              "F.java",
              """
              class F {
                volatile boolean running = true;
                void poll() {}
                void spin() {
                  while (running) {
                    try {
                      Thread.sleep(10);
                      poll();
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
                void restores(java.util.concurrent.BlockingQueue<String> q) {
                  while (running) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              }
              """)
          .addOutputLines(
              "F.java",
              """
              class F {
                volatile boolean running = true;
                void poll() {}
                void spin() {
                  while (running) {
                    try {
                      Thread.sleep(10);
                      poll();
                    } catch (Exception e) {
                      System.err.println(e);
                      if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        break;
                      }
                    }
                  }
                }
                void restores(java.util.concurrent.BlockingQueue<String> q) {
                  while (running) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      break;
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void noBreakFixWhereFallingOffTheEndWouldNotCompile() {
      refactoring
          .addInputLines(
              "E.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.Callable;
              class E {
                Callable<String> task(BlockingQueue<String> q) {
                  return () -> {
                    while (true) {
                      try {
                        return q.take();
                      } catch (InterruptedException e) {
                        System.err.println("interrupted");
                      }
                    }
                  };
                }
              }
              """)
          .expectUnchanged()
          .doTest();
    }

    @Test
    void waitLoopRemembersAndRestoresAfterTheLoop() {
      refactoring
          .addInputLines(
              "Throttle.java",
              """
              class Throttle {
                private final Object room = new Object();
                private int inFlight;
                void enter() {
                  synchronized (room) {
                    while (inFlight >= 8) {
                      try {
                        room.wait();
                      } catch (InterruptedException e) {
                        System.err.println("still waiting for room");
                      }
                    }
                    inFlight++;
                  }
                }
              }
              """)
          .addOutputLines(
              "Throttle.java",
              """
              class Throttle {
                private final Object room = new Object();
                private int inFlight;
                void enter() {
                  synchronized (room) {
                    boolean interrupted = false;
                    try {
                      while (inFlight >= 8) {
                        try {
                          room.wait();
                        } catch (InterruptedException e) {
                          System.err.println("still waiting for room");
                          interrupted = true;
                        }
                      }
                    } finally {
                      if (interrupted) {
                        Thread.currentThread().interrupt();
                      }
                    }
                    inFlight++;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitLoopFixUsesAFreshNameForTheFlag() {
      refactoring
          .addInputLines(
              "Backoff.java",
              """
              class Backoff {
                private volatile boolean ready;
                void awaitReady(boolean interrupted) {
                  while (!ready) {
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              }
              """)
          .addOutputLines(
              "Backoff.java",
              """
              class Backoff {
                private volatile boolean ready;
                void awaitReady(boolean interrupted) {
                  boolean interrupted2 = false;
                  try {
                    while (!ready) {
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        interrupted2 = true;
                      }
                    }
                  } finally {
                    if (interrupted2) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }
}
