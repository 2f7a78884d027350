package dev.leakproof.checker.latches;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/**
 * Latch code in the shapes it takes in real projects (written apart from the checks' own tests,
 * each expected result decided from CHECKS.md alone).
 */
class LatchChecksRealShapesTest {
  private final CompilationTestHelper countDown =
      CompilationTestHelper.newInstance(CountDownNotInFinally.class, getClass());
  private final CompilationTestHelper mismatch =
      CompilationTestHelper.newInstance(LatchCountMismatch.class, getClass());

  @Test
  void countDownAtTheEndOfAnExecutedLambdaIsFlagged() {
    countDown
        .addSourceLines(
            "Loader.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Loader {",
            "  void loadAll(ExecutorService executor, CountDownLatch done) {",
            "    executor.execute(() -> {",
            "      doWork();",
            "      // BUG: Diagnostic contains: done.countDown() is skipped if doWork(..) throws",
            "      done.countDown();",
            "    });",
            "  }",
            "  void localLatch(ExecutorService executor) throws InterruptedException {",
            "    CountDownLatch finished = new CountDownLatch(1);",
            "    executor.submit(() -> {",
            "      doWork();",
            "      // BUG: Diagnostic contains: finished.countDown() is skipped",
            "      finished.countDown();",
            "    });",
            "    finished.await();",
            "  }",
            "  void doWork() {}",
            "}")
        .doTest();
  }

  @Test
  void anonymousRunnableAndCallableAreFlagged() {
    countDown
        .addSourceLines(
            "Fetcher.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "import java.util.concurrent.Future;",
            "class Fetcher {",
            "  Future<String> fetch(ExecutorService pool, CountDownLatch latch, String url) {",
            "    pool.execute(new Runnable() {",
            "      @Override",
            "      public void run() {",
            "        warmUp(url);",
            "        // BUG: Diagnostic contains: latch.countDown() is skipped if warmUp(..) throws",
            "        latch.countDown();",
            "      }",
            "    });",
            "    return pool.submit(new Callable<String>() {",
            "      @Override",
            "      public String call() throws Exception {",
            "        String body = download(url);",
            "        // BUG: Diagnostic contains: if download(..) throws Exception",
            "        latch.countDown();",
            "        return body;",
            "      }",
            "    });",
            "  }",
            "  void warmUp(String url) {}",
            "  String download(String url) throws Exception { return url; }",
            "}")
        .doTest();
  }

  @Test
  void namedRunnableHoldingTheLatchInAFieldIsFlagged() {
    countDown
        .addSourceLines(
            "Worker.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Worker implements Runnable {",
            "  private final CountDownLatch doneSignal;",
            "  Worker(CountDownLatch doneSignal) { this.doneSignal = doneSignal; }",
            "  @Override",
            "  public void run() {",
            "    doWork();",
            "    // BUG: Diagnostic contains: doneSignal.countDown() is skipped if doWork(..) throws",
            "    doneSignal.countDown();",
            "  }",
            "  void doWork() {}",
            "}")
        .doTest();
  }

