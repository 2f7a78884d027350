package dev.leakproof.checker.executors;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import dev.leakproof.checker.util.LeakproofDocs;

/**
 * A {@link BugChecker} that flags executors the code creates and owns but never shuts down (a
 * local that does not escape, a pool created and dropped in one expression, a path that skips the
 * shutdown, a field no method shuts down or that is overwritten while live).
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Shut down the executors you create; their threads otherwise live forever",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "ExecutorNeverShutDown.md")
public final class ExecutorNeverShutDown extends OwnedResourceChecker {
  @Override
  OwnedResource kind() {
    return OwnedResource.EXECUTOR;
  }

  @Override
  String threads() {
    return "its threads";
  }

  @Override
  String pastTense() {
    return "shut down";
  }

  @Override
  String presentTense() {
    return "shuts it down";
  }

  @Override
  String gerund() {
    return "shutting down";
  }
}
