package dev.leakproof.junit;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The threads alive at one moment, taken by {@link ThreadLeaks#snapshot()}. Threads in the snapshot
 * are never reported as leaks, whatever they do later.
 */
public final class ThreadSnapshot {
  private final Set<Thread> threads;

  ThreadSnapshot(Set<Thread> threads) {
    this.threads = Collections.unmodifiableSet(new HashSet<>(threads));
  }

  /** The threads that were alive when the snapshot was taken. */
  public Set<Thread> threads() {
    return threads;
  }

  /** Whether {@code thread} was alive when the snapshot was taken. */
  public boolean contains(Thread thread) {
    return threads.contains(thread);
  }

  @Override
  public String toString() {
    return "ThreadSnapshot[" + threads.size() + " threads]";
  }
}
