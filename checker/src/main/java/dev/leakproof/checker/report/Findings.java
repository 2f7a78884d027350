package dev.leakproof.checker.report;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;

/**
 * The one place every Leakproof finding passes through ({@link
 * dev.leakproof.checker.report.NeverCrash#guard}), and so where the baseline filters findings and the
 * SARIF log records them. With no {@code Leakproof:*} option it costs one lookup in javac's context
 * per call and returns the description unchanged.
 */
public final class Findings {
  static final boolean FAIL_ON_CRASH = Boolean.getBoolean("leakproof.failOnCrash");

  private Findings() {}

  /**
   * What to report for {@code description}, the result (possibly NO_MATCH) of one call of one of
   * {@code checker}'s matchers: the description itself, or NO_MATCH when the baseline has it.
   */
  public static Description pass(BugChecker checker, VisitorState state, Description description) {
    try {
      return Session.of(state).pass(checker, state, description);
    } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
      // LinkageError too: an Error Prone or JDK API that differs from the one compiled against
      if (FAIL_ON_CRASH) {
        throw e;
      }
      return description; // never crash javac: report the finding as if there were no options
    }
  }
}
