package dev.leakproof.checker.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.BaseErrorProneJavaCompiler;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.scanner.ScannerSupplier;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Compiles source files written to a project directory with every Leakproof check, the way a
 * build does: Error Prone as javac's task listener, files on disk, {@code -XepOpt} options. Each
 * {@link #compile} is one javac run (one Maven compile); the files stay, so a test can edit one and
 * compile again.
 */
final class ReportCompiler {
  final Path project;
  private final String sourceRoot;
  private final Map<String, String> sources = new LinkedHashMap<>();

  ReportCompiler(Path project) {
    this(project, "src/main/java");
  }

  /** A compiler of the sources under {@code sourceRoot} (e.g. src/test/java) of {@code project}. */
  ReportCompiler(Path project, String sourceRoot) {
    this.project = project;
    this.sourceRoot = sourceRoot;
  }

  /** Writes {@code <sourceRoot>/<path>} (replacing an earlier version). */
  ReportCompiler source(String path, String... lines) {
    sources.put(path, String.join("\n", lines) + "\n");
    return this;
  }

  ReportCompiler remove(String path) {
    sources.remove(path);
    return this;
  }

  Path file(String name) {
    return project.resolve(name);
  }

  /** The outcome of one compilation: success and the error and warning lines, as a user reads them. */
  record Outcome(boolean success, List<String> errors, List<String> warnings, String output) {
    List<String> leakproofLines() {
      List<String> lines = new ArrayList<>();
      for (String line : errors) {
        if (line.contains("Leakproof") || isCheckLine(line)) {
          lines.add("error: " + line);
        }
      }
      for (String line : warnings) {
        if (line.contains("Leakproof") || isCheckLine(line)) {
          lines.add("warning: " + line);
        }
      }
      return lines;
    }

    private static boolean isCheckLine(String line) {
      return checkNames().stream().anyMatch(name -> line.contains("[" + name + "]"));
    }
  }

  /** Compiles all sources with {@code options} (e.g. {@code -XepOpt:Leakproof:Baseline=..}). */
  Outcome compile(String... options) {
    List<Path> files = new ArrayList<>();
    try {
      Path root = project.resolve(sourceRoot);
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = root.resolve(source.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue(), UTF_8);
        files.add(file);
      }
      Path classes = Files.createDirectories(project.resolve("target/classes-" + sourceRoot.replace('/', '-')));
      List<String> args = new ArrayList<>(List.of(
          "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW", "-d", classes.toString(),
          "-cp", System.getProperty("java.class.path"),
          "-XepOpt:Leakproof:SarifRoot=" + project));
      args.addAll(List.of(options));
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      StringWriter output = new StringWriter();
      BaseErrorProneJavaCompiler compiler =
          new BaseErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(checks()));
      boolean success;
      try (StandardJavaFileManager fileManager =
          compiler.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
        success = compiler.getTask(output, fileManager, diagnostics, args, null,
                fileManager.getJavaFileObjectsFromPaths(files))
            .call();
      }
      List<String> errors = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        String where = d.getSource() == null
            ? ""
            : root.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
        String line = where + d.getMessage(Locale.ROOT).lines().findFirst().orElse("");
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(line);
        } else if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
          warnings.add(line);
        }
      }
      return new Outcome(success, errors, warnings, output.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Class<? extends BugChecker>> checks() {
    List<Class<? extends BugChecker>> checks = new ArrayList<>();
    ServiceLoader.load(BugChecker.class).stream().map(ServiceLoader.Provider::type).forEach(checks::add);
    return checks;
  }

  static List<String> checkNames() {
    return checks().stream().map(SarifLog::checkName).toList();
  }
}
