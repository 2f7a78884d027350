package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.threads.TimedWaits.Kind;
import dev.leakproof.checker.threads.TimedWaits.TimedWait;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;

/**
 * Answers, for a timed wait whose result is thrown away: does the code learn the outcome another
 * way, so that a timeout is not taken for success after all?
 *
 * <ul>
 *   <li>It asks the waited-on object ({@code latch.getCount()}, {@code
 *       lock.isHeldByCurrentThread()}, {@code isTerminated()}).
 *   <li>It returns, right after the wait, a boolean it computes from the state ({@code return
 *       isTerminated();}), or the value the latch guards: a field that the code counting the
 *       latch down sets first ({@code response = m; latch.countDown();}), which is still unset
 *       after a timeout (a hand-made future).
 *   <li>For a condition wait, it tests again after the wait the state it tested before waiting.
 *   <li>The ignored {@code offer(e)} is the dropping half of an overflow policy whose other branch
 *       blocks to enqueue into the same queue ({@code if (neverBlock) queue.offer(e); else
 *       queue.put(e);}): dropping when full is the choice the code makes, not a missed timeout.
 * </ul>
 */
final class TimedWaitOutcomes {
  private TimedWaitOutcomes() {}

  /** Every method of {@link Kind#stateQueries()}, of any kind. */
  private static final Set<String> STATE_QUERIES = new HashSet<>();

  static {
    for (Kind kind : Kind.values()) {
      STATE_QUERIES.addAll(kind.stateQueries());
    }
  }

  /** Calls that enqueue by waiting for room. */
  private static final Set<String> BLOCKING_ENQUEUES = Set.of("put", "putFirst", "putLast");

  static boolean learnedAnotherWay(
      TimedWait wait,
      MethodInvocationTree call,
      TreePath path,
      VisitorState state,
      UnitFacts facts) {
    return recheckedAfter(wait, call, path, state)
        || stateTestedAgain(wait, call, path, state)
        || answersFromState(wait, path, facts)
        || dropsByPolicy(wait, path, facts);
  }

  /** A call of a state query: its name and where it starts. */
  private record Query(String name, int position) {}

  /**
   * True if the code asks the waited-on object afterwards what the ignored result would have told
   * ({@code latch.await(1, SECONDS); if (latch.getCount() > 0) ..}): later in the same body, or,
   * for a field, anywhere in its class (a lock wrapper whose {@code close()} unlocks only {@code
   * if (lock.isHeldByCurrentThread())}).
   */
  private static boolean recheckedAfter(
      TimedWait wait, MethodInvocationTree call, TreePath path, VisitorState state) {
    if (wait.kind().stateQueries().isEmpty()) {
      return false;
    }
    Symbol subject = subject(wait);
    if (subject == null) {
      return recheckedOnAView(wait, call, path, state);
    }
    boolean field = subject.getKind() == ElementKind.FIELD;
    Tree scope = field ? ASTHelpers.findEnclosingNode(path, ClassTree.class) : enclosingBody(path);
    int end = field ? -1 : ASTHelpers.getStartPosition(call);
    return queriesIn(scope, state).getOrDefault(subject, List.of()).stream()
        .anyMatch(q -> q.position() > end && wait.kind().stateQueries().contains(q.name()));
  }

  /**
   * The same question for a wait on a view the code asks for each time ({@code
   * lock.writeLock().tryLock(); .. finally { if (lock.writeLock().isHeldByCurrentThread()) ..}},
   * Qpid JMS's {@code onConnectionInterrupted()}): a later query, in the same body, on a receiver
   * written the same way, a no-argument call on a variable.
   */
  private static boolean recheckedOnAView(
      TimedWait wait, MethodInvocationTree call, TreePath path, VisitorState state) {
    if (!(wait.subject() instanceof MethodInvocationTree view) || !view.getArguments().isEmpty()
        || subjectOf(ASTHelpers.getReceiver(view)) == null) {
      return false;
    }
    String text = state.getSourceForNode(view);
    int end = state.getEndPosition(call);
    return text != null && LocalTrees.contains(enclosingBody(path), MethodInvocationTree.class,
        query -> ASTHelpers.getStartPosition(query) >= end
            && wait.kind().stateQueries().contains(ASTHelpers.getSymbol(query).getSimpleName().toString())
            && ASTHelpers.getReceiver(query) != null
            && text.equals(state.getSourceForNode(ASTHelpers.getReceiver(query))));
  }

