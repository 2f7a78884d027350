package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;

/**
 * Waits on a future known to be complete, which do not block for long: one made complete ({@code
 * completedFuture(..)}, {@code immediateFuture(..)}), checked for completion first (directly or
 * through a helper of the compilation), waited for in a completion callback, or joined after
 * {@code allOf(..)}. A future that is a parameter of a method only code of this file can call is
 * judged by that method's call sites: known complete when every call site passes a future known
 * complete there by the same rules (followed {@value #CALLER_DEPTH} methods up).
 */
final class CompletedFutures {
  private static final Set<String> DONE_CHECKS =
      Set.of("isDone", "isCompletedNormally", "isCompletedExceptionally", "isCancelled", "state");
  private static final Set<String> COMPLETION_CALLBACKS =
      Set.of("thenRun", "thenAccept", "thenApply", "thenCompose", "thenCombine", "thenAcceptBoth",
          "runAfterBoth", "runAfterEither", "applyToEither", "acceptEither", "whenComplete",
          "handle", "exceptionally", "exceptionallyCompose", "addListener", "addCallback",
          "transform", "transformAsync", "catching", "catchingAsync", "whenAllComplete",
          "whenAllSucceed", "callAsync", "call", "run");
  private static final Set<String> NULL_CHECKS =
      Set.of("requireNonNull", "checkNotNull", "verifyNotNull");
  private static final Set<String> COMPLETED_FACTORIES =
      Set.of("completedFuture", "failedFuture", "completedStage", "immediateFuture",
          "immediateFailedFuture", "immediateCancelledFuture", "immediateVoidFuture");

  /** How many methods up a future parameter is followed to its callers' arguments. */
  static final int CALLER_DEPTH = 3;

  private CompletedFutures() {}

