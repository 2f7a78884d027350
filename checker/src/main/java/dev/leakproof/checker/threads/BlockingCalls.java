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
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Which calls are blocking waits with no time bound (each with its timed twin), and which of them
 * are known not to block for long: on a future known to be complete, or the fork/join design.
 */
public final class BlockingCalls {
  private static final String CF = "java.util.concurrent.CompletableFuture";
  private static final String FJ_TASK = "java.util.concurrent.ForkJoinTask";
  private static final Set<String> DONE_CHECKS =
      Set.of("isDone", "isCompletedNormally", "isCompletedExceptionally", "isCancelled", "state");
  private static final Set<String> COMPLETION_CALLBACKS =
      Set.of("thenRun", "thenAccept", "thenApply", "thenCompose", "thenCombine", "thenAcceptBoth",
          "runAfterBoth", "runAfterEither", "applyToEither", "acceptEither", "whenComplete",
          "handle", "exceptionally", "exceptionallyCompose", "addListener", "addCallback",
          "transform", "transformAsync", "catching", "catchingAsync", "whenAllComplete",
          "whenAllSucceed", "callAsync", "call", "run");
  private static final String[] ALWAYS_UNBOUNDED_QUEUES = {
    "java.util.concurrent.PriorityBlockingQueue", "java.util.concurrent.DelayQueue",
    "java.util.concurrent.LinkedTransferQueue"
  };
  /** Queues that are unbounded unless a capacity (an int) is passed to their constructor. */
  private static final Set<String> CAPACITY_FREE_WHEN_NO_INT =
      Set.of("java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque");
  private static final Set<String> NULL_CHECKS =
      Set.of("requireNonNull", "checkNotNull", "verifyNotNull");
  private static final Set<String> COMPLETED_FACTORIES =
      Set.of("completedFuture", "failedFuture", "completedStage", "immediateFuture",
          "immediateFailedFuture", "immediateCancelledFuture", "immediateVoidFuture");

  /**
   * An untimed wait: what never happening makes it block forever ({@code risk}), its timed twin,
   * and whether an interrupt can end it.
   */
  public record Wait(String risk, String twin, boolean interruptible) {}

  private record Primitive(String owner, String name, int arity, boolean isStatic, Wait kind) {}

