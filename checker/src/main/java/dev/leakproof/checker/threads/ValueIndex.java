package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.flow.Flow;
import dev.leakproof.checker.util.LocalTrees;
import dev.leakproof.checker.util.CompilationCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * The values given to each variable in a scope (a method body or a whole file): initializers and
 * assignments other than {@code null}, indexed once per scope for the whole compilation, so that
 * resolving "the one value a variable holds" for every {@code start()} or {@code submit(..)} does
 * not rescan the scope.
 */
final class ValueIndex {
  private ValueIndex() {}

  /** The non-null values {@code variable} is given in {@code scope}. */
  static List<ExpressionTree> values(Symbol variable, Tree scope, VisitorState state) {
    Map<Symbol, List<ExpressionTree>> values =
        CompilationCache.get(state, "ValueIndex", scope, () -> scan(scope));
    return values.getOrDefault(variable, List.of());
  }

  /**
   * The one value a variable ever holds: its initializer when it is never assigned, or its only
   * assignment when it has no initializer (assignments of {@code null} do not count); null
   * otherwise.
   */
  @Nullable
  static ExpressionTree singleValue(VarSymbol variable, TreePath path, VisitorState state) {
    List<Tree> scopes = new ArrayList<>();
    if (variable.getKind() == ElementKind.LOCAL_VARIABLE) {
      scopes.add(Flow.enclosingBody(path));
    } else if (variable.getKind() == ElementKind.FIELD) {
      scopes.addAll(FieldWrites.units(variable, state)); // a field of another file: look there too
    } else {
      return null; // a parameter: its value comes from the callers
    }
    List<ExpressionTree> values = new ArrayList<>();
    for (Tree scope : scopes) {
      if (scope == null) {
        return null;
      }
      // Thread worker = null; and worker = null on stop() hold no thread
      values.addAll(values(variable, scope, state));
    }
    return values.size() == 1 ? values.get(0) : null;
  }

  private static Map<Symbol, List<ExpressionTree>> scan(Tree scope) {
    Map<Symbol, List<ExpressionTree>> values = new HashMap<>();
    for (Tree tree : LocalTrees.findAll(scope, Tree.class,
        t -> t instanceof VariableTree || t instanceof AssignmentTree)) {
      Symbol symbol =
          ASTHelpers.getSymbol(tree instanceof AssignmentTree a ? a.getVariable() : tree);
      ExpressionTree value = tree instanceof AssignmentTree a
          ? a.getExpression() : ((VariableTree) tree).getInitializer();
      if (symbol != null && value != null && value.getKind() != Tree.Kind.NULL_LITERAL) {
        values.computeIfAbsent(symbol, k -> new ArrayList<>()).add(value);
      }
    }
    return values;
  }
}
