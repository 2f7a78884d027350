package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
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
    Tree tree;
    try {
      tree = symbol == null ? null : JavacTrees.instance(state.context).getTree(symbol);
    } catch (RuntimeException e) {
      return null;
    }
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
    try {
      return symbol == null ? null : JavacTrees.instance(state.context).getPath(symbol);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
