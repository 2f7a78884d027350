package dev.leakproof.checker.threads;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.threads.FieldWrites.Write;
import dev.leakproof.checker.threads.FlagLoops.Flag;
import dev.leakproof.checker.threads.ThreadBodies.ThreadStart;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.util.UnitPaths;
import dev.leakproof.checker.report.IntentionalDaemonChecker;
import dev.leakproof.checker.report.NeverCrash;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BugChecker} that flags starting a thread whose code (its body and the methods it calls)
 * loops forever with no way out: no break, return or throw, no interrupt check, no volatile stop
 * flag, no interruptible wait that ends it; or that loops on a plain (non-volatile) boolean field
 * another method sets, for a thread or a task handed to an executor.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A started thread loops forever with no interrupt or shutdown path",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "ThreadWithoutExitPath.md")
public final class ThreadWithoutExitPath extends IntentionalDaemonChecker
    implements MethodInvocationTreeMatcher {

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(state));
  }

  private Description match(VisitorState state) {
    boolean pooled = false;
    Optional<ThreadStart> start = ThreadBodies.started(state.getPath(), state);
    if (start.isEmpty()) {
      start = ExecutorTasks.submitted(state.getPath(), state);
      pooled = true;
    }
    if (start.isEmpty()
        || Flow.body(start.get().body()) == null
        || ThreadBodies.inMain(state.getPath())) {
      return Description.NO_MATCH;
    }
    Tree body = start.get().body();
    Set<Tree> runners = new HashSet<>();
    runners.add(body);
    if (start.get().declared() != null) {
      runners.add(start.get().declared());
    }
    List<Tree> threadCode = OwnedThreads.reach(body, state);
    for (Tree code : threadCode) {
      List<Tree> loops = OwnedThreads.code(code, state).loops();
      if (pooled) { // a task is only judged by the plain-flag rule: look for one before any path
        loops = loops.stream().filter(loop -> {
          FlagLoops.Flag flag = FlagLoops.flagOf(loop, state);
          return flag != null && flag.isPlain();
        }).toList();
      }
      TreePath codePath = loops.isEmpty() ? null : ThreadBodies.pathOf(code, state.getPath(), state);
      if (codePath == null) {
        continue;
      }
      String where = code == body || !(code instanceof MethodTree method) ? ""
          : " in " + method.getName() + "()";
      for (Tree loop : loops) {
        TreePath loopPath = TreePath.getPath(codePath, loop);
        String message =
            loopPath == null ? null : judge(loopPath, where, runners, threadCode, pooled, state);
        if (message != null) {
          // suppressions and the second start of one thread are looked at only when reporting
          return silenced(start.get(), state) || !pooled && startedEarlier(start.get(), state)
              ? Description.NO_MATCH
              : buildDescription(state.getPath().getLeaf()).setMessage(message).build();
        }
      }
    }
    return Description.NO_MATCH;
  }

  /** The message for a loop the thread (or pooled task) can never leave, or null. */
  @Nullable
  private String judge(TreePath loopPath, String where, Set<Tree> runners, List<Tree> threadCode,
      boolean pooled, VisitorState state) {
    Tree loop = loopPath.getLeaf();
    if (LoopExits.runsOnce(loop)) {
      return null; // while (!sent) { throw failure; }: an if written as a loop
    }
    Flag flag = FlagLoops.flagOf(loop, state);
    if (flag != null && FlagLoops.neverGoesOn(flag, state)) {
      return null; // nothing ever sets the flag to keep the loop going: it never runs
    }
    String runs = pooled ? "This task" : "This thread";
    // A retry loop bounded by a counter or a deadline ends whether it sees the flag or not.
    if (flag != null && flag.isPlain() && !LoopBounds.isBounded(loop)) {
      Write stop =
          FlagLoops.stopWrite(flag, FlagLoops.enclosingBody(loopPath), threadCode, state);
      if (stop != null) {
        String name = flag.field().getSimpleName().toString();
        String writer = FlagLoops.writerName(stop);
        switch (PlainFlagWrites.plainWrite(stop, loopPath, runners, pooled, state)) {
          case NO -> {
            MethodInvocationTree wait =
                PlainFlagWrites.unwokenWait(stop, loopPath, runners, pooled, state);
            return String.format(
                "%s loops on `%s`%s, which is neither volatile nor atomic: the JIT may hoist the"
                    + " read out of the loop, so the write in %s is never seen and the %s never"
                    + " ends; declare `%s` volatile or use an AtomicBoolean%s",
                runs, name, where, writer, pooled ? "task (and its pool thread)" : "thread", name,
                wait == null ? "" : String.format(
                    ". While it waits in `%s`, which %s does not wake, it does not read the flag at"
                        + " all: also interrupt the %s in %s, or wake that wait",
                    Messages.describe(wait, state), writer, pooled ? "task" : "thread", writer));
          }
          case BLOCKED_BY_LOCK -> {
            HeldLock lock = HeldLock.around(loopPath);
            return String.format(
                "%s loops on `%s`%s inside %s and never releases the lock on `%s`, which %s needs"
                    + " to write `%s`: the stop request blocks until the loop ends, and the loop"
                    + " never ends; do not hold the lock around the whole loop (wait() on it"
                    + " releases it), or make `%s` volatile and write it without the lock",
                runs, name, where, lock == null ? "a synchronized block" : lock.text(),
                lock == null ? "this" : lock.monitor(), writer, name, name);
          }
          case YES -> {
            return null;
          }
        }
      }
    }
    // isInfinite first: it is cheap, and most loops have a condition that can end them
    if (pooled || !LoopExits.isInfinite(loopPath) || LoopExits.hasExit(loopPath, state)) {
      return null;
    }
    return String.format(
        "%s runs %s%s with no way out: no break, return or throw leaves it, it never"
            + " checks Thread.currentThread().isInterrupted(), and no interruptible wait ends it,"
            + " so nothing can ever stop the thread: loop while"
            + " !Thread.currentThread().isInterrupted() and interrupt the thread on shutdown,"
            + " or loop on a volatile stop flag",
        runs, Messages.loopHead(loopPath, state), where);
  }

  /**
   * Whether the same thread object (the same variable or field, or {@code this} of the same Thread
   * subclass) is started earlier in this file by a start that is itself reported: one root cause,
   * one diagnostic.
   */
  private boolean startedEarlier(ThreadStart start, VisitorState state) {
    int position = ASTHelpers.getStartPosition(start.call());
    for (ThreadStart other : ThreadBodies.startsInUnit(state)) {
      if (other.call() == start.call() || ASTHelpers.getStartPosition(other.call()) >= position
          || other.body() != start.body()) {
        continue;
      }
      TreePath otherPath = UnitPaths.of(other.call(), state);
      if (otherPath == null || !sameThreadObject(otherPath, state.getPath())) {
        continue;
      }
      if (!silenced(other, state) && !ThreadBodies.inMain(otherPath)
          && !suppressedAround(otherPath, state)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameThreadObject(TreePath one, TreePath other) {
    ExpressionTree first = ASTHelpers.getReceiver((MethodInvocationTree) one.getLeaf());
    ExpressionTree second = ASTHelpers.getReceiver((MethodInvocationTree) other.getLeaf());
    if (isThisOrNone(first) && isThisOrNone(second)) {
      ClassTree a = ASTHelpers.findEnclosingNode(one, ClassTree.class);
      return a != null && a == ASTHelpers.findEnclosingNode(other, ClassTree.class);
    }
    Symbol a = first == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(first));
    Symbol b = second == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(second));
    return a instanceof VarSymbol && a.equals(b);
  }

  private static boolean isThisOrNone(@Nullable ExpressionTree receiver) {
    return receiver == null
        || receiver instanceof com.sun.source.tree.IdentifierTree id && id.getName().contentEquals("this");
  }

  /**
   * An annotation where the thread is declared: on the variable or field that holds it, on the
   * method that is its body ({@code @IntentionalDaemon void drainForever()}), or around the body as
   * written (the field or local variable that holds the Runnable, {@code @IntentionalDaemon
   * Runnable heartbeat = () -> ..}, or the method or class it is written in).
   */
  private boolean silenced(ThreadStart start, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(start.call());
    Symbol holder = receiver == null ? null : ASTHelpers.getSymbol(receiver);
    if (holder instanceof VarSymbol && isSuppressed(holder, state)) {
      return true;
    }
    if (start.body() instanceof MethodTree method) {
      for (Symbol s = ASTHelpers.getSymbol(method); s != null; s = s.owner) {
        if (isSuppressed(s, state)) {
          return true;
        }
      }
    }
    return start.declared() != null
        && suppressedAround(ThreadBodies.pathOf(start.declared(), state.getPath(), state), state);
  }
}
