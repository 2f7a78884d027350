package dev.leakproof.checker.report;

import com.google.errorprone.ErrorProneFlags;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Leakproof:*} options of one compilation (docs/setup/options.md), and every problem
 * with any Leakproof option, each as one error line.
 */
record ReportOptions(
    @Nullable Path baseline,
    boolean updateBaseline,
    @Nullable Path sarif,
    Path sarifRoot,
    List<String> problems) {

  static final LeakproofOption BASELINE = LeakproofOption.path("Leakproof:Baseline");
  static final LeakproofOption UPDATE_BASELINE = LeakproofOption.bool("Leakproof:UpdateBaseline", false);
  static final LeakproofOption SARIF = LeakproofOption.path("Leakproof:Sarif");
  static final LeakproofOption SARIF_ROOT = LeakproofOption.path("Leakproof:SarifRoot");

  static ReportOptions from(ErrorProneFlags flags) {
    List<String> problems = new ArrayList<>(LeakproofOption.problems(flags));
    Path baseline = BASELINE.readPath(flags).map(p -> p.toAbsolutePath().normalize()).orElse(null);
    boolean update = UPDATE_BASELINE.readBoolean(flags);
    if (update && baseline == null && flags.get(BASELINE.name()).isEmpty()) {
      problems.add("Leakproof: -XepOpt:" + UPDATE_BASELINE.name() + "=true needs -XepOpt:"
          + BASELINE.name() + "=<file> (the baseline file to write)");
    }
    Path sarif = SARIF.readPath(flags).map(p -> p.toAbsolutePath().normalize()).orElse(null);
    // Javac's working directory: the module's directory in a forked Maven compile.
    Path root = SARIF_ROOT.readPath(flags).orElse(Paths.get("")).toAbsolutePath().normalize();
    return new ReportOptions(baseline, update, sarif, root, List.copyOf(problems));
  }

  /** True if any option asks for work beyond reporting findings as they are. */
  boolean active() {
    return baseline != null || sarif != null;
  }
}
