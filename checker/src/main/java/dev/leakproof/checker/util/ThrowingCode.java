package dev.leakproof.checker.util;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;
import static com.google.errorprone.matchers.method.MethodMatchers.staticMethod;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;

/**
 * Answers "can this code throw, and what?": which calls, constructor calls and {@code throw}
 * statements in a statement or expression can make control leave it by an exception, and with
 * which exception types (an ordinary call counts as able to throw {@link RuntimeException} plus the
 * checked exceptions it declares).
 *
 * <p>Code in nested lambdas and class bodies does not run where it is written and is ignored.
 * Exceptions caught by a {@code catch} inside the analysed code are dropped (the code in the
 * {@code catch} and {@code finally} blocks is analysed in turn). Errors are not modelled. A few JDK
 * calls that cannot throw (clock reads, {@code Thread.currentThread()}, plain atomic reads and
 * writes, JDK exception constructors and JDK no-argument constructors) are not counted, nor are
 * calls to methods of the code being compiled that cannot be overridden and whose own non-empty
 * body has nothing that can throw (getters, setters; looked at one level deep).
 */
public final class ThrowingCode {

  /** A place that can throw, with the exception types it can throw. */
  public record Thrower(Tree tree, ImmutableList<Type> types) {
    /** True if one of the types is a checked exception. */
    public boolean throwsChecked(VisitorState state) {
      return types.stream().anyMatch(t -> isChecked(t, state));
    }

