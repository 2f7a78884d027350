package dev.leakproof.checker.executors;

import static com.google.errorprone.matchers.method.MethodMatchers.constructor;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UsePolicy;
import dev.leakproof.checker.util.TypeNames;
import java.util.List;
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

  private final String noun;
  private final String releaseCall;
  private final int closeableSince;
  private final Set<String> releaseNames;
  private final String releaseOwner;
  private final String heldType;

  /**
   * @param noun what the object is called in messages ("executor", "timer")
   * @param releaseCall the release call shown in messages and fixes, without receiver
   * @param closeableSince the JDK version from which the type is {@link AutoCloseable}, or 0
   * @param releaseNames the release methods called on the object itself
   * @param releaseOwner the type that declares the release methods
   * @param heldType the most general type that objects of this kind are held as
   */
  OwnedResource(
      String noun,
      String releaseCall,
      int closeableSince,
      Set<String> releaseNames,
      String releaseOwner,
      String heldType) {
    this.noun = noun;
    this.releaseCall = releaseCall;
    this.closeableSince = closeableSince;
    this.releaseNames = releaseNames;
    this.releaseOwner = releaseOwner;
    this.heldType = heldType;
  }

  /** What the object is called in messages ("executor", "timer"). */
  public String noun() {
    return noun;
  }

  /** The release call shown in messages and fixes, without receiver ("shutdown()"). */
  public String releaseCall() {
    return releaseCall;
  }

  /** The type that declares the release methods ("java.util.concurrent.ExecutorService"). */
  String releaseOwner() {
    return releaseOwner;
  }

  /** The JDK version from which the type is {@link AutoCloseable}, or 0 if never. */
  public int closeableSince() {
    return closeableSince;
  }

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


  @Override
  public boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
    return releaseNames.contains(ASTHelpers.getSymbol(call).getSimpleName().toString())
        && call.getArguments().isEmpty();
  }

  @Override
  public boolean isReleaseReference(MemberReferenceTree reference, VisitorState state) {
    return releaseNames.contains(reference.getName().toString());
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
    return TypeNames.isSubtype(type, state, heldType);
  }

  /** True if the declared type {@code type} has the release method (so a fix can call it). */
  public boolean canRelease(Type type, VisitorState state) {
    return TypeNames.isSubtype(type, state, releaseOwner);
  }

  /**
   * True if every object of this kind is a {@code type} ({@code ExecutorService}, {@code
   * Executor}): an {@code instanceof type} test of a variable that holds one fails only on null.
   */
  public boolean alwaysA(javax.lang.model.type.TypeMirror type, VisitorState state) {
    Type owner = state.getTypeFromString(releaseOwner);
    return owner != null
        && type instanceof Type tested
        && ASTHelpers.isSubtype(owner, state.getTypes().erasure(tested), state);
  }

  /**
   * The kind to judge an object by when it is stored as {@code type}: {@link #narrowed()} when
   * {@code type} can hold one but has no release method ({@code Executor}), otherwise this kind.
   */
  OwnedResource storedAs(Type type, VisitorState state) {
    return type != null && mayHold(type, state) && !canRelease(type, state) ? narrowed() : this;
  }

  /**
   * This kind, for objects stored only where their static type has no release method (see {@link
   * StoredAsExecutor}); this kind itself when every type that holds one can release it.
   */
  OwnedResource narrowed() {
    return this;
  }

  /** Thread pools; {@link StoredAsExecutor} refines it. */
  static class Executor extends OwnedResource {
    Executor() {
      super(
          "executor",
          "shutdown()",
          19,
          Set.of("shutdown", "shutdownNow", "close"),
          "java.util.concurrent.ExecutorService",
          "java.util.concurrent.Executor");
    }

    private static final Matcher<ExpressionTree> FACTORY =
        staticMethod()
            .onClass("java.util.concurrent.Executors")
            .namedAnyOf(
                "newFixedThreadPool",
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
     * futures and completion service, its HTTP server and client (whose stop and close leave a
     * supplied executor running), and Guava's future callbacks and transforms.
     */
    private static final Matcher<ExpressionTree> RUNS_TASKS_ONLY =
        Matchers.anyOf(
            instanceMethod()
                .onDescendantOf("com.sun.net.httpserver.HttpServer")
                .named("setExecutor"),
            instanceMethod().onDescendantOf("java.net.http.HttpClient.Builder").named("executor"),
            staticMethod().onClass("java.util.concurrent.CompletableFuture"),
            instanceMethod().onDescendantOf("java.util.concurrent.CompletableFuture"),
            instanceMethod().onDescendantOf("java.util.concurrent.CompletionStage"),
            constructor().forClass("java.util.concurrent.ExecutorCompletionService"),
            staticMethod().onClass("com.google.common.util.concurrent.Futures"),
            instanceMethod()
                .onDescendantOf("com.google.common.util.concurrent.ListenableFuture")
                .named("addListener"),
            instanceMethod().onDescendantOf("com.google.common.util.concurrent.FluentFuture"));
    private static final Matcher<ExpressionTree> ALLOW_CORE_TIMEOUT =
        instanceMethod()
            .onDescendantOf("java.util.concurrent.ThreadPoolExecutor")
            .named("allowCoreThreadTimeOut");
    private static final String[] POOL_TYPES = {
      "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool"
    };

    /**
     * True if {@code tree} creates an executor that owns threads which live until it is shut
     * down. Not a pool whose threads all end by themselves when idle: {@code
     * Executors.newCachedThreadPool()} and {@code new ThreadPoolExecutor(0, max, keepAlive, ..)}
     * (no core threads, a keep-alive), so "never stops" would be false.
     */
    @Override
    public boolean isCreation(ExpressionTree tree, VisitorState state) {
      if (tree instanceof MethodInvocationTree) {
        return FACTORY.matches(tree, state);
      }
      if (tree instanceof NewClassTree newClass && IdlePools.threadsEndWhenIdle(newClass, state)) {
        return false;
      }
      return tree instanceof NewClassTree
          && TypeNames.isSubtype(ASTHelpers.getType(tree), state, POOL_TYPES);
    }

    /**
     * Also {@code pool.allowCoreThreadTimeOut(true)}: every thread of such a pool ends when idle,
     * so it cannot leak idle threads.
     */
    @Override
    public boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
      return (ALLOW_CORE_TIMEOUT.matches(call, state)
              && Boolean.TRUE.equals(ASTHelpers.constValue(call.getArguments().get(0))))
          || super.isReleaseOnReceiver(call, state);
    }

    @Override
    public int wrappedArgument(MethodInvocationTree call, VisitorState state) {
      return WRAPPER.matches(call, state) ? 0 : -1;
    }

    @Override
    OwnedResource narrowed() {
      return StoredAsExecutor.INSTANCE;
    }

    /**
     * Guava's {@code shutdownAndAwaitTermination(pool, ..)}, and any method named for shutting
     * down that takes the pool: a framework's manager that made it ({@code
     * context.getExecutorServiceManager().shutdown(pool)}, Camel) or a utility ({@code
     * ExecutorUtils.shutdownQuietly(pool)}), whose body is out of sight.
     */
    @Override
    public boolean isReleaseArgument(MethodInvocationTree call, VisitorState state) {
      return RELEASE_ARGUMENT.matches(call, state)
          || ASTHelpers.getSymbol(call).getSimpleName().toString().startsWith("shutdown");
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

      java.util.List<? extends ExpressionTree> arguments;
      if (creation instanceof NewClassTree newClass) {
        arguments = newClass.getArguments();
        if (TypeNames.isSubtype(
                ASTHelpers.getType(creation), state, "java.util.concurrent.ForkJoinPool")
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
      return TypeNames.isSubtype(
          ASTHelpers.getType(argument),
          state,
          "java.util.concurrent.ThreadFactory",
          "java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory");
    }
  }

  private static final class Timer extends OwnedResource {
    Timer() {
      super("timer", "cancel()", 0, Set.of("cancel"), "java.util.Timer", "java.util.Timer");
    }

    @Override
    public boolean isCreation(ExpressionTree tree, VisitorState state) {
      return tree instanceof NewClassTree
          && TypeNames.isSubtype(ASTHelpers.getType(tree), state, "java.util.Timer");
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
