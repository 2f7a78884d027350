package dev.leakproof.checker.threads;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class InterruptSwallowedInLoopTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(InterruptSwallowedInLoop.class, getClass());
  private final BugCheckerRefactoringTestHelper refactoring =
      BugCheckerRefactoringTestHelper.newInstance(InterruptSwallowedInLoop.class, getClass());

  @Test
  void identificationNegatives() {
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
  void identificationPositives() {
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

  @Test
  void suppression() {
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
  void replacementBreak() {
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
  void replacementReturnFromNestedLoopsAndContinue() {
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
  void replacementRestoresAlreadyAndCatchesException() {
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
}
