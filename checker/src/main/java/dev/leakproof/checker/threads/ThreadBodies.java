package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.TypeNames;
import dev.leakproof.checker.util.UnitCache;
import dev.leakproof.checker.util.UnitPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Which code a started thread runs, and who holds the thread. Knows the start forms {@code new
 * Thread(r).start()}, Thread subclasses, {@code Thread.ofPlatform()/ofVirtual()..start(r)} and
 * {@code ..unstarted(r)}, {@code Thread.startVirtualThread(r)} and {@code factory.newThread(r).start()},
 * and bodies given as a lambda, an anonymous class, a method reference to a method of this
 * compilation unit, a {@code run()} override, or a local variable holding one of these.
 */
public final class ThreadBodies {
  private static final String BUILDER = "java.lang.Thread.Builder";
  private static final String RUNNABLE = "java.lang.Runnable";
  private static final String FACTORY = "java.util.concurrent.ThreadFactory";
  /** Calls on a thread variable that configure it without holding on to it. */
  private static final Set<String> CONFIGURING =
      Set.of("start", "setDaemon", "setName", "setPriority", "setUncaughtExceptionHandler",
          "setContextClassLoader");

  /** Whether anyone keeps a reference through which the thread can be joined or interrupted. */
  public enum Owner {
    /** The reference is dropped: nothing can ever interrupt or join the thread. */
    NOBODY,
    /** Kept, stored, returned, passed on, or not understood: assume someone can stop it. */
    HELD
  }

  /**
   * A thread start: the call, the code the thread runs ({@link LambdaExpressionTree} or {@link
   * MethodTree}, null when not known; a body that only calls one method of this code is that
   * method), its owner, and the body as written ({@code declared}: the lambda, anonymous class's
   * {@code run()} or method the start refers to, before following such a call).
   */
  public record ThreadStart(
      MethodInvocationTree call, @Nullable Tree body, Owner owner, @Nullable Tree declared) {}

  private ThreadBodies() {}

