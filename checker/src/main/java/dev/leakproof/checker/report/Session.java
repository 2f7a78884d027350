package dev.leakproof.checker.report;

import com.google.errorprone.BugPattern.SeverityLevel;
import com.google.errorprone.ErrorProneOptions;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.comp.CompileStates;
import com.sun.tools.javac.comp.CompileStates.CompileState;
import com.sun.tools.javac.tree.JCTree.JCClassDecl;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Log;
import dev.leakproof.checker.report.Baseline.BaselineException;
import dev.leakproof.checker.util.PerCompilation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Leakproof's reporting state for one compilation (one javac run, e.g. one Maven module's main
 * sources), kept in javac's {@link Context}: the options, the baseline, and what was found.
 *
 * <p>Life cycle. The first Leakproof finding or non-finding of the compilation creates it (through
 * {@link Findings}); it checks the options then, reporting each problem as one javac error, and
 * loads the baseline. With no {@code Leakproof:*} option it is inactive and {@link #pass} returns at
 * once. Active, it registers a javac {@link TaskListener} and follows the compilation units Error
 * Prone scans: a unit is done when Error Prone moves on to another one (Error Prone scans one unit
 * completely, within javac's "analyze" event of its last class, before the next) or when the
 * compilation ends. When a unit is done, its stale baseline entries are reported as one warning per
 * class. When the compilation ends, the baseline (update mode) and the SARIF log are written.
 */
final class Session {
  private static final PerCompilation<Session> SESSIONS = new PerCompilation<>(Session::create);

  private final Context context;
  private final ReportOptions options;
  private final @Nullable Baseline baseline;
  private final @Nullable ErrorProneOptions errorProneOptions;
  private final boolean active;
  /** An option is wrong: the build fails on its error line, and nothing else is reported. */
  private final boolean failed;

  // The unit being scanned and what was found in it.
  private @Nullable CompilationUnitTree unit;
  private boolean unitSeenByCheck;
  private final Map<String, Integer> occurrences = new HashMap<>();
  private final Set<BaselineEntry> matchedInUnit = new HashSet<>();

  // The whole compilation.
  private final Set<String> compiledClasses = new HashSet<>();
  private final Set<String> compiledUris = new HashSet<>();
  private final List<BaselineEntry> found = new ArrayList<>();
  private final List<SarifLog.Result> results = new ArrayList<>();
  private final Sources sources;
  private boolean finished;

  private Session(VisitorState state) {
    this.context = state.context;
    this.options = ReportOptions.from(state.errorProneOptions().getFlags());
    this.errorProneOptions = state.errorProneOptions();
    this.sources = new Sources(options.sarifRoot());
    List<String> problems = new ArrayList<>(options.problems());
    Baseline loaded = null;
    if (options.baseline() != null && problems.isEmpty()) {
      if (options.updateBaseline()) {
        loaded = Baseline.empty(options.baseline());
      } else {
        try {
          loaded = Baseline.load(options.baseline());
        } catch (BaselineException e) {
          problems.add(e.getMessage());
        }
      }
    }
    this.baseline = loaded;
    problems.forEach(problem -> CompilerLog.error(context, problem));
    this.failed = !problems.isEmpty();
    this.active = !failed && options.active();
    if (active) {
      CompilationUnitTree current = state.getPath().getCompilationUnit();
      for (CompilationUnitTree before : analysedBefore(current)) {
        unit = before;
        finishUnit();
      }
      JavacTask task = BasicJavacTask.instance(context);
      task.addTaskListener(new Listener());
    }
  }

  /**
   * The units javac analysed before {@code current}, sorted by file. The first Leakproof call of a
   * compilation comes in the first unit where some check looks at something; a unit before it (an
   * empty class) was scanned as well, but the listener was not there to see it.
   */
  private List<CompilationUnitTree> analysedBefore(CompilationUnitTree current) {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    CompileStates.instance(context).forEach((env, state) -> {
      if (state.isAfter(CompileState.ATTR) && env.toplevel != current) {
        units.add(env.toplevel);
      }
    });
    List<CompilationUnitTree> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparing(u -> u.getSourceFile().toUri().toString()));
    return sorted;
  }

  /** An inactive session, for a compilation where starting one failed. */
  private Session(Context context) {
    this.context = context;
    this.options = new ReportOptions(null, false, null, Path.of(""), List.of());
    this.errorProneOptions = null;
    this.sources = new Sources(Path.of(""));
    this.baseline = null;
    this.active = false;
    this.failed = false;
  }

  static Session of(VisitorState state) {
    return SESSIONS.get(state);
  }

  private static Session create(VisitorState state) {
    try {
      return new Session(state);
    } catch (RuntimeException | LinkageError e) {
      if (Findings.FAIL_ON_CRASH) {
        throw e;
      }
      return new Session(state.context); // once per compilation, not once per call
    }
  }

  /** The description to report for {@code description} of {@code checker}: it, or NO_MATCH. */
  Description pass(BugChecker checker, VisitorState state, Description description) {
    if (!active) {
      return failed ? Description.NO_MATCH : description;
    }
    enter(state.getPath().getCompilationUnit(), true);
    if (description == Description.NO_MATCH || description.position == null) {
      return description;
    }
    Tree tree = description.position.getTree();
    FlaggedCode code = tree == null ? null : FlaggedCode.of(tree, state);
    if (code == null) {
      return description; // cannot be placed: cannot be baselined, report it
    }
    String key = code.className() + '\n' + code.member() + '\n' + description.checkName + '\n' + code.code();
    int occurrence = occurrences.merge(key, 1, Integer::sum) - 1;
    BaselineEntry entry = new BaselineEntry(
        description.checkName, code.className(), code.member(), occurrence, code.code());
    boolean baselined;
    if (options.updateBaseline()) {
      found.add(entry);
      baselined = true;
    } else {
      baselined = baseline != null && baseline.contains(entry);
      if (baselined) {
        matchedInUnit.add(entry);
      }
    }
    if (options.sarif() != null) {
      SeverityLevel severity = state.severityMap().getOrDefault(description.checkName, checker.defaultSeverity());
      String suppression = baselined
          ? "In the Leakproof baseline " + options.baseline().getFileName()
          : null;
      results.add(sources.result(state, description, tree, severity, entry.line(), suppression));
    }
    return baselined ? Description.NO_MATCH : description;
  }

  /**
   * Error Prone is scanning {@code next}, or javac has analysed a class of it; a different unit
   * before it is then done. {@code byCheck}: seen through a check, so Error Prone did scan it.
   */
  private void enter(CompilationUnitTree next, boolean byCheck) {
    if (next != unit) {
      finishUnit();
      unit = next;
      unitSeenByCheck = false;
    }
    unitSeenByCheck |= byCheck;
  }

  private void finishUnit() {
    CompilationUnitTree done = unit;
    // A unit no check looked at (an empty class) was scanned too, unless Error Prone skipped it:
    // an excluded path, or errors (Error Prone stops scanning after javac errors).
    boolean scanned = unitSeenByCheck
        || done != null && Log.instance(context).nerrors == 0 && !excluded(done);
    unit = null;
    occurrences.clear();
    Set<BaselineEntry> matched = new HashSet<>(matchedInUnit);
    matchedInUnit.clear();
    if (done == null || !scanned) {
      return;
    }
    compiledUris.add(sources.uri(done));
    Map<String, ClassTree> classes = new LinkedHashMap<>();
    for (Tree decl : done.getTypeDecls()) {
      if (decl instanceof ClassTree cls && ((JCClassDecl) cls).sym != null) {
        classes.put(((JCClassDecl) cls).sym.getQualifiedName().toString(), cls);
      }
    }
    compiledClasses.addAll(classes.keySet());
    if (baseline == null || options.updateBaseline()) {
      return;
    }
    classes.forEach((name, cls) -> {
      List<BaselineEntry> stale = baseline.entriesOf(name).stream()
          .filter(entry -> !matched.contains(entry) && enabled(entry.check()))
          .sorted()
          .toList();
      if (!stale.isEmpty()) {
        CompilerLog.warning(context, done, cls, staleMessage(name, stale));
      }
    });
  }

  private String staleMessage(String className, List<BaselineEntry> stale) {
    String what = stale.stream()
        .map(e -> e.check() + " in " + e.member())
        .distinct()
        .limit(3)
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
    boolean one = stale.size() == 1;
    return "Leakproof: " + stale.size() + " stale baseline " + (one ? "entry" : "entries")
        + " for " + className + " (" + what + (stale.size() > 3 ? ", ..." : "") + "): "
        + (one ? "its finding is" : "their findings are") + " gone; remove "
        + (one ? "it" : "them") + " from " + baseline.file()
        + " or rewrite the baseline with -XepOpt:" + ReportOptions.UPDATE_BASELINE.name() + "=true";
  }

  /**
   * True if the check named {@code check} runs in this compilation, as Error Prone decides for a
   * plugin check (on by default): on when a {@code -Xep:Name} flag says so, else off under {@code
   * -XepDisableAllChecks} or {@code -XepDisableAllWarnings} (Leakproof's checks are warnings). A
   * check that is off finds nothing, so its baseline entries are neither stale nor replaced.
   */
  private boolean enabled(String check) {
    ErrorProneOptions.Severity override = errorProneOptions.getSeverityMap().get(check);
    if (override != null) {
      return override != ErrorProneOptions.Severity.OFF;
    }
    return !errorProneOptions.isDisableAllChecks() && !errorProneOptions.isDisableAllWarnings();
  }

  /**
   * True if {@code -XepExcludedPaths} excludes {@code unit}, or if that cannot be told. Through
   * reflection: the pattern's type differs between Error Prone versions (java.util.regex in 2.50,
   * org.safere in 2.52), both with {@code matcher(CharSequence).matches()}.
   */
  private boolean excluded(CompilationUnitTree unit) {
    try {
      Object pattern = ErrorProneOptions.class.getMethod("getExcludedPattern").invoke(errorProneOptions);
      if (pattern == null) {
        return false;
      }
      Object matcher = pattern.getClass().getMethod("matcher", CharSequence.class)
          .invoke(pattern, ASTHelpers.getFileName(unit));
      return (Boolean) matcher.getClass().getMethod("matches").invoke(matcher);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  /** End of the compilation: the last unit is done; write the files. */
  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    finishUnit();
    if (options.updateBaseline() && baseline != null) {
      try {
        LockedFile.update(baseline.file(), old -> Baseline.merge(
            old, entry -> compiledClasses.contains(entry.className()) && enabled(entry.check()), found));
        CompilerLog.warning(context, "Leakproof: recorded " + found.size() + " finding"
            + (found.size() == 1 ? "" : "s") + " of " + compiledClasses.size() + " class"
            + (compiledClasses.size() == 1 ? "" : "es") + " in baseline " + baseline.file());
      } catch (IOException | RuntimeException e) {
        CompilerLog.error(context, "Leakproof: cannot write baseline " + baseline.file() + ": " + e);
      }
    }
    if (options.sarif() != null) {
      try {
        LockedFile.update(options.sarif(),
            old -> SarifLog.merge(old, sources.rootUri(), compiledUris, results));
      } catch (IOException | RuntimeException e) {
        CompilerLog.error(context, "Leakproof: cannot write SARIF file " + options.sarif() + ": " + e);
      }
    }
  }

  /** Sees the units javac analyses (also those no check looks at) and the end of compilation. */
  private final class Listener implements TaskListener {
    @Override
    public void finished(TaskEvent event) {
      try {
        if (event.getKind() == TaskEvent.Kind.ANALYZE && event.getCompilationUnit() != null) {
          // Error Prone's listener ran first for this event (it was registered first).
          enter(event.getCompilationUnit(), false);
        } else if (event.getKind() == TaskEvent.Kind.COMPILATION) {
          finish();
        }
      } catch (RuntimeException | LinkageError e) {
        if (Findings.FAIL_ON_CRASH) {
          throw e;
        }
      }
    }
  }
}
