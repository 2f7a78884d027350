package dev.leakproof.checker.threads;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.TypeNames;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;

/**
 * Which calls are waits (or attempts) that report through their result whether they succeeded:
 * {@code latch.await(t, u)}, {@code tryLock(..)}, {@code tryAcquire(..)}, {@code offer(..)} on a
 * bounded queue, timed {@code Condition} waits, and (for Strict mode) waits for an executor or a
 * process to end. For each: what the code assumes when it ignores the result, and which object
 * the result is about.
 */
final class TimedWaits {
  private TimedWaits() {}

  /** What kind of wait a call is; decides the wording and which exemptions apply. */
  enum Kind {
    LATCH("the count has not reached zero by the timeout", null,
        "as if the count had reached zero (as if every task had finished)"),
    CONDITION("the timeout elapses before a signal", null,
        "as if it had been signalled"),
    SEMAPHORE("no permit is obtained by the timeout", "no permit is available",
        "as if it held the permit: the work runs without one, and a later release() adds a permit"
            + " that was never taken"),
    LOCK("the lock is not obtained by the timeout", "another thread holds the lock",
        "as if it held the lock: the guarded code runs unprotected, and unlock() then throws"
            + " IllegalMonitorStateException"),
    QUEUE("the queue stays full until the timeout", "the queue is full",
        "as if the element had been queued, when it was dropped"),
    TERMINATION("tasks are still running at the timeout", null,
        "as if every task had ended"),
    PROCESS("the process is still running at the timeout", null,
        "as if the process had exited");

    private final String timedFailure;
    private final String untimedFailure;
    final String assumption;

    Kind(String timedFailure, String untimedFailure, String assumption) {
      this.timedFailure = timedFailure;
      this.untimedFailure = untimedFailure;
      this.assumption = assumption;
    }

    /** When the call reports failure: "the queue is full". */
    String failure(boolean timed) {
      return timed || untimedFailure == null ? timedFailure : untimedFailure;
    }

    /**
     * Waits for something to happen (not attempts to take something): a loop around them that
     * re-checks its condition each round makes their result redundant.
     */
    boolean isWaitForState() {
      return this == LATCH || this == CONDITION || this == TERMINATION || this == PROCESS;
    }

    /** Flagged only with {@code Strict=true}: most code waits for an end as a best effort. */
    boolean strictOnly() {
      return this == TERMINATION || this == PROCESS;
    }

    /**
     * Methods of the waited-on object that tell afterwards what the ignored result would have
     * told ({@code latch.getCount()}, {@code lock.isHeldByCurrentThread()}).
     */
    Set<String> stateQueries() {
      return switch (this) {
        case LATCH -> Set.of("getCount");
        case LOCK -> Set.of("isHeldByCurrentThread", "isWriteLockedByCurrentThread", "getHoldCount");
        case TERMINATION -> Set.of("isTerminated");
        case PROCESS -> Set.of("isAlive");
        default -> Set.of();
      };
    }
  }

  /**
   * A wait whose result was ignored. {@code subject} is the object it is about (the latch, lock,
   * queue, executor), null when it cannot be named; {@code timed} tells whether it has a timeout
   * (an untimed {@code tryLock()} fails at once); {@code nanos} marks {@code awaitNanos}, whose
   * result is the time left rather than a boolean.
   */
  record TimedWait(Kind kind, ExpressionTree subject, boolean timed, boolean nanos) {}

  private static final Set<String> NAMES =
      Set.of("await", "awaitNanos", "awaitUntil", "tryAcquire", "tryLock", "offer", "offerFirst",
          "offerLast", "tryTransfer", "awaitTermination", "waitFor", "awaitUninterruptibly",
          "tryAcquireUninterruptibly", "tryLockUninterruptibly",
          "awaitTerminationUninterruptibly", "shutdownAndAwaitTermination");

  private static final String UNINTERRUPTIBLES =
      "com.google.common.util.concurrent.Uninterruptibles";