  @Test
  void anonymousListenerCallbacksAreFlagged() {
    countDown
        .addSourceLines(
            "Client.java",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.function.BiConsumer;",
            "class Client {",
            "  interface Listener<T> {",
            "    void onSuccess(T result);",
            "    void onFailure(Throwable error);",
            "  }",
            "  void send(Listener<String> listener) {}",
            "  void call(CountDownLatch latch, List<String> results, List<Throwable> errors) {",
            "    send(new Listener<String>() {",
            "      @Override",
            "      public void onSuccess(String result) {",
            "        results.add(result);",
            "        // BUG: Diagnostic contains: latch.countDown() is skipped if add(..) throws",
            "        latch.countDown();",
            "      }",
            "      @Override",
            "      public void onFailure(Throwable error) {",
            "        errors.add(error);",
            "        // BUG: Diagnostic contains: latch.countDown() is skipped if add(..) throws",
            "        latch.countDown();",
            "      }",
            "    });",
            "  }",
            "  void whenDone(CompletableFuture<String> future, CountDownLatch latch, List<String> out) {",
            "    future.whenComplete(new BiConsumer<String, Throwable>() {",
            "      @Override",
            "      public void accept(String value, Throwable error) {",
            "        out.add(value);",
            "        // BUG: Diagnostic contains: latch.countDown() is skipped",
            "        latch.countDown();",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void earlyReturnOnNullIsFlagged() {
    countDown
        .addSourceLines(
            "Handler.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class Handler {",
            "  volatile String last;",
            "  void handle(Executor executor, CountDownLatch latch, String message) {",
            "    executor.execute(() -> {",
            "      if (message == null) return;",
            "      last = message;",
            "      // BUG: Diagnostic contains: skipped by the `return` on line 7",
            "      latch.countDown();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void continueInALoopOfTheTaskIsFlagged() {
    countDown
        .addSourceLines(
            "Batch.java",
            "import java.util.List;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class Batch {",
            "  int seen;",
            "  void process(Executor executor, List<String> items, CountDownLatch perItem) {",
            "    executor.execute(() -> {",
            "      for (String item : items) {",
            "        if (item == null) {",
            "          continue;",
            "        }",
            "        seen++;",
            "        // BUG: Diagnostic contains: skipped by the `continue` on line 10",
            "        perItem.countDown();",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void countDownOnlyInACatchIsSilent() {
    // An "it failed" signal: not on the normal path at all, and nothing before it in the catch.
    countDown
        .addSourceLines(
            "Probe.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class Probe {",
            "  void probe(Executor executor, CountDownLatch failed) {",
            "    executor.execute(() -> {",
            "      try {",
            "        connect();",
            "      } catch (RuntimeException e) {",
            "        failed.countDown();",
            "      }",
            "    });",
            "  }",
            "  void connect() {}",
            "}")
        .doTest();
  }

  @Test
  void countDownAtTryEndAndInACatchThatCoversEverythingIsSilent() {
    countDown
        .addSourceLines(
            "Copier.java",
            "import java.io.IOException;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class Copier {",
            "  void copy(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> {",
            "      try {",
            "        read();",
            "        write();",
            "        latch.countDown();",
            "      } catch (Exception e) {",
            "        latch.countDown();",
            "      }",
            "    });",
            "    executor.execute(() -> {",
            "      try {",
            "        read();",
            "        latch.countDown();",
            "      } catch (IOException | RuntimeException e) {",
            "        latch.countDown();",
            "      }",
            "    });",
            "  }",
            "  void read() throws IOException {}",
            "  void write() {}",
            "}")
        .doTest();
  }

  @Test
  void onlyArithmeticBeforeCountDownIsSilent() {
    countDown
        .addSourceLines(
            "Sum.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class Sum {",
            "  volatile int total;",
            "  void add(Executor executor, CountDownLatch latch, int a, int b) {",
            "    executor.execute(() -> {",
            "      int n = a + b;",
            "      total = n * 2;",
            "      latch.countDown();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void loopStartingTwoTasksForACountOfThreeIsFlagged() {
    mismatch
        .addSourceLines(
            "Startup.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Startup {",
            "  void start(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 2 countDown() calls can run",
            "    CountDownLatch latch = new CountDownLatch(3);",
            "    for (int i = 0; i < 2; i++) {",
            "      pool.submit(() -> {",
            "        init();",
            "        latch.countDown();",
            "      });",
            "    }",
            "    latch.await();",
            "  }",
            "  void init() {}",
            "}")
        .doTest();
  }

  @Test
  void loopBoundByAStaticFinalConstant() {
    mismatch
        .addSourceLines(
            "Pool.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Pool {",
            "  private static final int WORKERS = 4;",
            "  void matching(ExecutorService pool) throws InterruptedException {",
            "    CountDownLatch ready = new CountDownLatch(WORKERS);",
            "    for (int i = 0; i < WORKERS; i++) {",
            "      pool.execute(() -> {",
            "        try {",
            "          init();",
            "        } finally {",
            "          ready.countDown();",
            "        }",
            "      });",
            "    }",
            "    ready.await();",
            "  }",
            "  void offByOne(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 4 countDown() calls can run",
            "    CountDownLatch ready = new CountDownLatch(WORKERS + 1);",
            "    for (int i = 0; i < WORKERS; i++) {",
            "      pool.execute(ready::countDown);",
            "    }",
            "    ready.await();",
            "  }",
            "  void init() {}",
            "}")
        .doTest();
  }

  @Test
  void countFromSizeIsSilentWhateverTheLoop() {
    // Run-time counts are not compared with loops at all (CHECKS.md flags constant counts only).
    mismatch
        .addSourceLines(
            "Items.java",
            "import java.util.List;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Items {",
            "  record Item(String id) {}",
            "  void same(ExecutorService pool, List<Item> items) throws InterruptedException {",
            "    CountDownLatch latch = new CountDownLatch(items.size());",
            "    for (Item it : items) {",
            "      pool.execute(() -> {",
            "        try {",
            "          handle(it);",
            "        } finally {",
            "          latch.countDown();",
            "        }",
            "      });",
            "    }",
            "    latch.await();",
            "  }",
            "  void other(ExecutorService pool, List<Item> items, List<Item> extra)",
            "      throws InterruptedException {",
            "    CountDownLatch latch = new CountDownLatch(items.size());",
            "    for (Item it : extra) {",
            "      pool.execute(latch::countDown);",
            "    }",
            "    latch.await();",
            "  }",
            "  void handle(Item it) {}",
            "}")
        .doTest();
  }

  @Test
  void straightLineCountOfTwoWithOneCountDownIsFlagged() {
    mismatch
        .addSourceLines(
            "Pair.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Pair {",
            "  void both(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
            "    CountDownLatch latch = new CountDownLatch(2);",
            "    pool.execute(() -> {",
            "      try {",
            "        left();",
            "      } finally {",
            "        latch.countDown();",
            "      }",
            "    });",
            "    pool.execute(this::right);",
            "    latch.await();",
            "  }",
            "  void threads() throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
            "    CountDownLatch started = new CountDownLatch(2);",
            "    Thread t = new Thread(() -> {",
            "      started.countDown();",
            "      left();",
            "    });",
            "    t.start();",
            "    started.await();",
            "    t.join();",
            "  }",
            "  void left() {}",
            "  void right() {}",
            "}")
        .doTest();
  }

  @Test
  void mismatchAwaitedWithATimeoutIsFlagged() {
    mismatch
        .addSourceLines(
            "Timed.java",
            "import static java.util.concurrent.TimeUnit.SECONDS;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class Timed {",
            "  boolean run(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: always waits for the full timeout",
            "    CountDownLatch latch = new CountDownLatch(3);",
            "    for (int i = 0; i < 2; i++) {",
            "      pool.execute(latch::countDown);",
            "    }",
            "    return latch.await(5, SECONDS);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void latchGivenToAWorkerObjectEscapes() {
    mismatch
        .addSourceLines(
            "Driver.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Driver {",
            "  static class Worker implements Runnable {",
            "    private final CountDownLatch done;",
            "    Worker(CountDownLatch done) { this.done = done; }",
            "    @Override public void run() {",
            "      try {",
            "        work();",
            "      } finally {",
            "        done.countDown();",
            "      }",
            "    }",
            "    void work() {}",
            "  }",
            "  void main() throws InterruptedException {",
            "    CountDownLatch done = new CountDownLatch(5);",
            "    new Thread(new Worker(done)).start();",
            "    done.await();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void latchFieldsAreSilent() {
    mismatch
        .addSourceLines(
            "Service.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Service {",
            "  private final CountDownLatch started = new CountDownLatch(2);",
            "  private static final CountDownLatch READY = new CountDownLatch(3);",
            "  void start() {",
            "    started.countDown();",
            "  }",
            "  void awaitStarted() throws InterruptedException {",
            "    started.await();",
            "    READY.await();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void countDownReferenceGivenToUnknownCodeEscapes() {
    mismatch
        .addSourceLines(
            "Events.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Events {",
            "  interface Bus { void onClose(Runnable hook); }",
            "  void closeAll(Bus bus) throws InterruptedException {",
            "    CountDownLatch closed = new CountDownLatch(3);",
            "    bus.onClose(closed::countDown);",
            "    closed.await();",
            "  }",
            "  void register(Bus bus) throws InterruptedException {",
            "    CountDownLatch closed = new CountDownLatch(2);",
            "    bus.onClose(() -> closed.countDown());",
            "    closed.await();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void localAliasOfALatchItDidNotCreateIsFlagged() {
    countDown
        .addSourceLines(
            "A.java",
            "import java.util.Map;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  CountDownLatch latch;",
            "  Map<String, CountDownLatch> waiting;",
            "  void run() {",
            "    CountDownLatch l = latch;",
            "    work();",
            "    // BUG: Diagnostic contains: l.countDown() is skipped",
            "    l.countDown();",
            "  }",
            "  void release(String key) {",
            "    CountDownLatch l = waiting.get(key);",
            "    work();",
            "    // BUG: Diagnostic contains: l.countDown() is skipped",
            "    l.countDown();",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void callInACatchBeforeTheCountDownIsFlagged() {
    countDown
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A extends Thread {",
            "  final CountDownLatch latch = new CountDownLatch(1);",
            "  @Override public void run() {",
            "    try {",
            "      work();",
            "    } catch (RuntimeException e) {",
            "      e.printStackTrace();",
            "    }",
            "    // BUG: Diagnostic contains: latch.countDown() is skipped if printStackTrace(..) throws",
            "    latch.countDown();",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void completionStageCallbacksRunAtMostOnce() {
    mismatch
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.function.BiConsumer;",
            "class A {",
            "  void thenRun(CompletableFuture<String> f, CompletableFuture<String> g)",
            "      throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 2 countDown() calls can run",
            "    CountDownLatch l = new CountDownLatch(3);",
            "    f.thenRun(l::countDown);",
            "    g.thenAccept(s -> l.countDown());",
            "    l.await();",
            "  }",
            "  void matching(CompletableFuture<String> f) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    f.thenRun(l::countDown);",
            "    l.await();",
            "  }",
            "  void anonymous(CompletableFuture<String> f) throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
            "    CountDownLatch l = new CountDownLatch(2);",
            "    f.whenComplete(new BiConsumer<String, Throwable>() {",
            "      @Override public void accept(String s, Throwable t) {",
            "        l.countDown();",
            "      }",
            "    });",
            "    l.await();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void threadsLoopsAndTimedWaits() {
    mismatch
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "import java.util.concurrent.TimeUnit;",
            "class A {",
            "  void storedAnonymousThread() throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
            "    CountDownLatch l = new CountDownLatch(2);",
            "    Thread t = new Thread() {",
            "      @Override public void run() { l.countDown(); }",
            "    };",
            "    t.start();",
            "    l.await();",
            "  }",
            "  void twoLoops(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: reaches zero too early",
            "    CountDownLatch l = new CountDownLatch(4);",
            "    for (int i = 0; i < 2; i++) pool.execute(l::countDown);",
            "    for (int i = 0; i < 3; i++) pool.execute(l::countDown);",
            "    l.await();",
            "  }",
            "  void threadArray() throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 3 countDown() calls can run",
            "    CountDownLatch l = new CountDownLatch(4);",
            "    Thread[] threads = new Thread[3];",
            "    for (int i = 0; i < 3; i++) {",
            "      threads[i] = new Thread(l::countDown);",
            "      threads[i].start();",
            "    }",
            "    l.await();",
            "  }",
            "  void awaitInsideTask(ExecutorService pool) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    pool.execute(() -> {",
            "      try { l.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }",
            "    });",
            "    l.countDown();",
            "  }",
            "  void sleepLike() throws InterruptedException {",
            "    // BUG: Diagnostic contains: never counted down",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    l.await(100, TimeUnit.MILLISECONDS);",
            "  }",
            "  void virtual() throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 2 countDown() calls can run",
            "    CountDownLatch l = new CountDownLatch(3);",
            "    Thread.ofVirtual().start(l::countDown);",
            "    Thread.startVirtualThread(() -> l.countDown());",
            "    l.await();",
            "  }",
            "  void guarded(ExecutorService pool, boolean b) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    try {",
            "      pool.execute(l::countDown);",
            "    } catch (RuntimeException e) {",
            "      l.countDown();",
            "    }",
            "    if (l.getCount() > 0 || l == null) {",
            "      l.await();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void guardsSwitchesNestedTriesAndInterrupts() {
    countDown
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.*;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "class A {",
            "  CountDownLatch latch;",
            "  AtomicInteger remaining = new AtomicInteger();",
            "  volatile boolean done;",
            "  void lastOne() {",
            "    if (remaining.decrementAndGet() == 0) {",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void runAsync() {",
            "    CompletableFuture.runAsync(() -> {",
            "      work();",
            "      // BUG: Diagnostic contains: latch.countDown() is skipped",
            "      latch.countDown();",
            "    });",
            "  }",
            "  void sync() {",
            "    synchronized (this) {",
            "      done = true;",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void sw(int k) {",
            "    switch (k) {",
            "      case 1:",
            "        return;",
            "      default:",
            "        break;",
            "    }",
            "    // BUG: Diagnostic contains: skipped by the `return`",
            "    latch.countDown();",
            "  }",
            "  void nestedFinally() {",
            "    try {",
            "      try {",
            "        work();",
            "        latch.countDown();",
            "      } catch (IllegalStateException e) {",
            "        done = false;",
            "      }",
            "    } finally {",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void returnsAfter(boolean ok) {",
            "    if (!ok) {",
            "      latch.countDown();",
            "      return;",
            "    }",
            "    done = true;",
            "    latch.countDown();",
            "  }",
            "  void sleeps() {",
            "    new Thread(() -> {",
            "      try {",
            "        Thread.sleep(10);",
            "        // BUG: Diagnostic contains: if sleep(..) throws InterruptedException",
            "        latch.countDown();",
            "      } catch (InterruptedException e) {",
            "        Thread.currentThread().interrupt();",
            "      }",
            "    }).start();",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void comparisonsAndSynchronizedAreNotEscapesButAliasesAre() {
    mismatch
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.*;",
            "class A {",
            "  interface Bus { void onEvent(Runnable r); }",
            "  void compared(ExecutorService pool) throws InterruptedException {",
            "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
            "    CountDownLatch l = new CountDownLatch(2);",
            "    pool.execute(l::countDown);",
            "    synchronized (l) {",
            "      System.out.println(\"latch \" + l);",
            "    }",
            "    if (l != null) l.await();",
            "  }",
            "  void awaitedElsewhere(Bus bus) {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    bus.onEvent(() -> {",
            "      try { l.await(); } catch (InterruptedException e) { }",
            "    });",
            "  }",
            "  void aliased() throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(2);",
            "    CountDownLatch m = l;",
            "    m.countDown();",
            "    m.countDown();",
            "    l.await();",
            "  }",
            "  void conditional(boolean b) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    (b ? l : new CountDownLatch(1)).countDown();",
            "    l.await();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void arrowSwitchCasesAreWalked() {
    countDown
        .addSourceLines(
            "Dispatch.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Dispatch {",
            "  enum Kind { PING, DATA, CLOSE }",
            "  void on(Kind kind, CountDownLatch latch, byte[] payload) {",
            "    switch (kind) {",
            "      case PING -> latch.countDown();",
            "      case DATA -> {",
            "        store(payload);",
            "        // BUG: Diagnostic contains: latch.countDown() is skipped if store(..) throws",
            "        latch.countDown();",
            "      }",
            "      case CLOSE -> {",
            "        try {",
            "          store(payload);",
            "        } finally {",
            "          latch.countDown();",
            "        }",
            "      }",
            "    }",
            "  }",
            "  void store(byte[] payload) {}",
            "}")
        .doTest();
  }

  @Test
  void fieldLambdasEnumBodiesAndCaseGuards() {
    countDown
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.*;",
            "class A {",
            "  static CountDownLatch L = new CountDownLatch(1);",
            "  Runnable r = () -> {",
            "    work();",
            "    // BUG: Diagnostic contains: L.countDown() is skipped",
            "    L.countDown();",
            "  };",
            "  int sx(int k) {",
            "    return switch (k) {",
            "      case 1 -> {",
            "        work();",
            "        L.countDown();",
            "        yield 1;",
            "      }",
            "      default -> 0;",
            "    };",
            "  }",
            "  enum E {",
            "    X {",
            "      void f() {",
            "        work();",
            "        // BUG: Diagnostic contains: L.countDown() is skipped",
            "        L.countDown();",
            "      }",
            "    };",
            "    void f() {}",
            "  }",
            "  static void work() {",
            "    if (System.nanoTime() == 0) throw new IllegalStateException();",
            "  }",
            "  void guarded(Object o) {",
            "    switch (o) {",
            "      case String s when s.isEmpty() -> {",
            "        // BUG: Diagnostic contains: L.countDown() is skipped if isEmpty(..) throws",
            "        L.countDown();",
            "      }",
            "      default -> {}",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void uncountableShapesAreSilentAndFinalLocalsAreConstants() {
    mismatch
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.*;",
            "import java.util.stream.IntStream;",
            "class A {",
            "  void streams(ExecutorService pool) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(3);",
            "    IntStream.range(0, 2).forEach(i -> pool.execute(l::countDown));",
            "    l.await();",
            "  }",
            "  void empty(ExecutorService pool) throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(3);",
            "    pool.execute(new Runnable() {",
            "      { l.countDown(); }",
            "      public void run() {}",
            "    });",
            "    l.await();",
            "  }",
            "  Thread returned() throws InterruptedException {",
            "    CountDownLatch l = new CountDownLatch(1);",
            "    Thread t = new Thread() { public void run() { l.countDown(); } };",
            "    l.await();",
            "    return t;",
            "  }",
            "  void finalLocal(ExecutorService pool) throws InterruptedException {",
            "    final int n = 3;",
            "    // BUG: Diagnostic contains: at most 3 countDown() calls can run",
            "    CountDownLatch l = new CountDownLatch(n + 1);",
            "    for (int i = 0; i < n; i++) pool.submit(() -> { l.countDown(); return i(); });",
            "    l.await();",
            "  }",
            "  int i() { return 1; }",
            "}")
        .doTest();
  }

  @Test
  void emptyPrivateAndStaticStubsStandForWorkThatCanFail() {
    countDown
        .addSourceLines(
            "Job.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "final class Job {",
            "  private int done;",
            "  void run(ExecutorService executor, CountDownLatch latch) {",
            "    executor.execute(() -> {",
            "      doWork();",
            "      // BUG: Diagnostic contains: latch.countDown() is skipped if doWork(..) throws",
            "      latch.countDown();",
            "    });",
            "    executor.execute(() -> {",
            "      process();",
            "      // BUG: Diagnostic contains: latch.countDown() is skipped if process(..) throws",
            "      latch.countDown();",
            "    });",
            "    executor.execute(() -> {",
            "      markDone();",
            "      latch.countDown();",
            "    });",
            "  }",
            "  private static void doWork() {}",
            "  private void process() {",
            "    // TODO",
            "  }",
            "  private void markDone() { done++; }",
            "}")
        .doTest();
  }
}
