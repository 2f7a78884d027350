package dev.leakproof.checker.threads;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.threads.FieldWrites.Write;
import dev.leakproof.checker.threads.FlagLoops.Flag;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * How a request to stop reaches a loop running on another thread: a volatile or atomic field that
 * another method sets, a plain field written right before {@code interrupt()} of the looping thread
 * (JLS 17.4.4: the interrupt synchronizes-with its detection), a field written together with a
 * {@code notify}/{@code signal} of a wait, or a value the loop's own wait returns (a poison pill).
 */
final class StopSignals {
  /**
   * An executor's own shutdown state: {@code shutdown()} and {@code shutdownNow()} set it before
   * they interrupt, so a loop that tests it ends (the Nacos client's {@code RpcClient}).
   */
  private static final Matcher<ExpressionTree> EXECUTOR_STATE =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.ExecutorService")
          .namedAnyOf("isShutdown", "isTerminated");

  private static final Set<String> PUTS =
      Set.of("put", "offer", "add", "addFirst", "addLast", "putFirst", "putLast", "offerFirst",
          "offerLast", "push");
  private static final String ATOMIC_PACKAGE = "java.util.concurrent.atomic";

  private StopSignals() {}

  /**
   * Whether the loop around the catch at {@code catchPath} has a working way to stop besides the
   * interrupt: a volatile or atomic field (read by its condition or by an {@code if} that leaves
   * it) that another method sets; a plain such field written by a method that then interrupts the
   * looping thread (one of {@code runners}) or signals a wait; or a guard on what the wait returns.
   */
  static boolean hasOtherStop(TreePath loopPath, TreePath catchPath, Set<Tree> runners,
      VisitorState state) {
    Tree loop = loopPath.getLeaf();
    CatchTree catchTree = (CatchTree) catchPath.getLeaf();
    TryTree tryTree = (TryTree) catchPath.getParentPath().getLeaf();
    Tree loopBody = FlagLoops.enclosingBody(loopPath);
    List<Tree> waits = InterruptSources.interruptThrowers(tryTree.getBlock(), state);
    Set<Tree> guards = new HashSet<>();
    if (LoopExits.condition(loop) != null) {
      guards.add(LoopExits.condition(loop));
    }
    Set<Tree> inCatch = new HashSet<>(LocalTrees.find(catchTree, Tree.class));
    for (IfTree ifTree : LoopBounds.leavingIfs(loop)) {
      if (!inCatch.contains(ifTree)) {
        guards.add(ifTree.getCondition());
      }
    }
    if (endsByItself(loop, inCatch, FlagLoops.flagOf(loop, state))) {
      return true; // if (nothingLeft()) return; the worker ends when its work does
    }
    if (joinsUntilEnded(LoopExits.condition(loop), waits, state)) {
      return true; // while (t.isAlive()) t.join(); the loop ends when that thread does
    }
    Set<Symbol> read = new HashSet<>();
    for (Tree guard : guards) {
      if (readsWaitResult(guard, waits, loopBody, state)) {
        return true; // if (!cleanUp(queue.remove())) break; a poison pill ends the loop
      }
      if (readsLibraryStopFlag(guard, state)) {
        return true; // while (!isStopped()), a service base class's volatile flag
      }
      if (LocalTrees.contains(guard, MethodInvocationTree.class,
          call -> EXECUTOR_STATE.matches(call, state))) {
        return true; // while (!executor.isShutdown()): shutdownNow() sets it before interrupting
      }
      read.addAll(stateRead(guard, loopBody, state));
    }
    Flag flag = FlagLoops.flagOf(loop, state);
    for (Symbol symbol : read) {
      if (!(symbol instanceof VarSymbol field) || field.getKind() != ElementKind.FIELD) {
        continue;
      }
      boolean threadSafe = (field.flags() & Flags.VOLATILE) != 0 || isAtomic(field.type);
      for (Write write : FieldWrites.of(field, state)) {
        if (write.inConstruction() || write.body() == loopBody || write.method() == loopBody
            || write.call() != null && !isMutator(write.call())) {
          continue;
        }
        if (flag != null && flag.field().equals(field) && write.value() != null
            && write.value() != flag.stopValue()) {
          continue; // writes the value that keeps the loop going
        }
        if (threadSafe || PlainFlagWrites.interrupts(write, runners, false, true, state)
            || PlainFlagWrites.signals(write)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the loop waits for one thread to end and nothing else: its condition is {@code
   * t.isAlive()} and its only interruptible waits are {@code t.join(..)} (an uninterruptible join,
   * ganymed-ssh2's forwarders). The loop's way out is that thread's end, as a wait on a condition
   * the stop path signals is; whether that thread ends is asked of that thread's own loop.
   */
  private static boolean joinsUntilEnded(
      @Nullable Tree condition, List<Tree> waits, VisitorState state) {
    if (!(condition instanceof ExpressionTree expression)
        || !(ASTHelpers.stripParentheses(expression) instanceof MethodInvocationTree test)
        || !test.getArguments().isEmpty() || waits.isEmpty()) {
      return false;
    }
    Symbol thread = threadTested(test, ThreadCalls.IS_ALIVE, state);
    if (thread == null) {
      return false;
    }
    for (Tree wait : waits) {
      if (!(wait instanceof MethodInvocationTree join) || threadTested(join, ThreadCalls.JOIN, state) != thread) {
        return false;
      }
    }
    return true;
  }

  /** The variable or field {@code call} is made on, when {@code method} matches the call. */
  private static @Nullable Symbol threadTested(
      MethodInvocationTree call, Matcher<ExpressionTree> method, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (receiver == null || !method.matches(call, state)) {
      return null;
    }
    Symbol symbol = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    return symbol instanceof VarSymbol ? symbol : null;
  }

  /**
   * Whether the loop ends by itself, by code outside the catch: a {@code break} or {@code return}
   * out of it, or an assignment to a variable its condition reads ({@code if (owner.stopped) {
   * this.stopped = true; }}). Its own work, or a signal it reads, ends it.
   */
  private static boolean endsByItself(Tree loop, Set<Tree> inCatch, @Nullable Flag flag) {
    for (com.sun.source.tree.StatementTree jump : LocalTrees.jumpsLeaving(LoopExits.body(loop))) {
      if (!(jump instanceof com.sun.source.tree.ContinueTree) && !inCatch.contains(jump)) {
        return true;
      }
    }
    Set<Symbol> conditionVariables = LoopExits.conditionVariables(loop);
    for (AssignmentTree assignment : LocalTrees.find(LoopExits.body(loop), AssignmentTree.class)) {
      Symbol assigned = ASTHelpers.getSymbol(assignment.getVariable());
      boolean keepsGoing = flag != null && flag.field().equals(assigned)
          && Boolean.valueOf(!flag.stopValue()).equals(
              ASTHelpers.constValue(assignment.getExpression(), Boolean.class));
      if (!inCatch.contains(assignment) && conditionVariables.contains(assigned) && !keepsGoing) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code guard} calls a no-argument boolean method of a library class that keeps a
   * volatile or atomic field ({@code while (!isStopped())} in a subclass of a service base class):
   * its body is not in sight, but such a getter reads the flag the base class's stop method sets.
   */
  private static boolean readsLibraryStopFlag(Tree guard, VisitorState state) {
    for (MethodInvocationTree call : LocalTrees.find(guard, MethodInvocationTree.class)) {
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      if (!call.getArguments().isEmpty() || symbol.isStatic()
          || symbol.getReturnType().getTag() != com.sun.tools.javac.code.TypeTag.BOOLEAN
          || SourceLookup.method(symbol, state) != null
          || !(symbol.owner instanceof ClassSymbol owner)
          || owner.getQualifiedName().toString().startsWith("java.")) {
        continue;
      }
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if (receiver != null && !(ASTHelpers.stripParentheses(receiver) instanceof IdentifierTree id
          && id.getName().contentEquals("this"))) {
        continue; // only the object's own state: this.isStopped()
      }
      try {
        for (Symbol member : owner.getEnclosedElements()) {
          if (member instanceof VarSymbol field && !field.isStatic()
              && ((field.flags() & Flags.VOLATILE) != 0 || isAtomic(field.type))) {
            return true;
          }
        }
      } catch (Symbol.CompletionFailure e) {
        continue; // a library class missing from the classpath: cannot tell
      }
    }
    return false;
  }

  /**
   * Whether the loop around a take ({@code p = queue.take()}, at {@code waitPath}) leaves on a
   * sentinel that another method puts into the same queue field: {@code if (p == POISON) break;}
   * with {@code shutdown() { queue.put(POISON); }}. The producer that ends the wait exists.
   */
  static boolean endsOnSentinel(TreePath waitPath, VisitorState state) {
    MethodInvocationTree wait = (MethodInvocationTree) waitPath.getLeaf();
    ExpressionTree receiver = ASTHelpers.getReceiver(wait);
    Symbol queue = receiver == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    Tree parent = waitPath.getParentPath().getLeaf();
    Symbol taken = parent instanceof AssignmentTree assignment ? ASTHelpers.getSymbol(assignment.getVariable())
        : parent instanceof VariableTree variable ? ASTHelpers.getSymbol(variable) : null;
    List<TreePath> loops = LoopInterrupts.enclosingLoops(waitPath);
    if (!(queue instanceof VarSymbol field) || field.getKind() != ElementKind.FIELD || taken == null
        || loops.isEmpty()) {
      return false;
    }
    Tree loop = loops.get(0).getLeaf();
    Set<Tree> inLoop = new HashSet<>(LocalTrees.find(loop, Tree.class));
    Tree loopBody = FlagLoops.enclosingBody(loops.get(0));
    for (IfTree ifTree : LocalTrees.find(LoopExits.body(loop), IfTree.class)) {
      if (!(ASTHelpers.stripParentheses(ifTree.getCondition()) instanceof com.sun.source.tree.BinaryTree test)
          || test.getKind() != Tree.Kind.EQUAL_TO
          || !LoopBounds.leavesLoop(ifTree.getThenStatement(), loop, inLoop)) {
        continue;
      }
      Symbol left = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(test.getLeftOperand()));
      Symbol right = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(test.getRightOperand()));
      Symbol sentinel = taken.equals(left) ? right : taken.equals(right) ? left : null;
      if (sentinel == null) {
        continue;
      }
      for (Write write : FieldWrites.of(field, state)) {
        MethodInvocationTree put = write.call();
        MethodSymbol symbol = put == null ? null : ASTHelpers.getSymbol(put);
        if (symbol != null && write.body() != loopBody && !put.getArguments().isEmpty()
            && PUTS.contains(symbol.getSimpleName().toString())
            && sentinel.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(put.getArguments().get(0))))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the loop around a wait on a queue field ({@code queue.take()}, at {@code waitPath})
   * tests a volatile or atomic flag that a method sets to its stopping value and then wakes the
   * wait by putting into the same queue: {@code while (running) { .. queue.take() .. }} with {@code
   * stop() { running = false; queue.offer(STOP); }} (Hazelcast's text-command response thread).
   */
  static boolean wokenByStop(TreePath waitPath, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver((MethodInvocationTree) waitPath.getLeaf());
    Symbol queue = receiver == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    List<TreePath> loops = LoopInterrupts.enclosingLoops(waitPath);
    if (!(queue instanceof VarSymbol field) || field.getKind() != ElementKind.FIELD || loops.isEmpty()) {
      return false;
    }
    Flag flag = FlagLoops.flagOf(loops.get(0).getLeaf(), state);
    if (flag == null || flag.isPlain()) {
      return false;
    }
    Tree loopBody = FlagLoops.enclosingBody(loops.get(0));
    Set<MethodTree> stoppers = new HashSet<>();
    for (Write write : FieldWrites.of(flag.field(), state)) {
      if (write.method() != null && write.body() != loopBody && !write.inConstruction()
          && Boolean.valueOf(flag.stopValue()).equals(write.value())) {
        stoppers.add(write.method());
      }
    }
    for (Write write : FieldWrites.of(field, state)) {
      MethodInvocationTree put = write.call();
      if (put != null && stoppers.contains(write.method())
          && PUTS.contains(ASTHelpers.getSymbol(put).getSimpleName().toString())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code guard} reads the value a wait of the try returns, directly or through a local. */
  private static boolean readsWaitResult(
      Tree guard, List<Tree> waits, @Nullable Tree loopBody, VisitorState state) {
    Set<Tree> inGuard = new HashSet<>(LocalTrees.find(guard, Tree.class));
    for (Tree wait : waits) {
      if (inGuard.contains(wait)) {
        return true;
      }
    }
    if (loopBody == null) {
      return false;
    }
    for (Tree read : LocalTrees.find(guard, IdentifierTree.class)) {
      Symbol local = ASTHelpers.getSymbol(read);
      if (local == null || local.getKind() != ElementKind.LOCAL_VARIABLE) {
        continue;
      }
      for (ExpressionTree value : ValueIndex.values(local, loopBody, state)) {
        Set<Tree> inValue = new HashSet<>(LocalTrees.find(value, Tree.class));
        for (Tree wait : waits) {
          if (inValue.contains(wait)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The fields and variables a guard reads: directly, through a small no-argument getter of this
   * code ({@code isRunning()}), as the receiver of a call ({@code counts.getHi()}), or through a
   * local assigned from such reads.
   */
  private static Set<Symbol> stateRead(Tree guard, @Nullable Tree loopBody, VisitorState state) {
    Set<Symbol> read = new HashSet<>();
    addReads(guard, read, state, 1);
    if (loopBody != null) {
      for (Symbol symbol : Set.copyOf(read)) {
        if (symbol.getKind() == ElementKind.LOCAL_VARIABLE) {
          for (ExpressionTree value : ValueIndex.values(symbol, loopBody, state)) {
            addReads(value, read, state, 1);
          }
        }
      }
    }
    return read;
  }

  private static void addReads(Tree tree, Set<Symbol> into, VisitorState state, int depth) {
    for (Tree node : LocalTrees.find(tree, Tree.class,
        t -> t instanceof IdentifierTree || t instanceof MemberSelectTree
            || t instanceof MethodInvocationTree)) {
      if (node instanceof MethodInvocationTree call) {
        MethodTree method = !call.getArguments().isEmpty() ? null
            : SourceLookup.method(ASTHelpers.getSymbol(call), state);
        if (depth > 0 && method != null && isSmallGetter(method)) {
          addReads(method.getBody(), into, state, depth - 1);
        }
        continue;
      }
      Symbol symbol = ASTHelpers.getSymbol(node);
      if (symbol instanceof VarSymbol) {
        into.add(symbol);
      }
    }
  }

  /**
   * Whether a no-argument method of this code is a getter to read through: a few statements, no
   * loop or lambda ({@code return running;}, {@code synchronized (lock) { result = state == RUNNING;
   * } return result;}). The fields it reads are the state the caller's condition tests.
   */
  private static boolean isSmallGetter(MethodTree method) {
    return method.getBody() != null && method.getBody().getStatements().size() <= 4
        && LocalTrees.find(method.getBody(), Tree.class,
            t -> LoopExits.isLoop(t) || t instanceof LambdaExpressionTree).isEmpty();
  }

  /** Whether {@code type} is (or extends) a class of {@code java.util.concurrent.atomic}. */
  static boolean isAtomic(@Nullable Type type) {
    try {
      for (Type t = type; t != null && t.tsym instanceof ClassSymbol c; t = c.getSuperclass()) {
        if (c.packge().getQualifiedName().contentEquals(ATOMIC_PACKAGE)) {
          return true;
        }
      }
    } catch (Symbol.CompletionFailure e) {
      return false; // a superclass missing from the classpath
    }
    return false;
  }

  /** Whether a call changes the atomic it is called on ({@code set}, {@code getAndSetHi}, not {@code get}). */
  private static boolean isMutator(MethodInvocationTree call) {
    String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
    if (name.startsWith("getAnd")) {
      return true;
    }
    return !name.startsWith("get") && !name.startsWith("is") && !name.endsWith("Value")
        && !Set.of("toString", "hashCode", "equals", "sum", "intValue", "longValue").contains(name);
  }

}
