package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.VariableTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.VariableTree;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.report.IntentionalDaemonChecker;
import dev.leakproof.checker.report.NeverCrash;
import java.util.Optional;

/**
 * The matching shared by {@link ExecutorNeverShutDown} and {@link TimerNeverCancelled}: a local or
 * dropped object is reported at its creation, a field at its declaration. The analysis is in
 * {@link ResourceLifecycle} and {@link FieldLifecycle}; this class only words the diagnostics.
 */
abstract class OwnedResourceChecker extends IntentionalDaemonChecker
    implements NewClassTreeMatcher, MethodInvocationTreeMatcher, VariableTreeMatcher {

  /** The kind of object the check is about. */
  abstract OwnedResource kind();

  /** What an object of this kind leaks, for messages ("its threads", "its thread"). */
  abstract String threads();

  @Override
  public final Description matchNewClass(NewClassTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> matchCreation(tree, state));
  }

  @Override
  public final Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> matchCreation(tree, state));
  }

  @Override
  public final Description matchVariable(VariableTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> matchField(tree, state));
  }

  private Description matchCreation(ExpressionTree tree, VisitorState state) {
    // Cheapest test first, for every call and `new` of the file: every creation, whether by
    // `new`, a JDK factory or a factory method, yields a value of this kind's type.
    if (!kind().mayHold(ASTHelpers.getType(tree), state)) {
      return Description.NO_MATCH;
    }
    // kind().narrowed() also creates where the object is stored as Executor (StoredAsExecutor).
    if (!kind().narrowed().isCreation(tree, state)
        && !(tree instanceof MethodInvocationTree call
            && ResourceLifecycle.isFactoryCall(call, kind(), state))) {
      return Description.NO_MATCH;
    }
    Optional<ResourceLifecycle.Finding> finding =
        ResourceLifecycle.judgeCreation(
            kind(), symbol -> isSuppressed(symbol, state), state, UnitFacts.of(state));
    if (finding.isEmpty()) {
      return Description.NO_MATCH;
    }
    ResourceLifecycle.Finding f = finding.get();
    Description.Builder description =
        buildDescription(f.creation()).setMessage(localMessage(f, state));
    f.fix().ifPresent(description::addFix);
    return description.build();
  }

  private static final String NON_DAEMON = "non-daemon threads keep the JVM from exiting";
  private static final String DAEMON =
      "a daemon thread still runs, with what its tasks hold, until the JVM exits";

  private String localMessage(ResourceLifecycle.Finding f, VisitorState state) {
    // a daemon timer or pool does not hold the JVM up, but still runs until it exits (H2)
    String lifetime = f.creation() instanceof ExpressionTree creation
            && kind().createsDaemonThreads(creation, state)
        ? DAEMON : NON_DAEMON;
    String noun = kind().noun();
    String release = kind().releaseCall();
    String way =
        kind().closeableSince() > 0
            ? "use try-with-resources (JDK " + kind().closeableSince() + "+) or call "
            : "call ";
    return switch (f.problem()) {
      case DROPPED -> String.format(
          "This %s is created, used once and dropped without %s: %s will never stop, and %s;"
              + " keep it in a variable and %s%s in a finally block",
          noun, release, threads(), lifetime, way, release);
      case NEVER_RELEASED -> f.storedWithoutRelease()
          ? String.format(
              "%s '%s' is declared as %s, which has no %s, and is never %s: %s will outlive"
                  + " this method, and %s; declare it as %s and %s%s.%s in a finally block",
              capitalized(noun), f.variable(), STORED_TYPE, release, pastTense(), threads(),
              lifetime, RELEASABLE_TYPE, way, f.variable(), release)
          : String.format(
              "%s '%s' is never %s: %s will outlive this method, and %s; %s%s.%s in a finally"
                  + " block",
              capitalized(noun), f.variable(), pastTense(), threads(), lifetime, way, f.variable(),
              release);
      case RETURNED_WITHOUT_RELEASE -> String.format(
          "%s() returns the %s it creates as %s, which has no %s, so no caller can shut it"
              + " down without a cast: %s will never stop, and %s; declare the return type %s"
              + " and shut it down where it is used",
          f.variable(), noun, STORED_TYPE, release, threads(), lifetime, RELEASABLE_TYPE);
      case HANDED_ON_WITHOUT_RELEASE -> String.format(
          "This %s is created and handed to %s(..) as %s, which has no %s, and nothing else"
              + " keeps it: %s will never stop, and %s; keep it in a field and call %s when this"
              + " object is closed",
          noun, f.variable(), STORED_TYPE, release, threads(), lifetime, release);
      case SKIPPED -> String.format(
          "%s '%s' is not %s on every path: %s, leaving %s running; %s%s.%s in a finally block",
          capitalized(noun),
          f.variable(),
          pastTense(),
          describeSkip(f, state),
          threads(),
          way,
          f.variable(),
          release);
    };
  }

  private String describeSkip(ResourceLifecycle.Finding f, VisitorState state) {
    String release = f.variable() + "." + kind().releaseCall();
    Exit exit = f.exit();
    if (exit == null || exit.kind() == Exit.Kind.END) {
      return "a path reaches the end of its scope without " + release;
    }
    String line = "line " + exit.line(state);
    return switch (exit.kind()) {
      case RETURN, THROW, BREAK, CONTINUE -> String.format(
          "the %s on %s skips %s", exit.kind().name().toLowerCase(java.util.Locale.ROOT), line, release);
      case REASSIGNMENT -> String.format(
          "the assignment on %s replaces a live %s before %s", line, kind().noun(), release);
      default -> {
        String type = simpleName(exit.exception());
        yield String.format(
            "%s %s thrown by the call on %s skips %s", article(type), type, line, release);
      }
    };
  }

  private static String simpleName(javax.lang.model.type.TypeMirror type) {
    return type instanceof com.sun.tools.javac.code.Type t ? t.tsym.getSimpleName().toString() : "exception";
  }

  private Description matchField(VariableTree tree, VisitorState state) {
    Optional<FieldLifecycle.Finding> finding = FieldLifecycle.judge(tree, kind(), state);
    if (finding.isEmpty()) {
      return Description.NO_MATCH;
    }
    FieldLifecycle.Finding f = finding.get();
    String noun = kind().noun();
    String message =
        switch (f.problem()) {
          case NEVER_RELEASED -> f.storedWithoutRelease()
              ? String.format(
                  "Field '%s' holds %s %s this class creates, but is declared as %s, which has no"
                      + " %s, and no method ever %s: %s will never stop, and non-daemon threads"
                      + " keep the JVM from exiting; declare it as %s and call %s.%s in the"
                      + " class's close()/stop() method, or mark the field @IntentionalDaemon if"
                      + " it must live as long as the JVM",
                  f.field(), article(noun), noun, STORED_TYPE, kind().releaseCall(),
                  presentTense(), threads(), RELEASABLE_TYPE, f.field(), kind().releaseCall())
              : String.format(
                  "Field '%s' holds %s %s this class creates%s, but no method ever %s: %s will"
                      + " never stop, and non-daemon threads keep the JVM from exiting; call"
                      + " %s.%s in the class's close()/stop() method%s, or mark the field"
                      + " @IntentionalDaemon if it must live as long as the JVM",
                  f.field(), article(noun), noun,
                  f.onlyWhenNotGiven() ? " when it is not given one" : "",
                  presentTense(), threads(), f.field(), kind().releaseCall(),
                  f.onlyWhenNotGiven() ? " when the class created it" : "");
          case REASSIGNED_LIVE -> String.format(
              "Field '%s' gets a new %s in %s() without %s the one it holds, whose threads then"
                  + " run forever; call %s on the old value first",
              f.field(), noun, f.method(), gerund(), kind().releaseCall());
        };
    return buildDescription(tree).setMessage(message).build();
  }

  // Only executors are ever stored where their type has no release method (StoredAsExecutor).
  /** The type without a release method that the object is stored as. */
  private static final String STORED_TYPE = "Executor";

  /** The type to store it as instead. */
  private static final String RELEASABLE_TYPE = "ExecutorService";

  /** "shut down" / "cancelled". */
  abstract String pastTense();

  /** "shuts it down" / "cancels it". */
  abstract String presentTense();

  /** "shutting down" / "cancelling". */
  abstract String gerund();

  private static String article(String word) {
    return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
