package dev.leakproof.checker.ownership;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Answers: does the object held by a variable leave the code that created it? Also classifies a
 * single use of a variable (borrowed, released, assigned, escaping), which field analysis reuses.
 *
 * <p>Contract of {@link #firstEscape}: given a local variable and the tree that is its scope
 * (usually the block that declares it), returns the first use through which another piece of code
 * may take over the object: it is returned, assigned to another variable, field or array element,
 * passed to a method or constructor that the {@link UsePolicy} does not say keeps ownership, put in
 * an array or conditional expression, or captured by a lambda, method reference, anonymous or local
 * class, unless that capture only calls non-releasing methods on it and is handed straight to code
 * that runs it before returning ({@link UsePolicy#lambdaKeepsOwnership}, or the object itself as a
 * task). A capture that releases the object defers the release to code we cannot follow, and a
 * capture kept for later keeps the object in use after this code ends: both are escapes. Calls on
 * the variable ({@code pool.submit(..)}), comparisons and release calls are not escapes. An empty
 * result means the object stays in the scope.
 */
public final class Uses {
  private Uses() {}

  /** JDK methods that run the lambda they get before they return. */
  static final Matcher<ExpressionTree> RUNS_LAMBDA_NOW =
      Matchers.anyOf(
          MethodMatchers.instanceMethod()
              .onDescendantOfAny(
                  "java.lang.Iterable",
                  "java.util.Map",
                  "java.util.stream.BaseStream",
                  "java.util.Iterator",
                  "java.util.Spliterator")
              .withAnyName(),
          MethodMatchers.instanceMethod()
              .onExactClassAny(
                  "java.util.Optional",
                  "java.util.OptionalInt",
                  "java.util.OptionalLong",
                  "java.util.OptionalDouble")
              .withAnyName(),
          MethodMatchers.staticMethod()
              .onClassAny("java.util.stream.IntStream", "java.util.stream.LongStream",
                  "java.util.stream.Stream")
              .withAnyName());

  /** How one occurrence of a variable uses the object it holds. */
  public enum Kind {
    /** Calls a method on it, compares it or passes it to code that keeps ownership here. */
    BORROW,
    /** Releases it ({@code shutdown()}, {@code cancel()}, a releasing helper). */
    RELEASE,
    /** The occurrence is the target of an assignment. */
    ASSIGNED,
    /** Hands it to code we cannot follow. */
    ESCAPE
  }

  /**
   * The first use of {@code variable} inside {@code scope} that lets its object escape, among
   * {@code uses}: the paths, in source order, of occurrences that may name it (those that do not,
   * or lie outside {@code scope}, are skipped), found by one scan of the scope or the unit.
   */
  public static Optional<Tree> firstEscape(
      Symbol variable, Tree scope, List<TreePath> uses, UsePolicy policy, VisitorState state) {
    for (TreePath use : uses) {
      if (!(use.getLeaf() instanceof IdentifierTree identifier)
          || ASTHelpers.getSymbol(identifier) != variable
          || !isInside(use, scope)) {
        continue;
      }
      Kind kind = classify(use, policy, state);
      boolean captured = isCaptured(use, scope);
      if (kind == Kind.ESCAPE
          || (captured && kind != Kind.BORROW)
          || (captured && !capturesRunNow(use, scope, variable, policy, state))) {
        return Optional.of(identifier);
      }
    }
    return Optional.empty();
  }

  /** True if {@code tree} is on {@code path} (the leaf or one of its ancestors). */
  public static boolean isInside(TreePath path, Tree tree) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() == tree) {
        return true;
      }
    }
    return false;
  }

  /** True if the use at {@code usePath} is inside a lambda, method reference or class body. */
  private static boolean isCaptured(TreePath usePath, Tree scope) {
    for (TreePath p = usePath; p != null && p.getLeaf() != scope; p = p.getParentPath()) {
      if (isCapture(p.getLeaf())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCapture(Tree tree) {
    return tree.getKind() == Tree.Kind.LAMBDA_EXPRESSION
        || tree.getKind() == Tree.Kind.MEMBER_REFERENCE
        || tree instanceof ClassTree;
  }

  /**
   * True if every lambda, method reference or class body between the use and {@code scope} is
   * handed straight to code that runs it before returning (or to the object itself, as a task).
   */
  private static boolean capturesRunNow(
      TreePath usePath, Tree scope, Symbol variable, UsePolicy policy, VisitorState state) {
    for (TreePath p = usePath; p != null && p.getLeaf() != scope; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (!isCapture(leaf)) {
        continue;
      }
      TreePath capturePath = p;
      if (leaf instanceof ClassTree) {
        // The body of `new Foo() { .. }`: judge the NewClassTree that creates it.
        capturePath = p.getParentPath();
        if (capturePath == null || capturePath.getLeaf().getKind() != Tree.Kind.NEW_CLASS) {
          return false;
        }
        if (policy.classBodyKeepsOwnership(
            (com.sun.source.tree.NewClassTree) capturePath.getLeaf(), state)) {
          p = capturePath;
          continue;
        }
      }
      TreePath consumer = capturePath.getParentPath();
      while (consumer != null && consumer.getLeaf().getKind() == Tree.Kind.PARENTHESIZED) {
        consumer = consumer.getParentPath();
      }
      if (consumer == null) {
        return false;
      }
      Tree call = consumer.getLeaf();
      if (call instanceof MethodInvocationTree invocation) {
        ExpressionTree receiver = ASTHelpers.getReceiver(invocation);
        boolean argument = invocation.getArguments().contains(stripParens(capturePath, consumer));
        if (!argument) {
          return false;
        }
        if ((receiver != null && refersTo(receiver, variable))
            || policy.lambdaKeepsOwnership(invocation, state)) {
          p = consumer;
          continue;
        }
        return false;
      }
      if (call instanceof com.sun.source.tree.NewClassTree newClass
          && newClass.getArguments().contains(stripParens(capturePath, consumer))
          && policy.lambdaKeepsOwnership(newClass, state)) {
        p = consumer;
        continue;
      }
      return false;
    }
    return true;
  }

  /** The child of {@code ancestor} on the way to {@code path}'s leaf. */
  private static Tree stripParens(TreePath path, TreePath ancestor) {
    TreePath p = path;
    while (p.getParentPath() != null && p.getParentPath() != ancestor) {
      p = p.getParentPath();
    }
    return p.getLeaf();
  }

  /**
   * Classifies the occurrence of a variable (an identifier or a field access) at {@code usePath}.
   */
  public static Kind classify(TreePath usePath, UsePolicy policy, VisitorState state) {
    Tree child = outermost(usePath).getLeaf();
    TreePath path = outermost(usePath).getParentPath();
    if (path == null) {
      return Kind.ESCAPE;
    }
    Tree parent = path.getLeaf();
    switch (parent.getKind()) {
      case MEMBER_SELECT -> {
        Tree grandParent = path.getParentPath().getLeaf();
        if (grandParent instanceof MethodInvocationTree call && call.getMethodSelect() == parent) {
          return policy.isReleaseOnReceiver(call, state) ? Kind.RELEASE : Kind.BORROW;
        }
        return Kind.BORROW;
      }
      case MEMBER_REFERENCE -> {
        return policy.isReleaseReference((MemberReferenceTree) parent, state)
            ? Kind.RELEASE
            : Kind.BORROW;
      }
      case METHOD_INVOCATION -> {
        MethodInvocationTree call = (MethodInvocationTree) parent;
        if (call.getMethodSelect() == child) {
          return Kind.BORROW;
        }
        if (policy.isReleaseArgument(call, state) || releasedByHelper(call, child, policy, state)) {
          return Kind.RELEASE;
        }
        return policy.keepsOwnership(call, state) ? Kind.BORROW : Kind.ESCAPE;
      }
      case NEW_CLASS -> {
        return policy.keepsOwnership((ExpressionTree) parent, state) ? Kind.BORROW : Kind.ESCAPE;
      }
      case ASSIGNMENT -> {
        return ((AssignmentTree) parent).getVariable() == child ? Kind.ASSIGNED : Kind.ESCAPE;
      }
      case INSTANCE_OF -> {
        // if (pool instanceof ExecutorService service) service.shutdown(): released as `service`.
        Symbol binding = patternBinding((InstanceOfTree) parent);
        return binding != null && releasedIn(codeAround(path), binding, policy, state)
            ? Kind.RELEASE
            : Kind.BORROW;
      }
      case RETURN -> {
        return policy.keepsOwnershipWhenReturned(path, state) ? Kind.BORROW : Kind.ESCAPE;
      }
      case EQUAL_TO, NOT_EQUAL_TO, SYNCHRONIZED, EXPRESSION_STATEMENT -> {
        return Kind.BORROW;
      }
      case PLUS -> {
        return ASTHelpers.isSameType(
                ASTHelpers.getType(parent), state.getSymtab().stringType, state)
            ? Kind.BORROW
            : Kind.ESCAPE;
      }
      default -> {
        return Kind.ESCAPE;
      }
    }
  }

  /** The variable a type pattern binds ({@code x instanceof ExecutorService service}), or null. */
  public static @Nullable Symbol patternBinding(InstanceOfTree test) {
    return test.getPattern() instanceof BindingPatternTree binding
        ? ASTHelpers.getSymbol(binding.getVariable())
        : null;
  }

  /**
   * The pattern variables that {@code variable} is bound to by {@code x instanceof T name} tests
   * under {@code root} (outside lambdas and nested classes): other names for its object.
   */
  public static List<Symbol> patternAliases(Tree root, Symbol variable) {
    List<Symbol> aliases = new ArrayList<>();
    for (InstanceOfTree test :
        LocalTrees.find(root, InstanceOfTree.class, t -> refersTo(t.getExpression(), variable))) {
      Symbol binding = patternBinding(test);
      if (binding != null) {
        aliases.add(binding);
      }
    }
    return aliases;
  }

  /** The method, lambda or other class member whose code holds {@code path}. */
  private static Tree codeAround(TreePath path) {
    Tree code = path.getLeaf();
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof ClassTree) {
        return code;
      }
      code = leaf;
      if (leaf instanceof MethodTree || leaf.getKind() == Tree.Kind.LAMBDA_EXPRESSION) {
        return code;
      }
    }
    return code;
  }

  private static boolean releasedIn(
      Tree code, Symbol variable, UsePolicy policy, VisitorState state) {
    return LocalTrees.contains(
        code, MethodInvocationTree.class, call -> releases(call, variable, policy, state));
  }

  /**
   * The path of the outermost parentheses or cast around {@code path}'s leaf ({@code path} itself
   * when there is none): its parent is where the value is used.
   */
  public static TreePath outermost(TreePath path) {
    TreePath p = path;
    while (p.getParentPath() != null
        && (p.getParentPath().getLeaf().getKind() == Tree.Kind.PARENTHESIZED
            || p.getParentPath().getLeaf().getKind() == Tree.Kind.TYPE_CAST)) {
      p = p.getParentPath();
    }
    return p;
  }

  /** True if {@code tree}, stripped of parentheses and casts, names {@code variable}. */
  public static boolean refersTo(Tree tree, Symbol variable) {
    Tree stripped = strip(tree);
    return (stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree)
        && ASTHelpers.getSymbol(stripped) == variable;
  }

  /** {@code tree} without enclosing parentheses and casts. */
  public static Tree strip(Tree tree) {
    Tree current = tree;
    while (true) {
      if (current instanceof com.sun.source.tree.ParenthesizedTree parenthesized) {
        current = parenthesized.getExpression();
      } else if (current instanceof com.sun.source.tree.TypeCastTree cast) {
        current = cast.getExpression();
      } else {
        return current;
      }
    }
  }

  /** True if {@code call} releases {@code variable} (as receiver, or as argument of a helper). */
  public static boolean releases(
      MethodInvocationTree call, Symbol variable, UsePolicy policy, VisitorState state) {
    if (releasesDirectly(call, variable, policy, state)) {
      return true;
    }
    for (ExpressionTree argument : call.getArguments()) {
      if (refersTo(argument, variable) && releasedByHelper(call, argument, policy, state)) {
        return true;
      }
    }
    return false;
  }

  /** {@code variable.shutdown()}, or {@code MoreExecutors.shutdownAndAwaitTermination(variable)}. */
  private static boolean releasesDirectly(
      MethodInvocationTree call, Symbol variable, UsePolicy policy, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (receiver != null && refersTo(receiver, variable)) {
      return policy.isReleaseOnReceiver(call, state);
    }
    return policy.isReleaseArgument(call, state)
        && call.getArguments().stream().anyMatch(argument -> refersTo(argument, variable));
  }

  /**
   * Whether {@code call} hands {@code argument} to a method of this compilation that releases the
   * parameter receiving it ({@code ExecutorUtils.shutdownAndAwait(pool, timeout)} with {@code
   * pool.shutdown()} in its body): a release, as much as calling it here. Followed one level deep.
   */
  private static boolean releasedByHelper(
      MethodInvocationTree call, Tree argument, UsePolicy policy, VisitorState state) {
    Symbol parameter = SourceLookup.parameterReceiving(call, argument);
    MethodTree helper =
        parameter == null ? null : SourceLookup.method(ASTHelpers.getSymbol(call), state);
    if (helper == null || helper.getBody() == null) {
      return false;
    }
    return LocalTrees.contains(helper.getBody(), MethodInvocationTree.class,
        inner -> releasesDirectly(inner, parameter, policy, state));
  }
}
