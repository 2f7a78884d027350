package dev.leakproof.junit;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs leaked threads with the {@link Origins.Record records} of their creation. A record cannot
 * name its thread, but threads get their ids in the order they are constructed, and records are
 * numbered in the same order, so within one thread class the k-th new thread is the k-th record
 * once both lists hold the same threads. To make them hold the same threads, records of threads
 * that have ended are dropped: a record's tag is referenced only by its thread, so after a garbage
 * collection a cleared tag means an ended thread. The collection runs only when the pairing would
 * otherwise be ambiguous, which happens only on the way to a failure report.
 */
final class Attribution {
  private Attribution() {}

  /** A new thread to attribute: its id and class. */
  static final class Key {
    final long id;
    final String className;

    Key(long id, String className) {
      this.id = id;
      this.className = className;
    }
  }

  /** Where a thread came from: one record, or several possible ones, or nothing known. */
  static final class Origin {
    static final Origin UNKNOWN = new Origin(null, List.of());

    final Origins.Record record;
    final List<Origins.Record> candidates;

    private Origin(Origins.Record record, List<Origins.Record> candidates) {
      this.record = record;
      this.candidates = candidates;
    }

    boolean isKnown() {
      return record != null;
    }

    /**
     * Whether code of {@code scope} itself created this thread, certainly or possibly (threads of a
     * nested scope are that scope's to report).
     */
    boolean mayBelongTo(Scope scope) {
      if (record != null) {
        return record.scope == scope;
      }
      return candidates.stream().anyMatch(r -> r.scope == scope);
    }

    boolean certainlyBelongsTo(Scope scope) {
      return record != null && record.scope == scope;
    }
  }

  /**
   * Attributes {@code threads} to {@code records} (all records newer than the checked scope's
   * start). When the records of a thread class disagree on where they were created, garbage is
   * collected first, so that only records of threads still alive are paired.
   */
  static Map<Long, Origin> attribute(List<Key> threads, List<Origins.Record> records) {
    Map<String, List<Key>> threadsByClass = new LinkedHashMap<>();
    for (Key key : threads) {
      threadsByClass.computeIfAbsent(key.className, k -> new ArrayList<>()).add(key);
    }
    Map<String, List<Origins.Record>> recordsByClass = byClass(records);
    boolean disagree = false;
    for (String threadClass : threadsByClass.keySet()) {
      disagree |= distinctPlaces(recordsByClass.getOrDefault(threadClass, List.of())).size() > 1;
    }
    if (disagree && collectGarbage()) {
      List<Origins.Record> alive = new ArrayList<>();
      for (Origins.Record r : records) {
        if (r.mayBeAlive()) {
          alive.add(r);
        }
      }
      recordsByClass = byClass(alive);
    }
    Map<Long, Origin> origins = new HashMap<>();
    for (Map.Entry<String, List<Key>> entry : threadsByClass.entrySet()) {
      List<Key> keys = entry.getValue();
      List<Origins.Record> group = recordsByClass.getOrDefault(entry.getKey(), List.of());
      keys.sort(Comparator.comparingLong(k -> k.id));
      List<Origins.Record> distinct = distinctPlaces(group);
      for (int i = 0; i < keys.size(); i++) {
        Origin origin;
        if (group.isEmpty()) {
          origin = Origin.UNKNOWN;
        } else if (keys.size() == group.size()) {
          origin = new Origin(group.get(i), List.of()); // ids and records both in creation order
        } else if (distinct.size() == 1) {
          origin = new Origin(distinct.get(0), List.of()); // every possible record says the same
        } else {
          origin = new Origin(null, distinct);
        }
        origins.put(keys.get(i).id, origin);
      }
    }
    return origins;
  }

  private static Map<String, List<Origins.Record>> byClass(List<Origins.Record> records) {
    Map<String, List<Origins.Record>> byClass = new HashMap<>();
    for (Origins.Record r : records) {
      byClass.computeIfAbsent(r.threadClass, k -> new ArrayList<>()).add(r);
    }
    return byClass;
  }

  /** One record per distinct (scope, creating line). */
  private static List<Origins.Record> distinctPlaces(List<Origins.Record> records) {
    Map<List<Object>, Origins.Record> places = new LinkedHashMap<>();
    for (Origins.Record r : records) {
      places.putIfAbsent(List.of(r.scope, place(r)), r);
    }
    return Collections.unmodifiableList(new ArrayList<>(places.values()));
  }

  /** The line of user code that created the thread, or the innermost creating frame. */
  static String place(Origins.Record record) {
    StackTraceElement[] stack = record.stack();
    int user = Frames.firstUserFrame(stack);
    if (user >= 0) {
      return Frames.format(stack[user]);
    }
    return stack.length == 0 ? "an unknown place" : Frames.format(stack[0]);
  }

  /**
   * Collects garbage so that tags of ended threads are cleared; false when no collection happened
   * (for example with {@code -XX:+DisableExplicitGC}), in which case records cannot be told apart.
   */
  static boolean collectGarbage() {
    try {
      long before = collections();
      System.gc();
      return collections() > before;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  private static long collections() {
    long total = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, bean.getCollectionCount());
    }
    return total;
  }
}
