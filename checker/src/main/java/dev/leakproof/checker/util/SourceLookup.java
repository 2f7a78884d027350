package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.tree.JCTree.JCClassDecl;
import com.sun.tools.javac.tree.JCTree.JCMethodDecl;
import com.sun.tools.javac.tree.JCTree.JCVariableDecl;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.tools.JavaFileObject;
import org.jspecify.annotations.Nullable;

/**
 * Where a symbol is declared in the code being compiled: the tree (or path) of a method, class or
 * variable declared in source, or null when it comes from a library (we never guess about code we
 * cannot see).
 */
public final class SourceLookup {
  private SourceLookup() {}

  @Nullable
  public static MethodTree method(MethodSymbol symbol, VisitorState state) {
    return declaration(symbol, MethodTree.class, state);
  }

  @Nullable
  public static ClassTree classTree(ClassSymbol symbol, VisitorState state) {
    return declaration(symbol, ClassTree.class, state);
  }

  /** The declaration of {@code symbol} when it is a {@code kind} (a method, class or variable). */
  @Nullable
  public static <T extends Tree> T declaration(
      @Nullable Symbol symbol, Class<T> kind, VisitorState state) {
    TreePath path = path(symbol, state);
    Tree tree = path == null ? null : path.getLeaf();
    return kind.isInstance(tree) ? kind.cast(tree) : null;
  }

  /**
   * The declaration (class, method or variable) of {@code symbol} if it is in the file being
   * analysed (a declaration in another file, even of the same compilation, is not looked at).
   */
  @Nullable
  public static Tree inThisFile(@Nullable Symbol symbol, VisitorState state) {
    Symbol.ClassSymbol owner = symbol == null ? null : symbol.enclClass();
    if (owner == null
        || owner.sourcefile == null
        || state.getPath() == null
        || owner.sourcefile != state.getPath().getCompilationUnit().getSourceFile()) {
      return null;
    }
    return declaration(symbol, Tree.class, state);
  }

  /** The path of {@code symbol}'s declaration in the code being compiled, or null. */
  @Nullable
  public static TreePath path(@Nullable Symbol symbol, VisitorState state) {
    ClassSymbol top = compiledTopClass(symbol);
    if (top == null) {
      return null; // read from a class file: a library (most calls a body makes go to one)
    }
    return declarations(top, state).path(symbol);
  }

  /**
   * The parameter of the method or constructor that {@code callOrNew} calls which receives {@code
   * argument} (one of its arguments), or null; also null for an argument that lands in a varargs
   * array.
   */
  @Nullable
  public static VarSymbol parameterReceiving(ExpressionTree callOrNew, Tree argument) {
    List<? extends ExpressionTree> arguments =
        callOrNew instanceof MethodInvocationTree call
            ? call.getArguments()
            : callOrNew instanceof NewClassTree creation ? creation.getArguments() : List.of();
    int index = arguments.indexOf(argument);
    if (index < 0 || !(ASTHelpers.getSymbol(callOrNew) instanceof MethodSymbol method)) {
      return null;
    }
    List<VarSymbol> parameters = method.getParameters();
    int fixed = method.isVarArgs() ? parameters.size() - 1 : parameters.size();
    return index < fixed ? parameters.get(index) : null;
  }

  /**
   * The compile-time constant {@code expression} is, or that a local variable which is never
   * reassigned holds from its declaration ({@code int core = 0; new ThreadPoolExecutor(core, ..)});
   * otherwise null.
   */
  @Nullable
  public static Object constantValue(ExpressionTree expression, VisitorState state) {
    Object value = ASTHelpers.constValue(expression);
    if (value != null
        || !(ASTHelpers.getSymbol(ASTHelpers.stripParentheses(expression)) instanceof VarSymbol local)
        || local.getKind() != ElementKind.LOCAL_VARIABLE
        || (local.flags() & (Flags.FINAL | Flags.EFFECTIVELY_FINAL)) == 0) {
      return value;
    }
    VariableTree declaration = declaration(local, VariableTree.class, state);
    return declaration == null || declaration.getInitializer() == null
        ? null
        : ASTHelpers.constValue(declaration.getInitializer());
  }

