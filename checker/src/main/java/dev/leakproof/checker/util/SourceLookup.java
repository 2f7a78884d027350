package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.tree.JCTree.JCClassDecl;
import com.sun.tools.javac.tree.JCTree.JCMethodDecl;
import com.sun.tools.javac.tree.JCTree.JCVariableDecl;
import com.sun.tools.javac.util.Context;
import java.util.HashMap;
import java.util.Map;
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
    ClassSymbol top;
    try {
      top = symbol == null ? null : symbol.outermostClass();
    } catch (RuntimeException e) {
      return null; // a symbol without an owner chain
    }
    return top == null ? null : declarations(top, state).get(symbol);
  }

  /** Indexes of attributed classes, kept for the whole compilation (one per javac context). */
  private static final Context.Key<Map<ClassSymbol, Map<Symbol, TreePath>>> INDEXES =
      new Context.Key<>();

  /**
   * Every declaration inside the top-level class {@code top}, by symbol. javac finds one
   * declaration by scanning its class, so asking it per symbol costs a scan per question; this
   * scans each class once. Under Error Prone's compile policy every class is attributed before any
   * is analysed and none is lowered until all are, so an attributed class's index holds for the
   * whole compilation; a class not yet attributed (other policies) is indexed per unit.
   */
  private static Map<Symbol, TreePath> declarations(ClassSymbol top, VisitorState state) {
    if ((top.flags() & Flags.UNATTRIBUTED) != 0) {
      return UnitCache.get(state, "declarations", top, () -> index(top, state));
    }
    Map<ClassSymbol, Map<Symbol, TreePath>> indexes = state.context.get(INDEXES);
    if (indexes == null) {
      indexes = new HashMap<>();
      state.context.put(INDEXES, indexes);
    }
    Map<Symbol, TreePath> index = indexes.get(top);
    if (index == null) {
      index = index(top, state);
      indexes.put(top, index);
    }
    return index;
  }

  private static Map<Symbol, TreePath> index(ClassSymbol top, VisitorState state) {
    Map<Symbol, TreePath> index = new HashMap<>();
    TreePath root;
    try {
      root = JavacTrees.instance(state.context).getPath(top);
    } catch (RuntimeException e) {
      return index;
    }
    if (root == null) {
      return index;
    }
    index.put(top, root);
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        Symbol declared =
            tree instanceof JCMethodDecl m ? m.sym
                : tree instanceof JCClassDecl c ? c.sym
                : tree instanceof JCVariableDecl v ? v.sym
                : null;
        if (declared != null) {
          index.putIfAbsent(declared, new TreePath(getCurrentPath(), tree));
        }
        return super.scan(tree, unused);
      }
    }.scan(root, null);
    return index;
  }
}
