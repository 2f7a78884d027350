package dev.leakproof.checker.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.jspecify.annotations.Nullable;

/**
 * A test-only checker that shows what the {@link Flow} engine computes, apart from any check's
 * wording and policy (as Error Prone's NullnessPropagationTest does). The code under test declares
 * {@code static Res open()} (takes an obligation on), {@code void close()} (meets it), and the
 * markers {@code state(x)} (reports the facts about local {@code x} right before the marker) and
 * {@code exits(x)} (reports the exits found for {@code x}, as {@code KIND(ExceptionType)@line}, or
 * "not understood"). Exceptions count as ways out per the marker's enclosing method name: a method whose
 * name starts with {@code checked} counts only checked exceptions, one whose name starts with
 * {@code quiet} counts those of calls {@link QuietCalls} does not know to be quiet (as
 * CountDownNotInFinally does), any other counts all but Errors (the implicit close() of a resource
 * included). Every jump counts. Everything a local holds is of its declared type, so {@code r
 * instanceof T} for a supertype T of it is a null check.
 */
@BugPattern(summary = "Reports the flow engine's facts at marker calls", severity = WARNING)
public final class FlowProbe extends BugChecker implements MethodInvocationTreeMatcher {
  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    Symbol.MethodSymbol marker = ASTHelpers.getSymbol(tree);
    String name = marker.getSimpleName().toString();
    if (!(name.equals("state") || name.equals("exits")) || tree.getArguments().size() != 1) {
      return Description.NO_MATCH;
    }
    Symbol variable = ASTHelpers.getSymbol(tree.getArguments().get(0));
    TreePath unit = Flow.unitOf(state.getPath());
    String method = unit.getLeaf() instanceof com.sun.source.tree.MethodTree m ? m.getName().toString() : "";
    Flow.Result result =
        Flow.analyze(
            unit,
            new Probed(variable, unit, method.startsWith("checked"), method.startsWith("quiet"), state),
            state);
    String message;
    if (name.equals("state")) {
      message = String.valueOf(result.factsBefore(tree, variable));
    } else if (!result.understood(variable)) {
      message = "not understood";
    } else {
      StringJoiner exits = new StringJoiner(" ");
      for (Exit exit : result.exits(variable)) {
        String type =
            exit.exception() instanceof com.sun.tools.javac.code.Type t
                ? "(" + t.tsym.getSimpleName() + ")"
                : "";
        exits.add(exit.kind() + type + (exit.site() == null ? "" : "@" + exit.line(state)));
      }
      message = exits.length() == 0 ? "no exits" : exits.toString();
    }
    return buildDescription(tree).setMessage("[" + message + "]").build();
  }

  /** The obligation of one local: Res.open() opens it, close() meets it. */
  private static final class Probed implements Obligation {
    private final Symbol variable;
    private final int @Nullable [] scope;
    private final boolean checkedOnly;
    private final boolean quietCalls;
    private final VisitorState state;

    Probed(
        Symbol variable,
        TreePath unit,
        boolean checkedOnly,
        boolean quietCalls,
        VisitorState state) {
      this.variable = variable;
      this.checkedOnly = checkedOnly;
      this.quietCalls = quietCalls;
      this.state = state;
      Tree declaration = null;
      for (VariableTree v :
          dev.leakproof.checker.util.LocalTrees.find(Flow.body(unit.getLeaf()), VariableTree.class)) {
        if (ASTHelpers.getSymbol(v) == variable) {
          declaration = v;
        }
      }
      this.scope =
          declaration == null
              ? null
              : new int[] {ASTHelpers.getStartPosition(declaration), Integer.MAX_VALUE};
    }

    @Override
    public Collection<?> keys() {
      return List.of(variable);
    }

    @Override
    public Collection<?> meets(Node node) {
      return node instanceof MethodInvocationNode call
              && call.getTree() != null
              && ASTHelpers.getSymbol(call.getTree()).getSimpleName().contentEquals("close")
              && ASTHelpers.getReceiver(call.getTree()) != null
              && ASTHelpers.getSymbol(ASTHelpers.getReceiver(call.getTree())) == variable
          ? keys()
          : NOTHING;
    }

    @Override
    public Effect assigned(Object key, @Nullable ExpressionTree value, boolean declaration) {
      if (value == null) {
        return Effect.NONE;
      }
      boolean opens =
          value instanceof MethodInvocationTree call
              && ASTHelpers.getSymbol(call).getSimpleName().contentEquals("open");
      return opens ? Effect.OPEN : Effect.UNKNOWN;
    }

    @Override
    public boolean replacingLeaves() {
      return true;
    }

    @Override
    public boolean canSkip(Node node, TypeMirror exception) {
      if (quietCalls) {
        return QuietCalls.mayThrow(node, exception, state);
      }
      return (QuietCalls.isResourceClose(node) || !Flow.synthetic(node, state))
          && !Exceptions.isError(exception, state)
          && (!checkedOnly || Exceptions.isChecked(exception, state));
    }

    /** Every object the local holds is of its declared type (and that type's supertypes). */
    @Override
    public boolean alwaysInstanceOf(Object key, TypeMirror type) {
      return state.getTypes()
          .isSubtype(state.getTypes().erasure(variable.type), (com.sun.tools.javac.code.Type) type);
    }

    @Override
    public @Nullable Object keyOf(Tree expression) {
      return ASTHelpers.getSymbol(expression) == variable ? variable : null;
    }

    @Override
    public int @Nullable [] scope(Object key) {
      return scope;
    }

    @Override
    public boolean catchResumes() {
      return true;
    }
  }
}
