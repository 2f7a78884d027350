package dev.leakproof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the TSV written by {@link CompileBenchmark} into Markdown tables.
 *
 * <p>Ratios are paired: in each round, a configuration's time is divided by the time of the
 * reference configuration (compiled in the same round, moments apart), and the median of those
 * per-round ratios is reported. That cancels most of the drift of a shared machine.
 *
 * <pre>Report results.tsv [max-rss.tsv]</pre>
 */
public final class Report {

  /** One measured compilation. */
  record Row(
      String input, String config, int round, double millis, long allocated, int warnings, int files,
      long lines, double cpuMillis) {}

  public static void main(String[] args) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.split("\t");
      if (f.length < 8) {
        continue;
      }
      rows.add(
          new Row(
              f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4]),
              Integer.parseInt(f[5]), Integer.parseInt(f[6]), Long.parseLong(f[7]),
              f.length > 8 ? Double.parseDouble(f[8]) : Double.NaN));
    }
    Map<String, String> maxRss = new LinkedHashMap<>();
    if (args.length > 1 && Files.exists(Path.of(args[1]))) {
      for (String line : Files.readAllLines(Path.of(args[1]))) {
        String[] f = line.split("\t");
        if (f.length == 3) {
          maxRss.put(f[0] + "\t" + f[1], f[2]);
        }
      }
    }
    System.out.print(render(rows, maxRss));
  }

  static String render(List<Row> rows, Map<String, String> maxRss) {
    // input -> config -> rows, in the order first seen
    Map<String, Map<String, List<Row>>> byInput = new LinkedHashMap<>();
    for (Row row : rows) {
      byInput
          .computeIfAbsent(row.input(), k -> new LinkedHashMap<>())
          .computeIfAbsent(row.config(), k -> new ArrayList<>())
          .add(row);
    }
    byInput.replaceAll((input, configs) -> inCanonicalOrder(configs));
    StringBuilder out = new StringBuilder();

    out.append("### Summary\n\n");
    out.append(
        "| Input | Files | Lines | javac ms | EP, no checks ms | EP + Leakproof ms | Leakproof / EP no checks | Leakproof / javac | Worst single check / EP no checks | CPU: Leakproof / EP no checks | CPU ratio, 95% interval | CPU: worst single check | Allocation: Leakproof / EP no checks |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|\n");
    byInput.forEach((input, configs) -> out.append(summaryRow(input, configs)));
    Map<String, List<Row>> together = together(byInput);
    if (together != null) {
      out.append(summaryRow(TOGETHER, together));
    }

    out.append(growth(byInput));

    for (var input : byInput.entrySet()) {
      Map<String, List<Row>> configs = input.getValue();
      out.append("\n### ").append(input.getKey()).append("\n\n");
      out.append(
          "| Configuration | Median ms | Min ms | Max ms | vs EP no checks | vs javac | Median CPU ms | CPU vs EP no checks | Allocated MB | Max RSS MB | Warnings |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (var config : configs.entrySet()) {
        List<Row> runs = config.getValue();
        List<Double> millis = new ArrayList<>();
        List<Double> allocated = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Row run : runs) {
          millis.add(run.millis());
          cpu.add(run.cpuMillis());
          allocated.add(run.allocated() / 1e6);
        }
        String rss = maxRss.getOrDefault(input.getKey() + "\t" + config.getKey(), "-");
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.0f | %s | %s | %.0f | %s | %.0f | %s | %d |\n",
                config.getKey(), median(millis), Collections.min(millis), Collections.max(millis),
                ratio(pairedRatio(runs, configs.get("ep-none"))),
                ratio(pairedRatio(runs, configs.get("javac"))),
                median(cpu), ratio(pairedRatio(runs, configs.get("ep-none"), true)),
                median(allocated), rss, runs.get(0).warnings()));
      }
    }
    return out.toString();
  }

  /**
   * For the generated worst cases ({@code kind-size}): the time Leakproof adds over Error Prone
   * without checks, and how it grows from one size to the next (2.0 for linear cost when the size
   * doubles).
   */
  static String growth(Map<String, Map<String, List<Row>>> byInput) {
    StringBuilder out = new StringBuilder();
    String previousKind = "";
    int previousSize = 0;
    double previousExtra = Double.NaN;
    for (var input : byInput.entrySet()) {
      String name = input.getKey();
      int dash = name.lastIndexOf('-');
      if (!isGenerated(name)) {
        continue;
      }
      if (out.isEmpty()) {
        out.append("\n### Generated worst cases\n\n");
        out.append(
            "| Case | Size | Lines | EP, no checks ms | EP + Leakproof ms | Leakproof adds ms | Growth of added time | Growth of size |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
      }
      String kind = name.substring(0, dash);
      int size = Integer.parseInt(name.substring(dash + 1));
      Map<String, List<Row>> configs = input.getValue();
      double extra = pairedDifference(configs.get("ep-leakproof"), configs.get("ep-none"));
      boolean sameKind = kind.equals(previousKind);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %.1f | %s | %s |\n",
              kind, size, configs.values().iterator().next().get(0).lines(),
              medianMillis(configs.get("ep-none")), medianMillis(configs.get("ep-leakproof")), extra,
              sameKind ? ratio(extra / previousExtra) : "-",
              sameKind ? String.format(Locale.ROOT, "%.1f", (double) size / previousSize) : "-"));
      previousKind = kind;
      previousSize = size;
      previousExtra = extra;
    }
    return out.toString();
  }

  /** The summary table's row for {@code input}, measured in {@code configs}. */
  static String summaryRow(String input, Map<String, List<Row>> configs) {
    Row any = configs.values().iterator().next().get(0);
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        input, any.files(), any.lines(),
        medianMillis(configs.get("javac")), medianMillis(configs.get("ep-none")),
        medianMillis(configs.get("ep-leakproof")),
        ratio(pairedRatio(configs.get("ep-leakproof"), configs.get("ep-none"))),
        ratio(pairedRatio(configs.get("ep-leakproof"), configs.get("javac"))),
        worstSingleCheck(configs, false),
        ratio(pairedRatio(configs.get("ep-leakproof"), configs.get("ep-none"), true)),
        cpuRatioInterval(configs.get("ep-leakproof"), configs.get("ep-none")),
        worstSingleCheck(configs, true),
        ratio(allocationRatio(configs.get("ep-leakproof"), configs.get("ep-none"))));
  }

  /** The name of the summary row for all real libraries taken as one codebase. */
  static final String TOGETHER = "all libraries together";

  /** A generated worst case ({@link WorstCases}): {@code kind-size}. */
  static boolean isGenerated(String input) {
    int dash = input.lastIndexOf('-');
    return dash > 0 && input.substring(dash + 1).matches("[0-9]+")
        && List.of("statements", "nesting", "fields").contains(input.substring(0, dash));
  }

  /**
   * The real libraries measured (not generated, not a {@code +} combination of others) as one
   * codebase: for each configuration and round, one row whose times, allocation, files and lines
   * are the sums over the libraries. Weighs each library by its size, as a team compiling all of
   * them would pay; null with fewer than two libraries or when a round is missing for one of them.
   */
  static Map<String, List<Row>> together(Map<String, Map<String, List<Row>>> byInput) {
    List<Map<String, List<Row>>> libraries = new ArrayList<>();
    byInput.forEach((input, configs) -> {
      if (!isGenerated(input) && !input.contains("+")) {
        libraries.add(configs);
      }
    });
    if (libraries.size() < 2) {
      return null;
    }
    Map<String, List<Row>> sums = new LinkedHashMap<>();
    for (String config : libraries.get(0).keySet()) {
      Map<Integer, Row> byRound = new LinkedHashMap<>();
      Map<Integer, Integer> counted = new LinkedHashMap<>();
      for (Map<String, List<Row>> library : libraries) {
        for (Row run : library.getOrDefault(config, List.of())) {
          Row sum = byRound.getOrDefault(
              run.round(), new Row(TOGETHER, config, run.round(), 0, 0, 0, 0, 0, 0));
          byRound.put(run.round(), new Row(TOGETHER, config, run.round(),
              sum.millis() + run.millis(), sum.allocated() + run.allocated(),
              sum.warnings() + run.warnings(), sum.files() + run.files(),
              sum.lines() + run.lines(), sum.cpuMillis() + run.cpuMillis()));
          counted.merge(run.round(), 1, Integer::sum);
        }
      }
      for (int count : counted.values()) {
        if (count != libraries.size()) {
          return null; // a library without this round: the sums would not compare
        }
      }
      sums.put(config, new ArrayList<>(byRound.values()));
    }
    return sums;
  }

  /** Median bytes allocated by one compilation in config, divided by the same for reference. */
  static double allocationRatio(List<Row> config, List<Row> reference) {
    if (config == null || reference == null) {
      return Double.NaN;
    }
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    config.forEach(run -> a.add((double) run.allocated()));
    reference.forEach(run -> b.add((double) run.allocated()));
    return median(a) / median(b);
  }

  /** The median over rounds of time(config) - time(reference) in the same round. */
  static double pairedDifference(List<Row> config, List<Row> reference) {
    if (config == null || reference == null) {
      return Double.NaN;
    }
    List<Double> differences = new ArrayList<>();
    for (Row run : config) {
      for (Row ref : reference) {
        if (ref.round() == run.round()) {
          differences.add(run.millis() - ref.millis());
        }
      }
    }
    return differences.isEmpty() ? Double.NaN : median(differences);
  }

  /** The single check with the highest paired ratio over ep-none, as "Name ratio". */
  static String worstSingleCheck(Map<String, List<Row>> configs, boolean cpu) {
    String worst = "-";
    double worstRatio = Double.NEGATIVE_INFINITY;
    for (var config : configs.entrySet()) {
      String name = config.getKey();
      if (name.startsWith("ep-")
          && !List.of("ep-none", "ep-leakproof", "ep-leakproof-report", "ep-default").contains(name)) {
        double ratio = pairedRatio(config.getValue(), configs.get("ep-none"), cpu);
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = name.substring(3) + " " + ratio(ratio);
        }
      }
    }
    return worst;
  }

  /** javac, ep-none, ep-leakproof, the single checks by name, ep-default. */
  static Map<String, List<Row>> inCanonicalOrder(Map<String, List<Row>> configs) {
    List<String> names = new ArrayList<>(configs.keySet());
    List<String> fixed = List.of("javac", "ep-none", "ep-leakproof", "ep-leakproof-report");
    names.sort(
        (a, b) -> {
          int ra = fixed.contains(a) ? fixed.indexOf(a) : a.equals("ep-default") ? 99 : 10;
          int rb = fixed.contains(b) ? fixed.indexOf(b) : b.equals("ep-default") ? 99 : 10;
          return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        });
    Map<String, List<Row>> ordered = new LinkedHashMap<>();
    names.forEach(name -> ordered.put(name, configs.get(name)));
    return ordered;
  }

  /** The median over rounds of time(config) / time(reference) in the same round. */
  static double pairedRatio(List<Row> config, List<Row> reference) {
    return pairedRatio(config, reference, false);
  }

  /** The same for wall time or for the compiling thread's CPU time. */
  static double pairedRatio(List<Row> config, List<Row> reference, boolean cpu) {
    List<Double> ratios = pairedRatios(config, reference, cpu);
    return ratios.isEmpty() ? Double.NaN : median(ratios);
  }

  /**
   * A 95% interval for the median of the paired CPU ratios, free of any assumption about their
   * distribution: the k-th smallest and the k-th largest of the n ratios, k = n/2 - 0.98 sqrt(n)
   * (the normal approximation of the binomial). On a shared machine one pair of rounds scatters
   * by 10-30%, so a median alone does not say whether a 5% target is met; "-" under 6 rounds.
   */
  static String cpuRatioInterval(List<Row> config, List<Row> reference) {
    List<Double> ratios = pairedRatios(config, reference, true);
    int n = ratios.size();
    int k = (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n));
    if (k < 1) {
      return "-";
    }
    Collections.sort(ratios);
    return String.format(Locale.ROOT, "%.3f-%.3f", ratios.get(k - 1), ratios.get(n - k));
  }

  private static List<Double> pairedRatios(List<Row> config, List<Row> reference, boolean cpu) {
    List<Double> ratios = new ArrayList<>();
    if (config == null || reference == null) {
      return ratios;
    }
    for (Row run : config) {
      for (Row ref : reference) {
        if (ref.round() == run.round()) {
          ratios.add(cpu ? run.cpuMillis() / ref.cpuMillis() : run.millis() / ref.millis());
        }
      }
    }
    return ratios;
  }

  static String medianMillis(List<Row> runs) {
    if (runs == null) {
      return "-";
    }
    List<Double> millis = new ArrayList<>();
    runs.forEach(run -> millis.add(run.millis()));
    return String.format(Locale.ROOT, "%.0f", median(millis));
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3f", ratio);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private Report() {}
}
