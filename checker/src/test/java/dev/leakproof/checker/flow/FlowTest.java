package dev.leakproof.checker.flow;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Probe tests of the flow engine: what it computes, shown by {@link FlowProbe} at marker calls,
 * apart from any check's wording and policy. {@code state(x)} shows the facts about {@code x}
 * right before the marker ("none": holds nothing to do, "open": an obligation on its normal course,
 * "leaving:KIND": on its way out, joined by "|"); {@code exits(x)} shows every way out with the
 * obligation open ({@code KIND@line}), "no exits", or "not understood". In a method whose name
 * starts with {@code checked}, only checked exceptions are ways out; in one whose name starts with
 * {@code quiet}, only exceptions of calls that {@link QuietCalls} does not know to be quiet;
 * elsewhere any exception but an Error is.
 */
class FlowTest {
  private final CompilationTestHelper probe =
      CompilationTestHelper.newInstance(FlowProbe.class, getClass())
          .addSourceLines(
              "Res.java",
              """
              class Res {
                static Res open() { return new Res(); }
                void close() {}
                static void state(Object o) {}
                static void exits(Object o) {}
                static void io() throws java.io.IOException {}
                static void sleep() throws InterruptedException {}
                static void work() {}
                static boolean test() { return true; }
              }
              """);

