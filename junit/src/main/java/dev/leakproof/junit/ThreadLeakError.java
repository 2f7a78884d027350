package dev.leakproof.junit;

import java.util.Collections;
import java.util.List;

/** Thrown when threads started since a {@link ThreadSnapshot} are still alive after the grace period. */
public final class ThreadLeakError extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient List<LeakedThread> leaks;

  ThreadLeakError(String message, List<LeakedThread> leaks) {
    super(message);
    this.leaks = Collections.unmodifiableList(leaks);
  }

  /** The leaked threads, in the order of the message. */
  public List<LeakedThread> leaks() {
    return leaks;
  }
}
