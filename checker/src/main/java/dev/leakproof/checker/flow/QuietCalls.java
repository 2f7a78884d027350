package dev.leakproof.checker.flow;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.util.Context;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.UnitPaths;
import java.util.HashMap;
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
 * unchecked exception is a way out too): clock reads, {@code Thread.currentThread()}, {@code
 * ThreadLocal.set} and {@code remove}, {@code Lock.lock()}, the JDK's
 * empty collections ({@code Collections.emptyList()}), plain atomic
 * reads and writes, reads of a collection's size and views ({@code entrySet()}, {@code getKey()}),
 * the common logging APIs' calls and level checks (and getters whose value only goes into a log
 * line), a blocking queue's reads ({@code poll}, {@code
 * take}; their checked InterruptedException still counts), lookups and removals on a collection field the class fills
 * itself ({@link CollectionFields}), the constructors of JDK exceptions and the JDK's no-argument
 * constructors, and methods and constructors of the compilation (any of its files) whose body
 * (and, for a constructor, the class's instance initializers) has nothing that can throw ({@link
 * QuietBodies}), followed {@value #DEPTH} calls deep. Such a method is judged by the body the call
 * resolves to; not when that body is an extension point whose override we cannot see (a {@code
 * protected} method that can be overridden, or an interface's default method), is empty (a stub or
 * a hook still to be written: it stands for work that can fail), declares exceptions, or belongs to
 * a class not yet attributed. A body that is one {@code try} whose catch takes every unchecked
 * exception and does not throw again is quiet even then. Errors are never counted.
 */
public final class QuietCalls {
  /**
   * The common logging APIs: level checks only read a level, and the logging calls hand their
   * appenders' failures to the framework's own error handler. (What the arguments compute,
   * String.format(..) or a toString(), is judged as the calls it makes; see {@link #loggedGetter}.)
   */
  private static final Matcher<ExpressionTree> LOGGING =
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
              "isErrorEnabled", "isFatalEnabled", "isEnabled", "isEnabledFor", "isLoggable",
              "trace", "debug", "info", "warn", "warning", "error", "fatal", "severe", "fine",
              "finer", "finest", "config", "log");

  private static final Matcher<ExpressionTree> CANNOT_THROW =
      Matchers.anyOf(
          staticMethod()
              .onClass("java.lang.System")
              .namedAnyOf("nanoTime", "currentTimeMillis", "identityHashCode"),
          staticMethod().onClass("java.lang.Thread").named("currentThread"),
          // throws only for a null name: a constant or a concatenation is never null (jnats'
          // reader and flusher tasks name their thread first, fifth recall round)
          Matchers.allOf(
              instanceMethod().onDescendantOf("java.lang.Thread").named("setName"),
              (tree, state) -> tree instanceof MethodInvocationTree call
                  && call.getArguments().size() == 1
                  && isNeverNull(call.getArguments().get(0))),
          // set and remove only touch the current thread's map (get may run an initial supplier)
          instanceMethod().onDescendantOf("java.lang.ThreadLocal").namedAnyOf("set", "remove"),
          // waits for the lock; only lockInterruptibly() and tryLock(t, u) can be interrupted
          instanceMethod().onDescendantOf("java.util.concurrent.locks.Lock").named("lock"),
          staticMethod()
              .onClass("java.util.Collections")
              .namedAnyOf("emptyList", "emptySet", "emptyMap", "emptyIterator"),
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
          // A blocking queue's reads fail only by their InterruptedException (checked, so still a
          // way out where it is not caught).
          instanceMethod()
              .onDescendantOf("java.util.concurrent.BlockingQueue")
              .namedAnyOf("poll", "take", "peek", "remainingCapacity"),
          LOGGING);

  private static boolean isNeverNull(ExpressionTree expression) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
    return ASTHelpers.constValue(stripped) != null || stripped.getKind() == Tree.Kind.PLUS;
  }

  /** How many calls deep methods of the compilation are followed (the call itself is the first). */
  static final int DEPTH = 3;

  /** The answers for methods, per compilation: a method's body is the same from every file. */
  private static final Context.Key<Map<List<Object>, Boolean>> ANSWERS = new Context.Key<>();

  private QuietCalls() {}

  /**
   * True if {@code node} (a call or constructor call of the source) throwing {@code exception} is
   * a real possibility: not an {@link Error}, and not a call that cannot throw in practice.
   */
  public static boolean mayThrow(Node node, TypeMirror exception, VisitorState state) {
    if (Exceptions.isError(exception, state)) {
      return false;
    }
    Tree tree = node.getTree();
    if (Flow.synthetic(node, state)) {
      // Of the calls the graph makes up (iteration, boxing), only a resource's close() is real code.
      return isResourceClose(node);
    }
    if (Exceptions.isChecked(exception, state)) {
      return true; // a checked exception the call declares is a real way out, quiet or not
    }
    if (node instanceof ObjectCreationNode && tree instanceof NewClassTree creation) {
      return !quietCreation(creation, state, DEPTH);
    }
    return tree instanceof ExpressionTree call
        && !quietCall(call, state, DEPTH)
        && !loggedGetter(call, state);
  }

  /**
   * Whether {@code call} is a getter ({@code getName()}, {@code isStarted()}: no arguments, named
   * for a property) whose value goes straight into a log line: an argument of a logging call, or
   * an element of its argument array. Reading a name or an id to log it is no way out a
   * maintainer would guard (Camel's {@code LOG.info(".. {} ..", context.getName())} before a
   * {@code countDown()}); a getter whose value the code uses is judged as any call.
   */
  private static boolean loggedGetter(ExpressionTree call, VisitorState state) {
    if (!(call instanceof MethodInvocationTree getter) || !getter.getArguments().isEmpty()
        || !isGetterName(ASTHelpers.getSymbol(getter).getSimpleName().toString())) {
      return false;
    }
    TreePath path = UnitPaths.of(getter, state);
    TreePath parent = path == null ? null : path.getParentPath();
    if (parent != null && parent.getLeaf() instanceof NewArrayTree) {
      parent = parent.getParentPath();
    }
    return parent != null
        && parent.getLeaf() instanceof MethodInvocationTree log
        && log.getMethodSelect() != path.getLeaf()
        && LOGGING.matches(log, state);
  }

  private static boolean isGetterName(String name) {
    int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : 0;
    return prefix > 0 && name.length() > prefix && Character.isUpperCase(name.charAt(prefix));
  }

  /** True if {@code node} is the implicit {@code close()} of a try-with-resources resource. */
  static boolean isResourceClose(Node node) {
    return !node.getInSource()
        && node instanceof MethodInvocationNode call
        && call.getTarget().getMethod().getSimpleName().contentEquals("close")
        && call.getArguments().isEmpty();
  }

  /**
   * True if the call {@code call} (its receiver and arguments aside) cannot throw in practice,
   * following methods of the compilation {@code depth} calls deep (this call included).
   */
  static boolean quietCall(ExpressionTree call, VisitorState state, int depth) {
    if (CANNOT_THROW.matches(call, state) || CollectionFields.quietLookup(call, state)) {
      return true;
    }
    Symbol symbol = ASTHelpers.getSymbol(call);
    if (!(symbol instanceof MethodSymbol method)) {
      return false;
    }
    if (method.isConstructor()) {
      // super() or this(): the no-argument constructor of a JDK class, or one of the compilation
      return call instanceof MethodInvocationTree invocation
          && (invocation.getArguments().isEmpty() && trivialJdkConstructor(method, false, state)
              || quietMethod(method, state, depth));
    }
    return quietMethod(method, state, depth);
  }

  /**
   * True if {@code creation} cannot throw in practice: a JDK constructor {@link
   * #trivialJdkConstructor} knows, or a constructor of the compilation whose body and the class's
   * instance initializers cannot throw ({@code new Result(request, failure)} that only assigns
   * fields), followed {@code depth} calls deep.
   */
  static boolean quietCreation(NewClassTree creation, VisitorState state, int depth) {
    Symbol constructor = ASTHelpers.getSymbol(creation);
    return creation.getClassBody() == null
        && (trivialJdkConstructor(constructor, !creation.getArguments().isEmpty(), state)
            || constructor instanceof MethodSymbol method && quietMethod(method, state, depth));
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

  /** True if {@code method} is a method of the compilation that cannot throw (see the class doc). */
  private static boolean quietMethod(MethodSymbol method, VisitorState state, int depth) {
    if (depth <= 0 || !method.getThrownTypes().isEmpty()) {
      return false;
    }
    Symbol.ClassSymbol owner = method.enclClass();
    if (owner == null || (owner.flags_field & Flags.UNATTRIBUTED) != 0) {
      return false; // its trees have no types yet (not remembered: they will have later)
    }
    Map<List<Object>, Boolean> answers = state.context.get(ANSWERS);
    if (answers == null) {
      answers = new HashMap<>();
      state.context.put(ANSWERS, answers);
    }
    List<Object> key = List.of(method, depth); // a call in the body is judged one level less deep
    Boolean known = answers.get(key);
    if (known == null) {
      known = judge(method, state, depth);
      answers.put(key, known);
    }
    return known;
  }

  private static boolean judge(MethodSymbol method, VisitorState state, int depth) {
    MethodTree declaration = SourceLookup.method(method, state);
    BlockTree body = declaration == null ? null : declaration.getBody();
    if (body == null || body.getStatements().isEmpty()) {
      return false;
    }
    if (body.getStatements().size() == 1
        && body.getStatements().get(0) instanceof TryTree tryTree
        && tryTree.getFinallyBlock() == null
        && QuietBodies.catchesEverything(tryTree, state)) {
      return true; // the catch-all idiom, whoever overrides it
    }
    if (extensionPoint(method)) {
      return false;
    }
    return QuietBodies.quiet(body, state, depth - 1)
        && (!method.isConstructor() || quietInitializers(method.enclClass(), state, depth - 1));
  }

  /**
   * True if the instance field initializers and initializer blocks of {@code owner}, which run in
   * its constructors, cannot throw.
   */
  private static boolean quietInitializers(Symbol.ClassSymbol owner, VisitorState state, int depth) {
    ClassTree declaration = SourceLookup.classTree(owner, state);
    if (declaration == null) {
      return false;
    }
    for (Tree member : declaration.getMembers()) {
      if (member instanceof VariableTree field
          && !field.getModifiers().getFlags().contains(Modifier.STATIC)
          && field.getInitializer() != null
          && !QuietBodies.quiet(field.getInitializer(), state, depth)) {
        return false;
      }
      if (member instanceof BlockTree block && !block.isStatic()
          && !QuietBodies.quiet(block, state, depth)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if {@code method} is meant to be overridden, so that the body we see may not be the one
   * that runs: a {@code protected} method that a subclass can override, or an interface's default.
   */
  private static boolean extensionPoint(MethodSymbol method) {
    if (method.isStatic() || method.isPrivate() || method.isConstructor()) {
      return false;
    }
    if ((method.flags() & Flags.DEFAULT) != 0) {
      return true;
    }
    return method.getModifiers().contains(Modifier.PROTECTED)
        && !method.getModifiers().contains(Modifier.FINAL)
        && !method.owner.getModifiers().contains(Modifier.FINAL);
  }
}
