package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.threads.ThreadBodies.Owner;
import dev.leakproof.checker.threads.ThreadBodies.ThreadStart;
import dev.leakproof.checker.util.TypeNames;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Tasks handed to executors: where they are submitted, and whether the executor is this code's. */
public final class ExecutorTasks {
  private ExecutorTasks() {}

  /**
   * A task handed to an executor: {@code executor.execute(r)}, {@code executor.submit(task)},
   * {@code CompletableFuture.runAsync(r, ..)}/{@code supplyAsync(s, ..)}; the body is the task's code.
   */
  public static Optional<ThreadStart> submitted(TreePath path, VisitorState state) {
    if (!(path.getLeaf() instanceof MethodInvocationTree call) || call.getArguments().isEmpty()) {
      return Optional.empty();
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    String name = symbol.getSimpleName().toString();
    boolean onExecutor = (name.equals("execute") || name.equals("submit"))
        && TypeNames.isSubtype(symbol.owner.type, state, "java.util.concurrent.Executor");
    boolean async = (name.equals("runAsync") || name.equals("supplyAsync")) && symbol.isStatic()
        && TypeNames.isSame(symbol.owner.type, "java.util.concurrent.CompletableFuture", state);
    if (!onExecutor && !async) {
      return Optional.empty();
    }
    Tree body = ThreadBodies.runnableBody(call.getArguments().get(0), path, state, 3);
    return Optional.of(ThreadBodies.threadStart(call, body, Owner.HELD, state));
  }

  /**
   * Whether {@code executor} is a variable holding an executor this code creates ({@code
   * Executors.new..(..)}, {@code new ThreadPoolExecutor(..)}, ...): its threads are this code's.
   */
  static boolean createdHere(@Nullable ExpressionTree executor, TreePath path, VisitorState state) {
    Symbol symbol = executor == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(executor));
    if (!(symbol instanceof VarSymbol variable)) {
      return false;
    }
    ExpressionTree value = ValueIndex.singleValue(variable, path, state);
    if (value instanceof MethodInvocationTree factory) {
      MethodSymbol made = ASTHelpers.getSymbol(factory);
      return made.isStatic()
          && made.owner.getQualifiedName().contentEquals("java.util.concurrent.Executors")
          && made.getSimpleName().toString().startsWith("new");
    }
    return value instanceof NewClassTree creation && creation.getClassBody() == null
        && TypeNames.isSubtype(
            ASTHelpers.getType(creation), state, "java.util.concurrent.ExecutorService");
  }

}
