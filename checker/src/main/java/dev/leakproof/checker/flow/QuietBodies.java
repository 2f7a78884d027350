package dev.leakproof.checker.flow;

import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SimpleTreeVisitor;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.util.LocalTrees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a method body has nothing that can throw in practice, judged statement by statement on
 * its source (for methods of any file of the compilation; see {@link QuietCalls} for the calls).
 * Quiet: reads of locals and fields, assignments to them, arithmetic other than integer division
 * and remainder by anything but a non-zero constant, comparisons, {@code instanceof}, casts that
 * cannot fail (to a supertype, between primitives), creating a lambda or method reference, and
 * {@code if}, loops, {@code switch}, {@code synchronized}, {@code return}, {@code break} and
 * {@code continue} made of quiet parts, and {@code add}/{@code put} on a local the body made as a
 * {@code new ArrayList<>()} (or another open JDK collection) and never assigned again. A {@code
 * try} is quiet when its {@code finally} is and either a catch takes every unchecked exception and
 * no catch throws again (the catch-all idiom), or
 * its block and catches are quiet. Everything else counts as able to throw: {@code throw}, array
 * indexing and array creation with a size, downcasts, integer division, {@code try} with
 * resources, and calls and constructor calls that {@link QuietCalls} does not know to be quiet.
 * Null dereferences are not modelled (any field read could be one), nor are {@code toString},
 * {@code equals}, {@code hashCode} of operands and keys, nor the for-each loop's own iteration.
 */
final class QuietBodies extends SimpleTreeVisitor<Boolean, Void> {
  private static final Matcher<ExpressionTree> NOTIFY =
      instanceMethod().onDescendantOf("java.lang.Object").namedAnyOf("notify", "notifyAll");
  /** Collections whose {@code add}/{@code put} take any element, null too, and have no bound. */
  private static final Set<String> OPEN_COLLECTIONS =
      Set.of("java.util.ArrayList", "java.util.LinkedList", "java.util.HashSet",
          "java.util.LinkedHashSet", "java.util.HashMap", "java.util.LinkedHashMap");

  private final VisitorState state;
  private final int depth;
  /** Locals of the body declared as a new open collection and never assigned again. */
  private final Set<Symbol> freshLocals = new HashSet<>();
  private final Set<Symbol> assigned = new HashSet<>();
  /** How many {@code synchronized (this)} blocks enclose the tree being judged. */
  private int holdsThis;

  private QuietBodies(VisitorState state, int depth) {
    super(false);
    this.state = state;
    this.depth = depth;
  }

  /** True if {@code body} cannot throw; the calls in it are followed {@code depth} calls deep. */
  static boolean quiet(Tree body, VisitorState state, int depth) {
    QuietBodies visitor = new QuietBodies(state, depth);
    for (AssignmentTree assignment : LocalTrees.find(body, AssignmentTree.class)) {
      visitor.assigned.add(ASTHelpers.getSymbol(assignment.getVariable()));
    }
    return visitor.quiet(body);
  }

