package dev.leakproof.checker.report;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.JCDiagnostic;
import com.sun.tools.javac.util.Log;
import javax.tools.JavaFileObject;

/**
 * Leakproof's own messages, as javac errors and warnings (not notes: Maven's compiler plugin does
 * not print javac notes). The text is javac's generic "{0}" message ({@code proc.messager}, the one
 * annotation processors' messages use), so it prints exactly as written.
 */
final class CompilerLog {
  private CompilerLog() {}

  /** One error line with no file or position: {@code error: <message>}. It fails the compilation. */
  static void error(Context context, String message) {
    Log log = Log.instance(context);
    JavaFileObject previous = log.useSource(null);
    try {
      log.error(new JCDiagnostic.Error("compiler", "proc.messager", message));
    } finally {
      log.useSource(previous);
    }
  }

  /** One warning at {@code at} (a tree of {@code unit}): {@code File.java:line: warning: <message>}. */
  static void warning(Context context, CompilationUnitTree unit, Tree at, String message) {
    Log log = Log.instance(context);
    JavaFileObject previous = log.useSource(unit.getSourceFile());
    try {
      log.warning((JCTree) at, new JCDiagnostic.Warning("compiler", "proc.messager", message));
    } finally {
      log.useSource(previous);
    }
  }

  /** One warning with no file or position: {@code warning: <message>}. */
  static void warning(Context context, String message) {
    Log log = Log.instance(context);
    JavaFileObject previous = log.useSource(null);
    try {
      log.warning(new JCDiagnostic.Warning("compiler", "proc.messager", message));
    } finally {
      log.useSource(previous);
    }
  }
}
