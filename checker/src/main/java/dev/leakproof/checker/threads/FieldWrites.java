package dev.leakproof.checker.threads;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.SourceLookup;
import dev.leakproof.checker.util.CompilationCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * Where fields are written: every assignment ({@code =}, {@code op=}, {@code ++}/{@code --}) and
 * every call on a field ({@code stopped.set(true)}), with the method or lambda it runs in, indexed
 * once per compilation unit for the whole compilation. Looks in the unit being checked and in the
 * one declaring the field.
 */
final class FieldWrites {
  private static final Object UNKNOWN = new Object();

  /**
   * A write of a field: {@code tree} is the assignment or the call on the field ({@code call} set);
   * {@code body} is the method or lambda it runs in and {@code method} the method around it (null
   * in a field initializer); {@code value} is the boolean literal assigned, else null.
   */
  record Write(
      Tree tree,
      TreePath path,
      @Nullable Tree body,
      @Nullable MethodTree method,
      @Nullable Boolean value,
      @Nullable MethodInvocationTree call) {
    /** Whether it runs while the object is built: in a constructor or an initializer. */
    boolean inConstruction() {
      if (method == null) {
        return true;
      }
      return ASTHelpers.getSymbol(method).isConstructor();
    }

    int position() {
      return ASTHelpers.getStartPosition(tree);
    }
  }

  private FieldWrites() {}

  /** The writes of {@code field} (assignments and calls on it) in the units that can see it. */
  static List<Write> of(VarSymbol field, VisitorState state) {
    List<Write> writes = new ArrayList<>();
    for (CompilationUnitTree unit : units(field, state)) {
      Map<Symbol, List<Write>> index =
          CompilationCache.get(state, "FieldWrites.index", unit, () -> index(unit));
      writes.addAll(index.getOrDefault(field, List.of()));
    }
    return writes;
  }

  /** The unit being checked and, when it is another one, the unit that declares {@code symbol}. */
  private static Set<CompilationUnitTree> units(Symbol symbol, VisitorState state) {
    Set<CompilationUnitTree> units = new LinkedHashSet<>();
    units.add(state.getPath().getCompilationUnit());
    TreePath declared = SourceLookup.path(symbol, state);
    if (declared != null) {
      units.add(declared.getCompilationUnit());
    }
    return units;
  }

  private static Map<Symbol, List<Write>> index(CompilationUnitTree unit) {
    Map<Symbol, List<Write>> index = new HashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        add(node.getVariable(), literal(node.getExpression()), null);
        return super.visitAssignment(node, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        add(node.getVariable(), null, null);
        return super.visitCompoundAssignment(node, unused);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void unused) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
              add(node.getExpression(), null, null);
          default -> {}
        }
        return super.visitUnary(node, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        ExpressionTree receiver = ASTHelpers.getReceiver(node);
        if (receiver != null) {
          add(ASTHelpers.stripParentheses(receiver), null, node);
        }
        return super.visitMethodInvocation(node, unused);
      }

      private void add(ExpressionTree target, @Nullable Boolean value, @Nullable MethodInvocationTree call) {
        Symbol symbol = ASTHelpers.getSymbol(target);
        if (!(symbol instanceof VarSymbol) || symbol.getKind() != ElementKind.FIELD) {
          return;
        }
        TreePath path = getCurrentPath();
        Tree body = null;
        MethodTree method = null;
        for (TreePath p = path; p != null; p = p.getParentPath()) {
          Tree leaf = p.getLeaf();
          if (body == null && (leaf instanceof LambdaExpressionTree || leaf instanceof MethodTree)) {
            body = leaf;
          }
          if (leaf instanceof MethodTree m) {
            method = m;
            break;
          }
          if (leaf instanceof ClassTree || leaf instanceof VariableTree v && isField(v)) {
            break; // a field initializer or initializer block: no method
          }
        }
        index.computeIfAbsent(symbol, k -> new ArrayList<>())
            .add(new Write(call != null ? call : path.getLeaf(), path, body, method, value, call));
      }
    }.scan(unit, null);
    return index;
  }

  private static boolean isField(VariableTree variable) {
    return ASTHelpers.getSymbol(variable).getKind() == ElementKind.FIELD;
  }

  /** The value of a {@code true} or {@code false} literal (in parentheses or not), else null. */
  @Nullable
  static Boolean literal(ExpressionTree value) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(value);
    return stripped instanceof LiteralTree literal && literal.getValue() instanceof Boolean b ? b : null;
  }

  /**
   * The values a boolean field can hold, as far as this code shows: its initializer ({@code false}
   * when it has none) and every value assigned to it; {@code UNKNOWN} stands for a value that is not
   * a literal (or a field whose declaration is not in sight).
   */
  static Set<Object> booleanValues(VarSymbol field, VisitorState state) {
    Set<Object> values = new LinkedHashSet<>();
    TreePath declared = SourceLookup.path(field, state);
    if (!(declared != null && declared.getLeaf() instanceof VariableTree declaration)) {
      values.add(UNKNOWN);
      return values;
    }
    if (declaration.getInitializer() == null) {
      values.add(Boolean.FALSE);
    } else {
      Boolean initial = literal(declaration.getInitializer());
      values.add(initial == null ? UNKNOWN : initial);
    }
    for (Write write : of(field, state)) {
      if (write.call() == null) {
        values.add(write.value() == null ? UNKNOWN : write.value());
      }
    }
    return values;
  }

  /** Whether {@code values} (from {@link #booleanValues}) can hold {@code value}. */
  static boolean canHold(Set<Object> values, boolean value) {
    return values.contains(UNKNOWN) || values.contains(value);
  }
}
