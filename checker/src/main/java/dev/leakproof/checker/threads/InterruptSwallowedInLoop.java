package dev.leakproof.checker.threads;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.CatchTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import dev.leakproof.checker.threads.LoopInterrupts.Swallow;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.report.IntentionalDaemonChecker;
import dev.leakproof.checker.report.NeverCrash;
import dev.leakproof.checker.util.TypeNames;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link BugChecker} that flags a catch inside a loop that swallows an {@link
 * InterruptedException} (or restores it and spins on) and lets the loop go on, so that {@code
 * interrupt()} and {@code shutdownNow()} can never stop the thread.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Do not swallow InterruptedException inside a loop: restore the interrupt and leave",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "InterruptSwallowedInLoop.md")
public final class InterruptSwallowedInLoop extends IntentionalDaemonChecker
    implements CatchTreeMatcher {
  private static final String RESTORE = "Thread.currentThread().interrupt();";


  @Override
  public Description matchCatch(CatchTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(CatchTree tree, VisitorState state) {
    Optional<Swallow> found = LoopInterrupts.swallowInLoop(state.getPath(), state);
    if (found.isEmpty()) {
      return Description.NO_MATCH;
    }
    Swallow swallow = found.get();
    boolean swallows = swallow.handling() == InterruptHandling.Handling.SWALLOWS;
    Tree body = FlagLoops.enclosingBody(swallow.loop());
    Set<Tree> runners = body == null ? Set.of() : OwnedThreads.entriesReaching(body, state);
    if (runners.isEmpty() && body != null
        && (RunnerInterrupts.registersForInterrupt(body, swallow.loop(), state)
            || RunnerInterrupts.interruptedByItsThread(body, state))) {
      runners = Set.of(body); // awaitThread = currentThread(); stopAwait() interrupts it
    }
    if (swallows && !runners.isEmpty()
        && StopSignals.hasOtherStop(swallow.loop(), state.getPath(), runners, state)) {
      // the owner of the thread uses the interrupt as a wake-up and stops the loop another way
      return Description.NO_MATCH;
    }
    TryTree tryTree = (TryTree) state.getPath().getParentPath().getLeaf();
    String interrupted = interruptedCall(tryTree, state);
    String loop = Messages.loopHead(swallow.loop().getLeaf(), state);
    boolean waitLoop = runners.isEmpty() && WaitLoops.isCallerWaitLoop(swallow, tryTree, state);
    String message;
    if (waitLoop) {
      message = swallows
          ? String.format(
              "%s throws InterruptedException here and this catch swallows it while %s waits on"
                  + " the caller's thread, so the caller's interrupt is lost: remember it"
                  + " (interrupted = true) and restore it once the loop is done"
                  + " (if (interrupted) Thread.currentThread().interrupt(); in a finally), as"
                  + " Guava's Uninterruptibles does",
              interrupted, loop)
          : String.format(
              "This catch restores the interrupt status but %s waits on and never checks it: the"
                  + " next %s throws at once and the loop spins; remember the interrupt instead"
                  + " (interrupted = true) and restore it once the loop is done"
                  + " (if (interrupted) Thread.currentThread().interrupt(); in a finally), as"
                  + " Guava's Uninterruptibles does",
              loop, interrupted);
    } else {
      String stops = runners.isEmpty() && isExecutorTask(swallow.loop(), state)
          ? "shutdownNow() and cancel(true) can never stop this task (its executor's owner"
              + " stops it with an interrupt)"
          : "interrupt() and shutdownNow() can never stop this thread";
      message = swallows
          ? String.format(
              "%s throws InterruptedException here and this catch swallows it while %s goes on,"
                  + " so %s: restore the interrupt status (Thread.currentThread().interrupt())"
                  + " and leave the loop (return or break)",
              interrupted, loop, stops)
          : String.format(
              "This catch restores the interrupt status but %s goes on and never checks it: the"
                  + " next %s throws at once and the loop spins; leave the loop after restoring"
                  + " (return or break), or make its condition check"
                  + " Thread.currentThread().isInterrupted()",
              loop, interrupted);
    }
    Description.Builder description = buildDescription(tree).setMessage(message);
    Optional<SuggestedFix> fix = waitLoop
        ? WaitLoops.uninterruptiblesFix(tree, swallow.loop(), !swallows, state)
        : fix(tree, swallow, state);
    fix.ifPresent(description::addFix);
    return description.build();
  }

  /**
   * Whether the loop runs in a task handed to an executor here: a lambda or an anonymous class's
   * {@code run()}/{@code call()} passed to {@code execute}/{@code submit}.
   */
  private static boolean isExecutorTask(TreePath loopPath, VisitorState state) {
    for (TreePath p = loopPath.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        TreePath parent = p.getParentPath();
        if (leaf instanceof ClassTree && parent != null && parent.getLeaf() instanceof NewClassTree) {
          parent = parent.getParentPath();
        }
        return parent != null && parent.getLeaf() instanceof MethodInvocationTree
            && ExecutorTasks.submitted(parent, state).isPresent();
      }
    }
    return false;
  }

  /** The call in the try block whose InterruptedException this catch receives, for the message. */
  private static String interruptedCall(TryTree tryTree, VisitorState state) {
    List<Tree> throwers = InterruptSources.interruptThrowers(tryTree.getBlock(), state);
    return throwers.isEmpty() ? "A call" : "`" + Messages.describe(throwers.get(0), state) + "`";
  }

  /**
   * Restores the interrupt and leaves: {@code break} when the catch sits directly in its only loop
   * (and code after it can complete the method), {@code return} when the enclosing method or lambda
   * returns nothing; no fix otherwise.
   */
  private static Optional<SuggestedFix> fix(CatchTree tree, Swallow swallow, VisitorState state) {
    String leave;
    boolean returnsVoid = returnsVoid(state.getPath(), state);
    Tree onlyLoop = swallow.loops().size() == 1 ? swallow.loops().get(0).getLeaf() : null;
    if (onlyLoop != null && innermostBreakable(state.getPath()) == onlyLoop
        && (returnsVoid || !LoopExits.isInfinite(onlyLoop))) {
      // after an endless loop in a method that returns a value, falling off the end cannot compile
      leave = "break;";
    } else if (returnsVoid) {
      leave = "return;";
    } else {
      return Optional.empty();
    }
    boolean restores = InterruptHandling.restoresInterrupt(tree.getBlock(), state, 0);
    String body = (restores ? "" : RESTORE + "\n") + leave + "\n";
    Type caught = ASTHelpers.getType(tree.getParameter());
    if (!TypeNames.isSame(caught, "java.lang.InterruptedException", state)) {
      body = "if (" + tree.getParameter().getName() + " instanceof InterruptedException) {\n"
          + body + "}\n";
    }
    BlockTree block = tree.getBlock();
    List<? extends StatementTree> statements = block.getStatements();
    if (!statements.isEmpty() && statements.get(statements.size() - 1) instanceof ContinueTree last
        && !body.startsWith("if")) {
      return Optional.of(SuggestedFix.replace(last, body));
    }
    int close = state.getEndPosition(block) - 1;
    if (close < 0) {
      return Optional.empty();
    }
    return Optional.of(SuggestedFix.replace(close, close, body));
  }

  private static Tree innermostBreakable(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof SwitchTree || LoopExits.isLoop(leaf)) {
        return leaf;
      }
    }
    return null;
  }

  private static boolean returnsVoid(TreePath path, VisitorState state) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree method) {
        Type type = ASTHelpers.getSymbol(method).getReturnType();
        return type != null && type.getTag() == TypeTag.VOID;
      }
      if (p.getLeaf() instanceof LambdaExpressionTree lambda) {
        Type type = ASTHelpers.getType(lambda);
        if (type == null) {
          return false;
        }
        Type descriptor = state.getTypes().findDescriptorType(type);
        return descriptor != null && descriptor.getReturnType().getTag() == TypeTag.VOID;
      }
    }
    return false;
  }
}