  private static final List<Primitive> PRIMITIVES = List.of(
      p("java.util.concurrent.BlockingQueue", "take", 0, "if nothing is ever put", "`poll(timeout, unit)`"),
      p("java.util.concurrent.BlockingQueue", "put", 1, "if the queue stays full", "`offer(e, timeout, unit)`"),
      p("java.util.concurrent.BlockingDeque", "takeFirst", 0, "if nothing is ever put", "`pollFirst(timeout, unit)`"),
      p("java.util.concurrent.BlockingDeque", "takeLast", 0, "if nothing is ever put", "`pollLast(timeout, unit)`"),
      p("java.util.concurrent.BlockingDeque", "putFirst", 1, "if the deque stays full", "`offerFirst(e, timeout, unit)`"),
      p("java.util.concurrent.BlockingDeque", "putLast", 1, "if the deque stays full", "`offerLast(e, timeout, unit)`"),
      p("java.util.concurrent.TransferQueue", "transfer", 1, "if no consumer ever takes the element", "`tryTransfer(e, timeout, unit)`"),
      p("java.util.concurrent.Future", "get", 0, "if the task never completes", "`get(timeout, unit)`"),
      new Primitive(CF, "join", 0, false, new Wait("if the future never completes",
          "`orTimeout(timeout, unit)` before joining, or `get(timeout, unit)`", false)),
      p(FJ_TASK, "join", 0, "if the task never completes", "`get(timeout, unit)`"),
      p("java.util.concurrent.CountDownLatch", "await", 0, "if the count never reaches zero", "`await(timeout, unit)`"),
      p("java.util.concurrent.CyclicBarrier", "await", 0, "if a party never arrives", "`await(timeout, unit)`"),
      new Primitive("java.util.concurrent.Phaser", "awaitAdvance", 1, false, new Wait(
          "if a party never arrives", "`awaitAdvanceInterruptibly(phase, timeout, unit)`", false)),
      p("java.util.concurrent.Phaser", "awaitAdvanceInterruptibly", 1, "if a party never arrives",
          "`awaitAdvanceInterruptibly(phase, timeout, unit)`"),
      p("java.util.concurrent.locks.Condition", "await", 0, "if the condition is never signalled", "`await(timeout, unit)`"),
      new Primitive("java.util.concurrent.locks.Condition", "awaitUninterruptibly", 0, false, new Wait(
          "if the condition is never signalled", "`await(timeout, unit)`", false)),
      p("java.util.concurrent.Semaphore", "acquire", 0, "if no permit is ever released", "`tryAcquire(timeout, unit)`"),
      p("java.util.concurrent.Semaphore", "acquire", 1, "if the permits are never released", "`tryAcquire(permits, timeout, unit)`"),
      new Primitive("java.util.concurrent.Semaphore", "acquireUninterruptibly", 0, false, new Wait(
          "if no permit is ever released", "`tryAcquire(timeout, unit)`", false)),
      new Primitive("java.util.concurrent.Semaphore", "acquireUninterruptibly", 1, false, new Wait(
          "if the permits are never released", "`tryAcquire(permits, timeout, unit)`", false)),
      p("java.util.concurrent.Exchanger", "exchange", 1, "if no partner ever arrives", "`exchange(x, timeout, unit)`"),
      p("java.lang.Thread", "join", 0, "if that thread never ends", "`join(Duration)` or `join(millis)`"),
      p("java.lang.Object", "wait", 0, "if nobody ever calls notify", "`wait(millis)`"),
      p("java.util.concurrent.ExecutorService", "invokeAll", 1, "if a task never completes", "`invokeAll(tasks, timeout, unit)`"),
      p("java.util.concurrent.ExecutorService", "invokeAny", 1, "if no task ever completes", "`invokeAny(tasks, timeout, unit)`"),
      p("java.lang.Process", "waitFor", 0, "if the process never exits", "`waitFor(timeout, unit)`"),
      g("takeUninterruptibly", 1, "if nothing is ever put", "`poll(timeout, unit)`"),
      g("putUninterruptibly", 2, "if the queue stays full", "`offer(e, timeout, unit)`"),
      g("getUninterruptibly", 1, "if the future never completes", "`getUninterruptibly(future, timeout, unit)`"),
      g("joinUninterruptibly", 1, "if that thread never ends", "`joinUninterruptibly(thread, timeout, unit)`"),
      g("awaitUninterruptibly", 1, "if the count never reaches zero", "`awaitUninterruptibly(latch, timeout, unit)`"));

  private static Primitive p(String owner, String name, int arity, String risk, String twin) {
    return new Primitive(owner, name, arity, false, new Wait(risk, twin, true));
  }

  private static Primitive g(String name, int arity, String risk, String twin) {
    return new Primitive("com.google.common.util.concurrent.Uninterruptibles", name, arity, true,
        new Wait(risk, twin, false));
  }

  private BlockingCalls() {}

  /**
   * The untimed wait {@code call} is, if it is one. {@code CompletableFuture.join()} after {@code
   * orTimeout}/{@code completeOnTimeout} in its chain is bounded and not one. Each body is
   * indexed once (in the {@link UnitCache}).
   */
  public static Optional<Wait> untimedWait(MethodInvocationTree call, VisitorState state) {
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    for (Primitive primitive : PRIMITIVES) {
      if (!symbol.getSimpleName().contentEquals(primitive.name())
          || symbol.params().size() != primitive.arity()
          || symbol.isStatic() != primitive.isStatic()) {
        continue;
      }
      boolean matches = primitive.owner().equals("java.lang.Object")
          ? symbol.owner.getQualifiedName().contentEquals("java.lang.Object")
          : TypeNames.isSubtype(symbol.owner.type, state, primitive.owner());
      if (!matches) {
        continue;
      }
      if (primitive.owner().equals(CF)
          && hasTimeoutInChain(ASTHelpers.getReceiver(call), state, 3)) {
        return Optional.empty();
      }
      if (primitive.name().startsWith("put") && isUnboundedQueue(ASTHelpers.getReceiver(call), state)) {
        return Optional.empty(); // a queue without a capacity never makes put() wait
      }
      return Optional.of(primitive.kind());
    }
    return Optional.empty();
  }

