package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * How a loop can end: is it written to run forever ({@code while (true)}, {@code for (;;)}), is it
 * bounded (a counter, a collection), and does it have an exit: a {@code break}, {@code return} or
 * {@code throw} out of it, a check of the interrupt status, or a call whose InterruptedException
 * leaves it?
 */
public final class LoopExits {
  private LoopExits() {}

  public static boolean isLoop(@Nullable Tree tree) {
    return tree instanceof WhileLoopTree
        || tree instanceof DoWhileLoopTree
        || tree instanceof ForLoopTree
        || tree instanceof EnhancedForLoopTree;
  }

  /** The loop's condition, or null for {@code for (;;)} and for-each loops. */
  @Nullable
  public static ExpressionTree condition(Tree loop) {
    return switch (loop) {
      case WhileLoopTree whileLoop -> whileLoop.getCondition();
      case DoWhileLoopTree doWhile -> doWhile.getCondition();
      case ForLoopTree forLoop -> forLoop.getCondition();
      case null, default -> null;
    };
  }

  /** The loop's body. */
  @Nullable
  public static StatementTree body(Tree loop) {
    return switch (loop) {
      case WhileLoopTree whileLoop -> whileLoop.getStatement();
      case DoWhileLoopTree doWhile -> doWhile.getStatement();
      case ForLoopTree forLoop -> forLoop.getStatement();
      case EnhancedForLoopTree forEach -> forEach.getStatement();
      case null, default -> null;
    };
  }

  /** Whether only the body can end the loop: {@code while (true)}, {@code for (;;)}, {@code do .. while (true)}. */
  public static boolean isInfinite(Tree loop) {
    if (loop instanceof EnhancedForLoopTree) {
      return false;
    }
    ExpressionTree condition = condition(loop);
    if (condition == null) {
      return loop instanceof ForLoopTree;
    }
    return Boolean.TRUE.equals(ASTHelpers.constValue(condition, Boolean.class));
  }

