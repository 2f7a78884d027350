package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The code a thread body hands its work to: a body that only sets up and then calls one method of
 * the code being compiled runs that method, so the checks judge the method's loops as the thread's.
 */
final class BodyDelegates {
  private BodyDelegates() {}

  /**
   * The method a body hands its work to: a lambda or {@code run()} that ends by calling a method of
   * the code being compiled after set-up code only ({@code () -> pollForever()}, {@code run() {
   * setName("poller"); loop(); }}) runs that method, followed a few levels; otherwise the body
   * itself.
   */
  @Nullable
  static Tree delegate(@Nullable Tree body, VisitorState state) {
    Tree current = body;
    Set<Tree> seen = new HashSet<>();
    for (int depth = 0; depth < 4 && current != null && seen.add(current); depth++) {
      MethodInvocationTree only = onlyCall(current);
      MethodSymbol symbol = only == null ? null : ASTHelpers.getSymbol(only);
      MethodTree target = symbol == null ? null : SourceLookup.method(symbol, state);
      if (target == null || target.getBody() == null || seen.contains(target)) {
        return current;
      }
      current = target;
    }
    return current;
  }

  /**
   * The last statement of a block when the statements before it only set up (no loop, no return,
   * no throw: {@code setName(..); log.info(..); loop();}), else null.
   */
  @Nullable
  private static Tree lastAfterStraightCode(BlockTree block) {
    List<? extends com.sun.source.tree.StatementTree> statements = block.getStatements();
    if (statements.isEmpty()) {
      return null;
    }
    for (int i = 0; i < statements.size() - 1; i++) {
      if (LocalTrees.contains(statements.get(i), Tree.class,
          t -> LoopExits.isLoop(t) || t instanceof com.sun.source.tree.ReturnTree
              || t instanceof com.sun.source.tree.ThrowTree)) {
        return null;
      }
    }
    return statements.get(statements.size() - 1);
  }

  /**
   * The call that ends a lambda's or method's body after set-up code only (the body's work is that
   * call), or null.
   */
  @Nullable
  private static MethodInvocationTree onlyCall(Tree body) {
    Tree code = body instanceof LambdaExpressionTree lambda ? lambda.getBody()
        : body instanceof MethodTree method ? method.getBody() : null;
    if (code instanceof BlockTree block) {
      code = lastAfterStraightCode(block);
    }
    if (code instanceof TryTree tryTree && tryTree.getResources().isEmpty()) {
      code = lastAfterStraightCode(tryTree.getBlock()); // try { loop(); } catch (..) { log(..); }
    }
    if (code instanceof ExpressionStatementTree statement) {
      code = statement.getExpression();
    }
    if (!(code instanceof MethodInvocationTree call)) {
      return null;
    }
    for (ExpressionTree argument : call.getArguments()) {
      if (LocalTrees.contains(argument, Tree.class, t -> t instanceof MethodInvocationTree
          || t instanceof NewClassTree || t instanceof LambdaExpressionTree)) {
        return null; // the body does work of its own: handle(queue.take())
      }
    }
    return call;
  }
}
