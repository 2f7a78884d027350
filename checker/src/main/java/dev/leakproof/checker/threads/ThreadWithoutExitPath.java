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
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.annotations.IntentionalDaemon;
import dev.leakproof.checker.threads.ThreadBodies.ThreadStart;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.util.NeverCrash;
import java.util.Arrays;
import java.util.Optional;

/**
 * A {@link BugChecker} that flags starting a thread whose body loops forever with no way out: no
 * break, return or throw, no interrupt check, no volatile stop flag, no interruptible wait that ends
 * it; or that loops on a plain (non-volatile) boolean field another method sets.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A started thread loops forever with no interrupt or shutdown path",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "ThreadWithoutExitPath.md",
    suppressionAnnotations = {SuppressWarnings.class, IntentionalDaemon.class})
public final class ThreadWithoutExitPath extends BugChecker implements MethodInvocationTreeMatcher {

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(state));
  }

  private Description match(VisitorState state) {
    Optional<ThreadStart> start = ThreadBodies.started(state.getPath(), state);
    if (start.isEmpty() || start.get().code() == null || silenced(start.get(), state)) {
      return Description.NO_MATCH;
    }
    Tree code = start.get().code();
    TreePath codePath = TreePath.getPath(state.getPath().getCompilationUnit(), code);
    if (codePath == null) {
      return Description.NO_MATCH;
    }
    for (Tree loop : LoopExits.loopsIn(code)) {
      TreePath loopPath = TreePath.getPath(codePath, loop);
      if (loopPath == null || LoopExits.hasExit(loopPath, state)) {
        continue;
      }
      if (LoopExits.isInfinite(loopPath)) {
        return describe(String.format(
            "This thread runs %s with no way out: no break, return or throw leaves it, it never"
                + " checks Thread.currentThread().isInterrupted(), and no interruptible wait ends it,"
                + " so nothing can ever stop the thread: loop while"
                + " !Thread.currentThread().isInterrupted() and interrupt the thread on shutdown,"
                + " or loop on a volatile stop flag",
            Messages.loopHead(loop, state)), state);
      }
      VarSymbol flag = LoopExits.plainFlag(loop, state);
      MethodTree writer = flag == null ? null : LoopExits.writerElsewhere(flag, loop, state);
      if (writer != null) {
        return describe(String.format(
            "This thread loops on `%s`, which is neither volatile nor atomic: the JIT may hoist the"
                + " read out of the loop, so the write in %s() is never seen and the thread never"
                + " ends; declare `%s` volatile or use an AtomicBoolean",
            flag.getSimpleName(), writer.getName(), flag.getSimpleName()), state);
      }
    }
    return Description.NO_MATCH;
  }

  private Description describe(String message, VisitorState state) {
    return buildDescription(state.getPath().getLeaf()).setMessage(message).build();
  }

  /**
   * An annotation where the thread is declared: on the variable or field that holds it, or on the
   * method that is its body ({@code @IntentionalDaemon void drainForever()}).
   */
  private boolean silenced(ThreadStart start, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(start.call());
    Symbol holder = receiver == null ? null : ASTHelpers.getSymbol(receiver);
    if (holder instanceof VarSymbol && silences(holder, state)) {
      return true;
    }
    if (start.body() instanceof MethodTree method) {
      for (Symbol s = ASTHelpers.getSymbol(method); s != null; s = s.owner) {
        if (silences(s, state)) {
          return true;
        }
      }
    }
    return start.declared() != null && silencedAround(start.declared(), state);
  }

  /**
   * An annotation on a declaration around the body as written: the field or local variable that
   * holds the Runnable ({@code @IntentionalDaemon Runnable heartbeat = () -> ..}), or the method or
   * class it is written in.
   */
  private boolean silencedAround(Tree declared, VisitorState state) {
    TreePath path = TreePath.getPath(state.getPath().getCompilationUnit(), declared);
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof VariableTree || leaf instanceof MethodTree || leaf instanceof ClassTree) {
        Symbol symbol = ASTHelpers.getSymbol(leaf);
        if (symbol != null && silences(symbol, state)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean silences(Symbol symbol, VisitorState state) {
    if (ASTHelpers.hasAnnotation(symbol, IntentionalDaemon.class.getName(), state)) {
      return true;
    }
    SuppressWarnings suppress = symbol.getAnnotation(SuppressWarnings.class);
    return suppress != null && Arrays.asList(suppress.value()).contains(canonicalName());
  }
}
