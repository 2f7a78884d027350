package dev.leakproof.checker.flow;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the paths reaching a point know about one obligation (an object to release, a latch to
 * count down). Paths join, so this is a set: some paths may hold nothing to do ({@link #none}),
 * some an open obligation on their normal course ({@link #pending}), some an open obligation on
 * their way out by one of the {@link #leaving} exits.
 */
final class Facts {
  static final Facts NONE = new Facts(true, false, ImmutableSet.of());
  static final Facts PENDING = new Facts(false, true, ImmutableSet.of());
  static final Facts EITHER = new Facts(true, true, ImmutableSet.of());

  final boolean none;
  final boolean pending;
  final ImmutableSet<Exit> leaving;

  private Facts(boolean none, boolean pending, ImmutableSet<Exit> leaving) {
    this.none = none;
    this.pending = pending;
    this.leaving = leaving;
  }

  private static Facts of(boolean none, boolean pending, Set<Exit> leaving) {
    if (leaving.isEmpty()) {
      return none ? (pending ? EITHER : NONE) : pending ? PENDING : NONE;
    }
    return new Facts(none, pending, ImmutableSet.copyOf(leaving));
  }

  /** True if some path still has the obligation open (on its normal course or on its way out). */
  boolean open() {
    return pending || !leaving.isEmpty();
  }

  Facts join(Facts other) {
    if (other == this) {
      return this;
    }
    return of(none || other.none, pending || other.pending, Sets.union(leaving, other.leaving));
  }

  /** Every open path now leaves by {@code exit}. */
  Facts leave(Exit exit) {
    return open() ? of(none, false, ImmutableSet.of(exit)) : this;
  }

  /**
   * Every open path now leaves by {@code exit}, and a path already on its way out keeps the exit
   * it first left by: for an obligation that a catch does not resume, a {@code throw} or {@code
   * return} in the catch does not undo the skip of the call that threw into it.
   */
  Facts alsoLeave(Exit exit) {
    return open() ? of(none, false, Sets.union(leaving, ImmutableSet.of(exit))) : this;
  }

  /** The paths on their way out are back on their normal course (an exception was caught). */
  Facts resumed() {
    return leaving.isEmpty() ? this : of(none, true, ImmutableSet.of());
  }

  /** Keeps only the exits that {@code keep} accepts. */
  Facts keepLeaving(Predicate<Exit> keep) {
    return of(none, pending, Sets.filter(leaving, keep::test));
  }

  /** On the branch where the object is known to be null: nothing is open. */
  Facts whenNull() {
    return NONE;
  }

  /**
   * On the branch where the object is known not to be null: the paths that hold nothing cannot
   * be there (when only those reach this point, the object was released before: nothing is open).
   */
  Facts whenNotNull() {
    return open() ? of(false, pending, leaving) : NONE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Facts other
        && none == other.none
        && pending == other.pending
        && leaving.equals(other.leaving);
  }

  @Override
  public int hashCode() {
    return (none ? 1 : 0) + (pending ? 2 : 0) + 31 * leaving.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (none) {
      text.append("none");
    }
    if (pending) {
      text.append(text.isEmpty() ? "" : "|").append("open");
    }
    for (Exit exit : leaving) {
      text.append(text.isEmpty() ? "" : "|").append("leaving:").append(exit.kind());
    }
    return text.toString();
  }
}
