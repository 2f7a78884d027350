package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Loops whose method has just made their condition false: {@code target = STOPPED;} and then
 * {@code while (isRunning())}, where {@code isRunning()} requires {@code target == RUNNING}. Such
 * a loop does not iterate (unless another thread changes the field back in between), so what its
 * catch does cannot keep it going.
 */
final class SettledConditions {
  private static final Object UNKNOWN = new Object();

  /** The loop runs only while {@code field} holds {@code value} (a constant or an enum constant). */
  private record Requirement(Symbol field, Object value) {}

  private SettledConditions() {}

  /**
   * Whether a statement before the loop in its method (in an enclosing block, not inside a branch
   * or another loop) last assigned a field the condition requires a value other than the one the
   * condition needs.
   */
  static boolean madeFalseBefore(TreePath loopPath, VisitorState state) {
    ExpressionTree condition = LoopExits.condition(loopPath.getLeaf());
    List<Requirement> requirements = new ArrayList<>();
    if (condition != null) {
      collect(condition, requirements, state, 1);
    }
    if (requirements.isEmpty()) {
      return false;
    }
    Tree child = loopPath.getLeaf();
    for (TreePath p = loopPath.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree
          || leaf instanceof ClassTree || LoopExits.isLoop(leaf)) {
        return false;
      }
      if (leaf instanceof BlockTree block) {
        int index = block.getStatements().indexOf(child);
        for (int i = index - 1; i >= 0 && !requirements.isEmpty(); i--) {
          Map<Symbol, Object> assigned = new HashMap<>();
          assignments(block.getStatements().get(i), assigned, condition, state);
          for (Requirement requirement : List.copyOf(requirements)) {
            if (!assigned.containsKey(requirement.field())) {
              continue;
            }
            Object value = assigned.get(requirement.field());
            if (value != UNKNOWN && !Objects.equals(value, requirement.value())) {
              return true;
            }
            requirements.remove(requirement); // settled otherwise: this statement decides it
          }
        }
      }
      child = leaf;
    }
    return false;
  }

  /** The field values {@code expression} requires when it is true: its {@code &&} operands. */
  private static void collect(
      ExpressionTree expression, List<Requirement> into, VisitorState state, int depth) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(expression);
    if (stripped instanceof BinaryTree binary) {
      switch (binary.getKind()) {
        case CONDITIONAL_AND -> {
          collect(binary.getLeftOperand(), into, state, depth);
          collect(binary.getRightOperand(), into, state, depth);
        }
        case EQUAL_TO -> {
          Symbol left = field(binary.getLeftOperand());
          Symbol right = field(binary.getRightOperand());
          Object rightValue = constant(binary.getRightOperand());
          Object leftValue = constant(binary.getLeftOperand());
          if (left != null && rightValue != null) {
            into.add(new Requirement(left, rightValue));
          } else if (right != null && leftValue != null) {
            into.add(new Requirement(right, leftValue));
          }
        }
        default -> {}
      }
      return;
    }
    if (stripped instanceof UnaryTree not && not.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      Symbol negated = field(not.getExpression());
      if (negated != null) {
        into.add(new Requirement(negated, Boolean.FALSE));
      }
      return;
    }
    Symbol flag = field(stripped);
    if (flag != null && flag.type.getTag() == com.sun.tools.javac.code.TypeTag.BOOLEAN) {
      into.add(new Requirement(flag, Boolean.TRUE));
      return;
    }
    if (depth > 0 && stripped instanceof MethodInvocationTree call && call.getArguments().isEmpty()) {
      MethodTree getter = SourceLookup.method(ASTHelpers.getSymbol(call), state);
      ExpressionTree result = getter == null ? null : result(getter);
      if (result != null) {
        collect(result, into, state, depth - 1);
      }
    }
  }

  /**
   * What a getter returns: {@code return e;}, or {@code result = e; .. return result;}, also inside
   * a {@code synchronized} block; null for anything else.
   */
  @Nullable
  private static ExpressionTree result(MethodTree getter) {
    if (getter.getBody() == null || getter.getBody().getStatements().size() > 4) {
      return null;
    }
    List<StatementTree> statements = new ArrayList<>();
    for (StatementTree statement : getter.getBody().getStatements()) {
      if (statement instanceof SynchronizedTree sync) {
        statements.addAll(sync.getBlock().getStatements());
      } else {
        statements.add(statement);
      }
    }
    if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof ReturnTree ret)
        || ret.getExpression() == null) {
      return null;
    }
    Symbol returned = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(ret.getExpression()));
    if (returned == null || returned.getKind() != ElementKind.LOCAL_VARIABLE) {
      return ret.getExpression();
    }
    ExpressionTree value = null;
    for (Tree tree : LocalTrees.find(getter.getBody(), Tree.class,
        t -> t instanceof AssignmentTree || t instanceof com.sun.source.tree.VariableTree)) {
      if (tree instanceof AssignmentTree assignment
          && returned.equals(ASTHelpers.getSymbol(assignment.getVariable()))) {
        value = assignment.getExpression();
      } else if (tree instanceof com.sun.source.tree.VariableTree variable
          && returned.equals(ASTHelpers.getSymbol(variable)) && variable.getInitializer() != null) {
        value = variable.getInitializer();
      }
    }
    return value;
  }

  /**
   * The fields a statement assigns on every path through it, with the constant assigned last
   * (UNKNOWN for a value that is not constant, or an assignment only on some paths).
   */
  private static void assignments(
      StatementTree statement, Map<Symbol, Object> into, ExpressionTree loopCondition,
      VisitorState state) {
    if (statement instanceof ExpressionStatementTree expression
        && expression.getExpression() instanceof AssignmentTree assignment) {
      Symbol target = field(assignment.getVariable());
      if (target != null) {
        Object value = constant(assignment.getExpression());
        into.put(target, value == null ? UNKNOWN : value);
      }
      return;
    }
    if (statement instanceof BlockTree block) {
      block.getStatements().forEach(s -> assignments(s, into, loopCondition, state));
      return;
    }
    if (statement instanceof SynchronizedTree sync) {
      sync.getBlock().getStatements().forEach(s -> assignments(s, into, loopCondition, state));
      return;
    }
    if (statement instanceof LabeledStatementTree labeled) {
      assignments(labeled.getStatement(), into, loopCondition, state);
      return;
    }
    if (statement instanceof com.sun.source.tree.IfTree ifTree && ifTree.getElseStatement() == null
        && sameText(ifTree.getCondition(), loopCondition, state)) {
      // if (isRunning()) { target = STOPPED; } while (isRunning()): false on both paths
      assignments(ifTree.getThenStatement(), into, loopCondition, state);
      return;
    }
    for (AssignmentTree assignment : LocalTrees.find(statement, AssignmentTree.class)) {
      Symbol target = field(assignment.getVariable());
      if (target != null) {
        into.put(target, UNKNOWN); // assigned on some paths only
      }
    }
  }

  private static boolean sameText(ExpressionTree a, ExpressionTree b, VisitorState state) {
    String one = state.getSourceForNode(ASTHelpers.stripParentheses(a));
    String other = state.getSourceForNode(ASTHelpers.stripParentheses(b));
    return one != null && other != null
        && WHITESPACE.matcher(one).replaceAll("").equals(WHITESPACE.matcher(other).replaceAll(""));
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  @Nullable
  private static Symbol field(ExpressionTree tree) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(tree);
    if (!(stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree)) {
      return null;
    }
    Symbol symbol = ASTHelpers.getSymbol(stripped);
    return symbol instanceof VarSymbol && symbol.getKind() == ElementKind.FIELD ? symbol : null;
  }

  /** A compile-time constant, or an enum constant's symbol; null otherwise. */
  @Nullable
  private static Object constant(ExpressionTree tree) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(tree);
    Object value = ASTHelpers.constValue(stripped);
    if (value != null) {
      return value;
    }
    Symbol symbol = stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree
        ? ASTHelpers.getSymbol(stripped) : null;
    return symbol != null && symbol.getKind() == ElementKind.ENUM_CONSTANT ? symbol : null;
  }
}
