package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;

/**
 * Answers, for a variable (a field or a local) that holds an executor or timer: does code of this
 * file always put a newly created one into it, and does code of this file release it whatever it
 * holds? Either says that the file owns what the variable holds, rather than using one that
 * somebody else owns (a scheduler handed in through a constructor, a shared static one of another
 * class, or one taken from a configuration when set and created otherwise).
 *
 * <p>Unlike {@link FieldLifecycle}, which judges whether an owned field is released properly, this
 * only answers the two questions, for checks that need to know who owns an object they use.
 */
public final class ResourceOrigins {
  private ResourceOrigins() {}

  /**
   * True if every value the file stores into {@code variable} (its initializer, its assignments) is
   * a newly created object, and there is at least one: the variable always holds an object of its
   * own, or nothing ({@code null} stores are ignored: {@code pool = null} after a shutdown). A
   * creation counts as in {@link ResourceLifecycle#isOwnedCreation}, also through a local declared
   * with one ({@code this.pool = pool}). One value handed in ({@code this.scheduler =
   * config.scheduler()} in one branch) makes it false.
   */
  public static boolean onlyCreatedInFile(
      Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    boolean any = false;
    Tree declaration = facts.declaration(variable);
    if (declaration instanceof VariableTree variableTree
        && variableTree.getInitializer() != null
        && !ResourceLifecycle.isNull(variableTree.getInitializer())) {
      if (!holdsCreation(variableTree.getInitializer(), kind, state)) {
        return false;
      }
      any = true;
    }
    for (TreePath path : facts.assignments(variable)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (Uses.refersTo(assignment.getVariable(), variable)
          && !ResourceLifecycle.isNull(assignment.getExpression())) {
        if (!holdsCreation(assignment.getExpression(), kind, state)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /**
   * True if some code of the file releases {@code variable} ({@code pool.shutdown()}) whatever
   * it holds: not under a condition that tests anything but the variable itself ({@code if (pool
   * != null)} is fine, {@code if (ownsPool)} is not), nor in a {@code catch}. A release under such a
   * condition says that the class releases the object only when it is its own.
   */
  public static boolean releasedUnconditionally(
      Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    for (TreePath use : facts.uses(variable)) {
      if (Uses.classify(use, kind, state) == Uses.Kind.RELEASE && !isConditional(use, variable)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConditional(TreePath use, Symbol variable) {
    Tree child = use.getLeaf();
    for (TreePath p = use.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return false;
      }
      if (leaf instanceof CatchTree) {
        return true;
      }
      ExpressionTree condition =
          leaf instanceof IfTree ifTree && ifTree.getCondition() != child
              ? ifTree.getCondition()
              : leaf instanceof ConditionalExpressionTree conditional
                      && conditional.getCondition() != child
                  ? conditional.getCondition()
                  : null;
      if (condition != null && !testsOnly(condition, variable)) {
        return true;
      }
      if (leaf instanceof SwitchTree
          || leaf instanceof WhileLoopTree
          || leaf instanceof ForLoopTree
          || leaf instanceof EnhancedForLoopTree
          || leaf instanceof DoWhileLoopTree) {
        return true;
      }
      child = leaf;
    }
    return false;
  }

  /** True if every variable {@code condition} reads is {@code variable}. */
  private static boolean testsOnly(ExpressionTree condition, Symbol variable) {
    boolean[] other = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = ASTHelpers.getSymbol(identifier);
        other[0] |= symbol instanceof Symbol.VarSymbol && symbol != variable;
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        Symbol symbol = ASTHelpers.getSymbol(select);
        if (symbol instanceof Symbol.VarSymbol) {
          other[0] |= symbol != variable;
          return null; // this.pool
        }
        return super.visitMemberSelect(select, null);
      }
    }.scan(condition, null);
    return !other[0];
  }

  private static boolean holdsCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    return ResourceLifecycle.isOwnedCreation(expression, kind, state)
        || ResourceLifecycle.creationInLocal(expression, kind, state) != null;
  }
}
