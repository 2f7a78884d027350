package dev.leakproof.checker.executors;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import java.util.List;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * A scheduler kept in an {@code AtomicReference} field of the class ({@code
 * executor.compareAndSet(null, service)} in {@code start()}, {@code executor.getAndSet(null)} then
 * {@code shutdown()} in {@code stop()}): the field holds it as a plain field would, and the value
 * read back from it is the scheduler the class starts and stops (Servo's {@code PollScheduler},
 * tenth spot check). The compare-and-set conditions around such a release are the holder's
 * protocol, not a condition on the release.
 */
final class AtomicHolders {
  private static final Matcher<ExpressionTree> READ =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.atomic.AtomicReference")
          .namedAnyOf("get", "getAndSet", "getAndUpdate", "getAcquire", "getPlain", "getVolatile");

  private AtomicHolders() {}

  /**
   * The {@code AtomicReference} field that {@code receiver} reads its value from ({@code
   * holder.get()}, or a local variable initialised with it), or null.
   */
  static @Nullable Symbol holderOf(ExpressionTree receiver, VisitorState state, UnitFacts facts) {
    Tree stripped = Uses.strip(receiver);
    if (!(stripped instanceof MethodInvocationTree)) {
      Symbol local = ASTHelpers.getSymbol(stripped);
      if (local == null
          || local.getKind() != ElementKind.LOCAL_VARIABLE
          || !(facts.declaration(local) instanceof VariableTree declaration)
          || declaration.getInitializer() == null) {
        return null;
      }
      stripped = Uses.strip(declaration.getInitializer());
    }
    if (!(stripped instanceof MethodInvocationTree read) || !READ.matches(read, state)) {
      return null;
    }
    Symbol field = ASTHelpers.getSymbol(ASTHelpers.getReceiver(read));
    return field != null && field.getKind() == ElementKind.FIELD ? field : null;
  }

  /**
   * True if code of this file releases a value read from {@code holder}: {@code
   * holder.getAndSet(null).shutdown()}, or a local initialised with such a read and then shut
   * down.
   */
  static boolean releasedFrom(
      Symbol holder, OwnedResource kind, VisitorState state, UnitFacts facts) {
    for (TreePath use : facts.uses(holder)) {
      TreePath read = use.getParentPath();
      if (read == null
          || !(read.getLeaf() instanceof MemberSelectTree)
          || read.getParentPath() == null
          || !(read.getParentPath().getLeaf() instanceof MethodInvocationTree call)
          || !READ.matches(call, state)) {
        continue;
      }
      if (releases(read.getParentPath(), kind, state)) {
        return true;
      }
      Tree parent = read.getParentPath().getParentPath().getLeaf();
      if (parent instanceof VariableTree local) {
        Symbol symbol = ASTHelpers.getSymbol(local);
        List<TreePath> localUses = symbol == null ? List.of() : facts.uses(symbol);
        for (TreePath localUse : localUses) {
          if (releases(localUse, kind, state)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether the expression at {@code value} is the receiver of a release call. */
  private static boolean releases(TreePath value, OwnedResource kind, VisitorState state) {
    TreePath select = value.getParentPath();
    return select != null
        && select.getLeaf() instanceof MemberSelectTree
        && select.getParentPath() != null
        && select.getParentPath().getLeaf() instanceof MethodInvocationTree call
        && kind.isReleaseOnReceiver(call, state);
  }
}
