package dev.leakproof.checker.executors;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import dev.leakproof.checker.util.LeakproofDocs;

/**
 * A {@link BugChecker} that flags {@link java.util.Timer}s the code creates but never cancels:
 * each one owns a thread, started in its constructor, that is not a daemon unless asked for.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Cancel the java.util.Timer you create; its thread otherwise lives forever",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "TimerNeverCancelled.md")
public final class TimerNeverCancelled extends OwnedResourceChecker {
  @Override
  OwnedResource kind() {
    return OwnedResource.TIMER;
  }

  @Override
  String threads() {
    return "its thread";
  }

  @Override
  String pastTense() {
    return "cancelled";
  }

  @Override
  String presentTense() {
    return "cancels it";
  }

  @Override
  String gerund() {
    return "cancelling";
  }
}
