package dev.leakproof.checker.threads;

import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.LocalTrees;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.type.TypeKind;

/**
 * Whether a loop ends by itself, whatever its catches do: it runs over a collection or an iterator,
 * counts, drains a queue without blocking ({@code while ((x = q.poll()) != null)}), or is bounded by
 * a deadline, in its condition ({@code while (System.nanoTime() < deadline)}) or in its body ({@code
 * if (deadline - now <= 0) break;}), read from any clock or helper.
 */
final class LoopBounds {
  /** Words (of camelCase or snake_case names) that say a value is a time, a deadline or what is left of one. */
  private static final Set<String> TIME_WORDS =
      Set.of("time", "nano", "nanos", "milli", "millis", "ms", "ns", "deadline", "remaining",
          "elapsed", "until", "expiry", "expires", "expired", "expiration", "timeout", "now",
          "clock", "seconds", "secs", "instant");

  private LoopBounds() {}

  /**
   * Whether the loop is bounded: a for-each, an iterator loop ({@code while (it.hasNext())}), a
   * condition comparing a counter that the loop changes ({@code for (int i = 0; i < 3; i++)},
   * {@code while (attempts++ < max)}), a drain loop, or a deadline in the condition or the body.
   */
  static boolean isBounded(Tree loop) {
    if (loop instanceof EnhancedForLoopTree) {
      return true;
    }
    return boundedByCondition(loop) || hasBoundGuard(loop);
  }

