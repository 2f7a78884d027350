package dev.leakproof.junit;

import org.junit.jupiter.api.Test;

/** Tests that leak threads, with the opt-in cleanup; run by {@link CleanupTest}. */
final class CleanupCases {
  private CleanupCases() {}

  @DetectThreadLeaks(gracePeriodMillis = 100, cleanup = DetectThreadLeaks.Cleanup.INTERRUPT)
  static class LeaksAnInterruptibleThread {
    @Test
    void leaks() {
      Leftovers.startWaiting("interruptible", false);
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100, cleanup = DetectThreadLeaks.Cleanup.INTERRUPT)
  static class LeaksAZombie {
    @Test
    void leaks() {
      Leftovers.startStubborn("stubborn");
    }
  }

  @DetectThreadLeaks(gracePeriodMillis = 100)
  static class LeaksWithoutCleanupAnnotation {
    @Test
    void leaks() {
      Leftovers.startWaiting("interruptible", false);
    }
  }
}
