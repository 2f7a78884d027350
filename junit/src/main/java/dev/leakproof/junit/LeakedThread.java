package dev.leakproof.junit;

import java.util.Optional;

/**
 * A thread started since a {@link ThreadSnapshot} and still alive at the end of the grace period,
 * as it was then.
 */
public final class LeakedThread {
  private static final int MAX_FRAMES = 64;

  private final Thread thread;
  private final String name;
  private final long id;
  private final Thread.State state;
  private final boolean daemon;
  private final String groupName;
  private final StackTraceElement[] stack;
  private final String lockName;
  private final String lockOwner;

  LeakedThread(Thread thread, StackTraceElement[] stack, String lockName, String lockOwner) {
    this.thread = thread;
    this.name = thread.getName();
    this.id = idOf(thread);
    this.state = thread.getState();
    this.daemon = thread.isDaemon();
    ThreadGroup group = thread.getThreadGroup();
    this.groupName = group == null ? null : group.getName();
    this.stack = stack.clone();
    this.lockName = lockName;
    this.lockOwner = lockOwner;
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; this library runs on JDK 11.
  static long idOf(Thread thread) {
    return thread.getId();
  }

  /** The thread itself, e.g. to interrupt it after the report. */
  public Thread thread() {
    return thread;
  }

  public String name() {
    return name;
  }

  public long id() {
    return id;
  }

  public Thread.State state() {
    return state;
  }

  public boolean isDaemon() {
    return daemon;
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
   * thread was started to run. The place that called {@code start()} is not recorded by the JVM.
   */
  public Optional<StackTraceElement> entryPoint() {
    int index = Frames.entryFrame(stack);
    return index < 0 ? Optional.empty() : Optional.of(stack[index]);
  }

  /** The report's paragraph for this thread. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append('"').append(name).append("\" (id ").append(id).append(", ").append(state)
        .append(daemon ? ", daemon" : ", not daemon");
    String className = thread.getClass().getName();
    if (!className.equals(Thread.class.getName())) {
      out.append(", ").append(className);
    }
    if (groupName != null) {
      out.append(", group ").append(groupName);
    }
    out.append(")\n");
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
      String origin = Frames.describeOrigin(stack[entry]);
      if (origin != null) {
        out.append(" (").append(origin).append(')');
      }
      out.append('\n');
    }
    if (user < 0) {
      String hint = Frames.idleHint(stack);
      out.append("    no code of yours on its stack");
      out.append(hint == null ? "" : ": " + hint).append('\n');
    }
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

  @Override
  public String toString() {
    return "LeakedThread[" + name + ", " + state + (daemon ? ", daemon]" : "]");
  }
}
