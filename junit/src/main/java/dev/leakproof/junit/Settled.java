package dev.leakproof.junit;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Threads a scope has already dealt with: reported as leaked (no other scope reports them again), or
 * accepted by a test's ignore rules (the enclosing class and run do not report them; a test running
 * at the same time, with rules of its own, still may).
 */
final class Settled {
  private static final Set<Thread> THREADS = weakSet();
  private static final Set<Thread> ACCEPTED = weakSet();
  private static final Set<Long> VIRTUAL_IDS = ConcurrentHashMap.newKeySet();

  private static Set<Thread> weakSet() {
    return Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  }

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

  static void accept(Thread thread) {
    ACCEPTED.add(thread);
  }

  static boolean isAccepted(Thread thread) {
    return ACCEPTED.contains(thread);
  }

  static boolean containsVirtual(long id) {
    return VIRTUAL_IDS.contains(id);
  }
}
