package com.example.shipping;

import java.util.concurrent.Executors;

/** Runs one job on a pool nobody shuts down: recorded in the shared baseline. */
public class ShippingWorker {
  public void run(Runnable job) {
    Executors.newFixedThreadPool(2).execute(job);
  }
}
