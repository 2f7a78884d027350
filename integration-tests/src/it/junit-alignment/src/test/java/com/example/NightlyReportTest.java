package com.example;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * No @DetectThreadLeaks: only the whole-run check (JUnit's extension auto-detection) sees the
 * scheduler it never shuts down. Runs only with -Ddemo.runLeak=true.
 */
@EnabledIfSystemProperty(named = "demo.runLeak", matches = "true")
class NightlyReportTest {
  @Test
  void schedulesTheNightlyReport() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.schedule(() -> System.out.println("nightly report"), 1, TimeUnit.DAYS);
  }
}
