package dev.leakproof.checker.util;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.tree.JCTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which trees of a kind run as part of a piece of code itself: finds nodes inside a tree without
 * entering nested classes and lambdas (their code runs elsewhere, at another time).
 */
public final class LocalTrees {
  private LocalTrees() {}

  /** Every node under {@code root} (root included) that is an instance of {@code type}. */
  public static <T extends Tree> List<T> find(Tree root, Class<T> type) {
    return find(root, type, t -> true);
  }

  public static <T extends Tree> List<T> find(Tree root, Class<T> type, Predicate<? super T> filter) {
    return scan(root, type, filter, false, false);
  }

  /** Every node under {@code root} of the given type, nested classes and lambdas included. */
  public static <T extends Tree> List<T> findAll(Tree root, Class<T> type) {
    return findAll(root, type, t -> true);
  }

  public static <T extends Tree> List<T> findAll(
      Tree root, Class<T> type, Predicate<? super T> filter) {
    return scan(root, type, filter, true, false);
  }

  /**
   * The paths of every call of {@code method} under {@code root}, nested classes and lambdas
   * included, found in one scan.
   */
  public static List<TreePath> callsOf(TreePath root, Symbol method) {
    List<TreePath> calls = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (ASTHelpers.getSymbol(call) == method) {
          calls.add(getCurrentPath());
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(root, null);
    return calls;
  }

  /** The nodes {@link #find} or {@link #findAll} returns; only the first with {@code firstOnly}. */
  private static <T extends Tree> List<T> scan(
      Tree root,
      Class<T> type,
      Predicate<? super T> filter,
      boolean intoNested,
      boolean firstOnly) {
    List<T> found = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null
            || firstOnly && !found.isEmpty()
            || (!intoNested
                && tree != root
                && (tree instanceof ClassTree || tree instanceof LambdaExpressionTree))) {
          return null;
        }
        if (type.isInstance(tree) && filter.test(type.cast(tree))) {
          found.add(type.cast(tree));
        }
        return super.scan(tree, unused);
      }
    }.scan(root, null);
    return found;
  }

  /**
   * The {@code return} statements under {@code root}, and the {@code break}/{@code continue}
   * statements whose target is outside it: the jumps that make control leave {@code root} other
   * than by an exception (not counting nested classes and lambdas).
   */
  public static List<StatementTree> jumpsLeaving(Tree root) {
    Set<Tree> inside = new HashSet<>(find(root, Tree.class));
    return find(
        root,
        StatementTree.class,
        s ->
            s instanceof ReturnTree
                || (s instanceof BreakTree || s instanceof ContinueTree)
                    && (jumpTarget(s) == null || !inside.contains(jumpTarget(s))));
  }

  /** What a {@code break} or {@code continue} jumps to; null for any other tree. */
  @Nullable
  public static Tree jumpTarget(Tree jump) {
    return jump instanceof JCTree.JCBreak b
        ? b.target
        : jump instanceof JCTree.JCContinue c ? c.target : null;
  }

  /** Whether {@code expression} is {@code this} (in parentheses or not). */
  public static boolean isThis(ExpressionTree expression) {
    return ASTHelpers.stripParentheses(expression) instanceof IdentifierTree identifier
        && identifier.getName().contentEquals("this");
  }

  public static <T extends Tree> boolean contains(Tree root, Class<T> type) {
    return contains(root, type, t -> true);
  }

  /**
   * True if a node under {@code root} (outside nested classes and lambdas) of type {@code type}
   * passes {@code filter}; the scan stops at the first.
   */
  public static <T extends Tree> boolean contains(
      Tree root, Class<T> type, Predicate<? super T> filter) {
    return !scan(root, type, filter, false, true).isEmpty();
  }
}
