package dev.leakproof.checker.latches;

import static com.google.errorprone.matchers.method.MethodMatchers.constructor;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import dev.leakproof.checker.ownership.UsePolicy;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.TypeNames;

/**
 * What {@link Uses} needs to know about a {@code CountDownLatch}: nothing releases it ({@code
 * countDown}, {@code await} and {@code getCount} are plain uses), a task given to a runner that
 * runs it ({@code execute}, {@code submit}, {@code new Thread(..)}, {@code whenComplete}, ...) or an
 * anonymous {@code Thread} keeps the latch here, and only Guava's {@code awaitUninterruptibly} may
 * receive it as an argument without taking it over. Anything else it is handed to escapes.
 */
final class LatchPolicy implements UsePolicy {
  static final LatchPolicy INSTANCE = new LatchPolicy();

  /** Guava's {@code Uninterruptibles.awaitUninterruptibly(latch[, timeout..])}: only awaits. */
  static final Matcher<ExpressionTree> AWAIT_UNINTERRUPTIBLY =
      staticMethod()
          .onClass("com.google.common.util.concurrent.Uninterruptibles")
          .named("awaitUninterruptibly");

  /** Calls that run a task given to them exactly once. */
  static final Matcher<ExpressionTree> RUNS_ONCE =
      Matchers.anyOf(
          instanceMethod().onDescendantOf("java.util.concurrent.Executor").named("execute"),
          instanceMethod().onDescendantOf("java.util.concurrent.ExecutorService").named("submit"),
          instanceMethod().onDescendantOf("java.util.concurrent.CompletionService").named("submit"),
          instanceMethod()
              .onDescendantOf("java.util.concurrent.ScheduledExecutorService")
              .named("schedule"),
          staticMethod()
              .onClass("java.util.concurrent.CompletableFuture")
              .namedAnyOf("runAsync", "supplyAsync"),
          instanceMethod()
              .onDescendantOf("java.util.concurrent.CompletionStage")
              .namedAnyOf("whenComplete", "whenCompleteAsync", "handle", "handleAsync"),
          staticMethod().onClass("java.lang.Thread").named("startVirtualThread"),
          instanceMethod()
              .onDescendantOf("java.lang.Thread.Builder")
              .namedAnyOf("start", "unstarted"),
          constructor().forClass("java.lang.Thread"));

  /**
   * Calls that run a task given to them at most once: after the stage completes normally (or, for
   * {@code exceptionally}, exceptionally), or once either stage does.
   */
  static final Matcher<ExpressionTree> RUNS_AT_MOST_ONCE =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.CompletionStage")
          .namedAnyOf(
              "thenRun", "thenRunAsync", "thenAccept", "thenAcceptAsync", "thenApply",
              "thenApplyAsync", "thenCompose", "thenComposeAsync", "exceptionally",
              "exceptionallyAsync", "exceptionallyCompose", "exceptionallyComposeAsync",
              "thenCombine", "thenCombineAsync", "thenAcceptBoth", "thenAcceptBothAsync",
              "runAfterBoth", "runAfterBothAsync", "applyToEither", "applyToEitherAsync",
              "acceptEither", "acceptEitherAsync", "runAfterEither", "runAfterEitherAsync");

  private LatchPolicy() {}

  @Override
  public boolean lambdaKeepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return RUNS_ONCE.matches(callOrNew, state)
        || RUNS_AT_MOST_ONCE.matches(callOrNew, state)
        || UsePolicy.super.lambdaKeepsOwnership(callOrNew, state);
  }

  @Override
  public boolean classBodyKeepsOwnership(NewClassTree creation, VisitorState state) {
    return TypeNames.isSubtype(ASTHelpers.getType(creation), state, "java.lang.Thread");
  }

  @Override
  public boolean keepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return AWAIT_UNINTERRUPTIBLY.matches(callOrNew, state);
  }
}
