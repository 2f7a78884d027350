package dev.leakproof.checker.latches;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CountDownNotInFinallyTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(CountDownNotInFinally.class, getClass());
  private final BugCheckerRefactoringTestHelper refactoring =
      BugCheckerRefactoringTestHelper.newInstance(CountDownNotInFinally.class, getClass());

  @Test
  void countDownInFinallyIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> {",
            "      try {",
            "        work();",
            "      } finally {",
            "        latch.countDown();",
            "      }",
            "    });",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void countDownAsFirstStatementIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch started) {",
            "    executor.execute(() -> {",
            "      started.countDown();",
            "      work();",
            "    });",
            "    executor.execute(() -> started.countDown());",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void precedingCodeThatCannotThrowIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "class A {",
            "  static final int LIMIT = 10;",
            "  int total;",
            "  void finish(CountDownLatch latch, AtomicInteger done, int a, int b) {",
            "    int sum = a + b * 2;",
            "    String label = \"done\";",
            "    long start = System.nanoTime();",
            "    total = sum + LIMIT;",
            "    done.incrementAndGet();",
            "    Exception failure = new IllegalStateException(\"late\", null);",
            "    java.util.List<String> names = new java.util.ArrayList<>();",
            "    latch.countDown();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void ownGettersAndSettersThatCannotThrowAreSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  private int size;",
            "  private boolean verbose;",
            "  void onEvent(CountDownLatch latch) {",
            "    if (isVerbose()) {",
            "      setSize(size() + 1);",
            "    }",
            "    latch.countDown();",
            "  }",
            "  private boolean isVerbose() { return verbose; }",
            "  private int size() { return size; }",
            "  private void setSize(int size) { this.size = size; }",
            "  final void overridable(CountDownLatch latch) {",
            "    report();",
            "    // BUG: Diagnostic contains: if report(..) throws",
            "    latch.countDown();",
            "  }",
            "  void report() {}",
            "}")
        .doTest();
  }

  @Test
  void latchSubclassCountingItselfDownIsSilent() {
    helper
        .addSourceLines(
            "BlockingFirst.java",
            "import java.util.concurrent.CountDownLatch;",
            "class BlockingFirst<T> extends CountDownLatch {",
            "  volatile T value;",
            "  volatile boolean done;",
            "  BlockingFirst() { super(1); }",
            "  void onNext(T t) {",
            "    if (done) {",
            "      return;",
            "    }",
            "    value = t;",
            "    cancelUpstream();",
            "    countDown();",
            "  }",
            "  void onComplete() {",
            "    cancelUpstream();",
            "    this.countDown();",
            "  }",
            "  void cancelUpstream() {}",
            "}")
        .doTest();
  }

  @Test
  void startGateOpenedByTheMethodThatCreatedItIsSilent() {
    helper
        .addSourceLines(
            "Harness.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Harness {",
            "  long time(int threads, Runnable task) throws InterruptedException {",
            "    CountDownLatch startGate = new CountDownLatch(1);",
            "    CountDownLatch endGate = new CountDownLatch(threads);",
            "    for (int i = 0; i < threads; i++) {",
            "      Thread t = new Thread(() -> {",
            "        try {",
            "          startGate.await();",
            "          task.run();",
            "          // BUG: Diagnostic contains: endGate.countDown() is skipped if await(..) throws"
                + " InterruptedException",
            "          endGate.countDown();",
            "        } catch (InterruptedException ignored) {",
            "        }",
            "      });",
            "      t.start();",
            "    }",
            "    long start = System.nanoTime();",
            "    startGate.countDown();",
            "    endGate.await();",
            "    return System.nanoTime() - start;",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void constructorWithArgumentsBeforeCountDownIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  StringBuilder buffer;",
            "  void task(CountDownLatch latch, int size) {",
            "    buffer = new StringBuilder(size);",
            "    // BUG: Diagnostic contains: skipped if new StringBuilder(..) throws",
            "    latch.countDown();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void catchThatCoversEverythingAndCountsDownIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.io.IOException;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void onEvent(CountDownLatch latch) {",
            "    try {",
            "      load();",
            "      latch.countDown();",
            "    } catch (IOException | RuntimeException e) {",
            "      log(e);",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void load() throws IOException {}",
            "  void log(Exception e) {}",
            "}")
        .doTest();
  }

  @Test
  void catchThatMissesACheckedExceptionIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.io.IOException;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void onEvent(CountDownLatch latch) throws IOException {",
            "    try {",
            "      load();",
            "      // BUG: Diagnostic contains: latch.countDown() is skipped if load(..) throws IOException",
            "      latch.countDown();",
            "    } catch (RuntimeException e) {",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void load() throws IOException {}",
            "}")
        .doTest();
  }

  @Test
  void narrowerCatchThatDoesNotCountDownIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void onEvent(CountDownLatch latch) {",
            "    try {",
            "      load();",
            "      // BUG: Diagnostic contains: if load(..) throws",
            "      latch.countDown();",
            "    } catch (IllegalStateException e) {",
            "      log(e);",
            "    } catch (Exception e) {",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void load() {}",
            "  void log(Exception e) {}",
            "}")
        .doTest();
  }

  @Test
  void exceptionsHandledBeforeTheCountDownAreSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  int value;",
            "  void task(CountDownLatch latch) {",
            "    try {",
            "      value = compute();",
            "    } catch (RuntimeException e) {",
            "      value = -1;",
            "    }",
            "    latch.countDown();",
            "  }",
            "  int compute() { return 1; }",
            "}")
        .doTest();
  }

  @Test
  void callBeforeCountDownInLambdaIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.ExecutorService;",
            "class A {",
            "  void start(ExecutorService executor, CountDownLatch done) {",
            "    executor.submit(() -> {",
            "      load();",
            "      // BUG: Diagnostic contains: done.countDown() is skipped if load(..) throws, and a"
                + " thread waiting in done.await() then blocks forever (or until its timeout): call"
                + " countDown() in a finally block",
            "      done.countDown();",
            "    });",
            "  }",
            "  void load() {}",
            "}")
        .doTest();
  }

  @Test
  void callBeforeCountDownInRunnableCallableAndRunMethodIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Runnable runnable(CountDownLatch latch) {",
            "    return new Runnable() {",
            "      @Override public void run() {",
            "        load();",
            "        // BUG: Diagnostic contains: if load(..) throws",
            "        latch.countDown();",
            "      }",
            "    };",
            "  }",
            "  Callable<String> callable(CountDownLatch latch) {",
            "    return () -> {",
            "      String s = fetch();",
            "      // BUG: Diagnostic contains: if fetch(..) throws",
            "      latch.countDown();",
            "      return s;",
            "    };",
            "  }",
            "  static class Worker extends Thread {",
            "    final CountDownLatch ready = new CountDownLatch(1);",
            "    @Override public void run() {",
            "      Object o = new Object();",
            "      connect(o);",
            "      // BUG: Diagnostic contains: if connect(..) throws",
            "      ready.countDown();",
            "    }",
            "    void connect(Object o) {}",
            "  }",
            "  void load() {}",
            "  String fetch() { return \"\"; }",
            "}")
        .doTest();
  }

  @Test
  void callbacksAreFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.function.Consumer;",
            "class A {",
            "  interface Listener { void onComplete(String r); void onError(Throwable t); }",
            "  Listener listener(CountDownLatch latch, StringBuilder out) {",
            "    return new Listener() {",
            "      @Override public void onComplete(String r) {",
            "        out.append(r.trim());",
            "        // BUG: Diagnostic contains: if append(..) throws",
            "        latch.countDown();",
            "      }",
            "      @Override public void onError(Throwable t) {",
            "        latch.countDown();",
            "      }",
            "    };",
            "  }",
            "  Consumer<String> consumer(CountDownLatch latch, StringBuilder out) {",
            "    return s -> {",
            "      out.append(s);",
            "      // BUG: Diagnostic contains: if append(..) throws",
            "      latch.countDown();",
            "    };",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void returnThatBypassesCountDownIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  volatile boolean cancelled;",
            "  int value;",
            "  void task(CountDownLatch latch) {",
            "    if (cancelled) {",
            "      return;",
            "    }",
            "    value = 1;",
            "    // BUG: Diagnostic contains: latch.countDown() is skipped by the `return` on line 7",
            "    latch.countDown();",
            "  }",
            "  void elseBranch(CountDownLatch latch, boolean ok) {",
            "    if (!ok) {",
            "      return;",
            "    } else {",
            "      // BUG: Diagnostic contains: by the `return` on line 15",
            "      latch.countDown();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void returnAfterCountingDownIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  volatile boolean cancelled;",
            "  int value;",
            "  void task(CountDownLatch latch) {",
            "    if (cancelled) {",
            "      latch.countDown();",
            "      return;",
            "    }",
            "    value = 1;",
            "    latch.countDown();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void alreadyDoneGuardOfRunOnceCodeIsSilent() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  private final CountDownLatch closedLatch = new CountDownLatch(1);",
            "  private boolean closed;",
            "  void close() {",
            "    synchronized (this) {",
            "      if (closed) {",
            "        return;",
            "      }",
            "      closed = true;",
            "    }",
            "    closedLatch.countDown();",
            "  }",
            "  void guardOnAnotherFlag(CountDownLatch latch) {",
            "    if (closed) {",
            "      return;",
            "    }",
            "    // BUG: Diagnostic contains: skipped by the `return` on line 16",
            "    latch.countDown();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void continueInTaskLoopIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.List;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  int count;",
            "  void drain(List<String> items, CountDownLatch latch) {",
            "    for (String item : items) {",
            "      if (item == null) {",
            "        continue;",
            "      }",
            "      count++;",
            "      // BUG: Diagnostic contains: skipped by the `continue` on line 8",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void inner(List<String> items, CountDownLatch latch) {",
            "    for (String item : items) {",
            "      for (int i = 0; i < 3; i++) {",
            "        if (i == 1) {",
            "          continue;",
            "        }",
            "        count++;",
            "      }",
            "      latch.countDown();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void explicitThrowBeforeCountDownIsFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void task(CountDownLatch latch, int n) {",
            "    if (n < 0) {",
            "      throw new IllegalArgumentException();",
            "    }",
            "    // BUG: Diagnostic contains: latch.countDown() is skipped by the `throw` on line 5",
            "    latch.countDown();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void countDownInCatchIsNotFlagged() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void task(CountDownLatch latch) {",
            "    try {",
            "      work();",
            "    } catch (RuntimeException e) {",
            "      log(e);",
            "      latch.countDown();",
            "      throw e;",
            "    }",
            "  }",
            "  void work() {}",
            "  void log(Exception e) {}",
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
            "  @SuppressWarnings(\"CountDownNotInFinally\")",
            "  void task(CountDownLatch latch) {",
            "    work();",
            "    latch.countDown();",
            "  }",
            "  void work() {}",
            "}")
        .doTest();
  }

  @Test
  void fixWrapsLambdaBody() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> {",
            "      load();",
            "      // loaded",
            "      store();",
            "      latch.countDown();",
            "    });",
            "  }",
            "  void load() {}",
            "  void store() {}",
            "}")
        .addOutputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> {",
            "      try {",
            "        load();",
            "        // loaded",
            "        store();",
            "      } finally {",
            "        latch.countDown();",
            "      }",
            "    });",
            "  }",
            "  void load() {}",
            "  void store() {}",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixWrapsAnonymousRunnable() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Runnable task(CountDownLatch latch) {",
            "    return new Runnable() {",
            "      @Override",
            "      public void run() {",
            "        if (load() < 0) {",
            "          return;",
            "        }",
            "        latch.countDown();",
            "        log();",
            "      }",
            "    };",
            "  }",
            "  int load() { return 1; }",
            "  void log() {}",
            "}")
        .addOutputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Runnable task(CountDownLatch latch) {",
            "    return new Runnable() {",
            "      @Override",
            "      public void run() {",
            "        try {",
            "          if (load() < 0) {",
            "            return;",
            "          }",
            "        } finally {",
            "          latch.countDown();",
            "        }",
            "        log();",
            "      }",
            "    };",
            "  }",
            "  int load() { return 1; }",
            "  void log() {}",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixWrapsCallableWithReturn() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Callable<String> task(CountDownLatch latch) {",
            "    return () -> {",
            "      String result = fetch();",
            "      latch.countDown();",
            "      return result;",
            "    };",
            "  }",
            "  String fetch() { return \"\"; }",
            "}")
        .addOutputLines(
            "A.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Callable<String> task(CountDownLatch latch) {",
            "    return () -> {",
            "      try {",
            "        String result = fetch();",
            "        return result;",
            "      } finally {",
            "        latch.countDown();",
            "      }",
            "    };",
            "  }",
            "  String fetch() { return \"\"; }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixWrapsAnonymousCallable() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Callable<Integer> task(CountDownLatch latch) {",
            "    return new Callable<Integer>() {",
            "      @Override",
            "      public Integer call() throws Exception {",
            "        int rows = count(); // may fail",
            "        latch.countDown();",
            "        return rows;",
            "      }",
            "    };",
            "  }",
            "  int count() throws Exception { return 1; }",
            "}")
        .addOutputLines(
            "A.java",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  Callable<Integer> task(CountDownLatch latch) {",
            "    return new Callable<Integer>() {",
            "      @Override",
            "      public Integer call() throws Exception {",
            "        try {",
            "          int rows = count(); // may fail",
            "          return rows;",
            "        } finally {",
            "          latch.countDown();",
            "        }",
            "      }",
            "    };",
            "  }",
            "  int count() throws Exception { return 1; }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void noFixForACountDownNestedInALoop() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.List;",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void drain(List<String> items, CountDownLatch latch) {",
            "    for (String item : items) {",
            "      process(item);",
            "      latch.countDown();",
            "    }",
            "  }",
            "  void process(String item) {}",
            "}")
        .expectUnchanged()
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixWrapsRunMethodWithFourSpaceIndent() {
    refactoring
        .addInputLines(
            "Worker.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Worker extends Thread {",
            "    private final CountDownLatch done = new CountDownLatch(1);",
            "",
            "    @Override",
            "    public void run() {",
            "        connect();",
            "",
            "        serve();",
            "        done.countDown();",
            "    }",
            "",
            "    void connect() {}",
            "    void serve() {}",
            "}")
        .addOutputLines(
            "Worker.java",
            "import java.util.concurrent.CountDownLatch;",
            "class Worker extends Thread {",
            "    private final CountDownLatch done = new CountDownLatch(1);",
            "",
            "    @Override",
            "    public void run() {",
            "        try {",
            "            connect();",
            "",
            "            serve();",
            "        } finally {",
            "            done.countDown();",
            "        }",
            "    }",
            "",
            "    void connect() {}",
            "    void serve() {}",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixOnOneLineLambda() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> { load(); latch.countDown(); });",
            "  }",
            "  void load() {}",
            "}")
        .addOutputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "import java.util.concurrent.Executor;",
            "class A {",
            "  void start(Executor executor, CountDownLatch latch) {",
            "    executor.execute(() -> { try { load(); } finally { latch.countDown(); } });",
            "  }",
            "  void load() {}",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void noFixWhenAVariableIsUsedAfterTheCountDown() {
    refactoring
        .addInputLines(
            "A.java",
            "import java.util.concurrent.CountDownLatch;",
            "class A {",
            "  void task(CountDownLatch latch) {",
            "    String s = fetch();",
            "    latch.countDown();",
            "    System.out.println(s);",
            "  }",
            "  String fetch() { return \"\"; }",
            "}")
        .expectUnchanged()
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void conditionalSignalIsNotATaskEnd() {
    helper
        .addSourceLines(
            "ConnectionWatcher.java",
            "import java.util.concurrent.CountDownLatch;",
            "class ConnectionWatcher {",
            "  private final CountDownLatch connected = new CountDownLatch(1);",
            "  private CountDownLatch optional;",
            "  void onEvent(String state) {",
            "    log(state);",
            "    if (state.equals(\"CONNECTED\")) {",
            "      connected.countDown();",
            "    }",
            "  }",
            "  void onDone(String result) {",
            "    log(result);",
            "    if (optional != null) {",
            "      // BUG: Diagnostic contains: optional.countDown() is skipped if log(..) throws",
            "      optional.countDown();",
            "    }",
            "  }",
            "  void log(String message) {",
            "    System.out.println(message);",
            "  }",
            "}")
        .doTest();
  }
}
