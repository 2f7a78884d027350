package dev.leakproof.junit;

import java.util.Optional;

/**
 * A thread started since a {@link ThreadSnapshot} and still alive at the end of the grace period,
 * as it was then: where it is stuck, what it was started to run, and where it was created.
 */
public final class LeakedThread {
  private static final int MAX_FRAMES = 64;

  /** What happened when the leaked threads were interrupted after the report (opt-in cleanup). */
  enum Cleanup { NOT_TRIED, ENDED, ZOMBIE, NO_HANDLE }

  private final Thread thread;
  private final String name;
  private final long id;
  private final Thread.State state;
  private final boolean daemon;
  private final boolean virtual;
  private final String className;
  private final String groupName;
  private final StackTraceElement[] stack;
  private final String lockName;
  private final String lockOwner;
  private final Attribution.Origin origin;
  private final String originNote;
  private final JfrStarts.Start start;
  private volatile Cleanup cleanup = Cleanup.NOT_TRIED;

  LeakedThread(Thread thread, StackTraceElement[] stack, String lockName, String lockOwner,
      Attribution.Origin origin, String originNote, JfrStarts.Start start) {
    this.thread = thread;
    this.name = thread.getName();
    this.id = ThreadList.idOf(thread);
    this.state = thread.getState();
    this.daemon = thread.isDaemon();
    this.virtual = false;
    this.className = thread.getClass().getName();
    ThreadGroup group = thread.getThreadGroup();
    this.groupName = group == null ? null : group.getName();
    this.stack = stack.clone();
    this.lockName = lockName;
    this.lockOwner = lockOwner;
    this.origin = origin;
    this.originNote = originNote;
    this.start = start;
  }

  LeakedThread(VirtualThreads.Info info, Attribution.Origin origin, String originNote) {
    this.thread = null;
    this.name = info.name;
    this.id = info.id;
    this.state = info.state;
    this.daemon = true;
    this.virtual = true;
    this.className = "java.lang.VirtualThread";
    this.groupName = null;
    this.stack = info.stack.clone();
    this.lockName = info.waitingOn;
    this.lockOwner = null;
    this.origin = origin;
    this.originNote = originNote;
    this.start = null;
  }

  /**
   * The thread itself, e.g. to interrupt it after the report; null for a virtual thread, which the
   * JDK lists (in a thread dump) without giving a handle on it.
   */
  public Thread thread() {
    return thread;
  }

  public String name() {
    return name;
  }

  public long id() {
    return id;
  }

  /** The state at the end of the grace period; null if a virtual thread's dump did not say. */
  public Thread.State state() {
    return state;
  }

  /** Virtual threads are always daemon threads. */
  public boolean isDaemon() {
    return daemon;
  }

  public boolean isVirtual() {
    return virtual;
  }

  /** The stack at the end of the grace period, innermost frame first. */
  public StackTraceElement[] stackTrace() {
    return stack.clone();
  }

  /** The innermost frame outside the JDK and the test tools: where user code is stuck. */
  public Optional<StackTraceElement> firstUserFrame() {
    int index = Frames.firstUserFrame(stack);
    return index < 0 ? Optional.empty() : Optional.of(stack[index]);
  }

  /**
   * The outermost frame outside the JDK and the test tools: the {@code Runnable}, lambda or task the
   * thread was started to run.
   */
  public Optional<StackTraceElement> entryPoint() {
    int index = Frames.entryFrame(stack);
    return index < 0 ? Optional.empty() : Optional.of(stack[index]);
  }

  /**
   * The line of user code that created the thread (or, with {@code leakproof.junit.jfr=true}, that
   * started it), when it is known for certain; see the report for possible lines otherwise.
   */
  public Optional<StackTraceElement> createdAt() {
    StackTraceElement[] creation = start != null ? start.stack : origin.record != null ? origin.record.stack() : null;
    if (creation == null) {
      return Optional.empty();
    }
    int user = Frames.firstUserFrame(creation);
    return user >= 0 ? Optional.of(creation[user]) : creation.length > 0 ? Optional.of(creation[0]) : Optional.empty();
  }

  /** Whether it was still alive after being interrupted and waited for (cleanup on), a zombie. */
  public boolean survivedInterrupt() {
    return cleanup == Cleanup.ZOMBIE || cleanup == Cleanup.NO_HANDLE;
  }

  Attribution.Origin origin() {
    return origin;
  }

