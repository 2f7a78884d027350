package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitPaths;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.ElementKind;

/**
 * Offers to a bounded queue that cannot find it full, the two shapes of an object pool (Tika's
 * parser pools): the fill loop right after the queue is made ({@code q = new
 * ArrayBlockingQueue<>(n); for (int i = 0; i < n; i++) q.offer(..);}), and the return of an object
 * taken from that queue ({@code x = q.poll(..); .. q.offer(x);}), which gives back a slot the
 * take freed.
 */
final class QueueOffers {
  private static final Set<String> TAKES = Set.of("poll", "take", "remove");

  private QueueOffers() {}

  /** Whether {@code offer} (at {@code path}) cannot find its queue full. */
  static boolean cannotFail(MethodInvocationTree offer, TreePath path, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(offer);
    Symbol queue = receiver == null ? null : ASTHelpers.getSymbol(receiver);
    if (!(queue instanceof VarSymbol) || offer.getArguments().isEmpty()) {
      return false;
    }
    return returnsWhatItTook(offer, queue, path, state) || fillsToCapacity(offer, queue, path, state);
  }

  /**
   * {@code q.offer(x)} where the local {@code x} only ever holds {@code q.poll(..)}'s result (or
   * null: {@code x = null; try { x = q.poll(t, u); .. } finally { if (x != null) q.offer(x); }}).
   */
  private static boolean returnsWhatItTook(
      MethodInvocationTree offer, Symbol queue, TreePath path, VisitorState state) {
    if (!(ASTHelpers.stripParentheses(offer.getArguments().get(0)) instanceof IdentifierTree id)
        || !(ASTHelpers.getSymbol(id) instanceof VarSymbol element)
        || element.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    TreePath unit = Flow.unitOf(path);
    List<ExpressionTree> values = unit == null
        ? List.of() : ValueIndex.values(element, Flow.body(unit.getLeaf()), state);
    return !values.isEmpty() && values.stream().allMatch(value ->
        ASTHelpers.stripParentheses(value) instanceof MethodInvocationTree take
            && TAKES.contains(ASTHelpers.getSymbol(take).getSimpleName().toString())
            && ASTHelpers.getReceiver(take) != null
            && queue.equals(ASTHelpers.getSymbol(ASTHelpers.getReceiver(take))));
  }

  /**
   * {@code q.offer(..)} as the one offer to {@code q} in the body of {@code for (..; i < n; i++)},
   * where the same method made {@code q} with capacity {@code n} (the same source text) before the
   * loop.
   */
  private static boolean fillsToCapacity(
      MethodInvocationTree offer, Symbol queue, TreePath path, VisitorState state) {
    ForLoopTree loop = null;
    for (TreePath up = path; up != null; up = up.getParentPath()) {
      if (up.getLeaf() instanceof ForLoopTree found) {
        loop = found;
        break;
      }
      if (Flow.isUnit(up)) {
        return false;
      }
    }
    if (loop == null
        || !(loop.getCondition() instanceof BinaryTree test)
        || test.getKind() != Tree.Kind.LESS_THAN
        || loop.getUpdate().size() != 1
        || LocalTrees.contains(loop.getStatement(), MethodInvocationTree.class,
            call -> call != offer && insertsInto(call, queue))) {
      return false; // a second insert per pass would overfill it
    }
    String bound = state.getSourceForNode(test.getRightOperand());
    TreePath unit = Flow.unitOf(path);
    if (bound == null || unit == null) {
      return false;
    }
    int loopStart = ASTHelpers.getStartPosition(loop);
    for (ExpressionTree value : ValueIndex.values(queue, Flow.body(unit.getLeaf()), state)) {
      if (ASTHelpers.stripParentheses(value) instanceof NewClassTree creation
          && ASTHelpers.getStartPosition(creation) < loopStart
          && creation.getArguments().size() == 1
          && Objects.equals(bound, state.getSourceForNode(creation.getArguments().get(0)))
          && inUnit(creation, unit, state)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code tree} is code of {@code unit} itself, not of a lambda or class inside it. */
  private static boolean inUnit(Tree tree, TreePath unit, VisitorState state) {
    TreePath path = UnitPaths.of(tree, state);
    TreePath own = path == null ? null : Flow.unitOf(path);
    return own != null && own.getLeaf() == unit.getLeaf();
  }

  private static boolean insertsInto(MethodInvocationTree call, Symbol queue) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
    return receiver != null && queue.equals(ASTHelpers.getSymbol(receiver))
        && (name.startsWith("offer") || name.startsWith("add") || name.startsWith("put"));
  }
}
