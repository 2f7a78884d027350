package dev.leakproof.bench;

import java.net.URI;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Generated sources that stress the shapes Leakproof analyses, at a chosen size. Doubling the
 * size should roughly double the time Leakproof adds; anything more means a superlinear check.
 *
 * <ul>
 *   <li>{@code statements:N}: one method with N blocks of executor, latch and queue statements
 *       (about 8 statements each), so a check that rescans the method per statement shows.
 *   <li>{@code nesting:N}: N levels of a polling loop holding a lambda holding a counted loop
 *       (3N nested constructs), with blocking calls and interrupt handling at each level.
 *   <li>{@code fields:N}: a class with N executor, scheduler and timer fields, half of them shut
 *       down in {@code close()}, each used by its own method.
 * </ul>
 *
 * <p>The generated method can exceed the JVM's 64 KB code limit, so these inputs stop javac after
 * flow analysis ({@code -XDshould-stop.ifNoError=FLOW}); Error Prone runs at that point, so the
 * analysis is measured in full and only bytecode generation is skipped, in every configuration.
 */
final class WorstCases {

  static CompileBenchmark.Input generate(String spec) {
    String[] parts = spec.split(":");
    if (parts.length != 2) {
      throw new IllegalArgumentException("--generated wants kind:size, got " + spec);
    }
    int size = Integer.parseInt(parts[1]);
    String className = "Generated" + Character.toUpperCase(parts[0].charAt(0)) + parts[0].substring(1) + size;
    String text =
        switch (parts[0]) {
          case "statements" -> statements(className, size);
          case "nesting" -> nesting(className, size);
          case "fields" -> fields(className, size);
          default -> throw new IllegalArgumentException("unknown worst case " + parts[0]);
        };
    JavaFileObject source =
        new CompileBenchmark.MemorySource(URI.create("string:///gen/" + className + ".java"), text);
    return new CompileBenchmark.Input(
        parts[0] + "-" + size,
        List.of(source),
        "",
        List.of("-XDshould-stop.ifNoError=FLOW"),
        text.lines().count());
  }

  private static final String IMPORTS =
      """
      package gen;

      import java.util.Timer;
      import java.util.TimerTask;
      import java.util.concurrent.BlockingQueue;
      import java.util.concurrent.CountDownLatch;
      import java.util.concurrent.ExecutorService;
      import java.util.concurrent.Executors;
      import java.util.concurrent.Future;
      import java.util.concurrent.ScheduledExecutorService;
      import java.util.concurrent.TimeUnit;
      import java.util.concurrent.atomic.AtomicBoolean;

      """;

  private static String statements(String className, int blocks) {
    StringBuilder out = new StringBuilder(IMPORTS);
    out.append("public class ").append(className).append(" {\n");
    out.append("  public static void run(BlockingQueue<String> queue) throws Exception {\n");
    for (int i = 0; i < blocks; i++) {
      out.append(
          """
              ExecutorService executor%1$d = Executors.newSingleThreadExecutor();
              Future<?> future%1$d = executor%1$d.submit(() -> queue.offer("%1$d"));
              CountDownLatch latch%1$d = new CountDownLatch(1);
              try {
                future%1$d.get();
                latch%1$d.countDown();
              } finally {
                executor%1$d.shutdown();
              }
              latch%1$d.await(%2$d, TimeUnit.MILLISECONDS);
              String item%1$d = queue.poll(%2$d, TimeUnit.MILLISECONDS);
              if (item%1$d == null) {
                queue.put("again %1$d");
              }
          """
              .formatted(i, 1 + i % 7));
    }
    out.append("  }\n}\n");
    return out.toString();
  }

  private static String nesting(String className, int depth) {
    StringBuilder out = new StringBuilder(IMPORTS);
    out.append("public class ").append(className).append(" {\n");
    out.append(
        """
          public static void run(BlockingQueue<String> queue, ExecutorService executor, AtomicBoolean running) {
        """);
    StringBuilder closing = new StringBuilder();
    for (int level = 0; level < depth; level++) {
      out.append(
          """
              while (running.get()) {
                try {
                  String item%1$d = queue.take();
                  if (item%1$d.isEmpty()) {
                    break;
                  }
                } catch (InterruptedException e%1$d) {
                  Thread.currentThread().interrupt();
                  return;
                }
                Runnable task%1$d = () -> {
                  for (int i%1$d = 0; i%1$d < 3; i%1$d++) {
          """
              .formatted(level));
      closing.insert(
          0,
          """
                  }
                };
                executor.execute(task%1$d);
              }
          """
              .formatted(level));
    }
    out.append(closing).append("  }\n}\n");
    return out.toString();
  }

  private static String fields(String className, int count) {
    StringBuilder out = new StringBuilder(IMPORTS);
    out.append("public class ").append(className).append(" implements AutoCloseable {\n");
    for (int i = 0; i < count; i++) {
      String field =
          switch (i % 3) {
            case 0 -> "  private final ExecutorService field%d = Executors.newFixedThreadPool(2);\n";
            case 1 ->
                "  private final ScheduledExecutorService field%d = Executors.newSingleThreadScheduledExecutor();\n";
            default -> "  private final Timer field%d = new Timer();\n";
          };
      out.append(field.formatted(i));
    }
    for (int i = 0; i < count; i++) {
      String use =
          switch (i % 3) {
            case 0 -> "  public void use%1$d(Runnable task) { field%1$d.execute(task); }\n";
            case 1 ->
                "  public void use%1$d(Runnable task) { field%1$d.schedule(task, 1, TimeUnit.SECONDS); }\n";
            default ->
                """
                  public void use%1$d(Runnable task) {
                    field%1$d.schedule(new TimerTask() { @Override public void run() { task.run(); } }, 1000L);
                  }
                """;
          };
      out.append(use.formatted(i));
    }
    out.append("  @Override\n  public void close() {\n");
    for (int i = 0; i < count; i += 2) {
      out.append(i % 3 == 2 ? "    field%d.cancel();\n".formatted(i) : "    field%d.shutdown();\n".formatted(i));
    }
    out.append("  }\n}\n");
    return out.toString();
  }

  private WorstCases() {}
}
