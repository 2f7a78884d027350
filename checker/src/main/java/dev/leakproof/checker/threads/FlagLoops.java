package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.TypeTag;
import dev.leakproof.checker.threads.FieldWrites.Write;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.UnitPaths;
import java.util.Collection;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Loops that run on a boolean field: which field, in any spelling ({@code while (running)}, {@code
 * !stop}, {@code stop == false}, one operand of {@code &&}, or a getter that returns the field),
 * which value of it ends the loop, and who writes that value.
 */
final class FlagLoops {
  private FlagLoops() {}

  /** The loop goes on while {@code field} differs from {@code stopValue}. */
  record Flag(VarSymbol field, boolean stopValue) {
    boolean isPlain() {
      return (field.flags() & Flags.VOLATILE) == 0 && !field.getModifiers().contains(Modifier.FINAL);
    }
  }

  /** The boolean field the loop condition (or one operand of its {@code &&}) tests, or null. */
  @Nullable
  static Flag flagOf(Tree loop, VisitorState state) {
    ExpressionTree condition = LoopExits.condition(loop);
    return condition == null ? null : flagIn(condition, loop, state);
  }

  @Nullable
  private static Flag flagIn(ExpressionTree expression, Tree loop, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
    if (stripped instanceof BinaryTree binary && binary.getKind() == Tree.Kind.CONDITIONAL_AND) {
      Flag left = flagIn(binary.getLeftOperand(), loop, state);
      return left != null ? left : flagIn(binary.getRightOperand(), loop, state);
    }
    return test(stripped, true, loop, state);
  }

  /**
   * Whether the test reads a field of an object held by a local variable that the loop assigns
   * again: each pass reads a new object's field (a result, {@code while (!res.isSuccess())} with
   * {@code res = process()} in the body; PowerJob's {@code LightTaskTracker}, eleventh spot check),
   * not a flag another thread sets.
   */
  private static boolean readsFreshObject(ExpressionTree read, Tree loop) {
    ExpressionTree receiver =
        read instanceof MemberSelectTree select ? select.getExpression()
            : read instanceof MethodInvocationTree call ? ASTHelpers.getReceiver(call) : null;
    Symbol holder = receiver instanceof IdentifierTree ? ASTHelpers.getSymbol(receiver) : null;
    if (holder == null
        || (holder.getKind() != ElementKind.LOCAL_VARIABLE && holder.getKind() != ElementKind.PARAMETER)) {
      return false;
    }
    return LocalTrees.contains(loop, AssignmentTree.class,
        assignment -> ASTHelpers.getSymbol(assignment.getVariable()) == holder);
  }

