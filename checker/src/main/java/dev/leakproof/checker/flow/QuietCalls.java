package dev.leakproof.checker.flow;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.UnitCache;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ObjectCreationNode;
import org.jspecify.annotations.Nullable;

/**
 * Which calls cannot throw in practice, for checks where any call may skip what follows it (an
 * unchecked exception is a way out too): clock reads, {@code Thread.currentThread()}, plain atomic
 * reads and writes, reads of a collection's size and views ({@code entrySet()}, {@code getKey()}),
 * logger level checks, the constructors of JDK exceptions and the JDK's no-argument
 * constructors, and methods of the file being compiled that either cannot be overridden and have
 * nothing in their (non-empty) body that can throw (getters, setters), or run their whole body
 * inside a catch-all that does not rethrow. An empty body is a stub or a hook still to be written:
 * it stands for work that can fail. Errors are never counted.
 */
public final class QuietCalls {
  private static final Matcher<ExpressionTree> CANNOT_THROW =
      Matchers.anyOf(
          staticMethod()
              .onClass("java.lang.System")
              .namedAnyOf("nanoTime", "currentTimeMillis", "identityHashCode"),
          staticMethod().onClass("java.lang.Thread").named("currentThread"),
          instanceMethod()
              .onDescendantOf("java.util.concurrent.CountDownLatch")
              .namedAnyOf("countDown", "getCount"),
          instanceMethod()
              .onDescendantOfAny(
                  "java.util.concurrent.atomic.AtomicInteger",
                  "java.util.concurrent.atomic.AtomicLong",
                  "java.util.concurrent.atomic.AtomicBoolean",
                  "java.util.concurrent.atomic.AtomicReference",
                  "java.util.concurrent.atomic.LongAdder")
              .namedAnyOf(
                  "get", "set", "lazySet", "getAndSet", "compareAndSet", "weakCompareAndSet",
                  "incrementAndGet", "decrementAndGet", "getAndIncrement", "getAndDecrement",
                  "addAndGet", "getAndAdd", "increment", "decrement", "add", "sum",
                  "getPlain", "setPlain", "getAcquire", "setRelease", "getOpaque", "setOpaque"),
          // Plain reads of a collection's views and entries.
          instanceMethod()
              .onDescendantOf("java.util.Map")
              .namedAnyOf("entrySet", "keySet", "values", "size", "isEmpty"),
          instanceMethod().onDescendantOf("java.util.Map.Entry").namedAnyOf("getKey", "getValue"),
          instanceMethod().onDescendantOf("java.util.Collection").namedAnyOf("size", "isEmpty"),
          // Level checks of the common logging APIs only read a level.
          instanceMethod()
              .onDescendantOfAny(
                  "org.slf4j.Logger",
                  "org.apache.commons.logging.Log",
                  "org.apache.logging.log4j.Logger",
                  "org.apache.log4j.Category",
                  "java.util.logging.Logger",
                  "java.lang.System.Logger")
              .namedAnyOf(
                  "isTraceEnabled", "isDebugEnabled", "isInfoEnabled", "isWarnEnabled",
                  "isErrorEnabled", "isFatalEnabled", "isEnabled", "isEnabledFor", "isLoggable"));

  /** How deep to follow own methods calling own methods. */
  private static final int DEPTH = 2;

  private QuietCalls() {}

  /**
   * True if {@code node} (a call or constructor call of the source) throwing {@code exception} is
   * a real possibility: not an {@link Error}, and not a call that cannot throw in practice.
   */
  public static boolean mayThrow(Node node, TypeMirror exception, VisitorState state) {
    return mayThrow(node, exception, state, DEPTH);
  }

  private static boolean mayThrow(Node node, TypeMirror exception, VisitorState state, int depth) {
    if (Exceptions.isError(exception, state)) {
      return false;
    }
    Tree tree = node.getTree();
    if (Flow.synthetic(node, state)) {
      // Of the calls the graph makes up (iteration, boxing), only a resource's close() is real code.
      return isResourceClose(node);
    }
    if (node instanceof ObjectCreationNode && tree instanceof NewClassTree creation) {
      return !(creation.getClassBody() == null
          && trivialJdkConstructor(ASTHelpers.getSymbol(creation), !creation.getArguments().isEmpty(), state));
    }
    if (!(tree instanceof ExpressionTree call) || CANNOT_THROW.matches(call, state)) {
      return false;
    }
    Symbol symbol = ASTHelpers.getSymbol(call);
    if (symbol instanceof MethodSymbol method
        && method.isConstructor()
        && node instanceof MethodInvocationNode invocation
        && invocation.getArguments().isEmpty()
        && trivialJdkConstructor(method, false, state)) {
      return false; // super() of a JDK class
    }
    return !(symbol instanceof MethodSymbol method) || !quietOwnMethod(method, state, depth);
  }

