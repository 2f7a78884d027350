package dev.leakproof.junit;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Threads a scope has already dealt with: reported as leaked, or accepted by its ignore rules. An
 * enclosing scope (the class, the run) does not report them again.
 */
final class Settled {
  private static final Set<Thread> THREADS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private static final Set<Long> VIRTUAL_IDS = ConcurrentHashMap.newKeySet();

  private Settled() {}

  static void add(Thread thread) {
    THREADS.add(thread);
  }

  static void addVirtual(long id) {
    VIRTUAL_IDS.add(id);
  }

  static boolean contains(Thread thread) {
    return THREADS.contains(thread);
  }

  static boolean containsVirtual(long id) {
    return VIRTUAL_IDS.contains(id);
  }
}
