package dev.leakproof.junit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists virtual threads, which {@code Thread.getAllStackTraces()} and thread groups never show:
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)} (JDK 21+, called reflectively since this
 * library is compiled for Java 11) writes every thread the JDK tracks, virtual ones included. A
 * dump takes milliseconds, so it is taken only for scopes that created virtual threads.
 */
final class VirtualThreads {
  /** JDK 21+: where {@code dumpThreads} and the JSON format exist; looked up at the first dump. */
  private static final boolean JDK_21 = Runtime.version().feature() >= 21;

  /** {@code dumpThreads}, its JSON format and the bean, found reflectively at the first dump. */
  private static final class Dumper {
    static final Method DUMP_THREADS;
    static final Object JSON_FORMAT;
    static final Object BEAN;

    static {
      Method dump = null;
      Object json = null;
      Object bean = null;
      try {
        Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum> format = (Class<Enum>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
        @SuppressWarnings("unchecked")
        Object jsonValue = Enum.valueOf(format, "JSON");
        dump = beanType.getMethod("dumpThreads", String.class, format);
        @SuppressWarnings("unchecked")
        Object platformBean = ManagementFactory.getPlatformMXBean(
            (Class<? extends java.lang.management.PlatformManagedObject>) beanType);
        json = jsonValue;
        bean = platformBean;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        dump = null; // not HotSpot, or jdk.management missing: virtual threads stay unchecked
      }
      DUMP_THREADS = bean == null ? null : dump;
      JSON_FORMAT = json;
      BEAN = bean;
    }
  }

  private VirtualThreads() {}

  /** A virtual thread as the dump shows it. */
  static final class Info {
    final long id;
    final String name;
    final Thread.State state;
    final StackTraceElement[] stack;
    final String waitingOn;

    Info(long id, String name, Thread.State state, StackTraceElement[] stack, String waitingOn) {
      this.id = id;
      this.name = name;
      this.state = state;
      this.stack = stack;
      this.waitingOn = waitingOn;
    }
  }

  /**
   * Whether this JVM has virtual threads to list: JDK 21+. Whether it can list them is known at the
   * first dump ({@link #limitation()} then says so if it cannot).
   */
  static boolean supported() {
    return JDK_21;
  }

  private static boolean canDump() {
    return JDK_21 && Dumper.DUMP_THREADS != null;
  }

  /**
   * Why virtual threads go unchecked on this JVM, or null when they are checked. The JDK tracks
   * virtual threads created directly with the {@code Thread} API only with {@code
   * jdk.trackAllThreads} on (the default).
   */
  static String limitation() {
    if (Runtime.version().feature() < 21) {
      return "virtual threads are not checked on JDK " + Runtime.version().feature()
          + " (listing them needs JDK 21+); platform threads are";
    }
    if (!canDump()) {
      return "virtual threads are not checked on this JVM (listing them needs"
          + " com.sun.management.HotSpotDiagnosticMXBean.dumpThreads)";
    }
    if ("false".equals(System.getProperty("jdk.trackAllThreads"))) {
      return "virtual threads started with the Thread API are not checked: -Djdk.trackAllThreads=false"
          + " hides them from the JDK's thread dump";
    }
    return null;
  }

  /** The live virtual threads; empty when they cannot be listed. */
  static List<Info> list(Set<Long> platformIds) {
    if (!canDump()) {
      return List.of();
    }
    Path file = null;
    try {
      file = Files.createTempFile("leakproof-threads", ".json");
      Files.delete(file); // dumpThreads refuses to overwrite
      Dumper.DUMP_THREADS.invoke(Dumper.BEAN, file.toAbsolutePath().toString(), Dumper.JSON_FORMAT);
      return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), platformIds);
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      return List.of();
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static List<Info> parse(String json, Set<Long> platformIds) {
    List<Info> threads = new ArrayList<>();
    Map<String, Object> dump = (Map<String, Object>) ((Map<String, Object>) Json.parse(json)).get("threadDump");
    for (Object container : (List<Object>) dump.getOrDefault("threadContainers", List.of())) {
      for (Object entry : (List<Object>) ((Map<String, Object>) container).getOrDefault("threads", List.of())) {
        Map<String, Object> thread = (Map<String, Object>) entry;
        long id = Long.parseLong(String.valueOf(thread.get("tid")));
        Object virtual = thread.get("virtual");
        // Older dumps have no "virtual" field: a thread that is not a platform thread is virtual.
        if (Boolean.TRUE.equals(virtual) || (virtual == null && !platformIds.contains(id))) {
          threads.add(new Info(id, String.valueOf(thread.getOrDefault("name", "")), state(thread.get("state")),
              stack((List<Object>) thread.getOrDefault("stack", List.of())), waitingOn(thread)));
        }
      }
    }
    return threads;
  }

  private static Thread.State state(Object text) {
    try {
      return text == null ? null : Thread.State.valueOf(String.valueOf(text));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static String waitingOn(Map<String, Object> thread) {
    Object blocker = thread.get("parkBlocker");
    if (blocker instanceof Map) {
      Object object = ((Map<String, Object>) blocker).get("object");
      return object == null ? null : String.valueOf(object);
    }
    Object monitor = thread.containsKey("blockedOn") ? thread.get("blockedOn") : thread.get("waitingOn");
    return monitor == null ? null : String.valueOf(monitor);
  }

  private static StackTraceElement[] stack(List<Object> frames) {
    List<StackTraceElement> stack = new ArrayList<>();
    for (Object frame : frames) {
      StackTraceElement element = frame(String.valueOf(frame));
      if (element != null) {
        stack.add(element);
      }
    }
    return stack.toArray(new StackTraceElement[0]);
  }

  /** {@code java.base/java.lang.Thread.sleep(Thread.java:509)} and the like. */
  static StackTraceElement frame(String text) {
    int open = text.indexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      return null;
    }
    String qualified = text.substring(text.lastIndexOf('/', open) + 1, open); // drop loader/module
    int dot = qualified.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String where = text.substring(open + 1, text.length() - 1);
    String file = null;
    int line = -1;
    if (where.equals("Native Method")) {
      line = -2;
    } else if (!where.equals("Unknown Source")) {
      int colon = where.lastIndexOf(':');
      file = colon < 0 ? where : where.substring(0, colon);
      if (colon >= 0) {
        try {
          line = Integer.parseInt(where.substring(colon + 1));
        } catch (NumberFormatException e) {
          line = -1;
        }
      }
    }
    return new StackTraceElement(qualified.substring(0, dot), qualified.substring(dot + 1), file, line);
  }
}
