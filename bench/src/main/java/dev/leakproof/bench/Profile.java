package dev.leakproof.bench;

import com.google.errorprone.bugpatterns.BugChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Leakproof's compile time goes: reads the JDK Flight Recorder recordings that {@code
 * CompileBenchmark --jfr} made of the measured rounds and prints, per input, the share of the
 * compiling thread's execution samples that fall inside each check's matchers.
 *
 * <p>Every matcher of every Leakproof check runs inside {@code NeverCrash.guard}; the frame that
 * called {@code guard} is the matcher method, and its class names the check. A class that is the
 * shared base of several checks (the stack shows where a method is declared, not the object's
 * class) is reported under the names of all the checks that extend it. A share of n samples out
 * of N comes with an approximate 95% sampling interval of ±1.96·√n/N.
 *
 * <pre>Profile --plugin checker.jar:annotations.jar [--top N] [--rounds results.tsv] name=file.jfr...</pre>
 */
public final class Profile {

  /** The thread {@link CompileBenchmark} compiles on: the only one whose samples count. */
  static final String COMPILING_THREAD = "compile";

  static final Duration SAMPLING_PERIOD = Duration.ofMillis(1);

  private static final String GUARD = "dev.leakproof.checker.report.NeverCrash.guard";

  /** A lambda's hidden class has its address in its name: the same lambda, a new name per run. */
  private static final Pattern LAMBDA_ADDRESS = Pattern.compile("\\$\\$Lambda[./]0x[0-9a-f]+");

  /** Where one sample of the compiling thread falls. */
  enum Place {
    /** Inside a Leakproof matcher: below {@code NeverCrash.guard}. */
    MATCHER,
    /** In Leakproof's code, but not below {@code guard} (class loading, a finding's reporting ...). */
    LEAKPROOF_ELSEWHERE,
    /** In Error Prone's suppression bookkeeping, with no Leakproof frame. */
    SUPPRESSION,
    /** Anything else: javac, Error Prone's own work, the runner. */
    OTHER
  }

  /**
   * One classified sample. For {@link Place#MATCHER}: the class declaring the matcher method, and
   * the Leakproof methods on the stack inside the matcher (each once).
   */
  record Sample(Place place, String matcherClass, Set<String> leakproofMethods) {}

  /** Samples of one input, counted. */
  static final class Tally {
    long samples;
    long truncated;
    final Map<Place, Long> byPlace = new HashMap<>();
    final Map<String, Long> byMatcherClass = new HashMap<>();
    /** matcher class -> Leakproof method -> samples in which it is on the stack. */
    final Map<String, Map<String, Long>> methods = new HashMap<>();

    long in(Place place) {
      return byPlace.getOrDefault(place, 0L);
    }

    long inMatchersOf(List<String> matcherClasses) {
      return matcherClasses.stream().mapToLong(c -> byMatcherClass.getOrDefault(c, 0L)).sum();
    }

    void add(Sample sample, boolean stackTruncated) {
      samples++;
      if (stackTruncated) {
        truncated++;
      }
      byPlace.merge(sample.place(), 1L, Long::sum);
      if (sample.place() == Place.MATCHER) {
        byMatcherClass.merge(sample.matcherClass(), 1L, Long::sum);
        Map<String, Long> inside = methods.computeIfAbsent(sample.matcherClass(), k -> new HashMap<>());
        sample.leakproofMethods().forEach(method -> inside.merge(method, 1L, Long::sum));
      }
    }
  }

  private Profile() {}

  /** Starts sampling every thread's stack (the flag {@code -XX:FlightRecorderOptions:stackdepth} sets its depth). */
  static Recording startSampling() {
    Recording recording = new Recording();
    recording.setName("leakproof-profile");
    recording.enable("jdk.ExecutionSample").withPeriod(SAMPLING_PERIOD).withStackTrace();
    recording.start();
    return recording;
  }

  static void stopSampling(Recording recording, Path file) throws IOException {
    recording.stop();
    recording.dump(file);
    recording.close();
  }

  /**
   * Classifies one stack, given as {@code class.method} names from the innermost frame outward.
   * The outermost {@code guard} decides (a matcher never runs another check's matcher, but if one
   * did, its time belongs to the outer check).
   */
  static Sample classify(List<String> frames) {
    int guard = -1;
    boolean leakproof = false;
    boolean suppression = false;
    for (int i = 0; i < frames.size(); i++) {
      String frame = frames.get(i);
      if (frame.equals(GUARD)) {
        guard = i;
      }
      leakproof |= isLeakproof(frame);
      suppression |= isSuppressionBookkeeping(frame);
    }
    if (guard >= 0) {
      // The matcher's frame is missing only when a too deep stack was cut just below guard.
      String matcherClass =
          guard + 1 < frames.size() ? className(frames.get(guard + 1)) : "(matcher frame cut off)";
      // The lambda that guard calls (its proxy's get, its body) is on every stack of its matcher:
      // it says nothing.
      int lambda = guard;
      while (lambda > 0 && isLambda(frames.get(lambda - 1))) {
        lambda--;
      }
      Set<String> inside = new LinkedHashSet<>();
      for (int i = 0; i < lambda; i++) {
        if (isLeakproof(frames.get(i))) {
          inside.add(frames.get(i));
        }
      }
      return new Sample(Place.MATCHER, matcherClass, inside);
    }
    Place place = leakproof ? Place.LEAKPROOF_ELSEWHERE : suppression ? Place.SUPPRESSION : Place.OTHER;
    return new Sample(place, null, Set.of());
  }

