package dev.leakproof.junit;

/** What a stack says: where the thread waits, which code is the user's, what it was started to run. */
final class Frames {
  private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
  private static final String[] TOOLING_PREFIXES = {"org.junit.", "org.apache.maven.surefire.", "org.gradle."};

  private Frames() {}

  static boolean isJdk(StackTraceElement frame) {
    return isJdk(frame.getClassName());
  }

  static boolean isJdk(String className) {
    return startsWithAny(className, JDK_PREFIXES);
  }

  /** Outside the JDK and the test tools, and not a lambda's generated class. */
  static boolean isUserCode(StackTraceElement frame) {
    String className = frame.getClassName();
    return !isJdk(frame) && !startsWithAny(className, TOOLING_PREFIXES) && !className.contains("$$Lambda");
  }

  /** {@code com.example.Poller.run(Poller.java:12)}, without the class loader and module names. */
  static String format(StackTraceElement frame) {
    String where;
    if (frame.isNativeMethod()) {
      where = "Native Method";
    } else if (frame.getFileName() == null) {
      where = frame.getLineNumber() >= 0 ? "line " + frame.getLineNumber() : "Unknown Source";
    } else if (frame.getLineNumber() >= 0) {
      where = frame.getFileName() + ":" + frame.getLineNumber();
    } else {
      where = frame.getFileName();
    }
    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
  }

  /** The innermost frame outside the JDK, or null. */
  static StackTraceElement firstOutsideJdk(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (!isJdk(frame)) {
        return frame;
      }
    }
    return null;
  }

  /** Index of the innermost frame in user code (outside the JDK and the test tools), or -1. */
  static int firstUserFrame(StackTraceElement[] stack) {
    for (int i = 0; i < stack.length; i++) {
      if (isUserCode(stack[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the outermost frame in user code: the code the thread was started to run (its {@code
   * Runnable}, lambda or task), or -1.
   */
  static int entryFrame(StackTraceElement[] stack) {
    for (int i = stack.length - 1; i >= 0; i--) {
      if (isUserCode(stack[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Where a lambda or anonymous class was written, read off its synthetic name, or null. */
  static String describeOrigin(StackTraceElement frame) {
    String method = frame.getMethodName();
    String className = frame.getClassName();
    if (method.startsWith("lambda$")) {
      // javac names lambda bodies lambda$<enclosing method>$<n>; static initialisers are "static".
      int end = method.indexOf('$', "lambda$".length());
      String enclosing = end < 0 ? method.substring("lambda$".length()) : method.substring("lambda$".length(), end);
      if (enclosing.equals("new")) {
        enclosing = "<init>";
      } else if (enclosing.equals("static")) {
        enclosing = "<clinit>";
      }
      return "a lambda written in " + className + "." + enclosing;
    }
    int dollar = className.lastIndexOf('$');
    if (dollar >= 0 && dollar + 1 < className.length()
        && Character.isDigit(className.charAt(dollar + 1))) {
      return "an anonymous class written in " + className.substring(0, dollar);
    }
    return null;
  }

  /** A plain-words reading of a stack with no user code on it, or null. */
  static String idleHint(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String name = frame.getClassName() + "." + frame.getMethodName();
      if (name.equals("java.util.concurrent.ThreadPoolExecutor.getTask")) {
        return "an idle worker of an executor that was never shut down (call shutdown() or close() on it)";
      }
      if (name.equals("java.util.TimerThread.mainLoop")) {
        return "the thread of a java.util.Timer that was never cancelled (call cancel() on it)";
      }
      if (name.equals("java.util.concurrent.ForkJoinPool.awaitWork")) {
        return "an idle worker of a ForkJoinPool that was never shut down (call shutdown() on it)";
      }
    }
    return null;
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
