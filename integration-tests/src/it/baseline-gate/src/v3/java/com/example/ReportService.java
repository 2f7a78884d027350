package com.example;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Renders pages on a pool that is never shut down: an accepted finding (baselined). */
public class ReportService {
  private final List<String> titles = new ArrayList<>();

  public void title(String title) {
    titles.add(title);
  }

  public void render(List<Runnable> pages) {
    ExecutorService pool =
        Executors.newFixedThreadPool(4);
    for (Runnable page : pages) {
      pool.execute(page);
    }
  }

  /** New code: the same mistake again, which the gate must stop. */
  public void export(Runnable job) {
    ExecutorService exporter = Executors.newSingleThreadExecutor();
    exporter.execute(job);
  }
}
