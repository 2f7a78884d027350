package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Answers, for one place where an executor or timer is created and kept in a local variable (or
 * created and dropped at once): does the code that created it also release it, on every path?
 * Field-held objects are {@link FieldLifecycle}'s question.
 *
 * <p>Silent when ownership leaves (see {@link Uses#firstEscape}), when the object goes straight
 * into a field, a return, an argument or anything else we do not follow, and when the code is too
 * unusual to judge ({@link ReleasePaths.Verdict#NOT_UNDERSTOOD}). A local is judged by {@link
 * LocalLifecycle}. An object returned by a method whose return type is {@code Executor}, which
 * has no shutdown, is reported there ({@link StoredAsExecutor}).
 */
public final class ResourceLifecycle {
  private ResourceLifecycle() {}

  /** What is wrong with one local or dropped object. */
  public enum Problem {
    /** Created, used in the same expression and dropped. */
    DROPPED,
    /** Kept in a local that is never released. */
    NEVER_RELEASED,
    /** Released, but some path leaves the scope first. */
    SKIPPED,
    /**
     * Returned by a method whose return type is {@code Executor}-only: no caller can release it;
     * {@code variable} names the method.
     */
    RETURNED_WITHOUT_RELEASE,
    /**
     * Created right inside a call of this code whose parameter is {@code Executor}-only: the callee
     * cannot release it without a cast, and nobody else holds it; {@code variable} names the
     * callee.
     */
    HANDED_ON_WITHOUT_RELEASE
  }

  /**
   * A finding: report at {@code creation}; {@code variable} is the local's name (null when
   * dropped); for {@link Problem#SKIPPED}, {@code exit} comes from {@link ReleasePaths.Result};
   * {@code storedWithoutRelease} when the local is declared with a type that has no release method
   * ({@code Executor}); {@code fix} may be empty.
   */
  public record Finding(
      Problem problem,
      Tree creation,
      String variable,
      @Nullable Exit exit,
      boolean storedWithoutRelease,
      Optional<SuggestedFix> fix) {}

  /**
   * Judges the creation at {@code state.getPath()} (an expression for which {@link
   * OwnedResource#isCreation} holds for {@code kind}, or for {@code kind.narrowed()}: such a
   * creation is judged only where it is stored as {@code Executor}). {@code suppressed} says
   * whether the check is suppressed on a symbol: it honours suppressions written on the variable's
   * declaration when the creation is a later assignment. Uses and declarations are looked up in
   * {@code facts} (which must describe the unit being analysed), so that judging every creation of
   * a unit scans it only once.
   */
  public static Optional<Finding> judgeCreation(
      OwnedResource kind,
      Predicate<Symbol> suppressed,
      VisitorState state,
      UnitFacts facts) {
    TreePath path = state.getPath();
    Tree child = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    // A creation only when stored as Executor (StoredAsExecutor): judged only where it is stored.
    boolean created = child instanceof ExpressionTree leaf && isOwnedCreation(leaf, kind, state);
    OwnedResource base = kind;
    kind = created ? kind : kind.narrowed();
    while (parentPath != null) {
      Tree parent = parentPath.getLeaf();
      if (parent.getKind() == Tree.Kind.PARENTHESIZED || parent.getKind() == Tree.Kind.TYPE_CAST) {
        child = parent;
        parentPath = parentPath.getParentPath();
      } else if (parent instanceof ConditionalExpressionTree conditional
          && conditional.getCondition() != child) {
        // cond ? newPool() : newOtherPool(): judged once, from the first branch.
        // cond ? newPool() : null: judged from the branch that creates.
        boolean first = conditional.getTrueExpression() == child;
        ExpressionTree other =
            first ? conditional.getFalseExpression() : conditional.getTrueExpression();
        boolean judgedHere =
            isNull(other) || (first && isOwnedCreation(other, kind, state));
        if (!judgedHere) {
          return Optional.empty();
        }
        child = parent;
        parentPath = parentPath.getParentPath();
      } else if (parent instanceof CaseTree caseTree
          && caseTree.getBody() == child
          && parentPath.getParentPath() != null
          && parentPath.getParentPath().getLeaf() instanceof SwitchExpressionTree switchExpression) {
        // switch (mode) { case A -> newPool(); default -> newOtherPool(); }: judged once, from
        // the first case, when every case creates.
        if (switchExpression.getCases().get(0) != caseTree
            || !isOwnedCreation(switchExpression, kind, state)) {
          return Optional.empty();
        }
        child = switchExpression;
        parentPath = parentPath.getParentPath().getParentPath();
      } else if (parent instanceof MethodInvocationTree call
          && kind.wrappedArgument(call, state) >= 0
          && call.getArguments().size() > kind.wrappedArgument(call, state)
          && call.getArguments().get(kind.wrappedArgument(call, state)) == child) {
        child = parent;
        parentPath = parentPath.getParentPath();
      } else {
        break;
      }
    }
    if (parentPath == null) {
      return Optional.empty();
    }
    Tree parent = parentPath.getLeaf();
    if (parent instanceof ReturnTree) {
      return returnedWithoutRelease(child, parentPath, state);
    }
    if (!created && !(parent instanceof VariableTree) && !(parent instanceof AssignmentTree)) {
      return Optional.empty();
    }
    if (parent instanceof ExpressionStatementTree) {
      return Optional.of(dropped(child));
    }
    if (parent instanceof MemberSelectTree select
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree call
        && call.getMethodSelect() == select) {
      return kind.isReleaseOnReceiver(call, state) ? Optional.empty() : Optional.of(dropped(child));
    }
    if (isArgumentOf(parent, child) && kind.keepsOwnership((ExpressionTree) parent, state)) {
      // CompletableFuture.supplyAsync(s, Executors.newFixedThreadPool(4)): the callee only runs
      // tasks on it and nobody else can ever shut it down.
      return Optional.of(dropped(child));
    }
    if (isArgumentOf(parent, child)
        && handedOnWithoutRelease((ExpressionTree) parent, child, kind, state)) {
      // protocol.setEventHandlingExecutor(Executors.newSingleThreadExecutor(..)) with an Executor
      // parameter: firmata4j#38, fixed by keeping the pool and shutting it down in stop()
      String callee = ASTHelpers.getSymbol(parent).getSimpleName().toString();
      return Optional.of(new Finding(
          Problem.HANDED_ON_WITHOUT_RELEASE, child, callee, null, true, Optional.empty()));
    }
    Symbol variable =
        parent instanceof VariableTree declaration && declaration.getInitializer() == child
            ? ASTHelpers.getSymbol(declaration)
            : parent instanceof AssignmentTree assignment && assignment.getExpression() == child
                ? ASTHelpers.getSymbol(assignment.getVariable())
                : null;
    return variable == null
        ? Optional.empty()
        : LocalLifecycle.judge(
            variable, child, parentPath, base, created, suppressed, state, facts);
  }

  /**
   * Whether {@code call} is a method or constructor of this compilation whose parameter receiving
   * {@code argument} is {@code Executor}-only ({@code setEventHandlingExecutor(Executor e)}), in a
   * class that never casts or tests anything as a releasable type: no code can shut it down.
   */
  private static boolean handedOnWithoutRelease(
      ExpressionTree call, Tree argument, OwnedResource kind, VisitorState state) {
    if (!(kind instanceof OwnedResource.Executor)
        || !(ASTHelpers.getSymbol(call) instanceof Symbol.MethodSymbol method)) {
      return false;
    }
    Symbol.VarSymbol parameter = SourceLookup.parameterReceiving(call, argument);
    if (parameter == null
        || method.isVarArgs()
        || SourceLookup.method(method, state) == null
        || !StoredAsExecutor.isExecutorOnly(parameter.type, state)) {
      return false;
    }
    ClassTree owner = SourceLookup.classTree(method.enclClass(), state);
    return owner != null
        && !LocalTrees.contains(owner, Tree.class, tree -> castsToReleasable(tree, kind, state));
  }

  /** {@code (ExecutorService) executor} or {@code executor instanceof ExecutorService}. */
  private static boolean castsToReleasable(Tree tree, OwnedResource kind, VisitorState state) {
    Tree type = tree instanceof TypeCastTree cast
        ? cast.getType()
        : tree instanceof InstanceOfTree test ? test.getType() : null;
    return type != null && kind.canRelease(ASTHelpers.getType(type), state);
  }

  private static boolean isArgumentOf(Tree parent, Tree child) {
    if (parent instanceof MethodInvocationTree call) {
      return call.getArguments().contains(child);
    }
    return parent instanceof NewClassTree newClass && newClass.getArguments().contains(child);
  }

  static boolean isNull(Tree tree) {
    return Uses.strip(tree).getKind() == Tree.Kind.NULL_LITERAL;
  }

  /**
   * The creation that the local variable {@code expression} names was declared with ({@code
   * Executors.newFixedThreadPool(2)} for {@code pool} after {@code ExecutorService pool =
   * Executors.newFixedThreadPool(2);}), or null.
   */
  static @Nullable ExpressionTree creationInLocal(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    Tree stripped = Uses.strip(expression);
    Symbol local = stripped instanceof IdentifierTree ? ASTHelpers.getSymbol(stripped) : null;
    return local != null
            && local.getKind() == ElementKind.LOCAL_VARIABLE
            && SourceLookup.inThisFile(local, state) instanceof VariableTree declaration
            && declaration.getInitializer() != null
            && isOwnedCreation(declaration.getInitializer(), kind, state)
        ? declaration.getInitializer()
        : null;
  }

  /** {@code cond ? creation : null} (either way round): an object or nothing. */
  static boolean isCreationOrNull(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    return Uses.strip(expression) instanceof ConditionalExpressionTree conditional
        && ((isNull(conditional.getFalseExpression())
                && isOwnedCreation(conditional.getTrueExpression(), kind, state))
            || (isNull(conditional.getTrueExpression())
                && isOwnedCreation(conditional.getFalseExpression(), kind, state)));
  }

  /**
   * {@code given != null ? given : Executors.new..()} (either way round): the class creates the
   * object only when it is not given one. Whoever gives one keeps it; the one created is owned.
   */
  static boolean isCreationOrGiven(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    return Uses.strip(expression) instanceof ConditionalExpressionTree conditional
        && !isNull(conditional.getTrueExpression())
        && !isNull(conditional.getFalseExpression())
        && (isOwnedCreation(conditional.getTrueExpression(), kind, state)
            != isOwnedCreation(conditional.getFalseExpression(), kind, state));
  }

  private static Finding dropped(Tree creation) {
    return new Finding(Problem.DROPPED, creation, null, null, false, Optional.empty());
  }

  /**
   * {@code return creation;} (or a local holding one) in a method whose return type is {@code
   * Executor}-only: reported once per method, at its first such return.
   */
  static Optional<Finding> returnedWithoutRelease(
      Tree creation, TreePath returnPath, VisitorState state) {
    MethodTree method = StoredAsExecutor.methodReturningExecutorOnly(returnPath, state);
    if (method == null
        || StoredAsExecutor.firstReturnedCreation(method, state) != Uses.strip(creation)) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Problem.RETURNED_WITHOUT_RELEASE,
            creation,
            method.getName().toString(),
            null,
            true,
            StoredAsExecutor.returnTypeFix(method, state)));
  }

  /**
   * True if {@code expression} creates an owned object: a creation, a wrapper around one, a
   * conditional choosing between two, or a call of a factory method of this file that only ever
   * returns new ones ({@link #isFactoryCall}).
   */
  public static boolean isOwnedCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state) {
    return isOwnedCreation(expression, kind, state, 0);
  }

  private static boolean isOwnedCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state, int depth) {
    Tree stripped = Uses.strip(expression);
    if (!(stripped instanceof ExpressionTree tree) || depth > 3) {
      return false;
    }
    if (kind.isCreation(tree, state)) {
      return true;
    }
    if (tree instanceof ConditionalExpressionTree conditional) {
      return isOwnedCreation(conditional.getTrueExpression(), kind, state, depth + 1)
          && isOwnedCreation(conditional.getFalseExpression(), kind, state, depth + 1);
    }
    if (tree instanceof SwitchExpressionTree switchExpression) {
      return !switchExpression.getCases().isEmpty()
          && switchExpression.getCases().stream()
              .allMatch(
                  c ->
                      c.getCaseKind() == CaseTree.CaseKind.RULE
                          && c.getBody() instanceof ExpressionTree body
                          && isOwnedCreation(body, kind, state, depth + 1));
    }
    if (tree instanceof MethodInvocationTree call) {
      int wrapped = kind.wrappedArgument(call, state);
      if (wrapped >= 0 && wrapped < call.getArguments().size()) {
        return isOwnedCreation(
            call.getArguments().get(wrapped), kind, state, depth + 1);
      }
      return isFactoryCall(call, kind, state, depth + 1);
    }
    return false;
  }

  /**
   * True if {@code call} calls a method of this file that cannot be overridden (private, static or
   * final) and whose every {@code return} hands out a newly created object ({@code private
   * ExecutorService newPool() { return Executors.newFixedThreadPool(4); }}): the caller owns it.
   */
  public static boolean isFactoryCall(
      MethodInvocationTree call, OwnedResource kind, VisitorState state) {
    return isFactoryCall(call, kind, state, 0);
  }

  private static boolean isFactoryCall(
      MethodInvocationTree call, OwnedResource kind, VisitorState state, int depth) {
    Symbol.MethodSymbol method = ASTHelpers.getSymbol(call);
    // Cheapest tests first: this runs for every call of the file.
    if (depth > 3
        || ((method.flags() & (Flags.PRIVATE | Flags.STATIC | Flags.FINAL)) == 0
            && (method.owner.flags() & Flags.FINAL) == 0)
        || method.getReturnType().isPrimitiveOrVoid()
        || !kind.canRelease(method.getReturnType(), state)) {
      return false;
    }
    if (!(SourceLookup.inThisFile(method, state) instanceof MethodTree methodTree)
        || methodTree.getBody() == null) {
      return false;
    }
    List<ReturnTree> returns = LocalTrees.find(methodTree.getBody(), ReturnTree.class);
    return !returns.isEmpty()
        && returns.stream()
            .allMatch(
                r ->
                    r.getExpression() != null
                        && isOwnedCreation(r.getExpression(), kind, state, depth + 1));
  }


}
