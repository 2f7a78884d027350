package dev.leakproof.checker.executors;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tests of {@link ExecutorNeverShutDown}: identification by topic, then replacement. */
class ExecutorNeverShutDownTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ExecutorNeverShutDown.class, getClass());

  /** A local executor the method creates, never shut down, that does not escape. */
  @Nested
  class LocalsNeverShutDown {
    @Test
    void localNeverShutDown() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void report(Runnable task) {",
              "    // BUG: Diagnostic contains: Executor 'pool' is never shut down",
              "    ExecutorService pool = Executors.newFixedThreadPool(4);",
              "    pool.submit(task);",
              "  }",
              "  void others(Runnable task) {",
              "    // BUG: Diagnostic contains: never shut down",
              "    ThreadPoolExecutor a = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());",
              "    a.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ScheduledThreadPoolExecutor b = new ScheduledThreadPoolExecutor(1);",
              "    b.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ForkJoinPool c = new ForkJoinPool(2);",
              "    c.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService d = Executors.newVirtualThreadPerTaskExecutor();",
              "    d.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService e = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());",
              "    e.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ScheduledExecutorService f = Executors.newScheduledThreadPool(1);",
              "    f.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService g = Executors.newWorkStealingPool(2);",
              "    g.execute(task);",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService h = Executors.newFixedThreadPool(2);",
              "    CompletableFuture.runAsync(task, h);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void awaitTerminationWithoutShutdown() {
      helper
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
      helper
          .addSourceLines(
              "Fetcher.java",
              """
              import java.util.concurrent.*;
              class Fetcher {
                Future<String> fetch(Callable<String> call) {
                  // BUG: Diagnostic contains: Executor 'pool' is never shut down
                  var pool = Executors.newFixedThreadPool(2);
                  return pool.submit(call);
                }
              }
              """)
          .doTest();
    }

    @Test
    void usedByCompletableFutureAndNeverShutDown() {
      helper
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
    void poolInsideLambdaBody() {
      helper
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
      helper
          .addSourceLines(
              "Jobs.java",
              """
              import java.util.concurrent.*;
              class Jobs {
                Runnable job(Runnable step) {
                  return new Runnable() {
                    @Override public void run() {
                      // BUG: Diagnostic contains: Executor 'inner' is never shut down
                      ExecutorService inner = Executors.newFixedThreadPool(2);
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
      helper
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
      helper
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
    void perCallVirtualThreadExecutorNeverClosed() {
      helper
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
    void futuresFromAStreamOfSupplyAsyncNeverShutDown() {
      helper
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
    void assignedInBothBranchesAndNeverShutDown() {
      helper
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
    void poolOrNullNeverShutDown() {
      helper
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
    void poolLocalToAnOldStyleCase() {
      helper
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
      helper
          .addSourceLines(
              "Modes.java",
              """
              import java.util.concurrent.*;
              class Modes {
                void leak(int mode, Runnable r) {
                  // BUG: Diagnostic contains: Executor 'es' is never shut down
                  ExecutorService es = switch (mode) {
                    case 1 -> Executors.newFixedThreadPool(2);
                    default -> Executors.newFixedThreadPool(2);
                  };
                  es.execute(r);
                }
                void closed(int mode, Runnable r) {
                  ExecutorService es = switch (mode) {
                    case 1 -> Executors.newFixedThreadPool(2);
                    default -> Executors.newFixedThreadPool(2);
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
    void printingAPoolDoesNotHandItOn() {
      helper
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
                  Object es = Executors.newFixedThreadPool(2);
                  System.out.println(String.valueOf(es) + java.util.Objects.hashCode(es));
                }
              }
              """)
          .doTest();
    }

    @Test
    void factoryMethodsOfTheSameFileCreate() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  // BUG: Diagnostic contains: Field 'workers'",
              "  private final ExecutorService workers = newPool(4);",
              "  private static ExecutorService newPool(int threads) {",
              "    return Executors.newFixedThreadPool(threads);",
              "  }",
              "  ExecutorService overridable() { return Executors.newCachedThreadPool(); }",
              "  void run(Runnable task) {",
              "    workers.execute(task);",
              "    // BUG: Diagnostic contains: Executor 'local' is never shut down",
              "    ExecutorService local = newPool(2);",
              "    local.execute(task);",
              "    ExecutorService maybeShared = overridable();",
              "    maybeShared.execute(task);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void unusualShapesAreStillFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.List;",
              "import java.util.concurrent.*;",
              "class A {",
              "  void inLambda(List<Runnable> tasks) {",
              "    tasks.forEach(t -> {",
              "      // BUG: Diagnostic contains: never shut down",
              "      ExecutorService pool = Executors.newSingleThreadExecutor();",
              "      pool.execute(t);",
              "    });",
              "  }",
              "  void eitherPool(boolean big, Runnable r) {",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService pool = big ? Executors.newFixedThreadPool(8) : Executors.newFixedThreadPool(2);",
              "    pool.execute(r);",
              "  }",
              "  void typedAsExecutor(Runnable r) {",
              "    // BUG: Diagnostic contains: never shut down",
              "    Executor pool = Executors.newFixedThreadPool(1);",
              "    pool.execute(r);",
              "  }",
              "  void rethrownFromCatch(Runnable r) {",
              "    // BUG: Diagnostic contains: the throw on line 27 skips",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    try {",
              "      pool.submit(r).get();",
              "    } catch (Exception e) {",
              "      throw new IllegalStateException(e);",
              "    }",
              "    pool.shutdown();",
              "  }",
              "  Object anonymous() {",
              "    return new Object() {",
              "      // BUG: Diagnostic contains: Field 'workers'",
              "      final ExecutorService workers = Executors.newFixedThreadPool(1);",
              "    };",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void mainMethodsWithAndWithoutExit() {
      helper
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
  }

  /** An executor created, used in the same expression and dropped. */
  @Nested
  class CreatedAndDroppedInline {
    @Test
    void createdUsedInlineAndDropped() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  Future<?> run(Runnable task) {",
              "    // BUG: Diagnostic contains: created, used once and dropped",
              "    return Executors.newSingleThreadExecutor().submit(task);",
              "  }",
              "  void schedule(Runnable task) {",
              "    // BUG: Diagnostic contains: dropped",
              "    Executors.newSingleThreadScheduledExecutor().schedule(task, 1, TimeUnit.SECONDS);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void scheduledPoolDroppedInline() {
      helper
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
    void createdInlineForCompletableFutureOrCompletionService() {
      helper
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
                  return new ExecutorCompletionService<>(Executors.newFixedThreadPool(2));
                }
              }
              """)
          .doTest();
    }

    @Test
    void createdInlineForAnExecutorParameterOfThisCode() {
      // firmata4j 2.3.8 (kurbatov/firmata4j#38): the setter keeps it as an Executor, which has no
      // shutdown(). A parameter typed ExecutorService, a class that casts to shut it down, and
      // code out of sight are left alone.
      helper
          .addSourceLines(
              "Machine.java",
              """
              import java.util.concurrent.*;
              class Machine {
                private Executor events = Runnable::run;
                private ExecutorService workers;
                void setEvents(Executor executor) { events = executor; }
                void setWorkers(ExecutorService executor) { workers = executor; }
                void stop() { workers.shutdown(); }
              }
              """)
          .addSourceLines(
              "Closing.java",
              """
              import java.util.concurrent.*;
              class Closing {
                private Executor executor;
                Closing(Executor executor) { this.executor = executor; }
                void close() {
                  if (executor instanceof ExecutorService service) {
                    service.shutdown();
                  }
                }
              }
              """)
          .addSourceLines(
              "Device.java",
              """
              import java.util.concurrent.*;
              class Device {
                private final Machine machine = new Machine();
                Device() {
                  // BUG: Diagnostic contains: handed to setEvents(..) as Executor, which has no shutdown()
                  machine.setEvents(Executors.newSingleThreadExecutor());
                  machine.setWorkers(Executors.newFixedThreadPool(2));
                  new Closing(Executors.newSingleThreadExecutor()).close();
                }
              }
              """)
          .doTest();
    }

    @Test
    void createdInlineForTheJdksHttpServerOrClient() {
      // Their stop() and close() leave the executor running (prometheus/client_java#303).
      helper
          .addSourceLines(
              "Exporter.java",
              """
              import com.sun.net.httpserver.HttpServer;
              import java.net.InetSocketAddress;
              import java.net.http.HttpClient;
              import java.util.concurrent.*;
              class Exporter {
                private final HttpServer server;
                private final ExecutorService workers = Executors.newFixedThreadPool(2);
                Exporter(int port) throws java.io.IOException {
                  server = HttpServer.create(new InetSocketAddress(port), 3);
                  // BUG: Diagnostic contains: created, used once and dropped
                  server.setExecutor(Executors.newFixedThreadPool(5));
                  server.start();
                }
                HttpClient client() {
                  // BUG: Diagnostic contains: created, used once and dropped
                  return HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
                }
                HttpServer idleThreadsEnd() throws java.io.IOException {
                  HttpServer other = HttpServer.create();
                  other.setExecutor(Executors.newCachedThreadPool());
                  return other;
                }
                HttpServer withWorkers() throws java.io.IOException {
                  HttpServer other = HttpServer.create();
                  other.setExecutor(workers);
                  return other;
                }
                void stop() {
                  server.stop(0);
                  workers.shutdown();
                }
              }
              """)
          .doTest();
    }
  }

  /** Shut down on some paths only: a return, throw, jump or checked exception skips it. */
  @Nested
  class PathsThatSkipTheShutdown {
    @Test
    void earlyReturnOrThrowSkipsShutdown() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void earlyReturn(Runnable task, boolean skip) {",
              "    // BUG: Diagnostic contains: the return on line 6 skips pool.shutdown()",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    if (skip) return;",
              "    pool.submit(task);",
              "    pool.shutdown();",
              "  }",
              "  void earlyThrow(Runnable task) {",
              "    // BUG: Diagnostic contains: the throw on line 13 skips",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    if (task == null) throw new IllegalArgumentException();",
              "    pool.submit(task);",
              "    pool.shutdown();",
              "  }",
              "  void checked(Callable<String> task) throws Exception {",
              "    // BUG: Diagnostic contains: an InterruptedException thrown by the call on line 20",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task).get();",
              "    pool.shutdown();",
              "  }",
              "  void oneBranchOnly(Runnable task, boolean flag) {",
              "    // BUG: Diagnostic contains: a path reaches the end of its scope",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "    if (flag) pool.shutdown();",
              "  }",
              "  void breakOut(java.util.List<Runnable> tasks) {",
              "    for (Runnable t : tasks) {",
              "      // BUG: Diagnostic contains: the break on line 33 skips",
              "      ExecutorService pool = Executors.newFixedThreadPool(2);",
              "      if (t == null) break;",
              "      pool.execute(t);",
              "      pool.shutdown();",
              "    }",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void aHelperOfThisCodeThatShutsThePoolDownIsTheShutdown() {
      // Passing the pool to code of the compilation that shuts its parameter down is a shutdown
      // here: paths are judged as for pool.shutdown() (before, the pool was taken as handed on).
      helper
          .addSourceLines(
              "Pools.java",
              "import java.util.concurrent.*;",
              "final class Pools {",
              "  static void stop(ExecutorService pool) {",
              "    if (pool != null) {",
              "      pool.shutdownNow();",
              "    }",
              "  }",
              "}")
          .addSourceLines(
              "Batch.java",
              "import java.util.List;",
              "import java.util.concurrent.*;",
              "class Batch {",
              "  void run(List<Runnable> tasks) {",
              "    // BUG: Diagnostic contains: the return on line 9 skips",
              "    ExecutorService pool = Executors.newFixedThreadPool(4);",
              "    for (Runnable task : tasks) {",
              "      if (task == null) {",
              "        return;",
              "      }",
              "      pool.submit(task);",
              "    }",
              "    Pools.stop(pool);",
              "  }",
              "  void runSafely(List<Runnable> tasks) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(4);",
              "    try {",
              "      for (Runnable task : tasks) {",
              "        if (task == null) {",
              "          return;",
              "        }",
              "        pool.submit(task);",
              "      }",
              "    } finally {",
              "      Pools.stop(pool);",
              "    }",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void aMethodNamedForShutdownOutOfSightIsTheShutdown() {
      // A framework's executor manager or a utility whose body is not in the compilation (Camel's
      // `manager.shutdown(pool)`): paths are judged as for pool.shutdown(); handed to a method of
      // another name, the pool is handed on and not reported.
      helper
          .addSourceLines(
              "Manager.java",
              """
              import java.util.concurrent.ExecutorService;
              interface Manager {
                void shutdownGraceful(ExecutorService pool);
                void register(ExecutorService pool);
              }
              """)
          .addSourceLines(
              "Batch.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Batch {
                void run(List<Runnable> tasks, Manager manager) {
                  // BUG: Diagnostic contains: the return on line 9 skips
                  ExecutorService pool = Executors.newFixedThreadPool(4);
                  for (Runnable task : tasks) {
                    if (task == null) {
                      return;
                    }
                    pool.submit(task);
                  }
                  manager.shutdownGraceful(pool);
                }
                void handOn(List<Runnable> tasks, Manager manager) {
                  ExecutorService pool = Executors.newFixedThreadPool(4);
                  for (Runnable task : tasks) {
                    if (task == null) {
                      return;
                    }
                    pool.submit(task);
                  }
                  manager.register(pool);
                }
              }
              """)
          .doTest();
    }

    @Test
    void shutdownInTheIfBranchOnly() {
      helper
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
    void shutdownInCatchOnly() {
      helper
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
    void invokeAllThenReturnWithoutShutdown() {
      helper
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

    @Test
    void localReassignedWhileLive() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    // BUG: Diagnostic contains: the assignment on line 6 replaces a live executor",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool = Executors.newFixedThreadPool(3);",
              "    pool.submit(task);",
              "    pool.shutdown();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void statementsAfterTheLastUseStillDecide() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void releasedBeforeUnrelatedReturn(boolean b, Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    pool.execute(task);",
              "    pool.shutdown();",
              "    System.out.println(b);",
              "    if (b) return;",
              "    System.out.println(task);",
              "  }",
              "  void liveAtAnUnrelatedReturn(boolean b, Runnable task) {",
              "    // BUG: Diagnostic contains: the return on line 18 skips pool.shutdown()",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    if (b) {",
              "      pool.shutdown();",
              "    }",
              "    System.out.println(task);",
              "    if (!b) return;",
              "    System.out.println(task);",
              "  }",
              "  void liveUntilTheEnd(Runnable task) {",
              "    // BUG: Diagnostic contains: Executor 'pool' is never shut down",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    pool.execute(task);",
              "    System.out.println(task);",
              "    System.out.println(task);",
              "  }",
              "  int releasedInASwitchExpressionCase(int mode, Runnable task) {",
              "    return switch (mode) {",
              "      case 1 -> {",
              "        ExecutorService pool = Executors.newFixedThreadPool(1);",
              "        pool.execute(task);",
              "        pool.shutdown();",
              "        System.out.println(task);",
              "        yield 1;",
              "      }",
              "      default -> 0;",
              "    };",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void uncheckedExceptionsAloneAreNotAFinding() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "    Integer.parseInt(\"12\");",
              "    pool.shutdown();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void unusualControlFlowIsFollowed() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  int switchAndLabels(int k, Runnable r) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    try {",
              "      int v = switch (k) {",
              "        case 1 -> { pool.execute(r); yield 1; }",
              "        default -> 2;",
              "      };",
              "      outer:",
              "      for (int i = 0; i < 3; i++) {",
              "        for (int j = 0; j < 3; j++) {",
              "          if (j == k) continue outer;",
              "          if (i == k) break outer;",
              "        }",
              "      }",
              "      return v;",
              "    } finally {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "  void breakOutOfLabeledBlock(Runnable r, int k) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    block: {",
              "      if (k > 0) break block;",
              "      pool.execute(r);",
              "    }",
              "    pool.shutdown();",
              "  }",
              "  void existingVariableAsResource(Runnable r) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    try (pool) { pool.execute(r); }",
              "  }",
              "  void castToShutDown(Runnable r) {",
              "    Executor pool = Executors.newFixedThreadPool(1);",
              "    pool.execute(r);",
              "    ((ExecutorService) pool).shutdown();",
              "  }",
              "  void catchesWhatTheCallThrows(Runnable r) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    try {",
              "      pool.submit(r).get();",
              "    } catch (InterruptedException | ExecutionException e) {",
              "      System.err.println(e);",
              "    }",
              "    pool.shutdown();",
              "  }",
              "  public static void main(String[] args) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(1);",
              "    pool.execute(() -> System.out.println(\"hi\"));",
              "    System.exit(0);",
              "  }",
              "}")
          .doTest();
    }
  }

  /** Released on every path: finally, both branches, try-with-resources, Guava. */
  @Nested
  class ShutDownOnEveryPath {
    @Test
    void tryWithResourcesIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {",
              "      pool.submit(task);",
              "    }",
              "    try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {",
              "      virtual.submit(task);",
              "    }",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void shutdownInFinallyOrOnEveryBranchIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void inFinally(Runnable task) throws Exception {",
              "    ExecutorService pool = Executors.newCachedThreadPool();",
              "    try {",
              "      pool.submit(task).get();",
              "      if (task == null) return;",
              "    } finally {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "  void bothBranches(boolean urgent, Runnable task) {",
              "    ExecutorService pool = Executors.newSingleThreadExecutor();",
              "    pool.execute(task);",
              "    if (urgent) {",
              "      pool.shutdownNow();",
              "    } else {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "  void nullGuardedFinally(Runnable task) throws InterruptedException {",
              "    ExecutorService pool = null;",
              "    try {",
              "      pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());",
              "      pool.execute(task);",
              "      Thread.sleep(10);",
              "    } finally {",
              "      if (pool != null) {",
              "        pool.shutdown();",
              "      }",
              "    }",
              "  }",
              "  void closeAndAwait(Runnable task) throws InterruptedException {",
              "    ForkJoinPool pool = new ForkJoinPool(4);",
              "    pool.execute(task);",
              "    pool.shutdown();",
              "    pool.awaitTermination(1, TimeUnit.SECONDS);",
              "  }",
              "  void closeIt(Runnable task) {",
              "    ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();",
              "    pool.schedule(task, 1, TimeUnit.SECONDS);",
              "    pool.close();",
              "  }",
              "  void loopThenShutdown(java.util.List<Runnable> tasks) {",
              "    ExecutorService pool = Executors.newWorkStealingPool();",
              "    for (Runnable t : tasks) {",
              "      if (t == null) continue;",
              "      pool.execute(t);",
              "    }",
              "    pool.shutdown();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void guavaShutdownAndAwaitTerminationIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import com.google.common.util.concurrent.MoreExecutors;",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "    MoreExecutors.shutdownAndAwaitTermination(pool, 1, TimeUnit.SECONDS);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void shutdownNowInFinally() {
      helper
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
    void tryWithResourcesVirtualThreads() {
      helper
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
    void guavaShutdownAndAwaitTerminationInFinally() {
      helper
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
    void poolOrNullShutDownWhenPresentIsSilent() {
      helper
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
    void shutdownWhenTheFutureCompletesIsSilent() {
      helper
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
    void interruptHandledAndShutdownNowInFinallyIsSilent() {
      helper
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
  }

  /** A pool whose threads end by themselves when idle leaks no thread (0.2). */
  @Nested
  class PoolsWhoseThreadsEnd {
    @Test
    void poolWhoseThreadsAllTimeOutIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  private final ThreadPoolExecutor refresher =",
              "      new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>());",
              "  A() { refresher.allowCoreThreadTimeOut(true); }",
              "  void run(Runnable task) {",
              "    ThreadPoolExecutor pool =",
              "        new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>());",
              "    pool.allowCoreThreadTimeOut(true);",
              "    pool.execute(task);",
              "    refresher.execute(task);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void cachedPoolsAndPoolsWithoutCoreThreadsAreSilent() {
      helper
          .addSourceLines(
              "Elastic.java",
              """
              import java.util.concurrent.*;
              class Elastic {
                private final ExecutorService field = Executors.newCachedThreadPool();
                void local(Runnable task) {
                  ExecutorService cached = Executors.newCachedThreadPool();
                  cached.execute(task);
                  Executors.newCachedThreadPool(Thread.ofPlatform().factory()).execute(task);
                  ThreadPoolExecutor noCore =
                      new ThreadPoolExecutor(0, 8, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
                  noCore.execute(task);
                  field.execute(task);
                }
              }
              """)
          .doTest();
    }

    @Test
    void poolsWithCoreThreadsStillLeak() {
      helper
          .addSourceLines(
              "Core.java",
              """
              import java.util.concurrent.*;
              class Core {
                void local(Runnable task, long keepAlive) {
                  ThreadPoolExecutor core =
                      // BUG: Diagnostic contains: Executor 'core' is never shut down
                      new ThreadPoolExecutor(1, 8, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
                  core.execute(task);
                  ThreadPoolExecutor forever =
                      // BUG: Diagnostic contains: Executor 'forever' is never shut down
                      new ThreadPoolExecutor(0, 8, Long.MAX_VALUE, TimeUnit.DAYS, new SynchronousQueue<>());
                  forever.execute(task);
                }
              }
              """)
          .doTest();
    }

    /** Storm's DRPCSpout: a subclass whose constructor hands the sizes to super(..) unchanged. */
    @Test
    void aSubclassThatPassesNoCoreThreadsThroughIsSilentAndOneWithCoreThreadsLeaks() {
      helper
          .addSourceLines(
              "Extended.java",
              """
              import java.util.concurrent.*;
              class Extended extends ThreadPoolExecutor {
                Extended(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue) {
                  super(core, max, keepAlive, unit, queue);
                }
                Extended(int max) {
                  super(1, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                }
              }
              """)
          .addSourceLines(
              "Spout.java",
              """
              import java.util.concurrent.*;
              class Spout {
                private final ExecutorService background =
                    new Extended(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<>());
                // BUG: Diagnostic contains: Field 'pinned' holds an executor this class creates
                private final ExecutorService pinned = new Extended(4);
                void go(Runnable task) {
                  background.execute(task);
                  pinned.execute(task);
                }
              }
              """)
          .doTest();
    }

    /** Reactor's SchedulerState: the pool is configured through a local, then stored. */
    @Test
    void fieldWhosePoolTimesOutThroughTheLocalThatCarriedItIsSilent() {
      helper
          .addSourceLines(
              "Awaiter.java",
              """
              import java.util.concurrent.*;
              class Awaiter {
                static final ScheduledExecutorService TRANSITION_POOL;
                static {
                  ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(0);
                  executor.setKeepAliveTime(10, TimeUnit.SECONDS);
                  executor.allowCoreThreadTimeOut(true);
                  TRANSITION_POOL = executor;
                }
                // BUG: Diagnostic contains: Field 'kept' holds an executor this class creates
                private ThreadPoolExecutor kept;
                void start() {
                  ThreadPoolExecutor pool =
                      new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                  pool.allowCoreThreadTimeOut(false);
                  kept = pool;
                }
              }
              """)
          .doTest();
    }

    /** cache2k's loader pool: {@code int corePoolThreadSize = 0;} then the constructor. */
    @Test
    void coreSizeHeldInAnUnchangedLocalIsRead() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                Executor provide(int threads) {
                  int coreThreads = 0;
                  long idleSeconds = 21;
                  return new ThreadPoolExecutor(coreThreads, threads, idleSeconds, TimeUnit.SECONDS,
                      new SynchronousQueue<>());
                }
                void changed(Runnable task, int threads) {
                  int coreThreads = 0;
                  coreThreads = threads;
                  ThreadPoolExecutor pool =
                      // BUG: Diagnostic contains: Executor 'pool' is never shut down
                      new ThreadPoolExecutor(coreThreads, 8, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
                  pool.execute(task);
                }
              }
              """)
          .doTest();
    }
  }

  /** An executor handed to another constructor of the same class stays the class's (0.2). */
  @Nested
  class ConstructorsOfTheSameClass {
    @Test
    void poolHandedToThisAndStoredIsTheClasssToShutDown() {
      helper
          .addSourceLines(
              "Client.java",
              """
              import java.util.concurrent.*;
              class Client {
                // BUG: Diagnostic contains: Field 'pool' holds an executor this class creates
                private final ExecutorService pool;
                Client() {
                  this(Executors.newFixedThreadPool(2));
                }
                Client(ExecutorService pool) {
                  this.pool = pool;
                }
                static Client create() {
                  return new Client(Executors.newSingleThreadExecutor());
                }
                void send(Runnable r) { pool.execute(r); }
              }
              """)
          .doTest();
    }

    @Test
    void aProtectedFieldOfAConcreteClassIsItsOwn() {
      // kryonet's ThreadedListener (kryonet#103); an abstract class's protected field, and a
      // protected static one, are for the subclasses to manage.
      helper
          .addSourceLines(
              "ThreadedListener.java",
              """
              import java.util.concurrent.*;
              class ThreadedListener {
                // BUG: Diagnostic contains: Field 'threadPool' holds an executor this class creates
                protected final ExecutorService threadPool;
                ThreadedListener() {
                  this(Executors.newFixedThreadPool(1));
                }
                ThreadedListener(ExecutorService threadPool) {
                  this.threadPool = threadPool;
                }
                void queue(Runnable r) { threadPool.execute(r); }
              }
              """)
          .addSourceLines(
              "BaseListener.java",
              """
              import java.util.concurrent.*;
              abstract class BaseListener {
                protected final ExecutorService threadPool = Executors.newFixedThreadPool(1);
                void queue(Runnable r) { threadPool.execute(r); }
              }
              """)
          .addSourceLines(
              "Monitor.java",
              """
              import java.util.concurrent.*;
              class Monitor {
                protected static final ScheduledExecutorService DEFAULT = Executors.newScheduledThreadPool(1);
              }
              """)
          .doTest();
    }

    @Test
    void poolHandedToThisAndShutDownByCloseIsSilent() {
      helper
          .addSourceLines(
              "Client.java",
              """
              import java.util.concurrent.*;
              class Client implements AutoCloseable {
                private final ExecutorService pool;
                Client() {
                  this(Executors.newFixedThreadPool(2));
                }
                Client(ExecutorService pool) {
                  this.pool = pool;
                }
                void send(Runnable r) { pool.execute(r); }
                @Override public void close() { pool.shutdown(); }
              }
              """)
          .addSourceLines(
              "Injected.java",
              """
              import java.util.concurrent.*;
              class Injected {
                private final ExecutorService pool;
                Injected(ExecutorService pool) {
                  this.pool = pool;
                }
                void send(Runnable r) { pool.execute(r); }
              }
              """)
          .doTest();
    }
  }

  /** A field declared {@code = null} or with no initialiser holds nothing live before it is set (0.2). */
  @Nested
  class FieldsAssignedOnce {
    @Test
    void nullFieldSetOnceIsNotReplacingALivePool() {
      helper
          .addSourceLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                private ExecutorService pool = null;
                private ScheduledExecutorService ticker;
                Service() {
                  pool = Executors.newFixedThreadPool(2);
                  ticker = Executors.newSingleThreadScheduledExecutor();
                }
                void run(Runnable r) { pool.execute(r); ticker.execute(r); }
                void close() { pool.shutdown(); ticker.shutdown(); }
              }
              """)
          .doTest();
    }

    @Test
    void nullFieldReplacedLaterStillLeaks() {
      helper
          .addSourceLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                // BUG: Diagnostic contains: Field 'pool' gets a new executor in resize() without shutting down
                private ExecutorService pool = null;
                Service() {
                  pool = Executors.newFixedThreadPool(2);
                }
                void resize(int n) {
                  pool = Executors.newFixedThreadPool(n);
                }
                void close() { pool.shutdown(); }
              }
              """)
          .doTest();
    }
  }

  /** Who owns the executor: escapes, injected and shared executors, code that only runs tasks. */
  @Nested
  class OwnershipAndEscapes {
    @Test
    void escapesAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "import java.util.concurrent.*;",
              "class A {",
              "  static class Holder { ExecutorService pool; }",
              "  private final List<ExecutorService> pools = new ArrayList<>();",
              "  ExecutorService returned() {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(() -> {});",
              "    return pool;",
              "  }",
              "  ExecutorService returnedDirectly() {",
              "    return Executors.newCachedThreadPool();",
              "  }",
              "  void storedInAnotherObject(Holder holder) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    holder.pool = pool;",
              "  }",
              "  void passedOn(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    register(pool);",
              "  }",
              "  void passedToConstructor() {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    new Holder2(pool);",
              "  }",
              "  void addedToCollection() {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pools.add(pool);",
              "  }",
              "  void capturedByUnknownLambda() {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    Runtime.getRuntime().addShutdownHook(new Thread(() -> pool.shutdown()));",
              "  }",
              "  void capturedByCallbackKeptForLater(java.util.function.Consumer<Runnable> server) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    onRequest(request -> pool.submit(request));",
              "    onRequest(pool::execute);",
              "  }",
              "  void taskThatShutsDownItsOwnPool() {",
              "    ExecutorService pool = Executors.newSingleThreadExecutor();",
              "    pool.execute(() -> { System.out.println(\"done\"); pool.shutdown(); });",
              "  }",
              "  static void onRequest(java.util.function.Consumer<Runnable> handler) {}",
              "  void passedDirectly() {",
              "    register(Executors.newSingleThreadExecutor());",
              "  }",
              "  static void register(ExecutorService pool) {}",
              "  static class Holder2 { Holder2(ExecutorService pool) {} }",
              "}")
          .doTest();
    }

    @Test
    void injectedAndSharedExecutorsAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import com.google.common.util.concurrent.MoreExecutors;",
              "import java.util.concurrent.*;",
              "class A {",
              "  private final ExecutorService injected;",
              "  private final Executor direct = MoreExecutors.directExecutor();",
              "  private final ForkJoinPool common = ForkJoinPool.commonPool();",
              "  private static final ExecutorService EXITING =",
              "      MoreExecutors.getExitingExecutorService(",
              "          (ThreadPoolExecutor) Executors.newFixedThreadPool(2));",
              "  A(ExecutorService injected) {",
              "    this.injected = injected;",
              "  }",
              "  void run(ExecutorService parameter, Runnable task) {",
              "    parameter.submit(task);",
              "    injected.submit(task);",
              "    ForkJoinPool.commonPool().submit(task);",
              "    MoreExecutors.directExecutor().execute(task);",
              "    ExecutorService exiting = MoreExecutors.getExitingExecutorService(",
              "        (ThreadPoolExecutor) Executors.newFixedThreadPool(2));",
              "    exiting.submit(task);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void jdkCodeThatOnlyRunsTasksKeepsOwnership() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(List<Callable<String>> tasks) throws Exception {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    try {",
              "      CompletableFuture.runAsync(() -> {}, pool).join();",
              "      CompletionService<String> service = new ExecutorCompletionService<>(pool);",
              "      service.submit(() -> \"x\");",
              "      pool.invokeAll(tasks);",
              "    } finally {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void lambdasThatRunNowKeepOwnership() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "import java.util.concurrent.*;",
              "class A {",
              "  List<Future<?>> fanOut(List<Runnable> tasks) {",
              "    // BUG: Diagnostic contains: never shut down",
              "    ExecutorService pool = Executors.newFixedThreadPool(4);",
              "    tasks.forEach(task -> pool.submit(task));",
              "    tasks.stream().filter(Objects::nonNull).forEach(pool::execute);",
              "    List<Future<?>> futures = new ArrayList<>();",
              "    tasks.stream().map(t -> pool.submit(t)).forEach(futures::add);",
              "    return futures;",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void passedToALibraryConstructor() {
      helper
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
    void returnedFromAFactoryMethod() {
      helper
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
      helper
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
      helper
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
    void sharedAndExitingExecutors() {
      helper
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
    void guavaListeningDecoratorIsJudgedAsThePoolItWraps() {
      helper
          .addSourceLines(
              "A.java",
              "import com.google.common.util.concurrent.*;",
              "import java.util.concurrent.*;",
              "class A {",
              "  void leaks(Runnable task) {",
              "    ListeningExecutorService pool =",
              "        // BUG: Diagnostic contains: never shut down",
              "        MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(2));",
              "    pool.submit(task);",
              "  }",
              "  void safe(Runnable task) {",
              "    ListeningExecutorService pool =",
              "        MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(2));",
              "    try {",
              "      pool.submit(task);",
              "    } finally {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void unconfigurableWrapperIsJudgedAsThePoolItWraps() {
      helper
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

    @Test
    void guavaFutureCallbacksOnlyRunTasks() {
      helper
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
  }

  /** A field the class creates: shut down by some method of the file, or never. */
  @Nested
  class Fields {
    /**
     * "Use the given executor, or make one" (resilience4j's rate limiter scheduler, 1.x): when none
     * is given the class owns the one it creates, so a class that never shuts the field down leaks
     * it (0.2).
     */
    @Test
    void fieldCreatedWhenNotGivenAndNeverShutDown() {
      helper
          .addSourceLines(
              "Limiter.java",
              """
              import java.util.concurrent.*;
              class Limiter implements AutoCloseable {
                // BUG: Diagnostic contains: Field 'scheduler' holds an executor this class creates when it is not given one
                private final ScheduledExecutorService scheduler;
                // BUG: Diagnostic contains: Field 'workers' holds an executor this class creates when it is not given one
                private final ExecutorService workers;
                Limiter(ScheduledExecutorService scheduler, ExecutorService workers) {
                  this.scheduler = scheduler != null ? scheduler : newScheduler();
                  this.workers = workers == null ? Executors.newFixedThreadPool(2) : workers;
                }
                private static ScheduledExecutorService newScheduler() {
                  return Executors.newSingleThreadScheduledExecutor();
                }
                void run(Runnable task) {
                  scheduler.execute(task);
                  workers.execute(task);
                }
                @Override public void close() {}
              }
              """)
          .doTest();
    }

    @Test
    void fieldCreatedWhenNotGivenIsSilentWhenShutDownPassedOnOrStatic() {
      helper
          .addSourceLines(
              "Owned.java",
              """
              import java.util.concurrent.*;
              class Owned implements AutoCloseable {
                private final ExecutorService pool;
                private final boolean ownsPool;
                private final ExecutorService handed;
                private static ExecutorService shared;
                private ExecutorService replaced;
                Owned(ExecutorService pool, ExecutorService handed) {
                  this.ownsPool = pool == null;
                  this.pool = pool == null ? Executors.newFixedThreadPool(2) : pool;
                  this.handed = handed != null ? handed : Executors.newFixedThreadPool(2);
                  register(this.handed);
                  shared = pool != null ? pool : Executors.newFixedThreadPool(2);
                }
                void configure(ExecutorService next) {
                  replaced = next != null ? next : Executors.newFixedThreadPool(2);
                }
                static void register(ExecutorService executor) {}
                void run(Runnable task) {
                  pool.execute(task);
                  shared.execute(task);
                }
                @Override public void close() {
                  if (ownsPool) {
                    pool.shutdown();
                  }
                  if (replaced != null) {
                    replaced.shutdown();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void fieldNeverShutDown() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  // BUG: Diagnostic contains: Field 'pool' holds an executor this class creates",
              "  private final ExecutorService pool = Executors.newFixedThreadPool(2);",
              "  // BUG: Diagnostic contains: Field 'scheduler'",
              "  private final ScheduledExecutorService scheduler;",
              "  // BUG: Diagnostic contains: Field 'shared'",
              "  private static final ExecutorService shared = Executors.newFixedThreadPool(2);",
              "  // BUG: Diagnostic contains: Field 'NON_DAEMON_FACTORY'",
              "  private static final ExecutorService NON_DAEMON_FACTORY =",
              "      Executors.newFixedThreadPool(2, Executors.defaultThreadFactory());",
              "  // BUG: Diagnostic contains: Field 'daemonButInstance'",
              "  private final ForkJoinPool daemonButInstance = new ForkJoinPool(2);",
              "  // BUG: Diagnostic contains: Field 'viaLocal'",
              "  private ThreadPoolExecutor viaLocal;",
              "  void start() {",
              "    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());",
              "    pool.prestartAllCoreThreads();",
              "    this.viaLocal = pool;",
              "  }",
              "  A() { scheduler = Executors.newScheduledThreadPool(1); }",
              "  void run(Runnable task) {",
              "    pool.submit(task);",
              "    scheduler.execute(task);",
              "    shared.execute(task);",
              "    daemonButInstance.execute(task);",
              "    NON_DAEMON_FACTORY.execute(task);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void fieldSetInConstructorAndNeverShutDown() {
      helper
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
      helper
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
      helper
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
    void fieldShutDownByAnyMethodIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A implements AutoCloseable {",
              "  private final ExecutorService pool = Executors.newFixedThreadPool(2);",
              "  private ScheduledExecutorService scheduler;",
              "  private final ExecutorService workers;",
              "  A() {",
              "    scheduler = Executors.newSingleThreadScheduledExecutor();",
              "    workers = new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new SynchronousQueue<>());",
              "  }",
              "  void submit(Runnable task) { pool.submit(task); workers.execute(task); }",
              "  @Override public void close() { pool.shutdown(); }",
              "  void stop() { scheduler.shutdownNow(); }",
              "  @interface PreDestroy {}",
              "  @PreDestroy void destroy() { workers.shutdown(); }",
              "}")
          .doTest();
    }

    @Test
    void fieldSetInConstructorAndShutDownByALifecycleMethod() {
      helper
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
    void shutdownHookTakesOverAField() {
      helper
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
      helper
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

    @Test
    void fieldLazilyCreatedOrRecreatedAfterShutdownIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  private ExecutorService pool = Executors.newFixedThreadPool(2);",
              "  private ExecutorService lazy;",
              "  synchronized ExecutorService lazy() {",
              "    if (lazy == null) { lazy = Executors.newCachedThreadPool(); }",
              "    lazy.execute(() -> {});",
              "    return null;",
              "  }",
              "  void restart() {",
              "    pool.shutdownNow();",
              "    pool = Executors.newFixedThreadPool(2);",
              "  }",
              "  void stop() { pool.shutdown(); lazy.shutdown(); }",
              "}")
          .doTest();
    }
  }

  /** A field given a new executor while it holds a live one. */
  @Nested
  class FieldReassignment {
    @Test
    void fieldReassignedWithoutShutdown() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  // BUG: Diagnostic contains: gets a new executor in resize() without shutting down",
              "  private ExecutorService pool = Executors.newFixedThreadPool(2);",
              "  void resize(int threads) {",
              "    pool = Executors.newFixedThreadPool(threads);",
              "  }",
              "  void close() { pool.shutdown(); }",
              "}")
          .doTest();
    }

    @Test
    void fieldReplacedInRestartWithoutShuttingTheOldOne() {
      helper
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
      helper
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
    void restartThatShutsTheOldPoolDownThroughAHelperIsSilent() {
      helper
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
      helper
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
    void nullCheckThatDoesNotGuardTheReplacement() {
      helper
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
                  pool = Executors.newFixedThreadPool(2);
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
      helper
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
    void constructorReplacingTheInitialPoolIsNamedAfterItsClass() {
      helper
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

  /** Daemon threads of static fields, @SuppressWarnings and @IntentionalDaemon. */
  @Nested
  class DaemonsAndSuppression {
    @Test
    void staticFieldWithDaemonThreadsIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import com.google.common.util.concurrent.ThreadFactoryBuilder;",
              "import java.util.concurrent.*;",
              "class A {",
              "  private static final ExecutorService GUAVA = Executors.newCachedThreadPool(",
              "      new ThreadFactoryBuilder().setDaemon(true).setNameFormat(\"a-%d\").build());",
              "  private static final ThreadFactory DAEMONS = r -> {",
              "    Thread t = new Thread(r);",
              "    t.setDaemon(true);",
              "    return t;",
              "  };",
              "  private static final ScheduledExecutorService NAMED =",
              "      Executors.newSingleThreadScheduledExecutor(DAEMONS);",
              "  private static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();",
              "  private static final ForkJoinPool FORK_JOIN = new ForkJoinPool(4);",
              "  private static final ExecutorService BUILDER = Executors.newFixedThreadPool(",
              "      2, Thread.ofPlatform().daemon().name(\"b\").factory());",
              "  static final class Daemons implements ThreadFactory {",
              "    @Override public Thread newThread(Runnable r) {",
              "      Thread t = new Thread(r);",
              "      t.setDaemon(true);",
              "      return t;",
              "    }",
              "  }",
              "  private static final ExecutorService OWN_CLASS = Executors.newFixedThreadPool(2, new Daemons());",
              "  static void use(Runnable r) {",
              "    GUAVA.execute(r); NAMED.execute(r); VIRTUAL.execute(r); FORK_JOIN.execute(r);",
              "    BUILDER.execute(r); OWN_CLASS.execute(r);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void staticDaemonSchedulerWithLambdaFactory() {
      helper
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
    void staticDaemonPoolsWhoseFactoryIsAMethodReferenceOrAnUnseenMethod() {
      helper
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
    void instanceFieldWithDaemonFactoryAndStaticGuavaFactoryWithoutDaemon() {
      helper
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
                private static final ExecutorService NAMED = Executors.newFixedThreadPool(2, 
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
    void daemonFlagsThatAreConstantsOrDecidedElsewhere() {
      helper
          .addSourceLines(
              "Flags.java",
              """
              import com.google.common.util.concurrent.ThreadFactoryBuilder;
              import java.util.concurrent.*;
              class Flags {
                private static final boolean DAEMON = true;
                private static final ExecutorService CONSTANT = Executors.newFixedThreadPool(2, 
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
                private static final ExecutorService NOT_DAEMON = Executors.newFixedThreadPool(2, 
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
    void suppressedBySuppressWarningsAndIntentionalDaemon() {
      helper
          .addSourceLines(
              "A.java",
              "import dev.leakproof.annotations.IntentionalDaemon;",
              "import java.util.concurrent.*;",
              "class A {",
              "  @SuppressWarnings(\"ExecutorNeverShutDown\")",
              "  private final ExecutorService suppressed = Executors.newFixedThreadPool(2);",
              "  @IntentionalDaemon(\"serves requests until the JVM exits\")",
              "  private final ExecutorService intentional = Executors.newFixedThreadPool(2);",
              "  @IntentionalDaemon",
              "  void local(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "  }",
              "  void onVariable(Runnable task) {",
              "    @SuppressWarnings(\"ExecutorNeverShutDown\")",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "  }",
              "  void assignedLater(Runnable task) {",
              "    @IntentionalDaemon(\"lives for the JVM\") ExecutorService pool;",
              "    pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "  }",
              "  @SuppressWarnings(\"ExecutorNeverShutDown\")",
              "  static class Whole {",
              "    private final ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    void run(Runnable task) { pool.submit(task); Executors.newCachedThreadPool().submit(task); }",
              "  }",
              "  void use() { suppressed.execute(() -> {}); intentional.execute(() -> {}); }",
              "}")
          .doTest();
    }
  }

  /**
   * An executor the code creates but stores only where its static type is {@code Executor}, which
   * has no {@code shutdown()} (0.2, apache/druid#9482).
   */
  @Nested
  class StoredOnlyAsExecutor {
    /** A factory class of another file, like druid's {@code Execs}. */
    private static final String EXECS =
        """
        package util;
        import java.util.concurrent.*;
        public final class Execs {
          public static ExecutorService singleThreaded(String nameFormat) {
            return Executors.newSingleThreadExecutor(r -> new Thread(r, nameFormat));
          }
          public static ExecutorService pooled(int threads, ThreadFactory factory) {
            return Executors.newFixedThreadPool(threads, factory);
          }
          public static ExecutorService getShared() { return null; }
          public static ExecutorService sharedPool() { return null; }
          public static ExecutorService defaultExecutor() { return null; }
          public static ScheduledExecutorService commonScheduler() { return null; }
          public static Executor plain(String name) { return Runnable::run; }
        }
        """;

    @Test
    void fieldDeclaredExecutorNeverShutDown() {
      helper
          .addSourceLines(
              "Indexer.java",
              """
              import java.util.concurrent.*;
              class Indexer {
                // BUG: Diagnostic contains: Field 'pool' holds an executor this class creates, but is declared as Executor, which has no shutdown()
                private final Executor pool = Executors.newFixedThreadPool(4);
                // BUG: Diagnostic contains: declare it as ExecutorService and call scheduler.shutdown()
                private final Executor scheduler;
                Indexer() {
                  scheduler = Executors.newSingleThreadScheduledExecutor();
                }
                void index(Runnable doc) {
                  pool.execute(doc);
                  scheduler.execute(doc);
                }
              }
              """)
          .doTest();
    }

    @Test
    void druidKerberosHttpClientShape() {
      // apache/druid#9482: KerberosHttpClient kept `Execs.singleThreaded(..)` in an Executor field
      // and only ever handed it to Futures.addCallback.
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "KerberosHttpClient.java",
              """
              import com.google.common.util.concurrent.*;
              import java.util.concurrent.Executor;
              import util.Execs;
              public class KerberosHttpClient {
                // BUG: Diagnostic contains: Field 'exec' holds an executor this class creates, but is declared as Executor
                private final Executor exec = Execs.singleThreaded("test-%s");
                public ListenableFuture<String> go(ListenableFuture<String> response) {
                  SettableFuture<String> retVal = SettableFuture.create();
                  Futures.addCallback(response, new FutureCallback<String>() {
                    @Override public void onSuccess(String result) { retVal.set(result); }
                    @Override public void onFailure(Throwable t) { retVal.setException(t); }
                  }, exec);
                  return retVal;
                }
              }
              """)
          .doTest();
    }

    @Test
    void localDeclaredExecutorNeverShutDown() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Jobs.java",
              """
              import java.util.concurrent.*;
              import util.Execs;
              class Jobs {
                void run(Runnable task) {
                  // BUG: Diagnostic contains: Executor 'e' is declared as Executor, which has no shutdown(), and is never shut down
                  Executor e = Executors.newSingleThreadExecutor();
                  e.execute(task);
                  CompletableFuture.runAsync(task, e);
                }
                void fromAFactoryOfAnotherFile(Runnable task) {
                  // BUG: Diagnostic contains: Executor 'worker' is declared as Executor
                  Executor worker = Execs.singleThreaded("worker-%d");
                  worker.execute(task);
                }
              }
              """)
          .doTest();
    }

    @Test
    void methodReturningANewPoolAsExecutor() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Pools.java",
              """
              import java.util.concurrent.*;
              import util.Execs;
              class Pools {
                static Executor create() {
                  // BUG: Diagnostic contains: create() returns the executor it creates as Executor, which has no shutdown(), so no caller can shut it down without a cast
                  return Executors.newFixedThreadPool(2);
                }
                Executor named(String name) {
                  // BUG: Diagnostic contains: named() returns the executor it creates as Executor
                  ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, name));
                  return pool;
                }
                Executor sized(int threads) {
                  if (threads == 1) {
                    // BUG: Diagnostic contains: sized() returns the executor
                    return Executors.newSingleThreadExecutor();
                  }
                  return threads > 8 ? new ForkJoinPool(threads) : Executors.newFixedThreadPool(threads);
                }
                static Executor wrapped() {
                  // BUG: Diagnostic contains: wrapped() returns
                  return Execs.singleThreaded("wrapped-%d");
                }
              }
              """)
          .doTest();
    }

    @Test
    void poolWhoseThreadsTimeOutReturnedAsExecutor() {
      // Felix's StatefulResolver.getExecutor(): allowCoreThreadTimeOut(true) on the local, then
      // returned as Executor. Other configuration leaves its threads running.
      helper
          .addSourceLines(
              "Resolver.java",
              """
              import java.util.concurrent.*;
              class Resolver {
                Executor executor(int parallelism) {
                  ThreadPoolExecutor executor = new ThreadPoolExecutor(parallelism, parallelism,
                      60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>());
                  executor.allowCoreThreadTimeOut(true);
                  return executor;
                }
                Executor other(int parallelism) {
                  // BUG: Diagnostic contains: other() returns the executor it creates as Executor
                  ThreadPoolExecutor executor = new ThreadPoolExecutor(parallelism, parallelism,
                      60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>());
                  executor.prestartAllCoreThreads();
                  return executor;
                }
              }
              """)
          .doTest();
    }

    @Test
    void fieldFilledByAMethodReturningExecutorIsReportedAtTheMethodOnly() {
      helper
          .addSourceLines(
              "Cache.java",
              """
              import java.util.concurrent.*;
              class Cache {
                private final Executor loader = newLoader();
                private static Executor newLoader() {
                  // BUG: Diagnostic contains: newLoader() returns the executor it creates as Executor
                  return Executors.newFixedThreadPool(2);
                }
                void load(Runnable r) { loader.execute(r); }
              }
              """)
          .doTest();
    }

    @Test
    void serviceExecutorOverriddenWithANewPoolPerCall() {
      // Guava calls executor() once to start the service and once to stop it: a thread per call.
      helper
          .addSourceLines(
              "Idle.java",
              """
              import com.google.common.util.concurrent.AbstractIdleService;
              import java.util.concurrent.*;
              class Idle extends AbstractIdleService {
                @Override protected void startUp() {}
                @Override protected void shutDown() {}
                @Override protected Executor executor() {
                  // BUG: Diagnostic contains: executor() returns the executor it creates as Executor
                  return Executors.newSingleThreadExecutor();
                }
              }
              """)
          .doTest();
    }

    @Test
    void anImplementationOfTheCodesOwnFactoryInterfaceIsNotReported() {
      // Dubbo's ThreadPool SPI: the interface fixes the type; its caller casts and shuts down.
      helper
          .addSourceLines(
              "ThreadPool.java",
              """
              import java.util.concurrent.Executor;
              interface ThreadPool {
                Executor getExecutor(String name);
              }
              """)
          .addSourceLines(
              "FixedThreadPool.java",
              """
              import java.util.concurrent.*;
              class FixedThreadPool implements ThreadPool {
                @Override
                public Executor getExecutor(String name) {
                  return new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
                }
                Executor fallback() {
                  // BUG: Diagnostic contains: fallback() returns the executor it creates as Executor
                  return Executors.newFixedThreadPool(2);
                }
              }
              """)
          .doTest();
    }

    @Test
    void fieldExposedOnlyAsExecutorIsStillTheClasssToShutDown() {
      helper
          .addSourceLines(
              "Client.java",
              """
              import java.util.concurrent.*;
              class Client {
                // BUG: Diagnostic contains: Field 'callbacks' holds an executor this class creates, but is declared as Executor
                private final Executor callbacks = Executors.newSingleThreadExecutor();
                Executor callbackExecutor() {
                  return callbacks;
                }
              }
              """)
          .doTest();
    }

    @Test
    void staticFieldWithNonDaemonThreads() {
      helper
          .addSourceLines(
              "Registry.java",
              """
              import java.util.concurrent.*;
              class Registry {
                // BUG: Diagnostic contains: Field 'NOTIFIER' holds an executor this class creates, but is declared as Executor
                private static final Executor NOTIFIER = Executors.newFixedThreadPool(2);
                static void notify(Runnable r) { NOTIFIER.execute(r); }
              }
              """)
          .doTest();
    }

    @Test
    void shutDownThroughACastOrAPatternIsSilent() {
      helper
          .addSourceLines(
              "Service.java",
              """
              import com.google.common.util.concurrent.MoreExecutors;
              import java.util.concurrent.*;
              class Service implements AutoCloseable {
                private final Executor cast = Executors.newFixedThreadPool(2);
                private final Executor pattern = Executors.newFixedThreadPool(2);
                private final Executor guarded = Executors.newSingleThreadExecutor();
                private final Executor guava = Executors.newSingleThreadExecutor();
                void go(Runnable r) {
                  cast.execute(r); pattern.execute(r); guarded.execute(r); guava.execute(r);
                }
                @Override public void close() {
                  ((ExecutorService) cast).shutdown();
                  if (pattern instanceof ExecutorService es) {
                    es.shutdownNow();
                  }
                  if (guarded instanceof ExecutorService) {
                    ((ExecutorService) guarded).shutdown();
                  }
                  MoreExecutors.shutdownAndAwaitTermination((ExecutorService) guava, 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void localShutDownThroughACastOrAPatternIsSilent() {
      helper
          .addSourceLines(
              "Jobs.java",
              """
              import java.util.concurrent.*;
              class Jobs {
                void pattern(Runnable task) {
                  Executor e = Executors.newSingleThreadExecutor();
                  e.execute(task);
                  if (e instanceof ExecutorService es) {
                    es.shutdown();
                  }
                }
                void guardedCast(Runnable task) {
                  Executor e = Executors.newSingleThreadExecutor();
                  e.execute(task);
                  if (e instanceof ExecutorService) {
                    ((ExecutorService) e).shutdown();
                  }
                }
                void negatedPattern(Runnable task) {
                  Executor e = Executors.newSingleThreadExecutor();
                  e.execute(task);
                  if (!(e instanceof ExecutorService es)) {
                    return;
                  }
                  es.shutdownNow();
                }
                void patternInFinally(Runnable task) throws Exception {
                  Executor e = Executors.newFixedThreadPool(2);
                  try {
                    CompletableFuture.runAsync(task, e).get();
                  } finally {
                    if (e instanceof ExecutorService es) es.shutdown();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void patternOnAMoreSpecificTypeStillLeavesAPath() {
      helper
          .addSourceLines(
              "Jobs.java",
              """
              import java.util.concurrent.*;
              class Jobs {
                void run(Runnable task, boolean big) {
                  // BUG: Diagnostic contains: is not shut down on every path
                  Executor e = big ? new ForkJoinPool(4) : Executors.newFixedThreadPool(2);
                  e.execute(task);
                  if (e instanceof ThreadPoolExecutor tpe) {
                    tpe.shutdown();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void daemonStaticFieldsAndSuppressionsAreSilent() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Quiet.java",
              """
              import com.google.common.util.concurrent.ThreadFactoryBuilder;
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.*;
              import util.Execs;
              class Quiet {
                private static final Executor DAEMONS = Executors.newFixedThreadPool(
                    2, new ThreadFactoryBuilder().setDaemon(true).build());
                // A factory of another file may make daemon threads: it cannot be seen.
                private static final Executor UNSEEN = Execs.singleThreaded("unseen-%d");
                private static final Executor UNSEEN_FACTORY =
                    Execs.pooled(2, new ThreadFactoryBuilder().setDaemon(true).build());
                @IntentionalDaemon("serves callbacks until the JVM exits")
                private final Executor intentional = Executors.newSingleThreadExecutor();
                @SuppressWarnings("ExecutorNeverShutDown")
                private final Executor suppressed = Executors.newSingleThreadExecutor();
                @IntentionalDaemon("one pool for the application")
                static Executor applicationPool() {
                  return Executors.newFixedThreadPool(4);
                }
                void go(Runnable r) {
                  DAEMONS.execute(r); UNSEEN.execute(r); UNSEEN_FACTORY.execute(r);
                  intentional.execute(r); suppressed.execute(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void nonDaemonThreadFactoryOfAStaticFieldFromAnotherFileIsFlagged() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Loud.java",
              """
              import java.util.concurrent.*;
              import util.Execs;
              class Loud {
                // BUG: Diagnostic contains: Field 'WORKERS' holds an executor this class creates
                private static final Executor WORKERS =
                    Execs.pooled(2, Executors.defaultThreadFactory());
                static void go(Runnable r) { WORKERS.execute(r); }
              }
              """)
          .doTest();
    }

    @Test
    void poolsWhoseThreadsEndAreSilent() {
      helper
          .addSourceLines(
              "Elastic.java",
              """
              import java.util.concurrent.*;
              class Elastic {
                private final Executor cached = Executors.newCachedThreadPool();
                private final Executor timesOut =
                    new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>());
                static Executor create() {
                  return Executors.newCachedThreadPool();
                }
                void go(Runnable r) {
                  cached.execute(r);
                  timesOut.execute(r);
                  Executor local = Executors.newCachedThreadPool();
                  local.execute(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void executorsNotCreatedHereAreSilent() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Borrowed.java",
              """
              import com.google.common.util.concurrent.MoreExecutors;
              import java.util.concurrent.*;
              import util.Execs;
              class Borrowed {
                interface Config { ExecutorService executor(); ExecutorService newExecutor(); }
                private final Executor injected;
                private final Executor direct = MoreExecutors.directExecutor();
                private final Executor common = ForkJoinPool.commonPool();
                private final Executor inline = Runnable::run;
                private final Executor threadPerTask = command -> new Thread(command).start();
                private final Executor shared = Execs.getShared();
                private final Executor sharedPool = Execs.sharedPool();
                private final Executor defaults = Execs.defaultExecutor();
                private final Executor scheduler = Execs.commonScheduler();
                private final Executor plain = Execs.plain("x");
                private final Executor fromConfig;
                private final Executor fromFactoryObject;
                private final Executor sameThread = MoreExecutors.newDirectExecutorService();
                Borrowed(Executor injected, Config config) {
                  this.injected = injected;
                  this.fromConfig = config.executor();
                  this.fromFactoryObject = config.newExecutor();
                }
                static Executor wrap(Executor delegate) {
                  return MoreExecutors.newSequentialExecutor(delegate);
                }
                static Executor exiting() {
                  return MoreExecutors.getExitingExecutorService(
                      (ThreadPoolExecutor) Executors.newFixedThreadPool(2));
                }
                void go(Runnable r, Executor parameter) {
                  injected.execute(r); direct.execute(r); common.execute(r); inline.execute(r);
                  threadPerTask.execute(r); shared.execute(r); sharedPool.execute(r);
                  defaults.execute(r); scheduler.execute(r); plain.execute(r);
                  fromConfig.execute(r); fromFactoryObject.execute(r); sameThread.execute(r);
                  parameter.execute(r);
                  Executor local = Execs.getShared();
                  local.execute(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void methodsWhoseResultAContainerTakesOverAreSilent() {
      helper
          .addSourceLines(
              "Bean.java",
              """
              package org.springframework.context.annotation;
              public @interface Bean {}
              """)
          .addSourceLines(
              "Provides.java",
              """
              package com.google.inject;
              public @interface Provides {}
              """)
          .addSourceLines(
              "Config.java",
              """
              import com.google.inject.Provides;
              import java.util.concurrent.*;
              import org.springframework.context.annotation.Bean;
              class Config {
                private final Executor shared = Executors.newFixedThreadPool(2);
                // Spring shuts a bean down through its class's shutdown()/close(), whatever its type.
                @Bean Executor taskExecutor() {
                  return Executors.newFixedThreadPool(4);
                }
                @Provides Executor sharedExecutor() {
                  return shared;
                }
              }
              """)
          .doTest();
    }

    @Test
    void escapesAndExecutorServiceStorageKeepTheBaseRules() {
      helper
          .addSourceLines("util/Execs.java", EXECS)
          .addSourceLines(
              "Owner.java",
              """
              import java.util.concurrent.*;
              import java.util.function.Supplier;
              import util.Execs;
              class Owner implements AutoCloseable {
                static class Client { Client(Executor executor) {} }
                private final ExecutorService owned = Executors.newFixedThreadPool(2);
                // Stored as ExecutorService: the base rules only know the JDK's pools.
                private final ExecutorService fromFactory = Execs.singleThreaded("f-%d");
                // Handed to a constructor we cannot see: it may take over the shutdown.
                private final Executor handedOn = Executors.newFixedThreadPool(2);
                private final Client client = new Client(handedOn);
                // The lambda's caller decides what to do with it.
                private final Supplier<Executor> pools = () -> Executors.newFixedThreadPool(2);
                static ExecutorService asService() {
                  return Executors.newFixedThreadPool(2);
                }
                static ExecutorService castBack() {
                  Executor e = Executors.newFixedThreadPool(2);
                  return (ExecutorService) e;
                }
                Executor view() {
                  return owned;
                }
                void go(Runnable r) { owned.execute(r); fromFactory.execute(r); }
                @Override public void close() { owned.shutdown(); }
              }
              """)
          .doTest();
    }
  }

  /** The fix: try-with-resources from source 19, otherwise finally. */
  @Nested
  class Replacement {
    @Test
    void fixUsesTryWithResourcesAtSource21() {
      BugCheckerRefactoringTestHelper.newInstance(ExecutorNeverShutDown.class, getClass())
          .addInputLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "    pool.submit(task);",
              "  }",
              "  void skip(Runnable task, boolean b) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    if (b) return;",
              "    pool.submit(task);",
              "    pool.shutdown();",
              "  }",
              "}")
          .addOutputLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {",
              "      pool.submit(task);",
              "      pool.submit(task);",
              "    }",
              "  }",
              "  void skip(Runnable task, boolean b) {",
              "    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {",
              "      if (b) return;",
              "      pool.submit(task);",
              "    }",
              "  }",
              "}")
          .setArgs("--release", "21")
          .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }

    @Test
    void fixAddsFinallyAtSource17() {
      BugCheckerRefactoringTestHelper.newInstance(ExecutorNeverShutDown.class, getClass())
          .addInputLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    pool.submit(task);",
              "  }",
              "  void skip(Runnable task, boolean b) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    if (b) return;",
              "    pool.submit(task);",
              "    pool.shutdownNow();",
              "  }",
              "}")
          .addOutputLines(
              "A.java",
              "import java.util.concurrent.*;",
              "class A {",
              "  void run(Runnable task) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    try {",
              "      pool.submit(task);",
              "    } finally {",
              "      pool.shutdown();",
              "    }",
              "  }",
              "  void skip(Runnable task, boolean b) {",
              "    ExecutorService pool = Executors.newFixedThreadPool(2);",
              "    try {",
              "      if (b) return;",
              "      pool.submit(task);",
              "    } finally {",
              "      pool.shutdownNow();",
              "    }",
              "  }",
              "}")
          .setArgs("--release", "17")
          .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }

    @Test
    void fixDeclaresAnExecutorLocalAsExecutorService() {
      BugCheckerRefactoringTestHelper.newInstance(ExecutorNeverShutDown.class, getClass())
          .addInputLines(
              "A.java",
              """
              import java.util.concurrent.*;
              class A {
                void run(Runnable task) {
                  final Executor pool = Executors.newFixedThreadPool(2);
                  pool.execute(task);
                }
              }
              """)
          .addOutputLines(
              "A.java",
              """
              import java.util.concurrent.*;
              class A {
                void run(Runnable task) {
                  try (final ExecutorService pool = Executors.newFixedThreadPool(2)) {
                    pool.execute(task);
                  }
                }
              }
              """)
          .setArgs("--release", "21")
          .doTest(TestMode.TEXT_MATCH);
      BugCheckerRefactoringTestHelper.newInstance(ExecutorNeverShutDown.class, getClass())
          .addInputLines(
              "B.java",
              """
              import java.util.concurrent.Executor;
              import java.util.concurrent.Executors;
              class B {
                void run(Runnable task) {
                  Executor pool = Executors.newFixedThreadPool(2);
                  pool.execute(task);
                }
              }
              """)
          .addOutputLines(
              "B.java",
              """
              import java.util.concurrent.Executor;
              import java.util.concurrent.ExecutorService;
              import java.util.concurrent.Executors;
              class B {
                void run(Runnable task) {
                  ExecutorService pool = Executors.newFixedThreadPool(2);
                  try {
                    pool.execute(task);
                  } finally {
                    pool.shutdown();
                  }
                }
              }
              """)
          .setArgs("--release", "17")
          .doTest(TestMode.TEXT_MATCH);
    }

    @Test
    void fixDeclaresTheReturnTypeExecutorService() {
      BugCheckerRefactoringTestHelper.newInstance(ExecutorNeverShutDown.class, getClass())
          .addInputLines(
              "Pools.java",
              """
              import java.util.concurrent.Executor;
              import java.util.concurrent.Executors;
              class Pools {
                static Executor create(int threads) {
                  if (threads == 1) {
                    return Executors.newSingleThreadExecutor();
                  }
                  return Executors.newFixedThreadPool(threads);
                }
                static Executor keptAsExecutor() {
                  Executor pool = Executors.newFixedThreadPool(2);
                  return pool;
                }
              }
              """)
          .addOutputLines(
              "Pools.java",
              """
              import java.util.concurrent.Executor;
              import java.util.concurrent.ExecutorService;
              import java.util.concurrent.Executors;
              class Pools {
                static ExecutorService create(int threads) {
                  if (threads == 1) {
                    return Executors.newSingleThreadExecutor();
                  }
                  return Executors.newFixedThreadPool(threads);
                }
                static Executor keptAsExecutor() {
                  Executor pool = Executors.newFixedThreadPool(2);
                  return pool;
                }
              }
              """)
          .doTest(TestMode.TEXT_MATCH);
    }
  }
}
