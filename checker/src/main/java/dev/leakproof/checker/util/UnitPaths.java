package dev.leakproof.checker.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The path of a tree of a compilation unit, as {@link TreePath#getPath(CompilationUnitTree, Tree)}
 * gives it. That walks the file up to the tree, so a file with many candidates would be walked
 * once per candidate (quadratic in a long file); after a few walks in the file being checked, each
 * tree's parent is indexed once and paths are read from the index.
 */
public final class UnitPaths {
  /** Walks of one file before its index is built: most files ask for a path or two. */
  private static final int WALKS_BEFORE_INDEX = 4;

  private UnitPaths() {}

  /** What has been asked of the file being checked. */
  private static final class Asked {
    int walks;
    @Nullable Map<Tree, Tree> parents;
  }

  /** The path of {@code tree} in {@code unit}, or null when it is not there. */
  @Nullable
  public static TreePath of(CompilationUnitTree unit, Tree tree, VisitorState state) {
    if (state.getPath() == null || unit != state.getPath().getCompilationUnit()) {
      return TreePath.getPath(unit, tree); // another file: its trees are asked for rarely
    }
    Asked asked = UnitCache.get(state, "UnitPaths", null, Asked::new);
    if (asked.parents == null && asked.walks++ < WALKS_BEFORE_INDEX) {
      return TreePath.getPath(unit, tree);
    }
    if (asked.parents == null) {
      asked.parents = parents(unit);
    }
    Deque<Tree> down = new ArrayDeque<>();
    for (Tree t = tree; t != unit; t = asked.parents.get(t)) {
      if (t == null) {
        return null;
      }
      down.push(t);
    }
    TreePath path = new TreePath(unit);
    while (!down.isEmpty()) {
      path = new TreePath(path, down.pop());
    }
    return path;
  }

  /** The file being checked's path of {@code tree}. */
  @Nullable
  public static TreePath of(Tree tree, VisitorState state) {
    return of(state.getPath().getCompilationUnit(), tree, state);
  }

  /**
   * The paths of every call of {@code method} in {@code unit}, nested classes and lambdas included,
   * as {@link LocalTrees#callsOf} finds them; for the file being checked, from an index of its
   * calls built once (asked for each flag write or skip being judged, a file-wide scan each time
   * would be quadratic).
   */
  public static List<TreePath> callsOf(CompilationUnitTree unit, Symbol method, VisitorState state) {
    if (state.getPath() == null || unit != state.getPath().getCompilationUnit()) {
      return LocalTrees.callsOf(new TreePath(unit), method);
    }
    Map<Symbol, List<TreePath>> calls = UnitCache.get(state, "UnitPaths.calls", null, () -> {
      Map<Symbol, List<TreePath>> index = new HashMap<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          Symbol called = ASTHelpers.getSymbol(call);
          if (called != null) {
            index.computeIfAbsent(called, k -> new ArrayList<>()).add(getCurrentPath());
          }
          return super.visitMethodInvocation(call, null);
        }
      }.scan(unit, null);
      return index;
    });
    return calls.getOrDefault(method, List.of());
  }

  /** Each tree of {@code unit} with its parent; a tree met twice keeps the first, as getPath does. */
  private static Map<Tree, Tree> parents(CompilationUnitTree unit) {
    Map<Tree, Tree> parents = new IdentityHashMap<>();
    new TreeScanner<Void, Tree>() {
      @Override
      public Void scan(Tree tree, Tree parent) {
        if (tree != null && tree != unit && parents.putIfAbsent(tree, parent) == null) {
          tree.accept(this, tree);
        } else if (tree == unit) {
          tree.accept(this, tree);
        }
        return null;
      }
    }.scan(unit, null);
    return parents;
  }
}
