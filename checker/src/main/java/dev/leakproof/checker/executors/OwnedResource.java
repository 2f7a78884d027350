package dev.leakproof.checker.executors;

import static com.google.errorprone.matchers.method.MethodMatchers.constructor;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UsePolicy;
import java.util.Set;

/**
 * A kind of object that owns threads and must be released by whoever creates it: an executor
 * (released by {@code shutdown}) or a {@link java.util.Timer} (released by {@code cancel}).
 *
 * <p>Answers, for one expression: does it create such an object, does this call release one, does
 * passing one to this call keep ownership where it is, and are the created threads daemons.
 */
public abstract class OwnedResource implements UsePolicy {
  /** Thread pools and fork/join pools: {@code Executors.new*} and the pool constructors. */
  public static final OwnedResource EXECUTOR = new Executor();

  /** {@link java.util.Timer}: its thread starts in the constructor. */
  public static final OwnedResource TIMER = new Timer();

  /** JDK methods that only look at an object they get: print it, format it, compare it. */
  private static final Matcher<ExpressionTree> LOOKS_ONLY =
      Matchers.anyOf(
          instanceMethod()
              .onDescendantOfAny("java.io.PrintStream", "java.io.PrintWriter")
              .namedAnyOf("print", "println", "printf", "format"),
          staticMethod().onClass("java.lang.String").namedAnyOf("valueOf", "format"),
          instanceMethod()
              .onExactClassAny("java.lang.StringBuilder", "java.lang.StringBuffer")
              .namedAnyOf("append", "insert"),
          staticMethod()
              .onClass("java.util.Objects")
              .namedAnyOf("toString", "equals", "deepEquals", "hash", "hashCode", "isNull",
                  "nonNull"));

  /** What the object is called in messages ("executor", "timer"). */
  public abstract String noun();

  /** The release call shown in messages and fixes, without receiver ("shutdown()"). */
  public abstract String releaseCall();

  /** The JDK version from which the type is {@link AutoCloseable}, or 0 if never. */
  public abstract int closeableSince();

  /** True if {@code tree} itself creates a new object of this kind (and starts owning threads). */
  public abstract boolean isCreation(ExpressionTree tree, VisitorState state);

  /**
   * If {@code call} wraps an owned object it receives as argument and takes over its release
   * (Guava's {@code listeningDecorator}), the argument index; otherwise -1.
   */
  public int wrappedArgument(MethodInvocationTree call, VisitorState state) {
    return -1;
  }

  /** True if the threads of the object {@code creation} creates are all daemon threads. */
  public abstract boolean createsDaemonThreads(ExpressionTree creation, VisitorState state);

  /** Release methods called on the object itself. */
  abstract Set<String> releaseNames();

  /** The type that declares the release methods. */
  abstract String releaseOwner();