  /**
   * The flag that {@code expression} tests, with the loop going on while the expression is {@code
   * goesOnWhen}: {@code !e}, {@code e == false}, {@code e != true}, {@code true == e} unwrapped.
   */
  @Nullable
  private static Flag test(
      ExpressionTree expression, boolean goesOnWhen, Tree loop, VisitorState state) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
    if (stripped instanceof UnaryTree unary && unary.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      return test(unary.getExpression(), !goesOnWhen, loop, state);
    }
    if (stripped instanceof BinaryTree binary
        && (binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)) {
      Boolean right = FieldWrites.literal(binary.getRightOperand());
      Boolean left = FieldWrites.literal(binary.getLeftOperand());
      ExpressionTree other = right != null ? binary.getLeftOperand() : binary.getRightOperand();
      Boolean literal = right != null ? right : left;
      if (literal == null) {
        return null;
      }
      boolean equalsTrue = binary.getKind() == Tree.Kind.EQUAL_TO ? literal : !literal;
      return test(other, equalsTrue == goesOnWhen, loop, state);
    }
    if (readsFreshObject(stripped, loop)) {
      return null;
    }
    VarSymbol field = null;
    if (stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree) {
      field = booleanField(ASTHelpers.getSymbol(stripped));
    } else if (stripped instanceof MethodInvocationTree call && call.getArguments().isEmpty()) {
      field = booleanField(getterField(call, state));
    }
    return field == null ? null : new Flag(field, !goesOnWhen);
  }

  @Nullable
  private static VarSymbol booleanField(@Nullable Symbol symbol) {
    return symbol instanceof VarSymbol field && field.getKind() == ElementKind.FIELD
        && field.type.getTag() == TypeTag.BOOLEAN ? field : null;
  }

  /**
   * The field a plain getter of this code returns ({@code boolean isRunning() { return running; }}),
   * or null; a {@code synchronized} getter publishes the field and does not count.
   */
  @Nullable
  static Symbol getterField(MethodInvocationTree call, VisitorState state) {
    MethodSymbol getter = ASTHelpers.getSymbol(call);
    MethodTree declaration = (getter.flags() & Flags.SYNCHRONIZED) != 0
        ? null : SourceLookup.method(getter, state);
    if (declaration == null || declaration.getBody() == null
        || declaration.getBody().getStatements().size() != 1
        || !(declaration.getBody().getStatements().get(0) instanceof ReturnTree ret)
        || ret.getExpression() == null) {
      return null;
    }
    ExpressionTree returned = ASTHelpers.stripParentheses(ret.getExpression());
    return returned instanceof IdentifierTree || returned instanceof MemberSelectTree
        ? ASTHelpers.getSymbol(returned) : null;
  }

  /**
   * Whether nothing ever gives the flag the value that keeps the loop going ({@code private boolean
   * running;} never set to true): the loop never runs.
   */
  static boolean neverGoesOn(Flag flag, VisitorState state) {
    Set<Object> values = FieldWrites.booleanValues(flag.field(), state);
    return !FieldWrites.canHold(values, !flag.stopValue());
  }

  /**
   * The write that asks the loop to stop: an assignment of the stopping value (or of a value that is
   * not a literal) outside the construction of the object, outside {@code loopBody} (the method or
   * lambda that runs the loop) and outside the thread's own helpers ({@link #isOwnHelper}),
   * preferring a literal stopping value; null when there is none.
   */
  @Nullable
  static Write stopWrite(Flag flag, Tree loopBody, Collection<Tree> threadCode, VisitorState state) {
    Write unknown = null;
    for (Write write : FieldWrites.of(flag.field(), state)) {
      if (write.call() != null || write.inConstruction() || write.body() == loopBody
          || write.method() == loopBody || isOwnHelper(write.method(), threadCode, state)) {
        continue;
      }
      if (write.value() != null && write.value() == flag.stopValue()) {
        return write;
      }
      if (write.value() == null && unknown == null) {
        unknown = write;
      }
    }
    return unknown;
  }

  /**
   * Whether {@code method} runs only on the looping thread itself, so that a write in it is no
   * request from another thread: it is not public, the thread's code calls it, and every call of it
   * in its file is in the thread's code or in a constructor (log4j's {@code FileWatchdog}, whose
   * {@code checkAndConfigure()} ends the loop after a {@code SecurityException}).
   */
  private static boolean isOwnHelper(
      @Nullable MethodTree method, Collection<Tree> threadCode, VisitorState state) {
    if (method == null || !threadCode.contains(method)
        || method.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
      return false;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    TreePath path = SourceLookup.path(symbol, state);
    if (path == null) {
      return false;
    }
    for (TreePath callPath : UnitPaths.callsOf(path.getCompilationUnit(), symbol, state)) {
      TreePath caller = Flow.unitOf(callPath);
      if (caller == null
          || !threadCode.contains(caller.getLeaf())
              && !(caller.getLeaf() instanceof MethodTree constructor
                  && ASTHelpers.getSymbol(constructor).isConstructor())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The name of the method a write is in, for messages ({@code stop()}); for a method of an
   * anonymous class, also the method that creates it ({@code run() of an anonymous class in
   * dispose()}: a bare "run()" reads as the thread's own run()).
   */
  static String writerName(Write write) {
    if (write.method() == null) {
      return "an initializer";
    }
    String name = write.method().getName() + "()";
    TreePath methodPath = null;
    for (TreePath p = write.path(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() == write.method()) {
        methodPath = p;
        break;
      }
    }
    TreePath classPath = methodPath == null ? null : methodPath.getParentPath();
    if (classPath == null || !(classPath.getLeaf() instanceof ClassTree owner)
        || !owner.getSimpleName().isEmpty()) {
      return name;
    }
    for (TreePath p = classPath.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        break;
      }
      if (p.getLeaf() instanceof MethodTree creator) {
        return name + " of an anonymous class in " + creator.getName() + "()";
      }
    }
    return name;
  }

  /** The path of the method or lambda that runs the loop. */
  @Nullable
  static Tree enclosingBody(TreePath loopPath) {
    for (TreePath p = loopPath; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree || p.getLeaf() instanceof com.sun.source.tree.LambdaExpressionTree) {
        return p.getLeaf();
      }
    }
    return null;
  }
}
