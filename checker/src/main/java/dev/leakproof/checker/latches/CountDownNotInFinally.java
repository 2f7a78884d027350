package dev.leakproof.checker.latches;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.flow.Exceptions;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LeakproofDocs;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import dev.leakproof.checker.report.NeverCrash;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BugChecker} that flags a {@code CountDownLatch.countDown()} that a task can skip: code
 * before it can throw, or a {@code return}/{@code break}/{@code continue} bypasses it, and the
 * thread waiting in {@code await()} then blocks forever. The paths are {@link CountDownPaths}'s
 * answer; this class decides which countDowns end a task (not a signal sent on some condition,
 * not the error path of a catch, not a latch used as a state flag) and words the finding.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "countDown() can be skipped by an exception or an early return; call it in finally",
    severity = WARNING,
    linkType = CUSTOM,
    link = LeakproofDocs.DOCS + "CountDownNotInFinally.md")
public final class CountDownNotInFinally extends BugChecker implements MethodInvocationTreeMatcher {
  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return NeverCrash.guard(this, state, () -> match(tree, state));
  }

  private Description match(MethodInvocationTree tree, VisitorState state) {
    // the name first: the matcher's type test is costly, and this runs for every call
    if (!ASTHelpers.getSymbol(tree).getSimpleName().contentEquals("countDown")
        || !LatchUsage.COUNT_DOWN.matches(tree, state)) {
      return Description.NO_MATCH;
    }
    TreePath statement = state.getPath().getParentPath();
    if (statement == null || !(statement.getLeaf() instanceof ExpressionStatementTree)) {
      return Description.NO_MATCH;
    }
    Object latch = LatchUsage.latchKey(tree, state);
    TreePath unit = Flow.unitOf(statement);
    if (latch == null
        || unit == null
        || selfCountDown(tree)
        || !endsTask(statement, latch, state)
        || LatchRoles.createdInUnit(latch, unit, state)
        || LatchRoles.isStateFlag(latch, state)
        || LatchRoles.countedDownElsewhere(latch, unit, state)) {
      return Description.NO_MATCH;
    }
    Symbol holder = LatchRoles.localHolder(tree, unit);
    List<Exit> skips =
        CountDownPaths.skips(
            unit,
            statement.getLeaf(),
            latch,
            holder,
            holder == null && LatchRoles.pendingAtStart(unit, latch, statement.getLeaf()),
            state);
    skips = LatchRoles.withoutOnceGuards(skips, unit, state);
    skips = CallerCoverage.withoutCoveredExceptions(skips, unit, latch, state);
    String reason = describe(skips, state);
    if (reason == null) {
      return Description.NO_MATCH;
    }
    String latchText = receiverText(tree, state);
    Description.Builder description =
        buildDescription(tree)
            .setMessage(
                String.format(
                    "%s.countDown() is skipped %s, and a thread waiting in %s.await() then blocks"
                        + " forever (or until its timeout): call countDown() in a finally block",
                    latchText, reason, latchText));
    Tree body = Flow.body(unit.getLeaf());
    if (body instanceof BlockTree block && statement.getParentPath().getLeaf() == block) {
      SuggestedFix fix =
          TryFinallyFix.wrapInTryFinally(
              block, (StatementTree) statement.getLeaf(), latch, state);
      if (fix != null) {
        description.addFix(fix);
      }
    }
    return description.build();
  }

  /**
   * True if the countDown at {@code statement} is where a task reports that it ended, so that a
   * path skipping it is a defect: not a signal sent only on some condition ({@code if (connected)
   * latch.countDown();}: moving it into finally would send it when the condition is false; an if
   * whose other branch returns or breaks is a guard, and a null check of the latch is not a
   * condition), not the error path of a catch (the normal path is judged at its own countDown),
   * not inside a finally or resource (already safe), and not in a try whose finally counts the
   * latch down too.
   */
  private static boolean endsTask(TreePath statement, Object latch, VisitorState state) {
    Tree child = statement.getLeaf();
    for (TreePath path = statement.getParentPath(); path != null; path = path.getParentPath()) {
      Tree parent = path.getLeaf();
      if (parent instanceof LambdaExpressionTree
          || parent instanceof MethodTree
          || parent instanceof ClassTree
          || declares(parent, latch, state)) {
        return true; // conditions further out decide whether the latch exists, not its countDown
      }
      if (parent instanceof IfTree ifTree) {
        Tree other =
            child == ifTree.getThenStatement() ? ifTree.getElseStatement() : ifTree.getThenStatement();
        Flow.NullTest test = Flow.nullTest(ifTree.getCondition());
        boolean latchPresent =
            test != null
                && latch.equals(LatchUsage.keyOf(test.operand(), state))
                && (child == ifTree.getThenStatement()) != test.isNullWhenTrue();
        if (!latchPresent && (other == null || LocalTrees.jumpsLeaving(other).isEmpty())) {
          return false;
        }
      } else if (parent instanceof TryTree tryTree) {
        if (child != tryTree.getBlock()
            || (tryTree.getFinallyBlock() != null
                && LatchUsage.countsDown(tryTree.getFinallyBlock(), latch, state))) {
          return false;
        }
      } else if (parent instanceof CatchTree || parent instanceof SwitchExpressionTree) {
        return false; // the error path of a try; one case of a switch expression
      } else if (parent instanceof CaseTree caseTree
          && caseTree.getStatements() == null
          && caseTree.getBody() != child) {
        return false;
      }
      child = parent;
    }
    return false;
  }

  /** True if {@code tree} is a block that declares the local variable {@code latch}. */
  private static boolean declares(Tree tree, Object latch, VisitorState state) {
    // the block's declarations are listed once: a long method asks it of its body for every countDown
    return tree instanceof BlockTree block
        && UnitCache.<Set<Symbol>>get(state, "CountDownNotInFinally.declared", block, () -> {
          Set<Symbol> declared = new HashSet<>();
          for (StatementTree statement : block.getStatements()) {
            if (statement instanceof VariableTree variable) {
              declared.add(ASTHelpers.getSymbol(variable));
            }
          }
          return declared;
        }).contains(latch);
  }

  /**
   * A subclass of CountDownLatch counting itself down is a custom synchronizer (a blocking
   * observer, a future) whose early returns are transitions of its own state machine.
   */
  private static boolean selfCountDown(MethodInvocationTree tree) {
    Tree receiver = ASTHelpers.getReceiver(tree);
    return receiver == null
        || (receiver instanceof IdentifierTree id
            && (id.getName().contentEquals("this") || id.getName().contentEquals("super")));
  }

  /**
   * Says how the countDown is skipped: the first jump, else the first {@code throw} statement,
   * else the first throwing call or close. Of the throwing calls it names the one a reader will
   * believe: the first that declares a checked exception, else the first call of a callback
   * ({@link #callsCallback}), else the first.
   */
  @Nullable
  private static String describe(List<Exit> skips, VisitorState state) {
    Exit first = null;
    Exit thrown = null;
    for (Exit exit : skips) {
      switch (exit.kind()) {
        case RETURN, BREAK, CONTINUE -> {
          return String.format(
              "by the `%s` on line %d", exit.kind().name().toLowerCase(Locale.ROOT), exit.line(state));
        }
        case THROW -> thrown = thrown == null ? exit : thrown;
        default -> first = first == null ? exit : first;
      }
    }
    if (thrown != null) {
      return String.format("by the `throw` on line %d", thrown.line(state));
    }
    if (first == null) {
      return null;
    }
    if (first.kind() == Exit.Kind.CLOSE) {
      return "if closing a resource throws";
    }
    Exit callback = null;
    for (Exit exit : skips) {
      if (exit.kind() != Exit.Kind.EXCEPTION) {
        continue;
      }
      if (exit.exception() != null && Exceptions.isChecked(exit.exception(), state)) {
        Type checked = (Type) exit.exception();
        return String.format(
            "if %s throws %s", callText(exit.site()), checked.tsym.getSimpleName());
      }
      if (callback == null && callsCallback(exit.site(), state)) {
        callback = exit;
      }
    }
    return String.format("if %s throws", callText((callback != null ? callback : first).site()));
  }

  /**
   * A call of code that can do anything and that the reader cannot see: an abstract method declared
   * in this compilation (a callback or listener its users implement) or in a library other than the
   * JDK and Guava (Jetty's {@code connection.onClose()}), or the method of a functional interface (a
   * task). Not an abstract JDK collection method such as {@code Map.put}.
   */
  private static boolean callsCallback(Tree site, VisitorState state) {
    Symbol symbol = ASTHelpers.getSymbol(site);
    if (symbol == null || !symbol.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    return SourceLookup.isInCompilation(symbol)
        || !TypeNames.isModelled(symbol)
        || state.getTypes().isFunctionalInterface(symbol.enclClass());
  }

  private static String callText(Tree tree) {
    Symbol symbol = ASTHelpers.getSymbol(tree);
    if (symbol == null) {
      return "a call";
    }
    return symbol.isConstructor()
        ? "new " + symbol.owner.getSimpleName() + "(..)"
        : symbol.getSimpleName() + "(..)";
  }

  private static String receiverText(MethodInvocationTree tree, VisitorState state) {
    Tree receiver = ASTHelpers.getReceiver(tree);
    return receiver == null ? "this" : state.getSourceForNode(receiver);
  }
}
