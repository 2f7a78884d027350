package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.tree.JCTree;
import dev.leakproof.checker.ownership.UsePolicy;
import dev.leakproof.checker.ownership.Uses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The walk behind {@link ReleasePaths}: an abstract interpretation of statements over the states
 * "nothing yet", "live", "released" (a bit set, since paths join), with the {@code try} frames,
 * jump targets and exception routing needed to know where each way out goes.
 */
public final class ReleaseFlow {
  private static final Matcher<ExpressionTree> EXITS_JVM =
      Matchers.anyOf(
          MethodMatchers.staticMethod().onClass("java.lang.System").named("exit"),
          MethodMatchers.instanceMethod().onExactClass("java.lang.Runtime").namedAnyOf("exit", "halt"));

  public static final int UNBORN = 1;
  public static final int LIVE = 2;
  public static final int RELEASED = 4;

  private ReleaseFlow() {}

  static final class NotUnderstood extends RuntimeException {
    NotUnderstood() {
      super(null, null, false, false);
    }
  }

  /** A {@code try} the walk is inside: where its exceptions go and what runs on the way out. */
  private static final class Frame {
    final List<? extends CatchTree> catches;
    final int[] caught;
    final BlockTree finallyBlock;
    final boolean releasesOnExit;

    Frame(List<? extends CatchTree> catches, BlockTree finallyBlock, boolean releasesOnExit) {
      this.catches = catches;
      this.caught = new int[catches.size()];
      this.finallyBlock = finallyBlock;
      this.releasesOnExit = releasesOnExit;
    }
  }

  static final class Flow {
    private final Symbol variable;
    private final BiPredicate<ExpressionTree, VisitorState> isCreation;
    private final UsePolicy policy;
    private final VisitorState state;
    /** Innermost first. */
    private Deque<Frame> frames = new ArrayDeque<>();
    private final Map<Tree, Integer> targetDepth = new HashMap<>();
    private final Map<Tree, Integer> breaks = new HashMap<>();
    private final Map<Tree, Integer> continues = new HashMap<>();
    private int quiet = 0;
    Tree skip;
    String how;

    Flow(
        Symbol variable,
        BiPredicate<ExpressionTree, VisitorState> isCreation,
        UsePolicy policy,
        VisitorState state) {
      this.variable = variable;
      this.isCreation = isCreation;
      this.policy = policy;
      this.state = state;
    }

    boolean anyRelease(List<? extends StatementTree> statements) {
      boolean[] found = {false};
      TreeScanner<Void, Void> scanner =
          new TreeScanner<>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
              if (Uses.releases(call, variable, policy, state)) {
                found[0] = true;
              }
              return super.visitMethodInvocation(call, null);
            }

            @Override
            public Void visitTry(TryTree tree, Void unused) {
              for (Tree resource : tree.getResources()) {
                if (Uses.refersTo(resource, variable)) {
                  found[0] = true;
                }
              }
              return super.visitTry(tree, null);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
              return null;
            }

