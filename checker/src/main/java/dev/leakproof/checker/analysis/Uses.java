package dev.leakproof.checker.analysis;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import java.util.Optional;

/**
 * Answers: does the object held by a variable leave the code that created it? Also classifies a
 * single use of a variable (borrowed, released, assigned, escaping), which field analysis reuses.
 *
 * <p>Contract of {@link #firstEscape}: given a local variable and the tree that is its scope
 * (usually the block that declares it), returns the first use through which another piece of code
 * may take over the object: it is returned, assigned to another variable, field or array element,
 * passed to a method or constructor that the {@link UsePolicy} does not say keeps ownership, put in
 * an array or conditional expression, or used inside a lambda, anonymous or local class in any way
 * other than calling a non-releasing method on it (a capture that releases it defers the release to
 * code we cannot follow). Calls on the variable ({@code pool.submit(..)}), comparisons and release
 * calls are not escapes. An empty result means the object stays in the scope.
 */
public final class Uses {
  private Uses() {}

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

  /** The first use of {@code variable} inside {@code scope} that lets its object escape. */
  public static Optional<Tree> firstEscape(
      Symbol variable, Tree scope, UsePolicy policy, VisitorState state) {
    Tree[] escape = {null};
    new TreePathScanner<Void, Void>() {
      private int captureDepth = 0;

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        captureDepth++;
        super.visitLambdaExpression(lambda, null);
        captureDepth--;
        return null;
      }

      @Override
      public Void visitClass(ClassTree clazz, Void unused) {
        captureDepth++;
        super.visitClass(clazz, null);
        captureDepth--;
        return null;
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (escape[0] == null && ASTHelpers.getSymbol(identifier) == variable) {
          Kind kind = classify(getCurrentPath(), policy, state);
          if (kind == Kind.ESCAPE || (captureDepth > 0 && kind != Kind.BORROW)) {
            escape[0] = identifier;
          }
        }
        return null;
      }
    }.scan(TreePath.getPath(state.getPath().getCompilationUnit(), scope), null);
    return Optional.ofNullable(escape[0]);
  }

  /**
   * Classifies the occurrence of a variable (an identifier or a field access) at {@code usePath}.
   */
  public static Kind classify(TreePath usePath, UsePolicy policy, VisitorState state) {
    Tree child = usePath.getLeaf();
    TreePath path = usePath.getParentPath();
    while (path != null
        && (path.getLeaf().getKind() == Tree.Kind.PARENTHESIZED
            || path.getLeaf().getKind() == Tree.Kind.TYPE_CAST)) {
      child = path.getLeaf();
      path = path.getParentPath();
    }
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
        if (policy.isReleaseArgument(call, state)) {
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
      case EQUAL_TO, NOT_EQUAL_TO, INSTANCE_OF, SYNCHRONIZED, EXPRESSION_STATEMENT -> {
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
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (receiver != null
        && refersTo(receiver, variable)
        && policy.isReleaseOnReceiver(call, state)) {
      return true;
    }
    if (policy.isReleaseArgument(call, state)) {
      for (ExpressionTree argument : call.getArguments()) {
        if (refersTo(argument, variable)) {
          return true;
        }
      }
    }
    return false;
  }
}
