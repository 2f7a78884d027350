package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.google.errorprone.util.Reachability;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers, for a field whose class creates and releases the object it holds: does some method
 * store a new object while the field still holds a live one, without first looking at the old
 * value (releasing it, handing it on, or testing it in a way that guards the store)? A field
 * declared {@code = null} or with no initialiser holds nothing live before its first store.
 */
final class FieldReassignment {
  private FieldReassignment() {}

  /**
   * The name of a method that assigns a new object to a field that already holds a live one,
   * without first looking at the old value (a null check, a release, a copy).
   */
  static Optional<String> reassignedLive(
      VariableTree field,
      Symbol symbol,
      List<TreePath> creations,
      List<TreePath> references,
      OwnedResource kind,
      VisitorState state) {
    // A field declared `= null` (or with no initialiser) holds nothing live until assigned.
    boolean initialised =
        field.getInitializer() != null
            && !ResourceLifecycle.isNull(field.getInitializer());
    boolean liveFromStart = initialised;
    for (TreePath creation : creations) {
      MethodTree method = FieldLifecycle.enclosingMethod(creation);
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
      MethodTree method = FieldLifecycle.enclosingMethod(creation);
      if (method == null || creation.getLeaf() == field.getInitializer()) {
        continue;
      }
      boolean constructor = ASTHelpers.getSymbol(method).isConstructor();
      if (constructor && !initialised) {
        continue;
      }
      int position = ASTHelpers.getStartPosition(creation.getLeaf());
      boolean looked = false;
      for (TreePath reference : references) {
        if (FieldLifecycle.enclosingMethod(reference) == method
            && ASTHelpers.getStartPosition(reference.getLeaf()) < position
            && !(reference.getParentPath().getLeaf() instanceof AssignmentTree assignment
                && assignment.getVariable() == reference.getLeaf())
            && looksAtOldValue(reference, creation, kind, state)) {
          looked = true;
        }
      }
      if (!looked && callsReleasingHelper(method, position, symbol, kind, state)) {
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
        return Uses.isInside(creation, ifTree.getThenStatement())
            || Uses.isInside(creation, ifTree.getElseStatement())
            || !Reachability.canCompleteNormally(ifTree.getThenStatement());
      }
      if (parent instanceof WhileLoopTree loop && loop.getCondition() == child) {
        return Uses.isInside(creation, loop.getStatement());
      }
      if (parent instanceof DoWhileLoopTree doLoop && doLoop.getCondition() == child) {
        return Uses.isInside(creation, doLoop.getStatement());
      }
      if (parent instanceof ForLoopTree forLoop && forLoop.getCondition() == child) {
        return Uses.isInside(creation, forLoop.getStatement());
      }
      if (parent instanceof ConditionalExpressionTree conditional
          && conditional.getCondition() == child) {
        return Uses.isInside(creation, conditional.getTrueExpression())
            || Uses.isInside(creation, conditional.getFalseExpression());
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

  /**
   * True if {@code method}, before {@code position}, calls a method of this file that releases
   * {@code field} (directly or through another such method): {@code stopExecutor(); pool = ..}.
   */
  private static boolean callsReleasingHelper(
      MethodTree method, int position, Symbol field, OwnedResource kind, VisitorState state) {
    return LocalTrees.contains(
        method.getBody(),
        MethodInvocationTree.class,
        call ->
            ASTHelpers.getStartPosition(call) < position
                && releasesField(ASTHelpers.getSymbol(call), field, kind, state, new HashSet<>()));
  }

  private static boolean releasesField(
      Symbol method, Symbol field, OwnedResource kind, VisitorState state, Set<Symbol> seen) {
    if (method == null || seen.size() > 3 || !seen.add(method)) {
      return false;
    }
    if (!(SourceLookup.inThisFile(method, state) instanceof MethodTree helper)
        || helper.getBody() == null) {
      return false;
    }
    TreePath helperPath = SourceLookup.path(method, state);
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
            && releasesField(ASTHelpers.getSymbol(call), field, kind, state, seen)) {
          found[0] = true;
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(helperPath, null);
    return found[0];
  }
}
