package dev.leakproof.checker.latches;

import static com.google.errorprone.matchers.method.MethodMatchers.constructor;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.threads.ThreadBodies;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers "how is this {@code CountDownLatch} used?": which calls are countDowns and awaits of the
 * same latch, and, for a local latch, every countDown with how many times it runs (exactly, a
 * range, or unknown), whether it is awaited (with or without a timeout), and whether it escapes to
 * code we cannot see.
 *
 * <p>A countDown inside a lambda or anonymous {@code run()}/{@code call()} runs once when that
 * task is handed to {@code execute}, {@code submit}, {@code schedule}, {@code new Thread(..)},
 * {@code CompletableFuture.runAsync/supplyAsync}, {@code whenComplete} or {@code handle}; handed
 * to anything else, the latch escapes. A countDown in a {@code for} loop with constant bounds runs
 * once per iteration; in any other loop its count is unknown.
 */
public final class LatchUsage {
  private static final String LATCH = "java.util.concurrent.CountDownLatch";

  public static final Matcher<ExpressionTree> COUNT_DOWN =
      instanceMethod().onDescendantOf(LATCH).named("countDown");
  public static final Matcher<ExpressionTree> AWAIT =
      instanceMethod().onDescendantOf(LATCH).named("await");
  public static final Matcher<ExpressionTree> NEW_LATCH = constructor().forClass(LATCH);
  public static final Matcher<ExpressionTree> GET_COUNT =
      instanceMethod().onDescendantOf(LATCH).named("getCount");

  private LatchUsage() {}

  /**
   * What identifies the latch a countDown/await is called on: the variable's symbol, the
   * receiver's source text for other expressions, or {@code "this"}.
   */
  public static Object latchKey(MethodInvocationTree call, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    return receiver == null ? "this" : keyOf(receiver, state);
  }

  /** The latch key of the expression {@code latch} (see {@link #latchKey}). */
  public static Object keyOf(ExpressionTree latch, VisitorState state) {
    if (latch instanceof IdentifierTree || latch instanceof MemberSelectTree) {
      Symbol sym = ASTHelpers.getSymbol(latch);
      if (sym instanceof Symbol.VarSymbol) {
        return sym;
      }
    }
    return state.getSourceForNode(latch);
  }

  /** True if {@code tree} calls countDown on the latch (outside nested lambdas and classes). */
  public static boolean countsDown(Tree tree, Object latch, VisitorState state) {
    return LocalTrees.contains(
        tree,
        MethodInvocationTree.class,
        call -> COUNT_DOWN.matches(call, state) && Objects.equals(latchKey(call, state), latch));
  }

  /** A countDown of a local latch, run between {@code min} and {@code max} times (-1: unknown). */
  public record CountDown(Tree tree, long min, long max, boolean inCountedLoop) {
    public boolean known() {
      return max >= 0;
    }
  }

  /** Everything a method does with one local latch. */
  public record LocalLatch(
      ImmutableList<CountDown> countDowns,
      boolean awaited,
      boolean awaitedWithoutTimeout,
      boolean escapes) {}

  /**
   * The uses of the local latch declared by {@code declaration}, searched in the block that
   * declares it, or null when the declaration is not a statement of a block. Whether the latch
   * escapes is {@link Uses#firstEscape}'s answer under {@link LatchPolicy}. Each block is scanned
   * once (in the {@link UnitCache}) for the calls on all the variables in it.
   */
  public static LocalLatch localUses(TreePath declaration, VisitorState state) {
    if (!(declaration.getLeaf() instanceof VariableTree variable)) {
      return null;
    }
    TreePath scope = declaration.getParentPath();
    if (scope == null || !(scope.getLeaf() instanceof BlockTree)) {
      return null;
    }
    Symbol latch = ASTHelpers.getSymbol(variable);
    boolean escapes =
        Uses.firstEscape(
                latch, scope.getLeaf(), UnitFacts.of(state).uses(latch), LatchPolicy.INSTANCE, state)
            .isPresent();
    List<CountDown> countDowns = new ArrayList<>();
    boolean awaited = false;
    boolean untimed = false;
    for (TreePath at : callsOn(scope, state).getOrDefault(latch, List.of())) {
      if (at.getLeaf() instanceof MethodInvocationTree call) {
        ExpressionTree receiver = ASTHelpers.getReceiver(call);
        if (receiver != null && Uses.refersTo(receiver, latch)) {
          if (COUNT_DOWN.matches(call, state)) {
            countDowns.add(multiplicity(call, at, scope, state));
          } else if (AWAIT.matches(call, state)) {
            awaited = true;
            untimed |= call.getArguments().isEmpty();
          }
        } else if (LatchPolicy.AWAIT_UNINTERRUPTIBLY.matches(call, state)
            && !call.getArguments().isEmpty()
            && Uses.refersTo(call.getArguments().get(0), latch)) {
          awaited = true;
          untimed |= call.getArguments().size() == 1;
        }
      } else if (at.getLeaf() instanceof MemberReferenceTree ref
          && ref.getName().contentEquals("countDown")
          && Uses.refersTo(ref.getQualifierExpression(), latch)) {
        // Runs once per run of the task runner it is handed to; anywhere else: unknown.
        TreePath userPath = at.getParentPath();
        long runs =
            userPath.getLeaf() instanceof ExpressionTree user ? taskRuns(user, ref, state) : -1;
        CountDown countDown =
            runs < 0
                ? new CountDown(ref, -1, -1, false)
                : multiplicity(ref, userPath, scope, state);
        countDowns.add(
            runs == 0 && countDown.known()
                ? new CountDown(ref, 0, countDown.max(), countDown.inCountedLoop())
                : countDown);
      }
    }
    return new LocalLatch(ImmutableList.copyOf(countDowns), awaited, untimed, escapes);
  }

