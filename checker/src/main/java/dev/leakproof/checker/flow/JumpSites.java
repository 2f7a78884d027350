package dev.leakproof.checker.flow;

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
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.tree.JCTree;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code break}, {@code continue}, value-less {@code return} and {@code yield} statements of
 * a method and,
 * for each, the node that runs right before it. The control-flow graph has no node for these
 * jumps (they are only edges), so the engine marks a path as leaving by a jump at the node before
 * it: the one whose tree is {@link Before#tree}, on the branch {@link Before#branch} when that node
 * is a condition. Shapes not listed in {@link #before} are not marked (the path then leaves
 * unnamed: "the end of the scope").
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
   * is right before it (null: not known, or a {@code yield}, which is never a way out).
   */
  record Jump(StatementTree jump, @Nullable Tree target, @Nullable List<Before> before) {}

  private JumpSites() {}

  /** The jumps of the code under {@code body}, outside nested lambdas and classes. */
  static List<Jump> in(TreePath body) {
    List<Jump> jumps = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitBreak(BreakTree tree, Void unused) {
        jumps.add(new Jump(tree, ((JCTree.JCBreak) tree).target, before(getCurrentPath())));
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree tree, Void unused) {
        jumps.add(new Jump(tree, ((JCTree.JCContinue) tree).target, before(getCurrentPath())));
        return null;
      }

      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        if (tree.getExpression() == null) {
          jumps.add(new Jump(tree, null, before(getCurrentPath())));
        }
        return super.visitReturn(tree, null);
      }

      @Override
      public Void visitYield(YieldTree tree, Void unused) {
        jumps.add(new Jump(tree, ((JCTree.JCYield) tree).target, null));
        return super.visitYield(tree, null);
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
   * What runs right before the statement at {@code path}: the statements before it in its block
   * (an expression, a declaration, or an {@code if} or block made of these), the condition of the
   * {@code if} or loop whose branch it starts, the catch parameter, or the label test of the case
   * it starts; null for anything else.
   */
  @Nullable
  private static List<Before> before(TreePath path) {
    Tree child = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    Tree parent = parentPath == null ? null : parentPath.getLeaf();
    if (parent instanceof BlockTree || parent instanceof CaseTree) {
      List<? extends StatementTree> statements =
          parent instanceof BlockTree block ? block.getStatements() : ((CaseTree) parent).getStatements();
      int index = statements == null ? -1 : statements.indexOf(child);
      if (index > 0) {
        StatementTree previous = statements.get(index - 1);
        return completions(previous, new TreePath(parentPath, previous));
      }
      return parent instanceof BlockTree ? before(parentPath) : caseEntry(parentPath);
    }
    if (parent instanceof IfTree ifTree) {
      return List.of(
          new Before(
              ASTHelpers.stripParentheses(ifTree.getCondition()),
              child == ifTree.getThenStatement() ? Branch.THEN : Branch.ELSE));
    }
    if (parent instanceof WhileLoopTree loop) {
      return List.of(new Before(ASTHelpers.stripParentheses(loop.getCondition()), Branch.THEN));
    }
    if (parent instanceof ForLoopTree loop && loop.getCondition() != null) {
      return List.of(new Before(ASTHelpers.stripParentheses(loop.getCondition()), Branch.THEN));
    }
    if (parent instanceof LabeledStatementTree) {
      return before(parentPath);
    }
    if (parent instanceof CatchTree catchTree) {
      return List.of(new Before(catchTree.getParameter(), Branch.ANY));
    }
    return null;
  }

  /** The nodes after which {@code statement} (at {@code path}) completes normally; null: unknown. */
  @Nullable
  private static List<Before> completions(StatementTree statement, TreePath path) {
    switch (statement.getKind()) {
      case EXPRESSION_STATEMENT -> {
        return List.of(
            new Before(
                ASTHelpers.stripParentheses(((ExpressionStatementTree) statement).getExpression()),
                Branch.ANY));
      }
      case VARIABLE -> {
        return List.of(new Before(statement, Branch.ANY));
      }
      case RETURN, THROW, BREAK, CONTINUE -> {
        return List.of();
      }
      case BLOCK -> {
        List<? extends StatementTree> statements = ((BlockTree) statement).getStatements();
        return statements.isEmpty()
            ? before(path)
            : completions(
                statements.get(statements.size() - 1),
                new TreePath(path, statements.get(statements.size() - 1)));
      }
      case IF -> {
        IfTree ifTree = (IfTree) statement;
        List<Before> then =
            completions(ifTree.getThenStatement(), new TreePath(path, ifTree.getThenStatement()));
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
      default -> {
        return null;
      }
    }
  }

  /**
   * The label test before the body of the case at {@code casePath}: its own, or for {@code
   * default} the last other one (the graph tests every other label first). Falling through from
   * the case before is not marked.
   */
  @Nullable
  private static List<Before> caseEntry(TreePath casePath) {
    Tree switchTree = casePath.getParentPath().getLeaf();
    List<? extends CaseTree> cases =
        switchTree instanceof SwitchTree statement
            ? statement.getCases()
            : switchTree instanceof SwitchExpressionTree expression ? expression.getCases() : List.of();
    if (!isDefault((CaseTree) casePath.getLeaf())) {
      return List.of(new Before(casePath.getLeaf(), Branch.THEN));
    }
    CaseTree lastTested = null;
    for (CaseTree other : cases) {
      lastTested = isDefault(other) ? lastTested : other;
    }
    return lastTested == null ? null : List.of(new Before(lastTested, Branch.ELSE));
  }

  private static boolean isDefault(CaseTree caseTree) {
    return caseTree.getLabels().isEmpty()
        || caseTree.getLabels().stream()
            .anyMatch(label -> label.getKind() == Tree.Kind.DEFAULT_CASE_LABEL);
  }
}
