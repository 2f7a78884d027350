package dev.leakproof.checker.executors;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class ExecutorNeverShutDownTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ExecutorNeverShutDown.class, getClass());

  // ---- Must not flag ----

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

  // ---- Must flag ----

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
            "    ExecutorService pool = big ? Executors.newFixedThreadPool(8) : Executors.newCachedThreadPool();",
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
            "    ExecutorService h = Executors.newCachedThreadPool();",
            "    CompletableFuture.runAsync(task, h);",
            "  }",
            "}")
        .doTest();
  }

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
            "  private static final ExecutorService shared = Executors.newCachedThreadPool();",
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

  // ---- Fixes ----

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
  // ---- Statements after the pool's last use (the walk may stop early there) ----

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
}