  void cleanup(Cleanup outcome) {
    this.cleanup = outcome;
  }

  /** The report's paragraph for this thread. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append('"').append(name).append("\" (");
    if (virtual) {
      out.append("virtual thread #").append(id).append(state == null ? "" : ", " + state);
    } else {
      out.append("id ").append(id).append(", ").append(state).append(daemon ? ", daemon" : ", not daemon");
      if (!className.equals(Thread.class.getName())) {
        out.append(", ").append(className);
      }
      if (groupName != null) {
        out.append(", group ").append(groupName);
      }
    }
    out.append(")\n");
    appendOrigin(out);
    if (lockName != null) {
      out.append("    waiting on ").append(lockName);
      if (lockOwner != null) {
        out.append(" held by \"").append(lockOwner).append('"');
      }
      out.append('\n');
    }
    int user = Frames.firstUserFrame(stack);
    int entry = Frames.entryFrame(stack);
    if (user >= 0) {
      out.append("    stuck in your code at: ").append(Frames.format(stack[user])).append('\n');
    }
    if (entry >= 0) {
      out.append("    started to run: ").append(Frames.format(stack[entry]));
      String written = Frames.describeOrigin(stack[entry]);
      if (written != null) {
        out.append(" (").append(written).append(')');
      }
      out.append('\n');
    }
    if (user < 0) {
      String hint = Frames.idleHint(stack);
      out.append("    no code of yours on its stack");
      out.append(hint == null ? "" : ": " + hint).append('\n');
    }
    appendCleanup(out);
    if (stack.length == 0) {
      out.append("    (no stack available)\n");
    }
    int shown = Math.min(stack.length, MAX_FRAMES);
    for (int i = 0; i < shown; i++) {
      out.append(i == user ? "  =>  at " : "      at ").append(Frames.format(stack[i])).append('\n');
    }
    if (stack.length > shown) {
      out.append("      ... ").append(stack.length - shown).append(" more\n");
    }
    return out.toString();
  }

  private void appendOrigin(StringBuilder out) {
    if (start != null) {
      out.append("    started at: ").append(placeIn(start.stack)).append(" (by thread \"")
          .append(start.starterName).append("\", from JFR)\n");
      appendCallers(out, start.stack);
    } else if (origin.record != null) {
      Origins.Record record = origin.record;
      out.append("    created at: ").append(Attribution.place(record)).append('\n');
      appendCallers(out, record.stack());
      if (record.creatorRecord != null) {
        out.append("      by thread \"").append(record.creatorName).append("\", itself created at ")
            .append(Attribution.place(record.creatorRecord)).append('\n');
      }
    } else if (!origin.candidates.isEmpty()) {
      out.append("    created at one of:\n");
      for (Origins.Record candidate : origin.candidates) {
        out.append("      ").append(Attribution.place(candidate)).append(" (").append(candidate.scope).append(")\n");
      }
    }
    if (originNote != null) {
      out.append("    ").append(originNote).append('\n');
    }
  }

  /** Up to two more frames of user code below the creating line. */
  private static void appendCallers(StringBuilder out, StackTraceElement[] creation) {
    int user = Frames.firstUserFrame(creation);
    int shown = 0;
    for (int i = user + 1; user >= 0 && i < creation.length && shown < 2; i++) {
      if (Frames.isUserCode(creation[i])) {
        out.append("      called from ").append(Frames.format(creation[i])).append('\n');
        shown++;
      }
    }
  }

  private static String placeIn(StackTraceElement[] stack) {
    int user = Frames.firstUserFrame(stack);
    return user >= 0 ? Frames.format(stack[user]) : stack.length > 0 ? Frames.format(stack[0]) : "an unknown place";
  }

  private void appendCleanup(StringBuilder out) {
    switch (cleanup) {
      case ENDED:
        out.append("    interrupted after this report: it ended\n");
        break;
      case ZOMBIE:
        out.append("    interrupted after this report, and still alive after the wait: a zombie"
            + " (it ignores interrupts; it keeps running into the next tests)\n");
        break;
      case NO_HANDLE:
        out.append("    not interrupted: the JDK gives no handle on a virtual thread found in a thread dump\n");
        break;
      default:
        break;
    }
  }

  @Override
  public String toString() {
    return "LeakedThread[" + name + ", " + (virtual ? "virtual, " : "") + state + (daemon ? ", daemon]" : "]");
  }
}
