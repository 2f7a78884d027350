package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.TreeMaker;
import com.sun.tools.javac.util.ListBuffer;
import dev.leakproof.checker.util.UnitCache;
import java.util.List;
import java.util.Set;
import org.checkerframework.errorprone.dataflow.analysis.ForwardAnalysisImpl;
import org.checkerframework.errorprone.dataflow.analysis.TransferInput;
import org.checkerframework.errorprone.dataflow.analysis.UnusedAbstractValue;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.builder.CFGBuilder;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * The flow engine: runs an {@link Obligation} over the control-flow graph that Error Prone's
 * bundled Checker Framework dataflow library builds for a method, lambda or initializer block, and
 * answers, per tracked obligation, by which {@link Exit}s a path can leave with it still open.
 *
 * <p>The graph already copies {@code finally} onto every way out, models try-with-resources
 * {@code close()}, routes each exception type to the catches that take it, and handles labelled
 * jumps and switch expressions; nested lambdas and classes get graphs of their own. Graphs are
 * built once per method and compilation unit and shared by every check (like Error Prone's {@code
 * DataFlow}); asserts are taken as disabled, as in production.
 */
public final class Flow {
  private Flow() {}

  /** The answer for one method and obligation. */
  public static final class Result {
    private final ObligationTransfer transfer;
    private final @Nullable ForwardAnalysisImpl<UnusedAbstractValue, ObligationStore, ObligationTransfer>
        analysis;

    private Result(
        ObligationTransfer transfer,
        @Nullable ForwardAnalysisImpl<UnusedAbstractValue, ObligationStore, ObligationTransfer>
            analysis) {
      this.transfer = transfer;
      this.analysis = analysis;
    }

    /** False if the graph could not be built, or {@code key} was given something not followed. */
    public boolean understood(Object key) {
      return analysis != null && !transfer.notUnderstood.contains(key);
    }

    /** The ways out by which a path leaves with {@code key}'s obligation open, in source order. */
    public List<Exit> exits(Object key) {
      return transfer.exits.getOrDefault(key, Set.of()).stream().sorted(Exit.ORDER).toList();
    }

    /**
     * What the paths reaching {@code tree} know about {@code key} ("none", "open", "leaving:RETURN",
     * joined by "|"), for tests of the engine; null if no node of the graph has that tree.
     */
    @Nullable
    public String factsBefore(Tree tree, Object key) {
      if (analysis == null) {
        return null;
      }
      ObligationStore store = analysis.getResult().getStoreBefore(tree);
      if (store == null) {
        return null;
      }
      return store.isDead() ? "unreachable" : store.get(key).toString();
    }
  }

  /**
   * A comparison with {@code null}: {@code operand == null} ({@link #isNullWhenTrue}) or {@code
   * operand != null}.
   */
  public record NullTest(ExpressionTree operand, boolean isNullWhenTrue) {}

  /**
   * The null check {@code condition} makes (parentheses ignored), or null. The engine refines
   * on it (the null branch holds nothing); checks use it to recognise the same tests.
   */
  @Nullable
  public static NullTest nullTest(@Nullable Tree condition) {
    if (!(condition instanceof ExpressionTree expression)
        || !(ASTHelpers.stripParentheses(expression) instanceof BinaryTree test)
        || (test.getKind() != Tree.Kind.EQUAL_TO && test.getKind() != Tree.Kind.NOT_EQUAL_TO)) {
      return null;
    }
    boolean equal = test.getKind() == Tree.Kind.EQUAL_TO;
    if (test.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL) {
      return new NullTest(test.getRightOperand(), equal);
    }
    if (test.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL) {
      return new NullTest(test.getLeftOperand(), equal);
    }
    return null;
  }

  /**
   * Runs {@code obligation} over the method, lambda or initializer block at {@code unit} (see
   * {@link #unitOf}).
   */
  public static Result analyze(TreePath unit, Obligation obligation, VisitorState state) {
    TreePath body = bodyPath(unit);
    return run(graph(unit, state), body == null ? List.of() : JumpSites.in(body), obligation, state);
  }

  /**
   * Runs {@code obligation} over {@code statements} alone, a run of consecutive statements of the
   * block (or case) at {@code owner}, as if they were a method of their own whose end is the end
   * of the run; null when a {@code break}, {@code continue} or {@code yield} in them jumps out of
   * them. Much cheaper than the whole method when the run is short: the dataflow library builds
   * graphs in time that grows faster than the method (it rescans the method for every {@code
   * finally} and every implicit conversion).
   */
  @Nullable
  public static Result analyzeStatements(
      TreePath owner, List<? extends StatementTree> statements, Obligation obligation,
      VisitorState state) {
    if (statements.isEmpty()) {
      return null;
    }
    TreeMaker maker = TreeMaker.instance(state.context);
    int saved = maker.pos;
    JCTree.JCBlock block;
    try {
      ListBuffer<JCTree.JCStatement> run = new ListBuffer<>();
      statements.forEach(s -> run.append((JCTree.JCStatement) s));
      block = maker.at(ASTHelpers.getStartPosition(statements.get(0))).Block(0, run.toList());
    } finally {
      maker.pos = saved;
    }
    TreePath blockPath = new TreePath(owner, block);
    int start = ASTHelpers.getStartPosition(statements.get(0));
    int end = state.getEndPosition(statements.get(statements.size() - 1));
    List<JumpSites.Jump> jumps = JumpSites.in(blockPath);
    for (JumpSites.Jump jump : jumps) {
      if (jump.target() != null
          && (ASTHelpers.getStartPosition(jump.target()) < start
              || state.getEndPosition(jump.target()) > end)) {
        return null;
      }
    }
    return run(build(blockPath, blockPath, state), jumps, obligation, state);
  }

