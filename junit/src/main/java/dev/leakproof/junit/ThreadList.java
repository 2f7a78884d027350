package dev.leakproof.junit;

import java.util.Arrays;

/**
 * The live platform threads, without their stacks: {@code ThreadGroup.enumerate} on the root group
 * neither stops the JVM at a safepoint nor walks any stack, unlike {@code Thread.getAllStackTraces()}.
 * Snapshots and grace-period polls use only this.
 */
final class ThreadList {
  private static volatile ThreadGroup root;
  private static volatile int sizeHint = 32;

  private ThreadList() {}

  /** Every live platform thread (virtual threads are never listed). */
  static Thread[] live() {
    ThreadGroup group = rootGroup();
    Thread[] threads = new Thread[sizeHint];
    int count;
    // enumerate() fills at most the array; a full array may mean threads were left out.
    while ((count = group.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    sizeHint = Math.max(32, count + count / 2);
    return Arrays.copyOf(threads, count);
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; this library runs on JDK 11.
  static long idOf(Thread thread) {
    return thread.getId();
  }

  private static ThreadGroup rootGroup() {
    ThreadGroup group = root;
    if (group == null) {
      group = Thread.currentThread().getThreadGroup();
      // A virtual thread's group (JDK 21+) is a child of the system group too.
      while (group.getParent() != null) {
        group = group.getParent();
      }
      root = group;
    }
    return group;
  }
}
