package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.threads.TimedWaits.TimedWait;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The suggested fix of {@link TimedWaitResultIgnored}: branch on the ignored result.
 *
 * <ul>
 *   <li>{@code done.await(30, SECONDS);} becomes {@code if (!done.await(30, SECONDS)) { throw
 *       new TimeoutException("Timed out waiting for done"); }} when the enclosing method (or
 *       lambda) may throw {@code TimeoutException}, and throws {@code IllegalStateException}
 *       otherwise: a checked exception the signature does not declare would not compile, and
 *       adding it to the signature would break every caller. The untimed {@code tryLock()} and
 *       {@code tryAcquire()} fail at once rather than time out: {@code IllegalStateException}.
 *   <li>{@code queue.offer(e);} on a bounded queue becomes {@code queue.add(e);}, the JDK's "offer
 *       or throw" ({@code IllegalStateException("Queue full")}).
 *   <li>With Strict mode, {@code pool.awaitTermination(..);} becomes {@code if
 *       (!pool.awaitTermination(..)) { pool.shutdownNow(); }} (the shutdown idiom of the {@code
 *       ExecutorService} Javadoc), and {@code process.waitFor(..);} ends the process with {@code
 *       destroyForcibly()}.
 * </ul>
 *
 * Only for expression statements; a lambda body is left as it is.
 */
final class TimeoutBranchFix {
  private TimeoutBranchFix() {}

  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

  static Optional<SuggestedFix> build(
      MethodInvocationTree call, TimedWait wait, TreePath path, VisitorState state) {
    if (!(path.getParentPath().getLeaf() instanceof ExpressionStatementTree statement)) {
      return Optional.empty();
    }
    String source = state.getSourceForNode(call);
    String subject = wait.subject() == null ? null : state.getSourceForNode(wait.subject());
    if (source == null) {
      return Optional.empty();
    }
    String test = wait.nanos() ? source + " <= 0" : "!" + source;
    switch (wait.kind()) {
      case QUEUE -> {
        if (!wait.timed()) {
          String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
          return Optional.of(
              SuggestedFixes.renameMethodInvocation(
                  call, name.replace("offer", "add"), state));
        }
      }
      case TERMINATION -> {
        Symbol method = ASTHelpers.getSymbol(call);
        if (subject == null || method.getSimpleName().contentEquals("shutdownAndAwaitTermination")) {
          return Optional.empty(); // it already calls shutdownNow() when the wait times out
        }
        return Optional.of(
            SuggestedFix.replace(
                statement, "if (" + test + ") {\n" + subject + ".shutdownNow();\n}"));
      }
      case PROCESS -> {
        if (subject == null) {
          return Optional.empty();
        }
        return Optional.of(
            SuggestedFix.replace(
                statement, "if (" + test + ") {\n" + subject + ".destroyForcibly();\n}"));
      }
      default -> {}
    }
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String exception =
        wait.timed() && mayThrowTimeout(path, state)
            ? SuggestedFixes.qualifyType(state, fix, "java.util.concurrent.TimeoutException")
            : "IllegalStateException";
    String reason = reason(wait, subject);
    fix.replace(
        statement,
        "if (" + test + ") {\nthrow new " + exception + "(\"" + reason + "\");\n}");
    return Optional.of(fix.build());
  }

  /** The exception's message: what did not happen, naming the object when it has a plain name. */
  private static String reason(TimedWait wait, String subject) {
    String name = subject != null && subject.length() <= 40 && SIMPLE_NAME.matcher(subject).matches()
        ? subject
        : null;
    return switch (wait.kind()) {
      case LATCH -> "Timed out waiting for " + (name == null ? "the latch" : name);
      case CONDITION -> "Timed out waiting for a signal" + (name == null ? "" : " on " + name);
      case SEMAPHORE -> wait.timed()
          ? "Timed out waiting for a permit" + (name == null ? "" : " of " + name)
          : "No permit available" + (name == null ? "" : " from " + name);
      case LOCK -> wait.timed()
          ? "Timed out waiting for " + (name == null ? "the lock" : name)
          : (name == null ? "The lock" : name) + " is held by another thread";
      case QUEUE -> (name == null ? "The queue" : name) + " stayed full; element not queued";
      case TERMINATION, PROCESS -> "Timed out";
    };
  }

  /**
   * True if the method or lambda the call is in may throw {@code TimeoutException}: its {@code
   * throws} clause (or its function's) names it or a supertype ({@code Exception}).
   */
  private static boolean mayThrowTimeout(TreePath path, VisitorState state) {
    Type timeout = state.getTypeFromString("java.util.concurrent.TimeoutException");
    if (timeout == null) {
      return false;
    }
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      List<Type> thrown;
      if (leaf instanceof MethodTree method) {
        thrown = ASTHelpers.getSymbol(method).getThrownTypes();
      } else if (leaf instanceof LambdaExpressionTree lambda) {
        Type type = ASTHelpers.getType(lambda);
        Type descriptor = type == null ? null : state.getTypes().findDescriptorType(type);
        thrown = descriptor == null ? List.of() : descriptor.getThrownTypes();
      } else if (leaf instanceof ClassTree) {
        return false; // an initializer
      } else {
        continue;
      }
      return thrown.stream().anyMatch(t -> ASTHelpers.isSubtype(timeout, t, state));
    }
    return false;
  }
}
