package dev.leakproof.checker.executors;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import dev.leakproof.checker.executors.PeriodicTasks.Fate;
import dev.leakproof.checker.executors.PeriodicTasks.Handle;
import dev.leakproof.checker.executors.PeriodicTasks.Schedule;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.report.IntentionalDaemonChecker;
import dev.leakproof.checker.report.NeverCrash;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A {@link BugChecker} that flags a periodic task scheduled on a scheduler the code does not own
 * and never cancelled, by a class that has an end ({@code close()}, {@code stop()}, ..) or that
 * schedules one per call: Go's ticker without {@code Stop()}. The task runs for the life of the
 * shared scheduler, keeps what it captures reachable, and does its work after its owner is closed.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "Cancel the periodic tasks you schedule on a scheduler you do not own",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "PeriodicTaskNeverCancelled.md")
public final class PeriodicTaskNeverCancelled extends IntentionalDaemonChecker
    implements MethodInvocationTreeMatcher {
  /** Where the schedule call is: its named class, its method (null in an initializer), static. */
  record Context(ClassTree owner, MethodTree method, boolean isStatic) {}

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(MethodInvocationTree tree, VisitorState state) {
    Optional<Schedule> found = PeriodicTasks.periodic(tree, state);
    if (found.isEmpty()) {
      return Description.NO_MATCH;
    }
    Schedule schedule = found.get();
    TreePath path = state.getPath();
    UnitFacts facts = UnitFacts.of(state);
    Context context = context(path);
    if (context == null
        || PeriodicTasks.ownsScheduler(schedule, !context.isStatic(), state, facts)) {
      return Description.NO_MATCH;
    }
    Handle handle = PeriodicTasks.handle(schedule, path, state, facts);
    if (handle.fate() == Fate.HANDLED || suppressedOnHandle(handle, state)) {
      return Description.NO_MATCH;
    }
    boolean hasEnd = !context.isStatic() && ClassLifecycle.hasEnd(context.owner(), state);
    if (hasEnd) {
      Optional<MethodTree> end = ClassLifecycle.endMethod(context.owner());
      Description.Builder description =
          buildDescription(tree)
              .setMessage(
                  endMessage(
                      schedule, handle, ClassLifecycle.endName(context.owner(), state), state));
      if (end.isPresent()) {
        PeriodicTaskFix.build(schedule, handle, path, context, end.get(), state, facts)
            .ifPresent(description::addFix);
      }
      return description.build();
    }
    if (perInstance(schedule, context)) {
      return buildDescription(tree).setMessage(perInstanceMessage(schedule, handle, context, state)).build();
    }
    if (!ClassLifecycle.runsOnce(path, context.method(), state, facts)) {
      return buildDescription(tree).setMessage(perCallMessage(schedule, handle, context, state)).build();
    }
    return Description.NO_MATCH;
  }

  /**
   * Whether every instance adds its own task to one scheduler: instance code (a constructor too)
   * schedules on a {@code static} scheduler, in a class that others can instantiate (not only
   * through private constructors, as a singleton is). Running once per object is then not once
   * per scheduler (java-util's {@code TTLCache} and {@code ThreadedLRUCacheStrategy}).
   */
  private static boolean perInstance(Schedule schedule, Context context) {
    if (context.isStatic() || !PeriodicTasks.onStaticField(schedule)
        || context.owner().getKind() == Tree.Kind.ENUM) {
      return false;
    }
    boolean anyConstructor = false;
    for (Tree member : context.owner().getMembers()) {
      if (member instanceof MethodTree method
          && ASTHelpers.getSymbol(method).isConstructor()
          && !ASTHelpers.isGeneratedConstructor(method)) {
        anyConstructor = true;
        if (!method.getModifiers().getFlags().contains(Modifier.PRIVATE)) {
          return true;
        }
      }
    }
    return !anyConstructor;
  }

  private boolean suppressedOnHandle(Handle handle, VisitorState state) {
    return handle.variable() != null && isSuppressed(handle.variable(), state);
  }

  /**
   * The named class the call belongs to (through lambdas and anonymous classes), the innermost
   * method it is in, and whether it runs in a static context (no object whose end could cancel it).
   */
  static Context context(TreePath path) {
    MethodTree method = null;
    boolean isStatic = false;
    Tree child = path.getLeaf();
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree m) {
        method = method == null ? m : method;
        isStatic |= m.getModifiers().getFlags().contains(Modifier.STATIC);
      } else if (leaf instanceof ClassTree clazz) {
        if (child instanceof BlockTree block && block.isStatic()) {
          isStatic = true;
        }
        if (child instanceof VariableTree field
            && field.getModifiers().getFlags().contains(Modifier.STATIC)) {
          isStatic = true;
        }
        if (!clazz.getSimpleName().isEmpty()) {
          return new Context(clazz, method, isStatic);
        }
      }
      child = leaf;
    }
    return null;
  }

  private static String endMessage(
      Schedule schedule, Handle handle, Optional<String> end, VisitorState state) {
    String endName = end.orElse("close()");
    String way;
    if (handle.fate() == Fate.NEVER_CANCELLED
        && handle.variable().getKind() == javax.lang.model.element.ElementKind.FIELD) {
      way = "call " + handle.variable().getSimpleName() + ".cancel(" + (schedule.onTimer() ? "" : "false")
          + ") in " + endName;
    } else if (handle.fate() == Fate.NEVER_CANCELLED) {
      way = "keep '" + handle.variable().getSimpleName() + "' in a field and cancel it in " + endName;
    } else {
      way = schedule.onTimer()
          ? "keep the TimerTask in a field and cancel() it in " + endName
          : "keep the ScheduledFuture in a field and cancel it in " + endName;
    }
    return String.format(
        "`%s` schedules a periodic task on a scheduler this class does not shut down, and %s: the task"
            + " keeps running after %s, and keeps everything it uses (often this object)"
            + " reachable; %s",
        describe(schedule, state), handleState(schedule, handle), endName, way);
  }

  private static String perCallMessage(
      Schedule schedule, Handle handle, Context context, VisitorState state) {
    String method = context.method() == null ? "this code" : context.method().getName() + "()";
    return String.format(
        "`%s` schedules another periodic task on a scheduler this class does not shut down each time"
            + " %s runs, and %s: the tasks pile up and run for the life of the scheduler; keep"
            + " the %s and cancel it when the task's work is done",
        describe(schedule, state),
        method,
        handleState(schedule, handle),
        schedule.onTimer() ? "TimerTask" : "ScheduledFuture");
  }

  private static String perInstanceMessage(
      Schedule schedule, Handle handle, Context context, VisitorState state) {
    String type = context.owner().getSimpleName().toString();
    return String.format(
        "`%s` schedules a periodic task on a static scheduler shared by every %s, once for each"
            + " new %s (in %s), and %s: the tasks pile up and run for the life of the scheduler;"
            + " keep the %s and cancel it when the %s is done (a close() method)",
        describe(schedule, state),
        type,
        type,
        context.method() == null ? "an initializer"
            : context.method().getName().contentEquals("<init>") ? "the constructor"
            : context.method().getName() + "()",
        handleState(schedule, handle),
        schedule.onTimer() ? "TimerTask" : "ScheduledFuture",
        type);
  }

  private static String handleState(Schedule schedule, Handle handle) {
    if (handle.fate() == Fate.NEVER_CANCELLED) {
      return "'" + handle.variable().getSimpleName() + "' is never cancelled";
    }
    return schedule.onTimer()
        ? "its TimerTask is not kept, so nothing can cancel it"
        : "the ScheduledFuture it returns is dropped, so nothing can cancel it";
  }

  /** {@code scheduler.scheduleAtFixedRate(..)}. */
  private static String describe(Schedule schedule, VisitorState state) {
    String name = schedule.call().getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select
        ? select.getIdentifier().toString()
        : schedule.call().getMethodSelect().toString();
    if (schedule.scheduler() == null) {
      return name + "(..)";
    }
    String receiver = state.getSourceForNode(schedule.scheduler());
    receiver = receiver == null ? "scheduler" : receiver.replaceAll("\\s+", " ");
    if (receiver.length() > 40) {
      receiver = receiver.substring(0, 37) + "...";
    }
    return receiver + "." + name + "(..)";
  }
}
