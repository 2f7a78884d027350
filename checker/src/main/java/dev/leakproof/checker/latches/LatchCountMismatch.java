package dev.leakproof.checker.latches;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.leakproof.checker.latches.LatchUsage.CountDown;
import dev.leakproof.checker.latches.LatchUsage.LocalLatch;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.report.NeverCrash;

/**
 * A {@link BugChecker} that flags a local {@code CountDownLatch} whose count cannot be reached (so
 * {@code await()} hangs or always times out) or is reached before all the tasks that count it down
 * have finished.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "The latch's count does not match the number of countDown() calls",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "LatchCountMismatch.md")
public final class LatchCountMismatch extends BugChecker implements NewClassTreeMatcher {
  @Override
  public Description matchNewClass(NewClassTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(NewClassTree tree, VisitorState state) {
    if (tree.getArguments().size() != 1 // cheapest first: this runs for every `new`
        || tree.getClassBody() != null
        || !LatchUsage.NEW_LATCH.matches(tree, state)) {
      return Description.NO_MATCH;
    }
    TreePath declaration = state.getPath().getParentPath();
    if (declaration == null
        || !(declaration.getLeaf() instanceof VariableTree variable)
        || variable.getInitializer() != tree) {
      return Description.NO_MATCH;
    }
    LocalLatch uses = LatchUsage.localUses(declaration, state);
    if (uses == null || uses.escapes() || !uses.awaited()) {
      return Description.NO_MATCH;
    }
    String name = variable.getName().toString();
    Long count = ConstantLoops.constant(tree.getArguments().get(0));
    String waitOutcome =
        uses.awaitedWithoutTimeout()
            ? name + ".await() blocks forever"
            : name + ".await(..) always waits for the full timeout";
    if (uses.countDowns().isEmpty()) {
      if (count != null && count <= 0) {
        return Description.NO_MATCH;
      }
      return describe(
          tree,
          String.format(
              "%s is awaited but never counted down, so %s%s: call %s.countDown() where the awaited"
                  + " work completes%s",
              name,
              waitOutcome,
              count == null ? " (unless its count is 0)" : "",
              name,
              uses.awaitedWithoutTimeout() ? "" : ", or use Thread.sleep if a pause was meant"));
    }
    if (count == null) {
      return Description.NO_MATCH;
    }
    long min = 0;
    long max = 0;
    boolean counted = false;
    for (CountDown countDown : uses.countDowns()) {
      if (!countDown.known()) {
        return Description.NO_MATCH;
      }
      min += countDown.min();
      max += countDown.max();
      counted |= countDown.inCountedLoop();
    }
    if (max < count) {
      return describe(
          tree,
          String.format(
              "new CountDownLatch(%d) is never released: at most %d countDown() call%s can run, so"
                  + " %s: make the count %d, or count down once per task",
              count, max, max == 1 ? "" : "s", waitOutcome, max));
    }
    if (counted && min > count) {
      return describe(
          tree,
          String.format(
              "new CountDownLatch(%d) reaches zero too early: %d countDown() calls run, so %s"
                  + " returns after the first %d, while the other tasks still run: make the count %d",
              count, min, name + ".await()", count, min));
    }
    return Description.NO_MATCH;
  }

  private Description describe(NewClassTree tree, String message) {
    return buildDescription(tree).setMessage(message).build();
  }
}
