package dev.leakproof.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The threads alive at one moment, taken by {@link ThreadLeaks#snapshot()}. Threads in the snapshot
 * are never reported as leaks, whatever they do later.
 *
 * <p>Taking one costs a thread list (no stacks): the thread ids are kept sorted, and a thread is in
 * the snapshot when its id is (ids are never reused).
 */
public final class ThreadSnapshot {
  private final Thread[] threads;
  private final long[] ids;
  private final long lastRecord;
  private final long lastThreadId;

  private ThreadSnapshot(Thread[] threads, long lastRecord, long lastThreadId) {
    this.threads = threads;
    this.ids = new long[threads.length];
    for (int i = 0; i < threads.length; i++) {
      ids[i] = ThreadList.idOf(threads[i]);
    }
    Arrays.sort(ids);
    this.lastRecord = lastRecord;
    this.lastThreadId = lastThreadId;
  }

  /** Takes a snapshot of the platform threads alive now. */
  static ThreadSnapshot take() {
    long lastRecord = Origins.lastSeq();
    return new ThreadSnapshot(ThreadList.live(), lastRecord, VirtualThreads.supported() ? nextThreadId() - 1 : -1);
  }

  /** The platform threads that were alive when the snapshot was taken. */
  public Set<Thread> threads() {
    return Collections.unmodifiableSet(new java.util.HashSet<>(Arrays.asList(threads)));
  }

  /** Whether {@code thread} was alive when the snapshot was taken. */
  public boolean contains(Thread thread) {
    return Arrays.binarySearch(ids, ThreadList.idOf(thread)) >= 0;
  }

  /** The live platform threads that are not in this snapshot (thread list only). */
  List<Thread> newThreads() {
    List<Thread> threads = new ArrayList<>();
    for (Thread t : ThreadList.live()) {
      if (!contains(t) && t.isAlive()) {
        threads.add(t);
      }
    }
    return threads;
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
    return "ThreadSnapshot[" + threads.length + " threads]";
  }
}
