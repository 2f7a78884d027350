package dev.leakproof.checker.flow;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.leakproof.checker.flow.JumpSites.Branch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.analysis.ConditionalTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.ForwardTransferFunction;
import org.checkerframework.errorprone.dataflow.analysis.RegularTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.TransferInput;
import org.checkerframework.errorprone.dataflow.analysis.TransferResult;
import org.checkerframework.errorprone.dataflow.analysis.UnusedAbstractValue;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.node.AbstractNodeVisitor;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.CatchMarkerNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalAndNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalNotNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalOrNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.InstanceOfNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MarkerNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ObjectCreationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ReturnNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ThrowNode;
import org.jspecify.annotations.Nullable;

/**
 * The transfer function of the flow engine: moves each tracked obligation through the nodes of
 * one method's control-flow graph (see {@link Flow}). The check's {@link Obligation} says what a
 * node does to an obligation and which exceptions count; this class does what all checks share:
 * it marks a path with the way it leaves (a {@code return}, a {@code throw}, a jump, an exception
 * of a given type), follows exceptions into the catches that take them, refines on null checks
 * ({@code x == null}, {@code x != null}, written once here; also {@code x instanceof T} when x
 * can only hold a T), ends paths at {@code System.exit},
 * and records every exit an open obligation takes.
 *
 * <p>Exits are recorded while the analysis runs. That is sound: stores only grow until the fixed
 * point, so every fact seen on the way is also true of the result.
 */
