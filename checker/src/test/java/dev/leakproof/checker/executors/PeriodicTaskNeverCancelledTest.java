package dev.leakproof.checker.executors;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PeriodicTaskNeverCancelledTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(PeriodicTaskNeverCancelled.class, getClass());

  @Nested
  class ClassesWithAnEnd {
    @Test
    void droppedFutureIsFlagged() {
      helper
          .addSourceLines(
              "MetricsReporter.java",
              """
              import java.util.concurrent.*;
              class MetricsReporter implements AutoCloseable {
                MetricsReporter(ScheduledExecutorService scheduler) {
                  // BUG: Diagnostic contains: `scheduler.scheduleAtFixedRate(..)` schedules a periodic task on a scheduler this class does not shut down, and the ScheduledFuture it returns is dropped, so nothing can cancel it: the task keeps running after close()
                  scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.MINUTES);
                }
                void report() {}
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }

    @Test
    void futureKeptInAFieldThatIsNeverCancelledIsFlagged() {
      helper
          .addSourceLines(
              "ConnectionPool.java",
              """
              import java.util.concurrent.*;
              class ConnectionPool {
                private final ScheduledFuture<?> evictor;
                ConnectionPool(ScheduledExecutorService housekeeping) {
                  // BUG: Diagnostic contains: 'evictor' is never cancelled: the task keeps running after stop(), and keeps everything it uses (often this object) reachable; call evictor.cancel(false) in stop()
                  evictor = housekeeping.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
                }
                void evictIdle() {}
                void stop() {}
              }
              """)
          .doTest();
    }

    @Test
    void everyKindOfEndCounts() {
      helper
          .addSourceLines(
              "Ends.java",
              """
              import java.util.concurrent.*;
              class Ends {
                static class Shutdown {
                  Shutdown(ScheduledExecutorService s) {
                    // BUG: Diagnostic contains: after shutdown()
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  void shutdown() {}
                }
                static class Dispose {
                  Dispose(ScheduledExecutorService s) {
                    // BUG: Diagnostic contains: after dispose()
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  void dispose() {}
                }
                static class PreDestroyed {
                  @interface PreDestroy {}
                  PreDestroyed(ScheduledExecutorService s) {
                    // BUG: Diagnostic contains: after release()
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  @PreDestroy
                  void release() {}
                }
                static class Closeable extends java.io.FilterInputStream {
                  Closeable(java.io.InputStream in, ScheduledExecutorService s) {
                    super(in);
                    // BUG: Diagnostic contains: after close()
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                }
                abstract static class LifeCycle {
                  public void stop() {}
                }
                static class Component extends LifeCycle {
                  Component(ScheduledExecutorService s) {
                    // BUG: Diagnostic contains: PeriodicTaskNeverCancelled
                    s.scheduleWithFixedDelay(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aStaticSchedulerSharedByAllInstancesIsNotTheObjectsToShutDown() {
      helper
          .addSourceLines(
              "Cache.java",
              """
              import java.util.concurrent.*;
              class Cache implements AutoCloseable {
                private static final ScheduledExecutorService CLEANER =
                    Executors.newSingleThreadScheduledExecutor();
                Cache() {
                  // BUG: Diagnostic contains: the task keeps running after close()
                  CLEANER.scheduleWithFixedDelay(this::cleanUp, 1, 1, TimeUnit.SECONDS);
                }
                void cleanUp() {}
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerObtainedFromACallIsShared() {
      helper
          .addSourceLines(
              "Client.java",
              """
              import java.util.concurrent.*;
              class Client implements AutoCloseable {
                interface Runtime {
                  ScheduledExecutorService scheduler();
                }
                Client(Runtime runtime) {
                  // BUG: Diagnostic contains: `runtime.scheduler().scheduleAtFixedRate(..)`
                  runtime.scheduler().scheduleAtFixedRate(this::ping, 5, 5, TimeUnit.SECONDS);
                }
                void ping() {}
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }
  }

  @Nested
  class PerCallScheduling {
    @Test
    void aTaskPerCallOnASharedSchedulerIsFlagged() {
      helper
          .addSourceLines(
              "Sessions.java",
              """
              import java.util.concurrent.*;
              class Sessions {
                private final ScheduledExecutorService shared;
                Sessions(ScheduledExecutorService shared) {
                  this.shared = shared;
                }
                void register(Runnable heartbeat) {
                  // BUG: Diagnostic contains: schedules another periodic task on a scheduler this class does not shut down each time register() runs
                  shared.scheduleAtFixedRate(heartbeat, 0, 10, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFutureKeptInALocalAndNeverCancelledIsFlagged() {
      helper
          .addSourceLines(
              "Sessions.java",
              """
              import java.util.concurrent.*;
              class Sessions {
                void register(ScheduledExecutorService shared, Runnable heartbeat) {
                  // BUG: Diagnostic contains: 'ticker' is never cancelled
                  ScheduledFuture<?> ticker = shared.scheduleAtFixedRate(heartbeat, 0, 10, TimeUnit.SECONDS);
                  System.out.println(ticker.isDone());
                }
              }
              """)
          .doTest();
    }

    @Test
    void startMethodsAndGuardedMethodsRunOnce() {
      helper
          .addSourceLines(
              "Services.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.AtomicBoolean;
              class Services {
                private final ScheduledExecutorService shared;
                private final AtomicBoolean started = new AtomicBoolean();
                private boolean scheduled;
                Services(ScheduledExecutorService shared) {
                  this.shared = shared;
                  scheduleRefresh();
                }
                void start() {
                  shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                }
                void ensureStarted() {
                  if (started.compareAndSet(false, true)) {
                    shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                }
                synchronized void enable() {
                  if (scheduled) {
                    return;
                  }
                  scheduled = true;
                  shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                }
                private void scheduleRefresh() {
                  shared.scheduleWithFixedDelay(() -> {}, 1, 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Timers {
    @Test
    void aTimerTaskThatIsNotKeptIsFlagged() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller implements AutoCloseable {
                private final Timer shared;
                private final TimerTask refresh = new TimerTask() {
                  @Override public void run() {}
                };
                Poller(Timer shared) {
                  this.shared = shared;
                  // BUG: Diagnostic contains: its TimerTask is not kept, so nothing can cancel it: the task keeps running after close(), and keeps everything it uses (often this object) reachable; keep the TimerTask in a field and cancel() it in close()
                  shared.schedule(new TimerTask() {
                    @Override public void run() {}
                  }, 1000, 1000);
                  // BUG: Diagnostic contains: call refresh.cancel() in close()
                  shared.scheduleAtFixedRate(refresh, 1000, 1000);
                }
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }

    @Test
    void aTaskCancelledThroughACopyOfItsHandle() {
      // CXF's DelayedCachedOutputStreamCleaner: the task is kept in a field, scheduled through a
      // local copy, and cancelled through another copy. A copy nobody cancels is still reported.
      helper
          .addSourceLines(
              "Cleaner.java",
              """
              import java.util.*;
              class Cleaner implements AutoCloseable {
                private final Timer timer;
                private final Object lock = new Object();
                Cleaner(Timer shared) {
                  this.timer = shared;
                }
                private TimerTask timerTask;
                private TimerTask other;
                void register(long delay) {
                  TimerTask newTimerTask = null;
                  synchronized (lock) {
                    if (timerTask == null) {
                      timerTask = new TimerTask() { @Override public void run() { clean(); } };
                      newTimerTask = timerTask;
                    }
                  }
                  if (newTimerTask != null) {
                    timer.scheduleAtFixedRate(newTimerTask, 0, delay);
                  }
                }
                void watch(long delay) {
                  TimerTask copy = null;
                  synchronized (lock) {
                    other = new TimerTask() { @Override public void run() { clean(); } };
                    copy = other;
                  }
                  // BUG: Diagnostic contains: [PeriodicTaskNeverCancelled]
                  timer.scheduleAtFixedRate(copy, 0, delay);
                }
                void clean() {}
                @Override public void close() {
                  TimerTask oldTimerTask;
                  synchronized (lock) {
                    oldTimerTask = timerTask;
                    timerTask = null;
                  }
                  if (oldTimerTask != null) {
                    oldTimerTask.cancel();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aTimerTaskThatCancelsItselfOrAOneShotTaskIsSilent() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller implements AutoCloseable {
                private final Timer shared;
                private int runs;
                Poller(Timer shared) {
                  this.shared = shared;
                  shared.schedule(new TimerTask() {
                    @Override public void run() {
                      if (++runs == 3) {
                        cancel();
                      }
                    }
                  }, 1000, 1000);
                  shared.schedule(new TimerTask() {
                    @Override public void run() {}
                  }, 1000);
                }
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Owned {
    @Test
    void aSchedulerOwnedAndShutDownByTheObjectIsSilent() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.*;
              import java.util.concurrent.*;
              class Reporter implements AutoCloseable {
                private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
                private final Timer timer = new Timer("reporter");
                Reporter() {
                  scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                  timer.schedule(new TimerTask() { @Override public void run() {} }, 10, 10);
                }
                void report() {}
                @Override
                public void close() {
                  scheduler.shutdownNow();
                  timer.cancel();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerHandedToAShutdownMethodOfAManagerIsShutDown() {
      // Camel's ThroughputLogger: the context's executor manager makes the scheduler and doStop()
      // hands it back to the manager's shutdown(..) when it stops; handing it to another method is
      // no release
      helper
          .addSourceLines(
              "Manager.java",
              """
              import java.util.concurrent.ScheduledExecutorService;
              interface Manager {
                ScheduledExecutorService newScheduler(Object owner, String name);
                void shutdown(ScheduledExecutorService executor);
                void register(ScheduledExecutorService executor);
              }
              """)
          .addSourceLines(
              "Throughput.java",
              """
              import java.util.concurrent.*;
              class Throughput {
                private final Manager manager;
                private ScheduledExecutorService logger;
                private ScheduledExecutorService sampler;
                Throughput(Manager manager) { this.manager = manager; }
                void doStart() {
                  logger = manager.newScheduler(this, "throughput");
                  logger.scheduleAtFixedRate(this::log, 1, 1, TimeUnit.SECONDS);
                  sampler = manager.newScheduler(this, "sampler");
                  // BUG: Diagnostic contains: on a scheduler this class does not shut down
                  sampler.scheduleAtFixedRate(this::log, 1, 1, TimeUnit.SECONDS);
                }
                void log() {}
                void stop() {
                  manager.shutdown(logger);
                  logger = null;
                  manager.register(sampler);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerKeptInAnAtomicReferenceAndShutDownFromItIsOwned() {
      // Servo's PollScheduler: start() sets it, stop() takes it out and shuts it down.
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.AtomicReference;
              class Poller {
                private final AtomicReference<ScheduledExecutorService> executor = new AtomicReference<>();
                void add(Runnable task, long delay) {
                  ScheduledExecutorService service = executor.get();
                  if (service == null) {
                    throw new IllegalStateException("not started");
                  }
                  service.scheduleWithFixedDelay(task, 0, delay, TimeUnit.SECONDS);
                }
                void addNow(Runnable task) {
                  executor.get().scheduleAtFixedRate(task, 0, 1, TimeUnit.SECONDS);
                }
                void start(ScheduledExecutorService service) {
                  if (!executor.compareAndSet(null, service)) {
                    throw new IllegalStateException("already started");
                  }
                }
                void stop() {
                  ScheduledExecutorService service = executor.get();
                  if (service != null && executor.compareAndSet(service, null)) {
                    service.shutdown();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerKeptInAnAtomicReferenceAndNeverShutDownIsFlagged() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.AtomicReference;
              class Poller implements AutoCloseable {
                private final AtomicReference<ScheduledExecutorService> executor = new AtomicReference<>();
                void add(Runnable task, long delay) {
                  ScheduledExecutorService service = executor.get();
                  // BUG: Diagnostic contains: on a scheduler this class does not shut down
                  service.scheduleWithFixedDelay(task, 0, delay, TimeUnit.SECONDS);
                }
                void start(ScheduledExecutorService service) {
                  executor.set(service);
                }
                @Override
                public void close() {
                  executor.set(null);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerCreatedOnDemandAndClearedAfterItsShutdownIsOwned() {
      helper
          .addSourceLines(
              "Holder.java",
              """
              import java.util.concurrent.*;
              class Holder implements AutoCloseable {
                private ScheduledExecutorService scheduler = null;
                private int users;
                synchronized void register() {
                  users++;
                  if (scheduler == null) {
                    scheduler = Executors.newSingleThreadScheduledExecutor();
                  }
                  scheduler.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
                }
                void expire() {}
                @Override
                public synchronized void close() {
                  if (--users == 0 && scheduler != null) {
                    scheduler.shutdown();
                    scheduler = null;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void anInjectedSchedulerTheObjectShutsDownIsSilent() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.*;
              class Reporter implements AutoCloseable {
                private final ScheduledExecutorService scheduler;
                Reporter(ScheduledExecutorService scheduler) {
                  this.scheduler = scheduler;
                  scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                }
                void report() {}
                @Override
                public void close() {
                  scheduler.shutdown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerShutDownThroughAHelperOfThisCodeIsOwned() {
      // The helper is in another file of the compilation; a helper that only reads the scheduler
      // does not shut it down, so the second class is still flagged.
      helper
          .addSourceLines(
              "Pools.java",
              """
              import java.util.concurrent.*;
              final class Pools {
                static boolean stopWithin(ExecutorService pool, long millis) {
                  pool.shutdown();
                  try {
                    return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                  }
                }
                static void describe(ExecutorService pool) {
                  System.out.println(pool.isShutdown());
                }
              }
              """)
          .addSourceLines(
              "Heartbeat.java",
              """
              import java.util.concurrent.*;
              class Heartbeat {
                private final ScheduledExecutorService timer;
                Heartbeat(ScheduledExecutorService timer) { this.timer = timer; }
                void start() {
                  timer.scheduleWithFixedDelay(this::beat, 0, 1, TimeUnit.SECONDS);
                }
                void beat() {}
                void stop() {
                  if (!Pools.stopWithin(timer, 5000)) {
                    System.err.println("heartbeat did not stop");
                  }
                }
              }
              """)
          .addSourceLines(
              "Ticker.java",
              """
              import java.util.concurrent.*;
              class Ticker {
                private final ScheduledExecutorService timer;
                Ticker(ScheduledExecutorService timer) { this.timer = timer; }
                void start() {
                  // BUG: Diagnostic contains: on a scheduler this class does not shut down
                  timer.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
                }
                void tick() {}
                void stop() {
                  Pools.describe(timer);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerShutDownOnlyWhenTheClassCreatedItIsShared() {
      // The shape of HikariCP 2.5.1 (fixed by brettwooldridge/HikariCP#741): a configured scheduler
      // is used as it is, and shutdown() shuts down only the one the pool created.
      helper
          .addSourceLines(
              "HousekeepingPool.java",
              """
              import java.util.concurrent.*;
              class HousekeepingPool {
                private final ScheduledExecutorService configured;
                private final ScheduledExecutorService housekeeping;
                HousekeepingPool(ScheduledExecutorService configured) {
                  this.configured = configured;
                  if (configured == null) {
                    housekeeping = new ScheduledThreadPoolExecutor(1);
                  } else {
                    housekeeping = configured;
                  }
                  // BUG: Diagnostic contains: the task keeps running after shutdown()
                  housekeeping.scheduleWithFixedDelay(this::evictIdle, 100, 30_000, TimeUnit.MILLISECONDS);
                }
                void evictIdle() {}
                void shutdown() throws InterruptedException {
                  if (configured == null) {
                    housekeeping.shutdown();
                    housekeeping.awaitTermination(5, TimeUnit.SECONDS);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void theMessageNamesTheEndTheClassInherits() {
      // Commons JCS 3's MySQLDiskCacheFactory: its end is dispose(), inherited.
      helper
          .addSourceLines(
              "Factory.java",
              """
              import java.util.concurrent.*;
              abstract class BaseFactory {
                public void dispose() {}
              }
              class Factory extends BaseFactory {
                private final ScheduledExecutorService scheduler;
                Factory(ScheduledExecutorService scheduler) {
                  this.scheduler = scheduler;
                }
                void createCache(String table) {
                  // BUG: Diagnostic contains: the task keeps running after dispose()
                  scheduler.scheduleAtFixedRate(() -> optimize(table), 1, 1, TimeUnit.DAYS);
                }
                void optimize(String table) {}
              }
              """)
          .doTest();
    }

    @Test
    void aShutdownUnderAGuardOfTheObjectsOwnLifeCounts() {
      // The DataStax Java driver 3.x Cluster.Manager: close() shuts the scheduler down inside `if
      // (isInit)`; idempotent close() methods test a closed flag. Neither says whose it is.
      helper
          .addSourceLines(
              "Manager.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.atomic.AtomicBoolean;
              class Manager implements AutoCloseable {
                interface Options { ScheduledExecutorService createScheduler(String name); }
                private final Options options;
                private final AtomicBoolean closed = new AtomicBoolean();
                private ScheduledExecutorService scheduler;
                private boolean isInit;
                Manager(Options options) {
                  this.options = options;
                }
                synchronized void init() {
                  scheduler = options.createScheduler("tasks");
                  scheduler.scheduleWithFixedDelay(this::cleanUp, 10, 10, TimeUnit.SECONDS);
                  isInit = true;
                }
                void cleanUp() {}
                @Override public void close() {
                  if (closed.compareAndSet(false, true)) {
                    if (isInit) {
                      scheduler.shutdownNow();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aShutdownUnderAFlagHandedInWithTheSchedulerIsNotOwnership() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.*;
              class Reporter implements AutoCloseable {
                private final ScheduledExecutorService executor;
                private final boolean shutdownOnClose;
                Reporter(ScheduledExecutorService executor, boolean shutdownOnClose) {
                  this.executor = executor;
                  this.shutdownOnClose = shutdownOnClose;
                  // BUG: Diagnostic contains: the task keeps running after close()
                  executor.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                }
                void report() {}
                @Override public void close() {
                  if (shutdownOnClose) {
                    executor.shutdown();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSchedulerShutDownWhenSetIsOwned() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.*;
              class Reporter implements AutoCloseable {
                private ScheduledExecutorService scheduler;
                void start(ScheduledExecutorService scheduler) {
                  this.scheduler = scheduler;
                  this.scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                }
                void report() {}
                @Override
                public void close() {
                  if (scheduler != null && !scheduler.isShutdown()) {
                    scheduler.shutdownNow();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void anOwnedSchedulerThatIsNeverShutDownIsLeftToExecutorNeverShutDown() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.*;
              class Reporter implements AutoCloseable {
                private final ScheduledExecutorService scheduler;
                Reporter() {
                  scheduler = Executors.newScheduledThreadPool(1);
                  scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                }
                void poll() {
                  ScheduledExecutorService local = Executors.newSingleThreadScheduledExecutor();
                  local.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
                  Executors.newSingleThreadScheduledExecutor()
                      .scheduleWithFixedDelay(this::report, 1, 1, TimeUnit.SECONDS);
                }
                void report() {}
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }
  }

  @Nested
  class CancelledOrHandedOn {
    @Test
    void aFutureCancelledAtTheEndIsSilent() {
      helper
          .addSourceLines(
              "ConnectionPool.java",
              """
              import java.util.concurrent.*;
              class ConnectionPool implements AutoCloseable {
                private final ScheduledFuture<?> evictor;
                private volatile ScheduledFuture<?> keepAlive;
                ConnectionPool(ScheduledExecutorService housekeeping) {
                  evictor = housekeeping.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
                }
                void start(ScheduledExecutorService housekeeping) {
                  this.keepAlive = housekeeping.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                }
                void evictIdle() {}
                @Override
                public void close() {
                  evictor.cancel(false);
                  if (keepAlive != null) {
                    keepAlive.cancel(true);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFutureThatEscapesIsSilent() {
      helper
          .addSourceLines(
              "Tasks.java",
              """
              import java.util.*;
              import java.util.concurrent.*;
              class Tasks implements AutoCloseable {
                private final List<Future<?>> handles = new ArrayList<>();
                private final ScheduledExecutorService shared;
                Tasks(ScheduledExecutorService shared) {
                  this.shared = shared;
                }
                ScheduledFuture<?> returned() {
                  return shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                }
                void collected() {
                  handles.add(shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS));
                }
                void passedOn(Map<String, Future<?>> byName) {
                  ScheduledFuture<?> f = shared.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  byName.put("tick", f);
                }
                @Override
                public void close() {
                  handles.forEach(h -> h.cancel(false));
                }
              }
              """)
          .doTest();
    }

    @Test
    void aOneShotScheduleIsSilent() {
      helper
          .addSourceLines(
              "Retry.java",
              """
              import java.util.concurrent.*;
              class Retry implements AutoCloseable {
                private final ScheduledExecutorService shared;
                Retry(ScheduledExecutorService shared) {
                  this.shared = shared;
                }
                void retryLater(Runnable attempt) {
                  shared.schedule(attempt, 5, TimeUnit.SECONDS);
                }
                @Override
                public void close() {}
              }
              """)
          .doTest();
    }
  }

  @Nested
  class ApplicationLifetime {
    @Test
    void mainStaticInitializersAndClassesWithNoEndAreSilent() {
      helper
          .addSourceLines(
              "App.java",
              """
              import java.util.concurrent.*;
              class App {
                static final ScheduledExecutorService SHARED = Executors.newScheduledThreadPool(1);
                static {
                  SHARED.scheduleAtFixedRate(App::gc, 1, 1, TimeUnit.MINUTES);
                }
                public static void main(String[] args) {
                  ScheduledExecutorService scheduler = Registry.scheduler();
                  scheduler.scheduleAtFixedRate(App::gc, 1, 1, TimeUnit.MINUTES);
                }
                static void gc() {}
                static class Registry {
                  static ScheduledExecutorService scheduler() { return SHARED; }
                }
                static class Monitor {
                  Monitor(ScheduledExecutorService scheduler) {
                    scheduler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
                  }
                  void sample() {}
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class StaticSchedulerPerInstance {
    @Test
    void eachNewInstanceAddsATaskToAStaticScheduler() {
      helper
          .addSourceLines(
              "TtlCache.java",
              """
              import java.util.*;
              import java.util.concurrent.*;
              class TtlCache {
                private static final ScheduledExecutorService PURGER =
                    Executors.newSingleThreadScheduledExecutor();
                private static final Timer TIMER = new Timer(true);
                TtlCache(long ttl) {
                  startPurge(ttl);
                  // BUG: Diagnostic contains: once for each new TtlCache (in the constructor)
                  TIMER.schedule(new TimerTask() { public void run() {} }, ttl, ttl);
                }
                private void startPurge(long ttl) {
                  // BUG: Diagnostic contains: static scheduler shared by every TtlCache
                  PURGER.scheduleAtFixedRate(this::purge, ttl, ttl, TimeUnit.MILLISECONDS);
                }
                void purge() {}
                // the class's end, not an instance's: each cache's task still piles up
                static void shutdown() {
                  PURGER.shutdown();
                  TIMER.cancel();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aSingletonOrAnInstanceEndThatShutsTheSchedulerDownIsSilent() {
      helper
          .addSourceLines(
              "Sweeper.java",
              """
              import java.util.concurrent.*;
              class Sweeper {
                static final Sweeper INSTANCE = new Sweeper();
                private static final ScheduledExecutorService SWEEPER =
                    Executors.newSingleThreadScheduledExecutor();
                private Sweeper() {
                  SWEEPER.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
                }
                void sweep() {}
              }
              """)
          .addSourceLines(
              "Queue.java",
              """
              import java.util.concurrent.*;
              class Queue implements AutoCloseable {
                private static final ScheduledExecutorService REPORTER =
                    Executors.newSingleThreadScheduledExecutor();
                Queue() {
                  REPORTER.scheduleAtFixedRate(this::report, 15, 15, TimeUnit.SECONDS);
                }
                void report() {}
                @Override
                public void close() {
                  REPORTER.shutdown();
                }
              }
              """)
          .addSourceLines(
              "Pinger.java",
              """
              import java.util.concurrent.*;
              class Pinger {
                private static final ScheduledExecutorService PINGS =
                    Executors.newSingleThreadScheduledExecutor();
                private ScheduledFuture<?> ping;
                Pinger() {
                  ping = PINGS.scheduleAtFixedRate(this::ping, 1, 1, TimeUnit.SECONDS);
                }
                void ping() {}
                void stop() {
                  ping.cancel(false);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Suppression {
    @Test
    void intentionalDaemonAndSuppressWarningsSilenceIt() {
      helper
          .addSourceLines(
              "Reporters.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.*;
              class Reporters {
                @IntentionalDaemon("reports until the JVM exits")
                static class Forever implements AutoCloseable {
                  Forever(ScheduledExecutorService s) {
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  @Override public void close() {}
                }
                static class Suppressed implements AutoCloseable {
                  @SuppressWarnings("PeriodicTaskNeverCancelled")
                  Suppressed(ScheduledExecutorService s) {
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  @Override public void close() {}
                }
                static class OnTheHandle implements AutoCloseable {
                  @IntentionalDaemon("sampled for the whole run")
                  private final ScheduledFuture<?> sampler;
                  OnTheHandle(ScheduledExecutorService s) {
                    sampler = s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                  @Override public void close() {}
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Fixes {
    private final BugCheckerRefactoringTestHelper refactoring =
        BugCheckerRefactoringTestHelper.newInstance(PeriodicTaskNeverCancelled.class, getClass());

    @Test
    void aFutureDroppedInTheOnlyConstructorGoesToAFinalFieldCancelledInClose() {
      refactoring
          .addInputLines(
              "MetricsReporter.java",
              """
              import java.util.concurrent.*;
              class MetricsReporter implements AutoCloseable {
                private final String name;
                MetricsReporter(String name, ScheduledExecutorService scheduler) {
                  this.name = name;
                  scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.MINUTES);
                }
                void report() {}
                @Override
                public void close() {
                  System.out.println(name + " closed");
                }
              }
              """)
          .addOutputLines(
              "MetricsReporter.java",
              """
              import java.util.concurrent.*;
              class MetricsReporter implements AutoCloseable {
                private final String name;
                private final ScheduledFuture<?> reportTask;
                MetricsReporter(String name, ScheduledExecutorService scheduler) {
                  this.name = name;
                  reportTask = scheduler.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.MINUTES);
                }
                void report() {}
                @Override
                public void close() {
                  reportTask.cancel(false);
                  System.out.println(name + " closed");
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFutureDroppedInStartGoesToAVolatileFieldCancelledIfSet() {
      refactoring
          .addInputLines(
              "Client.java",
              """
              import java.util.concurrent.ScheduledExecutorService;
              import java.util.concurrent.TimeUnit;
              class Client {
                private final ScheduledExecutorService shared;
                Client(ScheduledExecutorService shared) {
                  this.shared = shared;
                }
                void start() {
                  shared.scheduleWithFixedDelay(() -> ping(), 5, 5, TimeUnit.SECONDS);
                }
                void ping() {}
                void stop() {}
              }
              """)
          .addOutputLines(
              "Client.java",
              """
              import java.util.concurrent.ScheduledExecutorService;
              import java.util.concurrent.ScheduledFuture;
              import java.util.concurrent.TimeUnit;
              class Client {
                private final ScheduledExecutorService shared;
                private volatile ScheduledFuture<?> periodicTask;
                Client(ScheduledExecutorService shared) {
                  this.shared = shared;
                }
                void start() {
                  periodicTask = shared.scheduleWithFixedDelay(() -> ping(), 5, 5, TimeUnit.SECONDS);
                }
                void ping() {}
                void stop() {
                  if (periodicTask != null) {
                    periodicTask.cancel(false);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFutureKeptInAFieldGetsItsCancel() {
      refactoring
          .addInputLines(
              "ConnectionPool.java",
              """
              import java.util.concurrent.*;
              class ConnectionPool implements AutoCloseable {
                private ScheduledFuture<?> evictor;
                void start(ScheduledExecutorService housekeeping) {
                  evictor = housekeeping.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
                }
                void evictIdle() {}
                @Override
                public void close() {
                  System.out.println("closed");
                }
              }
              """)
          .addOutputLines(
              "ConnectionPool.java",
              """
              import java.util.concurrent.*;
              class ConnectionPool implements AutoCloseable {
                private ScheduledFuture<?> evictor;
                void start(ScheduledExecutorService housekeeping) {
                  evictor = housekeeping.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
                }
                void evictIdle() {}
                @Override
                public void close() {
                  if (evictor != null) {
                    evictor.cancel(false);
                  }
                  System.out.println("closed");
                }
              }
              """)
          .doTest();
    }

    @Test
    void noFixWithoutADeclaredEndMethodOrForATimer() {
      refactoring
          .addInputLines(
              "Feeds.java",
              """
              import java.util.*;
              import java.util.concurrent.*;
              class Feeds {
                static class Stream extends java.io.FilterInputStream {
                  Stream(java.io.InputStream in, ScheduledExecutorService s) {
                    super(in);
                    s.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
                  }
                }
                static class Poller implements AutoCloseable {
                  Poller(Timer shared) {
                    shared.schedule(new TimerTask() { @Override public void run() {} }, 10, 10);
                  }
                  @Override public void close() {}
                }
              }
              """)
          .expectUnchanged()
          .doTest();
    }
  }
}
