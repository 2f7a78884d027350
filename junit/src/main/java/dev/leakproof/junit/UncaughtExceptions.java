package dev.leakproof.junit;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The JVM's default uncaught-exception handler while leak detection runs: an exception that ends a
 * thread is filed with the {@link Scope} the thread inherited (exact even when tests run in
 * parallel, since the handler runs on the dying thread itself), then handed on to the handler that
 * was installed before, or printed as the JDK does when there was none.
 *
 * <p>Threads with a handler of their own, and threads of a thread group that overrides {@code
 * uncaughtException}, never reach the default handler; neither do exceptions caught by an executor
 * (a task given to {@code submit()} keeps its exception in its {@code Future}).
 */
final class UncaughtExceptions implements Thread.UncaughtExceptionHandler {
  /** Threads being interrupted by the cleanup: what they throw then is the cleanup's doing. */
  private static final Set<Thread> CLEANING = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private static volatile Scope fallback;

  private final Thread.UncaughtExceptionHandler previous;

  private UncaughtExceptions(Thread.UncaughtExceptionHandler previous) {
    this.previous = previous;
  }

  /**
   * Installs the handler, wrapping the current default handler; again if code replaced it since
   * (the replacement is then the one handed on to).
   */
  static void ensureInstalled() {
    Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
    if (!(current instanceof UncaughtExceptions)) {
      synchronized (UncaughtExceptions.class) {
        current = Thread.getDefaultUncaughtExceptionHandler();
        if (!(current instanceof UncaughtExceptions)) {
          Thread.setDefaultUncaughtExceptionHandler(new UncaughtExceptions(current));
        }
      }
    }
  }

  /**
   * Where exceptions of threads that inherited no scope go (threads created before leak detection
   * started, or without inheriting thread-locals): the whole run's scope, when there is one.
   */
  static void fallback(Scope scope) {
    fallback = scope;
  }

  static void cleaning(Thread thread) {
    CLEANING.add(thread);
  }

  @Override
  public void uncaughtException(Thread thread, Throwable exception) {
    try {
      if (!CLEANING.contains(thread)) {
        Origins.Tag tag = thread == Thread.currentThread() ? Origins.current() : null;
        Scope scope = tag != null ? tag.scope : fallback;
        if (scope != null && scope.kind != Scope.Kind.SNAPSHOT) {
          scope.addUncaught(new Scope.Uncaught(thread.getName(), tag == null ? null : tag.record, exception, null, false));
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // never lose the exception to a failure of ours: it is still handed on below
    }
    if (previous != null) {
      previous.uncaughtException(thread, exception);
    } else if (!(exception instanceof ThreadDeath)) {
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      exception.printStackTrace(System.err);
    }
  }
}
