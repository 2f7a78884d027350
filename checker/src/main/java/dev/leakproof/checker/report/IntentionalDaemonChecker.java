package dev.leakproof.checker.report;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.annotations.IntentionalDaemon;

/**
 * A check about threads meant to live as long as the program: besides {@code @SuppressWarnings},
 * {@code @IntentionalDaemon} on a declaration around the matched code (local variable, field,
 * method or class) silences it, and {@link #isSuppressed(Symbol, VisitorState)} answers for both.
 *
 * <p>Not declared to Error Prone as a custom suppression annotation on purpose: Error Prone then
 * looks for it on every declaration it enters and tests it on every matcher call of every such
 * check, about 1% of a compilation (docs/performance.md). Here it is looked for only around a
 * finding ({@link NeverCrash#guard}), which is rare.
 */
public abstract class IntentionalDaemonChecker extends BugChecker {
  private static final String ANNOTATION = IntentionalDaemon.class.getName();

  @Override
  public boolean isSuppressed(Symbol symbol, VisitorState state) {
    return super.isSuppressed(symbol, state) || ASTHelpers.hasAnnotation(symbol, ANNOTATION, state);
  }

  /** Whether a declaration on {@code path} (the leaf included) carries {@code @IntentionalDaemon}. */
  static boolean daemonAround(TreePath path, VisitorState state) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof VariableTree || leaf instanceof MethodTree || leaf instanceof ClassTree) {
        Symbol symbol = ASTHelpers.getSymbol(leaf);
        if (symbol != null && ASTHelpers.hasAnnotation(symbol, ANNOTATION, state)) {
          return true;
        }
      }
    }
    return false;
  }
}
