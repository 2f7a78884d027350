package dev.leakproof.checker.latches;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tests of {@link LatchCountMismatch}, by topic. */
class LatchCountMismatchTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(LatchCountMismatch.class, getClass());

  /** Counts matched by the code that counts down, or computed at run time. */
  @Nested
  class CountsThatMatch {
    @Test
    void countFromSizeMatchedByLoopOverSameCollectionIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.List;",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "class A {",
              "  void loadAll(List<String> urls, ExecutorService executor) throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(urls.size());",
              "    for (String url : urls) {",
              "      executor.execute(() -> {",
              "        try {",
              "          fetch(url);",
              "        } finally {",
              "          latch.countDown();",
              "        }",
              "      });",
              "    }",
              "    latch.await();",
              "  }",
              "  void fetch(String url) {}",
              "}")
          .doTest();
    }

    @Test
    void matchingConstantCountIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "class A {",
              "  static final int WORKERS = 4;",
              "  void run(ExecutorService executor) throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(WORKERS);",
              "    for (int i = 0; i < WORKERS; i++) {",
              "      executor.submit(latch::countDown);",
              "    }",
              "    latch.await();",
              "    CountDownLatch two = new CountDownLatch(2);",
              "    new Thread(two::countDown).start();",
              "    executor.execute(new Runnable() {",
              "      @Override public void run() {",
              "        two.countDown();",
              "      }",
              "    });",
              "    two.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void countFromSizeIsSilentWhateverTheLoop() {
      // Run-time counts are not compared with loops at all (CHECKS.md flags constant counts only).
      helper
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
    void loopBoundByAStaticFinalConstant() {
      helper
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
    void zeroCountOrNotAwaitedIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "class A {",
              "  void open() throws InterruptedException {",
              "    CountDownLatch open = new CountDownLatch(0);",
              "    open.await();",
              "  }",
              "  long notAwaited() {",
              "    CountDownLatch latch = new CountDownLatch(3);",
              "    latch.countDown();",
              "    return latch.getCount();",
              "  }",
              "}")
          .doTest();
    }
  }

  /** A constant count that the countDowns cannot reach, or overshoot. */
  @Nested
  class CountsThatCannotBeReached {
    @Test
    void loopStartingFewerTasksThanTheCountIsFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "class A {",
              "  void run(ExecutorService executor) throws InterruptedException {",
              "    // BUG: Diagnostic contains: new CountDownLatch(5) is never released: at most 4"
                  + " countDown() calls can run, so done.await() blocks forever: make the count 4",
              "    CountDownLatch done = new CountDownLatch(5);",
              "    for (int i = 0; i < 4; i++) {",
              "      executor.execute(() -> {",
              "        try {",
              "          work();",
              "        } finally {",
              "          done.countDown();",
              "        }",
              "      });",
              "    }",
              "    done.await();",
              "  }",
              "  void work() {}",
              "}")
          .doTest();
    }

    @Test
    void loopStartingMoreTasksThanTheCountIsFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "class A {",
              "  static final int BATCHES = 8;",
              "  void run() throws InterruptedException {",
              "    // BUG: Diagnostic contains: new CountDownLatch(4) reaches zero too early: 8"
                  + " countDown() calls run",
              "    CountDownLatch done = new CountDownLatch(4);",
              "    for (int batch = 1; batch <= BATCHES; batch++) {",
              "      new Thread(() -> {",
              "        work();",
              "        done.countDown();",
              "      }).start();",
              "    }",
              "    done.await();",
              "  }",
              "  void work() {}",
              "}")
          .doTest();
    }

    @Test
    void loopStartingTwoTasksForACountOfThreeIsFlagged() {
      helper
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
    void straightLineCountOfTwoWithOneCountDownIsFlagged() {
      helper
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
    void fewerReachableCountDownsThanTheCountIsFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CompletableFuture;",
              "import java.util.concurrent.CountDownLatch;",
              "class A {",
              "  void run(CompletableFuture<String> first, CompletableFuture<String> second)",
              "      throws InterruptedException {",
              "    // BUG: Diagnostic contains: at most 1 countDown() call can run",
              "    CountDownLatch both = new CountDownLatch(2);",
              "    first.whenComplete((r, e) -> both.countDown());",
              "    both.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void conditionalCountDownsAreCountedAsPossible() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "class A {",
              "  void run(ExecutorService executor, boolean fast) throws InterruptedException {",
              "    CountDownLatch first = new CountDownLatch(1);",
              "    for (int i = 0; i < 3; i++) {",
              "      executor.execute(() -> {",
              "        if (fast) {",
              "          first.countDown();",
              "        }",
              "      });",
              "    }",
              "    first.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void awaitedButNeverCountedDownIsFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "class A {",
              "  void waitForStart() throws InterruptedException {",
              "    // BUG: Diagnostic contains: started is awaited but never counted down, so"
                  + " started.await() blocks forever",
              "    CountDownLatch started = new CountDownLatch(1);",
              "    new Thread(() -> System.out.println(\"running\")).start();",
              "    started.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void awaitThroughGuavaUninterruptiblesIsAnAwait() {
      helper
          .addSourceLines(
              "Uninterruptibles.java",
              "package com.google.common.util.concurrent;",
              "import java.util.concurrent.CountDownLatch;",
              "public final class Uninterruptibles {",
              "  public static void awaitUninterruptibly(CountDownLatch latch) {}",
              "}")
          .addSourceLines(
              "A.java",
              "import com.google.common.util.concurrent.Uninterruptibles;",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.Executor;",
              "class A {",
              "  void run(Executor executor) {",
              "    // BUG: Diagnostic contains: at most 1 countDown() call can run, so both.await()"
                  + " blocks forever",
              "    CountDownLatch both = new CountDownLatch(2);",
              "    executor.execute(both::countDown);",
              "    Uninterruptibles.awaitUninterruptibly(both);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void mismatchAwaitedWithTimeoutIsFlagged() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "import java.util.concurrent.TimeUnit;",
              "class A {",
              "  boolean run(ExecutorService executor) throws InterruptedException {",
              "    // BUG: Diagnostic contains: so done.await(..) always waits for the full timeout",
              "    CountDownLatch done = new CountDownLatch(3);",
              "    executor.submit(done::countDown);",
              "    executor.submit(done::countDown);",
              "    return done.await(10, TimeUnit.SECONDS);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void mismatchAwaitedWithATimeoutIsFlagged() {
      helper
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
  }

  /** How many times a countDown runs: task runners, threads, counted loops. */
  @Nested
  class TasksAndLoops {
    @Test
    void countedLoopShapesAndAnonymousThreads() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.concurrent.ExecutorService;",
              "class A {",
              "  void down(ExecutorService executor) throws InterruptedException {",
              "    CountDownLatch three = new CountDownLatch(3);",
              "    for (int i = 6; i > 0; i -= 2) {",
              "      executor.execute(three::countDown);",
              "    }",
              "    three.await();",
              "  }",
              "  void inclusive() throws InterruptedException {",
              "    // BUG: Diagnostic contains: at most 5 countDown() calls can run",
              "    CountDownLatch six = new CountDownLatch(6);",
              "    for (int i = 1; i <= 5; i++) {",
              "      new Thread() {",
              "        @Override public void run() {",
              "          six.countDown();",
              "        }",
              "      }.start();",
              "    }",
              "    six.await();",
              "  }",
              "  void uncounted(ExecutorService executor, int n) throws InterruptedException {",
              "    CountDownLatch four = new CountDownLatch(4);",
              "    int i = 0;",
              "    while (i++ < n) {",
              "      executor.execute(four::countDown);",
              "    }",
              "    four.await();",
              "  }",
              "  void breaks(ExecutorService executor, boolean stop) throws InterruptedException {",
              "    CountDownLatch one = new CountDownLatch(1);",
              "    for (int i = 0; i < 3; i++) {",
              "      executor.execute(one::countDown);",
              "      if (stop) {",
              "        break;",
              "      }",
              "    }",
              "    one.await();",
              "  }",
              "  void storedTask(ExecutorService executor) throws InterruptedException {",
              "    CountDownLatch two = new CountDownLatch(2);",
              "    Runnable task = two::countDown;",
              "    executor.execute(task);",
              "    two.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void completionStageCallbacksRunAtMostOnce() {
      helper
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
      helper
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
  }

  /** Latches that escape, fields, aliases and shapes that cannot be counted. */
  @Nested
  class EscapesAndOddShapes {
    @Test
    void escapingLatchIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.List;",
              "import java.util.concurrent.CountDownLatch;",
              "import java.util.function.Consumer;",
              "class A {",
              "  CountDownLatch field;",
              "  void passed(Consumer<CountDownLatch> worker) throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(3);",
              "    worker.accept(latch);",
              "    latch.await();",
              "  }",
              "  void stored() throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(2);",
              "    field = latch;",
              "    latch.await();",
              "  }",
              "  void unknownInterface(List<Runnable> hooks) throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(2);",
              "    hooks.add(latch::countDown);",
              "    latch.await();",
              "  }",
              "  void unknownLambda(List<String> items) throws InterruptedException {",
              "    CountDownLatch latch = new CountDownLatch(5);",
              "    items.forEach(item -> latch.countDown());",
              "    latch.await();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void latchGivenToAWorkerObjectEscapes() {
      helper
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
      helper
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
      helper
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
    void comparisonsAndSynchronizedAreNotEscapesButAliasesAre() {
      helper
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
    void uncountableShapesAreSilentAndFinalLocalsAreConstants() {
      helper
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
    void latchCountMismatchOnOddShapes() {
      // Nothing to report: reassigned, anonymous subclass, huge loop, captured by a Supplier.
      helper
          .addSourceLines(
              "Odd.java",
              java.util.Arrays.stream(CountDownNotInFinallyTest.ODD)
                  .filter(line -> !line.contains("// BUG:"))
                  .toArray(String[]::new))
          .doTest();
    }

    @Test
    void suppressedWithSuppressWarnings() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.concurrent.CountDownLatch;",
              "class A {",
              "  @SuppressWarnings(\"LatchCountMismatch\")",
              "  void waitForStart() throws InterruptedException {",
              "    CountDownLatch started = new CountDownLatch(1);",
              "    started.await();",
              "  }",
              "}")
          .doTest();
    }
  }
}