final class ObligationTransfer
    extends AbstractNodeVisitor<
        TransferResult<UnusedAbstractValue, ObligationStore>,
        TransferInput<UnusedAbstractValue, ObligationStore>>
    implements ForwardTransferFunction<UnusedAbstractValue, ObligationStore> {

  /** Nothing runs after these, and the JVM takes every thread with it. */
  private static final Matcher<ExpressionTree> EXITS_JVM =
      Matchers.anyOf(
          MethodMatchers.staticMethod().onClass("java.lang.System").named("exit"),
          MethodMatchers.instanceMethod()
              .onExactClass("java.lang.Runtime")
              .namedAnyOf("exit", "halt"));

  /** A jump's exit, set on the store leaving the node before it. */
  private record JumpMark(Branch branch, Object key, Exit exit) {}

  private final Obligation obligation;
  private final VisitorState state;
  private final Map<Tree, List<JumpMark>> jumpMarks = new IdentityHashMap<>();
  private final Map<Object, int[]> scopes = new HashMap<>();
  private final Set<Object> tracked;

  /** The exits found so far, per key. */
  final Map<Object, Set<Exit>> exits = new LinkedHashMap<>();

  /** The keys something happened to that the engine cannot follow. */
  final Set<Object> notUnderstood = new HashSet<>();

  ObligationTransfer(Obligation obligation, List<JumpSites.Jump> jumps, VisitorState state) {
    this.obligation = obligation;
    this.state = state;
    this.tracked = new HashSet<>(obligation.keys());
    for (Object key : obligation.keys()) {
      int[] scope = obligation.scope(key);
      if (scope != null) {
        scopes.put(key, scope);
      }
      for (JumpSites.Jump jump : jumps) {
        if (jump.before() == null
            || (jump.target() != null && !obligation.jumpSkips(key, jump.target()))) {
          continue;
        }
        Exit exit =
            new Exit(
                switch (jump.jump().getKind()) {
                  case BREAK -> Exit.Kind.BREAK;
                  case CONTINUE -> Exit.Kind.CONTINUE;
                  default -> Exit.Kind.RETURN;
                },
                jump.jump(),
                null);
        for (JumpSites.Before before : jump.before()) {
          jumpMarks
              .computeIfAbsent(before.tree(), t -> new ArrayList<>())
              .add(new JumpMark(before.branch(), key, exit));
        }
      }
    }
  }

  @Override
  public ObligationStore initialStore(
      UnderlyingAST underlyingAST, List<LocalVariableNode> parameters) {
    ObligationStore store = ObligationStore.EMPTY;
    for (Object key : obligation.keys()) {
      if (obligation.openAtEntry(key)) {
        store = store.with(key, Facts.PENDING);
      }
    }
    return store;
  }

  @Override
  public TransferResult<UnusedAbstractValue, ObligationStore> visitNode(
      Node node, TransferInput<UnusedAbstractValue, ObligationStore> input) {
    boolean branches =
        input.containsTwoStores()
            && (node instanceof ConditionalAndNode
                || node instanceof ConditionalOrNode
                || node instanceof ConditionalNotNode);
    ObligationStore regular = arrive(node, input.getRegularStore());
    ObligationStore then = branches ? arrive(node, input.getThenStore()) : regular;
    ObligationStore otherwise = branches ? arrive(node, input.getElseStore()) : regular;
    Map<TypeMirror, ObligationStore> exceptional = exceptionalStores(node, regular);

    then = effects(node, then);
    otherwise = branches ? effects(node, otherwise) : then;
    if (node instanceof ConditionalNotNode) {
      ObligationStore swap = then;
      then = otherwise;
      otherwise = swap;
    }
    Flow.NullTest test =
        node instanceof EqualToNode || node instanceof NotEqualNode
            ? Flow.nullTest(node.getTree())
            : null;
    Object key = test == null ? null : obligation.keyOf(test.operand());
    boolean nullWhenTrue = test != null && test.isNullWhenTrue();
    if (node instanceof InstanceOfNode instanceOf) {
      // x instanceof T, when everything x can hold is a T: false only for null.
      key = obligation.keyOf(instanceOf.getOperand().getTree());
      key = key != null && obligation.alwaysInstanceOf(key, instanceOf.getRefType()) ? key : null;
    }
    if (key != null) {
      ObligationStore isNull = then.with(key, then.get(key).whenNull());
      ObligationStore notNull = then.with(key, then.get(key).whenNotNull());
      then = nullWhenTrue ? isNull : notNull;
      otherwise = nullWhenTrue ? notNull : isNull;
    }
    List<JumpMark> marks = jumpMarks.get(node.getTree());
    if (marks != null && endsBlock(node)) {
      for (JumpMark mark : marks) {
        if (mark.branch() != Branch.ELSE) {
          then = then.with(mark.key(), leave(then.get(mark.key()), mark.exit()));
        }
        if (mark.branch() != Branch.THEN) {
          otherwise = otherwise.with(mark.key(), leave(otherwise.get(mark.key()), mark.exit()));
        }
      }
    }
    return then.equals(otherwise)
        ? new RegularTransferResult<>(null, then, exceptional)
        : new ConditionalTransferResult<>(null, then, otherwise, exceptional);
  }

  /**
   * The store as {@code node} receives it: a catch may put paths that left by an exception back
   * on their normal course, and an obligation whose scope {@code node} is outside of leaves it.
   */
  private ObligationStore arrive(Node node, ObligationStore store) {
    if (store.isDead()) {
      return store;
    }
    if (obligation.catchResumes()
        && node instanceof CatchMarkerNode marker
        && marker.getMessage().startsWith("start")) {
      store = store.mapAll(Facts::resumed);
    }
    int position = scopes.isEmpty() ? -1 : Flow.sourcePosition(node, state);
    if (position < 0) {
      return store;
    }
    for (Object key : keysOf(store)) {
      int[] scope = scopes.get(key);
      if (scope != null && (position < scope[0] || position >= scope[1])) {
        record(key, store.get(key));
        store = store.with(key, Facts.NONE);
      }
    }
    return store;
  }

  private static List<Object> keysOf(ObligationStore store) {
    List<Object> keys = new ArrayList<>();
    store.keys().forEach(keys::add);
    return keys;
  }

  /** Records the exits that the open paths of {@code facts} take. */
  void record(Object key, Facts facts) {
    if (!facts.open()) {
      return;
    }
    Set<Exit> found = exits.computeIfAbsent(key, k -> new LinkedHashSet<>());
    found.addAll(facts.leaving);
    if (facts.pending) {
      found.add(Exit.END);
    }
  }

  /** What the node itself does: an assignment, a call that meets, a return, System.exit. */
  private ObligationStore effects(Node node, ObligationStore store) {
    if (store.isDead()) {
      return store;
    }
    if (node instanceof AssignmentNode assignment) {
      store = assign(assignment, store);
    }
    for (Object key : obligation.meets(node)) {
      store = store.with(key, Facts.NONE);
    }
    if (node instanceof ReturnNode returnNode) {
      Exit exit = new Exit(Exit.Kind.RETURN, returnNode.getTree(), null);
      store = store.mapAll(facts -> leave(facts, exit));
    }
    if (node instanceof MethodInvocationNode call
        && call.getTree() != null
        && EXITS_JVM.matches(call.getTree(), state)) {
      return ObligationStore.DEAD;
    }
    return store;
  }

  /** A tracked variable gets a value: a declaration ({@code T x = v;}) or an assignment. */
  private ObligationStore assign(AssignmentNode assignment, ObligationStore store) {
    Tree target = assignment.getTarget().getTree();
    Object key = target == null ? null : ASTHelpers.getSymbol(target);
    if (key == null || !tracked.contains(key)) {
      return store;
    }
    boolean declaration = assignment.getTree() instanceof VariableTree;
    ExpressionTree value =
        declaration
            ? ((VariableTree) assignment.getTree()).getInitializer()
            : assignment.getTree() instanceof AssignmentTree a ? a.getExpression() : null;
    Obligation.Effect effect =
        value != null && ASTHelpers.stripParentheses(value).getKind() == Tree.Kind.NULL_LITERAL
            ? Obligation.Effect.NONE
            : obligation.assigned(key, value, declaration);
    if (effect == Obligation.Effect.UNKNOWN) {
      notUnderstood.add(key);
      return store;
    }
    if (!declaration && obligation.replacingLeaves() && store.get(key).open()) {
      exits
          .computeIfAbsent(key, k -> new LinkedHashSet<>())
          .add(new Exit(Exit.Kind.REASSIGNMENT, assignment.getTree(), null));
    }
    return store.with(
        key,
        switch (effect) {
          case OPEN -> Facts.PENDING;
          case OPEN_OR_NONE -> Facts.EITHER;
          default -> Facts.NONE;
        });
  }

  /**
   * One store per exception the node can throw: the open obligations leave by it when it counts
   * ({@link Obligation#canSkip}, or an explicit {@code throw}); otherwise no path goes there. At
   * the end of a {@code finally} run for an exception, the graph rethrows what came in as {@code
   * Throwable}, along one edge per catch type that may take it and one beyond them: each exit
   * follows only the edges its own exception type can take ({@link #takes}).
   */
  @Nullable
  private Map<TypeMirror, ObligationStore> exceptionalStores(Node node, ObligationStore store) {
    if (!(node.getBlock() instanceof ExceptionBlock block)) {
      return null;
    }
    Map<TypeMirror, ObligationStore> stores = new HashMap<>();
    for (Map.Entry<TypeMirror, Set<Block>> entry : block.getExceptionalSuccessors().entrySet()) {
      TypeMirror cause = entry.getKey();
      ObligationStore out = ObligationStore.DEAD;
      if (store.isDead()) {
        out = store;
      } else if (node instanceof ThrowNode throwNode) {
        Exit exit = new Exit(Exit.Kind.THROW, throwNode.getTree(), cause);
        out = store.mapAll(facts -> leave(facts, exit));
      } else if (node instanceof MarkerNode) {
        out = store.mapAll(facts -> facts.keepLeaving(exit -> takes(cause, exit, block)));
      } else if ((node instanceof MethodInvocationNode || node instanceof ObjectCreationNode)
          && obligation.canSkip(node, cause)) {
        Exit exit = exceptionExit(node, cause);
        out = store.mapAll(facts -> leave(facts, exit));
      }
      stores.put(cause, out);
    }
    return stores;
  }

  /**
   * The open paths of {@code facts} leave by {@code exit}. Where a catch does not resume the
   * paths it takes (see {@link Obligation#catchResumes}), a {@code throw}, {@code return} or jump
   * written in the catch does not undo the skip of the call that threw into it: those paths keep
   * the exit they first left by as well. A call throwing again in the catch is a second failure,
   * charged to itself (a catch that then counts down covers the first).
   */
  private Facts leave(Facts facts, Exit exit) {
    boolean written = exit.kind() != Exit.Kind.EXCEPTION && exit.kind() != Exit.Kind.CLOSE;
    return written && !obligation.catchResumes() ? facts.alsoLeave(exit) : facts.leave(exit);
  }

  /** The exit of an exception thrown by a call, or by the implicit close() of a resource. */
  private static Exit exceptionExit(Node node, TypeMirror cause) {
    if (QuietCalls.isResourceClose(node)) {
      MethodInvocationNode close = (MethodInvocationNode) node;
      // try (Resource r = ..): the graph's close() call is synthetic; name the resource.
      return new Exit(Exit.Kind.CLOSE, close.getTarget().getReceiver().getTree(), cause);
    }
    return new Exit(Exit.Kind.EXCEPTION, node.getTree(), cause);
  }

  /**
   * True if a path leaving by {@code exit} follows the rethrow edge for {@code cause} of {@code
   * block}: its exception can be of that type, and no more specific edge of the same node takes
   * all of it. Paths leaving by no exception (a new obligation in the {@code finally}) follow all.
   */
  private boolean takes(TypeMirror cause, Exit exit, ExceptionBlock block) {
    TypeMirror thrown = exit.exception();
    if (thrown == null) {
      return true;
    }
    if (!Exceptions.catchesSome(cause, thrown, state)) {
      return false;
    }
    for (TypeMirror other : block.getExceptionalSuccessors().keySet()) {
      if (other != cause
          && state.getTypes().isSubtype((com.sun.tools.javac.code.Type) other, (com.sun.tools.javac.code.Type) cause)
          && Exceptions.catchesAll(other, thrown, state)) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code node} is the last node of its block (so its result flows on the block's edge). */
  private static boolean endsBlock(Node node) {
    Block block = node.getBlock();
    return block != null && block.getLastNode() == node;
  }

}
