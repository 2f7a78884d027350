package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The executor kind for an executor stored only where its static type is {@code Executor} (a
 * field, a local variable, a method's return type), which has no {@code shutdown()}: no code can
 * shut it down without a cast (apache/druid#9482). Judged like {@link OwnedResource#EXECUTOR}
 * (whose kind it extends), with two differences:
 *
 * <ul>
 *   <li>A call of a static factory method of another class that returns an {@code
 *       ExecutorService} also creates one (druid's {@code Execs.singleThreaded("x")}): storing its
 *       result as {@code Executor} says that it is the code's own pool, and loses its shutdown.
 *       Not the JDK's or Guava's methods (modelled one by one), nor accessors: a name starting with
 *       {@code get}, or containing shared, common, default, global, instance or current.
 *   <li>Returning the object from a method whose return type is {@code Executor}-only keeps it
 *       where it is: the caller cannot shut it down either (unless a dependency-injection
 *       container takes it, see {@link #methodReturningExecutorOnly}).
 * </ul>
 */
final class StoredAsExecutor extends OwnedResource.Executor {
  static final StoredAsExecutor INSTANCE = new StoredAsExecutor();

  /** Words that make a method an accessor of a pool somebody else owns. */
  private static final Set<String> ACCESSOR_WORDS =
      Set.of("shared", "common", "default", "global", "instance", "current");

  /** Annotations of methods whose result a dependency-injection container takes over. */
  private static final Set<String> CONTAINER_METHODS = Set.of("Bean", "Provides", "Produces");

  private StoredAsExecutor() {}

  /** True if a variable, field or method of type {@code type} holds an executor it cannot shut down. */
  static boolean isExecutorOnly(@Nullable Type type, VisitorState state) {
    return type != null
        && OwnedResource.EXECUTOR.mayHold(type, state)
        && !OwnedResource.EXECUTOR.canRelease(type, state);
  }

  @Override
  public boolean isCreation(ExpressionTree tree, VisitorState state) {
    return super.isCreation(tree, state)
        || (tree instanceof MethodInvocationTree call && isForeignFactory(call, state));
  }

  /**
   * A static method of another file, outside the JDK and Guava, that returns an {@code
   * ExecutorService} and is not named like an accessor.
   */
  private static boolean isForeignFactory(MethodInvocationTree call, VisitorState state) {
    Symbol.MethodSymbol method = ASTHelpers.getSymbol(call);
    // Cheapest tests first: this runs for every static call of the file.
    if (!method.isStatic()
        || method.getReturnType().isPrimitiveOrVoid()
        || !OwnedResource.EXECUTOR.canRelease(method.getReturnType(), state)) {
      return false;
    }
    String name = method.getSimpleName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if ((name.startsWith("get") && (name.length() == 3 || Character.isUpperCase(name.charAt(3))))
        || ACCESSOR_WORDS.stream().anyMatch(lower::contains)) {
      return false;
    }
    return !TypeNames.isModelled(method) && SourceLookup.inThisFile(method, state) == null;
  }

  /**
   * A factory of another file may make daemon threads through a thread factory we cannot see:
   * it does unless a thread factory argument says otherwise (only {@code static} fields ask).
   */
  @Override
  public boolean createsDaemonThreads(ExpressionTree creation, VisitorState state) {
    if (super.isCreation(creation, state)
        || !(creation instanceof MethodInvocationTree call)
        || !isForeignFactory(call, state)) {
      return super.createsDaemonThreads(creation, state);
    }
    for (ExpressionTree argument : call.getArguments()) {
      if (TypeNames.isSubtype(
          ASTHelpers.getType(argument), state, "java.util.concurrent.ThreadFactory")) {
        return DaemonThreads.isDaemonFactory(argument, state);
      }
    }
    return true;
  }

  @Override
  public boolean keepsOwnershipWhenReturned(TreePath returnPath, VisitorState state) {
    return methodReturningExecutorOnly(returnPath, state) != null;
  }

  /**
   * The method whose {@code return} is at {@code returnPath}, if its declared return type is
   * {@code Executor}-only; null otherwise, for a {@code return} of a lambda or another class, and
   * for a method that hands what it returns to a dependency-injection container ({@code @Bean},
   * {@code @Provides}, {@code @Produces}): the container owns it, and Spring shuts a bean down by
   * its class, not its declared type.
   */
  static @Nullable MethodTree methodReturningExecutorOnly(TreePath returnPath, VisitorState state) {
    MethodTree method = FieldLifecycle.enclosingMethod(returnPath);
    if (method == null || method.getReturnType() == null) {
      return null;
    }
    Symbol.MethodSymbol symbol = ASTHelpers.getSymbol(method);
    if (!isExecutorOnly(symbol.getReturnType(), state)) {
      return null;
    }
    for (var annotation : symbol.getAnnotationMirrors()) {
      if (CONTAINER_METHODS.contains(
          annotation.getAnnotationType().asElement().getSimpleName().toString())) {
        return null;
      }
    }
    return implementsOwnInterface(symbol, state) ? null : method;
  }

  /**
   * Whether the method implements a method of an interface compiled with it: the interface fixes
   * the return type, so the implementation cannot change it, and the code calling through the
   * interface decides what happens to the pool (Dubbo's {@code ThreadPool.getExecutor(URL)}
   * implementations, whose caller casts the result to {@code ExecutorService} and shuts it down;
   * three false findings of the eleventh spot check). An override of a library's method (Guava's
   * {@code AbstractIdleService.executor()}) is still reported.
   */
  private static boolean implementsOwnInterface(Symbol.MethodSymbol method, VisitorState state) {
    for (Symbol.MethodSymbol overridden : ASTHelpers.findSuperMethods(method, state.getTypes())) {
      if (overridden.owner.isInterface() && SourceLookup.isInCompilation(overridden)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The creation to report for a method with an {@code Executor}-only return type that hands out
   * executors it creates: the first {@code return} (in source order) that returns a new executor
   * (through {@link ResourceLifecycle#isOwnedCreation}) or a local declared with one. One
   * diagnostic per method: the return type is the one root cause.
   */
  static @Nullable Tree firstReturnedCreation(MethodTree method, VisitorState state) {
    if (method.getBody() == null) {
      return null;
    }
    for (ReturnTree returned : LocalTrees.find(method.getBody(), ReturnTree.class)) {
      ExpressionTree value = returned.getExpression();
      if (value == null) {
        continue;
      }
      if (ResourceLifecycle.isOwnedCreation(value, INSTANCE, state)) {
        return Uses.strip(value);
      }
      ExpressionTree declared = ResourceLifecycle.creationInLocal(value, INSTANCE, state);
      if (declared != null) {
        return Uses.strip(declared);
      }
    }
    return null;
  }

  /**
   * Declares {@code method}'s return type {@code ExecutorService}, when every value it returns is
   * one (a local declared {@code Executor} would no longer compile) and the type is written as a
   * plain name.
   */
  static Optional<SuggestedFix> returnTypeFix(MethodTree method, VisitorState state) {
    Tree returnType = method.getReturnType();
    if (!(returnType instanceof IdentifierTree || returnType instanceof MemberSelectTree)
        || method.getBody() == null) {
      return Optional.empty();
    }
    for (ReturnTree returned : LocalTrees.find(method.getBody(), ReturnTree.class)) {
      if (returned.getExpression() == null
          || !OwnedResource.EXECUTOR.canRelease(ASTHelpers.getType(returned.getExpression()), state)) {
        return Optional.empty();
      }
    }
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String type = SuggestedFixes.qualifyType(state, fix, "java.util.concurrent.ExecutorService");
    return Optional.of(fix.replace(returnType, type).build());
  }
}
