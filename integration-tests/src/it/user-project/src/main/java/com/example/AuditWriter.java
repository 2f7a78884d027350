package com.example;

import dev.leakproof.annotations.IntentionalDaemon;

/** The same loop, documented as meant to live for the JVM's lifetime: silent. */
public class AuditWriter {
  private int written;

  @IntentionalDaemon("writes the audit trail until the JVM exits")
  public void start() {
    Thread writer = new Thread(() -> {
      while (true) {
        write();
      }
    });
    writer.setDaemon(true);
    writer.start();
  }

  private void write() {
    written++;
  }

  public int written() {
    return written;
  }
}
