package dev.leakproof.checker.report;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Attribute;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.annotations.IntentionalDaemon;
import org.jspecify.annotations.Nullable;

/**
 * A check about threads meant to live as long as the program: besides {@code @SuppressWarnings},
 * {@code @IntentionalDaemon} on a declaration around the matched code (local variable, field,
 * method or class) silences it, and {@link #isSuppressed(Symbol, VisitorState)} answers for both.
 *
 * <p>Not declared to Error Prone as a custom suppression annotation on purpose: Error Prone then
 * looks for it on every declaration it enters and tests it on every matcher call of every such
 * check, about 0.4% of a compilation (docs/performance.md). Here it is looked for only around a
 * finding ({@link NeverCrash#guard}), which is rare.
 */
public abstract class IntentionalDaemonChecker extends BugChecker {
  private static final String ANNOTATION = IntentionalDaemon.class.getName();

  @Override
  public boolean isSuppressed(Symbol symbol, VisitorState state) {
    return super.isSuppressed(symbol, state) || isAnnotated(symbol);
  }

  /**
   * Read from the symbol's own annotations: the annotation is not inherited, and Error Prone's
   * {@code hasAnnotation} would search the class path for it again on every call in code that does
   * not depend on the annotations jar.
   */
  private static boolean isAnnotated(Symbol symbol) {
    for (Attribute.Compound annotation : symbol.getRawAttributes()) {
      if (annotation.type.tsym.getQualifiedName().contentEquals(ANNOTATION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code @SuppressWarnings} for this check or {@code @IntentionalDaemon} is on a
   * declaration on {@code path}, the leaf included: a variable, field, method or class.
   */
  public boolean suppressedAround(@Nullable TreePath path, VisitorState state) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof VariableTree || leaf instanceof MethodTree || leaf instanceof ClassTree) {
        Symbol symbol = ASTHelpers.getSymbol(leaf);
        if (symbol != null && isSuppressed(symbol, state)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a finding at {@code state}'s path is silenced where Error Prone does not look (see the
   * class comment); as Error Prone's own, not with {@code -XepIgnoreSuppressionAnnotations}.
   */
  final boolean silencedHere(VisitorState state) {
    return !state.errorProneOptions().isIgnoreSuppressionAnnotations()
        && suppressedAround(state.getPath(), state);
  }
}
