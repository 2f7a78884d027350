package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Does a catch inside a loop lose an interrupt and let the loop go on? The one place that decides
 * what InterruptSwallowedInLoop reports, so that UnboundedBlockingCall can stay silent there.
 */
public final class LoopInterrupts {
  private LoopInterrupts() {}

  /** A catch that loses the interrupt ({@code handling}) inside {@code loop}, which goes on. */
  public record Swallow(TreePath loop, InterruptHandling.Handling handling, List<TreePath> loops) {}

  /**
   * The loops lexically around {@code path}, innermost first, up to the enclosing method, lambda
   * or class (code in a lambda or a called method runs elsewhere).
   */
  public static List<TreePath> enclosingLoops(TreePath path) {
    List<TreePath> loops = new ArrayList<>();
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        break;
      }
      if (LoopExits.isLoop(leaf)) {
        loops.add(p);
      }
    }
    return loops;
  }

  /**
   * For a catch (at {@code catchPath}) that receives an InterruptedException: whether it swallows
   * it, or restores it but goes on in a loop that never looks at it, inside a loop that is not
   * bounded (and whose condition its method has not just made false). Empty when the catch is fine or outside any unbounded loop.
   */
  public static Optional<Swallow> swallowInLoop(TreePath catchPath, VisitorState state) {
    if (!(catchPath.getLeaf() instanceof CatchTree catchTree)
        || !(catchPath.getParentPath().getLeaf() instanceof TryTree tryTree)) {
      return Optional.empty();
    }
    List<TreePath> loops = enclosingLoops(catchPath); // first: most catches are in no loop
    if (loops.isEmpty() || InterruptSources.interruptCatch(tryTree, state) != catchTree) {
      return Optional.empty();
    }
    // Asked by InterruptSwallowedInLoop for the catch and by UnboundedBlockingCall for its waits.
    return UnitCache.get(
        state, "swallowInLoop", catchTree, () -> judge(catchPath, catchTree, loops, state));
  }

  private static Optional<Swallow> judge(
      TreePath catchPath, CatchTree catchTree, List<TreePath> loops, VisitorState state) {
    TreePath unbounded = null;
    for (TreePath loop : loops) {
      if (!LoopBounds.isBounded(loop.getLeaf()) && !SettledConditions.madeFalseBefore(loop, state)) {
        unbounded = loop;
        break;
      }
    }
    if (unbounded == null) {
      return Optional.empty();
    }
    InterruptHandling.Handling handling =
        InterruptHandling.classify(catchPath, loops.get(0).getLeaf(), state);
    switch (handling) {
      case SWALLOWS:
        return Optional.of(new Swallow(unbounded, handling, loops));
      case RESTORES_AND_CONTINUES:
        for (TreePath loop : loops) {
          if (LoopExits.hasInterruptExit(loop, catchTree, state)) {
            return Optional.empty();
          }
        }
        return Optional.of(new Swallow(unbounded, handling, loops));
      default:
        return Optional.empty();
    }
  }
}
