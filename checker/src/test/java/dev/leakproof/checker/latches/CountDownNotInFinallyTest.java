package dev.leakproof.checker.latches;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tests of {@link CountDownNotInFinally}: identification by topic, then replacement. */
class CountDownNotInFinallyTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(CountDownNotInFinally.class, getClass());
  private final BugCheckerRefactoringTestHelper refactoring =
      BugCheckerRefactoringTestHelper.newInstance(CountDownNotInFinally.class, getClass());

  /** Odd.java, with the CountDownNotInFinally findings marked. */
  static final String[] ODD =
      new String[] {
        "import java.io.*;",
        "import java.util.*;",
        "import java.util.concurrent.*;",
        "import java.util.function.*;",
        "class Odd {",
        "  static final CountDownLatch STATIC = new CountDownLatch(1);",
        "  static { STATIC.countDown(); }",
        "  final CountDownLatch field = new CountDownLatch(2);",
        "  { field.countDown(); }",
        "  final Runnable r = () -> { field.countDown(); };",
        "  CountDownLatch[] latches = { new CountDownLatch(1) };",
        "  enum E { A; void f(CountDownLatch l) { l.countDown(); } }",
        "  interface I { default void g(CountDownLatch l) { l.countDown(); } }",
        "  record R(CountDownLatch l) { R { l.countDown(); } }",
        "  int sw(CountDownLatch l, int k) {",
        "    return switch (k) {",
        "      case 1 -> { l.countDown(); yield 1; }",
        "      default -> { String s = String.valueOf(k); l.countDown(); yield 2; }",
        "    };",
        "  }",
        "  void oldSwitch(CountDownLatch l, int k) {",
        "    switch (k) {",
        "      case 1:",
        "        l.countDown();",
        "        break;",
        "      default:",
        "        l.countDown();",
        "    }",
        "  }",
        "  void labeled(List<List<String>> rows, CountDownLatch l) {",
        "    outer:",
        "    for (List<String> row : rows) {",
        "      for (String cell : row) {",
        "        if (cell == null) continue outer;",
        "      }",
        "      // BUG: Diagnostic contains: skipped by the `continue` on line 34",
        "      l.countDown();",
        "    }",
        "  }",
        "  void resources(CountDownLatch l) throws IOException {",
        "    try (Reader reader = new StringReader(\"x\")) {",
        "      // BUG: Diagnostic contains: if new StringReader(..) throws",
        "      l.countDown();",
        "    }",
        "  }",
        "  <X extends Exception> void generic(Callable<Void> c, CountDownLatch l) throws Exception {",
        "    c.call();",
        "    // BUG: Diagnostic contains: latches[0].countDown() is skipped if call(..) throws Exception",
        "    latches[0].countDown();",
        "    // BUG: Diagnostic contains: l.countDown() is skipped if call(..) throws Exception",
        "    l.countDown();",
        "  }",
        "  void array(CountDownLatch[] ls, int i) {",
        "    ls[i].countDown();",
        "  }",
        "  void local() throws InterruptedException {",
        "    CountDownLatch l;",
        "    l = new CountDownLatch(1);",
        "    l.await();",
        "    CountDownLatch m = new CountDownLatch(1) { };",
        "    m.await();",
        "    CountDownLatch n = new CountDownLatch(Integer.MAX_VALUE);",
        "    for (long i = 0; i < Integer.MAX_VALUE; i++) { n.countDown(); }",
        "    n.await();",
        "    var v = new CountDownLatch(1);",
        "    Supplier<CountDownLatch> s = () -> v;",
        "    v.await();",
        "  }",
        "  class Sub extends CountDownLatch {",
        "    Sub() { super(1); }",
        "    void done() { System.out.println(); super.countDown(); }",
        "  }",
        "}",
      };

  /** A call before the countDown can throw, in every kind of task body. */
  @Nested
  class CallsThatCanSkipTheCountDown {
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
              "  String fetch() { return System.getProperty(\"fetch\"); }",
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
    void theCallAReaderBelievesCanThrowIsNamed() {
      // a call declaring a checked exception, else a callback (abstract method), over earlier calls
      helper
          .addSourceLines(
              "Connection.java",
              "import java.io.IOException;",
              "import java.util.concurrent.CountDownLatch;",
              "abstract class Connection {",
              "  final CountDownLatch opened = new CountDownLatch(1);",
              "  final CountDownLatch loaded = new CountDownLatch(1);",
              "  int heartbeat;",
              "  protected abstract void onOpen(String info);",
              "  protected void startHeartbeat() {",
              "    heartbeat = Integer.parseInt(System.getProperty(\"heartbeat\", \"30\"));",
              "  }",
              "  void readConfig() throws IOException {}",
              "  final void handleOpen(String info) {",
              "    startHeartbeat();",
              "    onOpen(info);",
              "    // BUG: Diagnostic contains: opened.countDown() is skipped if onOpen(..) throws,",
              "    opened.countDown();",
              "  }",
              "  final void load() throws IOException {",
              "    startHeartbeat();",
              "    onOpen(\"load\");",
              "    readConfig();",
              "    // BUG: Diagnostic contains: loaded.countDown() is skipped if readConfig(..) throws IOException",
              "    loaded.countDown();",
              "  }",
              "  final void runTask(Runnable task, CountDownLatch ran) {",
              "    startHeartbeat();",
              "    task.run();",
              "    // BUG: Diagnostic contains: ran.countDown() is skipped if run(..) throws,",
              "    ran.countDown();",
              "  }",
              "  final void store(java.util.Map<String, String> cache, CountDownLatch stored) {",
              "    // an abstract JDK collection method is no callback: the first call is named",
              "    startHeartbeat();",
              "    cache.put(\"k\", \"v\");",
              "    // BUG: Diagnostic contains: stored.countDown() is skipped if startHeartbeat(..) throws,",
              "    stored.countDown();",
              "  }",
              "  final void poll(Runnable handler, CountDownLatch stopped, boolean broken) {",
              "    // a throw statement is believed before any call (jeromq's Poller)",
              "    handler.run();",
              "    if (broken) {",
              "      throw new IllegalStateException(\"selector broken\");",
              "    }",
              "    // BUG: Diagnostic contains: stopped.countDown() is skipped by the `throw` on line 42",
              "    stopped.countDown();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void anAbstractMethodOfALibraryOtherThanTheJdkIsACallback() {
      // Jetty's LocalEndPoint.onClose(): connection.onClose() is named, not the getter before it
      helper
          .addSourceLines(
              "EndPoint.java",
              "import dev.leakproof.checker.latches.library.LibraryConnection;",
              "import java.util.concurrent.CountDownLatch;",
              "class EndPoint {",
              "  final CountDownLatch closed = new CountDownLatch(1);",
              "  LibraryConnection connection;",
              "  LibraryConnection getConnection() {",
              "    return connection;",
              "  }",
              "  void onClose(java.util.List<String> names) {",
              "    names.clear();",
              "    LibraryConnection c = getConnection();",
              "    if (c != null) {",
              "      c.onClose();",
              "    }",
              "    // BUG: Diagnostic contains: closed.countDown() is skipped if onClose(..) throws,",
              "    closed.countDown();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void countDownAtTheEndOfAnExecutedLambdaIsFlagged() {
      helper
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
      helper
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
      helper
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
      helper
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
    void localAliasOfALatchItDidNotCreateIsFlagged() {
      helper
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
    void emptyPrivateAndStaticStubsStandForWorkThatCanFail() {
      helper
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

    @Test
    void fieldLambdasEnumBodiesAndCaseGuards() {
      helper
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
    void arrowSwitchCasesAreWalked() {
      helper
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
  }

  /** A return, throw, break or continue before the countDown. */
  @Nested
  class JumpsThatSkipTheCountDown {
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
    void earlyReturnOnNullIsFlagged() {
      helper
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
      helper
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
    void continueAfterAnIfInTheGuardIsNamed() {
      helper
          .addSourceLines(
              "Drain.java",
              """
              import java.util.List;
              import java.util.concurrent.CountDownLatch;
              class Drain {
                int skipped;
                void drain(List<String> items, CountDownLatch latch, boolean verbose) {
                  for (String item : items) {
                    if (item.isEmpty()) {
                      if (verbose) {
                        skipped++;
                      }
                      continue;
                    }
                    // BUG: Diagnostic contains: skipped by the `continue` on line 11
                    latch.countDown();
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /** Which catches cover the calls before the countDown. */
  @Nested
  class Catches {
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
              "  int compute() { return Integer.parseInt(System.getProperty(\"n\")); }",
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
    void countDownOnlyInACatchIsSilent() {
      // An "it failed" signal: not on the normal path at all, and nothing before it in the catch.
      helper
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
      helper
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
    void callInACatchBeforeTheCountDownIsFlagged() {
      helper
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
    void catchAfterTheCountDownThatThrowsAgainIsFlagged() {
      // The call that threw before the countDown skipped it; the catch's own throw does not undo that.
      helper
          .addSourceLines(
              "Registry.java",
              "import java.util.concurrent.CountDownLatch;",
              "class Registry {",
              "  void subscribe(CountDownLatch latch) {",
              "    try {",
              "      create();",
              "      // BUG: Diagnostic contains: latch.countDown() is skipped if create(..) throws",
              "      latch.countDown();",
              "    } catch (Throwable e) {",
              "      throw new IllegalStateException(\"subscribe failed\", e);",
              "    }",
              "  }",
              "  void onChange(CountDownLatch latch) {",
              "    try {",
              "      create();",
              "      // BUG: Diagnostic contains: latch.countDown() is skipped if create(..) throws",
              "      latch.countDown();",
              "    } catch (RuntimeException e) {",
              "      log(e);",
              "      return;",
              "    }",
              "    log(null);",
              "  }",
              "  void create() {}",
              "  void log(Exception e) {}",
              "}")
          .doTest();
    }

    @Test
    void latchDeclaredInABranchIsJudgedFromItsDeclaration() {
      // The if decides whether the latch exists, not whether it is counted down (dubbo#8845 has
      // this and a catch that throws again).
      helper
          .addSourceLines(
              "Registry.java",
              "import java.util.concurrent.CountDownLatch;",
              "class Registry {",
              "  static class Listener {",
              "    volatile CountDownLatch latch;",
              "    void setLatch(CountDownLatch latch) { this.latch = latch; }",
              "  }",
              "  final Listener listener = new Listener();",
              "  void subscribe(String url) {",
              "    if (url.isEmpty()) {",
              "      create();",
              "    } else {",
              "      CountDownLatch latch = new CountDownLatch(1);",
              "      listener.setLatch(latch);",
              "      create();",
              "      // BUG: Diagnostic contains: latch.countDown() is skipped if create(..) throws",
              "      latch.countDown();",
              "    }",
              "  }",
              "  void create() {}",
              "}")
          .doTest();
    }

    @Test
    void latchDeclaredInABranchAndCountedDownOnAConditionIsSilent() {
      helper
          .addSourceLines(
              "Registry.java",
              "import java.util.concurrent.CountDownLatch;",
              "class Registry {",
              "  static class Listener {",
              "    volatile CountDownLatch latch;",
              "    void setLatch(CountDownLatch latch) { this.latch = latch; }",
              "  }",
              "  final Listener listener = new Listener();",
              "  void subscribe(String url) {",
              "    if (!url.isEmpty()) {",
              "      CountDownLatch latch = new CountDownLatch(1);",
              "      listener.setLatch(latch);",
              "      create();",
              "      if (url.startsWith(\"zk:\")) {",
              "        latch.countDown();",
              "      }",
              "    }",
              "  }",
              "  void create() {}",
              "}")
          .doTest();
    }

    @Test
    void aPrivateStepWhoseCallerCatchesEverythingAndThenCountsDownIsSilent() {
      // spring-rabbit's initialize(), called in run()'s try with catch (Throwable), then
      // "In all cases count down"; a second caller without that cover keeps it reported.
      helper
          .addSourceLines(
              "Consumer.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Consumer implements Runnable {
                private final CountDownLatch start = new CountDownLatch(1);
                private volatile Throwable failure;
                @Override
                public void run() {
                  try {
                    initialize();
                  } catch (Throwable t) {
                    failure = t;
                  }
                  start.countDown();
                }
                private void initialize() {
                  try {
                    declare();
                    start.countDown();
                  } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e);
                  }
                }
                void declare() {}
              }
              """)
          .addSourceLines(
              "Restarter.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Restarter implements Runnable {
                private final CountDownLatch start = new CountDownLatch(1);
                @Override
                public void run() {
                  try {
                    initialize();
                  } catch (Throwable t) {
                    start.countDown();
                  }
                }
                void restart() {
                  initialize();
                }
                private void initialize() {
                  try {
                    declare();
                    // BUG: Diagnostic contains: start.countDown() is skipped if declare(..) throws
                    start.countDown();
                  } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e);
                  }
                }
                void declare() {}
              }
              """)
          .doTest();
    }

    @Test
    void catchAfterTheCountDownThatCountsDownAndThrowsAgainIsSilent() {
      helper
          .addSourceLines(
              "Registry.java",
              "import java.util.concurrent.CountDownLatch;",
              "class Registry {",
              "  void subscribe(CountDownLatch latch) {",
              "    try {",
              "      create();",
              "      latch.countDown();",
              "    } catch (Throwable e) {",
              "      latch.countDown();",
              "      throw new IllegalStateException(\"subscribe failed\", e);",
              "    }",
              "  }",
              "  void onChange(CountDownLatch latch) {",
              "    try {",
              "      latch.countDown();",
              "      create();",
              "    } catch (RuntimeException e) {",
              "      throw new IllegalStateException(e);",
              "    }",
              "  }",
              "  void create() {}",
              "}")
          .doTest();
    }
  }

  /** In finally, first, or after code that cannot throw. */
  @Nested
  class CountDownsThatCannotBeSkipped {
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
    void onlyArithmeticBeforeCountDownIsSilent() {
      helper
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
  }

  /** CountDowns that are not a task reporting it ended, and suppression. */
  @Nested
  class NotTheEndOfATask {
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

    /** Dubbo's ZookeeperRegistry.doSubscribe (dubbo#8845): the listener waits on the latch. */
    @Test
    void aLatchTheMethodHandsToAnotherObjectIsNoStartGate() {
      helper
          .addSourceLines(
              "Registry.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Registry {
                static class Listener {
                  private final CountDownLatch ready;
                  Listener(CountDownLatch ready) {
                    this.ready = ready;
                  }
                  void childChanged() throws InterruptedException {
                    ready.await();
                  }
                }
                void subscribe(String path) {
                  CountDownLatch latch = new CountDownLatch(1);
                  Listener listener = new Listener(latch);
                  create(path);
                  // BUG: Diagnostic contains: latch.countDown() is skipped if create(..) throws
                  latch.countDown();
                }
                void create(String path) {
                  if (path.isEmpty()) {
                    throw new IllegalArgumentException(path);
                  }
                }
              }
              """)
          .doTest();
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

    @Test
    void guardsSwitchesNestedTriesAndInterrupts() {
      helper
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
    void countDownNotInFinallyOnOddShapes() {
      helper.addSourceLines("Odd.java", ODD).doTest();
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
  }

  /** Code that runs before the task has a latch to count down cannot skip it (0.2). */
  @Nested
  class LatchObtainedLater {
    @Test
    void callsBeforeTheLatchIsObtainedAreNotSkips() {
      helper
          .addSourceLines(
              "Waiters.java",
              """
              import java.util.Map;
              import java.util.Queue;
              import java.util.concurrent.CountDownLatch;
              class Waiters {
                Map<String, CountDownLatch> waiting;
                Queue<CountDownLatch> pending;
                CountDownLatch current;
                void release(String key) {
                  connect();
                  CountDownLatch latch = waiting.remove(key);
                  latch.countDown();
                }
                void next() {
                  connect();
                  current = pending.poll();
                  current.countDown();
                }
                void connect() {
                  if (System.nanoTime() == 0) throw new IllegalStateException();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLatchReachedThroughALocalIsObtainedWhenTheLocalIs() {
      // HiveMQ's blocking client: `while ((entry = entries.poll()) != null) { ..
      // entry.latch.countDown(); }` after an early return and a cancel(): until `entry` holds an
      // entry there is no latch to count down. A call after it is obtained still skips.
      helper
          .addSourceLines(
              "Waiters.java",
              """
              import java.util.Queue;
              import java.util.concurrent.CountDownLatch;
              class Waiters {
                static final class Entry {
                  final CountDownLatch latch = new CountDownLatch(1);
                  volatile Object result;
                }
                Queue<Entry> entries;
                Throwable error;
                void onNext(Object value) {
                  if (error != null) {
                    return;
                  }
                  cancel();
                  Entry entry;
                  while ((entry = entries.poll()) != null) {
                    entry.result = value;
                    entry.latch.countDown();
                  }
                }
                void onError(Throwable t) {
                  Entry entry = entries.poll();
                  if (entry == null) {
                    return;
                  }
                  entry.result = describe(t);
                  // BUG: Diagnostic contains: entry.latch.countDown() is skipped if describe(..) throws
                  entry.latch.countDown();
                }
                void cancel() {
                  if (System.nanoTime() == 0) throw new IllegalStateException();
                }
                Object describe(Throwable t) {
                  if (t == null) throw new IllegalArgumentException();
                  return t;
                }
              }
              """)
          .doTest();
    }

    @Test
    void aNullCheckOfTheLatchItselfIsNoSkip() {
      // Nacos's ThreadUtils.countDown: `Objects.requireNonNull(latch, "latch"); latch.countDown();`
      // throws only when there is no latch; a null check of something else can still skip it.
      helper
          .addSourceLines(
              "Latches.java",
              """
              import java.util.Objects;
              import java.util.concurrent.CountDownLatch;
              class Latches {
                static void countDown(CountDownLatch latch) {
                  Objects.requireNonNull(latch, "latch");
                  latch.countDown();
                }
                static void countDown(CountDownLatch latch, Object owner) {
                  Objects.requireNonNull(owner, "owner");
                  // BUG: Diagnostic contains: latch.countDown() is skipped if requireNonNull(..) throws
                  latch.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aNullLatchHasNothingToCountDown() {
      helper
          .addSourceLines(
              "Task.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Task implements Runnable {
                volatile CountDownLatch latch;
                @Override public void run() {
                  if (latch == null) {
                    return;
                  }
                  work();
                  // BUG: Diagnostic contains: latch.countDown() is skipped if work(..) throws
                  latch.countDown();
                }
                void work() {
                  if (System.nanoTime() == 0) throw new IllegalStateException();
                }
              }
              """)
          .doTest();
    }

    @Test
    void callsAfterTheLatchIsObtainedStillSkip() {
      helper
          .addSourceLines(
              "Waiters.java",
              """
              import java.util.Map;
              import java.util.concurrent.CountDownLatch;
              class Waiters {
                Map<String, CountDownLatch> waiting;
                void release(String key) {
                  CountDownLatch latch = waiting.get(key);
                  record(key);
                  // BUG: Diagnostic contains: latch.countDown() is skipped if record(..) throws
                  latch.countDown();
                }
                void record(String key) {
                  if (key.isEmpty()) throw new IllegalArgumentException();
                }
              }
              """)
          .doTest();
    }
  }

  /** Calls that cannot throw in practice are not skipping paths (0.2). */
  @Nested
  class CallsThatCannotThrow {
    @Test
    void loggingCallsOfTheCommonApisAndThreadLocalCleanUp() {
      // a logging framework hands its appenders' failures to its own error handler; what the
      // arguments compute is judged as the calls it makes. ThreadLocal.remove() only touches the
      // current thread's map (jberet's JobExecutionImpl.cleanUp())
      helper
          .addSourceLines(
              "Job.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.logging.Logger;
              class Job {
                private static final Logger LOG = Logger.getLogger("job");
                private final CountDownLatch done = new CountDownLatch(1);
                private final CountDownLatch reported = new CountDownLatch(1);
                private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();
                void finish(String name) {
                  LOG.info("finished");
                  LOG.fine(name);
                  CONTEXT.remove();
                  done.countDown();
                }
                void report(long millis) {
                  LOG.info(String.format("took %d ms", millis));
                  // BUG: Diagnostic contains: reported.countDown() is skipped if format(..) throws
                  reported.countDown();
                }
                void await() throws InterruptedException {
                  done.await();
                  reported.await();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aGetterWhoseValueIsOnlyLoggedCannotThrow() {
      // Camel's MainLifecycleStrategy logs context.getName() before it counts down: reading a
      // name or an id for a log line is no way out a maintainer would guard. A getter whose value
      // is used, or another call in the log line, still counts.
      helper
          .addSourceLines(
              "Context.java",
              """
              interface Context {
                String getName();
                boolean isStarted();
                String describe();
              }
              """)
          .addSourceLines(
              "Stopper.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.logging.Level;
              import java.util.logging.Logger;
              class Stopper {
                private static final Logger LOG = Logger.getLogger("stop");
                private final CountDownLatch stopped = new CountDownLatch(1);
                private final CountDownLatch described = new CountDownLatch(1);
                private final CountDownLatch named = new CountDownLatch(1);
                private String last;
                void onStop(Context context) {
                  LOG.log(Level.INFO, "{0} stopped (started: {1})",
                      new Object[] {context.getName(), context.isStarted()});
                  LOG.info(context.getName());
                  stopped.countDown();
                }
                void onDescribe(Context context) {
                  LOG.info(context.describe());
                  // BUG: Diagnostic contains: described.countDown() is skipped if describe(..) throws
                  described.countDown();
                }
                void onName(Context context) {
                  last = context.getName();
                  // BUG: Diagnostic contains: named.countDown() is skipped if getName(..) throws
                  named.countDown();
                }
                void await() throws InterruptedException {
                  stopped.await();
                  described.await();
                  named.await();
                }
              }
              """)
          .doTest();
    }

    /** jnats 0.7.1's reader and flusher tasks name their thread before they count down. */
    @Test
    void namingTheThreadWithANameThatIsNeverNullCannotThrow() {
      helper
          .addSourceLines(
              "Workers.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Workers {
                private final CountDownLatch started = new CountDownLatch(2);
                void reader(int id) {
                  Thread.currentThread().setName("reader-" + id);
                  started.countDown();
                }
                void flusher() {
                  Thread.currentThread().setName("flusher");
                  started.countDown();
                }
                void named(String name) {
                  Thread.currentThread().setName(name);
                  // BUG: Diagnostic contains: started.countDown() is skipped if setName(..) throws
                  started.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void takingALockCannotThrow() {
      // Jetty 12's InputStreamResponseListener.onHeaders, with a JDK lock: lock() waits, it does
      // not fail; lockInterruptibly() can end in an InterruptedException.
      helper
          .addSourceLines(
              "Headers.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.locks.ReentrantLock;
              class Headers {
                private final ReentrantLock lock = new ReentrantLock();
                private final CountDownLatch responded = new CountDownLatch(1);
                private final CountDownLatch answered = new CountDownLatch(1);
                private String response;
                void onHeaders(String headers) {
                  lock.lock();
                  try {
                    response = headers;
                    responded.countDown();
                  } finally {
                    lock.unlock();
                  }
                }
                void onAnswer(String answer) throws InterruptedException {
                  lock.lockInterruptibly();
                  try {
                    response = answer;
                    // BUG: Diagnostic contains: answered.countDown() is skipped
                    answered.countDown();
                  } finally {
                    lock.unlock();
                  }
                }
                String await() throws InterruptedException {
                  responded.await();
                  answered.await();
                  return response;
                }
              }
              """)
          .doTest();
    }

    @Test
    void emptyCollectionsAndAddsToAFreshLocalList() {
      // Jetty's InputStreamResponseListener.onComplete: Collections.emptyList(), then a helper that
      // moves a field queue's entries into a new ArrayList; adding to a list it was given could
      // throw (an unmodifiable one), so that helper does not make the countDown safe
      helper
          .addSourceLines(
              "Listener.java",
              """
              import java.util.*;
              import java.util.concurrent.CountDownLatch;
              class Listener {
                private final Object lock = new Object();
                private final Queue<Runnable> chunks = new ArrayDeque<>();
                private final CountDownLatch done = new CountDownLatch(1);
                private final CountDownLatch drained = new CountDownLatch(1);
                private List<Runnable> drain() {
                  List<Runnable> callbacks = new ArrayList<>();
                  synchronized (lock) {
                    while (true) {
                      Runnable chunk = chunks.peek();
                      if (chunk == null) {
                        break;
                      }
                      callbacks.add(chunk);
                      chunks.poll();
                    }
                  }
                  return callbacks;
                }
                private void drainInto(List<Runnable> callbacks) {
                  synchronized (lock) {
                    Runnable chunk = chunks.poll();
                    if (chunk != null) {
                      callbacks.add(chunk);
                    }
                  }
                }
                void onComplete(boolean failed) {
                  List<Runnable> callbacks = Collections.emptyList();
                  synchronized (lock) {
                    if (failed) {
                      callbacks = drain();
                    }
                    done.countDown();
                  }
                  callbacks.forEach(Runnable::run);
                }
                void onDrained(List<Runnable> into) {
                  drainInto(into);
                  // BUG: Diagnostic contains: drained.countDown() is skipped if drainInto(..) throws
                  drained.countDown();
                }
                void await() throws InterruptedException {
                  done.await();
                  drained.await();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aBlockingQueuesReadsFailOnlyByTheirInterruptedException() {
      // dirigiste 1.0.0's worker: the interrupt from poll(..) is caught and falls through to the
      // countDown. Where it is not caught, it still skips the countDown.
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              class Worker {
                private final BlockingQueue<Runnable> queue;
                private final CountDownLatch stopped = new CountDownLatch(1);
                private final CountDownLatch drained = new CountDownLatch(1);
                private volatile boolean shutdown;
                Worker(BlockingQueue<Runnable> queue) { this.queue = queue; }
                void loop() {
                  try {
                    while (!shutdown) {
                      Runnable task = queue.poll(1, TimeUnit.SECONDS);
                      if (task != null) {
                        try {
                          task.run();
                        } catch (Throwable t) {
                        }
                      }
                    }
                  } catch (InterruptedException e) {
                  }
                  stopped.countDown();
                }
                void drain() throws InterruptedException {
                  Runnable last = queue.take();
                  // BUG: Diagnostic contains: drained.countDown() is skipped if take(..) throws
                  drained.countDown();
                }
                void await() throws InterruptedException {
                  stopped.await();
                  drained.await();
                }
              }
              """)
          .doTest();
    }

    @Test
    void constructorsThatOnlyAssignFields() {
      // Jetty's HttpRedirector: new Result(..) around new HttpContentResponse(..) and getters
      helper
          .addSourceLines(
              "Redirect.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.atomic.AtomicReference;
              class Redirect {
                static class Result {
                  private final Object request;
                  private final Throwable failure;
                  private int attempts = 1;
                  Result(Object request, Throwable failure) {
                    this.request = request;
                    this.failure = failure;
                  }
                }
                static final class Redirected extends Result {
                  Redirected(Object request) {
                    super(request, null);
                  }
                }
                static final class Sized {
                  private final int[] slots;
                  private final String name = String.valueOf(System.nanoTime()).substring(3);
                  Sized(int size) {
                    slots = new int[size];
                  }
                }
                static final class Named {
                  private final String name = String.valueOf(System.nanoTime()).substring(3);
                  Named() {}
                }
                private String mediaType;
                String getMediaType() {
                  return mediaType;
                }
                void onComplete(Object request, Throwable failure, AtomicReference<Result> ref,
                    CountDownLatch latch) {
                  ref.set(new Result(new Redirected(getMediaType()), failure));
                  latch.countDown();
                }
                void onSized(int size, AtomicReference<Object> ref, CountDownLatch latch) {
                  ref.set(new Sized(size));
                  // BUG: Diagnostic contains: latch.countDown() is skipped if new Sized(..) throws
                  latch.countDown();
                }
                void onNamed(AtomicReference<Object> ref, CountDownLatch latch) {
                  ref.set(new Named());
                  // BUG: Diagnostic contains: latch.countDown() is skipped if new Named(..) throws
                  latch.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void atomicSettersLevelChecksAndCatchAllBodiesAreSilent() {
      helper
          .addSourceLines(
              "Quiet.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.atomic.AtomicBoolean;
              import java.util.logging.Level;
              import java.util.logging.Logger;
              class Quiet {
                private static final Logger LOG = Logger.getLogger("quiet");
                final AtomicBoolean done = new AtomicBoolean();
                void finish(CountDownLatch latch) {
                  done.set(true);
                  if (LOG.isLoggable(Level.FINE)) {
                    done.lazySet(true);
                  }
                  notifyListeners();
                  safeHook();
                  latch.countDown();
                }
                private void notifyListeners() {
                  try {
                    work();
                  } catch (Exception e) {
                    LOG.log(Level.WARNING, "listener failed", e);
                  }
                }
                protected void safeHook() {
                  try {
                    work();
                  } catch (Throwable t) {
                    LOG.warning(t.toString());
                  }
                }
                void work() {
                  if (System.nanoTime() == 0) throw new IllegalStateException();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLoopOverAMapThatCallsACatchAllMethodCannotThrow() {
      helper
          .addSourceLines(
              "Dispatcher.java",
              """
              import java.util.Map;
              import java.util.concurrent.CountDownLatch;
              class Dispatcher {
                void shutDown(Map<String, Runnable> consumers, CountDownLatch latch) {
                  notifyAll(consumers);
                  latch.countDown();
                }
                private void notifyAll(Map<String, Runnable> consumers) {
                  for (Map.Entry<String, Runnable> entry : consumers.entrySet()) {
                    notifyOne(entry.getKey(), entry.getValue());
                  }
                }
                private void notifyOne(String tag, Runnable consumer) {
                  try {
                    consumer.run();
                  } catch (Throwable t) {
                    System.err.println(tag + ": " + t);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void notifyAllOnTheMonitorItHoldsCannotThrow() {
      // Kafka Connect's AbstractWorkerSourceTask.stop(): super.stop() sets a flag and calls
      // this.notifyAll() inside synchronized (this) before the countDown. notifyAll() throws only
      // when the monitor is not held: on another object it still counts.
      helper
          .addSourceLines(
              "Task.java",
              """
              abstract class Task implements Runnable {
                private volatile boolean stopping;
                private final Object other = new Object();
                public void stop() {
                  triggerStop();
                }
                private void triggerStop() {
                  synchronized (this) {
                    stopping = true;
                    this.notifyAll();
                  }
                }
                void wakeOther() {
                  synchronized (this) {
                    other.notifyAll();
                  }
                }
                boolean isStopping() {
                  return stopping;
                }
              }
              """)
          .addSourceLines(
              "SourceTask.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              abstract class SourceTask extends Task {
                private final CountDownLatch stopRequested;
                SourceTask() {
                  this.stopRequested = new CountDownLatch(1);
                }
                @Override
                public void stop() {
                  super.stop();
                  stopRequested.countDown();
                }
                @Override
                public void run() {
                  while (!isStopping()) {
                    try {
                      stopRequested.await(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              }
              """)
          .addSourceLines(
              "Waker.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Waker {
                private final CountDownLatch woken;
                private final Task task;
                Waker(Task task) {
                  this.task = task;
                  this.woken = new CountDownLatch(1);
                }
                public void stop() {
                  task.wakeOther();
                  // BUG: Diagnostic contains: woken.countDown() is skipped if wakeOther(..) throws
                  woken.countDown();
                }
                void await() throws InterruptedException {
                  woken.await();
                }
              }
              """)
          .doTest();
    }

    @Test
    void aCatchAllThatRethrowsCanStillThrow() {
      helper
          .addSourceLines(
              "Loud.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Loud {
                void finish(CountDownLatch latch) {
                  rethrowing();
                  // BUG: Diagnostic contains: latch.countDown() is skipped if rethrowing(..) throws
                  latch.countDown();
                }
                private void rethrowing() {
                  try {
                    work();
                  } catch (RuntimeException e) {
                    throw new IllegalStateException(e);
                  }
                }
                void work() {
                  if (System.nanoTime() == 0) throw new IllegalStateException();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Methods of any class of the compilation are judged by their bodies (0.2), a bounded number of
   * calls deep: quiet when every statement is (see docs/checks/CountDownNotInFinally.md).
   */
  @Nested
  class CallsIntoTheCompilation {
    /** A work pool of another file: removals on its own collections, under its own lock. */
    private static final String[] WORK_POOL = {
      "WorkPool.java",
      """
      package pool;
      import java.util.HashMap;
      import java.util.HashSet;
      import java.util.Map;
      import java.util.Set;
      public class WorkPool<K> {
        private final KeyQueue<K> ready = new KeyQueue<>();
        private final Set<K> inProgress = new HashSet<>();
        private final Map<K, Object> pool = new HashMap<>();
        private int unregistered;
        public void unregisterKey(K key) {
          synchronized (this) {
            this.pool.remove(key);
            this.ready.remove(key);
            inProgress.remove(key);
            unregistered++;
          }
        }
      }
      """,
      "KeyQueue.java",
      """
      package pool;
      import java.util.HashSet;
      import java.util.LinkedList;
      import java.util.Queue;
      import java.util.Set;
      public class KeyQueue<T> {
        private final Set<T> members;
        private final Queue<T> queue;
        public KeyQueue() {
          this.members = new HashSet<>();
          this.queue = new LinkedList<>();
        }
        public boolean remove(T item) {
          this.queue.remove(item);
          return this.members.remove(item);
        }
      }
      """,
      "WorkService.java",
      """
      package pool;
      public class WorkService {
        private final WorkPool<Object> workPool = new WorkPool<>();
        public void stopWork(Object channel) {
          this.workPool.unregisterKey(channel);
        }
      }
      """
    };

    @Test
    void aCallWhoseBodyOnlyRemovesFromItsOwnCollectionsIsSilent() {
      helper
          .addSourceLines(WORK_POOL[0], WORK_POOL[1])
          .addSourceLines(WORK_POOL[2], WORK_POOL[3])
          .addSourceLines(WORK_POOL[4], WORK_POOL[5])
          .addSourceLines(
              "Dispatcher.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.Executor;
              import pool.WorkService;
              class Dispatcher {
                private final WorkService workService = new WorkService();
                private final Object channel = new Object();
                private volatile Exception shutdownSignal;
                CountDownLatch shutDown(Executor executor, Exception signal) {
                  CountDownLatch latch = new CountDownLatch(1);
                  executor.execute(
                      () -> {
                        shutdownSignal = signal;
                        Dispatcher.this.workService.stopWork(Dispatcher.this.channel);
                        latch.countDown();
                      });
                  return latch;
                }
              }
              """)
          .doTest();
    }

    @Test
    void quietStatementsOfAnotherClassAreSilent() {
      helper
          .addSourceLines(
              "Stats.java",
              """
              import java.util.ArrayDeque;
              import java.util.Deque;
              import java.util.concurrent.ConcurrentHashMap;
              public class Stats {
                private static final int BUCKETS = 8;
                private final ConcurrentHashMap<String, Long> totals = new ConcurrentHashMap<>();
                private final Deque<Long> recent = new ArrayDeque<>();
                private long count;
                private long last;
                private Object owner;
                public void record(String key, long value, Object by) {
                  Long total = totals.get(key);
                  long previous = total == null ? 0L : total;
                  synchronized (recent) {
                    while (recent.size() > BUCKETS) {
                      recent.pollFirst();
                    }
                    for (Long old : recent) {
                      last = (last > old ? last : old) / 2;
                    }
                  }
                  if (by instanceof CharSequence text) {
                    owner = (Object) text;
                  }
                  count += previous + value % BUCKETS;
                  if (recent.isEmpty()) {
                    recent.clear();
                  }
                }
              }
              """)
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Reporter {
                void report(Stats stats, CountDownLatch done) {
                  stats.record("requests", 1, this);
                  done.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void callsThatCanThrowAreFollowedAndStillFlagged() {
      helper
          .addSourceLines(
              "Session.java",
              """
              import java.io.IOException;
              import java.io.OutputStream;
              import java.util.ArrayList;
              import java.util.List;
              import java.util.Set;
              import java.util.concurrent.ArrayBlockingQueue;
              public class Session {
                public interface Listener {
                  void onClosed();
                }
                private final Listener listener;
                private final OutputStream out;
                private final Set<String> keys;
                private final List<String> names = new ArrayList<>();
                private final ArrayBlockingQueue<String> outbox = new ArrayBlockingQueue<>(16);
                private final int[] slots = new int[4];
                private List<String> replaceable = new ArrayList<>();
                private final Set<String> fixed = java.util.Collections.unmodifiableSet(new java.util.HashSet<>());
                private Object current;
                private boolean closed;
                private int total;
                public Session(Listener listener, OutputStream out, Set<String> keys) {
                  this.listener = listener;
                  this.out = out;
                  this.keys = keys;
                }
                public void notifyClosed() {
                  closed = true;
                  listener.onClosed();
                }
                public void flushQuietly() {
                  try {
                    out.flush();
                  } catch (IOException e) {
                    closed = true;
                  }
                }
                public void checkOpen() {
                  if (closed) {
                    throw new IllegalStateException("closed");
                  }
                }
                public void forget(String key) {
                  keys.remove(key);
                }
                public void enqueue(String message) {
                  outbox.add(message);
                }
                public void dropFirst() {
                  names.remove(0);
                }
                public void release(int slot) {
                  slots[slot] = 0;
                }
                public int average(int parts) {
                  return total / parts;
                }
                public String currentName() {
                  return (String) current;
                }
                public void clearReplaceable() {
                  replaceable.clear();
                }
                public void forgetFixed(String key) {
                  fixed.remove(key);
                }
              }
              """)
          .addSourceLines(
              "Closer.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Closer {
                void listener(Session s, CountDownLatch l) {
                  s.notifyClosed();
                  // BUG: Diagnostic contains: l.countDown() is skipped if notifyClosed(..) throws
                  l.countDown();
                }
                void io(Session s, CountDownLatch l) {
                  s.flushQuietly();
                  // BUG: Diagnostic contains: if flushQuietly(..) throws
                  l.countDown();
                }
                void throwing(Session s, CountDownLatch l) {
                  s.checkOpen();
                  // BUG: Diagnostic contains: if checkOpen(..) throws
                  l.countDown();
                }
                void injectedCollection(Session s, CountDownLatch l) {
                  s.forget("k");
                  // BUG: Diagnostic contains: if forget(..) throws
                  l.countDown();
                }
                void boundedQueue(Session s, CountDownLatch l) {
                  s.enqueue("m");
                  // BUG: Diagnostic contains: if enqueue(..) throws
                  l.countDown();
                }
                void indexedRemoval(Session s, CountDownLatch l) {
                  s.dropFirst();
                  // BUG: Diagnostic contains: if dropFirst(..) throws
                  l.countDown();
                }
                void arrayIndex(Session s, CountDownLatch l) {
                  s.release(9);
                  // BUG: Diagnostic contains: if release(..) throws
                  l.countDown();
                }
                void division(Session s, CountDownLatch l) {
                  s.average(0);
                  // BUG: Diagnostic contains: if average(..) throws
                  l.countDown();
                }
                void downcast(Session s, CountDownLatch l) {
                  s.currentName();
                  // BUG: Diagnostic contains: if currentName(..) throws
                  l.countDown();
                }
                void nonFinalField(Session s, CountDownLatch l) {
                  s.clearReplaceable();
                  // BUG: Diagnostic contains: if clearReplaceable(..) throws
                  l.countDown();
                }
                void unmodifiableView(Session s, CountDownLatch l) {
                  s.forgetFixed("k");
                  // BUG: Diagnostic contains: if forgetFixed(..) throws
                  l.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void extensionPointsAndDeepChainsStillCount() {
      helper
          .addSourceLines(
              "Base.java",
              """
              public abstract class Base {
                protected boolean stopped;
                protected void onStop() {
                  stopped = true;
                }
                public final void stopNow() {
                  stopped = true;
                }
                public interface Hooks {
                  default void beforeStop() {
                    Thread.currentThread();
                  }
                }
                public void one() { two(); }
                void two() { three(); }
                void three() { four(); }
                void four() { stopped = true; }
                public void oneTwoThree() { three(); }
              }
              """)
          .addSourceLines(
              "Stopper.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Stopper {
                void hook(Base b, CountDownLatch l) {
                  b.onStop();
                  // BUG: Diagnostic contains: if onStop(..) throws
                  l.countDown();
                }
                void finalMethod(Base b, CountDownLatch l) {
                  b.stopNow();
                  l.countDown();
                }
                void defaultMethod(Base.Hooks h, CountDownLatch l) {
                  h.beforeStop();
                  // BUG: Diagnostic contains: if beforeStop(..) throws
                  l.countDown();
                }
                void fourCallsDeep(Base b, CountDownLatch l) {
                  b.one();
                  // BUG: Diagnostic contains: if one(..) throws
                  l.countDown();
                }
                void threeCallsDeep(Base b, CountDownLatch l) {
                  b.oneTwoThree();
                  l.countDown();
                }
              }
              """)
          .doTest();
    }
  }

  /** The latch's role: counted down in a lifecycle method's finally, or a one-shot flag (0.2). */
  @Nested
  class LatchRoles {
    @Test
    void latchWaitedOnOnlyWithTimeoutsStillLosesTheSignal() {
      // Hazelcast 3.3.2's TrackableJobFuture (fixed by hazelcast#3959): the only wait is timed, so
      // nothing hangs, but a throwing setResult(..) turns every get(timeout) into a timeout
      helper
          .addSourceLines(
              "JobFuture.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.TimeoutException;
              class JobFuture {
                private final CountDownLatch done = new CountDownLatch(1);
                private volatile Object result;
                void complete(Object value, Runnable listener) {
                  result = value;
                  listener.run();
                  // BUG: Diagnostic contains: done.countDown() is skipped if run(..) throws
                  done.countDown();
                }
                Object get(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
                  if (!done.await(timeout, unit)) {
                    throw new TimeoutException();
                  }
                  return result;
                }
              }
              """)
          .doTest();
    }

    @Test
    void latchWithAnUntimedWaitOrHandedOnIsFlagged() {
      helper
          .addSourceLines(
              "EndPoint.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              class EndPoint {
                private final CountDownLatch closed = new CountDownLatch(1);
                final CountDownLatch opened = new CountDownLatch(1);
                private final CountDownLatch flushed = new CountDownLatch(1);
                void onClose(Runnable connection) {
                  connection.run();
                  // BUG: Diagnostic contains: closed.countDown() is skipped
                  closed.countDown();
                }
                void onOpen(Runnable connection) {
                  connection.run();
                  // BUG: Diagnostic contains: opened.countDown() is skipped
                  opened.countDown();
                }
                void onFlush(Runnable connection) {
                  connection.run();
                  // BUG: Diagnostic contains: flushed.countDown() is skipped
                  flushed.countDown();
                }
                boolean waitUntilClosed() throws InterruptedException {
                  closed.await(1, TimeUnit.SECONDS);
                  closed.await();
                  return opened.await(1, TimeUnit.SECONDS);
                }
                CountDownLatch flushLatch() throws InterruptedException {
                  flushed.await(1, TimeUnit.SECONDS);
                  return flushed;
                }
                private final CountDownLatch idle = new CountDownLatch(1);
                void onIdle(Runnable connection) {
                  connection.run();
                  // BUG: Diagnostic contains: idle.countDown() is skipped
                  idle.countDown();
                }
                void waitUntilIdle() throws InterruptedException {
                  while (!idle.await(1, TimeUnit.SECONDS)) {
                    System.out.println("still busy");
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void latchCountedDownInTheStopMethodsFinallyIsSilent() {
      helper
          .addSourceLines(
              "Server.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Server implements Runnable {
                private final CountDownLatch stopped = new CountDownLatch(1);
                @Override public void run() {
                  serve();
                  stopped.countDown();
                }
                void stop() {
                  try {
                    closeSockets();
                  } finally {
                    stopped.countDown();
                  }
                }
                void serve() {}
                void closeSockets() {}
              }
              """)
          .doTest();
    }

    @Test
    void latchCountedDownUnconditionallyByAnotherTaskStillCounts() {
      helper
          .addSourceLines(
              "Server.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Server implements Runnable {
                private final CountDownLatch stopped = new CountDownLatch(1);
                @Override public void run() {
                  serve();
                  // BUG: Diagnostic contains: stopped.countDown() is skipped if serve(..) throws
                  stopped.countDown();
                }
                void onIdle() {
                  try {
                    closeSockets();
                  } finally {
                    stopped.countDown();
                  }
                }
                void serve() {}
                void closeSockets() {}
              }
              """)
          .doTest();
    }

    @Test
    void oneShotStateFlagIsSilentAndGetsNoFix() {
      helper
          .addSourceLines(
              "Component.java",
              """
              import java.util.concurrent.CountDownLatch;
              class Component {
                private final CountDownLatch started = new CountDownLatch(1);
                void start() {
                  initialise();
                  started.countDown();
                }
                boolean isStarted() {
                  return started.getCount() == 0;
                }
                void initialise() {}
              }
              """)
          .doTest();
    }
  }

  /** The fix: wrap the task body in try/finally. */
  @Nested
  class Replacement {
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
              "  String fetch() { return System.getProperty(\"fetch\"); }",
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
              "  String fetch() { return System.getProperty(\"fetch\"); }",
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
              "  String fetch() { return System.getProperty(\"fetch\"); }",
              "}")
          .expectUnchanged()
          .doTest(TestMode.TEXT_MATCH);
    }
  }
}
