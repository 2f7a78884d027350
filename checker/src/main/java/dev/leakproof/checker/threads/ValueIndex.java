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
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.CompilationCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * The values given to a variable: initializers and assignments other than {@code null}, indexed
 * once per method body (for locals) for the whole compilation, so that resolving "the one value a
 * variable holds" for every {@code start()} or {@code submit(..)} does not rescan the method.
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
    List<ExpressionTree> values;
    if (variable.getKind() == ElementKind.LOCAL_VARIABLE) {
      Tree scope = outermostBody(path);
      values = scope == null ? List.of() : values(variable, scope, state);
    } else if (variable.getKind() == ElementKind.FIELD) {
      values = fieldValues(variable, state);
    } else {
      return null; // a parameter: its value comes from the callers
    }
    return values.size() == 1 ? values.get(0) : null;
  }

  /**
   * The code of the outermost method, lambda or initializer block around {@code path}, across
   * nested lambdas and classes; null outside such code (a field initializer). A local variable's
   * values all lie inside it, and one index of it serves every local below: indexing the innermost
   * body instead would rescan the inner levels once per level of nested lambdas.
   */
  @Nullable
  private static Tree outermostBody(TreePath path) {
    TreePath outermost = Flow.unitOf(path);
    for (TreePath p = outermost; p != null; p = p.getParentPath()) {
      if (Flow.isUnit(p)) {
        outermost = p;
      }
    }
    return outermost == null ? null : Flow.body(outermost.getLeaf());
  }

  /**
   * A field's initializer and the values assigned to it where {@link FieldWrites} looks (this unit
   * and the one declaring the field), which has indexed those units' writes already.
   */
  private static List<ExpressionTree> fieldValues(VarSymbol field, VisitorState state) {
    List<ExpressionTree> values = new ArrayList<>();
    VariableTree declaration = SourceLookup.declaration(field, VariableTree.class, state);
    if (declaration != null && notNull(declaration.getInitializer())) {
      values.add(declaration.getInitializer());
    }
    for (FieldWrites.Write write : FieldWrites.of(field, state)) {
      if (write.tree() instanceof AssignmentTree assignment && notNull(assignment.getExpression())) {
        values.add(assignment.getExpression());
      }
    }
    return values;
  }

  /** Thread worker = null; and worker = null on stop() hold no thread. */
  private static boolean notNull(@Nullable ExpressionTree value) {
    return value != null && value.getKind() != Tree.Kind.NULL_LITERAL;
  }

  private static Map<Symbol, List<ExpressionTree>> scan(Tree scope) {
    Map<Symbol, List<ExpressionTree>> values = new HashMap<>();
    for (Tree tree : LocalTrees.findAll(scope, Tree.class,
        t -> t instanceof VariableTree || t instanceof AssignmentTree)) {
      Symbol symbol =
          ASTHelpers.getSymbol(tree instanceof AssignmentTree a ? a.getVariable() : tree);
      ExpressionTree value = tree instanceof AssignmentTree a
          ? a.getExpression() : ((VariableTree) tree).getInitializer();
      if (symbol != null && notNull(value)) {
        values.computeIfAbsent(symbol, k -> new ArrayList<>()).add(value);
      }
    }
    return values;
  }
}
