package dev.leakproof.bench;

import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.ErrorProneJavaCompiler;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.scanner.BuiltInCheckerSuppliers;
import com.google.errorprone.scanner.ScannerSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import jdk.jfr.Recording;

/**
 * Measures how long javac takes on the same sources with and without Error Prone and Leakproof.
 *
 * <p>Sources are read into memory once; each measured operation is one complete compilation
 * (parse, attribute, flow, Error Prone, code generation into a discarded output). All
 * configurations run in the same JVM, interleaved and rotated per iteration so that machine noise
 * and JIT warm-up hit them alike. Leakproof's checks are discovered from the jars given with
 * {@code --plugin} (their {@code META-INF/services} registration) and loaded once.
 *
 * <pre>
 * CompileBenchmark --plugin checker.jar:annotations.jar [--input name=dir[+dir]]... [--generated kind:size]...
 *     [--configs javac,ep-none,ep-leakproof,ep-each,ep-default] [--warmup 2] [--iterations 5]
 *     [--max-seconds 120] [--jfr dir] --out results.tsv
 * CompileBenchmark --plugin checker.jar:annotations.jar [--configs ...] --list-configs
 * </pre>
 *
 * An {@code --input} directory is one prepared by {@code bench/corpus.sh --prepare}: {@code src/},
 * {@code sources.txt} and {@code classpath.txt}. Each result is one TSV line: input, configuration,
 * iteration, milliseconds, bytes allocated by the compiling thread, warnings, source files, lines,
 * CPU milliseconds of the compiling thread (less disturbed by other processes than wall time, but
 * without the garbage collector's threads). With {@code --jfr dir}, the measured rounds of each input
 * are recorded with JDK Flight Recorder into {@code dir/<input>.jfr} (see {@link Profile}); the
 * warm-up rounds are not.
 */
public final class CompileBenchmark {

  /** Sources to compile, with their classpath and extra javac options. */
  record Input(String name, List<JavaFileObject> sources, String classpath, List<String> options, long lines) {}

  /** A named way of compiling: plain javac, or Error Prone with some options. */
  record Config(String name, boolean errorProne, List<String> options) {}

  /** The outcome of one compilation. */
  record Result(long nanos, long cpuNanos, long allocatedBytes, int warnings, List<String> errors) {}

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final JavaCompiler errorProne;

  private CompileBenchmark(ScannerSupplier scanners) {
    this.errorProne = new ErrorProneJavaCompiler(scanners);
  }

  public static void main(String[] args) throws Exception {
    List<String> inputSpecs = new ArrayList<>();
    List<String> generatedSpecs = new ArrayList<>();
    String plugin = "";
    String configNames = "javac,ep-none,ep-leakproof,ep-leakproof-report,ep-each,ep-default";
    int warmup = 2;
    int iterations = 5;
    int maxSeconds = 120;
    Path out = null;
    Path jfrDir = null;
    boolean listConfigs = false;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--list-configs" -> {
          listConfigs = true;
          i--;
        }
        case "--input" -> inputSpecs.add(value);
        case "--generated" -> generatedSpecs.add(value);
        case "--plugin" -> plugin = value;
        case "--configs" -> configNames = value;
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--iterations" -> iterations = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        case "--jfr" -> jfrDir = Path.of(value);
        case "--max-seconds" -> maxSeconds = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Map<String, Class<? extends BugChecker>> checks = loadChecks(plugin);
    List<Config> configs = configs(configNames, checks.keySet());
    if (listConfigs) {
      configs.forEach(config -> System.out.println(config.name()));
      return;
    }
    if (out == null) {
      throw new IllegalArgumentException("--out <results.tsv> is required");
    }
    System.out.println("Leakproof checks: " + (checks.isEmpty() ? "<none>" : checks.keySet()));
    ScannerSupplier scanners =
        BuiltInCheckerSuppliers.defaultChecks()
            .plus(ScannerSupplier.fromBugCheckerClasses(checks.values()));

    List<Input> inputs = new ArrayList<>();
    for (String spec : inputSpecs) {
      inputs.add(readInput(spec));
    }
    for (String spec : generatedSpecs) {
      inputs.add(WorstCases.generate(spec));
    }