            @Override
            public Void visitClass(ClassTree clazz, Void unused) {
              return null;
            }
          };
      for (StatementTree statement : statements) {
        scanner.scan(statement, null);
      }
      return found[0];
    }

    void leak(Tree site, String way) {
      if (quiet == 0 && how == null) {
        skip = site;
        how = way;
      }
    }

    static int release(int s) {
      return (s & LIVE) != 0 ? (s & ~LIVE) | RELEASED : s;
    }

    int execAll(List<? extends StatementTree> statements, int s) {
      for (StatementTree statement : statements) {
        s = exec(statement, s);
      }
      return s;
    }

    int exec(StatementTree tree, int s) {
      if (s == 0 || tree == null) {
        return s;
      }
      if (tree instanceof BlockTree block) {
        return execAll(block.getStatements(), s);
      } else if (tree instanceof VariableTree declaration) {
        return declaration.getInitializer() == null ? s : eval(declaration.getInitializer(), s);
      } else if (tree instanceof ExpressionStatementTree statement) {
        return eval(statement.getExpression(), s);
      } else if (tree instanceof IfTree ifTree) {
        int afterCondition = eval(ifTree.getCondition(), s);
        int whenTrue = exec(ifTree.getThenStatement(), refine(ifTree.getCondition(), afterCondition, true));
        int whenFalse = refine(ifTree.getCondition(), afterCondition, false);
        if (ifTree.getElseStatement() != null) {
          whenFalse = exec(ifTree.getElseStatement(), whenFalse);
        }
        return whenTrue | whenFalse;
      } else if (tree instanceof WhileLoopTree loop) {
        return loop(loop, loop.getCondition(), loop.getStatement(), List.of(), s);
      } else if (tree instanceof ForLoopTree loop) {
        s = execAll(loop.getInitializer(), s);
        return loop(loop, loop.getCondition(), loop.getStatement(), loop.getUpdate(), s);
      } else if (tree instanceof EnhancedForLoopTree loop) {
        s = eval(loop.getExpression(), s);
        return loop(loop, null, loop.getStatement(), List.of(), s);
      } else if (tree instanceof DoWhileLoopTree loop) {
        return doWhile(loop, s);
      } else if (tree instanceof LabeledStatementTree labeled) {
        enter(labeled);
        int out = exec(labeled.getStatement(), s);
        return out | take(breaks, labeled) | take(continues, labeled);
      } else if (tree instanceof SwitchTree switchTree) {
        return switchStatement(switchTree, s);
      } else if (tree instanceof TryTree tryTree) {
        return tryStatement(tryTree, s);
      } else if (tree instanceof ReturnTree returnTree) {
        if (returnTree.getExpression() != null) {
          s = eval(returnTree.getExpression(), s);
        }
        leave(returnTree, s, "return");
        return 0;
      } else if (tree instanceof ThrowTree throwTree) {
        s = eval(throwTree.getExpression(), s);
        raise(ASTHelpers.getType(throwTree.getExpression()), s, throwTree, "throw");
        return 0;
      } else if (tree instanceof BreakTree breakTree) {
        jump(((JCTree.JCBreak) breakTree).target, breaks, breakTree, s, "break");
        return 0;
      } else if (tree instanceof ContinueTree continueTree) {
        jump(((JCTree.JCContinue) continueTree).target, continues, continueTree, s, "continue");
        return 0;
      } else if (tree instanceof SynchronizedTree sync) {
        return exec(sync.getBlock(), eval(sync.getExpression(), s));
      } else if (tree instanceof ClassTree
          || tree.getKind() == Tree.Kind.EMPTY_STATEMENT
          || tree.getKind() == Tree.Kind.ASSERT) {
        return s;
      }
      throw new NotUnderstood();
    }

    private void enter(Tree target) {
      targetDepth.put(target, frames.size());
    }

    private static int take(Map<Tree, Integer> jumps, Tree target) {
      Integer s = jumps.remove(target);
      return s == null ? 0 : s;
    }

    private int loop(
        Tree loop,
        ExpressionTree condition,
        StatementTree body,
        List<? extends ExpressionStatementTree> update,
        int s) {
      enter(loop);
      boolean forever = condition == null || isTrue(condition);
      int head = s;
      for (int i = 0; i < 4; i++) {
        int atBody = condition == null ? head : refine(condition, eval(condition, head), true);
        int after = exec(body, atBody) | take(continues, loop);
        after = execAll(update, after);
        if ((head | after) == head) {
          break;
        }
        head |= after;
      }
      int out =
          loop instanceof EnhancedForLoopTree
              ? head
              : forever ? 0 : refine(condition, eval(condition, head), false);
      return out | take(breaks, loop);
    }

    private int doWhile(DoWhileLoopTree loop, int s) {
      enter(loop);
      int head = s;
      int atCondition = 0;
      for (int i = 0; i < 4; i++) {
        atCondition = eval(loop.getCondition(), exec(loop.getStatement(), head) | take(continues, loop));
        if ((head | atCondition) == head) {
          break;
        }
        head |= atCondition;
      }
      int out = isTrue(loop.getCondition()) ? 0 : atCondition;
      return out | take(breaks, loop);
    }

    private static boolean isTrue(ExpressionTree condition) {
      Tree stripped = Uses.strip(condition);
      return stripped instanceof LiteralTree literal && Boolean.TRUE.equals(literal.getValue());
    }

    private int switchStatement(SwitchTree switchTree, int s) {
      s = eval(switchTree.getExpression(), s);
      enter(switchTree);
      int out = 0;
      int fallThrough = 0;
      boolean hasDefault = false;
      for (CaseTree caseTree : switchTree.getCases()) {
        for (Tree label : caseTree.getLabels()) {
          hasDefault |= label.getKind() == Tree.Kind.DEFAULT_CASE_LABEL;
        }
        if (caseTree.getCaseKind() == CaseTree.CaseKind.RULE) {
          Tree body = caseTree.getBody();
          out |=
              body instanceof StatementTree statement
                  ? exec(statement, s)
                  : eval((ExpressionTree) body, s);
        } else {
          fallThrough = execAll(caseTree.getStatements(), s | fallThrough);
        }
      }
      return out | fallThrough | take(breaks, switchTree) | (hasDefault ? 0 : s);
    }

    private int tryStatement(TryTree tryTree, int s) {
      boolean releasesVariable = false;
      for (Tree resource : tryTree.getResources()) {
        if (resource instanceof VariableTree declaration) {
          s = exec(declaration, s);
        } else if (Uses.refersTo(resource, variable)) {
          releasesVariable = true;
        } else {
          s = eval((ExpressionTree) resource, s);
        }
      }
      Frame body = new Frame(tryTree.getCatches(), tryTree.getFinallyBlock(), releasesVariable);
      frames.addFirst(body);
      int out;
      try {
        out = exec(tryTree.getBlock(), s);
      } finally {
        frames.removeFirst();
      }
      if (releasesVariable) {
        out = release(out);
      }
      Frame handlers = new Frame(List.of(), tryTree.getFinallyBlock(), false);
      frames.addFirst(handlers);
      try {
        for (int i = 0; i < body.caught.length; i++) {
          int in = releasesVariable ? release(body.caught[i]) : body.caught[i];
          out |= exec(tryTree.getCatches().get(i).getBlock(), in);
        }
      } finally {
        frames.removeFirst();
      }
      return runFinally(tryTree.getFinallyBlock(), out);
    }

    /**
     * Runs a {@code finally} block. A release anywhere in it, even under a condition ({@code if
     * (!timedOut) timer.cancel()}), counts as a release on every path through it: a guarded
     * release in {@code finally} is a deliberate decision, not a forgotten path.
     */
    private int runFinally(BlockTree finallyBlock, int s) {
      int out = exec(finallyBlock, s);
      return finallyBlock != null && anyRelease(List.of(finallyBlock)) ? release(out) : out;
    }

    /** Leaves the scope entirely (return, uncaught exception, jump out). */
    private void leave(Tree site, int s, String way) {
      List<Frame> all = new ArrayList<>(frames);
      for (int i = 0; i < all.size() && s != 0; i++) {
        s = passThrough(all, i, s);
      }
      if ((s & LIVE) != 0) {
        leak(site, way);
      }
    }

    private void jump(Tree target, Map<Tree, Integer> jumps, Tree site, int s, String way) {
      Integer depth = target == null ? null : targetDepth.get(target);
      if (depth == null) {
        leave(site, s, way);
        return;
      }
      List<Frame> all = new ArrayList<>(frames);
      for (int i = 0; i < all.size() - depth && s != 0; i++) {
        s = passThrough(all, i, s);
      }
      if (s != 0 && quiet == 0) {
        jumps.merge(target, s, (a, b) -> a | b);
      }
    }

    /** Runs what frame {@code index} of {@code all} runs on the way out (quietly). */
    private int passThrough(List<Frame> all, int index, int s) {
      Frame frame = all.get(index);
      if (frame.releasesOnExit) {
        s = release(s);
      }
      if (frame.finallyBlock == null) {
        return s;
      }
      Deque<Frame> saved = frames;
      frames = new ArrayDeque<>(all.subList(index + 1, all.size()));
      quiet++;
      try {
        return runFinally(frame.finallyBlock, s);
      } finally {
        quiet--;
        frames = saved;
      }
    }

    /** An exception of type {@code type} is thrown with state {@code s}. */
    private void raise(Type type, int s, Tree site, String way) {
      if (type == null) {
        return;
      }
      List<Frame> all = new ArrayList<>(frames);
      for (int i = 0; i < all.size() && s != 0; i++) {
        Frame frame = all.get(i);
        for (int c = 0; c < frame.catches.size(); c++) {
          boolean fullyCaught = false;
          for (Type caught : caughtTypes(frame.catches.get(c))) {
            if (ASTHelpers.isSubtype(type, caught, state)) {
              fullyCaught = true;
            } else if (!ASTHelpers.isSubtype(caught, type, state)) {
              continue;
            }
            if (quiet == 0) {
              frame.caught[c] |= s;
            }
          }
          if (fullyCaught) {
            return;
          }
        }
        s = passThrough(all, i, s);
      }
      if ((s & LIVE) != 0) {
        leak(site, way);
      }
    }

    private static List<Type> caughtTypes(CatchTree catchTree) {
      Type type = ASTHelpers.getType(catchTree.getParameter());
      if (type instanceof Type.UnionClassType union) {
        List<Type> alternatives = new ArrayList<>();
        union.getAlternativeTypes().forEach(alternatives::add);
        return alternatives;
      }
      return type == null ? List.of() : List.of(type);
    }

    /** The states in which the branch where {@code condition} is {@code whenTrue} runs. */
    private int refine(ExpressionTree condition, int s, boolean whenTrue) {
      Tree c = Uses.strip(condition);
      if (c instanceof UnaryTree unary && c.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
        return refine(unary.getExpression(), s, !whenTrue);
      }
      if (c instanceof BinaryTree binary) {
        switch (c.getKind()) {
          case EQUAL_TO, NOT_EQUAL_TO -> {
            boolean nullLeft = binary.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL;
            boolean nullRight = binary.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL;
            ExpressionTree other =
                nullLeft ? binary.getRightOperand() : nullRight ? binary.getLeftOperand() : null;
            if (other != null && Uses.refersTo(other, variable)) {
              boolean nonNull = (c.getKind() == Tree.Kind.NOT_EQUAL_TO) == whenTrue;
              return nonNull ? s & ~UNBORN : s & UNBORN;
            }
          }
          case CONDITIONAL_AND -> {
            if (whenTrue) {
              return refine(binary.getRightOperand(), refine(binary.getLeftOperand(), s, true), true);
            }
          }
          case CONDITIONAL_OR -> {
            if (!whenTrue) {
              return refine(
                  binary.getRightOperand(), refine(binary.getLeftOperand(), s, false), false);
            }
          }
          default -> {}
        }
      }
      return s;
    }

    /** The state after evaluating {@code expression} from state {@code s}. */
    int eval(ExpressionTree expression, int s) {
      if (s == 0) {
        return 0;
      }
      Eval eval = new Eval(s);
      eval.scan(expression, null);
      return eval.current;
    }

    private final class Eval extends TreeScanner<Void, Void> {
      int current;

      Eval(int s) {
        this.current = s;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree clazz, Void unused) {
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree newClass, Void unused) {
        scan(newClass.getEnclosingExpression(), null);
        scan(newClass.getArguments(), null);
        raiseChecked(ASTHelpers.getSymbol(newClass), newClass);
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        scan(call.getMethodSelect(), null);
        scan(call.getArguments(), null);
        if (Uses.releases(call, variable, policy, state)) {
          current = release(current);
        } else if (EXITS_JVM.matches(call, state)) {
          // Nothing after System.exit(..) runs, and the JVM takes every thread with it.
          current = 0;
        } else {
          raiseChecked(ASTHelpers.getSymbol(call), call);
        }
        return null;
      }

      private void raiseChecked(Symbol.MethodSymbol method, Tree site) {
        if (method == null) {
          return;
        }
        for (Type thrown : method.getThrownTypes()) {
          if (thrown.getKind() == javax.lang.model.type.TypeKind.DECLARED
              && !ASTHelpers.isSubtype(thrown, state.getSymtab().runtimeExceptionType, state)
              && !ASTHelpers.isSubtype(thrown, state.getSymtab().errorType, state)) {
            raise(thrown, current, site, thrown.tsym.getSimpleName().toString());
          }
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        scan(assignment.getExpression(), null);
        if (Uses.refersTo(assignment.getVariable(), variable)) {
          if (!isCreation.test((ExpressionTree) Uses.strip(assignment.getExpression()), state)) {
            throw new NotUnderstood();
          }
          if ((current & LIVE) != 0) {
            leak(assignment, "reassignment");
          }
          current = LIVE;
        } else {
          scan(assignment.getVariable(), null);
        }
        return null;
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree conditional, Void unused) {
        scan(conditional.getCondition(), null);
        int before = current;
        scan(conditional.getTrueExpression(), null);
        int whenTrue = current;
        current = before;
        scan(conditional.getFalseExpression(), null);
        current |= whenTrue;
        return null;
      }

      @Override
      public Void visitBinary(BinaryTree binary, Void unused) {
        if (binary.getKind() == Tree.Kind.CONDITIONAL_AND
            || binary.getKind() == Tree.Kind.CONDITIONAL_OR) {
          scan(binary.getLeftOperand(), null);
          int before = current;
          scan(binary.getRightOperand(), null);
          current |= before;
          return null;
        }
        return super.visitBinary(binary, null);
      }
    }
  }
}
