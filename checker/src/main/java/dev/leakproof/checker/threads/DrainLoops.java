package dev.leakproof.checker.threads;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Drain loops (part of {@link LoopBounds}): a loop that takes what is there without blocking and
 * ends when nothing is left.
 */
final class DrainLoops {
  /** Non-blocking dequeues: a loop on their result drains what is there and ends. */
  private static final Set<String> DEQUEUES =
      Set.of("poll", "pollFirst", "pollLast", "pollFirstEntry", "pollLastEntry", "remove",
          "removeFirst", "removeLast", "pop", "take", "drainTo");
  private static final Set<String> NON_BLOCKING_DEQUEUES =
      Set.of("poll", "pollFirst", "pollLast", "pollFirstEntry", "pollLastEntry");

  private DrainLoops() {}

  /**
   * A drain loop: {@code while ((x = q.poll()) != null)}, {@code while (q.poll() != null)}, or a
   * loop while work is left ({@code !q.isEmpty()}, {@code q.size() > 0}, {@code getCount() > 0})
   * whose body takes work out of the same object ({@code q.poll()}, {@code remove(0)}).
   */
  static boolean isDrain(Tree loop, ExpressionTree condition) {
    Flow.NullTest test = Flow.nullTest(condition);
    if (test != null && !test.isNullWhenTrue()) {
      ExpressionTree other = ASTHelpers.stripParentheses(test.operand());
      if (other instanceof AssignmentTree assignment) {
        other = ASTHelpers.stripParentheses(assignment.getExpression());
      }
      if (other instanceof MethodInvocationTree call && call.getArguments().isEmpty()
          && NON_BLOCKING_DEQUEUES.contains(name(call))) {
        return true;
      }
    }
    MethodInvocationTree size = sizeTest(condition);
    if (size == null) {
      return false;
    }
    ExpressionTree queue = ASTHelpers.getReceiver(size);
    Symbol queueSymbol = queue == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(queue));
    if (queue != null && queueSymbol == null) {
      return false;
    }
    for (MethodInvocationTree call : LocalTrees.find(LoopExits.body(loop), MethodInvocationTree.class)) {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      boolean sameReceiver = queue == null ? receiver == null || LocalTrees.isThis(receiver)
          : receiver != null && queueSymbol.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver)));
      if (sameReceiver && isRemoval(name(call))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The call a condition tests for work left: {@code !q.isEmpty()}, {@code q.size() > 0}, {@code
   * getMessageCount() != 0}, {@code 0 < q.size()} (a no-argument call named for a size or count);
   * null otherwise.
   */
  private static @Nullable MethodInvocationTree sizeTest(ExpressionTree condition) {
    if (condition instanceof UnaryTree not && not.getKind() == Tree.Kind.LOGICAL_COMPLEMENT
        && ASTHelpers.stripParentheses(not.getExpression()) instanceof MethodInvocationTree isEmpty
        && name(isEmpty).equals("isEmpty") && isEmpty.getArguments().isEmpty()) {
      return isEmpty;
    }
    if (!(condition instanceof BinaryTree binary)) {
      return null;
    }
    ExpressionTree left = ASTHelpers.stripParentheses(binary.getLeftOperand());
    ExpressionTree right = ASTHelpers.stripParentheses(binary.getRightOperand());
    boolean zeroRight = isZero(right);
    ExpressionTree counted = zeroRight ? left : isZero(left) ? right : null;
    boolean positive = switch (binary.getKind()) {
      case NOT_EQUAL_TO -> true;
      case GREATER_THAN -> zeroRight;
      case LESS_THAN -> !zeroRight;
      default -> false;
    };
    if (!positive || !(counted instanceof MethodInvocationTree call) || !call.getArguments().isEmpty()) {
      return null;
    }
    String lower = name(call).toLowerCase(Locale.ROOT);
    return lower.contains("size") || lower.contains("count") || lower.contains("length") ? call : null;
  }

  private static boolean isZero(ExpressionTree tree) {
    return ASTHelpers.constValue(tree) instanceof Number number && number.longValue() == 0;
  }

  /** Whether a method name says it takes work out: {@code poll}, {@code remove..}, {@code delete..}. */
  private static boolean isRemoval(String name) {
    return DEQUEUES.contains(name) || name.startsWith("remove") || name.startsWith("delete")
        || name.startsWith("poll") || name.startsWith("drain") || name.startsWith("dequeue")
        || name.equals("clear");
  }

  private static String name(MethodInvocationTree call) {
    return ASTHelpers.getSymbol(call).getSimpleName().toString();
  }
}
