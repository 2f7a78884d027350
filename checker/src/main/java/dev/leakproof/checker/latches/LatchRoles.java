package dev.leakproof.checker.latches;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Exit;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.ownership.Uses;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * What a latch is for, as CountDownNotInFinally needs to know before it calls a skipped
 * countDown a defect: a start gate the task opens itself, a one-shot state flag, a latch another
 * method counts down on every path anyway; and when the task obtains its latch.
 */
final class LatchRoles {
  private LatchRoles() {}

  /**
   * A latch the method or lambda creates itself and then counts down is a start gate it opens for
   * threads it started (JCIP's {@code TestHarness}), not a task reporting completion; its count is
   * LatchCountMismatch's concern. Only while the latch stays in the method and the lambdas or
   * classes written there: one handed to another object (a listener's constructor, a setter) is
   * that object's signal, and its waiter hangs when the method skips the count (Dubbo's {@code
   * ZookeeperRegistry.doSubscribe}, dubbo#8845, fifth recall round).
   */
  static boolean createdInUnit(Object latch, TreePath unit, VisitorState state) {
    if (!(latch instanceof Symbol.VarSymbol variable)
        || variable.getKind() != ElementKind.LOCAL_VARIABLE) {
      return false;
    }
    Set<Symbol> created =
        UnitCache.get(
            state,
            "LatchRoles.created",
            unit.getLeaf(),
            () -> {
              Set<Symbol> latches = new HashSet<>();
              Set<Symbol> handedOn = null; // found once, on the first latch: a scan per latch is quadratic
              for (VariableTree declaration :
                  LocalTrees.find(Flow.body(unit.getLeaf()), VariableTree.class)) {
                if (declaration.getInitializer() != null
                    && LatchUsage.NEW_LATCH.matches(declaration.getInitializer(), state)) {
                  handedOn = handedOn != null ? handedOn : handedOn(unit.getLeaf());
                  if (!handedOn.contains(ASTHelpers.getSymbol(declaration))) {
                    latches.add(ASTHelpers.getSymbol(declaration));
                  }
                }
              }
              return latches;
            });
    return created.contains(variable);
  }

  /**
   * The variables passed as an argument, or stored, anywhere in {@code unit} (the lambdas and
   * classes written there included).
   */
  private static Set<Symbol> handedOn(Tree unit) {
    Set<Symbol> handed = new HashSet<>();
    for (Tree tree : LocalTrees.findAll(unit, Tree.class, t -> t instanceof MethodInvocationTree
        || t instanceof NewClassTree || t instanceof AssignmentTree)) {
      List<? extends ExpressionTree> values = tree instanceof MethodInvocationTree call
          ? call.getArguments()
          : tree instanceof NewClassTree creation
              ? creation.getArguments()
              : List.of(((AssignmentTree) tree).getExpression());
      for (ExpressionTree value : values) {
        Symbol symbol = ASTHelpers.getSymbol(ASTHelpers.stripParentheses(value));
        if (symbol != null) {
          handed.add(symbol);
        }
      }
    }
    return handed;
  }

  /**
   * True if the latch is a one-shot state flag: some code of the file reads its {@code getCount()}
   * ("started", "done"). Skipping the countDown on failure is then the design (the flag stays
   * unset), and moving it into finally would change its meaning.
   */
  static boolean isStateFlag(Object latch, VisitorState state) {
    Set<Object> read =
        UnitCache.get(
            state,
            "LatchRoles.countRead",
            null,
            () -> {
              Set<Object> latches = new HashSet<>();
              for (MethodInvocationTree call :
                  LocalTrees.findAll(
                      state.getPath().getCompilationUnit(), MethodInvocationTree.class)) {
                if (LatchUsage.GET_COUNT.matches(call, state)) {
                  latches.add(LatchUsage.latchKey(call, state));
                }
              }
              return latches;
            });
    return read.contains(latch);
  }

