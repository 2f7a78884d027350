package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UsePolicy;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Answers: is the object a local variable holds released on every path through its scope, on some
 * paths only, or never?
 *
 * <p>Walks the statements that follow the variable's declaration, tracking whether the variable
 * holds nothing yet, a live object, or a released one. A path skips the release when it leaves the
 * scope with a live object by an explicit {@code return}, {@code throw}, {@code break} or {@code
 * continue}, by a checked exception a call declares and nothing in the scope catches, or by simply
 * reaching the end of the scope. Unchecked exceptions a call may throw are ignored. {@code
 * finally} blocks and try-with-resources run on every way out; a release anywhere in a {@code
 * finally} block, even a guarded one, covers every path through it. Lambda and class bodies are not
 * entered (they run elsewhere); nothing after {@code System.exit} counts; assigning anything but a new object to the variable makes the
 * answer {@link Verdict#NOT_UNDERSTOOD}.
 */
public final class ReleasePaths {
  /** How the variable's object is released. */
  public enum Verdict {
    EVERY_PATH,
    SOME_PATHS,
    NEVER,
    NOT_UNDERSTOOD
  }

  /**
   * The answer: for {@link Verdict#SOME_PATHS}, {@code skip} is the statement or call that leaves
   * with a live object (null when a path just reaches the end of the scope) and {@code how} says
   * how it leaves ("return", "throw", "break", "continue", an exception type, "reassignment").
   */
  public record Result(Verdict verdict, Tree skip, String how) {}

  private ReleasePaths() {}

  /**
   * Analyses {@code statements} (the rest of the variable's scope, run in order).
   *
   * @param initiallyLive whether the variable holds a live object before the first statement
   * @param isCreation whether an expression assigned to the variable creates a new object
   */
  public static Result analyze(
      Symbol variable,
      List<? extends StatementTree> statements,
      boolean initiallyLive,
      BiPredicate<ExpressionTree, VisitorState> isCreation,
      UsePolicy policy,
      VisitorState state) {
    return analyze(
        variable,
        statements,
        initiallyLive ? ReleaseFlow.LIVE : ReleaseFlow.UNBORN,
        isCreation,
        policy,
        state);
  }

  /**
   * As above, from a set of initial states ({@link ReleaseFlow#LIVE} | {@link
   * ReleaseFlow#UNBORN} for {@code cond ? newPool() : null}).
   */
  public static Result analyze(
      Symbol variable,
      List<? extends StatementTree> statements,
      int initialStates,
      BiPredicate<ExpressionTree, VisitorState> isCreation,
      UsePolicy policy,
      VisitorState state) {
    return analyze(
        variable, statements, initialStates, isCreation, policy, state, statements.size() - 1);
  }

  /**
   * As above, knowing that no statement after position {@code lastRelevant} of {@code statements}
   * names the variable or contains a {@code yield}. Such statements cannot release the object or
   * make it live again, so once no path holds a live object, or a path already left with one, the
   * walk stops there: the answer cannot change any more.
   */
  public static Result analyze(
      Symbol variable,
      List<? extends StatementTree> statements,
      int initialStates,
      BiPredicate<ExpressionTree, VisitorState> isCreation,
      UsePolicy policy,
      VisitorState state,
      int lastRelevant) {
    ReleaseFlow.Flow flow = new ReleaseFlow.Flow(variable, isCreation, policy, state);
    int relevant = Math.min(statements.size(), Math.max(0, lastRelevant + 1));
    boolean anyRelease = flow.anyRelease(
            relevant == statements.size() ? statements : statements.subList(0, relevant));
    try {
      int end = initialStates;
      int position = 0;
      for (StatementTree statement : statements) {
        if (position++ >= relevant && ((end & ReleaseFlow.LIVE) == 0 || flow.how != null)) {
          break;
        }
        end = flow.exec(statement, end);
      }
      if ((end & ReleaseFlow.LIVE) != 0) {
        flow.leak(null, "end");
      }
    } catch (ReleaseFlow.NotUnderstood e) {
      return anyRelease
          ? new Result(Verdict.NOT_UNDERSTOOD, null, "")
          : new Result(Verdict.NEVER, null, "");
    }
    if (flow.how == null) {
      // No path leaves with a live object (every path releases it, or ends the JVM).
      return new Result(Verdict.EVERY_PATH, null, "");
    }
    return anyRelease
        ? new Result(Verdict.SOME_PATHS, flow.skip, flow.how)
        : new Result(Verdict.NEVER, null, "");
  }

}
