package dev.leakproof.checker.threads;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** UnboundedBlockingCall: an untimed wait whose thread has no way out (CHECKS.md). */
class UnboundedBlockingCallTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(UnboundedBlockingCall.class, getClass());

  /**
   * The three thread checks together, for cases that also show the other two stay silent: every
   * diagnostic of any of them must be expected.
   */
  private final CompilationTestHelper allThreadChecks =
      ThreadChecksTogetherTest.allThreadChecks(getClass());

  /** The must-flag and must-not-flag items of CHECKS.md, many to a source. */
  @Nested
  class Basics {
    @Test
    void waitsWithABoundOrAWayOutAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              import java.util.concurrent.locks.Condition;
              class A {
                private Thread worker;
                void timed(BlockingQueue<String> q, Future<String> f, CountDownLatch latch,
                    Condition c, Semaphore s, Thread t) throws Exception {
                  q.poll(1, TimeUnit.SECONDS);
                  q.offer("x", 1, TimeUnit.SECONDS);
                  f.get(1, TimeUnit.SECONDS);
                  latch.await(1, TimeUnit.SECONDS);
                  c.await(1, TimeUnit.SECONDS);
                  s.tryAcquire(1, TimeUnit.SECONDS);
                  t.join(1000);
                }
                String propagates(BlockingQueue<String> q) throws InterruptedException {
                  return q.take();
                }
                void restoresAndLeaves(CountDownLatch latch) {
                  try {
                    latch.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  System.out.println("ready");
                }
                void restoresAndCarriesOn(CountDownLatch latch) {
                  try {
                    latch.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  System.out.println("accepted idiom outside a loop");
                }
                void rethrows(Future<String> f) throws ExecutionException {
                  try {
                    f.get();
                  } catch (InterruptedException e) {
                    throw new CancellationException("interrupted");
                  }
                }
                String afterIsDone(Future<String> f) throws Exception {
                  if (f.isDone()) {
                    return f.get();
                  }
                  return null;
                }
                String completed() {
                  return CompletableFuture.completedFuture("x").join();
                }
                void inCallback(CompletableFuture<String> f, CompletableFuture<String> g) {
                  f.whenComplete((v, e) -> System.out.println(g.join()));
                }
                void afterAllOf(List<CompletableFuture<String>> futures) throws Exception {
                  CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.SECONDS);
                  futures.forEach(f -> System.out.println(f.join()));
                }
                String boundedJoin(CompletableFuture<String> f) {
                  return f.orTimeout(1, TimeUnit.SECONDS).join();
                }
                String boundedJoinLocal(CompletableFuture<String> f) {
                  CompletableFuture<String> bounded = f.completeOnTimeout("none", 1, TimeUnit.SECONDS);
                  return bounded.join();
                }
                static class Sum extends RecursiveTask<Integer> {
                  @Override
                  protected Integer compute() {
                    Sum left = new Sum();
                    left.fork();
                    return left.join() + 1;
                  }
                }
                int pool(ForkJoinPool pool) {
                  return pool.invoke(new Sum());
                }
                void ownedThreadKeptInField(BlockingQueue<String> q) {
                  worker = new Thread(() -> {
                    try {
                      while (true) {
                        System.out.println(q.take());
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
                  worker.start();
                }
                void ownedThreadJoined(BlockingQueue<String> q) throws InterruptedException {
                  Thread t = new Thread(() -> {
                    try {
                      System.out.println(q.take());
                    } catch (InterruptedException e) {
                      // ends the thread
                    }
                  });
                  t.start();
                  t.join();
                }
                Thread ownedThreadReturned(BlockingQueue<String> q) {
                  Thread t = new Thread(() -> {
                    try {
                      System.out.println(q.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
                  t.start();
                  return t;
                }
                void executorTask(ExecutorService ex, BlockingQueue<String> q) {
                  ex.submit(() -> {
                    try {
                      return q.take();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return null;
                    }
                  });
                }
                void swallowedInUnboundedLoopIsTheOtherChecksJob(BlockingQueue<String> q) {
                  while (true) {
                    try {
                      q.take();
                    } catch (InterruptedException e) {
                      // InterruptSwallowedInLoop reports this catch
                    }
                  }
                }
                static boolean isReady(CompletableFuture<?> future) {
                  return future != null && future.isDone() && !future.isCompletedExceptionally();
                }
                Object doneCheckedByHelper(CompletableFuture<Object> future) {
                  if (isReady(future)) {
                    System.out.println(java.util.Objects.requireNonNull(future).join());
                  }
                  return null;
                }
                void collectAll(List<Future<String>> futures) throws Exception {
                  for (Future<String> f : futures) {
                    if (f.isDone()) {
                      collect(f);
                    }
                  }
                }
                private void collect(Future<String> future) throws Exception {
                  // every caller checked isDone() first
                  System.out.println(com.google.common.util.concurrent.Futures.getUnchecked(future)
                      + String.valueOf(com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly(future, 1, TimeUnit.SECONDS)));
                }
                void storedAndRethrownLater(Future<Object> f) throws java.io.IOException {
                  Object result;
                  try {
                    result = f.get();
                  } catch (Throwable t) {
                    result = t;
                  }
                  if (result instanceof Throwable failure) {
                    throw new java.io.IOException(failure);
                  }
                }
                void exitsTheProcess(Thread worker) {
                  try {
                    worker.join();
                  } catch (InterruptedException e) {
                    requestSystemExit(1);
                  }
                }
                static void requestSystemExit(int code) {
                  System.exit(code);
                }
                void handedToErrorCallback(Future<String> f, java.util.function.Consumer<Throwable> onError) {
                  try {
                    System.out.println(f.get());
                  } catch (InterruptedException | ExecutionException e) {
                    onError.accept(e);
                  }
                }
                static class Processor extends Thread {
                  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
                  @Override
                  public void run() {
                    try {
                      while (true) {
                        System.out.println(requests.take());
                      }
                    } catch (Exception e) {
                      System.err.println("processor interrupted: " + e);
                    }
                    System.err.println("processor exited"); // the interrupt ends this thread
                  }
                }
                static <V> V resolve(CompletableFuture<V> future) {
                  return future == null ? null : future.join();
                }
                static class Forwarding {
                  private final Condition delegate;
                  Forwarding(Condition delegate) {
                    this.delegate = delegate;
                  }
                  public void awaitUninterruptibly() {
                    delegate.awaitUninterruptibly();
                }
                }
              }
              """)
          .doTest();
    }

    @Test
    void boundedCompleteOrOwnedWaitsAreSilent() {
      allThreadChecks
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

    @Test
    void waitsWithNoWayOutAreFlagged() {
      helper
          .addSourceLines(
              "B.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              import java.util.concurrent.locks.Condition;
              class B {
                private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                void unownedThread() {
                  new Thread(() -> {
                    try {
                      // BUG: Diagnostic contains: `queue.take()` blocks forever if nothing is ever put, and nothing can interrupt this thread
                      System.out.println(queue.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                }
                void unownedLocalThread() {
                  Thread t = new Thread(this::consume);
                  t.setDaemon(true);
                  t.start();
                }
                private void consume() {
                  try {
                    // BUG: Diagnostic contains: use `poll(timeout, unit)`
                    queue.take();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                void unownedVirtual(CountDownLatch latch) {
                  Thread.startVirtualThread(() -> {
                    try {
                      // BUG: Diagnostic contains: if the count never reaches zero, and nothing can interrupt
                      latch.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
                }
                void swallowedWhileTheLoopComesBack(CountDownLatch latch, List<String> parts) {
                  for (String part : parts) {
                    try {
                      // BUG: Diagnostic contains: the InterruptedException that could end it is swallowed here while the loop comes back to wait again
                      latch.await();
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                    }
                    System.out.println(part);
                  }
                }
                void swallowedThroughExceptionInALoop(Future<String> shared) {
                  for (int i = 0; i < 3; i++) {
                    try {
                      // BUG: Diagnostic contains: use `get(timeout, unit)`
                      shared.get();
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
                void swallowedInBoundedLoop(List<String> names, Future<String> f) {
                  for (String name : names) {
                    try {
                      // BUG: Diagnostic contains: swallowed
                      f.get();
                    } catch (InterruptedException | ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void ignoresInterrupts(Condition c, Semaphore s, CompletableFuture<String> f) {
                  // BUG: Diagnostic contains: `c.awaitUninterruptibly()` ignores interrupts
                  c.awaitUninterruptibly();
                  // BUG: Diagnostic contains: use `tryAcquire(timeout, unit)`
                  s.acquireUninterruptibly();
                  // BUG: Diagnostic contains: use `orTimeout(timeout, unit)` before joining
                  f.join();
                  // BUG: Diagnostic contains: ignores interrupts
                  CompletableFuture.supplyAsync(() -> "x").thenApply(String::trim).join();
                }
                void collectUnchecked(Future<String> f) {
                  collect(f);
                }
                private void collect(Future<String> future) {
                  try {
                    // BUG: Diagnostic contains: `com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly(..)` ignores interrupts
                    System.out.println(com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly(future));
                  } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                  }
                }
                static class Worker extends Thread {
                  private final BlockingQueue<String> q;
                  Worker(BlockingQueue<String> q) {
                    this.q = q;
                  }
                  @Override
                  public void run() {
                    try {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      q.put("x");
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                void subclass() {
                  new Worker(queue).start();
                }
                void anonymousRunnable(Exchanger<String> exchanger) {
                  new Thread(new Runnable() {
                    @Override
                    public void run() {
                      try {
                        // BUG: Diagnostic contains: `exchange(x, timeout, unit)`
                        exchanger.exchange("x");
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * A wait in the body of a thread nobody holds: nothing can interrupt it. A thread started from a
   * program's main lives as long as the program.
   */
  @Nested
  class UnownedThreads {
    @Test
    void waitInDroppedThreadBodies() {
      allThreadChecks
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

    @Test
    void waitInDroppedFactoryThread() {
      allThreadChecks
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
    void droppedThreadStartedFromMain() {
      helper
          .addSourceLines(
              "Tool.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.LinkedBlockingQueue;
              class Tool {
                static final BlockingQueue<String> LINES = new LinkedBlockingQueue<>();
                public static void main(String[] args) {
                  new Thread(() -> {
                    try {
                      while (true) {
                        System.out.println(LINES.take());
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                }
                static void notMain(String[] args) {
                  new Thread(() -> {
                    try {
                      // BUG: Diagnostic contains: nothing can interrupt this thread
                      System.out.println(LINES.take());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Waits that ignore interrupts: {@code awaitUninterruptibly}, {@code CompletableFuture.join()}
   * with no timeout in its chain, Guava's {@code Uninterruptibles}.
   */
  @Nested
  class InterruptIgnoringWaits {
    @Test
    void guavaUninterruptibles() {
      helper
          .addSourceLines(
              "G.java",
              """
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.concurrent.*;
              class G {
                private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                void take() {
                  // BUG: Diagnostic contains: `Uninterruptibles.takeUninterruptibly(..)` ignores interrupts
                  System.out.println(Uninterruptibles.takeUninterruptibly(queue));
                }
                // A wrapper whose whole job is the wait: its caller chooses the bound.
                static <V> V getUnchecked(Future<V> future) throws ExecutionException {
                  return Uninterruptibles.getUninterruptibly(future);
                }
                void timed(CountDownLatch latch) {
                  Uninterruptibles.awaitUninterruptibly(latch, 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void blockingTwinOfAnAsynchronousMethodLeavesTheBoundToItsCaller() {
      // The DataStax Java driver 3.x: connect(), prepare(..), init() wait uninterruptibly on what
      // connectAsync(), prepareAsync(..), initAsync() return; a caller who needs a bound calls
      // those. Waiting on another method's future, or another object's twin, is still reported.
      helper
          .addSourceLines(
              "Client.java",
              """
              import com.google.common.util.concurrent.ListenableFuture;
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.concurrent.*;
              abstract class Client {
                abstract ListenableFuture<String> connectAsync();
                abstract ListenableFuture<String> prepareAsync(String query);
                abstract CompletableFuture<Void> closeAsync();
                abstract ListenableFuture<String> fetchMore();
                String connect() throws ExecutionException {
                  return Uninterruptibles.getUninterruptibly(connectAsync());
                }
                String prepare(String query) throws ExecutionException {
                  return Uninterruptibles.getUninterruptibly(this.prepareAsync(query));
                }
                void close() {
                  closeAsync().join();
                }
                String next() throws ExecutionException {
                  // BUG: Diagnostic contains: ignores interrupts
                  return Uninterruptibles.getUninterruptibly(fetchMore());
                }
                String connect(Client other) throws ExecutionException {
                  // BUG: Diagnostic contains: ignores interrupts
                  return Uninterruptibles.getUninterruptibly(other.connectAsync());
                }
              }
              """)
          .doTest();
    }

    @Test
    void blockingTwinThroughToCompletableFuture() {
      // Redisson: x() { return xAsync().toCompletableFuture().join(); }, and JCache's
      // sync(RFuture f) { return f.toCompletableFuture().join(); }, whose caller chooses the bound.
      allThreadChecks
          .addSourceLines(
              "Node.java",
              """
              import java.util.concurrent.CompletionStage;
              abstract class Node {
                abstract CompletionStage<String> infoAsync();
                abstract CompletionStage<String> pingAsync();
                String info() {
                  return infoAsync().toCompletableFuture().join();
                }
                <V> V sync(CompletionStage<V> result) {
                  return result.toCompletableFuture().join();
                }
                String status() {
                  // BUG: Diagnostic contains: [UnboundedBlockingCall]
                  return pingAsync().toCompletableFuture().join();
                }
              }
              """)
          .doTest();
    }

    @Test
    void guavaUninterruptiblesUntimed() {
      allThreadChecks
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
    void guavaUninterruptibleTakeAndJoin() {
      allThreadChecks
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
    void conditionAwaitUninterruptibly() {
      allThreadChecks
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
    void completableFutureJoinChains() {
      allThreadChecks
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
    void orTimeoutAppliedAsItsOwnStatementBoundsTheJoin() {
      allThreadChecks
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
  }

  /**
   * A future that is a parameter of a method only this file can call is judged by its call sites
   * (0.2): known complete when every call site passes a future known complete there.
   */
  @Nested
  class FuturesCompleteAtEveryCallSite {
    @Test
    void everyCallSitePassesACompleteFutureIsSilent() {
      helper
          .addSourceLines(
              "Cache.java",
              """
              import static com.google.common.util.concurrent.Futures.immediateFuture;
              import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
              import com.google.common.util.concurrent.ListenableFuture;
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.List;
              import java.util.concurrent.CompletableFuture;
              import java.util.concurrent.ExecutionException;
              import java.util.concurrent.TimeUnit;
              class Cache {
                private long hits;

                String computed(String value) throws ExecutionException {
                  return record(immediateFuture(value));
                }

                void loadAsync(ListenableFuture<String> loading) {
                  loading.addListener(
                      () -> {
                        try {
                          record(loading);
                        } catch (ExecutionException e) {
                          hits--;
                        }
                      },
                      directExecutor());
                }

                String afterDone(ListenableFuture<String> f) throws ExecutionException {
                  return f.isDone() ? record(f) : null;
                }

                String throughAnotherPrivateMethod(String value) throws ExecutionException {
                  return forward(immediateFuture(value));
                }

                private String forward(ListenableFuture<String> f) throws ExecutionException {
                  return record(f);
                }

                private String record(ListenableFuture<String> newValue) throws ExecutionException {
                  String value = Uninterruptibles.getUninterruptibly(newValue);
                  hits++;
                  return value;
                }

                int sum(List<CompletableFuture<Integer>> parts) throws Exception {
                  CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.SECONDS);
                  int total = 0;
                  for (CompletableFuture<Integer> part : parts) {
                    total += new Adder().add(part);
                  }
                  return total;
                }

                private static class Adder {
                  int add(CompletableFuture<Integer> part) {
                    int value = part.join();
                    return value + 1;
                  }
                }

                String local() {
                  class Reader {
                    String read(CompletableFuture<String> f) {
                      String value = f.join();
                      return value.trim();
                    }
                  }
                  return new Reader().read(CompletableFuture.completedFuture("x"));
                }
              }
              """)
          .doTest();
    }

    @Test
    void aCallerThatCanPassAnyFutureIsStillFlagged() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import static com.google.common.util.concurrent.Futures.immediateFuture;
              import com.google.common.util.concurrent.ListenableFuture;
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.List;
              import java.util.concurrent.CompletableFuture;
              import java.util.concurrent.ExecutionException;
              import java.util.function.Consumer;
              class Loader {
                String computed(String value) throws ExecutionException {
                  return record(immediateFuture(value)) + packagePrivate(immediateFuture(value));
                }

                String load(ListenableFuture<String> loading) throws ExecutionException {
                  return record(loading);
                }

                private String record(ListenableFuture<String> newValue) throws ExecutionException {
                  // BUG: Diagnostic contains: ignores interrupts
                  String value = Uninterruptibles.getUninterruptibly(newValue);
                  return value.trim();
                }

                String packagePrivate(ListenableFuture<String> newValue) throws ExecutionException {
                  // BUG: Diagnostic contains: ignores interrupts
                  String value = Uninterruptibles.getUninterruptibly(newValue);
                  return value.trim();
                }

                void all(List<CompletableFuture<String>> futures) {
                  futures.forEach(this::print);
                  print(CompletableFuture.completedFuture("x"));
                }

                private void print(CompletableFuture<String> f) {
                  // BUG: Diagnostic contains: ignores interrupts
                  System.out.println(f.join());
                }

                private void neverCalled(CompletableFuture<String> f) {
                  // BUG: Diagnostic contains: ignores interrupts
                  System.out.println(f.join());
                }

                private static class Printer implements Consumer<CompletableFuture<String>> {
                  @Override
                  public void accept(CompletableFuture<String> f) {
                    // BUG: Diagnostic contains: ignores interrupts
                    System.out.println(f.join());
                  }
                }

                void printer() {
                  new Printer().accept(CompletableFuture.completedFuture("x"));
                }
              }
              """)
          .doTest();
    }

    @Test
    void callersAreFollowedABoundedNumberOfMethodsUp() {
      helper
          .addSourceLines(
              "Chain.java",
              """
              import java.util.concurrent.CompletableFuture;
              class Chain {
                String threeUp() {
                  return a(CompletableFuture.completedFuture("x"));
                }
                private String a(CompletableFuture<String> f) {
                  return b(f);
                }
                private String b(CompletableFuture<String> f) {
                  return c(f);
                }
                private String c(CompletableFuture<String> f) {
                  String value = f.join();
                  return value.trim();
                }
                String fourUp() {
                  return d(CompletableFuture.completedFuture("x"));
                }
                private String d(CompletableFuture<String> f) {
                  return e(f);
                }
                private String e(CompletableFuture<String> f) {
                  return g(f);
                }
                private String g(CompletableFuture<String> f) {
                  return h(f);
                }
                private String h(CompletableFuture<String> f) {
                  // BUG: Diagnostic contains: ignores interrupts
                  String value = f.join();
                  return value.trim();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * A catch that leaves the wait (returns, breaks, goes on past it) only loses the interrupt
   * status, which is not this check's defect; a catch whose loop comes back to the wait has not
   * left it.
   */
  @Nested
  class CatchThatLeavesTheWait {
    @Test
    void leavingHandlersAreNotReported() {
      helper
          .addSourceLines(
              "Leaves.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Leaves {
                void logsAndGoesOn(CountDownLatch latch) {
                  try {
                    latch.await();
                  } catch (InterruptedException e) {
                    System.err.println("interrupted");
                  }
                  System.out.println("going on");
                }
                String returns(Semaphore s) {
                  try {
                    s.acquire();
                  } catch (InterruptedException e) {
                    return null;
                  }
                  return "ok";
                }
                void throughException(Future<String> f) {
                  try {
                    f.get();
                  } catch (Exception e) {
                    System.err.println(e);
                  }
                }
                void inTryWithResources(BlockingQueue<java.io.InputStream> q) {
                  try (java.io.InputStream in = q.take()) {
                    q.put(in);
                  } catch (java.io.IOException | InterruptedException e) {
                    System.err.println(e);
                  }
                }
                void breaksOutOfItsLoop(List<Future<String>> futures) {
                  for (Future<String> f : futures) {
                    try {
                      f.get();
                    } catch (InterruptedException e) {
                      break;
                    } catch (ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void abandonsTheWorkAfterTheTry(List<Future<String>> futures) {
                  for (Future<String> f : futures) {
                    String value = null;
                    try {
                      value = f.get();
                    } catch (InterruptedException | ExecutionException e) {
                      System.err.println(e);
                    }
                    return;
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void untimedFutureGetWhoseCatchLeavesTheWait() {
      allThreadChecks
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
    void latchAwaitWhoseCatchLeavesTheWait() {
      allThreadChecks
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
    void waitOnEachElementOfAForEachLoop() {
      // Tomcat's ContainerBase.startInternal(): an interrupt ends the wait on this future, and the
      // next pass waits on another one
      helper
          .addSourceLines(
              "Children.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Children {
                void startAll(List<Future<Void>> results) {
                  for (Future<Void> result : results) {
                    try {
                      result.get();
                    } catch (Throwable e) {
                      System.err.println(e);
                    }
                  }
                }
                void startEach(List<Future<Void>> results) {
                  for (int i = 0; i < results.size(); i++) {
                    try {
                      results.get(i).get();
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitOnWhatEachElementHolds() {
      // Hazelcast 3.3.2's loops over a map of futures: entry.getValue().get(), or a local taken
      // from the entry. A local taken from elsewhere is the same wait on every pass.
      helper
          .addSourceLines(
              "Members.java",
              """
              import java.util.Map;
              import java.util.concurrent.*;
              class Members {
                private Future<String> pending;
                void clearAll(Map<String, Future<String>> futures) {
                  for (Map.Entry<String, Future<String>> entry : futures.entrySet()) {
                    try {
                      entry.getValue().get();
                    } catch (Exception e) {
                      System.err.println(entry.getKey());
                    }
                  }
                }
                void collect(Map<String, Future<String>> futures) {
                  for (Map.Entry<String, Future<String>> response : futures.entrySet()) {
                    try {
                      Future<String> future = response.getValue();
                      System.out.println(future.get());
                    } catch (Throwable t) {
                      System.err.println(t);
                    }
                  }
                }
                void again(Map<String, Future<String>> futures) {
                  for (Map.Entry<String, Future<String>> response : futures.entrySet()) {
                    try {
                      Future<String> future = pending;
                      // BUG: Diagnostic contains: while the loop comes back to wait again
                      System.out.println(future.get());
                    } catch (Throwable t) {
                      System.err.println(response.getKey());
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitOnEachIndexedElement() {
      // Lucene's CheckIndex (futures[i].get()) and TaskExecutor (Future<T> future =
      // futures.get(i); future.get()). An index the loop does not count is the same wait again.
      helper
          .addSourceLines(
              "Segments.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Segments {
                void checkAll(Future<?>[] futures) {
                  for (int i = 0; i < futures.length; i++) {
                    try {
                      futures[i].get();
                    } catch (InterruptedException | ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void collect(List<Future<String>> futures) {
                  for (int i = 0; i < futures.size(); i++) {
                    Future<String> future = futures.get(i);
                    try {
                      System.out.println(future.get());
                    } catch (InterruptedException | ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
                void first(Future<?>[] futures, int n) {
                  int head = 0;
                  for (int i = 0; i < n; i++) {
                    try {
                      // BUG: Diagnostic contains: while the loop comes back to wait again
                      futures[head].get();
                    } catch (InterruptedException | ExecutionException e) {
                      System.err.println(e);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aFutureThatChecksItselfBeforeJoiningItself() {
      // Hazelcast 5's AbstractInvocationFuture.getNow(v): isDone() ? join() : v. Joining itself
      // without the check is still a wait.
      allThreadChecks
          .addSourceLines(
              "Invocation.java",
              """
              import java.util.concurrent.CompletableFuture;
              class Invocation<V> extends CompletableFuture<V> {
                @Override
                public V getNow(V valueIfAbsent) {
                  return isDone() ? join() : valueIfAbsent;
                }
                V peek(V valueIfAbsent) {
                  return this.isDone() ? this.join() : valueIfAbsent;
                }
                V await() {
                  // BUG: Diagnostic contains: [UnboundedBlockingCall]
                  return join();
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitOnACallMadeForEachElement() {
      // Hazelcast 5's ClientEngineImpl.getClientsInCluster(): one invocation per member.
      helper
          .addSourceLines(
              "Members.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Members {
                interface Service { Future<String> invokeOnTarget(String op, String address); }
                static class Member { String getAddress() { return "a"; } }
                private Future<String> shared;
                void ask(List<Member> members, Service service) {
                  for (Member member : members) {
                    String target = member.getAddress();
                    Future<String> future = service.invokeOnTarget("info", target);
                    try {
                      System.out.println(future.get());
                    } catch (Exception e) {
                      System.err.println(target);
                    }
                  }
                }
                void askAgain(List<Member> members, Service service) {
                  for (Member member : members) {
                    Future<String> future = service.invokeOnTarget("info", "fixed");
                    try {
                      // BUG: Diagnostic contains: while the loop comes back to wait again
                      System.out.println(future.get());
                    } catch (Exception e) {
                      System.err.println(member);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void waitOnAFieldOfEachElement() {
      // Aerospike's NioEventLoops.close(): joins each event loop's thread in turn. A field of this
      // object is the same wait on every pass.
      helper
          .addSourceLines(
              "Loops.java",
              """
              import java.util.List;
              class Loops {
                static class Loop { Thread thread; }
                private Thread worker;
                void joinAll(List<Loop> loops) {
                  for (Loop loop : loops) {
                    try {
                      loop.thread.join();
                    } catch (Throwable e) {
                    }
                  }
                }
                void joinWorker(List<Loop> loops) {
                  for (Loop loop : loops) {
                    try {
                      // BUG: Diagnostic contains: while the loop comes back to wait again
                      this.worker.join();
                    } catch (Throwable e) {
                      System.err.println(loop);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void loopThatComesBackToTheSameWait() {
      helper
          .addSourceLines(
              "ComesBack.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class ComesBack {
                void send(List<String> items, BlockingQueue<String> queue) {
                  for (String item : items) {
                    try {
                      // BUG: Diagnostic contains: while the loop comes back to wait again
                      queue.put(item);
                    } catch (InterruptedException e) {
                      System.err.println(e);
                    }
                  }
                }
                void retry(Semaphore permits) {
                  for (int i = 0; i < 3; i++) {
                    try {
                      // BUG: Diagnostic contains: `permits.acquire()` has no time bound
                      permits.acquire();
                    } catch (InterruptedException e) {
                      continue;
                    }
                    permits.release();
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /** An interrupted {@code Process.waitFor()} that is given up on leaves the child running. */
  @Nested
  class WaitHelpersCalledInALoop {
    @Test
    void aHelperThatSwallowsTheInterruptInALoopOfItsCallerIsReported() {
      helper
          .addSourceLines(
              "EventQueue.java",
              """
              import java.util.concurrent.*;
              class EventQueue {
                private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
                private final Thread producer = new Thread(new Producer());
                private final Object lock = new Object();
                EventQueue() {
                  producer.start();
                }
                private class Producer implements Runnable {
                  private volatile boolean running = true;
                  @Override
                  public void run() {
                    while (running) {
                      consume(take());
                      pause();
                    }
                  }
                  private Object take() {
                    Object event = null;
                    try {
                      // BUG: Diagnostic contains: while a loop calls take() again (line 14)
                      event = events.take();
                    } catch (InterruptedException e) {
                    }
                    return event;
                  }
                  private void pause() {
                    synchronized (lock) {
                      try {
                        // BUG: Diagnostic contains: swallowed here, while a loop calls pause() again
                        lock.wait();
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                  void consume(Object event) {}
                }
              }
              """)
          .doTest();
    }

    @Test
    void aHelperWhoseCallerTestsItsResultOrLoopsABoundedTimeIsNotReported() {
      helper
          .addSourceLines(
              "Consumer.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Consumer {
                private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
                private final Thread worker = new Thread(this::run);
                Consumer() {
                  worker.start();
                }
                void run() {
                  while (true) {
                    Object event = take();
                    if (event == null) {
                      return; // interrupted: the helper's null tells the loop to leave
                    }
                  }
                }
                void retry() {
                  for (int i = 0; i < 3; i++) {
                    takeQuietly();
                  }
                }
                private volatile boolean stopped;
                void untilStopped() {
                  while (true) {
                    if (stopped) {
                      break; // the stop path's way out, taken after the interrupt ends the wait
                    }
                    takeQuietly();
                  }
                }
                void each(List<Future<?>> futures) {
                  for (Future<?> f : futures) {
                    awaitQuietly(f);
                  }
                }
                private Object take() {
                  try {
                    return events.take();
                  } catch (InterruptedException e) {
                    return null;
                  }
                }
                private void takeQuietly() {
                  try {
                    events.take();
                  } catch (InterruptedException e) {
                  }
                }
                private void awaitQuietly(Future<?> future) {
                  try {
                    future.get(); // another future each time: its parameter, not one object
                  } catch (InterruptedException | ExecutionException e) {
                  }
                }
                public void publicHelper() {
                  try {
                    events.take(); // callers in other files may leave their loops
                  } catch (InterruptedException e) {
                  }
                }
                void loopsOnThePublicOne() {
                  while (true) {
                    publicHelper();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aHelperOnAnOwnedThreadWhoseStopSetsTheLoopFlagAndInterruptsIsNotReported() {
      // The interrupt ends the helper's wait, the flag ends the loop (Servo's AsyncMetricObserver).
      helper
          .addSourceLines(
              "Observer.java",
              """
              import java.util.concurrent.*;
              class Observer {
                private final BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
                private final Thread processing = new Thread(new Processor());
                private volatile boolean stopped;
                Observer() {
                  processing.start();
                }
                void stop() {
                  stopped = true;
                  processing.interrupt();
                }
                private void processUpdate() {
                  try {
                    handle(updates.take());
                  } catch (InterruptedException e) {
                    System.err.println("interrupted, update dropped");
                  }
                }
                void handle(Object update) {}
                private class Processor implements Runnable {
                  public void run() {
                    while (!stopped) {
                      processUpdate();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aHelperOnAnOwnedThreadWhoseStopOnlySetsAPlainFlagIsReported() {
      helper
          .addSourceLines(
              "Observer.java",
              """
              import java.util.concurrent.*;
              class Observer {
                private final BlockingQueue<Object> updates = new LinkedBlockingQueue<>();
                private final Thread processing = new Thread(new Processor());
                private boolean stopped;
                Observer() {
                  processing.start();
                }
                void stop() {
                  stopped = true;
                }
                private void processUpdate() {
                  try {
                    // BUG: Diagnostic contains: while a loop calls processUpdate() again
                    handle(updates.take());
                  } catch (InterruptedException e) {
                    System.err.println("interrupted, update dropped");
                  }
                }
                void handle(Object update) {}
                private class Processor implements Runnable {
                  public void run() {
                    while (!stopped) {
                      processUpdate();
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class AbandonedProcesses {
    @Test
    void waitForGivenUpWithoutDestroyingTheProcess() {
      helper
          .addSourceLines(
              "Runner.java",
              """
              import java.io.IOException;
              class Runner {
                int run(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    // BUG: Diagnostic contains: so the child process keeps running; call child.destroy()
                    return child.waitFor();
                  } catch (InterruptedException e) {
                    return -1;
                  }
                }
                void fireAndForget(String command) throws IOException {
                  try {
                    // BUG: Diagnostic contains: the child process keeps running
                    Runtime.getRuntime().exec(new String[] {command}).waitFor();
                  } catch (InterruptedException e) {
                    System.err.println("gave up on " + command);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void processWaitForWithInterruptLogged() {
      allThreadChecks
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
    void processHandedOnlyToHelpersThatCopyItsStreamsIsStillAbandoned() {
      // Tika's ExternalEmbedder.embed(): the process goes to helpers that only pump its streams on
      // new threads, so the duty to destroy it stays here. A helper that does more with it (keeps
      // it, destroys it) still takes it over.
      helper
          .addSourceLines(
              "Embedder.java",
              """
              import java.io.*;
              class Embedder {
                private Process last;
                int embed(ProcessBuilder builder, InputStream in, OutputStream err) throws IOException {
                  Process process = builder.start();
                  sendToStdIn(in, process);
                  sendStdErr(process, err);
                  try {
                    // BUG: Diagnostic contains: so the child process keeps running
                    return process.waitFor();
                  } catch (InterruptedException ignore) {
                    return -1;
                  }
                }
                int kept(ProcessBuilder builder, InputStream in) throws IOException {
                  Process process = builder.start();
                  sendToStdIn(in, process);
                  remember(process);
                  try {
                    return process.waitFor();
                  } catch (InterruptedException ignore) {
                    return -1;
                  }
                }
                private void sendToStdIn(InputStream in, Process process) {
                  copy(in, process.getOutputStream());
                }
                private void sendStdErr(Process process, OutputStream err) {
                  copy(process.getErrorStream(), err);
                }
                private void remember(Process process) {
                  last = process;
                }
                private void copy(InputStream from, OutputStream to) {
                  new Thread(() -> {
                    try {
                      from.transferTo(to);
                    } catch (IOException e) {
                      // ignored
                    }
                  }).start();
                }
              }
              """)
          .doTest();
    }

    @Test
    void processDestroyedOrHandedOnOrInterruptRestored() {
      helper
          .addSourceLines(
              "Careful.java",
              """
              import java.io.IOException;
              class Careful {
                private Process server;
                int destroys(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    return child.waitFor();
                  } catch (InterruptedException e) {
                    child.destroyForcibly();
                    return -1;
                  }
                }
                int destroysInFinally(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    return child.waitFor();
                  } catch (InterruptedException e) {
                    return -1;
                  } finally {
                    child.toHandle().destroy();
                  }
                }
                int handedToAHelper(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    return child.waitFor();
                  } catch (InterruptedException e) {
                    kill(child);
                    return -1;
                  }
                }
                private void kill(Process p) {
                  p.descendants().forEach(ProcessHandle::destroy);
                  p.destroy();
                }
                int restores(ProcessBuilder builder) throws IOException {
                  Process child = builder.start();
                  try {
                    return child.waitFor();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                  }
                }
                int fieldOtherMethodsMayDestroy() {
                  try {
                    return server.waitFor();
                  } catch (InterruptedException e) {
                    return -1;
                  }
                }
                void close() {
                  server.destroy();
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Untimed waits that something does end, or that never wait: the user's "no timeout", a sentinel
   * the owner sends, {@code put} on a queue with no capacity bound.
   */
  @Nested
  class WaitsWithAWayOut {
    @Test
    void uninterruptibleBranchOfAConfiguredChoice() {
      // Tomcat's SemaphoreValve: `interruptible` is a setting, its other branch is interruptible
      helper
          .addSourceLines(
              "Valve.java",
              """
              import java.util.concurrent.Semaphore;
              class Valve {
                private final Semaphore semaphore = new Semaphore(10);
                private final Semaphore other = new Semaphore(10);
                private boolean interruptible;
                void invoke(Runnable next) {
                  if (interruptible) {
                    try {
                      semaphore.acquire();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  } else {
                    semaphore.acquireUninterruptibly();
                  }
                  try {
                    next.run();
                  } finally {
                    semaphore.release();
                  }
                }
                void unrelated(Runnable next) throws InterruptedException {
                  if (interruptible) {
                    other.acquire();
                  } else {
                    // BUG: Diagnostic contains: ignores interrupts and has no time bound
                    semaphore.acquireUninterruptibly();
                  }
                  next.run();
                }
              }
              """)
          .doTest();
    }

    @Test
    void untimedBranchOfAConfiguredTimeout() {
      helper
          .addSourceLines(
              "Drain.java",
              """
              import java.util.List;
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.Semaphore;
              import java.util.concurrent.TimeUnit;
              class Drain {
                private final long timeoutMillis; // 0 means wait as long as it takes
                Drain(long timeoutMillis) {
                  this.timeoutMillis = timeoutMillis;
                }
                void awaitAll(List<CountDownLatch> latches) {
                  for (CountDownLatch latch : latches) {
                    try {
                      if (timeoutMillis == 0) {
                        latch.await();
                      } else if (!latch.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                        System.err.println("gave up");
                      }
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                    }
                  }
                }
                boolean permit(Semaphore permits, List<String> jobs) {
                  for (String job : jobs) {
                    try {
                      if (timeoutMillis > 0) {
                        if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                          return false;
                        }
                      } else {
                        permits.acquire();
                      }
                    } catch (InterruptedException e) {
                      continue;
                    }
                    System.out.println(job);
                  }
                  return true;
                }
                void unrelatedBranch(List<String> jobs, CountDownLatch latch, CountDownLatch other) {
                  for (String job : jobs) {
                    try {
                      if (timeoutMillis == 0) {
                        // BUG: Diagnostic contains: `latch.await()` has no time bound
                        latch.await();
                      } else {
                        other.await(timeoutMillis, TimeUnit.MILLISECONDS);
                      }
                    } catch (InterruptedException e) {
                      System.err.println("interrupted");
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void droppedThreadEndedByASentinelTheOwnerPuts() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.concurrent.BlockingQueue;
              import java.util.concurrent.LinkedBlockingQueue;
              class Outbox {
                private final Object last = new Object();
                private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
                private final BlockingQueue<Object> other = new LinkedBlockingQueue<>();
                void open() {
                  new Thread(() -> {
                    try {
                      while (true) {
                        Object next = pending.take();
                        if (next == last) {
                          break;
                        }
                        System.out.println(next);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                  new Thread(() -> {
                    try {
                      while (true) {
                        // BUG: Diagnostic contains: nothing can interrupt this thread
                        Object next = other.take();
                        if (next == last) {
                          break;
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }).start();
                }
                void close() {
                  pending.add(last); // nothing ever sends the sentinel to the second queue
                }
              }
              """)
          .doTest();
    }

    @Test
    void droppedThreadWokenByTheStopMethodAfterItClearsTheFlag() {
      // Hazelcast 5's TextCommandServiceImpl response thread: stop() clears the volatile flag the
      // loop tests, then offers a command that wakes the take(). A stop method that only clears
      // the flag leaves the take() waiting.
      helper
          .addSourceLines(
              "Responder.java",
              """
              import java.util.concurrent.*;
              class Responder {
                private volatile boolean running = true;
                private volatile boolean open = true;
                private final BlockingQueue<String> responses = new ArrayBlockingQueue<>(200);
                private final BlockingQueue<String> requests = new ArrayBlockingQueue<>(200);
                void start() {
                  new Thread(() -> {
                    while (running) {
                      try {
                        System.out.println(responses.take());
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }).start();
                  new Thread(() -> {
                    while (open) {
                      try {
                        // BUG: Diagnostic contains: nothing can interrupt this thread
                        System.out.println(requests.take());
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }).start();
                }
                void send(String response) {
                  responses.offer(response);
                  requests.offer(response);
                }
                void stop() {
                  running = false;
                  responses.offer("STOP");
                }
                void close() {
                  open = false;
                }
              }
              """)
          .doTest();
    }

    @Test
    void putOnAQueueWithoutCapacityNeverWaits() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingQueue<String> unbounded = new LinkedBlockingQueue<>();
                private final BlockingQueue<String> bounded = new LinkedBlockingQueue<>(16);
                private final PriorityBlockingQueue<String> prioritised = new PriorityBlockingQueue<>();

                void send(String message) {
                  try {
                    unbounded.put(message);
                    prioritised.put(message);
                  } catch (InterruptedException e) {
                    // put() on these queues never waits, so there is nothing to hang
                  }
                }

                void sendBounded(java.util.List<String> messages) {
                  for (String message : messages) {
                    try {
                      // BUG: Diagnostic contains: if the queue stays full
                      bounded.put(message);
                    } catch (InterruptedException e) {
                    }
                  }
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * {@code -XepOpt:UnboundedBlockingCall:Strict=true} flags every untimed wait except waits on
   * futures known to be complete.
   */
  @Nested
  class StrictMode {
    @Test
    void strictFlagsEveryUntimedWait() {
      helper
          .setArgs("-XepOpt:UnboundedBlockingCall:Strict=true")
          .addSourceLines(
              "S.java",
              """
              import java.util.concurrent.*;
              class S {
                String propagates(BlockingQueue<String> q) throws InterruptedException {
                  // BUG: Diagnostic contains: Strict mode reports every untimed wait
                  return q.take();
                }
                void thread(Thread t) throws InterruptedException {
                  // BUG: Diagnostic contains: `join(Duration)`
                  t.join();
                }
                synchronized void monitor() throws InterruptedException {
                  // BUG: Diagnostic contains: `wait(millis)`
                  wait();
                }
                void all(ExecutorService ex, java.util.List<Callable<String>> tasks) throws Exception {
                  // BUG: Diagnostic contains: `invokeAll(tasks, timeout, unit)`
                  ex.invokeAll(tasks);
                }
                void process(Process p) throws InterruptedException {
                  // BUG: Diagnostic contains: `waitFor(timeout, unit)`
                  p.waitFor();
                }
                String stillExempt(Future<String> f) throws Exception {
                  q();
                  if (f.isDone()) {
                    return f.get();
                  }
                  return CompletableFuture.completedFuture("x").join();
                }
                void q() {}
              }
              """)
          .doTest();
    }

    @Test
    void strictOffByDefault() {
      helper
          .setArgs("-XepOpt:UnboundedBlockingCall:Strict=false")
          .addSourceLines(
              "T.java",
              """
              import java.util.concurrent.*;
              class T {
                String propagates(BlockingQueue<String> q) throws InterruptedException {
                  return q.take();
                }
              }
              """)
          .doTest();
    }
  }

  /** {@code @SuppressWarnings} and {@code @IntentionalDaemon}. */
  @Nested
  class Suppression {
    @Test
    void suppressWarningsAndIntentionalDaemon() {
      helper
          .addSourceLines(
              "U.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.locks.Condition;
              class U {
                @SuppressWarnings("UnboundedBlockingCall")
                void suppressed(Condition c) {
                  c.awaitUninterruptibly();
                }
                @IntentionalDaemon("waits for the JVM's lifetime")
                void daemon(Condition c) {
                  c.awaitUninterruptibly();
                }
              }
              """)
          .doTest();
    }

    /** As Error Prone's own suppressions: -XepIgnoreSuppressionAnnotations reports it anyway. */
    @Test
    void intentionalDaemonIgnoredWithErrorPronesFlag() {
      helper
          .setArgs("-XepIgnoreSuppressionAnnotations")
          .addSourceLines(
              "U.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.locks.Condition;
              class U {
                @IntentionalDaemon("waits for the JVM's lifetime")
                void daemon(Condition c) {
                  // BUG: Diagnostic contains: UnboundedBlockingCall
                  c.awaitUninterruptibly();
                }
              }
              """)
          .doTest();
    }
  }
}
