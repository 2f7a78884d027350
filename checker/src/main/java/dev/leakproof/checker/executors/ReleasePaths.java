package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.flow.Obligation;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * Answers: is the object a local variable holds released on every path through its scope, on some
 * paths only, or never? A facade over the {@link Flow} engine, whose obligation here is "an owned
 * executor or timer: nothing yet / live / released".
 *
 * <p>A path skips the release when it leaves the variable's scope with a live object by an explicit
 * {@code return}, {@code throw}, {@code break} or {@code continue}, by a checked exception a call
 * declares and nothing in the scope catches, by reaching the end of the scope, or when an
 * assignment replaces the live object. Unchecked exceptions a call may throw are not paths that
 * skip: implicit unchecked exceptions alone do not make a finding. A release anywhere in a {@code
 * finally} block, even a guarded one, covers every path through it (a guarded release in {@code
 * finally} is a decision, not a forgotten path); try-with-resources releases its resource.
 * Assigning anything but a new object or {@code null} makes the answer {@link
 * Verdict#NOT_UNDERSTOOD}.
 */
public final class ReleasePaths {
  /** How the variable's object is released. */
  public enum Verdict {
    EVERY_PATH,
    SOME_PATHS,
    NEVER,
    NOT_UNDERSTOOD
  }

  /** The answer; for {@link Verdict#SOME_PATHS}, the first way out with a live object. */
  public record Result(Verdict verdict, @Nullable Exit exit) {}

  private ReleasePaths() {}

  /**
   * Judges the local {@code variable}, declared by {@code statements.get(0)} of the block (or case)
   * at {@code owner}, in scope until {@code scopeEnd}, in the method, lambda or initializer at
   * {@code unit}. The statements up to {@code lastUse} (the last that names it) are analysed first,
   * on a graph of their own: when no path leaves them with a live object, nothing after them can
   * change that. Otherwise the whole method decides.
   */
  public static Result analyze(
      Symbol variable,
      TreePath unit,
      TreePath owner,
      List<? extends StatementTree> statements,
      int lastUse,
      int scopeEnd,
      OwnedResource kind,
      VisitorState state) {
    // Every statement that names the variable (releases included) is in the run.
    List<? extends StatementTree> run = statements.subList(0, lastUse + 1);
    OwnedLocal local = new OwnedLocal(variable, run, scopeEnd, kind, state);
    Flow.Result alone = Flow.analyzeStatements(owner, run, local, state);
    if (alone != null && alone.understood(variable) && alone.exits(variable).isEmpty()) {
      return new Result(Verdict.EVERY_PATH, null);
    }
    Flow.Result whole = Flow.analyze(unit, local, state);
    if (!whole.understood(variable)) {
      return new Result(local.released ? Verdict.NOT_UNDERSTOOD : Verdict.NEVER, null);
    }
    if (whole.exits(variable).isEmpty()) {
      return new Result(Verdict.EVERY_PATH, null);
    }
    return local.released
        ? new Result(Verdict.SOME_PATHS, whole.exits(variable).get(0))
        : new Result(Verdict.NEVER, null);
  }

  /** The obligation: one local variable, from its declaration to the end of its scope. */
  private static final class OwnedLocal implements Obligation {
    private final Symbol variable;
    private final int[] scope;
    private final OwnedResource kind;
    private final VisitorState state;
    /** Some code of the scope releases it (reached or not). */
    final boolean released;
    /** The {@code finally} blocks that release it somewhere: [start, end]. */
    private final List<int[]> releasingFinally = new ArrayList<>();
    /** Pattern variables bound to it ({@code pool instanceof ExecutorService service}). */
    private final List<Symbol> aliases = new ArrayList<>();

    OwnedLocal(
        Symbol variable,
        List<? extends StatementTree> statements,
        int scopeEnd,
        OwnedResource kind,
        VisitorState state) {
      this.variable = variable;
      this.scope = new int[] {ASTHelpers.getStartPosition(statements.get(0)), scopeEnd};
      this.kind = kind;
      this.state = state;
      boolean found = false;
      for (StatementTree statement : statements) {
        aliases.addAll(Uses.patternAliases(statement, variable));
      }
      for (StatementTree statement : statements) {
        for (TryTree tryTree : LocalTrees.find(statement, TryTree.class)) {
          found |= tryTree.getResources().stream().anyMatch(r -> Uses.refersTo(r, variable));
          if (tryTree.getFinallyBlock() != null
              && LocalTrees.contains(
                  tryTree.getFinallyBlock(), MethodInvocationTree.class, this::releases)) {
            releasingFinally.add(
                new int[] {
                  ASTHelpers.getStartPosition(tryTree.getFinallyBlock()),
                  state.getEndPosition(tryTree.getFinallyBlock())
                });
          }
        }
        found |= LocalTrees.contains(statement, MethodInvocationTree.class, this::releases);
      }
      this.released = found;
    }

    /** True if {@code call} releases the variable, as receiver or as argument of a helper. */
    private boolean releases(MethodInvocationTree call) {
      if (Uses.releases(call, variable, kind, state)) {
        return true;
      }
      for (Symbol alias : aliases) {
        if (Uses.releases(call, alias, kind, state)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean alwaysInstanceOf(Object key, TypeMirror type) {
      return kind.alwaysA(type, state);
    }

    @Override
    public Collection<?> keys() {
      return List.of(variable);
    }

    @Override
    public Collection<?> meets(Node node) {
      if (node instanceof MethodInvocationNode call
          && call.getTree() != null
          && releases(call.getTree())) {
        return keys();
      }
      int position = releasingFinally.isEmpty() ? -1 : Flow.sourcePosition(node, state);
      for (int[] range : releasingFinally) {
        if (position >= range[0] && position < range[1]) {
          return keys();
        }
      }
      return NOTHING;
    }

    @Override
    public Effect assigned(Object key, @Nullable ExpressionTree value, boolean declaration) {
      if (value == null) {
        return Effect.NONE;
      }
      if (ResourceLifecycle.isOwnedCreation(value, kind, state)) {
        return Effect.OPEN;
      }
      return declaration && ResourceLifecycle.isCreationOrNull(value, kind, state)
          ? Effect.OPEN_OR_NONE
          : Effect.UNKNOWN;
    }

    @Override
    public boolean replacingLeaves() {
      return true;
    }

    @Override
    public boolean canSkip(Node node, TypeMirror exception) {
      return !Flow.synthetic(node, state) && Exceptions.isChecked(exception, state);
    }

    @Override
    public @Nullable Object keyOf(Tree expression) {
      return Uses.refersTo(expression, variable) ? variable : null;
    }

    @Override
    public int[] scope(Object key) {
      return scope;
    }

    @Override
    public boolean jumpSkips(Object key, Tree target) {
      return ASTHelpers.getStartPosition(target) < scope[0]
          || state.getEndPosition(target) > scope[1];
    }

    @Override
    public boolean catchResumes() {
      return true;
    }
  }
}
