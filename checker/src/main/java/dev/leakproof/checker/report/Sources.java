package dev.leakproof.checker.report;

import com.google.errorprone.BugPattern.SeverityLevel;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jspecify.annotations.Nullable;

/**
 * Where findings are, in SARIF's terms: a source file's URI relative to the root ({@code
 * -XepOpt:Leakproof:SarifRoot}, by default javac's working directory, which is the module's
 * directory in a Maven build), and a region with 1-based lines and columns counted in UTF-16 code
 * units (javac's own columns expand tabs, SARIF's do not).
 */
final class Sources {
  private final Path root;

  Sources(Path root) {
    this.root = root;
  }

  /** The root as an absolute {@code file:} URI ending with {@code /}, as SARIF wants a base. */
  String rootUri() {
    String uri = root.toUri().toString();
    return uri.endsWith("/") ? uri : uri + "/";
  }

  /** The file's URI: relative to the root when the file is under it, else absolute. */
  String uri(CompilationUnitTree unit) {
    URI file = unit.getSourceFile().toUri();
    String relative = relativePath(file);
    return relative != null ? relative : file.toString();
  }

  private boolean isRelative(String uri) {
    return !uri.contains(":");
  }

  private @Nullable String relativePath(URI file) {
    if (!"file".equals(file.getScheme())) {
      return null;
    }
    Path path;
    try {
      path = Paths.get(file).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      return null;
    }
    if (!path.startsWith(root)) {
      return null;
    }
    String relative = root.relativize(path).toString().replace('\\', '/');
    try {
      // Encodes what a URI may not contain (spaces ...). A colon would read as a scheme: use the
      // absolute URI then.
      String encoded = new URI(null, null, relative, null).getRawPath();
      return encoded.contains(":") ? null : encoded;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  SarifLog.Result result(
      VisitorState state,
      Description description,
      Tree tree,
      SeverityLevel severity,
      String fingerprint,
      @Nullable String suppression) {
    CompilationUnitTree unit = state.getPath().getCompilationUnit();
    LineMap lines = unit.getLineMap();
    int start = Math.max(0, ASTHelpers.getStartPosition(tree));
    int end = state.getEndPosition(tree);
    int startLine = (int) lines.getLineNumber(start);
    int startColumn = (int) (start - lines.getStartPosition(startLine)) + 1;
    int endLine = end > start ? (int) lines.getLineNumber(end) : -1;
    int endColumn = end > start ? (int) (end - lines.getStartPosition(endLine)) + 1 : -1;
    String uri = uri(unit);
    return new SarifLog.Result(
        description.checkName,
        severity,
        description.getRawMessage(),
        uri,
        isRelative(uri),
        startLine,
        startColumn,
        endLine,
        endColumn,
        fingerprint,
        suppression);
  }
}
