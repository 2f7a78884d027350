package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakproof.checker.report.ReportCompiler.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -XepOpt:Leakproof:Baseline} and {@code UpdateBaseline}: real compilations of files on
 * disk, edited between them as a developer would.
 */
class BaselineTest {
  @TempDir Path dir;
  private ReportCompiler project;
  private Path baseline;

  private static final String[] HEARTBEAT = {
    "package com.example;",
    "public class Heartbeat {",
    "  private int beats;",
    "  public void start() {",
    "    new Thread(() -> {",
    "      while (true) {",
    "        beats++;",
    "      }",
    "    }).start();",
    "  }",
    "}"
  };

  private static final String[] REPORTS = {
    "package com.example;",
    "import java.util.List;",
    "import java.util.concurrent.ExecutorService;",
    "import java.util.concurrent.Executors;",
    "public class Reports {",
    "  public void render(List<Runnable> pages) {",
    "    ExecutorService pool = Executors.newFixedThreadPool(4);",
    "    pages.forEach(pool::execute);",
    "  }",
    "}"
  };

  @BeforeEach
  void writeProject() {
    baseline = dir.resolve("leakproof-baseline.txt");
    project = new ReportCompiler(dir)
        .source("com/example/Heartbeat.java", HEARTBEAT)
        .source("com/example/Reports.java", REPORTS);
  }

  private Outcome writeBaseline(String... more) {
    List<String> options = new ArrayList<>(List.of(
        "-XepOpt:Leakproof:Baseline=" + baseline, "-XepOpt:Leakproof:UpdateBaseline=true"));
    options.addAll(List.of(more));
    return project.compile(options.toArray(String[]::new));
  }

  private Outcome gate(String... more) {
    List<String> options = new ArrayList<>(List.of(
        "-XepOpt:Leakproof:Baseline=" + baseline,
        "-Xep:ThreadWithoutExitPath:ERROR", "-Xep:ExecutorNeverShutDown:ERROR"));
    options.addAll(List.of(more));
    return project.compile(options.toArray(String[]::new));
  }

  private List<String> entries() throws IOException {
    return Files.readAllLines(baseline, UTF_8).stream()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .toList();
  }

  @Nested
  class Writing {
    @Test
    void recordsEveryFindingSortedWithoutReportingThem() throws IOException {
      Outcome outcome = writeBaseline("-Xep:ThreadWithoutExitPath:ERROR");
      assertTrue(outcome.success(), outcome.errors().toString());
      assertEquals(
          List.of("warning: Leakproof: recorded 2 findings of 2 classes in baseline " + baseline),
          outcome.leakproofLines());
      assertEquals(List.of(
              "com.example.Heartbeat | start() | ThreadWithoutExitPath | 0 | new Thread(()->{while(true){beats++;}}).start()",
              "com.example.Reports | render(List) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(4)"),
          entries());
      assertTrue(Files.readString(baseline, UTF_8).startsWith(Baseline.HEADER));
    }

    @Test
    void rewritingGivesTheSameFile() throws IOException {
      writeBaseline();
      String first = Files.readString(baseline, UTF_8);
      writeBaseline();
      assertEquals(first, Files.readString(baseline, UTF_8));
    }

    @Test
    void replacesOnlyTheEntriesOfTheClassesCompiled() throws IOException {
      String other = "org.other.Legacy | run() | TimerNeverCancelled | 0 | new Timer()";
      Files.writeString(baseline, Baseline.HEADER
          + other + "\n"
          + "com.example.Heartbeat | stop() | ThreadWithoutExitPath | 0 | gone()\n", UTF_8);
      writeBaseline();
      List<String> entries = entries();
      assertEquals(3, entries.size(), entries.toString());
      assertTrue(entries.contains(other), "an entry of a class not compiled in this run is kept");
      assertFalse(entries.stream().anyMatch(e -> e.contains("stop()")),
          "the old entries of a compiled class are replaced");
    }

