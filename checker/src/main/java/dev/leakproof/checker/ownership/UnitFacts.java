package dev.leakproof.checker.ownership;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import dev.leakproof.checker.util.UnitCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;

/**
 * Facts about one compilation unit that the executor and timer analysis looks up again and again:
 * where each local variable and field is used and assigned, where each variable and method of
 * the unit is declared. Built
 * lazily by one scan of the unit, so that judging every creation and every field of a file costs
 * one pass over it instead of one pass per candidate.
 *
 * <p>An instance belongs to one compilation unit and is only valid while that unit is analysed;
 * the checks share the one of the unit being analysed (see {@link #of}).
 */
public final class UnitFacts {
  private final CompilationUnitTree unit;
  // Everything is allocated on first need: most units never need any of it.
  private boolean scanned;
  private Map<Symbol, List<TreePath>> uses;
  private Map<Symbol, List<TreePath>> assignments;
  private Map<Symbol, Tree> declarations;
  private Map<Tree, TreePath> methodPaths;
  private Map<Tree, List<StatementTree>> statementArrays;
  private Map<Tree, Map<Symbol, Integer>> declarationIndexes;
  private Map<Tree, Map<Tree, Integer>> statementIndexes;

  private UnitFacts(CompilationUnitTree unit) {
    this.unit = unit;
  }

  /** The facts of the compilation unit being analysed, new (and empty) when it is first asked. */
  public static UnitFacts of(VisitorState state) {
    CompilationUnitTree unit = state.getPath().getCompilationUnit();
    return UnitCache.get(state, "UnitFacts", null, () -> new UnitFacts(unit));
  }

  private void scan() {
    if (scanned) {
      return;
    }
    scanned = true;
    uses = new HashMap<>();
    assignments = new HashMap<>();
    declarations = new HashMap<>();
    methodPaths = new IdentityHashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        addUse(identifier);
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        addUse(select);
        return super.visitMemberSelect(select, null);
      }

      private void addUse(Tree tree) {
        Symbol symbol = ASTHelpers.getSymbol(tree);
        // A variable of primitive type never holds an executor or timer: not worth indexing.
        if (symbol instanceof Symbol.VarSymbol
            && (symbol.type == null || !symbol.type.isPrimitive())
            && (symbol.getKind() == ElementKind.LOCAL_VARIABLE
                || symbol.getKind() == ElementKind.FIELD)) {
          uses.computeIfAbsent(symbol, s -> new ArrayList<>()).add(getCurrentPath());
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        Symbol target = ASTHelpers.getSymbol(assignment.getVariable());
        Tree stripped = Uses.strip(assignment.getVariable());
        Symbol strippedTarget =
            stripped instanceof IdentifierTree || stripped instanceof MemberSelectTree
                ? ASTHelpers.getSymbol(stripped)
                : null;
        if (target != null) {
          assignments.computeIfAbsent(target, s -> new ArrayList<>()).add(getCurrentPath());
        }
        if (strippedTarget != null && strippedTarget != target) {
          assignments.computeIfAbsent(strippedTarget, s -> new ArrayList<>()).add(getCurrentPath());
        }
        return super.visitAssignment(assignment, null);
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        declarations.put(ASTHelpers.getSymbol(variable), variable);
        return super.visitVariable(variable, null);
      }

      @Override
      public Void visitMethod(MethodTree method, Void unused) {
        declarations.put(ASTHelpers.getSymbol(method), method);
        methodPaths.put(method, getCurrentPath());
        return super.visitMethod(method, null);
      }

    }.scan(unit, null);
  }

  /**
   * Every identifier and field access naming {@code variable} (a local variable or a field), in
   * the order of a tree scan of the unit.
   */
  public List<TreePath> uses(Symbol variable) {
    scan();
    return uses.getOrDefault(variable, List.of());
  }

  /**
   * Every assignment whose target names {@code variable} (with or without parentheses), in the
   * order of a tree scan of the unit. Callers check the target themselves.
   */
  public List<TreePath> assignments(Symbol variable) {
    scan();
    return assignments.getOrDefault(variable, List.of());
  }

  /** The declaration of the variable or method {@code symbol} in this unit, or null. */
  public Tree declaration(Symbol symbol) {
    scan();
    return declarations.get(symbol);
  }

  /** The path of a method declared in this unit, or null. */
  public TreePath methodPath(Tree method) {
    scan();
    return methodPaths.get(method);
  }

  /**
   * The statement list {@code statements} of {@code owner} (a block or a case) as an array list,
   * copied once: javac's {@code List} is linked, so indexing or slicing it is not O(1).
   */
  public List<StatementTree> statementArray(Tree owner, List<? extends StatementTree> statements) {
    if (statementArrays == null) {
      statementArrays = new IdentityHashMap<>();
    }
    return statementArrays.computeIfAbsent(owner, o -> new ArrayList<>(statements));
  }

  /**
   * For the statement list {@code statements} of {@code owner}: the position of each local
   * variable declared directly in it (the first one, if a symbol were declared twice).
   */
  public Map<Symbol, Integer> declarationIndex(Tree owner, List<? extends StatementTree> statements) {
    if (declarationIndexes == null) {
      declarationIndexes = new IdentityHashMap<>();
    }
    return declarationIndexes.computeIfAbsent(
        owner,
        o -> {
          Map<Symbol, Integer> index = new HashMap<>();
          int i = 0;
          for (StatementTree statement : statements) {
            if (statement instanceof VariableTree v) {
              index.putIfAbsent(ASTHelpers.getSymbol(v), i);
            }
            i++;
          }
          return index;
        });
  }

  /**
   * The position, in the statement list {@code statements} of {@code owner} (a block or a case),
   * of the last statement that contains one of {@code paths} (-1 if none does).
   */
  public int lastStatementContaining(
      Tree owner, List<? extends StatementTree> statements, List<TreePath> paths) {
    Map<Tree, Integer> index = statementIndex(owner, statements);
    int last = -1;
    for (TreePath path : paths) {
      Tree child = null;
      for (TreePath p = path; p != null; p = p.getParentPath()) {
        if (p.getLeaf() == owner) {
          Integer position = child == null ? null : index.get(child);
          if (position != null) {
            last = Math.max(last, position);
          }
          break;
        }
        child = p.getLeaf();
      }
    }
    return last;
  }

  /**
   * For the statement list {@code statements} of {@code owner} (a block or a case): the position
   * of each statement in it, by identity.
   */
  public Map<Tree, Integer> statementIndex(Tree owner, List<? extends StatementTree> statements) {
    if (statementIndexes == null) {
      statementIndexes = new IdentityHashMap<>();
    }
    return statementIndexes.computeIfAbsent(
        owner,
        o -> {
          Map<Tree, Integer> positions = new IdentityHashMap<>();
          int i = 0;
          for (StatementTree statement : statements) {
            positions.put(statement, i++);
          }
          return positions;
        });
  }
}