  /**
   * Whether the wait at {@code path} is on a future known to be complete (see the class doc).
   * Each method is indexed once (in the {@link UnitCache}).
   */
  static boolean knownComplete(TreePath path, VisitorState state) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    boolean onFuture = TypeNames.isSubtype(symbol.owner.type, state, "java.util.concurrent.Future")
        || symbol.getSimpleName().contentEquals("getUninterruptibly");
    if (!onFuture) {
      return false;
    }
    ExpressionTree target = symbol.isStatic() && !call.getArguments().isEmpty()
        ? call.getArguments().get(0) : ASTHelpers.getReceiver(call);
    if (!symbol.isStatic() && (target == null || LocalTrees.isThis(target))) {
      // A future waiting on itself: getNow(v) { return isDone() ? join() : v; }
      MethodTree method = ASTHelpers.findEnclosingNode(path, MethodTree.class);
      return method != null && method.getBody() != null
          && callIndex(method.getBody(), state).selfChecked();
    }
    return target != null && completeAt(target, path, state, CALLER_DEPTH);
  }

  /**
   * Whether {@code future}, used by the call at {@code use}, is known complete there; a parameter
   * is followed to the call sites of its method {@code depth} methods up.
   */
  private static boolean completeAt(
      ExpressionTree future, TreePath use, VisitorState state, int depth) {
    ExpressionTree target = unwrapNullCheck(ASTHelpers.stripParentheses(future));
    if (target instanceof MethodInvocationTree factory
        && COMPLETED_FACTORIES.contains(ASTHelpers.getSymbol(factory).getSimpleName().toString())) {
      return true;
    }
    Symbol futureSymbol = ASTHelpers.getSymbol(target);
    MethodTree method = ASTHelpers.findEnclosingNode(use, MethodTree.class);
    if (method != null && method.getBody() != null) {
      CallIndex index = callIndex(method.getBody(), state);
      if (futureSymbol != null && index.doneChecked().contains(futureSymbol)) {
        return true;
      }
      if (futureSymbol != null) {
        for (MethodInvocationTree other : index.passing().getOrDefault(futureSymbol, List.of())) {
          if (isDoneCheckHelper(other, futureSymbol, state)) {
            return true;
          }
        }
      }
      if (index.firstAllOf() < ASTHelpers.getStartPosition(use.getLeaf())) {
        return true;
      }
    }
    if (insideCompletionCallback(use)) {
      return true;
    }
    return depth > 0 && method != null && futureSymbol != null
        && completeAtEveryCall(method, futureSymbol, state, depth - 1);
  }

  /**
   * Whether {@code future} is a parameter of {@code method}, a method only this file can call,
   * and every call site of it (there is at least one, and no method reference to it) passes a
   * future known complete there.
   */
  private static boolean completeAtEveryCall(
      MethodTree method, Symbol future, VisitorState state, int depth) {
    MethodSymbol methodSymbol = ASTHelpers.getSymbol(method);
    if (future.getKind() != ElementKind.PARAMETER
        || future.owner != methodSymbol
        || !onlyCalledInThisFile(methodSymbol, state)) {
      return false;
    }
    int index = methodSymbol.getParameters().indexOf(future);
    if (index < 0 || (methodSymbol.isVarArgs() && index == methodSymbol.getParameters().size() - 1)) {
      return false;
    }
    return UnitCache.get(state, "CompletedFutures.atEveryCall", List.of(methodSymbol, index, depth), () -> {
      CallSites sites = callSites(state);
      List<TreePath> calls = sites.calls().getOrDefault(methodSymbol, List.of());
      if (calls.isEmpty() || sites.referenced().contains(methodSymbol)) {
        return false; // never called, or called with arguments we cannot see
      }
      for (TreePath site : calls) {
        List<? extends ExpressionTree> arguments = ((MethodInvocationTree) site.getLeaf()).getArguments();
        if (arguments.size() <= index || !completeAt(arguments.get(index), site, state, depth)) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Whether only code of this file can call {@code method}: it is private, or it is declared in a
   * private, local or anonymous class (or one nested in such a class) and overrides nothing (an
   * override can be called through its supertype from anywhere). A package-private method is not:
   * other files of the package can call it.
   */
  private static boolean onlyCalledInThisFile(MethodSymbol method, VisitorState state) {
    if (method.isConstructor()) {
      return false;
    }
    if (method.isPrivate()) {
      return true;
    }
    boolean hidden = false;
    for (Symbol owner = method.owner; owner instanceof ClassSymbol c; owner = c.owner) {
      hidden |= c.isPrivate() || c.isDirectlyOrIndirectlyLocal() || c.isAnonymous();
    }
    return hidden && ASTHelpers.findSuperMethods(method, state.getTypes()).isEmpty();
  }

  /**
   * The calls under a body (nested lambdas and classes included), indexed once: the variables
   * checked for completion ({@code future.isDone()}), the calls each variable is passed to (after
   * {@link #unwrapNullCheck}), and where the first {@code CompletableFuture.allOf(..)} starts.
   */
  private record CallIndex(
      Set<Symbol> doneChecked,
      boolean selfChecked,
      Map<Symbol, List<MethodInvocationTree>> passing,
      int firstAllOf) {}

  private static CallIndex callIndex(Tree body, VisitorState state) {
    return UnitCache.get(state, "BlockingCalls.callIndex", body, () -> {
      Set<Symbol> doneChecked = new HashSet<>();
      boolean selfChecked = false; // isDone() or this.isDone(): the object is itself the future
      Map<Symbol, List<MethodInvocationTree>> passing = new HashMap<>();
      int firstAllOf = Integer.MAX_VALUE;
      for (MethodInvocationTree other : LocalTrees.findAll(body, MethodInvocationTree.class)) {
        MethodSymbol otherSymbol = ASTHelpers.getSymbol(other);
        String name = otherSymbol.getSimpleName().toString();
        ExpressionTree receiver = ASTHelpers.getReceiver(other);
        if (DONE_CHECKS.contains(name) && receiver != null && !LocalTrees.isThis(receiver)) {
          Symbol checked = ASTHelpers.getSymbol(receiver);
          if (checked != null) {
            doneChecked.add(checked);
          }
        } else if (DONE_CHECKS.contains(name) && !otherSymbol.isStatic()) {
          selfChecked = true;
        }
        Set<Symbol> passed = new HashSet<>();
        for (ExpressionTree argument : other.getArguments()) {
          Symbol argumentSymbol =
              ASTHelpers.getSymbol(unwrapNullCheck(ASTHelpers.stripParentheses(argument)));
          if (argumentSymbol != null && passed.add(argumentSymbol)) {
            passing.computeIfAbsent(argumentSymbol, k -> new ArrayList<>()).add(other);
          }
        }
        if (name.equals("allOf") && otherSymbol.owner.getQualifiedName().contentEquals(BlockingCalls.CF)) {
          firstAllOf = Math.min(firstAllOf, ASTHelpers.getStartPosition(other));
        }
      }
      return new CallIndex(doneChecked, selfChecked, passing, firstAllOf);
    });
  }

  /**
   * The calls of the file to its own methods, by the method called (each with its path), and the
   * methods the file refers to by method reference; indexed once per file.
   */
  private record CallSites(Map<Symbol, List<TreePath>> calls, Set<Symbol> referenced) {}

  private static CallSites callSites(VisitorState state) {
    return UnitCache.get(state, "CompletedFutures.callSites", null, () -> {
      Map<Symbol, List<TreePath>> calls = new HashMap<>();
      Set<Symbol> referenced = new HashSet<>();
      CompilationUnitTree file = state.getPath().getCompilationUnit();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
          Symbol called = ASTHelpers.getSymbol(tree);
          if (called.enclClass() != null && called.enclClass().sourcefile == file.getSourceFile()) {
            calls.computeIfAbsent(called, k -> new ArrayList<>()).add(getCurrentPath());
          }
          return super.visitMethodInvocation(tree, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(tree);
          if (target != null) {
            referenced.add(target);
          }
          return super.visitMemberReference(tree, unused);
        }
      }.scan(file, null);
      return new CallSites(calls, referenced);
    });
  }

  /** {@code requireNonNull(x)}, {@code checkNotNull(x)}: the checked value, else the expression. */
  static ExpressionTree unwrapNullCheck(ExpressionTree expression) {
    if (expression instanceof MethodInvocationTree call && !call.getArguments().isEmpty()) {
      if (NULL_CHECKS.contains(ASTHelpers.getSymbol(call).getSimpleName().toString())) {
        return ASTHelpers.stripParentheses(call.getArguments().get(0));
      }
    }
    return expression;
  }

  /**
   * Whether {@code call} passes the future to a method of this compilation that checks whether
   * its argument is done ({@code if (isReady(future)) future.join()}).
   */
  private static boolean isDoneCheckHelper(
      MethodInvocationTree call, Symbol future, VisitorState state) {
    boolean passesFuture = false;
    for (ExpressionTree argument : call.getArguments()) {
      passesFuture |= future.equals(ASTHelpers.getSymbol(unwrapNullCheck(ASTHelpers.stripParentheses(argument))));
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    MethodTree helper = passesFuture ? SourceLookup.method(symbol, state) : null;
    if (helper == null || helper.getBody() == null) {
      return false;
    }
    return LocalTrees.contains(helper.getBody(), MethodInvocationTree.class,
        inner -> DONE_CHECKS.contains(ASTHelpers.getSymbol(inner).getSimpleName().toString()));
  }

  private static boolean insideCompletionCallback(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null && p.getParentPath() != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree && !(p.getParentPath().getLeaf() instanceof ClassTree)) {
        return false;
      }
      boolean callback = leaf instanceof LambdaExpressionTree
          || leaf instanceof ClassTree && p.getParentPath().getLeaf() instanceof NewClassTree;
      if (callback) {
        Tree parent = leaf instanceof ClassTree
            ? p.getParentPath().getParentPath().getLeaf() : p.getParentPath().getLeaf();
        if (parent instanceof MethodInvocationTree invocation) {
          MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
          String name = symbol.getSimpleName().toString().replace("Async", "");
          return COMPLETION_CALLBACKS.contains(name) && !name.equals("run") && !name.equals("call");
        }
        return false;
      }
    }
    return false;
  }
}
