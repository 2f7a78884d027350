package com.example;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a heartbeat forever from a thread nobody can stop: an accepted finding (baselined).
 *
 * <p>Edited since the baseline was written: a field, a method and comments above the finding.
 */
public class Heartbeat {
  private int beats;
  private final AtomicLong lastBeat = new AtomicLong();

  /** When the last beat was sent. */
  public long lastBeat() {
    return lastBeat.get();
  }

  public void start() {
    // reformatted, with a comment inside the flagged code
    new Thread(() -> { while (true) { /* keep beating */ beat(); } }).start();
  }

  private void beat() {
    beats++;
    lastBeat.set(System.nanoTime());
  }

  public int beats() {
    return beats;
  }
}
