package dev.leakproof.junit;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Checks one scope at its end and turns leaks and uncaught exceptions into the failure to throw. */
final class Verdict {
  private Verdict() {}

  static void check(Scopes.State state, Supplier<ThreadLeakOptions> options, Settings settings) {
    check(state, options, settings, null);
  }

  /**
   * Throws an {@link UncaughtExceptionError} (with the leak report suppressed, if any) or a {@link
   * ThreadLeakError}, or returns. Options are built only when something needs them, so a clean
   * scope costs one look at the thread list.
   */
  static void check(Scopes.State state, Supplier<ThreadLeakOptions> optionsSupplier, Settings settings,
      Map<Thread, String> firstSeen) {
    boolean parallel = settings.parallel;
    ThreadLeakOptions options = null;
    List<LeakedThread> leaks = List.of();
    if (!isClean(state, parallel)) {
      options = optionsSupplier.get();
      leaks = new LeakCheck(state.before, options, state.scope, parallel)
          .firstSeen(firstSeen).jfr(settings.jfr).run();
    }
    List<Scope.Uncaught> uncaught = state.scope.close();
    if (!uncaught.isEmpty()) {
      if (options == null) {
        options = optionsSupplier.get();
      }
      if (!options.failOnUncaughtExceptions()) {
        uncaught = List.of();
      }
    }
    ThreadLeakError leakError =
        leaks.isEmpty() ? null : new ThreadLeakError(ThreadLeaks.report(leaks, options, state.scope), leaks);
    if (!uncaught.isEmpty()) {
      UncaughtExceptionError error = UncaughtExceptionError.of(uncaught, state.scope);
      if (leakError != null) {
        error.addSuppressed(leakError);
      }
      throw error;
    }
    if (leakError != null) {
      throw leakError;
    }
  }

  /**
   * Nothing to wait for: no platform thread is new since the snapshot and no virtual thread was
   * created; under parallel execution, the scope created no thread at all.
   */
  private static boolean isClean(Scopes.State state, boolean parallel) {
    ThreadSnapshot before = state.before;
    Scope scope = state.scope;
    if (parallel && scope.kind != Scope.Kind.RUN) {
      if (scope.created() == 0) {
        return true;
      }
      if (scope.createdVirtual() > 0 && VirtualThreads.supported()) {
        return false;
      }
    } else if (VirtualThreads.supported() && Origins.lastSeq() > before.lastRecord()
        && (!Origins.keptAllAfter(before.lastRecord())
            || Origins.recordsAfter(before.lastRecord()).stream().anyMatch(r -> r.virtual))) {
      return false;
    }
    for (Thread t : ThreadList.live()) {
      if (!before.contains(t) && t.isAlive() && !Settled.contains(t)) {
        return false;
      }
    }
    return true;
  }
}
