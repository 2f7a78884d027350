package dev.leakproof.checker.report;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.JCDiagnostic;
import com.sun.tools.javac.util.Log;
import java.util.function.Consumer;
import javax.tools.JavaFileObject;
import org.jspecify.annotations.Nullable;

/**
 * Leakproof's own messages, as javac errors and warnings (not notes: Maven's compiler plugin does
 * not print javac notes). The text is javac's generic "{0}" message ({@code proc.messager}, the one
 * annotation processors' messages use), so it prints exactly as written.
 */
final class CompilerLog {
  private static final String KEY = "proc.messager";

  private CompilerLog() {}

  /** One error line with no file or position: {@code error: <message>}. It fails the compilation. */
  static void error(Context context, String message) {
    write(context, null, log -> log.error(new JCDiagnostic.Error("compiler", KEY, message)));
  }

  /** One warning at {@code at} (a tree of {@code unit}): {@code File.java:line: warning: <message>}. */
  static void warning(Context context, CompilationUnitTree unit, Tree at, String message) {
    write(
        context,
        unit.getSourceFile(),
        log -> log.warning((JCTree) at, new JCDiagnostic.Warning("compiler", KEY, message)));
  }

  /** One warning with no file or position: {@code warning: <message>}. */
  static void warning(Context context, String message) {
    write(context, null, log -> log.warning(new JCDiagnostic.Warning("compiler", KEY, message)));
  }

  /** Writes to javac's log with {@code source} (null: none) as the file being reported on. */
  private static void write(
      Context context, @Nullable JavaFileObject source, Consumer<Log> report) {
    Log log = Log.instance(context);
    JavaFileObject previous = log.useSource(source);
    try {
      report.accept(log);
    } finally {
      log.useSource(previous);
    }
  }
}
