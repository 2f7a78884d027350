package dev.leakproof.checker.latches;

import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
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

  private LatchPolicy() {}

  @Override
  public boolean lambdaKeepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return LatchUsage.RUNS_ONCE.matches(callOrNew, state)
        || LatchUsage.RUNS_AT_MOST_ONCE.matches(callOrNew, state)
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
