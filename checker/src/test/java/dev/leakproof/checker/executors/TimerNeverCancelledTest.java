package dev.leakproof.checker.executors;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tests of {@link TimerNeverCancelled}: identification by topic, then replacement. */
class TimerNeverCancelledTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(TimerNeverCancelled.class, getClass());

  /** A local timer scheduled and never cancelled that does not escape. */
  @Nested
  class LocalsNeverCancelled {
    @Test
    void localScheduledAndNeverCancelled() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void poll(TimerTask task) {",
              "    // BUG: Diagnostic contains: Timer 'timer' is never cancelled: its thread will outlive this method, and non-daemon threads keep the JVM from exiting",
              "    Timer timer = new Timer(\"poll\");",
              "    timer.schedule(task, 0, 100);",
              "  }",
              "  void daemonLocal(TimerTask task) {",
              "    // a daemon timer does not hold the JVM up (H2's ThreadDeadlockDetector): the message says so",
              "    // BUG: Diagnostic contains: never cancelled: its thread will outlive this method, and a daemon thread still runs, with what its tasks hold, until the JVM exits",
              "    Timer timer = new Timer(true);",
              "    timer.schedule(task, 0, 100);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void localTimersNeverCancelled() {
      helper
          .addSourceLines(
              "Reminders.java",
              """
              import java.util.*;
              class Reminders {
                void remind(TimerTask task) {
                  // BUG: Diagnostic contains: Timer 'timer' is never cancelled
                  Timer timer = new Timer();
                  timer.schedule(task, 1000);
                }
                void daemon(TimerTask task) {
                  // BUG: Diagnostic contains: Timer 'background' is never cancelled
                  Timer background = new Timer(true);
                  background.scheduleAtFixedRate(task, 0, 1000);
                }
                void perRequest(Runnable timeout) {
                  // BUG: Diagnostic contains: Timer 'watchdog' is never cancelled
                  Timer watchdog = new Timer("request-watchdog", true);
                  watchdog.schedule(new TimerTask() {
                    @Override public void run() { timeout.run(); }
                  }, 30_000);
                }
              }
              """)
          .doTest();
    }

    @Test
    void timerInsideLambdaBody() {
      helper
          .addSourceLines(
              "Jobs.java",
              """
              import java.util.*;
              class Jobs {
                Runnable job(TimerTask t) {
                  return () -> {
                    // BUG: Diagnostic contains: Timer 'inner' is never cancelled
                    Timer inner = new Timer();
                    inner.schedule(t, 10);
                  };
                }
              }
              """)
          .doTest();
    }

    @Test
    void timerInAnonymousClassAndStaticInitializer() {
      helper
          .addSourceLines(
              "Odd.java",
              """
              import java.util.*;
              class Odd {
                // BUG: Diagnostic contains: Field 'SHARED'
                private static final Timer SHARED;
                static {
                  SHARED = new Timer("shared");
                }
                Runnable later(TimerTask t) {
                  return new Runnable() {
                    @Override public void run() {
                      // BUG: Diagnostic contains: Timer 'once' is never cancelled
                      Timer once = new Timer();
                      once.schedule(t, 10);
                    }
                  };
                }
                static void use(TimerTask t) { SHARED.schedule(t, 1); }
              }
              """)
          .doTest();
    }

    @Test
    void taskCancellingItselfDoesNotCancelTheTimer() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller {
                void poll(java.util.function.BooleanSupplier done) {
                  // BUG: Diagnostic contains: Timer 'timer' is never cancelled
                  Timer timer = new Timer("poller");
                  timer.schedule(new TimerTask() {
                    @Override public void run() {
                      if (done.getAsBoolean()) {
                        cancel();
                      }
                    }
                  }, 0, 500);
                }
              }
              """)
          .doTest();
    }
  }

  /** A timer created per call or per iteration and dropped. */
  @Nested
  class TimersPerCall {
    @Test
    void timerPerCallDropped() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void onRequest(TimerTask timeout) {",
              "    // BUG: Diagnostic contains: This timer is created, used once and dropped",
              "    new Timer().schedule(timeout, 5000);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void timerPerRequestDroppedInline() {
      helper
          .addSourceLines(
              "Sessions.java",
              """
              import java.util.*;
              class Sessions {
                void login(String user, Map<String, Long> sessions) {
                  sessions.put(user, System.nanoTime());
                  // BUG: Diagnostic contains: This timer is created, used once and dropped
                  new Timer(true).schedule(new TimerTask() {
                    @Override public void run() { sessions.remove(user); }
                  }, 1_800_000);
                }
              }
              """)
          .doTest();
    }

    @Test
    void timerPerLoopIterationOrReplacedWhileLive() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  // BUG: Diagnostic contains: Field 'ticker' gets a new timer in reset() without cancelling",
              "  private Timer ticker = new Timer(\"ticker\");",
              "  void reset() {",
              "    ticker = new Timer(\"ticker\");",
              "  }",
              "  void stop() { ticker.cancel(); }",
              "  void remindAll(List<TimerTask> reminders) {",
              "    for (TimerTask reminder : reminders) {",
              "      // BUG: Diagnostic contains: Timer 'timer' is never cancelled",
              "      Timer timer = new Timer();",
              "      timer.schedule(reminder, 1000);",
              "    }",
              "  }",
              "  void checked(TimerTask task) throws Exception {",
              "    // BUG: Diagnostic contains: an InterruptedException thrown by the call on line 20 skips",
              "    Timer timer = new Timer();",
              "    timer.schedule(task, 10);",
              "    Thread.sleep(100);",
              "    timer.cancel();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void timerFieldCreatedPerRequestAndNeverCancelled() {
      helper
          .addSourceLines(
              "Handler.java",
              """
              import java.util.*;
              class Handler {
                // BUG: Diagnostic contains: Field 'timeout' holds a timer this class creates
                private Timer timeout;
                void onRequest(TimerTask expire) {
                  timeout = new Timer("timeout", true);
                  timeout.schedule(expire, 30_000);
                }
              }
              """)
          .doTest();
    }
  }

  /** Cancelled on some paths only. */
  @Nested
  class PathsThatSkipTheCancel {
    @Test
    void earlyReturnSkipsCancel() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void poll(TimerTask task, boolean dryRun) {",
              "    // BUG: Diagnostic contains: the return on line 6 skips timer.cancel()",
              "    Timer timer = new Timer();",
              "    if (dryRun) return;",
              "    timer.schedule(task, 10);",
              "    timer.cancel();",
              "  }",
              "}")
          .doTest();
    }
  }

  /** Cancelled on every path. */
  @Nested
  class CancelledOnEveryPath {
    @Test
    void cancelledOnEveryPathIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void inFinally(TimerTask task) throws InterruptedException {",
              "    Timer timer = new Timer(\"poller\");",
              "    try {",
              "      timer.schedule(task, 0, 100);",
              "      Thread.sleep(1000);",
              "    } finally {",
              "      timer.cancel();",
              "    }",
              "  }",
              "  void guardedInFinally(TimerTask task, java.util.concurrent.atomic.AtomicBoolean fired)",
              "      throws java.io.IOException {",
              "    Timer timer = null;",
              "    try {",
              "      timer = new Timer();",
              "      timer.schedule(task, 100);",
              "      java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"x\"));",
              "    } finally {",
              "      if (timer != null && !fired.get()) {",
              "        timer.cancel();",
              "      }",
              "    }",
              "  }",
              "  void straightLine(TimerTask task) {",
              "    Timer timer = new Timer();",
              "    timer.schedule(task, 10);",
              "    timer.cancel();",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void taskCancellingItsTimerIsSilent() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller {
                void poll(java.util.function.BooleanSupplier done) {
                  Timer timer = new Timer("poller");
                  timer.schedule(new TimerTask() {
                    @Override public void run() {
                      if (done.getAsBoolean()) {
                        timer.cancel();
                      }
                    }
                  }, 0, 500);
                }
              }
              """)
          .doTest();
    }
  }

  /** Timers that escape, and timers that are not java.util.Timer. */
  @Nested
  class OwnershipAndEscapes {
    @Test
    void escapesAreSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  private final List<Timer> timers = new ArrayList<>();",
              "  Timer returned() {",
              "    Timer timer = new Timer();",
              "    timer.schedule(new TimerTask() { public void run() {} }, 10);",
              "    return timer;",
              "  }",
              "  void collected() {",
              "    Timer timer = new Timer();",
              "    timers.add(timer);",
              "  }",
              "  void passedOn() {",
              "    keep(new Timer());",
              "  }",
              "  void selfCancelling() {",
              "    Timer timer = new Timer();",
              "    timer.schedule(new TimerTask() {",
              "      @Override public void run() { timer.cancel(); }",
              "    }, 10);",
              "  }",
              "  void close() { timers.forEach(Timer::cancel); }",
              "  static void keep(Timer timer) {}",
              "}")
          .doTest();
    }

    @Test
    void timerReturnedOrHandedToTheTaskIsSilent() {
      helper
          .addSourceLines(
              "Escapes.java",
              """
              import java.util.*;
              class Escapes {
                static final class Job extends TimerTask {
                  private final Timer owner;
                  Job(Timer owner) { this.owner = owner; }
                  @Override public void run() { owner.cancel(); }
                }
                void handOver() {
                  Timer timer = new Timer();
                  timer.schedule(new Job(timer), 100);
                }
                Timer start(TimerTask t) {
                  Timer timer = new Timer("started");
                  timer.schedule(t, 0, 100);
                  return timer;
                }
              }
              """)
          .doTest();
    }

    @Test
    void swingTimerIsNotAUtilTimer() {
      helper
          .addSourceLines(
              "Blink.java",
              """
              class Blink {
                private final javax.swing.Timer blink = new javax.swing.Timer(500, e -> {});
                void start() {
                  javax.swing.Timer once = new javax.swing.Timer(100, e -> {});
                  once.start();
                  blink.start();
                }
              }
              """)
          .doTest();
    }
  }

  /** A timer field the class creates: cancelled by some method, or never. */
  @Nested
  class Fields {
    @Test
    void fieldNeverCancelled() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  // BUG: Diagnostic contains: Field 'timer' holds a timer this class creates",
              "  private final Timer timer = new Timer(\"heartbeat\");",
              "  // BUG: Diagnostic contains: Field 'daemonInstance'",
              "  private final Timer daemonInstance = new Timer(true);",
              "  // BUG: Diagnostic contains: Field 'STATIC_TIMER'",
              "  private static final Timer STATIC_TIMER = new Timer();",
              "  void start(TimerTask t) {",
              "    timer.schedule(t, 0, 1000);",
              "    daemonInstance.schedule(t, 10);",
              "    STATIC_TIMER.schedule(t, 10);",
              "  }",
              "}")
          .doTest();
    }

    @Test
    void fieldCancelledByAnyMethodOrInjectedIsSilent() {
      helper
          .addSourceLines(
              "A.java",
              "import java.util.*;",
              "class A implements AutoCloseable {",
              "  private final Timer timer = new Timer(\"refresh\");",
              "  private final Timer injected;",
              "  private static final Timer DAEMON = new Timer(true);",
              "  private static final Timer NAMED_DAEMON = new Timer(\"named\", true);",
              "  private static final boolean AS_DAEMON = true;",
              "  private static final Timer CONSTANT_DAEMON = new Timer(AS_DAEMON);",
              "  A(Timer injected) { this.injected = injected; }",
              "  void start(TimerTask task) {",
              "    timer.schedule(task, 0, 1000);",
              "    injected.schedule(task, 10);",
              "    DAEMON.schedule(task, 10);",
              "    NAMED_DAEMON.schedule(task, 10);",
              "    CONSTANT_DAEMON.schedule(task, 10);",
              "  }",
              "  @Override public void close() { timer.cancel(); }",
              "}")
          .doTest();
    }

    @Test
    void namedTimerFieldCancelledInClose() {
      helper
          .addSourceLines(
              "Refresher.java",
              """
              import java.util.*;
              class Refresher implements AutoCloseable {
                private final Timer timer;
                Refresher(TimerTask refresh) {
                  timer = new Timer("refresher");
                  timer.schedule(refresh, 0, 60_000);
                }
                @Override public void close() {
                  timer.cancel();
                  timer.purge();
                }
              }
              """)
          .doTest();
    }

    @Test
    void timerFieldSetInConstructorNeverCancelled() {
      helper
          .addSourceLines(
              "Refresher.java",
              """
              import java.util.*;
              class Refresher {
                // BUG: Diagnostic contains: Field 'timer' holds a timer this class creates
                private final Timer timer;
                Refresher(TimerTask refresh) {
                  this.timer = new Timer("refresher", true);
                  this.timer.schedule(refresh, 0, 60_000);
                }
              }
              """)
          .doTest();
    }
  }

  /** Static daemon timers, @SuppressWarnings and @IntentionalDaemon. */
  @Nested
  class DaemonsAndSuppression {
    @Test
    void suppressedBySuppressWarningsAndIntentionalDaemon() {
      helper
          .addSourceLines(
              "A.java",
              "import dev.leakproof.annotations.IntentionalDaemon;",
              "import java.util.*;",
              "class A {",
              "  @SuppressWarnings(\"TimerNeverCancelled\")",
              "  private final Timer suppressed = new Timer();",
              "  @IntentionalDaemon(\"ticks until the JVM exits\")",
              "  private final Timer clock = new Timer();",
              "  @IntentionalDaemon",
              "  void perCall(TimerTask task) {",
              "    new Timer().schedule(task, 10);",
              "  }",
              "  void local(TimerTask task) {",
              "    @IntentionalDaemon Timer timer = new Timer();",
              "    timer.schedule(task, 10);",
              "  }",
              "  void use(TimerTask t) { suppressed.schedule(t, 1); clock.schedule(t, 1); }",
              "}")
          .doTest();
    }

    @Test
    void staticDaemonTimerIsSilentStaticNonDaemonIsFlagged() {
      helper
          .addSourceLines(
              "Timers.java",
              """
              import java.util.*;
              class Timers {
                private static final Timer DAEMON = new Timer("daemon", true);
                // BUG: Diagnostic contains: Field 'PLAIN'
                private static final Timer PLAIN = new Timer("plain");
                static void later(TimerTask a, TimerTask b) {
                  DAEMON.schedule(a, 10);
                  PLAIN.schedule(b, 10);
                }
              }
              """)
          .doTest();
    }

    @Test
    void staticTimerWhoseDaemonFlagIsDecidedElsewhere() {
      helper
          .addSourceLines(
              "Clock.java",
              """
              import java.util.*;
              class Clock {
                private static final Timer CONFIGURED =
                    new Timer("clock", Boolean.getBoolean("clock.daemon"));
                // BUG: Diagnostic contains: Field 'NEVER_DAEMON'
                private static final Timer NEVER_DAEMON = new Timer("never", false);
                static void tick(TimerTask a, TimerTask b) {
                  CONFIGURED.schedule(a, 10);
                  NEVER_DAEMON.schedule(b, 10);
                }
              }
              """)
          .doTest();
    }
  }

  /** A timer field declared {@code = null} or with no initialiser, set once (0.2). */
  @Nested
  class FieldsAssignedOnce {
    @Test
    void nullFieldSetOnceIsNotReplacingALiveTimer() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller {
                private Timer timer = null;
                Poller(TimerTask task) {
                  timer = new Timer("poller");
                  timer.schedule(task, 0, 1000);
                }
                void close() { timer.cancel(); }
              }
              """)
          .doTest();
    }

    @Test
    void nullFieldReplacedLaterStillLeaks() {
      helper
          .addSourceLines(
              "Poller.java",
              """
              import java.util.*;
              class Poller {
                // BUG: Diagnostic contains: Field 'timer' gets a new timer in restart() without cancelling
                private Timer timer = null;
                Poller() {
                  timer = new Timer("poller");
                }
                void restart() {
                  timer = new Timer("poller");
                }
                void close() { timer.cancel(); }
              }
              """)
          .doTest();
    }
  }

  /** The fix: cancel in finally. */
  @Nested
  class Replacement {
    @Test
    void fixCancelsInFinally() {
      BugCheckerRefactoringTestHelper.newInstance(TimerNeverCancelled.class, getClass())
          .addInputLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void poll(TimerTask task) throws InterruptedException {",
              "    Timer timer = new Timer();",
              "    timer.schedule(task, 0, 100);",
              "    Thread.sleep(500);",
              "  }",
              "}")
          .addOutputLines(
              "A.java",
              "import java.util.*;",
              "class A {",
              "  void poll(TimerTask task) throws InterruptedException {",
              "    Timer timer = new Timer();",
              "    try {",
              "      timer.schedule(task, 0, 100);",
              "      Thread.sleep(500);",
              "    } finally {",
              "      timer.cancel();",
              "    }",
              "  }",
              "}")
          .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
  }
}
