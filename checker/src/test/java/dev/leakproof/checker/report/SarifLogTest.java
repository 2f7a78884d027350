package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.BugPattern;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -XepOpt:Leakproof:Sarif}: the log of real compilations, validated against the official
 * SARIF 2.1.0 JSON schema (OASIS, committed in src/test/resources/sarif) with a JSON schema
 * validator, and read back field by field.
 */
class SarifLogTest {
  private static final Schema SCHEMA = loadSchema();

  @TempDir Path dir;
  private ReportCompiler project;
  private Path baseline;
  private Path sarif;

  @BeforeEach
  void writeProject() {
    baseline = dir.resolve("leakproof-baseline.txt");
    sarif = dir.resolve("target/leakproof.sarif");
    project = new ReportCompiler(dir)
        .source("com/example/Heartbeat.java",
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
            "}")
        .source("com/example/Reports.java",
            "package com.example;",
            "import java.util.concurrent.Executors;",
            "public class Reports {",
            "  public void render(Runnable page) {",
            "    Executors.newFixedThreadPool(4).execute(page);",
            "  }",
            "}");
  }

  private static Schema loadSchema() {
    try (InputStream in = SarifLogTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Error> validate(String json) {
    return SCHEMA.validate(json, InputFormat.JSON);
  }

  /** Baselines Heartbeat's finding, then compiles with the SARIF log on. */
  private JsonObject logWithOneBaselined(String... more) throws IOException {
    project.compile("-XepOpt:Leakproof:Baseline=" + baseline, "-XepOpt:Leakproof:UpdateBaseline=true");
    Files.writeString(baseline, Files.readAllLines(baseline, UTF_8).stream()
        .filter(line -> !line.contains("Reports"))
        .reduce("", (a, b) -> a + b + "\n"), UTF_8);
    List<String> options = new ArrayList<>(List.of(
        "-XepOpt:Leakproof:Baseline=" + baseline, "-XepOpt:Leakproof:Sarif=" + sarif));
    options.addAll(List.of(more));
    project.compile(options.toArray(String[]::new));
    return read();
  }

  private JsonObject read() throws IOException {
    return JsonParser.parseString(Files.readString(sarif, UTF_8)).getAsJsonObject();
  }

  private static JsonObject run(JsonObject log) {
    return log.getAsJsonArray("runs").get(0).getAsJsonObject();
  }

  private static List<JsonObject> results(JsonObject log) {
    List<JsonObject> results = new ArrayList<>();
    run(log).getAsJsonArray("results").forEach(r -> results.add(r.getAsJsonObject()));
    return results;
  }

  private static JsonObject result(JsonObject log, String ruleId) {
    return results(log).stream()
        .filter(r -> r.get("ruleId").getAsString().equals(ruleId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + ruleId + " result in " + log));
  }

  private static JsonObject physical(JsonObject result) {
    return result.getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation");
  }

  @Nested
  class AgainstTheSchema {
    @Test
    void theLogOfARealCompilationIsValid() throws IOException {
      logWithOneBaselined("-Xep:ExecutorNeverShutDown:ERROR");
      String json = Files.readString(sarif, UTF_8);
      assertEquals(List.of(), validate(json));
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() throws IOException {
      // So that the test above can fail: a level SARIF does not have, a result with no message,
      // a relative helpUri (SARIF wants an absolute URI: format "uri").
      JsonObject log = logWithOneBaselined();
      JsonObject result = results(log).get(0);
      result.addProperty("level", "fatal");
      result.remove("message");
      run(log).getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").get(0)
          .getAsJsonObject().addProperty("helpUri", "docs/checks/CountDownNotInFinally.md");
      assertEquals(3, validate(log.toString()).size(), validate(log.toString()).toString());
    }

    @Test
    void anEmptyCompilationGivesAValidLog() throws IOException {
      project.remove("com/example/Heartbeat.java").remove("com/example/Reports.java")
          .source("com/example/Clock.java", "package com.example;",
              "class Clock { long now() { return System.nanoTime(); } }");
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif);
      assertEquals(List.of(), validate(Files.readString(sarif, UTF_8)));
      assertEquals(0, results(read()).size());
    }
  }

  @Nested
  class Tool {
    @Test
    void namesLeakproofAndItsVersion() throws IOException {
      JsonObject driver = run(logWithOneBaselined()).getAsJsonObject("tool").getAsJsonObject("driver");
      assertEquals("Leakproof", driver.get("name").getAsString());
      assertEquals(System.getProperty("leakproof.version"), driver.get("version").getAsString());
    }

    @Test
    void hasOneRulePerCheck() throws IOException {
      JsonArray rules = run(logWithOneBaselined()).getAsJsonObject("tool").getAsJsonObject("driver")
          .getAsJsonArray("rules");
      List<String> ids = new ArrayList<>();
      for (JsonElement element : rules) {
        JsonObject rule = element.getAsJsonObject();
        String id = rule.get("id").getAsString();
        ids.add(id);
        BugPattern pattern = ReportCompiler.checks().stream()
            .filter(c -> SarifLog.checkName(c).equals(id)).findFirst().orElseThrow()
            .getAnnotation(BugPattern.class);
        assertEquals(pattern.summary(), rule.getAsJsonObject("shortDescription").get("text").getAsString());
        assertEquals("https://leakproof.dev/docs/checks/" + id + ".md", rule.get("helpUri").getAsString());
        assertEquals("warning", rule.getAsJsonObject("defaultConfiguration").get("level").getAsString());
      }
      assertEquals(ReportCompiler.checkNames().stream().sorted().toList(), ids);
    }
  }

  @Nested
  class Results {
    @Test
    void theLevelIsTheConfiguredSeverity() throws IOException {
      JsonObject log = logWithOneBaselined("-Xep:ExecutorNeverShutDown:ERROR");
      assertEquals("error", result(log, "ExecutorNeverShutDown").get("level").getAsString());
      assertEquals("warning", result(log, "ThreadWithoutExitPath").get("level").getAsString());
    }

    @Test
    void theLocationIsRelativeToTheRootWithARegion() throws IOException {
      JsonObject log = logWithOneBaselined();
      assertEquals(dir.toUri().toString(),
          run(log).getAsJsonObject("originalUriBaseIds").getAsJsonObject("%SRCROOT%").get("uri").getAsString());
      JsonObject location = physical(result(log, "ExecutorNeverShutDown"));
      JsonObject artifact = location.getAsJsonObject("artifactLocation");
      assertEquals("src/main/java/com/example/Reports.java", artifact.get("uri").getAsString());
      assertEquals("%SRCROOT%", artifact.get("uriBaseId").getAsString());
      // "    Executors.newFixedThreadPool(4).execute(page);": the flagged creation, columns 5 to 36
      JsonObject region = location.getAsJsonObject("region");
      assertEquals(5, region.get("startLine").getAsInt());
      assertEquals(5, region.get("startColumn").getAsInt());
      assertEquals(5, region.get("endLine").getAsInt());
      assertEquals(36, region.get("endColumn").getAsInt());
    }

    @Test
    void theMessageIsTheDiagnosticsText() throws IOException {
      String warning = project.compile("-XepOpt:Leakproof:Sarif=" + sarif).warnings().stream()
          .filter(w -> w.contains("[ExecutorNeverShutDown] ")).findFirst().orElseThrow();
      String message = result(read(), "ExecutorNeverShutDown")
          .getAsJsonObject("message").get("text").getAsString();
      assertEquals(warning.substring(warning.indexOf("] ") + 2), message);
    }

    @Test
    void baselinedFindingsArePresentAndSuppressed() throws IOException {
      JsonObject log = logWithOneBaselined();
      JsonObject baselined = result(log, "ThreadWithoutExitPath");
      JsonArray suppressions = baselined.getAsJsonArray("suppressions");
      assertEquals(1, suppressions.size());
      assertEquals("external", suppressions.get(0).getAsJsonObject().get("kind").getAsString());
      assertNull(result(log, "ExecutorNeverShutDown").get("suppressions"));
    }

    @Test
    void theFingerprintIsTheBaselineEntry() throws IOException {
      JsonObject log = logWithOneBaselined();
      String entry = Files.readAllLines(baseline, UTF_8).stream()
          .filter(line -> line.startsWith("com.example.Heartbeat")).findFirst().orElseThrow();
      assertEquals(entry, result(log, "ThreadWithoutExitPath").getAsJsonObject("partialFingerprints")
          .get(SarifLog.FINGERPRINT).getAsString());
    }

    @Test
    void aFileOutsideTheRootHasAnAbsoluteUri() throws IOException {
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif,
          "-XepOpt:Leakproof:SarifRoot=" + dir.resolve("elsewhere"));
      JsonObject log = read();
      JsonObject artifact = physical(result(log, "ExecutorNeverShutDown")).getAsJsonObject("artifactLocation");
      assertEquals(dir.resolve("src/main/java/com/example/Reports.java").toUri().toString(),
          artifact.get("uri").getAsString());
      assertFalse(artifact.has("uriBaseId"));
      assertEquals(List.of(), validate(log.toString()));
    }
  }

  @Nested
  class SharedFile {
    @Test
    void mainAndTestCompilationsOfAModuleAddUp() throws IOException {
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif);
      new ReportCompiler(dir, "src/test/java")
          .source("com/example/ReportsTest.java",
              "package com.example;",
              "import java.util.Timer;",
              "class ReportsTest {",
              "  void schedule() {",
              "    new Timer().cancel();",
              "    Timer leaked = new Timer();",
              "  }",
              "}")
          .compile("-XepOpt:Leakproof:Sarif=" + sarif);
      List<String> uris = results(read()).stream()
          .map(r -> physical(r).getAsJsonObject("artifactLocation").get("uri").getAsString())
          .toList();
      assertEquals(List.of(
              "src/main/java/com/example/Heartbeat.java",
              "src/main/java/com/example/Reports.java",
              "src/test/java/com/example/ReportsTest.java"),
          uris);
    }

    @Test
    void recompilingAFileReplacesItsResults() throws IOException {
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif);
      project.source("com/example/Reports.java",
          "package com.example;",
          "public class Reports {",
          "  public void render(Runnable page) {",
          "    page.run();",
          "  }",
          "}");
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif);
      assertEquals(List.of("ThreadWithoutExitPath"),
          results(read()).stream().map(r -> r.get("ruleId").getAsString()).toList());
    }

    @Test
    void aFileLeakproofDidNotWriteIsReplaced() throws IOException {
      Files.createDirectories(sarif.getParent());
      Files.writeString(sarif, "{ not json", UTF_8);
      project.compile("-XepOpt:Leakproof:Sarif=" + sarif);
      assertEquals(2, results(read()).size());
      assertEquals(List.of(), validate(Files.readString(sarif, UTF_8)));
    }
  }
}
