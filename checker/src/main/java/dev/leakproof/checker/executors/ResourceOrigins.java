package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import javax.lang.model.element.ElementKind;

/**
 * Answers, for a variable (a field or a local) that holds an executor or timer: does code of this
 * file put a newly created one into it, and does code of this file release it? Together they say
 * whether the file owns what the variable holds or only uses one that somebody else owns (a
 * scheduler handed in through a constructor, a shared static one of another class).
 *
 * <p>Unlike {@link FieldLifecycle}, which judges whether an owned field is released properly, this
 * only answers the two questions, for checks that need to know who owns an object they use.
 */
public final class ResourceOrigins {
  private ResourceOrigins() {}

  /**
   * True if some code of the file stores a newly created object into {@code variable}: its
   * initializer, an assignment, or a local that was declared with a creation ({@code this.pool =
   * pool}). Creations are those of {@link ResourceLifecycle#isOwnedCreation}.
   */
  public static boolean createdInFile(
      Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    Tree declaration = facts.declaration(variable);
    if (declaration instanceof VariableTree variableTree
        && variableTree.getInitializer() != null
        && holdsCreation(variableTree.getInitializer(), kind, state, facts)) {
      return true;
    }
    for (TreePath path : facts.assignments(variable)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (Uses.refersTo(assignment.getVariable(), variable)
          && holdsCreation(assignment.getExpression(), kind, state, facts)) {
        return true;
      }
    }
    return false;
  }

  /** True if some use of {@code variable} in the file releases it ({@code pool.shutdown()}). */
  public static boolean releasedInFile(
      Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    for (TreePath use : facts.uses(variable)) {
      if (Uses.classify(use, kind, state) == Uses.Kind.RELEASE) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state, UnitFacts facts) {
    if (ResourceLifecycle.isOwnedCreation(expression, kind, state, facts)) {
      return true;
    }
    Tree stripped = Uses.strip(expression);
    if (!(stripped instanceof IdentifierTree)) {
      return false;
    }
    Symbol local = ASTHelpers.getSymbol(stripped);
    return local != null
        && local.getKind() == ElementKind.LOCAL_VARIABLE
        && facts.declaration(local) instanceof VariableTree localTree
        && localTree.getInitializer() != null
        && ResourceLifecycle.isOwnedCreation(localTree.getInitializer(), kind, state, facts);
  }
}
