package com.example.catalog;

import java.util.concurrent.Executors;

/** Runs one job on a pool nobody shuts down: recorded in the shared baseline. */
public class CatalogWorker {
  public void run(Runnable job) {
    Executors.newFixedThreadPool(2).execute(job);
  }
}
