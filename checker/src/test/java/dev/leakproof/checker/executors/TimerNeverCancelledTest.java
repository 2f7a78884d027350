package dev.leakproof.checker.executors;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class TimerNeverCancelledTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(TimerNeverCancelled.class, getClass());

  // ---- Must not flag ----

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

  // ---- Must flag ----

  @Test
  void localScheduledAndNeverCancelled() {
    helper
        .addSourceLines(
            "A.java",
            "import java.util.*;",
            "class A {",
            "  void poll(TimerTask task) {",
            "    // BUG: Diagnostic contains: Timer 'timer' is never cancelled",
            "    Timer timer = new Timer(\"poll\");",
            "    timer.schedule(task, 0, 100);",
            "  }",
            "  void daemonLocal(TimerTask task) {",
            "    // BUG: Diagnostic contains: never cancelled",
            "    Timer timer = new Timer(true);",
            "    timer.schedule(task, 0, 100);",
            "  }",
            "}")
        .doTest();
  }

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

  // ---- Fix ----

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