    CompileBenchmark benchmark = new CompileBenchmark(scanners);
    for (Input input : inputs) {
      benchmark.run(input, configs, warmup, iterations, maxSeconds, out, jfrDir);
    }
  }

  /**
   * Finds the checks registered as {@code BugChecker} services in the given jars. Groups of jars
   * separated by {@code ;} get a class loader each (for checks built separately that would clash).
   */
  static Map<String, Class<? extends BugChecker>> loadChecks(String pluginPath)
      throws IOException, ClassNotFoundException {
    Map<String, Class<? extends BugChecker>> checks = new LinkedHashMap<>();
    for (String group : pluginPath.split(";")) {
      if (!group.isBlank()) {
        loadChecks(group, checks);
      }
    }
    return checks;
  }

  private static void loadChecks(String pluginPath, Map<String, Class<? extends BugChecker>> checks)
      throws IOException, ClassNotFoundException {
    List<URL> urls = new ArrayList<>();
    for (String jar : pluginPath.split(":")) {
      if (!jar.isBlank()) {
        urls.add(Path.of(jar).toUri().toURL());
      }
    }
    URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), CompileBenchmark.class.getClassLoader());
    TreeSet<String> classNames = new TreeSet<>();
    Enumeration<URL> services =
        loader.findResources("META-INF/services/" + BugChecker.class.getName());
    while (services.hasMoreElements()) {
      try (InputStream in = services.nextElement().openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String name = line.replaceAll("#.*", "").trim();
          if (!name.isEmpty()) {
            classNames.add(name);
          }
        }
      }
    }
    for (String className : classNames) {
      Class<? extends BugChecker> check =
          Class.forName(className, true, loader).asSubclass(BugChecker.class);
      checks.put(BugCheckerInfo.create(check).canonicalName(), check);
    }
  }

  /** {@code -XepOpt:Leakproof:Baseline} (an empty baseline) and {@code Sarif}, in a temporary directory. */
  private static List<String> reportOptions() {
    try {
      Path dir = Files.createTempDirectory("leakproof-bench");
      Path baseline = Files.writeString(dir.resolve("baseline.txt"), "# empty\n");
      return List.of(
          "-XepOpt:Leakproof:Baseline=" + baseline, "-XepOpt:Leakproof:Sarif=" + dir.resolve("leakproof.sarif"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Expands configuration names; {@code ep-each} means one configuration per Leakproof check. */
  private static List<Config> configs(String names, Iterable<String> checks) {
    List<String> all = new ArrayList<>();
    List<String> leakproofOn = new ArrayList<>(List.of("-XepDisableAllChecks"));
    // Error Prone's default set includes ERROR checks that fail some libraries: report them as warnings.
    List<String> leakproofOff = new ArrayList<>(List.of("-XepAllErrorsAsWarnings"));
    for (String check : checks) {
      all.add(check);
      leakproofOn.add("-Xep:" + check + ":WARN");
      leakproofOff.add("-Xep:" + check + ":OFF");
    }
    List<Config> configs = new ArrayList<>();
    for (String name : names.split(",")) {
      if (name.startsWith("ep-") && all.contains(name.substring(3))) {
        configs.add(
            new Config(name, true, List.of("-XepDisableAllChecks", "-Xep:" + name.substring(3) + ":WARN")));
        continue;
      }
      switch (name.trim()) {
        case "javac" -> configs.add(new Config("javac", false, List.of()));
        case "ep-none" -> configs.add(new Config("ep-none", true, List.of("-XepDisableAllChecks")));
        case "ep-leakproof" -> configs.add(new Config("ep-leakproof", true, leakproofOn));
        case "ep-leakproof-report" -> {
          // Leakproof's checks with a baseline (empty: every finding is still reported) and a
          // SARIF log: what the report options cost (docs/setup/adopting.md).
          List<String> report = new ArrayList<>(leakproofOn);
          report.addAll(reportOptions());
          configs.add(new Config("ep-leakproof-report", true, report));
        }
        case "ep-each" -> {
          for (String check : all) {
            configs.add(
                new Config(
                    "ep-" + check, true, List.of("-XepDisableAllChecks", "-Xep:" + check + ":WARN")));
          }
        }
        case "ep-default" -> configs.add(new Config("ep-default", true, leakproofOff));
        case "" -> {}
        default -> throw new IllegalArgumentException("unknown configuration " + name);
      }
    }
    return configs;
  }

  /** Reads {@code name=dir[+dir...]}: the sources of one or more prepared corpus libraries. */
  private static Input readInput(String spec) throws IOException {
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("--input wants name=dir[+dir], got " + spec);
    }
    List<JavaFileObject> sources = new ArrayList<>();
    List<String> classpath = new ArrayList<>();
    long lines = 0;
    for (String dir : spec.substring(eq + 1).split("\\+")) {
      Path root = Path.of(dir);
      for (String relative : Files.readAllLines(root.resolve("sources.txt"))) {
        if (relative.isBlank()) {
          continue;
        }
        Path file = root.resolve("src").resolve(relative);
        String text = Files.readString(file);
        lines += text.lines().count();
        sources.add(new MemorySource(file.toUri(), text));
      }
      for (String entry : Files.readString(root.resolve("classpath.txt")).trim().split(":")) {
        if (!entry.isBlank() && !classpath.contains(entry)) {
          classpath.add(entry);
        }
      }
    }
    return new Input(spec.substring(0, eq), sources, String.join(":", classpath), List.of(), lines);
  }

  /**
   * Compiles the input in every configuration, round after round. A configuration that takes more
   * than {@code maxSeconds} for one compilation is not run again on this input (a blow-up to
   * report, not to wait for); its rounds so far are kept. With {@code jfrDir}, the measured rounds
   * are recorded into {@code jfrDir/<input>.jfr}.
   */
  private void run(
      Input input, List<Config> configs, int warmup, int iterations, int maxSeconds, Path out, Path jfrDir)
      throws Exception {
    List<String> tooSlow = new ArrayList<>();
    Recording sampling = null;
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %d files, %d lines; %d configurations, %d warm-up + %d measured rounds%n",
        input.name(), input.sources().size(), input.lines(), configs.size(), warmup, iterations);
    for (int round = 0; round < warmup + iterations; round++) {
      boolean measured = round >= warmup;
      if (jfrDir != null && round == warmup) {
        sampling = Profile.startSampling();
      }
      // Rotate the order each round so that no configuration always runs first or last.
      List<Config> order = new ArrayList<>(configs);
      Collections.rotate(order, -round);
      for (Config config : order) {
        if (tooSlow.contains(config.name())) {
          continue;
        }
        Result result = compileOnBigStack(input, config);
        boolean overTime = result.nanos() > maxSeconds * 1_000_000_000L;
        if (overTime) {
          System.out.printf("%s took more than %d s on %s: not run again%n", config.name(), maxSeconds, input.name());
          tooSlow.add(config.name());
        }
        if (!result.errors().isEmpty()) {
          throw new IllegalStateException(
              input.name() + " does not compile with " + config.name() + ":\n"
                  + String.join("\n", result.errors().subList(0, Math.min(10, result.errors().size()))));
        }
        System.out.printf(
            Locale.ROOT,
            "%s %-28s %8.0f ms %8.0f ms CPU %8.0f MB %6d warnings%n",
            measured ? "round " + (round - warmup + 1) : "warm-up",
            config.name(), result.nanos() / 1e6, result.cpuNanos() / 1e6,
            result.allocatedBytes() / 1e6, result.warnings());
        // A blow-up in a warm-up round is still recorded (as round 1), so that the report shows it.
        if (measured || overTime) {
          int recordedRound = measured ? round - warmup + 1 : 1;
          String line =
              String.join(
                      "\t",
                      input.name(),
                      config.name(),
                      Integer.toString(recordedRound),
                      String.format(Locale.ROOT, "%.1f", result.nanos() / 1e6),
                      Long.toString(result.allocatedBytes()),
                      Integer.toString(result.warnings()),
                      Integer.toString(input.sources().size()),
                      Long.toString(input.lines()),
                      String.format(Locale.ROOT, "%.1f", result.cpuNanos() / 1e6))
                  + "\n";
          Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
      }
    }
    if (sampling != null) {
      Files.createDirectories(jfrDir);
      Profile.stopSampling(sampling, jfrDir.resolve(input.name() + ".jfr"));
    }
  }

  /** Compiles on a thread with a large stack: deeply nested generated code recurses deeply. */
  private Result compileOnBigStack(Input input, Config config) throws Exception {
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(compile(input, config));
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "compile",
            512L << 20);
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new IllegalStateException(input.name() + " with " + config.name(), failure.get());
    }
    return result.get();
  }

  private Result compile(Input input, Config config) throws IOException {
    List<String> errors = new ArrayList<>();
    int[] warnings = {0};
    DiagnosticListener<JavaFileObject> listener =
        diagnostic -> {
          if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
            errors.add(diagnostic.toString().lines().findFirst().orElse(""));
          } else if (diagnostic.getKind() == Diagnostic.Kind.WARNING
              || diagnostic.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
            warnings[0]++;
          }
        };
    List<String> options = new ArrayList<>();
    options.addAll(
        List.of("-proc:none", "-implicit:none", "-Xlint:none", "-encoding", "UTF-8", "-XDcompilePolicy=simple"));
    options.addAll(List.of("--should-stop=ifError=FLOW", "-Xmaxwarns", "100000"));
    if (!input.classpath().isEmpty()) {
      options.addAll(List.of("-classpath", input.classpath()));
    }
    options.addAll(input.options());
    options.addAll(config.options());

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    JavaCompiler compiler = config.errorProne() ? errorProne : javac;
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(listener, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              null, new DiscardingFileManager(files), listener, options, null, input.sources());
      task.call();
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Result(nanos, cpuNanos, allocated, warnings[0], errors);
  }

  /** A source file whose text was read once. */
  static final class MemorySource extends SimpleJavaFileObject {
    private final String text;

    MemorySource(URI uri, String text) {
      super(uri, Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** Hands javac output files that write nowhere. */
  static final class DiscardingFileManager extends ForwardingJavaFileManager<JavaFileManager> {
    DiscardingFileManager(JavaFileManager delegate) {
      super(delegate);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(
          URI.create("discard:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return OutputStream.nullOutputStream();
        }
      };
    }

    @Override
    public FileObject getFileForOutput(
        Location location, String packageName, String relativeName, FileObject sibling) {
      return new SimpleJavaFileObject(
          URI.create("discard:///" + packageName.replace('.', '/') + "/" + relativeName),
          JavaFileObject.Kind.OTHER) {
        @Override
        public OutputStream openOutputStream() {
          return OutputStream.nullOutputStream();
        }
      };
    }
  }
}
