package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol;
import org.jspecify.annotations.Nullable;

/**
 * Where a symbol is declared in the code being compiled: the tree of a method, class or variable
 * declared in source, or null when it comes from a library (we never guess about code we cannot see).
 */
public final class SourceLookup {
  private SourceLookup() {}

  @Nullable
  public static MethodTree method(MethodSymbol symbol, VisitorState state) {
    return as(lookup(symbol, state), MethodTree.class);
  }

  @Nullable
  public static ClassTree classTree(ClassSymbol symbol, VisitorState state) {
    return as(lookup(symbol, state), ClassTree.class);
  }

  @Nullable
  public static VariableTree variable(Symbol symbol, VisitorState state) {
    return as(lookup(symbol, state), VariableTree.class);
  }

  @Nullable
  private static Tree lookup(Symbol symbol, VisitorState state) {
    if (symbol == null) {
      return null;
    }
    try {
      return JavacTrees.instance(state.context).getTree(symbol);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Nullable
  private static <T extends Tree> T as(@Nullable Tree tree, Class<T> type) {
    return type.isInstance(tree) ? type.cast(tree) : null;
  }
}
