package dev.leakproof.checker.executors;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.UsePolicy;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Answers, for a call that schedules a periodic task ({@code scheduleAtFixedRate}, {@code
 * scheduleWithFixedDelay}, a {@link java.util.Timer} schedule with a period): what becomes of the
 * handle that can cancel the task (the returned {@code ScheduledFuture}, or the {@code TimerTask}
 * itself), and does the scheduling code own the scheduler (then shutting it down ends the task)?
 */
final class PeriodicTasks {
  private PeriodicTasks() {}

  private static final Matcher<ExpressionTree> EXECUTOR_PERIODIC =
      instanceMethod()
          .onDescendantOf("java.util.concurrent.ScheduledExecutorService")
          .namedAnyOf("scheduleAtFixedRate", "scheduleWithFixedDelay");
  private static final Matcher<ExpressionTree> TIMER_SCHEDULE =
      instanceMethod()
          .onDescendantOf("java.util.Timer")
          .namedAnyOf("schedule", "scheduleAtFixedRate");

  /**
   * A periodic schedule call: {@code scheduler} is its receiver (null for an implicit {@code
   * this}); {@code kind} the kind of scheduler ({@link OwnedResource#EXECUTOR} or {@link
   * OwnedResource#TIMER}); for a timer, {@code timerTask} is the task argument, which is the
   * handle.
   */
  record Schedule(
      MethodInvocationTree call, ExpressionTree scheduler, OwnedResource kind, ExpressionTree timerTask) {
    boolean onTimer() {
      return kind == OwnedResource.TIMER;
    }
  }

  /** What becomes of the handle of a periodic task. */
  enum Fate {
    /** Nobody keeps it: nothing can cancel the task. */
    DROPPED,
    /** Kept in a variable that nothing cancels. */
    NEVER_CANCELLED,
    /** Cancelled somewhere, or handed to code we cannot follow: not ours to judge. */
    HANDLED
  }

  /** The fate of the handle, and the variable it is kept in (for {@link Fate#NEVER_CANCELLED}). */
  record Handle(Fate fate, Symbol variable) {
    static final Handle DROPPED = new Handle(Fate.DROPPED, null);
    static final Handle HANDLED = new Handle(Fate.HANDLED, null);
  }

  /** {@code cancel(..)} on a future or a {@code TimerTask}, also as {@code task::cancel}. */
  private static final UsePolicy CANCEL =
      new UsePolicy() {
        @Override
        public boolean isReleaseOnReceiver(MethodInvocationTree call, VisitorState state) {
          return ASTHelpers.getSymbol(call).getSimpleName().contentEquals("cancel");
        }

        @Override
        public boolean isReleaseReference(MemberReferenceTree reference, VisitorState state) {
          return reference.getName().contentEquals("cancel");
        }
      };

