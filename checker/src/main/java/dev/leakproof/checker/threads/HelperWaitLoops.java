package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * A wait wrapped in a private helper that swallows its InterruptedException and returns as if the
 * wait had ended ({@code private Object take() { try { return events.take(); } catch
 * (InterruptedException e) {} return null; }}), while a caller's loop calls the helper again and
 * ignores what it returns ({@code while (running) { consume(take()); }}): the interrupt ended one
 * wait, and the loop comes back to the same wait at once (requirementsascode#58). The loop is in
 * the caller, so the catch is in no loop of its own method.
 */
final class HelperWaitLoops {
  private HelperWaitLoops() {}

  /**
   * The caller's loop that comes back to the wait at {@code waitPath}, whose interrupt the catch at
   * {@code catchPath} loses outside any loop of its method, or null: the helper is a private
   * method, the wait is on a field (or on this object), so each call waits on the same object, and
   * some call of the helper in the outermost class sits in a loop that is not bounded and has no
   * {@code break}, {@code return} or {@code throw} out of it (an exit the stop path may use:
   * Druid's validator breaks when its selector is cleared after the interrupt), as a statement or
   * as an argument of one (its result is never tested).
   */
  static @Nullable MethodInvocationTree loopingCall(
      TreePath waitPath, TreePath catchPath, VisitorState state) {
    // the method whose body holds the catch directly (not through a lambda)
    TreePath unit = Flow.unitOf(catchPath);
    if (unit == null || !(unit.getLeaf() instanceof MethodTree helper)
        || !helper.getModifiers().getFlags().contains(Modifier.PRIVATE)
        || !onTheSameObject((MethodInvocationTree) waitPath.getLeaf())) {
      return null;
    }
    Symbol symbol = ASTHelpers.getSymbol(helper);
    TreePath outermost = outermostClass(catchPath);
    if (symbol == null || outermost == null) {
      return null;
    }
    for (TreePath callPath : LocalTrees.callsOf(outermost, symbol)) {
      if (!resultIgnored(callPath)) {
        continue;
      }
      List<TreePath> loops = LoopInterrupts.enclosingLoops(callPath);
      if (!loops.isEmpty() && !LoopBounds.isBounded(loops.get(0).getLeaf())
          && !LoopExits.jumpsOut(loops.get(0), state)
          && !stoppedByOwner(loops.get(0), catchPath, state)) {
        return (MethodInvocationTree) callPath.getLeaf();
      }
    }
    return null;
  }

  /**
   * Whether the loop runs on a thread this code starts and owns, and its stop sets a flag the loop
   * reads (volatile, atomic, or written before it interrupts the thread): the interrupt ends the
   * helper's wait and the flag ends the loop, the interruption policy InterruptSwallowedInLoop
   * accepts too (Servo's {@code AsyncMetricObserver.stop()}: {@code stopUpdateThread = true;
   * processingThread.interrupt();}).
   */
  private static boolean stoppedByOwner(TreePath loop, TreePath catchPath, VisitorState state) {
    Tree body = FlagLoops.enclosingBody(loop);
    Set<Tree> runners = body == null ? Set.of() : OwnedThreads.entriesReaching(body, state);
    return !runners.isEmpty() && StopSignals.hasOtherStop(loop, catchPath, runners, state);
  }

  private static boolean onTheSameObject(MethodInvocationTree wait) {
    ExpressionTree receiver = ASTHelpers.getReceiver(wait);
    if (receiver == null) {
      return true; // wait(), join() on this object
    }
    Symbol symbol = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    return symbol != null && (symbol.getKind() == ElementKind.FIELD
        || symbol.getSimpleName().contentEquals("this"));
  }

  private static @Nullable TreePath outermostClass(TreePath path) {
    TreePath outermost = null;
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree && p.getParentPath() != null
          && p.getParentPath().getLeaf() instanceof CompilationUnitTree) {
        outermost = p;
      }
    }
    return outermost;
  }

  /** Whether the call is a statement, or an argument of calls that end in one. */
  private static boolean resultIgnored(TreePath callPath) {
    Tree child = callPath.getLeaf();
    for (TreePath p = callPath.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof ExpressionStatementTree) {
        return true;
      }
      boolean passedOn = leaf instanceof ParenthesizedTree
          || leaf instanceof MethodInvocationTree call && call.getArguments().contains(child);
      if (!passedOn) {
        return false;
      }
      child = leaf;
    }
    return false;
  }
}