  /**
   * Whether {@code queue} has no capacity bound: its type is one that is always unbounded, or it
   * is a variable that is never reassigned and initialised with a capacity-free constructor
   * ({@code new LinkedBlockingQueue<>()}).
   */
  private static boolean isUnboundedQueue(@Nullable ExpressionTree queue, VisitorState state) {
    if (queue == null) {
      return false;
    }
    if (TypeNames.isSubtype(ASTHelpers.getType(queue), state, ALWAYS_UNBOUNDED_QUEUES)) {
      return true;
    }
    if (!(ASTHelpers.getSymbol(queue) instanceof VarSymbol variable)
        || ((variable.flags() & (Flags.FINAL | Flags.EFFECTIVELY_FINAL)) == 0)) {
      return false;
    }
    VariableTree declaration = SourceLookup.declaration(variable, VariableTree.class, state);
    ExpressionTree initializer = declaration == null ? null : declaration.getInitializer();
    if (!(initializer instanceof NewClassTree creation)) {
      return false;
    }
    Symbol constructor = ASTHelpers.getSymbol(creation);
    boolean capacityFree = creation.getArguments().stream()
        .map(ASTHelpers::getType)
        .noneMatch(argument -> argument != null && argument.isPrimitive());
    return capacityFree
        && CAPACITY_FREE_WHEN_NO_INT.contains(constructor.owner.getQualifiedName().toString());
  }

  private static boolean hasTimeoutInChain(ExpressionTree receiver, VisitorState state, int depth) {
    ExpressionTree current = receiver == null ? null : ASTHelpers.stripParentheses(receiver);
    while (current instanceof MethodInvocationTree invocation) {
      MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
      if (symbol.getSimpleName().contentEquals("orTimeout")
          || symbol.getSimpleName().contentEquals("completeOnTimeout")) {
        return true;
      }
      current = ASTHelpers.getReceiver(invocation);
      current = current == null ? null : ASTHelpers.stripParentheses(current);
    }
    Symbol symbol = current == null ? null : ASTHelpers.getSymbol(current);
    if (symbol instanceof VarSymbol variable
        && bodyTimeouts(state).boundedInPlace().contains(variable)) {
      return true;
    }
    if (depth > 0 && symbol instanceof VarSymbol variable && variable.getKind() == ElementKind.FIELD) {
      VariableTree field = SourceLookup.declaration(variable, VariableTree.class, state);
      return field != null && field.getInitializer() != null
          && hasTimeoutInChain(field.getInitializer(), state, depth - 1);
    }
    if (depth > 0 && symbol instanceof VarSymbol variable && variable.getKind() == ElementKind.LOCAL_VARIABLE) {
      VariableTree declaration = bodyTimeouts(state).declarations().get(variable);
      return declaration != null && declaration.getInitializer() != null
          && hasTimeoutInChain(declaration.getInitializer(), state, depth - 1);
    }
    return false;
  }

  /**
   * The body around the wait, indexed once: the variables bounded in place ({@code
   * x.orTimeout(..)}, {@code x.completeOnTimeout(..)} as a call of its own: both complete that
   * same future when the time is up) and each variable's declaration (the last one found, nested
   * lambdas and classes included).
   */
  private record BodyTimeouts(Set<Symbol> boundedInPlace, Map<Symbol, VariableTree> declarations) {}

