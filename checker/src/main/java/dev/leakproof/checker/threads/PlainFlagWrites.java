package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.threads.FieldWrites.Write;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Whether a write of a plain (non-volatile) stop flag reaches the loop that reads it on another
 * thread: the writer interrupts that thread after writing (JLS 17.4.4), both sides synchronize on
 * one lock, or the writer ends the loop another way it has; or whether the loop holds the lock the
 * writer needs, so the write waits for a loop that never ends.
 */
final class PlainFlagWrites {
  /** Calls by which a stop method ends a blocking call, in the loop, on the same object. */
  private static final Set<String> WAKE_UPS =
      Set.of("close", "shutdown", "shutdownNow", "shutdownInput", "shutdownOutput", "disconnect",
          "destroy", "cancel", "interrupt", "wakeup", "put", "offer", "add", "addFirst", "addLast",
          "push", "signal", "signalAll", "notify", "notifyAll", "countDown", "release", "unpark",
          "complete", "set");
  private static final Set<String> SIGNALS = Set.of("notify", "notifyAll", "signal", "signalAll");

  private PlainFlagWrites() {}

  /** Whether a plain stop write is seen by the loop, and if not, whether a lock is why. */
  enum Seen {
    /** The loop sees the write, or the stop method also ends the loop another way. */
    YES,
    /** Nothing orders the write before the loop's read: the JIT may hoist the read. */
    NO,
    /** The loop holds the lock the writer needs, so the write waits for the loop to end. */
    BLOCKED_BY_LOCK
  }

  /**
   * Whether the loop (at {@code loopPath}, run by a thread whose body is one of {@code runners})
   * sees the plain write {@code stop}: the writer interrupts that thread after writing (or, for an
   * executor task, cancels it with {@code cancel(true)} or {@code shutdownNow()}); the writer ends
   * the loop another way it has (it interrupts a loop that reacts to interrupts, closes or wakes up
   * what the loop blocks on when the loop has another exit); or both synchronize on one lock.
   */
  static Seen plainWrite(Write stop, TreePath loopPath, Set<Tree> runners, boolean pooled,
      VisitorState state) {
    Tree loop = loopPath.getLeaf();
    HeldLock held = HeldLock.around(loopPath);
    HeldLock writerLock = HeldLock.around(stop.path());
    if (held != null && !held.releasedIn(loop) && writerLock != null && held.sameAs(writerLock)) {
      return Seen.BLOCKED_BY_LOCK;
    }
    if (writerLock != null && (writerLock.acquiredIn(loop)
        || held != null && held.sameAs(writerLock) && held.releasedIn(loop))) {
      return Seen.YES; // both sides take the lock: the write happens-before the next read
    }
    if (interrupts(stop, runners, pooled, true, state)) {
      return Seen.YES;
    }
    if (alsoWritesVolatileOf(stop, loop)) {
      return Seen.YES; // while (running && !closed): stop() also sets the volatile `closed`
    }
    if (LoopExits.hasInterruptExit(loopPath, null, state) && interrupts(stop, runners, pooled, false, state)) {
      return Seen.YES;
    }
    boolean otherExit = LoopExits.jumpsOut(loopPath, state)
        || LoopExits.checkedExceptionEscapes(loopPath, state)
        || stopsItself(stop, loop);
    if (otherExit) {
      Set<Symbol> used = receiversUsed(loopPath, state);
      for (MethodInvocationTree call : callsIn(stop)) {
        ExpressionTree receiver = ASTHelpers.getReceiver(call);
        MethodSymbol symbol = ASTHelpers.getSymbol(call);
        if (receiver != null && WAKE_UPS.contains(symbol.getSimpleName().toString())
            && used.contains(objectNamed(receiver))) {
          return Seen.YES;
        }
      }
    }
    return Seen.NO;
  }

  /**
   * Whether the loop itself writes the stopping value of {@code stop} to the flag: when what it
   * blocks on fails (closed by the stop method), its own thread ends it ({@code catch
   * (SocketException e) { keepRunning = false; }}, log4j's {@code SocketHubAppender}).
   */
  private static boolean stopsItself(Write stop, Tree loop) {
    if (!(stop.tree() instanceof AssignmentTree stopAssignment) || stop.value() == null) {
      return false;
    }
    Symbol flag = ASTHelpers.getSymbol(stopAssignment.getVariable());
    return LocalTrees.contains(loop, AssignmentTree.class,
        a -> ASTHelpers.getSymbol(a.getVariable()) == flag
            && stop.value().equals(ASTHelpers.constValue(a.getExpression(), Boolean.class)));
  }

