package dev.leakproof.checker.flow;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Probe tests of the flow engine: the facts it computes, shown by {@link FlowProbe}. */
class FlowTest {
  private final CompilationTestHelper probe =
      CompilationTestHelper.newInstance(FlowProbe.class, getClass());

  private static final String RES =
      """
      class Res {
        static Res open() { return new Res(); }
        void close() {}
        static void state(Object o) {}
        static void exits(Object o) {}
        static void io() throws java.io.IOException {}
        static void work() {}
      }
      """;

  @Nested
  class Exceptions {
    @Test
    void finallyNestedInACatchThatTakesEverything() {
      probe
          .addSourceLines("Res.java", RES)
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
              }
              """)
          .doTest();
    }
  }
}