  @Nested
  class StraightLinesAndBranches {
    @Test
    void openThenMet() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() {
                  Res r = Res.open();
                  // BUG: Diagnostic contains: [open]
                  Res.state(r);
                  r.close();
                  // BUG: Diagnostic contains: [none]
                  Res.state(r);
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void pathsJoin() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(boolean b) {
                  Res r = Res.open();
                  if (b) {
                    r.close();
                  }
                  // BUG: Diagnostic contains: [none|open]
                  Res.state(r);
                  // BUG: Diagnostic contains: [END]
                  Res.exits(r);
                }
                void checkedBothBranches(boolean b) {
                  Res r = Res.open();
                  if (b) {
                    r.close();
                  } else {
                    r.close();
                  }
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void returnsWithAndWithoutValue() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                int checkedValue(boolean b) {
                  Res r = Res.open();
                  if (b) {
                    return 1;
                  }
                  r.close();
                  // BUG: Diagnostic contains: [RETURN@5]
                  Res.exits(r);
                  return 0;
                }
                void checkedNoValue(boolean b) {
                  Res r = Res.open();
                  if (b) return;
                  r.close();
                  // BUG: Diagnostic contains: [RETURN@14]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Exceptions {
    @Test
    void checkedOnlyPolicyIgnoresUncheckedExceptionsOfCalls() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() throws Exception {
                  Res r = Res.open();
                  Res.work();
                  Res.io();
                  r.close();
                  // BUG: Diagnostic contains: [EXCEPTION(IOException)@5]
                  Res.exits(r);
                }
                void any() throws Exception {
                  Res r = Res.open();
                  Res.work();
                  r.close();
                  // BUG: Diagnostic contains: [EXCEPTION(RuntimeException)@12 EXCEPTION(RuntimeException)@13]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void explicitThrowsCountUnderEveryPolicy() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(boolean b) {
                  Res r = Res.open();
                  if (b) {
                    throw new IllegalStateException();
                  }
                  r.close();
                  // BUG: Diagnostic contains: [THROW(IllegalStateException)@5]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aCatchPutsThePathBackOnItsCourse() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() {
                  Res r = Res.open();
                  try {
                    Res.io();
                  } catch (java.io.IOException e) {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                  }
                  r.close();
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void eachExceptionTypeGoesToTheCatchThatTakesIt() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checkedTypes() throws Exception {
                  Res r = Res.open();
                  try {
                    Res.io();
                    Res.sleep();
                  } catch (java.io.IOException | IllegalStateException e) {
                    r.close();
                    return;
                  }
                  r.close();
                  // BUG: Diagnostic contains: [EXCEPTION(InterruptedException)@6]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void finallyNestedInACatchThatTakesEverything() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() {
                  Res r = Res.open();
                  try {
                    try {
                      Res.io();
                    } finally {
                      Res.work();
                    }
                  } catch (Exception e) {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                  }
                  r.close();
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
                void checkedNarrowCatch() throws Exception {
                  Res r = Res.open();
                  try {
                    try {
                      Res.io();
                    } finally {
                      Res.work();
                    }
                  } catch (java.io.FileNotFoundException e) {
                    Res.work();
                  }
                  r.close();
                  // BUG: Diagnostic contains: [EXCEPTION(IOException)@22]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void constructorsAreCallsToo() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() throws Exception {
                  Res r = Res.open();
                  Object stream = new java.io.FileInputStream("x");
                  r.close();
                  // BUG: Diagnostic contains: [EXCEPTION(FileNotFoundException)@4]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aResourcesCloseIsACallToo() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void any() throws Exception {
                  Res r = Res.open();
                  try (java.io.InputStream in = new java.io.ByteArrayInputStream(new byte[0])) {
                    r.close();
                  }
                  // BUG: Diagnostic contains: [CLOSE(IOException)@4 CLOSE(RuntimeException)@4 EXCEPTION(RuntimeException)@4 EXCEPTION(RuntimeException)@5]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }

  /**
   * Calls that cannot throw in practice ({@link QuietCalls}): a method of another file of the
   * compilation is judged by its body, a bounded number of calls deep.
   */
  @Nested
  class QuietCallsIntoTheCompilation {
    @Test
    void aQuietMethodOfAnotherFileIsNoWayOut() {
      probe
          .addSourceLines(
              "Registry.java",
              """
              import java.util.HashSet;
              import java.util.Set;
              public class Registry {
                private final Set<Object> keys = new HashSet<>();
                private boolean dirty;
                public void unregister(Object key) {
                  synchronized (this) {
                    keys.remove(key);
                    dirty = true;
                  }
                }
                public void unregisterAndNotify(Object key, Runnable listener) {
                  unregister(key);
                  listener.run();
                }
              }
              """)
          .addSourceLines(
              "A.java",
              """
              class A {
                void quiet(Registry registry, Runnable listener) {
                  Res r = Res.open();
                  registry.unregister(r);
                  registry.unregisterAndNotify(r, listener);
                  // the markers are calls too (empty bodies): line 8 is this one
                  // BUG: Diagnostic contains: [EXCEPTION(RuntimeException)@5 EXCEPTION(RuntimeException)@8 END]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Finally {
    @Test
    void finallyRunsOnEveryWayOut() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(boolean b) throws Exception {
                  Res r = Res.open();
                  try {
                    if (b) return;
                    Res.io();
                    if (Res.test()) throw new IllegalStateException();
                  } finally {
                    r.close();
                  }
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aPathThatLeavesKeepsItsWayOutThroughFinally() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(boolean b) {
                  Res r = Res.open();
                  try {
                    if (b) return;
                  } finally {
                    Res.work();
                  }
                  r.close();
                  // BUG: Diagnostic contains: [RETURN@5]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class Jumps {
    @Test
    void breakAndContinueAreNamed() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(java.util.List<String> xs) {
                  Res r = Res.open();
                  for (String x : xs) {
                    if (x.isEmpty()) {
                      Res.work();
                      continue;
                    }
                    r.close();
                  }
                  // BUG: Diagnostic contains: [none|open|leaving:CONTINUE]
                  Res.state(r);
                }
                void checkedBreak(java.util.List<String> xs) {
                  Res r = Res.open();
                  outer:
                  for (String x : xs) {
                    switch (x) {
                      case "a":
                        break outer;
                      default:
                        r.close();
                    }
                  }
                  // BUG: Diagnostic contains: leaving:BREAK
                  Res.state(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aJumpAfterAnIfOrABlockIsNamedToo() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(java.util.List<String> xs, boolean b) {
                  Res r = Res.open();
                  for (String x : xs) {
                    if (x.isEmpty()) {
                      if (b) {
                        Res.work();
                      }
                      continue;
                    }
                    r.close();
                  }
                  // BUG: Diagnostic contains: leaving:CONTINUE
                  Res.state(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void switchExpressionsAndYield() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                int checked(int k) {
                  Res r = Res.open();
                  int v =
                      switch (k) {
                        case 1 -> {
                          if (k > 0) {
                            r.close();
                          }
                          yield 1;
                        }
                        default -> {
                          r.close();
                          yield 2;
                        }
                      };
                  // BUG: Diagnostic contains: [none|open]
                  Res.state(r);
                  return v;
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class NullChecks {
    @Test
    void theNullBranchHoldsNothing() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked(boolean b) {
                  Res r = b ? Res.open() : null;
                  if (r == null) {
                    // BUG: Diagnostic contains: [none]
                    Res.state(r);
                    return;
                  }
                  // BUG: Diagnostic contains: [not understood]
                  Res.exits(r);
                }
                void checkedDeclaredNull(boolean b) {
                  Res r = null;
                  if (b) {
                    r = Res.open();
                  }
                  if (r != null && Res.test()) {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                    r.close();
                  }
                  if (!(r == null)) {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                  }
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class InstanceOfChecks {
    @Test
    void aTestOfATypeEveryValueHasIsANullCheck() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                static class Special extends Res {}
                void checkedPattern() {
                  Res r = Res.open();
                  if (r instanceof Object o) {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                    r.close();
                  } else {
                    // BUG: Diagnostic contains: [none]
                    Res.state(r);
                  }
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
                void checkedNegated() {
                  Res r = Res.open();
                  if (!(r instanceof Res)) {
                    return;
                  }
                  r.close();
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
                void checkedNarrower() {
                  Res r = Res.open();
                  if (r instanceof Special) {
                    r.close();
                  } else {
                    // BUG: Diagnostic contains: [open]
                    Res.state(r);
                  }
                  // BUG: Diagnostic contains: [END]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }

  @Nested
  class EndsAndLimits {
    @Test
    void nothingRunsAfterSystemExit() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() {
                  Res r = Res.open();
                  System.exit(1);
                  // BUG: Diagnostic contains: [unreachable]
                  Res.state(r);
                }
                void checkedExits() {
                  Res r = Res.open();
                  Runtime.getRuntime().halt(1);
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aValueTheObligationCannotFollowIsNotUnderstood() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                Res other;
                void checked() {
                  Res r = Res.open();
                  r = other;
                  // BUG: Diagnostic contains: [not understood]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }

    @Test
    void aLambdaIsAnalysedOnItsOwn() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                Runnable checked() {
                  Res r = Res.open();
                  Runnable task =
                      () -> {
                        Res s = Res.open();
                        // BUG: Diagnostic contains: [open]
                        Res.state(s);
                      };
                  r.close();
                  // BUG: Diagnostic contains: [no exits]
                  Res.exits(r);
                  return task;
                }
              }
              """)
          .doTest();
    }

    @Test
    void aReassignmentWhileOpenIsAWayOut() {
      probe
          .addSourceLines(
              "A.java",
              """
              class A {
                void checked() {
                  Res r = Res.open();
                  r = Res.open();
                  r.close();
                  // BUG: Diagnostic contains: [REASSIGNMENT@4]
                  Res.exits(r);
                }
              }
              """)
          .doTest();
    }
  }
}
