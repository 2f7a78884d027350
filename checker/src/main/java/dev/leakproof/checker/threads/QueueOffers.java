package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import java.util.ArrayList;
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
    return returnsWhatItTook(offer, queue, path) || fillsToCapacity(offer, queue, path, state);
  }

  /**
   * {@code q.offer(x)} where the local {@code x} only ever holds {@code q.poll(..)}'s result (or
   * null: {@code x = null; try { x = q.poll(t, u); .. } finally { if (x != null) q.offer(x); }}).
   */
  private static boolean returnsWhatItTook(MethodInvocationTree offer, Symbol queue, TreePath path) {
    if (!(ASTHelpers.stripParentheses(offer.getArguments().get(0)) instanceof IdentifierTree id)
        || !(ASTHelpers.getSymbol(id) instanceof VarSymbol element)
        || element.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    TreePath unit = Flow.unitOf(path);
    if (unit == null) {
      return false;
    }
    boolean took = false;
    for (Store store : stores(unit)) {
      ExpressionTree value = store.value();
      if (!element.equals(store.target()) || value.getKind() == Tree.Kind.NULL_LITERAL) {
        continue;
      }
      if (!(value instanceof MethodInvocationTree take)
          || !TAKES.contains(ASTHelpers.getSymbol(take).getSimpleName().toString())
          || ASTHelpers.getReceiver(take) == null
          || !queue.equals(ASTHelpers.getSymbol(ASTHelpers.getReceiver(take)))) {
        return false;
      }
      took = true;
    }
    return took;
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
    for (Store store : stores(unit)) {
      if (queue.equals(store.target())
          && store.position() < loopStart
          && store.value() instanceof NewClassTree creation
          && creation.getArguments().size() == 1
          && Objects.equals(bound, state.getSourceForNode(creation.getArguments().get(0)))) {
        return true;
      }
    }
    return false;
  }

  /** A value stored in a variable: {@code target = value} or {@code T target = value}. */
  private record Store(Symbol target, ExpressionTree value, int position) {}

  /** The stores of the method or lambda at {@code unit}, values without parentheses. */
  private static List<Store> stores(TreePath unit) {
    List<Store> stores = new ArrayList<>();
    for (Tree tree : LocalTrees.find(Flow.body(unit.getLeaf()), Tree.class,
        t -> t instanceof AssignmentTree || t instanceof VariableTree)) {
      Symbol target = tree instanceof AssignmentTree a
          ? ASTHelpers.getSymbol(a.getVariable()) : ASTHelpers.getSymbol(tree);
      ExpressionTree value = tree instanceof AssignmentTree a ? a.getExpression()
          : ((VariableTree) tree).getInitializer();
      if (target != null && value != null) {
        stores.add(new Store(
            target, ASTHelpers.stripParentheses(value), ASTHelpers.getStartPosition(tree)));
      }
    }
    return stores;
  }

  private static boolean insertsInto(MethodInvocationTree call, Symbol queue) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
    return receiver != null && queue.equals(ASTHelpers.getSymbol(receiver))
        && (name.startsWith("offer") || name.startsWith("add") || name.startsWith("put"));
  }
}
