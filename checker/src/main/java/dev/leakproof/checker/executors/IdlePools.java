package dev.leakproof.checker.executors;

import static com.google.errorprone.matchers.method.MethodMatchers.constructor;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.SourceLookup;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pools whose threads all end by themselves when idle (see {@link OwnedResource}): no core
 * threads and a keep-alive, so "never stops" would be false.
 */
final class IdlePools {
  private static final Matcher<ExpressionTree> THREAD_POOL_EXECUTOR =
      constructor().forClass("java.util.concurrent.ThreadPoolExecutor");
  /** {@code super(..)} in a subclass: a call of the constructor, not a {@code new}. */
  private static final Matcher<ExpressionTree> THREAD_POOL_CONSTRUCTOR =
      Matchers.symbolMatcher((symbol, s) -> symbol.isConstructor()
          && symbol.owner.getQualifiedName().contentEquals("java.util.concurrent.ThreadPoolExecutor"));

  private IdlePools() {}

  /**
   * {@code new ThreadPoolExecutor(0, max, keepAlive, ..)}: no core threads, a constant keep-alive.
   * Also a subclass of this compilation whose constructor hands them to {@code super(..)} as they
   * came ({@code new ExtendedThreadPoolExecutor(0, MAX_VALUE, 60L, SECONDS, queue)}, Storm's
   * {@code DRPCSpout}, fourth recall round).
   */
  static boolean threadsEndWhenIdle(NewClassTree creation, VisitorState state) {
    if (creation.getClassBody() != null) {
      return false;
    }
    List<? extends ExpressionTree> arguments = creation.getArguments();
    if (!THREAD_POOL_EXECUTOR.matches(creation, state)) {
      arguments = superArguments(creation, state);
    }
    if (arguments == null || arguments.size() < 3) {
      return false;
    }
    Object core = SourceLookup.constantValue(arguments.get(0), state);
    Object keepAlive = SourceLookup.constantValue(arguments.get(2), state);
    return core instanceof Number coreThreads
        && coreThreads.longValue() == 0
        && keepAlive instanceof Number time
        && time.longValue() < Long.MAX_VALUE;
  }

  /**
   * The arguments a subclass's constructor (of this compilation) passes to {@code
   * ThreadPoolExecutor}'s as its first statement, each of its own parameters replaced by what
   * {@code creation} passes for it; null when it does more than that.
   */
  private static @Nullable List<ExpressionTree> superArguments(
      NewClassTree creation, VisitorState state) {
    MethodTree constructor = SourceLookup.method(ASTHelpers.getSymbol(creation), state);
    if (constructor == null || constructor.getBody() == null
        || constructor.getBody().getStatements().isEmpty()
        || !(constructor.getBody().getStatements().get(0)
            instanceof ExpressionStatementTree statement)
        || !(statement.getExpression() instanceof MethodInvocationTree superCall)
        || !THREAD_POOL_CONSTRUCTOR.matches(superCall, state)) {
      return null;
    }
    List<ExpressionTree> arguments = new ArrayList<>();
    for (ExpressionTree argument : superCall.getArguments()) {
      Symbol symbol = ASTHelpers.getSymbol(argument);
      int parameter = symbol == null ? -1 : constructor.getParameters().stream()
          .map(ASTHelpers::getSymbol).toList().indexOf(symbol);
      arguments.add(parameter >= 0 && parameter < creation.getArguments().size()
          ? creation.getArguments().get(parameter) : argument);
    }
    return arguments;
  }
}