  /** True if {@code node} is the implicit {@code close()} of a try-with-resources resource. */
  static boolean isResourceClose(Node node) {
    return !node.getInSource()
        && node instanceof MethodInvocationNode call
        && call.getTarget().getMethod().getSimpleName().contentEquals("close")
        && call.getArguments().isEmpty();
  }

  /**
   * JDK constructors that cannot fail: those of exceptions ({@code new IllegalStateException("..",
   * cause)}), and no-argument ones that declare no checked exception ({@code new ArrayList<>()}).
   */
  private static boolean trivialJdkConstructor(
      @Nullable Symbol symbol, boolean hasArguments, VisitorState state) {
    if (!(symbol instanceof MethodSymbol constructor)
        || !constructor.getThrownTypes().isEmpty()
        || !(symbol.owner instanceof Symbol.ClassSymbol owner)
        || !owner.packge().getQualifiedName().toString().startsWith("java.")) {
      return false;
    }
    return !hasArguments || ASTHelpers.isSubtype(owner.type, state.getSymtab().throwableType, state);
  }

  /** True if {@code method} is one of this file's methods that cannot throw (see the class doc). */
  private static boolean quietOwnMethod(MethodSymbol method, VisitorState state, int depth) {
    if (depth <= 0 || method.isConstructor() || !method.getThrownTypes().isEmpty()) {
      return false;
    }
    if (!(SourceLookup.inThisFile(method, state) instanceof MethodTree declaration)
        || declaration.getBody() == null
        || declaration.getBody().getStatements().isEmpty()) {
      return false;
    }
    if (catchesEverything(declaration.getBody(), state)) {
      return true;
    }
    boolean overridable =
        !method.isStatic()
            && !method.isPrivate()
            && !method.getModifiers().contains(Modifier.FINAL)
            && !method.owner.getModifiers().contains(Modifier.FINAL);
    if (overridable) {
      return false;
    }
    return UnitCache.get(
        state,
        "QuietCalls",
        method,
        () -> {
          TreePath path = SourceLookup.path(method, state);
          return path != null
              && Flow.analyze(path, new Throws(depth - 1, state), state).exits(Throws.KEY).stream()
                  .allMatch(exit -> exit.kind() == Exit.Kind.END || exit.kind() == Exit.Kind.RETURN);
        });
  }

  /**
   * True if {@code body} is one {@code try} whose catch takes every unchecked exception ({@code
   * RuntimeException}, {@code Exception} or {@code Throwable}) and throws nothing itself.
   */
  private static boolean catchesEverything(BlockTree body, VisitorState state) {
    if (body.getStatements().size() != 1
        || !(body.getStatements().get(0) instanceof TryTree tryTree)
        || tryTree.getFinallyBlock() != null) {
      return false;
    }
    for (CatchTree catchTree : tryTree.getCatches()) {
      for (Type caught : Exceptions.caughtTypes(catchTree)) {
        if (ASTHelpers.isSubtype(state.getSymtab().runtimeExceptionType, caught, state)
            && !LocalTrees.contains(catchTree.getBlock(), ThrowTree.class)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The obligation behind "can this method throw": open from entry, never met. */
  private record Throws(int depth, VisitorState state) implements Obligation {
    static final Object KEY = "body";

    @Override
    public Collection<?> keys() {
      return List.of(KEY);
    }

    @Override
    public Collection<?> meets(Node node) {
      return NOTHING;
    }

    @Override
    public boolean canSkip(Node node, TypeMirror exception) {
      return mayThrow(node, exception, state, depth);
    }

    @Override
    public boolean openAtEntry(Object key) {
      return true;
    }

    @Override
    public boolean catchResumes() {
      return true; // an exception caught inside the method does not leave it
    }
  }
}
