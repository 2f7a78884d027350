package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;

/**
 * Answers, for a field: does the class create the executor or timer it holds, and does any code in
 * the same file release it (in {@code close()}, {@code stop()}, a {@code @PreDestroy} method, a
 * shutdown hook: any method counts)? Also: is the field reassigned while it holds a live object?
 *
 * <p>A field counts as created by its class when the class assigns it a new object (in its
 * declaration, a constructor, an initializer or any method, directly or through a local variable
 * or a factory method of the file). Silent for fields that never receive an object the class
 * creates (injected ones, or ones other code stores into it), for {@code
 * public} and {@code protected} fields (other code is meant to manage them), for fields whose
 * object escapes (returned by a getter, passed on, copied to another variable), and for {@code
 * static} fields whose threads are all daemons (they live for the JVM by design). A field declared
 * {@code Executor} is judged as {@link StoredAsExecutor} says.
 */
public final class FieldLifecycle {
  private FieldLifecycle() {}

  /** What is wrong with a field. */
  public enum Problem {
    NEVER_RELEASED,
    REASSIGNED_LIVE
  }

  /**
   * A finding about a field; {@code method} names where it is reassigned (REASSIGNED_LIVE);
   * {@code storedWithoutRelease} when the field's type has no release method ({@code Executor}).
   */
  public record Finding(
      Problem problem,
      String field,
      String method,
      boolean storedWithoutRelease,
      boolean onlyWhenNotGiven) {}

  /**
   * Judges {@code field}, looking uses and declarations up in {@code facts} (which must describe
   * the unit being analysed, with {@code state.getPath()} at {@code field}), so that judging every
   * field of a unit scans it only once.
   */
  public static Optional<Finding> judge(
      VariableTree field, OwnedResource requested, VisitorState state) {
    Symbol symbol = ASTHelpers.getSymbol(field);
    // Cheapest tests first: this runs for every variable of the file.
    if (symbol.getKind() != ElementKind.FIELD
        || (symbol.flags() & Flags.PUBLIC) != 0
        || ((symbol.flags() & Flags.PROTECTED) != 0
            && (symbol.isStatic() || (symbol.owner.flags() & Flags.ABSTRACT) != 0))
        || !requested.mayHold(symbol.type, state)) {
      // Public fields are for others to manage, and so are protected ones of an abstract class
      // (its subclasses' lifecycle) and protected static ones (shared with the subclasses); a
      // concrete class's protected instance field is its own (kryonet#103).
      return Optional.empty();
    }
    UnitFacts facts = UnitFacts.of(state);
    // A field declared Executor: see StoredAsExecutor.
    OwnedResource kind = requested.storedAs(symbol.type, state);
    boolean storedWithoutRelease = kind != requested;
    boolean isStatic = symbol.isStatic();
    List<TreePath> creations = new ArrayList<>();
    // Locals that carried a creation into the field (this.pool = pool): what was done to them counts.
    List<Symbol> carriers = new ArrayList<>();
    // Conditionals that create only when not given one (see ResourceLifecycle.isCreationOrGiven).
    List<TreePath> fallbacks = new ArrayList<>();
    if (field.getInitializer() != null) {
      TreePath fieldPath =
          state.getPath().getLeaf() == field
              ? state.getPath()
              : UnitPaths.of(field, state);
      if (fieldPath != null
          && ResourceLifecycle.isOwnedCreation(field.getInitializer(), kind, state)) {
        creations.add(new TreePath(fieldPath, field.getInitializer()));
      } else if (fieldPath != null
          && ResourceLifecycle.isCreationOrGiven(field.getInitializer(), kind, state)) {
        fallbacks.add(new TreePath(fieldPath, field.getInitializer()));
      }
    }
    for (TreePath path : facts.assignments(symbol)) {
      AssignmentTree assignment = (AssignmentTree) path.getLeaf();
      if (ASTHelpers.getSymbol(assignment.getVariable()) != symbol
          || !byTheClassItself(path, assignment.getVariable(), symbol)) {
        continue;
      }
      if (ResourceLifecycle.isOwnedCreation(assignment.getExpression(), kind, state)) {
        creations.add(new TreePath(path, assignment.getExpression()));
      } else if (ResourceLifecycle.creationInLocal(assignment.getExpression(), kind, state) != null) {
        creations.add(new TreePath(path, assignment.getExpression()));
        carriers.add(ASTHelpers.getSymbol(Uses.strip(assignment.getExpression())));
      } else if (ResourceLifecycle.isCreationOrGiven(assignment.getExpression(), kind, state)) {
        fallbacks.add(new TreePath(path, assignment.getExpression()));
      } else {
        creations.addAll(handedToConstructor(assignment.getExpression(), path, kind, state));
      }
    }
    List<TreePath> references = facts.uses(symbol);
    if (creations.isEmpty() && fallbacks.isEmpty()) {
      return Optional.empty();
    }
    // A static field of daemon threads lives for the JVM by design. One that only ever creates
    // when not given one (no plain creation, so allMatch holds) is left alone: precision first.
    if (isStatic
        && creations.stream()
            .allMatch(
                c -> kind.createsDaemonThreads((ExpressionTree) Uses.strip(c.getLeaf()), state))) {
      return Optional.empty();
    }
    boolean released = false;
    for (TreePath reference : references) {
      switch (Uses.classify(reference, kind, state)) {
        case ESCAPE -> {
          return Optional.empty();
        }
        case RELEASE -> released = true;
        default -> {}
      }
    }
    // A release on the local before it is stored (pool.allowCoreThreadTimeOut(true); this.pool =
    // pool;, Reactor's SchedulerState) is a release of the field's object. Its store into the
    // field is not an escape, so only releases are looked for.
    for (Symbol carrier : carriers) {
      for (TreePath use : facts.uses(carrier)) {
        released |= Uses.classify(use, kind, state) == Uses.Kind.RELEASE;
      }
    }
    String name = symbol.getSimpleName().toString();
    if (!released) {
      return Optional.of(
          new Finding(
              Problem.NEVER_RELEASED, name, null, storedWithoutRelease, creations.isEmpty()));
    }
    // A field that may hold a given object is not judged for reassignment: the old value may be
    // someone else's.
    if (!fallbacks.isEmpty()) {
      return Optional.empty();
    }
    return FieldReassignment.reassignedLive(field, symbol, creations, references, kind, state)
        .map(
            method ->
                new Finding(Problem.REASSIGNED_LIVE, name, method, storedWithoutRelease, false));
  }