  /**
   * Every state query call in {@code scope}, by the variable it is called on: indexed once per
   * scope, so that a method with many ignored waits is scanned once, not once per wait.
   */
  private static Map<Symbol, List<Query>> queriesIn(Tree scope, VisitorState state) {
    return UnitCache.get(
        state,
        "TimedWaitOutcomes.queries",
        scope,
        () -> {
          Map<Symbol, List<Query>> queries = new HashMap<>();
          for (MethodInvocationTree query : LocalTrees.findAll(scope, MethodInvocationTree.class)) {
            Symbol method = ASTHelpers.getSymbol(query);
            ExpressionTree receiver = ASTHelpers.getReceiver(query);
            if (receiver == null
                || !STATE_QUERIES.contains(method.getSimpleName().toString())) {
              continue;
            }
            Symbol variable = ASTHelpers.getSymbol(receiver);
            if (variable != null) {
              queries
                  .computeIfAbsent(variable, v -> new ArrayList<>())
                  .add(
                      new Query(
                          method.getSimpleName().toString(), ASTHelpers.getStartPosition(query)));
            }
          }
          return queries;
        });
  }

  /**
   * For a condition wait: true if a condition after the wait tests again what a condition before
   * it tested ({@code cmd = pipe.read(); if (cmd != null) return cmd; arrived.await(t, unit); cmd =
   * pipe.read(); if (cmd == null) ..}). A condition wait may also wake without a signal, so the
   * state, not the result, is what correct code trusts. What is tested is a field (also as the
   * receiver of a query) or a method of this object; a local or parameter only when it is assigned
   * again after the wait.
   */
  private static boolean stateTestedAgain(
      TimedWait wait, MethodInvocationTree call, TreePath path, VisitorState state) {
    if (wait.kind() != Kind.CONDITION) {
      return false;
    }
    Tree body = enclosingBody(path);
    int start = ASTHelpers.getStartPosition(call);
    int end = state.getEndPosition(call);
    Set<Symbol> before = new HashSet<>();
    Set<Symbol> after = new HashSet<>();
    for (ExpressionTree test : conditionsIn(body)) {
      if (state.getEndPosition(test) <= start) {
        before.addAll(testedIn(test));
      } else if (ASTHelpers.getStartPosition(test) >= end) {
        after.addAll(testedIn(test));
      }
    }
    before.retainAll(after);
    for (Symbol tested : before) {
      if (tested.getKind() != ElementKind.LOCAL_VARIABLE && tested.getKind() != ElementKind.PARAMETER) {
        return true;
      }
      if (LocalTrees.contains(body, AssignmentTree.class,
          a -> ASTHelpers.getStartPosition(a) >= end && Uses.refersTo(a.getVariable(), tested))) {
        return true;
      }
    }
    return false;
  }

  /** The conditions of the {@code if}s, loops and {@code ?:}s in {@code body}. */
  private static List<ExpressionTree> conditionsIn(Tree body) {
    List<ExpressionTree> conditions = new ArrayList<>();
    for (Tree tree : LocalTrees.find(body, Tree.class)) {
      ExpressionTree condition = switch (tree) {
        case IfTree ifTree -> ifTree.getCondition();
        case ConditionalExpressionTree conditional -> conditional.getCondition();
        default -> LoopExits.condition(tree);
      };
      if (condition != null) {
        conditions.add(condition);
      }
    }
    return conditions;
  }

  /**
   * What a condition reads that can change: fields that are not constants, locals, parameters, and
   * methods called on this object.
   */
  private static Set<Symbol> testedIn(ExpressionTree condition) {
    Set<Symbol> tested = new HashSet<>();
    for (Tree tree : LocalTrees.find(condition, Tree.class)) {
      if (tree instanceof MethodInvocationTree invocation) {
        ExpressionTree receiver = ASTHelpers.getReceiver(invocation);
        if (receiver == null || receiver instanceof IdentifierTree self
            && self.getName().contentEquals("this")) {
          tested.add(ASTHelpers.getSymbol(invocation));
        }
      } else if ((tree instanceof IdentifierTree || tree instanceof MemberSelectTree)
          && ASTHelpers.getSymbol(tree) instanceof VarSymbol variable
          && !(variable.getKind() == ElementKind.FIELD && variable.isStatic()
              && (variable.flags() & Flags.FINAL) != 0)) {
        tested.add(variable);
      }
    }
    return tested;
  }

  /**
   * True if the statement right after the wait returns what the method learned from the state:
   * a boolean it computes afresh ({@code threadLock.await(timeout, unit); return
   * isTerminated();}), or, for a latch, the field the latch guards. {@code return true;} does not
   * count.
   */
  private static boolean answersFromState(TimedWait wait, TreePath path, UnitFacts facts) {
    StatementTree next = nextStatement(path, facts);
    if (!(next instanceof ReturnTree returnTree) || returnTree.getExpression() == null) {
      return false;
    }
    ExpressionTree value = returnTree.getExpression();
    Type type = ASTHelpers.getType(value);
    if (type != null && type.getKind() == TypeKind.BOOLEAN) {
      return ASTHelpers.constValue(value) == null;
    }
    return wait.kind() == Kind.LATCH && isGuardedValue(value, subject(wait), facts);
  }

