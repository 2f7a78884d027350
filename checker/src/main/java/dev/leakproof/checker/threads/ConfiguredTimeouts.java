package dev.leakproof.checker.threads;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import org.jspecify.annotations.Nullable;

/**
 * Untimed waits the user asked for by configuring "no timeout": {@code if (timeout == 0)
 * latch.await(); else latch.await(timeout, unit);}. The timed branch shows the bound is a setting.
 * Likewise an uninterruptible wait configured so: {@code if (interruptible) semaphore.acquire();
 * else semaphore.acquireUninterruptibly();}.
 */
final class ConfiguredTimeouts {
  private ConfiguredTimeouts() {}

  /**
   * Whether the untimed wait is the branch the user chose by configuring no timeout: {@code if
   * (timeout == 0) latch.await(); else latch.await(timeout, unit);} (also {@code <= 0}, {@code <
   * 0}, or {@code > 0} with the untimed wait in the else branch), the other branch calling the same
   * object with the timeout ({@code semaphore.tryAcquire(timeout, unit)}).
   */
  static boolean isConfiguredUnbounded(TreePath path) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    Symbol waited = receiver == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    Tree child = call;
    for (TreePath p = path.getParentPath(); p != null && waited != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree
          || LoopExits.isLoop(leaf)) {
        return false;
      }
      if (leaf instanceof IfTree ifTree && ifTree.getElseStatement() != null
          && child != ifTree.getCondition()) {
        boolean inThen = child == ifTree.getThenStatement();
        Symbol timeout = zeroTest(ifTree.getCondition(), inThen);
        Tree other = inThen ? ifTree.getElseStatement() : ifTree.getThenStatement();
        if (timeout != null && callsWithTimeout(other, waited, timeout)
            || callsInterruptibleTwin(other, waited, ASTHelpers.getSymbol(call).getSimpleName().toString())) {
          return true;
        }
      }
      child = leaf;
    }
    return false;
  }

  /**
   * The variable a condition tests for "no timeout" on the side of the untimed wait: {@code t == 0},
   * {@code t <= 0}, {@code t < 0} when the wait is in the then branch, {@code t > 0} or {@code t !=
   * 0} when it is in the else branch; null otherwise.
   */
  @Nullable
  private static Symbol zeroTest(ExpressionTree condition, boolean waitInThen) {
    if (!(ASTHelpers.stripParentheses(condition) instanceof BinaryTree test)) {
      return null;
    }
    Object right = ASTHelpers.constValue(test.getRightOperand());
    if (!(right instanceof Number number) || number.longValue() != 0) {
      return null;
    }
    boolean untimedWhenTrue;
    switch (test.getKind()) {
      case EQUAL_TO, LESS_THAN_EQUAL, LESS_THAN -> untimedWhenTrue = true;
      case GREATER_THAN, NOT_EQUAL_TO -> untimedWhenTrue = false;
      default -> {
        return null;
      }
    }
    Symbol variable = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(test.getLeftOperand()));
    return untimedWhenTrue == waitInThen && variable instanceof VarSymbol ? variable : null;
  }

  /**
   * Whether {@code branch} calls on {@code waited} the interruptible twin of the uninterruptible
   * wait {@code name} ({@code acquire} for {@code acquireUninterruptibly}): Tomcat's {@code
   * SemaphoreValve} with {@code interruptible=false}.
   */
  private static boolean callsInterruptibleTwin(Tree branch, Symbol waited, String name) {
    if (!name.endsWith("Uninterruptibly")) {
      return false;
    }
    String twin = name.substring(0, name.length() - "Uninterruptibly".length());
    return LocalTrees.contains(branch, MethodInvocationTree.class, call -> {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      return receiver != null
          && ASTHelpers.getSymbol(call).getSimpleName().contentEquals(twin)
          && waited.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver)));
    });
  }

  /** Whether {@code branch} calls a method on {@code waited} passing {@code timeout}. */
  private static boolean callsWithTimeout(Tree branch, Symbol waited, Symbol timeout) {
    for (MethodInvocationTree call : LocalTrees.find(branch, MethodInvocationTree.class)) {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if (receiver == null || !waited.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver)))) {
        continue;
      }
      for (ExpressionTree argument : call.getArguments()) {
        if (LocalTrees.contains(
            argument, ExpressionTree.class, t -> timeout.equals(ASTHelpers.getSymbol(t)))) {
          return true;
        }
      }
    }
    return false;
  }

}
