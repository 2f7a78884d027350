package com.example;

/** The same loop, suppressed by the check's name: silent. */
public class MetricsPump {
  private int pumped;

  @SuppressWarnings("ThreadWithoutExitPath")
  public void start() {
    new Thread(() -> {
      while (true) {
        pump();
      }
    }).start();
  }

  private void pump() {
    pumped++;
  }

  public int pumped() {
    return pumped;
  }
}
