package com.example;

/** Sends a heartbeat forever from a thread nobody can stop: an accepted finding (baselined). */
public class Heartbeat {
  private int beats;

  public void start() {
    new Thread(() -> {
      while (true) {
        beat();
      }
    }).start();
  }

  private void beat() {
    beats++;
  }

  public int beats() {
    return beats;
  }
}
