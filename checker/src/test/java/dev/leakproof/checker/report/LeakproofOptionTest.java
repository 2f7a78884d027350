package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import dev.leakproof.checker.report.ReportCompiler.Outcome;
import dev.leakproof.checker.threads.UnboundedBlockingCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Leakproof option rejects a malformed value with one clear error line, never a crash. */
class LeakproofOptionTest {
  @TempDir Path dir;
  private ReportCompiler project;

  @BeforeEach
  void writeProject() {
    project = new ReportCompiler(dir).source("com/example/Clock.java",
        "package com.example;",
        "public class Clock {",
        "  public long now() {",
        "    return System.nanoTime();",
        "  }",
        "}");
  }

  private static void assertOneError(Outcome outcome, String expected) {
    assertFalse(outcome.success(), "the compilation must fail");
    assertEquals(List.of(expected), outcome.errors());
    assertFalse(outcome.output().contains("An exception has occurred"), outcome.output());
  }

  @Nested
  class MalformedValues {
    @Test
    void aCheckOptionThatIsNotABoolean() {
      assertOneError(project.compile("-XepOpt:UnboundedBlockingCall:Strict=maybe"),
          "Leakproof: -XepOpt:UnboundedBlockingCall:Strict=maybe is not valid: use true or false");
    }

    @Test
    void updateBaselineThatIsNotABoolean() {
      assertOneError(
          project.compile("-XepOpt:Leakproof:Baseline=" + dir.resolve("b.txt"),
              "-XepOpt:Leakproof:UpdateBaseline=yes"),
          "Leakproof: -XepOpt:Leakproof:UpdateBaseline=yes is not valid: use true or false");
    }

    @Test
    void anEmptyPath() {
      assertOneError(project.compile("-XepOpt:Leakproof:Sarif="),
          "Leakproof: -XepOpt:Leakproof:Sarif= is not valid: give a file path");
    }

    @Test
    void twoProblemsGiveTwoLines() {
      Outcome outcome = project.compile(
          "-XepOpt:UnboundedBlockingCall:Strict=maybe", "-XepOpt:Leakproof:UpdateBaseline=1");
      assertEquals(2, outcome.errors().size(), outcome.errors().toString());
    }
  }

  @Nested
  class UnknownOrIncomplete {
    @Test
    void anUnknownNameInLeakproofsNamespace() {
      Outcome outcome = project.compile("-XepOpt:Leakproof:Basline=b.txt");
      assertFalse(outcome.success());
      assertEquals(1, outcome.errors().size());
      assertTrue(outcome.errors().get(0).startsWith(
          "Leakproof: unknown option -XepOpt:Leakproof:Basline; the options are "), outcome.errors().get(0));
      assertTrue(outcome.errors().get(0).contains("Leakproof:Baseline"));
    }

    @Test
    void updateBaselineWithoutABaselineFile() {
      assertOneError(project.compile("-XepOpt:Leakproof:UpdateBaseline=true"),
          "Leakproof: -XepOpt:Leakproof:UpdateBaseline=true needs -XepOpt:Leakproof:Baseline=<file>"
              + " (the baseline file to write)");
    }

    @Test
    void otherToolsOptionsAreNotOurs() {
      Outcome outcome = project.compile("-XepOpt:NullAway:AnnotatedPackages=com.example");
      assertTrue(outcome.success(), outcome.errors().toString());
    }
  }

  @Nested
  class WellFormedValues {
    @Test
    void booleansInAnyCase() {
      assertTrue(project.compile("-XepOpt:UnboundedBlockingCall:Strict=TRUE").success());
    }

    @Test
    void aFlagWithNoValueMeansTrue() {
      ErrorProneFlags flags = ErrorProneFlags.builder().parseFlag("-XepOpt:UnboundedBlockingCall:Strict").build();
      assertTrue(UnboundedBlockingCall.STRICT.readBoolean(flags));
    }
  }

  @Nested
  class Reading {
    @Test
    void aMalformedValueReadsAsTheDefaultWithoutThrowing() {
      ErrorProneFlags flags = ErrorProneFlags.fromMap(Map.of("UnboundedBlockingCall:Strict", "maybe"));
      assertFalse(UnboundedBlockingCall.STRICT.readBoolean(flags));
    }

    @Test
    void aCheckIsBuiltFromMalformedFlagsWithoutThrowing() {
      // Error Prone turns an exception in a check's constructor into a javac crash.
      new UnboundedBlockingCall(ErrorProneFlags.fromMap(Map.of("UnboundedBlockingCall:Strict", "maybe")));
    }

    @Test
    void problemsListsEachBadValueOnce() {
      ErrorProneFlags flags = ErrorProneFlags.fromMap(Map.of(
          "UnboundedBlockingCall:Strict", "maybe", "UnboundedBlockingCall:Other", "x",
          "SomeoneElse:Strict", "maybe"));
      assertEquals(List.of(
              "Leakproof: unknown option -XepOpt:UnboundedBlockingCall:Other; the options are "
                  + String.join(", ", LeakproofOption.names()) + " (see docs/setup/options.md)",
              "Leakproof: -XepOpt:UnboundedBlockingCall:Strict=maybe is not valid: use true or false"),
          LeakproofOption.problems(flags));
    }
  }

  @Nested
  class Documentation {
    @Test
    void everyOptionIsListedInOptionsMd() throws IOException {
      // Building every check declares its options; Leakproof's own are declared with the report code.
      ServiceLoader.load(BugChecker.class).forEach(check -> {});
      assertEquals("Leakproof:Baseline", ReportOptions.BASELINE.name());
      String page = Files.readString(Paths.get("../docs/setup/options.md"), UTF_8);
      assertTrue(LeakproofOption.names().size() >= 5, LeakproofOption.names().toString());
      for (String name : LeakproofOption.names()) {
        assertTrue(page.contains("| `-XepOpt:" + name + "="), name + " is not in docs/setup/options.md");
      }
    }
  }
}
