package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.threads.LoopInterrupts.Swallow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.TypeNames;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Wait loops on the caller's thread ({@code while (!ready) { try { lock.wait(); } catch (..) {} }}):
 * a throttle, flow control, "wait until there is room". Leaving such a loop on an interrupt would
 * let the caller go on before the condition holds, so the fix is Guava's {@code Uninterruptibles}
 * idiom instead: remember the interrupt and restore it once the loop is done.
 */
final class WaitLoops {
  private static final Set<String> SIGNAL_WAITS =
      Set.of("wait", "await", "awaitNanos", "awaitUntil", "sleep", "join", "acquire", "tryAcquire",
          "awaitAdvanceInterruptibly", "awaitTermination");

  private WaitLoops() {}

  /**
   * Whether the swallowing loop waits for a condition in a method called on the caller's thread:
   * it can end (a condition, or a {@code break}/{@code return} out of it), its {@code try} only
   * waits for a signal ({@link #isSignalWait}; other statements there only log or call nothing,
   * like {@code waiters++}), and it is in a method (not a lambda or a task's {@code run()}/{@code call()}).
   */
  static boolean isCallerWaitLoop(Swallow swallow, TryTree tryTree, VisitorState state) {
    Tree loop = swallow.loop().getLeaf();
    if (swallow.loops().get(0).getLeaf() != loop
        || LoopExits.isInfinite(loop) && !LoopExits.jumpsOut(swallow.loop(), state)) {
      return false; // a loop that never ends is a worker, not a wait for a condition
    }
    Tree body = FlagLoops.enclosingBody(swallow.loop());
    if (!(body instanceof MethodTree method)
        || method.getParameters().isEmpty()
            && (method.getName().contentEquals("run") || method.getName().contentEquals("call"))) {
      return false;
    }
    return onlyWaits(tryTree.getBlock().getStatements()) == Boolean.TRUE;
  }

  /**
   * TRUE if the statements wait for a signal and otherwise only log or call nothing, FALSE if they
   * do nothing of either kind, null if they do more ({@code q.take()}, {@code f.get()}, {@code
   * work()}: a worker). An {@code if} counts by its branches: re-testing the condition before
   * waiting ({@code if (listener.isAlive()) this.wait(1000);}, JmDNS) is still only waiting.
   */
  @Nullable
  private static Boolean onlyWaits(List<? extends StatementTree> statements) {
    boolean waits = false;
    for (StatementTree statement : statements) {
      Boolean inner = switch (statement) {
        case BlockTree block -> onlyWaits(block.getStatements());
        case IfTree ifTree -> either(onlyWaits(List.of(ifTree.getThenStatement())),
            ifTree.getElseStatement() == null ? Boolean.FALSE
                : onlyWaits(List.of(ifTree.getElseStatement())));
        default -> onlyWaits(statement);
      };
      if (inner == null) {
        return null;
      }
      waits |= inner;
    }
    return waits;
  }

  @Nullable
  private static Boolean either(@Nullable Boolean one, @Nullable Boolean other) {
    return one == null || other == null ? null : one || other;
  }

  @Nullable
  private static Boolean onlyWaits(StatementTree statement) {
    Tree expression = statement instanceof ExpressionStatementTree e ? e.getExpression() : null;
    if (expression instanceof com.sun.source.tree.AssignmentTree assignment) {
      expression = assignment.getExpression(); // nanos = condition.awaitNanos(nanos)
    }
    if (expression instanceof MethodInvocationTree call && isSignalWait(call)) {
      return true;
    }
    if (expression instanceof MethodInvocationTree call && InterruptHandling.isLogging(call)) {
      return false; // log.fine("waiting for {}", key()): tracing, not work
    }
    if (LocalTrees.contains(statement, MethodInvocationTree.class)
        || LocalTrees.contains(statement, com.sun.source.tree.NewClassTree.class)
        || LocalTrees.contains(statement, Tree.class, LoopExits::isLoop)) {
      return null; // q.take(), f.get(), work(): the loop does more than wait; it is a worker
    }
    return false;
  }

  /**
   * A wait for a signal, not for data: {@code wait}, {@code await*}, {@code sleep}, {@code join},
   * {@code acquire}, {@code tryAcquire}, {@code awaitAdvanceInterruptibly}.
   */
  private static boolean isSignalWait(MethodInvocationTree call) {
    return SIGNAL_WAITS.contains(ASTHelpers.getSymbol(call).getSimpleName().toString());
  }

  /**
   * Guava's idiom as a fix: {@code boolean interrupted = false; try { <loop> } finally { if
   * (interrupted) Thread.currentThread().interrupt(); }}, with the catch setting the flag (in place
   * of its {@code Thread.currentThread().interrupt()} when it {@code restores}). Empty when the loop
   * is not a statement of a block, or a restoring catch restores somewhere we cannot replace.
   */
  static Optional<SuggestedFix> uninterruptiblesFix(
      CatchTree catchTree, TreePath loopPath, boolean restores, VisitorState state) {
    Tree statement = loopPath.getLeaf();
    TreePath parent = loopPath.getParentPath();
    if (parent.getLeaf() instanceof LabeledStatementTree) {
      statement = parent.getLeaf();
      parent = parent.getParentPath();
    }
    if (!(parent.getLeaf() instanceof BlockTree)) {
      return Optional.empty();
    }
    String flag = freshName(loopPath);
    SuggestedFix.Builder fix = SuggestedFix.builder()
        .prefixWith(statement, "boolean " + flag + " = false;\ntry {\n")
        .postfixWith(statement,
            "\n} finally {\nif (" + flag + ") {\nThread.currentThread().interrupt();\n}\n}");
    String set = flag + " = true;";
    if (restores) {
      for (StatementTree inCatch : catchTree.getBlock().getStatements()) {
        if (inCatch instanceof ExpressionStatementTree expression
            && expression.getExpression() instanceof MethodInvocationTree call
            && InterruptHandling.isRestore(call, state)) {
          return Optional.of(fix.replace(inCatch, set).build());
        }
      }
      return Optional.empty();
    }
    Type caught = ASTHelpers.getType(catchTree.getParameter());
    if (!TypeNames.isSame(caught, "java.lang.InterruptedException", state)) {
      set = "if (" + catchTree.getParameter().getName() + " instanceof InterruptedException) {\n"
          + set + "\n}";
    }
    int close = state.getEndPosition(catchTree.getBlock()) - 1;
    if (close < 0) {
      return Optional.empty();
    }
    return Optional.of(fix.replace(close, close, set + "\n").build());
  }

  /** {@code interrupted}, or a variant no name in the method already uses. */
  private static String freshName(TreePath loopPath) {
    Tree body = FlagLoops.enclosingBody(loopPath);
    Set<String> used = new HashSet<>();
    if (body != null) {
      for (Tree tree : LocalTrees.findAll(body, Tree.class)) {
        if (tree instanceof IdentifierTree id) {
          used.add(id.getName().toString());
        } else if (tree instanceof VariableTree variable) {
          used.add(variable.getName().toString());
        }
      }
    }
    String name = "interrupted";
    for (int i = 2; used.contains(name); i++) {
      name = "interrupted" + i;
    }
    return name;
  }
}