  /** The periodic schedule {@code call} makes, if it makes one. */
  static Optional<Schedule> periodic(MethodInvocationTree call, VisitorState state) {
    // Cheapest test first: this runs for every call of the file.
    if (!isNamedLikeASchedule(call)) {
      return Optional.empty();
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (EXECUTOR_PERIODIC.matches(call, state)) {
      return Optional.of(new Schedule(call, receiver, OwnedResource.EXECUTOR, null));
    }
    if (TIMER_SCHEDULE.matches(call, state) && call.getArguments().size() == 3) {
      // schedule(task, delay|firstTime, period), scheduleAtFixedRate(..): three arguments.
      return Optional.of(
          new Schedule(call, receiver, OwnedResource.TIMER, call.getArguments().get(0)));
    }
    return Optional.empty();
  }

  /** True if the method called is named like a schedule call, as written (no symbol lookup). */
  private static boolean isNamedLikeASchedule(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    javax.lang.model.element.Name name =
        select instanceof MemberSelectTree member
            ? member.getIdentifier()
            : select instanceof IdentifierTree identifier ? identifier.getName() : null;
    return name != null
        && (name.contentEquals("scheduleAtFixedRate")
            || name.contentEquals("scheduleWithFixedDelay")
            || name.contentEquals("schedule"));
  }

  /**
   * True if the scheduling code owns the scheduler, so that shutting it down ends the task, or
   * something else (the executor checks) judges it: the object itself ({@code this}, an implicit
   * receiver), a scheduler created right there, a local or a non-{@code static} field that only
   * ever holds schedulers the file creates, or any variable the file shuts down (or cancels)
   * whatever it holds (also through an {@code AtomicReference} field, see {@link AtomicHolders}).
   * A scheduler handed in (a parameter, an injected field), a {@code static}
   * one shared by all instances, one obtained from a call, or one shut down only when the class
   * created it ({@code if (config.scheduler() == null) scheduler.shutdown();}) is shared. A task
   * that instance code ({@code instanceCode}) schedules on a {@code static} scheduler belongs to
   * the object: only a release in instance code ends it with the object, not a {@code static
   * shutdown()} of the class (java-util's {@code TTLCache}).
   */
  static boolean ownsScheduler(
      Schedule schedule, boolean instanceCode, VisitorState state, UnitFacts facts) {
    ExpressionTree receiver = schedule.scheduler();
    if (receiver == null) {
      return true;
    }
    Tree stripped = Uses.strip(receiver);
    if (stripped instanceof IdentifierTree identifier
        && (identifier.getName().contentEquals("this") || identifier.getName().contentEquals("super"))) {
      return true;
    }
    if (stripped instanceof ExpressionTree expression
        && ResourceLifecycle.isOwnedCreation(expression, schedule.kind(), state)) {
      return true;
    }
    Symbol holder = AtomicHolders.holderOf(receiver, state, facts);
    if (holder != null && !(instanceCode && holder.isStatic())) {
      return AtomicHolders.releasedFrom(holder, schedule.kind(), state, facts);
    }
    if (!(stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree)) {
      return false;
    }
    Symbol variable = ASTHelpers.getSymbol(stripped);
    if (variable != null && variable.getKind() == ElementKind.PARAMETER) {
      // Scheduled on the constructor's parameter that is also kept in a field: judge the field.
      variable = fieldHolding(variable, facts);
    }
    if (variable == null
        || (variable.getKind() != ElementKind.LOCAL_VARIABLE
            && variable.getKind() != ElementKind.FIELD)) {
      return false;
    }
    if (ResourceOrigins.releasedUnconditionally(
        variable, schedule.kind(), instanceCode && variable.isStatic(), state, facts)) {
      return true;
    }
    // A local pool is the executor checks' to judge; a static field is shared by all instances.
    return !variable.isStatic()
        && ResourceOrigins.onlyCreatedInFile(variable, schedule.kind(), state, facts);
  }

  /**
   * Whether the task is scheduled on a {@code static} field: one scheduler shared by every instance
   * of the class.
   */
  static boolean onStaticField(Schedule schedule) {
    Symbol variable =
        schedule.scheduler() == null ? null : ASTHelpers.getSymbol(Uses.strip(schedule.scheduler()));
    return variable != null && variable.getKind() == ElementKind.FIELD && variable.isStatic();
  }

  /**
   * The field that {@code parameter} is stored in by its own method ({@code this.scheduler =
   * scheduler} in the constructor), or null.
   */
  private static Symbol fieldHolding(Symbol parameter, UnitFacts facts) {
    if (!(facts.declaration(parameter.owner) instanceof MethodTree method) || method.getBody() == null) {
      return null;
    }
    for (AssignmentTree assignment : LocalTrees.find(method.getBody(), AssignmentTree.class)) {
      if (Uses.refersTo(assignment.getExpression(), parameter)
          && isOwnVariable(assignment.getVariable())) {
        Symbol target = ASTHelpers.getSymbol(assignment.getVariable());
        if (target != null && target.getKind() == ElementKind.FIELD) {
          return target;
        }
      }
    }
    return null;
  }

  /** What becomes of the handle of the periodic task scheduled at {@code path}. */
  static Handle handle(Schedule schedule, TreePath path, VisitorState state, UnitFacts facts) {
    return schedule.onTimer()
        ? timerTaskHandle(schedule.timerTask(), path, state, facts)
        : futureHandle(path, state, facts);
  }

  /** The returned future: dropped, kept in a variable, or handed on. */
  private static Handle futureHandle(TreePath path, VisitorState state, UnitFacts facts) {
    Tree child = Uses.outermost(path).getLeaf();
    TreePath parentPath = Uses.outermost(path).getParentPath();
    if (parentPath == null) {
      return Handle.HANDLED;
    }
    Tree parent = parentPath.getLeaf();
    if (parent instanceof ExpressionStatementTree) {
      return Handle.DROPPED;
    }
    if (parent instanceof VariableTree variable && variable.getInitializer() == child) {
      return variableHandle(ASTHelpers.getSymbol(variable), null, state, facts);
    }
    if (parent instanceof AssignmentTree assignment
        && assignment.getExpression() == child
        && isOwnVariable(assignment.getVariable())) {
      return variableHandle(ASTHelpers.getSymbol(assignment.getVariable()), null, state, facts);
    }
    return Handle.HANDLED; // returned, passed on, stored elsewhere
  }

  /**
   * The task given to a timer: a task created right there is dropped unless its class cancels
   * itself; a task in a variable is judged by what is done with the variable (and by its class).
   */
  private static Handle timerTaskHandle(
      ExpressionTree task, TreePath path, VisitorState state, UnitFacts facts) {
    Tree stripped = Uses.strip(task);
    if (stripped instanceof NewClassTree creation) {
      ClassTree body = creation.getClassBody();
      if (body == null) {
        Symbol type = ASTHelpers.getSymbol(creation.getIdentifier());
        body = type instanceof Symbol.ClassSymbol classSymbol
            ? SourceLookup.classTree(classSymbol, state)
            : null;
      }
      if (body == null) {
        return Handle.HANDLED; // a task class we cannot see may cancel itself
      }
      return cancelsItself(body) ? Handle.HANDLED : Handle.DROPPED;
    }
    if (stripped instanceof IdentifierTree identifier && identifier.getName().contentEquals("this")) {
      ClassTree own = ASTHelpers.findEnclosingNode(path, ClassTree.class);
      return own == null || cancelsItself(own) ? Handle.HANDLED : Handle.DROPPED;
    }
    if (stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree) {
      Symbol variable = ASTHelpers.getSymbol(stripped);
      if (variable == null) {
        return Handle.HANDLED;
      }
      Type type = variable.type;
      if (type != null && type.tsym instanceof Symbol.ClassSymbol classSymbol) {
        ClassTree declaration = SourceLookup.classTree(classSymbol, state);
        if (declaration != null && cancelsItself(declaration)) {
          return Handle.HANDLED;
        }
      }
      if (facts.declaration(variable) instanceof VariableTree declaration
          && declaration.getInitializer() != null
          && Uses.strip(declaration.getInitializer()) instanceof NewClassTree creation
          && creation.getClassBody() != null
          && cancelsItself(creation.getClassBody())) {
        return Handle.HANDLED;
      }
      return variableHandle(variable, stripped, state, facts);
    }
    return Handle.HANDLED;
  }

  /**
   * A handle kept in {@code variable}: cancelled or handed on anywhere in the file means handled;
   * a {@code public}/{@code protected} field or a parameter may be cancelled by other code. The
   * use {@code scheduling} (the task given to the timer) is the schedule call itself.
   */
  private static Handle variableHandle(
      Symbol variable, Tree scheduling, VisitorState state, UnitFacts facts) {
    if (variable == null
        || (variable.getKind() != ElementKind.LOCAL_VARIABLE
            && variable.getKind() != ElementKind.FIELD)
        || variable.getModifiers().contains(Modifier.PUBLIC)
        || variable.getModifiers().contains(Modifier.PROTECTED)) {
      return Handle.HANDLED;
    }
    Set<Symbol> copies = copies(variable, facts);
    for (Symbol copy : copies) {
      for (TreePath use : facts.uses(copy)) {
        if (use.getLeaf() == scheduling
            || copies.contains(copyTarget(use))
            || scheduledAt(use, state)) {
          continue; // a schedule call (this one or another), or a copy into another of the copies
        }
        switch (Uses.classify(use, CANCEL, state)) {
          case RELEASE, ESCAPE -> {
            return Handle.HANDLED;
          }
          default -> {}
        }
      }
    }
    return new Handle(Fate.NEVER_CANCELLED, variable);
  }

  /**
   * {@code variable} and the variables that hold the same handle through plain copies ({@code
   * newTask = timerTask;}, {@code TimerTask old = timerTask; .. old.cancel();}: CXF's
   * DelayedCachedOutputStreamCleaner), a few copies far.
   */
  private static Set<Symbol> copies(Symbol variable, UnitFacts facts) {
    Set<Symbol> found = new LinkedHashSet<>(List.of(variable));
    Deque<Symbol> next = new ArrayDeque<>(found);
    while (!next.isEmpty() && found.size() < 6) {
      Symbol current = next.poll();
      for (TreePath use : facts.uses(current)) {
        Symbol target = copyTarget(use);
        if (isHandleVariable(target) && found.add(target)) {
          next.add(target);
        }
      }
      for (TreePath path : facts.assignments(current)) {
        AssignmentTree assignment = (AssignmentTree) path.getLeaf();
        Tree value = Uses.strip(assignment.getExpression());
        Symbol source = value instanceof IdentifierTree || value instanceof MemberSelectTree
            ? ASTHelpers.getSymbol(value) : null;
        if (isHandleVariable(source) && found.add(source)) {
          next.add(source);
        }
      }
    }
    return found;
  }

  /** Whether {@code use} is the task a periodic schedule call is given. */
  private static boolean scheduledAt(TreePath use, VisitorState state) {
    Tree parent = use.getParentPath() == null ? null : use.getParentPath().getLeaf();
    return parent instanceof MethodInvocationTree call
        && periodic(call, state).map(s -> s.timerTask() == use.getLeaf()).orElse(false);
  }

  /** The variable {@code use} is copied into ({@code copy = use;}, {@code T copy = use;}), or null. */
  private static Symbol copyTarget(TreePath use) {
    Tree parent = use.getParentPath() == null ? null : use.getParentPath().getLeaf();
    return parent instanceof AssignmentTree assignment && assignment.getExpression() == use.getLeaf()
        ? ASTHelpers.getSymbol(assignment.getVariable())
        : parent instanceof VariableTree local && local.getInitializer() == use.getLeaf()
            ? ASTHelpers.getSymbol(local)
            : null;
  }

  private static boolean isHandleVariable(Symbol symbol) {
    return symbol != null
        && (symbol.getKind() == ElementKind.LOCAL_VARIABLE || symbol.getKind() == ElementKind.FIELD);
  }

  /** True for {@code future = ..} and {@code this.future = ..}, not {@code other.future = ..}. */
  private static boolean isOwnVariable(ExpressionTree target) {
    Tree stripped = Uses.strip(target);
    if (stripped instanceof IdentifierTree) {
      return true;
    }
    return stripped instanceof MemberSelectTree select
        && select.getExpression() instanceof IdentifierTree receiver
        && receiver.getName().contentEquals("this");
  }

  /** True if the {@code TimerTask} class body calls its own {@code cancel()}. */
  private static boolean cancelsItself(ClassTree body) {
    return !LocalTrees.findAll(
            body,
            MethodInvocationTree.class,
            call -> {
              ExpressionTree receiver = ASTHelpers.getReceiver(call);
              return ASTHelpers.getSymbol(call).getSimpleName().contentEquals("cancel")
                  && (receiver == null
                      || (receiver instanceof IdentifierTree identifier
                          && identifier.getName().contentEquals("this")));
            })
        .isEmpty();
  }
}
