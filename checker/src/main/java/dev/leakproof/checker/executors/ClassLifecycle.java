package dev.leakproof.checker.executors;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import dev.leakproof.checker.ownership.UnitFacts;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.TypeNames;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Answers about the life of a class and its methods: does the class have an end ({@code close()},
 * {@code stop()}, {@code shutdown()}, {@code dispose()}, a {@code @PreDestroy} method, or being
 * {@link AutoCloseable}), and does a piece of code run once per object (a constructor, an
 * initializer, a {@code start()}/{@code init()} method, a method guarded so that it acts once) or
 * possibly many times (any other method)?
 */
public final class ClassLifecycle {
  private ClassLifecycle() {}

  /** No-argument instance methods that end an object's life. */
  private static final List<String> END_NAMES = List.of("close", "stop", "shutdown", "dispose");

  /** Calls that, in a condition, test a once-only state ({@code started.compareAndSet(..)}). */
  private static final Set<String> ONCE_TESTS =
      Set.of("compareAndSet", "getAndSet", "weakCompareAndSet", "checkState");

  /**
   * The method of {@code clazz} (declared in it) that ends an object's life: the first of {@code
   * close()}, {@code stop()}, {@code shutdown()}, {@code dispose()} it declares, else a method
   * annotated {@code @PreDestroy}.
   */
  public static Optional<MethodTree> endMethod(ClassTree clazz) {
    for (String name : END_NAMES) {
      for (Tree member : clazz.getMembers()) {
        if (member instanceof MethodTree method
            && method.getName().contentEquals(name)
            && method.getParameters().isEmpty()
            && method.getBody() != null
            && !method.getModifiers().getFlags().contains(Modifier.STATIC)) {
          return Optional.of(method);
        }
      }
    }
    for (Tree member : clazz.getMembers()) {
      if (member instanceof MethodTree method
          && method.getBody() != null
          && isAnnotated(method, "PreDestroy")) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /**
   * True if objects of {@code clazz} have an end: it declares or inherits a no-argument {@code
   * close()}, {@code stop()}, {@code shutdown()} or {@code dispose()}, has a {@code @PreDestroy}
   * method, or is {@link AutoCloseable}.
   */
  public static boolean hasEnd(ClassTree clazz, VisitorState state) {
    return endName(clazz, state).isPresent();
  }

  /**
   * How that end is called, for messages: the declared end method ({@link #endMethod}), else an
   * inherited one ({@code dispose()} of a superclass), else {@code close()} of an {@link
   * AutoCloseable}.
   */
  public static Optional<String> endName(ClassTree clazz, VisitorState state) {
    Optional<MethodTree> declared = endMethod(clazz);
    if (declared.isPresent()) {
      return Optional.of(declared.get().getName() + "()");
    }
    Symbol.ClassSymbol symbol = ASTHelpers.getSymbol(clazz);
    for (Type type : state.getTypes().closure(symbol.type)) {
      for (String name : END_NAMES) {
        for (Symbol member : type.tsym.members().getSymbolsByName(state.getName(name))) {
          if (member instanceof Symbol.MethodSymbol method
              && method.params().isEmpty()
              && !method.isStatic()) {
            return Optional.of(name + "()");
          }
        }
      }
    }
    return TypeNames.isSubtype(symbol.type, state, "java.lang.AutoCloseable")
        ? Optional.of("close()")
        : Optional.empty();
  }

  /**
   * True if the code at {@code path}, inside {@code method} (null for an initializer or a field's
   * initializer), runs once per object or once per program: a constructor, an initializer, {@code
   * main(String[])}, a method that starts or initialises the object by its name ({@code start},
   * {@code init}, {@code doStart}, {@code onStart}, {@code @PostConstruct}, ..), code guarded by a
   * test of a field or a {@code compareAndSet} (the "only the first call acts" idiom), or a
   * private method called only from such code. Any other method may run many times.
   */
  public static boolean runsOnce(
      TreePath path, MethodTree method, VisitorState state, UnitFacts facts) {
    return runsOnce(path, method, state, facts, 0);
  }

  private static boolean runsOnce(
      TreePath path, MethodTree method, VisitorState state, UnitFacts facts, int depth) {
    if (method == null) {
      return true;
    }
    Symbol.MethodSymbol symbol = ASTHelpers.getSymbol(method);
    if (symbol.isConstructor() || isMain(symbol) || startsTheObject(method)) {
      return true;
    }
    if (path != null && isGuarded(path, method)) {
      return true;
    }
    return depth < 2
        && symbol.getModifiers().contains(Modifier.PRIVATE)
        && calledOnlyOnce(symbol, state, facts, depth);
  }

  private static boolean isMain(Symbol.MethodSymbol symbol) {
    return symbol.isStatic()
        && symbol.getSimpleName().contentEquals("main")
        && symbol.params().size() == 1;
  }

  /** {@code start()}, {@code startUp()}, {@code init()}, {@code initialize()}, {@code doStart()}, .. */
  private static boolean startsTheObject(MethodTree method) {
    String name = method.getName().toString();
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("start")
        || lower.startsWith("init")
        || name.endsWith("Start")
        || name.endsWith("Init")
        || name.equals("open")
        || name.equals("activate")
        || name.equals("afterPropertiesSet")
        || isAnnotated(method, "PostConstruct");
  }

  /**
   * True if an enclosing {@code if} of the method tests a field or a once-only state, or an
   * earlier statement of the method's body leaves when such a test holds ({@code if (started)
   * return;}, {@code checkState(!started)}).
   */
  private static boolean isGuarded(TreePath path, MethodTree method) {
    Tree child = path.getLeaf();
    Tree topStatement = null;
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf == method) {
        break;
      }
      if (leaf instanceof IfTree ifTree && ifTree.getCondition() != child && testsOnceState(ifTree.getCondition())) {
        return true;
      }
      if (leaf == method.getBody()) {
        topStatement = child;
      }
      child = leaf;
    }
    if (topStatement == null || method.getBody() == null) {
      return false;
    }
    for (StatementTree statement : method.getBody().getStatements()) {
      if (statement == topStatement) {
        return false;
      }
      if (statement instanceof IfTree ifTree
          && testsOnceState(ifTree.getCondition())
          && leaves(ifTree.getThenStatement())) {
        return true;
      }
      if (statement instanceof com.sun.source.tree.ExpressionStatementTree expression
          && expression.getExpression() instanceof MethodInvocationTree call
          && ONCE_TESTS.contains(ASTHelpers.getSymbol(call).getSimpleName().toString())
          && testsOnceState(call)) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code condition} reads a field or calls {@code compareAndSet} and the like. */
  private static boolean testsOnceState(ExpressionTree condition) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = ASTHelpers.getSymbol(identifier);
        found[0] |= symbol != null && symbol.getKind() == ElementKind.FIELD
            && !isConstant(symbol);
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        Symbol symbol = ASTHelpers.getSymbol(select);
        found[0] |= symbol != null && symbol.getKind() == ElementKind.FIELD
            && !isConstant(symbol);
        return super.visitMemberSelect(select, null);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        found[0] |= ONCE_TESTS.contains(ASTHelpers.getSymbol(call).getSimpleName().toString());
        return super.visitMethodInvocation(call, null);
      }
    }.scan(condition, null);
    return found[0];
  }

  private static boolean isConstant(Symbol field) {
    return field.isStatic() && field.getModifiers().contains(Modifier.FINAL);
  }

  /** True if {@code statement} always ends in a {@code return} or {@code throw}. */
  private static boolean leaves(StatementTree statement) {
    StatementTree last = statement;
    while (last instanceof BlockTree block && !block.getStatements().isEmpty()) {
      last = block.getStatements().get(block.getStatements().size() - 1);
    }
    return last != null
        && (last.getKind() == Tree.Kind.RETURN || last.getKind() == Tree.Kind.THROW);
  }

  /** True if every call of the private method {@code symbol} in the file runs once. */
  private static boolean calledOnlyOnce(
      Symbol.MethodSymbol symbol, VisitorState state, UnitFacts facts, int depth) {
    Tree declaration = facts.declaration(symbol);
    TreePath classPath = declaration == null ? null : facts.methodPath(declaration);
    if (classPath == null) {
      return false;
    }
    while (classPath != null && !(classPath.getLeaf() instanceof ClassTree)) {
      classPath = classPath.getParentPath();
    }
    if (classPath == null) {
      return false;
    }
    List<TreePath> calls = LocalTrees.callsOf(classPath, symbol);
    if (calls.isEmpty()) {
      return false;
    }
    for (TreePath callPath : calls) {
      if (!runsOnce(
          callPath,
          ASTHelpers.findEnclosingNode(callPath, MethodTree.class),
          state,
          facts,
          depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAnnotated(MethodTree method, String simpleName) {
    for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
      Tree type = annotation.getAnnotationType();
      String name =
          type instanceof MemberSelectTree select
              ? select.getIdentifier().toString()
              : type.toString();
      if (name.equals(simpleName)) {
        return true;
      }
    }
    return false;
  }
}
