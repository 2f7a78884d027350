package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Answers, for a field: does the class create the executor or timer it holds, and does any code in
 * the same file release it (in {@code close()}, {@code stop()}, a {@code @PreDestroy} method, a
 * shutdown hook: any method counts)? Also: is the field reassigned while it holds a live object?
 *
 * <p>A field counts as created by its class when the class assigns it a new object (in its
 * declaration, a constructor, an initializer or any method, directly or through a local variable
 * or a factory method of the file). Silent for fields that never receive an object the class
 * creates (injected ones, or ones other code stores into it), for {@code
 * public} and {@code protected} fields (other code is meant to manage them), for fields whose
 * object escapes (returned by a getter, passed on, copied to another variable), and for {@code
 * static} fields whose threads are all daemons (they live for the JVM by design).
 */
public final class FieldLifecycle {
  private FieldLifecycle() {}

  /** What is wrong with a field. */
  public enum Problem {
    NEVER_RELEASED,
    REASSIGNED_LIVE
  }

  /** A finding about a field; {@code method} names where it is reassigned (REASSIGNED_LIVE). */
  public record Finding(Problem problem, String field, String method) {}

  public static Optional<Finding> judge(
      VariableTree field, OwnedResource kind, VisitorState state) {
    return judge(
        field, kind, state, UnitFacts.forUnit(null, state.getPath().getCompilationUnit()));
  }

  /**
   * As above, looking uses and declarations up in {@code facts} (which must describe the unit
   * being analysed, with {@code state.getPath()} at {@code field}), so that judging every field of
   * a unit scans it only once.
   */
  public static Optional<Finding> judge(
      VariableTree field, OwnedResource kind, VisitorState state, UnitFacts facts) {
    Symbol symbol = ASTHelpers.getSymbol(field);
    if (symbol == null
        || symbol.getKind() != ElementKind.FIELD
        || symbol.getModifiers().contains(Modifier.PUBLIC)
        || symbol.getModifiers().contains(Modifier.PROTECTED)
        || !kind.mayHold(symbol.type, state)) {
      return Optional.empty();
    }
    boolean isStatic = symbol.getModifiers().contains(Modifier.STATIC);
    List<TreePath> creations = new ArrayList<>();
    if (field.getInitializer() != null
        && ResourceLifecycle.isOwnedCreation(field.getInitializer(), kind, state, facts)) {
      TreePath fieldPath =
          state.getPath().getLeaf() == field
              ? state.getPath()
              : TreePath.getPath(state.getPath().getCompilationUnit(), field);
      if (fieldPath != null) {
        creations.add(new TreePath(fieldPath, field.getInitializer()));
      }
    }
    for (TreePath path : facts.assignments(symbol)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (ASTHelpers.getSymbol(assignment.getVariable()) == symbol
          && byTheClassItself(path, assignment.getVariable(), symbol)
          && (ResourceLifecycle.isOwnedCreation(assignment.getExpression(), kind, state, facts)
              || isLocalHoldingCreation(assignment.getExpression(), kind, state, facts))) {
        creations.add(new TreePath(path, assignment.getExpression()));
      }
    }
    List<TreePath> references = facts.uses(symbol);
    if (creations.isEmpty()) {
      return Optional.empty();
    }
    if (isStatic
        && creations.stream()
            .allMatch(
                c -> kind.createsDaemonThreads((ExpressionTree) Uses.strip(c.getLeaf()), state))) {
      return Optional.empty();
    }
    boolean released = false;
    for (TreePath reference : references) {
      switch (Uses.classify(reference, kind, state)) {
        case ESCAPE -> {
          return Optional.empty();
        }
        case RELEASE -> released = true;
        default -> {}
      }
    }
    String name = symbol.getSimpleName().toString();
    if (!released) {
      return Optional.of(new Finding(Problem.NEVER_RELEASED, name, null));
    }
    return reassignedLive(field, symbol, creations, references, kind, state, facts)
        .map(method -> new Finding(Problem.REASSIGNED_LIVE, name, method));
  }

