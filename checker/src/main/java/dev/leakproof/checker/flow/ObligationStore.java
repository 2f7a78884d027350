package dev.leakproof.checker.flow;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.checkerframework.errorprone.dataflow.analysis.Store;
import org.checkerframework.errorprone.dataflow.cfg.visualize.CFGVisualizer;
import org.checkerframework.errorprone.dataflow.expression.JavaExpression;

/**
 * The flow engine's store: the {@link Facts} of each tracked obligation at one point. Immutable
 * (so {@link #copy} shares); a key that is absent holds {@link Facts#NONE}, so obligations that are
 * met or not yet taken on cost nothing. {@link #DEAD} is the store of a point no path reaches.
 */
final class ObligationStore implements Store<ObligationStore> {
  static final ObligationStore DEAD = new ObligationStore(Map.of(), true);
  static final ObligationStore EMPTY = new ObligationStore(Map.of(), false);

  private final Map<Object, Facts> facts;
  private final boolean dead;

  private ObligationStore(Map<Object, Facts> facts, boolean dead) {
    this.facts = facts;
    this.dead = dead;
  }

  boolean isDead() {
    return dead;
  }

  Facts get(Object key) {
    return facts.getOrDefault(key, Facts.NONE);
  }

  /** The keys whose facts are not {@link Facts#NONE}. */
  Iterable<Object> keys() {
    return facts.keySet();
  }

  ObligationStore with(Object key, Facts value) {
    if (dead || get(key).equals(value)) {
      return this;
    }
    Map<Object, Facts> copy = new HashMap<>(facts);
    if (value.equals(Facts.NONE)) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new ObligationStore(copy, false);
  }

  /** Applies {@code change} to the facts of every key that has some. */
  ObligationStore mapAll(UnaryOperator<Facts> change) {
    if (dead || facts.isEmpty()) {
      return this;
    }
    Map<Object, Facts> copy = new HashMap<>();
    boolean changed = false;
    for (Map.Entry<Object, Facts> entry : facts.entrySet()) {
      Facts after = change.apply(entry.getValue());
      changed |= !after.equals(entry.getValue());
      if (!after.equals(Facts.NONE)) {
        copy.put(entry.getKey(), after);
      }
    }
    return changed ? new ObligationStore(copy, false) : this;
  }

  @Override
  public ObligationStore copy() {
    return this;
  }

  @Override
  public ObligationStore leastUpperBound(ObligationStore other) {
    if (dead || other == this) {
      return other;
    }
    if (other.dead) {
      return this;
    }
    Map<Object, Facts> joined = new HashMap<>();
    for (Object key : facts.keySet()) {
      joined.put(key, get(key).join(other.get(key)));
    }
    for (Object key : other.facts.keySet()) {
      joined.computeIfAbsent(key, k -> Facts.NONE.join(other.get(k)));
    }
    return new ObligationStore(joined, false);
  }

  @Override
  public ObligationStore widenedUpperBound(ObligationStore previous) {
    return leastUpperBound(previous); // the lattice is finite
  }

  @Override
  public boolean canAlias(JavaExpression a, JavaExpression b) {
    return true;
  }

  @Override
  public String visualize(CFGVisualizer<?, ObligationStore, ?> viz) {
    return toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObligationStore other && dead == other.dead && facts.equals(other.facts);
  }

  @Override
  public int hashCode() {
    return facts.hashCode() + (dead ? 1 : 0);
  }

  @Override
  public String toString() {
    return dead ? "dead" : facts.toString();
  }
}