  /**
   * True if the assignment at {@code path} is made by the field's own class on its own instance
   * ({@code pool = ..}, {@code this.pool = ..}), not by other code storing into another object.
   */
  private static boolean byTheClassItself(TreePath path, ExpressionTree target, Symbol field) {
    if (target instanceof MemberSelectTree select
        && !(select.getExpression() instanceof IdentifierTree receiver
            && (receiver.getName().contentEquals("this")
                || ASTHelpers.getSymbol(receiver) == field.owner))) {
      return false;
    }
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree clazz) {
        return ASTHelpers.getSymbol(clazz) == field.owner;
      }
    }
    return false;
  }

  /**
   * For {@code field = parameter} in a constructor: the new objects that another constructor of
   * the class ({@code this(Executors.newFixedThreadPool(2))}) or the class itself ({@code new
   * Pool(Executors.newFixedThreadPool(2))}) passes as that parameter. The executor stays owned by
   * the class, which stores it.
   */
  private static List<TreePath> handedToConstructor(
      ExpressionTree value, TreePath assignment, OwnedResource kind, VisitorState state) {
    Symbol parameter = ASTHelpers.getSymbol(Uses.strip(value));
    MethodTree constructor = enclosingMethod(assignment);
    if (parameter == null
        || parameter.getKind() != ElementKind.PARAMETER
        || constructor == null
        || !ASTHelpers.getSymbol(constructor).isConstructor()) {
      return List.of();
    }
    Symbol.MethodSymbol target = ASTHelpers.getSymbol(constructor);
    int index = target.getParameters().indexOf(parameter);
    TreePath classPath = ASTHelpers.findPathFromEnclosingNodeToTopLevel(assignment, ClassTree.class);
    if (index < 0 || classPath == null) {
      return List.of();
    }
    List<TreePath> handed = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        check(ASTHelpers.getSymbol(call), call.getArguments());
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitNewClass(com.sun.source.tree.NewClassTree creation, Void unused) {
        check(ASTHelpers.getSymbol(creation), creation.getArguments());
        return super.visitNewClass(creation, null);
      }

      private void check(Symbol callee, List<? extends ExpressionTree> arguments) {
        if (callee == target
            && arguments.size() == target.getParameters().size()
            && ResourceLifecycle.isOwnedCreation(arguments.get(index), kind, state)) {
          handed.add(new TreePath(getCurrentPath(), arguments.get(index)));
        }
      }
    }.scan(classPath, null);
    return handed;
  }

  /** The method around {@code path}, or null when a lambda or class body comes first. */
  static MethodTree enclosingMethod(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree method) {
        return method;
      }
      if (leaf.getKind() == Tree.Kind.LAMBDA_EXPRESSION || leaf.getKind() == Tree.Kind.CLASS) {
        return null;
      }
    }
    return null;
  }

}
