package dev.leakproof.checker.util;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes a crash inside a check fail the test instead of turning into silence ({@link dev.leakproof.checker.report.NeverCrash}),
 * in every run of these tests: Maven, an IDE or a plain JUnit console. Registered through {@code
 * META-INF/services}, so no build flag is needed; a test can then never pass "silent because it
 * crashed".
 */
public final class FailOnCrash implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    System.setProperty("leakproof.failOnCrash", "true");
  }
}