    @Test
    void keepsTheEntriesOfACheckThatIsOff() throws IOException {
      writeBaseline();
      writeBaseline("-Xep:ThreadWithoutExitPath:OFF");
      assertEquals(2, entries().size(), entries().toString());
    }

    @Test
    void namesMembersStably() throws IOException {
      project.source("com/example/Shapes.java",
          "package com.example;",
          "import java.util.concurrent.ExecutorService;",
          "import java.util.concurrent.Executors;",
          "public class Shapes {",
          "  private final ExecutorService field = Executors.newCachedThreadPool();",
          "  Shapes(int size) {",
          "    ExecutorService inConstructor = Executors.newFixedThreadPool(size);",
          "    inConstructor.execute(() -> {});",
          "  }",
          "  static class Worker {",
          "    void run(String[] args, java.util.Map<String, Integer> more) {",
          "      Runnable r = new Runnable() {",
          "        @Override public void run() {",
          "          ExecutorService inAnonymous = Executors.newSingleThreadExecutor();",
          "          inAnonymous.execute(() -> {});",
          "        }",
          "      };",
          "      r.run();",
          "    }",
          "  }",
          "}");
      writeBaseline();
      List<String> shapes = entries().stream().filter(e -> e.startsWith("com.example.Shapes ")).toList();
      assertEquals(List.of(
              "com.example.Shapes | <init>(int) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(size)",
              "com.example.Shapes | Worker.run(String[],Map).run() | ExecutorNeverShutDown | 0 | Executors.newSingleThreadExecutor()",
              "com.example.Shapes | field | ExecutorNeverShutDown | 0 | private final ExecutorService field=Executors.newCachedThreadPool();"),
          shapes);
    }

