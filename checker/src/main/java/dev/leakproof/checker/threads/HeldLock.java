package dev.leakproof.checker.threads;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import org.jspecify.annotations.Nullable;

/**
 * The monitor held around a piece of code: the innermost {@code synchronized (x) { .. }} block or
 * {@code synchronized} method around it (within its method or lambda). {@code object} is the lock
 * object's variable, or for {@code this} (and for a static method's class lock) null with {@code
 * owner} the class; {@code text} says where it is taken, for messages.
 */
record HeldLock(@Nullable Symbol object, @Nullable Symbol owner, String text) {

  /** The lock held around {@code path}, or null (none, or a lock expression we cannot name). */
  @Nullable
  static HeldLock around(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return null;
      }
      if (leaf instanceof SynchronizedTree block) {
        ExpressionTree lock = ASTHelpers.stripParentheses(block.getExpression());
        if (isThis(lock)) {
          return new HeldLock(null, enclosingClass(p), "synchronized (this)");
        }
        Symbol symbol = lock instanceof IdentifierTree || lock instanceof MemberSelectTree
            ? ASTHelpers.getSymbol(lock) : null;
        return symbol == null ? null
            : new HeldLock(symbol, null, "synchronized (" + symbol.getSimpleName() + ")");
      }
      if (leaf instanceof MethodTree method) {
        MethodSymbol symbol = ASTHelpers.getSymbol(method);
        if ((symbol.flags() & Flags.SYNCHRONIZED) == 0) {
          return null;
        }
        String text = "synchronized " + method.getName() + "()";
        return symbol.isStatic()
            ? new HeldLock(symbol.owner, null, text)
            : new HeldLock(null, symbol.owner, text);
      }
    }
    return null;
  }

  /** {@code this}, {@code Outer.this}, or {@code super} ({@code super.wait()} waits on this object). */
  private static boolean isThis(ExpressionTree tree) {
    return tree instanceof IdentifierTree id
            && (id.getName().contentEquals("this") || id.getName().contentEquals("super"))
        || tree instanceof MemberSelectTree select && select.getIdentifier().contentEquals("this");
  }

  @Nullable
  private static Symbol enclosingClass(TreePath path) {
    ClassTree enclosing = ASTHelpers.findEnclosingNode(path, ClassTree.class);
    return enclosing == null ? null : ASTHelpers.getSymbol(enclosing);
  }

  /** Whether both name the same monitor. */
  boolean sameAs(HeldLock other) {
    return object != null ? object.equals(other.object)
        : other.object == null && owner != null && owner.equals(other.owner);
  }

  /** The monitor as a reader would name it: {@code this}, {@code lock}, {@code Worker.class}. */
  String monitor() {
    if (object instanceof ClassSymbol c) {
      return c.getSimpleName() + ".class";
    }
    return object == null ? "this" : object.getSimpleName().toString();
  }

  /** Whether {@code loop} waits on this monitor ({@code wait()} releases it while it waits). */
  boolean releasedIn(Tree loop) {
    return LocalTrees.contains(loop, MethodInvocationTree.class, call -> {
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      return symbol.getSimpleName().contentEquals("wait")
          && symbol.owner.getQualifiedName().contentEquals("java.lang.Object")
          && isThisMonitor(ASTHelpers.getReceiver(call));
    });
  }

  /**
   * Whether {@code loop} takes this monitor on each pass: a {@code synchronized} block on it, or
   * (for {@code this}) a call of a synchronized method of the same object.
   */
  boolean acquiredIn(Tree loop) {
    if (LocalTrees.contains(loop, SynchronizedTree.class,
        block -> isThisMonitor(ASTHelpers.stripParentheses(block.getExpression())))) {
      return true;
    }
    if (object != null) {
      return false;
    }
    for (MethodInvocationTree call : LocalTrees.find(loop, MethodInvocationTree.class)) {
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if ((symbol.flags() & Flags.SYNCHRONIZED) != 0 && !symbol.isStatic()
          && (receiver == null || isThis(ASTHelpers.stripParentheses(receiver)))
          && owner != null && owner.equals(symbol.owner)) {
        return true;
      }
    }
    return false;
  }

  private boolean isThisMonitor(@Nullable ExpressionTree receiver) {
    if (object == null || object instanceof ClassSymbol) {
      return object == null ? receiver == null || isThis(receiver) : false;
    }
    ExpressionTree stripped = receiver == null ? null : ASTHelpers.stripParentheses(receiver);
    return stripped != null && object.equals(ASTHelpers.getSymbol(stripped));
  }
}