  /**
   * True if the latch is a field and a lifecycle end of the file (see {@link #isLifecycleEnd})
   * counts it down in a {@code finally}, on every path: stopping releases the waiter whatever this
   * task does. (A countDown in any other method, such as a sibling callback's, may never run.)
   */
  static boolean countedDownElsewhere(Object latch, TreePath unit, VisitorState state) {
    if (!(latch instanceof Symbol symbol) || symbol.getKind() != ElementKind.FIELD) {
      return false;
    }
    Map<Object, List<TreePath>> countingMethods =
        UnitCache.get(
            state,
            "LatchRoles.countingMethods",
            null,
            () -> {
              Map<Object, List<TreePath>> methods = new HashMap<>();
              new TreePathScanner<Void, Void>() {
                @Override
                public Void visitMethod(MethodTree method, Void unused) {
                  if (!isLifecycleEnd(method, state)) {
                    return super.visitMethod(method, null);
                  }
                  for (TryTree tryTree : LocalTrees.find(method.getBody(), TryTree.class)) {
                    for (MethodInvocationTree call :
                        LocalTrees.find(tryTree.getFinallyBlock(), MethodInvocationTree.class)) {
                      if (LatchUsage.COUNT_DOWN.matches(call, state)) {
                        methods
                            .computeIfAbsent(
                                LatchUsage.latchKey(call, state), k -> new ArrayList<>())
                            .add(getCurrentPath());
                      }
                    }
                  }
                  return super.visitMethod(method, null);
                }
              }.scan(state.getPath().getCompilationUnit(), null);
              return methods;
            });
    for (TreePath method : countingMethods.getOrDefault(latch, List.of())) {
      if (!Uses.isInside(unit, method.getLeaf())
          && CountDownPaths.countsDownOnEveryPath(method, latch, state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A method that ends an object's life: {@code close()}, {@code stop()}, {@code shutdown()},
   * {@code dispose()}, {@code destroy()} (or a name starting with one of these words, such as
   * {@code stopServer}), or one annotated {@code @PreDestroy}.
   */
  static boolean isLifecycleEnd(MethodTree method, VisitorState state) {
    String name = method.getName().toString();
    for (String end : new String[] {"close", "stop", "shutdown", "dispose", "destroy"}) {
      if (name.equals(end)
          || (name.startsWith(end) && Character.isUpperCase(name.charAt(end.length())))) {
        return true;
      }
    }
    Symbol symbol = ASTHelpers.getSymbol(method);
    return ASTHelpers.hasAnnotation(symbol, "javax.annotation.PreDestroy", state)
        || ASTHelpers.hasAnnotation(symbol, "jakarta.annotation.PreDestroy", state);
  }

  /**
   * The local the task declares whose object holds the latch it counts down ({@code entry} in
   * {@code entry.latch.countDown()}, HiveMQ's {@code while ((entry = entries.poll()) != null)}),
   * or null: the task obtains that latch when the local gets an object.
   */
  static @Nullable Symbol localHolder(MethodInvocationTree countDown, TreePath unit) {
    Symbol holder = holderOf(countDown);
    if (holder == null) {
      return null;
    }
    for (VariableTree declaration : LocalTrees.find(Flow.body(unit.getLeaf()), VariableTree.class)) {
      if (holder.equals(ASTHelpers.getSymbol(declaration))) {
        return holder;
      }
    }
    return null;
  }

  /** The local variable {@code x} of a countDown on a field of it, {@code x.latch}, or null. */
  static @Nullable Symbol holderOf(MethodInvocationTree countDown) {
    ExpressionTree receiver = ASTHelpers.getReceiver(countDown);
    if (receiver != null
        && Uses.strip(receiver) instanceof MemberSelectTree select
        && Uses.strip(select.getExpression()) instanceof IdentifierTree local
        && ASTHelpers.getSymbol(local) instanceof Symbol.VarSymbol variable
        && variable.getKind() == ElementKind.LOCAL_VARIABLE) {
      return variable;
    }
    return null;
  }

  /**
   * Whether the task holds a latch to count down from its start: not when the latch is a local
   * it declares, or a variable it assigns before the countDown (it obtains the latch later).
   */
  static boolean pendingAtStart(TreePath unit, Object latch, Tree countDown) {
    if (!(latch instanceof Symbol symbol)) {
      return true;
    }
    Tree body = Flow.body(unit.getLeaf());
    for (VariableTree declaration : LocalTrees.find(body, VariableTree.class)) {
      if (symbol.equals(ASTHelpers.getSymbol(declaration))) {
        return false;
      }
    }
    int position = ASTHelpers.getStartPosition(countDown);
    for (AssignmentTree assignment : LocalTrees.find(body, AssignmentTree.class)) {
      if (symbol.equals(ASTHelpers.getSymbol(assignment.getVariable()))
          && ASTHelpers.getStartPosition(assignment) < position) {
        return false;
      }
    }
    return true;
  }

  /**
   * The skips without the {@code return}s of "already done" guards ({@code if (closed) return;}
   * with {@code closed} a field the method or lambda sets): code that runs once, whose first run
   * counted down.
   */
  static List<Exit> withoutOnceGuards(List<Exit> skips, TreePath unit, VisitorState state) {
    Set<Symbol> onceFlags =
        UnitCache.get(
            state,
            "LatchRoles.fieldsAssigned",
            unit.getLeaf(),
            () -> {
              Set<Symbol> fields = new HashSet<>();
              for (AssignmentTree assignment :
                  LocalTrees.find(Flow.body(unit.getLeaf()), AssignmentTree.class)) {
                Symbol symbol = ASTHelpers.getSymbol(assignment.getVariable());
                if (symbol != null && symbol.getKind() == ElementKind.FIELD) {
                  fields.add(symbol);
                }
              }
              return fields;
            });
    if (onceFlags.isEmpty()) {
      return skips;
    }
    List<Exit> kept = new ArrayList<>();
    for (Exit exit : skips) {
      if (exit.kind() != Exit.Kind.RETURN
          || !guardedBy(TreePath.getPath(unit, exit.site()), unit.getLeaf(), onceFlags)) {
        kept.add(exit);
      }
    }
    return kept;
  }

  /** True if an {@code if} around {@code path} (inside {@code unit}) reads one of {@code flags}. */
  private static boolean guardedBy(TreePath path, Tree unit, Set<Symbol> flags) {
    if (path == null) {
      return false;
    }
    Tree child = path.getLeaf();
    for (TreePath up = path.getParentPath(); up != null && up.getLeaf() != unit;
        up = up.getParentPath()) {
      if (up.getLeaf() instanceof IfTree guard
          && child != guard.getCondition()
          && LocalTrees.contains(
              guard.getCondition(),
              ExpressionTree.class,
              e -> (e instanceof IdentifierTree || e instanceof MemberSelectTree)
                  && flags.contains(ASTHelpers.getSymbol(e)))) {
        return true;
      }
      child = up.getLeaf();
    }
    return false;
  }
}
