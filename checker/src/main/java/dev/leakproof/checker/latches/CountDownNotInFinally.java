package dev.leakproof.checker.latches;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.threads.InterruptHandling;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.NeverCrash;
import dev.leakproof.checker.util.ThrowingCode.Thrower;
import dev.leakproof.checker.util.ThrowingCode;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link BugChecker} that flags a {@code CountDownLatch.countDown()} that a task can skip: code
 * before it can throw, or a {@code return}/{@code continue} bypasses it, and the thread waiting in
 * {@code await()} then blocks forever.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "countDown() can be skipped by an exception or an early return; call it in finally",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "CountDownNotInFinally.md")
public final class CountDownNotInFinally extends BugChecker implements MethodInvocationTreeMatcher {
  private final UnitCache cache = new UnitCache();

  /** Whether {@code condition} only tests the latch of {@code countDown} against null. */
  private static boolean isNullCheckOf(ExpressionTree condition, MethodInvocationTree countDown) {
    ExpressionTree receiver = ASTHelpers.getReceiver(countDown);
    Symbol latch = receiver == null ? null : ASTHelpers.getSymbol(receiver);
    return ASTHelpers.stripParentheses(condition) instanceof BinaryTree test
        && test.getKind() == Tree.Kind.NOT_EQUAL_TO
        && latch != null
        && (isNullAndSymbol(test.getLeftOperand(), test.getRightOperand(), latch)
            || isNullAndSymbol(test.getRightOperand(), test.getLeftOperand(), latch));
  }