  /**
   * The name of a method that assigns a new object to a field that already holds a live one,
   * without first looking at the old value (a null check, a release, a copy).
   */
  private static Optional<String> reassignedLive(
      VariableTree field,
      Symbol symbol,
      List<TreePath> creations,
      List<TreePath> references,
      OwnedResource kind,
      VisitorState state,
      UnitFacts facts) {
    boolean liveFromStart = field.getInitializer() != null;
    for (TreePath creation : creations) {
      MethodTree method = enclosingMethod(creation);
      if (method == null) {
        continue;
      }
      if (ASTHelpers.getSymbol(method).isConstructor() && !liveFromStart) {
        liveFromStart = true;
      }
    }
    if (!liveFromStart) {
      return Optional.empty();
    }
    for (TreePath creation : creations) {
      MethodTree method = enclosingMethod(creation);
      if (method == null || creation.getLeaf() == field.getInitializer()) {
        continue;
      }
      boolean constructor = ASTHelpers.getSymbol(method).isConstructor();
      if (constructor && field.getInitializer() == null) {
        continue;
      }
      int position = ASTHelpers.getStartPosition(creation.getLeaf());
      boolean looked = false;
      for (TreePath reference : references) {
        if (enclosingMethod(reference) == method
            && ASTHelpers.getStartPosition(reference.getLeaf()) < position
            && !(reference.getParentPath().getLeaf() instanceof AssignmentTree assignment
                && assignment.getVariable() == reference.getLeaf())
            && looksAtOldValue(reference, creation, kind, state)) {
          looked = true;
        }
      }
      if (!looked && callsReleasingHelper(method, position, symbol, kind, state, facts)) {
        looked = true;
      }
      if (!looked) {
        // A constructor is named after its class in the message ("Pool()"), not "<init>()".
        Symbol.MethodSymbol methodSymbol = ASTHelpers.getSymbol(method);
        return Optional.of(
            methodSymbol.isConstructor()
                ? methodSymbol.owner.getSimpleName().toString()
                : method.getName().toString());
      }
    }
    return Optional.empty();
  }

