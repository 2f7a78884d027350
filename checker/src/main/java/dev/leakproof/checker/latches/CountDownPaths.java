package dev.leakproof.checker.latches;

import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.flow.Obligation;
import dev.leakproof.checker.flow.QuietCalls;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * Answers: which paths of a task can leave before a {@code countDown()} of its latch? A facade over
 * the {@link Flow} engine, whose obligation here is "a latch to count down: none yet / pending /
 * done".
 *
 * <p>The task holds a pending count from its start, unless the latch is obtained later in it (a
 * local declared there, a field assigned there before the countDown): until then there is nothing
 * to skip, and a {@code latch == null} check leaves nothing pending on its null branch. Any call
 * can skip the countDown by an unchecked exception, unless it cannot throw in practice ({@link
 * QuietCalls}); so can a checked exception, an explicit {@code throw}, a {@code return}, and a
 * {@code break} or {@code continue} out of a statement around the countDown. A catch that takes the
 * exception does not end the skip unless it counts down itself.
 */
final class CountDownPaths {
  private CountDownPaths() {}

  /**
   * The ways out before {@code countDown} (a statement of the method or lambda at {@code unit})
   * by which a path can leave with the latch {@code latch} (a {@link LatchUsage#latchKey}) not
   * counted down, in source order.
   */
  static List<Exit> skips(TreePath unit, Tree countDown, Object latch, @Nullable Symbol holder,
      boolean pendingAtStart, VisitorState state) {
    Flow.Result result = analyze(unit, latch, holder, pendingAtStart, state);
    Object tracked = holder == null ? latch : holder;
    List<Exit> skips = new ArrayList<>();
    if (!result.understood(tracked)) {
      return skips;
    }
    int position = ASTHelpers.getStartPosition(countDown);
    int end = state.getEndPosition(countDown);
    for (Exit exit : result.exits(tracked)) {
      if (exit.site() == null || exit.position() >= position) {
        continue;
      }
      if ((exit.kind() == Exit.Kind.BREAK || exit.kind() == Exit.Kind.CONTINUE)
          && !encloses(LocalTrees.jumpTarget(exit.site()), position, end, state)) {
        continue; // a jump within code before the countDown, which still reaches it
      }
      skips.add(exit);
    }
    return skips;
  }

  /**
   * True if every path through the method or lambda at {@code unit}, normal or exceptional,
   * counts {@code latch} down (a {@code stop()} whose {@code finally} does it).
   */
  static boolean countsDownOnEveryPath(TreePath unit, Object latch, VisitorState state) {
    Flow.Result result = analyze(unit, latch, null, true, state);
    return result.understood(latch) && result.exits(latch).isEmpty();
  }

  private static Flow.Result analyze(TreePath unit, Object latch, @Nullable Symbol holder,
      boolean pendingAtStart, VisitorState state) {
    return UnitCache.get(
        state,
        "CountDownPaths",
        Arrays.asList(unit.getLeaf(), latch, holder, pendingAtStart),
        () -> Flow.analyze(
            unit, new PendingCountDown(latch, holder, pendingAtStart, state), state));
  }

  private static boolean encloses(@Nullable Tree tree, int start, int end, VisitorState state) {
    return tree != null
        && ASTHelpers.getStartPosition(tree) <= start
        && end <= state.getEndPosition(tree);
  }

  /**
   * The obligation: the latch of one task, to be counted down before the task ends. With a {@code
   * holder}, the latch is a field of the object a local holds ({@code entry.latch}): the local is
   * tracked, and the count is pending once it holds an object.
   */
  private static final class PendingCountDown implements Obligation {
    private static final Matcher<ExpressionTree> NULL_CHECK =
        Matchers.anyOf(
            staticMethod().onClass("java.util.Objects").named("requireNonNull"),
            staticMethod()
                .onClass("com.google.common.base.Preconditions")
                .named("checkNotNull"));
    private final Object latch;
    private final @Nullable Symbol holder;
    private final boolean pendingAtStart;
    private final VisitorState state;

    PendingCountDown(
        Object latch, @Nullable Symbol holder, boolean pendingAtStart, VisitorState state) {
      this.latch = latch;
      this.holder = holder;
      this.pendingAtStart = pendingAtStart;
      this.state = state;
    }

    @Override
    public Collection<?> keys() {
      return List.of(holder == null ? latch : holder);
    }

    @Override
    public Collection<?> meets(Node node) {
      return node instanceof MethodInvocationNode call
              && call.getTree() instanceof MethodInvocationTree tree
              && LatchUsage.COUNT_DOWN.matches(tree, state)
              && latch.equals(LatchUsage.latchKey(tree, state))
              && (holder == null || holder.equals(LatchRoles.holderOf(tree)))
          ? keys()
          : NOTHING;
    }

    @Override
    public Effect assigned(Object key, @Nullable ExpressionTree value, boolean declaration) {
      return value == null ? Effect.NONE : Effect.OPEN;
    }

    /**
     * Any call that may throw, except a null check of the latch itself ({@code
     * Objects.requireNonNull(latch)}, Nacos's {@code ThreadUtils.countDown}): it throws only when
     * there is no latch to count down.
     */
    @Override
    public boolean canSkip(Node node, TypeMirror exception) {
      if (node.getTree() instanceof MethodInvocationTree call
          && NULL_CHECK.matches(call, state)
          && !call.getArguments().isEmpty()
          && keyOf(call.getArguments().get(0)) != null) {
        return false;
      }
      return QuietCalls.mayThrow(node, exception, state);
    }

    @Override
    public boolean openAtEntry(Object key) {
      return pendingAtStart;
    }

    @Override
    public @Nullable Object keyOf(Tree expression) {
      if (!(expression instanceof ExpressionTree e)) {
        return null;
      }
      Tree stripped = Uses.strip(e);
      if (holder != null) {
        return holder.equals(ASTHelpers.getSymbol(stripped)) ? holder : null;
      }
      return latch.equals(LatchUsage.keyOf((ExpressionTree) stripped, state)) ? latch : null;
    }
  }
}
