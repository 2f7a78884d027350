package dev.leakproof.junit;

/**
 * Thrown when a thread started by a checked test (or class, or run) ended with an uncaught
 * exception; the exception is the cause, and further ones are suppressed errors of their own.
 */
public final class UncaughtExceptionError extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final String threadName;

  UncaughtExceptionError(String message, String threadName, Throwable cause) {
    super(message, cause);
    this.threadName = threadName;
  }

  /** The name of the thread that threw. */
  public String threadName() {
    return threadName;
  }

  /** The error for the exceptions a scope's threads threw, the first one's error with the rest suppressed. */
  static UncaughtExceptionError of(java.util.List<Scope.Uncaught> uncaught, Scope scope) {
    UncaughtExceptionError first = null;
    for (Scope.Uncaught u : uncaught) {
      StringBuilder message = new StringBuilder();
      message.append("thread \"").append(u.threadName).append('"');
      if (u.origin != null) {
        message.append(" (created at ").append(Attribution.place(u.origin)).append(')');
      }
      message.append(" threw an uncaught exception");
      if (u.from != null) {
        message.append(u.late ? " after the " + u.from.describe() + " ended" : " in the " + u.from.describe());
      }
      message.append(": ").append(u.exception);
      UncaughtExceptionError error = new UncaughtExceptionError(message.toString(), u.threadName, u.exception);
      if (first == null) {
        first = error;
      } else {
        first.addSuppressed(error);
      }
    }
    return first;
  }
}
