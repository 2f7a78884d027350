package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.flow.Obligation;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
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
 * Assigning anything but a new object or {@code null} to the variable makes the answer {@link
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

  /**
   * The statements from the variable's declaration to the last one that names it, in the block
   * (or case) at {@code owner}.
   */
  public record Run(TreePath owner, List<? extends StatementTree> statements) {}

  private ReleasePaths() {}

  /**
   * Judges the local {@code variable}, declared in the method, lambda or initializer at {@code
   * unit}. First {@code run} alone: when no path leaves it with a live object, nothing after it
   * (which does not name the variable) can change that. Otherwise every owned local of the whole
   * code is analysed at once, and that answer kept in {@code cache}.
   */
  public static Result analyze(
      Symbol variable,
      TreePath unit,
      Run run,
      OwnedResource kind,
      VisitorState state,
      UnitCache cache) {
    Flow.Result local =
        Flow.analyzeStatements(
            run.owner(),
            run.statements(),
            new OwnedLocals(run.owner(), run.statements(), variable, kind, state),
            state);
    if (local != null && local.understood(variable) && local.exits(variable).isEmpty()) {
      return new Result(Verdict.EVERY_PATH, null);
    }
    Analysis analysis =
        cache.get(
            state,
            "ReleasePaths." + kind.noun(),
            unit.getLeaf(),
            () -> {
              Tree body = Flow.body(unit.getLeaf());
              OwnedLocals locals =
                  new OwnedLocals(
                      body == null ? unit : new TreePath(unit, body),
                      body == null ? List.of() : List.of(body),
                      null,
                      kind,
                      state);
              return new Analysis(Flow.analyze(unit, locals, state), locals);
            });
    if (!analysis.locals.scopes.containsKey(variable)) {
      return new Result(Verdict.NOT_UNDERSTOOD, null);
    }
    boolean released = analysis.locals.released.contains(variable);
    if (!analysis.flow.understood(variable)) {
      return new Result(released ? Verdict.NOT_UNDERSTOOD : Verdict.NEVER, null);
    }
    var exits = analysis.flow.exits(variable);
    if (exits.isEmpty()) {
      return new Result(Verdict.EVERY_PATH, null);
    }
    return released
        ? new Result(Verdict.SOME_PATHS, exits.first())
        : new Result(Verdict.NEVER, null);
  }

  private record Analysis(Flow.Result flow, OwnedLocals locals) {}

  /**
   * The obligation: every local variable of the code (of a reference type), from its declaration
   * to the end of its scope.
   */
  private static final class OwnedLocals implements Obligation {
    private final OwnedResource kind;
    private final VisitorState state;
    final Map<Symbol, int[]> scopes = new HashMap<>();
    /** The locals some code of their scope releases (syntactically, reached or not). */
    final java.util.Set<Symbol> released = new java.util.HashSet<>();
    /** The {@code finally} blocks that release a local somewhere: [start, end, symbol]. */
    private final List<Object[]> releasingFinally = new ArrayList<>();

    /**
     * The locals declared in {@code code} (trees whose parent is at {@code parent}); only {@code
     * only} when it is not null.
     */
    OwnedLocals(
        TreePath parent,
        List<? extends Tree> code,
        @Nullable Symbol only,
        OwnedResource kind,
        VisitorState state) {
      this.kind = kind;
      this.state = state;
      TreePathScanner<Void, Void> declarations = new TreePathScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree declaration, Void unused) {
          Symbol symbol = ASTHelpers.getSymbol(declaration);
          if (symbol != null
              && (only == null || symbol == only)
              && symbol.getKind() == ElementKind.LOCAL_VARIABLE
              && !symbol.type.isPrimitive()) {
            Tree owner = scopeOwner(getCurrentPath());
            int end = owner == null ? -1 : state.getEndPosition(owner);
            if (end > 0) {
              scopes.put(symbol, new int[] {ASTHelpers.getStartPosition(declaration), end});
            }
          }
          return super.visitVariable(declaration, null);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
          return null;
        }

        @Override
        public Void visitClass(ClassTree clazz, Void unused) {
          return null;
        }
      };
      for (Tree tree : code) {
        declarations.scan(new TreePath(parent, tree), null);
      }
      if (scopes.isEmpty()) {
        return;
      }
      List<Object[]> releaseCalls = new ArrayList<>(); // [position, symbol]
      List<int[]> finallyBlocks = new ArrayList<>();
      TreeScanner<Void, Void> releaseScanner = new TreeScanner<Void, Void>() {
        @Override
        public Void visitTry(TryTree tryTree, Void unused) {
          for (Tree resource : tryTree.getResources()) {
            Symbol symbol = ASTHelpers.getSymbol(Uses.strip(resource));
            if (resource instanceof ExpressionTree && scopes.containsKey(symbol)) {
              released.add(symbol); // try (pool) { .. }
            }
          }
          if (tryTree.getFinallyBlock() != null) {
            finallyBlocks.add(
                new int[] {
                  ASTHelpers.getStartPosition(tryTree.getFinallyBlock()),
                  state.getEndPosition(tryTree.getFinallyBlock())
                });
          }
          return super.visitTry(tryTree, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          for (Symbol symbol : releasedBy(call)) {
            released.add(symbol);
            releaseCalls.add(new Object[] {ASTHelpers.getStartPosition(call), symbol});
          }
          return super.visitMethodInvocation(call, null);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
          return null;
        }

        @Override
        public Void visitClass(ClassTree clazz, Void unused) {
          return null;
        }
      };
      for (Tree tree : code) {
        releaseScanner.scan(tree, null);
      }
      for (int[] range : finallyBlocks) {
        for (Object[] release : releaseCalls) {
          if ((int) release[0] >= range[0] && (int) release[0] < range[1]) {
            releasingFinally.add(new Object[] {range[0], range[1], release[1]});
          }
        }
      }
    }

    /** The tree at whose end the scope of the local declared at {@code path} ends. */
    @Nullable
    private static Tree scopeOwner(TreePath path) {
      TreePath parent = path.getParentPath();
      if (parent == null) {
        return null;
      }
      if (parent.getLeaf() instanceof CaseTree) {
        // A local of a case is in scope in the rest of the switch.
        return parent.getParentPath() == null ? null : parent.getParentPath().getLeaf();
      }
      return parent.getLeaf() instanceof BlockTree
              || parent.getLeaf().getKind() == Tree.Kind.FOR_LOOP
              || parent.getLeaf().getKind() == Tree.Kind.ENHANCED_FOR_LOOP
              || parent.getLeaf() instanceof TryTree
          ? parent.getLeaf()
          : null;
    }

    /** The tracked locals {@code call} releases, as receiver or as argument of a helper. */
    private List<Symbol> releasedBy(MethodInvocationTree call) {
      List<Symbol> found = new ArrayList<>();
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if (receiver != null) {
        Symbol symbol = ASTHelpers.getSymbol(Uses.strip(receiver));
        if (scopes.containsKey(symbol) && kind.isReleaseOnReceiver(call, state)) {
          found.add(symbol);
        }
      }
      if (!call.getArguments().isEmpty() && kind.isReleaseArgument(call, state)) {
        for (ExpressionTree argument : call.getArguments()) {
          Symbol symbol = ASTHelpers.getSymbol(Uses.strip(argument));
          if (scopes.containsKey(symbol)) {
            found.add(symbol);
          }
        }
      }
      return found;
    }

    @Override
    public Collection<?> keys() {
      return scopes.keySet();
    }

    @Override
    public boolean openAtEntry(Object key) {
      return false;
    }

    @Override
    public @Nullable Object keyOf(Tree expression) {
      Symbol symbol = ASTHelpers.getSymbol(Uses.strip(expression));
      return scopes.containsKey(symbol) ? symbol : null;
    }

    @Override
    public List<Event> events(Node node) {
      List<Event> events = List.of();
      if (node instanceof AssignmentNode assignment) {
        Symbol target = assignment.getTarget().getTree() == null
            ? null : ASTHelpers.getSymbol(assignment.getTarget().getTree());
        if (scopes.containsKey(target)) {
          events = List.of(new Event(target, assigned(assignment.getTree())));
        }
      } else if (node instanceof MethodInvocationNode invocation && invocation.getTree() != null) {
        List<Symbol> released = releasedBy(invocation.getTree());
        if (!released.isEmpty()) {
          events = new ArrayList<>();
          for (Symbol symbol : released) {
            events.add(new Event(symbol, Effect.MEET));
          }
        }
      }
      if (!releasingFinally.isEmpty() && node.getTree() != null) {
        int position = Flow.sourcePosition(node, state);
        for (Object[] range : releasingFinally) {
          if (position >= (int) range[0] && position < (int) range[1]) {
            events = new ArrayList<>(events);
            events.add(new Event(range[2], Effect.MEET));
          }
        }
      }
      return events;
    }

    /** What storing the value of {@code assignment} (a declaration or an assignment) does. */
    private Effect assigned(Tree assignment) {
      boolean declaration = assignment instanceof VariableTree;
      ExpressionTree value =
          declaration
              ? ((VariableTree) assignment).getInitializer()
              : ((AssignmentTree) assignment).getExpression();
      if (value == null) {
        return Effect.CLEAR;
      }
      Tree stripped = Uses.strip(value);
      if (stripped.getKind() == Tree.Kind.NULL_LITERAL) {
        return Effect.CLEAR;
      }
      if (ResourceLifecycle.isOwnedCreation(value, kind, state)) {
        return declaration ? Effect.TAKE : Effect.REPLACE;
      }
      if (declaration && ResourceLifecycle.isCreationOrNull(value, kind, state)) {
        return Effect.TAKE_OR_NOT;
      }
      return Effect.UNKNOWN;
    }

    @Override
    public boolean canSkip(Node node, TypeMirror exception) {
      return !Flow.synthetic(node, state) && Exceptions.isChecked(exception, state);
    }

    @Override
    public int @Nullable [] scope(Object key) {
      return scopes.get(key);
    }

    @Override
    public boolean jumpSkips(Object key, Tree target) {
      int[] scope = scopes.get(key);
      return scope != null
          && !(ASTHelpers.getStartPosition(target) >= scope[0]
              && state.getEndPosition(target) <= scope[1]);
    }

    @Override
    public boolean catchResumes() {
      return true;
    }
  }
}
