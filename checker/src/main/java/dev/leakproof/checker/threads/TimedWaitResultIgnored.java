package dev.leakproof.checker.threads;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.report.LeakproofOption;
import dev.leakproof.checker.threads.TimedWaits.Kind;
import dev.leakproof.checker.threads.TimedWaits.TimedWait;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.report.NeverCrash;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;

/**
 * A {@link BugChecker} that flags a timed wait (or a try-to-acquire) whose {@code boolean} result
 * is thrown away: {@code latch.await(30, SECONDS);} goes on as if every task had finished when
 * the wait timed out. With {@code -XepOpt:TimedWaitResultIgnored:Strict=true}, also ignored
 * {@code awaitTermination(..)} and {@code Process.waitFor(timeout, unit)}.
 *
 * <p>A correctness check, not one about long-lived threads: only {@code @SuppressWarnings} silences
 * it, not {@code @IntentionalDaemon}.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A timed wait's result says whether it succeeded; ignoring it treats a timeout as success",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "TimedWaitResultIgnored.md")
public final class TimedWaitResultIgnored extends BugChecker
    implements MethodInvocationTreeMatcher {
  /** {@code -XepOpt:TimedWaitResultIgnored:Strict=true}: also ignored waits for an end. */
  public static final LeakproofOption STRICT =
      LeakproofOption.bool("TimedWaitResultIgnored:Strict", false);

  private final boolean strict;

  /** The constructor the plugin loader uses when no flags are given. */
  public TimedWaitResultIgnored() {
    this(ErrorProneFlags.empty());
  }

  public TimedWaitResultIgnored(ErrorProneFlags flags) {
    this.strict = STRICT.readBoolean(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(MethodInvocationTree tree, VisitorState state) {
    TreePath path = state.getPath();
    if (!isDiscarded(path, state)) {
      return Description.NO_MATCH;
    }
    Optional<TimedWait> found = TimedWaits.of(tree, state);
    if (found.isEmpty()) {
      return Description.NO_MATCH;
    }
    UnitFacts facts = UnitFacts.of(state);
    TimedWait wait = found.get();
    if ((wait.kind().strictOnly() && !strict)
        || (wait.kind().isWaitForState() && insideLoop(path))
        || (wait.kind() == Kind.SEMAPHORE && endsThePass(path))
        || TimedWaitOutcomes.learnedAnotherWay(wait, tree, path, state, facts)
        || (wait.kind() == Kind.QUEUE && QueueOffers.cannotFail(tree, path, state))
        || isMockitoVerification(tree)
        || waitsForever(tree)) {
      return Description.NO_MATCH;
    }
    Optional<SuggestedFix> fix = TimeoutBranchFix.build(tree, wait, path, state);
    Description.Builder description =
        buildDescription(tree).setMessage(message(tree, wait, state));
    fix.ifPresent(description::addFix);
    return description.build();
  }

  /**
   * True if the timeout is {@code Long.MAX_VALUE}: an untimed wait written as a timed one
   * (Hazelcast's {@code Condition.await()} is {@code await(Long.MAX_VALUE, MILLISECONDS)}), with no
   * timeout to miss; whether it should be untimed is UnboundedBlockingCall's concern.
   */
  private static boolean waitsForever(MethodInvocationTree tree) {
    for (ExpressionTree argument : tree.getArguments()) {
      if (ASTHelpers.constValue(argument) instanceof Long value && value == Long.MAX_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if the call's value is thrown away: it is an expression statement, or the body of a
   * lambda whose function returns nothing ({@code items.forEach(i -> queue.offer(i))}).
   */
  private static boolean isDiscarded(TreePath path, VisitorState state) {
    Tree parent = path.getParentPath().getLeaf();
    if (parent instanceof ExpressionStatementTree) {
      return true;
    }
    if (parent instanceof LambdaExpressionTree lambda && lambda.getBody() == path.getLeaf()) {
      Type type = ASTHelpers.getType(lambda);
      Type descriptor = type == null ? null : state.getTypes().findDescriptorType(type);
      return descriptor != null && descriptor.getReturnType().getKind() == TypeKind.VOID;
    }
    return false;
  }

  /**
   * True if a loop of the same body encloses the wait: each round re-checks the loop's own
   * condition (or whatever leaves it), which is how a timed wait for a state is meant to be used
   * ({@code while (!ready) { changed.await(1, SECONDS); }}, a stop latch used as an interruptible
   * sleep in a worker loop). A for-each loop re-checks nothing.
   */
  private static boolean insideLoop(TreePath path) {
    return LoopInterrupts.enclosingLoops(path).stream()
        .anyMatch(loop -> !(loop.getLeaf() instanceof EnhancedForLoopTree));
  }

  /**
   * True if the wait is the last thing a pass of its (not for-each) loop does, so that nothing
   * runs on the strength of the permit before the loop tests again: a semaphore used as a wake-up
   * signal ({@code while (true) { if (tryLock()) break; signal.tryAcquire(ttl, MILLISECONDS); }},
   * Redisson's locks). After its statement, every block up to the loop's body (the branch of an
   * {@code if}, a {@code try} block or one of its catches) only decides whether to leave ({@link
   * #onlyDecides}).
   */
  private static boolean endsThePass(TreePath path) {
    List<TreePath> loops = LoopInterrupts.enclosingLoops(path);
    if (loops.isEmpty() || loops.get(0).getLeaf() instanceof EnhancedForLoopTree) {
      return false;
    }
    Tree loop = loops.get(0).getLeaf();
    TreePath statement = path.getParentPath(); // the expression statement
    for (TreePath p = statement; p != null && p.getParentPath() != null; p = p.getParentPath()) {
      Tree parent = p.getParentPath().getLeaf();
      if (parent == loop) {
        return true;
      }
      if (parent instanceof BlockTree block) {
        List<? extends StatementTree> statements = block.getStatements();
        int at = statements.indexOf(p.getLeaf());
        if (at < 0 || !statements.subList(at + 1, statements.size()).stream()
            .allMatch(TimedWaitResultIgnored::onlyDecides)) {
          return false;
        }
      } else if (parent instanceof TryTree tryTree) {
        if (tryTree.getFinallyBlock() == p.getLeaf()) {
          return false;
        }
      } else if (!(parent instanceof IfTree || parent instanceof CatchTree)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether {@code statement}, after the wait in its pass, only decides whether to leave: it
   * declares or updates a local or a parameter ({@code time -= System.currentTimeMillis() -
   * start;}), or it is an {@code if} without {@code else} whose branch ends by leaving ({@code if
   * (time <= 0) { return false; }}). Stricter than {@link LoopBounds#leavesLoop}, which accepts a
   * branch that only may leave.
   */
  private static boolean onlyDecides(StatementTree statement) {
    if (statement instanceof VariableTree) {
      return true; // long elapsed = System.currentTimeMillis() - start;
    }
    if (statement instanceof ExpressionStatementTree expression) {
      Tree assigned = expression.getExpression() instanceof AssignmentTree assignment
          ? assignment.getVariable()
          : expression.getExpression() instanceof CompoundAssignmentTree compound
              ? compound.getVariable()
              : null;
      return assigned != null
          && ASTHelpers.getSymbol(assigned) instanceof Symbol.VarSymbol variable
          && (variable.getKind() == ElementKind.LOCAL_VARIABLE
              || variable.getKind() == ElementKind.PARAMETER);
    }
    if (statement instanceof IfTree guard && guard.getElseStatement() == null) {
      StatementTree then = guard.getThenStatement();
      StatementTree last = then instanceof BlockTree block && !block.getStatements().isEmpty()
          ? block.getStatements().get(block.getStatements().size() - 1)
          : then;
      return last instanceof ReturnTree || last instanceof BreakTree || last instanceof ThrowTree;
    }
    return false;
  }

  /** {@code verify(lock).tryLock()}: a Mockito verification, not a wait. */
  private static boolean isMockitoVerification(MethodInvocationTree call) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (!(receiver instanceof MethodInvocationTree receiverCall)) {
      return false;
    }
    Symbol method = ASTHelpers.getSymbol(receiverCall);
    return method.owner != null
        && method.owner.getQualifiedName().toString().startsWith("org.mockito.");
  }

  private static String message(MethodInvocationTree call, TimedWait wait, VisitorState state) {
    String text = callText(call, state);
    String returns = wait.nanos() ? "returns zero or less" : "returns false";
    Kind kind = wait.kind();
    return String.format(
        "`%s` %s if %s, and that result is ignored here: the code goes on %s; %s%s",
        text,
        returns,
        kind.failure(wait.timed()),
        kind.assumption,
        wayOut(wait, text),
        kind.strictOnly() ? " (Strict mode)" : "");
  }

  /** What to do instead, in the words of the suggested fix. */
  private static String wayOut(TimedWait wait, String text) {
    String test = wait.nanos() ? text + " <= 0" : "!" + text;
    return switch (wait.kind()) {
      case LATCH -> "branch on it and deal with the work that did not finish: `if (" + test
          + ") { .. }`";
      case CONDITION -> "re-check the awaited state in a loop around the wait, or branch on it:"
          + " `if (" + test + ") { .. }`";
      case SEMAPHORE -> "branch on it (`if (" + test + ") { .. }`), and release() only a permit"
          + " that was acquired";
      case LOCK -> "branch on it (`if (" + test + ") { .. }`), and unlock() only a lock that was"
          + " acquired";
      case QUEUE -> wait.timed()
          ? "branch on it (`if (" + test + ") { .. }`: report, retry or reject the element)"
          : "branch on it (report, retry or reject the element), or use add(e), which throws"
              + " when the queue is full";
      case TERMINATION -> "branch on it, e.g. `if (" + test + ") { executor.shutdownNow(); }`";
      case PROCESS -> "branch on it, e.g. `if (" + test + ") { process.destroyForcibly(); }`";
    };
  }

  /** The call as written when short, else {@code receiver.name(..)}. */
  private static String callText(MethodInvocationTree call, VisitorState state) {
    String source = state.getSourceForNode(call);
    if (source != null) {
      String oneLine = source.replaceAll("\\s+", " ").strip();
      if (oneLine.length() <= 60) {
        return oneLine;
      }
    }
    return Messages.describe(call, state);
  }
}
