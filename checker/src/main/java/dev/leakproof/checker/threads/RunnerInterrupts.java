package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Who interrupts the thread that runs a piece of code: the code's own class, through a field it
 * registered the running thread in, or an {@code interrupt()} on a thread created around the code.
 * Code whose thread is interrupted by the code being compiled has its interruption policy decided
 * here (Java Concurrency in Practice 7.1.3), so its loops may use the interrupt as a wake-up.
 */
final class RunnerInterrupts {

  private RunnerInterrupts() {}

  /**
   * Whether the method or lambda {@code body} (at {@code bodyPath}) registers the thread it runs on
   * in a field ({@code awaitThread = Thread.currentThread();}) or a slot of an array field ({@code
   * _acceptors[_id] = thread;}) that another method of its class interrupts ({@code
   * awaitThread.interrupt()}, also through a local copy or a for-each over the array): Tomcat's
   * {@code StandardServer.await()}/{@code stopAwait()}, Jetty's acceptors. Whatever thread runs it,
   * this code's stop method reaches it, so the code owns its interruption policy.
   */
  static boolean registersForInterrupt(Tree body, TreePath bodyPath, VisitorState state) {
    Set<Symbol> current = new HashSet<>(); // locals holding Thread.currentThread()
    for (VariableTree local
        : LocalTrees.find(body, VariableTree.class)) {
      if (isCurrentThread(local.getInitializer(), state)) {
        current.add(ASTHelpers.getSymbol(local));
      }
    }
    Set<Symbol> registered = new HashSet<>();
    for (AssignmentTree assignment
        : LocalTrees.find(body, AssignmentTree.class)) {
      // awaitThread = ..; or an array slot, _acceptors[_id] = .. (Jetty's acceptors)
      ExpressionTree target = ASTHelpers.stripParentheses(assignment.getVariable());
      Symbol field = ASTHelpers.getSymbol(
          target instanceof ArrayAccessTree slot ? slot.getExpression() : target);
      if (field != null && field.getKind() == ElementKind.FIELD
          && (isCurrentThread(assignment.getExpression(), state)
              || current.contains(ASTHelpers.getSymbol(assignment.getExpression())))) {
        registered.add(field);
      }
    }
    // The outermost class: an inner acceptor class registers in its outer object's field.
    ClassTree owner = null;
    for (TreePath p = registered.isEmpty() ? null : bodyPath; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree enclosing) {
        owner = enclosing;
      }
    }
    if (owner == null) {
      return false;
    }
    Set<Symbol> copies = new HashSet<>();
    for (VariableTree local
        : LocalTrees.findAll(owner, VariableTree.class)) {
      if (local.getInitializer() != null
          && registered.contains(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(local.getInitializer())))) {
        copies.add(ASTHelpers.getSymbol(local)); // Thread t = awaitThread; .. t.interrupt();
      }
    }
    for (EnhancedForLoopTree loop : LocalTrees.findAll(owner, EnhancedForLoopTree.class)) {
      if (registered.contains(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(loop.getExpression())))) {
        copies.add(ASTHelpers.getSymbol(loop.getVariable())); // for (Thread t : _acceptors) t.interrupt();
      }
    }
    return interruptsOutside(owner, body, receiver -> {
      Symbol target =
          receiver == null ? null : ASTHelpers.getSymbol(ASTHelpers.stripParentheses(receiver));
      return target != null && (registered.contains(target) || copies.contains(target));
    }, state);
  }

  /**
   * Whether code of {@code owner} outside {@code body} calls {@code interrupt()} on a receiver
   * that {@code target} accepts (null stands for the implicit {@code this}).
   */
  private static boolean interruptsOutside(Tree owner, Tree body,
      Predicate<@Nullable ExpressionTree> target, VisitorState state) {
    Set<Tree> inBody = new HashSet<>(LocalTrees.findAll(body, Tree.class));
    return LocalTrees.contains(owner, MethodInvocationTree.class, call ->
        !inBody.contains(call)
            && ThreadCalls.INTERRUPT.matches(call, state)
            && target.test(ASTHelpers.getReceiver(call)));
  }

  /**
   * Whether {@code body} is a non-public instance method of a {@code Thread} subclass that
   * interrupts itself in another of its methods ({@code shutdown() { shutdown = true; interrupt();
   * }}): the thread's own loop ({@code protected void loop()}, Hazelcast's {@code OperationThread}),
   * whose wake-up is that interrupt, so the class owns the policy.
   */
  static boolean interruptedByItsThread(Tree body, VisitorState state) {
    if (!(body instanceof MethodTree method)) {
      return false;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    ClassSymbol owner = symbol == null ? null : symbol.enclClass();
    if (owner == null || symbol.isStatic() || symbol.isConstructor()
        || (symbol.flags() & Flags.PUBLIC) != 0
        || !TypeNames.isSubtype(owner.type, state, ThreadCalls.THREAD)) {
      return false;
    }
    ClassTree source = SourceLookup.classTree(owner, state);
    if (source == null) {
      return false;
    }
    return interruptsOutside(source, body, receiver -> receiver == null
        || (ASTHelpers.stripParentheses(receiver) instanceof IdentifierTree self
            && self.getName().contentEquals("this")), state);
  }

  private static boolean isCurrentThread(@Nullable ExpressionTree expression, VisitorState state) {
    return expression != null
        && ASTHelpers.stripParentheses(expression) instanceof MethodInvocationTree call
        && ThreadCalls.CURRENT_THREAD.matches(call, state);
  }

  /**
   * Whether {@code call} ({@code x.interrupt()}, at {@code callPath}) interrupts a thread that runs
   * one of {@code runners} (thread bodies): {@code interrupt()} on this in a Thread subclass whose
   * {@code run()} is one, on a variable or field holding a thread created with one (or holding a
   * thread we cannot resolve), or on an instance of such a Thread subclass.
   */
  static boolean interruptsRunnerOf(
      MethodInvocationTree call, TreePath callPath, Set<Tree> runners, VisitorState state) {
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    receiver = receiver == null ? null : ASTHelpers.stripParentheses(receiver);
    if (receiver == null || receiver instanceof IdentifierTree id && id.getName().contentEquals("this")) {
      ClassTree enclosing = ASTHelpers.findEnclosingNode(callPath, ClassTree.class);
      return enclosing != null && runners.contains(ThreadBodies.runMethod(enclosing, state));
    }
    return holdsRunner(receiver, callPath, runners, state, 2);
  }

  private static boolean holdsRunner(
      ExpressionTree holder, TreePath path, Set<Tree> runners, VisitorState state, int depth) {
    Type type = ASTHelpers.getType(holder);
    if (type != null && type.tsym instanceof ClassSymbol typeClass
        && !typeClass.getQualifiedName().contentEquals(ThreadCalls.THREAD)) {
      ClassTree declaration = SourceLookup.classTree(typeClass, state);
      if (declaration != null && runners.contains(ThreadBodies.runMethod(declaration, state))) {
        return true;
      }
    }
    if (!(holder instanceof IdentifierTree || holder instanceof MemberSelectTree)
        || !(ASTHelpers.getSymbol(holder) instanceof VarSymbol variable)) {
      return false;
    }
    ExpressionTree value = ValueIndex.singleValue(variable, path, state);
    if (value == null) {
      return variable.getKind() == ElementKind.FIELD; // reassigned: cannot tell, assume it may be
    }
    value = ASTHelpers.stripParentheses(value);
    if (value instanceof MethodInvocationTree current
        && ThreadCalls.CURRENT_THREAD.matches(current, state)) {
      return true; // runner = Thread.currentThread(), kept by the thread itself
    }
    Tree body = ThreadBodies.threadBody(value, path, state);
    if (body != null) {
      return runners.contains(body);
    }
    return depth > 0 && (value instanceof IdentifierTree || value instanceof MemberSelectTree)
        && holdsRunner(value, path, runners, state, depth - 1); // Thread t = this.worker;
  }
}
