package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
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
 * Waits on a future known to be complete, which do not block for long: one made complete, checked
 * for completion first, waited for in a completion callback, or joined after {@code allOf(..)}.
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

  private CompletedFutures() {}

  /**
   * Whether the wait at {@code path} is on a future known to be complete: one made complete
   * ({@code completedFuture}), checked with {@code isDone()} in the same method, waited inside a
   * completion callback, or joined after {@code CompletableFuture.allOf(..)} was waited for.
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
    if (target == null) {
      return false;
    }
    target = unwrapNullCheck(ASTHelpers.stripParentheses(target));
    if (target instanceof MethodInvocationTree factory) {
      if (COMPLETED_FACTORIES.contains(ASTHelpers.getSymbol(factory).getSimpleName().toString())) {
        return true;
      }
    }
    Symbol futureSymbol = ASTHelpers.getSymbol(target);
    MethodTree method = ASTHelpers.findEnclosingNode(path, MethodTree.class);
    if (method != null && futureSymbol != null
        && doneAtEveryCall(method, futureSymbol, state)) {
      return true;
    }
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
      if (index.firstAllOf() < ASTHelpers.getStartPosition(call)) {
        return true;
      }
    }
    return insideCompletionCallback(path);
  }

  /**
   * The calls under a body (nested lambdas and classes included), indexed once: the variables
   * checked for completion ({@code future.isDone()}), the calls each variable is passed to (after
   * {@link #unwrapNullCheck}), and where the first {@code CompletableFuture.allOf(..)} starts.
   */
  private record CallIndex(
      Set<Symbol> doneChecked, Map<Symbol, List<MethodInvocationTree>> passing, int firstAllOf) {}

  private static CallIndex callIndex(Tree body, VisitorState state) {
    return UnitCache.get(state, "BlockingCalls.callIndex", body, () -> {
      Set<Symbol> doneChecked = new HashSet<>();
      Map<Symbol, List<MethodInvocationTree>> passing = new HashMap<>();
      int firstAllOf = Integer.MAX_VALUE;
      for (MethodInvocationTree other : LocalTrees.findAll(body, MethodInvocationTree.class)) {
        MethodSymbol otherSymbol = ASTHelpers.getSymbol(other);
        String name = otherSymbol.getSimpleName().toString();
        ExpressionTree receiver = ASTHelpers.getReceiver(other);
        if (DONE_CHECKS.contains(name) && receiver != null) {
          Symbol checked = ASTHelpers.getSymbol(receiver);
          if (checked != null) {
            doneChecked.add(checked);
          }
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
      return new CallIndex(doneChecked, passing, firstAllOf);
    });
  }

  /**
   * Every method body of the compilation unit (nested ones included, each on its own) with the
   * calls under it, by the method called, in source order.
   */
  private record CallSite(MethodTree caller, MethodInvocationTree call) {}

  private static Map<Symbol, List<CallSite>> callSites(VisitorState state) {
    return UnitCache.get(state, "BlockingCalls.callSites", null, () -> {
      Map<Symbol, List<CallSite>> sites = new HashMap<>();
      for (MethodTree caller :
          LocalTrees.findAll(state.getPath().getCompilationUnit(), MethodTree.class)) {
        if (caller.getBody() == null) {
          continue;
        }
        for (MethodInvocationTree call :
            LocalTrees.findAll(caller.getBody(), MethodInvocationTree.class)) {
          Symbol called = ASTHelpers.getSymbol(call);
          sites.computeIfAbsent(called, k -> new ArrayList<>()).add(new CallSite(caller, call));
        }
      }
      return sites;
    });
  }

  /**
   * Whether {@code future} is a parameter of a private {@code method} whose every caller in this
   * compilation unit passes a future it has checked for completion: the caller's invariant.
   */
  private static boolean doneAtEveryCall(MethodTree method, Symbol future, VisitorState state) {
    MethodSymbol methodSymbol = ASTHelpers.getSymbol(method);
    if (!methodSymbol.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)
        || future.getKind() != ElementKind.PARAMETER || future.owner != methodSymbol) {
      return false;
    }
    int index = methodSymbol.getParameters().indexOf(future);
    if (index < 0) {
      return false;
    }
    int calls = 0;
    for (CallSite site : callSites(state).getOrDefault(methodSymbol, List.of())) {
      MethodInvocationTree call = site.call();
      calls++;
      Symbol passed = call.getArguments().size() > index
          ? ASTHelpers.getSymbol(ASTHelpers.stripParentheses(call.getArguments().get(index))) : null;
      if (passed == null
          || !callIndex(site.caller().getBody(), state).doneChecked().contains(passed)) {
        return false;
      }
    }
    return calls > 0;
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
   * Whether {@code call} passes the future to a method of this compilation unit that checks whether
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
