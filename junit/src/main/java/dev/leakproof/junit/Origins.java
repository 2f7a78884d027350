package dev.leakproof.junit;

import java.lang.StackWalker.StackFrame;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where threads come from, without an agent: an {@link InheritableThreadLocal} holds the {@link
 * Scope} whose code runs on a thread. The JDK copies it into every thread created there (in the
 * {@code Thread} constructor, on the creating thread), and {@link InheritableThreadLocal#childValue}
 * lets us record, at that moment, the scope, the creating thread and the creating stack. A thread
 * created by such a thread inherits the same scope, so attribution follows chains of threads.
 *
 * <p>The cost is one stack walk per thread created while a scope is active; code that creates no
 * thread pays nothing. What cannot be learnt this way is which {@code Thread} object a record
 * belongs to (the new thread is not reachable from {@code childValue}); {@link Attribution} pairs
 * leaked threads with records.
 */
final class Origins {
  /** Frames kept from the code that created a thread (below the {@code Thread} constructors). */
  static final int MAX_FRAMES = 24;
  /** Records kept, newest first; a run that creates more threads than this forgets the oldest. */
  static final int RING_SIZE = 4096;

  private static final Set<String> COMMON_POOL_FACTORIES = Set.of(
      "java.util.concurrent.ForkJoinPool$DefaultCommonPoolForkJoinWorkerThreadFactory",
      "java.util.concurrent.ForkJoinPool$InnocuousForkJoinWorkerThreadFactory");

  /** Created at the first thread a scope creates: a clean run never loads it. */
  private static final class Walker {
    static final StackWalker INSTANCE = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 48);
  }

  private static final AtomicLong SEQ = new AtomicLong();
  private static final Record[] RING = new Record[RING_SIZE];
  /** Set while this library creates threads of its own (JFR's), which belong to no scope. */
  private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

  private static final InheritableThreadLocal<Tag> TAG = new InheritableThreadLocal<Tag>() {
    @Override
    protected Tag childValue(Tag parent) {
      if (parent == null || QUIET.get() != null) {
        return null;
      }
      try {
        return created(parent);
      } catch (RuntimeException | LinkageError e) {
        return null; // never break the caller's new Thread(...)
      }
    }
  };

  private Origins() {}

  /** The scope a thread runs for, and the record of its creation (null for a scope's own thread). */
  static final class Tag {
    final Scope scope;
    final Record record;

    Tag(Scope scope, Record record) {
      this.scope = scope;
      this.record = record;
    }
  }

  /** One thread created while a scope was active. */
  static final class Record {
    final long seq;
    final Scope scope;
    /** The creating thread's own record, when it too was created in a scope. */
    final Record creatorRecord;
    final String creatorName;
    final long creatorId;
    final String threadClass;
    final boolean virtual;
    private final List<StackFrame> frames;
    private StackTraceElement[] stack;
    private volatile WeakReference<Tag> tag;

    Record(long seq, Scope scope, Record creatorRecord, Thread creator, Class<?> threadClass,
        List<StackFrame> frames) {
      this.seq = seq;
      this.scope = scope;
      this.creatorRecord = creatorRecord;
      this.creatorName = creator.getName();
      this.creatorId = ThreadList.idOf(creator);
      this.threadClass = threadClass.getName();
      this.virtual = isVirtual(threadClass);
      this.frames = frames;
    }

    /** The creating code, innermost frame first (the code that called a {@code Thread} constructor). */
    synchronized StackTraceElement[] stack() {
      if (stack == null) {
        stack = frames.stream().map(StackFrame::toStackTraceElement).toArray(StackTraceElement[]::new);
      }
      return stack;
    }

    /**
     * Whether the thread may still be alive: its tag is referenced only from the thread's own
     * inherited map, which the JDK drops when the thread ends. Meaningful after a garbage collection.
     */
    boolean mayBeAlive() {
      WeakReference<Tag> ref = tag;
      return ref == null || ref.get() != null;
    }
  }

  /** Runs {@code scope}'s code on this thread from now on; returns what ran before, for {@link #restore}. */
  static Tag enter(Scope scope) {
    Tag previous = TAG.get();
    TAG.set(new Tag(scope, null));
    return previous;
  }

  static void restore(Tag previous) {
    if (previous == null) {
      TAG.remove();
    } else {
      TAG.set(previous);
    }
  }

  /** Tags this thread with {@code scope} unless it already runs for one. */
  static void enterIfUntagged(Scope scope) {
    if (TAG.get() == null) {
      TAG.set(new Tag(scope, null));
    }
  }

  /** The tag of the current thread, or null. */
  static Tag current() {
    return TAG.get();
  }

  /** The sequence number of the last record so far; later records are newer. */
  static long lastSeq() {
    return SEQ.get();
  }

  /** The records newer than {@code seq} still kept, oldest first. */
  static List<Record> recordsAfter(long seq) {
    List<Record> records = new ArrayList<>();
    synchronized (RING) {
      long last = SEQ.get();
      for (long s = Math.max(seq + 1, last - RING_SIZE + 1); s <= last; s++) {
        Record r = RING[(int) (s % RING_SIZE)];
        if (r != null && r.seq == s) {
          records.add(r);
        }
      }
    }
    return records;
  }

  /** Whether every record newer than {@code seq} is still kept. */
  static boolean keptAllAfter(long seq) {
    return SEQ.get() - seq <= RING_SIZE;
  }

  /** Runs {@code action} so that threads it creates belong to no scope (this library's own). */
  static <T> T quietly(java.util.function.Supplier<T> action) {
    QUIET.set(Boolean.TRUE);
    try {
      return action.get();
    } finally {
      QUIET.remove();
    }
  }

  private static Tag created(Tag parent) {
    Thread creator = Thread.currentThread();
    Walk walk = Walker.INSTANCE.walk(Origins::walk);
    if (walk == null || DefaultIgnores.ignoresClass(walk.threadClass.getName())) {
      return null; // JDK-internal and test-tool threads, and common-pool workers, belong to no scope
    }
    Record record;
    synchronized (RING) {
      long seq = SEQ.get() + 1;
      record = new Record(seq, parent.scope, parent.record, creator, walk.threadClass, walk.frames);
      RING[(int) (seq % RING_SIZE)] = record;
      SEQ.set(seq);
    }
    Tag tag = new Tag(parent.scope, record);
    record.tag = new WeakReference<>(tag);
    parent.scope.countCreated(record.virtual);
    return tag;
  }

  private static final class Walk {
    final Class<?> threadClass;
    final List<StackFrame> frames;

    Walk(Class<?> threadClass, List<StackFrame> frames) {
      this.threadClass = threadClass;
      this.frames = frames;
    }
  }

  /**
   * Finds the {@code Thread} constructors on the stack (the outermost one names the new thread's
   * class) and keeps the frames below them: the code that created the thread.
   */
  private static Walk walk(Stream<StackFrame> stack) {
    Class<?> threadClass = null;
    boolean outsideJdkSeen = false;
    List<StackFrame> creator = new ArrayList<>();
    for (Iterator<StackFrame> it = stack.iterator(); it.hasNext(); ) {
      StackFrame frame = it.next();
      if (creator.isEmpty() && frame.getMethodName().equals("<init>")
          && Thread.class.isAssignableFrom(frame.getDeclaringClass())) {
        threadClass = frame.getDeclaringClass();
        continue;
      }
      if (threadClass == null) {
        continue; // this class and ThreadLocal's frames, above the constructors
      }
      if (COMMON_POOL_FACTORIES.contains(frame.getClassName())) {
        return null;
      }
      if (!outsideJdkSeen && !Frames.isJdk(frame.getClassName())) {
        outsideJdkSeen = true;
        if (DefaultIgnores.ignoresClass(frame.getClassName())) {
          return null; // created by the test tools themselves (JUnit's timeout threads, say)
        }
      }
      creator.add(frame);
      if (creator.size() == MAX_FRAMES) {
        break;
      }
    }
    return threadClass == null ? null : new Walk(threadClass, creator);
  }

  private static boolean isVirtual(Class<?> threadClass) {
    for (Class<?> c = threadClass; c != null; c = c.getSuperclass()) {
      if (c.getName().equals("java.lang.BaseVirtualThread") || c.getName().equals("java.lang.VirtualThread")) {
        return true;
      }
    }
    return false;
  }
}
