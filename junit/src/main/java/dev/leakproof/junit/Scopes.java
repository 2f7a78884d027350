package dev.leakproof.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;

/**
 * The scopes of a JUnit run, shared by every extension instance that takes part in them: the
 * {@code @DetectThreadLeaks} extension (which checks the tests and classes it is registered for)
 * and the auto-detected whole-run extension (which only keeps track, and checks once at the end).
 * A scope's state lives in its {@link ExtensionContext}'s store, so both see the same state.
 */
final class Scopes {
  static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ThreadLeakExtension.class);
  private static final String CLASS_STATE = "class";
  private static final String TEST_STATE = "test";
  private static final String RUN_STATE = "run";

  private Scopes() {}

  /** One scope's snapshot and bookkeeping. */
  static final class State {
    final Scope scope;
    final ThreadSnapshot before;
    /** The extension instances taking part (one or two): compared by identity. */
    private final List<Object> members = new ArrayList<>(2);
    private Origins.Tag previousTag;
    private boolean tagged;
    private boolean checked;

    State(Scope scope, ThreadSnapshot before) {
      this.scope = scope;
      this.before = before;
    }

    private void join(Object member) {
      if (!isMember(member)) {
        members.add(member);
      }
    }

    private boolean isMember(Object member) {
      for (Object m : members) {
        if (m == member) {
          return true;
        }
      }
      return false;
    }
  }

  /** Settings, JFR, the exception handler: called by every callback before anything else. */
  static Settings start(ExtensionContext context) {
    Settings settings = Settings.of(context);
    if (settings.jfr) {
      JfrStarts.start();
    }
    if (settings.uncaughtHandler) {
      UncaughtExceptions.ensureInstalled();
    }
    return settings;
  }

  /** The whole run's state, created by the auto-detected extension with its first snapshot. */
  static WholeRun wholeRun(ExtensionContext context, Supplier<ThreadSnapshot> firstSnapshot) {
    ExtensionContext root = context.getRoot();
    return root.getStore(NAMESPACE).getOrComputeIfAbsent(RUN_STATE, k -> {
      Scope scope = new Scope(Scope.Kind.RUN, "", null);
      UncaughtExceptions.fallback(scope);
      return new WholeRun(root, scope, firstSnapshot.get());
    }, WholeRun.class);
  }

  static State enterClass(ExtensionContext context, Object member) {
    State state = context.getStore(NAMESPACE).getOrComputeIfAbsent(CLASS_STATE,
        k -> new State(new Scope(Scope.Kind.CLASS, context.getTestClass().orElse(null), context.getDisplayName(),
            parentScope(context)), ThreadSnapshot.take()),
        State.class);
    synchronized (state) {
      state.join(member);
    }
    return state;
  }

  /** Tags the test's thread: what it creates until the test ends belongs to the test. */
  static State enterTest(ExtensionContext context, Object member) {
    State state = context.getStore(NAMESPACE).getOrComputeIfAbsent(TEST_STATE,
        k -> new State(new Scope(Scope.Kind.TEST, context.getTestClass().orElse(null), context.getDisplayName(),
            parentScope(context)), ThreadSnapshot.take()),
        State.class);
    synchronized (state) {
      if (!state.tagged) {
        state.previousTag = Origins.enter(state.scope);
        state.tagged = true;
      }
      state.join(member);
    }
    return state;
  }

  /**
   * Leaves a class scope; {@code options} is non-null for a member that checks it (the first such
   * member checks). The last member to leave closes the scope.
   */
  static void leaveClass(ExtensionContext context, Object member, Supplier<ThreadLeakOptions> options) {
    leave(context, context.getStore(NAMESPACE).get(CLASS_STATE, State.class), member, options, false);
  }

  static void leaveTest(ExtensionContext context, Object member, Supplier<ThreadLeakOptions> options) {
    leave(context, context.getStore(NAMESPACE).get(TEST_STATE, State.class), member, options, true);
  }

  private static void leave(ExtensionContext context, State state, Object member,
      Supplier<ThreadLeakOptions> options, boolean test) {
    if (state == null) {
      return;
    }
    boolean check;
    synchronized (state) {
      if (!state.isMember(member)) {
        return;
      }
      check = options != null && !state.checked;
      state.checked |= check;
    }
    try {
      if (check) {
        Verdict.check(state, options, Settings.of(context));
      }
    } finally {
      boolean last;
      synchronized (state) {
        state.members.removeIf(m -> m == member);
        last = state.members.isEmpty();
      }
      if (last) {
        finish(context, state, test);
      }
    }
  }

  /** Untags the test's thread; an unchecked scope hands its exceptions and threads on. */
  private static void finish(ExtensionContext context, State state, boolean test) {
    if (test && state.tagged) {
      Origins.restore(state.previousTag);
    }
    if (state.checked) {
      return;
    }
    List<Scope.Uncaught> uncaught = state.scope.close();
    if (state.scope.parent != null) {
      for (Scope.Uncaught u : uncaught) {
        state.scope.parent.addUncaught(u.handedOnBy(state.scope, false));
      }
    }
    WholeRun run = context.getRoot().getStore(NAMESPACE).get(RUN_STATE, WholeRun.class);
    if (run != null && !Settings.of(context).parallel) {
      run.firstSeenAfter(state);
    }
  }

  /** Runs a class's own code ({@code @BeforeAll}, {@code @AfterAll}, constructors) in its scope. */
  static <T> T inClassScope(ExtensionContext context, InvocationInterceptor.Invocation<T> invocation)
      throws Throwable {
    State state = null;
    for (ExtensionContext c = context; c != null && state == null; c = c.getParent().orElse(null)) {
      state = c.getStore(NAMESPACE).get(CLASS_STATE, State.class);
    }
    if (state == null) {
      return invocation.proceed();
    }
    Origins.Tag previous = Origins.enter(state.scope);
    try {
      return invocation.proceed();
    } finally {
      Origins.restore(previous);
    }
  }

  private static Scope parentScope(ExtensionContext context) {
    for (ExtensionContext c = context.getParent().orElse(null); c != null; c = c.getParent().orElse(null)) {
      State state = c.getStore(NAMESPACE).get(CLASS_STATE, State.class);
      if (state != null) {
        return state.scope;
      }
    }
    WholeRun run = context.getRoot().getStore(NAMESPACE).get(RUN_STATE, WholeRun.class);
    return run == null ? null : run.scope;
  }

  /**
   * The whole run's scope: checked once, when JUnit closes the root context. Both close interfaces:
   * JUnit 5.13+ closes {@code AutoCloseable} values (and warns about the older interface alone);
   * 5.10 to 5.12 close {@code CloseableResource} ones. It is closed once either way.
   */
  static final class WholeRun implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final ExtensionContext root;
    final Scope scope;
    final ThreadSnapshot before;
    private final Map<Thread, String> firstSeen = Collections.synchronizedMap(new WeakHashMap<>());
    private boolean closed;

    WholeRun(ExtensionContext root, Scope scope, ThreadSnapshot before) {
      this.root = root;
      this.scope = scope;
      this.before = before;
    }

    /** Notes the threads that appeared during an unchecked scope (for threads of unknown origin). */
    void firstSeenAfter(State state) {
      for (Thread t : ThreadList.live()) {
        if (!state.before.contains(t) && t.isAlive() && !before.contains(t)) {
          firstSeen.putIfAbsent(t, state.scope.describe());
        }
      }
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      UncaughtExceptions.fallback(null);
      State state = new State(scope, before);
      Verdict.check(state, () -> ThreadLeakExtension.optionsFor(root, null), Settings.of(root), firstSeen);
    }
  }
}
