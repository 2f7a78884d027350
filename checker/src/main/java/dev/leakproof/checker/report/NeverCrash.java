package dev.leakproof.checker.report;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import java.util.function.Supplier;

/**
 * Runs a check's matching logic so that an unexpected shape of code means silence, not a javac
 * crash: an exception escaping a BugChecker fails the user's whole build. Every matcher of every
 * Leakproof check returns through here, so this is also where {@code @IntentionalDaemon} silences
 * the checks about long-lived threads ({@link IntentionalDaemonChecker}) and where each finding
 * goes to the baseline and the SARIF log ({@link Findings}).
 *
 * <p>Our own tests (through a JUnit launcher listener, whatever runs them) and the real-code corpus
 * run set the system property {@code leakproof.failOnCrash=true}, so that a crash there is seen and
 * fixed instead of hidden.
 */
public final class NeverCrash {
  private NeverCrash() {}

  /** {@code matcher}'s description for {@code checker} (a Leakproof check), as reported. */
  public static Description guard(BugChecker checker, VisitorState state, Supplier<Description> matcher) {
    Description description;
    try {
      description = matcher.get();
      if (description != Description.NO_MATCH
          && checker instanceof IntentionalDaemonChecker daemonChecker
          && daemonChecker.silencedHere(state)) {
        description = Description.NO_MATCH; // see IntentionalDaemonChecker: not Error Prone's
      }
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      if (Boolean.getBoolean("leakproof.failOnCrash")) { // read here: tests may set it late
        throw e;
      }
      description = Description.NO_MATCH;
    }
    return Findings.pass(checker, state, description);
  }
}
