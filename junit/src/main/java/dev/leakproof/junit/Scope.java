package dev.leakproof.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who threads belong to: one test, one test class, the whole run, or a {@link ThreadLeaks#snapshot()}
 * caller. Threads created while a scope's code runs inherit it (see {@link Origins}), and so do the
 * threads they create, so a scope knows how many threads it created and which uncaught exceptions
 * its threads threw, even when tests run in parallel.
 */
final class Scope {
  enum Kind {
    TEST("test"),
    CLASS("test class"),
    RUN("test run"),
    SNAPSHOT("snapshot");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /** An exception that escaped a thread of this scope, or of a scope nested in it. */
  static final class Uncaught {
    final String threadName;
    final Origins.Record origin;
    final Throwable exception;
    /** The nested scope whose thread threw, or null. */
    final Scope from;
    /** Whether it was thrown after {@link #from} had been checked. */
    final boolean late;

    Uncaught(String threadName, Origins.Record origin, Throwable exception, Scope from, boolean late) {
      this.threadName = threadName;
      this.origin = origin;
      this.exception = exception;
      this.from = from;
      this.late = late;
    }

    /** The same exception, handed from the scope {@code by} to its parent. */
    Uncaught handedOnBy(Scope by, boolean afterCheck) {
      return from != null ? this : new Uncaught(threadName, origin, exception, by, afterCheck);
    }
  }

  final Kind kind;
  /** The test class, when there is one: with {@link #label}, the name in reports, built on demand. */
  private final Class<?> testClass;
  private final String label;
  final Scope parent;
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger createdVirtual = new AtomicInteger();
  private final List<Uncaught> uncaught = new ArrayList<>();
  private boolean closed;

  Scope(Kind kind, String label, Scope parent) {
    this(kind, null, label, parent);
  }

  Scope(Kind kind, Class<?> testClass, String label, Scope parent) {
    this.kind = kind;
    this.testClass = testClass;
    this.label = label;
    this.parent = parent;
  }

  /** "test OrderListenerTest.startsAListener()", "test class OrderListenerTest", "test run". */
  String describe() {
    String name = testClass == null ? label
        : kind == Kind.CLASS ? simpleName(testClass) : simpleName(testClass) + "." + label;
    return name.isEmpty() ? kind.noun : kind.noun + " " + name;
  }

  /** {@code Outer.Inner} for a nested class, without the package. */
  static String simpleName(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  void countCreated(boolean virtual) {
    created.incrementAndGet();
    if (virtual) {
      createdVirtual.incrementAndGet();
    }
  }

  /** Threads created by this scope's code and by the threads it created, ended or not. */
  int created() {
    return created.get();
  }

  int createdVirtual() {
    return createdVirtual.get();
  }

  /**
   * Records an uncaught exception; once this scope is closed (its check is over), the exception
   * goes to the enclosing scope, marked as late.
   */
  void addUncaught(Uncaught exception) {
    synchronized (this) {
      if (!closed) {
        uncaught.add(exception);
        return;
      }
    }
    if (parent != null) {
      parent.addUncaught(exception.handedOnBy(this, true));
    }
  }

  synchronized List<Uncaught> uncaught() {
    return new ArrayList<>(uncaught);
  }

  /** Ends collection: later exceptions go to the enclosing scope. Returns what was collected. */
  synchronized List<Uncaught> close() {
    closed = true;
    List<Uncaught> all = new ArrayList<>(uncaught);
    uncaught.clear();
    return all;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return describe();
  }
}
