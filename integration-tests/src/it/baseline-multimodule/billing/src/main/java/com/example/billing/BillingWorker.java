package com.example.billing;

import java.util.concurrent.Executors;

/** Runs one job on a pool nobody shuts down: recorded in the shared baseline. */
public class BillingWorker {
  public void run(Runnable job) {
    Executors.newFixedThreadPool(2).execute(job);
  }
}