    /** The first checked exception type, or null. */
    public Type firstChecked(VisitorState state) {
      return types.stream().filter(t -> isChecked(t, state)).findFirst().orElse(null);
    }
  }

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
                  "getPlain", "setPlain", "getAcquire", "setRelease", "getOpaque", "setOpaque"));

  private ThrowingCode() {}

  /** The places in {@code tree} that can make it complete abruptly by an exception. */
  public static ImmutableList<Thrower> throwers(Tree tree, VisitorState state) {
    return throwers(tree, state, 1);
  }

  private static ImmutableList<Thrower> throwers(Tree tree, VisitorState state, int depth) {
    if (tree == null) {
      return ImmutableList.of();
    }
    List<Thrower> found = new ArrayList<>();
    new Collector(state, found, depth).scan(tree, null);
    return ImmutableList.copyOf(found);
  }

  /**
   * True if {@code method} cannot be overridden, is declared in the code being compiled, declares
   * no checked exception, and its body has nothing that can throw (a getter, a field update).
   */
  private static boolean trivialOwnMethod(Symbol sym, VisitorState state, int depth) {
    if (depth <= 0
        || !(sym instanceof MethodSymbol method)
        || method.isConstructor()
        || !method.getThrownTypes().isEmpty()) {
      return false;
    }
    boolean notOverridable =
        method.isStatic()
            || method.isPrivate()
            || method.getModifiers().contains(javax.lang.model.element.Modifier.FINAL)
            || method.owner.getModifiers().contains(javax.lang.model.element.Modifier.FINAL);
    if (!notOverridable) {
      return false;
    }
    com.sun.source.tree.MethodTree declaration =
        com.sun.tools.javac.api.JavacTrees.instance(state.context).getTree(method);
    // An empty body is a stub or a hook still to be written, not a getter or setter: it stands
    // for work that can fail.
    return declaration != null
        && declaration.getBody() != null
        && !declaration.getBody().getStatements().isEmpty()
        && throwers(declaration.getBody(), state, depth - 1).isEmpty();
  }

  /** True if {@code type} is a checked exception type. */
  public static boolean isChecked(Type type, VisitorState state) {
    Type runtime = state.getTypeFromString("java.lang.RuntimeException");
    Type error = state.getTypeFromString("java.lang.Error");
    if (runtime == null || error == null) {
      return false;
    }
    return !state.getTypes().isSubtype(type, runtime) && !state.getTypes().isSubtype(type, error);
  }

  /** True if a catch of one of {@code caught} catches every exception {@code thrower} can throw. */
  public static boolean caughtBy(Thrower thrower, List<Type> caught, VisitorState state) {
    for (Type t : thrower.types()) {
      boolean covered = false;
      for (Type c : caught) {
        if (state.getTypes().isSubtype(state.getTypes().erasure(t), state.getTypes().erasure(c))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /** The exception types a catch clause catches (the alternatives of a multi-catch). */
  public static ImmutableList<Type> caughtTypes(CatchTree catchTree) {
    Tree typeTree = catchTree.getParameter().getType();
    ImmutableList.Builder<Type> types = ImmutableList.builder();
    if (typeTree instanceof UnionTypeTree union) {
      for (Tree alternative : union.getTypeAlternatives()) {
        Type t = ASTHelpers.getType(alternative);
        if (t != null) {
          types.add(t);
        }
      }
    } else {
      Type t = ASTHelpers.getType(typeTree);
      if (t != null) {
        types.add(t);
      }
    }
    return types.build();
  }

  private static final class Collector extends TreeScanner<Void, Void> {
    private final VisitorState state;
    private final List<Thrower> found;
    private final int depth;

    Collector(VisitorState state, List<Thrower> found, int depth) {
      this.state = state;
      this.found = found;
      this.depth = depth;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      return null;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
      super.visitMethodInvocation(tree, null);
      if (!CANNOT_THROW.matches(tree, state)) {
        Symbol sym = ASTHelpers.getSymbol(tree);
        boolean trivialSuper =
            sym != null
                && sym.getKind() == ElementKind.CONSTRUCTOR
                && tree.getArguments().isEmpty()
                && trivialJdkConstructor(sym, false);
        if (!trivialSuper && !trivialOwnMethod(sym, state, depth)) {
          found.add(new Thrower(tree, callTypes(sym)));
        }
      }
      return null;
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      // Arguments and the enclosing instance run here; an anonymous class body does not.
      scan(tree.getEnclosingExpression(), null);
      scan(tree.getArguments(), null);
      Symbol sym = ASTHelpers.getSymbol(tree);
      if (!(tree.getClassBody() == null
          && trivialJdkConstructor(sym, !tree.getArguments().isEmpty()))) {
        found.add(new Thrower(tree, callTypes(sym)));
      }
      return null;
    }

    @Override
    public Void visitThrow(ThrowTree tree, Void unused) {
      super.visitThrow(tree, null);
      Type type = ASTHelpers.getType(tree.getExpression());
      if (type != null) {
        found.add(new Thrower(tree, ImmutableList.of(type)));
      }
      return null;
    }

    @Override
    public Void visitTry(TryTree tree, Void unused) {
      List<Thrower> inBody = new ArrayList<>();
      Collector bodyCollector = new Collector(state, inBody, depth);
      bodyCollector.scan(tree.getResources(), null);
      bodyCollector.scan(tree.getBlock(), null);
      if (!tree.getResources().isEmpty()) {
        // The implicit close() calls.
        inBody.add(new Thrower(tree, ImmutableList.of(runtimeException(state))));
      }
      List<Type> caught = new ArrayList<>();
      for (CatchTree c : tree.getCatches()) {
        caught.addAll(caughtTypes(c));
      }
      for (Thrower t : inBody) {
        if (!caughtBy(t, caught, state)) {
          found.add(t);
        }
      }
      scan(tree.getCatches(), null);
      scan(tree.getFinallyBlock(), null);
      return null;
    }

    /**
     * JDK constructors that cannot fail: those of exceptions ({@code new IllegalStateException(
     * "..", cause)}), and no-argument ones that declare no checked exception ({@code new
     * ArrayList<>()}, {@code new Object()}, the implicit {@code super()} of a record).
     */
    private boolean trivialJdkConstructor(Symbol sym, boolean hasArguments) {
      if (!(sym instanceof MethodSymbol constructor)
          || !constructor.getThrownTypes().isEmpty()
          || !(sym.owner instanceof Symbol.ClassSymbol owner)
          || !owner.getQualifiedName().toString().startsWith("java.")) {
        return false;
      }
      Type throwable = state.getTypeFromString("java.lang.Throwable");
      return !hasArguments
          || (throwable != null && state.getTypes().isSubtype(owner.type, throwable));
    }

    private ImmutableList<Type> callTypes(Symbol sym) {
      ImmutableList.Builder<Type> types = ImmutableList.builder();
      types.add(runtimeException(state));
      if (sym instanceof MethodSymbol method) {
        for (Type thrown : method.getThrownTypes()) {
          if (thrown.hasTag(com.sun.tools.javac.code.TypeTag.TYPEVAR)) {
            types.add(thrown.getUpperBound());
          } else {
            types.add(thrown);
          }
        }
      }
      return types.build();
    }
  }

  private static Type runtimeException(VisitorState state) {
    return state.getTypeFromString("java.lang.RuntimeException");
  }
}
