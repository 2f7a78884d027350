package dev.leakproof.checker.report;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.tree.JCTree.JCClassDecl;
import com.sun.tools.javac.tree.JCTree.JCMethodDecl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where a finding is, in the words of its baseline identity: the top-level class, the named member
 * inside it, and the flagged code. Lambdas and anonymous classes have no stable name, so a finding
 * inside one belongs to the named member around it.
 */
record FlaggedCode(String className, String member, String code) {

  /** The identity of the finding at {@code tree}, or null for code it cannot place. */
  static @Nullable FlaggedCode of(Tree tree, VisitorState state) {
    // Search below the matcher's own node first (usually the flagged tree or its ancestor): a
    // search from the unit's root per finding is quadratic in a file with many findings.
    TreePath path = TreePath.getPath(state.getPath(), tree);
    if (path == null) {
      CompilationUnitTree unit = state.getPath().getCompilationUnit();
      path = TreePath.getPath(unit, tree);
    }
    if (path == null) {
      path = state.getPath();
    }
    Deque<String> members = new ArrayDeque<>();
    String className = null;
    for (TreePath p = path; p != null && className == null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      Tree parent = p.getParentPath() == null ? null : p.getParentPath().getLeaf();
      if (leaf instanceof ClassTree cls) {
        if (parent instanceof CompilationUnitTree) {
          ClassSymbol symbol = ((JCClassDecl) cls).sym;
          className = symbol == null ? cls.getSimpleName().toString() : symbol.getQualifiedName().toString();
        } else if (!cls.getSimpleName().isEmpty()) {
          members.addFirst(cls.getSimpleName().toString());
        }
      } else if (leaf instanceof MethodTree method) {
        members.addFirst(signature(method, state));
      } else if (leaf instanceof VariableTree field && parent instanceof ClassTree) {
        members.addFirst(field.getName().toString());
      } else if (leaf instanceof BlockTree block && parent instanceof ClassTree) {
        members.addFirst(block.isStatic() ? "<clinit>" : "<init>");
      }
    }
    if (className == null) {
      return null;
    }
    String member = members.isEmpty() ? "<class>" : String.join(".", members);
    int start = ASTHelpers.getStartPosition(tree);
    int end = state.getEndPosition(tree);
    CharSequence source = state.getSourceCode();
    String code = source == null || start < 0 || end <= start || end > source.length()
        ? ""
        : CodeText.normalise(source.subSequence(start, end), BaselineEntry.MAX_CODE);
    return new FlaggedCode(className, member, code);
  }

  /** {@code name(Type,Type)} with erased, unqualified parameter types: readable, overload-safe. */
  private static String signature(MethodTree method, VisitorState state) {
    MethodSymbol symbol = ((JCMethodDecl) method).sym;
    String params = symbol == null
        ? method.getParameters().stream()
            .map(p -> unqualified(p.getType().toString().replaceAll("<.*>", "")))
            .collect(Collectors.joining(","))
        : symbol.getParameters().stream()
            .map(p -> unqualified(state.getTypes().erasure(p.type).toString()))
            .collect(Collectors.joining(","));
    return method.getName() + "(" + params + ")";
  }

  private static String unqualified(String type) {
    return type.replaceAll("@[\\w.$]+(\\([^)]*\\))?", "")
        .replaceAll("(?:[\\w$]+\\.)+", "")
        .replace("...", "[]")
        .replaceAll("\\s+", "");
  }
}
