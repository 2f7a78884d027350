package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code catch} does with the {@link InterruptedException} it receives (see {@link
 * InterruptSources} for which catch that is): rethrows or hands it on, restores the interrupt status
 * and leaves, restores it and goes on, or swallows it.
 */
public final class InterruptHandling {
  private static final Set<String> LOGGING_NAMES =
      Set.of("log", "trace", "debug", "info", "warn", "warning", "error", "fatal", "severe", "fine",
          "finer", "finest", "config", "logp", "print", "println", "printf", "format", "append",
          "valueOf", "toString", "getMessage", "formatted");

  /** Calls that write an atomic ({@code done.set(true)}), as a catch may to end its loop. */
  private static final Set<String> ATOMIC_WRITES =
      Set.of("set", "lazySet", "getAndSet", "compareAndSet", "weakCompareAndSet",
          "weakCompareAndSetPlain", "weakCompareAndSetVolatile", "compareAndExchange", "setPlain",
          "setOpaque", "setRelease");

  /** What a catch does with the InterruptedException it receives. */
  public enum Handling {
    /** Throws something: the interrupt is reported to the caller. */
    RETHROWS,
    /** Calls {@code Thread.currentThread().interrupt()} and leaves the loop (or method). */
    RESTORES_AND_LEAVES,
    /** Calls {@code Thread.currentThread().interrupt()} and goes on with the loop. */
    RESTORES_AND_CONTINUES,
    /** Records the interrupt in a local flag and restores it later (Guava's uninterruptible idiom). */
    RESTORES_LATER,
    /** Leaves the loop (or method) without restoring the interrupt status. */
    LEAVES_WITHOUT_RESTORING,
    /** Neither rethrows, nor restores, nor leaves. */
    SWALLOWS;

    /** Whether nothing tells the caller about the interrupt (the definition of "swallowed"). */
    public boolean loses() {
      return this == LEAVES_WITHOUT_RESTORING || this == SWALLOWS;
    }
  }

  private InterruptHandling() {}

  /**
   * What {@code catchTree} does with an InterruptedException, relative to {@code loop} (a loop that
   * encloses the catch on {@code catchPath}, or null to ask about leaving the method).
   */
  public static Handling classify(TreePath catchPath, @Nullable Tree loop, VisitorState state) {
    CatchTree catchTree = (CatchTree) catchPath.getLeaf();
    BlockTree block = catchTree.getBlock();
    if (LocalTrees.contains(block, ThrowTree.class) || callsExit(block)
        || loop == null && handsOn(catchTree) || handsToThrowingHandler(catchTree, state)) {
      return Handling.RETHROWS;
    }
    boolean restores = restoresInterrupt(block, state, 2);
    boolean leaves = leaves(catchPath, loop);
    if (restores) {
      return leaves ? Handling.RESTORES_AND_LEAVES : Handling.RESTORES_AND_CONTINUES;
    }
    if (leaves) {
      return Handling.LEAVES_WITHOUT_RESTORING;
    }
    if (restoresLater(catchPath, state)) {
      return Handling.RESTORES_LATER;
    }
    return Handling.SWALLOWS;
  }