  @Override
  public boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
    return releaseNames().contains(ASTHelpers.getSymbol(call).getSimpleName().toString())
        && call.getArguments().isEmpty();
  }

  @Override
  public boolean isReleaseReference(MemberReferenceTree reference, VisitorState state) {
    return releaseNames().contains(reference.getName().toString());
  }

  /**
   * Printing, formatting or comparing the object with JDK code keeps it where it is ({@code
   * System.out.println(pool)}); kinds add the JDK code that only uses it.
   */
  @Override
  public boolean keepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return LOOKS_ONLY.matches(callOrNew, state);
  }

  /** True if a variable of type {@code type} can hold an object of this kind. */
  public boolean mayHold(Type type, VisitorState state) {
    Type held = state.getTypeFromString(heldType());
    return held != null && type != null && ASTHelpers.isSubtype(type, held, state);
  }

  /** The most general type that objects of this kind are held as. */
  abstract String heldType();

  /** True if the declared type {@code type} has the release method (so a fix can call it). */
  public boolean canRelease(Type type, VisitorState state) {
    Type owner = state.getTypeFromString(releaseOwner());
    return owner != null && type != null && ASTHelpers.isSubtype(type, owner, state);
  }

  private static final class Executor extends OwnedResource {
    private static final Matcher<ExpressionTree> FACTORY =
        staticMethod()
            .onClass("java.util.concurrent.Executors")
            .namedAnyOf(
                "newFixedThreadPool",
                "newCachedThreadPool",
                "newSingleThreadExecutor",
                "newScheduledThreadPool",
                "newSingleThreadScheduledExecutor",
                "newWorkStealingPool",
                "newVirtualThreadPerTaskExecutor",
                "newThreadPerTaskExecutor");
    private static final Matcher<ExpressionTree> DAEMON_FACTORY =
        staticMethod()
            .onClass("java.util.concurrent.Executors")
            .namedAnyOf("newWorkStealingPool", "newVirtualThreadPerTaskExecutor");
    private static final Matcher<ExpressionTree> RELEASE_ARGUMENT =
        staticMethod()
            .onClass("com.google.common.util.concurrent.MoreExecutors")
            .named("shutdownAndAwaitTermination");
    /** Wrappers whose shutdown shuts the wrapped pool down. */
    private static final Matcher<ExpressionTree> WRAPPER =
        Matchers.anyOf(
            staticMethod()
                .onClass("com.google.common.util.concurrent.MoreExecutors")
                .named("listeningDecorator"),
            staticMethod()
                .onClass("java.util.concurrent.Executors")
                .namedAnyOf(
                    "unconfigurableExecutorService", "unconfigurableScheduledExecutorService"));
    /**
     * Code that only runs tasks on the executor it is given and never shuts it down: the JDK's
     * futures and completion service, and Guava's future callbacks and transforms.
     */
    private static final Matcher<ExpressionTree> RUNS_TASKS_ONLY =
        Matchers.anyOf(
            staticMethod().onClass("java.util.concurrent.CompletableFuture"),
            instanceMethod().onDescendantOf("java.util.concurrent.CompletableFuture"),
            instanceMethod().onDescendantOf("java.util.concurrent.CompletionStage"),
            constructor().forClass("java.util.concurrent.ExecutorCompletionService"),
            staticMethod().onClass("com.google.common.util.concurrent.Futures"),
            instanceMethod()
                .onDescendantOf("com.google.common.util.concurrent.ListenableFuture")
                .named("addListener"),
            instanceMethod().onDescendantOf("com.google.common.util.concurrent.FluentFuture"));
    private static final String[] POOL_TYPES = {
      "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool"
    };

    @Override
    public String noun() {
      return "executor";
    }

    @Override
    public String releaseCall() {
      return "shutdown()";
    }

    @Override
    public int closeableSince() {
      return 19;
    }

    @Override
    Set<String> releaseNames() {
      return Set.of("shutdown", "shutdownNow", "close");
    }

    @Override
    String releaseOwner() {
      return "java.util.concurrent.ExecutorService";
    }

    @Override
    String heldType() {
      return "java.util.concurrent.Executor";
    }

    @Override
    public boolean isCreation(ExpressionTree tree, VisitorState state) {
      if (tree instanceof MethodInvocationTree) {
        return FACTORY.matches(tree, state);
      }
      if (tree instanceof NewClassTree) {
        Type type = ASTHelpers.getType(tree);
        for (String pool : POOL_TYPES) {
          Type poolType = state.getTypeFromString(pool);
          if (poolType != null && type != null && ASTHelpers.isSubtype(type, poolType, state)) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * Also {@code pool.allowCoreThreadTimeOut(true)}: every thread of such a pool ends when idle,
     * so it cannot leak idle threads.
     */
    @Override
    public boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
      if (call.getArguments().size() == 1
          && ASTHelpers.getSymbol(call).getSimpleName().contentEquals("allowCoreThreadTimeOut")
          && call.getArguments().get(0) instanceof LiteralTree literal
          && Boolean.TRUE.equals(literal.getValue())) {
        return true;
      }
      return super.isReleaseOnReceiver(call, state);
    }

    @Override
    public int wrappedArgument(MethodInvocationTree call, VisitorState state) {
      return WRAPPER.matches(call, state) ? 0 : -1;
    }

    @Override
    public boolean isReleaseArgument(MethodInvocationTree call, VisitorState state) {
      return RELEASE_ARGUMENT.matches(call, state);
    }

    @Override
    public boolean keepsOwnership(ExpressionTree callOrNew, VisitorState state) {
      return RUNS_TASKS_ONLY.matches(callOrNew, state) || super.keepsOwnership(callOrNew, state);
    }

    @Override
    public boolean createsDaemonThreads(ExpressionTree creation, VisitorState state) {
      if (DAEMON_FACTORY.matches(creation, state)) {
        return true;
      }
      Type forkJoin = state.getTypeFromString("java.util.concurrent.ForkJoinPool");
      java.util.List<? extends ExpressionTree> arguments;
      if (creation instanceof NewClassTree newClass) {
        arguments = newClass.getArguments();
        if (forkJoin != null && ASTHelpers.isSubtype(ASTHelpers.getType(creation), forkJoin, state)
            && arguments.size() <= 1) {
          // ForkJoinPool's default worker factory makes daemon threads.
          return true;
        }
      } else if (creation instanceof MethodInvocationTree call) {
        arguments = call.getArguments();
      } else {
        return false;
      }
      for (ExpressionTree argument : arguments) {
        if (isThreadFactory(argument, state)) {
          return DaemonThreads.isDaemonFactory(argument, state);
        }
      }
      return false;
    }

    private static boolean isThreadFactory(ExpressionTree argument, VisitorState state) {
      Type type = ASTHelpers.getType(argument);
      for (String factory :
          new String[] {
            "java.util.concurrent.ThreadFactory",
            "java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory"
          }) {
        Type factoryType = state.getTypeFromString(factory);
        if (type != null && factoryType != null && ASTHelpers.isSubtype(type, factoryType, state)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Timer extends OwnedResource {
    @Override
    public String noun() {
      return "timer";
    }

    @Override
    public String releaseCall() {
      return "cancel()";
    }

    @Override
    public int closeableSince() {
      return 0;
    }

    @Override
    Set<String> releaseNames() {
      return Set.of("cancel");
    }

    @Override
    String releaseOwner() {
      return "java.util.Timer";
    }

    @Override
    String heldType() {
      return "java.util.Timer";
    }

    @Override
    public boolean isCreation(ExpressionTree tree, VisitorState state) {
      if (!(tree instanceof NewClassTree)) {
        return false;
      }
      Type timer = state.getTypeFromString("java.util.Timer");
      Type type = ASTHelpers.getType(tree);
      return timer != null && type != null && ASTHelpers.isSubtype(type, timer, state);
    }

    @Override
    public boolean createsDaemonThreads(ExpressionTree creation, VisitorState state) {
      // new Timer(true) and new Timer(name, true); a flag decided elsewhere may be true too.
      for (ExpressionTree argument : ((NewClassTree) creation).getArguments()) {
        Type type = ASTHelpers.getType(argument);
        if (type != null
            && type.getKind() == javax.lang.model.type.TypeKind.BOOLEAN
            && !Boolean.FALSE.equals(ASTHelpers.constValue(argument, Boolean.class))) {
          return true;
        }
      }
      return false;
    }
  }
}
