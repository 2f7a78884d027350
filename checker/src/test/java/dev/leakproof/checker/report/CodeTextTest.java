package dev.leakproof.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CodeTextTest {
  private static String normalise(String code) {
    return CodeText.normalise(code, 1000);
  }

  @Nested
  class Whitespace {
    @Test
    void isRemovedExceptBetweenWords() {
      assertEquals("new Thread(()->{while(true){beat();}}).start()",
          normalise("new Thread(() -> {\n  while (true) {\n    beat();\n  }\n}).start()"));
    }

    @Test
    void reformattingGivesTheSameText() {
      assertEquals(normalise("Executors.newFixedThreadPool(4)"),
          normalise("Executors\n    .newFixedThreadPool( 4 )"));
    }

    @Test
    void keepsOneSpaceBetweenWords() {
      assertEquals("final int x=a+b", normalise("final\n\tint   x = a + b"));
    }
  }

  @Nested
  class Comments {
    @Test
    void lineAndBlockCommentsAreRemoved() {
      assertEquals("new Thread(()->{while(true){beat();}}).start()",
          normalise("new Thread(() -> { while (true) { /* keep beating */ beat(); // forever\n } }).start()"));
    }

    @Test
    void aCommentBetweenWordsStillSeparatesThem() {
      assertEquals("return x", normalise("return/* the value */x"));
    }
  }

  @Nested
  class Literals {
    @Test
    void stringsKeepTheirSpacesAndCommentLikeText() {
      assertEquals("log(\"a  b // c /* d */\")", normalise("log( \"a  b // c /* d */\" )"));
    }

    @Test
    void escapedQuotesDoNotEndTheString() {
      assertEquals("s(\"say \\\"hi  there\\\"\",'\\'')", normalise("s(\"say \\\"hi  there\\\"\", '\\'')"));
    }

    @Test
    void textBlockLineBreaksBecomeBackslashN() {
      assertEquals("q(\"\"\"\\n  select  *\\n  \"\"\")", normalise("q(\"\"\"\n  select  *\n  \"\"\")"));
    }
  }

  @Test
  void isCutAtTheMaximumLength() {
    assertEquals("a b", CodeText.normalise("a b c d e f", 3));
    assertEquals(5, CodeText.normalise("x".repeat(50), 5).length());
  }
}