  /** Whether {@code symbol} is declared in the code being compiled, not read from a class file. */
  public static boolean isInCompilation(@Nullable Symbol symbol) {
    return compiledTopClass(symbol) != null;
  }

  /** The top-level class around {@code symbol} if it is compiled from source, else null. */
  @Nullable
  private static ClassSymbol compiledTopClass(@Nullable Symbol symbol) {
    ClassSymbol top;
    try {
      top = symbol == null ? null : symbol.outermostClass();
    } catch (RuntimeException e) {
      return null; // a symbol without an owner chain
    }
    return top != null
            && top.classfile != null
            && top.classfile.getKind() == JavaFileObject.Kind.SOURCE
        ? top
        : null;
  }

  /**
   * The declarations inside the top-level class {@code top}. javac finds one declaration by
   * scanning its class, so asking it per symbol costs a scan per question; this scans each class
   * once. Under Error Prone's compile policy every class is attributed before any is analysed and
   * none is lowered until all are, so an attributed class's index holds for the whole compilation;
   * a class not yet attributed (other policies) is indexed per unit.
   */
  private static Index declarations(ClassSymbol top, VisitorState state) {
    if ((top.flags() & Flags.UNATTRIBUTED) != 0) {
      return UnitCache.get(state, "declarations", top, () -> new Index(top, state));
    }
    return CompilationCache.get(state, "declarations", top, () -> new Index(top, state));
  }

  /**
   * Declarations by symbol: at first the classes and their members (methods, fields, member
   * classes), which is what most questions are about; the code inside one member (its locals,
   * parameters, local and anonymous classes) is indexed the first time a symbol owned by it is
   * asked for, since method bodies are most of a class's trees.
   */
  private static final class Index {
    private final Map<Symbol, TreePath> paths = new HashMap<>();
    private final Set<Tree> scanned = new HashSet<>();

    Index(ClassSymbol top, VisitorState state) {
      TreePath root;
      try {
        root = JavacTrees.instance(state.context).getPath(top);
      } catch (RuntimeException e) {
        return;
      }
      if (root != null && root.getLeaf() instanceof ClassTree) {
        addClass(root);
      }
    }

    private void addClass(TreePath classPath) {
      put(classPath);
      for (Tree member : ((ClassTree) classPath.getLeaf()).getMembers()) {
        TreePath memberPath = new TreePath(classPath, member);
        if (member instanceof ClassTree) {
          addClass(memberPath);
        } else {
          put(memberPath);
        }
      }
    }

    private void put(TreePath path) {
      Symbol declared = declared(path.getLeaf());
      if (declared != null) {
        paths.putIfAbsent(declared, path);
      }
    }

    @Nullable
    TreePath path(Symbol symbol) {
      TreePath path = paths.get(symbol);
      if (path != null || paths.isEmpty()) { // empty: a class of a library
        return path;
      }
      // Inside a member: index the code of the nearest owner that is indexed, then look again.
      for (Symbol owner = symbol.owner; owner != null; owner = owner.owner) {
        TreePath ownerPath = paths.get(owner);
        if (ownerPath == null) {
          continue;
        }
        if (ownerPath.getLeaf() instanceof ClassTree classTree) {
          // a field initialiser or an initialiser block: index the class's code outside methods
          for (Tree member : classTree.getMembers()) {
            if (!(member instanceof ClassTree) && !(member instanceof MethodTree)) {
              scanInside(new TreePath(ownerPath, member));
            }
          }
        } else {
          scanInside(ownerPath);
        }
        return paths.get(symbol);
      }
      return null;
    }

    private void scanInside(TreePath member) {
      if (!scanned.add(member.getLeaf())) {
        return;
      }
      new TreePathScanner<Void, Void>() {
        @Override
        public Void scan(Tree tree, Void unused) {
          if (tree != null && declared(tree) != null) {
            put(new TreePath(getCurrentPath(), tree));
          }
          return super.scan(tree, unused);
        }
      }.scan(member, null);
    }

    @Nullable
    private static Symbol declared(Tree tree) {
      return tree instanceof JCMethodDecl m ? m.sym
          : tree instanceof JCClassDecl c ? c.sym
          : tree instanceof JCVariableDecl v ? v.sym
          : null;
    }
  }
}
