package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.executors.ResourceLifecycle.Finding;
import dev.leakproof.checker.executors.ResourceLifecycle.Problem;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * The part of {@link ResourceLifecycle} about an object kept in a local variable: finds the
 * variable's declaration and scope, makes sure the object stays in it ({@link Uses#firstEscape}),
 * and asks {@link ReleasePaths} whether it is released on every path. A local declared {@code
 * Executor}, or returned by a method whose return type is {@code Executor}, is judged as {@link
 * StoredAsExecutor} says.
 */
final class LocalLifecycle {
  private LocalLifecycle() {}

  /**
   * Judges the local {@code variable} that gets the object {@code creation} makes (its
   * initializer, or an assignment at {@code creationParent}); {@code created} is false when the
   * expression creates an object only where it is stored as {@code Executor} ({@link
   * StoredAsExecutor}). Reported once per variable, at its first creation.
   */
  static Optional<Finding> judge(
      Symbol variable,
      Tree creation,
      TreePath creationParent,
      OwnedResource base,
      boolean created,
      Predicate<Symbol> suppressed,
      VisitorState state,
      UnitFacts facts) {
    if (variable == null || variable.getKind() != ElementKind.LOCAL_VARIABLE) {
      return Optional.empty();
    }
    // Declared Executor, or returned as Executor: judged as stored without a release method.
    TreePath returned = returnAsExecutorOnly(variable, state, facts);
    boolean declaredWithoutRelease = base.storedAs(variable.type, state) != base;
    OwnedResource kind = declaredWithoutRelease || returned != null ? base.narrowed() : base;
    if (!created && kind == base) {
      return Optional.empty();
    }
    // Find the declaration among the statements of an enclosing block (or old-style case).
    Tree block = null;
    Tree owner = null;
    TreePath ownerPath = null;
    List<? extends StatementTree> statements = null;
    int index = -1;
    for (TreePath p = creationParent; p != null && index < 0; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        break;
      }
      List<? extends StatementTree> candidates = statementsOf(p);
      if (candidates != null) {
        Integer position = facts.declarationIndex(p.getLeaf(), candidates).get(variable);
        if (position != null) {
          // A case's local is in scope in the whole switch.
          block = p.getLeaf() instanceof CaseTree ? p.getParentPath().getLeaf() : p.getLeaf();
          owner = p.getLeaf();
          ownerPath = p;
          statements = facts.statementArray(owner, candidates);
          index = position;
        }
      }
    }
    if (block == null) {
      return Optional.empty();
    }
    VariableTree declaration = (VariableTree) statements.get(index);
    if (suppressed.test(variable)) {
      return Optional.empty();
    }
    ExpressionTree initializer = declaration.getInitializer();
    boolean initiallyLive;
    boolean maybeNull = false;
    if (initializer == null || ResourceLifecycle.isNull(initializer)) {
      initiallyLive = false;
    } else if (ResourceLifecycle.isOwnedCreation(initializer, kind, state)) {
      initiallyLive = true;
    } else if (ResourceLifecycle.isCreationOrNull(initializer, kind, state)) {
      initiallyLive = true;
      maybeNull = true;
    } else {
      return Optional.empty();
    }
    // Report once per variable: at its first creation.
    Tree first =
        initiallyLive ? initializer : firstAssignedCreation(block, variable, kind, state, facts);
    if (first == null || Uses.strip(first) != Uses.strip(creation)) {
      return Optional.empty();
    }
    if (Uses.firstEscape(variable, block, facts.uses(variable), kind, state).isPresent()) {
      return Optional.empty();
    }
    if (returned != null) {
      // A pool released before it is handed out (allowCoreThreadTimeOut(true): Felix's resolver
      // executor) leaks no threads, whatever type it is returned as.
      boolean released = facts.uses(variable).stream()
          .anyMatch(use -> Uses.classify(use, kind, state) == Uses.Kind.RELEASE);
      return released
          ? Optional.empty()
          : ResourceLifecycle.returnedWithoutRelease(creation, returned, state);
    }
    List<? extends StatementTree> rest = statements.subList(index + 1, statements.size());
    TreePath unit = Flow.unitOf(creationParent);
    if (unit == null) {
      return Optional.empty();
    }
    int lastUse = facts.lastStatementContaining(owner, statements, facts.uses(variable));
    ReleasePaths.Result result =
        ReleasePaths.analyze(
            variable,
            unit,
            ownerPath,
            statements.subList(index, statements.size()),
            Math.max(lastUse - index, 0),
            state.getEndPosition(block),
            kind,
            state);
    if (result.verdict() != ReleasePaths.Verdict.NEVER
        && result.verdict() != ReleasePaths.Verdict.SOME_PATHS) {
      return Optional.empty();
    }
    Optional<SuggestedFix> fix =
        initiallyLive && !maybeNull && facts.assignments(variable).isEmpty()
            ? LocalReleaseFix.build(declaration, rest, variable, kind, state)
            : Optional.empty();
    String name = variable.getSimpleName().toString();
    return switch (result.verdict()) {
      case NEVER -> Optional.of(
          new Finding(
              Problem.NEVER_RELEASED, creation, name, null, declaredWithoutRelease, fix));
      case SOME_PATHS -> Optional.of(
          new Finding(
              Problem.SKIPPED, creation, name, result.exit(), declaredWithoutRelease, fix));
      default -> Optional.empty();
    };
  }

  /**
   * A {@code return variable;} of a method whose return type is {@code Executor}-only, or null.
   */
  private static @Nullable TreePath returnAsExecutorOnly(
      Symbol variable, VisitorState state, UnitFacts facts) {
    for (TreePath use : facts.uses(variable)) {
      TreePath parent = Uses.outermost(use).getParentPath();
      if (parent != null
          && parent.getLeaf() instanceof ReturnTree
          && StoredAsExecutor.methodReturningExecutorOnly(parent, state) != null) {
        return parent;
      }
    }
    return null;
  }

  /**
   * The first assignment of a new object to {@code variable} in {@code scope}, outside lambdas
   * and class bodies (in the order of a tree scan), from the assignments {@code facts} indexed.
   */
  private static Tree firstAssignedCreation(
      Tree scope, Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    for (TreePath path : facts.assignments(variable)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (Uses.refersTo(assignment.getVariable(), variable)
          && isDirectlyInside(path, scope)
          && ResourceLifecycle.isOwnedCreation(assignment.getExpression(), kind, state)) {
        return assignment.getExpression();
      }
    }
    return null;
  }

  /** True if {@code scope} encloses {@code path} with no lambda or class body in between. */
  private static boolean isDirectlyInside(TreePath path, Tree scope) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf == scope) {
        return true;
      }
      if (leaf.getKind() == Tree.Kind.LAMBDA_EXPRESSION || leaf instanceof ClassTree) {
        return false;
      }
    }
    return false;
  }

  /**
   * The statements of the block at {@code path}, or of an old-style {@code case} that cannot fall
   * through into the next one (the variable's scope then ends with the case's statements); null
   * for anything else.
   */
  private static List<? extends StatementTree> statementsOf(TreePath path) {
    if (path.getLeaf() instanceof BlockTree block) {
      return block.getStatements();
    }
    if (path.getLeaf() instanceof CaseTree caseTree
        && caseTree.getCaseKind() == CaseTree.CaseKind.STATEMENT
        && caseTree.getStatements() != null
        && path.getParentPath() != null
        && path.getParentPath().getLeaf() instanceof SwitchTree switchTree) {
      List<? extends StatementTree> statements = caseTree.getStatements();
      List<? extends CaseTree> cases = switchTree.getCases();
      boolean last = lastOf(cases) == caseTree;
      StatementTree end = lastOf(statements);
      boolean jumps =
          end != null
              && switch (end.getKind()) {
                case BREAK, RETURN, THROW, CONTINUE -> true;
                default -> false;
              };
      return last || jumps ? statements : null;
    }
    return null;
  }

  /** The last element of {@code list} (null if empty), without indexing javac's linked list. */
  private static <T> T lastOf(List<? extends T> list) {
    T last = null;
    for (T element : list) {
      last = element;
    }
    return last;
  }
}