  private static final Matcher<ExpressionTree> LATCH_AWAIT =
      instanceMethod().onDescendantOf("java.util.concurrent.CountDownLatch").named("await");
  private static final Matcher<ExpressionTree> CONDITION_AWAIT =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.locks.Condition")
          .namedAnyOf("await", "awaitNanos", "awaitUntil");
  private static final Matcher<ExpressionTree> TRY_ACQUIRE =
      instanceMethod().onDescendantOf("java.util.concurrent.Semaphore").named("tryAcquire");
  private static final Matcher<ExpressionTree> TRY_LOCK =
      instanceMethod().onDescendantOf("java.util.concurrent.locks.Lock").named("tryLock");
  private static final Matcher<ExpressionTree> QUEUE_OFFER =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.BlockingQueue")
          .namedAnyOf("offer", "offerFirst", "offerLast");
  private static final Matcher<ExpressionTree> TRY_TRANSFER =
      instanceMethod().onDescendantOf("java.util.concurrent.TransferQueue").named("tryTransfer");
  private static final Matcher<ExpressionTree> AWAIT_TERMINATION =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.ExecutorService")
          .named("awaitTermination");
  private static final Matcher<ExpressionTree> PROCESS_WAIT_FOR =
      instanceMethod().onDescendantOf("java.lang.Process").named("waitFor");
  private static final Matcher<ExpressionTree> GUAVA_WAITS =
      staticMethod()
          .onClass(UNINTERRUPTIBLES)
          .namedAnyOf("awaitUninterruptibly", "tryAcquireUninterruptibly",
              "tryLockUninterruptibly", "awaitTerminationUninterruptibly");
  private static final Matcher<ExpressionTree> SHUTDOWN_AND_AWAIT =
      staticMethod()
          .onClass("com.google.common.util.concurrent.MoreExecutors")
          .named("shutdownAndAwaitTermination");

  /** Queue types that always have a capacity bound (a SynchronousQueue has none to spare). */
  private static final String[] ALWAYS_BOUNDED_QUEUES = {
    "java.util.concurrent.ArrayBlockingQueue", "java.util.concurrent.SynchronousQueue"
  };
  /** Queue types that are bounded when their constructor gets a capacity (an int). */
  private static final Set<String> BOUNDED_WITH_CAPACITY =
      Set.of("java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque",
          "java.util.concurrent.ArrayBlockingQueue");

  /** The wait {@code call} is, if it reports its success in its result. */
  static Optional<TimedWait> of(MethodInvocationTree call, VisitorState state) {
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    if (!NAMES.contains(symbol.getSimpleName().toString())) {
      return Optional.empty();
    }
    if (symbol.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID) {
      return Optional.empty(); // an own overload that reports elsewhere (Redisson's void tryLock(..))
    }
    String name = symbol.getSimpleName().toString();
    int arity = symbol.params().size();
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (LATCH_AWAIT.matches(call, state) && arity == 2) {
      return wait(Kind.LATCH, receiver, true, false);
    }
    if (CONDITION_AWAIT.matches(call, state) && arity > 0) {
      return wait(Kind.CONDITION, receiver, true, name.equals("awaitNanos"));
    }
    if (TRY_ACQUIRE.matches(call, state)) {
      return wait(Kind.SEMAPHORE, receiver, hasTimeout(symbol), false);
    }
    if (TRY_LOCK.matches(call, state)) {
      return wait(Kind.LOCK, receiver, hasTimeout(symbol), false);
    }
    if (QUEUE_OFFER.matches(call, state)) {
      if (arity == 3) {
        // a queue without a capacity bound takes every element at once: nothing to time out
        return BlockingCalls.isUnboundedQueue(receiver, state)
            ? Optional.empty()
            : wait(Kind.QUEUE, receiver, true, false);
      }
      return arity == 1 && isBoundedQueue(receiver, state, UnitFacts.of(state))
          ? wait(Kind.QUEUE, receiver, false, false)
          : Optional.empty();
    }
    if (TRY_TRANSFER.matches(call, state) && arity == 3) {
      return wait(Kind.QUEUE, receiver, true, false);
    }
    if (AWAIT_TERMINATION.matches(call, state)) {
      return wait(Kind.TERMINATION, receiver, true, false);
    }
    if (PROCESS_WAIT_FOR.matches(call, state) && arity == 2) {
      return wait(Kind.PROCESS, receiver, true, false);
    }
    if ((GUAVA_WAITS.matches(call, state) || SHUTDOWN_AND_AWAIT.matches(call, state))
        && arity >= 2) {
      return guavaWait(call, state);
    }
    return Optional.empty();
  }

