package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leakproof.junit.DetectThreadLeaks;
import java.util.List;
import org.junit.jupiter.api.Test;

@DetectThreadLeaks
class ReportServiceTest {
  @Test
  void rendersEveryReportAndLeavesNoThreadBehind() throws Exception {
    assertEquals(List.of("report a", "report b", "report c"), new ReportService().render(List.of("a", "b", "c")));
  }
}