  /**
   * Whether only the body can end the loop, judged in its method: {@link #isInfinite(Tree)}, or a
   * condition that can never become false once the loop runs, a boolean local or parameter that
   * nothing assigns ({@code boolean keepGoing = true; while (keepGoing)}) or a final field, alone or
   * negated.
   */
  public static boolean isInfinite(TreePath loopPath) {
    Tree loop = loopPath.getLeaf();
    if (isInfinite(loop)) {
      return true;
    }
    ExpressionTree condition = condition(loop);
    if (condition == null) {
      return false;
    }
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    while (stripped instanceof UnaryTree unary && unary.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      stripped = ASTHelpers.stripParentheses(unary.getExpression());
    }
    if (!(stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree)
        || !(ASTHelpers.getSymbol(stripped) instanceof VarSymbol variable)
        || variable.type.getTag() != TypeTag.BOOLEAN) {
      return false;
    }
    if (variable.getKind() == ElementKind.FIELD) {
      return variable.getModifiers().contains(Modifier.FINAL)
          || neverWrittenAfterConstruction(variable, loopPath);
    }
    if (variable.getKind() != ElementKind.LOCAL_VARIABLE && variable.getKind() != ElementKind.PARAMETER) {
      return false;
    }
    Tree scope = Flow.enclosingBody(loopPath);
    if (scope == null) {
      return false;
    }
    for (AssignmentTree assignment : LocalTrees.findAll(scope, AssignmentTree.class)) {
      if (variable.equals(ASTHelpers.getSymbol(assignment.getVariable()))) {
        return false;
      }
    }
    for (CompoundAssignmentTree compound : LocalTrees.findAll(scope, CompoundAssignmentTree.class)) {
      if (variable.equals(ASTHelpers.getSymbol(compound.getVariable()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a private, unannotated, non-volatile field is assigned nowhere in this compilation unit
   * but directly in a constructor (or its initializer): nothing can ever clear it. A volatile field
   * is a stop flag by declaration (CHECKS.md counts reading one as an exit), even when no writer is
   * in sight.
   */
  private static boolean neverWrittenAfterConstruction(VarSymbol field, TreePath path) {
    if (!field.getModifiers().contains(Modifier.PRIVATE) || !field.getAnnotationMirrors().isEmpty()
        || (field.flags() & Flags.VOLATILE) != 0) {
      return false;
    }
    Tree unit = path.getCompilationUnit();
    Set<Tree> inConstructors = new HashSet<>();
    for (MethodTree method : LocalTrees.findAll(unit, MethodTree.class)) {
      if (ASTHelpers.getSymbol(method).isConstructor() && method.getBody() != null) {
        inConstructors.addAll(LocalTrees.find(method.getBody(), AssignmentTree.class));
      }
    }
    for (AssignmentTree assignment : LocalTrees.findAll(unit, AssignmentTree.class)) {
      if (field.equals(ASTHelpers.getSymbol(assignment.getVariable()))
          && !inConstructors.contains(assignment)) {
        return false;
      }
    }
    for (CompoundAssignmentTree compound : LocalTrees.findAll(unit, CompoundAssignmentTree.class)) {
      if (field.equals(ASTHelpers.getSymbol(compound.getVariable()))) {
        return false;
      }
    }
    return true;
  }

  /** The variables and fields the loop condition reads. */
  public static Set<Symbol> conditionVariables(Tree loop) {
    return variablesRead(condition(loop));
  }

  /** The variables and fields {@code tree} names (not in nested lambdas and classes). */
  public static Set<Symbol> variablesRead(@Nullable Tree tree) {
    Set<Symbol> variables = new HashSet<>();
    for (Tree read : LocalTrees.find(tree, ExpressionTree.class,
        t -> t instanceof IdentifierTree || t instanceof MemberSelectTree)) {
      if (ASTHelpers.getSymbol(read) instanceof VarSymbol variable) {
        variables.add(variable);
      }
    }
    return variables;
  }

  /**
   * Whether the loop has an exit: a {@code break}, {@code return} or uncaught {@code throw} out of it,
   * {@code System.exit}, a check of the interrupt status, or a call whose InterruptedException
   * leaves the loop. Loops whose condition can become false are not judged here.
   */
  public static boolean hasExit(TreePath loopPath, VisitorState state) {
    return jumpsOut(loopPath, state) || hasInterruptExit(loopPath, null, state)
        || checkedExceptionEscapes(loopPath, state);
  }

  /**
   * Whether a call in the loop declares a checked exception that no catch inside the loop takes:
   * closing what the loop blocks on ({@code serverSocket.accept()}, {@code channel.read(..)}) then
   * ends it, a shutdown path as good as an interrupt.
   */
  public static boolean checkedExceptionEscapes(TreePath loopPath, VisitorState state) {
    Tree body = body(loopPath.getLeaf());
    if (body == null) {
      return false;
    }
    for (ExpressionTree call : LocalTrees.find(body, ExpressionTree.class,
        t -> t instanceof MethodInvocationTree || t instanceof com.sun.source.tree.NewClassTree)) {
      if (!(ASTHelpers.getSymbol(call) instanceof MethodSymbol method)) {
        continue;
      }
      for (Type thrown : method.getThrownTypes()) {
        if (!Exceptions.isChecked(thrown, state)) {
          continue;
        }
        TreePath callPath = TreePath.getPath(loopPath, call);
        if (callPath != null && !caughtBetween(callPath, loopPath.getLeaf(), thrown, state)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a try between {@code path} and {@code container} catches {@code thrown}. */
  private static boolean caughtBetween(TreePath path, Tree container, Type thrown, VisitorState state) {
    return Exceptions.catchBetween(path, container, thrown, state) != null;
  }


  /**
   * Whether the loop reacts to an interrupt: its condition or body reads the interrupt status, a
   * call's InterruptedException propagates out of it, or a catch in it (other than {@code ignored})
   * leaves or rethrows when interrupted.
   */
  public static boolean hasInterruptExit(
      TreePath loopPath, @Nullable CatchTree ignored, VisitorState state) {
    Tree loop = loopPath.getLeaf();
    for (MethodInvocationTree call : LocalTrees.find(loop, MethodInvocationTree.class)) {
      if (ThreadCalls.READS_INTERRUPT_STATUS.matches(call, state)) {
        return true;
      }
      MethodTree helper = SourceLookup.method(ASTHelpers.getSymbol(call), state);
      if (helper != null && helper.getBody() != null
          && LocalTrees.contains(helper.getBody(), MethodInvocationTree.class,
              c -> ThreadCalls.READS_INTERRUPT_STATUS.matches(c, state))) {
        return true; // while (!isStopping()), where isStopping() checks the interrupt status
      }
      if (helper != null && rethrowsInterrupt(helper, state)) {
        TreePath callPath = TreePath.getPath(loopPath, call);
        Type runtime = state.getSymtab().runtimeExceptionType;
        if (callPath != null && !caughtBetween(callPath, loop, runtime, state)) {
          return true; // next() { try { return q.take(); } catch (InterruptedException e) { throw .. } }
        }
      }
    }
    if (InterruptSources.canThrowInterrupt(body(loop), state)) {
      return true;
    }
    for (TryTree tryTree : LocalTrees.find(body(loop), TryTree.class)) {
      CatchTree catchTree = InterruptSources.interruptCatch(tryTree, state);
      if (catchTree == null || catchTree == ignored) {
        continue;
      }
      TreePath catchPath = TreePath.getPath(loopPath, catchTree);
      if (catchPath == null) {
        continue;
      }
      switch (InterruptHandling.classify(catchPath, loop, state)) {
        case RETHROWS, RESTORES_AND_LEAVES, LEAVES_WITHOUT_RESTORING -> {
          return true;
        }
        default -> {}
      }
    }
    return false;
  }

  /**
   * Whether a method of this code turns an InterruptedException into a throw: a catch of its own
   * that receives one and throws (an unchecked exception, as its signature does not declare it).
   */
  private static boolean rethrowsInterrupt(MethodTree helper, VisitorState state) {
    return helper.getBody() != null
        && LocalTrees.contains(helper.getBody(), TryTree.class, tryTree -> {
          CatchTree catchTree = InterruptSources.interruptCatch(tryTree, state);
          return catchTree != null && LocalTrees.contains(catchTree.getBlock(), ThrowTree.class);
        });
  }

  /**
   * Whether the loop's body always leaves on its first pass: it ends with a {@code throw}, {@code
   * return} or {@code break} of its own ({@code while (!sent) { throw failure; }}, an {@code if}
   * written as a loop), so it cannot loop at all.
   */
  public static boolean runsOnce(Tree loop) {
    Tree body = body(loop);
    Tree last = body instanceof com.sun.source.tree.BlockTree block && !block.getStatements().isEmpty()
        ? block.getStatements().get(block.getStatements().size() - 1) : body;
    if (last instanceof ThrowTree || last instanceof ReturnTree) {
      return true;
    }
    return last instanceof com.sun.source.tree.BreakTree && LocalTrees.jumpTarget(last) == loop;
  }

  /** Whether the loop body holds a {@code break}, {@code return}, uncaught {@code throw} or exit out of it. */
  public static boolean jumpsOut(TreePath loopPath, VisitorState state) {
    Tree body = body(loopPath.getLeaf());
    if (body == null) {
      return true;
    }
    for (StatementTree jump : LocalTrees.jumpsLeaving(body)) {
      if (!(jump instanceof ContinueTree)) {
        return true;
      }
    }
    return InterruptHandling.callsExit(body)
        || LocalTrees.contains(body, ThrowTree.class, t -> !caughtWithin(t, loopPath, state));
  }

  /** Whether a {@code try} inside the loop catches what {@code thrown} throws. */
  private static boolean caughtWithin(ThrowTree thrown, TreePath loopPath, VisitorState state) {
    Type type = ASTHelpers.getType(thrown.getExpression());
    TreePath throwPath = TreePath.getPath(loopPath, thrown);
    return type != null
        && throwPath != null
        && Exceptions.catchBetween(throwPath, loopPath.getLeaf(), type, state) != null;
  }

}
