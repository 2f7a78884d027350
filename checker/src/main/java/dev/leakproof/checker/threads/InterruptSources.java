package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link InterruptedException} can come from and which catch receives it: the calls that
 * declare it, whether it can leave a piece of code, and the catch of a {@code try} that takes it
 * (directly, through {@code Exception}/{@code Throwable}, or in a multi-catch).
 */
public final class InterruptSources {
  private static final String INTERRUPTED = "java.lang.InterruptedException";

  private InterruptSources() {}

  /** Whether {@code type} is InterruptedException or one of its supertypes (Exception, Throwable). */
  public static boolean couldHoldInterrupt(Type type, VisitorState state) {
    Type interrupted = state.getTypeFromString(INTERRUPTED);
    return type != null && interrupted != null && state.getTypes().isSubtype(interrupted, type);
  }

  /** Whether the method or constructor called declares {@code throws InterruptedException}. */
  public static boolean declaresInterrupt(@Nullable Symbol symbol, VisitorState state) {
    if (!(symbol instanceof MethodSymbol method)) {
      return false;
    }
    Type interrupted = state.getTypeFromString(INTERRUPTED);
    if (interrupted == null) {
      return false;
    }
    for (Type thrown : method.getThrownTypes()) {
      if (state.getTypes().isSubtype(thrown, interrupted)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether running {@code tree} can throw an InterruptedException out of it: a call that declares
   * it, or {@code throw new InterruptedException()}, not caught by a {@code try} inside {@code tree}.
   * Nested lambdas and classes run elsewhere and are ignored.
   */
  public static boolean canThrowInterrupt(Tree tree, VisitorState state) {
    return !interruptThrowers(tree, state).isEmpty();
  }

  /**
   * Whether {@code call} waits on a future known to be complete: {@code f.get()} in the branch of
   * an {@code if} (or {@code ?:}) that tests {@code f.isDone()}. It returns at once and never
   * throws InterruptedException (nats' {@code NatsJsPubAsync2} example, fifth recall round). Not a
   * test after the wait ({@code do { f.get(); } while (!f.isDone());}): the first pass waits.
   */
  private static boolean completeWait(MethodInvocationTree call, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    Symbol future = receiver == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
    if (future == null || !TypeNames.isSubtype(ASTHelpers.getSymbol(call).owner.type, state,
        "java.util.concurrent.Future")) {
      return false;
    }
    if (!doneTested(state).contains(future)) {
      return false; // the common case, answered without looking for the call's path in the file
    }
    TreePath path = UnitPaths.of(call, state);
    Tree child = call;
    for (TreePath p = path == null ? null : path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree parent = p.getLeaf();
      if (parent instanceof MethodTree || parent instanceof LambdaExpressionTree
          || parent instanceof ClassTree) {
        return false;
      }
      if (parent instanceof IfTree ifTree && ifTree.getThenStatement() == child
          && testsDone(ifTree.getCondition(), future)
          || parent instanceof ConditionalExpressionTree conditional
              && conditional.getTrueExpression() == child
              && testsDone(conditional.getCondition(), future)) {
        return true;
      }
      child = parent;
    }
    return false;
  }

  /** The variables of the file being checked on which {@code isDone()} is called, found once. */
  private static Set<Symbol> doneTested(VisitorState state) {
    return UnitCache.get(state, "InterruptSources.doneTested", null, () -> {
      Set<Symbol> tested = new HashSet<>();
      for (MethodInvocationTree test : LocalTrees.findAll(state.getPath().getCompilationUnit(),
          MethodInvocationTree.class,
          t -> ASTHelpers.getSymbol(t).getSimpleName().contentEquals("isDone"))) {
        ExpressionTree receiver = ASTHelpers.getReceiver(test);
        Symbol symbol = receiver == null ? null
            : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
        if (symbol != null) {
          tested.add(symbol);
        }
      }
      return tested;
    });
  }

  /** Whether {@code condition} holds only when {@code future.isDone()} does. */
  private static boolean testsDone(ExpressionTree condition, Symbol future) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    if (stripped instanceof BinaryTree and && and.getKind() == Tree.Kind.CONDITIONAL_AND) {
      return testsDone(and.getLeftOperand(), future) || testsDone(and.getRightOperand(), future);
    }
    return stripped instanceof MethodInvocationTree test
        && ASTHelpers.getSymbol(test).getSimpleName().contentEquals("isDone")
        && ASTHelpers.getReceiver(test) != null
        && ASTHelpers.getSymbol(ASTHelpers.stripParentheses(ASTHelpers.getReceiver(test))) == future;
  }

  /** The calls and throw statements in {@code tree} whose InterruptedException leaves it. */
  public static List<Tree> interruptThrowers(Tree tree, VisitorState state) {
    List<Tree> found = new ArrayList<>();
    if (tree == null) {
      return found;
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree node, Void unused) {
        return node == tree ? super.visitClass(node, unused) : null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        return node == tree ? super.visitLambdaExpression(node, unused) : null;
      }

      @Override
      public Void visitTry(TryTree node, Void unused) {
        if (interruptCatch(node, state) == null) {
          scan(node.getResources(), null);
          scan(node.getBlock(), null);
        }
        scan(node.getCatches(), null);
        scan(node.getFinallyBlock(), null);
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        if (declaresInterrupt(ASTHelpers.getSymbol(node), state) && !completeWait(node, state)) {
          found.add(node);
        }
        return super.visitMethodInvocation(node, unused);
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void unused) {
        if (declaresInterrupt(ASTHelpers.getSymbol(node), state)) {
          found.add(node);
        }
        scan(node.getEnclosingExpression(), null);
        return scan(node.getArguments(), null);
      }

      @Override
      public Void visitThrow(ThrowTree node, Void unused) {
        Type thrown = ASTHelpers.getType(node.getExpression());
        Type interrupted = state.getTypeFromString(INTERRUPTED);
        if (thrown != null && interrupted != null && state.getTypes().isSubtype(thrown, interrupted)) {
          found.add(node);
        }
        return super.visitThrow(node, unused);
      }
    }.scan(tree, null);
    return found;
  }

  /**
   * The catch of {@code tryTree} that receives an InterruptedException thrown in its block, or null:
   * the first catch whose type (or one of whose multi-catch alternatives) is InterruptedException,
   * or a supertype of it when the block can throw one.
   */
  @Nullable
  public static CatchTree interruptCatch(TryTree tryTree, VisitorState state) {
    Boolean blockThrows = null;
    for (CatchTree catchTree : tryTree.getCatches()) {
      for (Type type : Exceptions.caughtTypes(catchTree)) {
        if (!couldHoldInterrupt(type, state)) {
          continue;
        }
        if (ASTHelpers.isSameType(type, state.getTypeFromString(INTERRUPTED), state)) {
          // javac demands this catch for a get() that cannot throw it: the future is done
          boolean onlyDoneWaits = !LocalTrees.find(tryTree.getBlock(), MethodInvocationTree.class,
                  call -> completeWait(call, state)).isEmpty()
              && !canThrowInterrupt(tryTree.getBlock(), state);
          if (onlyDoneWaits) {
            continue;
          }
          return catchTree;
        }
        if (blockThrows == null) {
          blockThrows = canThrowInterrupt(tryTree.getBlock(), state);
        }
        if (blockThrows) {
          return catchTree;
        }
      }
    }
    return null;
  }
}
