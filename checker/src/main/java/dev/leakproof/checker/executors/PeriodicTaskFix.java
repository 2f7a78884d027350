package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.executors.PeriodicTaskNeverCancelled.Context;
import dev.leakproof.checker.executors.PeriodicTasks.Fate;
import dev.leakproof.checker.executors.PeriodicTasks.Handle;
import dev.leakproof.checker.executors.PeriodicTasks.Schedule;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.util.LocalTrees;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * The suggested fix of {@link PeriodicTaskNeverCancelled} when the class declares the method that
 * ends it: keep the {@code ScheduledFuture} in a field and cancel it at the start of that method.
 *
 * <p>The field is {@code private final} when the task is scheduled by a top-level statement of the
 * class's only constructor, and {@code private volatile} otherwise (set in {@code start()} on one
 * thread, read in {@code close()} on another; the cancel is then guarded by a null check, for an
 * object closed before it was started). {@code cancel(false)} lets a run in progress finish and
 * stops the next ones. A future already kept in a field only gets the cancel. Timers get no fix: a
 * {@code TimerTask} created inline would have to be pulled out first.
 */
final class PeriodicTaskFix {
  private PeriodicTaskFix() {}

  static Optional<SuggestedFix> build(
      Schedule schedule,
      Handle handle,
      TreePath path,
      Context context,
      MethodTree end,
      VisitorState state,
      UnitFacts facts) {
    if (schedule.onTimer() || context.method() == end || end.getBody() == null) {
      return Optional.empty();
    }
    if (handle.fate() == Fate.NEVER_CANCELLED) {
      Symbol variable = handle.variable();
      if (variable.getKind() != ElementKind.FIELD
          || variable.isStatic()
          || !(facts.declaration(variable) instanceof VariableTree)) {
        return Optional.empty();
      }
      boolean isFinal = variable.getModifiers().contains(Modifier.FINAL);
      SuggestedFix.Builder fix = SuggestedFix.builder();
      addCancel(fix, end, variable.getSimpleName().toString(), isFinal);
      return Optional.of(fix.build());
    }
    if (!(path.getParentPath().getLeaf() instanceof ExpressionStatementTree statement)) {
      return Optional.empty();
    }
    Tree anchor = firstMethodOrClass(context.owner());
    if (anchor == null) {
      return Optional.empty();
    }
    boolean isFinal = scheduledOnceByTheOnlyConstructor(context, statement);
    String name = fieldName(schedule, context.owner(), state);
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String type = SuggestedFixes.qualifyType(state, fix, "java.util.concurrent.ScheduledFuture");
    fix.prefixWith(
        anchor,
        "private " + (isFinal ? "final " : "volatile ") + type + "<?> " + name + ";\n\n");
    fix.prefixWith(schedule.call(), name + " = ");
    addCancel(fix, end, name, isFinal);
    return Optional.of(fix.build());
  }

  /** Cancels the future in {@code name} as the first thing {@code end} does. */
  private static void addCancel(SuggestedFix.Builder fix, MethodTree end, String name, boolean isFinal) {
    String cancel =
        isFinal
            ? name + ".cancel(false);\n"
            : "if (" + name + " != null) {\n" + name + ".cancel(false);\n}\n";
    if (end.getBody().getStatements().isEmpty()) {
      fix.replace(end.getBody(), "{\n" + cancel + "}");
    } else {
      fix.prefixWith(end.getBody().getStatements().get(0), cancel);
    }
  }

  /** The first method or nested class of {@code clazz} written in the source (fields go before it). */
  private static Tree firstMethodOrClass(ClassTree clazz) {
    for (Tree member : clazz.getMembers()) {
      if (member instanceof MethodTree method && ASTHelpers.isGeneratedConstructor(method)) {
        continue;
      }
      if (member instanceof MethodTree || member instanceof ClassTree) {
        return member;
      }
    }
    return null;
  }

  private static boolean scheduledOnceByTheOnlyConstructor(
      Context context, StatementTree statement) {
    MethodTree method = context.method();
    if (method == null
        || !method.getName().contentEquals("<init>")
        || method.getBody() == null
        || !method.getBody().getStatements().contains(statement)) {
      return false;
    }
    long constructors =
        context.owner().getMembers().stream()
            .filter(m -> m instanceof MethodTree t && t.getName().contentEquals("<init>"))
            .count();
    return constructors == 1;
  }

  /**
   * A field name from the task ({@code this::evictIdle} gives {@code evictIdleTask}, {@code new
   * HouseKeeper()} gives {@code houseKeeperTask}), else {@code periodicTask}; numbered so that it
   * is unique among the class's fields and the names given to the periodic schedules before it.
   */
  private static String fieldName(Schedule schedule, ClassTree owner, VisitorState state) {
    Set<String> taken = new HashSet<>();
    for (Tree member : owner.getMembers()) {
      if (member instanceof VariableTree field) {
        taken.add(field.getName().toString());
      }
    }
    int position = ASTHelpers.getStartPosition(schedule.call());
    for (MethodInvocationTree call : LocalTrees.findAll(owner, MethodInvocationTree.class)) {
      if (call != schedule.call()
          && ASTHelpers.getStartPosition(call) < position
          && PeriodicTasks.periodic(call, state).isPresent()) {
        taken.add(unique(baseName(call), taken));
      }
    }
    return unique(baseName(schedule.call()), taken);
  }

  private static String unique(String base, Set<String> taken) {
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + i;
    }
    return name;
  }

  private static String baseName(MethodInvocationTree call) {
    if (call.getArguments().isEmpty()) {
      return "periodicTask";
    }
    ExpressionTree task = call.getArguments().get(0);
    String word = null;
    if (task instanceof MemberReferenceTree reference) {
      word = reference.getName().toString();
    } else if (task instanceof NewClassTree creation && creation.getClassBody() == null) {
      Tree type = creation.getIdentifier();
      if (type instanceof com.sun.source.tree.ParameterizedTypeTree parameterized) {
        type = parameterized.getType();
      }
      word = type instanceof MemberSelectTree select
          ? select.getIdentifier().toString()
          : type.toString();
    } else if (task instanceof IdentifierTree identifier) {
      word = identifier.getName().toString();
    }
    if (word == null || word.isEmpty() || !Character.isJavaIdentifierStart(word.charAt(0))
        || word.equals("this") || word.equals("run")) {
      return "periodicTask";
    }
    String camel = word.substring(0, 1).toLowerCase(Locale.ROOT) + word.substring(1);
    return camel.endsWith("Task") ? camel + "Future" : camel + "Task";
  }
}
