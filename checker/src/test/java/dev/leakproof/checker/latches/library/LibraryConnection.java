package dev.leakproof.checker.latches.library;

/**
 * A connection interface as a library ships it (compiled, not part of the code under test): its
 * implementations are other code, so a call of {@link #onClose()} may throw anything.
 */
public interface LibraryConnection {
  void onClose();

  boolean isOpen();
}