  /**
   * Whether {@code tree} calls {@code Thread.currentThread().interrupt()}, directly or in a method
   * of this compilation unit it calls (followed {@code depth} levels deep).
   */
  public static boolean restoresInterrupt(Tree tree, VisitorState state, int depth) {
    for (MethodInvocationTree call : LocalTrees.find(tree, MethodInvocationTree.class)) {
      if (isRestore(call, state)) {
        return true;
      }
      if (depth > 0) {
        MethodTree callee = SourceLookup.method(ASTHelpers.getSymbol(call), state);
        if (callee != null && callee.getBody() != null
            && restoresInterrupt(callee.getBody(), state, depth - 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code call} is {@code Thread.currentThread().interrupt()}. */
  public static boolean isRestore(MethodInvocationTree call, VisitorState state) {
    if (!ThreadCalls.INTERRUPT.matches(call, state)) {
      return false;
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (receiver instanceof MethodInvocationTree inner) {
      return ThreadCalls.CURRENT_THREAD.matches(inner, state);
    }
    if (receiver == null
        || receiver instanceof IdentifierTree self && self.getName().contentEquals("this")) {
      return inOwnRun(call, state);
    }
    // A local saved from Thread.currentThread() earlier. Not another thread (a parameter, a
    // field): interrupting the thread being joined leaves this thread's status cleared (Storm's
    // ShellUtils.joinThread, fourth recall round), and "restores, then spins" would be false.
    Symbol variable = receiver instanceof IdentifierTree ? ASTHelpers.getSymbol(receiver) : null;
    return variable != null && variable.getKind() == ElementKind.LOCAL_VARIABLE
        && UnitFacts.of(state).declaration(variable) instanceof VariableTree local
        && local.getInitializer() instanceof MethodInvocationTree init
        && ThreadCalls.CURRENT_THREAD.matches(init, state);
  }

  /**
   * Whether {@code call} is written directly in the {@code run()} of a {@code Thread} subclass:
   * there {@code interrupt()} and {@code this.interrupt()} name the thread running the code, the
   * current one (Helix's event threads: {@code catch (InterruptedException e) { interrupt(); }}
   * under {@code while (!isInterrupted())}). Not in a lambda or another class inside it.
   */
  private static boolean inOwnRun(MethodInvocationTree call, VisitorState state) {
    TreePath path = UnitPaths.of(call, state);
    TreePath unit = path == null ? null : Flow.unitOf(path);
    if (unit == null || !(unit.getLeaf() instanceof MethodTree method)
        || !method.getName().contentEquals("run") || !method.getParameters().isEmpty()) {
      return false;
    }
    // The innermost class around the call is a Thread: an unqualified interrupt() is its own.
    Symbol owner = ASTHelpers.getSymbol(method).owner;
    return owner != null && TypeNames.isSubtype(owner.type, state, ThreadCalls.THREAD);
  }


  /**
   * Whether the catch hands the exception on instead of dropping it: stores it ({@code failure =
   * e}), returns it ({@code return new Failure(e)}), or passes it to code other than a logger
   * ({@code subscriber.onError(e)}, {@code future.setException(e)}).
   */
  private static boolean handsOn(CatchTree catchTree) {
    Symbol parameter = ASTHelpers.getSymbol(catchTree.getParameter());
    List<Tree> carriers = new ArrayList<>();
    for (AssignmentTree assignment : LocalTrees.find(catchTree.getBlock(), AssignmentTree.class)) {
      carriers.add(assignment.getExpression());
    }
    for (ReturnTree ret : LocalTrees.find(catchTree.getBlock(), ReturnTree.class)) {
      if (ret.getExpression() != null) {
        carriers.add(ret.getExpression());
      }
    }
    for (MethodInvocationTree call : LocalTrees.find(catchTree.getBlock(), MethodInvocationTree.class)) {
      if (!isLogging(call)) {
        carriers.addAll(call.getArguments());
      }
    }
    for (NewClassTree created : LocalTrees.find(catchTree.getBlock(), NewClassTree.class)) {
      carriers.addAll(created.getArguments());
    }
    for (Tree carrier : carriers) {
      if (LocalTrees.contains(
          carrier, IdentifierTree.class, id -> parameter.equals(ASTHelpers.getSymbol(id)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the catch passes the exception to a method of this code that takes an {@code
   * InterruptedException} and throws (snmp4j's {@code handleInterruptedExceptionOnExecute(e,
   * task)}, which rethrows when so configured): that method is the code's interruption policy,
   * written down in one place. A general handler ({@code handleThrowable(Throwable t)}, which
   * rethrows only fatal errors) is not one.
   */
  private static boolean handsToThrowingHandler(CatchTree catchTree, VisitorState state) {
    Symbol parameter = ASTHelpers.getSymbol(catchTree.getParameter());
    for (MethodInvocationTree call : LocalTrees.find(catchTree.getBlock(), MethodInvocationTree.class)) {
      MethodSymbol method = ASTHelpers.getSymbol(call);
      int index = -1;
      for (int i = 0; i < call.getArguments().size(); i++) {
        if (parameter.equals(ASTHelpers.getSymbol(call.getArguments().get(i)))) {
          index = i;
        }
      }
      if (index < 0 || index >= method.getParameters().size()
          || !TypeNames.isSame(method.getParameters().get(index).type,
              "java.lang.InterruptedException", state)) {
        continue;
      }
      MethodTree handler = SourceLookup.method(method, state);
      if (handler != null && handler.getBody() != null
          && LocalTrees.contains(handler.getBody(), ThrowTree.class)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code call} only logs or prints: a logger's or a print stream's method. */
  static boolean isLogging(MethodInvocationTree call) {
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    String owner = symbol.owner.getSimpleName().toString().toLowerCase(java.util.Locale.ROOT);
    return LOGGING_NAMES.contains(symbol.getSimpleName().toString())
        || owner.contains("log") || owner.contains("print");
  }

  /**
   * Whether a call ends the process: {@code System.exit}, {@code Runtime.halt}, or a method named
   * for that ({@code requestSystemExit}, {@code exitProcess}).
   */
  static boolean endsProcess(MethodSymbol symbol) {
    String name = symbol.getSimpleName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.equals("halt") || name.contains("exit") && !name.contains("exited")
        && !name.startsWith("is") && !name.startsWith("on");
  }

  /** Whether {@code tree} calls a method that ends the process ({@link #endsProcess}). */
  static boolean callsExit(Tree tree) {
    return LocalTrees.contains(
        tree, MethodInvocationTree.class, call -> endsProcess(ASTHelpers.getSymbol(call)));
  }

  /**
   * Whether the catch leaves {@code loop}: a {@code return}, a {@code break} to the loop or beyond,
   * or an assignment to a variable the loop condition reads ({@code running = false}).
   */
  private static boolean leaves(TreePath catchPath, @Nullable Tree loop) {
    CatchTree catchTree = (CatchTree) catchPath.getLeaf();
    if (LocalTrees.contains(catchTree.getBlock(), ReturnTree.class)) {
      return true;
    }
    Set<Tree> outside = new HashSet<>();
    boolean above = loop == null;
    for (TreePath p = catchPath.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() == loop) {
        above = true;
      }
      if (above) {
        outside.add(p.getLeaf());
      }
    }
    for (BreakTree brk : LocalTrees.find(catchTree.getBlock(), BreakTree.class)) {
      Tree target = LocalTrees.jumpTarget(brk);
      if (target != null && (outside.contains(target) || loop == null && !isInside(target, catchTree))) {
        return true;
      }
    }
    if (loop != null && jumpsAfterTry(catchPath, loop, outside)) {
      return true;
    }
    if (loop != null) {
      Set<Symbol> conditionVars = LoopExits.conditionVariables(loop);
      conditionVars.addAll(exitGuards(loop));
      for (AssignmentTree assignment : LocalTrees.find(catchTree.getBlock(), AssignmentTree.class)) {
        Symbol assigned = ASTHelpers.getSymbol(assignment.getVariable());
        if (assigned != null && conditionVars.contains(assigned)) {
          return true;
        }
      }
      for (MethodInvocationTree call :
          LocalTrees.find(catchTree.getBlock(), MethodInvocationTree.class)) {
        ExpressionTree receiver = ASTHelpers.getReceiver(call);
        if (receiver != null && isAtomicWrite(call)
            && conditionVars.contains(ASTHelpers.getSymbol(receiver))) {
          return true; // while (!done.get()) { .. } catch (InterruptedException e) { done.set(true); }
        }
      }
    }
    return false;
  }

  /** Whether {@code call} writes an atomic ({@code done.set(true)}, {@code compareAndSet(..)}). */
  private static boolean isAtomicWrite(MethodInvocationTree call) {
    MethodSymbol method = ASTHelpers.getSymbol(call);
    return method != null
        && ATOMIC_WRITES.contains(method.getSimpleName().toString())
        && StopSignals.isAtomic(method.owner.type);
  }

  /**
   * The variables read by the condition of an {@code if} in the loop whose then-branch leaves it
   * ({@code if (stop) break;}): setting one in the catch ends the loop.
   */
  private static Set<Symbol> exitGuards(Tree loop) {
    Set<Tree> inLoop = new HashSet<>(LocalTrees.find(loop, Tree.class));
    Set<Symbol> guards = new HashSet<>();
    for (IfTree ifTree : LocalTrees.find(LoopExits.body(loop), IfTree.class)) {
      if (LoopBounds.leavesLoop(ifTree.getThenStatement(), loop, inLoop)) {
        guards.addAll(LoopExits.variablesRead(ifTree.getCondition()));
      }
    }
    return guards;
  }

  /**
   * Whether, after the try statement, the loop body always leaves: a {@code return}, {@code throw}
   * or {@code break} out of the loop follows it unconditionally in an enclosing block ({@code try {
   * task = queue.take(); } catch (InterruptedException e) {} return task;}).
   */
  private static boolean jumpsAfterTry(TreePath catchPath, Tree loop, Set<Tree> outside) {
    Tree child = catchPath.getParentPath().getLeaf();
    for (TreePath p = catchPath.getParentPath().getParentPath(); p != null && p.getLeaf() != loop;
        p = p.getParentPath()) {
      if (p.getLeaf() instanceof BlockTree block) {
        int index = block.getStatements().indexOf(child);
        for (int i = index + 1; index >= 0 && i < block.getStatements().size(); i++) {
          StatementTree next = block.getStatements().get(i);
          if (next instanceof ReturnTree || next instanceof ThrowTree) {
            return true;
          }
          if (next instanceof BreakTree brk && outside.contains(LocalTrees.jumpTarget(brk))) {
            return true;
          }
        }
      } else if (!(p.getLeaf() instanceof StatementTree) || LoopExits.isLoop(p.getLeaf())
          || p.getLeaf() instanceof com.sun.source.tree.CaseTree) {
        return false; // a nested loop or a switch may run the try again
      }
      child = p.getLeaf();
    }
    return false;
  }

  private static boolean isInside(Tree target, Tree container) {
    return LocalTrees.contains(container, Tree.class, t -> t == target);
  }

  /**
   * Guava's uninterruptible idiom: the catch sets a local boolean ({@code interrupted = true}) and
   * the method restores the interrupt later ({@code if (interrupted) currentThread().interrupt()}).
   */
  private static boolean restoresLater(TreePath catchPath, VisitorState state) {
    CatchTree catchTree = (CatchTree) catchPath.getLeaf();
    boolean setsLocalFlag = false;
    for (StatementTree statement : catchTree.getBlock().getStatements()) {
      for (AssignmentTree assignment : LocalTrees.find(statement, AssignmentTree.class)) {
        Symbol assigned = ASTHelpers.getSymbol(assignment.getVariable());
        if (assigned instanceof VarSymbol
            && assigned.getKind() == ElementKind.LOCAL_VARIABLE
            && Boolean.TRUE.equals(ASTHelpers.constValue(assignment.getExpression(), Boolean.class))) {
          setsLocalFlag = true;
        }
      }
    }
    if (!setsLocalFlag) {
      return false;
    }
    Tree body = Flow.enclosingBody(catchPath);
    return body != null && restoresInterrupt(body, state, 2);
  }

}
