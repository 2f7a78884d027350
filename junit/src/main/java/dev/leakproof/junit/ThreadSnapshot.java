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
  private final long lastRecord;
  private final long lastThreadId;

  ThreadSnapshot(Set<Thread> threads, long lastRecord, long lastThreadId) {
    this.threads = Collections.unmodifiableSet(new HashSet<>(threads));
    this.lastRecord = lastRecord;
    this.lastThreadId = lastThreadId;
  }

  /** Takes a snapshot of the platform threads alive now: a thread list, no stacks. */
  static ThreadSnapshot take() {
    Set<Thread> live = new HashSet<>();
    Collections.addAll(live, ThreadList.live());
    DefaultIgnores.observe(live);
    return new ThreadSnapshot(live, Origins.lastSeq(), VirtualThreads.supported() ? nextThreadId() - 1 : -1);
  }

  /** The platform threads that were alive when the snapshot was taken. */
  public Set<Thread> threads() {
    return threads;
  }

  /** Whether {@code thread} was alive when the snapshot was taken. */
  public boolean contains(Thread thread) {
    return threads.contains(thread);
  }

  /** Threads created after the snapshot have records newer than this ({@link Origins}). */
  long lastRecord() {
    return lastRecord;
  }

  /**
   * Every thread created after the snapshot has a greater id (ids are handed out in creation order);
   * how new virtual threads, which no snapshot lists, are told from older ones. -1 when unknown.
   */
  long lastThreadId() {
    return lastThreadId;
  }

  /** The id the next thread will get: an unstarted probe takes one, without inheriting anything. */
  private static long nextThreadId() {
    return ThreadList.idOf(new Thread(null, null, "leakproof-id-probe", 0, false));
  }

  @Override
  public String toString() {
    return "ThreadSnapshot[" + threads.size() + " threads]";
  }
}
