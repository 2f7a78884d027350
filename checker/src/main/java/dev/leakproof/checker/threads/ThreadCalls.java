package dev.leakproof.checker.threads;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.predicates.TypePredicates;
import com.sun.source.tree.ExpressionTree;

/**
 * The {@code java.lang.Thread} methods the thread checks recognise, as Error Prone matchers: one
 * place that says which calls are a thread's interrupt, its status reads, its join and its
 * liveness test, instead of name comparisons in each check.
 */
public final class ThreadCalls {
  public static final String THREAD = "java.lang.Thread";

  /** {@code Thread.currentThread()}, also written on a subclass ({@code Worker.currentThread()}). */
  public static final Matcher<ExpressionTree> CURRENT_THREAD =
      staticMethod().onClass(TypePredicates.isDescendantOf(THREAD)).named("currentThread");

  /** {@code t.interrupt()} on any thread, {@code this} included. */
  public static final Matcher<ExpressionTree> INTERRUPT =
      instanceMethod().onDescendantOf(THREAD).named("interrupt").withNoParameters();

  /** {@code t.isInterrupted()} or {@code Thread.interrupted()}: the interrupt status read. */
  public static final Matcher<ExpressionTree> READS_INTERRUPT_STATUS =
      Matchers.anyOf(
          instanceMethod().onDescendantOf(THREAD).named("isInterrupted"),
          staticMethod().onClass(TypePredicates.isDescendantOf(THREAD)).named("interrupted"));

  /** {@code t.isAlive()}. */
  public static final Matcher<ExpressionTree> IS_ALIVE =
      instanceMethod().onDescendantOf(THREAD).named("isAlive");

  /** {@code t.join(..)}, timed or not. */
  public static final Matcher<ExpressionTree> JOIN =
      instanceMethod().onDescendantOf(THREAD).named("join");

  private ThreadCalls() {}
}
