package dev.leakproof.checker.threads;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** TimedWaitResultIgnored: the result of a timed wait is ignored (CHECKS.md). */
class TimedWaitResultIgnoredTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(TimedWaitResultIgnored.class, getClass());
  private final CompilationTestHelper strict =
      CompilationTestHelper.newInstance(TimedWaitResultIgnored.class, getClass())
          .setArgs("-XepOpt:TimedWaitResultIgnored:Strict=true");

  @Nested
  class Latches {
    @Test
    void ignoredTimedAwaitIsFlagged() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                void loadAll(CountDownLatch loaded) throws InterruptedException {
                  // BUG: Diagnostic contains: `loaded.await(30, TimeUnit.SECONDS)` returns false if the count has not reached zero by the timeout
                  loaded.await(30, TimeUnit.SECONDS);
                  System.out.println("all loaded");
                }
              }
              """)
          .doTest();
    }

    @Test
    void usedResultsAreSilent() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                boolean assigned(CountDownLatch done) throws InterruptedException {
                  boolean finished = done.await(1, TimeUnit.SECONDS);
                  return finished;
                }
                void tested(CountDownLatch done) throws Exception {
                  if (!done.await(1, TimeUnit.SECONDS)) {
                    throw new TimeoutException("not done");
                  }
                }
                boolean returned(CountDownLatch done) throws InterruptedException {
                  return done.await(1, TimeUnit.SECONDS);
                }
                void passed(CountDownLatch done) throws InterruptedException {
                  report(done.await(1, TimeUnit.SECONDS));
                }
                void untimed(CountDownLatch done) throws InterruptedException {
                  done.await();
                }
                static void report(boolean finished) {}
              }
              """)
          .doTest();
    }

    @Test
    void awaitInALoopThatRechecksIsSilent() {
      helper
          .addSourceLines(
              "Reporter.java",
              """
              import java.util.concurrent.*;
              class Reporter {
                private final CountDownLatch stopped = new CountDownLatch(1);
                private volatile boolean running = true;
                void run() throws InterruptedException {
                  while (running) {
                    report();
                    stopped.await(10, TimeUnit.SECONDS); // an interruptible sleep
                  }
                }
                void stop() {
                  running = false;
                  stopped.countDown();
                }
                void report() {}
              }
              """)
          .doTest();
    }

    @Test
    void awaitInAForEachLoopIsFlagged() {
      helper
          .addSourceLines(
              "Batches.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Batches {
                void awaitAll(List<CountDownLatch> batches) throws InterruptedException {
                  for (CountDownLatch batch : batches) {
                    // BUG: Diagnostic contains: as if the count had reached zero
                    batch.await(5, TimeUnit.SECONDS);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aPermitWaitedForAtTheEndOfALoopPassIsAWakeUp() {
      // Redisson's RedissonLock: the loop tries the real lock, then waits on a semaphore that
      // pub/sub releases, and tries again. A permit taken mid-pass guards the work after it.
      // Redisson's own void tryLock(..) overload has no result to ignore.
      helper
          .addSourceLines(
              "SpinLock.java",
              """
              import java.util.concurrent.*;
              class SpinLock {
                private final Semaphore signal = new Semaphore(0);
                private final Semaphore permits = new Semaphore(4);
                Long tryAcquireOnce() { return null; }
                void lock() throws InterruptedException {
                  while (true) {
                    Long ttl = tryAcquireOnce();
                    if (ttl == null) {
                      break;
                    }
                    if (ttl >= 0) {
                      try {
                        signal.tryAcquire(ttl, TimeUnit.MILLISECONDS);
                      } catch (InterruptedException e) {
                        signal.tryAcquire(ttl, TimeUnit.MILLISECONDS);
                      }
                    } else {
                      signal.acquire();
                    }
                  }
                }
                boolean tryLock(long time) throws InterruptedException {
                  while (true) {
                    Long ttl = tryAcquireOnce();
                    if (ttl == null) {
                      return true;
                    }
                    long start = System.currentTimeMillis();
                    signal.tryAcquire(Math.min(ttl, time), TimeUnit.MILLISECONDS);
                    long elapsed = System.currentTimeMillis() - start;
                    time -= elapsed;
                    if (time <= 0) {
                      return false;
                    }
                  }
                }
                void work(Runnable task) throws InterruptedException {
                  while (true) {
                    // BUG: Diagnostic contains: as if it held the permit
                    permits.tryAcquire(1, TimeUnit.SECONDS);
                    task.run();
                    permits.release();
                  }
                }
                private void tryLock(long wait, long lease, TimeUnit unit, CompletableFuture<Void> result) {}
                void lockAsync(CompletableFuture<Void> result) {
                  tryLock(1, 1, TimeUnit.SECONDS, result);
                }
              }
              """)
          .doTest();
    }

    @Test
    void countReadAfterTheWaitIsSilent() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                void loadAll(CountDownLatch loaded) throws InterruptedException {
                  loaded.await(30, TimeUnit.SECONDS);
                  if (loaded.getCount() > 0) {
                    System.out.println(loaded.getCount() + " loaders did not finish");
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aMethodThatReturnsTheStateItWaitedForIsSilent() {
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.*;
              class Worker {
                private final CountDownLatch terminated = new CountDownLatch(1);
                private volatile boolean done;
                boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                  terminated.await(timeout, unit);
                  return isTerminated();
                }
                boolean isTerminated() {
                  return done;
                }
              }
              """)
          .doTest();
    }

    @Test
    void aMethodThatReturnsTrueAfterTheWaitIsFlagged() {
      helper
          .addSourceLines(
              "Worker.java",
              """
              import java.util.concurrent.*;
              class Worker {
                private final CountDownLatch terminated = new CountDownLatch(1);
                boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                  // BUG: Diagnostic contains: as if the count had reached zero
                  terminated.await(timeout, unit);
                  return true;
                }
              }
              """)
          .doTest();
    }

    @Test
    void returningTheValueTheLatchGuardsIsSilent() {
      // A hand-made future: the value is set before countDown(), so it is still null after a
      // timeout, and the caller tests it (the shape of RocketMQ's RequestResponseFuture).
      helper
          .addSourceLines(
              "Reply.java",
              """
              import java.util.concurrent.*;
              class Reply {
                private final CountDownLatch arrived = new CountDownLatch(1);
                private volatile String message;
                String waitFor(long timeoutMillis) throws InterruptedException {
                  arrived.await(timeoutMillis, TimeUnit.MILLISECONDS);
                  return message;
                }
                void complete(String message) {
                  this.message = message;
                  arrived.countDown();
                }
              }
              """)
          .doTest();
    }

    @Test
    void returningTheGuardedValueAfterATryAroundTheWait() {
      // Jetty's ManagedSelector.DumpKeys.get(): the wait ends a try, the return follows the try
      helper
          .addSourceLines(
              "DumpKeys.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class DumpKeys {
                private final CountDownLatch latch = new CountDownLatch(1);
                private List<String> keys;
                void update(List<String> found) {
                  keys = found;
                  latch.countDown();
                }
                List<String> get(long timeout, TimeUnit unit) {
                  try {
                    latch.await(timeout, unit);
                  } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                  }
                  return keys;
                }
                List<String> getLogged(long timeout, TimeUnit unit) {
                  try {
                    // BUG: Diagnostic contains: as if the count had reached zero
                    latch.await(timeout, unit);
                    System.out.println("waited");
                  } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                  }
                  return List.of();
                }
              }
              """)
          .doTest();
    }

    @Test
    void returningWhatTheTasksFilledInIsFlagged() {
      helper
          .addSourceLines(
              "Loader.java",
              """
              import java.util.*;
              import java.util.concurrent.*;
              class Loader {
                private final Map<String, String> loaded = new ConcurrentHashMap<>();
                private final CountDownLatch done = new CountDownLatch(3);
                Map<String, String> awaitAll() throws InterruptedException {
                  // BUG: Diagnostic contains: as if every task had finished
                  done.await(1, TimeUnit.SECONDS);
                  return loaded;
                }
                void put(String key, String value) {
                  loaded.put(key, value);
                  done.countDown();
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class SemaphoresAndLocks {
    @Test
    void lockViewAskedAgainLater() {
      // Qpid JMS's onConnectionInterrupted(): best effort, and unlock only what is held
      helper
          .addSourceLines(
              "Transaction.java",
              """
              import java.util.concurrent.locks.ReentrantReadWriteLock;
              class Transaction {
                private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
                private final ReentrantReadWriteLock other = new ReentrantReadWriteLock();
                private boolean inDoubt;
                void onConnectionInterrupted() {
                  lock.writeLock().tryLock();
                  try {
                    inDoubt = true;
                  } finally {
                    if (lock.writeLock().isHeldByCurrentThread()) {
                      lock.writeLock().unlock();
                    }
                  }
                }
                void onRecovery() {
                  // BUG: Diagnostic contains: as if it held the lock
                  lock.writeLock().tryLock();
                  try {
                    inDoubt = false;
                  } finally {
                    if (other.writeLock().isHeldByCurrentThread()) {
                      lock.writeLock().unlock();
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void everyTryAcquireFormIsFlagged() {
      helper
          .addSourceLines(
              "Throttle.java",
              """
              import java.util.concurrent.*;
              class Throttle {
                void send(Semaphore permits) throws InterruptedException {
                  // BUG: Diagnostic contains: returns false if no permit is available
                  permits.tryAcquire();
                  // BUG: Diagnostic contains: as if it held the permit
                  permits.tryAcquire(2);
                  // BUG: Diagnostic contains: returns false if no permit is obtained by the timeout
                  permits.tryAcquire(100, TimeUnit.MILLISECONDS);
                  // BUG: Diagnostic contains: release() only a permit that was acquired
                  permits.tryAcquire(2, 100, TimeUnit.MILLISECONDS);
                  permits.release();
                }
              }
              """)
          .doTest();
    }

    @Test
    void everyTryLockFormIsFlagged() {
      helper
          .addSourceLines(
              "Account.java",
              """
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.locks.*;
              class Account {
                private final ReentrantLock lock = new ReentrantLock();
                private final ReadWriteLock rw = new ReentrantReadWriteLock();
                private long balance;
                void deposit(long amount) throws InterruptedException {
                  // BUG: Diagnostic contains: returns false if the lock is not obtained by the timeout
                  lock.tryLock(1, TimeUnit.SECONDS);
                  try {
                    balance += amount;
                  } finally {
                    lock.unlock();
                  }
                }
                long read() {
                  // BUG: Diagnostic contains: returns false if another thread holds the lock
                  rw.readLock().tryLock();
                  try {
                    return balance;
                  } finally {
                    rw.readLock().unlock();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void lockOwnershipCheckedAfterIsSilent() {
      helper
          .addSourceLines(
              "Account.java",
              """
              import java.util.concurrent.locks.ReentrantLock;
              class Account {
                private final ReentrantLock lock = new ReentrantLock();
                void audit() {
                  lock.tryLock();
                  if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLockWrapperThatChecksOwnershipBeforeUnlockingIsSilent() {
      helper
          .addSourceLines(
              "AutoUnlock.java",
              """
              import java.util.concurrent.locks.ReentrantLock;
              class AutoUnlock implements AutoCloseable {
                private final ReentrantLock lock = new ReentrantLock();
                /** Tries to lock; whether it did is told by isHeldByCurrentThread(). */
                AutoUnlock tryLock() {
                  lock.tryLock();
                  return this;
                }
                boolean isHeldByCurrentThread() {
                  return lock.isHeldByCurrentThread();
                }
                @Override
                public void close() {
                  if (isHeldByCurrentThread()) {
                    lock.unlock();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void guavaUninterruptiblesTwinsAreFlagged() {
      helper
          .addSourceLines(
              "Gate.java",
              """
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.concurrent.*;
              class Gate {
                void pass(CountDownLatch open, Semaphore permits) {
                  // BUG: Diagnostic contains: as if the count had reached zero
                  Uninterruptibles.awaitUninterruptibly(open, 1, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: as if it held the permit
                  Uninterruptibles.tryAcquireUninterruptibly(permits, 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Queues {
    @Test
    void timedOfferIsFlagged() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.concurrent.*;
              class Outbox {
                void send(BlockingQueue<String> queue, BlockingDeque<String> deque,
                    TransferQueue<String> handoff) throws InterruptedException {
                  // BUG: Diagnostic contains: returns false if the queue stays full until the timeout
                  queue.offer("a", 1, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: as if the element had been queued
                  deque.offerFirst("b", 1, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: as if the element had been queued
                  handoff.tryTransfer("c", 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void offerOnABoundedQueueIsFlagged() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingQueue<String> pending;
                private final BlockingQueue<String> retries = new LinkedBlockingQueue<>(100);
                Outbox(int capacity) {
                  pending = new ArrayBlockingQueue<>(capacity);
                }
                void send(String message, ArrayBlockingQueue<String> audit) {
                  // BUG: Diagnostic contains: returns false if the queue is full
                  pending.offer(message);
                  // BUG: Diagnostic contains: or use add(e), which throws when the queue is full
                  retries.offer(message);
                  // BUG: Diagnostic contains: as if the element had been queued
                  audit.offer(message);
                  BlockingDeque<String> local = new LinkedBlockingDeque<>(10);
                  // BUG: Diagnostic contains: as if the element had been queued
                  local.offerLast(message);
                }
                void sendAll(List<String> messages) {
                  // BUG: Diagnostic contains: as if the element had been queued
                  messages.forEach(m -> pending.offer(m));
                }
              }
              """)
          .doTest();
    }

    @Test
    void offersThatCannotFindTheQueueFullAreSilent() {
      // Tika's parser pools: a queue made with capacity n and filled by n offers; a pooled object
      // offered back to the queue it was taken from. An offer beyond the capacity, or of another
      // object, can still find the queue full.
      helper
          .addSourceLines(
              "Pool.java",
              """
              import java.util.concurrent.*;
              class Pool {
                private ArrayBlockingQueue<StringBuilder> builders;
                Pool(int size) {
                  resize(size);
                }
                synchronized void resize(int size) {
                  builders = new ArrayBlockingQueue<>(size);
                  for (int i = 0; i < size; i++) {
                    builders.offer(new StringBuilder());
                  }
                  BlockingQueue<String> names = new LinkedBlockingQueue<>(4);
                  for (int i = 0; i < 8; i++) {
                    // BUG: Diagnostic contains: returns false if the queue is full
                    names.offer("name" + i);
                  }
                }
                String format(Object value) throws InterruptedException {
                  StringBuilder builder = builders.poll(1, TimeUnit.SECONDS);
                  if (builder == null) {
                    return String.valueOf(value);
                  }
                  try {
                    return builder.append(value).toString();
                  } finally {
                    builder.setLength(0);
                    builders.offer(builder);
                    // BUG: Diagnostic contains: returns false if the queue is full
                    builders.offer(new StringBuilder());
                  }
                }
                String describe(Object value) throws InterruptedException {
                  StringBuilder builder = null;
                  try {
                    builder = builders.poll(1, TimeUnit.SECONDS);
                    return builder == null ? "" : builder.append(value).toString();
                  } finally {
                    if (builder != null) {
                      builders.offer(builder);
                    }
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aDropModeBesideABlockingModeIsSilent() {
      // An overflow policy: drop when full, or wait for room (the shape of Logback's
      // AsyncAppenderBase with neverBlock).
      helper
          .addSourceLines(
              "Appender.java",
              """
              import java.util.concurrent.*;
              class Appender {
                private final BlockingQueue<String> events = new ArrayBlockingQueue<>(256);
                private volatile boolean neverBlock;
                void append(String event) throws InterruptedException {
                  if (neverBlock) {
                    events.offer(event);
                  } else {
                    putUninterruptibly(event);
                  }
                }
                void appendDirect(String event) throws InterruptedException {
                  if (neverBlock) events.offer(event); else events.put(event);
                }
                private void putUninterruptibly(String event) throws InterruptedException {
                  events.put(event);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aDropBesideSomethingElseIsFlagged() {
      helper
          .addSourceLines(
              "Appender.java",
              """
              import java.util.concurrent.*;
              class Appender {
                private final BlockingQueue<String> events = new ArrayBlockingQueue<>(256);
                private volatile boolean enabled;
                void append(String event) {
                  if (enabled) {
                    // BUG: Diagnostic contains: as if the element had been queued
                    events.offer(event);
                  } else {
                    System.out.println(event);
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void offerOnAQueueWithNoCapacityBoundIsSilent() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.Queue;
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
                private final BlockingQueue<String> huge = new LinkedBlockingQueue<>(Integer.MAX_VALUE);
                private final LinkedTransferQueue<String> transfers = new LinkedTransferQueue<>();
                private final Queue<String> plain = new ConcurrentLinkedQueue<>();
                void send(String message) {
                  pending.offer(message);
                  huge.offer(message);
                  transfers.offer(message);
                  new PriorityBlockingQueue<String>().offer(message);
                  plain.offer(message);
                }
              }
              """)
          .doTest();
    }

    @Test
    void timedOfferOnAQueueWithNoCapacityBoundIsSilent() {
      // SolrJ's ConcurrentUpdateHttp2SolrClient: a timed offer into a capacity-free queue (the
      // capacity is a semaphore's, whose tryAcquire result is used). On a bounded queue it can
      // time out.
      helper
          .addSourceLines(
              "Updates.java",
              """
              import java.util.concurrent.*;
              class Updates {
                private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                private final BlockingQueue<String> pending;
                private final BlockingQueue<String> bounded = new LinkedBlockingQueue<>(10);
                Updates() {
                  pending = new LinkedBlockingQueue<>();
                }
                void add(String update) throws InterruptedException {
                  queue.offer(update, 1, TimeUnit.SECONDS);
                  pending.offer(update, 1, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: [TimedWaitResultIgnored]
                  bounded.offer(update, 1, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void offerOnAQueueWhoseCapacityCannotBeSeenIsSilent() {
      helper
          .addSourceLines(
              "Outbox.java",
              """
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingQueue<String> injected;
                Outbox(BlockingQueue<String> injected) {
                  this.injected = injected;
                }
                void send(String message, BlockingQueue<String> parameter) {
                  injected.offer(message);
                  parameter.offer(message);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Conditions {
    @Test
    void timedWaitOutsideALoopIsFlagged() {
      helper
          .addSourceLines(
              "Mailbox.java",
              """
              import java.util.Date;
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.locks.*;
              class Mailbox {
                private final Lock lock = new ReentrantLock();
                private final Condition arrived = lock.newCondition();
                private String message;
                private String reply;
                private String notice;
                String take(Date deadline, long nanos) throws InterruptedException {
                  lock.lock();
                  try {
                    // three different states: no wait is followed by a test of what it waited for
                    if (message == null) {
                      // BUG: Diagnostic contains: `arrived.await(1, TimeUnit.SECONDS)` returns false if the timeout elapses before a signal
                      arrived.await(1, TimeUnit.SECONDS);
                    }
                    if (reply == null) {
                      // BUG: Diagnostic contains: as if it had been signalled
                      arrived.awaitUntil(deadline);
                    }
                    if (notice == null) {
                      // BUG: Diagnostic contains: returns zero or less if the timeout elapses
                      arrived.awaitNanos(nanos);
                    }
                    return message + reply + notice;
                  } finally {
                    lock.unlock();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aTimeoutOfLongMaxValueIsAnUntimedWait() {
      // Hazelcast 3.3.2's ConditionImpl: await() and awaitUninterruptibly() are written as
      // await(Long.MAX_VALUE, MILLISECONDS): no timeout to miss. A large but finite timeout is one.
      helper
          .addSourceLines(
              "Gate.java",
              """
              import java.util.concurrent.CountDownLatch;
              import java.util.concurrent.TimeUnit;
              class Gate {
                private final CountDownLatch open = new CountDownLatch(1);
                void await() throws InterruptedException {
                  open.await(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
                }
                void awaitADay() throws InterruptedException {
                  // BUG: Diagnostic contains: returns false if the count has not reached zero
                  open.await(Integer.MAX_VALUE, TimeUnit.MILLISECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void stateTestedAgainAfterTheWaitIsSilent() {
      // jeromq's MailboxSafe.recv: the command is read again after the wait and null means EAGAIN
      helper
          .addSourceLines(
              "Mailbox.java",
              """
              import java.util.Queue;
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.TimeoutException;
              import java.util.concurrent.locks.*;
              class Mailbox {
                private final Lock lock = new ReentrantLock();
                private final Condition arrived = lock.newCondition();
                private final Queue<String> pipe = new java.util.ArrayDeque<>();
                private String message;
                String receive(long timeout) throws InterruptedException {
                  String command = pipe.poll();
                  if (command != null) {
                    return command;
                  }
                  arrived.await(timeout, TimeUnit.MILLISECONDS);
                  command = pipe.poll();
                  if (command == null) {
                    return null;
                  }
                  return command;
                }
                String take() throws InterruptedException, TimeoutException {
                  if (message == null) {
                    arrived.await(1, TimeUnit.SECONDS);
                  }
                  if (message == null) {
                    throw new TimeoutException();
                  }
                  return message;
                }
                boolean isEmpty() {
                  return pipe.isEmpty();
                }
                String poll() throws InterruptedException {
                  if (isEmpty()) {
                    arrived.await(1, TimeUnit.SECONDS);
                  }
                  return isEmpty() ? null : pipe.poll();
                }
              }
              """)
          .doTest();
    }

    @Test
    void stateNotTestedAgainIsFlagged() {
      // a local read before the wait is the old state; a test of something else is no re-check
      helper
          .addSourceLines(
              "Mailbox.java",
              """
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.locks.*;
              class Mailbox {
                private final Lock lock = new ReentrantLock();
                private final Condition arrived = lock.newCondition();
                private String message;
                private boolean closed;
                String take() throws InterruptedException {
                  String seen = message;
                  if (seen == null) {
                    // BUG: Diagnostic contains: as if it had been signalled
                    arrived.await(1, TimeUnit.SECONDS);
                  }
                  if (seen == null) {
                    return "none";
                  }
                  return message;
                }
                String takeOpen() throws InterruptedException {
                  if (message == null) {
                    // BUG: Diagnostic contains: as if it had been signalled
                    arrived.await(1, TimeUnit.SECONDS);
                  }
                  if (closed) {
                    throw new IllegalStateException("closed");
                  }
                  return message;
                }
              }
              """)
          .doTest();
    }

    @Test
    void timedWaitInTheRecheckingLoopIsSilent() {
      helper
          .addSourceLines(
              "Mailbox.java",
              """
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.locks.*;
              class Mailbox {
                private final Lock lock = new ReentrantLock();
                private final Condition arrived = lock.newCondition();
                private String message;
                String take() throws InterruptedException {
                  lock.lock();
                  try {
                    while (message == null) {
                      arrived.await(1, TimeUnit.SECONDS);
                    }
                    long nanos = TimeUnit.SECONDS.toNanos(1);
                    do {
                      nanos = arrived.awaitNanos(nanos);
                    } while (message == null && nanos > 0);
                    return message;
                  } finally {
                    lock.unlock();
                  }
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class WaitsForAnEnd {
    @Test
    void awaitTerminationIsSilentByDefault() {
      helper
          .addSourceLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool, Process child) throws InterruptedException {
                  pool.shutdown();
                  pool.awaitTermination(5, TimeUnit.SECONDS);
                  child.waitFor(5, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void awaitTerminationIsFlaggedInStrictMode() {
      strict
          .addSourceLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool, Process child) throws InterruptedException {
                  pool.shutdown();
                  // BUG: Diagnostic contains: as if every task had ended; branch on it, e.g. `if (!pool.awaitTermination(5, TimeUnit.SECONDS)) { executor.shutdownNow(); }` (Strict mode)
                  pool.awaitTermination(5, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: as if the process had exited
                  child.waitFor(5, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void guavaTerminationWaitsAreFlaggedInStrictMode() {
      strict
          .addSourceLines(
              "Service.java",
              """
              import com.google.common.util.concurrent.MoreExecutors;
              import com.google.common.util.concurrent.Uninterruptibles;
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool, ExecutorService other) {
                  // BUG: Diagnostic contains: as if every task had ended
                  MoreExecutors.shutdownAndAwaitTermination(pool, 5, TimeUnit.SECONDS);
                  other.shutdown();
                  // BUG: Diagnostic contains: as if every task had ended
                  Uninterruptibles.awaitTerminationUninterruptibly(other, 5, TimeUnit.SECONDS);
                }
              }
              """)
          .doTest();
    }

    @Test
    void strictModeStillAcceptsARecheckOrALoop() {
      strict
          .addSourceLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool) throws InterruptedException {
                  pool.shutdown();
                  pool.awaitTermination(5, TimeUnit.SECONDS);
                  if (!pool.isTerminated()) {
                    pool.shutdownNow();
                  }
                }
                void drain(ExecutorService pool) throws InterruptedException {
                  pool.shutdown();
                  while (!pool.isTerminated()) {
                    pool.awaitTermination(1, TimeUnit.SECONDS);
                  }
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Suppression {
    @Test
    void suppressWarningsSilencesIt() {
      helper
          .addSourceLines(
              "Throttle.java",
              """
              import java.util.concurrent.Semaphore;
              class Throttle {
                @SuppressWarnings("TimedWaitResultIgnored") // drains a pending wake-up, if any
                void clearSignal(Semaphore signal) {
                  signal.tryAcquire();
                }
              }
              """)
          .doTest();
    }

    @Test
    void intentionalDaemonDoesNotSilenceACorrectnessCheck() {
      helper
          .addSourceLines(
              "Throttle.java",
              """
              import dev.leakproof.annotations.IntentionalDaemon;
              import java.util.concurrent.Semaphore;
              class Throttle {
                @IntentionalDaemon("not about threads")
                void send(Semaphore permits) {
                  // BUG: Diagnostic contains: TimedWaitResultIgnored
                  permits.tryAcquire();
                }
              }
              """)
          .doTest();
    }

    @Test
    void mockitoVerificationIsNotAWait() {
      helper
          .addSourceLines(
              "Mockito.java",
              """
              package org.mockito;
              public class Mockito {
                public static <T> T verify(T mock) { return mock; }
              }
              """)
          .addSourceLines(
              "LockTest.java",
              """
              import static org.mockito.Mockito.verify;
              import java.util.concurrent.locks.Lock;
              class LockTest {
                void verifies(Lock lock) {
                  verify(lock).tryLock();
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Fixes {
    private final BugCheckerRefactoringTestHelper refactoring =
        BugCheckerRefactoringTestHelper.newInstance(TimedWaitResultIgnored.class, getClass());

    @Test
    void throwsTimeoutExceptionWhereTheMethodMayThrowIt() {
      refactoring
          .addInputLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                void loadAll(CountDownLatch loaded) throws InterruptedException, TimeoutException {
                  loaded.await(30, TimeUnit.SECONDS);
                }
                void call(CountDownLatch loaded) throws Exception {
                  loaded.await(30, TimeUnit.SECONDS);
                }
              }
              """)
          .addOutputLines(
              "Loader.java",
              """
              import java.util.concurrent.*;
              class Loader {
                void loadAll(CountDownLatch loaded) throws InterruptedException, TimeoutException {
                  if (!loaded.await(30, TimeUnit.SECONDS)) {
                    throw new TimeoutException("Timed out waiting for loaded");
                  }
                }
                void call(CountDownLatch loaded) throws Exception {
                  if (!loaded.await(30, TimeUnit.SECONDS)) {
                    throw new TimeoutException("Timed out waiting for loaded");
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void throwsIllegalStateExceptionWhereATimeoutExceptionCannotBeThrown() {
      refactoring
          .addInputLines(
              "Account.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.locks.*;
              class Account {
                private final Lock lock = new ReentrantLock();
                private final Condition changed = lock.newCondition();
                void deposit(CountDownLatch ready) throws InterruptedException {
                  ready.await(1, TimeUnit.SECONDS);
                  lock.tryLock();
                  changed.awaitNanos(1000);
                }
              }
              """)
          .addOutputLines(
              "Account.java",
              """
              import java.util.concurrent.*;
              import java.util.concurrent.locks.*;
              class Account {
                private final Lock lock = new ReentrantLock();
                private final Condition changed = lock.newCondition();
                void deposit(CountDownLatch ready) throws InterruptedException {
                  if (!ready.await(1, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Timed out waiting for ready");
                  }
                  if (!lock.tryLock()) {
                    throw new IllegalStateException("lock is held by another thread");
                  }
                  if (changed.awaitNanos(1000) <= 0) {
                    throw new IllegalStateException("Timed out waiting for a signal on changed");
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void addsTheImportOfTimeoutException() {
      refactoring
          .addInputLines(
              "Throttle.java",
              """
              import java.util.concurrent.Semaphore;
              import java.util.concurrent.TimeUnit;
              class Throttle {
                void send(Semaphore permits) throws Exception {
                  permits.tryAcquire(1, TimeUnit.SECONDS);
                }
              }
              """)
          .addOutputLines(
              "Throttle.java",
              """
              import java.util.concurrent.Semaphore;
              import java.util.concurrent.TimeUnit;
              import java.util.concurrent.TimeoutException;
              class Throttle {
                void send(Semaphore permits) throws Exception {
                  if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                    throw new TimeoutException("Timed out waiting for a permit of permits");
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void offerOnABoundedQueueBecomesAdd() {
      refactoring
          .addInputLines(
              "Outbox.java",
              """
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingDeque<String> pending = new LinkedBlockingDeque<>(10);
                void send(String message) {
                  pending.offer(message);
                  pending.offerFirst(message);
                }
              }
              """)
          .addOutputLines(
              "Outbox.java",
              """
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingDeque<String> pending = new LinkedBlockingDeque<>(10);
                void send(String message) {
                  pending.add(message);
                  pending.addFirst(message);
                }
              }
              """)
          .doTest();
    }

    @Test
    void strictAwaitTerminationFallsBackToShutdownNow() {
      BugCheckerRefactoringTestHelper.newInstance(TimedWaitResultIgnored.class, getClass())
          .setArgs("-XepOpt:TimedWaitResultIgnored:Strict=true")
          .addInputLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool, Process child) throws InterruptedException {
                  pool.shutdown();
                  pool.awaitTermination(5, TimeUnit.SECONDS);
                  child.waitFor(1, TimeUnit.SECONDS);
                }
              }
              """)
          .addOutputLines(
              "Service.java",
              """
              import java.util.concurrent.*;
              class Service {
                void stop(ExecutorService pool, Process child) throws InterruptedException {
                  pool.shutdown();
                  if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                  }
                  if (!child.waitFor(1, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                  }
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLambdaBodyIsReportedWithoutAFix() {
      refactoring
          .addInputLines(
              "Outbox.java",
              """
              import java.util.List;
              import java.util.concurrent.*;
              class Outbox {
                private final BlockingQueue<String> pending = new ArrayBlockingQueue<>(10);
                void sendAll(List<String> messages) {
                  messages.forEach(m -> pending.offer(m));
                }
              }
              """)
          .expectUnchanged()
          .doTest();
    }
  }
}
