package dev.leakproof.checker.executors;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/**
 * Shapes of executor and timer code written differently from the checks' own tests, each expected
 * result taken from the specification alone: loops of submissions, {@code var}, scheduled pools
 * dropped inline, pools in lambdas, anonymous classes and static initialisers, pool subtypes,
 * fields set in constructors and shut down (or not) by lifecycle methods, timers per request.
 */
class ExecutorChecksHeldOutStyleTest {
  private final CompilationTestHelper executors =
      CompilationTestHelper.newInstance(ExecutorNeverShutDown.class, getClass());
  private final CompilationTestHelper timers =
      CompilationTestHelper.newInstance(TimerNeverCancelled.class, getClass());

  // ---- ExecutorNeverShutDown: must flag ----

  @Test
  void awaitTerminationWithoutShutdown() {
    executors
        .addSourceLines(
            "Batch.java",
            """
            import java.util.List;
            import java.util.concurrent.*;
            class Batch {
              void process(List<Runnable> jobs, int n) throws InterruptedException {
                // BUG: Diagnostic contains: Executor 'executor' is never shut down
                ExecutorService executor = Executors.newFixedThreadPool(n);
                for (Runnable job : jobs) {
                  executor.submit(job);
                }
                executor.awaitTermination(10, TimeUnit.MINUTES);
              }
            }
            """)
        .doTest();
  }

  @Test
  void varDeclaredPool() {
    executors
        .addSourceLines(
            "Fetcher.java",
            """
            import java.util.concurrent.*;
            class Fetcher {
              Future<String> fetch(Callable<String> call) {
                // BUG: Diagnostic contains: Executor 'pool' is never shut down
                var pool = Executors.newCachedThreadPool();
                return pool.submit(call);
              }
            }
            """)
        .doTest();
  }

  @Test
  void scheduledPoolDroppedInline() {
    executors
        .addSourceLines(
            "Heartbeat.java",
            """
            import java.util.concurrent.*;
            class Heartbeat {
              void start(Runnable beat) {
                // BUG: Diagnostic contains: created, used once and dropped
                Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(beat, 0, 5, TimeUnit.SECONDS);
              }
            }
            """)
        .doTest();
  }

