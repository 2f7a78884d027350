package dev.leakproof.checker.latches;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;

/** Trip counts of {@code for} loops with constant bounds, and the integer values of constants. */
final class ConstantLoops {
  static final long LIMIT = 1_000_000;

  private ConstantLoops() {}

  /** The number of iterations of {@code loop}, or -1 if it is not a constant counted loop. */
  static long tripCount(ForLoopTree loop) {
    if (loop.getInitializer().size() != 1
        || loop.getUpdate().size() != 1
        || !(loop.getInitializer().get(0) instanceof VariableTree init)
        || init.getInitializer() == null
        || !(loop.getCondition() instanceof BinaryTree condition)) {
      return -1;
    }
    Symbol counter = ASTHelpers.getSymbol(init);
    Long start = constant(init.getInitializer());
    Long step = step(loop.getUpdate().get(0).getExpression(), counter);
    if (start == null || step == null || step == 0) {
      return -1;
    }
    Tree.Kind kind = condition.getKind();
    Long bound;
    if (isCounter(condition.getLeftOperand(), counter)) {
      bound = constant(condition.getRightOperand());
    } else if (isCounter(condition.getRightOperand(), counter)) {
      bound = constant(condition.getLeftOperand());
      kind = mirror(kind);
    } else {
      return -1;
    }
    if (bound == null || kind == null || assigns(loop.getStatement(), counter)) {
      return -1;
    }
    long trips;
    if (step > 0 && kind == Tree.Kind.LESS_THAN) {
      trips = ceilDiv(bound - start, step);
    } else if (step > 0 && kind == Tree.Kind.LESS_THAN_EQUAL) {
      trips = Math.floorDiv(bound - start, step) + 1;
    } else if (step < 0 && kind == Tree.Kind.GREATER_THAN) {
      trips = ceilDiv(start - bound, -step);
    } else if (step < 0 && kind == Tree.Kind.GREATER_THAN_EQUAL) {
      trips = Math.floorDiv(start - bound, -step) + 1;
    } else {
      return -1;
    }
    trips = Math.max(0, trips);
    return trips > LIMIT ? -1 : trips;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static Tree.Kind mirror(Tree.Kind kind) {
    return switch (kind) {
      case LESS_THAN -> Tree.Kind.GREATER_THAN;
      case LESS_THAN_EQUAL -> Tree.Kind.GREATER_THAN_EQUAL;
      case GREATER_THAN -> Tree.Kind.LESS_THAN;
      case GREATER_THAN_EQUAL -> Tree.Kind.LESS_THAN_EQUAL;
      default -> null;
    };
  }

  private static Long step(ExpressionTree update, Symbol counter) {
    if (update instanceof UnaryTree unary && isCounter(unary.getExpression(), counter)) {
      return switch (unary.getKind()) {
        case POSTFIX_INCREMENT, PREFIX_INCREMENT -> 1L;
        case POSTFIX_DECREMENT, PREFIX_DECREMENT -> -1L;
        default -> null;
      };
    }
    if (update instanceof CompoundAssignmentTree compound
        && isCounter(compound.getVariable(), counter)) {
      Long amount = constant(compound.getExpression());
      if (amount == null) {
        return null;
      }
      return switch (compound.getKind()) {
        case PLUS_ASSIGNMENT -> amount;
        case MINUS_ASSIGNMENT -> -amount;
        default -> null;
      };
    }
    return null;
  }

  private static boolean isCounter(Tree tree, Symbol counter) {
    return tree instanceof IdentifierTree && counter.equals(ASTHelpers.getSymbol(tree));
  }

  /** The integer value of a constant expression, or null. */
  static Long constant(ExpressionTree tree) {
    Object value = ASTHelpers.constValue(tree);
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return null;
  }

  private static boolean assigns(Tree body, Symbol counter) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void v) {
        found[0] |= isCounter(node.getVariable(), counter);
        return super.visitAssignment(node, v);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void v) {
        found[0] |= isCounter(node.getVariable(), counter);
        return super.visitCompoundAssignment(node, v);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void v) {
        found[0] |= isCounter(node.getExpression(), counter);
        return super.visitUnary(node, v);
      }
    }.scan(body, null);
    return found[0];
  }
}
