package dev.leakproof.checker.flow;

import com.sun.source.tree.Tree;
import java.util.Collection;
import java.util.List;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * What a check tells the {@link Flow} engine: which obligations to track (an owned executor to
 * shut down, a latch to count down), what each node of the control-flow graph does to them, and
 * its policy where checks differ (which exceptions can skip an obligation, where an obligation's
 * scope ends, whether a caught exception still counts as a way out). Everything else (paths,
 * {@code finally}, catches, jumps, null checks, {@code System.exit}) is the engine's.
 *
 * <p>Implementations must be cheap per node: the engine asks about every node of the method.
 */
public interface Obligation {
  /** What a node does to one obligation. */
  enum Effect {
    /** Takes the obligation on (a new object; a latch to count down from now on). */
    TAKE,
    /** Takes it on, replacing one that may be open: an open one leaves by reassignment. */
    REPLACE,
    /** Takes it on on some paths only ({@code cond ? newPool() : null}). */
    TAKE_OR_NOT,
    /** Holds nothing any more ({@code x = null}), replacing one that may be open. */
    CLEAR,
    /** Meets the obligation ({@code shutdown()}, {@code countDown()}). */
    MEET,
    /** Holds nothing from now on, without counting an open obligation as skipped. */
    NONE,
    /** Something the engine cannot follow: the key's answer is "not understood". */
    UNKNOWN
  }

  /** One effect of a node on the obligation of {@code key}. */
  record Event(Object key, Effect effect) {}

  /** The keys of the obligations to track (variable symbols, or other latch keys). */
  Collection<?> keys();

  /** True if {@code key} holds an open obligation when the method or lambda starts. */
  boolean openAtEntry(Object key);

  /** The tracked key that {@code expression} names (for null checks), or null. */
  @Nullable Object keyOf(Tree expression);

  /** What {@code node} does to the tracked obligations (usually nothing). */
  List<Event> events(Node node);

  /**
   * True if {@code node} (a call, constructor call or implicit {@code close()}) throwing {@code
   * exception} is a path that can leave an obligation open. Explicit {@code throw} statements
   * always are; other nodes never are.
   */
  boolean canSkip(Node node, TypeMirror exception);

  /**
   * The source range [start, end) outside which {@code key} no longer exists (a local variable's
   * scope), or null when it lives as long as the method: leaving the range with the obligation
   * open is then a way out.
   */
  int @Nullable [] scope(Object key);

  /** True if a {@code break}/{@code continue} to {@code target} leaves {@code key}'s obligation. */
  boolean jumpSkips(Object key, Tree target);

  /**
   * True if a path that left by an exception is back on its normal course once a catch takes the
   * exception (so a later way out is named instead); false if it keeps counting as leaving by that
   * exception until the obligation is met.
   */
  boolean catchResumes();
}
