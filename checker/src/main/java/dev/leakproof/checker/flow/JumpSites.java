package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.tree.JCTree;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code break}, {@code continue} and value-less {@code return} statements of a method and,
 * for each, the node that runs right before it. The control-flow graph has no node for these
 * jumps (they are only edges), so the engine marks a path as leaving by a jump at the node before
 * it: the one whose tree is {@link Before#tree}, on the branch {@link Before#branch} when that node
 * is a condition.
 */
final class JumpSites {
  /** Which outgoing edge of a node leads to the jump. */
  enum Branch {
    ANY,
    THEN,
    ELSE
  }

  /** The node (by its tree) and edge right before a jump. */
  record Before(Tree tree, Branch branch) {}

  /**
   * A jump, what it jumps to (null for a {@code return}: out of everything), and where control
   * is right before it (null: not known).
   */
  record Jump(StatementTree jump, @Nullable Tree target, @Nullable List<Before> before) {}

  private JumpSites() {}

  /** The jumps of the code under {@code body}, outside nested lambdas and classes. */
  static List<Jump> in(TreePath body) {
    List<Jump> jumps = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitBreak(BreakTree tree, Void unused) {
        add(tree, ((JCTree.JCBreak) tree).target);
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree tree, Void unused) {
        add(tree, ((JCTree.JCContinue) tree).target);
        return null;
      }

      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        if (tree.getExpression() == null) {
          jumps.add(new Jump(tree, null, before(getCurrentPath())));
        }
        return super.visitReturn(tree, null);
      }

      private void add(StatementTree jump, @Nullable Tree target) {
        if (target != null) {
          jumps.add(new Jump(jump, target, before(getCurrentPath())));
        }
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
    return jumps;
  }

  /**
   * True if a {@code yield} under {@code body} leaves the source range [start, end) (its switch
   * expression is outside it).
   */
  static boolean yieldsOut(TreePath body, int start, int end, VisitorState state) {
    boolean[] out = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitYield(YieldTree tree, Void unused) {
        Tree target = ((JCTree.JCYield) tree).target;
        out[0] |=
            target == null
                || ASTHelpers.getStartPosition(target) < start
                || state.getEndPosition(target) > end;
        return super.visitYield(tree, null);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
    return out[0];
  }

  /** What runs right before the statement at {@code path}; null when not known. */
  @Nullable
  private static List<Before> before(TreePath path) {
    Tree child = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    if (parentPath == null) {
      return null;
    }
    Tree parent = parentPath.getLeaf();
    if (parent instanceof BlockTree block) {
      StatementTree previous = null;
      for (StatementTree statement : block.getStatements()) {
        if (statement == child) {
          break;
        }
        previous = statement;
      }
      return previous == null ? before(parentPath) : completions(previous, new TreePath(parentPath, previous));
    }
    if (parent instanceof IfTree ifTree) {
      Tree condition = ASTHelpers.stripParentheses(ifTree.getCondition());
      return List.of(new Before(condition, child == ifTree.getThenStatement() ? Branch.THEN : Branch.ELSE));
    }
    if (parent instanceof WhileLoopTree loop && loop.getStatement() == child) {
      return List.of(new Before(ASTHelpers.stripParentheses(loop.getCondition()), Branch.THEN));
    }
    if (parent instanceof ForLoopTree loop
        && loop.getStatement() == child
        && loop.getCondition() != null) {
      return List.of(new Before(ASTHelpers.stripParentheses(loop.getCondition()), Branch.THEN));
    }
    if (parent instanceof LabeledStatementTree) {
      return before(parentPath);
    }
    if (parent instanceof CatchTree catchTree && child == catchTree.getBlock()) {
      return List.of(new Before(catchTree.getParameter(), Branch.ANY));
    }
    if (parent instanceof TryTree tryTree
        && child == tryTree.getBlock()
        && tryTree.getResources().isEmpty()) {
      return List.of(new Before(tryTree, Branch.ANY)); // the graph's "start of try block" marker
    }
    if (parent instanceof CaseTree caseTree) {
      List<? extends StatementTree> statements = caseTree.getStatements();
      if (statements != null && statements.indexOf(child) > 0) {
        StatementTree previous = statements.get(statements.indexOf(child) - 1);
        return completions(previous, new TreePath(parentPath, previous));
      }
      return caseEntry(parentPath);
    }
    return null;
  }

  /**
   * What runs right before the body of the case at {@code casePath}: its label test (the graph
   * tests every other label before {@code default}), and the case before it falling through.
   */
  @Nullable
  private static List<Before> caseEntry(TreePath casePath) {
    CaseTree caseTree = (CaseTree) casePath.getLeaf();
    Tree switchTree = casePath.getParentPath().getLeaf();
    List<? extends CaseTree> cases =
        switchTree instanceof SwitchTree statement
            ? statement.getCases()
            : switchTree instanceof SwitchExpressionTree expression ? expression.getCases() : null;
    if (cases == null) {
      return null;
    }
    List<Before> entry = new ArrayList<>();
    if (!isDefault(caseTree)) {
      entry.add(new Before(caseTree, Branch.THEN));
    } else {
      CaseTree lastTested = null;
      for (CaseTree other : cases) {
        if (!isDefault(other)) {
          lastTested = other;
        }
      }
      if (lastTested == null) {
        return null;
      }
      entry.add(new Before(lastTested, Branch.ELSE));
    }
    int index = cases.indexOf(caseTree);
    if (index > 0 && caseTree.getStatements() != null) {
      CaseTree previous = cases.get(index - 1);
      TreePath previousPath = new TreePath(casePath.getParentPath(), previous);
      List<? extends StatementTree> statements = previous.getStatements();
      List<Before> fallThrough =
          statements == null
              ? List.of()
              : statements.isEmpty()
                  ? caseEntry(previousPath)
                  : completions(
                      statements.get(statements.size() - 1),
                      new TreePath(previousPath, statements.get(statements.size() - 1)));
      if (fallThrough == null) {
        return null;
      }
      entry.addAll(fallThrough);
    }
    return entry;
  }

  private static boolean isDefault(CaseTree caseTree) {
    for (Tree label : caseTree.getLabels()) {
      if (label.getKind() == Tree.Kind.DEFAULT_CASE_LABEL) {
        return true;
      }
    }
    return caseTree.getLabels().isEmpty();
  }

  /** The nodes after which {@code statement} (at {@code path}) completes normally; null: not known. */
  @Nullable
  private static List<Before> completions(StatementTree statement, TreePath path) {
    if (statement instanceof ExpressionStatementTree expression) {
      return List.of(new Before(ASTHelpers.stripParentheses(expression.getExpression()), Branch.ANY));
    }
    if (statement instanceof VariableTree) {
      return List.of(new Before(statement, Branch.ANY));
    }
    if (statement instanceof BlockTree block) {
      StatementTree last = null;
      for (StatementTree s : block.getStatements()) {
        last = s;
      }
      return last == null ? before(path) : completions(last, new TreePath(path, last));
    }
    if (statement instanceof IfTree ifTree) {
      List<Before> then = completions(ifTree.getThenStatement(), new TreePath(path, ifTree.getThenStatement()));
      List<Before> otherwise =
          ifTree.getElseStatement() == null
              ? List.of(new Before(ASTHelpers.stripParentheses(ifTree.getCondition()), Branch.ELSE))
              : completions(ifTree.getElseStatement(), new TreePath(path, ifTree.getElseStatement()));
      if (then == null || otherwise == null) {
        return null;
      }
      List<Before> all = new ArrayList<>(then);
      all.addAll(otherwise);
      return all;
    }
    switch (statement.getKind()) {
      case RETURN, THROW, BREAK, CONTINUE, EMPTY_STATEMENT -> {
        return statement.getKind() == Tree.Kind.EMPTY_STATEMENT ? before(path) : List.of();
      }
      default -> {
        return null;
      }
    }
  }
}