  /**
   * True if the reference at {@code path}, made before the new object at {@code creation} is
   * stored in the field, deals with the old value: releases it, hands it on, or tests it in a way
   * that guards the store (a condition around it, {@code if (pool != null) return;} before it, an
   * {@code assert} or {@code checkState(pool == null)}). Merely using it ({@code
   * pool.execute(task)}), or testing it in an {@code if} that neither encloses the store nor
   * leaves, does not.
   */
  private static boolean looksAtOldValue(
      TreePath path, TreePath creation, OwnedResource kind, VisitorState state) {
    if (Uses.classify(path, kind, state) != Uses.Kind.BORROW) {
      return true;
    }
    boolean tested = false;
    Tree child = path.getLeaf();
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree parent = p.getLeaf();
      if (parent instanceof IfTree ifTree && ifTree.getCondition() == child) {
        return encloses(ifTree.getThenStatement(), creation)
            || encloses(ifTree.getElseStatement(), creation)
            || cannotCompleteNormally(ifTree.getThenStatement());
      }
      if (parent instanceof WhileLoopTree loop && loop.getCondition() == child) {
        return encloses(loop.getStatement(), creation);
      }
      if (parent instanceof DoWhileLoopTree doLoop && doLoop.getCondition() == child) {
        return encloses(doLoop.getStatement(), creation);
      }
      if (parent instanceof ForLoopTree forLoop && forLoop.getCondition() == child) {
        return encloses(forLoop.getStatement(), creation);
      }
      if (parent instanceof ConditionalExpressionTree conditional
          && conditional.getCondition() == child) {
        return encloses(conditional.getTrueExpression(), creation)
            || encloses(conditional.getFalseExpression(), creation);
      }
      switch (parent.getKind()) {
        case EQUAL_TO, NOT_EQUAL_TO, CONDITIONAL_AND, CONDITIONAL_OR, LOGICAL_COMPLEMENT,
            INSTANCE_OF -> tested = true;
        default -> {}
      }
      if (parent instanceof StatementTree || parent instanceof MethodTree) {
        return tested;
      }
      child = parent;
    }
    return false;
  }

  /** True if {@code tree} is an ancestor of (or is) the leaf of {@code path}. */
  private static boolean encloses(Tree tree, TreePath path) {
    if (tree == null) {
      return false;
    }
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() == tree) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code statement} always ends in a {@code return} or {@code throw}. */
  private static boolean cannotCompleteNormally(StatementTree statement) {
    StatementTree last = statement;
    while (last instanceof BlockTree block && !block.getStatements().isEmpty()) {
      last = block.getStatements().get(block.getStatements().size() - 1);
    }
    return last != null
        && (last.getKind() == Tree.Kind.RETURN || last.getKind() == Tree.Kind.THROW);
  }

  /**
   * True if {@code method}, before {@code position}, calls a method of this file that releases
   * {@code field} (directly or through another such method): {@code stopExecutor(); pool = ..}.
   */
  private static boolean callsReleasingHelper(
      MethodTree method,
      int position,
      Symbol field,
      OwnedResource kind,
      VisitorState state,
      UnitFacts facts) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (ASTHelpers.getStartPosition(call) < position
            && releasesField(
                ASTHelpers.getSymbol(call), field, kind, state, new HashSet<>(), facts)) {
          found[0] = true;
        }
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree clazz, Void unused) {
        return null;
      }
    }.scan(method.getBody(), null);
    return found[0];
  }

  private static boolean releasesField(
      Symbol method,
      Symbol field,
      OwnedResource kind,
      VisitorState state,
      Set<Symbol> seen,
      UnitFacts facts) {
    if (method == null || seen.size() > 3 || !seen.add(method)) {
      return false;
    }
    Tree declaration = facts.declaration(method);
    if (!(declaration instanceof MethodTree helper) || helper.getBody() == null) {
      return false;
    }
    TreePath helperPath = facts.methodPath(helper);
    if (helperPath == null) {
      return false;
    }
    boolean[] found = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        check(identifier);
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        check(select);
        return super.visitMemberSelect(select, null);
      }

      private void check(Tree tree) {
        if (!found[0]
            && ASTHelpers.getSymbol(tree) == field
            && Uses.classify(getCurrentPath(), kind, state) == Uses.Kind.RELEASE) {
          found[0] = true;
        }
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (!found[0]
            && releasesField(ASTHelpers.getSymbol(call), field, kind, state, seen, facts)) {
          found[0] = true;
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(helperPath, null);
    return found[0];
  }

  /**
   * True if the assignment at {@code path} is made by the field's own class on its own instance
   * ({@code pool = ..}, {@code this.pool = ..}), not by other code storing into another object.
   */
  private static boolean byTheClassItself(TreePath path, ExpressionTree target, Symbol field) {
    if (target instanceof MemberSelectTree select
        && !(select.getExpression() instanceof IdentifierTree receiver
            && (receiver.getName().contentEquals("this")
                || ASTHelpers.getSymbol(receiver) == field.owner))) {
      return false;
    }
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree clazz) {
        return ASTHelpers.getSymbol(clazz) == field.owner;
      }
    }
    return false;
  }

  /**
   * True for {@code this.pool = pool} where the local {@code pool} was declared with a new object:
   * the field takes over what the method created.
   */
  private static boolean isLocalHoldingCreation(
      ExpressionTree expression, OwnedResource kind, VisitorState state, UnitFacts facts) {
    Tree stripped = Uses.strip(expression);
    if (!(stripped instanceof IdentifierTree)) {
      return false;
    }
    Symbol local = ASTHelpers.getSymbol(stripped);
    if (local == null || local.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    Tree declaration = facts.declaration(local);
    return declaration instanceof VariableTree variable
        && variable.getInitializer() != null
        && ResourceLifecycle.isOwnedCreation(variable.getInitializer(), kind, state, facts);
  }

  private static MethodTree enclosingMethod(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree method) {
        return method;
      }
      if (leaf.getKind() == Tree.Kind.LAMBDA_EXPRESSION || leaf.getKind() == Tree.Kind.CLASS) {
        return null;
      }
    }
    return null;
  }

}
