package dev.leakproof.checker.latches;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/** Unusual code around latches: both checks must neither crash nor guess. */
class LatchChecksOddShapesTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(CountDownNotInFinally.class, getClass());
  private final CompilationTestHelper mismatch =
      CompilationTestHelper.newInstance(LatchCountMismatch.class, getClass());

  /** Odd.java, with the CountDownNotInFinally findings marked. */
  private static final String[] ODD =
      new String[] {
        "import java.io.*;",
        "import java.util.*;",
        "import java.util.concurrent.*;",
        "import java.util.function.*;",
        "class Odd {",
        "  static final CountDownLatch STATIC = new CountDownLatch(1);",
        "  static { STATIC.countDown(); }",
        "  final CountDownLatch field = new CountDownLatch(2);",
        "  { field.countDown(); }",
        "  final Runnable r = () -> { field.countDown(); };",
        "  CountDownLatch[] latches = { new CountDownLatch(1) };",
        "  enum E { A; void f(CountDownLatch l) { l.countDown(); } }",
        "  interface I { default void g(CountDownLatch l) { l.countDown(); } }",
        "  record R(CountDownLatch l) { R { l.countDown(); } }",
        "  int sw(CountDownLatch l, int k) {",
        "    return switch (k) {",
        "      case 1 -> { l.countDown(); yield 1; }",
        "      default -> { String s = String.valueOf(k); l.countDown(); yield 2; }",
        "    };",
        "  }",
        "  void oldSwitch(CountDownLatch l, int k) {",
        "    switch (k) {",
        "      case 1:",
        "        l.countDown();",
        "        break;",
        "      default:",
        "        l.countDown();",
        "    }",
        "  }",
        "  void labeled(List<List<String>> rows, CountDownLatch l) {",
        "    outer:",
        "    for (List<String> row : rows) {",
        "      for (String cell : row) {",
        "        if (cell == null) continue outer;",
        "      }",
        "      // BUG: Diagnostic contains: skipped by the `continue` on line 34",
        "      l.countDown();",
        "    }",
        "  }",
        "  void resources(CountDownLatch l) throws IOException {",
        "    try (Reader reader = new StringReader(\"x\")) {",
        "      // BUG: Diagnostic contains: if new StringReader(..) throws",
        "      l.countDown();",
        "    }",
        "  }",
        "  <X extends Exception> void generic(Callable<Void> c, CountDownLatch l) throws Exception {",
        "    c.call();",
        "    // BUG: Diagnostic contains: latches[0].countDown() is skipped if call(..) throws Exception",
        "    latches[0].countDown();",
        "    // BUG: Diagnostic contains: l.countDown() is skipped if call(..) throws Exception",
        "    l.countDown();",
        "  }",
        "  void array(CountDownLatch[] ls, int i) {",
        "    ls[i].countDown();",
        "  }",
        "  void local() throws InterruptedException {",
        "    CountDownLatch l;",
        "    l = new CountDownLatch(1);",
        "    l.await();",
        "    CountDownLatch m = new CountDownLatch(1) { };",
        "    m.await();",
        "    CountDownLatch n = new CountDownLatch(Integer.MAX_VALUE);",
        "    for (long i = 0; i < Integer.MAX_VALUE; i++) { n.countDown(); }",
        "    n.await();",
        "    var v = new CountDownLatch(1);",
        "    Supplier<CountDownLatch> s = () -> v;",
        "    v.await();",
        "  }",
        "  class Sub extends CountDownLatch {",
        "    Sub() { super(1); }",
        "    void done() { System.out.println(); super.countDown(); }",
        "  }",
        "}",
      };

  @Test
  void countDownNotInFinallyOnOddShapes() {
    helper.addSourceLines("Odd.java", ODD).doTest();
  }

  @Test
  void latchCountMismatchOnOddShapes() {
    // Nothing to report: reassigned, anonymous subclass, huge loop, captured by a Supplier.
    mismatch
        .addSourceLines(
            "Odd.java",
            java.util.Arrays.stream(ODD)
                .filter(line -> !line.contains("// BUG:"))
                .toArray(String[]::new))
        .doTest();
  }
}
