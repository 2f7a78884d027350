package com.example;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Renders reports on a pool it shuts down when done. */
public final class ReportService {
  public List<String> render(List<String> names) throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> parts = new ArrayList<>();
      for (String name : names) {
        parts.add(pool.submit(() -> "report " + name));
      }
      List<String> reports = new ArrayList<>();
      for (Future<String> part : parts) {
        reports.add(part.get());
      }
      return reports;
    } finally {
      pool.shutdown();
    }
  }
}