  /**
   * True if {@code value} is a field that some method of the file sets and then, in the same
   * method, counts {@code latch} down: it is null (or stale) exactly when the wait timed out.
   */
  private static boolean isGuardedValue(ExpressionTree value, Symbol latch, UnitFacts facts) {
    Tree stripped = Uses.strip(value);
    Symbol field = ASTHelpers.getSymbol(stripped);
    if (latch == null || field == null || field.getKind() != ElementKind.FIELD) {
      return false;
    }
    for (TreePath assignment : facts.assignments(field)) {
      if (!Uses.refersTo(((AssignmentTree) assignment.getLeaf()).getVariable(), field)) {
        continue;
      }
      Tree body = enclosingBody(assignment);
      if (LocalTrees.find(body, MethodInvocationTree.class).stream()
          .anyMatch(call -> isCallOn(call, latch, Set.of("countDown")))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if the ignored call is an untimed {@code offer(e)} in one branch of an {@code if} whose
   * other branch waits for room in the same queue ({@code put(e)}, directly or in a method of the
   * file it calls).
   */
  private static boolean dropsByPolicy(TimedWait wait, TreePath path, UnitFacts facts) {
    Symbol queue = subject(wait);
    if (wait.kind() != Kind.QUEUE || wait.timed() || queue == null) {
      return false;
    }
    Tree child = path.getParentPath().getLeaf();
    for (TreePath p = path.getParentPath().getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof IfTree ifTree) {
        Tree other =
            ifTree.getThenStatement() == child ? ifTree.getElseStatement() : ifTree.getThenStatement();
        return other != null && enqueuesBlocking(other, queue, facts, 0);
      }
      if (!(leaf instanceof BlockTree)) {
        return false;
      }
      child = leaf;
    }
    return false;
  }

  private static boolean enqueuesBlocking(Tree code, Symbol queue, UnitFacts facts, int depth) {
    for (MethodInvocationTree call : LocalTrees.find(code, MethodInvocationTree.class)) {
      if (isCallOn(call, queue, BLOCKING_ENQUEUES)) {
        return true;
      }
      if (depth < 1
          && facts.declaration(ASTHelpers.getSymbol(call)) instanceof MethodTree helper
          && helper.getBody() != null
          && enqueuesBlocking(helper.getBody(), queue, facts, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code call} is one of {@code names} called on {@code variable}. */
  private static boolean isCallOn(MethodInvocationTree call, Symbol variable, Set<String> names) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    return names.contains(ASTHelpers.getSymbol(call).getSimpleName().toString())
        && receiver != null
        && ASTHelpers.getSymbol(receiver) == variable;
  }

  /** The variable (local, parameter or field) the wait is about, or null. */
  private static Symbol subject(TimedWait wait) {
    return subjectOf(wait.subject());
  }

  /** The variable (local, parameter or field) {@code expression} names, or null. */
  private static Symbol subjectOf(ExpressionTree expression) {
    if (expression == null) {
      return null;
    }
    Symbol subject = ASTHelpers.getSymbol(expression);
    return subject != null
            && (subject.getKind() == ElementKind.LOCAL_VARIABLE
                || subject.getKind() == ElementKind.FIELD
                || subject.getKind() == ElementKind.PARAMETER)
        ? subject
        : null;
  }

  /**
   * The statement that runs after the expression statement of the call: the next one in its block,
   * or, when the call ends the block of a {@code try} ({@code try { latch.await(t, unit); } catch
   * (InterruptedException e) { .. }}), the one after the {@code try}; null when there is none.
   */
  private static StatementTree nextStatement(TreePath path, UnitFacts facts) {
    TreePath statementPath = path.getParentPath();
    if (!(statementPath.getLeaf() instanceof ExpressionStatementTree)) {
      return null;
    }
    while (statementPath.getParentPath().getLeaf() instanceof BlockTree block) {
      Integer index = facts.statementIndex(block, block.getStatements()).get(statementPath.getLeaf());
      List<StatementTree> statements = facts.statementArray(block, block.getStatements());
      if (index == null) {
        return null;
      }
      if (index + 1 < statements.size()) {
        return statements.get(index + 1);
      }
      TreePath owner = statementPath.getParentPath().getParentPath();
      if (!(owner.getLeaf() instanceof TryTree tryTree) || tryTree.getBlock() != block) {
        return null;
      }
      statementPath = owner;
    }
    return null;
  }

  /** The body of the method or lambda the path is in (the class, for an initializer). */
  private static Tree enclosingBody(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof MethodTree method) {
        return method.getBody();
      }
      if (leaf instanceof LambdaExpressionTree lambda) {
        return lambda.getBody();
      }
      if (leaf instanceof ClassTree) {
        return leaf;
      }
    }
    return path.getLeaf();
  }
}