  /**
   * Whether the method of {@code write} interrupts a thread running one of {@code runners}: after
   * the write ({@code after}) or anywhere in it, directly or in a method of this code it calls
   * there. For an executor task ({@code pooled}), {@code cancel(true)} and {@code shutdownNow()}
   * interrupt it. A write in a setter counts when a caller of the setter interrupts the thread
   * after calling it ({@code reconnector.shutdown(); reconnector.interrupt();}, log4j's {@code
   * TcpSocketManager}, ninth spot check).
   */
  static boolean interrupts(Write write, Set<Tree> runners, boolean pooled, boolean after,
      VisitorState state) {
    TreePath methodPath = Flow.unitOf(write.path());
    if (methodPath == null) {
      return false;
    }
    if (interruptsIn(methodPath, after ? write.position() : -1, runners, pooled, state)) {
      return true;
    }
    if (!(methodPath.getLeaf() instanceof MethodTree setter)) {
      return false;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(setter);
    for (TreePath callPath : UnitPaths.callsOf(methodPath.getCompilationUnit(), symbol, state)) {
      MethodInvocationTree call = (MethodInvocationTree) callPath.getLeaf();
      TreePath caller = Flow.unitOf(callPath);
      if (caller != null && caller.getLeaf() != setter && interruptsIn(
          caller, after ? ASTHelpers.getStartPosition(call) : -1, runners, pooled, state)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the code at {@code unitPath}, from {@code from} on, interrupts one of the runners. */
  private static boolean interruptsIn(TreePath unitPath, int from, Set<Tree> runners,
      boolean pooled, VisitorState state) {
    for (MethodInvocationTree call : LocalTrees.find(unitPath.getLeaf(), MethodInvocationTree.class)) {
      if (ASTHelpers.getStartPosition(call) < from) {
        continue;
      }
      if (interruptsRunner(call, unitPath, runners, pooled, state)) {
        return true;
      }
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      MethodTree helper = SourceLookup.method(symbol, state);
      TreePath helperPath = helper == null ? null : SourceLookup.path(symbol, state);
      if (helperPath != null && helper.getBody() != null) {
        for (MethodInvocationTree inner : LocalTrees.find(helper.getBody(), MethodInvocationTree.class)) {
          if (interruptsRunner(inner, helperPath, runners, pooled, state)) {
            return true; // stop() { running = false; wakeUp(); }
          }
        }
      }
    }
    return false;
  }

  private static boolean interruptsRunner(MethodInvocationTree call, TreePath within,
      Set<Tree> runners, boolean pooled, VisitorState state) {
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    String name = symbol.getSimpleName().toString();
    if (pooled && (name.equals("shutdownNow") || name.equals("cancel") && call.getArguments().size() == 1
        && Boolean.TRUE.equals(ASTHelpers.constValue(call.getArguments().get(0), Boolean.class)))) {
      return true;
    }
    if (!ThreadCalls.INTERRUPT.matches(call, state)) {
      return false;
    }
    TreePath callPath = TreePath.getPath(within, call);
    return callPath != null && RunnerInterrupts.interruptsRunnerOf(call, callPath, runners, state);
  }

  /**
   * Whether the method of {@code write} also writes a volatile or atomic field that the loop's
   * condition reads ({@code while (running && !closed)} with {@code stop() { running = false;
   * closed = true; }}): the loop ends through that field.
   */
  private static boolean alsoWritesVolatileOf(Write write, Tree loop) {
    Set<Symbol> threadSafe = new HashSet<>();
    for (Symbol read : LoopExits.conditionVariables(loop)) {
      if (read instanceof com.sun.tools.javac.code.Symbol.VarSymbol field
          && ((field.flags() & com.sun.tools.javac.code.Flags.VOLATILE) != 0
              || StopSignals.isAtomic(field.type))) {
        threadSafe.add(field);
      }
    }
    if (threadSafe.isEmpty()) {
      return false;
    }
    for (Tree tree : callsAndAssignmentsIn(write)) {
      ExpressionTree target = tree instanceof com.sun.source.tree.AssignmentTree assignment
          ? assignment.getVariable()
          : ASTHelpers.getReceiver((MethodInvocationTree) tree);
      if (target != null && threadSafe.contains(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(target)))) {
        return true;
      }
    }
    return false;
  }

  private static List<Tree> callsAndAssignmentsIn(Write write) {
    TreePath path = Flow.unitOf(write.path());
    return path == null ? List.of() : LocalTrees.find(path.getLeaf(), Tree.class,
        t -> t instanceof MethodInvocationTree || t instanceof com.sun.source.tree.AssignmentTree);
  }

  /** Whether the method of {@code write} signals a wait ({@code notifyAll()}, {@code signalAll()}). */
  static boolean signals(Write write) {
    for (MethodInvocationTree call : callsIn(write)) {
      if (SIGNALS.contains(ASTHelpers.getSymbol(call).getSimpleName().toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * An untimed wait on a field, in the loop or in a private method of this code that the loop
   * calls, that the stop method neither interrupts nor wakes (it calls nothing on that object), or
   * null. While the thread waits there it never reads the flag, volatile or not
   * (requirementsascode's {@code EventQueue}: {@code stop()} clears the flag, the thread stays in
   * {@code take()}).
   */
  static @Nullable MethodInvocationTree unwokenWait(Write stop, TreePath loopPath,
      Set<Tree> runners, boolean pooled, VisitorState state) {
    if (interrupts(stop, runners, pooled, false, state)) {
      return null;
    }
    Set<Symbol> woken = new HashSet<>();
    for (MethodInvocationTree call : callsIn(stop)) {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      Symbol symbol = receiver == null ? null : objectNamed(receiver);
      if (symbol != null) {
        woken.add(symbol);
      }
    }
    List<MethodInvocationTree> calls =
        new ArrayList<>(LocalTrees.find(loopPath.getLeaf(), MethodInvocationTree.class));
    for (MethodInvocationTree call : List.copyOf(calls)) {
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      MethodTree callee = symbol.getModifiers().contains(Modifier.PRIVATE)
          ? SourceLookup.method(symbol, state) : null;
      if (callee != null && callee.getBody() != null) {
        calls.addAll(LocalTrees.find(callee.getBody(), MethodInvocationTree.class));
      }
    }
    for (MethodInvocationTree call : calls) {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      Symbol object = receiver == null ? null : objectNamed(receiver);
      if (object != null && object.getKind() == ElementKind.FIELD && !woken.contains(object)
          && BlockingCalls.untimedWait(call, state).isPresent()) {
        return call;
      }
    }
    return null;
  }

  private static List<MethodInvocationTree> callsIn(Write write) {
    TreePath path = Flow.unitOf(write.path());
    return path == null ? List.of() : LocalTrees.find(path.getLeaf(), MethodInvocationTree.class);
  }

  /**
   * The objects the loop calls methods on (and the fields the locals it calls them on were read
   * from): what a stop method can close or wake up.
   */
  private static Set<Symbol> receiversUsed(TreePath loopPath, VisitorState state) {
    Set<Symbol> used = new HashSet<>();
    Tree loopBody = FlagLoops.enclosingBody(loopPath);
    for (MethodInvocationTree call : LocalTrees.find(loopPath.getLeaf(), MethodInvocationTree.class)) {
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      Symbol symbol = receiver == null ? null : objectNamed(receiver);
      if (symbol == null) {
        continue;
      }
      used.add(symbol);
      if (symbol.getKind() == ElementKind.LOCAL_VARIABLE && loopBody != null) {
        for (ExpressionTree value : ValueIndex.values(symbol, loopBody, state)) {
          Symbol source = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(value));
          if (source != null) {
            used.add(source);
          }
        }
      }
    }
    return used;
  }

  /**
   * The symbol that names the object {@code receiver} stands for wherever it is written: a field or
   * variable, or a getter of this object ({@code getSocket()}). A call on another object ({@code
   * entry.getValue()}) names no one object, so it is null.
   */
  private static @Nullable Symbol objectNamed(ExpressionTree receiver) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(receiver);
    if (stripped instanceof MethodInvocationTree getter) {
      ExpressionTree owner = ASTHelpers.getReceiver(getter);
      boolean onThis = owner == null
          || owner instanceof IdentifierTree self && self.getName().contentEquals("this");
      return onThis && getter.getArguments().isEmpty() ? ASTHelpers.getSymbol(getter) : null;
    }
    return ASTHelpers.getSymbol(stripped);
  }
}