  /**
   * What one scan of a block finds for every variable, in source order: the calls whose receiver
   * or first argument names it and the {@code ::countDown} references whose qualifier does; nested
   * lambdas and classes included.
   */
  private static Map<Symbol, List<TreePath>> callsOn(TreePath scope, VisitorState state) {
    return UnitCache.get(state, "LatchUsage.callsOn", scope.getLeaf(), () -> {
      Map<Symbol, List<TreePath>> candidates = new HashMap<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void v) {
          ExpressionTree receiver = ASTHelpers.getReceiver(call);
          Symbol onReceiver = receiver == null ? null : named(receiver);
          if (onReceiver != null) {
            candidates.computeIfAbsent(onReceiver, k -> new ArrayList<>()).add(getCurrentPath());
          }
          Symbol onArgument = call.getArguments().isEmpty() ? null : named(call.getArguments().get(0));
          if (onArgument != null && onArgument != onReceiver) {
            candidates.computeIfAbsent(onArgument, k -> new ArrayList<>()).add(getCurrentPath());
          }
          return super.visitMethodInvocation(call, v);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree ref, Void v) {
          Symbol qualifier = ref.getName().contentEquals("countDown")
              ? named(ref.getQualifierExpression()) : null;
          if (qualifier != null) {
            candidates.computeIfAbsent(qualifier, k -> new ArrayList<>()).add(getCurrentPath());
          }
          return super.visitMemberReference(ref, v);
        }
      }.scan(scope, null);
      return candidates;
    });
  }

  /** The variable {@link Uses#refersTo} would match {@code tree} against, or null. */
  private static Symbol named(Tree tree) {
    Tree stripped = Uses.strip(tree);
    return stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree
        ? ASTHelpers.getSymbol(stripped)
        : null;
  }

  /** How many times the code at {@code path} runs each time {@code scope} runs. */
  private static CountDown multiplicity(
      Tree site, TreePath path, TreePath scope, VisitorState state) {
    long min = 1;
    long max = 1;
    boolean counted = false;
    Tree child = path.getLeaf();
    for (TreePath up = path.getParentPath(); up != null; up = up.getParentPath()) {
      Tree parent = up.getLeaf();
      if (parent instanceof LambdaExpressionTree) {
        Tree user = up.getParentPath().getLeaf();
        long runs = user instanceof ExpressionTree call ? taskRuns(call, parent, state) : -1;
        if (runs < 0) {
          return new CountDown(site, -1, -1, false);
        }
        min *= runs;
      } else if (parent instanceof MethodTree method) {
        // The task method of an anonymous class handed to a task runner, or run() of an
        // anonymous Thread.
        TreePath classPath = up.getParentPath();
        TreePath newPath = classPath == null ? null : classPath.getParentPath();
        if (newPath == null
            || !(classPath.getLeaf() instanceof ClassTree body)
            || !(newPath.getLeaf() instanceof NewClassTree creation)) {
          return new CountDown(site, -1, -1, false);
        }
        Tree user = newPath.getParentPath().getLeaf();
        long runs =
            user instanceof ExpressionTree call && isTaskMethod(method, body)
                ? taskRuns(call, creation, state)
                : -1;
        if (runs < 0
            && method == ThreadBodies.runMethod(body, state)
            && TypeNames.isSubtype(ASTHelpers.getType(creation), state, "java.lang.Thread")) {
          runs = 1;
        }
        if (runs < 0) {
          return new CountDown(site, -1, -1, false);
        }
        min *= runs;
        up = newPath;
        parent = creation;
      } else if (parent instanceof ClassTree) {
        return new CountDown(site, -1, -1, false);
      } else if (parent instanceof ForLoopTree loop) {
        if (child != loop.getStatement()) {
          return new CountDown(site, -1, -1, false);
        }
        long trips = ConstantLoops.tripCount(loop);
        if (trips < 0) {
          return new CountDown(site, -1, -1, false);
        }
        if (trips > 0 && max > ConstantLoops.LIMIT * ConstantLoops.LIMIT / trips) {
          return new CountDown(site, -1, -1, false); // nested huge loops: not worth counting
        }
        if (UnitCache.<Boolean>get(state, "LatchUsage.leavesEarly", loop.getStatement(),
            () -> leavesEarly(loop.getStatement()))) {
          min = 0;
        }
        min *= trips;
        max *= trips;
        counted |= trips > 1;
      } else if (parent instanceof com.sun.source.tree.WhileLoopTree
          || parent instanceof com.sun.source.tree.DoWhileLoopTree
          || parent instanceof com.sun.source.tree.EnhancedForLoopTree) {
        return new CountDown(site, -1, -1, false);
      } else if (parent instanceof IfTree ifTree) {
        if (child != ifTree.getCondition()) {
          min = 0;
        }
      } else if (parent instanceof ConditionalExpressionTree cond) {
        if (child != cond.getCondition()) {
          min = 0;
        }
      } else if (parent instanceof BinaryTree binary) {
        if (child == binary.getRightOperand()
            && (parent.getKind() == Tree.Kind.CONDITIONAL_AND
                || parent.getKind() == Tree.Kind.CONDITIONAL_OR)) {
          min = 0;
        }
      } else if (parent instanceof CatchTree || parent instanceof CaseTree) {
        min = 0;
      } else if (parent instanceof BlockTree block) {
        if (leavesEarlyBefore(block, child, state)) {
          min = 0;
        }
      }
      if (parent == scope.getLeaf()) {
        return new CountDown(site, min, max, counted);
      }
      child = parent;
    }
    return new CountDown(site, -1, -1, false);
  }

  /**
   * How many times at least {@code call} runs {@code task}, one of its arguments, when it runs it
   * at most once: 1 (execute, submit, new Thread, whenComplete..), 0 (thenRun, exceptionally..);
   * -1 when it may run it any number of times or keep it.
   */
  private static long taskRuns(ExpressionTree call, Tree task, VisitorState state) {
    List<? extends ExpressionTree> args;
    if (call instanceof MethodInvocationTree invocation) {
      args = invocation.getArguments();
    } else if (call instanceof NewClassTree creation) {
      args = creation.getArguments();
    } else {
      return -1;
    }
    if (!args.contains(task)) {
      return -1;
    }
    if (LatchPolicy.RUNS_ONCE.matches(call, state)) {
      return 1;
    }
    return LatchPolicy.RUNS_AT_MOST_ONCE.matches(call, state) ? 0 : -1;
  }

  /**
   * True if {@code method} is the method a task runner calls on the anonymous class {@code body}:
   * {@code run()}, {@code call()}, or the class's only method (a listener's {@code accept}).
   */
  private static boolean isTaskMethod(MethodTree method, ClassTree body) {
    if (method.getParameters().isEmpty()
        && (method.getName().contentEquals("run") || method.getName().contentEquals("call"))) {
      return true;
    }
    long methods =
        body.getMembers().stream()
            .filter(m -> m instanceof MethodTree other && !other.getName().contentEquals("<init>"))
            .count();
    return methods == 1;
  }

  /**
   * Where the statements of a block stand, and the position of the first that can leave early
   * ({@link Integer#MAX_VALUE} when none can).
   */
  private record BlockExits(Map<Tree, Integer> positions, int firstLeaving) {}

  /** True if a statement of {@code block} before {@code child} can leave early. */
  private static boolean leavesEarlyBefore(BlockTree block, Tree child, VisitorState state) {
    BlockExits exits = UnitCache.get(state, "LatchUsage.blockExits", block, () -> {
      Map<Tree, Integer> positions = new IdentityHashMap<>();
      int first = Integer.MAX_VALUE;
      int i = 0;
      for (StatementTree s : block.getStatements()) {
        positions.putIfAbsent(s, i);
        if (first == Integer.MAX_VALUE && leavesEarly(s)) {
          first = i;
        }
        i++;
      }
      return new BlockExits(positions, first);
    });
    return exits.firstLeaving() < exits.positions().getOrDefault(child, Integer.MAX_VALUE);
  }

  /** True if {@code tree} has a return, throw, break or continue (outside nested lambdas/classes). */
  private static boolean leavesEarly(Tree tree) {
    return LocalTrees.contains(
        tree,
        StatementTree.class,
        s ->
            s instanceof ReturnTree
                || s instanceof ThrowTree
                || s instanceof BreakTree
                || s instanceof ContinueTree);
  }
}
