package dev.leakproof.checker.latches;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A private method's skip by an exception is its callers' to handle when every call of it sits in
 * a {@code try} that catches everything and is followed by a countDown of the same latch (or whose
 * {@code finally} counts it down): the waiter is released whatever the method throws
 * (spring-rabbit's {@code initialize()}, called in {@code run()}'s {@code try} with a {@code catch
 * (Throwable t)}, then "In all cases count down"; a false finding of the recall libraries once a
 * catch that throws again keeps the skip of the call that threw into it).
 */
final class CallerCoverage {
  private CallerCoverage() {}

  /** {@code skips} without the exception exits that every caller of {@code unit} covers. */
  static List<Exit> withoutCoveredExceptions(
      List<Exit> skips, TreePath unit, Object latch, VisitorState state) {
    if (skips.isEmpty()
        || !(unit.getLeaf() instanceof MethodTree method)
        || !method.getModifiers().getFlags().contains(Modifier.PRIVATE)
        || !coveredByEveryCaller(ASTHelpers.getSymbol(method), latch, state)) {
      return skips;
    }
    List<Exit> kept = new ArrayList<>();
    for (Exit exit : skips) {
      if (exit.kind() == Exit.Kind.RETURN
          || exit.kind() == Exit.Kind.BREAK
          || exit.kind() == Exit.Kind.CONTINUE) {
        kept.add(exit);
      }
    }
    return kept;
  }

  private static boolean coveredByEveryCaller(Symbol method, Object latch, VisitorState state) {
    List<TreePath> calls =
        UnitPaths.callsOf(state.getPath().getCompilationUnit(), method, state);
    return !calls.isEmpty() && calls.stream().allMatch(call -> covered(call, latch, state));
  }

  /** Whether the innermost try around the call catches everything and then counts down. */
  private static boolean covered(TreePath call, Object latch, VisitorState state) {
    Tree child = call.getLeaf();
    for (TreePath path = call.getParentPath(); path != null; path = path.getParentPath()) {
      Tree leaf = path.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        return false;
      }
      if (leaf instanceof TryTree tryTree && tryTree.getBlock() == child) {
        if (tryTree.getFinallyBlock() != null
            && LatchUsage.countsDown(tryTree.getFinallyBlock(), latch, state)) {
          return true;
        }
        return catchesEverything(tryTree, state)
            && nextCountsDown(path, tryTree, latch, state);
      }
      child = leaf;
    }
    return false;
  }

  private static boolean catchesEverything(TryTree tryTree, VisitorState state) {
    for (CatchTree catchTree : tryTree.getCatches()) {
      for (var caught : Exceptions.caughtTypes(catchTree)) {
        if (Exceptions.catchesAll(caught, state.getSymtab().throwableType, state)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the statement right after the try is {@code latch.countDown();}. */
  private static boolean nextCountsDown(
      TreePath tryPath, TryTree tryTree, Object latch, VisitorState state) {
    if (!(tryPath.getParentPath().getLeaf() instanceof BlockTree block)) {
      return false;
    }
    List<? extends StatementTree> statements = block.getStatements();
    int index = statements.indexOf(tryTree);
    return index >= 0
        && index + 1 < statements.size()
        && statements.get(index + 1) instanceof ExpressionStatementTree next
        && next.getExpression() instanceof MethodInvocationTree countDown
        && LatchUsage.COUNT_DOWN.matches(countDown, state)
        && latch.equals(LatchUsage.latchKey(countDown, state));
  }
}
