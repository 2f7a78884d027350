package dev.leakproof.checker.ownership;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;

/**
 * What {@link Uses} needs to know about one kind of owned object: which calls release it and which
 * calls may receive it without taking ownership. The defaults describe an object nobody releases
 * and nobody may borrow.
 */
public interface UsePolicy {
  /** True if {@code call}, made on the object as receiver, releases it ({@code pool.shutdown()}). */
  default boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
    return false;
  }

  /** True if {@code call} releases the object it gets as an argument. */
  default boolean isReleaseArgument(MethodInvocationTree call, VisitorState state) {
    return false;
  }

  /** True if the method reference {@code object::name} is a release ({@code pool::shutdown}). */
  default boolean isReleaseReference(MemberReferenceTree reference, VisitorState state) {
    return false;
  }

  /**
   * True if a lambda, method reference or anonymous class that uses the object, passed to {@code
   * callOrNew}, runs before that call returns, so the object stays ours ({@code
   * list.forEach(t -> pool.submit(t))}). By default: the JDK's collection, map, stream and {@code
   * Optional} methods. A lambda handed anywhere else may run after the object was released, so
   * the object escapes with it.
   */
  default boolean lambdaKeepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return Uses.RUNS_LAMBDA_NOW.matches(callOrNew, state);
  }

  /**
   * True if the body of the anonymous class {@code creation} runs as part of the object it
   * creates, whatever that object is then handed to, so a use inside it stays ours (an anonymous
   * {@code Thread} whose {@code run()} uses the object). By default: never.
   */
  default boolean classBodyKeepsOwnership(NewClassTree creation, VisitorState state) {
    return false;
  }

  /**
   * True if returning the object from the method at {@code returnPath}'s {@code return} leaves it
   * where it is (the caller cannot release it either). By default: never, a return hands it on.
   */
  default boolean keepsOwnershipWhenReturned(TreePath returnPath, VisitorState state) {
    return false;
  }

  /** True if passing the object as an argument to {@code callOrNew} leaves ownership with us. */
  default boolean keepsOwnership(ExpressionTree callOrNew, VisitorState state) {
    return false;
  }
}
