package dev.leakproof.checker.report;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.SeverityLevel;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The SARIF 2.1.0 log of Leakproof's findings (docs/setup/options.md): one run whose tool lists a
 * rule per Leakproof check, and a result per finding, those silenced by the baseline with an
 * external suppression. Written with Gson, which the build shades into the checker jar.
 *
 * <p>Several compilations may write one file (a module's main and test sources, or modules sharing
 * it): {@link #merge} keeps the results of the files the current compilation did not compile.
 */
final class SarifLog {
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String ROOT_ID = "%SRCROOT%";
  static final String FINGERPRINT = "leakproofBaseline/v1";
  private static final String TOOL = "Leakproof";

  private SarifLog() {}

  /** One finding. The URI is relative to {@link #ROOT_ID} when {@code relative}, else absolute. */
  record Result(
      String ruleId,
      SeverityLevel severity,
      String message,
      String uri,
      boolean relative,
      int startLine,
      int startColumn,
      int endLine,
      int endColumn,
      @Nullable String fingerprint,
      @Nullable String suppression) {

    JsonObject toJson() {
      JsonObject artifact = new JsonObject();
      artifact.addProperty("uri", uri);
      if (relative) {
        artifact.addProperty("uriBaseId", ROOT_ID);
      }
      JsonObject region = new JsonObject();
      region.addProperty("startLine", startLine);
      region.addProperty("startColumn", startColumn);
      if (endLine >= startLine && endColumn > 0) {
        region.addProperty("endLine", endLine);
        region.addProperty("endColumn", endColumn);
      }
      JsonObject physical = new JsonObject();
      physical.add("artifactLocation", artifact);
      physical.add("region", region);
      JsonObject location = new JsonObject();
      location.add("physicalLocation", physical);

      JsonObject result = new JsonObject();
      result.addProperty("ruleId", ruleId);
      result.addProperty("level", level(severity));
      result.add("message", text(message));
      result.add("locations", array(location));
      if (fingerprint != null) {
        JsonObject fingerprints = new JsonObject();
        fingerprints.addProperty(FINGERPRINT, fingerprint);
        result.add("partialFingerprints", fingerprints);
      }
      if (suppression != null) {
        JsonObject suppressed = new JsonObject();
        suppressed.addProperty("kind", "external");
        suppressed.addProperty("justification", suppression);
        result.add("suppressions", array(suppressed));
      }
      return result;
    }
  }

  /**
   * The text of the SARIF file: {@code results} of this compilation, plus those of the previous
   * text {@code old} (null if none) whose files are not in {@code compiledUris}, provided it is a
   * Leakproof log with the same root; anything else in {@code old} is replaced.
   */
  static String merge(@Nullable String old, String rootUri, Set<String> compiledUris, List<Result> results) {
    List<JsonObject> all = new ArrayList<>();
    for (Result result : results) {
      all.add(result.toJson());
    }
    for (JsonObject kept : previousResults(old, rootUri)) {
      if (!compiledUris.contains(uriOf(kept))) {
        all.add(kept);
      }
    }
    all.sort(Comparator.comparing(SarifLog::uriOf)
        .thenComparingInt(r -> intAt(r, "startLine"))
        .thenComparingInt(r -> intAt(r, "startColumn"))
        .thenComparing(r -> r.get("ruleId").getAsString()));

    JsonObject driver = new JsonObject();
    driver.addProperty("name", TOOL);
    driver.addProperty("version", LeakproofVersion.VERSION);
    if (!LeakproofVersion.DOCS_URL.isEmpty()) {
      driver.addProperty("informationUri", LeakproofVersion.DOCS_URL);
    }
    driver.add("rules", rules());
    JsonObject tool = new JsonObject();
    tool.add("driver", driver);

    JsonObject root = new JsonObject();
    root.addProperty("uri", rootUri);
    JsonObject baseIds = new JsonObject();
    baseIds.add(ROOT_ID, root);

    JsonArray resultArray = new JsonArray();
    all.forEach(resultArray::add);
    JsonObject run = new JsonObject();
    run.add("tool", tool);
    run.add("originalUriBaseIds", baseIds);
    run.addProperty("columnKind", "utf16CodeUnits");
    run.add("results", resultArray);

    JsonObject log = new JsonObject();
    log.addProperty("$schema", SCHEMA);
    log.addProperty("version", "2.1.0");
    log.add("runs", array(run));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(log) + "\n";
  }

  /** One rule per Leakproof check on the processor path, in name order. */
  private static JsonArray rules() {
    List<Class<? extends BugChecker>> checks = new ArrayList<>();
    ServiceLoader.load(BugChecker.class, SarifLog.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::type)
        .filter(type -> type.getName().startsWith("dev.leakproof.")
            && type.isAnnotationPresent(BugPattern.class))
        .forEach(checks::add);
    checks.sort(Comparator.comparing(SarifLog::checkName));
    JsonArray rules = new JsonArray();
    for (Class<? extends BugChecker> check : checks) {
      BugPattern pattern = check.getAnnotation(BugPattern.class);
      String name = checkName(check);
      JsonObject configuration = new JsonObject();
      configuration.addProperty("level", level(pattern.severity()));
      JsonObject rule = new JsonObject();
      String page = "docs/checks/" + name + ".md";
      rule.addProperty("id", name);
      rule.add("shortDescription", text(pattern.summary()));
      if (!LeakproofVersion.DOCS_URL.isEmpty()) {
        rule.addProperty("helpUri", LeakproofVersion.DOCS_URL + page);
      }
      rule.add("help", text(pattern.summary() + ". See " + page + " in Leakproof's documentation."));
      rule.add("defaultConfiguration", configuration);
      rules.add(rule);
    }
    return rules;
  }

  static String checkName(Class<?> check) {
    BugPattern pattern = check.getAnnotation(BugPattern.class);
    return pattern == null || pattern.name().isEmpty() ? check.getSimpleName() : pattern.name();
  }

  static String level(SeverityLevel severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case SUGGESTION -> "note";
    };
  }

  private static List<JsonObject> previousResults(@Nullable String old, String rootUri) {
    List<JsonObject> kept = new ArrayList<>();
    if (old == null) {
      return kept;
    }
    try {
      JsonObject log = JsonParser.parseString(old).getAsJsonObject();
      for (JsonElement element : log.getAsJsonArray("runs")) {
        JsonObject run = element.getAsJsonObject();
        String tool = run.getAsJsonObject("tool").getAsJsonObject("driver").get("name").getAsString();
        String root = run.getAsJsonObject("originalUriBaseIds").getAsJsonObject(ROOT_ID)
            .get("uri").getAsString();
        if (tool.equals(TOOL) && root.equals(rootUri)) {
          for (JsonElement r : run.getAsJsonArray("results")) {
            JsonObject result = r.getAsJsonObject();
            // the fields merge() sorts by; a result without them fails here, not there
            uriOf(result);
            intAt(result, "startLine");
            intAt(result, "startColumn");
            result.get("ruleId").getAsString();
            kept.add(result);
          }
        }
      }
    } catch (RuntimeException e) {
      // not a log this class wrote: replace it
      kept.clear();
    }
    return kept;
  }

  private static String uriOf(JsonObject result) {
    return physical(result).getAsJsonObject("artifactLocation").get("uri").getAsString();
  }

  private static int intAt(JsonObject result, String field) {
    JsonElement value = physical(result).getAsJsonObject("region").get(field);
    return value == null ? 0 : value.getAsInt();
  }

  private static JsonObject physical(JsonObject result) {
    return result.getAsJsonArray("locations").get(0).getAsJsonObject()
        .getAsJsonObject("physicalLocation");
  }

  private static JsonObject text(String text) {
    JsonObject message = new JsonObject();
    message.addProperty("text", text);
    return message;
  }

  private static JsonArray array(JsonElement element) {
    JsonArray array = new JsonArray();
    array.add(element);
    return array;
  }
}
