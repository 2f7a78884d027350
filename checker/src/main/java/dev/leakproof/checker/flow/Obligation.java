package dev.leakproof.checker.flow;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import java.util.Collection;
import java.util.List;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * What a check tells the {@link Flow} engine: which obligations to track (an owned executor to
 * shut down, a latch to count down), what code opens and meets them, and its policy where checks
 * differ (which exceptions can skip an obligation, where a variable's scope ends, whether a caught
 * exception still counts as a way out). Everything else (paths, {@code finally}, catches, jumps,
 * null checks, assignments, {@code System.exit}) is the engine's.
 *
 * <p>Implementations must be cheap per node: the engine asks about every node of the method.
 */
public interface Obligation {
  /** What storing a value into a tracked variable does to its obligation. */
  enum Effect {
    /** Opens it (a new object; a latch to count down from now on). */
    OPEN,
    /** Opens it on some paths only ({@code cond ? newPool() : null}). */
    OPEN_OR_NONE,
    /** Leaves nothing to do ({@code x = null}). */
    NONE,
    /** A value the engine cannot follow: the key's answer is "not understood". */
    UNKNOWN
  }

  /** The keys of the obligations to track (variable symbols, or other latch keys). */
  Collection<?> keys();

  /** The keys whose obligation {@code node} meets ({@code shutdown()}, {@code countDown()}). */
  Collection<?> meets(Node node);

  /**
   * True if {@code node} (a call, constructor call or implicit {@code close()}) throwing {@code
   * exception} is a path that can leave an obligation open. Explicit {@code throw} statements
   * always are; other nodes never are.
   */
  boolean canSkip(Node node, TypeMirror exception);

  /**
   * What storing {@code value} (null: a declaration without initialiser) into the tracked
   * variable {@code key} does; {@code declaration} when the variable is declared there.
   */
  default Effect assigned(Object key, @Nullable ExpressionTree value, boolean declaration) {
    return Effect.UNKNOWN;
  }

  /** True if an assignment that replaces an open obligation is a way out (the object is lost). */
  default boolean replacingLeaves() {
    return false;
  }

  /** True if {@code key} holds an open obligation when the method or lambda starts. */
  default boolean openAtEntry(Object key) {
    return false;
  }

  /** The tracked key that {@code expression} names (for null checks), or null. */
  default @Nullable Object keyOf(Tree expression) {
    return null;
  }

  /**
   * True if every object that {@code key} can hold is a {@code type}, so that {@code key
   * instanceof type} is false only when it holds null: the engine then refines on the test as on a
   * null check ({@code if (pool instanceof ExecutorService service) service.shutdown();} leaves
   * nothing live on either branch). By default: unknown, no refinement.
   */
  default boolean alwaysInstanceOf(Object key, TypeMirror type) {
    return false;
  }

  /**
   * The source range [start, end) outside which {@code key} no longer exists (a local variable's
   * scope), or null when it lives as long as the method: leaving the range with the obligation
   * open is then a way out.
   */
  default int @Nullable [] scope(Object key) {
    return null;
  }

  /** True if a {@code break}/{@code continue} to {@code target} leaves {@code key}'s obligation. */
  default boolean jumpSkips(Object key, Tree target) {
    return true;
  }

  /**
   * True if a path that left by an exception is back on its normal course once a catch takes the
   * exception (so a later way out is named instead); false if it keeps counting as leaving by that
   * exception until the obligation is met.
   */
  default boolean catchResumes() {
    return false;
  }

  /** No keys met: the usual answer of {@link #meets}. */
  List<Object> NOTHING = List.of();
}