  private static boolean isNullAndSymbol(ExpressionTree nullSide, ExpressionTree other, Symbol latch) {
    return nullSide.getKind() == Tree.Kind.NULL_LITERAL && latch.equals(ASTHelpers.getSymbol(other));
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(MethodInvocationTree tree, VisitorState state) {
    if (!LatchUsage.COUNT_DOWN.matches(tree, state)) {
      return Description.NO_MATCH;
    }
    TreePath path = state.getPath();
    TreePath statementPath = path.getParentPath();
    if (statementPath == null || !(statementPath.getLeaf() instanceof ExpressionStatementTree)) {
      return Description.NO_MATCH;
    }
    Object latch = LatchUsage.latchKey(tree, state);
    if (latch == null || selfCountDown(tree) || createdInUnit(latch, statementPath, state, cache)) {
      return Description.NO_MATCH;
    }
    Skips skips = new Skips(fieldsAssignedInUnit(statementPath, state, cache), cache);
    Tree child = statementPath.getLeaf();
    TreePath parentPath = statementPath.getParentPath();
    BlockTree unitBody = null;
    while (parentPath != null) {
      Tree parent = parentPath.getLeaf();
      if (parent instanceof LambdaExpressionTree || parent instanceof MethodTree) {
        break;
      }
      if (parent instanceof BlockTree block) {
        Tree grand = parentPath.getParentPath() == null ? null : parentPath.getParentPath().getLeaf();
        if (grand instanceof ClassTree) {
          break; // an initializer block
        }
        if (grand instanceof LambdaExpressionTree || grand instanceof MethodTree) {
          unitBody = block;
        }
        for (StatementTree s : block.getStatements()) {
          if (s == child) {
            break;
          }
          skips.before(s, parentPath, latch, state);
        }
      } else if (parent instanceof CaseTree caseTree) {
        skips.calls(caseTree.getGuard(), state);
        List<? extends StatementTree> statements = caseTree.getStatements();
        if (statements == null) {
          // `case X -> body`: nothing of the case runs before its body.
          if (caseTree.getBody() != child) {
            return Description.NO_MATCH;
          }
          statements = List.of();
        }
        for (StatementTree s : statements) {
          if (s == child) {
            break;
          }
          skips.before(s, parentPath, latch, state);
        }
      } else if (parent instanceof SwitchTree switchTree) {
        skips.calls(switchTree.getExpression(), state);
      } else if (parent instanceof IfTree ifTree) {
        Tree other =
            child == ifTree.getThenStatement() ? ifTree.getElseStatement() : ifTree.getThenStatement();
        if (!isNullCheckOf(ifTree.getCondition(), tree)
            && (other == null || LocalTrees.jumpsLeaving(other).isEmpty())) {
          // A signal sent only on some condition (`if (connected) latch.countDown();`) is not the
          // end of a task: moving it into finally would send it when the condition is false.
          // (When the other branch returns or throws, it is a guard, judged below.)
          return Description.NO_MATCH;
        }
        skips.calls(ifTree.getCondition(), state);
        if (other != null && child != ifTree.getCondition()) {
          skips.otherBranch(other, parentPath, latch, state);
        }
      } else if (parent instanceof WhileLoopTree loop) {
        skips.calls(loop.getCondition(), state);
      } else if (parent instanceof DoWhileLoopTree loop) {
        skips.calls(loop.getCondition(), state);
      } else if (parent instanceof ForLoopTree loop) {
        loop.getInitializer().forEach(i -> skips.calls(i, state));
        skips.calls(loop.getCondition(), state);
        loop.getUpdate().forEach(u -> skips.calls(u, state));
      } else if (parent instanceof EnhancedForLoopTree loop) {
        skips.calls(loop.getExpression(), state);
      } else if (parent instanceof SynchronizedTree sync) {
        skips.calls(sync.getExpression(), state);
      } else if (parent instanceof TryTree tryTree) {
        if (child != tryTree.getBlock()) {
          return Description.NO_MATCH; // in finally (or a resource): already safe
        }
        if (tryTree.getFinallyBlock() != null
            && LatchUsage.countsDown(tryTree.getFinallyBlock(), latch, state)) {
          return Description.NO_MATCH;
        }
        skips.enterTry(tryTree, latch, state);
        tryTree.getResources().forEach(r -> skips.calls(r, state));
      } else if (parent instanceof CatchTree) {
        return Description.NO_MATCH; // the error path of a try: the normal path is checked there
      } else if (parent.getKind() != Tree.Kind.LABELED_STATEMENT) {
        return Description.NO_MATCH; // a shape we do not model
      }
      child = parent;
      parentPath = parentPath.getParentPath();
    }
    if (parentPath == null) {
      return Description.NO_MATCH;
    }
    String latchText = receiverText(tree, state);
    String reason = skips.describe(state);
    if (reason == null) {
      return Description.NO_MATCH;
    }
    Description.Builder description =
        buildDescription(tree)
            .setMessage(
                String.format(
                    "%s.countDown() is skipped %s, and a thread waiting in %s.await() then blocks"
                        + " forever (or until its timeout): call countDown() in a finally block",
                    latchText, reason, latchText));
    if (unitBody != null && child == unitBody) {
      SuggestedFix fix =
          TryFinallyFix.wrapInTryFinally(
              unitBody, (StatementTree) statementPath.getLeaf(), latch, state, cache);
      if (fix != null) {
        description.addFix(fix);
      }
    }
    return description.build();
  }

  /**
   * A subclass of CountDownLatch counting itself down is a custom synchronizer (a blocking
   * observer, a future) whose early returns are transitions of its own state machine.
   */
  private static boolean selfCountDown(MethodInvocationTree tree) {
    Tree receiver = ASTHelpers.getReceiver(tree);
    if (receiver == null) {
      return true;
    }
    return receiver instanceof com.sun.source.tree.IdentifierTree id
        && (id.getName().contentEquals("this") || id.getName().contentEquals("super"));
  }

  /**
   * A latch the method or lambda creates itself and then counts down is a start gate it opens for
   * threads it started (JCIP's {@code TestHarness}), not a task reporting completion; its count is
   * LatchCountMismatch's concern.
   */
  private static boolean createdInUnit(
      Object latch, TreePath path, VisitorState state, UnitCache cache) {
    if (!(latch instanceof Symbol.VarSymbol variable)
        || variable.getKind() != javax.lang.model.element.ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    Tree body = InterruptHandling.enclosingBody(path);
    if (body == null) {
      return false;
    }
    Set<Symbol> created = cache.get(state, "CountDownNotInFinally.latchesCreated", body, () -> {
      Set<Symbol> latches = new HashSet<>();
      for (VariableTree declaration : LocalTrees.find(body, VariableTree.class)) {
        Symbol symbol = ASTHelpers.getSymbol(declaration);
        if (symbol != null
            && declaration.getInitializer() != null
            && LatchUsage.NEW_LATCH.matches(declaration.getInitializer(), state)) {
          latches.add(symbol);
        }
      }
      return latches;
    });
    return created.contains(variable);
  }

  private static String receiverText(MethodInvocationTree tree, VisitorState state) {
    Tree receiver = ASTHelpers.getReceiver(tree);
    return receiver == null ? "this" : state.getSourceForNode(receiver);
  }

  /** What can make control leave before the countDown, gathered while walking out of it. */
  private static final class Skips {
    private final List<Thrower> throwers = new ArrayList<>();
    private final List<Tree> jumps = new ArrayList<>();
    private final Set<Symbol> onceFlags;
    private final UnitCache cache;

    Skips(Set<Symbol> onceFlags, UnitCache cache) {
      this.onceFlags = onceFlags;
      this.cache = cache;
    }

    /**
     * What can throw in {@code tree}; found once per tree, since every countDown after a statement
     * of a long method walks past it.
     */
    private List<Thrower> throwersIn(Tree tree, VisitorState state) {
      return tree == null
          ? ThrowingCode.throwers(tree, state)
          : cache.get(state, "CountDownNotInFinally.throwers", tree,
              () -> ThrowingCode.throwers(tree, state));
    }

    /** {@link #uncoveredJumps} for {@code path}'s tree, found once per tree and latch. */
    private List<Tree> jumpsIn(TreePath path, Object latch, VisitorState state) {
      return cache.get(state, "CountDownNotInFinally.jumps", List.of(path.getLeaf(), latch),
          () -> uncoveredJumps(path, latch, onceFlags, state));
    }

    /** A statement that runs before the countDown on the same path. */
    void before(StatementTree s, TreePath blockPath, Object latch, VisitorState state) {
      throwers.addAll(throwersIn(s, state));
      jumps.addAll(jumpsIn(new TreePath(blockPath, s), latch, state));
    }

    /** The other branch of an if: its calls do not run before the countDown, its jumps skip it. */
    void otherBranch(Tree branch, TreePath ifPath, Object latch, VisitorState state) {
      for (Thrower t : throwersIn(branch, state)) {
        if (t.tree() instanceof ThrowTree) {
          throwers.add(t);
        }
      }
      jumps.addAll(jumpsIn(new TreePath(ifPath, branch), latch, state));
    }

    void calls(Tree expression, VisitorState state) {
      throwers.addAll(throwersIn(expression, state));
    }

    /**
     * Leaving a try body: an exception is handled if the first catch that can receive it counts
     * down (a narrower catch before it that does not count down can take it instead).
     */
    void enterTry(TryTree tryTree, Object latch, VisitorState state) {
      throwers.removeIf(
          t -> t.types().stream().allMatch(type -> handledBy(type, tryTree, latch, state)));
    }

    private static boolean handledBy(Type type, TryTree tryTree, Object latch, VisitorState state) {
      com.sun.tools.javac.code.Types types = state.getTypes();
      Type thrown = types.erasure(type);
      for (CatchTree c : tryTree.getCatches()) {
        boolean countsDown = LatchUsage.countsDown(c.getBlock(), latch, state);
        for (Type caught : ThrowingCode.caughtTypes(c)) {
          Type erased = types.erasure(caught);
          if (types.isSubtype(thrown, erased)) {
            return countsDown;
          }
          if (types.isSubtype(erased, thrown) && !countsDown) {
            return false; // some of these exceptions land in a catch that does not count down
          }
        }
      }
      return false;
    }

    String describe(VisitorState state) {
      Tree first = null;
      for (Tree jump : jumps) {
        if (first == null || ASTHelpers.getStartPosition(jump) < ASTHelpers.getStartPosition(first)) {
          first = jump;
        }
      }
      if (first != null) {
        String keyword =
            first instanceof ReturnTree
                ? "return"
                : first instanceof ContinueTree ? "continue" : "break";
        return String.format("by the `%s` on line %d", keyword, line(first, state));
      }
      Thrower thrower = null;
      for (Thrower t : throwers) {
        if (thrower == null
            || ASTHelpers.getStartPosition(t.tree()) < ASTHelpers.getStartPosition(thrower.tree())) {
          thrower = t;
        }
      }
      if (thrower == null) {
        return null;
      }
      if (thrower.tree() instanceof ThrowTree) {
        return String.format("by the `throw` on line %d", line(thrower.tree(), state));
      }
      Type checked = thrower.firstChecked(state);
      String what = callText(thrower.tree());
      return checked != null
          ? String.format("if %s throws %s", what, checked.tsym.getSimpleName())
          : String.format("if %s throws", what);
    }

    private static String callText(Tree tree) {
      if (tree instanceof TryTree) {
        return "closing a resource";
      }
      Symbol sym = ASTHelpers.getSymbol(tree);
      if (sym == null) {
        return "a call";
      }
      if (sym.isConstructor()) {
        return "new " + sym.owner.getSimpleName() + "(..)";
      }
      return sym.getSimpleName() + "(..)";
    }

    private static long line(Tree tree, VisitorState state) {
      return state.getPath().getCompilationUnit().getLineMap()
          .getLineNumber(ASTHelpers.getStartPosition(tree));
    }
  }

  /**
   * The fields the method or lambda around {@code path} assigns: an early {@code return} guarded
   * by one of them ({@code if (closed) return; ... closed = true;}) is the "already done" path of
   * code that runs once, whose first run counted down.
   */
  private static Set<Symbol> fieldsAssignedInUnit(
      TreePath path, VisitorState state, UnitCache cache) {
    Tree body = InterruptHandling.enclosingBody(path);
    return body == null
        ? fieldsAssignedIn(null)
        : cache.get(state, "CountDownNotInFinally.fieldsAssigned", body, () -> fieldsAssignedIn(body));
  }

  private static Set<Symbol> fieldsAssignedIn(Tree body) {
    Set<Symbol> fields = new HashSet<>();
    for (com.sun.source.tree.AssignmentTree assignment :
        LocalTrees.find(
            body, com.sun.source.tree.AssignmentTree.class)) {
      Symbol sym = ASTHelpers.getSymbol(assignment.getVariable());
      if (sym != null && sym.getKind() == javax.lang.model.element.ElementKind.FIELD) {
        fields.add(sym);
      }
    }
    return fields;
  }

  private static boolean readsAny(Tree condition, Set<Symbol> fields) {
    if (fields.isEmpty()) {
      return false;
    }
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(com.sun.source.tree.IdentifierTree node, Void v) {
        found[0] |= fields.contains(ASTHelpers.getSymbol(node));
        return null;
      }

      @Override
      public Void visitMemberSelect(com.sun.source.tree.MemberSelectTree node, Void v) {
        found[0] |= fields.contains(ASTHelpers.getSymbol(node));
        return super.visitMemberSelect(node, v);
      }
    }.scan(condition, null);
    return found[0];
  }

  /**
   * The {@code return}s in {@code root}, and the {@code break}/{@code continue}s that leave it,
   * that are not preceded in their own block by a countDown of the latch, not inside a try whose
   * finally counts it down, and not guarded by a field the unit sets ({@code onceFlags}).
   */
  private static List<Tree> uncoveredJumps(
      TreePath root, Object latch, Set<Symbol> onceFlags, VisitorState state) {
    List<Tree> result = new ArrayList<>();
    for (StatementTree jump : LocalTrees.jumpsLeaving(root.getLeaf())) {
      TreePath path = TreePath.getPath(root, jump);
      if (path != null && !covered(path, root.getLeaf(), latch, onceFlags, state)) {
        result.add(jump);
      }
    }
    return result;
  }

  /**
   * True if the jump at {@code jumpPath} is preceded in a block by a countDown of the latch, sits
   * in a try whose finally counts it down, or is the return of an "already done" guard.
   */
  private static boolean covered(
      TreePath jumpPath, Tree root, Object latch, Set<Symbol> onceFlags, VisitorState state) {
    Tree jump = jumpPath.getLeaf();
    Tree child = jump;
    for (TreePath up = jumpPath.getParentPath(); up != null; up = up.getParentPath()) {
      Tree parent = up.getLeaf();
      if (parent instanceof BlockTree block) {
        for (StatementTree s : block.getStatements()) {
          if (s == child) {
            break;
          }
          if (LatchUsage.isCountDownStatement(s, latch, state)) {
            return true;
          }
        }
      } else if (parent instanceof IfTree guard
          && child != guard.getCondition()
          && jump instanceof ReturnTree
          && readsAny(guard.getCondition(), onceFlags)) {
        return true;
      } else if (parent instanceof TryTree t
          && t.getFinallyBlock() != null
          && child != t.getFinallyBlock()
          && LatchUsage.countsDown(t.getFinallyBlock(), latch, state)) {
        return true;
      }
      if (parent == root) {
        break;
      }
      child = parent;
    }
    return false;
  }
}
