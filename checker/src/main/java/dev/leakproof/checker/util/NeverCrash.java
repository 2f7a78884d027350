package dev.leakproof.checker.util;

import com.google.errorprone.matchers.Description;
import java.util.function.Supplier;

/**
 * Runs a check's matching logic so that an unexpected shape of code means silence, not a javac
 * crash: an exception escaping a BugChecker fails the user's whole build.
 *
 * <p>Our own tests and the real-code corpus run set the system property {@code
 * leakproof.failOnCrash=true}, so that a crash there is seen and fixed instead of hidden.
 */
public final class NeverCrash {
  private static final boolean FAIL_ON_CRASH = Boolean.getBoolean("leakproof.failOnCrash");

  private NeverCrash() {}

  public static Description guard(Supplier<Description> matcher) {
    try {
      return matcher.get();
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      if (FAIL_ON_CRASH) {
        throw e;
      }
      return Description.NO_MATCH;
    }
  }
}