  private static Optional<TimedWait> wait(
      Kind kind, ExpressionTree subject, boolean timed, boolean nanos) {
    return Optional.of(new TimedWait(kind, subject, timed, nanos));
  }

  /** Guava's {@code Uninterruptibles} twins take the object as their first argument. */
  private static Optional<TimedWait> guavaWait(MethodInvocationTree call, VisitorState state) {
    ExpressionTree subject = call.getArguments().get(0);
    Type type = ASTHelpers.getType(subject);
    Kind kind = null;
    if (TypeNames.isSubtype(type, state, "java.util.concurrent.CountDownLatch")) {
      kind = Kind.LATCH;
    } else if (TypeNames.isSubtype(type, state, "java.util.concurrent.locks.Condition")) {
      kind = Kind.CONDITION;
    } else if (TypeNames.isSubtype(type, state, "java.util.concurrent.Semaphore")) {
      kind = Kind.SEMAPHORE;
    } else if (TypeNames.isSubtype(type, state, "java.util.concurrent.locks.Lock")) {
      kind = Kind.LOCK;
    } else if (TypeNames.isSubtype(type, state, "java.util.concurrent.ExecutorService")) {
      kind = Kind.TERMINATION;
    }
    return kind == null ? Optional.empty() : wait(kind, subject, true, false);
  }

  /** {@code tryLock(long, TimeUnit)}, {@code tryAcquire(int, long, TimeUnit)}, Duration forms. */
  private static boolean hasTimeout(MethodSymbol symbol) {
    return symbol.params().stream()
        .anyMatch(
            p -> p.type.getKind() == javax.lang.model.type.TypeKind.LONG
                || (p.type.tsym != null
                    && p.type.tsym.getQualifiedName().contentEquals("java.time.Duration")));
  }

  /**
   * True when {@code queue} is known to have a capacity bound: its type always has one, or it is
   * a variable (local or field) whose every value in this file is a queue created with a capacity
   * ({@code new LinkedBlockingQueue<>(100)}, {@code new ArrayBlockingQueue<>(size)}). A queue
   * whose creation cannot be seen (a parameter, a field set by other code) is not known bounded.
   */
  static boolean isBoundedQueue(ExpressionTree queue, VisitorState state, UnitFacts facts) {
    if (queue == null) {
      return false;
    }
    Type type = ASTHelpers.getType(queue);
    if (TypeNames.isSubtype(type, state, ALWAYS_BOUNDED_QUEUES)) {
      return true;
    }
    Symbol variable = ASTHelpers.getSymbol(queue);
    if (variable == null
        || (variable.getKind() != ElementKind.FIELD
            && variable.getKind() != ElementKind.LOCAL_VARIABLE)) {
      return false;
    }
    Tree declaration = facts.declaration(variable);
    if (!(declaration instanceof VariableTree variableTree)) {
      return false;
    }
    boolean any = false;
    if (variableTree.getInitializer() != null) {
      if (!isCreatedWithCapacity(variableTree.getInitializer())) {
        return false;
      }
      any = true;
    }
    for (TreePath path : facts.assignments(variable)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (Uses.refersTo(assignment.getVariable(), variable)) {
        if (!isCreatedWithCapacity(assignment.getExpression())) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static boolean isCreatedWithCapacity(ExpressionTree expression) {
    if (!(Uses.strip(expression) instanceof NewClassTree creation)) {
      return false;
    }
    Symbol constructor = ASTHelpers.getSymbol(creation);
    if (!BOUNDED_WITH_CAPACITY.contains(constructor.owner.getQualifiedName().toString())) {
      return false;
    }
    for (ExpressionTree argument : creation.getArguments()) {
      Type type = ASTHelpers.getType(argument);
      if (type != null && type.getKind() == javax.lang.model.type.TypeKind.INT) {
        // new LinkedBlockingQueue<>(Integer.MAX_VALUE) is the unbounded default spelled out.
        Integer capacity = ASTHelpers.constValue(argument, Integer.class);
        return capacity == null || capacity != Integer.MAX_VALUE;
      }
    }
    return false;
  }
}