  /** What {@code path}'s method invocation starts, if it starts a thread. */
  public static Optional<ThreadStart> started(TreePath path, VisitorState state) {
    if (!(path.getLeaf() instanceof MethodInvocationTree call)) {
      return Optional.empty();
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(call);
    if (!symbol.getSimpleName().contentEquals("start")
        && !symbol.getSimpleName().contentEquals("startVirtualThread")) {
      return Optional.empty();
    }
    if (symbol.getSimpleName().contentEquals("startVirtualThread") && symbol.isStatic()
        && TypeNames.isSame(symbol.owner.type, ThreadCalls.THREAD, state) && call.getArguments().size() == 1) {
      return Optional.of(threadStart(call, runnableBody(call.getArguments().get(0), path, state, 3),
          resultOwner(path), state));
    }
    if (!symbol.getSimpleName().contentEquals("start")) {
      return Optional.empty();
    }
    if (call.getArguments().size() == 1 && TypeNames.isSubtype(symbol.owner.type, state, BUILDER)) {
      return Optional.of(threadStart(call, runnableBody(call.getArguments().get(0), path, state, 3),
          resultOwner(path), state));
    }
    if (!call.getArguments().isEmpty() || symbol.isStatic()
        || !TypeNames.isSubtype(symbol.owner.type, state, ThreadCalls.THREAD)) {
      return Optional.empty();
    }
    ExpressionTree receiver = ASTHelpers.getReceiver(call);
    if (receiver == null || receiver instanceof IdentifierTree id && id.getName().contentEquals("this")) {
      ClassTree enclosing = ASTHelpers.findEnclosingNode(path, ClassTree.class);
      return Optional.of(threadStart(call, enclosing == null ? null : runMethod(enclosing, state),
          Owner.HELD, state));
    }
    receiver = ASTHelpers.stripParentheses(receiver);
    if (ASTHelpers.getSymbol(receiver) instanceof VarSymbol variable
        && (receiver instanceof IdentifierTree || receiver instanceof MemberSelectTree)) {
      ExpressionTree value = ValueIndex.singleValue(variable, path, state);
      Tree body = value == null ? null : threadBody(value, path, state);
      Owner owner = variable.getKind() == ElementKind.LOCAL_VARIABLE
          ? localOwner(variable, path) : Owner.HELD;
      return Optional.of(threadStart(call, body, owner, state));
    }
    return Optional.of(threadStart(call, threadBody(receiver, path, state), Owner.NOBODY, state));
  }

  static ThreadStart threadStart(
      MethodInvocationTree call, @Nullable Tree body, Owner owner, VisitorState state) {
    return new ThreadStart(call, BodyDelegates.delegate(body, state), owner, body);
  }

  /** Every thread start in the compilation unit of {@code state}, found once per unit. */
  public static List<ThreadStart> startsInUnit(VisitorState state) {
    return UnitCache.get(state, "ThreadBodies.startsInUnit", null, () -> {
      List<ThreadStart> starts = new ArrayList<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
          started(getCurrentPath(), state).ifPresent(starts::add);
          return super.visitMethodInvocation(node, unused);
        }
      }.scan(state.getPath().getCompilationUnit(), null);
      return starts;
    });
  }

  /**
   * The start whose thread runs {@code body} (a lambda or method of this compilation unit), or
   * empty when no start here runs it.
   */
  public static Optional<ThreadStart> startRunning(Tree body, VisitorState state) {
    for (ThreadStart start : startsInUnit(state)) {
      if (start.body() == body || start.declared() == body) {
        return Optional.of(start);
      }
    }
    return Optional.empty();
  }

  /** The body a thread-valued expression runs: {@code new Thread(r)}, a subclass, newThread, unstarted. */
  @Nullable
  static Tree threadBody(ExpressionTree expression, TreePath path, VisitorState state) {
    expression = ASTHelpers.stripParentheses(expression);
    if (expression instanceof NewClassTree newClass) {
      if (newClass.getClassBody() != null) {
        MethodTree run = runMethod(newClass.getClassBody(), state);
        if (run != null) {
          return run;
        }
      } else {
        if (ASTHelpers.getSymbol(newClass.getIdentifier()) instanceof ClassSymbol classSymbol
            && !classSymbol.getQualifiedName().contentEquals(ThreadCalls.THREAD)) {
          ClassTree declaration = SourceLookup.classTree(classSymbol, state);
          MethodTree run = declaration == null ? null : runMethod(declaration, state);
          if (run != null) {
            return run;
          }
        }
      }
      for (ExpressionTree argument : newClass.getArguments()) {
        if (TypeNames.isSubtype(ASTHelpers.getType(argument), state, RUNNABLE)) {
          return runnableBody(argument, path, state, 3);
        }
      }
      return null;
    }
    if (expression instanceof MethodInvocationTree invocation
        && invocation.getArguments().size() == 1) {
      MethodSymbol symbol = ASTHelpers.getSymbol(invocation);
      if (symbol.getSimpleName().contentEquals("newThread")
              && TypeNames.isSubtype(symbol.owner.type, state, FACTORY)
          || symbol.getSimpleName().contentEquals("unstarted")
              && TypeNames.isSubtype(symbol.owner.type, state, BUILDER)) {
        return runnableBody(invocation.getArguments().get(0), path, state, 3);
      }
    }
    return null;
  }

  /** The lambda or method a Runnable- or Callable-valued expression runs, or null. */
  @Nullable
  static Tree runnableBody(ExpressionTree expression, TreePath path, VisitorState state, int depth) {
    expression = ASTHelpers.stripParentheses(expression);
    if (expression instanceof LambdaExpressionTree lambda) {
      return lambda;
    }
    if (expression instanceof MemberReferenceTree reference) {
      Symbol symbol = ASTHelpers.getSymbol(reference);
      return symbol instanceof MethodSymbol method ? SourceLookup.method(method, state) : null;
    }
    if (expression instanceof NewClassTree newClass) {
      if (newClass.getClassBody() != null) {
        return taskMethod(newClass.getClassBody(), state);
      }
      Symbol created = ASTHelpers.getSymbol(newClass.getIdentifier());
      ClassTree declaration = created instanceof ClassSymbol c ? SourceLookup.classTree(c, state) : null;
      return declaration == null ? null : taskMethod(declaration, state);
    }
    if (expression instanceof IdentifierTree id && id.getName().contentEquals("this")) {
      ClassTree enclosing = ASTHelpers.findEnclosingNode(path, ClassTree.class);
      return enclosing == null ? null : runMethod(enclosing, state);
    }
    if (depth > 0 && ASTHelpers.getSymbol(expression) instanceof VarSymbol variable) {
      ExpressionTree value = ValueIndex.singleValue(variable, path, state);
      return value == null ? null : runnableBody(value, path, state, depth - 1);
    }
    return null;
  }

  /**
   * The {@code run()} method a class declares, or inherits from a superclass declared in the code
   * being compiled ({@code class Worker extends LoopThread}), or null.
   */
  @Nullable
  public static MethodTree runMethod(ClassTree classTree, VisitorState state) {
    ClassTree current = classTree;
    for (int depth = 0; depth < 4 && current != null; depth++) {
      for (Tree member : current.getMembers()) {
        if (member instanceof MethodTree method && method.getName().contentEquals("run")
            && method.getParameters().isEmpty() && method.getBody() != null) {
          return method;
        }
      }
      Type superType = ASTHelpers.getSymbol(current).getSuperclass();
      current = superType != null && superType.tsym instanceof ClassSymbol superclass
          ? SourceLookup.classTree(superclass, state) : null;
    }
    return null;
  }

  /**
   * Whether {@code path} is inside a program's {@code public static void main(String[])}: a thread
   * started there lives as long as the program by design.
   */
  public static boolean inMain(TreePath path) {
    MethodTree method = ASTHelpers.findEnclosingNode(path, MethodTree.class);
    MethodSymbol symbol = method == null ? null : ASTHelpers.getSymbol(method);
    return symbol != null && symbol.getSimpleName().contentEquals("main") && symbol.isStatic()
        && symbol.getReturnType().getTag() == com.sun.tools.javac.code.TypeTag.VOID
        && symbol.getParameters().size() == 1
        && symbol.getParameters().get(0).type.toString().equals("java.lang.String[]");
  }

  /** The method a task class runs: its {@code run()} or, for a Callable, its {@code call()}. */
  @Nullable
  static MethodTree taskMethod(ClassTree classTree, VisitorState state) {
    MethodTree run = runMethod(classTree, state);
    if (run != null) {
      return run;
    }
    for (Tree member : classTree.getMembers()) {
      if (member instanceof MethodTree method && method.getName().contentEquals("call")
          && method.getParameters().isEmpty() && method.getBody() != null) {
        return method;
      }
    }
    return null;
  }

  /**
   * The path of a thread body ({@link ThreadStart#body()}): found under {@code near} (the start
   * call, which usually holds the lambda), where it is declared (a method or class, also in another
   * file of the compilation), or, last, anywhere in the unit being checked.
   */
  @Nullable
  static TreePath pathOf(@Nullable Tree tree, TreePath near, VisitorState state) {
    if (tree == null) {
      return null;
    }
    TreePath inCall = TreePath.getPath(near, tree);
    if (inCall != null) {
      return inCall;
    }
    Symbol symbol = tree instanceof MethodTree || tree instanceof ClassTree ? ASTHelpers.getSymbol(tree) : null;
    TreePath declared = SourceLookup.path(symbol, state);
    if (declared != null && declared.getLeaf() == tree) {
      return declared;
    }
    return UnitPaths.of(tree, state);
  }

  /**
   * Who holds a thread kept in a local variable: nobody when the variable is only configured and
   * started; otherwise (joined, interrupted, stored, returned, passed on) someone.
   */
  private static Owner localOwner(VarSymbol variable, TreePath path) {
    Tree scope = Flow.enclosingBody(path);
    if (scope == null) {
      return Owner.HELD;
    }
    Owner owner = Owner.NOBODY;
    List<Tree> configuringReceivers = new ArrayList<>();
    for (MethodInvocationTree call : LocalTrees.findAll(scope, MethodInvocationTree.class)) {
      MethodSymbol symbol = ASTHelpers.getSymbol(call);
      ExpressionTree receiver = ASTHelpers.getReceiver(call);
      if (receiver != null && CONFIGURING.contains(symbol.getSimpleName().toString())
          && variable.equals(ASTHelpers.getSymbol(receiver))) {
        configuringReceivers.add(receiver);
      }
    }
    for (AssignmentTree assignment : LocalTrees.findAll(scope, AssignmentTree.class)) {
      configuringReceivers.add(assignment.getVariable());
    }
    for (IdentifierTree use : LocalTrees.findAll(scope, IdentifierTree.class)) {
      if (variable.equals(ASTHelpers.getSymbol(use)) && !configuringReceivers.contains(use)) {
        owner = Owner.HELD;
      }
    }
    return owner;
  }

  /** Who holds the thread a call returns (startVirtualThread, builder.start). */
  private static Owner resultOwner(TreePath path) {
    Tree parent = path.getParentPath().getLeaf();
    if (parent instanceof ExpressionStatementTree) {
      return Owner.NOBODY;
    }
    if (parent instanceof VariableTree declaration) {
      Symbol symbol = ASTHelpers.getSymbol(declaration);
      if (symbol instanceof VarSymbol variable && symbol.getKind() == ElementKind.LOCAL_VARIABLE) {
        return localOwner(variable, path);
      }
    }
    return Owner.HELD;
  }
}