  private static boolean boundedByCondition(Tree loop) {
    ExpressionTree condition = LoopExits.condition(loop);
    if (condition == null) {
      return false;
    }
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    if (stripped instanceof MethodInvocationTree call) {
      if (ASTHelpers.getSymbol(call).getSimpleName().contentEquals("hasNext")
          && call.getArguments().isEmpty()) {
        return true;
      }
    }
    if (DrainLoops.isDrain(loop, stripped)) {
      return true;
    }
    Set<Symbol> changedInLoop = changedIn(loop);
    if (hasDeadlineFlag(stripped, changedInLoop, loop)) {
      return true;
    }
    Set<Symbol> compared = new HashSet<>();
    for (BinaryTree binary : LocalTrees.find(condition, BinaryTree.class)) {
      if (!isRelational(binary)) {
        continue;
      }
      if (readsTime(binary, changedInLoop, loop)) {
        return true; // a deadline: while (System.nanoTime() < deadline), while (remaining > 0)
      }
      addVariable(binary.getLeftOperand(), compared);
      addVariable(binary.getRightOperand(), compared);
    }
    for (UnaryTree unary : LocalTrees.find(loop, UnaryTree.class)) {
      switch (unary.getKind()) {
        case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
          if (compared.contains(ASTHelpers.getSymbol(unary.getExpression()))) {
            return true;
          }
        }
        default -> {}
      }
    }
    return LocalTrees.contains(loop, CompoundAssignmentTree.class,
            compound -> compared.contains(ASTHelpers.getSymbol(compound.getVariable())))
        || LocalTrees.contains(loop, AssignmentTree.class,
            assignment -> isStep(assignment, compared));
  }

  /**
   * {@code i = i + step} or {@code i = i - step}, the long form of {@code i += step}, on a compared
   * variable (Ehcache 2's {@code RMIBootstrapCacheLoader}, sixteenth spot check).
   */
  private static boolean isStep(AssignmentTree assignment, Set<Symbol> compared) {
    Symbol variable = ASTHelpers.getSymbol(assignment.getVariable());
    return compared.contains(variable)
        && ASTHelpers.stripParentheses(assignment.getExpression()) instanceof BinaryTree step
        && (step.getKind() == Tree.Kind.PLUS || step.getKind() == Tree.Kind.MINUS)
        && variable.equals(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(step.getLeftOperand())));
  }

  /**
   * Whether a conjunct of the condition is a boolean that the loop sets from a deadline test each
   * time it sets it: {@code while (!stopped && waiting) { ..; waiting = left > 0; }}, or its negation
   * ({@code while (!expired && ..) { ..; expired = now() > deadline; }}).
   */
  private static boolean hasDeadlineFlag(
      ExpressionTree condition, Set<Symbol> changedInLoop, Tree loop) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(condition);
    if (stripped instanceof BinaryTree and && and.getKind() == Tree.Kind.CONDITIONAL_AND) {
      return hasDeadlineFlag(and.getLeftOperand(), changedInLoop, loop)
          || hasDeadlineFlag(and.getRightOperand(), changedInLoop, loop);
    }
    if (stripped instanceof UnaryTree not && not.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      stripped = ASTHelpers.stripParentheses(not.getExpression());
    }
    Symbol flag = stripped instanceof IdentifierTree ? ASTHelpers.getSymbol(stripped) : null;
    if (!(flag instanceof VarSymbol) || !changedInLoop.contains(flag)
        || LocalTrees.contains(loop, CompoundAssignmentTree.class,
            compound -> flag.equals(ASTHelpers.getSymbol(compound.getVariable())))) {
      return false;
    }
    List<AssignmentTree> sets = LocalTrees.find(loop, AssignmentTree.class,
        assignment -> flag.equals(ASTHelpers.getSymbol(assignment.getVariable())));
    return !sets.isEmpty()
        && sets.stream().allMatch(set ->
            ASTHelpers.stripParentheses(set.getExpression()) instanceof BinaryTree test
                && isOrdering(test)
                && readsTime(test, changedInLoop, loop));
  }

  private static boolean isOrdering(BinaryTree binary) {
    return switch (binary.getKind()) {
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL -> true;
      default -> false;
    };
  }

  private static boolean isRelational(BinaryTree binary) {
    return switch (binary.getKind()) {
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, NOT_EQUAL_TO -> true;
      default -> false;
    };
  }

  /**
   * Whether the body holds an {@code if} on a deadline or a counter whose branch leaves the loop:
   * {@code if (deadline - System.nanoTime() <= 0) break;}, {@code long left = millisUntil(stopAt);
   * if (left <= 0) return;}, {@code if (++attempts > 3) throw ..}, or one that leaves when a timed
   * wait times out ({@link #isTimeout}). A deadline is a comparison that
   * reads a clock (any call named for time) or a time variable that the loop recomputes; a counter
   * is a variable the loop increments or decrements.
   */
  static boolean hasBoundGuard(Tree loop) {
    if (LoopExits.body(loop) == null) {
      return false;
    }
    Set<Symbol> changedInLoop = changedIn(loop);
    Set<Tree> inLoop = new HashSet<>(LocalTrees.find(loop, Tree.class));
    for (IfTree ifTree : leavingIfs(loop)) {
      if (isBoundTest(ifTree.getCondition(), changedInLoop, countedIn(loop, ifTree), loop)
          || isTimeout(ASTHelpers.stripParentheses(ifTree.getCondition()))
              && leavesLoop(ifTree.getThenStatement(), loop, inLoop)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a guard is sure to become true: a deadline or counter comparison, one of several
   * ({@code ||}) or all of them ({@code &&}). {@code if (timeout > 0 && now - start > timeout)}
   * is not: with no timeout configured it never fires.
   */
  private static boolean isBoundTest(
      ExpressionTree test, Set<Symbol> changedInLoop, Set<Symbol> counted, Tree loop) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(test);
    if (stripped instanceof BinaryTree binary) {
      switch (binary.getKind()) {
        case CONDITIONAL_OR -> {
          return isBoundTest(binary.getLeftOperand(), changedInLoop, counted, loop)
              || isBoundTest(binary.getRightOperand(), changedInLoop, counted, loop);
        }
        case CONDITIONAL_AND -> {
          return isBoundTest(binary.getLeftOperand(), changedInLoop, counted, loop)
              && isBoundTest(binary.getRightOperand(), changedInLoop, counted, loop);
        }
        default -> {
          return isOrdering(binary)
              && (readsTime(binary, changedInLoop, loop) || comparesCounter(binary, counted));
        }
      }
    }
    return false;
  }

  /**
   * Whether a test is the failure of a timed wait, {@code !done.await(10, SECONDS)} (any call that
   * takes a {@code TimeUnit} last and returns a boolean): when nothing arrives, it fires one timeout
   * after the last interrupt (Jetty's {@code LocalEndPoint.waitUntilClosed()}).
   */
  private static boolean isTimeout(ExpressionTree test) {
    if (!(test instanceof UnaryTree not) || not.getKind() != Tree.Kind.LOGICAL_COMPLEMENT
        || !(ASTHelpers.stripParentheses(not.getExpression()) instanceof MethodInvocationTree call)) {
      return false;
    }
    MethodSymbol wait = ASTHelpers.getSymbol(call);
    List<VarSymbol> parameters = wait.getParameters();
    return wait.getReturnType().getKind() == TypeKind.BOOLEAN
        && !parameters.isEmpty()
        && parameters.get(parameters.size() - 1).type.tsym.getQualifiedName()
            .contentEquals("java.util.concurrent.TimeUnit");
  }

  /** The {@code if}s of the loop's body with a branch that leaves the loop ({@link #leavesLoop}). */
  static List<IfTree> leavingIfs(Tree loop) {
    Set<Tree> inLoop = new HashSet<>(LocalTrees.find(loop, Tree.class));
    return LocalTrees.find(LoopExits.body(loop), IfTree.class,
        ifTree -> leavesLoop(ifTree.getThenStatement(), loop, inLoop)
            || ifTree.getElseStatement() != null
                && leavesLoop(ifTree.getElseStatement(), loop, inLoop));
  }

  /** Whether {@code branch} holds a {@code return}, {@code throw} or {@code break} out of the loop. */
  static boolean leavesLoop(StatementTree branch, Tree loop, Set<Tree> inLoop) {
    if (LocalTrees.contains(branch, ReturnTree.class) || LocalTrees.contains(branch, ThrowTree.class)) {
      return true;
    }
    return LocalTrees.contains(branch, BreakTree.class, brk -> {
      Tree target = LocalTrees.jumpTarget(brk);
      return target != null && (target == loop || !inLoop.contains(target));
    });
  }

  /**
   * Whether a comparison reads a time: a call named for one (a clock read, {@code millisUntil}), or
   * a variable the loop changes that is named for a time or assigned from one ({@code remaining}).
   */
  private static boolean readsTime(BinaryTree binary, Set<Symbol> changedInLoop, Tree loop) {
    if (LocalTrees.contains(binary, MethodInvocationTree.class, call -> isTimeName(name(call)))) {
      return true;
    }
    for (Tree read : LocalTrees.find(binary, ExpressionTree.class,
        t -> t instanceof IdentifierTree || t instanceof MemberSelectTree)) {
      Symbol symbol = ASTHelpers.getSymbol(read);
      if (symbol instanceof VarSymbol && changedInLoop.contains(symbol)
          && (isTimeName(symbol.getSimpleName().toString()) || assignedTimeIn(loop, symbol))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the loop assigns {@code variable} from an expression that reads a time. */
  private static boolean assignedTimeIn(Tree loop, Symbol variable) {
    for (Tree tree : LocalTrees.find(loop, Tree.class,
        t -> t instanceof AssignmentTree || t instanceof VariableTree)) {
      ExpressionTree value = null;
      if (tree instanceof AssignmentTree assignment
          && variable.equals(ASTHelpers.getSymbol(assignment.getVariable()))) {
        value = assignment.getExpression();
      } else if (tree instanceof VariableTree declaration
          && variable.equals(ASTHelpers.getSymbol(declaration))) {
        value = declaration.getInitializer();
      }
      if (value != null && mentionsTime(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsTime(ExpressionTree value) {
    for (Tree read : LocalTrees.find(value, ExpressionTree.class,
        t -> t instanceof IdentifierTree || t instanceof MemberSelectTree
            || t instanceof MethodInvocationTree)) {
      Symbol symbol = read instanceof MethodInvocationTree call
          ? ASTHelpers.getSymbol(call) : ASTHelpers.getSymbol(read);
      if (symbol != null && !(symbol instanceof com.sun.tools.javac.code.Symbol.ClassSymbol)
          && isTimeName(symbol.getSimpleName().toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean comparesCounter(BinaryTree binary, Set<Symbol> counted) {
    Set<Symbol> compared = new HashSet<>();
    addVariable(binary.getLeftOperand(), compared);
    addVariable(binary.getRightOperand(), compared);
    compared.retainAll(counted);
    return !compared.isEmpty();
  }

  /**
   * The local variables the loop counts with: increments, decrements or changes with {@code +=}/
   * {@code -=} on a pass that goes on: not in the branches of {@code guard}, one of which leaves
   * the loop; its condition runs on every pass that reaches it ({@code if (++attempts > 3)}).
   */
  private static Set<Symbol> countedIn(Tree loop, IfTree guard) {
    Set<Symbol> counted = new HashSet<>();
    Set<Tree> inGuard = new HashSet<>(LocalTrees.find(guard.getThenStatement(), Tree.class));
    if (guard.getElseStatement() != null) {
      inGuard.addAll(LocalTrees.find(guard.getElseStatement(), Tree.class));
    }
    for (Tree tree : LocalTrees.find(loop, Tree.class, t -> !inGuard.contains(t))) {
      if (tree instanceof UnaryTree unary) {
        switch (unary.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
            Symbol symbol = ASTHelpers.getSymbol(unary.getExpression());
            if (symbol != null) {
              counted.add(symbol);
            }
          }
          default -> {}
        }
      } else if (tree instanceof CompoundAssignmentTree compound
          && (compound.getKind() == Tree.Kind.PLUS_ASSIGNMENT
              || compound.getKind() == Tree.Kind.MINUS_ASSIGNMENT)) {
        Symbol symbol = ASTHelpers.getSymbol(compound.getVariable());
        if (symbol != null) {
          counted.add(symbol);
        }
      }
    }
    counted.removeIf(symbol -> symbol.getKind() != javax.lang.model.element.ElementKind.LOCAL_VARIABLE);
    return counted;
  }

  /** The variables the loop assigns, declares, increments or decrements (its own locals included). */
  private static Set<Symbol> changedIn(Tree loop) {
    Set<Symbol> changed = new HashSet<>();
    for (Tree tree : LocalTrees.find(loop, Tree.class)) {
      Symbol symbol = null;
      if (tree instanceof AssignmentTree assignment) {
        symbol = ASTHelpers.getSymbol(assignment.getVariable());
      } else if (tree instanceof CompoundAssignmentTree compound) {
        symbol = ASTHelpers.getSymbol(compound.getVariable());
      } else if (tree instanceof VariableTree declaration && declaration.getInitializer() != null) {
        symbol = ASTHelpers.getSymbol(declaration);
      } else if (tree instanceof UnaryTree unary) {
        symbol = ASTHelpers.getSymbol(unary.getExpression());
      }
      if (symbol != null) {
        changed.add(symbol);
      }
    }
    return changed;
  }

  /** Between the words of a camelCase or snake_case name. */
  private static final Pattern WORD_BREAK = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|_");

  /** Whether a name is made of words that say it holds a time ({@code deadlineNanos}, {@code millisUntil}). */
  static boolean isTimeName(String name) {
    for (String word : WORD_BREAK.split(name)) {
      if (TIME_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static String name(MethodInvocationTree call) {
    return ASTHelpers.getSymbol(call).getSimpleName().toString();
  }

  private static void addVariable(ExpressionTree operand, Set<Symbol> into) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(operand);
    if (stripped instanceof UnaryTree unary) {
      stripped = unary.getExpression();
    }
    Symbol symbol = ASTHelpers.getSymbol(stripped);
    if (symbol instanceof VarSymbol) {
      into.add(symbol);
    }
  }

}
