package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.CompilationCache;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which code runs on a thread that the code being compiled owns (Java Concurrency in Practice
 * 7.1.3: only the owner of a thread may decide what an interrupt means for it). A thread is owned
 * when this compilation unit starts it, creates it around a Runnable ({@code new Thread(r)}, {@code
 * factory.newThread(r)}), or is its implementation (a {@code Thread} subclass's {@code run()}), or
 * when the task runs on an executor the unit creates itself. The code such a thread runs is its
 * body and the methods of the code being compiled that the body calls, a few calls deep.
 */
final class OwnedThreads {
  /** How many calls deep the code a thread runs is followed. */
  static final int CALL_DEPTH = 3;
  /** At most this many methods are followed from one body, so that a huge call graph stays cheap. */
  private static final int MAX_REACHED = 64;

  private OwnedThreads() {}

  /**
   * The bodies of owned threads (lambdas or methods) whose code reaches {@code body} (a method or
   * lambda of the unit being checked); empty when no owned thread is seen to run it.
   */
  static Set<Tree> entriesReaching(Tree body, VisitorState state) {
    Map<Tree, Set<Tree>> index =
        UnitCache.get(state, "OwnedThreads.index", null, () -> index(state));
    return index.getOrDefault(body, Set.of());
  }

  /**
   * Each owned body with the thread bodies it runs on: the entries themselves, then private methods
   * whose every call (or method reference) in this unit is made from owned code, {@link
   * #CALL_DEPTH} calls deep. A method that other code may also call (not private) runs on its
   * callers' threads too, so its ownership cannot be seen.
   */
  private static Map<Tree, Set<Tree>> index(VisitorState state) {
    UnitScan unit = new UnitScan(state);
    unit.scan(state.getPath().getCompilationUnit(), null);
    Map<Tree, Set<Tree>> owned = new HashMap<>();
    for (Tree entry : unit.entries) {
      owned.computeIfAbsent(entry, k -> new LinkedHashSet<>()).add(entry);
    }
    for (int round = 0; round < CALL_DEPTH; round++) {
      boolean changed = false;
      for (Map.Entry<Symbol, MethodTree> method : unit.privateMethods.entrySet()) {
        List<Tree> callers = unit.sites.getOrDefault(method.getKey(), List.of());
        if (owned.containsKey(method.getValue()) || callers.isEmpty()
            || !callers.stream().allMatch(owned::containsKey)) {
          continue;
        }
        Set<Tree> runners = new LinkedHashSet<>();
        callers.forEach(caller -> runners.addAll(owned.get(caller)));
        owned.put(method.getValue(), runners);
        changed = true;
      }
      if (!changed) {
        break;
      }
    }
    return owned;
  }

  /**
   * One scan of the unit for {@link #index}: the thread bodies it owns (see the class comment),
   * its private methods, and the code (method, lambda or initializer) each call is made from.
   */
  private static final class UnitScan extends TreePathScanner<Void, Void> {
    private final VisitorState state;
    final Set<Tree> entries = new LinkedHashSet<>();
    final Map<Symbol, MethodTree> privateMethods = new HashMap<>();
    final Map<Symbol, List<Tree>> sites = new HashMap<>();
    /** Per Runnable class: whether it creates a thread around itself (one scan per class). */
    private final Map<ClassSymbol, Boolean> threadsItself = new HashMap<>();

    UnitScan(VisitorState state) {
      this.state = state;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      ClassSymbol symbol = ASTHelpers.getSymbol(node);
      if (TypeNames.isSubtype(symbol.type, state, ThreadCalls.THREAD) || RunnableClasses.threadsItselfAbove(symbol, state)) {
        addIfKnown(entries, ThreadBodies.runMethod(node, state)); // the worker implementation
      }
      return super.visitClass(node, unused);
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
      MethodSymbol symbol = ASTHelpers.getSymbol(node);
      if (node.getBody() != null && (symbol.flags() & Flags.PRIVATE) != 0) {
        privateMethods.put(symbol, node);
      }
      return super.visitMethod(node, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void unused) {
      if (TypeNames.isSubtype(ASTHelpers.getType(node), state, ThreadCalls.THREAD)) {
        addThreadBody(ThreadBodies.threadBody(node, getCurrentPath(), state));
      }
      return super.visitNewClass(node, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      MethodSymbol symbol = ASTHelpers.getSymbol(node);
      site(symbol);
      ThreadBodies.started(getCurrentPath(), state).ifPresent(start -> {
        addThreadBody(start.body());
        addThreadBody(start.declared());
      });
      if (node.getArguments().size() == 1
          && TypeNames.isSubtype(ASTHelpers.getType(node), state, ThreadCalls.THREAD)) {
        addThreadBody(ThreadBodies.threadBody(node, getCurrentPath(), state)); // newThread(r)
      }
      if (!node.getArguments().isEmpty()
          && (symbol.getSimpleName().contentEquals("execute")
              || symbol.getSimpleName().contentEquals("submit"))
          && ExecutorTasks.createdHere(ASTHelpers.getReceiver(node), getCurrentPath(), state)) {
        addIfKnown(entries,
            ThreadBodies.runnableBody(node.getArguments().get(0), getCurrentPath(), state, 3));
      }
      return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Void unused) {
      site(ASTHelpers.getSymbol(node));
      return super.visitMemberReference(node, unused);
    }

    /**
     * Adds the body of a thread this unit creates or starts, unless other code may run it on its
     * own threads ({@link RunnableClasses#othersMayRun}).
     */
    private void addThreadBody(@Nullable Tree body) {
      if (!(body instanceof MethodTree method
          && RunnableClasses.othersMayRun(method, threadsItself, state))) {
        addIfKnown(entries, body);
      }
    }

    private void site(@Nullable Symbol called) {
      if (called != null && (called.flags() & Flags.PRIVATE) != 0) { // only private ones are asked
        TreePath unit = Flow.unitOf(getCurrentPath());
        Tree caller = unit == null ? null : unit.getLeaf();
        sites.computeIfAbsent(called, k -> new ArrayList<>()).add(caller);
      }
    }
  }

  private static void addIfKnown(Set<Tree> entries, @Nullable Tree body) {
    if (body instanceof MethodTree || body instanceof LambdaExpressionTree) {
      entries.add(body);
    }
  }

  /**
   * The code a thread body runs: the body itself, then the methods of the code being compiled that
   * it calls (not in nested lambdas or classes), {@link #CALL_DEPTH} calls deep, each once.
   */
  static List<Tree> reach(Tree entry, VisitorState state) {
    List<Tree> reached = new ArrayList<>();
    Set<Tree> seen = new HashSet<>();
    Deque<Tree> level = new ArrayDeque<>(List.of(entry));
    seen.add(entry);
    for (int depth = 0; depth <= CALL_DEPTH && !level.isEmpty(); depth++) {
      Deque<Tree> next = new ArrayDeque<>();
      for (Tree body : level) {
        reached.add(body);
        if (depth == CALL_DEPTH) {
          continue;
        }
        for (MethodTree callee : code(body, state).callees()) {
          if (seen.size() < MAX_REACHED && seen.add(callee)) {
            next.add(callee);
          }
        }
      }
      level = next;
    }
    return reached;
  }

  /**
   * What a thread body's own code (not its nested lambdas or classes) holds: the methods with a
   * body in the code being compiled that it calls, in order, each once, and its loops, outermost
   * first.
   */
  record Code(List<MethodTree> callees, List<Tree> loops) {}

  /**
   * The {@link Code} of {@code body}: one scan, kept for the compilation, as thread bodies reach
   * the same methods from many starts.
   */
  static Code code(Tree body, VisitorState state) {
    return CompilationCache.get(state, "thread code", body, () -> {
      Set<MethodTree> callees = new LinkedHashSet<>();
      List<Tree> loops = new ArrayList<>();
      for (Tree tree : LocalTrees.find(Flow.body(body), Tree.class,
          t -> t instanceof MethodInvocationTree || LoopExits.isLoop(t))) {
        if (!(tree instanceof MethodInvocationTree call)) {
          loops.add(tree);
          continue;
        }
        MethodTree callee = SourceLookup.method(ASTHelpers.getSymbol(call), state);
        if (callee != null && callee.getBody() != null) {
          callees.add(callee);
        }
      }
      return new Code(List.copyOf(callees), List.copyOf(loops));
    });
  }
}
