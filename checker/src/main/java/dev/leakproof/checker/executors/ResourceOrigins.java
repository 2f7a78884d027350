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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;

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
   * it holds: not under a condition that tests where the object came from ({@code if
   * (config.getPool() == null)}, {@code if (ownsPool)}; see {@link #testsOrigin}), nor in a {@code
   * catch} or a loop. A release under such a condition says that the class releases the object only
   * when it is its own. Conditions about the variable itself ({@code if (pool != null)}) or the
   * object's life ({@code if (closed.compareAndSet(false, true))}, {@code if (isInit)}) are fine.
   */
  public static boolean releasedUnconditionally(
      Symbol variable, OwnedResource kind, VisitorState state, UnitFacts facts) {
    return releasedUnconditionally(variable, kind, false, state, facts);
  }

  /**
   * As {@link #releasedUnconditionally(Symbol, OwnedResource, VisitorState, UnitFacts)}; with
   * {@code byInstanceCode}, only a release in instance code counts (a {@code close()} of the
   * object, not a {@code static shutdown()} of the class).
   */
  static boolean releasedUnconditionally(Symbol variable, OwnedResource kind,
      boolean byInstanceCode, VisitorState state, UnitFacts facts) {
    for (TreePath use : facts.uses(variable)) {
      if (Uses.classify(use, kind, state) == Uses.Kind.RELEASE
          && !isConditional(use, variable, facts)
          && !(byInstanceCode && isStaticCode(use))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStaticCode(TreePath use) {
    PeriodicTaskNeverCancelled.Context context = PeriodicTaskNeverCancelled.context(use);
    return context == null || context.isStatic();
  }

  private static boolean isConditional(TreePath use, Symbol variable, UnitFacts facts) {
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
      if (condition != null && testsOrigin(condition, variable, facts)) {
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

  /**
   * Whether {@code condition} depends on where {@code variable}'s object came from: it reads
   * something a value stored into the variable reads ({@code config} in {@code pool =
   * config.getPool() != null ? .. : ..}), or a parameter of the method or constructor that stores
   * it (the one that hands the object in, or a {@code shutdownOnClose} beside it), directly or
   * through a field assigned from one ({@code this.ownsPool = pool == null}).
   */
  private static boolean testsOrigin(ExpressionTree condition, Symbol variable, UnitFacts facts) {
    Set<Symbol> origin = origin(variable, facts);
    if (origin.isEmpty()) {
      return false;
    }
    Set<Symbol> tested = reads(condition);
    tested.remove(variable);
    for (Symbol read : List.copyOf(tested)) {
      if (read.getKind() == ElementKind.FIELD) {
        tested.addAll(origin(read, facts));
      }
    }
    return !Collections.disjoint(origin, tested);
  }

  /** What the values stored into {@code variable} read, and the parameters of their methods. */
  private static Set<Symbol> origin(Symbol variable, UnitFacts facts) {
    Set<Symbol> origin = new HashSet<>();
    if (facts.declaration(variable) instanceof VariableTree declaration
        && declaration.getInitializer() != null) {
      origin.addAll(reads(declaration.getInitializer()));
    }
    for (TreePath path : facts.assignments(variable)) {
      origin.addAll(reads(((AssignmentTree) path.getLeaf()).getExpression()));
      MethodTree method = ASTHelpers.findEnclosingNode(path, MethodTree.class);
      if (method != null) {
        method.getParameters().forEach(p -> origin.add(ASTHelpers.getSymbol(p)));
      }
    }
    origin.remove(variable);
    return origin;
  }

  /** The variables (fields, parameters, locals) {@code tree} reads. */
  private static Set<Symbol> reads(Tree tree) {
    Set<Symbol> read = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        add(ASTHelpers.getSymbol(identifier));
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        add(ASTHelpers.getSymbol(select));
        return super.visitMemberSelect(select, null);
      }

      private void add(Symbol symbol) {
        if (symbol instanceof Symbol.VarSymbol
            && !symbol.getSimpleName().contentEquals("this")
            && !symbol.getSimpleName().contentEquals("super")) {
          read.add(symbol);
        }
      }
    }.scan(tree, null);
    return read;
  }

  private static boolean holdsCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    return ResourceLifecycle.isOwnedCreation(expression, kind, state)
        || ResourceLifecycle.creationInLocal(expression, kind, state) != null;
  }
}
