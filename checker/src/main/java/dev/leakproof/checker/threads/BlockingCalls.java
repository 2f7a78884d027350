package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
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
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Which calls are blocking waits with no time bound (each with its timed twin), and which of them
 * are the fork/join design or the whole job of their method; waits on a future known to be
 * complete are {@link CompletedFutures}' answer.
 */
public final class BlockingCalls {
  static final String CF = "java.util.concurrent.CompletableFuture";
  private static final String FJ_TASK = "java.util.concurrent.ForkJoinTask";
  private static final String[] ALWAYS_UNBOUNDED_QUEUES = {
    "java.util.concurrent.PriorityBlockingQueue", "java.util.concurrent.DelayQueue",
    "java.util.concurrent.LinkedTransferQueue"
  };
  /** Queues that are unbounded unless a capacity (an int) is passed to their constructor. */
  private static final Set<String> CAPACITY_FREE_WHEN_NO_INT =
      Set.of("java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque");

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

  /** The primitives by method name: this is asked for every call of the code. */
  private static final Map<String, List<Primitive>> PRIMITIVES_BY_NAME =
      PRIMITIVES.stream().collect(Collectors.groupingBy(Primitive::name));

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
    for (Primitive primitive :
        PRIMITIVES_BY_NAME.getOrDefault(symbol.getSimpleName().toString(), List.of())) {
      if (symbol.params().size() != primitive.arity()
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
  static boolean isUnboundedQueue(@Nullable ExpressionTree queue, VisitorState state) {
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
    if (declaration == null) {
      return false;
    }
    if (declaration.getInitializer() != null) {
      return isCapacityFree(declaration.getInitializer());
    }
    // a final field set in the constructor (queue = new LinkedBlockingQueue<>(); SolrJ)
    List<TreePath> assignments = UnitFacts.of(state).assignments(variable);
    return !assignments.isEmpty() && assignments.stream()
        .allMatch(a -> isCapacityFree(((AssignmentTree) a.getLeaf()).getExpression()));
  }

  private static boolean isCapacityFree(ExpressionTree value) {
    if (!(ASTHelpers.stripParentheses(value) instanceof NewClassTree creation)) {
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
   * Whether the wait is the whole job of its method, so that the method's caller chooses the bound:
   * a method of the same name that forwards to it ({@code awaitUninterruptibly() {
   * delegate().awaitUninterruptibly(); }}), or a method that returns the result of waiting on its
   * own parameter ({@code V getUnchecked(Future<V> f) { return getUninterruptibly(f); }}), or the
   * blocking twin of an asynchronous method of the same object, which waits on what that method
   * returns ({@code Session connect() { return getUninterruptibly(connectAsync()); }}): a caller who
   * needs a bound calls {@code connectAsync()} and waits as it chooses. A {@code
   * .toCompletableFuture()} between the future and the wait only adapts it.
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
        ExpressionTree target = asFuture(symbol.isStatic() && !call.getArguments().isEmpty()
            ? call.getArguments().get(0) : ASTHelpers.getReceiver(call));
        if (isAsyncTwinCall(target, method)) {
          return true;
        }
        Symbol waited = target == null
            ? null
            : ASTHelpers.getSymbol(CompletedFutures.unwrapNullCheck(ASTHelpers.stripParentheses(target)));
        return returned && waited != null && waited.getKind() == ElementKind.PARAMETER
            && waited.owner == ASTHelpers.getSymbol(method);
      }
    }
    return false;
  }

  /** {@code stage} without a {@code .toCompletableFuture()} that only adapts it. */
  @Nullable
  private static ExpressionTree asFuture(@Nullable ExpressionTree stage) {
    ExpressionTree current = stage == null ? null : ASTHelpers.stripParentheses(stage);
    while (current instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && ASTHelpers.getSymbol(call).getSimpleName().contentEquals("toCompletableFuture")
        && ASTHelpers.getReceiver(call) != null) {
      current = ASTHelpers.stripParentheses(ASTHelpers.getReceiver(call));
    }
    return current;
  }

  /** {@code connectAsync(..)} or {@code this.connectAsync(..)} inside {@code connect(..)}. */
  private static boolean isAsyncTwinCall(@Nullable ExpressionTree target, MethodTree method) {
    if (!(target != null && ASTHelpers.stripParentheses(target) instanceof MethodInvocationTree call)) {
      return false;
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    return (receiver == null
            || (receiver instanceof IdentifierTree self && self.getName().contentEquals("this")))
        && ASTHelpers.getSymbol(call).getSimpleName().contentEquals(method.getName() + "Async");
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
