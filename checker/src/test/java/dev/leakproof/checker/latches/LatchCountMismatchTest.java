package dev.leakproof.checker.latches;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class LatchCountMismatchTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(LatchCountMismatch.class, getClass());

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
