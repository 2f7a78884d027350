package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
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
}
