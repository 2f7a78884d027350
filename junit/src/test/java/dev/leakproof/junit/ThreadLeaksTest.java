package dev.leakproof.junit;

import static dev.leakproof.junit.Runs.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The programmatic API, without the extension. */
class ThreadLeaksTest {

  @AfterEach
  void stopLeakedThreads() throws InterruptedException {
    Leftovers.cleanUp();
  }

  @Test
  void reportsAThreadStartedAfterTheSnapshot() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    Thread leaked = Leftovers.startWaiting("api-consumer", false);

    ThreadLeakError error =
        assertThrows(ThreadLeakError.class, () -> ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(50)));

    assertEquals(1, error.leaks().size());
    LeakedThread leak = error.leaks().get(0);
    assertSame(leaked, leak.thread());
    assertEquals("api-consumer", leak.name());
    assertEquals(Thread.State.WAITING, leak.state());
    assertFalse(leak.isDaemon());
    assertEquals("waitForWork", leak.firstUserFrame().orElseThrow().getMethodName());
    assertEquals("lambda$startWaiting$0", leak.entryPoint().orElseThrow().getMethodName());
    assertEquals("java.lang.Thread", leak.stackTrace()[leak.stackTrace().length - 1].getClassName());
  }

  @Test
  void threadsAliveBeforeTheSnapshotAreNotReported() {
    Leftovers.startWaiting("older-consumer", false);
    ThreadSnapshot before = ThreadLeaks.snapshot();

    ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(50));
  }

  @Test
  void threadThatEndsWithinTheGracePeriodIsNotALeakAndTheWaitStopsWhenItEnds() throws Exception {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    CountDownLatch release = new CountDownLatch(1);
    Leftovers.track(new Thread(() -> await(release), "finishing"));

    assertEquals(1, ThreadLeaks.findNewThreads(before, options(Duration.ZERO)).size());
    release.countDown();
    long start = System.nanoTime();
    ThreadLeaks.verifyNoNewThreads(before, Duration.ofSeconds(10));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void executorShutDownWhileItsWorkersAreBusyIsNotALeak() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    for (int i = 0; i < 6; i++) {
      pool.execute(() -> UserTestClasses.sleep(30));
    }
    pool.shutdown();

    ThreadLeaks.verifyNoNewThreads(before);
  }

  @Test
  void interruptFlagLeftByTheTestDoesNotCutTheGracePeriodShortAndIsKept() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    Leftovers.track(new Thread(() -> UserTestClasses.sleep(100), "finishing"));
    Thread.currentThread().interrupt();
    try {
      ThreadLeaks.verifyNoNewThreads(before, Duration.ofSeconds(10));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void nothingNewReturnsAtOnce() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    long start = System.nanoTime();
    assertTrue(ThreadLeaks.findNewThreads(before, options(Duration.ofSeconds(30))).isEmpty());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void predicateIgnoresAThread() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    Thread leaked = Leftovers.startWaiting("api-consumer", true);

    ThreadLeaks.verifyNoNewThreads(before, ThreadLeakOptions.builder()
        .gracePeriod(Duration.ofMillis(20)).ignoreThreads(t -> t == leaked).build());
  }

  @Test
  void defaultIgnoresCoverJvmAndToolingThreadsUnlessTurnedOff() {
    ThreadLeakOptions defaults = ThreadLeakOptions.defaults();
    ThreadLeakOptions none = ThreadLeakOptions.builder().withoutDefaultIgnores().build();
    for (String name : List.of("ForkJoinPool.commonPool-worker-7", "Reference Handler", "Finalizer",
        "Signal Dispatcher", "Common-Cleaner", "Attach Listener", "process reaper",
        "surefire-forkedjvm-ping-30s", "junit-jupiter-timeout-watcher")) {
      Thread thread = new Thread(() -> {}, name);
      assertTrue(defaults.ignoresByIdentity(thread), name);
      assertFalse(none.ignoresByIdentity(thread), name);
    }
    assertFalse(defaults.ignoresByIdentity(new Thread(() -> {}, "ForkJoinPool-1-worker-1")));
    assertFalse(defaults.ignoresByIdentity(new Thread(() -> {}, "pool-1-thread-1")));
  }

  /** The JVM's own helpers started by virtual threads and delayed tasks (JDK 21+, JDK 25 names). */
  @Test
  void virtualThreadsAndDelayedTasksStartNoReportableThread() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    ThreadSnapshot before = ThreadLeaks.snapshot();
    ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      virtual.submit(() -> UserTestClasses.sleep(5)).get();
    } finally {
      virtual.shutdown();
      assertTrue(virtual.awaitTermination(5, TimeUnit.SECONDS));
    }
    CountDownLatch ran = new CountDownLatch(1);
    CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(ran::countDown);
    assertTrue(ran.await(5, TimeUnit.SECONDS));

    ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(200));
  }

  @Test
  void optionsRejectNonsense() {
    ThreadLeakOptions.Builder builder = ThreadLeakOptions.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.gracePeriod(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> builder.pollInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.ignoreThreadNames("("));
    assertThrows(IllegalArgumentException.class, () -> builder.ignoreTopFrames("*"));
    assertThrows(IllegalArgumentException.class, () -> builder.ignoreAnyFrames(""));
  }

  @Test
  void gracePeriodParameterFormats() {
    assertEquals(Duration.ofMillis(1500), ThreadLeakExtension.parseDuration("1500"));
    assertEquals(Duration.ofMillis(250), ThreadLeakExtension.parseDuration("250ms"));
    assertEquals(Duration.ofSeconds(2), ThreadLeakExtension.parseDuration(" 2s "));
    assertEquals(Duration.ofMillis(1500), ThreadLeakExtension.parseDuration("PT1.5S"));
    assertThrows(ExtensionConfigurationException.class, () -> ThreadLeakExtension.parseDuration("-5"));
    assertThrows(ExtensionConfigurationException.class, () -> ThreadLeakExtension.parseDuration("PT-1S"));
    assertThrows(ExtensionConfigurationException.class, () -> ThreadLeakExtension.parseDuration("2 minutes"));
  }

  @Test
  void originOfLambdasAndAnonymousClasses() {
    assertEquals("a lambda written in com.example.Poller.start",
        Frames.describeOrigin(new StackTraceElement("com.example.Poller", "lambda$start$0", "Poller.java", 3)));
    assertEquals("a lambda written in com.example.Poller.<init>",
        Frames.describeOrigin(new StackTraceElement("com.example.Poller", "lambda$new$1", "Poller.java", 3)));
    assertEquals("an anonymous class written in com.example.Poller",
        Frames.describeOrigin(new StackTraceElement("com.example.Poller$2", "run", "Poller.java", 3)));
    assertEquals(null,
        Frames.describeOrigin(new StackTraceElement("com.example.Poller$Loop", "run", "Poller.java", 3)));
  }

  /** Users on JDK 11 can load the library. */
  @Test
  void compiledForJava11() throws IOException {
    try (InputStream in = ThreadLeaks.class.getResourceAsStream("ThreadLeaks.class");
        DataInputStream data = new DataInputStream(in)) {
      assertEquals(0xCAFEBABE, data.readInt());
      data.readUnsignedShort();
      assertEquals(55, data.readUnsignedShort());
    }
  }

  @Test
  void reportTextCountsThreads() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    Leftovers.startWaiting("api-a", false);
    Leftovers.startWaiting("api-b", true);

    ThreadLeakError error =
        assertThrows(ThreadLeakError.class, () -> ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(20)));
    assertContains(error.getMessage(), "2 threads started here are still alive 20 ms after the end");
    assertContains(error.getMessage(), "1) \"api-a\"");
    assertContains(error.getMessage(), "2) \"api-b\"");
  }

  /** On JDKs that cannot list virtual threads, the report says they were not checked. */
  @Test
  void reportSaysWhetherVirtualThreadsAreChecked() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    Leftovers.startWaiting("api-consumer", false);

    ThreadLeakError error =
        assertThrows(ThreadLeakError.class, () -> ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(20)));
    String note = "Note: virtual threads are not checked on JDK " + Runtime.version().feature() + " (listing them needs JDK 21+)";
    assertEquals(Runtime.version().feature() < 21, error.getMessage().contains(note), error.getMessage());
    assertEquals(Runtime.version().feature() >= 21, VirtualThreads.supported());
  }

  /** Threads created after snapshot() on this thread are reported with the line that created them. */
  @Test
  void reportsWhereAThreadWasCreated() {
    ThreadSnapshot before = ThreadLeaks.snapshot();
    int line = Runs.line(); Leftovers.startWaiting(task -> new Thread(task, "api-created"));

    ThreadLeakError error =
        assertThrows(ThreadLeakError.class, () -> ThreadLeaks.verifyNoNewThreads(before, Duration.ofMillis(20)));
    assertEquals(line, error.leaks().get(0).createdAt().orElseThrow().getLineNumber());
    assertContains(error.getMessage(), "1 thread started here is still alive 20 ms after the end");
  }

  private static ThreadLeakOptions options(Duration grace) {
    return ThreadLeakOptions.builder().gracePeriod(grace).build();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