  private static BodyTimeouts bodyTimeouts(VisitorState state) {
    Tree body = Flow.enclosingBody(state.getPath());
    if (body == null) {
      return new BodyTimeouts(Set.of(), Map.of());
    }
    return UnitCache.get(state, "BlockingCalls.bodyTimeouts", body, () -> {
      Set<Symbol> bounded = new HashSet<>();
      for (MethodInvocationTree call : LocalTrees.findAll(body, MethodInvocationTree.class)) {
        MethodSymbol symbol = ASTHelpers.getSymbol(call);
        ExpressionTree receiver = ASTHelpers.getReceiver(call);
        if (receiver != null
            && (symbol.getSimpleName().contentEquals("orTimeout")
                || symbol.getSimpleName().contentEquals("completeOnTimeout"))) {
          Symbol target = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
          if (target != null) {
            bounded.add(target);
          }
        }
      }
      Map<Symbol, VariableTree> declarations = new HashMap<>();
      for (VariableTree v : LocalTrees.findAll(body, VariableTree.class)) {
        declarations.put(ASTHelpers.getSymbol(v), v);
      }
      return new BodyTimeouts(bounded, declarations);
    });
  }

  /**
   * Whether the wait at {@code path} is on a future known to be complete: one made complete
   * ({@code completedFuture}), checked with {@code isDone()} in the same method, waited inside a
   * completion callback, or joined after {@code CompletableFuture.allOf(..)} was waited for.
   * Each method is indexed once (in the {@link UnitCache}).
   */
  public static boolean knownComplete(TreePath path, VisitorState state) {
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
        if (name.equals("allOf") && otherSymbol.owner.getQualifiedName().contentEquals(CF)) {
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
  private static ExpressionTree unwrapNullCheck(ExpressionTree expression) {
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
    for (MethodInvocationTree inner : LocalTrees.find(helper.getBody(), MethodInvocationTree.class)) {
      if (DONE_CHECKS.contains(ASTHelpers.getSymbol(inner).getSimpleName().toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the wait is the whole job of its method, so that the method's caller chooses the bound:
   * a method of the same name that forwards to it ({@code awaitUninterruptibly() {
   * delegate().awaitUninterruptibly(); }}), or a method that returns the result of waiting on its
   * own parameter ({@code V getUnchecked(Future<V> f) { return getUninterruptibly(f); }}).
   */
  public static boolean isWaitingApi(TreePath path) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    boolean returned = false;
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof com.sun.source.tree.ReturnTree) {
        returned = true;
      }
      if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return false;
      }
      if (leaf instanceof MethodTree method) {
        if (method.getName().contentEquals(symbol.getSimpleName())) {
          return true;
        }
        ExpressionTree target = symbol.isStatic() && !call.getArguments().isEmpty()
            ? call.getArguments().get(0) : ASTHelpers.getReceiver(call);
        Symbol waited = target == null ? null
            : ASTHelpers.getSymbol(unwrapNullCheck(ASTHelpers.stripParentheses(target)));
        return returned && waited != null && waited.getKind() == ElementKind.PARAMETER
            && waited.owner == ASTHelpers.getSymbol(method);
      }
    }
    return false;
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

  /**
   * Whether the wait is part of the fork/join design: {@code ForkJoinTask.join()} in a ForkJoinTask
   * subclass (its {@code compute()}), where the pool helps run other tasks while waiting.
   */
  public static boolean isForkJoinDesign(TreePath path, VisitorState state) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    if (!TypeNames.isSubtype(ASTHelpers.getSymbol(call).owner.type, state, FJ_TASK)) {
      return false;
    }
    ClassTree enclosing = ASTHelpers.findEnclosingNode(path, ClassTree.class);
    Symbol classSymbol = enclosing == null ? null : ASTHelpers.getSymbol(enclosing);
    return classSymbol != null && TypeNames.isSubtype(classSymbol.type, state, FJ_TASK);
  }
}
