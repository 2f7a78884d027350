package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Test;

/**
 * The three thread checks run together on code written in other people's style: fields instead of
 * locals, threads started in constructors, named inner classes, method references, virtual threads
 * and thread factories. Every diagnostic of any of the three checks must be expected, so each case
 * also proves the other two checks stay silent. Expectations follow CHECKS.md.
 */
class ThreadChecksHeldOutStyleTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(
          ScannerSupplier.fromBugCheckerClasses(
              UnboundedBlockingCall.class, ThreadWithoutExitPath.class, InterruptSwallowedInLoop.class),
          getClass());

  // ---------------------------------------------------------------- ThreadWithoutExitPath: flagged

  @Test
  void fieldRunnableStartedInConstructorAsDaemon() {
    helper
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
  void methodReferenceHeldInFieldStartedInConstructor() {
    helper
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
  void anonymousThreadSubclassWithDoWhileTrue() {
    helper
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
    helper
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
    helper
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
  void virtualThreadBuilderStart() {
    helper
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
    helper
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

  @Test
  void plainFlagLoopInNamedThreadSubclass() {
    helper
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
  void infiniteLoopWhoseOnlyCatchSwallowsIsReportedByBoth() {
    helper
        .addSourceLines(
            "Drainer.java",
            """
            import java.util.concurrent.BlockingQueue;
            class Drainer {
              private final Thread drainer;

              Drainer(BlockingQueue<Runnable> tasks) {
                drainer = new Thread(() -> {
                  while (true) {
                    try {
                      tasks.take().run();
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException ignored) {
                    }
                  }
                });
                // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                drainer.start();
              }
            }
            """)
        .doTest();
  }

  // ------------------------------------------------------------ ThreadWithoutExitPath: not flagged

  @Test
  void exitsThatEndTheLoop() {
    helper
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
    helper
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

  // ------------------------------------------------------------- InterruptSwallowedInLoop: flagged

  @Test
  void executorTaskSwallowsTakeInLoop() {
    helper
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
  void catchExceptionAroundSleepLogsAndLoops() {
    helper
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
  void multiCatchWithIoExceptionInLoop() {
    helper
        .addSourceLines(
            "Copier.java",
            """
            import java.io.IOException;
            import java.io.InputStream;
            import java.util.concurrent.BlockingQueue;
            class Copier {
              private final Thread copier;

              Copier(BlockingQueue<InputStream> sources) {
                copier = new Thread(() -> {
                  for (;;) {
                    try {
                      InputStream in = sources.take();
                      in.transferTo(System.out);
                    // BUG: Diagnostic contains: [InterruptSwallowedInLoop]
                    } catch (InterruptedException | IOException e) {
                      e.printStackTrace();
                    }
                  }
                });
              }

              void go() {
                // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                copier.start();
              }

              void halt() {
                copier.interrupt();
              }
            }
            """)
        .doTest();
  }

  @Test
  void restoreThenContinueInLoopThatNeverChecks() {
    helper
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
    helper
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

  // --------------------------------------------------------- InterruptSwallowedInLoop: not flagged

  @Test
  void handlersThatLeaveOrRethrowAndBoundedLoops() {
    helper
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

  // -------------------------------------------------------------- UnboundedBlockingCall: flagged

  @Test
  void untimedFutureGetWhoseCatchLeavesTheWait() {
    helper
        .addSourceLines(
            "Fetcher.java",
            """
            import java.util.concurrent.ExecutionException;
            import java.util.concurrent.Future;
            import java.util.logging.Logger;
            class Fetcher {
              private static final Logger logger = Logger.getLogger("fetcher");

              String fetch(Future<String> pending) {
                String result = null;
                try {
                  // 0.2: the catch leaves the wait; only the interrupt status is lost
                  result = pending.get();
                } catch (InterruptedException e) {
                  logger.warning("interrupted: " + e);
                } catch (ExecutionException e) {
                  logger.severe("failed: " + e.getCause());
                }
                return result;
              }
            }
            """)
        .doTest();
  }

  @Test
  void completableFutureJoinChains() {
    helper
        .addSourceLines(
            "Loader.java",
            """
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.TimeUnit;
            class Loader {
              String load(CompletableFuture<String> source) {
                // BUG: Diagnostic contains: [UnboundedBlockingCall]
                return source.thenApply(String::trim).thenApply(String::toUpperCase).join();
              }

              int size() {
                // BUG: Diagnostic contains: ignores interrupts
                return CompletableFuture.supplyAsync(() -> "abc").thenApply(String::length).join();
              }

              String bounded(CompletableFuture<String> source) {
                return source.orTimeout(2, TimeUnit.SECONDS).thenApply(String::trim).join();
              }

              String boundedThroughLocal(CompletableFuture<String> source) {
                CompletableFuture<String> guarded = source.completeOnTimeout("", 1, TimeUnit.SECONDS);
                return guarded.join();
              }
            }
            """)
        .doTest();
  }

  @Test
  void latchAwaitWhoseCatchLeavesTheWait() {
    helper
        .addSourceLines(
            "Startup.java",
            """
            import java.util.concurrent.CountDownLatch;
            class Startup {
              private final CountDownLatch started = new CountDownLatch(1);

              void awaitStarted() {
                try {
                  // 0.2: the catch leaves the wait and the method goes on; not a hang
                  started.await();
                } catch (InterruptedException ignored) {
                }
                System.out.println("started");
              }
            }
            """)
        .doTest();
  }

  @Test
  void guavaUninterruptiblesUntimed() {
    helper
        .addSourceLines(
            "Results.java",
            """
            import com.google.common.util.concurrent.Uninterruptibles;
            import java.util.concurrent.ExecutionException;
            import java.util.concurrent.Future;
            class Results {
              private Future<Integer> answer;

              int answer() throws ExecutionException {
                // BUG: Diagnostic contains: [UnboundedBlockingCall]
                int value = Uninterruptibles.getUninterruptibly(answer);
                return value + 1;
              }
            }
            """)
        .doTest();
  }

  @Test
  void conditionAwaitUninterruptibly() {
    helper
        .addSourceLines(
            "Gate.java",
            """
            import java.util.concurrent.locks.Condition;
            import java.util.concurrent.locks.ReentrantLock;
            class Gate {
              private final ReentrantLock lock = new ReentrantLock();
              private final Condition opened = lock.newCondition();
              private boolean open;

              void pass() {
                lock.lock();
                try {
                  while (!open) {
                    // BUG: Diagnostic contains: [UnboundedBlockingCall]
                    opened.awaitUninterruptibly();
                  }
                } finally {
                  lock.unlock();
                }
              }

              void passInline() {
                lock.lock();
                try {
                  // BUG: Diagnostic contains: ignores interrupts
                  lock.newCondition().awaitUninterruptibly();
                } finally {
                  lock.unlock();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void processWaitForWithInterruptLogged() {
    helper
        .addSourceLines(
            "Shell.java",
            """
            import java.io.IOException;
            class Shell {
              int run(String... command) throws IOException {
                Process process = new ProcessBuilder(command).start();
                try {
                  // BUG: Diagnostic contains: [UnboundedBlockingCall]
                  return process.waitFor();
                } catch (InterruptedException e) {
                  System.err.println("interrupted");
                  return -1;
                }
              }

              int runPropagating(String... command) throws IOException, InterruptedException {
                return new ProcessBuilder(command).start().waitFor();
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitInDroppedThreadBodies() {
    helper
        .addSourceLines(
            "Consumers.java",
            """
            import java.util.concurrent.BlockingQueue;
            class Consumers {
              private final BlockingQueue<String> jobs;

              Consumers(BlockingQueue<String> jobs) {
                this.jobs = jobs;
                new Thread(this::consume).start();
              }

              private void consume() {
                try {
                  while (true) {
                    // BUG: Diagnostic contains: nothing can interrupt this thread
                    handle(jobs.take());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }

              void once() {
                Thread t = new Thread(() -> {
                  try {
                    // BUG: Diagnostic contains: nothing can interrupt this thread
                    handle(jobs.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
                t.setDaemon(true);
                t.start();
              }

              private void handle(String job) {}
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------- UnboundedBlockingCall: not flagged

  @Test
  void boundedOrCompleteOrOwnedWaits() {
    helper
        .addSourceLines(
            "Calm.java",
            """
            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.BlockingQueue;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.ExecutionException;
            import java.util.concurrent.Future;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.TimeoutException;
            class Calm {
              private final List<Thread> threads = new ArrayList<>();
              private Thread consumer;

              String timed(BlockingQueue<String> q, Future<String> f)
                  throws InterruptedException, ExecutionException, TimeoutException {
                String head = q.poll(1, TimeUnit.SECONDS);
                return head + f.get(5, TimeUnit.SECONDS);
              }

              String afterDone(Future<String> f) throws Exception {
                if (!f.isDone()) {
                  return null;
                }
                return f.get();
              }

              void callbacks(CompletableFuture<String> f, CompletableFuture<Integer> g) {
                f.thenAccept(v -> System.out.println(v + f.join()));
                g.whenComplete((v, e) -> {
                  if (e == null) {
                    System.out.println(g.join());
                  }
                });
              }

              String propagates(Future<String> f) throws InterruptedException, ExecutionException {
                return f.get();
              }

              void keptThreads(BlockingQueue<String> q) {
                Thread t = new Thread(() -> {
                  try {
                    System.out.println(q.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
                t.start();
                threads.add(t);
                consumer = new Thread(() -> {
                  try {
                    System.out.println(q.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
                consumer.start();
              }

              String restoresAndLeaves(Future<String> f) throws ExecutionException {
                try {
                  return f.get();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              }

              void stop() {
                consumer.interrupt();
              }
            }
            """)
        .doTest();
  }

  // ------------------------------------------------------------------------------ Suppression

  @Test
  void intentionalDaemonOnFieldsAndLocals() {
    helper
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

  // ------------------------------------------------------------------------ second round: shapes

  @Test
  void threadStartedInStaticInitializer() {
    helper
        .addSourceLines(
            "Registry.java",
            """
            import java.util.concurrent.BlockingQueue;
            import java.util.concurrent.LinkedBlockingQueue;
            class Registry {
              static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
              static long seen;

              static {
                Thread ticker = new Thread(() -> {
                  while (true) {
                    seen++;
                  }
                });
                ticker.setDaemon(true);
                // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                ticker.start();
              }

              {
                Thread listener = new Thread(() -> {
                  try {
                    // BUG: Diagnostic contains: nothing can interrupt this thread
                    System.out.println(EVENTS.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
                listener.start();
              }
            }
            """)
        .doTest();
  }

  @Test
  void lambdaThatOnlyCallsTheLoopMethod() {
    helper
        .addSourceLines(
            "Monitor.java",
            """
            import java.util.concurrent.BlockingQueue;
            class Monitor {
              private final BlockingQueue<String> alerts;
              private int checks;

              Monitor(BlockingQueue<String> alerts) {
                this.alerts = alerts;
                // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                new Thread(() -> watch()).start();
                Thread t = new Thread(() -> {
                  this.watch();
                }, "watch-2");
                t.setDaemon(true);
                // BUG: Diagnostic contains: [ThreadWithoutExitPath]
                t.start();
                new Thread(() -> deliver()).start();
              }

              private void watch() {
                while (true) {
                  checks++;
                }
              }

              private void deliver() {
                try {
                  for (;;) {
                    // BUG: Diagnostic contains: nothing can interrupt this thread
                    System.out.println(alerts.take());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void runMethodThatDelegatesToTheLoop() {
    helper
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
  void loopOnLocalThatNothingChanges() {
    helper
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
  void catchSetsAFlagTheLoopChecksToLeave() {
    helper
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
  void monitorWaitSwallowedInLoopAndSubmitGetSwallowed() {
    helper
        .addSourceLines(
            "Mailbox.java",
            """
            import java.util.concurrent.Callable;
            import java.util.concurrent.ExecutionException;
            import java.util.concurrent.ExecutorService;
            class Mailbox {
              private final Object lock = new Object();
              private String mail;

              String receive() {
                synchronized (lock) {
                  while (mail == null) {
                    try {
                      lock.wait();
                    // BUG: Diagnostic contains: waits on the caller's thread
                    } catch (InterruptedException e) {
                    }
                  }
                  return mail;
                }
              }

              String compute(ExecutorService executor, Callable<String> job) throws ExecutionException {
                try {
                  // 0.2: the catch returns, leaving the wait
                  return executor.submit(job).get();
                } catch (InterruptedException e) {
                  return "";
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void runnableFieldHoldingMethodReference() {
    helper
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

  // ------------------------------------------------------------------------- third round: shapes

  @Test
  void runInheritedFromAbstractBaseInSameFile() {
    helper
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
  void lambdaThatWrapsTheLoopCallInTryCatch() {
    helper
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
  void loopOnGetterOfPlainField() {
    helper
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
  void waitInDroppedFactoryThread() {
    helper
        .addSourceLines(
            "Listener.java",
            """
            import java.util.concurrent.BlockingQueue;
            import java.util.concurrent.ThreadFactory;
            class Listener {
              private final ThreadFactory factory;

              Listener(ThreadFactory factory) {
                this.factory = factory;
              }

              void listen(BlockingQueue<String> events) {
                factory.newThread(() -> {
                  try {
                    // BUG: Diagnostic contains: nothing can interrupt this thread
                    System.out.println(events.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }).start();
              }
            }
            """)
        .doTest();
  }

  @Test
  void intentionalDaemonOnTheRunnableField() {
    helper
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

  @Test
  void delegatedBodyWithExitAndConditionsThatNeverChangeAfterConstruction() {
    helper
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

  // ------------------------------------------------------------------------ fourth round: shapes

  @Test
  void runnableStartingItselfAndVirtualMethodReference() {
    helper
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
  void interruptLeavesThroughHelperThatRethrowsUnchecked() {
    helper
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
  void helperRethrowCaughtInsideTheLoopIsNoExit() {
    helper
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

  @Test
  void threadFieldResetToNullOnStop() {
    helper
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
  void orTimeoutAppliedAsItsOwnStatementBoundsTheJoin() {
    helper
        .addSourceLines(
            "Quote.java",
            """
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.TimeUnit;
            class Quote {
              private final CompletableFuture<String> pending = new CompletableFuture<>();

              String price(CompletableFuture<String> quote) {
                quote.orTimeout(3, TimeUnit.SECONDS);
                return quote.join();
              }

              String pendingPrice() {
                pending.completeOnTimeout("n/a", 1, TimeUnit.SECONDS);
                return pending.join();
              }

              String unbounded(CompletableFuture<String> quote) {
                CompletableFuture<String> trimmed = quote.thenApply(String::trim);
                trimmed.thenRun(() -> {});
                // BUG: Diagnostic contains: [UnboundedBlockingCall]
                return trimmed.join();
              }
            }
            """)
        .doTest();
  }

  @Test
  void privateFlagThatNothingEverClears() {
    helper
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
  void guavaUninterruptibleTakeAndJoin() {
    helper
        .addSourceLines(
            "Drain.java",
            """
            import com.google.common.util.concurrent.Uninterruptibles;
            import java.util.concurrent.BlockingQueue;
            class Drain {
              String next(BlockingQueue<String> q, Thread producer) {
                // BUG: Diagnostic contains: ignores interrupts
                Uninterruptibles.joinUninterruptibly(producer);
                // BUG: Diagnostic contains: ignores interrupts
                String head = Uninterruptibles.takeUninterruptibly(q);
                return head.trim();
              }
            }
            """)
        .doTest();
  }

  @Test
  void restoreAndContinueInLoopThatChecksAndFlagsWrittenElsewhereOrInInitializers() {
    helper
        .addSourceLines(
            "Feeder.java",
            """
            import java.util.concurrent.BlockingQueue;
            class Feeder {
              private boolean paused;
              private boolean fed;
              private final Runnable pauser = () -> paused = true;
              private final Thread feeder;

              {
                fed = false;
              }

              Feeder(BlockingQueue<String> q) {
                feeder = new Thread(() -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      System.out.println(q.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      continue;
                    }
                  }
                });
                feeder.start();
                new Thread(() -> {
                  while (!paused) {
                    Thread.onSpinWait();
                  }
                }).start();
                new Thread(() -> {
                  while (!fed) {
                    Thread.onSpinWait();
                  }
                }).start();
              }

              void stop() {
                feeder.interrupt();
              }
            }
            """)
        .doTest();
  }

  @Test
  void bodyThatSetsUpThenCallsTheLoopMethod() {
    helper
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
}