  /**
   * {@code list.add(x)} or {@code map.put(k, v)} on a local this body made as {@code new
   * ArrayList<>()} (or another open collection) and never assigned again: it cannot refuse.
   */
  private boolean insertsIntoFreshLocal(MethodInvocationTree call) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    String name = ASTHelpers.getSymbol(call).getSimpleName().toString();
    return receiver instanceof IdentifierTree local
        && freshLocals.contains(ASTHelpers.getSymbol(local))
        && (name.equals("add") && call.getArguments().size() == 1
            || name.equals("put") && call.getArguments().size() == 2);
  }

  /**
   * {@code notify()} or {@code notifyAll()} on {@code this} inside {@code synchronized (this)}: it
   * throws only when the monitor is not held (Kafka Connect's {@code WorkerTask.triggerStop()}).
   */
  private boolean notifiesHeldMonitor(MethodInvocationTree call, @Nullable ExpressionTree receiver) {
    return holdsThis > 0
        && call.getArguments().isEmpty()
        && (receiver == null || LocalTrees.isThis(receiver))
        && NOTIFY.matches(call, state);
  }

  /**
   * True if {@code tryTree} takes every unchecked exception in a catch ({@code RuntimeException},
   * {@code Exception} or {@code Throwable}) and none of its catches throws again.
   */
  static boolean catchesEverything(TryTree tryTree, VisitorState state) {
    boolean all = false;
    for (CatchTree catchTree : tryTree.getCatches()) {
      if (LocalTrees.contains(catchTree.getBlock(), ThrowTree.class)) {
        return false;
      }
      for (Type caught : Exceptions.caughtTypes(catchTree)) {
        all |= ASTHelpers.isSubtype(state.getSymtab().runtimeExceptionType, caught, state);
      }
    }
    return all;
  }

  private boolean quiet(@Nullable Tree tree) {
    return tree == null || Boolean.TRUE.equals(tree.accept(this, null));
  }

  private boolean allQuiet(@Nullable List<? extends Tree> trees) {
    if (trees != null) {
      for (Tree tree : trees) {
        if (!quiet(tree)) {
          return false;
        }
      }
    }
    return true;
  }

  // Statements.

  @Override
  public Boolean visitBlock(BlockTree tree, Void unused) {
    return allQuiet(tree.getStatements());
  }

  @Override
  public Boolean visitExpressionStatement(ExpressionStatementTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitVariable(VariableTree tree, Void unused) {
    Symbol local = ASTHelpers.getSymbol(tree);
    if (tree.getInitializer() instanceof NewClassTree creation
        && creation.getClassBody() == null
        && creation.getArguments().isEmpty()
        && ASTHelpers.getSymbol(creation.getIdentifier()) instanceof Symbol.ClassSymbol type
        && OPEN_COLLECTIONS.contains(type.getQualifiedName().toString())
        && !assigned.contains(local)) {
      freshLocals.add(local);
    }
    return quiet(tree.getInitializer());
  }

  @Override
  public Boolean visitReturn(ReturnTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitIf(IfTree tree, Void unused) {
    return quiet(tree.getCondition())
        && quiet(tree.getThenStatement())
        && quiet(tree.getElseStatement());
  }

  @Override
  public Boolean visitSynchronized(SynchronizedTree tree, Void unused) {
    boolean onThis = LocalTrees.isThis(tree.getExpression());
    holdsThis += onThis ? 1 : 0;
    try {
      return quiet(tree.getExpression()) && quiet(tree.getBlock());
    } finally {
      holdsThis -= onThis ? 1 : 0;
    }
  }

  @Override
  public Boolean visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
    return quiet(tree.getExpression()) && quiet(tree.getStatement());
  }

  @Override
  public Boolean visitWhileLoop(WhileLoopTree tree, Void unused) {
    return quiet(tree.getCondition()) && quiet(tree.getStatement());
  }

  @Override
  public Boolean visitDoWhileLoop(DoWhileLoopTree tree, Void unused) {
    return quiet(tree.getCondition()) && quiet(tree.getStatement());
  }

  @Override
  public Boolean visitForLoop(ForLoopTree tree, Void unused) {
    return allQuiet(tree.getInitializer())
        && quiet(tree.getCondition())
        && allQuiet(tree.getUpdate())
        && quiet(tree.getStatement());
  }

  @Override
  public Boolean visitSwitch(SwitchTree tree, Void unused) {
    return quiet(tree.getExpression()) && allQuiet(tree.getCases());
  }

  @Override
  public Boolean visitCase(CaseTree tree, Void unused) {
    return quiet(tree.getGuard())
        && (tree.getStatements() != null ? allQuiet(tree.getStatements()) : quiet(tree.getBody()));
  }

  @Override
  public Boolean visitLabeledStatement(LabeledStatementTree tree, Void unused) {
    return quiet(tree.getStatement());
  }

  @Override
  public Boolean visitTry(TryTree tree, Void unused) {
    if (!quiet(tree.getFinallyBlock())) {
      return false;
    }
    if (catchesEverything(tree, state)) {
      return true; // resources included: their close() is inside the try
    }
    return tree.getResources().isEmpty()
        && quiet(tree.getBlock())
        && tree.getCatches().stream().allMatch(c -> quiet(c.getBlock()));
  }

  @Override
  public Boolean visitBreak(BreakTree tree, Void unused) {
    return true;
  }

  @Override
  public Boolean visitContinue(ContinueTree tree, Void unused) {
    return true;
  }

  @Override
  public Boolean visitEmptyStatement(EmptyStatementTree tree, Void unused) {
    return true;
  }

  @Override
  public Boolean visitAssert(AssertTree tree, Void unused) {
    return true; // assertions are disabled in production, as the flow engine assumes too
  }

  @Override
  public Boolean visitClass(ClassTree tree, Void unused) {
    return true; // a local class declaration runs nothing
  }

  // Expressions.

  @Override
  public Boolean visitIdentifier(IdentifierTree tree, Void unused) {
    return true;
  }

  @Override
  public Boolean visitMemberSelect(MemberSelectTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitLiteral(LiteralTree tree, Void unused) {
    return true;
  }

  @Override
  public Boolean visitParenthesized(ParenthesizedTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitAssignment(AssignmentTree tree, Void unused) {
    return quiet(tree.getVariable()) && quiet(tree.getExpression());
  }

  @Override
  public Boolean visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
    return !integerDivision(tree.getKind(), tree.getVariable(), tree.getExpression())
        && quiet(tree.getVariable())
        && quiet(tree.getExpression());
  }

  @Override
  public Boolean visitUnary(UnaryTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitBinary(BinaryTree tree, Void unused) {
    return !integerDivision(tree.getKind(), tree.getLeftOperand(), tree.getRightOperand())
        && quiet(tree.getLeftOperand())
        && quiet(tree.getRightOperand());
  }

  @Override
  public Boolean visitConditionalExpression(ConditionalExpressionTree tree, Void unused) {
    return quiet(tree.getCondition())
        && quiet(tree.getTrueExpression())
        && quiet(tree.getFalseExpression());
  }

  @Override
  public Boolean visitInstanceOf(InstanceOfTree tree, Void unused) {
    return quiet(tree.getExpression());
  }

  @Override
  public Boolean visitTypeCast(TypeCastTree tree, Void unused) {
    Type from = ASTHelpers.getType(tree.getExpression());
    Type to = ASTHelpers.getType(tree.getType());
    boolean safe =
        from != null
            && to != null
            && ((from.isPrimitive() && to.isPrimitive())
                || state.getTypes().isAssignable(from, to));
    return safe && quiet(tree.getExpression());
  }

  @Override
  public Boolean visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
    return true; // creating it runs none of its code
  }

  @Override
  public Boolean visitMemberReference(MemberReferenceTree tree, Void unused) {
    return quiet(tree.getQualifierExpression());
  }

  @Override
  public Boolean visitNewArray(NewArrayTree tree, Void unused) {
    return (tree.getDimensions() == null || tree.getDimensions().isEmpty())
        && allQuiet(tree.getInitializers());
  }

  @Override
  public Boolean visitMethodInvocation(MethodInvocationTree tree, Void unused) {
    ExpressionTree receiver = ASTHelpers.getReceiver(tree);
    return (QuietCalls.quietCall(tree, state, depth) || insertsIntoFreshLocal(tree)
            || notifiesHeldMonitor(tree, receiver))
        && (receiver == null || quiet(receiver))
        && allQuiet(tree.getArguments());
  }

  @Override
  public Boolean visitNewClass(NewClassTree tree, Void unused) {
    return QuietCalls.quietCreation(tree, state, depth) && allQuiet(tree.getArguments());
  }

  /**
   * {@code a / b} or {@code a % b} (or {@code /=}, {@code %=}) on integers, which throws when b
   * is zero, unless b is a non-zero constant.
   */
  private boolean integerDivision(Tree.Kind kind, ExpressionTree left, ExpressionTree right) {
    if (kind != Tree.Kind.DIVIDE
        && kind != Tree.Kind.REMAINDER
        && kind != Tree.Kind.DIVIDE_ASSIGNMENT
        && kind != Tree.Kind.REMAINDER_ASSIGNMENT) {
      return false;
    }
    Type leftType = ASTHelpers.getType(left);
    Type rightType = ASTHelpers.getType(right);
    if (leftType == null || rightType == null) {
      return true;
    }
    boolean integral =
        state.getTypes().unboxedTypeOrType(leftType).isIntegral()
            && state.getTypes().unboxedTypeOrType(rightType).isIntegral();
    Object divisor = ASTHelpers.constValue(right);
    return integral && !(divisor instanceof Number number && number.longValue() != 0);
  }
}