  private static Result run(
      @Nullable ControlFlowGraph cfg,
      List<JumpSites.Jump> jumps,
      Obligation obligation,
      VisitorState state) {
    ObligationTransfer transfer = new ObligationTransfer(obligation, jumps, state);
    if (cfg == null) {
      return new Result(transfer, null);
    }
    ForwardAnalysisImpl<UnusedAbstractValue, ObligationStore, ObligationTransfer> analysis =
        new ForwardAnalysisImpl<>(transfer);
    analysis.performAnalysis(cfg);
    for (var exit : List.of(cfg.getRegularExitBlock(), cfg.getExceptionalExitBlock())) {
      TransferInput<UnusedAbstractValue, ObligationStore> input = analysis.getInput(exit);
      if (input == null || input.getRegularStore().isDead()) {
        continue;
      }
      ObligationStore store = input.getRegularStore();
      for (Object key : store.keys()) {
        transfer.record(key, store.get(key));
      }
    }
    return new Result(transfer, analysis);
  }

  /**
   * The innermost method, lambda or initializer block ({@code static { .. }}) around {@code path},
   * or null (a field initializer).
   */
  @Nullable
  public static TreePath unitOf(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (isUnit(p)) {
        return p;
      }
      if (p.getLeaf() instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }

  /** True if {@code path} is at a method, lambda or initializer block ({@code static { .. }}). */
  public static boolean isUnit(TreePath path) {
    Tree leaf = path.getLeaf();
    return leaf instanceof MethodTree
        || leaf instanceof LambdaExpressionTree
        || leaf instanceof BlockTree
            && path.getParentPath() != null
            && path.getParentPath().getLeaf() instanceof ClassTree;
  }

  /**
   * The start of {@code node}'s tree in the source, or -1 for a node the control-flow graph made
   * up (their trees have no reliable position).
   */
  public static int sourcePosition(Node node, VisitorState state) {
    // The dataflow library builds its own trees with whatever position javac's tree maker last
    // used: only trees with an end position (the parser's own) are placed.
    Tree tree = node.getTree();
    return tree == null || !node.getInSource() || state.getEndPosition(tree) < 0
        ? -1
        : ASTHelpers.getStartPosition(tree);
  }

  /** True if the control-flow graph made {@code node} up (iteration, boxing, a close() call). */
  public static boolean synthetic(Node node, VisitorState state) {
    return sourcePosition(node, state) < 0;
  }

  /** The code of {@code unit}: a method's or lambda's body, or the initializer block itself. */
  @Nullable
  public static Tree body(Tree unit) {
    return switch (unit) {
      case MethodTree method -> method.getBody();
      case LambdaExpressionTree lambda -> lambda.getBody();
      case BlockTree block -> block;
      case null, default -> null;
    };
  }

  /**
   * The code of the innermost method, lambda or initializer block around {@code path} (the {@link
   * #body} of its {@link #unitOf}); null in a field initializer.
   */
  @Nullable
  public static Tree enclosingBody(TreePath path) {
    TreePath unit = unitOf(path);
    return unit == null ? null : body(unit.getLeaf());
  }

  @Nullable
  private static TreePath bodyPath(TreePath unit) {
    Tree body = body(unit.getLeaf());
    if (body == null) {
      return null;
    }
    return body == unit.getLeaf() ? unit : new TreePath(unit, body);
  }

  /** The graph of {@code unit}, built once per compilation unit; null if it cannot be built. */
  @Nullable
  private static ControlFlowGraph graph(TreePath unit, VisitorState state) {
    return UnitCache.get(
        state, "Flow.graph", unit.getLeaf(), () -> build(unit, bodyPath(unit), state));
  }

  /** The graph of {@code unit} (a method, lambda or block), whose code is at {@code body}. */
  @Nullable
  private static ControlFlowGraph build(TreePath unit, @Nullable TreePath body, VisitorState state) {
    TreePath classPath = unit;
    while (classPath != null && !(classPath.getLeaf() instanceof ClassTree)) {
      classPath = classPath.getParentPath();
    }
    if (body == null || classPath == null) {
      return null;
    }
    ClassTree classTree = (ClassTree) classPath.getLeaf();
    UnderlyingAST ast;
    if (unit.getLeaf() instanceof MethodTree method) {
      ast = new UnderlyingAST.CFGMethod(method, classTree);
    } else if (unit.getLeaf() instanceof LambdaExpressionTree lambda) {
      MethodTree enclosing = null;
      for (TreePath p = unit.getParentPath(); p != null && p != classPath; p = p.getParentPath()) {
        if (p.getLeaf() instanceof MethodTree method) {
          enclosing = method;
          break;
        }
      }
      ast = new UnderlyingAST.CFGLambda(lambda, classTree, enclosing);
    } else {
      ast = new UnderlyingAST.CFGStatement(unit.getLeaf(), classTree);
    }
    try {
      return CFGBuilder.build(
          body, ast, false, true, JavacProcessingEnvironment.instance(state.context));
    } catch (RuntimeException | AssertionError e) {
      // A shape the dataflow library does not support: the engine answers "not understood".
      return null;
    }
  }
}