    @Test
    void modulesWritingOneFileInParallelLoseNothing() throws Exception {
      // Eight "modules", each with its own class, compiled at once in one JVM (as with mvn -T
      // and an in-process compiler), twice: every entry once, none lost, none doubled.
      int modules = 8;
      List<ReportCompiler> projects = new ArrayList<>();
      for (int i = 0; i < modules; i++) {
        String name = "Module" + i;
        projects.add(new ReportCompiler(dir.resolve("m" + i)).source("com/example/" + name + ".java",
            "package com.example;",
            "import java.util.concurrent.Executors;",
            "public class " + name + " {",
            "  void work(Runnable job) {",
            "    Executors.newSingleThreadExecutor().execute(job);",
            "  }",
            "}"));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        for (int round = 0; round < 2; round++) {
          List<Future<Outcome>> outcomes = new ArrayList<>();
          for (ReportCompiler module : projects) {
            outcomes.add(pool.submit(() -> module.compile(
                "-XepOpt:Leakproof:Baseline=" + baseline, "-XepOpt:Leakproof:UpdateBaseline=true")));
          }
          for (Future<Outcome> outcome : outcomes) {
            assertTrue(outcome.get().success(), outcome.get().errors().toString());
          }
          List<String> entries = entries();
          assertEquals(modules, entries.size(), entries.toString());
          assertEquals(modules, entries.stream().distinct().count());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Nested
  class Filtering {
    @BeforeEach
    void recordToday() {
      writeBaseline();
    }

    @Test
    void theGatePassesOnTheRecordedFindings() {
      Outcome outcome = gate();
      assertTrue(outcome.success(), outcome.errors().toString());
      assertEquals(List.of(), outcome.leakproofLines());
    }

    @Test
    void findingsSurviveUnrelatedEditsAboveThemAndReformatting() {
      project.source("com/example/Heartbeat.java",
          "package com.example;",
          "",
          "import java.util.concurrent.atomic.AtomicLong;",
          "",
          "/** Edited: a field, a method and comments above the finding. */",
          "public class Heartbeat {",
          "  private int beats;",
          "  private final AtomicLong last = new AtomicLong();",
          "",
          "  public long last() {",
          "    return last.get();",
          "  }",
          "",
          "  public void start() {",
          "    new Thread(() -> { while (true) { /* beat */ beats++; } }).start();",
          "  }",
          "}");
      Outcome outcome = gate();
      assertTrue(outcome.success(), outcome.errors().toString());
      assertEquals(List.of(), outcome.leakproofLines());
    }

    @Test
    void aNewLeakFailsTheGateAndOnlyItIsNamed() {
      String[] reports = REPORTS.clone();
      reports[reports.length - 1] = """
            public void export(Runnable job) {
              Executors.newSingleThreadExecutor().execute(job);
            }
          }""";
      project.source("com/example/Reports.java", reports);
      Outcome outcome = gate();
      assertFalse(outcome.success());
      assertEquals(1, outcome.errors().size(), outcome.errors().toString());
      assertTrue(outcome.errors().get(0).startsWith("com/example/Reports.java:11: [ExecutorNeverShutDown]"),
          outcome.errors().get(0));
    }

    @Test
    void aSecondIdenticalFindingInTheSameMemberIsNew() {
      project.source("com/example/Reports.java",
          "package com.example;",
          "import java.util.List;",
          "import java.util.concurrent.ExecutorService;",
          "import java.util.concurrent.Executors;",
          "public class Reports {",
          "  public void render(List<Runnable> pages) {",
          "    ExecutorService pool = Executors.newFixedThreadPool(4);",
          "    pages.forEach(pool::execute);",
          "    ExecutorService again = Executors.newFixedThreadPool(4);",
          "    pages.forEach(again::execute);",
          "  }",
          "}");
      Outcome outcome = gate();
      assertEquals(1, outcome.errors().size(), outcome.errors().toString());
      assertTrue(outcome.errors().get(0).startsWith("com/example/Reports.java:9: "), outcome.errors().get(0));
    }

  }

  @Nested
  class Stale {
    @BeforeEach
    void recordToday() {
      writeBaseline();
    }

    @Test
    void aFixedFindingIsReportedOnceWithTheCount() {
      project.source("com/example/Heartbeat.java",
          "package com.example;",
          "public class Heartbeat {",
          "  private volatile boolean running = true;",
          "  private int beats;",
          "  public void start() {",
          "    new Thread(() -> {",
          "      while (running) {",
          "        beats++;",
          "      }",
          "    }).start();",
          "  }",
          "  public void stop() {",
          "    running = false;",
          "  }",
          "}");
      Outcome outcome = gate();
      assertTrue(outcome.success(), outcome.errors().toString());
      assertEquals(List.of("warning: com/example/Heartbeat.java:2: Leakproof: 1 stale baseline entry for"
              + " com.example.Heartbeat (ThreadWithoutExitPath in start()): its finding is gone; remove it"
              + " from " + baseline + " or rewrite the baseline with -XepOpt:Leakproof:UpdateBaseline=true"),
          outcome.leakproofLines());
    }

    @Test
    void aClassLeftWithNoCheckedCodeAtAllIsSeenToo() {
      // No check looks at anything in the emptied class: only javac's events show it was compiled.
      project.source("com/example/Heartbeat.java", "package com.example;", "public class Heartbeat {}");
      project.source("com/example/Reports.java", "package com.example;", "public class Reports {}");
      project.source("com/example/Clock.java",
          "package com.example;",
          "public class Clock {",
          "  long now() {",
          "    return System.nanoTime();",
          "  }",
          "}");
      Outcome outcome = gate();
      assertTrue(outcome.success(), outcome.errors().toString());
      List<String> lines = outcome.leakproofLines();
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("warning: com/example/Heartbeat.java:2: Leakproof: 1 stale"), lines.get(0));
      assertTrue(lines.get(1).startsWith("warning: com/example/Reports.java:2: Leakproof: 1 stale"), lines.get(1));
    }

    @Test
    void aFixedFindingInTheLastCompiledClassIsReportedAtTheEnd() {
      // Reports is the last unit: nothing comes after it but the end of the compilation.
      project.source("com/example/Reports.java",
          "package com.example;",
          "import java.util.List;",
          "import java.util.concurrent.ExecutorService;",
          "import java.util.concurrent.Executors;",
          "public class Reports {",
          "  public void render(List<Runnable> pages) {",
          "    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {",
          "      pages.forEach(pool::execute);",
          "    }",
          "  }",
          "}");
      List<String> lines = gate().leakproofLines();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("warning: com/example/Reports.java:5: Leakproof: 1 stale baseline"
          + " entry for com.example.Reports (ExecutorNeverShutDown in render(List))"), lines.get(0));
    }

    @Test
    void anEmptiedClassAfterOthersIsSeenToo() {
      // Here the emptied class comes after one that the checks look at: javac's listener sees it.
      project.remove("com/example/Heartbeat.java").remove("com/example/Reports.java");
      project.source("com/example/Clock.java",
          "package com.example;",
          "public class Clock {",
          "  long now() {",
          "    return System.nanoTime();",
          "  }",
          "}");
      project.source("com/example/Heartbeat.java", "package com.example;", "public class Heartbeat {}");
      project.source("com/example/Reports.java", REPORTS);
      List<String> lines = gate().leakproofLines();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("warning: com/example/Heartbeat.java:2: Leakproof: 1 stale"), lines.get(0));
    }

    @Test
    void entriesOfACheckThatIsOffAreNotStale() {
      assertEquals(List.of(), gate("-Xep:ThreadWithoutExitPath:OFF").leakproofLines());
      assertEquals(List.of(), gate("-XepDisableAllChecks", "-Xep:ExecutorNeverShutDown:ERROR").leakproofLines());
    }

    @Test
    void aClassNotCompiledInThisRunIsNotStale() {
      project.remove("com/example/Heartbeat.java");
      Outcome outcome = gate();
      assertTrue(outcome.success(), outcome.errors().toString());
      assertEquals(List.of(), outcome.leakproofLines());
    }

    @Test
    void manyStaleEntriesOfAClassAreOneWarning() throws IOException {
      Files.writeString(baseline, Files.readString(baseline, UTF_8)
          + "com.example.Heartbeat | stop() | ThreadWithoutExitPath | 0 | a()\n"
          + "com.example.Heartbeat | stop() | ThreadWithoutExitPath | 1 | a()\n", UTF_8);
      List<String> lines = gate().leakproofLines();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("Leakproof: 2 stale baseline entries for com.example.Heartbeat"
          + " (ThreadWithoutExitPath in stop()): their findings are gone"), lines.get(0));
    }
  }

  @Nested
  class BadFiles {
    @Test
    void aMissingBaselineIsOneErrorNamingIt() {
      Outcome outcome = gate();
      assertFalse(outcome.success());
      assertEquals(List.of("Leakproof: baseline file " + baseline + " does not exist"
          + " (-XepOpt:Leakproof:Baseline); write it with -XepOpt:Leakproof:UpdateBaseline=true"),
          outcome.errors());
    }

    @Test
    void aLineThatIsNotAnEntryIsOneErrorNamingIt() throws IOException {
      Files.writeString(baseline, Baseline.HEADER + "com.example.Heartbeat start()\n", UTF_8);
      Outcome outcome = gate();
      assertFalse(outcome.success());
      assertEquals(List.of("Leakproof: " + baseline + ":4 is not a baseline entry"
          + " (class | member | check | occurrence | code): com.example.Heartbeat start()"),
          outcome.errors());
    }

    @Test
    void updatingCreatesAMissingFile() {
      assertTrue(writeBaseline().success());
      assertTrue(Files.isRegularFile(baseline));
    }
  }
}