  @Test
  void shutdownInTheIfBranchOnly() {
    executors
        .addSourceLines(
            "Sync.java",
            """
            import java.util.concurrent.*;
            class Sync {
              void sync(Runnable task, boolean last) {
                // BUG: Diagnostic contains: is not shut down on every path
                ExecutorService es = Executors.newSingleThreadExecutor();
                es.execute(task);
                if (last) {
                  es.shutdown();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void usedByCompletableFutureAndNeverShutDown() {
    executors
        .addSourceLines(
            "Prices.java",
            """
            import java.util.concurrent.*;
            class Prices {
              double average() {
                // BUG: Diagnostic contains: Executor 'es' is never shut down
                ExecutorService es = Executors.newFixedThreadPool(3);
                CompletableFuture<Double> a = CompletableFuture.supplyAsync(() -> 1.0, es);
                CompletableFuture<Double> b = CompletableFuture.supplyAsync(() -> 2.0, es);
                return a.thenCombine(b, (x, y) -> (x + y) / 2).join();
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldSetInConstructorAndNeverShutDown() {
    executors
        .addSourceLines(
            "Indexer.java",
            """
            import java.util.concurrent.*;
            class Indexer {
              // BUG: Diagnostic contains: Field 'executor' holds an executor this class creates
              private final ExecutorService executor;
              Indexer(int threads) {
                this.executor = Executors.newFixedThreadPool(threads);
              }
              void index(Runnable doc) {
                executor.execute(doc);
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldInitialisedInlineNeverShutDown() {
    executors
        .addSourceLines(
            "Mailer.java",
            """
            import java.util.concurrent.*;
            class Mailer {
              // BUG: Diagnostic contains: Field 'pool'
              private final ExecutorService pool = Executors.newFixedThreadPool(2);
              void send(Runnable mail) {
                pool.submit(mail);
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticFieldWithNonDaemonThreads() {
    executors
        .addSourceLines(
            "Registry.java",
            """
            import java.util.concurrent.*;
            class Registry {
              // BUG: Diagnostic contains: Field 'SCHEDULER'
              private static final ScheduledExecutorService SCHEDULER =
                  Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "registry"));
              static void every(Runnable r) {
                SCHEDULER.scheduleWithFixedDelay(r, 1, 1, TimeUnit.SECONDS);
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldReplacedInRestartWithoutShuttingTheOldOne() {
    executors
        .addSourceLines(
            "Worker.java",
            """
            import java.util.concurrent.*;
            class Worker {
              // BUG: Diagnostic contains: gets a new executor in restart() without shutting down
              private ExecutorService executor = Executors.newSingleThreadExecutor();
              void restart() {
                executor = Executors.newSingleThreadExecutor();
              }
              void stop() {
                executor.shutdownNow();
              }
              void run(Runnable r) {
                executor.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldReplacedAfterOnlyUsingTheOldOne() {
    executors
        .addSourceLines(
            "Worker.java",
            """
            import java.util.concurrent.*;
            class Worker {
              // BUG: Diagnostic contains: gets a new executor in resize() without shutting down
              private ExecutorService executor = Executors.newFixedThreadPool(2);
              void resize(int threads, Runnable warmUp) {
                executor.execute(warmUp);
                executor = Executors.newFixedThreadPool(threads);
              }
              void stop() {
                executor.shutdown();
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolInsideLambdaBody() {
    executors
        .addSourceLines(
            "Jobs.java",
            """
            import java.util.concurrent.*;
            class Jobs {
              Runnable job(Runnable step) {
                return () -> {
                  // BUG: Diagnostic contains: Executor 'inner' is never shut down
                  ExecutorService inner = Executors.newFixedThreadPool(2);
                  inner.execute(step);
                };
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolInsideAnonymousClass() {
    executors
        .addSourceLines(
            "Jobs.java",
            """
            import java.util.concurrent.*;
            class Jobs {
              Runnable job(Runnable step) {
                return new Runnable() {
                  @Override public void run() {
                    // BUG: Diagnostic contains: Executor 'inner' is never shut down
                    ExecutorService inner = Executors.newCachedThreadPool();
                    inner.submit(step);
                  }
                };
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolInStaticInitializer() {
    executors
        .addSourceLines(
            "Boot.java",
            """
            import java.util.concurrent.*;
            class Boot {
              // BUG: Diagnostic contains: Field 'WORKERS'
              private static final ExecutorService WORKERS;
              static {
                WORKERS = Executors.newFixedThreadPool(4);
                // BUG: Diagnostic contains: Executor 'warm' is never shut down
                ExecutorService warm = Executors.newSingleThreadExecutor();
                warm.execute(() -> {});
              }
              static void run(Runnable r) {
                WORKERS.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolSubtypesAsLocals() {
    executors
        .addSourceLines(
            "Pools.java",
            """
            import java.util.concurrent.*;
            class Pools {
              void tpe(Runnable r) {
                ThreadPoolExecutor tpe =
                    // BUG: Diagnostic contains: Executor 'tpe' is never shut down
                    new ThreadPoolExecutor(2, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100));
                tpe.execute(r);
              }
              long fjp(long[] values) {
                // BUG: Diagnostic contains: Executor 'fjp' is never shut down
                ForkJoinPool fjp = new ForkJoinPool(4);
                return fjp.submit(() -> java.util.Arrays.stream(values).parallel().sum()).join();
              }
              void scheduled(Runnable r) {
                // BUG: Diagnostic contains: Executor 'stpe' is never shut down
                ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
                stpe.schedule(r, 1, TimeUnit.SECONDS);
              }
            }
            """)
        .doTest();
  }

  @Test
  void shutdownInCatchOnly() {
    executors
        .addSourceLines(
            "Loader.java",
            """
            import java.util.concurrent.*;
            class Loader {
              void load(Runnable part) {
                // BUG: Diagnostic contains: is not shut down on every path
                ExecutorService es = Executors.newFixedThreadPool(2);
                try {
                  es.execute(part);
                } catch (RuntimeException e) {
                  es.shutdownNow();
                  throw e;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void perCallVirtualThreadExecutorNeverClosed() {
    executors
        .addSourceLines(
            "Handler.java",
            """
            import java.util.concurrent.*;
            class Handler {
              void handle(Runnable request) {
                // BUG: Diagnostic contains: Executor 'vt' is never shut down
                ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor();
                vt.submit(request);
              }
            }
            """)
        .doTest();
  }

  @Test
  void invokeAllThenReturnWithoutShutdown() {
    executors
        .addSourceLines(
            "Search.java",
            """
            import java.util.*;
            import java.util.concurrent.*;
            class Search {
              List<Future<String>> all(List<Callable<String>> queries) throws InterruptedException {
                // BUG: Diagnostic contains: Executor 'searchers' is never shut down
                ExecutorService searchers = Executors.newWorkStealingPool();
                return searchers.invokeAll(queries);
              }
            }
            """)
        .doTest();
  }

  // ---- ExecutorNeverShutDown: must not flag ----

  @Test
  void shutdownNowInFinally() {
    executors
        .addSourceLines(
            "Crawl.java",
            """
            import java.util.*;
            import java.util.concurrent.*;
            class Crawl {
              void crawl(List<Callable<Void>> pages) throws Exception {
                ExecutorService es = Executors.newFixedThreadPool(8);
                try {
                  for (Future<Void> f : es.invokeAll(pages)) {
                    f.get();
                  }
                } finally {
                  es.shutdownNow();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void passedToALibraryConstructor() {
    executors
        .addSourceLines(
            "Client.java",
            """
            import java.util.concurrent.*;
            class Client {
              static class HttpClientLike {
                HttpClientLike(ExecutorService es) {}
              }
              HttpClientLike build() {
                ExecutorService es = Executors.newFixedThreadPool(4);
                return new HttpClientLike(es);
              }
              void keep() {
                ExecutorService es = Executors.newCachedThreadPool();
                new HttpClientLike(es);
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldSetInConstructorAndShutDownByALifecycleMethod() {
    executors
        .addSourceLines(
            "Service.java",
            """
            import java.util.concurrent.*;
            class Service implements AutoCloseable {
              @interface PreDestroy {}
              private final ExecutorService executor;
              private final ScheduledExecutorService ticker;
              private ExecutorService io;
              Service(int n) {
                this.executor = Executors.newFixedThreadPool(n);
                this.ticker = Executors.newScheduledThreadPool(1);
                this.io = Executors.newCachedThreadPool();
              }
              void submit(Runnable r) {
                executor.execute(r);
                ticker.schedule(r, 1, TimeUnit.SECONDS);
                io.execute(r);
              }
              @Override public void close() {
                executor.shutdown();
              }
              public void stop() throws InterruptedException {
                ticker.shutdownNow();
                ticker.awaitTermination(1, TimeUnit.SECONDS);
              }
              @PreDestroy void destroy() {
                if (io != null) {
                  io.shutdown();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticDaemonSchedulerWithLambdaFactory() {
    executors
        .addSourceLines(
            "Clock.java",
            """
            import java.util.concurrent.*;
            class Clock {
              private static final ScheduledExecutorService SCHEDULER =
                  Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                  });
              static void tick(Runnable r) {
                SCHEDULER.scheduleAtFixedRate(r, 0, 1, TimeUnit.SECONDS);
              }
            }
            """)
        .doTest();
  }

  @Test
  void tryWithResourcesVirtualThreads() {
    executors
        .addSourceLines(
            "Fanout.java",
            """
            import java.util.*;
            import java.util.concurrent.*;
            class Fanout {
              void fan(List<Runnable> calls) {
                try (ExecutorService e = Executors.newVirtualThreadPerTaskExecutor()) {
                  calls.forEach(e::submit);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void returnedFromAFactoryMethod() {
    executors
        .addSourceLines(
            "Pools.java",
            """
            import java.util.concurrent.*;
            class Pools {
              static ExecutorService named(String name, int n) {
                ThreadFactory f = r -> new Thread(r, name);
                ExecutorService pool = Executors.newFixedThreadPool(n, f);
                return pool;
              }
              static ScheduledExecutorService direct() {
                return Executors.newSingleThreadScheduledExecutor();
              }
            }
            """)
        .doTest();
  }

  @Test
  void addedToAList() {
    executors
        .addSourceLines(
            "Group.java",
            """
            import java.util.*;
            import java.util.concurrent.*;
            class Group {
              private final List<ExecutorService> all = new ArrayList<>();
              ExecutorService newMember() {
                ExecutorService member = Executors.newSingleThreadExecutor();
                all.add(member);
                member.execute(() -> {});
                return null;
              }
              void closeAll() {
                all.forEach(ExecutorService::shutdown);
              }
            }
            """)
        .doTest();
  }

  @Test
  void capturedByLambdaGivenToUnknownMethod() {
    executors
        .addSourceLines(
            "Bus.java",
            """
            import java.util.concurrent.*;
            import java.util.function.Consumer;
            class Bus {
              interface Registry { void onEvent(Consumer<Object> listener); }
              void wire(Registry registry) {
                ExecutorService es = Executors.newSingleThreadExecutor();
                registry.onEvent(event -> es.execute(() -> System.out.println(event)));
              }
            }
            """)
        .doTest();
  }

  @Test
  void guavaShutdownAndAwaitTerminationInFinally() {
    executors
        .addSourceLines(
            "Job.java",
            """
            import com.google.common.util.concurrent.MoreExecutors;
            import java.util.concurrent.*;
            class Job {
              void run(Runnable r) throws Exception {
                ExecutorService es = Executors.newFixedThreadPool(2);
                try {
                  es.submit(r).get();
                } finally {
                  MoreExecutors.shutdownAndAwaitTermination(es, java.time.Duration.ofSeconds(5));
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void sharedAndExitingExecutors() {
    executors
        .addSourceLines(
            "Shared.java",
            """
            import com.google.common.util.concurrent.MoreExecutors;
            import java.util.concurrent.*;
            class Shared {
              private final ExecutorService exiting =
                  MoreExecutors.getExitingExecutorService(
                      (ThreadPoolExecutor) Executors.newFixedThreadPool(2));
              void run(Runnable r) {
                ForkJoinPool common = ForkJoinPool.commonPool();
                common.execute(r);
                ForkJoinPool.commonPool().submit(r);
                Executor direct = MoreExecutors.directExecutor();
                direct.execute(r);
                exiting.execute(r);
                ThreadPoolExecutor tpe =
                    new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                ExecutorService exits = MoreExecutors.getExitingExecutorService(tpe);
                exits.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void shutdownHookTakesOverAField() {
    executors
        .addSourceLines(
            "Daemon.java",
            """
            import java.util.concurrent.*;
            class Daemon {
              private final ExecutorService pool = Executors.newFixedThreadPool(2);
              Daemon() {
                Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdown));
              }
              void go(Runnable r) { pool.execute(r); }
            }
            """)
        .doTest();
  }

  @Test
  void fieldShutDownThroughThisInAnInnerCloser() {
    executors
        .addSourceLines(
            "Outer.java",
            """
            import java.util.concurrent.*;
            class Outer {
              private final ExecutorService pool = Executors.newFixedThreadPool(2);
              final class Closer implements AutoCloseable {
                @Override public void close() { Outer.this.pool.shutdown(); }
              }
              void go(Runnable r) { this.pool.execute(r); }
            }
            """)
        .doTest();
  }

  // ---- TimerNeverCancelled ----

  @Test
  void localTimersNeverCancelled() {
    timers
        .addSourceLines(
            "Reminders.java",
            """
            import java.util.*;
            class Reminders {
              void remind(TimerTask task) {
                // BUG: Diagnostic contains: Timer 'timer' is never cancelled
                Timer timer = new Timer();
                timer.schedule(task, 1000);
              }
              void daemon(TimerTask task) {
                // BUG: Diagnostic contains: Timer 'background' is never cancelled
                Timer background = new Timer(true);
                background.scheduleAtFixedRate(task, 0, 1000);
              }
              void perRequest(Runnable timeout) {
                // BUG: Diagnostic contains: Timer 'watchdog' is never cancelled
                Timer watchdog = new Timer("request-watchdog", true);
                watchdog.schedule(new TimerTask() {
                  @Override public void run() { timeout.run(); }
                }, 30_000);
              }
            }
            """)
        .doTest();
  }

  @Test
  void taskCancellingItselfDoesNotCancelTheTimer() {
    timers
        .addSourceLines(
            "Poller.java",
            """
            import java.util.*;
            class Poller {
              void poll(java.util.function.BooleanSupplier done) {
                // BUG: Diagnostic contains: Timer 'timer' is never cancelled
                Timer timer = new Timer("poller");
                timer.schedule(new TimerTask() {
                  @Override public void run() {
                    if (done.getAsBoolean()) {
                      cancel();
                    }
                  }
                }, 0, 500);
              }
            }
            """)
        .doTest();
  }

  @Test
  void taskCancellingItsTimerIsSilent() {
    timers
        .addSourceLines(
            "Poller.java",
            """
            import java.util.*;
            class Poller {
              void poll(java.util.function.BooleanSupplier done) {
                Timer timer = new Timer("poller");
                timer.schedule(new TimerTask() {
                  @Override public void run() {
                    if (done.getAsBoolean()) {
                      timer.cancel();
                    }
                  }
                }, 0, 500);
              }
            }
            """)
        .doTest();
  }

  @Test
  void namedTimerFieldCancelledInClose() {
    timers
        .addSourceLines(
            "Refresher.java",
            """
            import java.util.*;
            class Refresher implements AutoCloseable {
              private final Timer timer;
              Refresher(TimerTask refresh) {
                timer = new Timer("refresher");
                timer.schedule(refresh, 0, 60_000);
              }
              @Override public void close() {
                timer.cancel();
                timer.purge();
              }
            }
            """)
        .doTest();
  }

  @Test
  void timerFieldSetInConstructorNeverCancelled() {
    timers
        .addSourceLines(
            "Refresher.java",
            """
            import java.util.*;
            class Refresher {
              // BUG: Diagnostic contains: Field 'timer' holds a timer this class creates
              private final Timer timer;
              Refresher(TimerTask refresh) {
                this.timer = new Timer("refresher", true);
                this.timer.schedule(refresh, 0, 60_000);
              }
            }
            """)
        .doTest();
  }

  @Test
  void timerPerRequestDroppedInline() {
    timers
        .addSourceLines(
            "Sessions.java",
            """
            import java.util.*;
            class Sessions {
              void login(String user, Map<String, Long> sessions) {
                sessions.put(user, System.nanoTime());
                // BUG: Diagnostic contains: This timer is created, used once and dropped
                new Timer(true).schedule(new TimerTask() {
                  @Override public void run() { sessions.remove(user); }
                }, 1_800_000);
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticDaemonTimerIsSilentStaticNonDaemonIsFlagged() {
    timers
        .addSourceLines(
            "Timers.java",
            """
            import java.util.*;
            class Timers {
              private static final Timer DAEMON = new Timer("daemon", true);
              // BUG: Diagnostic contains: Field 'PLAIN'
              private static final Timer PLAIN = new Timer("plain");
              static void later(TimerTask a, TimerTask b) {
                DAEMON.schedule(a, 10);
                PLAIN.schedule(b, 10);
              }
            }
            """)
        .doTest();
  }

  @Test
  void timerInsideLambdaBody() {
    timers
        .addSourceLines(
            "Jobs.java",
            """
            import java.util.*;
            class Jobs {
              Runnable job(TimerTask t) {
                return () -> {
                  // BUG: Diagnostic contains: Timer 'inner' is never cancelled
                  Timer inner = new Timer();
                  inner.schedule(t, 10);
                };
              }
            }
            """)
        .doTest();
  }

  // ---- Second round: shapes the first round suggested ----

  @Test
  void createdInlineForCompletableFutureOrCompletionService() {
    executors
        .addSourceLines(
            "Inline.java",
            """
            import java.util.concurrent.*;
            class Inline {
              CompletableFuture<String> load(java.util.function.Supplier<String> s) {
                // BUG: Diagnostic contains: created, used once and dropped
                return CompletableFuture.supplyAsync(s, Executors.newFixedThreadPool(4));
              }
              CompletionService<String> completion() {
                // BUG: Diagnostic contains: created, used once and dropped
                return new ExecutorCompletionService<>(Executors.newCachedThreadPool());
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolOrNullShutDownWhenPresentIsSilent() {
    executors
        .addSourceLines(
            "Maybe.java",
            """
            import java.util.concurrent.*;
            class Maybe {
              void run(Runnable r, int threads) {
                ExecutorService es = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
                try {
                  if (es != null) {
                    es.execute(r);
                  } else {
                    r.run();
                  }
                } finally {
                  if (es != null) {
                    es.shutdown();
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolOrNullNeverShutDown() {
    executors
        .addSourceLines(
            "Maybe.java",
            """
            import java.util.concurrent.*;
            class Maybe {
              void run(Runnable r, int threads) {
                // BUG: Diagnostic contains: Executor 'es' is never shut down
                ExecutorService es = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
                if (es != null) {
                  es.execute(r);
                } else {
                  r.run();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticDaemonPoolsWhoseFactoryIsAMethodReferenceOrAnUnseenMethod() {
    executors
        .addSourceLines(
            "Threads.java",
            """
            import java.util.concurrent.ThreadFactory;
            public final class Threads {
              public static ThreadFactory daemon(String name) {
                return r -> {
                  Thread t = new Thread(r, name);
                  t.setDaemon(true);
                  return t;
                };
              }
            }
            """)
        .addSourceLines(
            "Clock.java",
            """
            import java.util.concurrent.*;
            class Clock {
              private static final ScheduledExecutorService BY_REFERENCE =
                  Executors.newSingleThreadScheduledExecutor(Clock::daemonThread);
              private static final ExecutorService FROM_ANOTHER_FILE =
                  Executors.newCachedThreadPool(Threads.daemon("clock"));
              private static Thread daemonThread(Runnable r) {
                Thread t = new Thread(r, "clock");
                t.setDaemon(true);
                return t;
              }
              static void tick(Runnable r) {
                BY_REFERENCE.execute(r);
                FROM_ANOTHER_FILE.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void restartThatShutsTheOldPoolDownThroughAHelperIsSilent() {
    executors
        .addSourceLines(
            "Worker.java",
            """
            import java.util.concurrent.*;
            class Worker {
              private ExecutorService executor = Executors.newSingleThreadExecutor();
              synchronized void restart() {
                stopExecutor();
                executor = Executors.newSingleThreadExecutor();
              }
              synchronized void stop() {
                stopExecutor();
              }
              private void stopExecutor() {
                executor.shutdownNow();
              }
            }
            """)
        .doTest();
  }

  @Test
  void restartThatShutsTheOldPoolDownFirstIsSilent() {
    executors
        .addSourceLines(
            "Worker.java",
            """
            import java.util.concurrent.*;
            class Worker {
              private ExecutorService executor;
              Worker() {
                executor = Executors.newFixedThreadPool(2);
              }
              void restart() throws InterruptedException {
                executor.shutdown();
                executor.awaitTermination(1, TimeUnit.SECONDS);
                executor = Executors.newFixedThreadPool(2);
              }
              void ensureRunning() {
                if (executor.isShutdown()) {
                  executor = Executors.newFixedThreadPool(2);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void timerInAnonymousClassAndStaticInitializer() {
    timers
        .addSourceLines(
            "Odd.java",
            """
            import java.util.*;
            class Odd {
              // BUG: Diagnostic contains: Field 'SHARED'
              private static final Timer SHARED;
              static {
                SHARED = new Timer("shared");
              }
              Runnable later(TimerTask t) {
                return new Runnable() {
                  @Override public void run() {
                    // BUG: Diagnostic contains: Timer 'once' is never cancelled
                    Timer once = new Timer();
                    once.schedule(t, 10);
                  }
                };
              }
              static void use(TimerTask t) { SHARED.schedule(t, 1); }
            }
            """)
        .doTest();
  }

  @Test
  void timerReturnedOrHandedToTheTaskIsSilent() {
    timers
        .addSourceLines(
            "Escapes.java",
            """
            import java.util.*;
            class Escapes {
              static final class Job extends TimerTask {
                private final Timer owner;
                Job(Timer owner) { this.owner = owner; }
                @Override public void run() { owner.cancel(); }
              }
              void handOver() {
                Timer timer = new Timer();
                timer.schedule(new Job(timer), 100);
              }
              Timer start(TimerTask t) {
                Timer timer = new Timer("started");
                timer.schedule(t, 0, 100);
                return timer;
              }
            }
            """)
        .doTest();
  }

  // ---- Third round ----

  @Test
  void futuresFromAStreamOfSupplyAsyncNeverShutDown() {
    executors
        .addSourceLines(
            "Prices.java",
            """
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.stream.*;
            class Prices {
              List<Double> quotes(List<String> symbols) {
                // BUG: Diagnostic contains: Executor 'es' is never shut down
                ExecutorService es = Executors.newFixedThreadPool(Math.max(1, symbols.size()));
                List<CompletableFuture<Double>> all = symbols.stream()
                    .map(s -> CompletableFuture.supplyAsync(() -> (double) s.length(), es))
                    .collect(Collectors.toList());
                return all.stream().map(CompletableFuture::join).collect(Collectors.toList());
              }
              CompletableFuture<String> returned(java.util.function.Supplier<String> s) {
                // BUG: Diagnostic contains: Executor 'single' is never shut down
                ExecutorService single = Executors.newSingleThreadExecutor();
                return CompletableFuture.supplyAsync(s, single);
              }
            }
            """)
        .doTest();
  }

  @Test
  void shutdownWhenTheFutureCompletesIsSilent() {
    executors
        .addSourceLines(
            "Async.java",
            """
            import java.util.concurrent.*;
            class Async {
              CompletableFuture<String> load(java.util.function.Supplier<String> s) {
                ExecutorService es = Executors.newSingleThreadExecutor();
                return CompletableFuture.supplyAsync(s, es).whenComplete((v, e) -> es.shutdown());
              }
            }
            """)
        .doTest();
  }

  @Test
  void assignedInBothBranchesAndNeverShutDown() {
    executors
        .addSourceLines(
            "Branches.java",
            """
            import java.util.concurrent.*;
            class Branches {
              void run(boolean big, Runnable r) {
                ExecutorService es;
                if (big) {
                  // BUG: Diagnostic contains: Executor 'es' is never shut down
                  es = Executors.newFixedThreadPool(8);
                } else {
                  es = Executors.newSingleThreadExecutor();
                }
                es.execute(r);
              }
              void safe(boolean big, Runnable r) {
                ExecutorService es;
                if (big) {
                  es = Executors.newFixedThreadPool(8);
                } else {
                  es = Executors.newSingleThreadExecutor();
                }
                try {
                  es.execute(r);
                } finally {
                  es.shutdown();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void instanceFieldWithDaemonFactoryAndStaticGuavaFactoryWithoutDaemon() {
    executors
        .addSourceLines(
            "Mixed.java",
            """
            import com.google.common.util.concurrent.ThreadFactoryBuilder;
            import java.util.concurrent.*;
            class Mixed {
              // BUG: Diagnostic contains: Field 'instanceDaemons'
              private final ExecutorService instanceDaemons = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
              });
              // BUG: Diagnostic contains: Field 'NAMED'
              private static final ExecutorService NAMED = Executors.newCachedThreadPool(
                  new ThreadFactoryBuilder().setNameFormat("named-%d").build());
              // BUG: Diagnostic contains: Field 'DEFAULT_FACTORY'
              private static final ExecutorService DEFAULT_FACTORY =
                  Executors.newFixedThreadPool(2, Executors.defaultThreadFactory());
              void go(Runnable r) {
                instanceDaemons.execute(r);
                NAMED.execute(r);
                DEFAULT_FACTORY.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void mainMethodsWithAndWithoutExit() {
    executors
        .addSourceLines(
            "Main.java",
            """
            import java.util.concurrent.*;
            class Main {
              public static void main(String[] args) throws Exception {
                // BUG: Diagnostic contains: Executor 'pool' is never shut down
                ExecutorService pool = Executors.newFixedThreadPool(4);
                for (String arg : args) {
                  pool.submit(() -> System.out.println(arg));
                }
              }
              static class Tool {
                public static void main(String[] args) {
                  ExecutorService pool = Executors.newFixedThreadPool(4);
                  pool.submit(() -> System.out.println(args.length));
                  System.exit(0);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void interruptHandledAndShutdownNowInFinallyIsSilent() {
    executors
        .addSourceLines(
            "Waiter.java",
            """
            import java.util.concurrent.*;
            class Waiter {
              String first(Callable<String> a, Callable<String> b) {
                ExecutorService es = Executors.newFixedThreadPool(2);
                try {
                  return es.invokeAny(java.util.List.of(a, b), 5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return null;
                } catch (ExecutionException | TimeoutException e) {
                  return null;
                } finally {
                  es.shutdownNow();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void swingTimerIsNotAUtilTimer() {
    timers
        .addSourceLines(
            "Blink.java",
            """
            class Blink {
              private final javax.swing.Timer blink = new javax.swing.Timer(500, e -> {});
              void start() {
                javax.swing.Timer once = new javax.swing.Timer(100, e -> {});
                once.start();
                blink.start();
              }
            }
            """)
        .doTest();
  }

  @Test
  void timerFieldCreatedPerRequestAndNeverCancelled() {
    timers
        .addSourceLines(
            "Handler.java",
            """
            import java.util.*;
            class Handler {
              // BUG: Diagnostic contains: Field 'timeout' holds a timer this class creates
              private Timer timeout;
              void onRequest(TimerTask expire) {
                timeout = new Timer("timeout", true);
                timeout.schedule(expire, 30_000);
              }
            }
            """)
        .doTest();
  }

  // ---- Fourth round: switch scopes and JDK wrappers ----

  @Test
  void poolLocalToAnOldStyleCase() {
    executors
        .addSourceLines(
            "Cli.java",
            """
            import java.util.concurrent.*;
            class Cli {
              void run(String command, Runnable r) {
                switch (command) {
                  case "parallel":
                    // BUG: Diagnostic contains: Executor 'es' is never shut down
                    ExecutorService es = Executors.newFixedThreadPool(4);
                    es.execute(r);
                    break;
                  case "closed":
                    ExecutorService ok = Executors.newFixedThreadPool(4);
                    try {
                      ok.execute(r);
                    } finally {
                      ok.shutdown();
                    }
                    break;
                  case "falls":
                    ExecutorService unclear = Executors.newFixedThreadPool(4);
                    unclear.execute(r);
                  default:
                    r.run();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void poolChosenBySwitchExpression() {
    executors
        .addSourceLines(
            "Modes.java",
            """
            import java.util.concurrent.*;
            class Modes {
              void leak(int mode, Runnable r) {
                // BUG: Diagnostic contains: Executor 'es' is never shut down
                ExecutorService es = switch (mode) {
                  case 1 -> Executors.newFixedThreadPool(2);
                  default -> Executors.newCachedThreadPool();
                };
                es.execute(r);
              }
              void closed(int mode, Runnable r) {
                ExecutorService es = switch (mode) {
                  case 1 -> Executors.newFixedThreadPool(2);
                  default -> Executors.newCachedThreadPool();
                };
                try (es) {
                  es.execute(r);
                }
              }
              void mixed(int mode, Runnable r, ExecutorService given) {
                ExecutorService es = switch (mode) {
                  case 1 -> Executors.newFixedThreadPool(2);
                  default -> given;
                };
                es.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void unconfigurableWrapperIsJudgedAsThePoolItWraps() {
    executors
        .addSourceLines(
            "Wrapped.java",
            """
            import java.util.concurrent.*;
            class Wrapped {
              void leak(Runnable r) {
                ExecutorService es =
                    // BUG: Diagnostic contains: Executor 'es' is never shut down
                    Executors.unconfigurableExecutorService(Executors.newFixedThreadPool(2));
                es.execute(r);
              }
              void closed(Runnable r) {
                ScheduledExecutorService es =
                    Executors.unconfigurableScheduledExecutorService(
                        Executors.newScheduledThreadPool(1));
                try {
                  es.schedule(r, 1, TimeUnit.SECONDS);
                } finally {
                  es.shutdown();
                }
              }
            }
            """)
        .doTest();
  }

  // ---- Fifth round: what counts as looking at the old value; printing ----

  @Test
  void nullCheckThatDoesNotGuardTheReplacement() {
    executors
        .addSourceLines(
            "Refresh.java",
            """
            import java.util.concurrent.*;
            class Refresh {
              // BUG: Diagnostic contains: gets a new executor in refresh() without shutting down
              private ExecutorService pool = Executors.newFixedThreadPool(2);
              void refresh() {
                if (pool == null) {
                  System.err.println("no pool yet");
                }
                pool = Executors.newCachedThreadPool();
              }
              void close() {
                pool.shutdown();
              }
            }
            """)
        .doTest();
  }

  @Test
  void guardsThatLeaveOrAssertAreSilent() {
    executors
        .addSourceLines(
            "Guards.java",
            """
            import java.util.concurrent.*;
            class Guards {
              private ExecutorService pool = Executors.newFixedThreadPool(2);
              private ExecutorService other = Executors.newFixedThreadPool(2);
              private ExecutorService third = Executors.newFixedThreadPool(2);
              synchronized void start() {
                if (pool != null && !pool.isShutdown()) {
                  return;
                }
                pool = Executors.newFixedThreadPool(2);
              }
              void startOther() {
                assert other == null || other.isTerminated();
                other = Executors.newFixedThreadPool(2);
              }
              void startThird() {
                if (third == null || third.isShutdown()) {
                  third = Executors.newFixedThreadPool(2);
                }
              }
              void close() {
                pool.shutdown();
                other.shutdown();
                third.shutdown();
              }
            }
            """)
        .doTest();
  }

  @Test
  void printingAPoolDoesNotHandItOn() {
    executors
        .addSourceLines(
            "Printed.java",
            """
            import java.util.concurrent.*;
            class Printed {
              void show() {
                // BUG: Diagnostic contains: Executor 'stpe' is never shut down
                ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
                System.out.println(stpe);
              }
              void described(Runnable r) {
                // BUG: Diagnostic contains: Executor 'es' is never shut down
                Object es = Executors.newCachedThreadPool();
                System.out.println(String.valueOf(es) + java.util.Objects.hashCode(es));
              }
            }
            """)
        .doTest();
  }

  @Test
  void guavaFutureCallbacksOnlyRunTasks() {
    executors
        .addSourceLines(
            "Callbacks.java",
            """
            import com.google.common.util.concurrent.*;
            import java.util.concurrent.*;
            class Callbacks {
              // BUG: Diagnostic contains: Field 'callbacks'
              private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
              void watch(ListenableFuture<String> f, FutureCallback<String> cb) {
                Futures.addCallback(f, cb, callbacks);
                f.addListener(() -> {}, callbacks);
              }
              ListenableFuture<Integer> length(ListenableFuture<String> f) {
                // BUG: Diagnostic contains: Executor 'local' is never shut down
                ExecutorService local = Executors.newFixedThreadPool(2);
                return Futures.transform(f, String::length, local);
              }
            }
            """)
        .doTest();
  }

  @Test
  void daemonFlagsThatAreConstantsOrDecidedElsewhere() {
    executors
        .addSourceLines(
            "Flags.java",
            """
            import com.google.common.util.concurrent.ThreadFactoryBuilder;
            import java.util.concurrent.*;
            class Flags {
              private static final boolean DAEMON = true;
              private static final ExecutorService CONSTANT = Executors.newCachedThreadPool(
                  new ThreadFactoryBuilder().setDaemon(DAEMON).build());
              static final class Named implements ThreadFactory {
                private final boolean daemon;
                Named(boolean daemon) { this.daemon = daemon; }
                @Override public Thread newThread(Runnable r) {
                  Thread t = new Thread(r);
                  t.setDaemon(daemon);
                  return t;
                }
              }
              private static final ExecutorService DECIDED_ELSEWHERE =
                  Executors.newFixedThreadPool(2, new Named(Boolean.getBoolean("daemon")));
              // BUG: Diagnostic contains: Field 'NOT_DAEMON'
              private static final ExecutorService NOT_DAEMON = Executors.newCachedThreadPool(
                  new ThreadFactoryBuilder().setDaemon(false).build());
              static void use(Runnable r) {
                CONSTANT.execute(r);
                DECIDED_ELSEWHERE.execute(r);
                NOT_DAEMON.execute(r);
              }
            }
            """)
        .doTest();
  }

  @Test
  void staticTimerWhoseDaemonFlagIsDecidedElsewhere() {
    timers
        .addSourceLines(
            "Clock.java",
            """
            import java.util.*;
            class Clock {
              private static final Timer CONFIGURED =
                  new Timer("clock", Boolean.getBoolean("clock.daemon"));
              // BUG: Diagnostic contains: Field 'NEVER_DAEMON'
              private static final Timer NEVER_DAEMON = new Timer("never", false);
              static void tick(TimerTask a, TimerTask b) {
                CONFIGURED.schedule(a, 10);
                NEVER_DAEMON.schedule(b, 10);
              }
            }
            """)
        .doTest();
  }

  @Test
  void constructorReplacingTheInitialPoolIsNamedAfterItsClass() {
    executors
        .addSourceLines(
            "Sized.java",
            """
            import java.util.concurrent.*;
            class Sized {
              // BUG: Diagnostic contains: gets a new executor in Sized() without shutting down
              private ExecutorService pool = Executors.newFixedThreadPool(1);
              Sized(int threads) {
                pool = Executors.newFixedThreadPool(threads);
              }
              void close() {
                pool.shutdown();
              }
            }
            """)
        .doTest();
  }
}
