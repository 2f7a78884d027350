package dev.leakproof.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** The {@code jdk.jfr} side of {@link JfrStarts}; loaded only when JFR is asked for. */
final class JfrRecorder {
  private static final long MAX_SIZE = 64L * 1024 * 1024;
  private static Recording recording;

  private JfrRecorder() {}

  static synchronized void start() {
    if (recording != null) {
      return;
    }
    Recording r = new Recording();
    r.setName("leakproof-junit thread starts");
    r.enable("jdk.ThreadStart").withStackTrace();
    // On disk (the JFR repository), so that repeated dumps keep every event; bounded in size.
    r.setToDisk(true);
    r.setMaxSize(MAX_SIZE);
    r.start();
    recording = r;
  }

  static synchronized Map<Long, JfrStarts.Start> starts() throws IOException {
    Path file = Files.createTempFile("leakproof-starts", ".jfr");
    try {
      recording.dump(file);
      Map<Long, JfrStarts.Start> starts = new HashMap<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (!event.getEventType().getName().equals("jdk.ThreadStart") || event.getStackTrace() == null) {
          continue;
        }
        RecordedThread started = event.getThread("thread");
        if (started == null) {
          continue;
        }
        RecordedThread starter = event.hasField("parentThread") ? event.getThread("parentThread") : null;
        starts.put(started.getJavaThreadId(), new JfrStarts.Start(
            starter == null ? "unknown" : starter.getJavaName(), stack(event.getStackTrace().getFrames())));
      }
      return starts;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** JFR frames carry no source file name: the line is shown as "line N". */
  private static StackTraceElement[] stack(List<RecordedFrame> frames) {
    return frames.stream()
        .filter(RecordedFrame::isJavaFrame)
        .map(f -> new StackTraceElement(f.getMethod().getType().getName(), f.getMethod().getName(), null,
            f.getLineNumber()))
        .toArray(StackTraceElement[]::new);
  }
}
