package dev.leakproof.checker.report;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/** A check that throws fails our tests: unknown shapes are silent for users, never for us. */
class NeverCrashTest {
  /** A test-only check whose matching always throws, as a bug in a real check would. */
  @BugPattern(summary = "Always crashes", severity = WARNING)
  public static final class AlwaysCrashes extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
      return NeverCrash.guard(
          this,
          state,
          () -> {
            throw new IllegalStateException("a shape the check did not expect");
          });
    }
  }

  @Test
  void aCrashFailsTheTestRunEvenWithoutABuildFlag() {
    CompilationTestHelper helper =
        CompilationTestHelper.newInstance(AlwaysCrashes.class, getClass())
            .addSourceLines("A.java", "class A { void f() { toString(); } }");
    assertThrows(Throwable.class, helper::doTest);
  }

  @Test
  void aCrashIsSilenceForUsers() {
    String previous = System.getProperty("leakproof.failOnCrash");
    System.setProperty("leakproof.failOnCrash", "false");
    try {
      CompilationTestHelper.newInstance(AlwaysCrashes.class, getClass())
          .addSourceLines("A.java", "class A { void f() { toString(); } }")
          .doTest();
    } finally {
      if (previous == null) {
        System.clearProperty("leakproof.failOnCrash");
      } else {
        System.setProperty("leakproof.failOnCrash", previous);
      }
    }
  }
}
