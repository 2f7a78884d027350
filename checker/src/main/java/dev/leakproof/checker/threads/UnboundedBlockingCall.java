package dev.leakproof.checker.threads;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.threads.BlockingCalls.Wait;
import dev.leakproof.checker.threads.ThreadBodies.Owner;
import dev.leakproof.checker.threads.ThreadBodies.ThreadStart;
import dev.leakproof.checker.report.LeakproofOption;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitPaths;
import dev.leakproof.checker.report.IntentionalDaemonChecker;
import dev.leakproof.checker.report.NeverCrash;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BugChecker} that flags a blocking wait with no time bound where the waiting thread has
 * no way out: the wait ignores interrupts, its InterruptedException is swallowed, or it runs in a
 * thread nobody holds. With {@code -XepOpt:UnboundedBlockingCall:Strict=true}, every untimed wait.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "An untimed blocking wait that nothing can end: use the timed form or keep it interruptible",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "UnboundedBlockingCall.md")
public final class UnboundedBlockingCall extends IntentionalDaemonChecker
    implements MethodInvocationTreeMatcher {
  /** {@code -XepOpt:UnboundedBlockingCall:Strict=true}: report every untimed wait. */
  public static final LeakproofOption STRICT = LeakproofOption.bool("UnboundedBlockingCall:Strict", false);

  private final boolean strict;

  /** The constructor the plugin loader uses when no flags are given. */
  public UnboundedBlockingCall() {
    this(ErrorProneFlags.empty());
  }

  public UnboundedBlockingCall(ErrorProneFlags flags) {
    this.strict = STRICT.readBoolean(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(MethodInvocationTree tree, VisitorState state) {
    Optional<Wait> found = BlockingCalls.untimedWait(tree, state);
    if (found.isEmpty() || CompletedFutures.knownComplete(state.getPath(), state)
        || BlockingCalls.isForkJoinDesign(state.getPath(), state)) {
      return Description.NO_MATCH;
    }
    Wait wait = found.get();
    String call = "`" + Messages.describe(tree, state) + "`";
    TreePath catchPath = wait.interruptible() ? interruptCatch(state.getPath(), state) : null;
    if (catchPath != null && LoopInterrupts.swallowInLoop(catchPath, state).isPresent()) {
      // InterruptSwallowedInLoop reports the catch: one root cause, one diagnostic.
      return Description.NO_MATCH;
    }
    // before the waiting-API test: a private take() that wraps queue.take() is one, and the
    // bound is not what this finding is about
    Description helperLoop = catchPath == null ? null : helperLoop(tree, wait, call, catchPath, state);
    if (helperLoop != null) {
      return helperLoop;
    }
    if (!strict && (BlockingCalls.isWaitingApi(state.getPath())
        || ConfiguredTimeouts.isConfiguredUnbounded(state.getPath()))) {
      return Description.NO_MATCH;
    }
    if (!wait.interruptible()) {
      return report(tree, String.format(
          "%s ignores interrupts and has no time bound: it blocks forever %s and nothing can stop"
              + " this thread; use %s",
          call, wait.risk(), wait.twin()));
    }
    if (catchPath != null) {
      List<TreePath> loops = LoopInterrupts.enclosingLoops(catchPath);
      InterruptHandling.Handling handling = InterruptHandling.classify(
          catchPath, loops.isEmpty() ? null : loops.get(0).getLeaf(), state);
      if (handling.loses() && ProcessWaits.abandonsProcess(tree, state)) {
        String process = Messages.describe(ASTHelpers.getReceiver(tree), state);
        return report(tree, String.format(
            "%s is abandoned when interrupted: this catch drops the InterruptedException and"
                + " goes on without destroying the process, so the child process keeps running;"
                + " call %s.destroy() (or destroyForcibly()) in the catch, or use %s and destroy it"
                + " on timeout",
            call, process, wait.twin()));
      }
      if (handling == InterruptHandling.Handling.SWALLOWS && !loops.isEmpty()
          && !waitsOnTheElement(tree, loops.get(0).getLeaf())) {
        // the loop comes back to the same wait: the interrupt did not end the waiting
        return report(tree, String.format(
            "%s has no time bound and the InterruptedException that could end it is swallowed here"
                + " while the loop comes back to wait again, so it blocks forever %s and an"
                + " interrupt cannot stop the waiting: restore the interrupt status"
                + " (Thread.currentThread().interrupt()) and leave the loop, or use %s",
            call, wait.risk(), wait.twin()));
      }
    }
    TreePath unit = Flow.unitOf(state.getPath());
    Optional<ThreadStart> thread =
        unit == null ? Optional.empty() : ThreadBodies.startRunning(unit.getLeaf(), state);
    if (thread.isPresent() && thread.get().owner() == Owner.NOBODY && !startedInMain(thread.get(), state)
        && !StopSignals.endsOnSentinel(state.getPath(), state)
        && !StopSignals.wokenByStop(state.getPath(), state)) {
      long line = state.getPath().getCompilationUnit().getLineMap()
          .getLineNumber(ASTHelpers.getStartPosition(thread.get().call()));
      return report(tree, String.format(
          "%s blocks forever %s, and nothing can interrupt this thread (its reference is dropped"
              + " where it is started, line %d): keep a handle to the thread and interrupt it on"
              + " shutdown, or use %s",
          call, wait.risk(), line, wait.twin()));
    }
    if (strict) {
      return report(tree, String.format(
          "%s has no time bound: it blocks forever %s; use %s (Strict mode reports every untimed"
              + " wait)",
          call, wait.risk(), wait.twin()));
    }
    return Description.NO_MATCH;
  }

  /**
   * Whether the wait is on the loop's element: the variable of a for-each loop ({@code for
   * (Future<?> f : results) { try { f.get(); } catch (Exception e) { log(e); } }}, Tomcat's parallel
   * start of its children) or {@code list.get(i)} / {@code array[i]} with the counter a {@code for}
   * loop updates. An
   * interrupt ends the wait on this element, and the next pass waits on another one.
   */
  private static boolean waitsOnTheElement(MethodInvocationTree wait, Tree loop) {
    ExpressionTree receiver = ASTHelpers.getReceiver(wait);
    if (receiver == null) {
      return false;
    }
    receiver = ASTHelpers.stripParentheses(receiver);
    if (loop instanceof EnhancedForLoopTree forEach) {
      return fromElement(receiver, ASTHelpers.getSymbol(forEach.getVariable()), forEach, 3);
    }
    return loop instanceof ForLoopTree forLoop && indexedByCounter(receiver, forLoop, 2);
  }

  /**
   * Whether {@code expression} is {@code list.get(i)} or {@code array[i]} with the counter {@code
   * i} the loop updates, or a local of the loop's body initialised from one ({@code Future f =
   * futures.get(i);}, Lucene's {@code TaskExecutor}).
   */
  private static boolean indexedByCounter(ExpressionTree expression, ForLoopTree loop, int depth) {
    ExpressionTree e = (ExpressionTree) Uses.strip(expression);
    ExpressionTree index =
        e instanceof ArrayAccessTree access
            ? access.getIndex()
            : e instanceof MethodInvocationTree call
                    && call.getArguments().size() == 1
                    && ASTHelpers.getSymbol(call).getSimpleName().contentEquals("get")
                ? call.getArguments().get(0)
                : null;
    if (index != null) {
      Symbol counter = ASTHelpers.getSymbol(index);
      return counter != null && loop.getUpdate().stream()
          .anyMatch(update -> LocalTrees.contains(update, IdentifierTree.class,
              id -> ASTHelpers.getSymbol(id) == counter));
    }
    Symbol symbol = ASTHelpers.getSymbol(e);
    if (symbol == null || depth == 0 || symbol.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    for (VariableTree local : LocalTrees.find(loop.getStatement(), VariableTree.class)) {
      if (ASTHelpers.getSymbol(local) == symbol && local.getInitializer() != null) {
        return indexedByCounter(local.getInitializer(), loop, depth - 1);
      }
    }
    return false;
  }

  /**
   * Whether {@code expression} is the for-each loop's {@code element}, a chain of no-argument
   * calls and field reads on it ({@code entry.getValue()}, {@code eventLoop.thread}), what a call
   * made with one returns ({@code invokeOnTarget(op, member.getAddress())}), or a local of the
   * loop's body initialised from one ({@code Future f = entry.getValue();}, Hazelcast's loops over
   * a map of futures and over its members).
   */
  private static boolean fromElement(
      ExpressionTree expression, Symbol element, EnhancedForLoopTree loop, int depth) {
    ExpressionTree e = (ExpressionTree) Uses.strip(expression);
    while ((e instanceof MethodInvocationTree call && call.getArguments().isEmpty())
        || (e instanceof MemberSelectTree select
            && ASTHelpers.getSymbol(select) instanceof VarSymbol field
            && field.getKind() == ElementKind.FIELD)) {
      ExpressionTree receiver = ASTHelpers.getReceiver(e);
      if (receiver == null) {
        break;
      }
      e = (ExpressionTree) Uses.strip(receiver);
    }
    if (depth > 0 && e instanceof MethodInvocationTree call) {
      // a call made for this element: invokeOnTarget(op, member.getAddress())
      for (ExpressionTree argument : call.getArguments()) {
        if (fromElement(argument, element, loop, depth - 1)) {
          return true;
        }
      }
      return false;
    }
    Symbol symbol = ASTHelpers.getSymbol(e);
    if (symbol == element) {
      return true;
    }
    if (symbol == null || depth == 0 || symbol.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    for (VariableTree local : LocalTrees.find(loop.getStatement(), VariableTree.class)) {
      if (ASTHelpers.getSymbol(local) == symbol && local.getInitializer() != null) {
        return fromElement(local.getInitializer(), element, loop, depth - 1);
      }
    }
    return false;
  }

  /**
   * The finding for a wait whose interrupt a catch outside any loop loses, in a private helper that
   * a caller's loop calls again (see {@link HelperWaitLoops}), or null.
   */
  private @Nullable Description helperLoop(
      MethodInvocationTree tree, Wait wait, String call, TreePath catchPath, VisitorState state) {
    if (!LoopInterrupts.enclosingLoops(catchPath).isEmpty()
        || !InterruptHandling.classify(catchPath, null, state).loses()) {
      return null;
    }
    MethodInvocationTree again = HelperWaitLoops.loopingCall(state.getPath(), catchPath, state);
    if (again == null) {
      return null;
    }
    return report(tree, String.format(
        "%s has no time bound and the InterruptedException that could end it is swallowed here,"
            + " while a loop calls %s() again (line %d), so it blocks forever %s and an"
            + " interrupt cannot stop the waiting: rethrow it, or restore the interrupt status"
            + " (Thread.currentThread().interrupt()) and make the loop leave, or use %s",
        call, ASTHelpers.getSymbol(again).getSimpleName(),
        state.getPath().getCompilationUnit().getLineMap()
            .getLineNumber(ASTHelpers.getStartPosition(again)),
        wait.risk(), wait.twin()));
  }

  private Description report(Tree tree, String message) {
    return buildDescription(tree).setMessage(message).build();
  }

  /**
   * The catch that receives the wait's InterruptedException: of the innermost enclosing {@code
   * try} (within this method or lambda) that catches one; null when it propagates.
   */
  private static @Nullable TreePath interruptCatch(TreePath waitPath, VisitorState state) {
    Tree child = waitPath.getLeaf();
    for (TreePath p = waitPath.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return null;
      }
      if (leaf instanceof TryTree tryTree
          && (tryTree.getBlock() == child || tryTree.getResources().contains(child))) {
        CatchTree catchTree = InterruptSources.interruptCatch(tryTree, state);
        if (catchTree != null) {
          return new TreePath(p, catchTree);
        }
      }
      child = leaf;
    }
    return null;
  }

  /** Whether the thread was started in a program's main method: it lives as long as the program. */
  private static boolean startedInMain(ThreadStart start, VisitorState state) {
    TreePath startPath = UnitPaths.of(start.call(), state);
    return startPath != null && ThreadBodies.inMain(startPath);
  }
}