  /** Leakproof's own code: its checker and annotations, not this benchmark. */
  static boolean isLeakproof(String frame) {
    return frame.startsWith("dev.leakproof.") && !frame.startsWith("dev.leakproof.bench.");
  }

  private static boolean isLambda(String frame) {
    return frame.contains("$$Lambda") || frame.contains(".lambda$");
  }

  /** Error Prone working out whether a check is suppressed where the scanner stands. */
  static boolean isSuppressionBookkeeping(String frame) {
    return frame.startsWith("com.google.errorprone.SuppressionInfo.")
        || frame.startsWith("com.google.errorprone.SuppressionInfo$")
        || frame.equals("com.google.errorprone.scanner.Scanner.isSuppressed")
        || frame.equals("com.google.errorprone.scanner.Scanner.updateSuppressions");
  }

  private static String className(String frame) {
    return frame.substring(0, frame.lastIndexOf('.'));
  }

  /** Reads one recording: the execution samples of the compiling thread. */
  static Tally read(Path file) throws IOException {
    Tally tally = new Tally();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        RecordedStackTrace stack = event.getStackTrace();
        if (thread == null || !COMPILING_THREAD.equals(thread.getJavaName()) || stack == null) {
          continue;
        }
        List<String> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
          String type = LAMBDA_ADDRESS.matcher(frame.getMethod().getType().getName()).replaceFirst("\\$\\$Lambda");
          frames.add(type + "." + frame.getMethod().getName());
        }
        tally.add(classify(frames), stack.isTruncated());
      }
    }
    return tally;
  }

  public static void main(String[] args) throws Exception {
    String plugin = "";
    int top = 0;
    Path rounds = null;
    Map<String, Path> recordings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--plugin" -> plugin = args[++i];
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Path.of(args[++i]);
        default -> {
          int eq = args[i].indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("want name=file.jfr, got " + args[i]);
          }
          recordings.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
        }
      }
    }
    Map<String, Class<? extends BugChecker>> checks = CompileBenchmark.loadChecks(plugin);
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (var recording : recordings.entrySet()) {
      tallies.put(recording.getKey(), read(recording.getValue()));
    }
    System.out.print(render(tallies, checks, cpuSeconds(rounds), top));
  }

  /** Compiling-thread CPU seconds per input, summed over the rounds of CompileBenchmark's TSV. */
  private static Map<String, Double> cpuSeconds(Path rounds) throws IOException {
    Map<String, Double> seconds = new HashMap<>();
    if (rounds != null && Files.exists(rounds)) {
      for (String line : Files.readAllLines(rounds)) {
        String[] f = line.split("\t");
        if (f.length > 8) {
          seconds.merge(f[0], Double.parseDouble(f[8]) / 1000, Double::sum);
        }
      }
    }
    return seconds;
  }

  /** The check (or checks, for a shared base class) whose matcher a class declares. */
  static String checkName(String matcherClass, Map<String, Class<? extends BugChecker>> checks) {
    List<String> extending = new ArrayList<>();
    for (var check : checks.entrySet()) {
      for (Class<?> c = check.getValue(); c != null; c = c.getSuperclass()) {
        if (c.getName().equals(matcherClass)) {
          if (c == check.getValue()) {
            return check.getKey();
          }
          extending.add(check.getKey());
          break;
        }
      }
    }
    return extending.isEmpty()
        ? matcherClass.substring(matcherClass.lastIndexOf('.') + 1)
        : String.join(" + ", extending);
  }

  static String render(
      Map<String, Tally> tallies,
      Map<String, Class<? extends BugChecker>> checks,
      Map<String, Double> cpuSeconds,
      int top) {
    Map<String, Tally> columns = new LinkedHashMap<>(tallies);
    if (tallies.size() > 1) {
      columns.put("All", pooled(tallies.values()));
    }
    Tally all = columns.get(columns.size() > 1 ? "All" : tallies.keySet().iterator().next());
    Map<String, List<String>> rows = checkRows(all, checks);

    StringBuilder out = new StringBuilder("|  |");
    columns.keySet().forEach(name -> out.append(' ').append(name).append(" |"));
    out.append("\n|---|").append("---:|".repeat(columns.size())).append('\n');
    row(out, "Samples of the compiling thread (N)", columns, t -> Long.toString(t.samples));
    if (!cpuSeconds.isEmpty()) {
      double total = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
      out.append("| CPU of the compiling thread, s |");
      for (String name : columns.keySet()) {
        Double seconds = tallies.containsKey(name) ? cpuSeconds.get(name) : Double.valueOf(total);
        out.append(seconds == null ? " - |" : String.format(Locale.ROOT, " %.1f |", seconds));
      }
      out.append('\n');
    }
    rows.forEach((check, classes) -> row(out, check, columns, t -> share(t.inMatchersOf(classes), t.samples)));
    row(out, "**Inside Leakproof's matchers**", columns, t -> "**" + share(t.in(Place.MATCHER), t.samples) + "**");
    row(out, "Leakproof's code outside its matchers", columns,
        t -> share(t.in(Place.LEAKPROOF_ELSEWHERE), t.samples));
    row(out, "Error Prone suppression bookkeeping", columns, t -> share(t.in(Place.SUPPRESSION), t.samples));
    row(out, "Stacks cut at the depth limit", columns, t -> Long.toString(t.truncated));
    if (top > 0) {
      out.append(String.format(Locale.ROOT, "%n### Top %d Leakproof methods per check%n%n", top))
          .append("Samples with the method on the stack inside the check's matcher (each sample counts")
          .append(" once per method").append(columns.size() > 1 ? "; all inputs together" : "")
          .append("), and their share of the compiling thread's samples.\n");
      rows.forEach((check, classes) -> topMethods(out, check, classes, all, top));
    }
    return out.toString();
  }

  /**
   * The table's rows: check name (a shared base class's checks on one row) -> the matcher classes
   * counted for it; most samples first, then the checks that had none.
   */
  private static Map<String, List<String>> checkRows(
      Tally all, Map<String, Class<? extends BugChecker>> checks) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    all.byMatcherClass.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> rows.computeIfAbsent(checkName(e.getKey(), checks), k -> new ArrayList<>()).add(e.getKey()));
    for (String check : checks.keySet()) {
      if (rows.keySet().stream().noneMatch(row -> List.of(row.split(" \\+ ")).contains(check))) {
        rows.put(check, List.of());
      }
    }
    return rows;
  }

  private static void topMethods(StringBuilder out, String check, List<String> classes, Tally all, int top) {
    long checkSamples = all.inMatchersOf(classes);
    if (checkSamples == 0) {
      return;
    }
    Map<String, Long> methods = new HashMap<>();
    classes.forEach(c -> all.methods.getOrDefault(c, Map.of()).forEach((m, n) -> methods.merge(m, n, Long::sum)));
    out.append(String.format(Locale.ROOT, "%n#### %s (%d samples)%n%n", check, checkSamples))
        .append("| Method | Samples | Share |\n|---|---:|---:|\n");
    methods.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .forEach(m -> out.append(String.format(
            Locale.ROOT, "| `%s` | %d | %s |%n", shortName(m.getKey()), m.getValue(), share(m.getValue(), all.samples))));
  }

  private static void row(StringBuilder out, String label, Map<String, Tally> columns, Function<Tally, String> cell) {
    out.append("| ").append(label).append(" |");
    columns.values().forEach(t -> out.append(' ').append(cell.apply(t)).append(" |"));
    out.append('\n');
  }

  /**
   * n of total samples in percent, with its approximate 95% sampling interval; for no sample at
   * all, the upper bound of that interval instead (3/N, "the rule of three": ±1.96·√0/N would say
   * the share is known to be exactly 0).
   */
  static String share(long n, long total) {
    if (total == 0) {
      return "-";
    }
    if (n == 0) {
      return String.format(Locale.ROOT, "0%% (< %.2f%%)", 300.0 / total);
    }
    return String.format(Locale.ROOT, "%.2f%% ± %.2f", 100.0 * n / total, 196.0 * Math.sqrt(n) / total);
  }

  /** {@code dev.leakproof.checker.threads.LoopExits.hasExit} -> {@code threads.LoopExits.hasExit}. */
  private static String shortName(String method) {
    return method.startsWith("dev.leakproof.checker.") ? method.substring("dev.leakproof.checker.".length()) : method;
  }

  private static Tally pooled(Iterable<Tally> tallies) {
    Tally sum = new Tally();
    for (Tally t : tallies) {
      sum.samples += t.samples;
      sum.truncated += t.truncated;
      t.byPlace.forEach((k, v) -> sum.byPlace.merge(k, v, Long::sum));
      t.byMatcherClass.forEach((k, v) -> sum.byMatcherClass.merge(k, v, Long::sum));
      t.methods.forEach((c, ms) -> ms.forEach((m, v) -> sum.methods.computeIfAbsent(c, k -> new HashMap<>()).merge(m, v, Long::sum)));
    }
    return sum;
  }
}
